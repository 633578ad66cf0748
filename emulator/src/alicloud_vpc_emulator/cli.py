"""Command line: `alicloud-vpc-emulator --port 0 --ready-file FILE [options]`."""

import argparse
import json
import os
import signal
import sys
import threading

from . import faults, fixtures
from .app import App
from .server import Server


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="alicloud-vpc-emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--ready-file", help="written (atomically) with {port, url, pid} once listening")
    parser.add_argument("--access-key-id", help="replaces the default test-access-key-id")
    parser.add_argument("--access-key-secret", help="secret of --access-key-id")
    parser.add_argument("--fixtures", help="JSON fixtures file (default: the bundled one)")
    parser.add_argument("--latency-scale", type=float, default=1.0, help="multiplies the latency profile; 0 = instant")
    parser.add_argument("--faults", default="",
                        help="e.g. throttle=0.1,unavailable=0.03,internal=0.01,lost=0.03,lag=1.0")
    parser.add_argument("--rate-limit", type=float, default=0, help="requests per second per AccessKeyId; 0 = off")
    parser.add_argument("--latency-jitter", type=float, default=0.0,
                        help="each transition lasts profile x scale x a factor drawn uniformly from [1-J, 1+J]")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fault and latency-jitter generators")
    parser.add_argument("--log-file", help="append every API call (as in /_emulator/calls) as a JSON line")
    args = parser.parse_args(argv)
    if bool(args.access_key_id) != bool(args.access_key_secret):
        parser.error("--access-key-id and --access-key-secret go together")
    if args.latency_jitter < 0:
        parser.error("--latency-jitter must be 0 or more")
    try:
        faults.parse_spec(args.faults)
    except ValueError as error:
        parser.error(str(error))
    return args


def write_ready_file(path, port, host):
    data = {"port": port, "url": "http://%s:%d" % (host, port), "pid": os.getpid()}
    tmp = path + ".tmp"
    with open(tmp, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def main(argv=None):
    args = parse_args(argv)
    app = App(fixtures.load(args.fixtures), args.access_key_id, args.access_key_secret, args.latency_scale,
              args.faults, args.rate_limit, args.seed, args.log_file, args.latency_jitter)
    server = Server((args.host, args.port), app)
    port = server.server_address[1]
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, name="emulator-http", daemon=True)
    thread.start()
    if args.ready_file:
        write_ready_file(args.ready_file, port, args.host)
    print("alicloud-vpc-emulator listening on http://%s:%d" % (args.host, port), file=sys.stderr, flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
