"""The OpenAI-compatible test server now lives in the package (drafter/stub.py), so that the suite,
the benches and `drafter eval --replay` share it; this module keeps the tests' import path."""

from drafter.stub import STATUS_TYPES, OpenAIStub, RecordedRequest, Reply, embed_text

__all__ = ["STATUS_TYPES", "OpenAIStub", "RecordedRequest", "Reply", "embed_text"]
