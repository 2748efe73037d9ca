"""Backends: the offline composer and any OpenAI-compatible chat endpoint, behind one protocol."""

from __future__ import annotations

from drafter.backends.base import Backend, Reference, SectionTask
from drafter.config import Settings
from drafter.errors import DrafterError

BACKEND_NAMES = ("offline", "openai")


def get_backend(settings: Settings) -> Backend:
    """The backend ``settings.resolved_backend`` names: "offline" (the deterministic composer) or
    "openai" (settings' endpoint and model). Each is imported only when chosen."""
    name = settings.resolved_backend
    if name == "offline":
        from drafter.backends.offline import OfflineComposer

        return OfflineComposer(settings)
    if name == "openai":
        from drafter.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(settings)
    raise DrafterError(f"unknown backend {name!r}; choose one of {', '.join(BACKEND_NAMES)} "
                       "(DRAFTER_BACKEND, drafter.toml or --offline)")


__all__ = ["BACKEND_NAMES", "Backend", "Reference", "SectionTask", "get_backend"]
