"""Any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, Qwen, GLM, vLLM, Ollama …),
through the openai SDK.

Returns the raw reply with its finish reason, model and token usage. Replies are streamed by default
(``stream`` in drafter.toml), asking for the usage at the end of the stream; an endpoint that rejects
that option is asked again without it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from drafter.backends.base import Message, Reply, Round, SectionTask, Usage
from drafter.config import Settings
from drafter.errors import BackendError, DeadlineError, RequestFailedError
from drafter.prompts import messages_for

if TYPE_CHECKING:
    import httpx
    import openai

DEFAULT_URL = "https://api.openai.com/v1"
NO_KEY = "no-key-needed"  # sent to keyless local endpoints; the openai client insists on some key
MAX_RETRY_AFTER = 20.0  # seconds: a longer Retry-After falls back to our own backoff
MAX_BACKOFF = 30.0


def _usage_of(counted: Any) -> Usage | None:
    if counted is None:
        return None
    return Usage(int(getattr(counted, "prompt_tokens", 0) or 0), int(getattr(counted, "completion_tokens", 0) or 0))


SECTION_HEADER, ROUND_HEADER, RETRY_HEADER = "X-Drafter-Section", "X-Drafter-Round", "X-Drafter-Retry"


def request_headers(round: Round) -> dict[str, str]:
    """Headers naming the request — its section's folder in the run (percent-encoded), the round and,
    for a request asked again after a faulty reply, the retry — so that a replay server can answer with
    the reply recorded for it; endpoints ignore them."""
    if not round.section:
        return {}
    headers = {SECTION_HEADER: quote(round.section, safe=""), ROUND_HEADER: str(round.attempt)}
    return headers | ({RETRY_HEADER: str(round.retry)} if round.retry else {})


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

    How it fails:
    - 429 and 5xx are retried with backoff (a small Retry-After is obeyed), up to ``max_retries``;
      then the request fails for good (RequestFailedError: its section is marked, the run goes on), as
      does a request the endpoint rejects (400: too long …);
    - 401/403 (the key), 404 (the model) and an endpoint that cannot be reached stop the run
      (BackendError), and every later request of this backend raises the same error without being
      sent; a connection dropped once the endpoint has answered is retried like a 5xx;
    - ``timeout`` is how long the endpoint may stay silent on one request; replies are streamed by
      default, so a live endpoint is never silent for long. An endpoint that has not sent any reply
      text yet and stays silent that long is hanging: the run stops. Once it has, a silent request is
      retried like a 5xx;
    - until the endpoint has answered once (with a status, or the headers of a streamed reply), one
      request is sent at a time: a wrong key costs one request, not one per section;
    - a round's ``deadline`` (the run's) caps every wait; past it the run stops.

    ``stream`` overrides ``settings.stream``; ``client`` replaces the openai client; ``sleep`` and
    ``backoff`` (seconds before the first retry, doubled each time) control the waits between retries.
    """

    name = "openai"

    def __init__(self, settings: Settings, *, stream: bool | None = None, client: openai.OpenAI | None = None,
                 sleep: Callable[[float], None] = time.sleep, backoff: float = 1.0) -> None:
        if client is None and not (settings.api_key or settings.base_url):
            raise BackendError("no endpoint configured for the openai backend: set OPENAI_API_KEY "
                               "(and OPENAI_BASE_URL for a non-OpenAI endpoint) or use --offline")
        self.settings = settings
        self.model = settings.model
        self.temperature = settings.temperature
        self.url = (settings.base_url or DEFAULT_URL).rstrip("/")
        self.stream = settings.stream if stream is None else stream
        self._stream_usage = True  # ask for the usage at the end of a stream (dropped if the endpoint refuses)
        self._sleep = sleep
        self._backoff = backoff
        self.client = client or self._client()
        self._answered = threading.Event()  # the endpoint has taken a request (a status, or a stream's headers)
        self._spoke = threading.Event()  # the endpoint has sent a reply's text (or an error status): it is alive
        self._gate = threading.Lock()
        self._sending_first = False
        self._fatal: BackendError | None = None

    @property
    def identity(self) -> dict[str, object]:
        """What decides a reply besides the messages: endpoint, model and temperature."""
        return {"backend": self.name, "base_url": self.url, "model": self.model, "temperature": self.temperature}

    def _client(self) -> openai.OpenAI:
        import openai

        return openai.OpenAI(base_url=self.url, api_key=self.settings.api_key or NO_KEY,
                             timeout=self.settings.timeout,
                             max_retries=0)  # retries are ours: backoff, Retry-After and clear final errors

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        """The reply to ``round.messages`` (rendered from prompts/ within ``settings.max_prompt_tokens``
        when empty) for ``task``'s section."""
        round = round or Round()
        messages = list(round.messages) or messages_for(task, round, self.settings)
        return self.complete(messages, headers=request_headers(round), deadline=round.deadline)

    def complete(self, messages: list[Message], *, headers: dict[str, str] | None = None,
                 deadline: float | None = None) -> Reply:
        """The reply to ``messages`` (see the class for retries and failures)."""
        import httpx
        import openai

        retries, attempt = self.settings.max_retries, 0
        first = self._wait_turn(deadline)
        try:
            while True:
                response = None
                try:
                    return self._request(messages, headers or {}, self._timeout(deadline))
                except (openai.APITimeoutError, httpx.TimeoutException):  # httpx's own: silent mid-stream
                    if not self._spoke.is_set():
                        raise self._stop(BackendError(
                            f"{self.url} accepted the request but sent nothing for {self.settings.timeout:g} s; "
                            "the endpoint is not answering (raise timeout in drafter.toml for a slow "
                            "endpoint, or use --offline)")) from None
                    if attempt == retries:
                        raise RequestFailedError(f"no reply from {self.url} within {self.settings.timeout:g} s "
                                                 f"({retries + 1} attempts)") from None
                except (openai.APIConnectionError, httpx.TransportError):  # refused, reset, broken mid-stream
                    if not self._answered.is_set():
                        raise self._stop(BackendError(f"cannot reach {self.url}; check OPENAI_BASE_URL or use "
                                                      "--offline")) from None
                    if attempt == retries:  # it answered before: a dropped connection is retried
                        raise RequestFailedError(f"lost the connection to {self.url} {retries + 1} times") from None
                except openai.APIStatusError as exc:
                    self._answered.set()
                    self._spoke.set()
                    retryable = exc.status_code == 429 or exc.status_code >= 500
                    if not retryable or attempt == retries:
                        raise self._status_error(exc, attempts=attempt + 1) from None
                    response = exc.response
                self._sleep(min(self._delay(attempt, response), self._left(deadline)))
                attempt += 1
        finally:
            if first:
                with self._gate:
                    self._sending_first = False

    def _wait_turn(self, deadline: float | None) -> bool:
        """Until the endpoint has answered once, requests go one at a time; True for the one sent."""
        while True:
            if self._fatal is not None:
                raise self._fatal
            with self._gate:
                if self._answered.is_set():
                    return False
                if not self._sending_first:
                    self._sending_first = True
                    return True
            self._answered.wait(min(0.05, self._left(deadline)))

    def _stop(self, error: BackendError) -> BackendError:
        """Make ``error`` the end of this backend: every waiting and later request raises it."""
        self._fatal = self._fatal or error
        return self._fatal

    def _left(self, deadline: float | None) -> float:
        """Seconds left before the deadline (a DeadlineError, which stops the run, when none are)."""
        if deadline is None:
            return math.inf
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._stop(DeadlineError(
                f"the run's deadline of {self.settings.deadline:g} s passed before every section was written; "
                "raise deadline in drafter.toml (or --deadline) for a slow endpoint"))
        return left

    def _timeout(self, deadline: float | None) -> float:
        """How long the endpoint may stay silent on a request: the timeout, cut to the time left."""
        return min(self.settings.timeout, self._left(deadline))

    def _request(self, messages: list[Message], headers: dict[str, str], timeout: float) -> Reply:
        import openai

        asked: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": self.temperature,
                                 "timeout": timeout, "extra_headers": headers or None}
        if not self.stream:
            completion = self.client.chat.completions.create(**asked)
            self._answered.set()
            self._spoke.set()
            choice = completion.choices[0] if completion.choices else None
            return Reply(choice.message.content or "" if choice else "",
                         finish_reason=choice.finish_reason if choice else None,
                         model=completion.model or self.model, usage=_usage_of(completion.usage))
        try:
            stream = self.client.chat.completions.create(
                **asked, stream=True, **({"stream_options": {"include_usage": True}} if self._stream_usage else {}))
        except openai.BadRequestError as exc:
            if not self._stream_usage or "stream_options" not in str(exc.message):
                raise
            self._stream_usage = False  # an older endpoint: stream without asking for the usage
            return self._request(messages, headers, timeout)
        self._answered.set()  # the endpoint took the request (its headers came): the others may go
        parts: list[str] = []
        finish_reason, model, usage = None, self.model, None
        with stream:
            for chunk in stream:
                self._spoke.set()
                model = chunk.model or model
                usage = _usage_of(chunk.usage) or usage
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        parts.append(choice.delta.content)
                    finish_reason = choice.finish_reason or finish_reason
        return Reply("".join(parts), finish_reason=finish_reason, model=model, usage=usage)

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds before retry ``attempt + 1``: a small Retry-After as given, else exponential."""
        asked = _retry_after(response) if response is not None else None
        if asked is not None and 0 <= asked <= MAX_RETRY_AFTER:
            return asked
        return min(self._backoff * 2 ** attempt, MAX_BACKOFF)

    def _status_error(self, exc: openai.APIStatusError, *, attempts: int) -> BackendError:
        status, detail = exc.status_code, exc.message
        if status in (401, 403):
            return self._stop(BackendError(f"{self.url} refused the API key (HTTP {status}); check OPENAI_API_KEY"))
        if status == 404:
            return self._stop(BackendError(
                f"model {self.model!r} not found at {self.url} (HTTP 404); set DRAFTER_MODEL to a model the "
                "endpoint serves (and check that OPENAI_BASE_URL ends in /v1)"))
        if status == 429:
            return RequestFailedError(f"{self.url} is still rate-limiting after {attempts} attempts (HTTP 429); "
                                      "lower --concurrency or try again later")
        if status >= 500:
            return RequestFailedError(f"{self.url} failed with HTTP {status} after {attempts} attempts: {detail}")
        return RequestFailedError(f"{self.url} rejected the request (HTTP {status}): {detail}")
