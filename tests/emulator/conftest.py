"""Drive the emulator through the real SDK request classes; every success is checked against the Tea models."""

import json

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from alibabacloud_vpc20160428 import models

from support.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, EmulatorProcess
# The fixture IDs, in the names the conformance tests import from here (their VPC is the second one).
from support.fixture_ids import ACCESS_POINT, PC as PC_ID, PC2 as PC_OTHER, PC3 as PC_DISABLED  # noqa: F401
from support.fixture_ids import VPC2 as VPC_ID, VPC_ROUTER2 as VROUTER, VPC_TABLE2 as VPC_TABLE  # noqa: F401
from support.fixture_ids import SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET
from support.sdk import sdk_request
from support.wait import eventually, refused_until_accepted

GATEWAYS = {"LocalGatewayIp": "116.62.204.254", "PeerGatewayIp": "116.62.204.253",
            "PeeringSubnetMask": "255.255.255.252"}
# Top-level fields the API reference's samples show but the Tea model does not name (it drops them on from_map).
DOCUMENTED_EXTRAS = {"DescribeRouteTableList": {"Code", "Message", "Success"}}


def key_tree(value):
    """The shape of a response: nested keys, list items merged, leaves dropped."""
    if isinstance(value, dict):
        return {key: key_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        merged = {}
        for item in value:
            tree = key_tree(item)
            if isinstance(tree, dict):
                merged.update(tree)
        return [merged] if merged else []
    return None


def unset_model_fields(model, path="item"):
    """Attributes of a parsed Tea model (and of its nested models) that the answer did not carry."""
    unset = []
    for attribute, value in vars(model).items():
        if value is None:
            unset.append("%s.%s" % (path, attribute))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if hasattr(element, "to_map"):
                    unset += unset_model_fields(element, "%s.%s[%d]" % (path, attribute, index))
        elif hasattr(value, "to_map"):
            unset += unset_model_fields(value, "%s.%s" % (path, attribute))
    return unset


def tea_round_trip(action, body):
    model = getattr(models, action + "ResponseBody")()
    return model.from_map(body).to_map()


class Api:
    """A real AcsClient aimed at an emulator; `call` returns the parsed JSON, `fail` the ServerException."""

    def __init__(self, url, key_id=ACCESS_KEY_ID, secret=ACCESS_KEY_SECRET, region=REGION, credential=None,
                 patient=False):
        if credential is not None:
            self.client = AcsClient(region_id=region, credential=credential, auto_retry=False)
        else:
            self.client = AcsClient(key_id, secret, region, auto_retry=False)
        self.client.add_endpoint(region, "Vpc", url.split("://", 1)[1])
        self.url, self.region = url, region
        self.patient = patient  # True: the shortcuts wait out transitions, as a client of the real cloud must

    request = staticmethod(sdk_request)  # the SDK's request class for the action, params flattened

    def call(self, action, **params):
        body = json.loads(self.client.do_action_with_exception(self.request(action, **params)))
        assert body["RequestId"]
        extras = DOCUMENTED_EXTRAS.get(action, set())
        assert extras <= set(body)
        modelled = {key: value for key, value in body.items() if key not in extras}
        assert key_tree(tea_round_trip(action, body)) == key_tree(modelled), "field names differ from the Tea model"
        return body

    def fail(self, action, **params):
        with pytest.raises(ServerException) as caught:
            self.client.do_action_with_exception(self.request(action, **params))
        assert caught.value.get_request_id()
        return caught.value

    def expect(self, code, http_status, action, **params):
        error = self.fail(action, **params)
        assert (error.get_error_code(), error.get_http_status()) == (code, http_status), error.get_error_msg()
        return error

    # Shortcuts used across the conformance tests ------------------------------------------------------------
    def vbr(self, vlan=10, pc=PC_ID, **extra):
        vbr_id = self.call("CreateVirtualBorderRouter", PhysicalConnectionId=pc, VlanId=vlan,
                           **dict(GATEWAYS, **extra))["VbrId"]
        if self.patient:
            self.wait_listed(self.describe_vbr, vbr_id)
        return vbr_id

    def wait_listed(self, describe, resource_id, timeout=5.0):
        """A new resource is not listed until its create takes effect."""
        item = eventually(lambda: describe(resource_id) is not None, True, timeout)
        assert item, "%s never listed" % resource_id

    def wait_status(self, describe, resource_id, status, timeout=5.0):
        seen = eventually(lambda: (describe(resource_id) or {}).get("Status"), status, timeout)
        assert seen == status, "%s: %s, not %s" % (resource_id, seen, status)

    def describe_vbr(self, vbr_id):
        found = self.call("DescribeVirtualBorderRouters", Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
        items = found["VirtualBorderRouterSet"]["VirtualBorderRouterType"]
        return items[0] if items else None

    def describe_ri(self, ri_id):
        found = self.call("DescribeRouterInterfaces", Filter=[{"Key": "RouterInterfaceId", "Value": [ri_id]}])
        items = found["RouterInterfaceSet"]["RouterInterfaceType"]
        return items[0] if items else None

    def vbr_table(self, vbr_id):
        found = self.call("DescribeRouteTables", RouterId=vbr_id, RouterType="VBR")
        return found["RouteTables"]["RouteTable"][0]["RouteTableId"]

    def pair(self, vbr_id, vrouter=VROUTER, connect=True):
        """A VBR initiator and a VRouter acceptor that name each other (optionally connected)."""
        ri1 = self.call("CreateRouterInterface", Spec="Large.2", Role="InitiatingSide", RouterType="VBR",
                        RouterId=vbr_id, OppositeRegionId=REGION, OppositeRouterType="VRouter",
                        AccessPointId=ACCESS_POINT)["RouterInterfaceId"]
        ri2 = self.call("CreateRouterInterface", Spec="Negative", Role="AcceptingSide", RouterType="VRouter",
                        RouterId=vrouter, OppositeRegionId=REGION, OppositeRouterType="VBR",
                        OppositeAccessPointId=ACCESS_POINT)["RouterInterfaceId"]
        if self.patient:
            for ri in (ri1, ri2):
                self.wait_listed(self.describe_ri, ri)
        self.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
                  OppositeRouterId=vrouter, OppositeRouterType="VRouter")
        self.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeInterfaceId=ri1,
                  OppositeRouterId=vbr_id, OppositeRouterType="VBR")
        if self.patient:
            for ri in (ri1, ri2):
                self.wait_status(self.describe_ri, ri, "Idle")
        if connect:
            self.connect(ri1)
        return ri1, ri2

    def connect(self, ri_id):
        """Connect; a patient client retries while the opposite information has not propagated (as Terraform)."""
        if not self.patient:
            return self.call("ConnectRouterInterface", RouterInterfaceId=ri_id)
        return refused_until_accepted(lambda: self.call("ConnectRouterInterface", RouterInterfaceId=ri_id),
                                      {"IncorrectOppositeInterfaceInfo.NotSet"}, timeout=5.0)[0]


def second_account(url, region=REGION):
    """The default fixtures' second account, with its own key pair, through the legacy SDK."""
    return Api(url, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET, region)


def pair_across(vbr_api, vbr_id, vpc_api, vrouter, owners=(None, None), connect=True, regions=(None, None)):
    """A VBR initiator made by `vbr_api` (its account, its region) and a VRouter acceptor made by `vpc_api`, each
    naming the other's router, region and interface; `owners`: the OppositeInterfaceOwnerId the initiator and the
    acceptor name (None: not sent); `regions`: the OppositeRegionId they name instead of the other's real region
    (None: the real one). Returns the two interface IDs."""
    initiator = vbr_api.call("CreateRouterInterface", Spec="Mini.2", Role="InitiatingSide", RouterType="VBR",
                             RouterId=vbr_id, AccessPointId=ACCESS_POINT,
                             OppositeRegionId=regions[0] or vpc_api.region,
                             OppositeRouterType="VRouter")["RouterInterfaceId"]
    acceptor = vpc_api.call("CreateRouterInterface", Spec="Negative", Role="AcceptingSide", RouterType="VRouter",
                            RouterId=vrouter, OppositeAccessPointId=ACCESS_POINT,
                            OppositeRegionId=regions[1] or vbr_api.region,
                            OppositeRouterType="VBR")["RouterInterfaceId"]
    vbr_api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=initiator, OppositeInterfaceId=acceptor,
                 OppositeRouterId=vrouter, OppositeRouterType="VRouter", OppositeInterfaceOwnerId=owners[0])
    vpc_api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, OppositeInterfaceId=initiator,
                 OppositeRouterId=vbr_id, OppositeRouterType="VBR", OppositeInterfaceOwnerId=owners[1])
    if connect:
        vbr_api.call("ConnectRouterInterface", RouterInterfaceId=initiator)
    return initiator, acceptor


@pytest.fixture
def api(clean_emulator):
    return Api(clean_emulator.url)


@pytest.fixture
def start_emulator():
    """Start extra emulator processes with their own options (timing, credentials, fixtures)."""
    started = []

    def start(**options):
        process = EmulatorProcess(**options).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
