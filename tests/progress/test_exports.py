"""CSV and xAPI exports, the push to a learning-record store (a local HTTP server), and the export and
report commands end to end."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.progress.conftest import SCENARIOS
from trainer.cli import main
from trainer.errors import StoreError
from trainer.progress import exports, lrs, xapi
from trainer.store import ExportRow

DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def row(**changes) -> ExportRow:
    values = dict(attempt_id=7, user_id=3, user_name="Nora Lindqvist", user_email="nora@example.com",
                  team_name="North", scenario_id="en-double-charge", scenario_version="abc123", mode="practice",
                  state="finished", started_at=datetime(2027, 2, 1, 9, 0, tzinfo=UTC),
                  ended_at=datetime(2027, 2, 1, 9, 4, 12, 500000, tzinfo=UTC), end_state="resolved", score=84.5,
                  passed=True, turn_count=7, criteria={"apology": (1.0, 2), "empathy": (2.0, 2)})
    return ExportRow(**(values | changes))


def check_statement(s: dict) -> None:
    """The parts of xAPI 1.0.3 a learning-record store validates on every statement we send."""
    uuid.UUID(s["id"])
    assert s["actor"]["objectType"] == "Agent" and s["actor"]["mbox"].startswith("mailto:")
    assert s["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/") and s["verb"]["display"]["en-US"]
    assert s["object"]["objectType"] == "Activity" and re.match(r"^[a-z][a-z0-9+.-]*:", s["object"]["id"])
    score = s["result"].get("score")
    if score is not None:
        assert 0 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]
    if "duration" in s["result"]:
        assert DURATION.match(s["result"]["duration"]), s["result"]["duration"]
    for key in s["result"].get("extensions", {}) | s["context"].get("extensions", {}):
        assert key.startswith(xapi.DEFAULT_BASE + "/extensions/")
    uuid.UUID(s["context"]["registration"])
    datetime.fromisoformat(s["timestamp"])


# --- xAPI ---------------------------------------------------------------------------------------------

def test_a_passed_attempt_becomes_one_statement_and_one_per_criterion():
    statements = xapi.statements(row(), titles={"en-double-charge": "Charged twice"})
    assert [s["verb"]["display"]["en-US"] for s in statements] == ["passed", "scored", "scored"]
    for s in statements:
        check_statement(s)
    main_one = statements[0]
    assert main_one["object"]["definition"]["name"]["en-US"] == "Charged twice"
    assert main_one["result"]["score"] == {"scaled": 0.845, "raw": 84.5, "min": 0, "max": 100}
    assert main_one["result"]["success"] is True and main_one["result"]["duration"] == "PT4M12.5S"
    criteria = main_one["result"]["extensions"][xapi.DEFAULT_BASE + "/extensions/criteria"]
    assert criteria["apology"] == {"score": 1.0, "max": 2, "scaled": 0.5}
    apology = statements[1]
    assert apology["object"]["id"].endswith("/criteria/apology") and apology["result"]["score"]["scaled"] == 0.5
    assert apology["context"]["contextActivities"]["parent"][0]["id"] == main_one["object"]["id"]
    assert len({s["id"] for s in statements}) == 3
    assert [s["id"] for s in xapi.statements(row())] == [s["id"] for s in statements]  # stable: re-push is safe


def test_failed_unfinished_and_unknown_results():
    assert xapi.statements(row(passed=False), per_criterion=False)[0]["verb"]["id"].endswith("/failed")
    assert xapi.statements(row(passed=False))[0]["result"]["success"] is False
    assert xapi.statements(row(state="abandoned")) == []
    unknown = xapi.statements(row(passed=None, score=None), per_criterion=False)[0]
    assert unknown["verb"]["id"].endswith("/completed") and "score" not in unknown["result"]
    check_statement(unknown)


@pytest.mark.parametrize("seconds, expected", [(0, "PT0S"), (59.25, "PT59.25S"), (3600, "PT1H"),
                                               (3723, "PT1H2M3S"), (-5, "PT0S")])
def test_durations_are_iso_8601(seconds, expected):
    assert xapi.iso_duration(timedelta(seconds=seconds)) == expected
    assert DURATION.match(expected)


# --- CSV ----------------------------------------------------------------------------------------------

def test_attempts_csv_reads_back_with_every_column():
    out = io.StringIO()
    assert exports.write_attempts([row(), row(attempt_id=8, user_name="=HYPERLINK(\"x\")", criteria={})], out,
                                  {"en-double-charge": "Charged twice"}) == 2
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(lines[0]) == exports.ATTEMPT_COLUMNS
    assert lines[0]["criteria"] == "apology=1/2;empathy=2/2" and lines[0]["duration_seconds"] == "252.5"
    assert lines[0]["passed"] == "true" and lines[0]["scenario_title"] == "Charged twice"
    assert lines[1]["name"] == "'=HYPERLINK(\"x\")"  # a spreadsheet shows it, does not run it


# --- the store: every attempt once, in batches, filtered by date ---------------------------------------

def test_exports_page_through_every_attempt_once(org, people, repo):
    for day in range(5):
        org.attempt(people.ana, SCENARIOS[0], at=datetime(2027, 2, 1 + day, tzinfo=UTC))
    org.attempt(people.carla, SCENARIOS[1], at=datetime(2027, 2, 3, tzinfo=UTC))
    rows = list(repo.exports.iter_export(None, batch=2))
    assert len(rows) == len({r.attempt_id for r in rows}) == 6
    assert rows[0].criteria == {"empathy": (1.8, 2)}
    since = list(repo.exports.iter_export(None, since=datetime(2027, 2, 3, tzinfo=UTC), batch=2))
    assert len(since) == 4
    assert {r.user_email for r in repo.exports.iter_export(people.north_manager)} == {"ana@example.com"}


# --- pushing to an LRS ---------------------------------------------------------------------------------

class FakeLRS(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                    "version": self.headers.get("X-Experience-API-Version"), "body": body})
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(json.dumps([s["id"] for s in body]).encode() if type(self).status == 200 else b"no")

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs_server():
    FakeLRS.received, FakeLRS.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLRS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xapi"
    server.shutdown()
    server.server_close()


def test_statements_are_posted_in_batches_with_basic_auth(lrs_server):
    statements = xapi.statements(row()) * 3
    assert lrs.push(statements, lrs_server.replace("http://", "http://key:secret@"), batch=4) == 9
    assert [len(r["body"]) for r in FakeLRS.received] == [4, 4, 1]
    first = FakeLRS.received[0]
    assert first["path"] == "/xapi/statements" and first["version"] == "1.0.3"
    assert base64.b64decode(first["auth"].split()[1]).decode() == "key:secret"


def test_a_refusing_lrs_is_reported_with_what_to_check(lrs_server):
    FakeLRS.status = 401
    with pytest.raises(StoreError, match=r"HTTP 401.*user and password.*0 were sent"):
        lrs.push(xapi.statements(row()), lrs_server, username="key", password="wrong")


def test_an_unreachable_lrs_is_reported(lrs_server):
    with pytest.raises(StoreError, match="Cannot reach the LRS"):
        lrs.push(xapi.statements(row()), "http://127.0.0.1:9/xapi", timeout=2)
    with pytest.raises(StoreError, match="not an LRS address"):
        lrs.push([], "ftp://example.com")


# --- the commands ----------------------------------------------------------------------------------------

@pytest.fixture
def cli(database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_export_commands_write_csv_and_xapi_and_push(org, people, repo, cli, tmp_path, lrs_server, monkeypatch,
                                                     capsys):
    org.pass_all(people.ana, at=datetime(2027, 2, 1, tzinfo=UTC))
    org.attempt(people.ben, SCENARIOS[0], at=datetime(2026, 12, 1, tzinfo=UTC))
    code, _, err = cli("export", "csv", "--since", "2027-01-01", "--out", str(tmp_path / "a.csv"))
    assert code == 0 and "Wrote 2 attempts" in err
    assert len(list(csv.DictReader((tmp_path / "a.csv").open()))) == 2
    monkeypatch.setenv("TRAINER_LRS_USER", "key")
    monkeypatch.setenv("TRAINER_LRS_PASSWORD", "secret")
    code, _, err = cli("export", "xapi", "--since", "2026-01-01", "--out", str(tmp_path / "x.jsonl"),
                       "--push", lrs_server)
    lines = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert code == 0 and len(lines) == 6 and "Sent 6 statements" in err  # 3 attempts x (1 + 1 criterion)
    for s in lines:
        check_statement(s)
    assert sum(len(r["body"]) for r in FakeLRS.received) == 6
    with pytest.raises(SystemExit):
        cli("export", "csv", "--since", "yesterday", "--out", "-")
    assert "not a date" in capsys.readouterr().err


def test_report_compliance_as_json(org, people, repo, cli):
    """The command runs on the wall clock: a one-off program that fell due in 2020 stays past due."""
    org.program(name="2020 manager rotation", recurrence="none", opens_on=date(2020, 1, 1), due_on=date(2020, 3, 31))
    org.pass_all(people.north_manager, at=datetime(2020, 2, 1, tzinfo=UTC))
    code, out, _ = cli("report", "compliance", "--program", "2020 Manager Rotation", "--json")
    report = json.loads(out)
    assert code == 0 and report["totals"] == {"assigned": 2, "completed": 1, "overdue": 1, "completion_rate": 0.5}
    assert [o["email"] for o in report["overdue"]] == ["south.manager@example.com"]
    assert {t["team"]: (t["completed"], t["overdue"]) for t in report["teams"]} == {"North": (1, 0), "South": (0, 1)}
    code, out, _ = cli("report", "compliance", "--program", "99", "--json")
    assert code == 2
    code, out, _ = cli("report", "compliance", "--program", "1", "--csv", "-")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2
    code, out, _ = cli("report", "programs")
    assert "2020 manager rotation" in out and "cycle 2020, due by the end of 2020-03-31 (Europe/London)" in out
