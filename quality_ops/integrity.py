"""Tamper evidence of approved quality records (plain Python, no Odoo).

When a plan, report, audit or management review is approved or closed, its
content (fields and lines) is reduced to a canonical JSON text and hashed; the
digest is chained to the previous seal of the same company and kind, the way
Odoo's accounting chains posted journal entries.  Verifying recomputes both:

* the chain, from the digests stored in the seals (a seal edited or removed in
  the database breaks every hash after it);
* the digest of each record still sealed, from its current content (a record
  edited in the database no longer matches its seal);
* the head of each chain against its *anchors*, kept outside the chain: the
  sequence and hash each seal had when it was made (stored with the sealed
  record, printed on its PDF) and the head each earlier verification saw.  The
  last seals of a chain deleted in the database leave a chain whose links still
  follow; only an anchor says it once went further.
"""

import datetime
import hashlib
import json

SEAL = "seal"
UNSEAL = "unseal"

CONTENT_CHANGED = "content_changed"
CHAIN_BROKEN = "chain_broken"
RECORD_MISSING = "record_missing"
CHAIN_TRUNCATED = "chain_truncated"
ANCHOR_MISMATCH = "anchor_mismatch"


def canonical(value):
    """A JSON-able, stable form of a field value (dates as ISO text, floats
    rounded, sets of ids sorted)."""
    if value is None or value is False:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # the database stores floats rounded to their digits; 6 decimals is
        # more than any field here keeps and hides binary noise
        return format(round(value, 6), ".6f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [canonical(item) for item in value]
        if isinstance(value, set | frozenset):
            items.sort(key=repr)
        return items
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    return str(value)


def digest(content):
    """SHA-256 of the canonical JSON text of ``content``."""
    text = json.dumps(canonical(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_hash(previous_hash, event, res_model, res_id, content_digest):
    """Hash of one seal, linked to the one before it in its chain."""
    text = "|".join([previous_hash or "", event, res_model, str(res_id), content_digest or ""])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_chain(entries):
    """Check the links of one chain.

    ``entries`` are ``(sequence, event, res_model, res_id, digest, hash)`` in
    sequence order.  Returns the sequences whose hash does not follow from the
    previous one (or whose sequence number is not the next one).
    """
    broken = []
    previous_hash, expected = "", None
    for sequence, event, res_model, res_id, content_digest, stored in entries:
        if expected is not None and sequence != expected:
            broken.append(sequence)
        if chain_hash(previous_hash, event, res_model, res_id, content_digest) != stored:
            broken.append(sequence)
        previous_hash, expected = stored, sequence + 1
    return sorted(set(broken))


def sealed_now(entries):
    """``{(res_model, res_id): digest}`` of the records whose last event in the
    chain is a seal (an unseal, made by a reset with a reason, releases it)."""
    state = {}
    for _sequence, event, res_model, res_id, content_digest, _hash in entries:
        if event == SEAL:
            state[(res_model, res_id)] = content_digest
        else:
            state.pop((res_model, res_id), None)
    return state


def anchor_problems(heads, anchors):
    """Compare a chain as it is with what was anchored outside it.

    ``heads`` is ``{sequence: hash}`` of the chain's seals now; ``anchors`` are
    ``(sequence, hash, key)``: a seal as its record or an earlier verification
    saw it.  Returns ``(key, problem)`` for each anchor the chain no longer
    holds: ``CHAIN_TRUNCATED`` when it lies beyond the chain's last seal,
    ``ANCHOR_MISMATCH`` when the chain's seal of that sequence is missing or
    has another hash.
    """
    end = max(heads, default=0)
    problems = []
    for sequence, anchored_hash, key in anchors:
        if sequence > end:
            problems.append((key, CHAIN_TRUNCATED))
        elif heads.get(sequence) != anchored_hash:
            problems.append((key, ANCHOR_MISMATCH))
    return problems
