"""Editor assets generated from the word table: keyword classes, the TextMate grammar, the Vim syntax.

The words and their highlighting classes (their kinds) are the table in
:mod:`pwib_dsl.syntax.keywords`; this module checks them against the grammar's keyword
terminals (``KW_*``, ``LANE``, ``TEXT_LAYER``, ``UNIT``, through
:func:`pwib_dsl.syntax.parser.keywords`). A grammar word the table lacks lands in the
``field`` class, so it is highlighted at once; the classes must all be grammar keywords, so a
removed word is caught too.

Generated from these classes:

* ``editors/vscode/syntaxes/pwib-blueprint.tmLanguage.json`` (VS Code, and any TextMate reader);
* ``editors/vim/syntax/pwib_blueprint.vim`` (Vim and Neovim).

The Pygments lexer (:mod:`pwib_dsl.highlight`) reads the same table (which loads without
Lark); ``tests/test_editor_assets.py`` fails when any of the three drifts.

Run ``python -m pwib_dsl.editor_assets`` in a checkout to rewrite the files, ``--check`` to
only report drift (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pwib_dsl.atomic import write_atomic
from pwib_dsl.syntax import keywords as _words

_TABLE = _words.highlight_classes()
#: Words that introduce a declaration; the name after one is highlighted as a definition.
DECLARATIONS = _TABLE["declaration"]
#: ``use`` lines.
IMPORTS = _TABLE["import"]
#: Flow between steps.
FLOW = _TABLE["flow"]
#: Flags that stand alone as a value.
CONSTANTS = _TABLE["constant"]
#: Keywords followed by an article, lid or onderdeel label (``art 4:13``, ``onderdeel a``).
LABELLED = _words.labelled()

#: Terminals whose alternatives are words of their own class.
_TERMINAL_CLASSES = {"LANE": "lane", "TEXT_LAYER": "layer", "UNIT": "unit"}

#: Class order in generated files.
CLASSES = _words.KINDS

# Patterns shared by the generated grammars (Python ``re`` and Oniguruma agree on these).
NAME = r"[^\W\d][\w-]*"
ARTNUM = r"[0-9A-Za-z][0-9A-Za-z:.°]*"
BWB_ID = r"BWB[RV]\d{7}"
DATE = r"\d{4}-\d{2}-\d{2}"

SCOPE = "source.pwib-blueprint"
TM_PATH = Path("editors/vscode/syntaxes/pwib-blueprint.tmLanguage.json")
VIM_PATH = Path("editors/vim/syntax/pwib_blueprint.vim")


def terminal_words() -> dict[str, set[str]]:
    """Keyword terminal name → its words, read from the compiled grammar."""
    return {name: set(words) for name, words in _words.grammar_words().items()}


def keyword_classes() -> dict[str, tuple[str, ...]]:
    """Highlighting class → sorted words; together exactly the grammar's keywords."""
    from pwib_dsl.syntax.parser import keywords

    terminals = terminal_words()
    kw = set().union(*(w for name, w in terminals.items() if name.startswith("KW_")))
    fixed = {"declaration": DECLARATIONS, "import": IMPORTS, "flow": FLOW, "constant": CONSTANTS}
    unknown = sorted(w for words in fixed.values() for w in words if w not in kw) + sorted(
        w for w in LABELLED if w not in kw
    )
    if unknown:
        raise ValueError(f"not keywords of the grammar any more: {', '.join(unknown)}")
    classes: dict[str, set[str]] = {c: set() for c in CLASSES}
    for cls, words in fixed.items():
        classes[cls].update(words)
    placed = set().union(*fixed.values())
    classes["field"].update(kw - placed)
    for name, cls in _TERMINAL_CLASSES.items():
        classes[cls].update(terminals.get(name, ()))
    result = {c: tuple(sorted(ws)) for c, ws in classes.items()}
    every = set().union(*result.values())
    if every != set(keywords()):
        raise ValueError("keyword classes do not cover the grammar's keywords")
    return result


def words_pattern(words) -> str:
    """A regular expression matching any of ``words`` as a whole word (names contain ``-``)."""
    alts = "|".join(w.replace(".", r"\.") for w in sorted(words, key=lambda w: (-len(w), w)))
    return rf"(?<![\w.-])(?:{alts})(?![\w-])"


# ---------------------------------------------------------------- TextMate (VS Code)

_TM_SCOPES = {
    "declaration": "storage.type.declaration",
    "import": "keyword.control.import",
    "flow": "keyword.control.flow",
    "constant": "constant.language",
    "field": "keyword.other.field",
    "lane": "support.type.lane",
    "layer": "support.type.layer",
    "unit": "support.constant.unit",
}


def _s(scope: str) -> str:
    return f"{scope}.pwib-blueprint"


def textmate_grammar(classes: dict[str, tuple[str, ...]] | None = None) -> dict:
    """The TextMate grammar as a JSON-ready dict."""
    classes = classes or keyword_classes()
    decl = words_pattern(classes["declaration"])
    declaring = words_pattern(w for w in classes["declaration"] if w not in ("module", *LABELLED))
    labelled = words_pattern(LABELLED)
    repo: dict[str, dict] = {
        "comment": {
            "match": "(#).*$",
            "name": _s("comment.line.number-sign"),
            "captures": {"1": {"name": _s("punctuation.definition.comment")}},
        },
        "escape": {
            "patterns": [
                {"match": r'\\(?:["\\ntr]|u\{[0-9A-Fa-f]{1,6}\})', "name": _s("constant.character.escape")},
                {"match": r"\\.", "name": _s("invalid.illegal.escape")},
            ]
        },
        "long-string": {
            "begin": '"""',
            "end": '"""',
            "name": _s("string.quoted.triple"),
            "beginCaptures": {"0": {"name": _s("punctuation.definition.string.begin")}},
            "endCaptures": {"0": {"name": _s("punctuation.definition.string.end")}},
            "patterns": [{"include": "#escape"}],
        },
        "string": {
            "begin": '"',
            "end": '"|$',
            "name": _s("string.quoted.double"),
            "beginCaptures": {"0": {"name": _s("punctuation.definition.string.begin")}},
            "endCaptures": {"0": {"name": _s("punctuation.definition.string.end")}},
            "patterns": [{"include": "#escape"}],
        },
        "labelled": {
            "match": rf"({labelled})\s+({ARTNUM})",
            "captures": {
                "1": {"name": _s("keyword.other.label")},
                "2": {"name": _s("constant.numeric.label")},
            },
        },
        "module": {
            "match": rf"({words_pattern(('module',))})\s+({NAME}(?:\.{NAME})*)",
            "captures": {
                "1": {"name": _s(_TM_SCOPES["declaration"])},
                "2": {"name": _s("entity.name.namespace")},
            },
        },
        "use": {
            "match": rf"({words_pattern(classes['import'])})\s+({NAME}(?:\.{NAME})*)",
            "captures": {
                "1": {"name": _s(_TM_SCOPES["import"])},
                "2": {"name": _s("entity.name.namespace")},
            },
        },
        "declaration": {
            "comment": "a declared name is followed by its title, an alias or a body",
            "match": rf"({declaring})\s+({NAME})(?![\w.-])(?=\s*[\"={{])",
            "captures": {
                "1": {"name": _s(_TM_SCOPES["declaration"])},
                "2": {"name": _s("entity.name.declaration")},
            },
        },
        "literals": {
            "patterns": [
                {"match": rf"\b{BWB_ID}\b", "name": _s("constant.other.bwb")},
                {"match": rf"\b{DATE}\b", "name": _s("constant.numeric.date")},
                {"match": r"(?<![\w.-])[+-]?\d+(?![\w-])", "name": _s("constant.numeric.integer")},
            ]
        },
        "operators": {
            "patterns": [
                {"match": "->", "name": _s("keyword.operator.arrow")},
                {"match": "=", "name": _s("keyword.operator.assignment")},
                {"match": r"\{", "name": _s("punctuation.section.block.begin")},
                {"match": r"\}", "name": _s("punctuation.section.block.end")},
            ]
        },
        "qualified-name": {
            "match": rf"({NAME})(\.)(?=[^\W\d])",
            "captures": {
                "1": {"name": _s("entity.name.namespace")},
                "2": {"name": _s("punctuation.accessor")},
            },
        },
    }
    keyword_patterns = []
    for cls in CLASSES:
        if cls == "declaration":
            keyword_patterns.append({"match": decl, "name": _s(_TM_SCOPES[cls])})
        else:
            keyword_patterns.append({"match": words_pattern(classes[cls]), "name": _s(_TM_SCOPES[cls])})
    repo["keywords"] = {"patterns": keyword_patterns}
    repo["name"] = {"match": NAME, "name": _s("variable.other.name")}
    order = [
        "comment", "long-string", "string", "module", "use", "labelled", "declaration", "literals", "qualified-name",
        "keywords", "operators", "name",
    ]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "PWIB Blueprint",
        "scopeName": SCOPE,
        "fileTypes": ["blueprint"],
        "comment": "Generated by `python -m pwib_dsl.editor_assets` from grammar/blueprint.lark. Do not edit.",
        "patterns": [{"include": f"#{k}"} for k in order],
        "repository": {k: repo[k] for k in sorted(repo)},
    }


def textmate_json(classes=None) -> str:
    return json.dumps(textmate_grammar(classes), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- Vim

_VIM_GROUPS = {
    "declaration": ("pwibDeclaration", "Structure"),
    "import": ("pwibImport", "Include"),
    "flow": ("pwibFlow", "Conditional"),
    "constant": ("pwibConstant", "Boolean"),
    "field": ("pwibField", "Keyword"),
    "lane": ("pwibLane", "Type"),
    "layer": ("pwibLayer", "Type"),
    "unit": ("pwibUnit", "Special"),
}


def _vim_keyword_lines(group: str, words, extra: str = "") -> list[str]:
    lines = []
    chunk: list[str] = []
    for w in words:
        chunk.append(w)
        if len(chunk) == 8:
            lines.append(f"syn keyword {group} {' '.join(chunk)}{extra}")
            chunk = []
    if chunk:
        lines.append(f"syn keyword {group} {' '.join(chunk)}{extra}")
    return lines


def vim_syntax(classes: dict[str, tuple[str, ...]] | None = None) -> str:
    """The Vim syntax file ``syntax/pwib_blueprint.vim``."""
    classes = classes or keyword_classes()
    out = [
        '" Vim syntax file',
        '" Language:    PWIB Blueprint (.blueprint service blueprints)',
        '" Filetype:    pwib_blueprint',
        '" Generated by `python -m pwib_dsl.editor_assets` from grammar/blueprint.lark. Do not edit.',
        "",
        "scriptencoding utf-8",
        "",
        'if exists("b:current_syntax")',
        "  finish",
        "endif",
        "",
        "let s:cpo_save = &cpo",
        "set cpo&vim",
        "",
        '" Names and keywords contain letters, digits, `_` and `-` (personal-data, direct-aanvragen).',
        "syn iskeyword @,48-57,_,192-255,-",
        "syn case match",
        "",
    ]
    for cls in CLASSES:
        group, _link = _VIM_GROUPS[cls]
        words = [w for w in classes[cls] if not (w in LABELLED)]
        if cls == "declaration":
            declaring = [w for w in words if w != "module"]
            out += _vim_keyword_lines(group, declaring, " nextgroup=pwibDeclName skipwhite skipempty")
            out += _vim_keyword_lines(group, ["module"], " nextgroup=pwibModuleName skipwhite")
        elif cls == "import":
            out += _vim_keyword_lines(group, words, " nextgroup=pwibModuleName skipwhite")
        else:
            out += _vim_keyword_lines(group, words)
    labelled_decl = [w for w in LABELLED if w in classes["declaration"]]
    labelled_other = [w for w in LABELLED if w not in classes["declaration"]]
    if labelled_decl:
        out += _vim_keyword_lines("pwibDeclaration", labelled_decl, " nextgroup=pwibLabel skipwhite skipempty")
    out += _vim_keyword_lines("pwibField", labelled_other, " nextgroup=pwibLabel skipwhite skipempty")
    out += [
        "",
        '" A declared name is followed by its title, an alias or a body.',
        r"syn match pwibDeclName /\d\@!\k\+\ze\s*[\"={]/ contained",
        r"syn match pwibModuleName /\k\+\%(\.\k\+\)*/ contained",
        r"syn match pwibLabel /[0-9A-Za-z][0-9A-Za-z:.°]*/ contained",
        r"syn match pwibBwb /\<BWB[RV]\d\{7}\>/",
        r"syn match pwibDate /\<\d\{4}-\d\{2}-\d\{2}\>/",
        r"syn match pwibNumber /\%(\k\|\.\)\@1<![+-]\=\d\+\k\@!/",
        r"syn match pwibOperator /->\|=/",
        r"syn match pwibQualifier /\k\+\ze\.\k/",
        "",
        r"syn match pwibEscape /\\\%([\"\\ntr]\|u{\x\{1,6}}\)/ contained",
        r"syn match pwibBadEscape /\\[^\"\\ntru]/ contained",
        r'syn region pwibLongString start=/"""/ end=/"""/ contains=pwibEscape,pwibBadEscape',
        r'syn region pwibString start=/"\%(""\)\@!/ skip=/\\\\\|\\"/ end=/"/ end=/$/ oneline contains=pwibEscape,pwibBadEscape',
        "",
        '" Blocks fold; braces inside strings and comments are inside those regions already.',
        r"syn region pwibBlock matchgroup=pwibBrace start=/{/ end=/}/ transparent fold",
        "",
        r"syn keyword pwibTodo TODO FIXME XXX contained",
        r"syn match pwibComment /#.*$/ contains=pwibTodo,@Spell",
        "",
        "syn sync minlines=50",
        "",
    ]
    links = [(group, link) for group, link in (_VIM_GROUPS[c] for c in CLASSES)]
    links += [
        ("pwibDeclName", "Function"),
        ("pwibModuleName", "Identifier"),
        ("pwibLabel", "Number"),
        ("pwibBwb", "Constant"),
        ("pwibDate", "Number"),
        ("pwibNumber", "Number"),
        ("pwibOperator", "Operator"),
        ("pwibBrace", "Delimiter"),
        ("pwibQualifier", "Identifier"),
        ("pwibEscape", "SpecialChar"),
        ("pwibBadEscape", "Error"),
        ("pwibString", "String"),
        ("pwibLongString", "String"),
        ("pwibTodo", "Todo"),
        ("pwibComment", "Comment"),
    ]
    out += [f"hi def link {g} {to}" for g, to in links]
    out += [
        "",
        'let b:current_syntax = "pwib_blueprint"',
        "",
        "let &cpo = s:cpo_save",
        "unlet s:cpo_save",
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- writing

def generated(root: Path) -> dict[Path, str]:
    """Every generated file (absolute path) → its expected content."""
    classes = keyword_classes()
    return {root / TM_PATH: textmate_json(classes), root / VIM_PATH: vim_syntax(classes)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pwib_dsl.editor_assets",
        description="Regenerate the TextMate grammar and the Vim syntax from grammar/blueprint.lark.",
    )
    ap.add_argument("--check", action="store_true", help="report out-of-date files and exit 1; write nothing")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent, help="the checkout")
    args = ap.parse_args(argv)
    if not (args.root / "editors").is_dir():
        print(f"no editors/ folder under {args.root}: run this in a checkout", file=sys.stderr)
        return 2
    stale = []
    for path, text in generated(args.root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"))
    for path in stale:
        rel = path.relative_to(args.root)
        print(f"{'out of date' if args.check else 'wrote'}: {rel.as_posix()}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
