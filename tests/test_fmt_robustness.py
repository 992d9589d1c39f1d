"""The formatter and the diff never crash, and a failed write never damages a file.

* Random texts (tokens of the language mixed with junk) and mutations of the corpus (lines
  dropped, doubled, swapped, cut) go through :func:`format_source` and the semantic diff: they
  return results or diagnostics, never raise; whatever formats, formats stably and keeps its
  meaning.
* A write interrupted between writing the temporary file and renaming it leaves the original
  file intact and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
from pathlib import Path

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from pwib_dsl import atomic
from pwib_dsl.atomic import write_atomic
from pwib_dsl.cli import main
from pwib_dsl.diff import Side, compare, render
from pwib_dsl.fmt import format_source, same_meaning
from pwib_dsl.source import SourceFile
from pwib_dsl.syntax.parser import keywords, parse
from test_fmt_properties import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "stdlib").glob("*.blueprint")) + sorted((ROOT / "examples").rglob("*.blueprint"))
CORPUS_TEXTS = [p.read_text(encoding="utf-8") for p in CORPUS]


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()

_TOKENS = list(keywords()) + [
    "{", "}", "{}", "=", ".", "->", '"', '"""', '"x"', '"a\\"b"', '"\\u{20AC}"', '"\\q"', "#", "# c\n",
    "a", "b.c", "4a", "-1", "+2", "2026-01-01", "BWBR0031331", "é", "\t", "\r\n", "\n", " ", "\x00", "\ufeff",
]
#: A hang must fail the run (with the input), not stall it; and shrinking a hang takes forever.
FUZZ = settings(SETTINGS, phases=[Phase.explicit, Phase.reuse, Phase.generate])
LIMIT = 5  # seconds; a corpus file formats in well under one


@contextlib.contextmanager
def time_limit(seconds: int = LIMIT):
    def expired(signum, frame):
        raise TimeoutError(f"took more than {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


random_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_TOKENS), max_size=60).map(" ".join),
    st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join),
)


def _check_formats(text: str) -> None:
    with time_limit():
        result = format_source(SourceFile("<fuzz>", text))
    if not result.ok:
        assert result.diagnostics, "a refusal always says why"
        return
    again = format_source(SourceFile("<fuzz>", result.text), verify=False)
    assert again.text == result.text
    assert same_meaning(parse(SourceFile("a", text)).file, parse(SourceFile("b", result.text)).file)


def _check_diffs(old: str, new: str) -> None:
    with time_limit():
        a, b = parse(SourceFile("old", old)), parse(SourceFile("new", new))
    if not (a.ok and b.ok):
        return
    result = compare(Side("old", (("x.blueprint", a.file),)), Side("new", (("x.blueprint", b.file),)))
    for fmt in ("text", "markdown", "json"):
        assert render(result, fmt).endswith("\n")
    back = compare(Side("new", (("x.blueprint", b.file),)), Side("old", (("x.blueprint", a.file),)))
    assert result.equal == back.equal
    # equal in meaning: the same tree, up to the order of lines of different kinds in a block
    # (a blueprint shows each lane in its own row, so `evidence` before or after `backstage`
    # means the same); lines of one kind keep their order
    assert result.equal == (_kinds_in_order(a.file) == _kinds_in_order(b.file))


def _kinds_in_order(node):
    """``node`` with the lines of every block stably sorted by their kind (lane, layer, class)."""
    if isinstance(node, tuple):
        return tuple(_kinds_in_order(x) for x in node)
    if not attrs.has(type(node)):
        return node
    changes = {}
    for field in attrs.fields(type(node)):
        if not field.init or not field.eq:
            continue
        value = getattr(node, field.name)
        if isinstance(value, tuple):
            value = tuple(_kinds_in_order(x) for x in value)
            if field.name == "items":
                value = tuple(sorted(value, key=_kind))
        elif attrs.has(type(value)):
            value = _kinds_in_order(value)
        changes[field.name.lstrip("_")] = value
    return attrs.evolve(node, **changes)


def _kind(item) -> tuple[str, str]:
    return type(item).__name__, str(getattr(item, "lane", "") or getattr(item, "layer", ""))


@FUZZ
@given(random_texts)
def test_random_text_never_crashes(text: str):
    _check_formats(text)


_OPS = st.tuples(
    st.sampled_from(["drop", "double", "swap", "cut", "insert", "join"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(_TOKENS),
)


def apply_mutations(text: str, ops) -> str:
    """Apply (operation, position, other position, token) edits to the lines of ``text``."""
    lines = text.split("\n")
    for op, i, j, token in ops:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: j % (len(lines[i]) + 1)]
        elif op == "insert":
            lines.insert(i, token)
        elif i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines)


@FUZZ
@given(st.sampled_from([_id(p) for p in CORPUS]), st.lists(_OPS, min_size=1, max_size=4))
def test_corpus_mutations_never_crash(name: str, ops):
    """A failure prints the corpus file and the edits: ``apply_mutations`` rebuilds the input."""
    original = CORPUS_TEXTS[[_id(p) for p in CORPUS].index(name)]
    text = apply_mutations(original, ops)
    _check_formats(text)
    _check_diffs(original, text)


@pytest.mark.parametrize(
    "text",
    [
        'component\nblueprint b "B" {}\n',  # a declaration cut short before the next one
        'use wet\ncomponent\nblueprint b "B" {\n  step a "A" {\n    evidence "e"\n  }\n}\n',
        'role# c\n role# c\n."\\q""\\q"workday',  # found by test_random_text_never_crashes
    ],
)
def test_known_hard_inputs_are_refused_quickly(text: str):
    with time_limit():
        result = format_source(SourceFile("<input>", text))
    assert not result.ok and result.diagnostics


# ---------------------------------------------------------------- interrupted writes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_failure_between_write_and_rename_keeps_original(tmp_path: Path, monkeypatch):
    path = tmp_path / "a.blueprint"
    path.write_text("use wet   use rollen", encoding="utf-8")

    def boom(src, dst):
        assert Path(src).read_bytes() == b"use wet\nuse rollen\n"  # the new text was written...
        raise OSError(28, "No space left on device")  # ...and the rename fails

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, b"use wet\nuse rollen\n")
    assert path.read_text(encoding="utf-8") == "use wet   use rollen"
    assert _leftovers(tmp_path) == []


def test_interrupted_fmt_run_keeps_original(tmp_path: Path, monkeypatch, capsys):
    path = tmp_path / "a.blueprint"
    path.write_text("use wet   use rollen", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    assert main(["fmt", "a.blueprint"]) == 130
    assert path.read_text(encoding="utf-8") == "use wet   use rollen"
    assert _leftovers(tmp_path) == []


def test_rename_failure_in_fmt_is_reported_not_a_traceback(tmp_path: Path, monkeypatch, capsys):
    path = tmp_path / "a.blueprint"
    path.write_text("use wet   use rollen", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    assert main(["fmt", "a.blueprint"]) == 2
    assert path.read_text(encoding="utf-8") == "use wet   use rollen"
    assert _leftovers(tmp_path) == []
    err = capsys.readouterr().err
    assert "a.blueprint: error[PB702]: cannot write `a.blueprint`: Permission denied" in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits and symlinks")
def test_new_file_gets_umask_mode_and_symlinks_stay_links(tmp_path: Path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.blueprint", b"use wet\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.blueprint").stat().st_mode) == 0o640
    target = tmp_path / "target.blueprint"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.blueprint"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"
