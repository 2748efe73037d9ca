"""Backends, registered by name: the offline composer and any OpenAI-compatible chat endpoint.

A backend is built from the settings by the factory registered under its name; the built-in ones
import their module only when chosen. A plugin (or a test) adds its own with ``register_backend``::

    register_backend("echo", lambda settings: EchoBackend())
"""

from __future__ import annotations

from collections.abc import Callable

from drafter.backends.base import Backend, Reference, Reply, Round, SectionTask, Usage
from drafter.config import Settings
from drafter.errors import DrafterError

BackendFactory = Callable[[Settings], Backend]


def _offline(settings: Settings) -> Backend:
    from drafter.backends.offline import OfflineComposer

    return OfflineComposer(settings)


def _openai(settings: Settings) -> Backend:
    from drafter.backends.openai_compat import OpenAIBackend

    return OpenAIBackend(settings)


_FACTORIES: dict[str, BackendFactory] = {"offline": _offline, "openai": _openai}


def register_backend(name: str, factory: BackendFactory) -> None:
    """Make a backend known by name (``--backend NAME``, DRAFTER_BACKEND, drafter.toml)."""
    _FACTORIES[name] = factory


def backend_names() -> list[str]:
    """The registered backends, in the order they were registered."""
    return list(_FACTORIES)


def get_backend(settings: Settings) -> Backend:
    """The backend ``settings.resolved_backend`` names, built from ``settings``."""
    name = settings.resolved_backend
    if name not in _FACTORIES:
        raise DrafterError(f"unknown backend {name!r}; choose one of {', '.join(_FACTORIES)} "
                           "(--backend, DRAFTER_BACKEND, drafter.toml or --offline)")
    return _FACTORIES[name](settings)


__all__ = ["Backend", "BackendFactory", "Reference", "Reply", "Round", "SectionTask", "Usage", "backend_names",
           "get_backend", "register_backend"]
