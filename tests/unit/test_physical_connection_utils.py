"""module_utils/physical_connection.py: the query (chunks, filters, client-side checks) and normalisation."""

from ansible_collections.aliyun.express_connect.plugins.module_utils import physical_connection as pc


class FakeClient:
    """Answers paginate() from a list of items, applying the Filter the way a server would (or not at all)."""

    def __init__(self, items, lenient=False):
        self.items, self.lenient, self.requests = items, lenient, []

    def paginate(self, action, params, items_path):
        assert (action, items_path) == ("DescribePhysicalConnections", "PhysicalConnectionSet.PhysicalConnectionType")
        self.requests.append(params)
        if self.lenient:
            return list(self.items)
        filters = params.get("Filter") or []
        return [item for item in self.items if all(item[f["Key"]] in f["Value"] for f in filters)]


ITEMS = [{"PhysicalConnectionId": "pc-%d" % n, "Status": "Enabled" if n % 2 else "Confirmed", "Name": "n%d" % n}
         for n in range(12)]


def test_ids_are_queried_five_at_a_time_once_each():
    client = FakeClient(ITEMS)
    wanted = ["pc-%d" % n for n in (11, 0, 1, 2, 3, 4, 5, 6)] + ["pc-0", "pc-missing"]
    found = pc.describe(client, physical_connection_ids=wanted, status="Enabled")
    # The API's order within each query, the queries in turn; each connection once.
    assert [item["PhysicalConnectionId"] for item in found] == ["pc-1", "pc-3", "pc-11", "pc-5"]
    assert [r["Filter"][0]["Value"] for r in client.requests] == [
        ["pc-11", "pc-0", "pc-1", "pc-2", "pc-3"], ["pc-4", "pc-5", "pc-6", "pc-missing"]]
    assert all(r["Filter"][1] == {"Key": "Status", "Value": ["Enabled"]} for r in client.requests)


def test_no_filter_lists_everything_and_a_lenient_server_cannot_widen_the_result():
    assert pc.describe(FakeClient(ITEMS)) == ITEMS
    lenient = FakeClient(ITEMS, lenient=True)
    assert pc.describe(lenient, physical_connection_ids=["pc-3"]) == [ITEMS[3]]
    assert pc.describe(lenient, name="n4", status="Confirmed") == [ITEMS[4]]
    assert pc.describe(lenient, name="n4", status="Enabled") == []


def test_normalize_snake_case_tags_and_no_cak():
    item = {"PhysicalConnectionId": "pc-1", "AdLocation": "Hangzhou", "LoaStatus": "Complete",
            "ParentPhysicalConnectionAliUid": 0, "VirtualPhysicalConnectionCount": 2, "Bandwidth": 1000,
            "Tags": {"tags": [{"Key": "Team", "Value": "net"}, {"Key": "empty", "Value": None}]},
            "MacsecKeys": {"MacsecKey": [{"Cak": "s3cret-cak", "Ckn": "ckn-1", "CipherSuite": "GCM-AES-128",
                                          "StartOn": "2024-01-01T00:00:00Z", "Status": "active"}]}}
    assert pc.normalize(item) == {
        "physical_connection_id": "pc-1", "ad_location": "Hangzhou", "loa_status": "Complete",
        "parent_physical_connection_ali_uid": 0, "virtual_physical_connection_count": 2, "bandwidth": 1000,
        "tags": {"Team": "net", "empty": ""},
        "macsec_keys": {"macsec_key": [{"ckn": "ckn-1", "cipher_suite": "GCM-AES-128",
                                        "start_on": "2024-01-01T00:00:00Z", "status": "active"}]}}
    assert pc.secrets([item]) == {"s3cret-cak"}
    assert pc.normalize({"PhysicalConnectionId": "pc-2"}) == {"physical_connection_id": "pc-2", "tags": {},
                                                              "macsec_keys": {"macsec_key": []}}
    assert pc.secrets([{"PhysicalConnectionId": "pc-2"}]) == set()
