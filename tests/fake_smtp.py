"""A real SMTP server on localhost for the tests (stdlib socketserver, one thread per
connection), with a mode that can change while it runs:

- ``accept``: takes every message and keeps it in ``received`` (the raw text);
- ``refuse``: answers the recipient with 550 (a permanent refusal);
- ``busy``: answers the recipient with 451 (try again later);
- ``hang``: accepts the connection and never says a word.
"""

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Handler(socketserver.StreamRequestHandler):
    server: "FakeSMTPServer"

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.server.connections += 1
        if self.server.mode == "hang":
            self.server.stopped.wait()  # never a greeting; released when the test ends
            return
        self.reply("220 fake.example ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 fake.example")
            elif command.startswith("MAIL FROM"):
                self.reply("250 2.1.0 OK")
            elif command.startswith("RCPT TO"):
                if self.server.mode == "refuse":
                    self.reply("550 5.1.1 Mailbox unavailable")
                elif self.server.mode == "busy":
                    self.reply("451 4.3.0 Try again later")
                else:
                    self.reply("250 2.1.5 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data.decode("utf-8", "replace"))
                self.server.received.append("".join(lines))
                self.reply("250 2.0.0 Queued")
            elif command in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognized")


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.received: list[str] = []
        self.connections = 0
        self.stopped = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]


@contextmanager
def fake_smtp(mode: str) -> Iterator[FakeSMTPServer]:
    server = FakeSMTPServer(mode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopped.set()
        server.shutdown()
        server.server_close()
