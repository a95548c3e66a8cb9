"""The YAML reader: lines for every key and value, safe scalars, bounded alias expansion."""

from __future__ import annotations

import pytest
import yaml

from trainer import yamlfile
from trainer.yamlfile import MAX_DEPTH, YamlFileError, parse

TEXT = """\
# a comment
id: demo
persona:
  mood: 3
  details:
    city: Oslo
steps:
  - id: one
    say: [no, yes, on, off, true, 2024-01-31]
"""


def test_every_key_and_value_keeps_its_line() -> None:
    doc = parse(TEXT)
    assert doc.lines.key(("id",)) == 2
    assert doc.lines.key(("persona",)) == 3
    assert doc.lines.value(("persona",)) == 4  # a block mapping starts at its first key
    assert doc.lines.key(("persona", "details", "city")) == 6
    assert doc.lines.value(("steps", 0, "say", 2)) == 9
    assert doc.lines.key(("steps", 0)) == 8
    assert doc.lines.value(("steps", 0, "nope", "deeper")) == 8  # unknown: nearest known parent


def test_yes_no_and_dates_stay_text_and_only_true_false_are_booleans() -> None:
    assert parse(TEXT).data["steps"][0]["say"] == ["no", "yes", "on", "off", True, "2024-01-31"]


def test_merge_keys_copy_anchored_mappings_and_explicit_keys_win() -> None:
    doc = parse("base: &b {a: 1, b: 2}\nchild:\n  <<: *b\n  b: 3\n")
    assert doc.data["child"] == {"b": 3, "a": 1}
    assert doc.flaws == []


def test_duplicate_and_non_text_keys_are_flaws_with_lines() -> None:
    doc = parse("a: 1\nb: 2\na: 3\n? [x]\n: 4\nnull: 5\n")
    assert doc.data["a"] == 1
    assert [(f.line, f.message.split(";")[0]) for f in doc.flaws] == [
        (3, "duplicate key 'a' (first on line 1)"),
        (4, "keys must be text, not 'a list or mapping': quote it or rename it"),
        (6, "keys must be text, not 'an empty key': quote it or rename it"),
    ]


def test_unknown_tags_are_flaws_not_objects() -> None:
    doc = parse("a: !!python/object:os.system ls\nb: !custom 3\n")
    assert [f.line for f in doc.flaws] == [1, 2]
    assert doc.data == {"a": "ls", "b": "3"}


@pytest.mark.parametrize(
    ("text", "line", "part"),
    [
        ("a: " + "[" * 50000 + "]" * 50000 + "\n", 1, "nested more than"),
        ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", 1, "nested more than"),
        ("a: 1\n---\nb: 2\n", 2, "a second YAML document"),
        ("a: 'x\u0007'\n", 1, "control character #x0007"),
        ("", 0, "the file is empty"),
        ("a: &x {b: *x}\n", 1, "loop of `*alias` references"),
    ],
)
def test_unreadable_documents_say_why_and_where(text: str, line: int, part: str) -> None:
    with pytest.raises(YamlFileError) as info:
        parse(text)
    assert (info.value.line, part in info.value.message) == (line, True), info.value.message


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 50_000])
def test_deep_nesting_says_our_limit_whichever_parser_reads_it(monkeypatch, loader: str, depth: int) -> None:
    """The product's message and line, not the parser's: libyaml has nesting limits of its own."""
    if loader == "python":
        monkeypatch.setattr(yamlfile, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is installed without libyaml")
    for text, line in [("a: " + "[" * depth + "]" * depth + "\n", 1),
                       ("a: 1\nb:\n" + "".join(" " * i + "- \n" for i in range(1, min(depth, 400))), 3)]:
        with pytest.raises(YamlFileError) as info:
            yamlfile.parse(text)
        assert f"nested more than {MAX_DEPTH} levels deep" in info.value.message, info.value.message
        assert info.value.line >= line


def test_a_billion_laughs_is_refused_after_bounded_work() -> None:
    text = "a: &a [" + ",".join(["lol"] * 10) + "]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
    with pytest.raises(YamlFileError, match="alias bomb"):
        parse(text)


def test_a_few_aliases_are_fine() -> None:
    doc = parse("phrases: &p [sorry, apologise]\nmore: *p\nagain: *p\n")
    assert doc.data["again"] == ["sorry", "apologise"]


def test_utf8_bom_and_other_scripts_are_read() -> None:
    doc = parse("\ufefftitle: خرید حذف شد\nsay: [您好]\n".encode())
    assert doc.data == {"title": "خرید حذف شد", "say": ["您好"]}
