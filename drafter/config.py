"""Settings, from (lowest to highest precedence) defaults, drafter.toml, the environment and flags.

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, DRAFTER_MODEL, DRAFTER_BACKEND, DRAFTER_HOME,
DRAFTER_CHROMA_URL, DRAFTER_EMBEDDER, DRAFTER_EMBEDDING_MODEL, DRAFTER_CONCURRENCY, DRAFTER_DEADLINE.
drafter.toml is read from the current directory, then from the project home.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from drafter.errors import DrafterError, InputError

PACKAGE_HOME = Path(__file__).resolve().parent.parent

_ENV = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "DRAFTER_MODEL",
    "backend": "DRAFTER_BACKEND",
    "chroma_url": "DRAFTER_CHROMA_URL",
    "embedder": "DRAFTER_EMBEDDER",
    "embedding_model": "DRAFTER_EMBEDDING_MODEL",
    "concurrency": "DRAFTER_CONCURRENCY",
    "deadline": "DRAFTER_DEADLINE",
}


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things are and which services to use."""

    home: Path = PACKAGE_HOME
    backend: str | None = None  # "offline" | "openai"; None: openai when an endpoint is configured
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: str | None = None
    timeout: float = 20.0  # seconds the endpoint may stay silent on a request (connect, first byte, between chunks)
    deadline: float = 1800.0  # seconds the whole run may take, every request and retry included
    stream: bool = True  # read replies as they are written (a live endpoint is never silent for long)
    max_retries: int = 3
    temperature: float = 0.3
    embedder: str = "e5"  # "e5" (multilingual-e5-small, offline) | "hashing" | "openai"
    embedding_model: str = "bge-m3"
    chroma_url: str | None = None
    concurrency: int = 8
    max_prompt_tokens: int = 6000
    repair_rounds: int = 2
    serve_token: str | None = None  # `drafter serve`: the token required when bound beyond 127.0.0.1
    upload_limit_mb: int = 20  # `drafter serve`: the largest upload accepted
    max_drafts: int = 2  # `drafter serve`: drafts running at once; more wait in a queue
    workspace_days: int = 30  # `drafter serve`: a workspace unused this many days is removed (0: kept for ever)

    @property
    def corpus_dir(self) -> Path:
        return self.home / "corpus"

    @property
    def prompts_dir(self) -> Path:
        return self.home / "prompts"

    @property
    def vectorstore_dir(self) -> Path:
        return self.home / "vectorstore"

    @property
    def cache_dir(self) -> Path:
        return self.home / ".drafter-cache"

    @property
    def resolved_backend(self) -> str:
        """The backend that runs: explicit choice, else openai when an endpoint is configured."""
        if self.backend:
            return self.backend
        return "openai" if (self.api_key or self.base_url) else "offline"

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced; None values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def __post_init__(self) -> None:
        for name, meaning in (("deadline", "the time the whole run may take"),
                              ("timeout", "the time the endpoint may stay silent on a request")):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise DrafterError(f"setting {name} must be a number of seconds above 0 ({meaning}), got "
                                   f"{value!r}; fix it in drafter.toml, the environment or the flag")


def _coerce(name: str, raw: object, source: str) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind in ("int",):
            return int(raw)  # type: ignore[arg-type]
        if kind in ("float",):
            return float(raw)  # type: ignore[arg-type]
        if kind in ("bool",) and isinstance(raw, str):
            if raw.strip().lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(raw)
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if name == "home":
            return Path(str(raw)).expanduser().resolve()
    except ValueError:
        wanted = {"int": "a whole number", "bool": "true or false"}.get(str(kind), "a number")
        raise InputError(source, f"{name} must be {wanted}, got {raw!r}", key=name) from None
    return raw


def _read_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}; fix the file or remove it") from None
    known = {f.name for f in fields(Settings)}
    section = data.get("drafter", data)
    unknown = sorted(set(section) - known)
    if unknown:
        raise InputError(path, f"unknown setting {unknown[0]!r}; known: {', '.join(sorted(known))}",
                         key=unknown[0])
    return {k: _coerce(k, v, str(path)) for k, v in section.items()}


def load_settings(**overrides: object) -> Settings:
    """Defaults < drafter.toml < environment < explicit overrides (CLI flags)."""
    values: dict[str, object] = {}
    env_home = os.environ.get("DRAFTER_HOME")
    home = Path(env_home).expanduser().resolve() if env_home else PACKAGE_HOME
    if overrides.get("home") is not None:
        home = overrides["home"] = Path(str(overrides["home"])).expanduser().resolve()
    for candidate in (home / "drafter.toml", Path.cwd() / "drafter.toml"):
        if candidate.is_file():
            values.update(_read_toml(candidate))
    for name, var in _ENV.items():
        if os.environ.get(var):
            values[name] = _coerce(name, os.environ[var], f"${var}")
    values["home"] = home
    return Settings(**values).with_overrides(**overrides)  # type: ignore[arg-type]
