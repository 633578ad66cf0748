"""The tutorial's whole flow through today's official SDK, alibabacloud-vpc20160428: in its default configuration
(Signature V3) and with signature_algorithm='v2'. The client parses every answer into the Tea models; the flow
asserts on their typed attributes. It polls Describe calls for visibility and status and retries the transient
refusals by name, so it holds however long the emulator takes to settle.
"""

import pytest
from alibabacloud_vpc20160428 import models

from support.calls import mutating
from support.emulator import REGION
from support.fixture_ids import PC as PC_ID, VPC_ROUTER as VROUTER, VPC_TABLE
from support.tea import retry_on, tea_client, wait_for

DEFAULT_ROUTE = "0.0.0.0/0"
# Refusals that only mean "not yet": the peer's names still propagating, the router busy with a route task,
# the VBR still seeing its deleted interface.
NOT_SET = {"IncorrectOppositeInterfaceInfo.NotSet"}
ROUTER_BUSY = {"TaskConflict", "IncorrectRouteEntryStatus"}
VBR_DEPENDENCY = {"DependencyViolation.RouterInterface"}
FLOW = ["CreateVirtualBorderRouter", "CreateRouterInterface", "CreateRouterInterface",
        "ModifyRouterInterfaceAttribute", "ModifyRouterInterfaceAttribute", "ConnectRouterInterface",
        "CreateRouteEntry", "CreateRouteEntry", "DeleteRouteEntry", "DeleteRouteEntry",
        "DeactivateRouterInterface", "DeactivateRouterInterface", "DeleteRouterInterface", "DeleteRouterInterface",
        "DeleteVirtualBorderRouter"]


class Flow:
    """Describe-and-wait helpers over one Tea client."""

    def __init__(self, client):
        self.client = client

    def vbr(self, vbr_id):
        found = self.client.describe_virtual_border_routers(models.DescribeVirtualBorderRoutersRequest(
            region_id=REGION, filter=[models.DescribeVirtualBorderRoutersRequestFilter(key="VbrId", value=[vbr_id])]))
        items = found.body.virtual_border_router_set.virtual_border_router_type
        return items[0] if items else None

    def ri(self, ri_id):
        found = self.client.describe_router_interfaces(models.DescribeRouterInterfacesRequest(
            region_id=REGION,
            filter=[models.DescribeRouterInterfacesRequestFilter(key="RouterInterfaceId", value=[ri_id])]))
        items = found.body.router_interface_set.router_interface_type
        return items[0] if items else None

    def route(self, table_id):
        found = self.client.describe_route_entry_list(models.DescribeRouteEntryListRequest(
            region_id=REGION, route_table_id=table_id, destination_cidr_block=DEFAULT_ROUTE))
        items = found.body.route_entrys.route_entry
        return items[0] if items else None

    def vbr_table(self, vbr_id):
        found = self.client.describe_route_tables(models.DescribeRouteTablesRequest(
            region_id=REGION, router_id=vbr_id, router_type="VBR"))
        tables = found.body.route_tables.route_table
        return tables[0].route_table_id if tables else None

    @staticmethod
    def status(describe, resource_id, status):
        return wait_for(lambda: describe(resource_id), lambda item: item is not None and item.status == status,
                        "%s %s" % (resource_id, status))

    @staticmethod
    def gone(describe, resource_id):
        wait_for(lambda: describe(resource_id), lambda item: item is None, "%s gone" % resource_id)

    def connect_route(self, table_id, ri_id):
        retry_on(ROUTER_BUSY, lambda: self.client.create_route_entry(models.CreateRouteEntryRequest(
            region_id=REGION, route_table_id=table_id, destination_cidr_block=DEFAULT_ROUTE,
            next_hop_type="RouterInterface", next_hop_id=ri_id)))
        return self.status(self.route, table_id, "Available")

    def remove_route(self, table_id, ri_id):
        retry_on(ROUTER_BUSY, lambda: self.client.delete_route_entry(models.DeleteRouteEntryRequest(
            region_id=REGION, route_table_id=table_id, destination_cidr_block=DEFAULT_ROUTE, next_hop_id=ri_id)))
        self.gone(self.route, table_id)


@pytest.mark.parametrize("algorithm, logged", [(None, "v3"), ("v2", "v2")], ids=["default-v3", "v2"])
def test_tutorial_flow_through_the_tea_client(clean_emulator, algorithm, logged):
    client = tea_client(clean_emulator, algorithm)
    flow = Flow(client)
    access_point = next(pc["AccessPointId"] for pc in clean_emulator.fixtures()["physical_connections"]
                        if pc["PhysicalConnectionId"] == PC_ID)

    created = client.create_virtual_border_router(models.CreateVirtualBorderRouterRequest(
        region_id=REGION, physical_connection_id=PC_ID, vlan_id=30, local_gateway_ip="116.62.204.254",
        peer_gateway_ip="116.62.204.253", peering_subnet_mask="255.255.255.252"))
    vbr_id = created.body.vbr_id
    assert vbr_id.startswith("vbr-") and created.body.request_id
    vbr = flow.status(flow.vbr, vbr_id, "active")
    assert (vbr.physical_connection_id, vbr.vlan_id, vbr.peering_subnet_mask) == (PC_ID, 30, "255.255.255.252")

    ri1 = client.create_router_interface(models.CreateRouterInterfaceRequest(
        region_id=REGION, spec="Large.2", role="InitiatingSide", router_type="VBR", router_id=vbr_id,
        access_point_id=access_point, opposite_region_id=REGION, opposite_router_type="VRouter")).body.router_interface_id
    ri2 = client.create_router_interface(models.CreateRouterInterfaceRequest(
        region_id=REGION, spec="Negative", role="AcceptingSide", router_type="VRouter", router_id=VROUTER,
        opposite_region_id=REGION, opposite_router_type="VBR",
        opposite_access_point_id=access_point)).body.router_interface_id
    assert flow.status(flow.ri, ri1, "Idle").role == "InitiatingSide"
    assert flow.status(flow.ri, ri2, "Idle").spec == "Negative"

    client.modify_router_interface_attribute(models.ModifyRouterInterfaceAttributeRequest(
        region_id=REGION, router_interface_id=ri1, opposite_interface_id=ri2, opposite_router_id=VROUTER,
        opposite_router_type="VRouter"))
    client.modify_router_interface_attribute(models.ModifyRouterInterfaceAttributeRequest(
        region_id=REGION, router_interface_id=ri2, opposite_interface_id=ri1, opposite_router_id=vbr_id,
        opposite_router_type="VBR"))
    assert flow.status(flow.ri, ri1, "Idle").opposite_interface_id == ri2
    assert flow.status(flow.ri, ri2, "Idle").opposite_router_id == vbr_id

    retry_on(NOT_SET, lambda: client.connect_router_interface(models.ConnectRouterInterfaceRequest(
        region_id=REGION, router_interface_id=ri1)))
    assert flow.status(flow.ri, ri1, "Active").opposite_interface_id == ri2
    assert flow.status(flow.ri, ri2, "Active").opposite_interface_id == ri1

    vbr_table = wait_for(lambda: flow.vbr_table(vbr_id), bool, "the VBR's route table")
    for table, hop in ((vbr_table, ri1), (VPC_TABLE, ri2)):
        route = flow.connect_route(table, hop)
        assert (route.next_hops.next_hop[0].next_hop_id, route.next_hops.next_hop[0].next_hop_type) == \
            (hop, "RouterInterface")
    for table, hop in ((VPC_TABLE, ri2), (vbr_table, ri1)):
        flow.remove_route(table, hop)

    for ri in (ri1, ri2):
        client.deactivate_router_interface(models.DeactivateRouterInterfaceRequest(
            region_id=REGION, router_interface_id=ri))
        flow.status(flow.ri, ri, "Inactive")
    for ri in (ri1, ri2):
        client.delete_router_interface(models.DeleteRouterInterfaceRequest(region_id=REGION, router_interface_id=ri))
        flow.gone(flow.ri, ri)
    retry_on(VBR_DEPENDENCY, lambda: client.delete_virtual_border_router(models.DeleteVirtualBorderRouterRequest(
        region_id=REGION, vbr_id=vbr_id)))
    flow.gone(flow.vbr, vbr_id)

    calls = clean_emulator.calls()
    assert {call["signature"] for call in calls} == {logged}
    assert [c["action"] for c in mutating(calls) if c["http_status"] == 200] == FLOW
    state = clean_emulator.state()
    assert state["VirtualBorderRouters"] == state["RouterInterfaces"] == []
