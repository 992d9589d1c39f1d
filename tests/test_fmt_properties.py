"""Property tests of the formatter: random ASTs and random layouts of them.

* Hypothesis builds random surface ASTs from the node classes (names with Unicode letters,
  strings with escapes and ``\"\"\"`` strings), prints them, parses the text back and expects
  the same AST; printing the parsed file again gives the same text.
* The printed text is then scrambled without changing its meaning — comments added as own
  lines and after statements, indentation and spacing ruined, lines joined, blank lines added —
  and formatting it must keep the AST and every comment, and be stable.

The strategies are reused by the diff tests (``from test_fmt_properties import files``).
"""

from __future__ import annotations

import os

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwib_dsl.fmt import comment_texts, print_file
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import ALLOWED_FIELDS, decode_string
from pwib_dsl.syntax.parser import keywords, parse

SETTINGS = settings(
    max_examples=int(os.environ.get("PWIB_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------- leaves

_FIRST = "abcdefghijklmnopqrstuvwxyz_éëïöüĳßøåçñ"
_REST = _FIRST + "0123456789-"
_KEYWORDS = frozenset(keywords())

names = (
    st.tuples(st.sampled_from(_FIRST), st.text(_REST, max_size=12))
    .map("".join)
    .filter(lambda s: s not in _KEYWORDS)
)
idents = names.map(n.Ident)
qnames = st.lists(names, min_size=1, max_size=3).map(lambda parts: n.QName(tuple(parts)))
artnums = (
    st.tuples(st.sampled_from("0123456789abcxyzAB"), st.text("0123456789abc:.°", max_size=5))
    .map("".join)
    .filter(lambda s: s not in _KEYWORDS)
    .map(n.Ident)
)
units = st.sampled_from(["day", "days", "workday", "workdays", "week", "weeks", "month", "months", "year", "years"])
amounts = st.integers(min_value=0, max_value=10_000)
dates = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")

# One piece of a short string literal: plain text, an escape, or a \u{...} escape.
_plain = st.text(
    st.characters(blacklist_characters='"\\\n\r', blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8
)
_escape = st.sampled_from(['\\"', "\\\\", "\\n", "\\t"])  # no \\r: a control character (PB016)
_unicode_escape = st.integers(min_value=1, max_value=0x10FFFF).filter(
    lambda c: not 0xD800 <= c <= 0xDFFF and (c in (9, 10) or c >= 0x20) and c != 0x7F
).map(
    lambda c: "\\u{%X}" % c
)
_short_raw = st.lists(st.one_of(_plain, _escape, _unicode_escape), max_size=6).map(lambda ps: '"' + "".join(ps) + '"')
# A """ string: text over several lines, indented, with lone quotes inside (never at the end).
_long_body = st.lists(
    st.text(st.sampled_from("abc xyzé'\t"), max_size=10) | st.just('een "citaat" hier'), min_size=1, max_size=4
).map(lambda lines: "\n".join(lines))
_long_raw = st.tuples(st.sampled_from(["", "\n", "\n    "]), _long_body).map(
    lambda t: '"""' + t[0] + t[1].rstrip('"') + 'x"""'
)


def _str(raw: str) -> n.Str:
    return n.Str(decode_string(raw), raw=raw)


def _visible(s: n.Str) -> bool:
    return any(ch.isprintable() and not ch.isspace() for ch in s.value)


# Every text has something to show (PB017); urls and sources are web addresses (PB019).
strings = st.one_of(_short_raw, _short_raw, _short_raw, _long_raw).map(_str).filter(_visible)
urls = st.sampled_from(["https://example.org/a", "http://example.org/b?c=d"]).map(lambda u: _str(f'"{u}"'))
opt_strings = st.none() | strings

# ---------------------------------------------------------------- catalogue items

targets = st.builds(n.LegalTarget, qnames, artnums, st.none() | artnums, st.none() | artnums)

_FIELD = {
    n.BwbField: st.integers(0, 9_999_999).map(lambda i: n.BwbField(f"BWBR{i:07d}")),
    n.Term: st.builds(n.Term, amounts, units, st.booleans(), opt_strings),
    n.ThemeField: st.builds(n.ThemeField, strings),
    n.PhaseField: st.builds(n.PhaseField, amounts),
    n.ChangesField: st.builds(n.ChangesField, targets),
    n.EffectiveField: st.builds(n.EffectiveField, dates, opt_strings),
    n.UrlField: st.builds(n.UrlField, urls),
    n.PersonalDataField: st.just(n.PersonalDataField()),
    n.OrderField: st.builds(n.OrderField, amounts),
    n.ParentField: st.builds(n.ParentField, qnames),
    n.SourceField: st.builds(n.SourceField, urls),
    n.VerifiedField: st.builds(n.VerifiedField, st.booleans()),
    n.DescriptionField: st.builds(n.DescriptionField, strings),
    n.GlossField: st.builds(n.GlossField, strings),
}


def _fields(cls: type, **extra) -> st.SearchStrategy:
    options = [_FIELD[f] for f in ALLOWED_FIELDS[cls] if f in _FIELD]
    options += list(extra.values())
    return st.lists(st.one_of(options), max_size=4).map(tuple)


articles = st.builds(n.Article, artnums, strings, _fields(n.Article))
laws = st.builds(n.Law, idents, strings, _fields(n.Law, article=articles))


def _catalogue(cls):
    return st.builds(cls, idents, strings, _fields(cls))


system_decls = st.builds(n.SystemDecl, idents, opt_strings, st.none() | qnames, _fields(n.SystemDecl))
actor_decls = st.builds(n.ActorDecl, idents, opt_strings, st.none() | qnames)

# ---------------------------------------------------------------- blueprints

_lanes = st.sampled_from(["evidence", "customer", "frontstage", "backstage", "support"])
_layers = st.sampled_from(["policy", "functionality", "toolkit", "pain", "opportunity", "kpi", "note"])
_common_items = [
    st.builds(n.LaneEntry, _lanes, st.none() | idents, strings),
    st.builds(n.LegalRef, targets, opt_strings),
    st.builds(n.TextLayer, _layers, strings),
    st.builds(n.Communication, st.none() | idents, strings),
    st.builds(n.SystemUse, qnames),
    st.builds(n.MeasureUse, qnames),
    st.builds(n.Emotion, st.integers(-9, 9)),
    st.builds(n.Deadline, amounts, units, opt_strings),
    st.builds(n.Outcome, idents),
    st.builds(n.Journey, qnames),
]
_next = st.builds(n.Next, idents)
_branch = st.builds(n.Branch, strings, idents)
_otherwise = st.builds(n.Otherwise, idents)


def _items(options):
    return st.lists(st.one_of(options), max_size=4).map(tuple)


steps = st.builds(n.Step, idents, strings, _items(_common_items + [_next]))
decisions = st.builds(n.Decision, idents, strings, _items(_common_items + [_next, _branch, _otherwise]))
ends = st.builds(n.End, idents, strings, _items(_common_items))
flow_nodes = st.one_of(steps, decisions, ends)
phases = st.builds(n.Phase, idents, strings, st.lists(flow_nodes, max_size=3).map(tuple))
blueprint_items = st.one_of(
    st.builds(n.VersionField, strings),
    st.builds(n.StatusField, idents),
    st.builds(n.TileField, qnames),
    st.builds(n.ImplementsField, qnames),
    st.builds(n.OwnerField, strings),
    st.builds(n.DescriptionField, strings),
    system_decls,
    actor_decls,
    phases,
    flow_nodes,
)
blueprints = st.builds(n.Blueprint, idents, strings, st.lists(blueprint_items, max_size=5).map(tuple))
top_items = st.one_of(
    blueprints,
    blueprints,
    laws,
    _catalogue(n.Measure),
    _catalogue(n.Component),
    _catalogue(n.Facility),
    _catalogue(n.Role),
    _catalogue(n.Tile),
    system_decls,
    actor_decls,
)
files = st.builds(
    n.File,
    st.none() | st.builds(n.ModuleDecl, idents, opt_strings),
    st.lists(st.builds(n.Use, qnames), max_size=3).map(tuple),
    st.lists(top_items, max_size=3).map(tuple),
)

# ---------------------------------------------------------------- helpers


def parse_ok(text: str) -> n.File:
    result = parse(SourceFile("<prop>", text))
    assert result.ok, [(d.code, d.message, d.primary.span if d.primary else None) for d in result.diagnostics]
    return result.file


def format_once(text: str) -> str:
    return print_file(parse_ok(text), text)


def long_string_lines(file: n.File) -> tuple[set[int], set[int]]:
    """Lines whose start, and lines whose end, lie inside a \"\"\" string (1-based)."""
    starts_inside: set[int] = set()
    ends_inside: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, n.Str):
            if value.span.end_line > value.span.line:
                starts_inside.update(range(value.span.line + 1, value.span.end_line + 1))
                ends_inside.update(range(value.span.line, value.span.end_line))
        elif isinstance(value, tuple):
            for v in value:
                walk(v)
        elif attrs.has(type(value)) and not isinstance(value, n.Comment):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))

    walk(file)
    return starts_inside, ends_inside


_COMMENTS = st.sampled_from(["# c", "#", "# één { } \"x\" -> #", "#\tmet tab", "# trailing   "])


def string_ranges(file: n.File) -> list[tuple[int, int]]:
    """Offsets of every string literal of a parsed file."""
    ranges: list[tuple[int, int]] = []

    def walk(value) -> None:
        if isinstance(value, n.Str):
            ranges.append((value.span.start, value.span.end))
        elif isinstance(value, tuple):
            for v in value:
                walk(v)
        elif attrs.has(type(value)) and not isinstance(value, n.Comment):
            for field in attrs.fields(type(value)):
                walk(getattr(value, field.name))

    walk(file)
    return ranges


@st.composite
def broken_between_tokens(draw, text: str) -> str:
    """``text`` with some spaces between tokens turned into a comment and a line break."""
    ranges = string_ranges(parse_ok(text))
    spaces = [
        i for i, ch in enumerate(text) if ch == " " and not any(a <= i < b for a, b in ranges)
    ]
    if not spaces:
        return text
    chosen = sorted(set(draw(st.lists(st.sampled_from(spaces), max_size=4))), reverse=True)
    for i in chosen:
        text = text[:i] + draw(st.sampled_from([" # tussen\n", "\n# eigen regel\n", "\n\n"])) + text[i + 1 :]
    return text


@st.composite
def scrambled(draw, text: str) -> str:
    """``text`` with its layout ruined and comments added, its meaning unchanged."""
    text = draw(broken_between_tokens(text))
    file = parse_ok(text)
    starts_inside, ends_inside = long_string_lines(file)
    out: list[str] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if number not in starts_inside:
            if draw(st.integers(0, 4)) == 0:
                out.append(draw(st.sampled_from(["", "  ", "\t"])) + draw(_COMMENTS))
            if draw(st.integers(0, 5)) == 0:
                out.append(draw(st.sampled_from(["", "   ", "\t"])))
            line = draw(st.sampled_from(["", " ", "\t", "      "])) + line.lstrip(" ")
        if number not in ends_inside and line.strip():
            if "#" not in line and draw(st.integers(0, 4)) == 0:
                line += draw(st.sampled_from([" ", "  ", "\t"])) + draw(_COMMENTS)
            elif draw(st.integers(0, 6)) == 0:
                line += draw(st.sampled_from([" ", "\t "]))
        # Join with the next line now and then (only where no comment or string would swallow it).
        if (
            out
            and number not in starts_inside
            and "#" not in out[-1]
            and (number - 1) not in ends_inside
            and draw(st.integers(0, 3)) == 0
        ):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def assert_same(before: str, after: str) -> None:
    old, new = parse_ok(before), parse_ok(after)
    assert new == old
    assert comment_texts(new) == comment_texts(old)


# ---------------------------------------------------------------- properties


@SETTINGS
@given(files)
def test_random_ast_round_trips(file: n.File):
    text = print_file(file)
    parsed = parse_ok(text)
    assert parsed == file
    assert print_file(parsed, text) == text


@SETTINGS
@given(st.data())
def test_scrambled_layout_formats_back(data):
    file = data.draw(files)
    canonical = print_file(file)
    messy = data.draw(scrambled(canonical))
    out = format_once(messy)
    assert_same(messy, out)
    assert format_once(out) == out
    assert out.endswith("\n") or out == ""
    assert not out.startswith("\n")
    if '"""' not in out:  # a """ string keeps its own blank lines
        assert "\n\n\n" not in out
    if not comment_texts(parse_ok(messy)):
        # Without comments there is one canonical text per AST, up to the author's blank lines.
        assert _without_blank_lines(out) == _without_blank_lines(canonical)


def _without_blank_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]
