"""Start the bundled VPC API emulator as a real process and talk to its admin endpoints."""

import json
import os
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .paths import VENV_BIN

ACCESS_KEY_ID = "test-access-key-id"
ACCESS_KEY_SECRET = "test-access-key-secret"
REGION = "cn-hangzhou"


class EmulatorProcess:
    """One emulator server process; use as a context manager or call start()/stop()."""

    def __init__(self, latency_scale=0.0, faults=None, rate_limit=None, seed=1, fixtures=None, log_file=None,
                 latency_jitter=None):
        self.args = ["--latency-scale", str(latency_scale), "--seed", str(seed)]
        if latency_jitter:
            self.args += ["--latency-jitter", str(latency_jitter)]
        if faults:
            self.args += ["--faults", faults]
        if rate_limit:
            self.args += ["--rate-limit", str(rate_limit)]
        if fixtures:
            self.args += ["--fixtures", str(fixtures)]
        if log_file:
            self.args += ["--log-file", str(log_file)]
        self.process = None
        self.url = None
        self._workdir = None

    def start(self, timeout=30):
        self._workdir = tempfile.TemporaryDirectory(prefix="emulator-")
        ready = Path(self._workdir.name) / "ready.json"
        command = [str(VENV_BIN / "alicloud-vpc-emulator"), "--port", "0", "--ready-file", str(ready)] + self.args
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self.process.poll() is not None:
                raise RuntimeError("emulator exited: %s" % self.process.stderr.read().decode())
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("emulator did not become ready within %ss" % timeout)
            time.sleep(0.05)
        self.url = json.loads(ready.read_text())["url"]
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()
        if self._workdir:
            self._workdir.cleanup()
            self._workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # Admin endpoints (no signature needed).
    def _admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method="GET" if body is None else "POST")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            payload = response.read()
        return json.loads(payload) if payload else {}

    def reset(self):
        return self._admin("reset", {})

    def configure(self, **settings):
        return self._admin("config", settings)

    def state(self, account=None, region=None):
        """The resources of the default world (the first account, the fixtures' region); `account` (a UID) and
        `region` choose others, "all" widens either (emulator README, admin endpoints)."""
        query = urllib.parse.urlencode({k: v for k, v in (("account", account), ("region", region)) if v})
        return self._admin("state" + ("?" + query if query else ""))

    def calls(self):
        return self._admin("calls")["calls"]

    def fixtures(self):
        return self._admin("fixtures")

    def path_down(self, line_id):
        """Rehearse a failure: the line of this VBR or router interface id goes down (emulator README, Line health);
        answers the ids now down."""
        return self._admin("path-down", {"id": line_id})["down"]

    def path_up(self, line_id):
        return self._admin("path-up", {"id": line_id})["down"]

    @property
    def env(self):
        """Environment that points the collection's modules at this emulator."""
        return {
            "ALICLOUD_ACCESS_KEY": ACCESS_KEY_ID,
            "ALICLOUD_SECRET_KEY": ACCESS_KEY_SECRET,
            "ALICLOUD_REGION": REGION,
            "ALICLOUD_VPC_ENDPOINT": self.url,
        }

    def sdk_client(self, secret=ACCESS_KEY_SECRET):
        """A real SDK client aimed at the emulator, for test setup outside Ansible."""
        from aliyunsdkcore.client import AcsClient

        client = AcsClient(ACCESS_KEY_ID, secret, REGION, auto_retry=False)
        client.add_endpoint(REGION, "Vpc", self.url.split("://", 1)[1])
        return client


def clean_env():
    """The caller's environment without credentials that could leak into a test run."""
    prefixes = ("ALICLOUD_", "ALIBABA_CLOUD_", "ALIYUN_")
    return {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
