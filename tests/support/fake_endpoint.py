"""Endpoints that are not the VPC API, for the wrong-endpoint tests: a web server with one canned answer (HTTP, or
HTTPS with a self-signed certificate made here), and a local port where nothing listens."""

import datetime
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed_certificate(directory, host="127.0.0.1"):
    """Write cert.pem and key.pem for host (an IP address, also named localhost) into directory; their paths.

    The certificate is valid for the host, so verifying it fails only because nothing trusts it; cert.pem is also the
    CA bundle that makes it trusted.
    """
    directory = Path(directory)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wrong-endpoint test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def closed_port(host="127.0.0.1"):
    """A local TCP port where nothing listens (bound, then released)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class FakeEndpoint:
    """A server that answers every request with the same status and body, whatever the path or verb.

    connections counts the TCP connections accepted (a failed TLS handshake included: the request never arrives),
    requests the HTTP requests read. tls_dir: serve HTTPS with a self-signed certificate written there (cert_path).
    """

    def __init__(self, body=b"{}", status=200, content_type="application/json", tls_dir=None):
        self.body = body if isinstance(body, bytes) else body.encode()
        self.status = status
        self.content_type = content_type
        self.connections = 0
        self.requests = []
        self.cert_path = None
        context = None
        if tls_dir:
            self.cert_path, key_path = self_signed_certificate(tls_dir)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(self.cert_path), str(key_path))
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                fake.requests.append((self.command, self.path))
                self.send_response(fake.status)
                self.send_header("Content-Type", fake.content_type)
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                self.wfile.write(fake.body)

            do_GET = do_POST = _answer  # noqa: N815 (http.server's naming)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def get_request(self):
                sock, address = self.socket.accept()
                fake.connections += 1
                if context is not None:
                    sock.settimeout(5)
                    # A client that refuses the certificate ends the handshake: OSError, ignored by socketserver.
                    sock = context.wrap_socket(sock, server_side=True)
                return sock, address

            def handle_error(self, request, client_address):
                pass  # a client that hung up mid-answer is not the test's concern

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = "%s://127.0.0.1:%d" % ("https" if context else "http", self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
