"""Re-parsing one edited block gives exactly the full parse: the same nodes, spans and comments."""

from __future__ import annotations

import random
from pathlib import Path

import attrs
import pytest

from pwib_dsl import resources
from pwib_dsl.source import SourceFile, Span
from pwib_dsl.syntax.incremental import changed_region, reparse
from pwib_dsl.syntax.parser import parse

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").rglob("*.blueprint")) + sorted(resources.stdlib_dir().glob("*.blueprint"))


def exact(a, b, where="") -> None:
    """Assert ``a`` and ``b`` are the same tree, spans and comments included."""
    assert type(a) is type(b), where
    if isinstance(a, tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            exact(x, y, f"{where}[{i}]")
    elif isinstance(a, Span):
        assert a == b, where
    elif attrs.has(type(a)):
        for f in attrs.fields(type(a)):
            exact(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    else:
        assert a == b, where


def edits(text: str, rng: random.Random, count: int):
    """Edits an author makes inside blocks: type in a title, add or drop a line, rename."""
    lines = text.split("\n")
    for _ in range(count):
        i = rng.randrange(len(lines))
        line = lines[i]
        kind = rng.randrange(4)
        new = list(lines)
        if kind == 0 and '"' in line:  # type inside a string
            q = line.index('"') + 1
            new[i] = line[:q] + rng.choice(["x", "é", "nieuw ", ""]) + line[q:]
        elif kind == 1 and line.strip() and not line.strip().endswith(("{", "}")):  # drop a statement
            del new[i]
        elif kind == 2:  # a new statement line, e.g. a pain point, or blank lines
            new.insert(i, line[: len(line) - len(line.lstrip())] + rng.choice(['pain "Wachten"', "", "# noot"]))
        else:  # a character somewhere (often an error: then the full parse is used)
            if line:
                c = rng.randrange(len(line))
                new[i] = line[:c] + rng.choice(["a", "1", " ", "{", "}"]) + line[c:]
        yield "\n".join(new)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_block_reparse_equals_full_parse(path):
    text = path.read_text(encoding="utf-8")
    old = parse(SourceFile(path.name, text))
    assert not old.diagnostics
    rng = random.Random(path.name)
    used = 0
    for new_text in edits(text, rng, 40):
        src = SourceFile(path.name, new_text)
        fast = reparse(old, src)
        full = parse(src)
        if fast is None:
            continue
        used += 1
        assert not full.diagnostics, "a block re-parse is only taken for clean text"
        exact(fast.file, full.file)
        exact(fast.file.comments, full.file.comments)
        assert fast.source is src
    if old.file.blueprints:
        assert used >= 5, "the block re-parse was taken for most edits inside blueprints"


def test_unchanged_text_reuses_the_tree():
    text = FILES[0].read_text(encoding="utf-8")
    old = parse(SourceFile("a.blueprint", text))
    again = reparse(old, SourceFile("a.blueprint", text))
    assert again is not None and again.file is old.file


def test_text_with_diagnostics_is_parsed_whole():
    old = parse(SourceFile("a.blueprint", 'blueprint b "B" {\n  phase p "P" {\n    step s "S" {\n      customer "x"\n    }\n  }\n  oops\n}\n'))
    assert old.diagnostics
    assert reparse(old, SourceFile("a.blueprint", old.source.text.replace('"x"', '"xy"'))) is None


def test_an_edit_that_breaks_the_block_falls_back():
    text = 'blueprint b "B" {\n  phase p "P" {\n    step s "S" {\n      customer "x"\n    }\n  }\n}\n'
    old = parse(SourceFile("a.blueprint", text))
    assert not old.diagnostics
    broken = text.replace('customer "x"', 'customer "x" }')
    assert reparse(old, SourceFile("a.blueprint", broken)) is None
    fine = text.replace('customer "x"', 'customer "x"\n      pain "lang"')
    fast = reparse(old, SourceFile("a.blueprint", fine))
    assert fast is not None
    exact(fast.file, parse(SourceFile("a.blueprint", fine)).file)


def test_changed_region():
    assert changed_region("abcdef", "abXdef") == (2, 3, 3)
    assert changed_region("abc", "abc") == (3, 3, 3)
    assert changed_region("aaaa", "aaaaa") == (4, 4, 5)
    assert changed_region("x" * 10000 + "a" + "y" * 9000, "x" * 10000 + "bb" + "y" * 9000) == (10000, 10001, 10002)


def test_a_lone_cr_or_a_limit_takes_the_full_parse():
    """Edits whose handling is the full parse's own (a lone CR ends a line; PB015) are not
    re-parsed by block."""
    from pwib_dsl.syntax.incremental import reparse
    from pwib_dsl.syntax.parser import parse
    from pwib_dsl.source import SourceFile

    text = 'blueprint b "B" {\n  step a "A" {\n    customer "x"\n  }\n  end klaar "Klaar"\n}\n'
    old = parse(SourceFile("a.blueprint", text))
    assert old.ok
    with_cr = text.replace('customer "x"\n', 'customer "x"\r    backstage "y"\n')
    assert reparse(old, SourceFile("a.blueprint", with_cr)) is None
    deep = text.replace('customer "x"', 'customer "' + "x" * 20_000 + '"')
    assert reparse(old, SourceFile("a.blueprint", deep)) is None
    fine = text.replace('customer "x"', 'customer "xy"')
    assert reparse(old, SourceFile("a.blueprint", fine)) is not None
