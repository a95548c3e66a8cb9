"""The reply box's character counter: the one reply limit (`MAX_REPLY_CHARS`), next to the box, with a
count of what is typed so far.

It says "A reply can have up to 4,000 characters." until the trainee types. The count runs in the
browser: the server only sees a reply once it is sent, so a few lines of script read the chat box as
the trainee types and update the line ("1,234 of 4,000 characters"), turning it red with "too long
to send" past the limit. Characters are counted as the server counts them
(code points, surrounding spaces left out), so the counter and the refusal always agree. Only numbers
go into the page: no user or scenario text.
"""

from __future__ import annotations

import streamlit as st

_COUNTER = """
<div class="fl-count" id="{id}" data-limit="{limit}" aria-live="polite">{text}</div>
<script>
(() => {{
  const el = document.getElementById("{id}");
  if (!el) return;
  const limit = Number(el.dataset.limit), shown = limit.toLocaleString("en-US");
  let box = null;
  const show = () => {{
    const n = box ? [...box.value.trim()].length : 0;
    el.textContent = n === 0 ? `A reply can have up to ${{shown}} characters.`
      : n > limit ? `${{n.toLocaleString("en-US")}} of ${{shown}} characters: too long to send`
      : `${{n.toLocaleString("en-US")}} of ${{shown}} characters`;
    el.classList.toggle("fl-count-over", n > limit);
  }};
  const watch = () => {{
    if (!el.isConnected) {{ clearInterval(timer); return; }}
    const found = document.querySelector('[data-testid="stChatInputTextArea"]');
    if (found && found !== box) {{ box = found; box.addEventListener("input", show); }}
    show();
  }};
  const timer = setInterval(watch, 400);
  watch();
}})();
</script>
<style>
.fl-count {{ font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); }}
.fl-count-over {{ color: #b42318; font-weight: 600; }}
</style>
"""


def reply_counter(limit: int, key: str = "reply") -> None:
    """The limit for one reply, stated under the conversation (just above the reply box), counting as
    the trainee types."""
    st.html(_COUNTER.format(id=f"fl-count-{key}", limit=int(limit),
                            text=f"A reply can have up to {limit:,} characters."),
            unsafe_allow_javascript=True)
