"""The scenario library: the YAML format of scenarios and rubrics (`schema`), reading it with readable
errors that name file and line (`loader`, `readable`, on `trainer/yamlfile.py`), the checks `validate` runs (`checks`),
the catalog the app and the CLI load (`catalog`), customer variables (`variables`) and drafting new
scenarios with a language model (`drafting`). Nothing here scores a reply or imports Streamlit."""

__all__ = ["catalog", "checks", "drafting", "loader", "readable", "schema", "variables"]
