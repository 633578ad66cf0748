"""A pass-through proxy in front of the emulator that shows one system tag on every VBR and router interface.

The cloud attaches tags such as ``acs:rm:rgId`` or ``aliyun...`` itself, and its tag APIs refuse those keys, so no
API call can give one to an emulator resource. The proxy adds it to the Describe answers only; every request still
reaches the emulator (and its call log) unchanged. Signature V2 does not cover the host, so requests stay valid.
"""

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ITEM_PATHS = (("VirtualBorderRouterSet", "VirtualBorderRouterType"), ("RouterInterfaceSet", "RouterInterfaceType"))


def add_tag(body, tag):
    """The Describe answer with ``tag`` appended to every item's Tags.Tags (other answers unchanged)."""
    try:
        response = json.loads(body)
    except ValueError:
        return body
    if not isinstance(response, dict):
        return body
    for outer, inner in ITEM_PATHS:
        for item in (response.get(outer) or {}).get(inner) or []:
            item.setdefault("Tags", {}).setdefault("Tags", []).append(dict(tag))
    return json.dumps(response).encode()


class SystemTagProxy:
    def __init__(self, upstream, key="aliyun:created-by", value="console"):
        tag = {"Key": key, "Value": value}

        class Handler(BaseHTTPRequestHandler):
            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else None
                request = urllib.request.Request(upstream + self.path, data=data, method=self.command)
                for name, value in self.headers.items():
                    if name.lower() not in ("host", "content-length", "connection"):
                        request.add_header(name, value)
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, body = response.status, response.read()
                except urllib.error.HTTPError as err:
                    status, body = err.code, err.read()
                body = add_tag(body, tag) if status == 200 else body
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _forward  # noqa: N815 (http.server's naming)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.env = {"ALICLOUD_VPC_ENDPOINT": self.url}

    def __enter__(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
