"""Two replicas on one PostgreSQL behind HAProxy, as the README's "More than one machine" runs them: a
trainee logs in through the proxy, starts `angry-hold-music` and sends two replies; the replica serving
them (named by HAProxy's FRONTLINE_REPLICA cookie) is killed with SIGKILL. The open page reconnects
through the proxy and is drawn by the other replica, still logged in, with the call offered for resume
at the same turn; a reload lands there too; the call goes on there, and every acknowledged reply is in
the database. The script that runs them
(`deploy/run-replicas.sh`) starts the killed replica again and stops every process on SIGTERM. And a
scenario saved through one replica is what the other serves a few seconds later.

Needs HAProxy (`apt-get install haproxy`) and `TRAINER_TEST_DATABASE_URL`; without them the tests are
skipped with the reason, or fail when `TRAINER_REQUIRE_E2E=1` (CI).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.actions import PASSWORD, copy_of_app_library, idle, log_in, messages, new_tab, reply, send
from tests.e2e.conftest import START_TIMEOUT, _free_port
from trainer.auth import Passwords
from trainer.config import ROOT
from trainer.sessions import COOKIE_NAME
from trainer.store import Repository
from trainer.store.engine import make_engine

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]

RUN_REPLICAS = ROOT / "deploy" / "run-replicas.sh"
REPLICA_COOKIE = "FRONTLINE_REPLICA"
LIBRARY_CHECK_MS = 5_500  # a replica looks for saves made through the others every 5 s
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
    except Exception as e:
        admin.dispose()
        _missing(f"PostgreSQL at TRAINER_TEST_DATABASE_URL does not answer: {type(e).__name__}: {e}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    repo = Repository(make_engine(url), passwords=Passwords(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        repo.upgrade()
        repo.accounts.create_user("ada@example.com", "Ada Admin", "admin", PASSWORD)
        repo.accounts.create_user(TRAINEE, "Tom Trainee", "trainee", PASSWORD, team="North")
        yield url
    finally:
        repo.close()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@dataclass
class Deployment:
    """`deploy/run-replicas.sh` running: two replicas and HAProxy in front of them."""

    url: str  # the proxy's
    ports: dict[str, int]  # each replica's, by the name HAProxy's cookie gives it
    run_dir: Path
    database_url: str
    script: subprocess.Popen
    log: Path

    def pid(self, name: str) -> int:
        return int((self.run_dir / f"{name}.pid").read_text())

    def healthy(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def wait_until_healthy(self, url: str, what: str, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.script.poll() is not None:
                raise RuntimeError(f"run-replicas.sh exited with {self.script.returncode}:\n{self.logs()}")
            if self.healthy(url):
                return
            time.sleep(0.25)  # polling for start-up, not a timing assertion
        raise RuntimeError(f"{what} did not answer within {timeout:.0f} s:\n{self.logs()}")

    def wait_until_routed(self, name: str, timeout: float = 30.0) -> None:
        """Wait until HAProxy sends a browser whose cookie names this replica to it (its health checks
        have found it up): the proxy keeps the cookie rather than setting another."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            request = urllib.request.Request(f"{self.url}/_stcore/health",
                                             headers={"Cookie": f"{REPLICA_COOKIE}={name}"})
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200 and REPLICA_COOKIE not in (response.headers.get("Set-Cookie") or ""):
                        return
            except OSError:
                pass
            time.sleep(0.25)  # polling for start-up, not a timing assertion
        raise RuntimeError(f"HAProxy did not route to {name} within {timeout:.0f} s:\n{self.logs()}")

    def stop(self) -> int:
        """SIGTERM to the script, as a person's Ctrl-C or `systemctl stop` would send; its exit status."""
        if self.script.poll() is None:
            self.script.send_signal(signal.SIGTERM)
            try:
                self.script.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.script.pid, signal.SIGKILL)  # its own process group (start_new_session)
                self.script.wait(timeout=10)
        return self.script.returncode

    def logs(self) -> str:
        parts = [f"== run-replicas.sh ==\n{self.log.read_text()}"]
        parts += [f"== {f.name} ==\n{f.read_text()}" for f in sorted(self.run_dir.glob("*.log"))]
        return "\n".join(parts)


@pytest.fixture
def deploy(tmp_path: Path, pg_database: str) -> Iterator[Callable[..., Deployment]]:
    """Start the README's way to run replicas on one machine, on loopback ports; stopped afterwards.
    `scenarios_dir`: a library of the test's own (default: the built-in one)."""
    haproxy = _haproxy()
    started: list[Deployment] = []

    def start(scenarios_dir: Path | None = None) -> Deployment:
        ports = {"replica1": _free_port(), "replica2": _free_port()}
        assert len(set(ports.values())) == 2
        listen = f"127.0.0.1:{_free_port()}"
        run_dir, log = tmp_path / "run", tmp_path / "run-replicas.log"
        env = {**os.environ, "TRAINER_DATABASE_URL": pg_database, "FRONTLINE_PORTS": " ".join(map(str, ports.values())),
               "FRONTLINE_LISTEN": listen, "FRONTLINE_RUN_DIR": str(run_dir), "FRONTLINE_PYTHON": sys.executable,
               "HAPROXY": haproxy}
        if scenarios_dir is not None:
            env["TRAINER_SCENARIOS_DIR"] = str(scenarios_dir)
        script = subprocess.Popen(["bash", str(RUN_REPLICAS)], cwd=ROOT, env=env, stdout=log.open("w"),
                                  stderr=subprocess.STDOUT, start_new_session=True)
        running = Deployment(url=f"http://{listen}", ports=ports, run_dir=run_dir, database_url=pg_database,
                             script=script, log=log)
        started.append(running)
        for name, port in ports.items():
            running.wait_until_healthy(f"http://127.0.0.1:{port}", name)
        running.wait_until_healthy(running.url, "HAProxy")
        for name in ports:
            running.wait_until_routed(name)
        return running

    try:
        yield start
    finally:
        for running in started:
            running.stop()


def _alive(pid: int) -> bool:
    """A process still running (a zombie waiting for its parent to collect it has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cookie(tab, name: str) -> str | None:
    found = [c["value"] for c in tab.context.cookies() if c["name"] == name]
    return found[0] if found else None


def _wait_for_cookie(tab, name: str) -> str:
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


def test_killing_the_replica_mid_call_moves_the_trainee_to_the_other_one(browser, deploy, shots, request):
    from playwright.sync_api import expect

    deployment = deploy()
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
        expect(messages(tab).last).to_have_text(
            re.compile(r"\S\s+\S+")
        )  # the customer's line drawn, not only its avatar
        before = messages(tab).all_inner_texts()
        tab.screenshot(path=shots / "replicas-01-two-replies.png")
        # Both replies were answered on screen, so both are in the database.
        assert _saved_calls(deployment.database_url) == [("angry-hold-music", "in_progress", REPLIES[:2])]

        serving = _cookie(tab, REPLICA_COOKIE)
        assert serving in deployment.ports, f"HAProxy's cookie names no replica: {serving!r}"
        (survivor,) = set(deployment.ports) - {serving}
        killed = deployment.pid(serving)
        os.kill(killed, signal.SIGKILL)

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

        # run-replicas.sh started the killed replica again; stopping the script stops every process.
        deployment.wait_until_healthy(f"http://127.0.0.1:{deployment.ports[serving]}", f"{serving}, started again")
        assert deployment.pid(serving) != killed
        replicas = [deployment.pid(name) for name in deployment.ports]
        assert deployment.stop() == 0
        assert not [pid for pid in replicas if _alive(pid)], "a replica outlived the script"
    except BaseException:
        tab.screenshot(path=shots / f"failed-{request.node.name}.png")
        (shots / f"failed-{request.node.name}.log").write_text(deployment.logs())
        raise
    finally:
        context.close()


def test_a_scenario_saved_through_one_replica_is_served_by_the_other(browser, deploy, tmp_path, shots, request):
    from playwright.sync_api import expect

    library = copy_of_app_library(tmp_path)
    deployment = deploy(library)
    context, tab = new_tab(browser)
    # This browser talks to replica2 (HAProxy routes by its cookie); the save goes through replica1.
    context.add_cookies([{"name": REPLICA_COOKIE, "value": "replica2", "url": deployment.url}])
    try:
        tab.goto(deployment.url)
        log_in(tab, TRAINEE)
        expect(tab.get_by_text("The caller on hold (<b>test</b>)", exact=True)).to_be_visible()
        assert _cookie(tab, REPLICA_COOKIE) == "replica2"

        # What the Editor in replica1 does: write the file, log the save in the database.
        scenario = library / "en" / "app-hold.yaml"
        scenario.write_text(scenario.read_text().replace("title: The caller on hold (<b>test</b>)",
                                                         "title: The caller on hold, revised"))
        tab.wait_for_timeout(LIBRARY_CHECK_MS)
        tab.reload()  # the file alone is not read again: a library changes by a save
        expect(tab.get_by_text("The caller on hold (<b>test</b>)", exact=True)).to_be_visible()
        repo = Repository(make_engine(deployment.database_url))
        try:
            ada = repo.accounts.find_user("ada@example.com")
            repo.studio.record_save(
                ada,
                path="en/app-hold.yaml",
                scenario_id="app-hold",
                before_hash=None,
                after_hash="h1",
                summary="title",
                diff="",
            )
        finally:
            repo.close()
        tab.wait_for_timeout(LIBRARY_CHECK_MS)
        tab.reload()
        expect(tab.get_by_text("The caller on hold, revised", exact=True)).to_be_visible()
        assert _cookie(tab, REPLICA_COOKIE) == "replica2"
        idle(tab)
        tab.screenshot(path=shots / "replicas-04-saved-through-the-other-replica.png")
    except BaseException:
        tab.screenshot(path=shots / f"failed-{request.node.name}.png")
        (shots / f"failed-{request.node.name}.log").write_text(deployment.logs())
        raise
    finally:
        context.close()
