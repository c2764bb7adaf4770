"""A model's workflow table: its steps and their messages, put together."""

import pytest

from quality_ops.tools.workflow_pass import Transition, transitions

STEPS = {
    "submit": Transition("draft", "submitted", "group_officer", stamp=(None, "submitted_on")),
    "cancel": Transition(("draft", "submitted"), "cancelled", "group_manager"),
}
DENIED = {"submit": "only officers submit", "cancel": "only the manager cancels"}
VERBS = {"submit": "submitted", "cancel": "cancelled"}


def test_a_single_source_is_a_tuple_of_one():
    assert Transition("draft", "submitted", "group_officer").sources == ("draft",)
    assert STEPS["cancel"].sources == ("draft", "submitted")


def test_each_step_gets_its_own_messages():
    table = transitions(STEPS, DENIED, VERBS)
    assert {key: (step.denied, step.verb) for key, step in table.items()} == {
        "submit": ("only officers submit", "submitted"),
        "cancel": ("only the manager cancels", "cancelled"),
    }
    assert table["submit"].stamp == (None, "submitted_on")
    assert table["cancel"].target == "cancelled"
    # the declared steps are left as they were
    assert STEPS["submit"].denied is None


@pytest.mark.parametrize(
    "denied,verbs,unmatched",
    [
        ({"submit": "only officers submit"}, VERBS, "cancel"),
        (DENIED, {**VERBS, "reopen": "reopened"}, "reopen"),
    ],
)
def test_a_step_without_both_messages_is_refused(denied, verbs, unmatched):
    with pytest.raises(ValueError, match=unmatched):
        transitions(STEPS, denied, verbs)
