"""The emulator application: one lock around the whole state, the API pipeline and the admin operations."""

import threading
import time
import uuid

from . import faults as fault_mod
from . import fixtures as fixture_file
from . import bgp_group, bgp_network, bgp_peer, health, idempotency, route_entry, route_table, router_interface, vbr
from .actions import ACTIONS, VERSION, is_mutating
from .auth import Authenticator
from .calllog import CallLog
from .errors import ApiError, bad_request, missing
from .latency import checked_overrides
from .params import Params
from .regions import DEFAULT_REGION, REGIONS
from .store import Store


class Context:
    """What a handler sees: the store, the time of the request, its region and the caller's account (UID)."""

    def __init__(self, store, now, region, account):
        self.store, self.now, self.region, self.account = store, now, region, account

    def lookup(self, collection, rid):
        """The caller's record `rid` in the request's region, or None (see Store.lookup)."""
        return self.store.lookup(collection, rid, self.region, self.account, self.now)

    def owned(self, collection):
        """The caller's records in the request's region, oldest first."""
        return self.store.owned_in(collection, self.region, self.account)

    def new_record(self, ready_at=None, **fields):
        """A record of the caller's in the request's region, made now."""
        return self.store.new_record(self.region, self.account, self.now, ready_at, **fields)


class App:
    def __init__(self, fixtures, key_id=None, secret=None, latency_scale=0.0, faults="", rate_limit=0, seed=0,
                 log_file=None, latency_jitter=0.0):
        self.lock = threading.Lock()
        self.fixtures = fixtures
        self.accounts = [dict(account) for account in fixture_file.accounts(fixtures)]
        if key_id:  # the command line's key pair replaces the first account's
            self.accounts[0].update(AccessKeyId=key_id, AccessKeySecret=secret, _secret_given=True)
        self.store = Store(fixtures, latency_scale, latency_jitter=latency_jitter, seed=seed)
        self.auth = Authenticator(self.accounts)
        self.faults = fault_mod.Faults(faults, seed)
        self.store.lag = self.faults.lag
        self.limiter = fault_mod.RateLimiter(rate_limit)
        self.log = CallLog(log_file)

    # API ----------------------------------------------------------------------------------------------------
    def handle_api(self, request):
        """Answer an ApiRequest: (http_status, body, fault); fault "lost" tells the server to drop the connection."""
        raw = request.params
        request_id = str(uuid.uuid4()).upper()
        action_name = raw.get("Action") or None
        outcome = {"fault": None, "access_key_id": None}
        with self.lock:
            try:
                status, body = 200, dict({"RequestId": request_id}, **self._run(request, raw, action_name, outcome))
            except ApiError as error:
                status, body = error.http_status, error.body(request_id)
            # Only an error's Code: DescribeRouteTableList's success body carries Code "200" too.
            code = body.get("Code") if status != 200 else None
            self.log.record(action_name, raw, status, code, outcome["fault"], request_id,
                            is_mutating(action_name), request.signature, outcome["access_key_id"])
        return status, body, outcome["fault"]

    def _run(self, request, raw, action_name, outcome):
        if not action_name:
            raise missing("Action")
        caller = self.auth.authenticate(request)
        outcome["access_key_id"] = caller.key_id
        if not raw.get("Version"):
            raise missing("Version")
        if raw["Version"] != VERSION:
            raise bad_request("InvalidVersion", "Specified parameter Version is not valid.")  # [UNCONFIRMED] code
        action = ACTIONS.get(action_name)
        if action is None:
            raise ApiError(404, "InvalidAction.NotFound",
                           "Specified api is not found, please check your url and method.")
        try:
            self.limiter.check(caller.key_id)
        except ApiError:
            outcome["fault"] = "rate_limit"
            raise
        outcome["fault"] = self.faults.draw()
        if outcome["fault"] in fault_mod.ERRORS:
            raise fault_mod.Faults.error(outcome["fault"])
        return self._execute(action_name, action, raw, caller)

    def _execute(self, action_name, action, raw, caller):
        p = Params(raw)
        for name in action.required:
            p.required(name)
        region = p.get("RegionId", DEFAULT_REGION)
        if region not in REGIONS:
            raise ApiError(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.")
        now = time.time()
        self.store.settle(now)
        tokens = self.store.tokens
        if action.client_token:
            replay = idempotency.lookup(tokens, caller, action_name, raw)
            if replay is not None:
                return replay
        answer = action.handler(Context(self.store, now, region, caller.account), p)
        if action.client_token:
            idempotency.remember(tokens, caller, action_name, raw, answer)
        return answer

    # Admin --------------------------------------------------------------------------------------------------
    def state(self, account=None, region=None):
        """Every resource of one account in one region: by default the first account in the fixtures' region (the
        default world); "all" for either widens the view to every account or every region."""
        account = account or self.accounts[0]["Uid"]
        region = region or self.fixtures["region"]
        with self.lock:
            now = time.time()
            store = self.store
            store.settle(now)
            ctx = Context(store, now, None, None)

            def shown(collection):
                return [r for r in collection.values()
                        if account in ("all", r["_owner"]) and region in ("all", r["_region"])]
            return {
                "VirtualBorderRouters": [vbr.render(v) for v in shown(store.vbrs)],
                "RouterInterfaces": [router_interface.render(store, ri) for ri in shown(store.ris)],
                "RouteTables": [route_table.render_state(t) for t in shown(store.tables)],
                "RouteEntries": [route_entry.render(ctx, e) for e in shown(store.entries)],
                "BgpGroups": [bgp_group.render(g) for g in shown(store.bgp_groups)],
                "BgpPeers": [bgp_peer.render(store, peer, now) for peer in shown(store.bgp_peers)],
                "BgpNetworks": [bgp_network.render(n) for n in shown(store.bgp_networks)],
                # A grant belongs to the VPC's owner (AliUid) in the VPC's region (RegionNo), as DescribeEcGrantRelation
                # shows it to that owner.
                "Grants": [dict(g) for g in store.grants
                           if account in ("all", str(g["AliUid"])) and region in ("all", g["RegionNo"])],
                "Transitions": store.transition_view(),  # drawn durations: state items keep the API's fields only
            }

    def calls(self):
        with self.lock:
            return {"calls": list(self.log.calls)}

    def reset(self):
        with self.lock:
            self.store.reset()
            self.log.reset()
            self.auth.reset()
            self.limiter.configure(self.limiter.qps)
            return {"reset": True}

    def path(self, request, down):
        """The rehearsal switch: take one line's path down (or bring it up), named by a VBR or router interface id.

        Only what the cloud would derive from its probes changes (health.py); statuses and routes stay as they are.
        """
        line_id = request.get("id") if isinstance(request, dict) else None
        if not isinstance(line_id, str) or not line_id:
            raise ValueError('the body must be {"id": "<vbr-... or ri-...>"}')
        with self.lock:
            if down and not health.known_line(self.store, line_id):
                raise ValueError("no VBR or router interface %r" % (line_id,))
            if down:
                self.store.down_paths.add(line_id)
            else:
                self.store.down_paths.discard(line_id)  # up again, or never down: nothing to do
            return {"down": sorted(self.store.down_paths)}

    def configure(self, settings):
        unknown = set(settings) - {"latency_scale", "latency_jitter", "profile", "faults", "rate_limit", "seed"}
        if unknown:
            raise ValueError("unknown settings: %s" % ", ".join(sorted(unknown)))
        jitter = settings.get("latency_jitter")
        jitter = None if jitter is None else _jitter(jitter)  # a bad value changes nothing
        overrides = None if settings.get("profile") is None else checked_overrides(settings["profile"])
        with self.lock:
            if overrides is not None:
                self.store.latency.overrides = overrides  # replaces earlier overrides; {} restores the profile
            if settings.get("latency_scale") is not None:
                self.store.latency_scale = float(settings["latency_scale"])
            if jitter is not None:
                self.store.latency.jitter = jitter
            if settings.get("seed") is not None:
                self.store.latency.reseed(settings["seed"])  # restarts the duration sequence too
            if "faults" in settings or settings.get("seed") is not None:
                self.faults.configure(settings.get("faults"), settings.get("seed"))
                self.store.lag = self.faults.lag
            if "rate_limit" in settings:
                self.limiter.configure(float(settings["rate_limit"] or 0))
            return self._config()

    def _config(self):
        return {"latency_scale": self.store.latency_scale, "latency_jitter": self.store.latency.jitter,
                "profile": dict(self.store.latency.overrides),
                "faults": dict(self.faults.probabilities),
                "rate_limit": self.limiter.qps, "seed": self.faults.seed}

    def fixture_view(self):
        """What a user needs to drive the default world: the accounts' credentials (except a secret given on the
        command line), and each circuit's and VPC's IDs, with the region and owner where the file names them."""
        keep = lambda item, keys: {k: item[k] for k in keys if k in item}  # noqa: E731
        placed = fixture_file.PLACEMENT_KEYS
        return {"region": self.fixtures["region"],
                "accounts": [keep(a, ("Uid", "AccessKeyId", "StsIdentities")
                                  + (() if a.get("_secret_given") else ("AccessKeySecret",))) for a in self.accounts],
                "physical_connections": [keep(pc, ("PhysicalConnectionId", "AccessPointId", "Status") + placed)
                                         for pc in self.fixtures["physical_connections"]],
                "vpcs": [keep(v, ("VpcId", "VRouterId", "RouteTableId", "CidrBlock", "VSwitchCidrs") + placed)
                         for v in self.fixtures["vpcs"]]}

    def profile(self):
        with self.lock:
            return {"profile": self.store.latency.profile(), "latency_scale": self.store.latency_scale,
                    "latency_jitter": self.store.latency.jitter}


def _jitter(value):
    jitter = float(value)
    if jitter < 0:
        raise ValueError("latency_jitter must be 0 or more")
    return jitter

