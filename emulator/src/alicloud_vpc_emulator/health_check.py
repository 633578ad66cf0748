"""Router-interface health checks: the rules of their parameters on CreateRouterInterface and
ModifyRouterInterfaceAttribute (topologies reference §1.5, rules T10 and T11).

The reference documents no ranges and no codes here; the choices are written down in emulator/README.md.
"""

import ipaddress

from . import validate
from .errors import invalid_param, missing

HC_RATES = range(1000, 5001)  # ms between probes; the console's default is 2000
HC_THRESHOLDS = range(3, 9)  # lost probes before failure; the console's default is 8


def addresses(vpc, source, target):
    """(source, target) as stored: both or neither (T10), IPv4, different, and the source a host of `vpc` when the
    interface's own VPC is known (a VPC-side interface; a VBR's has none)."""
    if source and not target:
        raise missing("HealthCheckTargetIp")
    if target and not source:
        raise missing("HealthCheckSourceIp")
    if not source:
        return "", ""
    source_ip = validate.ipv4(source, "InvalidHealthCheckSourceIp.Malformed")
    target_ip = validate.ipv4(target, "InvalidHealthCheckTargetIp.Malformed")
    if source_ip == target_ip:
        raise invalid_param("HealthCheckTargetIp", "must differ from HealthCheckSourceIp")
    if vpc is not None:
        network = ipaddress.ip_network(vpc["CidrBlock"])
        if source_ip not in network or source_ip in (network.network_address, network.broadcast_address):
            raise invalid_param("HealthCheckSourceIp", "must be a host address of the local VPC %s (%s)"
                                % (vpc["VpcId"], network))
    return str(source_ip), str(target_ip)


def _tuning(p):
    """HcRate and HcThreshold, when given: integers in their ranges."""
    values = {}
    for name, allowed in (("HcRate", HC_RATES), ("HcThreshold", HC_THRESHOLDS)):
        value = p.int(name)
        if value is not None:
            if value not in allowed:
                raise invalid_param(name, "must be from %d to %d" % (allowed[0], allowed[-1]))
            values[name] = value
    return values


def modify_changes(p, ri, vpc):
    """The health-check fields a ModifyRouterInterfaceAttribute sets on `ri` (`vpc`: its own VPC, or None)."""
    changes = _tuning(p)
    given = p.has("HealthCheckSourceIp") or p.has("HealthCheckTargetIp")
    if p.bool("DeleteHealthCheckIp"):
        if given:
            raise invalid_param("DeleteHealthCheckIp", "cannot be true together with HealthCheckSourceIp or "
                                                       "HealthCheckTargetIp")
        changes.update(HealthCheckSourceIp="", HealthCheckTargetIp="")
    elif given:
        if p.has("HealthCheckSourceIp") and not p.has("HealthCheckTargetIp"):
            raise missing("HealthCheckTargetIp")  # [META]: required whenever the source is given
        source = p.get("HealthCheckSourceIp", ri["HealthCheckSourceIp"])
        changes.update(zip(("HealthCheckSourceIp", "HealthCheckTargetIp"),
                           addresses(vpc, source, p.get("HealthCheckTargetIp"))))
    return changes
