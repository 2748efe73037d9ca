"""Backends: the offline composer and any OpenAI-compatible chat endpoint, behind one protocol."""

from drafter.backends.base import Backend, Reference, SectionTask

__all__ = ["Backend", "Reference", "SectionTask"]
