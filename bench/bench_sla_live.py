"""SLA benchmark of the live ticket path (not a test).

People and the mail gateway handle tickets one at a time, each operation in its
own transaction, with chatter, followers, tracking and mail on.  This times
that path on the databases of bench_sla.py (built here when missing), for the
dependencies only, quality_ops and OCA helpdesk_mgmt_sla in the same run,
rounds interleaved so that all variants share the machine's ups and downs:

* a ticket created by an internal user, and one created by the mail gateway
  (``message_process`` of an incoming e-mail from a known customer);
* on each of them a first public reply by the agent, a move to a working
  stage, a pause (waiting for the customer) and resume, and the closing.

Each operation is timed from opening the cursor to the end of its commit.
Run by bench_sla.py (``python3 .ci/dev.py bench sla``) or alone:
``python3 .ci/dev.py bench sla_live -- --live-tickets 150 --rounds 3``.
"""

import statistics
import time

from bench_common import bench_parser, incident_mail, load_odoo

LIVE_VARIANTS = ("dependencies", "quality_ops", "oca_sla")
OPERATIONS = (
    ("create", "create (internal user)"),
    ("create_mail", "create (mail gateway)"),
    ("reply", "first public reply"),
    ("move", "stage move"),
    ("pause", "pause (waiting stage)"),
    ("resume", "resume"),
    ("close", "close"),
)
AGENT_LOGIN = "qo_bench_agent"
EMAIL_DOMAIN = "bench.example"
CONTACTS = 40
WARMUP = 10
SLICE = 10  # tickets each way per slice


def prepare(registry, variant):
    """Agent, e-mail contacts and stages of a bench database (idempotent)."""
    import odoo
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        teams = env["helpdesk.ticket.team"].search([("name", "like", "Bench team")])
        if not teams:
            from bench_sla import setup_data

            teams, _partners = setup_data(env, variant)
        agent = env["res.users"].search([("login", "=", AGENT_LOGIN)])
        if not agent:
            agent = env["res.users"].create(
                {
                    "name": "Bench Agent",
                    "login": AGENT_LOGIN,
                    "email": f"agent@{EMAIL_DOMAIN}",
                    "group_ids": [
                        (
                            6,
                            0,
                            [
                                env.ref("base.group_user").id,
                                env.ref("helpdesk_mgmt.group_helpdesk_user").id,
                            ],
                        )
                    ],
                }
            )
            teams.write({"user_ids": [(4, agent.id)]})
        contacts = env["res.partner"].search(
            [("email", "=like", f"%@{EMAIL_DOMAIN}"), ("id", "!=", agent.partner_id.id)],
            order="id",
        )
        if not contacts:
            companies = env["res.partner"].search(
                [("is_company", "=", True), ("name", "like", "Customer ")], limit=CONTACTS
            )
            contacts = env["res.partner"].create(
                [
                    {
                        "name": f"Contact {i:02d}",
                        "email": f"contact{i:02d}@{EMAIL_DOMAIN}",
                        "parent_id": companies[i % len(companies)].id,
                    }
                    for i in range(CONTACTS)
                ]
            )
        ref = env.ref
        setup = {
            "agent": agent.id,
            "teams": teams.ids,
            "contacts": [(c.id, c.name, c.email) for c in contacts],
            "new": ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
            "progress": ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
            "awaiting": ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").id,
            "done": ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
        }
        cr.commit()
    return setup


def transaction(registry, uid, func):
    """Run ``func(env)`` in its own transaction: (result, seconds, queries)."""
    from odoo import api

    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        env = env(context=env["res.users"].context_get())
        queries = cr.sql_log_count
        result = func(env)
        cr.commit()
        queries = cr.sql_log_count - queries
    return result, time.perf_counter() - start, queries


def run_tickets(registry, setup, count, tag, samples):
    """Create ``count`` tickets each way, then answer, move, pause, resume and
    close every one of them, one transaction per operation."""
    import odoo

    agent = setup["agent"]
    teams = setup["teams"]
    contacts = setup["contacts"]
    tickets = []

    def record(op, result):
        value, seconds, queries = result
        samples[op].append((seconds, queries))
        return value

    for i in range(count):
        contact_id, name, email = contacts[i % len(contacts)]
        vals = {
            "name": f"Printer jam {tag}-{i}",
            "description": "<p>The printer on floor 3 jams on every page.</p>",
            "team_id": teams[i % len(teams)],
            "partner_id": contact_id,
            "priority": "0123"[i % 4],
            "user_id": agent,
        }
        tickets.append(
            record(
                "create",
                transaction(
                    registry, agent, lambda env, v=vals: env["helpdesk.ticket"].create(v).id
                ),
            )
        )
        raw = incident_mail(
            name,
            email,
            EMAIL_DOMAIN,
            f"Incident {i}",
            f"qo-live-{tag}-{i}",
            "Tue, 01 Dec 2026 09:00:00 +0800",
            i % 17,
        )
        tickets.append(
            record(
                "create_mail",
                transaction(
                    registry,
                    odoo.SUPERUSER_ID,
                    lambda env, raw=raw, i=i: (
                        env["mail.thread"]
                        .with_context(fetchmail_cron_running=True)
                        .message_process(
                            "helpdesk.ticket",
                            raw,
                            custom_values={"team_id": teams[i % len(teams)], "user_id": agent},
                        )
                    ),
                ),
            )
        )

    def reply(env, ticket_id):
        env["helpdesk.ticket"].browse(ticket_id).message_post(
            body="We are looking into it and will call you within the hour.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def move(stage):
        def write(env, ticket_id):
            env["helpdesk.ticket"].browse(ticket_id).write({"stage_id": stage})

        return write

    for op, func in (
        ("reply", reply),
        ("move", move(setup["progress"])),
        ("pause", move(setup["awaiting"])),
        ("resume", move(setup["progress"])),
        ("close", move(setup["done"])),
    ):
        for ticket_id in tickets:
            record(op, transaction(registry, agent, lambda env, f=func, t=ticket_id: f(env, t)))
    return tickets


def check_clocks(registry, tickets):
    """quality_ops only: the live path left every clock where it should be."""
    import odoo
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        clocks = env["quality_ops.ticket.sla"].search([("ticket_id", "in", tickets)])
        states = {(c.kind, c.state) for c in clocks}
        reached = all(c.reached_at for c in clocks)
        paused = all(c.paused_hours >= 0 and not c.paused_since for c in clocks)
    if len(clocks) != 2 * len(tickets) or not reached or not paused:
        raise SystemExit(f"live bench: unexpected clocks {len(clocks)} {states}")
    return states


def quartiles(values):
    """Median and interquartile range of a list of numbers."""
    if len(values) < 4:
        return statistics.median(values), min(values), max(values)
    low, median, high = statistics.quantiles(values, n=4)
    return median, low, high


def run_live(args, registries, count, rounds):
    """``rounds`` passes of ``count`` tickets created each way per variant, in
    slices of SLICE tickets that alternate the variants (in a rotating order)
    so that a load elsewhere on the machine hits them all alike.  Prints, per
    operation, the median of the slice medians with its interquartile range, and
    the extra cost as the median of the paired differences slice by slice."""
    setups = {variant: prepare(registries[variant], variant) for variant in LIVE_VARIANTS}
    # message ids must be new in every run (the gateway ignores known ones)
    stamp = int(time.time())
    # warm-up: registries, ormcaches, prepared statements, file system
    for variant in LIVE_VARIANTS:
        scratch = {op: [] for op, _label in OPERATIONS}
        run_tickets(registries[variant], setups[variant], WARMUP, f"{stamp}-warmup", scratch)
    means = {variant: {op: [] for op, _label in OPERATIONS} for variant in LIVE_VARIANTS}
    queries = {variant: {op: [] for op, _label in OPERATIONS} for variant in LIVE_VARIANTS}
    slices = [
        (number, start, min(SLICE, count - start))
        for number in range(rounds)
        for start in range(0, count, SLICE)
    ]
    for index, (number, start, size) in enumerate(slices):
        shift = index % len(LIVE_VARIANTS)
        for variant in LIVE_VARIANTS[shift:] + LIVE_VARIANTS[:shift]:
            samples = {op: [] for op, _label in OPERATIONS}
            tickets = run_tickets(
                registries[variant], setups[variant], size, f"{stamp}-{number}-{start}", samples
            )
            if variant == "quality_ops":
                check_clocks(registries[variant], tickets)
            for op, values in samples.items():
                means[variant][op].append(statistics.median(s for s, _q in values) * 1000)
                queries[variant][op].append(statistics.fmean(q for _s, q in values))
    print(
        f"\nlive path: one ticket per transaction, mail and tracking on; {count} tickets "
        f"created each way, {rounds} rounds, in {len(slices)} slices of up to {SLICE} "
        "alternating the variants; ms per operation: median of the slice medians "
        "[interquartile range], queries per operation; extra: median of the paired "
        "differences with the dependencies"
    )
    print(
        f"{'operation':24}{'dependencies':>23}{'+ quality_ops':>23}{'extra':>7}"
        f"{'+ helpdesk_mgmt_sla':>23}{'extra':>7}"
    )
    table = {}
    for op, label in OPERATIONS:
        base_values = means["dependencies"][op]
        line = f"{label:24}"
        for variant in LIVE_VARIANTS:
            values = means[variant][op]
            median, low, high = quartiles(values)
            count_q = statistics.median(queries[variant][op])
            line += f"{median:7.2f} {f'[{low:.1f}-{high:.1f}]':>11} {count_q:2.0f}q"
            if variant != "dependencies":
                extra = statistics.median(
                    ours - base for ours, base in zip(values, base_values, strict=True)
                )
                table[variant, op] = extra
                line += f"{extra:+7.2f}"
        print(line)
    return table


def main():
    parser = bench_parser()
    parser.add_argument("--live-tickets", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from odoo.modules.registry import Registry

    load_odoo(args)
    from bench_sla import ensure_db

    registries = {variant: Registry(ensure_db(args, variant)) for variant in LIVE_VARIANTS}
    run_live(args, registries, args.live_tickets, args.rounds)


if __name__ == "__main__":
    main()
