"""One API request as the server received it, and where each signature version puts the API's parameters."""

from urllib.parse import parse_qsl

# V3 carries the action and version in headers; the pipeline reads both from the parameters, as in V2.
V3_HEADERS = (("Action", "x-acs-action"), ("Version", "x-acs-version"))


class ApiRequest:
    def __init__(self, method, path, query, headers, body):
        """`headers`: (name, value) pairs as received; `query`: the raw query string; `body`: bytes."""
        self.method, self.path, self.query, self.body = method, path or "/", query, body
        self.headers = {}
        for name, value in headers:
            self.headers.setdefault(name.lower(), []).append(value)
        self.params = self._form_and_query()
        self.signature = self._version()
        if self.signature == "v3":
            for param, header in V3_HEADERS:
                self.params.pop(param, None)
                if self.header(header):
                    self.params[param] = self.header(header)

    def header(self, name):
        """A header's value (repeated ones joined by commas), or None."""
        values = self.headers.get(name)
        return None if values is None else ",".join(value.strip() for value in values)

    def _version(self):
        """V3 signs in the Authorization header. V2 signs in the parameters, and the Tea SDK's V2 mode sends the
        x-acs-action header too; a request with neither signature but that header is an unsigned V3 one."""
        if "authorization" in self.headers:
            return "v3"
        signed_v2 = "Signature" in self.params or "AccessKeyId" in self.params
        return "v3" if "x-acs-action" in self.headers and not signed_v2 else "v2"

    def _form_and_query(self):
        params = dict(parse_qsl(self.query, keep_blank_values=True))
        if self.method == "POST" and self.body and "json" not in (self.header("content-type") or ""):
            params.update(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        return params
