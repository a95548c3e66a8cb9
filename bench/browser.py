"""How long a trainee waits in the browser: Enter -> the customer's next line, the scorecard, page loads.

    .venv/bin/python bench/browser.py [--replies 30] [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/db]
        [--demo-attempts 200] [--port 8616] [--out FILE.json]

For each database (a fresh SQLite file, and with `--pg-url` a fresh schema in that PostgreSQL database),
as the README does it: `python -m trainer demo` fills the fresh database with a small organisation
(so the progress pages have something to draw), then `streamlit run streamlit_app.py` serves it.
Debian's Chromium, driven by Playwright, logs in as the demo admin and:

1. for three scenarios (English `angry-hold-music`, Persian `fa-hold-music`, Chinese
   `zh-hold-music-repair`), in practice mode and in assessment mode, sends `--replies` replies
   (starting a new call whenever one ends) and times, in the page itself, from the Enter key to
   the customer's next line being on screen ("reply"), and to the app having finished its run
   ("settled"); when a reply ends the call, the time to the scorecard heading is timed instead;
2. opens Practice, My progress and Team progress from the sidebar ten times each: click -> the
   page's heading drawn, nothing stale left and no run going for 300 ms (timed from the click to
   the start of that quiet spell).

Prints p50/p95/max per measure and writes every sample to `--out` (JSON). Timing happens in the
browser (`performance.now()` at the Enter keydown, a requestAnimationFrame watcher for the line), so
Playwright's own polling does not add to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.actions import go_to, idle, messages  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from trainer.messages import say  # noqa: E402

DEMO_PASSWORD = "frontline-demo"
SCENARIOS = {  # id: (text typed into the picker to find it, replies cycled through)
    "angry-hold-music": ("Twenty minutes of hold", [
        "I'm so sorry you waited that long, I understand how frustrating that must have been.",
        "Thank you for explaining. I will book a courier pickup for your phone tomorrow morning.",
        "You're right, and I'm sorry. I'll email you the pickup time within the hour.",
        "Could you confirm the best number to reach you on?",
    ]),
    "fa-hold-music": ("پشت خط", [
        "واقعاً متاسفم که این‌قدر منتظر موندید، کاملاً حق دارید ناراحت باشید.",
        "ممنون که توضیح دادید. همین الان درخواست تعمیر رو ثبت می‌کنم و تا فردا ساعت ۱۰ باهاتون تماس می‌گیرم.",
        "بابت تأخیر عذر می‌خوام، اشتباه از ما بود.",
        "لطفاً شماره سفارش رو بفرمایید.",
    ]),
    "zh-hold-music-repair": ("等了二十分钟", [
        "非常抱歉让您等了这么久，我完全理解您的心情。",
        "感谢您的耐心，我马上为您登记维修，明天上午十点前给您回电。",
        "是我们的失误，真的很抱歉。",
        "请问您方便留一个联系电话吗？",
    ]),
}
MODES = {"practice": "Practice: feedback after each reply", "assessment": "Assessment: feedback only at the end"}
PAGES = ("Practice", "My progress", "Team progress")

# Armed before Enter: the keydown time, then the first animation frame where the chat holds `want`
# messages with text in the last one (or, when the call ends, the scorecard's heading in the call's language).
ARM = """([want, title]) => {
  const b = window.__bench = {start: null, line: null, card: null};
  const box = document.querySelector('[data-testid=stChatInputTextArea]');
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter' && b.start === null) b.start = performance.now(); },
                       {capture: true, once: true});
  const watch = () => {
    if (window.__bench !== b) return;  // a later reply armed its own watcher
    if (b.start !== null) {
      const m = [...document.querySelectorAll('[data-testid=stChatMessage]')]
        .filter((e) => !e.closest('[data-stale="true"]'));
      if (b.line === null && m.length >= want && m[want - 1].innerText.trim()) b.line = performance.now();
      const card = [...document.querySelectorAll('h1,h2,h3,h4')].some((h) => h.textContent.trim().startsWith(title));
      if (b.card === null && card) b.card = performance.now();
      if (b.card !== null) return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""

def summary(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"n={len(ordered):>3}  p50 {statistics.median(ordered):6.0f} ms  p95 {p95:6.0f} ms  "
            f"max {ordered[-1]:6.0f} ms")


# chat messages drawn by the current run (Streamlit marks the previous run's elements stale until it ends)
FRESH = """() => [...document.querySelectorAll('[data-testid=stChatMessage]')]
  .filter((e) => !e.closest('[data-stale="true"]')).length"""
QUIET = (
    """([quiet, want]) => new Promise((resolve) => {
  let since = null;
  const fresh = """
    + FRESH
    + """;
  const look = () => {
    const w = document.querySelector('[data-testid=stStatusWidget]');
    const busy = (w !== null && w.getClientRects().length > 0) || document.querySelector('[data-stale="true"]') !== null
      || (want > 0 && fresh() < want);
    const now = performance.now();
    if (busy) since = null; else if (since === null) since = now;
    if (since !== null && now - since >= quiet) {
      resolve(since - (window.__bench ? window.__bench.start : 0));
      return;
    }
    requestAnimationFrame(look);
  };
  look();
})"""
)


def settled_ms(page, want: int = 0, quiet_ms: int = 500) -> float:
    """Milliseconds from the Enter keydown until the app's run finished: no status widget, nothing
    stale on the page, at least `want` chat messages, all of it unchanged for `quiet_ms` (Streamlit
    shows its status widget only for longer runs, and a reply's run ends with a rerun)."""
    return page.evaluate(QUIET, [quiet_ms, want])


def start_call(page, scenario_id: str, mode: str) -> None:
    from playwright.sync_api import expect

    if not page.get_by_role("button", name="Start the call").count():
        go_to(page, "Practice")
    for _ in range(2):  # the picker may be redrawn under the mouse while the page settles
        picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
        picker.click()
        picker.locator("input").fill(SCENARIOS[scenario_id][0])
        option = page.get_by_role("option").first
        if option.count():
            option.click()
            break
    idle(page)
    page.get_by_text(MODES[mode], exact=True).click()
    idle(page)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page).first).to_be_visible()
    idle(page)


def time_replies(page, scenario_id: str, mode: str, wanted: int) -> dict[str, list[float]]:
    from playwright.sync_api import expect

    out: dict[str, list[float]] = {"reply": [], "settled": [], "scorecard": []}
    replies = SCENARIOS[scenario_id][1]
    title = say(scenario_id.split("-")[0] if scenario_id[:3] in ("fa-", "zh-") else "en", "card.title")
    start_call(page, scenario_id, mode)
    settled_ms(page, 1)
    k, in_call = 0, 0
    while len(out["reply"]) < wanted:
        count = 1 + 2 * in_call  # the opening line, then a reply and an answer each
        box = page.get_by_test_id("stChatInputTextArea")
        text = replies[k % len(replies)]
        k += 1
        box.fill(text)
        expect(box).to_have_value(text)
        page.evaluate(ARM, [count + 2, title])
        box.press("Enter")
        page.wait_for_function("() => window.__bench.line !== null || window.__bench.card !== null",
                               polling="raf", timeout=60_000)
        in_call += 1
        settled = settled_ms(page, count + 2)
        b = page.evaluate("() => window.__bench")
        # the reply ended the call: the scorecard is what the trainee waits for
        if b["card"] is not None or page.get_by_role("heading", name=title).count():
            out["scorecard"].append((b["card"] or b["line"]) - b["start"])
            page.get_by_role("button", name="Try again, new customer").click()
            expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible()
            in_call = 0
            settled_ms(page, 1)
            continue
        out["reply"].append(b["line"] - b["start"])
        out["settled"].append(settled)
    hang_up = page.get_by_role("button", name="Hang up and give up")
    another = page.get_by_role("button", name="Choose another scenario")
    if hang_up.count() or another.count():
        (hang_up if hang_up.count() else another).click()
        expect(page.get_by_role("button", name="Start the call")).to_be_visible()
        idle(page)
    return out


def time_pages(page, rounds: int) -> dict[str, list[float]]:
    """Sidebar click -> the page's heading drawn, nothing stale left and no run going for 300 ms."""
    out: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(rounds):
        for name in PAGES:
            settled_ms(page)
            page.evaluate("() => { window.__bench = {start: performance.now()}; }")
            page.get_by_role("link", name=name, exact=True).click()
            page.wait_for_function(
                "(name) => [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === name)",
                arg=name, polling="raf", timeout=60_000)
            out[name].append(settled_ms(page, quiet_ms=300))
    return out


def fresh_postgres(base: str) -> tuple[str, object]:
    from sqlalchemy import create_engine

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"

    def drop() -> None:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()

    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def run_database(label: str, database_url: str, args: argparse.Namespace, browser, workdir: Path) -> dict:
    from playwright.sync_api import expect

    from tests.e2e.actions import fill, new_tab

    env = {**os.environ, "TRAINER_DATABASE_URL": database_url}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trainer", "demo", "--teams", "2", "--people", "12", "--attempts",
                    str(args.demo_attempts), "--seed", "1", "--quiet"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"[{label}] demo organisation: {time.perf_counter() - started:.0f} s", flush=True)
    server = start_server(workdir, extra_env={"TRAINER_DATABASE_URL": database_url})
    results: dict[str, list[float]] = {}
    try:
        context, page = new_tab(browser, {"width": 1400, "height": 900})
        page.goto(server.url)
        expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=90_000)
        idle(page)
        fill(page, "Email", "admin@demo.example")
        fill(page, "Password", DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Practice")).to_be_visible()
        idle(page)
        time_pages(page, 1)  # warm-up: first loads compile the pages and fill the caches
        for scenario_id in SCENARIOS:
            for mode in MODES:
                try:
                    got = time_replies(page, scenario_id, mode, args.replies)
                except Exception:
                    page.screenshot(path=Path(args.shots) / f"failed-{label}.png", full_page=True)
                    raise
                for what, samples in got.items():
                    results.setdefault(f"{what} {scenario_id} {mode}", []).extend(samples)
                    results.setdefault(f"{what} (all)", []).extend(samples)
                print(f"[{label}] {scenario_id:<22} {mode:<10} reply   {summary(got['reply'])}", flush=True)
        for name, samples in time_pages(page, args.page_rounds).items():
            results[f"page {name}"] = samples
        page.screenshot(path=workdir / f"{label}-last.png")
        context.close()
    finally:
        stop_server(server)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=30, help="timed replies per scenario and mode (default 30)")
    parser.add_argument("--page-rounds", type=int, default=10)
    parser.add_argument("--demo-attempts", type=int, default=200)
    parser.add_argument("--pg-url", help="also run on a fresh schema of this PostgreSQL database")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, help="write every sample here as JSON")
    parser.add_argument("--shots", default=tempfile.gettempdir(), help="folder for a screenshot of a failure")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"{platform.node()}: python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start; {time.strftime('%Y-%m-%d %H:%M %Z')}", flush=True)
    everything: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if args.sqlite:
                folder = Path(tmp) / "sqlite"
                folder.mkdir()
                everything["sqlite"] = run_database("sqlite", f"sqlite:///{folder / 'bench.db'}", args, browser,
                                                    folder)
            if args.pg_url:
                url, drop = fresh_postgres(args.pg_url)
                folder = Path(tmp) / "postgresql"
                folder.mkdir()
                try:
                    everything["postgresql"] = run_database("postgresql", url, args, browser, folder)
                finally:
                    drop()
        finally:
            browser.close()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    for database, results in everything.items():
        print(f"\n{database}")
        for what, samples in results.items():
            if "(all)" in what or what.startswith("page"):
                print(f"  {what:<28} {summary(samples)}")
    if args.out:
        args.out.write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
