"""Any OpenAI-compatible chat-completions endpoint, through langchain-openai's ChatOpenAI.

Returns the raw reply with its finish reason, model and token usage. Retries 429 and 5xx replies and
timeouts with exponential backoff (a small Retry-After is obeyed); 401/403, 404 and unreachable
endpoints become one-line BackendErrors that say what to fix.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from drafter.backends.base import Message, Reply, Round, SectionTask, Usage
from drafter.config import Settings
from drafter.errors import BackendError
from drafter.prompts import messages_for

if TYPE_CHECKING:
    import httpx
    import openai
    from langchain_core.language_models import BaseChatModel

DEFAULT_URL = "https://api.openai.com/v1"
NO_KEY = "no-key-needed"  # sent to keyless local endpoints; the openai client insists on some key
MAX_RETRY_AFTER = 20.0  # seconds: a longer Retry-After falls back to our own backoff
MAX_BACKOFF = 30.0


@cache
def _offline_chat_class() -> type[BaseChatModel]:
    """ChatOpenAI whose token counting uses the offline encoding (never tiktoken's downloads)."""
    import tiktoken
    from langchain_openai import ChatOpenAI

    from drafter.tokens import offline_encoding

    class OfflineTokenChatOpenAI(ChatOpenAI):
        def _get_encoding_model(self) -> tuple[str, tiktoken.Encoding]:
            return self.tiktoken_model_name or self.model_name, offline_encoding()

    return OfflineTokenChatOpenAI


def _reply_of(message: Any, model: str) -> Reply:
    """A langchain AI message (or the sum of a stream's chunks; None for an empty stream) as a Reply."""
    if message is None:
        return Reply("", finish_reason=None, model=model)
    metadata = getattr(message, "response_metadata", None) or {}
    counted = getattr(message, "usage_metadata", None)
    usage = Usage(int(counted.get("input_tokens") or 0), int(counted.get("output_tokens") or 0)) if counted else None
    content = message.content
    text = content if isinstance(content, str) else "".join(
        part if isinstance(part, str) else str(part.get("text", "")) for part in content)
    return Reply(text, finish_reason=metadata.get("finish_reason"), model=metadata.get("model_name") or model,
                 usage=usage)


def _retry_after(response: httpx.Response) -> float | None:
    for header, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return float(response.headers[header]) / scale
        except (KeyError, ValueError):
            continue
    return None


class OpenAIBackend:
    """The ``openai`` backend: sends a round's messages to ``settings.base_url`` (default OpenAI's)
    as ``settings.model`` and returns the reply as the endpoint gave it.

    ``stream`` reads the reply as server-sent chunks; ``chat_model`` replaces the HTTP client (a
    langchain fake chat model in tests); ``sleep`` and ``backoff`` (seconds before the first retry,
    doubled each time) control the waits between retries.
    """

    name = "openai"

    def __init__(self, settings: Settings, *, stream: bool = False, chat_model: BaseChatModel | None = None,
                 sleep: Callable[[float], None] = time.sleep, backoff: float = 1.0) -> None:
        if chat_model is None and not (settings.api_key or settings.base_url):
            raise BackendError("no endpoint configured for the openai backend: set OPENAI_API_KEY "
                               "(and OPENAI_BASE_URL for a non-OpenAI endpoint) or use --offline")
        self.settings = settings
        self.model = settings.model
        self.temperature = settings.temperature
        self.url = (settings.base_url or DEFAULT_URL).rstrip("/")
        self.stream = stream
        self._sleep = sleep
        self._backoff = backoff
        self.chat_model = chat_model or self._chat_model()

    @property
    def identity(self) -> dict[str, object]:
        """What decides a reply besides the messages: endpoint, model and temperature."""
        return {"backend": self.name, "base_url": self.url, "model": self.model, "temperature": self.temperature}

    def _chat_model(self) -> BaseChatModel:
        from drafter.tokens import token_ids

        chat_class: Any = _offline_chat_class()
        return chat_class(
            model=self.model, base_url=self.url, api_key=self.settings.api_key or NO_KEY,
            timeout=self.settings.timeout, temperature=self.temperature,
            max_retries=0,  # retries are ours: backoff, Retry-After and clear final errors
            use_responses_api=False, custom_get_token_ids=token_ids, stream_usage=True,
        )

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        """The reply to ``round.messages`` (rendered from prompts/ within ``settings.max_prompt_tokens``
        when empty) for ``task``'s section."""
        round = round or Round()
        messages = list(round.messages) or messages_for(task, round, self.settings)
        return self.complete(messages)

    def complete(self, messages: list[Message]) -> Reply:
        """The reply to ``messages``, retrying 429, 5xx and timeouts with backoff."""
        import openai

        retries, attempt = self.settings.max_retries, 0
        while True:
            response = None
            try:
                return self._request(messages)
            except openai.APITimeoutError:
                if attempt == retries:
                    raise BackendError(f"no reply from {self.url} within {self.settings.timeout:g} s "
                                       f"({retries + 1} attempts); raise timeout in drafter.toml "
                                       "or use --offline") from None
            except openai.APIConnectionError:
                raise BackendError(f"cannot reach {self.url}; check OPENAI_BASE_URL or use --offline") from None
            except openai.APIStatusError as exc:
                retryable = exc.status_code == 429 or exc.status_code >= 500
                if not retryable or attempt == retries:
                    raise self._status_error(exc, attempts=attempt + 1) from None
                response = exc.response
            self._sleep(self._delay(attempt, response))
            attempt += 1

    def _request(self, messages: list[Message]) -> Reply:
        if self.stream:
            message: Any = None
            for chunk in self.chat_model.stream(messages):
                message = chunk if message is None else message + chunk
        else:
            message = self.chat_model.invoke(messages)
        return _reply_of(message, self.model)

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds before retry ``attempt + 1``: a small Retry-After as given, else exponential."""
        asked = _retry_after(response) if response is not None else None
        if asked is not None and 0 <= asked <= MAX_RETRY_AFTER:
            return asked
        return min(self._backoff * 2 ** attempt, MAX_BACKOFF)

    def _status_error(self, exc: openai.APIStatusError, *, attempts: int) -> BackendError:
        status, detail = exc.status_code, exc.message
        if status in (401, 403):
            return BackendError(f"{self.url} refused the API key (HTTP {status}); check OPENAI_API_KEY")
        if status == 404:
            return BackendError(f"model {self.model!r} not found at {self.url} (HTTP 404); set DRAFTER_MODEL "
                                "to a model the endpoint serves (and check that OPENAI_BASE_URL ends in /v1)")
        if status == 429:
            return BackendError(f"{self.url} is still rate-limiting after {attempts} attempts (HTTP 429); "
                                "lower --concurrency or try again later")
        if status >= 500:
            return BackendError(f"{self.url} failed with HTTP {status} after {attempts} attempts: {detail}")
        return BackendError(f"{self.url} rejected the request (HTTP {status}): {detail}")
