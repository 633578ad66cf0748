"""Shared helpers of the reliability suite (soak, interruptions, bad input, secrets, exact check mode).

Importable both from pytest (tests/reliability is on sys.path as the test files' directory) and from
``tests/reliability/soak.py`` run as a script (which puts tests/ and tests/reliability/ on sys.path).

Everything here looks at the emulator from the outside: its admin state dump and its call log. Nothing here
imports the collection's own code, so a bug in module_utils cannot hide itself from these checks.
"""

import collections
import ipaddress
import json
import os
import signal
import subprocess
from pathlib import Path

import yaml

# The call-log filters, for the reliability suite as lib.calls_since, lib.last_seq and lib.mutating.
from support.calls import calls_since, last_seq, mutating  # noqa: F401
from support.paths import REPO_ROOT, VENV_BIN

PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect.yml"
EMULATOR_VARS = REPO_ROOT / "playbooks" / "vars" / "emulator.yml"
# The same interconnect with BGP and a static route to the data centre: the BGP file goes on top of the other.
EMULATOR_BGP_VARS = (EMULATOR_VARS, REPO_ROOT / "playbooks" / "vars" / "emulator-bgp.yml")
# The fullest topology: two lines (BGP on one, a static route to the circuit on the other) into the second account's
# VPC in another region, with the VPC owner's grant.
LANDING_ZONE_VARS = (EMULATOR_VARS, REPO_ROOT / "playbooks" / "vars" / "emulator-landing-zone.yml")
ROLE_DEFAULTS = REPO_ROOT / "roles" / "interconnect" / "defaults" / "main.yml"

SOAK_FAULTS = "throttle=0.1,unavailable=0.03,internal=0.01,lost=0.03,lag=1.0"
# Per-AccessKey token bucket (burst = QPS). 5 QPS is the documented flow control of CreateRouterInterface
# (300 requests per 60 s) and, unlike 50 QPS, it really bites a sequential playbook (1-2 rejections per run).
SOAK_RATE_LIMIT = 5

# Create* actions (and AddBgpNetwork) and the natural key of the resource each one makes. Within one build, a key is
# created once. GrantInstanceToVbr is not one: it takes no ClientToken, and granting again changes nothing (the
# grants are counted from the state dump instead: check_built, leftovers).
CREATE_ACTIONS = ("CreateVirtualBorderRouter", "CreateRouterInterface", "CreateRouteEntry", "CreateBgpGroup",
                  "CreateBgpPeer", "AddBgpNetwork")


# ------------------------------------------------------------------------------------------------
# What the playbook declares
# ------------------------------------------------------------------------------------------------

def normalize_cidr(value):
    """'10.0.0.0/8' -> '10.0.0.0/8'; a bare IP -> /32; None when it does not parse."""
    try:
        return str(ipaddress.ip_network(str(value).strip(), strict=False))
    except ValueError:
        return None


def _route_cidrs(routes):
    cidrs = []
    for route in routes or []:
        if isinstance(route, dict):
            route = route.get("destination_cidr_block") or route.get("cidr") or route.get("cidr_block")
        cidrs.append(normalize_cidr(route))
    return cidrs


def _load_yaml(path):
    path = Path(path)
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text()) or {}


def vars_files(vars_file):
    """One vars file, or several in the order given to ansible-playbook (a later one's keys replace an earlier's)."""
    return [vars_file] if isinstance(vars_file, (str, Path)) else list(vars_file)


def declared_bgp(variables, bgp=None, peer_ip=None):
    """interconnect_bgp (or a line's bgp with its peer_gateway_ip) with the role's documented defaults filled in (None
    when BGP is not set)."""
    if bgp is None:
        bgp, peer_ip = variables.get("interconnect_bgp"), variables.get("interconnect_peer_gateway_ip")
    if not bgp:
        return None
    declared = {"peer_ip": peer_ip, "bfd": False, "local_asn": None,
                "bfd_multi_hop": None, "advertised_networks": variables.get("interconnect_vbr_routes"),
                "wait_established": False}
    declared.update(bgp)
    declared["advertised_networks"] = _route_cidrs(declared["advertised_networks"])
    declared["name"] = variables.get("interconnect_name")
    return declared


def declared_lines(variables):
    """interconnect_lines, or the single-line variables as a list of one: each line's physical_connection_id,
    vlan_id (int), idc_routes (normalised) and bgp (declared_bgp)."""
    given = variables.get("interconnect_lines") or [{
        "physical_connection_id": variables.get("interconnect_physical_connection_id"),
        "vlan_id": variables.get("interconnect_vlan_id"), "idc_routes": variables.get("interconnect_idc_routes"),
        "bgp": variables.get("interconnect_bgp"), "peer_gateway_ip": variables.get("interconnect_peer_gateway_ip")}]
    return [{"physical_connection_id": line["physical_connection_id"], "vlan_id": int(line["vlan_id"]),
             "idc_routes": _route_cidrs(line.get("idc_routes")),
             "bgp": declared_bgp(variables, line.get("bgp") or {}, line.get("peer_gateway_ip"))}
            for line in given]


def declared_interconnect(vars_file=EMULATOR_VARS, fixtures=None, overrides=None):
    """The interconnect the playbook declares: merged role defaults, vars file(s) and overrides.

    Returns a dict with lines (declared_lines), vpc_router_id, vpc_route_table_id, vbr_routes and vpc_routes
    (normalised CIDR lists), grant (whether the role grants the VPC to the VBRs: the VPC in another account), plus the
    first line's physical_connection_id, vlan_id, idc_routes and bgp, and the raw variables under "vars".
    """
    variables = {}
    variables.update(_load_yaml(ROLE_DEFAULTS))
    for path in vars_files(vars_file):
        variables.update(_load_yaml(path))
    variables.update(overrides or {})
    router = variables.get("interconnect_vpc_router_id")
    table = variables.get("interconnect_vpc_route_table_id")
    if (not table or "{{" in str(table)) and fixtures:
        table = next((vpc["RouteTableId"] for vpc in fixtures["vpcs"] if vpc["VRouterId"] == router), None)
    lines = declared_lines(variables)
    first = lines[0]
    return {
        "lines": lines,
        "physical_connection_id": first["physical_connection_id"],
        "vlan_id": first["vlan_id"],
        "vpc_router_id": router,
        "vpc_route_table_id": table,
        "vbr_routes": _route_cidrs(variables.get("interconnect_vbr_routes")),
        "vpc_routes": _route_cidrs(variables.get("interconnect_vpc_routes")),
        "idc_routes": first["idc_routes"],
        "bgp": first["bgp"],
        "grant": bool(variables.get("interconnect_vpc_owner_uid")) and str(
            variables.get("interconnect_vpc_grant", True)).lower() in ("true", "yes", "1"),
        "vars": variables,
    }


def logical_creates(declared):
    """How many resources the declared interconnect is made of (each one logical create): per line the VBR, its two
    interfaces, its routes toward the VPC and the circuit and its BGP objects; the VPC's routes once (one entry per
    destination over every line's acceptor)."""
    count = len(declared["vpc_routes"])
    for line in declared["lines"]:
        count += 3 + len(declared["vbr_routes"]) + len(line["idc_routes"])
        if line["bgp"]:
            count += 2 + len(line["bgp"]["advertised_networks"])  # the group, the peer, the networks
    return count


# ------------------------------------------------------------------------------------------------
# Reading the emulator's state dump
# ------------------------------------------------------------------------------------------------

def next_hop_ids(entry):
    """Next-hop IDs of a route entry, whatever shape the dump uses."""
    ids = []
    hops = entry.get("NextHops")
    if isinstance(hops, dict):
        hops = hops.get("NextHop")
    for hop in hops or []:
        if hop.get("NextHopId"):
            ids.append(hop["NextHopId"])
    for key in ("NextHopId", "InstanceId"):
        if not ids and entry.get(key):
            ids.append(entry[key])
    return ids


def entry_key(entry):
    return (entry.get("RouteTableId"), normalize_cidr(entry.get("DestinationCidrBlock")))


def is_custom(entry):
    return entry.get("Type", "Custom") != "System"


def network_key(network):
    """A BGP network has no ID of its own: (VBR, CIDR)."""
    return (network.get("RouterId"), normalize_cidr(network.get("DstCidrBlock")))


def grant_key(grant):
    """A grant has no ID of its own: (VPC, VBR owner, VBR region, type, VBR or "" for All)."""
    return (grant.get("InstanceId"), str(grant.get("VbrOwnerUid")), grant.get("VbrRegionNo"), grant.get("GrantType"),
            grant.get("VbrInstanceId"))


def world_state(emulator):
    """The state dump of every account in every region: the VPC may be another account's, in another region."""
    return emulator.state(account="all", region="all")


def baseline(state):
    """IDs present in a freshly reset emulator (fixtures), to tell created resources from fixtures."""
    return {
        "vbrs": {v["VbrId"] for v in state.get("VirtualBorderRouters", [])},
        "ris": {r["RouterInterfaceId"] for r in state.get("RouterInterfaces", [])},
        "tables": {t["RouteTableId"] for t in state.get("RouteTables", [])},
        "entries": {entry_key(e) for e in state.get("RouteEntries", [])},
        "bgp_groups": {g["BgpGroupId"] for g in state.get("BgpGroups", [])},
        "bgp_peers": {p["BgpPeerId"] for p in state.get("BgpPeers", [])},
        "bgp_networks": {network_key(n) for n in state.get("BgpNetworks", [])},
        "grants": {grant_key(g) for g in state.get("Grants", [])},
    }


def created_resources(state, base):
    """Resources in ``state`` that are not in the baseline (i.e. made since the reset)."""
    return {
        "vbrs": [v for v in state.get("VirtualBorderRouters", []) if v["VbrId"] not in base["vbrs"]],
        "ris": [r for r in state.get("RouterInterfaces", []) if r["RouterInterfaceId"] not in base["ris"]],
        "tables": [t for t in state.get("RouteTables", []) if t["RouteTableId"] not in base["tables"]],
        "entries": [e for e in state.get("RouteEntries", []) if entry_key(e) not in base["entries"]],
        "bgp_groups": [g for g in state.get("BgpGroups", []) if g["BgpGroupId"] not in base["bgp_groups"]],
        "bgp_peers": [p for p in state.get("BgpPeers", []) if p["BgpPeerId"] not in base["bgp_peers"]],
        "bgp_networks": [n for n in state.get("BgpNetworks", []) if network_key(n) not in base["bgp_networks"]],
        "grants": [g for g in state.get("Grants", []) if grant_key(g) not in base.get("grants", ())],
    }


def describe_resource(kind, item):
    if kind == "vbrs":
        return "VBR %s (%s vlan %s, %s)" % (item.get("VbrId"), item.get("PhysicalConnectionId"), item.get("VlanId"),
                                           item.get("Status"))
    if kind == "ris":
        return "RI %s (%s %s on %s, %s)" % (item.get("RouterInterfaceId"), item.get("Role"), item.get("Spec"),
                                           item.get("RouterId"), item.get("Status"))
    if kind == "tables":
        return "route table %s (%s)" % (item.get("RouteTableId"), item.get("RouterId") or item.get("VRouterId"))
    if kind == "bgp_groups":
        return "BGP group %s %r on %s (peer ASN %s, %s)" % (
            item.get("BgpGroupId"), item.get("Name"), item.get("RouterId"), item.get("PeerAsn"), item.get("Status"))
    if kind == "bgp_peers":
        return "BGP peer %s %s in %s (%s, session %s)" % (item.get("BgpPeerId"), item.get("PeerIpAddress"),
                                                          item.get("BgpGroupId"), item.get("Status"),
                                                          item.get("BgpStatus"))
    if kind == "bgp_networks":
        return "BGP network %s on %s (%s)" % (item.get("DstCidrBlock"), item.get("RouterId"), item.get("Status"))
    if kind == "grants":
        return "grant of %s to %s VBR %r of account %s in %s (%s)" % (
            item.get("InstanceId"), item.get("GrantType"), item.get("VbrInstanceId"), item.get("VbrOwnerUid"),
            item.get("VbrRegionNo"), item.get("Status"))
    return "route %s in %s -> %s (%s)" % (item.get("DestinationCidrBlock"), item.get("RouteTableId"),
                                          ",".join(next_hop_ids(item)), item.get("Status"))


def leftovers(state, base):
    """Human-readable list of every resource that exists beyond the baseline."""
    created = created_resources(state, base)
    kinds = ("entries", "bgp_networks", "bgp_peers", "bgp_groups", "ris", "tables", "vbrs", "grants")
    return [describe_resource(kind, item) for kind in kinds for item in created[kind]]


def check_built(state, base, declared):
    """Problems with a finished build: exactly the declared interconnect, nothing more. [] when all is well.

    Per line one active VBR on its physical connection and VLAN with two paired Active interfaces (the acceptor on the
    vRouter, toward that VBR), its routes toward the VPC and the circuit and its BGP objects; the VPC's routes one
    entry per destination over every line's acceptor; with the VPC in another account, the VPC owner's grant of each
    line's VBR (Specify) and no other."""
    problems = []
    created = created_resources(state, base)
    vbrs = []
    for line in declared["lines"]:
        found = [v for v in created["vbrs"] if v.get("PhysicalConnectionId") == line["physical_connection_id"]
                 and int(v.get("VlanId")) == line["vlan_id"]]
        if len(found) != 1:
            problems.append("expected exactly one VBR on %s vlan %s, found %d"
                            % (line["physical_connection_id"], line["vlan_id"], len(found)))
        vbrs += found
    if len(created["vbrs"]) != len(vbrs):
        problems.append("unexpected VBRs: %s" % [describe_resource("vbrs", v) for v in created["vbrs"]
                                                 if v not in vbrs])
    if len(vbrs) != len(declared["lines"]):
        return problems

    ris = created["ris"]
    if len(ris) != 2 * len(vbrs):
        problems.append("expected exactly %d router interfaces (two per line), found: %s"
                        % (2 * len(vbrs), [describe_resource("ris", r) for r in ris]))
    for ri in ris:
        if ri.get("Status") != "Active":
            problems.append("%s is not Active" % describe_resource("ris", ri))
    vbr_tables = [vbr.get("RouteTableId") for vbr in vbrs]
    unexpected_tables = [t for t in created["tables"] if t["RouteTableId"] not in vbr_tables]
    if unexpected_tables:
        problems.append("unexpected route tables: %s" % [describe_resource("tables", t) for t in unexpected_tables])

    wanted = {}
    acceptor_ids = []
    for line, vbr in zip(declared["lines"], vbrs):
        if vbr.get("Status") != "active":
            problems.append("VBR %s is %s, not active" % (vbr["VbrId"], vbr.get("Status")))
        initiator, acceptor, pair_problems = _line_pair(ris, vbr, declared["vpc_router_id"])
        problems += pair_problems
        if acceptor:
            acceptor_ids.append(acceptor["RouterInterfaceId"])
        for cidr in declared["vbr_routes"]:
            wanted[(vbr.get("RouteTableId"), cidr)] = [initiator["RouterInterfaceId"]] if initiator else None
        # Toward the data centre: the VBR's own VLAN interface (the circuit).
        for cidr in line["idc_routes"]:
            wanted[(vbr.get("RouteTableId"), cidr)] = [vbr["VlanInterfaceId"]]
        problems += check_bgp(_bgp_of(created, vbr["VbrId"]), vbr, line["bgp"])
    for cidr in declared["vpc_routes"]:
        wanted[(declared["vpc_route_table_id"], cidr)] = sorted(acceptor_ids) if acceptor_ids else None
    problems += _check_routes(created["entries"], wanted)
    stray_bgp = [(kind, item) for kind, items in _bgp_of(created, None, [v["VbrId"] for v in vbrs]).items()
                 for item in items]
    problems += ["unexpected %s" % describe_resource(kind, item) for kind, item in stray_bgp]
    return problems + _check_grants(created["grants"], vbrs, declared)


def _line_pair(ris, vbr, vpc_router_id):
    """The initiator on the VBR and the acceptor on the vRouter toward it, paired and in their roles."""
    initiators = [r for r in ris if r.get("RouterId") == vbr["VbrId"]]
    acceptors = [r for r in ris if r.get("RouterId") == vpc_router_id and r.get("OppositeRouterId") == vbr["VbrId"]]
    if len(initiators) != 1 or len(acceptors) != 1:
        return None, None, ["expected one router interface on %s and one on %s toward it, found: %s" % (
            vbr["VbrId"], vpc_router_id, [describe_resource("ris", r) for r in initiators + acceptors])]
    (initiator,), (acceptor,) = initiators, acceptors
    problems = []
    if initiator.get("OppositeInterfaceId") != acceptor["RouterInterfaceId"] or \
            acceptor.get("OppositeInterfaceId") != initiator["RouterInterfaceId"]:
        problems.append("router interfaces not paired: %s -> %s, %s -> %s"
                        % (initiator["RouterInterfaceId"], initiator.get("OppositeInterfaceId"),
                           acceptor["RouterInterfaceId"], acceptor.get("OppositeInterfaceId")))
    if initiator.get("Role") != "InitiatingSide" or acceptor.get("Role") != "AcceptingSide":
        problems.append("wrong roles: initiator %s, acceptor %s" % (initiator.get("Role"), acceptor.get("Role")))
    return initiator, acceptor, problems


def _check_routes(entries, wanted):
    """Exactly one Available entry per wanted (table, CIDR), over exactly its next hops (None: not checked)."""
    problems = []
    by_key = collections.defaultdict(list)
    for entry in entries:
        by_key[entry_key(entry)].append(entry)
    for key, hops in sorted(wanted.items(), key=str):
        found = by_key.get(key, [])
        if len(found) != 1:
            problems.append("expected one route for %s in %s, found %d" % (key[1], key[0], len(found)))
            continue
        entry = found[0]
        if entry.get("Status") != "Available":
            problems.append("%s is not Available" % describe_resource("entries", entry))
        if hops and sorted(next_hop_ids(entry)) != hops:
            problems.append("%s does not point to %s" % (describe_resource("entries", entry), ",".join(hops)))
    extra = [e for key, found in by_key.items() if key not in wanted for e in found]
    if extra:
        problems.append("unexpected routes: %s" % [describe_resource("entries", e) for e in extra])
    return problems


def _bgp_of(created, vbr_id, other_than=()):
    """The created BGP groups, peers and networks of VBR `vbr_id` (None: of every VBR not in `other_than`)."""
    def mine(router_id):
        return router_id == vbr_id if vbr_id else router_id not in other_than
    groups = [g for g in created["bgp_groups"] if mine(g.get("RouterId"))]
    group_ids = [g["BgpGroupId"] for g in groups]
    return {"bgp_groups": groups,
            "bgp_peers": [p for p in created["bgp_peers"] if p.get("BgpGroupId") in group_ids],
            "bgp_networks": [n for n in created["bgp_networks"] if mine(n.get("RouterId"))]}


def _check_grants(grants, vbrs, declared):
    """With the VPC in another account: one Created Specify grant of the VPC per line's VBR, nothing else; else none."""
    wanted = sorted(v["VbrId"] for v in vbrs) if declared["grant"] else []
    found = sorted(g.get("VbrInstanceId") for g in grants
                   if g.get("GrantType") == "Specify" and g.get("Status") == "Created")
    if found != wanted or len(grants) != len(found):
        return ["expected the VPC's grants to %s, found: %s" % (wanted, [describe_resource("grants", g)
                                                                         for g in grants])]
    return []


def check_bgp(created, vbr, bgp):
    """Problems with the BGP side of one line of a finished build (`created` holds that VBR's BGP objects only):
    with BGP one group named interconnect_name on the VBR with one peer, and exactly the advertised networks, all
    Available; without it, no BGP object at all."""
    if not bgp:
        return ["unexpected %s" % describe_resource(kind, item)
                for kind in ("bgp_groups", "bgp_peers", "bgp_networks") for item in created[kind]]
    problems = []
    groups = [g for g in created["bgp_groups"] if g.get("RouterId") == vbr["VbrId"] and g.get("Name") == bgp["name"]]
    others = [g for g in created["bgp_groups"] if g not in groups]
    if len(groups) != 1 or others:
        problems.append("expected one BGP group %r on %s, found: %s" % (
            bgp["name"], vbr["VbrId"], [describe_resource("bgp_groups", g) for g in created["bgp_groups"]]))
    for group in groups:
        if group.get("Status") != "Available":
            problems.append("%s is not Available" % describe_resource("bgp_groups", group))
        if str(group.get("PeerAsn")) != str(bgp["peer_asn"]) or (
                bgp["local_asn"] and str(group.get("LocalAsn")) != str(bgp["local_asn"])):
            problems.append("%s, local ASN %s: not the declared peer ASN %s, local ASN %s" % (
                describe_resource("bgp_groups", group), group.get("LocalAsn"), bgp["peer_asn"], bgp["local_asn"]))
    group_ids = [g["BgpGroupId"] for g in groups]
    peers = [p for p in created["bgp_peers"] if p.get("BgpGroupId") in group_ids]
    if len(peers) != 1 or len(created["bgp_peers"]) != 1:
        problems.append("expected one BGP peer in %s, found: %s" % (
            group_ids, [describe_resource("bgp_peers", p) for p in created["bgp_peers"]]))
    for peer in peers:
        if peer.get("Status") != "Available" or peer.get("PeerIpAddress") != bgp["peer_ip"] or \
                peer.get("EnableBfd") is not bool(bgp["bfd"]):
            problems.append("%s (BFD %s) is not the declared Available peer %s (BFD %s)" % (
                describe_resource("bgp_peers", peer), peer.get("EnableBfd"), bgp["peer_ip"], bgp["bfd"]))
        if bgp["wait_established"] and peer.get("BgpStatus") != "Established":
            problems.append("%s: the session is not Established" % describe_resource("bgp_peers", peer))
    networks = sorted(network_key(n)[1] for n in created["bgp_networks"] if n.get("RouterId") == vbr["VbrId"])
    if networks != sorted(bgp["advertised_networks"]) or len(created["bgp_networks"]) != len(networks):
        problems.append("expected the BGP networks %s on %s, found: %s" % (
            bgp["advertised_networks"], vbr["VbrId"], [describe_resource("bgp_networks", n)
                                                       for n in created["bgp_networks"]]))
    problems += ["%s is not Available" % describe_resource("bgp_networks", n) for n in created["bgp_networks"]
                 if n.get("Status") != "Available"]
    return problems


# ------------------------------------------------------------------------------------------------
# Reading the call log
# ------------------------------------------------------------------------------------------------

def carried_out(call):
    """Whether the emulator carried the request out (a lost response still counts)."""
    return call.get("code") is None and call.get("fault") in (None, "lost")


def create_key(call):
    params = call.get("params") or {}
    action = call["action"]
    if action == "CreateVirtualBorderRouter":
        return (action, params.get("PhysicalConnectionId"), str(params.get("VlanId")))
    if action == "CreateRouterInterface":
        # Several lines: one acceptor per line on the one vRouter, each toward its own VBR.
        return (action, params.get("RouterId"), params.get("Role"), params.get("OppositeRouterId"))
    if action == "CreateRouteEntry":
        return (action, params.get("RouteTableId"), normalize_cidr(params.get("DestinationCidrBlock")))
    if action == "CreateBgpGroup":
        return (action, params.get("RouterId"), params.get("Name"))
    if action == "CreateBgpPeer":
        return (action, params.get("BgpGroupId"), params.get("PeerIpAddress"))
    if action == "AddBgpNetwork":
        return (action, params.get("RouterId"), normalize_cidr(params.get("DstCidrBlock")))
    return None


def analyse_creates(calls):
    """Logical creates vs resources made, from the call log of one build (or one build epoch).

    Every carried-out Create* call makes a resource, except a repeat of a ClientToken already used (the API
    answers it with the first result). A logical create is one natural key. So resources made minus logical
    creates = duplicates.
    Returns {"logical": n, "resources": n, "duplicates": [..], "without_token": [..]}.
    """
    tokens = collections.defaultdict(set)
    without_token = []
    for call in calls:
        if call["action"] not in CREATE_ACTIONS or not carried_out(call):
            continue
        key = create_key(call)
        token = (call.get("params") or {}).get("ClientToken")
        if not token:
            without_token.append("%s seq %s" % (call["action"], call.get("seq")))
            token = "no-token-%s" % call.get("seq")
        tokens[key].add(token)
    duplicates = ["%s %s: %d resources (ClientTokens %s)" % (key[0], key[1:], len(found), sorted(found))
                  for key, found in tokens.items() if len(found) > 1]
    return {
        "logical": len(tokens),
        "resources": sum(len(found) for found in tokens.values()),
        "duplicates": duplicates,
        "without_token": without_token,
    }


def fault_counts(calls):
    return collections.Counter(call["fault"] for call in calls if call.get("fault"))


def describe_calls(calls):
    return ["%s %s %s%s" % (c.get("seq"), c["action"], c.get("code") or "ok",
                            " (%s)" % c["fault"] if c.get("fault") else "") for c in calls]


# ------------------------------------------------------------------------------------------------
# Running ansible-playbook
# ------------------------------------------------------------------------------------------------

def playbook_args(state="present", vars_file=EMULATOR_VARS, extra_vars=None):
    """ansible-playbook's arguments for the role: the vars file(s) (one path or several, in order), then the state
    and the extra variables."""
    args = [arg for path in vars_files(vars_file) for arg in ("-e", "@%s" % path)]
    merged = {"interconnect_state": state}
    merged.update(extra_vars or {})
    args += ["-e", json.dumps(merged)]
    return args


PREVIEW_TASKS = ("Preview the steps that need what this run would create",
                 "Preview the deletions that wait for what this run would delete first")


def changed_steps(run):
    """The names of the role's steps that report a change, a check-mode preview's items counted under the step
    they name: the same set for a check run and the real run that follows when check mode is exact."""
    steps = set()
    for entry in run.results:
        result = entry["result"]
        if not result.get("changed"):
            continue
        if entry["task"].split(" : ")[-1] in PREVIEW_TASKS:
            steps.update(item["item"]["step"] for item in result.get("results") or [] if item.get("changed"))
        else:
            steps.add(entry["task"].split(" : ")[-1])
    return steps


def failure_summary(run, limit=3):
    """The messages of the failed tasks of a PlaybookRun (or the tail of its output)."""
    failed = [entry for entry in run.results if entry.get("status") == "failed"
              and not entry["result"].get("ignore_errors")]
    messages = []
    for entry in failed[-limit:]:
        result = entry["result"]
        reasons = [str(result.get("msg"))] + [str(item.get("msg")) for item in result.get("results") or []
                                              if isinstance(item, dict) and item.get("failed")]
        messages.append("%s: %s" % (entry["task"], " / ".join(reasons)[:1500]))
    if not messages:
        messages = [(run.stdout or "")[-1500:] + (run.stderr or "")[-1500:]]
    return messages


def kill_marked_processes(marker):
    """SIGKILL every process whose environment carries RELIABILITY_MARKER=<marker> (async jobs that detached
    from the killed process group). Returns the PIDs killed."""
    needle = ("RELIABILITY_MARKER=%s" % marker).encode()
    killed = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % entry, "rb") as stream:
                environ = stream.read().split(b"\0")
        except OSError:
            continue
        if needle in environ:
            try:
                os.kill(int(entry), signal.SIGKILL)
                killed.append(int(entry))
            except OSError:
                pass
    return killed


class KillablePlaybook:
    """ansible-playbook in its own session (process group), output to files, killable as a whole."""

    def __init__(self, runner, workdir, args, marker):
        self.workdir = Path(workdir)
        self.marker = marker
        env = runner.environment({"RELIABILITY_MARKER": marker})
        self.recorder = self.workdir / ("results-%s.jsonl" % marker)
        env["RESULT_RECORDER_FILE"] = str(self.recorder)
        self.stdout_path = self.workdir / ("stdout-%s.txt" % marker)
        self.stderr_path = self.workdir / ("stderr-%s.txt" % marker)
        self._out = open(self.stdout_path, "w")
        self._err = open(self.stderr_path, "w")
        command = [str(VENV_BIN / "ansible-playbook"), str(PLAYBOOK)] + list(args)
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=self._out, stderr=self._err,
                                        start_new_session=True)

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        kill_marked_processes(self.marker)
        self._close()

    def wait(self, timeout=900):
        try:
            self.process.wait(timeout=timeout)
        finally:
            if self.process.returncode is None:
                self.kill()
            self._close()
        return self.process.returncode

    def _close(self):
        for stream in (self._out, self._err):
            if not stream.closed:
                stream.close()

    @property
    def output(self):
        return self.stdout_path.read_text() + self.stderr_path.read_text()
