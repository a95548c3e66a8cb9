"""Many trainees on one server: N trainees log in, start a call and send six replies at once.

    .venv/bin/python bench/load.py [--sessions 10 25 50] [--database-url URL] [--idle-seconds 20]
                                   [--driver protocol|browser] [--think 4 8] [--ramp 10]

For each N it starts the app the README's way (`streamlit run streamlit_app.py`) on a fresh database
(an SQLite file by default; `--database-url` for PostgreSQL, whose schema is emptied first), adds N
trainees, and drives them through: log in, start `angry-hold-music`, six replies. It reports per-reply
round trips (p50, p95, max), login times, errors, stalls (a reply with no answer within 10 s), the
server's CPU (its own and its children's, such as the speech engine) and memory (RSS) before and after
and per session, and the server's CPU while the N calls sit idle for `--idle-seconds` (the trainees
reading, nobody typing). Turns saved are counted in the database afterwards: every reply that got its
answer must be there.

Two drivers:
- `protocol` (the default) speaks Streamlit's own websocket protocol, as the page in a browser does:
  it opens `/_stcore/stream`, asks for runs with the widget values a person would set (the login
  form, the scenario, the start button, the reply box) and reads the page's elements back. A reply's
  round trip is from sending it to the end of the run that draws the customer's answer (the browser
  would draw it a few milliseconds sooner, when that part arrives). It costs the benchmark a few
  milliseconds a reply, so 50 trainees can be driven from the same 2-core machine as the server.
- `browser` drives N Playwright contexts in Debian's Chromium (Enter to the customer's next line on
  screen). On a 2-core machine fifty headless browsers take the CPU the server needs: use it to check
  the protocol driver's figures at small N.

Trainees pause between replies (`--think`, seconds drawn uniformly between the two values; typing a
sentence takes longer than that), and log in over `--ramp` seconds, as a cohort does; `--think 0 0
--ramp 0` sends everything at once.

Nothing but loopback is contacted. Figures print as a table and, with `--json FILE`, as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.auth import Passwords  # noqa: E402
from trainer.store import Repository  # noqa: E402
from trainer.store.engine import make_engine  # noqa: E402

CHROMIUM = os.environ.get("TRAINER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "load-test-password"
SCENARIO = "Twenty minutes of hold music"
REPLIES = [
    "I'm so sorry you waited that long, I understand how frustrating that is. That's on us.",
    "What happens when you try to turn the phone on?",
    "Thank you. I'm booking a free courier pickup for tomorrow morning and I'll email you the time within the hour.",
    "You're right, and I'm sorry the music made the wait worse.",
    "Is there anything else I can do for you today?",
    "Thank you for your patience, and sorry again for the wait.",
]
STALL_SECONDS = 10.0
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Trainee:
    email: str
    login_s: float | None = None
    replies_s: list[float] = field(default_factory=list)
    stalls: int = 0
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int, *, children: bool = True) -> float:
    """The process's CPU time and that of its children it has waited for (the speech engine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15 if children else 13]) / TICK  # utime + stime (+ cutime + cstime)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepare(database_url: str, n: int) -> None:
    """An empty, migrated database with an admin and `n` trainees (the same password for all)."""
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    repo = Repository(engine, passwords=Passwords())  # the app's own Argon2id cost: logins pay it in full
    repo.upgrade()
    repo.accounts.create_user("admin@load.example", "Load Admin", "admin", PASSWORD)
    for i in range(n):
        repo.accounts.create_user(f"t{i}@load.example", f"Trainee {i}", "trainee", PASSWORD, team="Load")
    engine.dispose()


def start_app(database_url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TRAINER_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError("the app did not start")


class Pace:
    """When each trainee logs in, and how long they pause before each reply."""

    def __init__(self, think: tuple[float, float], ramp: float, seed: int = 17):
        self.think, self.ramp, self._random = think, ramp, random.Random(seed)

    def start_delay(self, i: int, n: int) -> float:
        return self.ramp * i / max(1, n - 1) if n > 1 else 0.0

    def pause(self) -> float:
        return self._random.uniform(*self.think)


class StreamlitPage:
    """One browser tab as the server sees it: runs asked for over the websocket, elements read back.

    The page's elements are kept by their place in the page (the delta path), as the browser keeps them;
    a run that ends early for a rerun (`st.rerun()`) is followed to the run that finishes."""

    def __init__(self, socket):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._socket = socket
        self._forward = ForwardMsg
        self._early = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
        self.elements: dict[tuple[int, ...], object] = {}
        self.page_hash = ""

    async def run(self, *widgets, timeout: float = 120.0) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend(widgets)
        await self._socket.send(message.SerializeToString())
        async with asyncio.timeout(timeout):
            while True:
                forward = self._forward()
                forward.ParseFromString(await self._socket.recv())
                kind = forward.WhichOneof("type")
                if kind == "new_session":
                    self.page_hash = forward.new_session.page_script_hash or self.page_hash
                    self.elements = {}
                elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    self.elements[tuple(forward.metadata.delta_path)] = forward.delta.new_element
                elif kind == "script_finished" and forward.script_finished != self._early:
                    return

    def find(self, kind: str, label: str | None = None):
        for _, element in sorted(self.elements.items()):
            if element.WhichOneof("type") == kind and (label is None or getattr(element, kind).label == label):
                return getattr(element, kind)
        return None

    def has_text(self, kind: str, start: str) -> bool:
        return any(element.WhichOneof("type") == kind and getattr(element, kind).body.startswith(start)
                   for element in self.elements.values())


def widget(widget_id: str, **value):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    for name, v in value.items():
        if name == "chat":
            state.chat_input_value.data = v
        else:
            setattr(state, name, v)
    return state


async def protocol_trainee(url: str, t: Trainee, pace: Pace, delay: float, idle_gate: asyncio.Event,
                           go_on: asyncio.Event) -> None:
    import websockets

    await asyncio.sleep(delay)
    host = url.split("//", 1)[1]
    try:
        async with websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                      origin=url, max_size=None, open_timeout=60) as socket:
            page = StreamlitPage(socket)
            await page.run()
            started = time.monotonic()
            await page.run(widget(page.find("text_input", "Email").id, string_value=t.email),
                           widget(page.find("text_input", "Password").id, string_value=PASSWORD),
                           widget(page.find("button", "Log in").id, trigger_value=True))
            if page.find("selectbox", "Scenario") is None:
                raise RuntimeError("the login did not reach Practice")
            t.login_s = time.monotonic() - started
            picker = page.find("selectbox", "Scenario")
            choice = next(o for o in picker.options if o.startswith(SCENARIO))
            await page.run(widget(picker.id, string_value=choice))
            await page.run(widget(page.find("button", "Start the call").id, trigger_value=True))
            box = page.find("chat_input")
            if box is None:
                raise RuntimeError("the call did not open")
            idle_gate.set()
            await go_on.wait()
            for i, text in enumerate(REPLIES, start=1):
                await asyncio.sleep(pace.pause())
                started = time.monotonic()
                try:
                    await page.run(widget(box.id, chat=text), timeout=STALL_SECONDS)
                except TimeoutError:
                    t.stalls += 1
                    await page.run(timeout=120)  # the answer still has to come: wait for the next run
                t.replies_s.append(time.monotonic() - started)
                if page.has_text("heading", "Scorecard"):
                    break
                if not page.has_text("markdown", f"Replies: {i} of"):
                    raise RuntimeError(f"reply {i} was not answered")
    except Exception as e:  # counted and reported: a load test reports failures, it does not stop
        t.errors.append(f"{type(e).__name__}: {str(e).splitlines()[0][:160] if str(e) else ''}")
        idle_gate.set()


async def one_trainee(browser, url: str, t: Trainee, pace: Pace, delay: float, idle_gate: asyncio.Event,
                      go_on: asyncio.Event) -> None:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(60_000)
    try:
        await page.goto(url)
        await page.get_by_role("textbox", name="Email", exact=True).fill(t.email)
        await page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
        started = time.monotonic()
        await page.get_by_role("button", name="Log in").click()
        await page.get_by_role("heading", name="Practice").wait_for()
        t.login_s = time.monotonic() - started
        picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
        await picker.click()
        await picker.locator("input").fill("Twenty minutes of hold")
        await page.get_by_role("option", name=SCENARIO).click()
        await page.get_by_role("button", name="Start the call").click()
        messages = page.get_by_test_id("stChatMessage")
        await messages.first.wait_for()
        idle_gate.set()
        await go_on.wait()
        # the call's first run may still be drawing (the customer's voice, the side panel), and a box
        # typed into then can be drawn again under the keystroke: start once the page is still
        await page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
        box = page.get_by_test_id("stChatInputTextArea")
        scorecard = page.get_by_role("heading", name="Scorecard")
        for i, text in enumerate(REPLIES):
            want = 3 + 2 * i
            await asyncio.sleep(pace.pause())
            try:
                await box.fill(text, timeout=STALL_SECONDS * 1000)
            except Exception:
                # the box is gone: the run that drew the last answer had not yet shown its status when it
                # was looked for, and went on to end the call (seen on a loaded machine)
                if await scorecard.count():
                    break
                await box.fill(text)
            started = time.monotonic()
            await box.press("Enter")
            try:
                await messages.nth(want - 1).wait_for(timeout=STALL_SECONDS * 1000)
            except Exception:
                t.stalls += 1
                await messages.nth(want - 1).wait_for(timeout=120_000)
            t.replies_s.append(time.monotonic() - started)
            # The run that drew the answer goes on to the side panel, then to the scorecard when the
            # customer ended the call: wait for the run to end before looking for the scorecard.
            await page.get_by_text(f"Replies: {i + 1} of").or_(scorecard).first.wait_for()
            await page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
            if await scorecard.count():
                break
    except Exception as e:  # counted and reported: a load test reports failures, it does not stop
        t.errors.append(f"{type(e).__name__}: {str(e).splitlines()[0][:160]}")
        idle_gate.set()
    finally:
        await context.close()


async def run(n: int, database_url: str, idle_seconds: float, log: Path, driver: str, pace: Pace) -> dict:
    prepare(database_url, n)
    process, url = start_app(database_url, log)
    try:
        # Warm the server once (library and database opened), as a long-running server would be.
        with urllib.request.urlopen(url, timeout=30):
            pass
        trainees = [Trainee(f"t{i}@load.example") for i in range(n)]
        gates = [asyncio.Event() for _ in trainees]
        go_on = asyncio.Event()
        browser = playwright = None
        if driver == "browser":
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cpu0, rss0, wall0 = cpu_seconds(process.pid), rss_mib(process.pid), time.monotonic()
        if driver == "browser":
            tasks = [asyncio.create_task(one_trainee(browser, url, t, pace, pace.start_delay(i, n), g, go_on))
                     for i, (t, g) in enumerate(zip(trainees, gates, strict=True))]
        else:
            tasks = [asyncio.create_task(protocol_trainee(url, t, pace, pace.start_delay(i, n), g, go_on))
                     for i, (t, g) in enumerate(zip(trainees, gates, strict=True))]
        await asyncio.wait_for(asyncio.gather(*(g.wait() for g in gates)), timeout=900)
        await asyncio.sleep(2)  # the last openings' runs finish
        idle_cpu0, idle_t0 = cpu_seconds(process.pid), time.monotonic()
        await asyncio.sleep(idle_seconds)
        idle_share = (cpu_seconds(process.pid) - idle_cpu0) / (time.monotonic() - idle_t0)
        rss_calls = rss_mib(process.pid)
        go_on.set()
        replies_t0, replies_cpu0 = time.monotonic(), cpu_seconds(process.pid)
        replies_own0 = cpu_seconds(process.pid, children=False)
        await asyncio.gather(*tasks)
        cpu1, rss1, wall1 = cpu_seconds(process.pid), rss_mib(process.pid), time.monotonic()
        own1 = cpu_seconds(process.pid, children=False)
        if browser is not None:
            await browser.close()
            await playwright.stop()
    finally:
        process.terminate()
        process.wait(timeout=20)
    replies = [s for t in trainees for s in t.replies_s]
    logins = [t.login_s for t in trainees if t.login_s is not None]
    saved = count_trainee_turns(database_url)

    def q(values: list[float], p: float) -> float | None:
        return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1], 3) if len(values) >= 2 else (
            round(values[0], 3) if values else None)

    return {
        "sessions": n, "replies": len(replies), "reply_p50_s": q(replies, 50), "reply_p95_s": q(replies, 95),
        "reply_max_s": round(max(replies), 3) if replies else None, "stalls": sum(t.stalls for t in trainees),
        "login_p50_s": q(logins, 50), "login_max_s": round(max(logins), 3) if logins else None,
        "errors": [e for t in trainees for e in t.errors][:10], "error_count": sum(len(t.errors) for t in trainees),
        "turns_on_screen": len(replies), "turns_saved": saved, "lost_turns": max(0, len(replies) - saved),
        "idle_cpu_share_of_a_core": round(idle_share, 4),
        "server_cpu_s": round(cpu1 - cpu0, 1), "server_cpu_share": round((cpu1 - cpu0) / (wall1 - wall0), 3),
        "replying_cpu_share": round((cpu1 - replies_cpu0) / (wall1 - replies_t0), 3),
        "server_cpu_ms_per_reply": round(1000 * (cpu1 - replies_cpu0) / len(replies), 1) if replies else None,
        "app_process_cpu_ms_per_reply": round(1000 * (own1 - replies_own0) / len(replies), 1) if replies else None,
        "rss_mib_before": round(rss0, 1), "rss_mib_in_calls": round(rss_calls, 1), "rss_mib_after": round(rss1, 1),
        "rss_mib_per_session": round((rss_calls - rss0) / n, 2) if n else None,
    }


def count_trainee_turns(database_url: str) -> int:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT COUNT(*) FROM turns WHERE speaker = 'trainee'").scalar_one()
    engine.dispose()
    return int(value)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50])
    p.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file per run)")
    p.add_argument("--idle-seconds", type=float, default=20.0)
    p.add_argument("--driver", choices=["protocol", "browser"], default="protocol")
    p.add_argument("--think", type=float, nargs=2, default=[4.0, 8.0], metavar=("MIN", "MAX"),
                   help="seconds a trainee pauses before each reply (default 4 to 8)")
    p.add_argument("--ramp", type=float, default=10.0, help="seconds over which the trainees log in (default 10)")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    pace = Pace((args.think[0], args.think[1]), args.ramp)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sessions:
            url = args.database_url or f"sqlite:///{Path(tmp) / f'load-{n}.db'}"
            print(f"{n} sessions on {url.split(':')[0]}...", file=sys.stderr, flush=True)
            results.append({"database": url.split("+")[0].split(":")[0],
                            "driver": args.driver, "think_s": args.think, "ramp_s": args.ramp,
                            **asyncio.run(run(n, url, args.idle_seconds, Path(tmp) / f"app-{n}.log",
                                              args.driver, pace))})
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(f"{'db':<10} {'N':>3} {'p50':>7} {'p95':>7} {'max':>7} {'stalls':>6} {'errors':>6} {'lost':>4} "
          f"{'idle CPU':>8} {'MiB/session':>11} {'login p50':>9}")
    for r in results:
        print(
            f"{r['database']:<10} {r['sessions']:>3} {r['reply_p50_s']:>7} {r['reply_p95_s']:>7} {r['reply_max_s']:>7} "
            f"{r['stalls']:>6} {r['error_count']:>6} {r['lost_turns']:>4} {r['idle_cpu_share_of_a_core']:>8.2%} "
            f"{r['rss_mib_per_session']:>11} {r['login_p50_s']:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
