"""`drafter serve`: the local web app (新建, 起草, 审阅, 核对) for the staff who write these reports."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.config import load_settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; anything beyond 127.0.0.1 needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the app in the default browser.")] = False,
    token: Annotated[str | None, typer.Option(help="Access token (default: serve_token in drafter.toml, "
                                              "else a new one when not on 127.0.0.1).")] = None,
    max_drafts: Annotated[int | None, typer.Option(help="Drafts running at once; more wait in a queue.")] = None,
    upload_limit_mb: Annotated[int | None, typer.Option(help="Largest upload accepted, in MB.")] = None,
) -> None:
    """Serve the web app: notes form, live drafting, every figure's verdict, rewrite, check any file."""
    import secrets
    import threading
    import webbrowser

    import uvicorn

    from drafter.errors import DrafterError
    from drafter.web.app import WebConfig, create_app
    from drafter.web.guard import LOOPBACK

    settings = load_settings(max_drafts=max_drafts, upload_limit_mb=upload_limit_mb)
    if settings.max_drafts < 1 or settings.upload_limit_mb < 1:
        raise DrafterError("max_drafts and upload_limit_mb must be at least 1 (flags or drafter.toml)")
    if settings.workspace_days < 0:
        raise DrafterError("workspace_days must be 0 (keep workspaces for ever) or more days (drafter.toml)")
    _check_free(host, port)
    token = token or settings.serve_token or (None if host in LOOPBACK else secrets.token_urlsafe(16))
    config = WebConfig(settings, token=token, upload_limit=settings.upload_limit_mb * 1024 * 1024,
                       max_drafts=settings.max_drafts, workspace_days=settings.workspace_days)
    app = create_app(config)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    kept = f", removed after {config.workspace_days} days unused" if config.workspace_days else ""
    typer.echo(f"公文起草助手 at {url}  (Ctrl+C to stop; workspaces in {config.root}{kept})", err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    # a stop does not wait long for open progress streams: running drafts resume on the next start
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)


def _check_free(host: str, port: int) -> None:
    """A port already taken (another server, an earlier `drafter serve`) is one line, not a traceback."""
    import socket

    from drafter.errors import DrafterError

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise DrafterError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                           "choose another port with --port, or stop the program using it") from None
