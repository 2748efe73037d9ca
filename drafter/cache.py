"""Replies cached on disk by a hash of what was asked, so rerunning a draft costs nothing.

One JSON file per reply, ``<dir>/<key[:2]>/<key>.json``, written atomically; a damaged file is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path

from drafter.backends.base import Backend, SectionTask
from drafter.errors import DrafterError
from drafter.files import atomic_write_text


def reply_key(backend: str, model: str, messages: object, temperature: float | None) -> str:
    """The cache key of one request: SHA-256 of backend name, model, messages and temperature."""
    payload = json.dumps({"backend": backend, "model": model, "messages": messages, "temperature": temperature},
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ReplyCache:
    """Replies stored under ``directory`` by key (see :func:`reply_key`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The cached reply, or None when there is none (or its file is damaged)."""
        try:
            record = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        reply = record.get("reply") if isinstance(record, dict) else None
        return reply if isinstance(reply, str) else None

    def put(self, key: str, reply: str) -> None:
        """Store ``reply`` under ``key``, replacing the file whole."""
        path = self.path(key)
        try:
            atomic_write_text(path, json.dumps({"key": key, "reply": reply}, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise DrafterError(f"{path}: cannot write the reply cache ({exc.strerror}); "
                               f"make {self.directory} writable or remove it") from None


class CachedBackend:
    """A Backend that answers from ``cache`` when the same request was made before.

    The key covers the backend's name, its ``model`` and ``temperature`` when it has them (the
    offline composer has neither) and the task's messages — or, for a backend that writes from the
    structured task, every field of the task. Empty replies are not cached. ``hits`` and ``misses``
    count the answers given each way.
    """

    def __init__(self, backend: Backend, cache: ReplyCache) -> None:
        self.backend = backend
        self.cache = cache
        self.name = backend.name
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def key(self, task: SectionTask) -> str:
        asked = task.messages or {k: v for k, v in dataclasses.asdict(task).items() if k != "messages"}
        if task.attempt:  # a repair round asked the same question again: a new sample, cached apart
            asked = {"messages": asked, "attempt": task.attempt}
        return reply_key(self.name, getattr(self.backend, "model", ""), asked,
                         getattr(self.backend, "temperature", None))

    def write(self, task: SectionTask) -> str:
        key = self.key(task)
        cached = self.cache.get(key)
        if cached is not None:
            with self._lock:
                self.hits += 1
            return cached
        reply = self.backend.write(task)
        with self._lock:
            self.misses += 1
        if reply:
            self.cache.put(key, reply)
        return reply
