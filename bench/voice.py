"""Voice calls: how well the recogniser hears, and how long a trainee waits for the customer to answer.

    .venv/bin/python bench/voice.py [--utterances 20] [--replies 12] [--browser-calls 3] [--no-browser]
        [--out FILE.json]

1. **Word error rate.** For every language the configured engines can do (offline: PocketSphinx hears
   English; espeak-ng speaks English and Persian), espeak-ng says `--utterances` call-center
   sentences in a few voices and the recogniser writes them down; the script prints the word error
   rate per voice (Chinese: the character error rate), with the time per second of audio. With
   `TRAINER_SPEECH_BASE_URL` set it measures that endpoint instead, in every language it knows.
2. **End of speech to the customer's voice, in process.** `angry-hold-music` played by `LiveAttempt`
   on a fresh SQLite database, `--replies` spoken replies (a new call when one ends): from the moment
   the recording arrives to the customer's next line being spoken (WAV bytes ready), split into
   hearing it (transcription and timing), the turn (scoring, mood, branch, saving) and speaking.
3. **End of speech to the customer's voice, in the browser.** `streamlit run` on the app test library
   and Debian's Chromium with a fake microphone playing an espeak-ng reply: per spoken reply (assessment
   mode, `--browser-calls` calls of two replies), from the click that stops the recording to the
   customer's next line starting to play (the page's own `playing` event), both timed in the page.

Prints p50/p95/max; `--out` keeps every sample (JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = {
    "en": [
        "I am so sorry about the wait.", "That must have been really frustrating.",
        "We will send you a refund today.", "Thank you for waiting.", "Can you tell me your order number?",
        "I understand how annoying that music must have been.", "A courier will collect your phone tomorrow morning.",
        "May I put you on hold for two minutes while I check?", "I will call you back by five today.",
        "Your case number is in the email I just sent.", "Let me check that for you right now.",
        "You should have the replacement by Friday.", "I have booked an engineer for eight tomorrow.",
        "Thank you so much for your patience.", "I can see the double charge on your account.",
        "We will credit thirty pounds to your next bill.", "Is there anything else I can help with today?",
        "I am passing your feedback to the team that chooses the hold music.",
        "I will email you the details within the hour.", "You are right, and I apologise for the mistake.",
    ],
    "fa": [
        "واقعاً متأسفم که این‌قدر منتظر ماندید.", "حق دارید ناراحت باشید.", "امروز مبلغ را به حسابتان برمی‌گردانیم.",
        "ممنون از صبرتان.", "لطفاً شماره سفارش را بگویید.", "فردا صبح پیک گوشی را تحویل می‌گیرد.",
        "اجازه بدهید دو دقیقه بررسی کنم.", "تا ساعت پنج با شما تماس می‌گیرم.", "همین حالا بررسی می‌کنم.",
        "کارشناس فردا ساعت هشت می‌آید.", "دو بار از حسابتان کم شده است.", "سی هزار تومان به حسابتان برمی‌گردد.",
        "کار دیگری هست که انجام بدهم؟", "نظرتان را به همکارانم می‌رسانم.", "جزئیات را برایتان پیامک می‌کنم.",
        "اشتباه از ما بود و عذرخواهی می‌کنم.", "گوشی شما تا جمعه تعمیر می‌شود.", "شماره پیگیری را یادداشت کنید.",
        "درک می‌کنم که چقدر سخت بوده.", "از تماس شما ممنونم.",
    ],
    "zh": [
        "非常抱歉让您久等了。", "您的心情我完全理解。", "我们今天就给您退款。", "感谢您的耐心等待。",
        "请告诉我您的订单号。",
        "明天上午快递员上门取件。", "请您稍等两分钟，我帮您查一下。", "我今天五点前给您回电话。", "我现在就帮您查。",
        "工程师明天八点上门。", "您的账户确实扣了两次钱。", "我们会把三十元退到您的账户。", "还有什么可以帮您的吗？",
        "您的意见我会转告同事。", "详细信息我会短信发给您。", "这是我们的错，真的很抱歉。", "您的手机周五前修好。",
        "请记一下您的服务单号。", "我能理解这有多难。", "谢谢您的来电。",
    ],
}
VOICES = {"en": ["en-us", "en-us+klatt", "en-us+f2"], "fa": ["fa"], "zh": ["cmn"]}
BROWSER_REPLY = "I am sorry about the wait, and I understand how frustrating that is. We will send you a refund today."


def tokens(text: str, language: str) -> list[str]:
    import re

    text = text.lower()
    if language == "zh":
        return [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return re.findall(r"[^\W_]+(?:'[^\W_]+)?", text)


def edits(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    return (f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {pct(values, 0.95) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms (n={len(values)})")


def word_error_rates(n: int) -> dict:
    from trainer.config import load_settings
    from trainer.errors import SpeechError
    from trainer.voice.speech import EspeakNG, speech_to_text

    settings = load_settings()
    stt, espeak = speech_to_text(settings), EspeakNG(settings.espeak, speed=150)
    hears, speaks = stt.languages(), espeak.languages()
    out: dict = {}
    for language, sentences in SENTENCES.items():
        if (hears is not None and language not in hears) or language not in speaks:
            deaf = hears is not None and language not in hears
            why = "no offline recogniser" if deaf else "espeak-ng cannot speak it"
            print(f"{language}: not measured ({why}; needs TRAINER_SPEECH_BASE_URL)")
            out[language] = {"skipped": why}
            continue
        for voice in VOICES[language]:
            errors = words = 0
            audio_seconds = work = 0.0
            samples = []
            for text in sentences[:n]:
                spoken = espeak.speak(text, language, voice)
                started = time.perf_counter()
                try:
                    heard = stt.transcribe(spoken.audio, language).text
                except SpeechError as e:
                    heard = f"<{e.cause}>"
                work += time.perf_counter() - started
                audio_seconds += spoken.seconds or 0
                ref, hyp = tokens(text, language), tokens(heard, language)
                errors, words = errors + edits(ref, hyp), words + len(ref)
                samples.append({"said": text, "heard": heard})
            rate = errors / words
            print(f"{language} {voice:12s} {'CER' if language == 'zh' else 'WER'} {rate:.3f} over {words} "
                  f"{'characters' if language == 'zh' else 'words'}, {len(samples)} utterances; "
                  f"{work / audio_seconds:.2f} s of work per second of audio ({stt.name})")
            out[f"{language}:{voice}"] = {"rate": rate, "errors": errors, "words": words, "samples": samples,
                                          "real_time_factor": work / audio_seconds}
    return out


def in_process(replies: int) -> dict:
    from trainer.config import Settings
    from trainer.practice.attempt import LiveAttempt
    from trainer.scenario.catalog import Catalog
    from trainer.scoring.rules import RuleScorer
    from trainer.store import open_repository
    from trainer.voice.call import VoiceCall
    from trainer.voice.speech import EspeakNG, PocketSphinx

    catalog = Catalog.load(ROOT / "scenarios")
    folder = Path(tempfile.mkdtemp(prefix="frontline-voice-bench-"))
    repo = open_repository(Settings.defaults(database_url=f"sqlite:///{folder / 'bench.db'}"))
    user = repo.accounts.create_user("bench@example.com", "Bench", "trainee", "a long enough password")
    espeak, ears = EspeakNG(speed=150), PocketSphinx()
    said = [espeak.speak(t, "en", "en-us+f2").audio for t in (
        "I am so sorry about the wait, that must have been really frustrating. What happens when you turn it on?",
        "A courier will collect your phone tomorrow morning and we will send it back within five days.",
        "You are right, I am sorry the music made it worse. I will pass your feedback on today.")]
    ears.transcribe(said[0], "en")  # load the model once, as the app's first reply does
    hear, turn, speak, total = [], [], [], []
    live = None
    for i in range(replies):
        if live is None or live.ended:
            live = LiveAttempt.begin(catalog, RuleScorer(), repo, user, "angry-hold-music", seed=i)
            vc = VoiceCall(live.scenario, ears, espeak)
            vc.speak(0, live.opening)
        audio = said[live.session.turn % len(said)]
        t0 = time.perf_counter()
        heard = vc.hear(audio, now=time.time(), shown_at=time.time() - 10, customer_seconds=5.0,
                        call_started=time.time() - 60)
        t1 = time.perf_counter()
        live.reply(heard.text, 5.0, voice=heard.voice, recording=heard.audio)
        t2 = time.perf_counter()
        vc.speak(len(live.session.transcript) - 1, live.session.last_customer_line)
        t3 = time.perf_counter()
        hear.append(t1 - t0), turn.append(t2 - t1), speak.append(t3 - t2), total.append(t3 - t0)
    repo.close()
    print(f"in process, end of speech -> customer's voice ready: {summary(total)}")
    print(f"  hearing it (PocketSphinx, {len(said)} replies of 5-7 s): {summary(hear)}")
    print(f"  the turn (scoring, mood, branch, saving on SQLite): {summary(turn)}")
    print(f"  speaking the customer's line (espeak-ng): {summary(speak)}")
    return {"total": total, "hear": hear, "turn": turn, "speak": speak}


def browser(calls: int) -> dict:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.actions import APP_LIBRARY, create_admin, idle, messages
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from tests.plugins.speech import with_silence
    from trainer.voice.speech import EspeakNG

    folder = Path(tempfile.mkdtemp(prefix="frontline-voice-browser-"))
    wav = folder / "reply.wav"
    wav.write_bytes(with_silence(EspeakNG(speed=150).speak(BROWSER_REPLY, "en", "en-us+f2").audio,
                                 before=0.4, after=0.6))
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}%noloop", "--autoplay-policy=no-user-gesture-required"]
    server = start_server(folder, APP_LIBRARY)
    samples: list[float] = []
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
            context = chromium.new_context(viewport={"width": 1400, "height": 900}, permissions=["microphone"])
            page = context.new_page()
            page.set_default_timeout(60_000)
            create_admin(page, server.url)
            for _ in range(calls):
                page.get_by_text("Assessment: feedback only at the end", exact=True).click()
                idle(page)
                page.get_by_role("button", name="Start the call").click()
                expect(messages(page)).to_have_count(1)
                for reply in range(2):
                    idle(page)
                    page.evaluate("""() => { if (window.__listening) return; window.__listening = true;
                        document.addEventListener('playing', e => {  // media events reach a capturing listener
                          if (e.target.classList.contains('fl-voice') && !window.__played)
                            window.__played = performance.now();
                        }, {capture: true}); }""")
                    page.get_by_test_id("stAudioInputActionButton").click()
                    time.sleep(8.5)  # the reply lasts about 8 s
                    stopped = page.evaluate("""() => { window.__played = 0; const t = performance.now();
                        document.querySelector('[data-testid="stAudioInputActionButton"]').click(); return t; }""")
                    try:
                        page.wait_for_function("t => window.__played > t", arg=stopped, timeout=60_000)
                    except Exception:
                        shot = folder / f"no-customer-audio-{len(samples)}.png"
                        page.screenshot(path=shot, full_page=True)
                        raise RuntimeError(f"the customer's line never played; see {shot} and {server.log}") from None
                    samples.append((page.evaluate("window.__played") - stopped) / 1000)
                    expect(messages(page)).to_have_count(3 + 2 * reply)
                expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
                idle(page)
                page.get_by_role("button", name="Choose another scenario").click()
                idle(page)
            chromium.close()
    finally:
        stop_server(server)
    print(f"browser, stop recording -> the customer's next line playing: {summary(samples)}")
    return {"samples": samples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--utterances", type=int, default=20)
    parser.add_argument("--replies", type=int, default=12)
    parser.add_argument("--browser-calls", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    print(f"{platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
          f"load {os.getloadavg()[0]:.1f}")
    results = {"wer": word_error_rates(args.utterances), "in_process": in_process(args.replies)}
    if not args.no_browser:
        results["browser"] = browser(args.browser_calls)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
