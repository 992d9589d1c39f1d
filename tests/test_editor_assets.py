"""One source of truth for keywords: the grammar. The Pygments lexer, the TextMate grammar and the
Vim syntax must agree with ``keywords()``; the generated files must be up to date; the Vim
runtime files must work in a real (headless) Vim.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from checkers import require_tool

from pwib_dsl import editor_assets
from pwib_dsl.highlight import KEYWORD_CLASSES
from pwib_dsl.syntax.parser import keywords

ROOT = Path(__file__).resolve().parent.parent
VIM_DIR = ROOT / "editors" / "vim"


def test_keyword_classes_partition_the_grammar_keywords():
    classes = editor_assets.keyword_classes()
    words = [w for ws in classes.values() for w in ws]
    assert len(words) == len(set(words)), "a keyword is in two classes"
    assert set(words) == set(keywords())
    assert set(classes["lane"]) == {"evidence", "customer", "frontstage", "backstage", "support"}
    assert "weeks" in classes["unit"] and "legal" in classes["field"]


def test_pygments_lexer_keywords_match_the_grammar():
    assert KEYWORD_CLASSES == editor_assets.keyword_classes()


def test_a_new_grammar_keyword_lands_in_a_class(monkeypatch):
    terminals = editor_assets.terminal_words()
    monkeypatch.setattr(editor_assets, "terminal_words", lambda: {**terminals, "KW_AGENDA": {"agenda"}})
    import pwib_dsl.syntax.parser as parser_module

    monkeypatch.setattr(parser_module, "keywords", lambda: tuple(sorted(keywords() + ("agenda",))))
    classes = editor_assets.keyword_classes()
    assert "agenda" in classes["field"]
    assert "agenda" in editor_assets.vim_syntax(classes)
    assert "agenda" in editor_assets.textmate_json(classes)


def test_a_removed_grammar_keyword_is_reported(monkeypatch):
    monkeypatch.setattr(editor_assets, "FLOW", editor_assets.FLOW + ("goto",))
    with pytest.raises(ValueError, match="goto"):
        editor_assets.keyword_classes()


def test_generated_files_are_up_to_date():
    stale = [
        path.relative_to(ROOT).as_posix()
        for path, text in editor_assets.generated(ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `python -m pwib_dsl.editor_assets` and commit the result"
    assert editor_assets.main(["--check", "--root", str(ROOT)]) == 0


def test_check_mode_reports_drift(tmp_path, capsys):
    (tmp_path / "editors").mkdir()
    assert editor_assets.main(["--check", "--root", str(tmp_path)]) == 1
    assert "out of date: editors/vim/syntax/pwib_blueprint.vim" in capsys.readouterr().out
    assert editor_assets.main(["--root", str(tmp_path)]) == 0
    assert editor_assets.main(["--check", "--root", str(tmp_path)]) == 0


def _tm_pattern(grammar: dict, scope: str) -> str:
    for pattern in grammar["repository"]["keywords"]["patterns"]:
        if pattern["name"] == f"{scope}.pwib-blueprint":
            return pattern["match"]
    raise KeyError(scope)


def test_textmate_keyword_patterns_match_exactly_their_words():
    grammar = json.loads((ROOT / editor_assets.TM_PATH).read_text(encoding="utf-8"))
    assert grammar["scopeName"] == "source.pwib-blueprint"
    classes = editor_assets.keyword_classes()
    all_words = set(keywords())
    for cls, scope in editor_assets._TM_SCOPES.items():
        rx = re.compile(_tm_pattern(grammar, scope))
        for word in all_words:
            whole = rx.fullmatch(word) is not None
            assert whole == (word in classes[cls]), (cls, word)
        for word in classes[cls]:
            assert rx.search(f"{word}-x") is None, f"{word} matched inside a longer name"
            assert rx.search(f"wet.{word}") is None, f"{word} matched after a qualifier"


def test_vim_syntax_lists_every_keyword():
    text = (ROOT / editor_assets.VIM_PATH).read_text(encoding="utf-8")
    listed = set()
    for line in text.splitlines():
        if line.startswith("syn keyword pwib") and not line.startswith("syn keyword pwibTodo"):
            listed.update(w for w in line.split()[3:] if "=" not in w and w not in ("skipwhite", "skipempty"))
    assert listed == set(keywords())


# ---------------------------------------------------------------- Vim, headless

SAMPLE = textwrap.dedent(
    """\
    # Aanmelden
    module gemeente "Gemeente"
    use rollen
    blueprint aanmelding "Aanmelden" {
      status concept
      actor inwoner = rollen.inwoner
      step aanmelden "Meldt zich" {
        customer inwoner "Vult in"
        legal wgs art 4:13 lid 2
        deadline 4 weeks "eerste gesprek"
        personal-data
        next einde
      }
      end einde "Einde"
    }
    """
)

PROBE = r"""
let out = ['ft=' . &filetype, 'cms=' . &commentstring, 'sw=' . &shiftwidth, 'et=' . &expandtab,
      \ 'fp=' . &formatprg, 'isk=' . &iskeyword]
for [l, c] in g:pwib_probe
  call add(out, l . ':' . c . '=' . synIDattr(synID(l, c, 1), 'name'))
endfor
call writefile(out, g:pwib_out)
" the compiler plugin reads `pwib check --format short` lines into the quickfix list
compiler pwib
call setqflist([], ' ', {'efm': &l:errorformat,
      \ 'lines': ['x.blueprint:3:5: error[PB501]: no step named `x`', 'x.blueprint:4:1: warning[PB112]: unused use']})
call writefile(map(getqflist(), {_, e -> e.lnum . ':' . e.col . ':' . e.type . ':' . e.text}), g:pwib_qf)
" re-indent a flattened copy and write it out
%s/^\s\+//
normal! gg=G
call writefile(getline(1, '$'), g:pwib_indented)
qall!
"""


def _vim() -> str:
    vim = shutil.which("vim")
    require_tool("vim", vim is not None, "apt-get install vim-nox (or vim)")
    return vim  # type: ignore[return-value]


def test_vim_runtime_files_work_headless(tmp_path):
    vim = _vim()
    sample = tmp_path / "aanmelding.blueprint"
    sample.write_text(SAMPLE, encoding="utf-8")
    probe = tmp_path / "probe.vim"
    probe.write_text(PROBE, encoding="utf-8")
    out, indented, qf = tmp_path / "out.txt", tmp_path / "indented.txt", tmp_path / "qf.txt"
    positions = {
        (1, 1): "pwibComment", (2, 1): "pwibDeclaration", (2, 8): "pwibModuleName", (3, 1): "pwibImport",
        (4, 1): "pwibDeclaration", (4, 11): "pwibDeclName", (4, 22): "pwibString", (5, 3): "pwibField",
        (7, 8): "pwibDeclName", (8, 5): "pwibLane", (8, 14): "", (9, 5): "pwibField", (9, 11): "",
        (9, 15): "pwibField", (9, 19): "pwibLabel", (10, 14): "pwibNumber", (10, 16): "pwibUnit",
        (11, 5): "pwibConstant", (12, 5): "pwibFlow", (12, 10): "", (6, 19): "pwibQualifier",
    }
    probe_list = "[" + ",".join(f"[{l},{c}]" for l, c in positions) + "]"
    subprocess.run(
        [
            vim, "-N", "-u", "NONE", "-i", "NONE", "-es",
            "--cmd", f"set rtp^={VIM_DIR}",
            "--cmd", f"let g:pwib_probe = {probe_list}",
            "--cmd", f"let g:pwib_out = '{out}'",
            "--cmd", f"let g:pwib_indented = '{indented}'",
            "--cmd", f"let g:pwib_qf = '{qf}'",
            "-c", "filetype plugin indent on", "-c", "syntax on",
            "-c", f"edit {sample}", "-c", f"source {probe}",
        ],
        check=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    settings = dict(line.split("=", 1) for line in lines[:6])
    assert settings["ft"] == "pwib_blueprint"
    assert settings["cms"] == "# %s"
    assert settings["sw"] == "2" and settings["et"] == "1"
    assert settings["fp"] == "pwib fmt -"
    assert "-" in settings["isk"].split(",")
    got = {}
    for line in lines[6:]:
        where, group = line.split("=", 1)
        l, c = where.split(":")
        got[(int(l), int(c))] = group
    assert got == positions
    assert qf.read_text(encoding="utf-8").splitlines() == [
        "3:5:e:no step named `x`", "4:1:w:unused use",
    ]
    # the indent file restores the indentation of the (formatted) sample
    assert indented.read_text(encoding="utf-8") == SAMPLE
