"""Format rules shared by the resource families (names, descriptions, IPs, masks, CIDR blocks)."""

import ipaddress
import re

from .errors import bad_request

NAME = re.compile(r"^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{1,127}$")


def name(value, code="InvalidName.Malformed"):
    if value is not None and not NAME.match(value):
        raise bad_request(code, "The name must be 2 to 128 characters long, start with a letter and contain only "
                                "letters, digits, periods (.), underscores (_) and hyphens (-).")


def description(value, minimum=2, code="InvalidDescription.Malformed"):
    if value is None:
        return
    if not minimum <= len(value) <= 256 or value.startswith(("http://", "https://")) or \
            (minimum == 2 and not re.match(r"^[A-Za-z\u4e00-\u9fa5]", value)):
        raise bad_request(code, "The description must be %d to 256 characters long, start with a letter and not "
                                "start with http:// or https://." % minimum)


def ipv4(value, code):
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        raise bad_request(code, "The specified IP address %r is malformed." % value)


def mask_prefix(value):
    """255.255.255.0 … 255.255.255.252 -> 24 … 30."""
    try:
        prefix = ipaddress.IPv4Network("0.0.0.0/" + value).prefixlen
    except ValueError:
        prefix = None
    if prefix is None or not 24 <= prefix <= 30:
        raise bad_request("InvalidPeeringSubnetMask.Malformed",
                          "The peering subnet mask must be from 255.255.255.0 (/24) to 255.255.255.252 (/30).")
    return prefix


def same_subnet(local, peer, prefix):
    network = ipaddress.IPv4Network("%s/%d" % (local, prefix), strict=False)
    if ipaddress.IPv4Address(peer) not in network:
        raise bad_request("InvalidIp.NotSameSubnet", "The local and peer gateway IPs are not in the same subnet.")


def cidr(value):
    """A CIDR block or a bare IP (= /32 or /128), normalised; host bits set is malformed."""
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise bad_request("InvalidCidrBlock.Malformed", "The specified CIDR block %r is malformed." % value)
