"""The calibration page: draw a round of real replies (stratified by score, from recorded attempts or an
uploaded JSONL file), grade them per criterion without seeing the automatic score, and read the
agreement per criterion with the disagreements side by side, each one a click away from a Gherkin
example or a phrase-list proposal for review."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import streamlit as st

from trainer import languages
from trainer.errors import FrontlineError
from trainer.limits import check_upload
from trainer.scenario.schema import Rubric
from trainer.services import Services
from trainer.store import UserRecord
from trainer.store.studio_records import CalibrationItemRecord, RoundRecord
from trainer.studio import calibration as cal
from trainer.studio.kappa import describe
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown

FLASH = "calibration_flash"
ERROR = "calibration_error"
NOT_GRADED_BY_HAND = ("response_time", "llm")  # timing and judge criteria are not graded from the text


def page(services: Services, viewer: UserRecord) -> None:
    if (flash := st.session_state.pop(FLASH, None)) is not None:
        st.success(escape_markdown(flash), icon=":material/check_circle:")
    if (error := st.session_state.pop(ERROR, None)) is not None:
        st.error(escape_markdown(error), icon=":material/error:")
    repo = services.repository()
    new, grade, agree = st.tabs(["New round", "Grade", "Agreement"])
    with new:
        new_round(services, viewer)
    rounds = repo.studio.calibration_rounds(viewer)
    if not rounds:
        with grade:
            st.info("No calibration round yet: draw one in the first tab.")
        return
    by_id = {r.id: r for r in rounds}
    with grade:
        chosen = _pick_round(by_id, "calibration_round_grade")
        grading(services, viewer, by_id[chosen])
    with agree:
        chosen = _pick_round(by_id, "calibration_round_report")
        agreement(services, viewer, by_id[chosen])


def _pick_round(by_id: dict[int, RoundRecord], key: str) -> int:
    return st.selectbox("Round", list(by_id), key=key, format_func=lambda i: (
        f"{by_id[i].name} · rubric {by_id[i].rubric_id} · {by_id[i].items} replies · {by_id[i].graders} graders"))


def gradable(rubric: Rubric) -> list:
    """Criteria a trainer can grade from a reply's text: not timing, the judge, or what only a voice call
    or a hold shows (`assessed_on`)."""
    return [c for c in rubric.criteria if c.type not in NOT_GRADED_BY_HAND and c.assessed_on is None]


# -- drawing a round --------------------------------------------------------------------------------

def new_round(services: Services, viewer: UserRecord) -> None:
    catalog = services.catalog
    rubrics = sorted(catalog.rubrics)
    if not rubrics:
        st.info("No rubric loads; fix the library first.")
        return
    with st.form("calibration_new", border=True):
        name = st.text_input("Name", value="Calibration round", key="calibration_name")
        c1, c2, c3 = st.columns(3)
        rubric_id = c1.selectbox("Rubric", rubrics, key="calibration_rubric",
                                 index=rubrics.index("core") if "core" in rubrics else 0)
        size = int(c2.number_input("Replies", min_value=5, max_value=500, value=30, step=5, key="calibration_size"))
        seed = int(c3.number_input("Seed", min_value=0, max_value=2**31 - 1, value=1, key="calibration_seed"))
        source = st.radio("Replies from", ["attempts", "upload"], horizontal=True, key="calibration_source",
                          format_func=lambda s: {"attempts": "recorded attempts", "upload": "a JSONL file"}[s])
        max_kb = services.settings.max_upload_kb
        upload = st.file_uploader("JSONL file: one object per line with \"reply\" (and optionally "
                                  "\"customer_line\", \"language\", \"scenario\")", type=["jsonl", "json", "txt"],
                                  key="calibration_upload", max_upload_size=max(1, math.ceil(max_kb / 1024)),
                                  help=f"Up to {max_kb:,} KiB (TRAINER_MAX_UPLOAD_KB).")
        pressed = st.form_submit_button("Draw the sample")
    if not pressed:
        return
    rubric = catalog.rubric(rubric_id)
    repo = services.repository()
    with ctx.errors_shown():
        if source == "attempts":
            items = cal.from_pool(repo.studio.reply_pool(viewer, rubric_id=rubric_id), catalog, size, seed)
        else:
            if upload is None:
                st.error("Choose a JSONL file to upload, or draw from recorded attempts.")
                return
            check_upload(upload.name, upload.size, max_kb)  # the widget's limit is in whole MB
            text = upload.getvalue().decode("utf-8-sig", errors="replace")
            parsed, problems = cal.parse_jsonl(text, rubric, services.scorer)
            for p in problems[:20]:
                st.warning(escape_markdown(p))
            items = cal.sample_jsonl(parsed, size, seed)
        created = repo.studio.create_round(
            viewer, name=name, rubric_id=rubric_id, source=source, seed=seed, items=items
        )
        st.session_state[FLASH] = (f"Round {created.name!r} drawn: {created.items} replies spread over the score "
                                   "range. Grade them in the next tab.")
        st.rerun()


# -- grading ----------------------------------------------------------------------------------------

def grading(services: Services, viewer: UserRecord, round_: RoundRecord) -> None:
    repo = services.repository()
    rubric = services.catalog.rubrics.get(round_.rubric_id)
    if rubric is None:
        st.error(f"The rubric {round_.rubric_id!r} of this round no longer loads; fix it in the library.")
        return
    items = repo.studio.calibration_items(viewer, round_.id)
    mine: dict[int, dict[str, float]] = {}
    for g in repo.studio.calibration_grades(viewer, round_.id):
        if g.grader_id == viewer.id:
            mine.setdefault(g.item_id, {})[g.criterion_id] = g.points
    criteria = gradable(rubric)
    done = sum(1 for i in items if all(c.id in mine.get(i.id, {}) for c in criteria))
    st.progress(done / len(items) if items else 1.0, text=f"{done} of {len(items)} replies graded by you")
    first_open = next((n for n, i in enumerate(items) if i.id not in mine), 0)
    key = f"calibration_position_{round_.id}"
    if key not in st.session_state:
        st.session_state[key] = first_open
    position = int(st.number_input("Reply number", min_value=0, max_value=max(0, len(items) - 1), key=key))
    item = items[position]
    grade_one(repo, viewer, item, criteria, mine.get(item.id, {}), key, first_open_after(items, mine, position))


def first_open_after(items: list[CalibrationItemRecord], mine: dict[int, dict[str, float]], position: int) -> int:
    for n in [*range(position + 1, len(items)), *range(0, position)]:
        if items[n].id not in mine:
            return n
    return min(position + 1, len(items) - 1)


def grade_one(repo, viewer: UserRecord, item: CalibrationItemRecord, criteria: list,
              previous: dict[str, float], position_key: str, next_position: int) -> None:
    with st.container(border=True):
        if item.customer_line:
            st.caption("The customer said:")
            st.text(item.customer_line)
        st.caption("The reply to grade (the automatic score is hidden until you have graded):")
        st.text(item.reply)
    with st.form(f"calibration_grade_{item.id}", border=False):
        for c in criteria:
            options = list(range(c.max_points + 1))
            old = previous.get(c.id)
            st.radio(escape_markdown(c.label), options, horizontal=True, key=f"grade_{item.id}_{c.id}",
                     index=options.index(int(old)) if old is not None else None, help=c.tip or None)
        st.form_submit_button("Save grades and go to the next reply", on_click=_save_grades,
                              args=(repo, viewer, item.id, [c.id for c in criteria], position_key, next_position))


def _save_grades(repo, viewer: UserRecord, item_id: int, criteria: list[str], position_key: str,
                 next_position: int) -> None:
    """The grade form's callback: it runs before the page, so it may move to the next reply."""
    chosen = {cid: st.session_state.get(f"grade_{item_id}_{cid}") for cid in criteria}
    if any(p is None for p in chosen.values()):
        st.session_state[ERROR] = "Give points for every criterion before saving (0 is a grade too)."
        return
    try:
        repo.studio.grade(viewer, item_id, {cid: float(p) for cid, p in chosen.items()})
    except FrontlineError as e:
        st.session_state[ERROR] = str(e)
        return
    st.session_state[position_key] = next_position


# -- agreement --------------------------------------------------------------------------------------

def agreement(services: Services, viewer: UserRecord, round_: RoundRecord) -> None:
    repo = services.repository()
    rubric = services.catalog.rubrics.get(round_.rubric_id)
    if rubric is None:
        st.error(f"The rubric {round_.rubric_id!r} of this round no longer loads; fix it in the library.")
        return
    items = repo.studio.calibration_items(viewer, round_.id)
    grades = repo.studio.calibration_grades(viewer, round_.id)
    result = cal.report(rubric, items, grades)
    st.caption(
        f"{result.graded_items} of {result.items} replies graded; graders: {', '.join(result.graders) or 'none yet'}. "
        "Kappa: 1 is perfect agreement, 0 what chance alone gives. Weighted kappas count a one-point miss as "
        "a near miss (quadratic weights more so)."
    )
    if not result.scorer_vs_trainers:
        st.info("No grades yet for this round.")
        return
    st.subheader("The scorer against each trainer", anchor=False)
    st.dataframe(_pairs_frame(result.scorer_vs_trainers, rubric), hide_index=True, width="stretch")
    if result.between_trainers:
        st.subheader("Between trainers", anchor=False)
        st.dataframe(_pairs_frame(result.between_trainers, rubric), hide_index=True, width="stretch")
    with st.expander("Agreement tables: how often each pair of points was given"):
        for pair in (*result.scorer_vs_trainers, *result.between_trainers):
            st.caption(f"{pair.criterion_id}: rows {pair.first}, columns {pair.second}")
            size = len(pair.agreement.table)
            st.dataframe(pd.DataFrame(pair.agreement.table, index=[f"{pair.first[:20]} {i}" for i in range(size)],
                                      columns=[str(i) for i in range(size)]), width="content")
    st.download_button("Download the round with every grade (JSONL)", data=cal.export_jsonl(items, grades),
                       file_name=f"calibration-round-{round_.id}.jsonl", mime="application/jsonl",
                       key="calibration_download")
    disagreements(services, rubric, result.disagreements, {i.id: i for i in items})


def _pairs_frame(pairs, rubric: Rubric) -> pd.DataFrame:
    labels = {c.id: c.label for c in rubric.criteria}

    def num(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    return pd.DataFrame([{
        "criterion": labels.get(p.criterion_id, p.criterion_id),
        "graders": f"{p.first} / {p.second}", "replies": p.agreement.count, "same points": p.agreement.exact,
        "exact %": "–" if p.agreement.exact_rate is None else f"{100 * p.agreement.exact_rate:.0f}%",
        "kappa": num(p.agreement.kappa), "linear kappa": num(p.agreement.kappa_linear),
        "quadratic kappa": num(p.agreement.kappa_quadratic), "reading": describe(p.agreement.kappa_quadratic),
    } for p in pairs])


def disagreements(services: Services, rubric: Rubric, found, items: dict[int, CalibrationItemRecord]) -> None:
    st.subheader(f"Disagreements ({len(found)})", anchor=False)
    if not found:
        st.success("The scorer and the trainers agree on every graded reply.")
        return
    folder = Path(services.settings.scenarios_dir) / "calibration"
    for n, d in enumerate(found[:100]):
        language = items[d.item_id].language if d.item_id in items else "en"
        with st.container(border=True):
            reply, scorer, human = st.columns([3, 2, 1])
            with reply:
                st.caption(f"Reply {d.position} · {d.criterion_id}")
                st.text(d.reply)
            with scorer:
                st.markdown(f"Scorer: **{d.automatic:g}/{d.max}**")
                if d.evidence:
                    st.caption("matched: " + escape_markdown(" | ".join(d.evidence)))
                st.caption(escape_markdown(d.reason))
            with human:
                st.markdown(f"{escape_markdown(d.grader)}: **{d.human:g}/{d.max}**")
            b1, b2 = st.columns(2)
            if b1.button("Add as a Gherkin example", key=f"calibration_gherkin_{n}"):
                path = _append_example(folder, rubric.id, language, cal.gherkin_example(d, rubric.id, language))
                st.success(f"Added to {path}.")
            if b2.button("Propose a phrase-list change", key=f"calibration_phrase_{n}"):
                path = cal.append_to(folder, f"{rubric.id}-phrase-proposals.md", cal.phrase_change(d, rubric, language))
                st.success(f"Added to {path} for review.")


def _append_example(folder: Path, rubric_id: str, language: str, example: str) -> Path:
    path = folder / f"{rubric_id}-{language}.feature"
    if not path.exists():
        header = (f"Feature: Calibration examples for the {rubric_id} rubric ({languages.name(language)})\n"
                  "  Trainers' grades from calibration rounds where the scorer disagreed. Each example fails until\n"
                  "  the rubric agrees; move it into tests/features/scoring/ once reviewed.\n\n"
                  "  Background:\n" + ("    Given the core rubric\n    And" if rubric_id == "core" else "    Given")
                  + f" replies in {languages.name(language or 'en')}\n")
        cal.append_to(folder, path.name, header)
    return cal.append_to(folder, path.name, example)
