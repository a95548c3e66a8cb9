"""The dashboards on the README's demo organisation (4 teams, 40 people, 400 attempts) in a real browser
at 1,400 x 900: every person on the heatmap page, every criterion and every team is a label the browser
drew (SVG text, not culled, not cut short), and no two labels overlap; on a phone-sized screen the
call's mood and clock sit above the chat. Screenshots land in the `shots` folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.actions import go_to, idle, new_tab, send
from tests.e2e.conftest import start_server, stop_server
from trainer.auth import Passwords
from trainer.config import ROOT
from trainer.progress import demo
from trainer.progress.criterion_sets import criterion_sets
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store import Repository
from trainer.store.engine import make_engine

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WIDE = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}

# Each chart's text as the browser drew it (axis labels and text marks): the text, whether visible
# (Vega hides a culled label with opacity 0), whether rotated, and where.
LABELS = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(chart =>
  [...chart.querySelectorAll('.role-axis-label text, .role-mark text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, shown: t.getAttribute('opacity') !== '0' && r.width > 0,
            rotated: (t.getAttribute('transform') || '').includes('rotate'),
            box: [r.left, r.top, r.right, r.bottom]};
  }))"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'e2e.db'}"
    clock = demo.Clock(datetime.now(UTC))
    repo = Repository(make_engine(url), clock=clock, passwords=Passwords(time_cost=1, memory_cost=8192, parallelism=1))
    repo.upgrade()
    catalog = Catalog.load(ROOT / "scenarios")
    demo.build(repo, clock, catalog, RuleScorer(), teams=4, people=40, attempts=400, seed=1)
    server = start_server(folder)
    yield server, repo, catalog
    stop_server(server)
    repo.close()


def log_in(page, url: str, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=90_000)
    idle(page)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)
    page.get_by_role("textbox", name="Password", exact=True).fill(demo.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Practice")).to_be_visible()
    idle(page)


def charts_drawn(page, count: int) -> list[list[dict]]:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(count)
    expect(page.locator("[data-testid=stVegaLiteChart] .role-axis-label text").first).to_be_attached()
    idle(page)
    return page.evaluate(LABELS)


def shown(labels: list[dict]) -> set[str]:
    return {x["text"] for x in labels if x["shown"]}


def lines_for(labels: list[dict]) -> set[str]:
    """The names a bar chart writes at the start of its lines ("North team: 75% · 6 of 8")."""
    return {x["text"].split(": ", 1)[0] for x in labels if x["shown"] and ": " in x["text"]}


def assert_readable(labels: list[dict]) -> None:
    """No label cut short with "…", and no two upright labels (or numbers in cells) overlapping."""
    assert not [x["text"] for x in labels if x["text"].endswith("…")]
    upright = [x["box"] for x in labels if x["shown"] and not x["rotated"]]
    for i, a in enumerate(upright):
        for b in upright[i + 1:]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
            assert not overlap, (a, b)


def test_team_progress_labels_every_person_and_criterion(demo_server, browser, shots):
    server, repo, catalog = demo_server
    manager = next(u for u in repo.accounts.list_users(repo.accounts.find_user("admin@demo.example"), limit=500).items
                   if u.role == "manager")
    people = [p.display_name for p in repo.dashboards.heatmap(manager, limit=30).people]
    assert len(people) >= 10
    core = criterion_sets(catalog)[0]
    # criteria graded only with a language model have no results offline, nor those only a voice call or a
    # hold shows on the demo's typed calls, so no row or line
    judged_only = {c.id for c in catalog.rubric("core").criteria
                   if getattr(c, "only_with_model", False) or c.assessed_on is not None}
    context, page = new_tab(browser, viewport=WIDE)
    try:
        log_in(page, server.url, manager.email)
        go_to(page, "Team progress")
        weakest, heat, trend = charts_drawn(page, 3)
        page.screenshot(path=shots / "20-team-progress.png")
        assert {core.label(c) for c in core.criteria if c not in judged_only} <= lines_for(weakest)
        assert set(people) <= shown(heat), set(people) - shown(heat)
        assert {core.label(c) for c in core.criteria if c not in judged_only} <= shown(heat)
        assert {"0", "20", "40", "60", "80", "100"} <= shown(trend)  # a labelled 0-100 % axis
        for labels in (weakest, heat, trend):
            assert_readable(labels)
        page.get_by_text("Trend per criterion, week by week").scroll_into_view_if_needed()
        page.screenshot(path=shots / "21-team-trend.png")
    finally:
        context.close()


def test_compliance_labels_every_team(demo_server, browser, shots):
    server, repo, _ = demo_server
    admin = repo.accounts.find_user("admin@demo.example")
    teams = {t.name for t in repo.accounts.list_teams(admin)}
    context, page = new_tab(browser, viewport=WIDE)
    try:
        log_in(page, server.url, admin.email)
        go_to(page, "Program compliance")
        picker = page.get_by_test_id("stSelectbox").filter(has_text="Program")
        picker.click()
        page.get_by_role("option", name="Frontline essentials").click()
        idle(page)
        [bars] = charts_drawn(page, 1)
        page.screenshot(path=shots / "22-compliance.png")
        assert teams <= lines_for(bars), teams - lines_for(bars)
        assert_readable(bars)
    finally:
        context.close()


def test_on_a_phone_the_mood_and_clock_sit_above_the_chat(demo_server, browser, shots):
    from playwright.sync_api import expect

    server, repo, _ = demo_server
    trainee = next(u for u in repo.accounts.list_users(repo.accounts.find_user("admin@demo.example"), limit=500).items
                   if u.role == "trainee")
    context, page = new_tab(browser, viewport=PHONE)
    try:
        log_in(page, server.url, trainee.email)
        page.get_by_role("button", name="Start the call").click()
        strip = page.locator(".st-key-call_strip")
        expect(strip).to_be_visible()
        expect(strip).to_contain_text("Customer mood:")
        expect(strip).to_contain_text("Your reply time")
        send(page, "I'm so sorry, that must be frustrating. I'll sort it out for you today.")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(3)
        idle(page)  # the run that draws the customer's answer has finished: no stale element from the last one
        page.screenshot(path=shots / "23-phone-call.png")
        # the strip's last visible part (the clock's bar; its script and style take no room) ends above the
        # first chat message: both measured in one frame, as the page may still be scrolling to the newest line
        bar_bottom, chat_top = page.evaluate("""() => [
            document.querySelector('.st-key-call_strip .fl-clock-bar').getBoundingClientRect().bottom,
            document.querySelector('[data-testid=stChatMessage]').getBoundingClientRect().top]""")
        assert bar_bottom <= chat_top, (bar_bottom, chat_top)
        page.set_viewport_size(WIDE)
        expect(strip).to_be_hidden()  # the sidebar shows the full gauges there
    finally:
        context.close()
