"""Real-browser fixtures: `streamlit run` on a free port with a temporary database, and Debian's
Chromium driven by Playwright (Playwright's own browser download does not work offline).

Without `/usr/bin/chromium` these tests skip with the reason; with `TRAINER_REQUIRE_E2E=1` (CI) a
missing browser is a failure instead. Screenshots go to `$TRAINER_E2E_SHOTS` (default: a folder
under the system temp dir) so a person can look at what the browser saw.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from trainer.config import ROOT

CHROMIUM = Path(os.environ.get("TRAINER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling for start-up, not a timing assertion
    raise RuntimeError(f"streamlit did not answer within {START_TIMEOUT:.0f} s:\n{server.log.read_text()}")


def start_server(tmp_path: Path, scenarios_dir: Path | None = None, extra_env: dict[str, str] | None = None) -> Server:
    """`extra_env`: more settings for the app, e.g. `OPENAI_BASE_URL` of the local fake model server."""
    port = _free_port()
    database_url = f"sqlite:///{tmp_path / 'e2e.db'}"
    env = {**os.environ, "TRAINER_DATABASE_URL": database_url, **(extra_env or {})}
    if scenarios_dir is not None:
        env["TRAINER_SCENARIOS_DIR"] = str(scenarios_dir)
    log = tmp_path / "streamlit.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    server = Server(url=f"http://127.0.0.1:{port}", database_url=database_url, process=process, log=log)
    try:
        _wait_until_healthy(server)
    except RuntimeError:
        process.kill()
        raise
    return server


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = (f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium` "
                  "to run the real-browser tests")
        if os.environ.get("TRAINER_REQUIRE_E2E") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright(chromium_path: Path):
    """One Playwright for the whole run (a second one inside the first's event loop is refused); a test
    that needs Chromium started with other flags launches it from here."""
    from playwright.sync_api import expect, sync_playwright

    # An expectation waits up to 15 s (Playwright's default is 5): on a loaded two-core machine a page's
    # run can take longer than 5 s, and a passing check returns as soon as it holds, so only a failure waits.
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright, chromium_path: Path):
    chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = Path(os.environ.get("TRAINER_E2E_SHOTS") or Path(tempfile.gettempdir()) / "frontline-e2e")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path)
    yield running
    stop_server(running)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.e2e_failed = report.failed


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, server: Server, shots: Path):
    from tests.e2e.actions import new_tab

    context, tab = new_tab(browser)
    yield tab
    if getattr(request.node, "e2e_failed", False):  # what the browser showed when the test failed
        tab.screenshot(path=shots / f"failed-{request.node.name}.png")
        (shots / f"failed-{request.node.name}.log").write_text(server.log.read_text())
    context.close()
