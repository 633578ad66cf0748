"""ClientToken scope in the emulator: at least as strict as the cloud (emulator README, "ClientToken").

A token replays only for the AccessKey that first used it, any key of the account reusing it with other parameters
is refused, and a replay after the resource was deleted answers the deleted ID without creating anything.
"""

from aliyunsdkcore.auth.credentials import StsTokenCredential

from conftest import REGION, Api

VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")


def sts_api(emulator):
    return Api(emulator.url, credential=StsTokenCredential("STS.test-sts-key-id", "test-sts-secret",
                                                           "test-security-token"))


def interfaces(emulator):
    return [ri["RouterInterfaceId"] for ri in emulator.state()["RouterInterfaces"]]


def test_a_token_replays_for_its_own_access_key_only(api, clean_emulator):
    vbr_id = api.vbr()
    first = api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="shared", **VBR_RI)["RouterInterfaceId"]
    assert api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="shared",
                    **VBR_RI)["RouterInterfaceId"] == first
    assert interfaces(clean_emulator) == [first]
    # Another key of the same account: not a replay (the narrower scope), so a second interface.
    other = sts_api(clean_emulator)
    second = other.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="shared", **VBR_RI)["RouterInterfaceId"]
    assert second != first and sorted(interfaces(clean_emulator)) == sorted([first, second])
    # ...whose own replays answer its own interface.
    assert other.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="shared",
                      **VBR_RI)["RouterInterfaceId"] == second


def test_other_parameters_are_refused_for_every_key_of_the_account(api, clean_emulator):
    vbr_id = api.vbr()
    api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="mine", **VBR_RI)
    for client in (api, sts_api(clean_emulator)):
        client.expect("IdempotentParameterMismatch", 400, "CreateRouterInterface", RouterId=vbr_id,
                      ClientToken="mine", **dict(VBR_RI, Spec="Large.1"))
    assert len(interfaces(clean_emulator)) == 1


def test_a_replay_after_the_delete_answers_the_deleted_interface(api, clean_emulator):
    vbr_id = api.vbr()
    first = api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="again", **VBR_RI)["RouterInterfaceId"]
    api.call("DeleteRouterInterface", RouterInterfaceId=first)
    assert api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="again",
                    **VBR_RI)["RouterInterfaceId"] == first
    assert api.describe_ri(first) is None and interfaces(clean_emulator) == []
