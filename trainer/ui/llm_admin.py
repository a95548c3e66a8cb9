"""The admin's view of the language model: is one configured, which endpoint and models, and does it
answer. The key itself is never shown; a failed test shows what to check (`LLMError`'s message)."""

from __future__ import annotations

import streamlit as st

from trainer import llm
from trainer.errors import FrontlineError
from trainer.services import Services
from trainer.ui.text import escape_markdown

RESULT = "llm_admin_result"  # (ok, message) of the last connection test, kept across reruns


def page(services: Services) -> None:
    settings = services.settings
    configured = llm.is_configured(settings)
    st.markdown("**Status:** " + ("configured" if configured else "not configured"))
    st.markdown(escape_markdown(llm.describe(settings)))
    st.caption("Set with OPENAI_BASE_URL, OPENAI_API_KEY, TRAINER_LLM_MODEL, TRAINER_JUDGE_MODEL, "
               "TRAINER_LLM_TIMEOUT_SECONDS and TRAINER_LLM_RETRIES; restart the app after changing them.")
    if st.button("Test connection", icon=":material/network_check:", key="llm_test", disabled=not configured,
                 help="Sends one tiny request to each configured model."):
        with st.spinner("Asking the model..."):
            try:
                st.session_state[RESULT] = (True, llm.check_connection(settings))
            except FrontlineError as e:
                st.session_state[RESULT] = (False, str(e))
    result = st.session_state.get(RESULT)
    if result is not None:
        ok, message = result
        if ok:
            st.success(escape_markdown(message), icon=":material/check_circle:")
        else:
            st.error(escape_markdown(message), icon=":material/error:")
