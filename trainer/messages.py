"""Words the core writes for a trainee (scoring reasons, the verdict, the scorecard's few labels), in
every language a scenario can be in.

`say(language, key, **values)` formats the message in `language`, falling back to English for a key a
language lacks (a test keeps `en`, `fa` and `zh` complete). Counts choose their wording with
`plural`, so "1 reply" and "2 replies" both read right. `isolate` wraps text in Unicode isolates
(FSI ... PDI) so that a Persian label next to digits or Latin text keeps its own direction in plain
text: CSV cells, chart labels, Markdown headings. No Streamlit here.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.languages import RTL_LANGUAGES

FSI, PDI = "\u2068", "\u2069"
_RTL_CHAR = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

# Each message is a str.format template. Keys are grouped by who writes them.
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # the rule scorer (trainer/scoring/rules.py)
        "no_phrases": "Not graded: this criterion has no phrases for language {lang!r}.",
        "phrases.none": "None of this criterion's phrases were found.",
        "phrases.earns": "{quote} earns {points} of {max}.",
        "phrases.stronger": " A stronger phrase earns up to {top}.",
        "not_counted": " Not counted: {items}.",
        "ignored.negated": "negated",
        "ignored.quoted": "quoted",
        "forbidden.used": "Uses {quote}, which this criterion rules out.",
        "forbidden.clean": "None of the ruled-out phrases were used.",
        "regex.slow": "Not graded: the pattern could take too long to run (see `validate`).",
        "regex.match": "The pattern matches {quote}.",
        "regex.none": "The pattern does not match the reply.",
        "ask.asked": "Asks about it: {quote}.",
        "ask.mentions": "Mentions {quote} but does not ask about it as a question.",
        "ask.none": "Does not ask the question this criterion needs.",
        "name.unknown": "Not graded: the customer's name is not known here.",
        "name.used": "Uses the customer's name: {quote}.",
        "name.none": "Does not use the customer's name.",
        "next.none": "Does not commit to a next step.",
        "next.timed": "Commits to an action ({action}) with a time ({time}).",
        "next.untimed": "Commits to an action ({action}) but gives no time or date in that sentence; "
        "a time earns {max}.",
        "length.words": "{n} words",
        "length.words_zh": "{n} words (Chinese: two characters a word)",
        "length.within": "{count}, within {low} to {high}.",
        "length.short": "{count}: too short (wanted {low} to {high}).",
        "length.long": "{count}: too long (wanted {low} to {high}).",
        "time.unknown": "Not graded: the response time is not known here.",
        "time.within": "Answered in {seconds:.0f}s, within the {target:.0f}s target.",
        "time.over": "Answered in {seconds:.0f}s, over the {target:.0f}s target but within twice it.",
        "time.far": "Answered in {seconds:.0f}s, more than twice the {target:.0f}s target.",
        "llm.offline": "Not graded offline: this criterion needs the LLM judge.",
        # the voice criteria (trainer/scoring/voice.py)
        "unit.words": "words",
        "unit.chars": "characters",
        "rate.no_target": "Not graded: this criterion has no speaking-rate range for language {lang!r}.",
        "rate.too_short": "Not graded: {seconds:.1f}s of speech is too little to measure a rate.",
        "rate.within": "{rate:.0f} {unit} a minute ({span}), within {low:.0f} to {high:.0f}.",
        "rate.slow": "{rate:.0f} {unit} a minute ({span}): slower than {low:.0f} to {high:.0f}.",
        "rate.fast": "{rate:.0f} {unit} a minute ({span}): faster than {low:.0f} to {high:.0f}.",
        "air.silent": "Not graded: no speech was heard in this reply.",
        "air.none": "No dead air: {before:.1f}s before answering (up to {silence:g}s is fine), longest pause "
        "{longest:.1f}s (up to {pause:g}s).",
        "air.before": "{seconds:.1f}s of silence before answering ({span}; up to {limit:g}s is fine)",
        "air.pause": "a {seconds:.1f}s pause ({span}; up to {limit:g}s)",
        "air.found": "Dead air: {items}.",
        "filler.none": "No filler words in {seconds:.0f}s of speech.",
        "filler.within": "Filler words: {n} ({quotes}) in {seconds:.0f}s of speech, {rate:.1f} a minute "
        "(up to {limit:g} is fine).",
        "filler.over": "Filler words: {n} ({quotes}) in {seconds:.0f}s of speech, {rate:.1f} a minute: "
        "more than {limit:g}.",
        "talk.unknown": "Not graded: how long the customer talked is not known.",
        "talk.within": "You talked {mine:.0f}s, the customer {theirs:.0f}s: {share:.0%} of the talking was "
        "yours (wanted {low:.0%} to {high:.0%}).",
        "talk.more": "You talked {mine:.0f}s, the customer {theirs:.0f}s: {share:.0%} of the talking was "
        "yours, more than {high:.0%}; listen more.",
        "talk.less": "You talked {mine:.0f}s, the customer {theirs:.0f}s: {share:.0%} of the talking was "
        "yours, less than {low:.0%}.",
        "cut": " Only the first {read:,} of {total:,} characters were read.",
        # combining replies (trainer/scoring/aggregate.py)
        "hold.asked": "Asked before the hold ({quote}).",
        "hold.not_asked": "Did not ask before putting the customer on hold.",
        "hold.timed": "Said for how long ({quote}).",
        "hold.no_time": "Did not say how long the hold would take.",
        "hold.thanked": "Thanked them on return ({quote}).",
        "hold.not_thanked": "Did not thank them for holding on return.",
        "hold.kept": "Back after {held}, within the {promised} promised.",
        "hold.over": "Back after {held}, longer than the {promised} promised.",
        "hold.no_promise": "Back after {held}, with no time promised.",
        "agg.none": "Not graded: no replies.",
        "agg.only": "Reply {turn}",
        "agg.best": "Best of {n} replies (reply {turn})",
        "agg.lowest": "Lowest of {n} replies (reply {turn})",
        "agg.last": "As of the last of {n} replies (reply {turn})",
        "agg.mean": "Average of {n} replies (best: reply {turn})",
        "agg.not_assessed": "Not assessed: the call never reached a step about this.",
        # the verdict (trainer/simulation/verdict.py)
        "verdict.passed": "Passed",
        "verdict.line": "{head}: {why}",
        "verdict.not_passed": "Not passed",
        "why.no_replies": "you gave no replies",
        "why.hung_up_after": "the customer hung up after {quote}",
        "why.hung_up": "the customer hung up",
        "why.escalated_after": "the call was escalated after {quote}",
        "why.escalated": "the call was escalated",
        "why.timed_out": "the call ran out of time without a resolution",
        "why.unfinished": "the call has not ended yet",
        "why.critical_quote": "{quote} fails “{label}” on its own",
        "why.critical": "“{label}” scored 0, which fails the call on its own",
        "why.low_score": "the score {total} is under the pass mark {pass_mark}",
        "verdict.score": "Score {total}/100 · pass mark {pass_mark}",
        "verdict.resolved": "The customer's problem was resolved.",
        "verdict.passed_line": "you resolved the call and scored {total}/100",
        # the scorecard and per-reply feedback
        "card.title": "Scorecard",
        "card.voice": "How you sounded (times on the call clock)",
        "card.listen": "Listen to your replies",
        "card.download": "Download",
        "voice.reply": "Reply",
        "voice.at": "Started",
        "voice.before": "Silence before",
        "voice.talk": "You / customer talked",
        "voice.rate": "Pace",
        "voice.pauses": "Pauses",
        "voice.fillers": "Fillers",
        "card.criteria": "Criteria",
        "card.transcript": "Your call, with the words that counted",
        "card.model": "Model answer for reply {turn}",
        "card.tip": "Tip",
        "card.reply": "Reply {turn}",
        "card.customer": "Customer",
        "card.you": "You",
        "card.critical": "critical",
        "card.not_graded": "not graded",
        "card.call_level": "judged over the whole call, not in this reply's score",
        "card.no_evidence": "no words counted for this one",
        "card.legend": "Highlights",
        "card.judged": "graded by the AI judge",
        "card.feedback": "Feedback on this reply",
        "mood.reasons": "Mood: {items}",
        "mood.sep": "; ",
        "mood.empathy": "you acknowledged how they feel",
        "mood.ownership": "you owned the problem",
        "mood.next_step": "you gave a concrete next step",
        "mood.blame": "it sounded like blame",
        "mood.jargon": "call-center jargon",
        "mood.slow": "the reply was slow",
        "mood.ignored": "they felt ignored",
        "mood.hold_over": "the hold took longer than promised",
        "mood.hold_no_time": "a long hold with no time promised",
        "mood.hold_kept": "you came back when you said",
        "mood.hold_music": "the hold music",
        "mood.hold_silence": "silence on hold",
        "card.points": "{points}/{max}",
        "card.reply_score": "This reply: {total}/100",
        "card.mood": "mood {before} → {after}",
        "card.seconds": "{seconds:.0f} s",
        "replies.one": "{n} reply",
        "replies.many": "{n} replies",
    },
    "fa": {
        "no_phrases": "ارزیابی نشد: این معیار برای زبان {lang!r} عبارتی ندارد.",
        "phrases.none": "هیچ‌یک از عبارت‌های این معیار پیدا نشد.",
        "phrases.earns": "{quote} {points} از {max} امتیاز می‌گیرد.",
        "phrases.stronger": " عبارتی قوی‌تر تا {top} امتیاز می‌گیرد.",
        "not_counted": " حساب نشد: {items}.",
        "ignored.negated": "منفی",
        "ignored.quoted": "نقل‌قول",
        "forbidden.used": "{quote} به کار رفته که این معیار آن را نمی‌پذیرد.",
        "forbidden.clean": "هیچ‌یک از عبارت‌های ممنوع به کار نرفت.",
        "regex.slow": "ارزیابی نشد: اجرای این الگو ممکن است خیلی طول بکشد (validate را ببینید).",
        "regex.match": "الگو با {quote} جور است.",
        "regex.none": "الگو با پاسخ جور نیست.",
        "ask.asked": "این را پرسیده است: {quote}.",
        "ask.mentions": "به {quote} اشاره کرده ولی آن را نپرسیده است.",
        "ask.none": "سؤالی را که این معیار می‌خواهد نپرسیده است.",
        "name.unknown": "ارزیابی نشد: نام مشتری اینجا معلوم نیست.",
        "name.used": "نام مشتری را به کار برده: {quote}.",
        "name.none": "نام مشتری را به کار نبرده است.",
        "next.none": "قدم بعدی مشخصی را تعهد نکرده است.",
        "next.timed": "کاری را تعهد کرده ({action}) با زمان مشخص ({time}).",
        "next.untimed": "کاری را تعهد کرده ({action}) ولی در همان جمله زمانی نگفته است؛ با زمان {max} امتیاز می‌گیرد.",
        "length.words": "{n} کلمه",
        "length.words_zh": "{n} کلمه (چینی: هر دو نویسه یک کلمه)",
        "length.within": "{count}، در بازهٔ {low} تا {high}.",
        "length.short": "{count}: خیلی کوتاه (بازهٔ خواسته‌شده {low} تا {high}).",
        "length.long": "{count}: خیلی بلند (بازهٔ خواسته‌شده {low} تا {high}).",
        "time.unknown": "ارزیابی نشد: زمان پاسخ اینجا معلوم نیست.",
        "time.within": "پاسخ در {seconds:.0f} ثانیه، در محدودهٔ هدف {target:.0f} ثانیه.",
        "time.over": "پاسخ در {seconds:.0f} ثانیه، بیشتر از هدف {target:.0f} ثانیه ولی کمتر از دو برابر آن.",
        "time.far": "پاسخ در {seconds:.0f} ثانیه، بیش از دو برابر هدف {target:.0f} ثانیه.",
        "llm.offline": "بدون اتصال ارزیابی نشد: این معیار به داور هوش مصنوعی نیاز دارد.",
        "unit.words": "کلمه",
        "unit.chars": "نویسه",
        "rate.no_target": "ارزیابی نشد: این معیار برای زبان {lang!r} بازهٔ سرعت گفتار ندارد.",
        "rate.too_short": "ارزیابی نشد: {seconds:.1f} ثانیه گفتار برای سنجیدن سرعت کم است.",
        "rate.within": "{rate:.0f} {unit} در دقیقه ({span})، در بازهٔ {low:.0f} تا {high:.0f}.",
        "rate.slow": "{rate:.0f} {unit} در دقیقه ({span}): کندتر از بازهٔ {low:.0f} تا {high:.0f}.",
        "rate.fast": "{rate:.0f} {unit} در دقیقه ({span}): تندتر از بازهٔ {low:.0f} تا {high:.0f}.",
        "air.silent": "ارزیابی نشد: در این پاسخ صدایی شنیده نشد.",
        "air.none": "سکوت بی‌جا نبود: {before:.1f} ثانیه پیش از پاسخ (تا {silence:g} ثانیه اشکالی ندارد)، "
        "بلندترین مکث {longest:.1f} ثانیه (تا {pause:g} ثانیه).",
        "air.before": "{seconds:.1f} ثانیه سکوت پیش از پاسخ ({span}؛ تا {limit:g} ثانیه اشکالی ندارد)",
        "air.pause": "مکثی {seconds:.1f} ثانیه‌ای ({span}؛ تا {limit:g} ثانیه)",
        "air.found": "سکوت بی‌جا: {items}.",
        "filler.none": "در {seconds:.0f} ثانیه گفتار، کلمهٔ پرکننده‌ای نبود.",
        "filler.within": "کلمه‌های پرکننده: {n} ({quotes}) در {seconds:.0f} ثانیه گفتار، {rate:.1f} در دقیقه "
        "(تا {limit:g} اشکالی ندارد).",
        "filler.over": "کلمه‌های پرکننده: {n} ({quotes}) در {seconds:.0f} ثانیه گفتار، {rate:.1f} در دقیقه: "
        "بیش از {limit:g}.",
        "talk.unknown": "ارزیابی نشد: معلوم نیست مشتری چقدر حرف زد.",
        "talk.within": "شما {mine:.0f} ثانیه و مشتری {theirs:.0f} ثانیه حرف زدید: {share:.0%} از گفت‌وگو با شما بود "
        "(بازهٔ خواسته‌شده {low:.0%} تا {high:.0%}).",
        "talk.more": "شما {mine:.0f} ثانیه و مشتری {theirs:.0f} ثانیه حرف زدید: {share:.0%} از گفت‌وگو با شما بود، "
        "بیش از {high:.0%}؛ بیشتر گوش کنید.",
        "talk.less": "شما {mine:.0f} ثانیه و مشتری {theirs:.0f} ثانیه حرف زدید: {share:.0%} از گفت‌وگو با شما بود، "
        "کمتر از {low:.0%}.",
        "cut": " فقط {read:,} نویسهٔ اول از {total:,} نویسه خوانده شد.",
        "hold.asked": "پیش از نگه داشتن پشت خط اجازه گرفت ({quote}).",
        "hold.not_asked": "پیش از نگه داشتن مشتری پشت خط اجازه نگرفت.",
        "hold.timed": "گفت چقدر طول می‌کشد ({quote}).",
        "hold.no_time": "نگفت انتظار پشت خط چقدر طول می‌کشد.",
        "hold.thanked": "هنگام برگشتن تشکر کرد ({quote}).",
        "hold.not_thanked": "هنگام برگشتن از صبر مشتری تشکر نکرد.",
        "hold.kept": "پس از {held} برگشت، در همان {promised} که قول داده بود.",
        "hold.over": "پس از {held} برگشت، بیش از {promised} که قول داده بود.",
        "hold.no_promise": "پس از {held} برگشت، بی‌آنکه زمانی قول داده باشد.",
        "agg.none": "ارزیابی نشد: پاسخی داده نشد.",
        "agg.only": "پاسخ {turn}",
        "agg.best": "بهترینِ {n} پاسخ (پاسخ {turn})",
        "agg.lowest": "پایین‌ترینِ {n} پاسخ (پاسخ {turn})",
        "agg.last": "تا آخرین پاسخ از {n} پاسخ (پاسخ {turn})",
        "agg.mean": "میانگینِ {n} پاسخ (بهترین: پاسخ {turn})",
        "agg.not_assessed": "ارزیابی نشد: تماس به مرحله‌ای که به این مربوط است نرسید.",
        "verdict.passed": "قبول",
        "verdict.line": "{head}: {why}",
        "verdict.not_passed": "قبول نشد",
        "why.no_replies": "پاسخی ندادید",
        "why.hung_up_after": "مشتری بعد از {quote} تلفن را قطع کرد",
        "why.hung_up": "مشتری تلفن را قطع کرد",
        "why.escalated_after": "تماس بعد از {quote} به مقام بالاتر ارجاع شد",
        "why.escalated": "تماس به مقام بالاتر ارجاع شد",
        "why.timed_out": "وقت تماس تمام شد و مشکل حل نشد",
        "why.unfinished": "تماس هنوز تمام نشده است",
        "why.critical_quote": "{quote} به‌تنهایی معیار «{label}» را رد می‌کند",
        "why.critical": "«{label}» صفر گرفت و همین به‌تنهایی تماس را رد می‌کند",
        "why.low_score": "امتیاز {total} کمتر از حد قبولی {pass_mark} است",
        "verdict.score": "امتیاز {total} از 100 · حد قبولی {pass_mark}",
        "verdict.resolved": "مشکل مشتری حل شد.",
        "verdict.passed_line": "تماس را به نتیجه رساندید و {total} از 100 گرفتید",
        "card.title": "کارنامه",
        "card.voice": "صدای شما چطور بود (زمان‌ها از آغاز تماس)",
        "card.listen": "پاسخ‌هایتان را دوباره بشنوید",
        "card.download": "دانلود",
        "voice.reply": "پاسخ",
        "voice.at": "آغاز",
        "voice.before": "سکوت پیش از پاسخ",
        "voice.talk": "حرف زدن شما / مشتری",
        "voice.rate": "سرعت",
        "voice.pauses": "مکث‌ها",
        "voice.fillers": "کلمه‌های پرکننده",
        "card.criteria": "معیارها",
        "card.transcript": "تماس شما، با کلماتی که حساب شدند",
        "card.model": "پاسخ نمونه برای پاسخ {turn}",
        "card.tip": "نکته",
        "card.reply": "پاسخ {turn}",
        "card.customer": "مشتری",
        "card.you": "شما",
        "card.critical": "حیاتی",
        "card.not_graded": "ارزیابی نشد",
        "card.call_level": "در کل تماس سنجیده می‌شود، نه در امتیاز این پاسخ",
        "card.no_evidence": "هیچ کلمه‌ای برای این معیار حساب نشد",
        "card.legend": "رنگ‌ها",
        "card.judged": "ارزیابی داور هوش مصنوعی",
        "card.feedback": "بازخورد این پاسخ",
        "mood.reasons": "چرا حال مشتری تغییر کرد: {items}",
        "mood.sep": "؛ ",
        "mood.empathy": "احساسش را درک کردید",
        "mood.ownership": "مسئولیت مشکل را پذیرفتید",
        "mood.next_step": "قدم بعدیِ مشخصی گفتید",
        "mood.blame": "شبیه مقصر دانستن مشتری بود",
        "mood.jargon": "اصطلاحات داخلی مرکز تماس",
        "mood.slow": "پاسخ دیر رسید",
        "mood.ignored": "احساس کرد نادیده گرفته شده",
        "mood.hold_over": "انتظار بیشتر از زمانی شد که گفته بودید",
        "mood.hold_no_time": "انتظار طولانی، بی آنکه زمانی گفته شود",
        "mood.hold_kept": "همان وقتی که گفته بودید برگشتید",
        "mood.hold_music": "آهنگ پشت خط",
        "mood.hold_silence": "سکوت در زمان انتظار",
        "card.points": "{points} از {max}",
        "card.reply_score": "این پاسخ: {total} از 100",
        "card.mood": "حال مشتری {before} ← {after}",
        "card.seconds": "{seconds:.0f} ثانیه",
        "replies.one": "{n} پاسخ",
        "replies.many": "{n} پاسخ",
    },
    "zh": {
        "no_phrases": "未评分：这一项没有 {lang!r} 语言的短语。",
        "phrases.none": "没有找到这一项的任何短语。",
        "phrases.earns": "{quote} 得 {points} 分（满分 {max}）。",
        "phrases.stronger": "更到位的说法最多可得 {top} 分。",
        "not_counted": "不计分：{items}。",
        "ignored.negated": "否定",
        "ignored.quoted": "引用",
        "forbidden.used": "用了 {quote}，这一项不允许这样说。",
        "forbidden.clean": "没有用到任何禁用说法。",
        "regex.slow": "未评分：这个模式运行可能太慢（见 validate）。",
        "regex.match": "模式匹配到 {quote}。",
        "regex.none": "模式没有匹配到回复。",
        "ask.asked": "问到了：{quote}。",
        "ask.mentions": "提到了 {quote}，但没有作为问题来问。",
        "ask.none": "没有问这一项要求的问题。",
        "name.unknown": "未评分：这里不知道客户的姓名。",
        "name.used": "称呼了客户：{quote}。",
        "name.none": "没有称呼客户的姓名。",
        "next.none": "没有承诺具体的下一步。",
        "next.timed": "承诺了行动（{action}）并给出时间（{time}）。",
        "next.untimed": "承诺了行动（{action}），但同一句里没有时间或日期；给出时间可得 {max} 分。",
        "length.words": "{n} 个词",
        "length.words_zh": "{n} 个词（中文两个字算一个词）",
        "length.within": "{count}，在 {low} 到 {high} 之间。",
        "length.short": "{count}：太短（要求 {low} 到 {high}）。",
        "length.long": "{count}：太长（要求 {low} 到 {high}）。",
        "time.unknown": "未评分：这里不知道回复用时。",
        "time.within": "用时 {seconds:.0f} 秒，在 {target:.0f} 秒目标之内。",
        "time.over": "用时 {seconds:.0f} 秒，超过 {target:.0f} 秒目标，但不到两倍。",
        "time.far": "用时 {seconds:.0f} 秒，超过 {target:.0f} 秒目标的两倍。",
        "llm.offline": "离线未评分：这一项需要 AI 评审。",
        "unit.words": "个词",
        "unit.chars": "个字",
        "rate.no_target": "未评分：这一项没有语言 {lang!r} 的语速范围。",
        "rate.too_short": "未评分：只有 {seconds:.1f} 秒的说话，不够测语速。",
        "rate.within": "每分钟 {rate:.0f} {unit}（{span}），在 {low:.0f} 到 {high:.0f} 之间。",
        "rate.slow": "每分钟 {rate:.0f} {unit}（{span}）：比 {low:.0f} 到 {high:.0f} 慢。",
        "rate.fast": "每分钟 {rate:.0f} {unit}（{span}）：比 {low:.0f} 到 {high:.0f} 快。",
        "air.silent": "未评分：这次回复没有听到说话。",
        "air.none": "没有冷场：开口前 {before:.1f} 秒（{silence:g} 秒以内都可以），最长停顿 {longest:.1f} 秒"
        "（{pause:g} 秒以内）。",
        "air.before": "开口前沉默了 {seconds:.1f} 秒（{span}；{limit:g} 秒以内都可以）",
        "air.pause": "停顿了 {seconds:.1f} 秒（{span}；{limit:g} 秒以内）",
        "air.found": "冷场：{items}。",
        "filler.none": "{seconds:.0f} 秒的说话里没有口头禅。",
        "filler.within": "口头禅：{n} 个（{quotes}），{seconds:.0f} 秒的说话里每分钟 {rate:.1f} 个"
                         "（{limit:g} 个以内都可以）。",
        "filler.over": "口头禅：{n} 个（{quotes}），{seconds:.0f} 秒的说话里每分钟 {rate:.1f} 个：超过 {limit:g} 个。",
        "talk.unknown": "未评分：不知道客户说了多久。",
        "talk.within": "您说了 {mine:.0f} 秒，客户说了 {theirs:.0f} 秒：您占了 {share:.0%}"
                       "（希望在 {low:.0%} 到 {high:.0%}）。",
        "talk.more": "您说了 {mine:.0f} 秒，客户说了 {theirs:.0f} 秒：您占了 {share:.0%}，"
                     "超过 {high:.0%}；多听客户说。",
        "talk.less": "您说了 {mine:.0f} 秒，客户说了 {theirs:.0f} 秒：您占了 {share:.0%}，少于 {low:.0%}。",
        "cut": "只读了 {total:,} 个字符中的前 {read:,} 个。",
        "hold.asked": "让客户等待前先征求了同意（{quote}）。",
        "hold.not_asked": "没有征求同意就让客户等待。",
        "hold.timed": "说了要等多久（{quote}）。",
        "hold.no_time": "没有说要等多久。",
        "hold.thanked": "回来时感谢了客户（{quote}）。",
        "hold.not_thanked": "回来时没有感谢客户的等待。",
        "hold.kept": "{held} 后回来，在答应的 {promised} 之内。",
        "hold.over": "{held} 后回来，超过了答应的 {promised}。",
        "hold.no_promise": "{held} 后回来，事先没有说要多久。",
        "agg.none": "未评分：没有回复。",
        "agg.only": "第 {turn} 条回复",
        "agg.best": "{n} 条回复中最好的（第 {turn} 条）",
        "agg.lowest": "{n} 条回复中最低的（第 {turn} 条）",
        "agg.last": "截至 {n} 条回复中的最后一条（第 {turn} 条）",
        "agg.mean": "{n} 条回复的平均（最好：第 {turn} 条）",
        "agg.not_assessed": "未评分：通话没有进行到考察这一项的环节。",
        "verdict.passed": "通过",
        "verdict.line": "{head}：{why}",
        "verdict.not_passed": "未通过",
        "why.no_replies": "你没有回复",
        "why.hung_up_after": "你说了{quote}之后，客户挂断了电话",
        "why.hung_up": "客户挂断了电话",
        "why.escalated_after": "你说了{quote}之后，通话被升级投诉",
        "why.escalated": "通话被升级投诉",
        "why.timed_out": "通话时间用完，问题没有解决",
        "why.unfinished": "通话还没有结束",
        "why.critical_quote": "{quote}单独就让“{label}”不合格",
        "why.critical": "“{label}”得 0 分，单这一项就不通过",
        "why.low_score": "得分 {total} 低于及格线 {pass_mark}",
        "verdict.score": "得分 {total}/100 · 及格线 {pass_mark}",
        "verdict.resolved": "客户的问题解决了。",
        "verdict.passed_line": "你解决了问题，得分 {total}/100",
        "card.title": "评分卡",
        "card.voice": "您听起来怎么样（时间从通话开始算）",
        "card.listen": "重听您的回复",
        "card.download": "下载",
        "voice.reply": "回复",
        "voice.at": "开口时间",
        "voice.before": "开口前沉默",
        "voice.talk": "您 / 客户说话时长",
        "voice.rate": "语速",
        "voice.pauses": "停顿",
        "voice.fillers": "口头禅",
        "card.criteria": "评分项",
        "card.transcript": "你的通话，计分的词已标出",
        "card.model": "第 {turn} 条回复的参考答案",
        "card.tip": "提示",
        "card.reply": "第 {turn} 条回复",
        "card.customer": "客户",
        "card.you": "你",
        "card.critical": "关键项",
        "card.not_graded": "未评分",
        "card.call_level": "按整通电话评，不计入这条回复的分数",
        "card.no_evidence": "这一项没有计分的词",
        "card.legend": "标色说明",
        "card.judged": "AI 评审评分",
        "card.feedback": "这条回复的反馈",
        "mood.reasons": "情绪变化的原因：{items}",
        "mood.sep": "；",
        "mood.empathy": "你体谅了客户的感受",
        "mood.ownership": "你承担了问题",
        "mood.next_step": "你给出了具体的下一步",
        "mood.blame": "听起来像在指责客户",
        "mood.jargon": "客服内部用语",
        "mood.slow": "回复太慢",
        "mood.ignored": "客户觉得被忽视",
        "mood.hold_over": "等待超过了你承诺的时间",
        "mood.hold_no_time": "长时间等待却没有说明要等多久",
        "mood.hold_kept": "你按说好的时间回来了",
        "mood.hold_music": "等待音乐",
        "mood.hold_silence": "等待时没有声音",
        "card.points": "{points}/{max}",
        "card.reply_score": "这条回复：{total}/100",
        "card.mood": "情绪 {before} → {after}",
        "card.seconds": "{seconds:.0f} 秒",
        "replies.one": "{n} 条回复",
        "replies.many": "{n} 条回复",
    },
}

# How a quotation opens and closes in each language (the scorer quotes the reply's own words).
QUOTES = {"en": ("“", "”"), "fa": ("«", "»"), "zh": ("“", "”")}


def say(language: str, key: str, **values: Any) -> str:
    """The message `key` in `language` (English when that language lacks it), filled with `values`."""
    if not values:
        got = _PLAIN_MESSAGES.get((language, key))
        if got is None:
            got = _PLAIN_MESSAGES[(language, key)] = (
                MESSAGES.get(language, {}).get(key) or MESSAGES["en"][key]
            ).format()
        return got
    template = MESSAGES.get(language, {}).get(key) or MESSAGES["en"][key]
    return template.format(**values)


_PLAIN_MESSAGES: dict[tuple[str, str], str] = {}  # messages with nothing to fill in, as shown


def plural(language: str, key: str, n: int, **values: Any) -> str:
    """`key.one` for 1, `key.many` otherwise (the languages here need no more forms)."""
    return say(language, f"{key}.{'one' if n == 1 else 'many'}", n=n, **values)


def quote(language: str, text: str, limit: int = 60) -> str:
    """The reply's own words in the language's quotation marks, shortened to `limit` characters and
    isolated, so a Persian quote inside an English sentence (or the reverse) keeps its order."""
    key = (language, text, limit)
    got = _QUOTED.get(key)
    if got is None:
        short = " ".join(text.split())
        short = short if len(short) <= limit else short[: limit - 1] + "…"
        left, right = QUOTES.get(language, QUOTES["en"])
        got = f"{left}{isolate(short) if needs_isolation(language, short) else short}{right}"
        if len(_QUOTED) >= 10_000:
            _QUOTED.clear()
        _QUOTED[key] = got
    return got


_QUOTED: dict[tuple[str, str, int], str] = {}  # the scorer quotes the same matched words again and again


def needs_isolation(language: str, text: str) -> bool:
    """True when `text` may run in another direction than its surroundings: a right-to-left language
    or right-to-left letters anywhere in it."""
    return language in RTL_LANGUAGES or bool(_RTL_CHAR.search(text))


def isolate(text: str) -> str:
    """`text` between FSI and PDI: its direction comes from its own first strong character, and it
    does not reorder what surrounds it. Empty text stays empty."""
    return f"{FSI}{text}{PDI}" if text else text


def bidi_safe(text: str) -> str:
    """`text` isolated when it holds right-to-left letters (chart labels, CSV cells), else as it is."""
    return isolate(text) if _RTL_CHAR.search(text) else text


def strip_isolates(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "")
