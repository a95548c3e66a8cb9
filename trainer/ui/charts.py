"""The progress charts, as pure functions from records to Altair charts (no Streamlit here), so their
rules are tested without a browser:

- every row is labelled: categorical axes never drop a label (`labelOverlap=False`, a generous
  `labelLimit`) and grow with their rows (`alt.Step`), so 5 or 200 people are all named; bar charts
  write each row's label and figures on a line of their own above its bar;
- one comparable set per chart: the caller passes the labels of one criterion set
  (`trainer/progress/criterion_sets.py`), never criteria from several rubrics or languages;
- values are readable: numbers in cells have a step wide enough for them and a colour that contrasts
  with the cell; colour scales have a legend; percentages run 0 to 100 on labelled axes;
- trends need at least two points in time: with less, `too_little` says what there is, in words.

Charts are drawn as SVG, so their labels are text a real-browser test (and a screen reader) can read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import altair as alt
import pandas as pd

ROW = 26  # px per person, team or criterion row
COLUMN = 50  # px per criterion column in the heatmap: room for "100" at 11 px
NAME_LIMIT = 220  # px of a person's or team's name before "…" (names are shorter than this)
BAR_ROW, BAR, BAR_OFFSET = 46, 14, 9  # a bar chart's row, px: a line of text, the bar under it
SVG = {"embedOptions": {"renderer": "svg"}}
# the width fits the page; the height is the plot's own (legends and axes come on top of it)
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
PERCENT = alt.Scale(domain=[0, 100], nice=False)
SCALE = alt.Scale(scheme="redyellowgreen", domain=[0, 100])


def _name_axis(**extra: object) -> alt.Axis:
    return alt.Axis(labelOverlap=False, labelLimit=NAME_LIMIT, title=None, **extra)


@dataclass(frozen=True)
class Cell:
    row: str  # a person's label (unique on the chart)
    column: str  # a criterion label
    share: float  # 0..100
    results: int


def row_labels(people: Sequence[tuple[int, str, str | None]], *, with_team: bool) -> dict[int, str]:
    """A unique label per person id: their name, with the team when several teams share the chart,
    and a number when two people would still read the same."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for uid, name, team in people:
        label = f"{name} · {team}" if with_team and team else name
        seen[label] = seen.get(label, 0) + 1
        out[uid] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return out


def heatmap(cells: Iterable[Cell], rows: Sequence[str], columns: Sequence[str]) -> alt.LayerChart:
    """People (rows, in this order, every one shown even without results) by criteria (columns), each
    cell the person's average share of the criterion's points, printed in the cell."""
    frame = pd.DataFrame([{"person": c.row, "criterion": c.column, "share": round(c.share), "results": c.results}
                          for c in cells], columns=["person", "criterion", "share", "results"])
    base = alt.Chart(frame).encode(
        x=alt.X("criterion:N", sort=list(columns), scale=alt.Scale(domain=list(columns)), title=None,
                axis=alt.Axis(orient="top", labelAngle=-35, labelAlign="left", labelOverlap=False,
                              labelLimit=340, labelPadding=4)),
        y=alt.Y("person:N", sort=list(rows), scale=alt.Scale(domain=list(rows)), axis=_name_axis()),
    )
    rects = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("share:Q", scale=SCALE, title="% of points",
                        legend=alt.Legend(orient="right", gradientLength=160, tickCount=5)),
        tooltip=[alt.Tooltip("person:N", title="person"), alt.Tooltip("criterion:N", title="criterion"),
                 alt.Tooltip("share:Q", title="% of points"), alt.Tooltip("results:Q", title="results")])
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0f"),
        color=alt.condition("datum.share < 25 || datum.share > 80", alt.value("white"), alt.value("black")))
    return (rects + text).properties(width=alt.Step(COLUMN), height=alt.Step(ROW), usermeta=SVG)


def bars(rows: Sequence[tuple[str, float, str]], *, title: str, sort: bool = False) -> alt.LayerChart:
    """Horizontal bars, one per (label, percentage 0..100, the figures in words), each bar under its
    own line of text ("Apologises: 53% · 77 results"), so the labels keep the chart's whole width on
    any screen and never shrink the bars to nothing; `sort`: lowest first (otherwise in order)."""
    frame = pd.DataFrame([{"label": label, "share": round(share, 1), "note": note, "line": f"{label}: {note}"}
                          for label, share, note in rows], columns=["label", "share", "note", "line"])
    order = list(frame.sort_values("share", kind="stable")["label"]) if sort else list(frame["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labels=False, ticks=False, domain=False))
    base = alt.Chart(frame).encode(y=y)
    bar = base.mark_bar(height=BAR, yOffset=BAR_OFFSET, cornerRadiusEnd=2).encode(
        x=alt.X("share:Q", scale=PERCENT, title=title, axis=alt.Axis(values=[0, 25, 50, 75, 100], grid=False)),
        color=alt.Color("share:Q", scale=SCALE, legend=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("note:N", title=" ")])
    text = base.mark_text(align="left", baseline="bottom", fontSize=13).encode(
        x=alt.datum(0), text="line:N")
    return (bar + text).properties(height=alt.Step(BAR_ROW), autosize=FIT_WIDTH, usermeta=SVG)


def trend(points: Iterable[tuple[datetime, str, float, int]], *, order: Sequence[str], x_title: str,
          time_format: str = "%d %b") -> alt.Chart:
    """One line per criterion over time: (bucket start, criterion label, percentage, results). The
    y axis is 0 to 100 % with its title; the legend sits under the plot, every label in full."""
    frame = pd.DataFrame([{"when": when, "criterion": label, "share": round(share, 1), "results": n}
                          for when, label, share, n in points], columns=["when", "criterion", "share", "results"])
    present = [c for c in order if c in set(frame["criterion"])]
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=45), strokeWidth=2).encode(
        x=alt.X("when:T", title=x_title, scale=alt.Scale(padding=12), axis=alt.Axis(format=time_format, labelAngle=0,
                                                                                    labelOverlap=True,
                                                       tickCount="week" if "Week" in x_title else None)),
        y=alt.Y("share:Q", scale=PERCENT, title="% of points", axis=alt.Axis(values=[0, 20, 40, 60, 80, 100])),
        color=alt.Color("criterion:N", sort=present, scale=alt.Scale(domain=present),
                        legend=alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=320,
                                          title=None, symbolType="stroke", symbolStrokeWidth=3)),
        tooltip=[alt.Tooltip("criterion:N"), alt.Tooltip("when:T", title=x_title, format="%Y-%m-%d"),
                 alt.Tooltip("share:Q", title="% of points"), alt.Tooltip("results:Q")],
    ).properties(height=260, autosize=FIT_WIDTH, usermeta=SVG)


def scores(points: Iterable[tuple[datetime, float, bool, str]], *, pass_mark: float | None = None) -> alt.LayerChart:
    """A person's finished attempts: (when, score 0..100, passed, scenario title), coloured by pass."""
    frame = pd.DataFrame([{"finished": when, "score": score, "result": "passed" if ok else "not passed",
                           "scenario": title} for when, score, ok, title in points],
                         columns=["finished", "score", "result", "scenario"])
    dots = alt.Chart(frame).mark_circle(size=80, opacity=0.85).encode(
        x=alt.X("finished:T", title="Finished", scale=alt.Scale(padding=14), axis=alt.Axis(format="%d %b",
                                                                                           labelAngle=0)),
        y=alt.Y("score:Q", scale=PERCENT, title="Score (of 100)", axis=alt.Axis(values=[0, 20, 40, 60, 80, 100])),
        color=alt.Color("result:N", scale=alt.Scale(domain=["passed", "not passed"], range=["#2e7d32", "#c62828"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["scenario", alt.Tooltip("finished:T", format="%Y-%m-%d %H:%M"), "score", "result"])
    chart: alt.Chart | alt.LayerChart = dots
    if pass_mark is not None:
        rule = alt.Chart(pd.DataFrame({"y": [pass_mark]})).mark_rule(strokeDash=[4, 4], color="#888").encode(y="y:Q")
        chart = rule + dots
    return chart.properties(height=240, autosize=FIT_WIDTH, usermeta=SVG)


def too_little(buckets: Iterable[datetime], results: int, *, noun: str = "result", period: str = "week") -> str | None:
    """Words for a trend with fewer than two points in time ("3 results so far, all in the week of
    2 March ..."), or None when there is a trend to draw."""
    distinct = sorted(set(buckets))
    if len(distinct) >= 2:
        return None
    if not distinct or results == 0:
        return f"No {noun}s yet: the trend appears once there are results in two different {period}s."
    words = f"{results} {noun}{'s' if results != 1 else ''} so far"
    when = distinct[0]
    at = {"day": f"on {when:%d %B %Y}", "month": f"in {when:%B %Y}"}.get(period, f"in the {period} of {when:%d %B %Y}")
    return f"{words}, all {at}: the trend appears once there are results in a second {period}."
