"""Recorded replies of chat models, replayed through a real HTTP server on 127.0.0.1.

A replay set holds, per model persona and notes file, every request the drafter sent and the reply
the model gave (or a person playing that model wrote)::

    eval/replies/<persona>/<document>/
        <name>.yaml                      the notes the requests were made from (copied when recording,
                                         under their own name: the sources of findings name it)
        reference.md                     the document's own text, when it has one (eval cases)
        replay.json                      how the requests were made: model, retrieval, excluded group
        <NN-section>/round-<r>.request.json  the exact request: model, settings, messages
        <NN-section>/round-<r>.request.md    the same messages, for a person to read
        <NN-section>/round-<r>.reply.txt     the reply exactly as the model wrote it (chatter and all)
        <NN-section>/round-<r>.reply.json    or: {"text", "finish_reason", "usage"} when it needs more
        <NN-section>/round-<r>.retry-<k>.*   the k-th time the round was asked again after a faulty
                                         reply (empty, cut off, a refusal): a new sample of the model
        <NN-section>/references.json     the style references the section's requests quoted
        ledger.yaml                      the slips the persona made on purpose (see eval/replay_report.py)

``<NN-section>`` is the section's folder in a run (03-一_（一）_1); ``r`` is 0 for the first reply
and n for the n-th repair round. A request without a reply is *pending*. A replay quotes the
recorded references again (read back from the first request when references.json is missing), so
it asks what was asked, whatever the corpus index holds now.

The drafter names each request in headers (X-Drafter-Section, X-Drafter-Round, X-Drafter-Retry); the
``ReplayServer`` answers it with the recorded reply, counting the usage with the offline encoding
when the reply does not give it. A request whose messages differ from the recorded ones is still
answered (the set stays usable across small prompt changes) and reported as *changed*; re-record
those when the prompts change. A request with no reply is *missing*: replaying, the run stops and
names it (exit 2); recording, it is written as a pending request for a person to answer, and the
next recording run goes on from there (repair rounds appear once the replies that trigger them exist).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from drafter.backends.base import Message, Reference
from drafter.config import Settings
from drafter.errors import DrafterError, InputError
from drafter.files import atomic_write_text
from drafter.stub import OpenAIStub, RecordedRequest, Reply

SETTINGS_FILE = "replay.json"
REFERENCES_FILE = "references.json"  # per section: the style references its requests quoted
MISSING_STATUS = 409  # the replay server's answer to a request with no recorded reply


def document_name(notes_path: Path) -> str:
    """The name a notes file goes by in a replay set: its stem, or its folder's name for a file
    called notes.* (eval/cases/003-hongjiang/notes.yaml → 003-hongjiang)."""
    return notes_path.parent.name if notes_path.stem == "notes" else notes_path.stem


@dataclass(frozen=True)
class RequestRef:
    """One request of a replay set: document, section folder, round and retry (the n-th time the round
    was asked again after a faulty reply), and the files that hold it."""

    document: str
    section: str
    round: int
    folder: Path
    retry: int = 0

    @property
    def stem(self) -> str:
        return f"round-{self.round}" + (f".retry-{self.retry}" if self.retry else "")

    @property
    def request_path(self) -> Path:
        return self.folder / self.section / f"{self.stem}.request.json"

    @property
    def reply_path(self) -> Path:
        return self.folder / self.section / f"{self.stem}.reply.txt"

    @property
    def reply_json_path(self) -> Path:
        return self.folder / self.section / f"{self.stem}.reply.json"

    @property
    def readable_path(self) -> Path:
        return self.folder / self.section / f"{self.stem}.request.md"

    def __str__(self) -> str:
        retry = f", retry {self.retry}" if self.retry else ""
        return f"{self.document}: section {self.section}, round {self.round}{retry} ({self.reply_path})"


def _read_reply(ref: RequestRef) -> Reply | None:
    """The recorded reply of a request, as the stub serves it; None when there is none yet."""
    if ref.reply_json_path.is_file():
        try:
            data = json.loads(ref.reply_json_path.read_text(encoding="utf-8"))
            text = data["text"]
            if not isinstance(text, str):
                raise TypeError("text")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(ref.reply_json_path, f"not a recorded reply ({exc}); it holds "
                                                  '{"text": …, "finish_reason": "stop", "usage": {…}}') from None
        usage = data.get("usage")
        return Reply(text, finish_reason=str(data.get("finish_reason") or "stop"),
                     usage=usage if isinstance(usage, dict) else None)
    if ref.reply_path.is_file():
        return Reply(ref.reply_path.read_text(encoding="utf-8"))
    return None


def _readable(ref: RequestRef, body: dict[str, Any]) -> str:
    """The request as a person reads it: where to write the reply, then each message."""
    round_name = ("首次起草" if ref.round == 0 else f"第{ref.round}次修改") + (
        f"，上一次回复有误（空白、被截断或拒绝）后第{ref.retry}次重新请求" if ref.retry else "")
    lines = [f"# {ref.document} · {ref.section} · round {ref.round}（{round_name}）", "",
             f"把下面的消息当作发给模型 {body.get('model', '')} 的请求，写出该模型会给出的完整回复，"
             f"原样存为同一文件夹下的 {ref.reply_path.name}（UTF-8 纯文本）。", ""]
    for message in body.get("messages", []):
        lines += [f"## {message.get('role', '')}", "", str(message.get("content", "")), ""]
    return "\n".join(lines)


def _usage(messages: list[Message], text: str, model: str) -> dict[str, int]:
    """Token counts as the endpoint would report them (the offline encoding)."""
    from drafter.tokens import count_message_tokens, token_ids

    prompt = count_message_tokens(messages, model)
    completion = len(token_ids(text))
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


class ReplayServer(OpenAIStub):
    """An OpenAI-compatible server answering each request with the reply recorded for it in
    ``document`` (set it before drafting each document). ``record``: write a request that has no
    reply as a pending request (else it is only counted). ``answered``, ``changed`` and ``missing``
    list the requests each way."""

    def __init__(self, *, record: bool = False, repeat_faulty: bool = False) -> None:
        super().__init__(api_key=None)
        self.record = record
        self.repeat_faulty = repeat_faulty  # a retry with no reply of its own gets the last one again
        self.repeated: list[RequestRef] = []
        self.document: ReplayDocument | None = None
        self.answered: list[RequestRef] = []
        self.changed: list[RequestRef] = []
        self.missing: list[RequestRef] = []
        self._files = threading.Lock()

    def next_reply(self, request: RecordedRequest) -> Reply:
        body = request.body if isinstance(request.body, dict) else {}
        section, round_ = request.headers.get("x-drafter-section"), request.headers.get("x-drafter-round")
        retry = request.headers.get("x-drafter-retry", "0")
        if self.document is None or not section or not (round_ or "").isdigit() or not retry.isdigit():
            return Reply("replay server: the request names no section (X-Drafter-Section, X-Drafter-Round)",
                         status=400)
        ref = self.document.ref(unquote(section), int(round_ or 0), int(retry))
        with self._files:
            return self._answer(ref, body)

    def _answer(self, ref: RequestRef, body: dict[str, Any]) -> Reply:
        recorded = _read_reply(ref)
        if recorded is None and ref.retry and self.repeat_faulty:
            earlier = next((r for k in range(ref.retry - 1, -1, -1)
                            if (r := _read_reply(replace(ref, retry=k))) is not None), None)
            if earlier is not None:  # as an endpoint that answers the same again would
                self.repeated.append(ref)
                return replace(earlier, usage=earlier.usage or _usage(body.get("messages", []), earlier.text,
                                                                      str(body.get("model", ""))))
        before = _recorded_request(ref)
        if recorded is None:
            if ref not in self.missing:
                self.missing.append(ref)
            if self.record and before != body:
                atomic_write_text(ref.request_path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
                atomic_write_text(ref.readable_path, _readable(ref, body))
            return Reply(f"replay: no recorded reply for {ref}", status=MISSING_STATUS)
        if before is None and self.record:
            atomic_write_text(ref.request_path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
        elif before is not None and before.get("messages") != body.get("messages") and ref not in self.changed:
            self.changed.append(ref)
        self.answered.append(ref)
        usage = recorded.usage or _usage(body.get("messages", []), recorded.text, str(body.get("model", "")))
        return replace(recorded, usage=usage)


def _recorded_request(ref: RequestRef) -> dict[str, Any] | None:
    try:
        data = json.loads(ref.request_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class ReplaySettings:
    """How a document's requests were made, so a replay makes the same ones."""

    model: str
    retrieval: bool = True
    exclude_group: str | None = None
    notes: str | None = None  # the notes file's name (kept: the sources of findings name it)

    def to_json(self) -> str:
        return json.dumps({"model": self.model, "retrieval": self.retrieval, "exclude_group": self.exclude_group,
                           "notes": self.notes}, ensure_ascii=False, indent=1) + "\n"


@dataclass
class ReplayDocument:
    """One notes file's folder in a persona's replay set."""

    folder: Path
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.folder.name

    def ref(self, section: str, round_: int, retry: int = 0) -> RequestRef:
        if "/" in section or "\\" in section or section.startswith("."):
            raise DrafterError(f"replay: bad section name {section!r} in a request header")
        return RequestRef(self.name, section, round_, self.folder, retry)

    @property
    def notes_path(self) -> Path:
        """The copy of the notes, under the name they were recorded with (their figures' sources name it)."""
        named = self._settings_data().get("notes")
        if isinstance(named, str) and (self.folder / named).is_file():
            return self.folder / named
        found = sorted(self.folder.glob("notes.*"))
        if not found:
            raise InputError(self.folder, "no notes.yaml in this replay folder; record it with "
                                          "'drafter eval record NOTES --persona …'")
        return found[0]

    @property
    def reference_path(self) -> Path:
        return self.folder / "reference.md"

    def _settings_data(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def settings(self) -> ReplaySettings:
        path = self.folder / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return ReplaySettings(str(data["model"]), bool(data.get("retrieval", True)), data.get("exclude_group"),
                                  data.get("notes"))
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(path, f"missing or unreadable ({exc}); it records how the requests were made "
                                   "(model, retrieval); record the folder again") from None

    def references(self, section: str) -> list[Reference] | None:
        """The style references the section's requests quoted: its references.json, else read back from
        its first recorded request; None when the section was never recorded."""
        from drafter.prompts import parse_references

        saved = self.folder / section / REFERENCES_FILE
        if saved.is_file():
            return [Reference(**item) for item in json.loads(saved.read_text(encoding="utf-8"))]
        first = _recorded_request(RequestRef(self.name, section, 0, self.folder))
        if first is None:
            return None
        users = [m.get("content", "") for m in first.get("messages", []) if m.get("role") == "user"]
        return parse_references(users[0]) if users else []

    def save_references(self, section: str, references: list[Reference]) -> None:
        atomic_write_text(self.folder / section / REFERENCES_FILE,
                          json.dumps([dataclasses.asdict(r) for r in references], ensure_ascii=False, indent=1) + "\n")

    def pending(self) -> list[RequestRef]:
        """Requests written but not answered yet, in section and round order."""
        found = []
        for request in sorted(self.folder.glob("*/round-*.request.json")):
            parts = request.name.split(".")
            round_ = int(parts[0].removeprefix("round-"))
            retry = int(parts[1].removeprefix("retry-")) if parts[1].startswith("retry-") else 0
            ref = RequestRef(self.name, request.parent.name, round_, self.folder, retry)
            if _read_reply(ref) is None:
                found.append(ref)
        return found


def replay_documents(persona_dir: Path, names: list[str] | None = None) -> list[ReplayDocument]:
    """The documents of a persona's replay set (all, or those named), in name order."""
    if not persona_dir.is_dir():
        raise InputError(persona_dir, "no such replay folder; record one with 'drafter eval record NOTES "
                                      "--persona NAME'")
    documents = {p.name: ReplayDocument(p) for p in sorted(persona_dir.iterdir()) if p.is_dir()}
    if not documents:
        raise InputError(persona_dir, "holds no recorded document; record one with 'drafter eval record'")
    if names:
        unknown = [n for n in names if n not in documents]
        if unknown:
            raise InputError(persona_dir, f"no recorded document {unknown[0]!r}; documents: "
                                          f"{', '.join(documents)}")
        return [documents[n] for n in names]
    return list(documents.values())


def replay_settings(settings: Settings, server: ReplayServer, model: str) -> Settings:
    """Settings that send every request to ``server`` as ``model`` (no reply cache in between)."""
    return settings.with_overrides(backend="openai", base_url=server.url, api_key="replay", model=model)


# --------------------------------------------------------------------------- recording


def prepare_document(notes_path: Path, persona_dir: Path, settings: ReplaySettings) -> ReplayDocument:
    """The persona's folder for ``notes_path``: created with a copy of the notes (and a reference.md
    lying beside them), or checked to hold the same notes when it exists."""
    folder = persona_dir / document_name(notes_path)
    copy = folder / notes_path.name  # the same name: the sources of findings (and so the requests) name it
    earlier = copy if copy.is_file() else next(iter(sorted(folder.glob("notes.*"))), None)
    if earlier is not None:
        if earlier.read_bytes() != notes_path.read_bytes():
            raise InputError(notes_path, f"differs from the notes {earlier} was recorded from; "
                                         f"remove {folder} to record it again from these notes")
        if earlier != copy:  # a folder recorded before the name was kept: give the copy its name back
            earlier.rename(copy)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notes_path, copy)
        for companion in (notes_path.parent / "reference.md", *_indicator_tables(notes_path)):
            if companion.is_file():
                shutil.copyfile(companion, folder / companion.name)
    settings_path = folder / SETTINGS_FILE
    document = ReplayDocument(folder)
    if not settings_path.is_file():
        atomic_write_text(settings_path, dataclasses.replace(settings, notes=copy.name).to_json())
    elif document._settings_data().get("notes") != copy.name:
        atomic_write_text(settings_path, dataclasses.replace(document.settings, notes=copy.name).to_json())
    return document


def _indicator_tables(notes_path: Path) -> list[Path]:
    """The indicator table a notes file names instead of listing its indicators (indicators: x.xlsx)."""
    import yaml

    try:
        data = yaml.safe_load(notes_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    named = [data.get(key) for key in ("indicators", "指标")] if isinstance(data, dict) else []
    return [notes_path.parent / value for value in named if isinstance(value, str) and "/" not in value]


@dataclass
class RecordOutcome:
    """What one recording pass did: replies used, requests changed since recorded, requests pending."""

    answered: int
    changed: list[RequestRef]
    pending: list[RequestRef]


def record_replies(notes_paths: list[Path], persona_dir: Path, settings: Settings, *, model: str,
                   retrieval: bool = True) -> RecordOutcome:
    """Draft each notes file against a recording replay server: every request that has a reply is
    answered with it, every other one is written as a pending request. Run again after writing
    replies to reach the rounds they lead to, until nothing is pending."""
    from drafter.draft import draft_document
    from drafter.errors import BackendError
    from drafter.evaluate import exclude_group_for
    from drafter.notes import load_notes

    with ReplayServer(record=True) as server:
        for notes_path in notes_paths:
            notes = load_notes(notes_path)
            group = exclude_group_for(settings, document_name(notes_path), notes) if retrieval else None
            document = prepare_document(notes_path, persona_dir, ReplaySettings(model, retrieval, group))
            recorded = document.settings
            server.document = document
            run_settings = replay_settings(settings, server, recorded.model)
            references = recorded_references(document, _lazy_retrieval(run_settings, recorded), record=True)
            try:
                draft_document(notes, run_settings, backend=_backend(run_settings), references=references,
                               run_dir=None)
            except BackendError:
                pass  # a section waits for a reply: its request is pending
        pending = [ref for path in notes_paths
                   for ref in ReplayDocument(persona_dir / document_name(path)).pending()]
        return RecordOutcome(len(server.answered), server.changed, pending)


def recorded_references(document: ReplayDocument, retrieve: Callable[[Any], list[Reference]] | None, *,
                        record: bool) -> Callable[[Any], list[Reference]]:
    """The references of each planned section: those its requests quoted when it was recorded (so a
    replay asks exactly what was asked, whatever the index holds now), else retrieved — and, when
    recording, saved for the next pass."""
    from drafter.draft import plan_folder

    def references(plan: Any) -> list[Reference]:
        folder = plan_folder(plan)
        saved = document.references(folder)
        if saved is not None:
            return saved
        found = retrieve(plan) if retrieve else []
        if record:
            document.save_references(folder, found)
        return found

    return references


def _lazy_retrieval(settings: Settings, recorded: ReplaySettings) -> Callable[[Any], list[Reference]] | None:
    """Retrieval for the sections a replay set holds no references for (opened only if one needs it)."""
    from drafter.draft import retrieval_for

    if not recorded.retrieval:
        return None
    opened: list[Callable[[Any], list[Reference]]] = []

    def retrieve(plan: Any) -> list[Reference]:
        if not opened:
            opened.append(retrieval_for(settings, recorded.exclude_group))
        return opened[0](plan)

    return retrieve


def _backend(settings: Settings) -> Any:
    from drafter.backends.openai_compat import OpenAIBackend

    return OpenAIBackend(settings)


# --------------------------------------------------------------------------- replaying


class MissingReplyError(DrafterError):
    """A replayed run asked for a request the set has no reply for."""


def _missing_error(server: ReplayServer, persona_dir: Path, document: ReplayDocument) -> MissingReplyError:
    first = server.missing[0]
    more = f" (and {len(server.missing) - 1} more)" if len(server.missing) > 1 else ""
    retry = f", retry {first.retry}" if first.retry else ""
    return MissingReplyError(
        f"{first.reply_path}: no recorded reply for {first.document}, section {first.section}, round "
        f"{first.round}{retry}{more}; record it with 'drafter eval record {document.notes_path} --persona "
        f"{persona_dir.name} --replies {persona_dir.parent}' and write the reply")


@dataclass
class ReplayRun:
    """An evaluation over a replay set, with the requests that changed since they were recorded."""

    run: Any  # drafter.evaluate.EvalRun
    changed: list[RequestRef]
    repeated: list[RequestRef] = field(default_factory=list)  # retries answered with the faulty reply again


def run_replay_eval(settings: Settings, persona_dir: Path, *, names: list[str] | None = None,
                    output_dir: Path | None = None, repeat_faulty: bool = False) -> ReplayRun:
    """Draft every document of a persona's replay set against the replay server and score it like an
    evaluation case (the metrics that need a reference only where the document has one).
    A request without a recorded reply stops the run with a MissingReplyError naming it; with
    ``repeat_faulty``, a retry after a faulty reply that has no reply of its own is answered with the
    faulty reply again (an endpoint that repeats itself)."""
    from drafter import evaluate as ev
    from drafter.errors import BackendError
    from drafter.notes import load_notes

    documents = replay_documents(persona_dir, names)
    stamp = ev.new_stamp()
    work = (output_dir or ev.results_dir(settings)) / stamp
    scores = []
    with ReplayServer(repeat_faulty=repeat_faulty) as server:
        for document in documents:
            recorded = document.settings
            reference = ev.read_reference(document.reference_path) if document.reference_path.is_file() else None
            case = ev.Case(document.name, document.folder, load_notes(document.notes_path), reference)
            server.document = document
            run_settings = replay_settings(settings, server, recorded.model)
            references = recorded_references(document, _lazy_retrieval(run_settings, recorded), record=False)
            try:
                scores.append(ev.draft_case(case, run_settings, _backend(run_settings), references, work))
            except BackendError:
                if server.missing:
                    raise _missing_error(server, persona_dir, document) from None
                raise
            if server.missing:
                raise _missing_error(server, persona_dir, document)
        changed, repeated = list(server.changed), list(server.repeated)
    retrieval = any(d.settings.retrieval for d in documents)
    run = ev.EvalRun(f"openai (replay {persona_dir.name})", stamp, scores, ev.overall_metrics(scores), retrieval)
    return ReplayRun(run, changed, repeated)
