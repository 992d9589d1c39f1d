"""The Pygments lexer: found through its entry point, lossless, no Error tokens, golden token streams.

Goldens live in ``tests/goldens/tokens/`` (one ``.tokens`` file per example and stdlib file) and
are rewritten with ``pytest --update-goldens``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from golden import check_golden
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Number, Punctuation, String

from pwib_dsl.highlight import BlueprintLexer

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens" / "tokens"


def sources() -> list[Path]:
    # a variant's base snapshot (.pwib/) is a copy of a national file, which has its own golden
    examples = (p for p in (ROOT / "examples").rglob("*.blueprint")
                if not any(part.startswith(".") for part in p.relative_to(ROOT).parts))
    files = sorted(examples) + sorted((ROOT / "stdlib").glob("*.blueprint"))
    files.append(ROOT / "tests" / "data" / "syntax" / "all_constructs.blueprint")
    return files


def golden_name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix().replace("/", "__") + ".tokens"


def tokens(text: str) -> list[tuple[object, str]]:
    return list(BlueprintLexer().get_tokens(text))


def test_entry_point_finds_the_lexer_by_alias_and_file_name():
    for alias in ("pwib-blueprint", "pwib"):
        assert type(get_lexer_by_name(alias)) is BlueprintLexer
    lexer = get_lexer_for_filename("aanmelding.blueprint")
    assert type(lexer) is BlueprintLexer
    assert type(lexer).__module__ == "pwib_dsl.highlight"
    assert find_lexer_class_for_filename("x.blueprint") is BlueprintLexer
    # `blueprint` belongs to Pygments' GNOME Blueprint lexer; we must not claim it
    assert "blueprint" not in BlueprintLexer.aliases
    assert type(get_lexer_by_name("blueprint")) is not BlueprintLexer


def test_lexer_module_does_not_import_lark():
    code = "import sys, pwib_dsl.highlight; sys.exit(1 if 'lark' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_pygmentize_uses_the_lexer(tmp_path):
    path = tmp_path / "x.blueprint"
    path.write_text('law wgs "Wet" { bwb BWBR0031331 }\n', encoding="utf-8")
    guess = subprocess.run([sys.executable, "-m", "pygments", "-N", str(path)], capture_output=True, text=True)
    assert guess.stdout.strip() == "pwib-blueprint"
    raw = subprocess.run(
        [sys.executable, "-m", "pygments", "-l", "pwib-blueprint", "-f", "raw", str(path)],
        capture_output=True, text=True, check=True,
    )
    assert "Token.Keyword.Declaration\t'law'" in raw.stdout
    assert "Token.Name.Constant\t'BWBR0031331'" in raw.stdout


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_tokens_golden(path: Path, update_goldens: bool):
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    toks = tokens(text)
    assert "".join(value for _, value in toks) == text
    errors = [(value, text.count("\n", 0, text.find(value))) for tok, value in toks if tok in Error]
    assert errors == []
    body = "".join(f"{value!r:<16} {str(tok)[6:]}\n" for tok, value in toks)
    check_golden(GOLDENS / golden_name(path), body, update_goldens)


def test_every_example_and_stdlib_file_has_a_golden():
    expected = {golden_name(p) for p in sources()}
    present = {p.name for p in GOLDENS.glob("*.tokens")}
    assert present - expected == set(), "goldens without a source: delete them or run --update-goldens"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the name after a declaration keyword is a definition, even when it is a keyword word
        ('step note "x" {}', [(Keyword.Declaration, "step"), (Name.Function, "note")]),
        ('measure direct-aanvragen "Direct"', [(Keyword.Declaration, "measure"), (Name.Function, "direct-aanvragen")]),
        # ... and a name used in a step is a plain name
        ("system zaken\n", [(Keyword.Declaration, "system"), (Name, "zaken")]),
        ('module gemeente "Gemeente"', [(Keyword.Declaration, "module"), (Name.Namespace, "gemeente")]),
        ("personal-data", [(Keyword.Constant, "personal-data")]),
        ("legal wet.pw art 4:13 lid 2 onderdeel a", [
            (Keyword, "legal"), (Name.Namespace, "wet"), (Punctuation, "."), (Name, "pw"),
            (Keyword, "art"), (Number, "4:13"), (Keyword, "lid"), (Number, "2"),
            (Keyword, "onderdeel"), (Number, "a"),
        ]),
        ("use schuldenlandschap", [(Keyword.Namespace, "use"), (Name.Namespace, "schuldenlandschap")]),
        ("emotion -2", [(Keyword, "emotion"), (Number.Integer, "-2")]),
        ('when "ja" -> plan', [(Keyword.Reserved, "when"), (String.Double, "ja"), ("Operator", "->"),
                               (Name, "plan")]),
        ("effective 2026-01-01", [(Keyword, "effective"), ("Literal.Date", "2026-01-01")]),
        ('"a \\u{20AC} \\" b"', [(String.Escape, "\\u{20AC}"), (String.Escape, '\\"')]),
        ("term 4 weeks max", [(Keyword, "term"), (Number.Integer, "4"), (Name.Builtin, "weeks"),
                              (Keyword.Constant, "max")]),
        ("customer inwoner", [(Keyword.Type, "customer"), (Name, "inwoner")]),
    ],
)
def test_token_classes(text, expected):
    got = [(tok, value) for tok, value in tokens(text) if value.strip()]
    for want_tok, want_value in expected:
        if isinstance(want_tok, str):
            assert any(value == want_value and str(tok).endswith(want_tok) for tok, value in got), (want_value, got)
        else:
            assert (want_tok, want_value) in got, (want_tok, want_value, got)


def test_invalid_input_is_flagged():
    toks = tokens('note "bad \\q escape" §\n')
    flagged = [value for tok, value in toks if tok in Error]
    assert flagged == ["\\q", "§"]
