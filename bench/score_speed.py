"""How fast the offline rule scorer is: replies per second and p50/p99 per reply on `core`, one core.

    .venv/bin/python bench/score_speed.py [--replies 20000] [--cli-lines 100000]

1. In process, pinned to one CPU: short replies (one to three sentences, like a chat turn) and long
   ones (about 300 words, like an e-mail), mixed English, Persian and Chinese, built from fragments
   written for this benchmark, scored with `RuleScorer.score` (a `ReplyScore` each). Prints
   replies/s (wall and CPU time) and p50/p99 latency. Then the batch CLI's own loop in process
   (`score_lines_utf8`: JSON line in, language told by script, scored, JSON line out as the UTF-8
   bytes the CLI writes) on short replies.
2. Long replies at three lengths (about 50, 150 and 450 words): time per word, which should stay
   flat (work linear in the reply's length).
3. Start-up of `python -m trainer score` (one line) and `python -m trainer validate`: median wall time
   of five runs each.
4. The batch CLI on `--cli-lines` JSONL lines (default 100,000) and on a tenth of that: wall time,
   lines per CPU-second (the end-to-end figure per core: start-up, JSON in and out, language
   detection, scoring), counting user CPU time and, second, user and system time together, and the
   peak resident memory of the command, which should not grow with the input.

The commands in 3 and 4 run as Python runs them by default, with their compiled bytecode cached
(`__pycache__`, written by the first run), even where PYTHONDONTWRITEBYTECODE is set here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.cli.score import score_lines_utf8  # noqa: E402
from trainer.scenario.catalog import Catalog  # noqa: E402
from trainer.scoring.results import ReplyContext  # noqa: E402
from trainer.scoring.rules import RuleScorer  # noqa: E402

FRAGMENTS = {
    "en": [
        "I'm so sorry about the delay with your order.", "That must be really frustrating.",
        "I'll call you back by 5pm today.", "Thank you for your patience.", "Let me check that for you.",
        "Your refund will arrive within 3 business days.", "Calm down, please.",
        "As per our records the ticket is closed.",
        "Could you confirm your order number?", "I understand how stressful this is.", "We have sent a replacement.",
        "Sorry for any inconvenience.", "The courier missed the delivery window.", "I can arrange a new time slot.",
    ],
    "fa": [
        "بابت تأخیر عذر می‌خوام.", "کاملاً حق دارید.", "تا فردا ساعت ۱۰ پیگیری می‌کنم.", "ممنون از صبوری‌تون.",
        "لطفاً شماره سفارش رو بفرمایید.", "درک می‌کنم چقدر ناراحت کننده است.", "آروم باشید.", "تیکت شما ارجاع شد.",
        "همین الان بررسی می‌کنم.", "متاسفم که این اتفاق افتاد.",
    ],
    "zh": [
        "非常抱歉给您带来不便。", "非常理解您的心情。", "我们会在周五之前给您回电。", "感谢您的耐心等待。",
        "请问您的订单号是多少？", "请您冷静一下。", "您的工单已经升级到二线。", "我马上为您处理。", "是我们的失误。",
    ],
}


def make_replies(n: int, sentences: tuple[int, int], seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = ("en", "fa", "zh")[i % 3]
        k = rng.randint(*sentences)
        out.append((lang, " ".join(rng.choice(FRAGMENTS[lang]) for _ in range(k))))
    return out


def measure(replies: list[tuple[str, str]], label: str) -> None:
    rubric = Catalog.load(ROOT / "scenarios" / "rubrics").rubric("core")
    scorer = RuleScorer()
    contexts = {lang: ReplyContext(language=lang, customer_names=["Lee"]) for lang in FRAGMENTS}
    for lang, text in replies[:300]:  # warm the compiled phrase lists
        scorer.score(text, rubric, contexts[lang])
    times: list[int] = []
    batches: list[float] = []  # CPU replies/s of each tenth of the run
    size = max(len(replies) // 10, 1)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for start in range(0, len(replies), size):
        batch_cpu = time.process_time()
        for lang, text in replies[start:start + size]:
            t = time.perf_counter_ns()
            scorer.score(text, rubric, contexts[lang])
            times.append(time.perf_counter_ns() - t)
        spent = time.process_time() - batch_cpu
        if spent > 0:
            batches.append(len(replies[start:start + size]) / spent)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    times.sort()
    words = statistics.mean(len(t.split()) for _, t in replies)
    print(f"{label:<6} {len(replies):>6} replies (~{words:.0f} space-separated words): "
          f"{len(replies) / wall:,.0f} replies/s wall, {len(replies) / cpu:,.0f} replies/s CPU "
          f"(best tenth {max(batches):,.0f}); "
          f"p50 {times[len(times) // 2] / 1000:,.0f} µs, p99 {times[int(len(times) * 0.99)] / 1000:,.0f} µs")


def batch(replies: list[tuple[str, str]]) -> None:
    """What the batch CLI does per line, in this process: bytes decoded, JSON in, language told by
    script, scored, JSON out as UTF-8 bytes (no start-up, no file reading or writing)."""
    rubric = Catalog.load(ROOT / "scenarios" / "rubrics").rubric("core")
    scorer = RuleScorer()
    # bytes, as the CLI reads them from a file or standard input
    lines = [json.dumps({"id": i, "reply": text}, ensure_ascii=False).encode() for i, (_, text) in enumerate(replies)]
    for _ in score_lines_utf8(lines[:300], rubric, scorer):  # warm the compiled phrase lists
        pass
    batches: list[float] = []  # CPU lines/s of each tenth of the run
    size = max(len(lines) // 10, 1)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for start in range(0, len(lines), size):
        batch_cpu = time.process_time()
        for _ in score_lines_utf8(lines[start:start + size], rubric, scorer):
            pass
        spent = time.process_time() - batch_cpu
        if spent > 0:
            batches.append(len(lines[start:start + size]) / spent)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"batch  {len(lines):>6} lines in process (JSON in and out): {len(lines) / wall:,.0f} lines/s wall, "
          f"{len(lines) / cpu:,.0f} lines/s CPU (best tenth {max(batches):,.0f})")
    # the same lines one language at a time (a file from one team): the lines above alternate languages
    each = []
    for lang in FRAGMENTS:
        own = [line for line, (language, _) in zip(lines, replies, strict=True) if language == lang]
        started = time.process_time()
        for _ in score_lines_utf8(own, rubric, scorer):
            pass
        each.append(f"{lang} {len(own) / (time.process_time() - started):,.0f}")
    print(f"batch  one language at a time, lines/s CPU: {'; '.join(each)}")


def linearity() -> None:
    rubric = Catalog.load(ROOT / "scenarios" / "rubrics").rubric("core")
    scorer = RuleScorer()
    out = []
    for sentences in (6, 18, 54):
        replies = make_replies(300, (sentences, sentences), seed=sentences)
        contexts = {lang: ReplyContext(language=lang) for lang in FRAGMENTS}
        words = sum(len(t.split()) for _, t in replies)
        started = time.process_time()
        for lang, text in replies:
            scorer.score(text, rubric, contexts[lang])
        spent = time.process_time() - started
        out.append(f"{words / len(replies):.0f} words: {spent / words * 1e6:.1f} µs/word")
    print("long   " + "; ".join(out))


# the commands run with their bytecode cached, as Python runs them by default
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def startup() -> None:
    one = ROOT / "bench" / ".startup.jsonl"
    one.write_text('{"id": 1, "reply": "sorry"}\n', encoding="utf-8")
    try:
        for argv in (["score", "--rubric", "core", "--jsonl", str(one)], ["validate"]):
            times = []
            for _ in range(5):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "trainer", *argv], cwd=ROOT, check=True,
                               stdout=subprocess.DEVNULL, env=_ENV)
                times.append(time.perf_counter() - started)
            print(f"start  python -m trainer {argv[0]}: median {statistics.median(times):.2f}s wall "
                  f"(min {min(times):.2f}s) of 5, bytecode cached")
    finally:
        one.unlink()


# Runs the command as its own child and prints the child's user CPU seconds and peak memory. A child
# forked straight from this process would report this process's memory as its peak (the copy made
# by the fork counts until the command replaces it), and this process holds every generated reply.
_MEASURE = ("import os, resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); print(u.ru_utime, u.ru_stime, u.ru_maxrss)")


def cli_run(lines: int, workdir: Path) -> None:
    source = workdir / f"in-{lines}.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i, (_, text) in enumerate(make_replies(lines, (1, 3), seed=lines)):
            fh.write(json.dumps({"id": i, "reply": text}, ensure_ascii=False) + "\n")
    out = workdir / f"out-{lines}.jsonl"
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "trainer", "score",
                            "--rubric", "core", "--jsonl", str(source), "-o", str(out)],
                           cwd=ROOT, capture_output=True, text=True, env=_ENV)
    wall = time.perf_counter() - started
    cpu, system, peak = ((float(v) for v in child.stdout.split()) if child.returncode == 0
                         else (float("nan"), float("nan"), 0.0))
    with out.open(encoding="utf-8") as fh:
        written = sum(1 for _ in fh)
    ok = "" if written == lines and child.returncode == 0 else f"  MISMATCH (exit {child.returncode})"
    print(f"cli    {lines:>7,} lines -> {written:,} lines in {wall:.1f}s wall, {cpu:.2f}s user CPU "
          f"({lines / cpu:,.0f} lines per CPU-second), {cpu + system:.2f}s user and system "
          f"({lines / (cpu + system):,.0f}), peak RSS {peak / 1024:.0f} MiB{ok}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=20_000)
    parser.add_argument("--cli-lines", type=int, default=100_000)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, pinned to one; load average "
          f"{os.getloadavg()[0]:.1f}")
    measure(make_replies(args.replies, (1, 3), seed=1), "short")
    batch(make_replies(args.replies, (1, 3), seed=3))
    measure(make_replies(max(args.replies // 10, 100), (22, 30), seed=2), "long")
    linearity()
    startup()
    if args.cli_lines:
        with tempfile.TemporaryDirectory() as tmp:
            cli_run(max(args.cli_lines // 10, 1), Path(tmp))
            cli_run(args.cli_lines, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
