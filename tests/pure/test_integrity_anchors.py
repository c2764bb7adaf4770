"""Anchors name what the chain's own links cannot: its last seals deleted."""

from quality_ops.integrity import (
    ANCHOR_MISMATCH,
    CHAIN_TRUNCATED,
    SEAL,
    anchor_problems,
    chain_hash,
    verify_chain,
)


def chain(count):
    entries, previous = [], ""
    for sequence in range(1, count + 1):
        digest = f"d{sequence}"
        new_hash = chain_hash(previous, SEAL, "quality_ops.report", sequence, digest)
        entries.append((sequence, SEAL, "quality_ops.report", sequence, digest, new_hash))
        previous = new_hash
    return entries


def heads(entries):
    return {entry[0]: entry[5] for entry in entries}


def test_a_chain_cut_at_its_end_still_links():
    entries = chain(4)
    assert verify_chain(entries[:3]) == []


def test_anchors_held_by_the_chain_name_nothing():
    entries = chain(4)
    anchors = [(entry[0], entry[5], entry[0]) for entry in entries]
    assert anchor_problems(heads(entries), anchors) == []


def test_an_anchor_beyond_the_last_seal_names_the_truncation():
    entries = chain(4)
    anchors = [(4, entries[3][5], "record 4"), (3, entries[2][5], "record 3")]
    assert anchor_problems(heads(entries[:3]), anchors) == [("record 4", CHAIN_TRUNCATED)]
    assert anchor_problems({}, anchors) == [
        ("record 4", CHAIN_TRUNCATED),
        ("record 3", CHAIN_TRUNCATED),
    ]


def test_a_seal_replaced_or_removed_inside_the_chain_differs_from_its_anchor():
    entries = chain(4)
    anchors = [(2, entries[1][5], "seen 2"), (3, "forged", "seen 3")]
    current = heads(entries)
    assert anchor_problems(current, anchors) == [("seen 3", ANCHOR_MISMATCH)]
    del current[2]
    assert anchor_problems(current, anchors) == [
        ("seen 2", ANCHOR_MISMATCH),
        ("seen 3", ANCHOR_MISMATCH),
    ]
