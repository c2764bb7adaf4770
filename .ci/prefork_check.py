"""Check a running demo in prefork mode the way a browser uses it.

    $(python3 .ci/dev.py python) .ci/prefork_check.py --port 8069 --db quality_ops_demo \
        [--replica-port 55433]

1. The bus: a user's web client keeps a websocket on ``/websocket`` of the
   page's origin (the gevent worker behind the proxy). This opens it as the
   quality manager (``qo_manager``) with the session cookie of a login, as
   the browser does, subscribes, and waits for the notification that the
   administrator's scheduling an activity for that user sends
   (``mail.activity/updated``, which refreshes the user's activity counter).
   With ``--browser``, the same in headless Chromium: the web client open as
   that user, its activity counter in the menu bar goes up without a reload.
2. With ``--replica-port``: the quality dashboard's JSON-RPC call reads on the
   replica (its statistics of the measurement table move, as the primary's
   do not).

Exits non-zero when a check fails. Needs the virtualenv (websocket-client,
psycopg2).
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

import psycopg2
import websocket


def session(base, db, login):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.jsonrpc = lambda url, params: jsonrpc(opener, base + url, params)
    opener.jsonrpc("/web/session/authenticate", {"db": db, "login": login, "password": login})
    opener.session_id = next(c.value for c in jar if c.name == "session_id")
    return opener


def jsonrpc(opener, url, params):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    reply = json.loads(opener.open(request, timeout=60).read())
    if "error" in reply:
        raise RuntimeError(reply["error"]["data"]["message"])
    return reply["result"]


def call(opener, model, method, *args, **kwargs):
    return opener.jsonrpc(
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
    )


def schedule_activity(admin, login):
    """An activity for ``login``, scheduled by the administrator: its id."""
    uid = call(admin, "res.users", "search", [("login", "=", login)])[0]
    model_id = call(admin, "ir.model", "search", [("model", "=", "res.partner")])[0]
    todo = call(admin, "mail.activity.type", "search", [("category", "=", "default")], limit=1)
    partner = call(admin, "res.users", "read", [uid], ["partner_id"])[0]["partner_id"][0]
    return call(
        admin,
        "mail.activity",
        "create",
        {
            "res_model_id": model_id,
            "res_id": partner,
            "activity_type_id": todo[0] if todo else False,
            "user_id": uid,
            "summary": "prefork bus check",
            # Odoo notifies an activity due by the server's (UTC) today; one due
            # yesterday is that in every time zone (Asia/Shanghai's today is
            # the server's tomorrow from 16:00 UTC)
            "date_deadline": str(
                datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(1)
            ),
        },
    )


def check_bus(base, db, login):
    user = session(base, db, login)
    admin = session(base, db, "admin")
    ws_url = base.replace("http", "ws", 1) + "/websocket?version=19.0-2"
    ws = websocket.create_connection(
        ws_url, cookie=f"session_id={user.session_id}", origin=base, timeout=30
    )
    ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
    time.sleep(1)  # the subscription reaches the gevent worker
    started = time.time()
    activity = schedule_activity(admin, login)
    try:
        while time.time() - started < 30:
            for notification in json.loads(ws.recv()):
                if notification["message"]["type"] == "mail.activity/updated":
                    took = time.time() - started
                    print(f"bus: {login} received mail.activity/updated after {took:.2f} s")
                    return True
    except websocket.WebSocketTimeoutException:
        pass
    finally:
        ws.close()
        call(admin, "mail.activity", "unlink", [activity])
    print(f"bus: no notification reached {login} within 30 s")
    return False


class Browser:
    """Headless Chromium driven over the DevTools protocol."""

    def __init__(self):
        self.port = 9222 + os.getpid() % 500
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [shutil.which("chromium") or "chromium", "--headless=new", "--no-sandbox"]
            + ["--disable-gpu", f"--remote-debugging-port={self.port}"]
            + [f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                tabs = json.loads(
                    urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json").read()
                )
                break
            except OSError:
                time.sleep(0.2)
        page = next(t for t in tabs if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True)
        self.calls = 0

    def send(self, method, **params):
        self.calls += 1
        self.ws.send(json.dumps({"id": self.calls, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.calls:
                return message.get("result", message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def check_browser(base, db, login):
    user = session(base, db, login)
    admin = session(base, db, "admin")
    browser = Browser()
    counter = (
        "(document.querySelector('.o-mail-ActivityMenu-counter') || {}).textContent || "
        "(document.querySelector('.o_main_navbar') ? '0' : null)"
    )
    activity = None
    try:
        browser.send("Network.enable")
        browser.send("Network.setCookie", name="session_id", value=user.session_id, url=base)
        browser.send("Page.navigate", url=base + "/odoo")
        before = None
        for _ in range(120):  # the web client loads
            before = browser.evaluate(counter)
            if before is not None:
                break
            time.sleep(0.5)
        if before is None:
            print("browser: the web client did not load")
            return False
        time.sleep(3)  # its websocket connects and subscribes
        before = int(browser.evaluate(counter))
        started = time.time()
        activity = schedule_activity(admin, login)
        while time.time() - started < 30:
            now = int(browser.evaluate(counter))
            if now > before:
                took = time.time() - started
                print(
                    f"browser: {login}'s activity counter went from {before} to {now} "
                    f"{took:.2f} s after the activity was scheduled, without a reload"
                )
                return True
            time.sleep(0.2)
        print(f"browser: {login}'s activity counter stayed at {before}")
        return False
    finally:
        browser.close()
        if activity:
            call(admin, "mail.activity", "unlink", [activity])


def table_reads(port, db):
    with psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname=db) as conn:
        with conn.cursor() as cr:
            cr.execute("SELECT pg_stat_clear_snapshot()")
            cr.execute(
                "SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM pg_stat_user_tables"
                " WHERE relname = 'quality_ops_measurement'"
            )
            return cr.fetchone()[0]


def check_replica(base, db, login, primary_port, replica_port):
    user = session(base, db, login)
    before = table_reads(replica_port, db), table_reads(primary_port, db)
    for _ in range(5):
        call(user, "quality_ops.dashboard", "get_dashboard_data")
    # a backend reports its statistics at most every second, and one left idle
    # after its last query only after 10 s (PostgreSQL 15; 60 s at the latest)
    deadline = time.time() + 75
    while True:
        time.sleep(2)
        after = table_reads(replica_port, db), table_reads(primary_port, db)
        if after[0] > before[0] or time.time() > deadline:
            break
    on_replica, on_primary = after[0] - before[0], after[1] - before[1]
    print(
        f"replica: 5 dashboard calls scanned quality_ops_measurement {on_replica} times "
        f"on the replica, {on_primary} on the primary"
    )
    return on_replica > 0 and on_primary == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="qo_manager")
    parser.add_argument("--primary-port", type=int, default=55432)
    parser.add_argument("--replica-port", type=int)
    parser.add_argument("--browser", action="store_true", help="also in headless Chromium")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    ok = check_bus(base, args.db, args.login)
    if args.browser:
        ok = check_browser(base, args.db, args.login) and ok
    if args.replica_port:
        ok = check_replica(base, args.db, args.login, args.primary_port, args.replica_port) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
