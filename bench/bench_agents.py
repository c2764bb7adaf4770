"""What the load bench's clients do, as agents and the mail gateway do it:
JSON-RPC calls with a session, and the load loop that times them."""

import datetime
import random
import threading
import time

import requests
from bench_common import incident_mail
from bench_load_data import (
    EMAIL_DOMAIN,
)

VARIANTS = ("dependencies", "quality_ops")
OPERATIONS = ("list", "create", "create_mail", "reply", "progress", "pause", "resume", "close")
TICKET_PREFIX = "LOAD"


# --------------------------------------------------------------------------
# clients
# --------------------------------------------------------------------------
class RpcError(Exception):
    pass


def rpc_result(response, path, what):
    """The result of a JSON-RPC reply to ``path``, or an RpcError saying
    what failed (``what``)."""
    if response.status_code != 200:
        raise RpcError(f"HTTP {response.status_code} on {path}")
    body = response.json()
    if "error" in body:
        data = body["error"].get("data") or {}
        raise RpcError(f"{what}: {data.get('name')}: {data.get('message')}"[:300])
    return body["result"]


def stage_moves(setup):
    """The moves of a ticket after its reply, to its close: (the operation
    each is measured as, the stage)."""
    return (
        ("progress", setup["progress"]),
        ("pause", setup["awaiting"]),
        ("resume", setup["progress"]),
        ("close", setup["done"]),
    )


class Agent:
    """One agent's session, as the web client holds one."""

    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.http = requests.Session()
        self.context = {"lang": "en_US", "tz": "Asia/Shanghai"}
        result = self.post("/web/session/authenticate", db=db, login=login, password=login)
        self.uid = result["uid"]

    def post(self, path, **params):
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=180,
        )
        return rpc_result(response, path, path)

    def reply(self, ticket):
        """The agent's public reply on ``ticket``, as the chatter posts it."""
        return self.post(
            "/mail/message/post",
            thread_model="helpdesk.ticket",
            thread_id=ticket,
            post_data={
                "body": "We are looking into it and will call you within the hour.",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
            context=self.context,
        )

    def move(self, ticket, stage):
        """The agent moves ``ticket`` to ``stage``."""
        return self.call("helpdesk.ticket", "write", [ticket], {"stage_id": stage})

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )


def list_open_tickets(agent):
    """An agent's list of his open tickets, as the web client asks for it."""
    return agent.call(
        "helpdesk.ticket",
        "web_search_read",
        domain=[("user_id", "=", agent.uid), ("stage_id.closed", "=", False)],
        specification={
            "number": {},
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "stage_id": {"fields": {"display_name": {}}},
            "priority": {},
            "create_date": {},
        },
        limit=80,
    )


def gateway(url, db, admin_uid, raw, custom_values):
    """An incoming e-mail as the mail gateway script delivers it."""
    response = requests.post(
        url + "/jsonrpc",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    db,
                    admin_uid,
                    "admin",
                    "mail.thread",
                    "message_process",
                    ["helpdesk.ticket", raw],
                    {"custom_values": custom_values},
                ],
            },
        },
        timeout=180,
    )
    return rpc_result(response, "/jsonrpc", "message_process")


class Load:
    """N clients working tickets until the time is up (each finishes its ticket)."""

    def __init__(self, server, setup, args, tag):
        self.server, self.setup, self.args, self.tag = server, setup, args, tag
        self.samples = {op: [] for op in OPERATIONS}
        self.errors = []
        self.tickets = {}  # ticket id -> set of operations done
        self.lock = threading.Lock()
        self.stop_at = None

    def timed(self, op, func):
        start = time.perf_counter()
        try:
            result = func()
        except (RpcError, requests.RequestException, ValueError) as error:
            with self.lock:
                self.errors.append(f"{op}: {error}")
            return None, False
        with self.lock:
            self.samples[op].append(time.perf_counter() - start)
        return result, True

    def client(self, number):
        setup = self.setup
        login = f"load_agent_{number:02d}"
        agent = Agent(self.server.url, self.server.db, login)
        agent.call("helpdesk.ticket", "search_read", [("user_id", "=", agent.uid)], ["id"], limit=1)
        rng = random.Random(number)
        cycle = 0
        while time.time() < self.stop_at:
            cycle += 1
            tag = f"{self.tag}-{number}-{cycle}"
            team = setup["teams"][rng.randrange(len(setup["teams"]))]
            self.timed(
                "list",
                lambda a=agent: list_open_tickets(a),
            )
            if cycle % 2:
                vals = {
                    "name": f"{TICKET_PREFIX} {tag}: printer jams",
                    "description": "<p>The printer on floor 3 jams on every page.</p>",
                    "team_id": team,
                    "partner_id": rng.choice(setup["contacts"])[0],
                    "priority": rng.choice("0123"),
                    "user_id": agent.uid,
                }
                ticket, ok = self.timed(
                    "create", lambda v=vals: agent.call("helpdesk.ticket", "create", [v])[0]
                )
            else:
                _id, name, email = rng.choice(setup["contacts"])
                raw = incident_mail(
                    name,
                    email,
                    EMAIL_DOMAIN,
                    f"{TICKET_PREFIX} {tag}",
                    tag,
                    datetime.datetime.now(datetime.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000"),
                    rng.randrange(17),
                )
                ticket, ok = self.timed(
                    "create_mail",
                    lambda raw=raw, team=team: gateway(
                        self.server.url,
                        self.server.db,
                        setup["admin"],
                        raw,
                        {"team_id": team, "user_id": agent.uid},
                    ),
                )
            if not ok or not ticket:
                continue
            done = {"create"}
            with self.lock:
                self.tickets[ticket] = done
            _result, ok = self.timed(
                "reply",
                lambda t=ticket: agent.reply(t),
            )
            if ok:
                done.add("reply")
            for op, stage in stage_moves(setup):
                _result, ok = self.timed(op, lambda t=ticket, s=stage: agent.move(t, s))
                if ok:
                    done.add(op)

    def run(self, seconds):
        self.stop_at = time.time() + seconds
        threads = [
            threading.Thread(target=self.guarded, args=(i,)) for i in range(self.args.clients)
        ]
        start = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.time() - start

    def guarded(self, number):
        try:
            self.client(number)
        except Exception as error:  # a client that cannot even log in
            with self.lock:
                self.errors.append(f"client {number}: {error!r}"[:300])
