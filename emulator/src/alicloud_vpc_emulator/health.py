"""What the cloud's health checks would see on each line (reference §1.3, §1.6), without a data plane.

A line is a VBR, its initiator and the VPC-side acceptor paired with it. It is down while a rehearsal has taken it
down (`/_emulator/path-down` with any of those ids) or while either interface is not Active. ECMP members over a
down line read `Enabled` 0, and a health check configured on either of its interfaces reads `Abnormal`.
"""

from .store import settled_status


def _line_ids(store, ri):
    """The ids that name the line an interface belongs to: both ends and the routers they sit on."""
    opposite = store.ris.get(ri["OppositeInterfaceId"])
    ids = {ri["RouterInterfaceId"], ri["RouterId"], ri["OppositeRouterId"], ri["OppositeInterfaceId"]}
    return ids - {""}, opposite


def line_up(store, ri):
    ids, opposite = _line_ids(store, ri)
    ends = [ri] + ([opposite] if opposite else [])
    return opposite is not None and not ids & store.down_paths and \
        all(settled_status(end) == "Active" for end in ends)


def hop_enabled(store, entry, hop):
    """1 or 0. A single next hop is always in use (there is no other to move traffic to)."""
    if len(entry["_next_hops"]) < 2:
        return 1
    ri = store.ris.get(hop["NextHopId"])
    return 1 if ri is not None and line_up(store, ri) else 0


def _redundant_route(store, ri):
    """An Available ECMP entry with this interface, or the far end of its pair, among its next hops."""
    ids = {ri["RouterInterfaceId"], ri["OppositeInterfaceId"]} - {""}
    return any(len(e["_next_hops"]) > 1 and e["Status"] == "Available"
               and ids & {hop["NextHopId"] for hop in e["_next_hops"]} for e in store.entries.values())


def check_status(store, ri):
    """DescribeRouterInterfaceAttribute's HealthCheckStatus."""
    if not ri["HealthCheckSourceIp"]:
        return "NoHealthCheckConfig"
    if not _redundant_route(store, ri):
        return "NoRedundantRoute"
    return "Normal" if line_up(store, ri) else "Abnormal"


def known_line(store, line_id):
    """A VBR or router interface id that exists (the admin switch's argument)."""
    return line_id in store.vbrs or line_id in store.ris
