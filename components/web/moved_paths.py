"""The server's one addition to Streamlit's: an address a folder too deep ('/comparison/russia')
is redirected to its page or the overview (routes.moved_to), where Streamlit's own page would be
blank. An ASGI middleware for st.App (server.py), the same rule as the shipped nginx's."""

from __future__ import annotations

from typing import Any

from components.core.routes import moved_to


class MovedPaths:
    """ASGI middleware: a GET or HEAD for a too-deep address gets a 302 to where it goes."""

    def __init__(self, app: Any, base: str = "") -> None:
        self.app = app
        self.base = base

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            target = moved_to(scope.get("path", ""), self.base)
            if target is not None:
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", target.encode()),
                                        (b"content-length", b"0"),
                                        (b"cache-control", b"no-store")]})  # fmt: skip
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
