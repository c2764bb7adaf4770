"""The pass a workflow step writes through, and what a step declares.

The transitions write through a *pass*: an object put in the context that
says which records of which model may be written.  A client can only send
JSON or XML-RPC values in a context, never such an object, so no context key
a client sends switches a guard off.
"""

from dataclasses import dataclass, replace

PASS_KEY = "quality_ops_pass"


def context_defaults(records):
    """``{field: value}`` of the ``default_<field>`` keys of the context: a
    client sends values for creation through them as much as through vals."""
    return {
        key[8:]: value
        for key, value in records.env.context.items()
        if key.startswith("default_") and key[8:] in records._fields
    }


def effective_vals(records, vals):
    """What a create will store for the fields sent: the context's defaults
    under the values."""
    return {**context_defaults(records), **vals}


def without_context_defaults(records):
    context = {k: v for k, v in records.env.context.items() if not k.startswith("default_")}
    return records.with_env(records.env(context=context))


class WorkflowPass:
    """Permission, given by a transition, to write some records of a model.

    Not JSON-serialisable on purpose: RPC cannot forge one.
    """

    __slots__ = ("ids", "model")

    def __init__(self, model, ids=None):
        self.model = model
        self.ids = None if ids is None else frozenset(ids)

    def covers(self, records, creating=False):
        if records._name != self.model:
            return False
        if creating:
            return self.ids is None
        # a pass to create never allows writing
        return self.ids is not None and set(records.ids) <= self.ids


@dataclass(frozen=True)
class Transition:
    """A step of a workflow, as a model declares it: from which states (one
    or a tuple), to which (None: the state stays), by which group."""

    sources: tuple | str
    target: str | None
    group: str
    stamp: tuple = ()  # (user field, date field) set to the caller and today
    clear: tuple = ()  # fields emptied by the step
    seal: str | None = None  # SEAL or UNSEAL: the integrity chain
    # the step takes a record back from what it was (done, approved, closed...):
    # it is made only with a reason, kept in the record's history
    reason: bool = False
    denied: object = None  # lazy translation: the error for a caller without the group
    verb: object = None  # lazy translation: "approved", "closed"... for state errors

    def __post_init__(self):
        if isinstance(self.sources, str):
            object.__setattr__(self, "sources", (self.sources,))


def transitions(steps, denied, verbs):
    """A model's workflow: its steps, a table that reads like its state
    chart, each given its two messages. A step without both is a defect of
    the model, refused when the module loads."""
    unmatched = (set(steps) ^ set(denied)) | (set(steps) ^ set(verbs))
    if unmatched:
        raise ValueError(f"workflow steps and messages differ: {sorted(unmatched)}")
    return {key: replace(step, denied=denied[key], verb=verbs[key]) for key, step in steps.items()}


def has_pass(records, creating=False):
    token = records.env.context.get(PASS_KEY)
    return isinstance(token, WorkflowPass) and token.covers(records, creating)


def with_pass(records, creating=False):
    """The records, allowed to write what their transitions write."""
    token = WorkflowPass(records._name, None if creating else records.ids)
    return records.with_context(**{PASS_KEY: token})
