"""Unit-test fixtures: the collection on sys.path, a recording HTTP server and a fake clock."""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest

COLLECTIONS = str(Path(__file__).resolve().parents[2] / "collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

DROP = "drop"  # scripted reply: read the request, then close the connection without answering (test_client.DROP)


class RecordingServer:
    """A real HTTP server the real SDK talks to: records each request, answers from a script."""

    def __init__(self):
        self.requests = []
        self.replies = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                query = dict(parse_qsl(urlparse(self.path).query, keep_blank_values=True))
                server.requests.append({"params": query, "headers": dict(self.headers)})
                reply = server.replies.pop(0) if server.replies else (200, {"RequestId": "req-ok"})
                if reply == DROP:
                    self.close_connection = True
                    return
                status, body = reply
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    def script(self, *replies):
        self.replies.extend(replies)

    @property
    def actions(self):
        return [r["params"].get("Action") for r in self.requests]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeClock:
    """time.monotonic/time.sleep stand-ins: sleeping advances the clock, nothing really waits."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server():
    srv = RecordingServer()
    yield srv
    srv.close()


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No credentials, region, profile or endpoint from the developer's environment or home."""
    for name in ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_REGION",
                 "ALICLOUD_PROFILE", "ALICLOUD_VPC_ENDPOINT", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_REGION_ID",
                 "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return monkeypatch
