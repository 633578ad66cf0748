"""HTTP front: the RPC endpoint (any path, GET or POST) and the unsigned /_emulator/* admin endpoints."""

import json
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .request import ApiRequest

ADMIN_PREFIX = "/_emulator/"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "alicloud-vpc-emulator"
    disable_nagle_algorithm = True  # headers and body go out in two writes; avoid the 40 ms delayed-ACK stall

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def log_message(self, *args):
        """Quiet: the call log (and --log-file) records API traffic."""

    def _dispatch(self, method):
        url = urlsplit(self.path)
        body = self._read_body()
        if url.path.startswith(ADMIN_PREFIX):
            self._admin(method, url.path[len(ADMIN_PREFIX):], dict(parse_qsl(url.query)), body)
            return
        request = ApiRequest(method, url.path, url.query, self.headers.items(), body)
        status, payload, fault = self.server.app.handle_api(request)
        if fault == "lost":
            self._drop()
            return
        self._send(status, payload, payload.get("RequestId"))

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _drop(self):
        """The lost-response fault: the work is done, the client never hears back."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send(self, status, payload, request_id=None):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if request_id:
            self.send_header("x-acs-request-id", request_id)
        self.end_headers()
        self.wfile.write(data)

    def _admin(self, method, name, query, body):
        app = self.server.app
        routes = {("GET", "state"): lambda: app.state(query.get("account"), query.get("region")),
                  ("GET", "calls"): app.calls, ("GET", "fixtures"): app.fixture_view,
                  ("GET", "profile"): app.profile, ("POST", "reset"): app.reset,
                  ("POST", "config"): lambda: app.configure(json.loads(body or b"{}")),
                  ("POST", "path-down"): lambda: app.path(json.loads(body or b"{}"), down=True),
                  ("POST", "path-up"): lambda: app.path(json.loads(body or b"{}"), down=False)}
        route = routes.get((method, name.rstrip("/")))
        if route is None:
            self._send(404, {"error": "unknown admin endpoint %s %s%s" % (method, ADMIN_PREFIX, name)})
            return
        try:
            self._send(200, route())
        except ValueError as error:
            self._send(400, {"error": str(error)})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, app):
        super().__init__(address, Handler)
        self.app = app
