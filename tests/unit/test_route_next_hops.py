"""The next hops of an ECMP or weighted route (route_table.parse_next_hops and the read-back comparisons)."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import route_table as rt


def hop(next_hop_id, weight=None, next_hop_type="RouterInterface"):
    return {"next_hop_id": next_hop_id, "next_hop_type": next_hop_type, "weight": weight}


def ecmp_entry(*hops):
    """A DescribeRouteEntryList item with these (id, weight) next hops, the first echoed at the entry's level."""
    return {"RouteEntryId": "rte-1", "NextHopType": "RouterInterface", "InstanceId": hops[0][0],
            "NextHops": {"NextHop": [{"NextHopType": "RouterInterface", "NextHopId": hop_id, "Weight": weight,
                                      "Enabled": 1} for hop_id, weight in hops]}}


def test_parsed_in_the_given_order_with_the_default_weight():
    assert rt.parse_next_hops([hop("ri-2", 50), hop("ri-1")]) == [
        {"NextHopType": "RouterInterface", "NextHopId": "ri-2", "Weight": 50},
        {"NextHopType": "RouterInterface", "NextHopId": "ri-1", "Weight": rt.DEFAULT_WEIGHT},
    ]


@pytest.mark.parametrize("hops, message", [
    ([hop("ri-1")], "next_hops must have 2 to 4 next hops (got 1); for one next hop use next_hop_id"),
    ([hop("ri-%d" % n) for n in range(5)], "next_hops must have 2 to 4 next hops (got 5)"),
    ([hop("ri-1"), hop("ri-1", 50)], "next_hops[1].next_hop_id ri-1 is also next_hops[0]"),
    ([hop("ri-1"), hop("ri-2", 256)], "next_hops[1].weight must be between 0 and 255 (got 256)"),
    ([hop("ri-1", -1), hop("ri-2")], "next_hops[0].weight must be between 0 and 255 (got -1)"),
    ([hop("ri-1"), hop("i-2", next_hop_type="Instance")], "next_hops[1].next_hop_type must be RouterInterface"),
    ([hop("ri-1"), hop(" ")], "next_hops[1].next_hop_id must not be empty"),
    ([hop("ri-1"), hop(None)], "next_hops[1].next_hop_id must not be empty"),
])
def test_each_bad_list_names_the_option_and_the_rule(hops, message):
    with pytest.raises(ValueError) as raised:
        rt.parse_next_hops(hops)
    assert message in str(raised.value)


def test_the_option_of_an_item_of_routes_is_named():
    with pytest.raises(ValueError, match=r"^routes\[2\]\.next_hops\[0\]\.weight must be between"):
        rt.parse_next_hops([hop("ri-1", 1000), hop("ri-2")], "routes[2].next_hops")


def test_weight_bounds_are_accepted():
    parsed = rt.parse_next_hops([hop("ri-1", rt.WEIGHT_MIN), hop("ri-2", rt.WEIGHT_MAX)])
    assert [h["Weight"] for h in parsed] == [rt.WEIGHT_MIN, rt.WEIGHT_MAX]


def test_the_read_back_is_compared_as_a_set_with_weights():
    wanted = rt.parse_next_hops([hop("ri-1", 100), hop("ri-2", 50)])
    assert rt.has_next_hops(ecmp_entry(("ri-2", 50), ("ri-1", 100)), wanted)
    assert not rt.has_next_hops(ecmp_entry(("ri-1", 100), ("ri-2", 100)), wanted)  # a weight differs
    assert not rt.has_next_hops(ecmp_entry(("ri-1", 100), ("ri-3", 50)), wanted)  # a member differs
    assert not rt.has_next_hops(ecmp_entry(("ri-1", 100), ("ri-2", 50), ("ri-3", 50)), wanted)  # one more
    # Without weights (state=absent): only which interfaces.
    assert rt.has_next_hops(ecmp_entry(("ri-1", 1), ("ri-2", 1)), wanted, with_weight=False)


def test_a_plain_route_is_not_an_ecmp_route():
    plain = {"NextHops": {"NextHop": [{"NextHopType": "RouterInterface", "NextHopId": "ri-1"}]}}
    assert not rt.has_next_hops(plain, rt.parse_next_hops([hop("ri-1"), hop("ri-2")]))
    assert rt.points_to(plain, "ri-1") and not rt.points_to(ecmp_entry(("ri-1", 100), ("ri-2", 100)), "ri-1")


def test_an_ecmp_entry_has_no_single_next_hop_in_the_result():
    result = rt.normalize_route_entry(ecmp_entry(("ri-1", 100), ("ri-2", 50)))
    assert result["next_hop_id"] is None and result["next_hop_type"] is None
    assert [(h["next_hop_id"], h["weight"], h["enabled"]) for h in result["next_hops"]] == [
        ("ri-1", 100, 1), ("ri-2", 50, 1)]


def test_text_of_next_hops_names_their_weights():
    assert rt.describe_next_hop(ecmp_entry(("ri-1", 100), ("ri-2", 50))) == (
        "RouterInterface ri-1 (weight 100), RouterInterface ri-2 (weight 50)")
    assert rt.describe_hops([{"NextHopType": "RouterInterface", "NextHopId": "ri-1"}]) == "RouterInterface ri-1"
