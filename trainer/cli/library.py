"""`validate` and `schema`: the commands trainers use while writing scenarios and rubrics.

`validate [PATH...]` loads the folders (default: the configured library) and prints every problem as
`path:line: loc: message`, one per line; it exits 0 when there is none, 1 otherwise. `schema KIND`
prints the JSON Schema editors use for completion; `schema --write` refreshes the committed copies in
`scenarios/schema/` (a test fails when they are out of date).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.config import ROOT, Settings
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import json_schema

KINDS = ("scenario", "rubric")
SCHEMA_DIR = ROOT / "scenarios" / "schema"


def register(subparsers: argparse._SubParsersAction) -> None:
    v = subparsers.add_parser("validate", help="check scenario and rubric files; exit 1 on any problem",
                              description="Check scenario and rubric YAML files and print every problem "
                              "as path:line: location: message.")
    v.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (default: the configured scenarios folder)")
    v.add_argument("--json", action="store_true", help="print the problems as one JSON object")
    v.set_defaults(func=validate)

    s = subparsers.add_parser("schema", help="print the JSON Schema of scenario or rubric files",
                              description="Print the JSON Schema of a scenario or rubric file, for "
                              "editors; --write refreshes the copies under scenarios/schema/.")
    s.add_argument("kind", nargs="?", choices=KINDS, help="which file format")
    s.add_argument("--write", nargs="?", const=SCHEMA_DIR, type=Path, metavar="DIR",
                   help=f"write both schemas as KIND.schema.json into DIR (default: {SCHEMA_DIR})")
    s.set_defaults(func=schema)


def with_library_rubrics(paths: list[Path], settings: Settings) -> list[Path]:
    """Single files are checked against the library's rubrics, which a scenario file names by id."""
    library_rubrics = Path(settings.scenarios_dir) / "rubrics"
    if paths and all(p.is_file() for p in paths) and library_rubrics.is_dir():
        return [*paths, library_rubrics]
    return paths


def validate(args: argparse.Namespace, settings: Settings) -> int:
    paths = with_library_rubrics(args.paths, settings) or [settings.scenarios_dir]
    catalog = Catalog.load(*paths, max_file_bytes=settings.max_file_kb * 1024)
    if args.json:
        print(json.dumps({
            "ok": not catalog.problems,
            "scenarios": sorted(catalog.scenarios),
            "rubrics": sorted(catalog.rubrics),
            "problems": [{"path": p.path, "line": p.line, "loc": p.loc, "message": p.message}
                         for p in catalog.problems],
        }, ensure_ascii=False, indent=2))
        return 1 if catalog.problems else 0
    for problem in catalog.problems:
        print(problem)
    counts = f"{len(catalog.scenarios)} scenarios, {len(catalog.rubrics)} rubrics"
    if catalog.problems:
        files = len({p.path for p in catalog.problems})
        print(f"{len(catalog.problems)} problem(s) in {files} file(s); loaded {counts}")
        return 1
    print(f"OK: {counts}")
    return 0


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"  # type: ignore[arg-type]


def schema(args: argparse.Namespace, settings: Settings) -> int:
    if args.write is not None:
        args.write.mkdir(parents=True, exist_ok=True)
        for kind in KINDS if args.kind is None else (args.kind,):
            target = args.write / f"{kind}.schema.json"
            target.write_text(schema_text(kind), encoding="utf-8")
            print(f"wrote {target}")
        return 0
    if args.kind is None:
        print("error: say which schema: `schema scenario` or `schema rubric` (or `schema --write`)",
              file=sys.stderr)
        return 2
    print(schema_text(args.kind), end="")
    return 0
