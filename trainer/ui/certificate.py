"""Certificates: the ones I hold, and one shown as a printable page (the browser's Print, or Save as
PDF). Only fixed markup goes through `st.html`; every name and title is HTML-escaped first."""

from __future__ import annotations

import html
from datetime import datetime

import streamlit as st

from trainer.services import Services
from trainer.store import CertificateRecord, UserRecord

PRINT_CSS = """
<style>
.fl-cert { border: 6px double #1f3a5f; padding: 2.5rem 2rem; text-align: center; background: #fffdf7;
  color: #1f2937; font-family: Georgia, 'Times New Roman', serif; border-radius: 4px; }
.fl-cert h1 { font-size: 2rem; margin: 0 0 .5rem; color: #1f3a5f; }
.fl-cert .fl-name { font-size: 1.8rem; margin: 1.2rem 0; font-style: italic; }
.fl-cert table { margin: 1rem auto; border-collapse: collapse; }
.fl-cert td { padding: .2rem .8rem; border-bottom: 1px solid #e5e7eb; text-align: left; }
.fl-cert .fl-small { font-size: .85rem; color: #4b5563; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], header, .stButton, [data-testid="stToolbar"],
  [data-testid="stSelectbox"], [data-testid="stCaptionContainer"] { display: none !important; }
  .fl-cert { border-color: #000; }
}
</style>
"""


def certificate_html(cert: CertificateRecord, titles: dict[str, str], now: datetime) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(titles.get(sid, sid))}</td><td>{score:.0f} / 100</td></tr>"
                   for sid, score in cert.scores.items())
    valid = (f"Expired on {cert.expires_at:%d %B %Y}" if cert.expired(now) else
             f"Valid until {cert.expires_at:%d %B %Y}") if cert.expires_at else "Does not expire"
    return (f'<div class="fl-cert"><div class="fl-small">Frontline certificate of completion</div>'
            f"<h1>{e(cert.program_name)}</h1><div>cycle {e(cert.cycle_label)}</div>"
            f'<div class="fl-name">{e(cert.user_name)}</div>'
            f"<div>passed every required scenario on {cert.issued_at:%d %B %Y}</div>"
            f"<table>{rows}</table>"
            f'<div class="fl-small">{e(valid)} · verification code {e(cert.code)}</div></div>')


def page(services: Services, viewer: UserRecord) -> None:
    repo = services.repository()
    repo.programs.sync_programs(user_id=viewer.id)
    certificates = repo.programs.certificates(viewer)
    code = st.query_params.get("code")
    if code:  # a link to one certificate: the holder's own, or someone the viewer may see
        found = repo.programs.find_certificate(code)
        if found is not None and found.user_id != viewer.id:
            found = next(
                (c for c in repo.programs.certificates(viewer, user_id=found.user_id) if c.id == found.id), None
            )
        if found is None:
            st.warning("No certificate you may see has that code.")
        else:
            certificates = [found, *[c for c in certificates if c.id != found.id]]
    if not certificates:
        st.info("No certificates yet. Complete every required scenario of a program to earn one.")
        return
    now = repo.now()
    by_id = {c.id: c for c in certificates}
    chosen = st.selectbox("Certificate", list(by_id), key="certificate_choice",
                          format_func=lambda i: f"{by_id[i].program_name} · {by_id[i].cycle_label}"
                          + (" (expired)" if by_id[i].expired(now) else ""))
    cert = by_id[chosen]
    titles = {sid: s.title for sid, s in services.catalog.scenarios.items()}
    st.html(PRINT_CSS)
    st.html(certificate_html(cert, titles, now))
    st.caption("Use your browser's Print command (Ctrl+P or ⌘P) to print it or save it as a PDF; "
               "the menus and this note are left out of the printout.")
