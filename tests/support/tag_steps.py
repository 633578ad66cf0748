"""The tag lifecycle every taggable module goes through against the emulator (ali_vbr, ali_router_interface).

Each step runs check mode with diff, then for real with diff, then again: the check must predict the real run
exactly (tags and diff) and make no mutating call, the real run must make exactly the expected tag calls, and
the re-run none.
"""

from .calls import mutating
from .playbook import assert_ok, run_many

CREATE_TAGS = {"env": "prod", "owner": "network"}
TAG = "TagResourcesForExpressConnect"
UNTAG = "UntagResourcesForExpressConnect"

# (what, tags, purge_tags, tags after, [(action, the tag parameters it sends)])
STEPS = (
    ("change a value", {"env": "dev", "owner": "network"}, True, {"env": "dev", "owner": "network"},
     [(TAG, {"Tag.1.Key": "env", "Tag.1.Value": "dev"})]),
    ("add a key, keeping the unlisted ones", {"team": "blue"}, False, {"env": "dev", "owner": "network", "team": "blue"},
     [(TAG, {"Tag.1.Key": "team", "Tag.1.Value": "blue"})]),
    # Removed keys first, then the added one (Terraform's order); an empty value is a value.
    ("purge the unlisted keys", {"env": "dev", "cost": ""}, True, {"env": "dev", "cost": ""},
     [(UNTAG, {"TagKey.1": "owner", "TagKey.2": "team"}), (TAG, {"Tag.1.Key": "cost", "Tag.1.Value": ""})]),
)


def tag_params(call):
    """The parameters of a call that name tags (Tags.N on create, Tag.N / TagKey.N on the tag calls)."""
    return dict((k, v) for k, v in call["params"].items() if k.startswith(("Tags.", "Tag.", "TagKey.")))


def state_tags(emulator, collection, id_field, resource_id):
    """The tags the emulator holds for the resource, as a dict."""
    record = next(r for r in emulator.state()[collection] if r[id_field] == resource_id)
    return dict((t["Key"], t["Value"]) for t in record["Tags"]["Tags"])  # the API's own shape, Tags.Tags[]


class TagLifecycle:
    """Runs the steps for one module; ``args`` identify one resource (its natural key and create options)."""

    def __init__(self, ansible, emulator, module, args, result_key, id_key, resource_type, collection, id_field):
        self.ansible, self.emulator, self.module, self.args = ansible, emulator, module, args
        self.result_key, self.id_key, self.resource_type = result_key, id_key, resource_type
        self.collection, self.id_field = collection, id_field

    def run(self, specs):
        results, calls = run_many(self.ansible, self.emulator, [(self.module,) + tuple(spec) for spec in specs])
        for result in results:
            assert_ok(result)
        return results, calls

    def tags_of(self, result):
        return result[self.result_key]["tags"]

    def create(self, create_action):
        """Check mode, then the create carrying the tags; returns the resource ID."""
        args = dict(self.args, tags=CREATE_TAGS)
        (predicted,), calls = self.run([(args, {"check_mode": True, "diff": True})])
        assert predicted["changed"] is True and self.tags_of(predicted) == CREATE_TAGS
        assert predicted["diff"]["before"] == {} and predicted["diff"]["after"]["tags"] == CREATE_TAGS
        assert mutating(calls) == []

        (created,), calls = self.run([(args, {"diff": True})])
        assert created["changed"] is True and self.tags_of(created) == CREATE_TAGS
        assert created["diff"]["after"]["tags"] == CREATE_TAGS
        # Tagged by the create itself (no tag call after it).
        assert [(c["action"], tag_params(c)) for c in mutating(calls)] == [
            (create_action, {"Tags.1.Key": "env", "Tags.1.Value": "prod", "Tags.2.Key": "owner",
                             "Tags.2.Value": "network"})]
        resource_id = created[self.id_key]
        assert state_tags(self.emulator, self.collection, self.id_field, resource_id) == CREATE_TAGS
        return resource_id, args

    def steps(self, resource_id, previous_args, previous_tags=CREATE_TAGS):
        for what, tags, purge, after, expected in STEPS:
            args = dict(self.args, tags=tags, purge_tags=purge)
            # The previous step again (nothing to do) and this step's check mode share one playbook.
            (rerun, predicted), calls = self.run([(previous_args,), (args, {"check_mode": True, "diff": True})])
            assert rerun["changed"] is False and self.tags_of(rerun) == previous_tags, what
            assert predicted["changed"] is True and self.tags_of(predicted) == after, what
            assert predicted["diff"]["before"]["tags"] == previous_tags, what
            assert predicted["diff"]["after"]["tags"] == after, what
            assert mutating(calls) == [], what

            (applied,), calls = self.run([(args, {"diff": True})])
            assert applied["changed"] is True and applied[self.id_key] == resource_id, what
            assert self.tags_of(applied) == after and applied["diff"] == predicted["diff"], what
            assert [(c["action"], tag_params(c)) for c in mutating(calls)] == expected, what
            for call in mutating(calls):
                assert call["params"]["ResourceType"] == self.resource_type, what
                assert call["params"]["ResourceId.1"] == resource_id, what
            assert state_tags(self.emulator, self.collection, self.id_field, resource_id) == after, what
            previous_args, previous_tags = args, after

        # The last step again, and tags not given at all (purge_tags alone changes nothing): no call.
        results, calls = self.run([(previous_args,), (previous_args, {"check_mode": True}),
                                   (dict(self.args, purge_tags=True),)])
        for result in results:
            assert result["changed"] is False and self.tags_of(result) == previous_tags
        assert mutating(calls) == []
        return previous_tags
