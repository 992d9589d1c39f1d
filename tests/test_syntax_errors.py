"""Syntax errors as sentences, and recovery that reports every error of a file in one run.

Each case is a small file and the exact diagnostics it must produce: code, line:column and
message. The messages are the user interface of the parser, so a grammar or recovery change
that alters one shows up here as a reviewable diff.
"""

from __future__ import annotations

import re

import pytest

from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.errors import MAX_ERRORS
from pwib_dsl.syntax.parser import parse_text, parser

CASES = [
    (
        'no_name',
        'blueprint b "B" {\n  step "Start" {\n    customer "x"\n  }\n  end e "E"\n}\n',
        [
            ('PB001', "2:8", 'expected a name after `step`, found a string'),
        ],
    ),
    (
        'no_title',
        'blueprint b "B" {\n  step s {\n    customer "x"\n  }\n  end e "E"\n}\n',
        [
            ('PB001', "2:10", 'expected the title of step `s` (a string in quotes), found `{`'),
        ],
    ),
    (
        'no_brace',
        'blueprint b "B" {\n  step s "S"\n    customer "x"\n  }\n  end e "E"\n}\n',
        [
            ('PB001', "2:13", 'expected `{` after the title of step `s`; the line ends before it'),
        ],
    ),
    (
        'legal_short',
        'blueprint b "B" {\n  step s "S" {\n    legal wgs art\n    customer "x"\n  }\n}\n',
        [
            ('PB001', "3:18", 'expected an article number after `art`; the line ends before it'),
        ],
    ),
    (
        'legal_lid',
        'blueprint b "B" {\n  step s "S" {\n    legal wgs art 4 lid\n  }\n}\n',
        [
            ('PB001', "3:24", 'expected an article number after `lid`; the line ends before it'),
        ],
    ),
    (
        'legal_bad_word',
        'blueprint b "B" {\n  step s "S" {\n    legal wgs artikel 4\n  }\n}\n',
        [
            ('PB001', "3:15", 'expected `.` or `art` after `wgs`, found `artikel`; did you mean `art`?'),
        ],
    ),
    (
        'outcome_cut',
        'blueprint b "B" {\n  step s "S" {\n    outcome\n    next e\n  }\n  end e "E"\n}\n',
        [
            ('PB001', "3:12", 'expected a name after `outcome`; the line ends before it'),
        ],
    ),
    (
        'unknown_field',
        'blueprint b "B" {\n  step s "S" {\n    legel wgs art 4\n    custmer "x"\n  }\n}\n',
        [
            ('PB005', "3:5", 'unknown field `legel` in a step; did you mean `legal`?'),
            ('PB005', "4:5", 'unknown field `custmer` in a step; did you mean `customer`?'),
        ],
    ),
    (
        'unknown_top',
        'blueprnt b "B" {\n  step s "S" {\n    customer "x"\n  }\n}\n',
        [
            ('PB005', "1:1", 'unknown declaration `blueprnt` at the top level of a file; did you mean `blueprint`?'),
        ],
    ),
    (
        'unknown_nothing_close',
        'blueprint b "B" {\n  step s "S" {\n    xyzzy "x"\n  }\n}\n',
        [
            ('PB005', "3:5", 'unknown field `xyzzy` in a step'),
        ],
    ),
    (
        'dutch',
        'blueprint b "B" {\n  fase f "F" {\n    stap s "S" {\n      klant "x"\n      termijn 4 weken\n    }\n  }\n}\n',
        [
            ('PB005', "2:3", 'unknown field `fase` in a blueprint; did you mean `phase`?'),
            ('PB005', "3:5", 'unknown field `stap` in a phase; did you mean `step`?'),
            ('PB005', "4:7", 'unknown field `klant` in a step; did you mean `customer`?'),
            ('PB005', "5:7", 'unknown field `termijn` in a step; did you mean `deadline`?'),
        ],
    ),
    (
        'missing_close_next',
        'blueprint b "B" {\n  phase p "P" {\n    step a "A" {\n      customer "x"\n    step c "C" {\n    }\n  }\n}\n',
        [
            ('PB002', "5:5", 'missing `}` to close step `a` opened at 3:5'),
        ],
    ),
    (
        'missing_close_two',
        'blueprint b "B" {\n  phase p "P" {\n    step a "A" {\n      customer "x"\n  phase q "Q" {\n  }\n}\n',
        [
            ('PB002', "5:3", 'missing `}` to close phase `p` opened at 2:3'),
            ('PB002', "5:3", 'missing `}` to close step `a` opened at 3:5'),
        ],
    ),
    (
        'missing_close_eof_indent',
        'blueprint b "B" {\n  phase p "P" {\n    step a "A" {\n      customer "x"\n  }\n}\n',
        [
            ('PB002', "5:3", 'missing `}` to close step `a` opened at 3:5'),
        ],
    ),
    (
        'missing_close_eof',
        'blueprint b "B" {\n  step a "A" {\n    customer "x"\n  }\n',
        [
            ('PB002', "4:4", 'missing `}` to close blueprint `b` opened at 1:1'),
        ],
    ),
    (
        'misplaced_actor',
        'blueprint b "B" {\n  step a "A" {\n    actor x "X"\n  }\n}\n',
        [
            ('PB003', "3:5", '`actor` cannot appear in a step'),
        ],
    ),
    (
        'stray',
        'blueprint b "B" {\n}\n}\n',
        [
            ('PB008', "3:1", 'unmatched `}`: no block is open here'),
        ],
    ),
    (
        'unterminated',
        'blueprint b "B" {\n  owner "Team\n  step a "A" {\n    customer "x"\n  }\n}\n',
        [
            ('PB006', "2:9", 'unterminated string'),
        ],
    ),
    (
        'unterminated_header',
        'blueprint b "B {\n  step a "A" {\n  }\n}\n',
        [
            ('PB006', "1:13", 'unterminated string'),
        ],
    ),
    (
        'unterminated_long',
        'blueprint b "B" {\n  step a "A" {\n    note """x\n  }\n}\n',
        [
            ('PB006', "3:10", 'unterminated multi-line string: `"""` is never closed'),
        ],
    ),
    (
        'chars',
        'blueprint b "B" {\n  version: "1.0";\n  owner “Team”\n  description \'x\'\n}\n',
        [
            ('PB007', "2:10", 'unexpected character `:`'),
            ('PB007', "2:17", 'unexpected character `;`'),
            ('PB007', "3:9", 'typographic quotes “…” around a string'),
            ('PB007', "4:15", "typographic quotes '…' around a string"),
        ],
    ),
    (
        'nbsp',
        'blueprint b "B" {\n  version\xa0"1.0"\n}\n',
        [
            ('PB007', "2:10", 'unexpected character U+00A0 NO-BREAK SPACE'),
        ],
    ),
    (
        'string_start',
        'blueprint b "B" {\n  step a "A" {\n    "x"\n  }\n}\n',
        [
            ('PB001', "3:5", 'expected a field of a step or `}`, found a string'),
        ],
    ),
    (
        'brace_start',
        'blueprint b "B" {\n  step a "A" {\n    { customer "x" }\n    customer "y"\n  }\n}\n',
        [
            ('PB001', "3:5", 'expected a field of a step or `}`, found `{`'),
        ],
    ),
    (
        'emotion_word',
        'blueprint b "B" {\n  step a "A" {\n    emotion high\n  }\n}\n',
        [
            ('PB001', "3:13", 'expected a whole number after `emotion`, found `high`'),
        ],
    ),
    (
        'eof_in_statement',
        'blueprint b "B" {\n  step a "A" {\n    legal wgs',
        [
            ('PB001', "3:14", 'expected `art` after `wgs`; the file ends before it'),
            ('PB002', "3:14", 'missing `}` to close blueprint `b` opened at 1:1'),
            ('PB002', "3:14", 'missing `}` to close step `a` opened at 2:3'),
        ],
    ),
    (
        'when_in_step',
        'blueprint b "B" {\n  step a "A" {\n    when "x" -> e\n  }\n  end e "E"\n}\n',
        [
            ('PB003', "3:5", '`when` is not allowed in a step: only a decision branches'),
        ],
    ),
    (
        'bwb_in_measure',
        'measure m "M" {\n  bwb BWBR0000001\n}\n',
        [
            ('PB003', "2:3", '`bwb` is not a field of a measure'),
        ],
    ),
    (
        'two_errors_one_line_each',
        'blueprint b "B" {\n  step a "A" {\n    customer\n    backstage\n    frontstage "ok"\n  }\n}\n',
        [
            ('PB001', "3:13", 'expected a name or a string after `customer`; the line ends before it'),
            ('PB001', "4:14", 'expected a name or a string after `backstage`; the line ends before it'),
        ],
    ),
    (
        'module_late',
        'blueprint b "B" {\n}\nmodule m "M"\n',
        [
            ('PB003', "3:1", '`module` must be the first line of a file'),
        ],
    ),
    (
        'use_late',
        'law w "W" { }\nuse wet\n',
        [
            ('PB003', "2:1", '`use` lines must come before the declarations of a file'),
        ],
    ),
]


def _diags(text: str):
    return [(d.code, f"{d.primary.span.line}:{d.primary.span.col}", d.message) for d in parse_text(text).diagnostics]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_syntax_error_messages(name, text, expected):
    assert _diags(text) == expected


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_messages_never_dump_tokens(name, text, expected):
    # usage lines may say NAME or UNIT (placeholders), but no message speaks of terminals
    terminals = {t.name for t in parser().terminals} - {"NAME", "UNIT"}
    pattern = re.compile(r"\b(" + "|".join(sorted(terminals)) + r"|KW_\w+|\$END)\b")
    for d in parse_text(text).diagnostics:
        for part in (d.message, d.help or "", *d.notes, d.primary.message):
            assert not pattern.search(part), part
        assert "NAME" not in d.message


def steps(result) -> list[str]:
    bp = result.file.items[-1]
    out = []
    for item in bp.items:
        if isinstance(item, n.Phase):
            out.extend(node.name.text for node in item.nodes)
        elif hasattr(item, "name") and isinstance(item, (n.Step, n.Decision, n.End)):
            out.append(item.name.text)
    return out


def test_every_error_of_a_file_in_one_run():
    text = """blueprint b "B" {
  step een "Een" {
    custmer "x"
  }
  step twee {
    customer "y"
  }
  step drie "Drie" {
    legal wgs art
    emotion hoog
  }
  step vier "Vier" {
    deadline 4 weken
  end klaar "Klaar"
}
"""
    result = parse_text(text)
    assert [(d.code, d.primary.span.line) for d in result.diagnostics] == [
        ("PB005", 3), ("PB001", 5), ("PB001", 9), ("PB001", 10), ("PB001", 13), ("PB002", 14),
    ]
    # recovery keeps the blocks: every step and the end are in the AST
    assert steps(result) == ["een", "twee", "drie", "vier", "klaar"]
    # a guessed keyword is read as written correctly
    een = result.file.items[0].items[0]
    assert [type(i).__name__ for i in een.items] == ["LaneEntry"]
    vier = result.file.items[0].items[3]
    assert vier.items[0] == n.Deadline(4, "weeks", None)


def test_missing_brace_message_names_the_block_and_where_it_opened():
    text = 'blueprint b "B" {\n  phase melden "Melden" {\n    step gesprek "Gesprek" {\n      customer "x"\n    step plan "Plan" {\n    }\n  }\n}\n'
    (d,) = parse_text(text).diagnostics
    assert d.message == "missing `}` to close step `gesprek` opened at 3:5"
    assert d.secondary[0].message == "step `gesprek` opened here"
    assert (d.secondary[0].span.line, d.secondary[0].span.col) == (3, 5)
    fix = d.suggestions[0]
    assert (fix.span.line, fix.span.col, fix.replacement) == (5, 1, "    }\n")


def test_did_you_mean_is_data_an_editor_can_apply():
    (d,) = parse_text('blueprint b "B" {\n  step s "S" {\n    legel wgs art 4\n  }\n}\n').diagnostics
    (fix,) = d.suggestions
    assert fix.replacement == "legal" and (fix.span.start, fix.span.end) == (37, 42)
    assert 'usage: legal LAW art N [lid N] [onderdeel X] [as-of YYYY-MM-DD] ["note"]' in d.notes


def test_a_keyword_never_takes_the_start_of_a_longer_word():
    # `termijn` is not `term` + `ijn`; `artikel` is not `art` + `ikel`
    diags = _diags('blueprint b "B" {\n  step s "S" {\n    legal wgs artikel 4\n    termijn 4 weeks\n  }\n}\n')
    assert diags == [
        ("PB001", "3:15", "expected `.` or `art` after `wgs`, found `artikel`; did you mean `art`?"),
        ("PB005", "4:5", "unknown field `termijn` in a step; did you mean `deadline`?"),
    ]
    # glued arrows and names still lex as before
    assert parse_text('blueprint b "B" {\n  decision d "D" {\n    otherwise->e\n  }\n  end e "E"\n}\n').ok


def test_a_statement_keyword_at_the_start_of_a_line_starts_a_statement():
    result = parse_text('blueprint b "B" {\n  step s "S" {\n    customer\n    backstage "x"\n  }\n}\n')
    assert [(d.code, d.primary.span.line) for d in result.diagnostics] == [("PB001", 3)]
    (step,) = result.file.items[0].items
    assert [i.lane for i in step.items] == ["backstage"]
    # the same words are names where they do not start a line
    assert parse_text('blueprint b "B" {\n  step s "S" {\n    customer note "x"\n  }\n}\n').ok


def test_error_budget():
    result = parse_text("".join(f"regel{i}\n" for i in range(200)))
    codes = [d.code for d in result.diagnostics]
    assert len(codes) == MAX_ERRORS + 1 and codes[-1] == "PB009"
    assert result.file is None


@pytest.mark.parametrize(
    "text",
    [
        "{" * 10_000,
        "}" * 10_000,
        "{" * 10_000 + "}" * 10_000,
        'blueprint b "B" {\n' + '  step s "S" {\n' * 10_000,
        'blueprint b "B" {\n' + '  phase p "P" {\n' * 10_000 + "}" * 10_000,
        'law w "W" {' + 'article 1 "A" {' * 10_000,
    ],
    ids=["open", "close", "balanced", "steps", "phases", "articles"],
)
def test_deep_nesting_is_reported_not_crashed(text):
    result = parse_text(text)
    assert result.diagnostics and len(result.diagnostics) <= MAX_ERRORS + 1


def test_empty_and_comment_only_files_warn():
    for text, label in (("", "empty file"), ("# alleen commentaar\n\n", "only comments")):
        (d,) = parse_text(text, "leeg.blueprint").diagnostics
        assert (d.code, d.severity.value, d.primary.message) == ("PB014", "warning", label)
    assert not parse_text('module m "M"\n').diagnostics


def test_unterminated_string_keeps_the_statement():
    result = parse_text('blueprint b "B" {\n  step s "S {\n    customer "x\n  }\n}\n')
    assert [d.code for d in result.diagnostics] == ["PB006", "PB006"]
    (step,) = result.file.items[0].items
    assert step.title.value == "S" and step.items[0].text.value == "x"


def test_typographic_quotes_are_read_as_a_string():
    result = parse_text('blueprint b "B" {\n  owner \u201cTeam \\ schuld\u201d\n}\n')
    (d,) = result.diagnostics
    assert d.code == "PB007" and d.suggestions[0].replacement == '"Team \\\\ schuld"'
    assert result.file.items[0].items[0].text.value == "Team \\ schuld"
