"""Helpers shared by the ali_vbr and ali_vbr_info integration tests (setup through the real SDK)."""

import importlib
import json
import random

PC = "pc-emu0001"
PC2 = "pc-emu0002"


def sdk_call(emulator, action, secret=None, **params):
    """One real SDK request to the emulator (for setup outside Ansible); returns the parsed JSON response."""
    module = importlib.import_module("aliyunsdkvpc.request.v20160428.%sRequest" % action)
    request = getattr(module, action + "Request")()
    for key, value in params.items():
        request.add_query_param(key, value)
    client = emulator.sdk_client(secret=secret) if secret else emulator.sdk_client()
    return json.loads(client.do_action_with_exception(request))


def create_vbr(emulator, vlan_id, pc=PC, name=None, subnet_octet=None):
    octet = vlan_id % 250 if subnet_octet is None else subnet_octet
    params = dict(PhysicalConnectionId=pc, VlanId=vlan_id, LocalGatewayIp="10.%d.%d.1" % (1 if pc == PC else 2, octet),
                  PeerGatewayIp="10.%d.%d.2" % (1 if pc == PC else 2, octet), PeeringSubnetMask="255.255.255.252")
    if name:
        params["Name"] = name
    return sdk_call(emulator, "CreateVirtualBorderRouter", **params)["VbrId"]


def vbrs_in_state(emulator):
    return emulator.state()["VirtualBorderRouters"]


def new_calls(emulator, since):
    return emulator.calls()[since:]


def mutating(calls):
    return [call for call in calls if call["mutating"]]


def seed_with_draws(pattern, probability):
    """A seed whose first draws of random.Random(seed) follow ``pattern`` (True = fault) for ``probability``."""
    for seed in range(100000):
        rng = random.Random(seed)
        if all((rng.random() < probability) == hit for hit in pattern):
            return seed
    raise AssertionError("no seed found for %r" % (pattern,))


def run_module(ansible, module, args, check=False, diff=False, env=None):
    """Like ansible.run_module, but the result always carries ``failed`` (from the task status).

    With ansible-core 2.19 the callback's result dict no longer holds ``failed`` for a failed task.
    """
    return run_tasks(ansible, [(module, args)], check=check, diff=diff, env=env)[0]


def run_tasks(ansible, module_args, check=False, diff=False, env=None):
    """Run one playbook of (module, args[, task keywords]) tasks (failures don't abort); return their results.

    Task keywords such as ``{"check_mode": True, "diff": True}`` apply to that task only.
    """
    tasks = []
    for index, spec in enumerate(module_args):
        module, args, keywords = (tuple(spec) + ({},))[:3]
        task = {"name": "task %d" % index, "aliyun.express_connect." + module: args, "ignore_errors": True}
        task.update(keywords)
        tasks.append(task)
    run = ansible.run_tasks(tasks, check=check, diff=diff, env=env)
    results = []
    for index in range(len(tasks)):
        entries = [entry for entry in run.results if entry["task"] == "task %d" % index]
        if not entries:
            raise AssertionError("ansible-playbook produced no result for task %d (rc=%s)\nstdout:\n%s\nstderr:\n%s"
                                 % (index, run.rc, run.stdout, run.stderr))
        result = dict(entries[-1]["result"])
        result["failed"] = entries[-1]["status"] == "failed"
        results.append(result)
    return results
