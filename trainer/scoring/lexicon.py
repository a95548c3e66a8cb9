"""Built-in word lists for the criterion kinds that take no phrase list from the rubric.

`next_step` needs to know what a commitment and a concrete time look like, `must_ask` what a question
looks like, in each language. They are written in the phrase syntax of `phrases.py`, so they are
normalised and guarded against negation exactly like a rubric's own phrases ("I will not be able to"
commits to nothing).
"""

from __future__ import annotations

_EN_VERBS = (
    "send|resend|book|rebook|reschedule|rearrange|reissue|reorder|redeliver|arrange|process|issue|refund|escalate|transfer|connect|check|look|call|ring|email|"
    "schedule|put|raise|replace|credit|update|contact|follow|forward|fix|sort|reset|cancel|reverse|"
    "waive|upgrade|ship|dispatch|courier|deliver|investigate|review|chase|reach|text|reactivate|"
    "restore|apply|add|remove|change|correct|confirm|organise|reimburse|compensate|open|log|file|"
    "submit|order|expedite|prioritise|help|get|make|handle|take|give|offer|return|come|visit|activate|"
    "unlock|release|repair|install|set|notify|let|keep|monitor|track|pass"
)
_EN_DONE = (
    "sent|booked|arranged|processed|issued|refunded|escalated|scheduled|raised|credited|ordered|"
    "requested|submitted|logged|reset|updated|cancelled|canceled|reversed|waived|upgraded|shipped|"
    "dispatched|replaced|fixed|corrected|applied|added|removed|opened|filed|reactivated|restored|"
    "unlocked|released|expedited|flagged|noted|forwarded|passed|contacted|emailed|called|put|set up|"
    "assigned|approved|asked|authorised|authorized|allocated|activated|texted|messaged|informed|"
    "instructed|repaired|resolved|sorted|organised|organized|reserved|confirmed|marked|prioritised"
)
# who else may be the subject of a promise: "the app team will ...", "our courier will ..."
_EN_PEOPLE = (
    "team|technician|technicians|engineer|engineers|courier|couriers|driver|specialist|specialists|"
    "supervisor|manager|colleague|colleagues|department|staff|crew|agent|partner|store|office|desk|"
    "refund|replacement|parcel|package|order|credit|payment|engineer visit|callback|call back"
)

# Persian: an action noun or adjective, then (within the sentence) a committing verb: "پیگیری میکنم",
# "زنگ میزنم", "پیام میدم", "اعمال میکنم"; with an object pronoun joined to it too: "درستش کردم", "فعالش کردم"
_FA_ACTIONS = (
    "پیگیری|بررسی|ارسال|ثبت|هماهنگ|جایگزین|تعویض|اصلاح|برطرف|حل|رسیدگی|واریز|برگشت|استرداد|تمدید|فعال|لغو|"
    "اقدام|تماس|چک|درست|عوض|پیگیر|تحویل|جبران|پرداخت|منتقل|ارجاع|رزرو|اعزام|آماده|تایید|بازپرداخت|ارتباط|خبر|"
    "اطلاع|اعمال|اضافه|زنگ|پیام|پیامک|ایمیل|غیرفعال|باز|بسته|آزاد|شارژ|تعمیر|نصب|عودت|بازگشت|"
    "پس|حذف|ویرایش|تنظیم|راهاندازی|وصل|جابجا|پاک|ریست"
)
_FA_PRONOUNED = "|".join(f"{a}{p}" for a in _FA_ACTIONS.split("|") for p in ("ش", "شون", "شان", "تون", "تان"))
_FA_VERBS = (
    "میکنم|میکنیم|خواهم|خواهیم|میشه|میشود|میشن|میشوند|کردم|کردیم|میگیرم|میگیریم|میزنم|میزنیم|میدم|میدیم|"
    "میدهم|میدهیم|شد|شده|میکنن|میکنند|دادم|دادیم|زدم|زدیم|گرفتم|گرفتیم|میفرستم|میفرستیم|میذارم|میذاریم|"
    "میگذارم|میگذاریم|گذاشتم|گذاشتیم|میزنه|میزنن|میکنه"
)
_FA_ARRIVE = "میان|میاد|میاید|میآید|میآیند|میایند|میرسه|میرسد|میرسن|میرسند|برمیگرده|برمیگردد|برمیگردن"
_FA_WHEN = (
    "امروز|فردا|پسفردا|امشب|شنبه|یکشنبه|دوشنبه|سهشنبه|چهارشنبه|پنجشنبه|جمعه|صبح|ظهر|عصر|بعدازظهر|"
    "بعدازظهر|دیگه|دیگر|آینده|بعد"
)

COMMIT: dict[str, list[str]] = {
    "en": [
        "i will", "we will", "i shall", "we shall", f"(let me|allow me to) ({_EN_VERBS}|see|find|ask|speak|talk)*",
        "i am going to",
        "we are going to", "i personally will", "i will personally", "i promise", "i am on it",
        f"i am ({_EN_VERBS})*", f"we are ({_EN_VERBS})*", f"i have ({_EN_DONE})", f"we have ({_EN_DONE})",
        f"i have just ({_EN_DONE})", f"we have just ({_EN_DONE})", f"i have already ({_EN_DONE})",
        f"i can ({_EN_VERBS})", f"we can ({_EN_VERBS})", f"i could ({_EN_VERBS})",
        "you will (receive|get|have|hear|see|be contacted|be refunded|be credited)",
        "you should (receive|get|have|hear|see) (it|the|your|a|an|back|from)",
        f"({_EN_PEOPLE}) will",
        f"({_EN_PEOPLE}) (is|are) (going to|scheduled to|booked to|due to|set to)", "(is|are) on (its|their|the) way",
        f"(i|we) (just|already)? ({_EN_DONE})",
        "someone will", "somebody will", "it will (arrive|be)", "expect (a|an|the|your|it)",
        "i would like to (offer|send|arrange|book|give|refund)",
        f"(i am|i would be|i will be|we are|we would be) (happy|glad|pleased) to ({_EN_VERBS})*",
        "here is what i will do", "here is what we will do", "what i will do is",
        "i will make sure", "i will ensure", "i have gone ahead", "i went ahead",
        # something already on its way, with when it lands: "it arrives before noon"
        "(it|they|this|that|the (replacement|parcel|package|refund|engineer|technician|courier)) "
        "(arrives|arrive|lands|land|is due|are due|gets there|get there|reaches you)",
    ],
    "fa": [
        f"({_FA_ACTIONS}) ... ({_FA_VERBS})", f"({_FA_PRONOUNED}) ... ({_FA_VERBS})",
        "از ... کسر (میشه|میشود|میکنم|میکنیم|کردم|کردیم|شد|شده)", "انجام (میدم|میدهم|میدیم|میدهیم|دادم|دادیم)",
        "(برمیگردونم|برمیگردونیم|برمیگردانم|برمیگردانیم|برمیگرده|برمیگردد|برمیگردونن|برمیگردانند)",
        "(بهتون|بهت|به شما|بهشون|به همکارم|به همکارمون|به همکارانم|به همکاران) ... (میگم|میگیم|میگویم|میگوییم)",
        "خودم (بهتون|بهت|به شما)? (میگم|میگویم)",
        f"({_FA_WHEN}) ... ({_FA_ARRIVE})", f"ساعت # ... ({_FA_ARRIVE})", f"# (دقیقه|ساعت|روز) ... ({_FA_ARRIVE})",
        "(براتون|برایتان|برات|براشون) ... (میاد|میآید|میاید|میرسه|میرسد|ارسال میشه|ارسال میشود)",
        "(پیامک|پیام|ایمیل|تماس|کد|لینک|رسید|فاکتور) ... (میگیرید|میگیرین|دریافت میکنید|دریافت خواهید کرد)",
        "(پیگیر|پیگیرش|پیگیرشم|مسئولش|مسئول) (هستم|هستیم|هستم تا)",
        "(بقیهاش|بقیهش|بقیه اش|بقیهی کار|باقیش|بقیه) با (من|ما|منه|ماست)",
        "قول میدم", "قول میدهم", "قول میدیم", "اطمینان میدم", "اطمینان میدهم", "تضمین میکنم",
        "اجازه بدید", "اجازه بدهید", "خودم ... (میکنم|پیگیری|تماس|بررسی)", "همین الان ... (میکنم|میکنیم)",
        "براتون ... (میکنم|میکنیم|میفرستم|میفرستیم|میذارم|میزنم|میگیرم)",
        "برایتان ... (میکنم|میکنیم|میفرستم|میفرستیم|ارسال)",
        "(میفرستم|میفرستیم|میفرستن|میفرستند)", "(به دستتون|به دستتان|به دست شما) (میرسه|میرسد|خواهد رسید)",
        "با شما تماس (میگیرم|میگیریم|گرفته خواهد شد|خواهیم گرفت|خواهم گرفت|میگیرن|میگیرند)",
        "باهاتون تماس (میگیرم|میگیریم|میگیرن)",
    ],
    "zh": [
        "我会", "我们会", "我将", "我们将", "我马上", "我立即", "我立刻", "我现在就", "我这就", "我来",
        "我帮您", "我们帮您", "我为您", "我们为您", "我给您", "我们给您", "我已经", "我们已经", "我已",
        "我们已", "为您(办理|安排|处理|申请|退款|补发|更换|跟进|查询|核实|重新|预约|登记|升级|取消)",
        "给您(办理|安排|处理|申请|退款|补发|更换|跟进|回电|回复|寄|发|打电话)",
        "会在", "将在", "会于", "将于", "安排", "跟进", "回复您", "联系您", "致电您", "给您回电", "保证",
        "承诺", "负责到底", "我亲自", "我们马上", "我们立即", "我们这就", "我们现在就", "稍后",
        "您将(收到|获得)", "您会(收到|获得)",
        "(我|我们)(今天|明天|后天|今晚|马上|稍后|立即|立刻|现在|尽快|本周|这周|下周|下午|上午|晚上)(会|将|就|给|帮|为|来)",
    ],
}

_EN_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend"
_EN_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_EN_NUMBERS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
               "forty|forty five|fifty|sixty|ninety|a few|few|a couple of|couple of|half an|a|an")
_EN_UNITS = ("minute|minutes|min|mins|hour|hours|hr|hrs|day|days|business day|business days|"
             "working day|working days|week|weeks")

TIME: dict[str, list[str]] = {
    "en": [
        "today", "tonight", "tomorrow", "this (morning|afternoon|evening|week|weekend)",
        "later today", "by (noon|midday|midnight|lunchtime)", "end of (the day|day|business|the week)",
        "close of business", "eod", "cob", "(by|on|until|before|this|next|coming) (" + _EN_DAYS + ")",
        _EN_DAYS, "next (week|business day|working day|hour)", f"within # ({_EN_UNITS})",
        f"within (a|an|one|two|three|the|the next) ({_EN_UNITS})", f"in # ({_EN_UNITS})",
        f"in (a|an|one|two|three|half an|a few|the next|a couple of) ({_EN_UNITS})",
        f"# ({_EN_UNITS})", "(at|by|before|until|around) #", f"({_EN_MONTHS}) #", f"# ({_EN_MONTHS})",
        "# (am|pm|o'clock|oclock)", "now", "right away", "straight away", "immediately", "at once",
        "as we speak", "first thing", "within the hour", "overnight",
        "(before|by|around|after) (noon|midday|lunch|lunchtime|midnight|the weekend)",
        f"(in|within|over|during) (the next|the coming|the)? ({_EN_NUMBERS}) ({_EN_UNITS})",
        f"(in|within|over|during) (the next|the coming) # ({_EN_UNITS})",
        f"(in|within|over|during) the (next|coming) ({_EN_UNITS})", f"next # ({_EN_UNITS})",
    ],
    "fa": [
        "امروز", "فردا", "پس فردا", "پسفردا", "امشب", "همین امروز", "تا (آخر|پایان) (روز|هفته|امروز|وقت اداری)",
        "(شنبه|یکشنبه|دوشنبه|سهشنبه|سه شنبه|چهارشنبه|پنجشنبه|پنج شنبه|جمعه)",
        "(تا|ظرف|طی|حداکثر|حداقل|کمتر از) (#|یک|دو|سه|چهار|پنج|شش|هفت|ده|نیم|بیست و چهار|چهل و هشت) "
        "(ساعت|روز|دقیقه|هفته|روز کاری)",
        "# (ساعت|روز|دقیقه|هفته|روز کاری)", "ساعت #", "تا ساعت #", "همین الان", "الان", "فورا", "فوری",
        "بلافاصله", "هفته (آینده|بعد|دیگه|دیگر)", "(ساعت|روز|دقیقه) (آینده|دیگه|دیگر)", "تا عصر", "تا ظهر",
        "امروز عصر", "فردا صبح", "نیم ساعت", "یک ساعت", "یه ساعت", "چند دقیقه (دیگه|دیگر)",
    ],
    "zh": [
        "今天", "今日", "明天", "明日", "后天", "今晚", "明早", "明天上午", "明天下午", "本周", "这周",
        "下周", "这个星期", "下个星期", "周(一|二|三|四|五|六|日|末)", "星期(一|二|三|四|五|六|日|天)",
        "礼拜(一|二|三|四|五|六|日|天)", "#(小时|个小时|分钟|天|日|个工作日|工作日|周|个星期|星期)",
        "#点", "#号", "#月", "之前", "以内", "之内", "马上", "立即", "立刻", "现在就", "这就", "下班前",
        "半小时", "半个小时", "稍后", "今天之内",
    ],
}

# an English sentence opening with one of these is a question even without "?"
QUESTION_OPENERS = frozenset({
    "can", "could", "would", "will", "may", "do", "does", "did", "is", "are", "was", "were", "have",
    "has", "what", "when", "where", "which", "who", "whom", "whose", "why", "how", "shall", "should",
    "might", "please",
})
FA_QUESTION_WORDS = frozenset({"آیا", "چی", "چه", "کدوم", "کدام", "کی", "کجا", "چطور", "چرا", "چند",
                               "چقدر", "چیه", "میشه"})
ZH_QUESTION_MARKS = ("吗", "呢", "么", "请问", "是否", "能否", "可否", "什么", "哪", "几", "多少", "怎么",
                     "如何", "有没有", "是不是", "能不能", "可不可以")

# Filler words a speaker uses while thinking (the `filler_words` voice criterion), in the phrase
# syntax. Words that are also ordinary words most of the time ("like", "actually", 这个) are left out:
# a trainee is not marked down for saying "I'd like to".
FILLERS: dict[str, list[str]] = {
    "en": ["(um|umm|uh|uhh|uhm|er|erm|hmm|mhm)", "you know", "i mean", "basically", "literally"],
    "fa": ["(اِ|اِم|اِمم|اوم|اممم|ااا)", "خب خب", "یعنی چیزه", "چیزه", "به اصطلاح", "چی بگم"],
    "zh": ["嗯", "呃", "额", "唔", "就是说", "怎么说呢", "那个那个"],
}

# Hold etiquette (the `hold_etiquette` criterion): asking before putting someone on hold, saying for how
# long, and thanking them on return.
HOLD_ASK: dict[str, list[str]] = {
    "en": [
        "(may|can|could|might) i (put|place|pop|keep) you on hold",
        "(do|would) you mind (holding|waiting|being put on hold|being placed on hold|if i put you on hold|"
        "if i place you on hold)",
        "(is it|would it be|is that) (ok|okay|alright|all right|fine) (if i|to) (put|place|pop|keep) you on hold",
        "(can|could|would) you (hold|bear with me|stay on the line|wait|hang on)",
        "(are you|would you be) (ok|okay|alright|happy|fine) (to hold|holding|to wait|waiting|with a short hold)",
        "(is it|would it be) (ok|okay|alright|all right) if you (hold|wait)",
    ],
    "fa": [
        "اجازه (بدید|بدهید|میدید|میدهید|میفرمایید|هست)",
        "(میتونم|میتوانم|ممکنه|میشه|امکانش هست) ... (پشت خط|منتظر|نگهتون|نگهتان)",
        "(اشکالی|ایرادی) (نداره|ندارد) ... (پشت خط|منتظر|صبر)",
        "(میتونید|میتوانید|میشه) ... (صبر کنید|منتظر بمونید|منتظر بمانید|پشت خط بمونید|پشت خط بمانید)",
    ],
    "zh": [
        "(可以|能|方便|介意)(请您|麻烦您|让您)?(稍等|等一下|等一会|稍候|等我|等等)",
        "(可以|能|方便) ... (稍等|等一下|稍候|保持通话)",
        "(您)?(介意|方便) ... 等", "(您看|您)?可以吗",
    ],
}
HOLD_TIME: dict[str, list[str]] = {
    "en": [
        "# (minute|minutes|min|mins|second|seconds|secs)", "# to # (minute|minutes|seconds)",
        "(one|two|three|four|five|ten|fifteen|twenty|thirty|forty five|a couple of|a few) (minute|minutes|seconds)",
        "(a|one) minute", "half a minute", "a minute or two",
    ],
    "fa": ["# (دقیقه|ثانیه)", "(یک|یه|دو|سه|چهار|پنج|ده|چند) (دقیقه|ثانیه)", "نیم دقیقه"],
    "zh": ["#分钟", "#秒", "(一|两|三|四|五|十|几)分钟", "半分钟", "一会儿"],
}
HOLD_THANKS: dict[str, list[str]] = {
    "en": [
        "(thank you|thanks|thank u) (so much|very much)? for (holding|waiting|your patience|being patient|"
        "being so patient|bearing with me|staying on the line|hanging on|holding on)",
        "(i|we) (appreciate|really appreciate) (your patience|you holding|you waiting)",
    ],
    "fa": [
        "(ممنون|ممنونم|متشکرم|سپاسگزارم|مرسی|تشکر) (از|بابت|که) (صبر|صبرتون|صبرتان|شکیبایی|انتظار|منتظر|پشت خط|حوصله)*",
        "(ممنون|ممنونم|متشکرم|سپاسگزارم|مرسی) ... (منتظر|پشت خط) (موندید|ماندید|موندین)",
    ],
    "zh": ["(感谢|谢谢)(您的|你的)?(耐心|等待|久等)", "(感谢|谢谢)(您|你)(耐心)?(等待|等候|等我)",
           "让您久等了", "久等了"],
}
