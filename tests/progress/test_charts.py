"""The progress chart builders (trainer/ui/charts.py): every person, team and criterion labelled, no
label culling, rows that grow with the data, percentages on labelled 0-100 axes, legends outside
the plot, and words instead of a lone dot when there is too little data for a trend."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.ui import charts

PEOPLE = [f"Person {i:03d}" for i in range(200)]
CRITERIA = ["Acknowledges the customer's feelings", "Apologises", "Commits to a concrete next step"]


def layers(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec.get("layer", [spec]), spec


def test_the_heatmap_names_every_person_even_those_without_results():
    cells = [charts.Cell(row=PEOPLE[0], column=CRITERIA[0], share=83.4, results=4),
             charts.Cell(row=PEOPLE[199], column=CRITERIA[2], share=12, results=1)]
    parts, spec = layers(charts.heatmap(cells, PEOPLE, CRITERIA))
    y = parts[0]["encoding"]["y"]
    assert y["scale"]["domain"] == PEOPLE and y["sort"] == PEOPLE
    assert y["axis"]["labelOverlap"] is False and y["axis"]["labelLimit"] >= 200
    x = parts[0]["encoding"]["x"]
    assert x["scale"]["domain"] == CRITERIA and x["axis"]["labelOverlap"] is False
    assert spec["height"] == {"step": charts.ROW} and spec["width"] == {"step": charts.COLUMN}
    assert parts[0]["encoding"]["color"]["legend"]["orient"] == "right"  # a colour scale with its legend
    assert parts[1]["mark"]["type"] == "text" and parts[1]["encoding"]["text"]["format"] == ".0f"
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"


def test_row_labels_are_unique_and_name_the_team_when_teams_share_a_chart():
    people = [(1, "Ana Lopez", "North"), (2, "Ana Lopez", "North"), (3, "Ben", None)]
    assert charts.row_labels(people, with_team=True) == {1: "Ana Lopez · North", 2: "Ana Lopez · North (2)", 3: "Ben"}
    assert charts.row_labels(people, with_team=False) == {1: "Ana Lopez", 2: "Ana Lopez (2)", 3: "Ben"}


def test_bars_write_every_team_on_its_own_line_lowest_first():
    teams = [(f"Team {i}", float(i), f"{i}% · {i} of 100") for i in range(100, 0, -1)]
    parts, spec = layers(charts.bars(teams, title="% completed", sort=True))
    bar, text = parts
    assert bar["encoding"]["y"]["sort"] == [f"Team {i}" for i in range(1, 101)]
    assert spec["height"] == {"step": charts.BAR_ROW}  # grows with the rows
    assert bar["encoding"]["x"]["scale"]["domain"] == [0, 100] and bar["encoding"]["x"]["title"] == "% completed"
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "line"
    assert "limit" not in text["mark"]  # never cut short
    rows = spec["datasets"][spec["data"]["name"]]
    assert next(r for r in rows if r["label"] == "Team 7")["line"] == "Team 7: 7% · 7 of 100"


def test_the_trend_has_labelled_axes_a_0_to_100_scale_and_the_legend_below():
    points = [
        (datetime(2027, 1, 4, tzinfo=UTC), CRITERIA[0], 50.0, 3),
        (datetime(2027, 1, 11, tzinfo=UTC), CRITERIA[0], 75.0, 2),
        (datetime(2027, 1, 4, tzinfo=UTC), CRITERIA[1], 20.0, 3),
    ]
    spec = charts.trend(points, order=CRITERIA, x_title="Week starting").to_dict()
    enc = spec["encoding"]
    assert enc["y"]["scale"]["domain"] == [0, 100] and enc["y"]["title"] == "% of points"
    assert enc["x"]["title"] == "Week starting"
    legend = enc["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["labelLimit"] >= 300  # outside the plot, labels in full
    assert enc["color"]["scale"]["domain"] == CRITERIA[:2]  # only criteria with points, in rubric order
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}  # the plot keeps its height


def test_scores_are_coloured_by_pass_with_a_legend():
    spec = charts.scores([(datetime(2027, 1, 4, tzinfo=UTC), 64.0, False, "Hold music")], pass_mark=70).to_dict()
    dots = spec["layer"][1]["encoding"]
    assert (
        dots["color"]["scale"]["domain"] == ["passed", "not passed"] and dots["color"]["legend"]["orient"] == "bottom"
    )
    assert dots["y"]["title"] == "Score (of 100)" and dots["y"]["scale"]["domain"] == [0, 100]


def test_too_little_for_a_trend_is_said_in_words():
    week = datetime(2027, 3, 1, tzinfo=UTC)
    assert charts.too_little([week], 2, noun="attempt") == (
        "2 attempts so far, all in the week of 01 March 2027: the trend appears once there are results in a "
        "second week.")
    assert charts.too_little([week], 1, noun="attempt", period="month").startswith(
        "1 attempt so far, all in March 2027"
    )
    assert charts.too_little([], 0, noun="attempt").startswith("No attempts yet")
    assert charts.too_little([week, datetime(2027, 3, 8, tzinfo=UTC)], 5) is None
