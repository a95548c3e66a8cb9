"""Two replicas on one PostgreSQL behind HAProxy, as the README's "More than one machine" runs them: a
trainee logs in through the proxy, starts `angry-hold-music` and sends two replies; the replica serving
them (named by HAProxy's FRONTLINE_REPLICA cookie) is killed with SIGKILL. The trainee's next action and
a reload land on the other replica, still logged in, with the call offered for resume at the same turn;
the call goes on there, and every acknowledged reply is in the database.

Needs HAProxy (`apt-get install haproxy`) and `TRAINER_TEST_DATABASE_URL`; without them the test is
skipped with the reason, or fails when `TRAINER_REQUIRE_E2E=1` (CI).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.actions import PASSWORD, idle, log_in, messages, new_tab, reply, send
from tests.e2e.conftest import Server, _free_port, launch_server, stop_server, wait_until_healthy
from trainer.auth import Passwords
from trainer.config import ROOT
from trainer.sessions import COOKIE_NAME
from trainer.store import Repository
from trainer.store.engine import make_engine

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]

HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
REPLICA_COOKIE = "FRONTLINE_REPLICA"
TRAINEE = "tom@example.com"
REPLIES = [
    "I'm so sorry you waited that long, I understand how frustrating that music must have been. That's on us.",
    "Thank you for explaining. I'm booking a free courier pickup for your phone tomorrow morning, and I will "
    "email you the pickup time within the hour.",
    "You're right, I'm sorry the music made it worse. I'll pass your feedback to the team that chooses the "
    "hold music today.",
]


def _missing(reason: str) -> None:
    if os.environ.get("TRAINER_REQUIRE_E2E") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _haproxy() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found is None:
        _missing("no haproxy: install it with `apt-get install -y haproxy` to run the two-replica test")
    return found  # type: ignore[return-value]


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL schema (dropped afterwards), migrated, with a trainee in it."""
    base = os.environ.get("TRAINER_TEST_DATABASE_URL")
    if not base:
        _missing("the two-replica test needs PostgreSQL: set TRAINER_TEST_DATABASE_URL, e.g. "
                 "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)  # type: ignore[arg-type]
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except Exception as e:  # noqa: BLE001 - any failure to reach the server means no PostgreSQL here
        admin.dispose()
        _missing(f"PostgreSQL at TRAINER_TEST_DATABASE_URL does not answer: {type(e).__name__}: {e}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    repo = Repository(make_engine(url), passwords=Passwords(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        repo.upgrade()
        repo.create_user("ada@example.com", "Ada Admin", "admin", PASSWORD)
        repo.create_user(TRAINEE, "Tom Trainee", "trainee", PASSWORD, team="North")
        repo.close()
        yield url
    finally:
        repo.close()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@dataclass
class Deployment:
    url: str  # the proxy's
    replicas: dict[str, Server]  # by the name HAProxy gives them in its cookie
    database_url: str
    proxy: subprocess.Popen
    proxy_log: Path


def _wait_for_proxy(url: str, proxy: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proxy.poll() is not None:
            raise RuntimeError(f"haproxy exited with {proxy.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling for start-up, not a timing assertion
    raise RuntimeError(f"haproxy did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture
def deployment(tmp_path: Path, pg_database: str) -> Iterator[Deployment]:
    haproxy = _haproxy()
    # The replicas trust the proxy's X-Forwarded-For (the per-address login limit), as the README says.
    env = {"TRAINER_TRUSTED_PROXIES": "127.0.0.1"}
    replicas = {name: launch_server(tmp_path, extra_env=env, database_url=pg_database, name=name)
                for name in ("replica1", "replica2")}  # both start at once, as a deploy starts them
    proxy: subprocess.Popen | None = None
    try:
        for server in replicas.values():
            wait_until_healthy(server)
        listen = f"127.0.0.1:{_free_port()}"
        proxy_env = {**os.environ, "FRONTLINE_LISTEN": listen,
                     "FRONTLINE_REPLICA_1": replicas["replica1"].url.removeprefix("http://"),
                     "FRONTLINE_REPLICA_2": replicas["replica2"].url.removeprefix("http://")}
        check = subprocess.run([haproxy, "-c", "-f", str(HAPROXY_CONFIG)], env=proxy_env, capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        proxy_log = tmp_path / "haproxy.log"
        proxy = subprocess.Popen([haproxy, "-db", "-f", str(HAPROXY_CONFIG)], env=proxy_env,
                                 stdout=proxy_log.open("w"), stderr=subprocess.STDOUT)
        _wait_for_proxy(f"http://{listen}", proxy, proxy_log)
        yield Deployment(url=f"http://{listen}", replicas=replicas, database_url=pg_database, proxy=proxy,
                         proxy_log=proxy_log)
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
        for server in replicas.values():
            stop_server(server)


def _cookie(tab, name: str) -> str | None:  # noqa: ANN001
    found = [c["value"] for c in tab.context.cookies() if c["name"] == name]
    return found[0] if found else None


def _wait_for_cookie(tab, name: str) -> str:  # noqa: ANN001
    for _ in range(40):
        value = _cookie(tab, name)
        if value:
            return value
        tab.wait_for_timeout(250)
    raise AssertionError(f"no {name} cookie; cookies: {[c['name'] for c in tab.context.cookies()]}")


def _saved_calls(database_url: str) -> list[tuple[str, str, list[str]]]:
    """The trainee's attempts in the database: (scenario, state, their replies in order)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT a.id, a.scenario_id, a.state, t.text FROM attempts a JOIN users u ON u.id = a.user_id "
                "LEFT JOIN turns t ON t.attempt_id = a.id AND t.speaker = 'trainee' "
                "WHERE u.email = %(email)s ORDER BY a.id, t.index", {"email": TRAINEE}).all()
    finally:
        engine.dispose()
    calls: dict[int, tuple[str, str, list[str]]] = {}
    for attempt_id, scenario_id, state, text in rows:
        calls.setdefault(attempt_id, (scenario_id, state, []))[2].extend([text] if text is not None else [])
    return list(calls.values())


def test_killing_the_replica_mid_call_moves_the_trainee_to_the_other_one(browser, deployment, shots, request):
    from playwright.sync_api import expect

    context, tab = new_tab(browser)
    try:
        tab.goto(deployment.url)
        log_in(tab, TRAINEE)
        _wait_for_cookie(tab, COOKIE_NAME)
        picker = tab.get_by_test_id("stSelectbox").filter(has_text="Scenario")
        picker.click()
        picker.locator("input").fill("Twenty minutes of hold")
        tab.get_by_role("option", name="Twenty minutes of hold music").click()
        idle(tab)
        tab.get_by_role("button", name="Start the call").click()
        expect(messages(tab)).to_have_count(1)
        reply(tab, REPLIES[0], 3)
        reply(tab, REPLIES[1], 5)
        idle(tab)
        before = messages(tab).all_inner_texts()
        tab.screenshot(path=shots / "replicas-01-two-replies.png")
        # Both replies were answered on screen, so both are in the database.
        assert _saved_calls(deployment.database_url) == [("angry-hold-music", "in_progress", REPLIES[:2])]

        serving = _cookie(tab, REPLICA_COOKIE)
        assert serving in deployment.replicas, f"HAProxy's cookie names no replica: {serving!r}"
        (survivor,) = set(deployment.replicas) - {serving}
        deployment.replicas[serving].process.send_signal(signal.SIGKILL)
        deployment.replicas[serving].process.wait(timeout=10)

        # The open tab reconnects on its own, through the proxy, to the other replica: still logged in,
        # the call offered for resume after its two replies.
        offer = tab.get_by_text("You have a call in progress: Twenty minutes of hold music, 2 replies so far")
        expect(offer).to_be_visible(timeout=60_000)
        expect(tab.get_by_text("Logged in as Tom Trainee (trainee)")).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "replicas-02-reconnected-on-the-other-replica.png")

        tab.reload()  # a reload lands there too
        expect(offer).to_be_visible(timeout=60_000)
        expect(tab.get_by_role("button", name="Log in")).to_have_count(0)
        assert _cookie(tab, REPLICA_COOKIE) == survivor

        tab.get_by_role("button", name="Resume the call").click()
        expect(messages(tab)).to_have_count(5)
        assert messages(tab).all_inner_texts() == before
        send(tab, REPLIES[2])  # the call goes on, and ends, on the surviving replica
        expect(tab.get_by_role("heading", name="Scorecard")).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "replicas-03-finished-on-the-other-replica.png")
        assert _saved_calls(deployment.database_url) == [("angry-hold-music", "finished", REPLIES)]
        assert deployment.replicas[survivor].process.poll() is None
    except BaseException:
        tab.screenshot(path=shots / f"failed-{request.node.name}.png")
        logs = [f"== {name} ==\n{server.log.read_text()}" for name, server in deployment.replicas.items()]
        logs.append(f"== haproxy ==\n{deployment.proxy_log.read_text()}")
        (shots / f"failed-{request.node.name}.log").write_text("\n".join(logs))
        raise
    finally:
        context.close()
