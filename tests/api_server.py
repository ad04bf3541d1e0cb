"""A local HTTP server that replays recorded API responses (tests/data/api/) for the fetch tests.

Routes match a path and the query parameters given (others are ignored); each route answers
its responses in turn, the last one again for any further request. Every request is logged
with its query and headers, so a test can see what was sent, and how often.
"""
from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "api"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"

    @classmethod
    def file(cls, name: str, status: int = 200, **kw) -> Reply:
        path = DATA / name
        ctype = "application/atom+xml; charset=utf-8" if path.suffix == ".xml" else "application/json"
        return cls(status, path.read_bytes(), content_type=ctype, **kw)

    @classmethod
    def json(cls, value, status: int = 200, **kw) -> Reply:
        return cls(status, json.dumps(value).encode(), **kw)


@dataclass
class Logged:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class RecordedApi:
    routes: list[tuple[str, dict[str, str], list[Reply]]] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)
    url: str = ""

    def add(self, path: str, *replies: Reply, **query: str) -> None:
        self.routes.insert(0, (path, query, list(replies)))  # later routes win

    def answer(self, path: str, query: dict[str, str]) -> Reply:
        for route_path, wanted, replies in self.routes:
            if route_path == path and all(query.get(k) == v for k, v in wanted.items()):
                return replies.pop(0) if len(replies) > 1 else replies[0]
        return Reply.json({"error": "Not Found"}, 404)

    def hits(self, path: str) -> list[Logged]:
        return [r for r in self.requests if r.path == path]


def serve(api: RecordedApi):
    """Start a server for `api` on 127.0.0.1 (a free port); returns the server (call shutdown())."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(parts.path)
            query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
            api.requests.append(Logged(path, query, {k.lower(): v for k, v in self.headers.items()}))
            reply = api.answer(path, query)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
