"""Passage vectors kept on disk by content hash, so a model embedder embeds each text once.

A vector is found by the hash of (embedder name, config, text) in ``.npz`` files: the user's cache
(``.drafter-cache/vectors/<embedder>.npz``, written after each index build) and the vectors of the
shipped corpus (``corpus/vectors/<embedder>.npz``, committed, so the first index of a fresh install
embeds nothing it ships). A changed text or embedder simply misses. Refresh the shipped file after
changing the corpus with ``python -m drafter.vectors``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from drafter.config import PACKAGE_HOME, Settings

SHIPPED = Path("corpus") / "vectors"


def is_cacheable(embedder: Any) -> bool:
    """Only deterministic local models are worth caching (hashing is cheaper than a look-up)."""
    return bool(getattr(embedder, "cacheable", False))


def _key(embedder: Any, text: str) -> str:
    identity = json.dumps([embedder.name, embedder.config], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()[:32]


def _read(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError):  # missing or unreadable: a cache, never an error
        return {}
    return {str(key): vector for key, vector in zip(keys, vectors, strict=True)}


class VectorCache:
    """Look-ups in the shipped and the user's vector files; new vectors are written to the user's."""

    def __init__(self, embedder: Any, user_file: Path, shipped_files: Sequence[Path] = ()) -> None:
        self.embedder, self.user_file = embedder, user_file
        self.known: dict[str, np.ndarray] = {}
        for path in (*shipped_files, user_file):
            self.known.update(_read(path))
        self.added: dict[str, np.ndarray] = {}

    @classmethod
    def for_settings(cls, settings: Settings, embedder: Any) -> VectorCache:
        name = f"{embedder.name}.npz"
        shipped = dict.fromkeys([settings.home / SHIPPED / name, PACKAGE_HOME / SHIPPED / name])
        return cls(embedder, settings.cache_dir / "vectors" / name, list(shipped))

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """The vectors of passages: cached ones looked up, the others embedded (and remembered)."""
        keys = [_key(self.embedder, text) for text in texts]
        missing = sorted({i for i, key in enumerate(keys) if key not in self.known and key not in self.added})
        if missing:
            fresh = self.embedder.embed([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self.added[keys[i]] = np.asarray(vector, dtype=np.float32)
        return [(self.known.get(key) if key in self.known else self.added[key]).tolist() for key in keys]

    def save(self) -> None:
        """Add the new vectors to the user's file (atomically: written aside, then renamed)."""
        if not self.added:
            return
        table = {**_read(self.user_file), **self.added}
        write_vectors(self.user_file, table)
        self.known.update(self.added)
        self.added = {}


def write_vectors(path: Path, table: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(table)
    vectors = np.stack([table[key] for key in keys]).astype(np.float32)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez_compressed(out, keys=np.array(keys, dtype="U32"), vectors=vectors)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main() -> int:
    """Write the vectors of the shipped corpus for the e5 embedder to corpus/vectors/e5.npz."""
    from drafter.config import load_settings
    from drafter.corpus import load_corpus
    from drafter.embed import E5Embedder
    from drafter.store import section_entries

    settings = load_settings()
    embedder = E5Embedder()
    texts = sorted({e.embed_text for d in load_corpus(settings) for e in section_entries(d)})
    cache = VectorCache(embedder, settings.cache_dir / "vectors" / "e5.npz",
                        [settings.home / SHIPPED / "e5.npz"])
    vectors = cache.embed(texts)
    cache.save()
    target = settings.home / SHIPPED / "e5.npz"
    write_vectors(target, {_key(embedder, t): np.asarray(v, dtype=np.float32) for t, v in zip(texts, vectors, strict=True)})
    print(f"{len(texts)} passage vectors written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
