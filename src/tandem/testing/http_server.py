"""A real HTTP server in a thread, for tests of code that fetches URLs (calendar subscriptions,
the SSRF guard): each path answers a fixed status, headers and body, and every request is
recorded so a test can tell that nothing was asked."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    chunked: bool = False  # send without Content-Length, in chunks


@dataclass
class LocalServer:
    host: str
    port: int
    routes: dict[str, Answer]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"


def _handler(server: LocalServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's hook name)
            server.requests.append((self.path, self.headers.get("Host", "")))
            answer = server.routes.get(self.path, Answer(404, b"not here"))
            if answer.delay_seconds:
                time.sleep(answer.delay_seconds)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if answer.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(answer.body), 8192):
                    piece = answer.body[start : start + 8192]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


@contextmanager
def serve(
    routes: dict[str, Answer], host: str = "127.0.0.1", port: int = 0
) -> Iterator[LocalServer]:
    """Serve ``routes`` on ``host`` (a free port unless given) until the block ends."""
    state = LocalServer(host, port, routes)
    httpd = http.server.ThreadingHTTPServer((host, port), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
