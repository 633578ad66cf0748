"""The latency floor: the longest chain of emulator transitions an ideal client must wait through.

Each step is a node with a transition (a key of the emulator's latency profile) and the steps it needs finished
first, as the API requires them (vpc-api-reference.md sections 3-4):
- build: an interface on the VBR needs the VBR (and the acceptor names the VBR, so it needs it too); pairing needs
  both interfaces, and connect needs both pairings applied and propagated; a route needs its next-hop interface
  Active (the cloud refuses a route toward an interface that is not connected), so routes follow the connection;
  entries of one router go one at a time (a Pending entry blocks the VPC or VBR).
- teardown: an interface can be deleted once it is Inactive and no route points at it; deactivation only needs the
  interface Active; the VBR can be deleted once its interface is gone and the deletion's tail is over; deletes on one
  router go one at a time.
API round trips count as zero, so the floor is a pure sum of transition durations along the critical path.
"""


def build_graph(vbr_routes, vpc_routes):
    graph = {
        "create VBR": ("vbr_create", []),
        "create initiator": ("ri_create", ["create VBR"]),
        "create acceptor": ("ri_create", ["create VBR"]),
        "pair initiator": ("ri_modify_attribute", ["create initiator", "create acceptor"]),
        "pair acceptor": ("ri_modify_attribute", ["create initiator", "create acceptor"]),
        "initiator pairing propagated": ("ri_opposite_propagation", ["create initiator", "create acceptor"]),
        "acceptor pairing propagated": ("ri_opposite_propagation", ["create initiator", "create acceptor"]),
        "connect": ("ri_connect", ["pair initiator", "pair acceptor", "initiator pairing propagated",
                                   "acceptor pairing propagated"]),
    }
    _chain(graph, "route on VBR table %s", vbr_routes, "route_entry_create", ["connect"])
    _chain(graph, "route on VPC table %s", vpc_routes, "route_entry_create", ["connect"])
    return graph


def teardown_graph(vbr_routes, vpc_routes):
    graph = {
        "deactivate initiator": ("ri_deactivate", []),
        "deactivate acceptor": ("ri_deactivate", []),
    }
    last_vbr = _chain(graph, "delete VBR-table route %s", vbr_routes, "route_entry_delete", [])
    last_vpc = _chain(graph, "delete VPC-table route %s", vpc_routes, "route_entry_delete", [])
    graph["delete initiator"] = ("ri_delete", ["deactivate initiator"] + last_vbr)
    graph["delete acceptor"] = ("ri_delete", ["deactivate acceptor"] + last_vpc)
    graph["initiator deletion tail"] = ("ri_delete_tail", ["delete initiator"])
    graph["delete VBR"] = ("vbr_delete", ["initiator deletion tail"])
    return graph


def _chain(graph, label, cidrs, transition, first_deps):
    """Add one node per CIDR, each after the previous one (same router); returns [last node] or []."""
    deps = list(first_deps)
    for cidr in cidrs:
        graph[label % cidr] = (transition, deps)
        deps = [label % cidr]
    return deps[-1:] if cidrs else []


def critical_path(graph, profile, scale):
    """(seconds, [nodes]) of the longest path, durations = profile[transition] * scale."""
    memo = {}

    def finish(node):
        if node not in memo:
            transition, deps = graph[node]
            best = max((finish(dep) for dep in deps), default=(0.0, []))
            memo[node] = (best[0] + profile[transition] * scale, best[1] + [node])
        return memo[node]

    return max((finish(node) for node in graph), key=lambda item: item[0])


def floor(profile, scale, vbr_routes, vpc_routes):
    result = {}
    for phase, graph in (("build", build_graph(vbr_routes, vpc_routes)),
                         ("teardown", teardown_graph(vbr_routes, vpc_routes))):
        seconds, path = critical_path(graph, profile, scale)
        result[phase] = {"seconds": round(seconds, 3), "path": path}
    return result
