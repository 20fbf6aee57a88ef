"""A local HTTP receiver standing in for the platforms' robot endpoints: it records what
it is sent and fails the first N requests. Tests route the platforms' hosts to it with
settings.SUPERVISION_WEBHOOK_ROUTES, so nothing leaves the machine."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    path: str
    query: dict
    body: dict


@dataclass
class Receiver:
    failures: int = 0
    received: list = field(default_factory=list)
    attempts: int = 0
    url: str = ""


def start_receiver(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            receiver.attempts += 1
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            if receiver.attempts <= receiver.failures:
                self.answer(200, {"errcode": 45009, "code": 9499, "errmsg": "busy"})
                return
            parts = urlsplit(self.path)
            receiver.received.append(Received(parts.path, parse_qs(parts.query), body))
            self.answer(200, {"errcode": 0, "code": 0, "errmsg": "ok"})

        def answer(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server
