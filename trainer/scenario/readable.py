"""Turn pydantic validation errors into problems an author can act on, each at the right line.

Pydantic's locations mix the file's own path with the names of union members it tried
(`persona.first_name.FakerValue.faker`, `criteria.2.regex.pattern`). This module walks the schema
alongside each location to tell the two apart, keeps the file path for the line lookup and the
dotted location, keeps the criterion type for the message, and reports for a plain union only the
member the author evidently meant. Unknown keys get a "did you mean"; a wrong `type:` lists the
valid types.
"""

from __future__ import annotations

import difflib
import types
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from trainer.scenario.schema import ID_PATTERN
from trainer.yamlfile import Lines, Loc

_KIND_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false"}


@dataclass(frozen=True)
class Member:
    """A union member's label inside a pydantic location (not part of the file's path)."""

    label: str


@dataclass
class _Walked:
    tokens: list[str | int | Member]
    models: dict[Loc, type[BaseModel]]  # the model expected at each data location
    variants: dict[Loc, str]  # discriminated-union tag chosen at a data location
    key_error: bool  # the error is about a dict key, not its value
    tags: list[str] = field(default_factory=list)  # valid tags when the location is a tagged union


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
        return Union[tuple(args)]  # noqa: UP007 - rebuilding a runtime union
    return tp


def _unwrap(tp: Any) -> tuple[Any, str | None]:
    """(type without Annotated/Optional, discriminator field name if any)."""
    discriminator = None
    while True:
        tp = _strip_optional(tp)
        if get_origin(tp) is Annotated:
            for meta in tp.__metadata__:
                d = getattr(meta, "discriminator", None)
                if isinstance(d, str):
                    discriminator = d
            tp = get_args(tp)[0]
            continue
        return tp, discriminator


def _label(tp: Any) -> str:
    tp, _ = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp.__name__
    if isinstance(tp, type):
        return tp.__name__
    if get_origin(tp) is Literal:
        return "literal"
    return str(tp)


def _member_for(tp_args: tuple[Any, ...], label: str) -> Any:
    for arg in tp_args:
        inner, _ = _unwrap(arg)
        name = _label(inner)
        if label == name or (label == "constrained-str" and inner is str) or label.startswith(name + "["):
            return arg
        if get_origin(inner) is Literal and label.startswith("literal["):
            return arg
    return None


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> _Walked:
    out = _Walked([], {}, {}, False)
    data: list[str | int] = []
    tp: Any = model
    for element in loc:
        if element == "[key]":  # the error is about the dict key just walked, not its value
            out.key_error = True
            continue
        inner, discriminator = _unwrap(tp)
        origin = get_origin(inner)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out.models[tuple(data)] = inner
            f = inner.model_fields.get(str(element))
            tp = f.rebuild_annotation() if f is not None else Any
            data.append(element)
            out.tokens.append(element)
        elif origin in (Union, types.UnionType) and discriminator:
            out.variants[tuple(data)] = str(element)
            tp = next((a for a in get_args(inner) if _tag_of(a, discriminator) == element), Any)
        elif origin in (Union, types.UnionType):
            out.tokens.append(Member(str(element)))
            tp = _member_for(get_args(inner), str(element)) or Any
        elif origin is list and isinstance(element, int):
            tp = get_args(inner)[0] if get_args(inner) else Any
            data.append(element)
            out.tokens.append(element)
        elif origin is dict:
            tp = get_args(inner)[1] if get_args(inner) else Any
            data.append(element)
            out.tokens.append(element)
        else:
            tp = Any
            data.append(element)
            out.tokens.append(element)
    inner, discriminator = _unwrap(tp)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        out.models[tuple(data)] = inner
    elif discriminator:
        out.tags = [str(t) for t in (_tag_of(a, discriminator) for a in get_args(inner)) if t is not None]
    return out


def _tag_of(tp: Any, discriminator: str) -> Any:
    inner, _ = _unwrap(tp)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        f = inner.model_fields.get(discriminator)
        if f is not None and get_origin(f.annotation) is Literal:
            return get_args(f.annotation)[0]
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_short(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _lookup(data: Any, loc: Loc) -> Any:
    for element in loc:
        try:
            data = data[element]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _expected_words(labels: list[str], models: dict[str, type[BaseModel]]) -> str:
    words: list[str] = []
    for label in labels:
        if label in models:
            required = [n for n, f in models[label].model_fields.items() if f.is_required()]
            words.append(f"a mapping with `{required[0]}:`" if required else "a mapping")
        else:
            word = _KIND_WORDS.get("str" if label == "constrained-str" else label, label)
            if word not in words:
                words.append(word)
    if "a whole number" in words and "a number" in words:
        words.remove("a whole number")
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


@dataclass
class Explained:
    line: int
    loc: str
    message: str


class _Explainer:
    def __init__(self, model: type[BaseModel], data: Any, lines: Lines):
        self.model, self.data, self.lines = model, data, lines

    def explain(self, error: ValidationError) -> list[Explained]:
        items = [(_walk(self.model, tuple(e["loc"])), e) for e in error.errors(include_url=False)]
        return self._resolve(items)

    def _resolve(self, items: list[tuple[_Walked, dict[str, Any]]]) -> list[Explained]:
        """Report errors, choosing for each plain union the member the author meant."""
        out: list[Explained] = []
        groups: dict[tuple[Any, ...], list[tuple[_Walked, dict[str, Any]]]] = defaultdict(list)
        for walked, err in items:
            at = next((i for i, t in enumerate(walked.tokens) if isinstance(t, Member)), None)
            if at is None:
                out.append(self._one(walked, err))
            else:
                groups[tuple(walked.tokens[:at])].append((walked, err))
        for prefix, members in groups.items():
            at = len(prefix)
            by_label: dict[str, list[tuple[_Walked, dict[str, Any]]]] = defaultdict(list)
            for walked, err in members:
                label = walked.tokens[at]
                assert isinstance(label, Member)
                by_label[label.label].append((walked, err))
            chosen = self._choose(prefix, by_label)
            if chosen is None:
                out.append(self._union_mismatch(prefix, list(by_label), members))
                continue
            rest = []
            for walked, err in by_label[chosen]:
                tokens = walked.tokens[:at] + walked.tokens[at + 1 :]
                rest.append((_Walked(tokens, walked.models, walked.variants, walked.key_error, walked.tags), err))
            out.extend(self._resolve(rest))
        return out

    def _choose(self, prefix: tuple[Any, ...], by_label: dict[str, list[Any]]) -> str | None:
        value = _lookup(self.data, prefix)
        models = [lb for lb in by_label if lb[:1].isupper()]
        if isinstance(value, dict) and models:
            return min(models, key=lambda lb: len(by_label[lb]))  # first with the fewest errors wins ties
        for kind, labels in ((str, ("str", "constrained-str")), (bool, ("bool",)), (int | float, ("float", "int"))):
            if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
                found = [lb for lb in labels if lb in by_label]
                if found and by_label[found[0]][0][1]["type"] not in _TYPE_ERRORS:
                    return found[0]
        return None

    def _union_mismatch(self, prefix: tuple[Any, ...], labels: list[str], members: list[Any]) -> Explained:
        loc = tuple(t for t in prefix if not isinstance(t, Member))
        models = {m.__name__: m for w, _ in members for m in w.models.values()}
        value = _lookup(self.data, loc)
        message = f"expected {_expected_words(labels, models)}, got {_describe(value)}"
        return Explained(self.lines.value(loc), _dotted(loc), message)

    def _one(self, walked: _Walked, err: dict[str, Any]) -> Explained:
        loc: Loc = tuple(t for t in walked.tokens if not isinstance(t, Member))
        kind, value = err["type"], err.get("input")
        parent = loc[:-1]
        variant = walked.variants.get(parent) or walked.variants.get(loc)
        of_variant = f" for a `{variant}` criterion" if variant else ""
        if kind == "missing":
            return Explained(self.lines.value(parent), _dotted(loc),
                             f"missing required key {loc[-1]!r}{of_variant}")
        if kind == "extra_forbidden":
            allowed = sorted(walked.models[parent].model_fields) if parent in walked.models else []
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; allowed keys{of_variant}: {', '.join(allowed)}" if allowed else "")
            return Explained(self.lines.key(loc), _dotted(loc), f"unknown key {loc[-1]!r}{of_variant}{hint}")
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            return self._tag_problem(loc, err, walked.tags)
        line = self.lines.key(loc) if walked.key_error else self.lines.value(loc)
        return Explained(line, _dotted(loc), _message(err, walked.key_error, value))

    def _tag_problem(self, loc: Loc, err: dict[str, Any], known: list[str]) -> Explained:
        ctx = err.get("ctx") or {}
        field = str(ctx.get("discriminator", "'type'")).strip("'")
        tags = known or [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
        listed = ", ".join(tags)
        if err["type"] == "union_tag_not_found":
            if not isinstance(err.get("input"), dict):
                return Explained(self.lines.value(loc), _dotted(loc),
                                 f"expected a mapping with `{field}:`, got {_describe(err.get('input'))}")
            return Explained(self.lines.value(loc), _dotted(loc),
                             f"missing `{field}:`; give one of: {listed}")
        tag = str(ctx.get("tag", ""))
        close = difflib.get_close_matches(tag, tags, n=1, cutoff=0.5)
        hint = f" did you mean {close[0]!r}?" if close else ""
        line = self.lines.value((*loc, field))
        return Explained(line, _dotted((*loc, field)), f"unknown {field} {tag!r};{hint} valid types: {listed}")


_TYPE_ERRORS = {
    "string_type", "int_type", "float_type", "bool_type", "int_parsing", "float_parsing", "bool_parsing",
    "model_type", "model_attributes_type", "dict_type", "list_type", "int_from_float",
}


def _message(err: dict[str, Any], key_error: bool, value: Any) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    subject = f"the key {value!r}" if key_error else None
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        what = subject or repr(value)
        return (f"{what} is not a valid id: use lower-case letters, digits, '-' and '_' "
                "(start with a letter or digit, at most 64 characters)")
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{subject or repr(value)} is not allowed here; use {expected}{hint}"
    if value is None and kind in _TYPE_ERRORS | {"string_type"}:
        return "the value is empty: write a value after the colon"
    if kind in _TYPE_ERRORS:
        wanted = {
            "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
            "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
            "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
            "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
            "model_attributes_type": "a mapping (key: value)",
        }[kind]
        return f"expected {wanted}, got {_describe(value)}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "needs at least one item"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    msg = str(err["msg"])
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        msg = msg.replace("Input should be", "must be") + f" (got {value})"
    return msg


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def unknown_keys(model: type[BaseModel], error: ValidationError) -> list[Loc] | None:
    """The file locations of the unknown keys when those are the only errors, else None."""
    locs: list[Loc] = []
    for err in error.errors(include_url=False):
        if err["type"] != "extra_forbidden":
            return None
        locs.append(tuple(t for t in _walk(model, tuple(err["loc"])).tokens if not isinstance(t, Member)))
    return locs


def explain(model: type[BaseModel], error: ValidationError, data: Any, lines: Lines) -> list[Explained]:
    """Every error of `error` as (line, dotted location, readable message)."""
    return _Explainer(model, data, lines).explain(error)


__all__ = ["Explained", "explain", "unknown_keys"]
