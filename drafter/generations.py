"""Where the local index lives, so that concurrent builds and readers never see a half-built index.

``vectorstore/`` holds generations: ``index-<stamp>-<pid>/`` (each a Chroma directory) and the file
``CURRENT`` naming the live one. A build takes the build lock (``vectorstore.lock`` beside the folder;
a second build waits for it, with a message, up to a timeout), writes a new generation aside — a copy
of the live one when only some documents changed — and publishes it by replacing ``CURRENT``
atomically. A generation is never written once published. A reader pins the generation it opened
(a shared lock on ``<generation>.pin``); a build removes older generations no reader pins.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from drafter.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: builds are still serialised (filelock); readers do not pin, and a
    fcntl = None  # type: ignore[assignment]  # build keeps the previous generation instead

CURRENT = "CURRENT"
PREFIX = "index-"
LOCK_TIMEOUT = 600.0  # seconds a build waits for another one before giving up
Waiting = Callable[[str], None]


def lock_path(store: Path) -> Path:
    return store.with_name(f"{store.name}.lock")


@contextmanager
def build_lock(store: Path, waiting: Waiting | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the build lock of ``store``; when another build holds it, say so once and wait.

    After ``timeout`` seconds (LOCK_TIMEOUT by default) a StoreError names the lock file.
    """
    from filelock import FileLock, Timeout

    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    limit = LOCK_TIMEOUT if timeout is None else timeout
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if waiting:
            waiting(f"another `drafter` is building the index {store}; waiting for it (up to {limit:.0f} s)…")
        try:
            lock.acquire(timeout=limit)
        except Timeout:
            raise StoreError(f"the index {store} has been locked by another build for {limit:.0f} s ({path}); "
                             "let it finish and try again, or remove the lock file if no drafter is "
                             "running") from None
    try:
        yield
    finally:
        lock.release()


def live(store: Path) -> Path | None:
    """The published generation, or None before the first build (or when it was deleted by hand)."""
    try:
        name = (store / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return store / name if name and (store / name).is_dir() else None


def new_generation(store: Path, copy_of: Path | None = None) -> Path:
    """A fresh generation directory (not yet published): empty, or a copy of ``copy_of``."""
    store.mkdir(parents=True, exist_ok=True)
    target = store / f"{PREFIX}{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}"
    if copy_of is not None:
        shutil.copytree(copy_of, target)
    else:
        target.mkdir()
    return target


def publish(store: Path, generation: Path) -> None:
    """Make ``generation`` the live one (atomically), then remove the generations no reader pins."""
    pointer = store / f".{CURRENT}.{os.getpid()}"
    pointer.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(pointer, store / CURRENT)
    remove_unused(store, keep=generation)


def remove_unused(store: Path, keep: Path) -> None:
    """Delete every generation but ``keep`` that no reader pins (on Windows: keep the previous one too)."""
    others = sorted((p for p in store.glob(f"{PREFIX}*") if p.is_dir() and p != keep and ".broken-" not in p.name),
                    key=lambda p: p.name)
    if fcntl is None:
        for generation in others[:-1]:
            shutil.rmtree(generation, ignore_errors=True)
        return
    for generation in others:
        with _pin_file(generation) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a reader still uses it: a later build removes it
            shutil.rmtree(generation, ignore_errors=True)
            Path(handle.name).unlink(missing_ok=True)
    for pin in store.glob(f"{PREFIX}*.pin"):  # left by a reader that lost the race with a build
        if not pin.with_suffix("").is_dir():
            pin.unlink(missing_ok=True)


@contextmanager
def _pin_file(generation: Path) -> Iterator[IO[bytes]]:
    with open(generation.with_name(f"{generation.name}.pin"), "ab") as handle:
        yield handle


class Pin:
    """A reader's hold on the live generation: it is not removed while the pin is held."""

    def __init__(self, store: Path) -> None:
        self.generation: Path | None = None
        self._handle: IO[bytes] | None = None
        for _ in range(50):  # a build may publish between reading CURRENT and pinning: read it again
            generation = live(store)
            if generation is None:
                return
            handle = open(generation.with_name(f"{generation.name}.pin"), "ab")  # noqa: SIM115 (held)
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:  # a build is removing it right now
                    handle.close()
                    time.sleep(0.05)
                    continue
            if live(store) == generation and generation.is_dir():
                self.generation, self._handle = generation, handle
                return
            handle.close()
        raise StoreError(f"the index {store} keeps changing under this reader; try again")

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def set_aside(directory: Path) -> Path:
    """Move an unreadable index directory out of the way (never delete the user's data)."""
    target = directory.with_name(f"{directory.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    directory.rename(target)
    return target
