"""Who may use the app: a session cookie per browser, a token when the server listens beyond this
machine, and a header on every change so another site's page cannot post into a workspace."""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from drafter.web.workspace import SESSION_COOKIE, new_session, valid_session

TOKEN_COOKIE = "drafter_token"
CHANGE_HEADER = b"x-drafter"  # sent by app.js with every POST; a cross-site form cannot set it
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no session
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _cookie(name: str, value: str) -> tuple[bytes, bytes]:
    return b"set-cookie", f"{name}={value}; Path=/; HttpOnly; SameSite=Lax".encode()


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: sets ``scope["state"]["session"]`` (making a session when the browser has
    none), checks the token when one is set, and refuses a POST without the change header."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        if self.token and not scope["path"].startswith("/static/"):
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = query.pop("token", [""])[0]
            if given and hmac.compare_digest(given, self.token):
                rest = urlencode(query, doseq=True)
                await _plain(send, 303, "", [(b"location", (scope["path"] + ("?" + rest if rest else "")).encode()),
                                             _cookie(TOKEN_COOKIE, self.token)])
                return
            if not hmac.compare_digest(cookies.get(TOKEN_COOKIE, ""), self.token):
                await _plain(send, 401, "<!doctype html><meta charset=utf-8><title>需要访问令牌</title>"
                             "<p style='font:16px sans-serif;margin:3em'>此服务需要访问令牌。请使用服务器启动时"
                             "显示的完整网址（含 ?token=…）打开。</p>")
                return
        if scope["method"] == "POST" and (CHANGE_HEADER, b"1") not in (scope.get("headers") or []):
            await _plain(send, 403, "refused: a change must come from the app's own page")
            return
        session = cookies.get(SESSION_COOKIE)
        fresh = not valid_session(session)
        if fresh:
            session = new_session()
        scope.setdefault("state", {})["session"] = session

        async def with_cookie(message: dict) -> None:  # type: ignore[type-arg]
            if fresh and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), _cookie(SESSION_COOKIE, session)]}
            await send(message)

        await self.app(scope, receive, with_cookie)
