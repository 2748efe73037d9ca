"""Replies cached on disk by a hash of what was asked and who answered, so rerunning a draft costs
nothing.

One JSON file per reply, ``<dir>/<key[:2]>/<key>.json``, written atomically; a damaged file is a miss.
Only complete, non-empty replies are stored: a reply cut off at the token limit, an empty one or an
error is never replayed on a rerun.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Mapping
from pathlib import Path

from drafter.backends.base import Backend, Reply, Round, SectionTask
from drafter.errors import DrafterError
from drafter.files import atomic_write_text


def reply_key(identity: Mapping[str, object], asked: object) -> str:
    """The cache key of one request: SHA-256 of the backend's identity (name, endpoint, model,
    temperature …) and what was asked (the messages, or the task's fields)."""
    payload = json.dumps({"identity": dict(identity), "asked": asked}, ensure_ascii=False, sort_keys=True,
                         default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ReplyCache:
    """Replies stored under ``directory`` by key (see :func:`reply_key`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Reply | None:
        """The cached reply, or None when there is none (or its file is damaged)."""
        try:
            record = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        reply = record.get("reply") if isinstance(record, dict) else None
        if not isinstance(reply, dict) or not isinstance(reply.get("text"), str):
            return None
        return dataclasses.replace(Reply.from_dict(reply), cached=True)

    def put(self, key: str, reply: Reply) -> None:
        """Store ``reply`` under ``key``, replacing the file whole."""
        path = self.path(key)
        try:
            atomic_write_text(path, json.dumps({"key": key, "reply": reply.to_dict() | {"cached": False}},
                                               ensure_ascii=False, indent=1))
        except OSError as exc:
            raise DrafterError(f"{path}: cannot write the reply cache ({exc.strerror}); "
                               f"make {self.directory} writable or remove it") from None


class CachedBackend:
    """A Backend that answers from ``cache`` when the same backend was asked the same before.

    The key covers the backend's ``identity`` (its name, endpoint, model and temperature) and the
    round's messages — or, for a backend that writes from the structured task, every field of the
    task. Only complete, non-empty replies are stored. ``hits`` and ``misses`` count the answers given
    each way.
    """

    def __init__(self, backend: Backend, cache: ReplyCache) -> None:
        self.backend = backend
        self.cache = cache
        self.name = backend.name
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    @property
    def identity(self) -> Mapping[str, object]:
        return self.backend.identity

    def key(self, task: SectionTask, round: Round) -> str:
        asked: object = list(round.messages) or dataclasses.asdict(task)
        if round.attempt:  # a repair round asked the same question again: a new sample, cached apart
            asked = {"messages": asked, "attempt": round.attempt}
        return reply_key(self.identity, asked)

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        round = round or Round()
        key = self.key(task, round)
        cached = self.cache.get(key)
        if cached is not None:
            with self._lock:
                self.hits += 1
            return cached
        reply = self.backend.write(task, round)
        with self._lock:
            self.misses += 1
        if reply.complete and reply.text.strip():
            self.cache.put(key, reply)
        return reply
