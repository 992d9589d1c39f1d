"""Syntax errors as sentences: the diagnostics the parser's recovery reports.

Each function here turns one situation the recovery found (see :mod:`pwib_dsl.syntax.recovery`)
into a :class:`Diagnostic` that names the construct, what was expected in plain words, what
was found, and the construct's usage line from :mod:`pwib_dsl.syntax.forms`. No message
lists token names.

Codes (one explanation page each in ``pwib_dsl/data/explain``):

* PB001 — the statement being written does not go on as its form says;
* PB002 — a ``{`` block is never closed;
* PB003 — a keyword in a block it does not belong in (lowering reports misplaced fields too);
* PB005 — an unknown word where a statement should start, with "did you mean";
* PB006 — a string that is not closed;
* PB007 — a character that is no part of the language;
* PB008 — a ``}`` with no block to close;
* PB009 — too many syntax errors: the parser stopped.
"""

from __future__ import annotations

import re
import unicodedata

from typing import TYPE_CHECKING

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity, Suggestion
from pwib_dsl.diagnostics.suggest import phrase
from pwib_dsl.source import SourceFile, Span
from pwib_dsl.surface.lower import tok_span
from pwib_dsl.syntax import forms

if TYPE_CHECKING:
    from lark import Token

    from pwib_dsl.syntax.stack import Block

E = Severity.ERROR

#: How many syntax errors one file may report before the parser gives up.
MAX_ERRORS = 50


def _clip(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# ---------------------------------------------------------------- tokens in words


def found(tok: Token) -> str:
    """What was found, in words: ``the keyword `step```, ``a string``, ```wgs```."""
    if tok.type == "$END":
        return "the end of the file"
    if tok.type in ("STRING", "LONG_STRING"):
        return "a string"
    if forms.terminal_of(str(tok)) and tok.type not in ("NAME", "ARTNUM"):
        return f"the keyword `{tok}`"
    return f"`{_clip(str(tok))}`"


def shown(value) -> str | None:
    """A value from the parser stack as quoted text, for "after ...": ```art```, ```rollen.x```."""
    if isinstance(value, str):
        if value.type in ("STRING", "LONG_STRING"):
            return "the string"
        return f"`{_clip(str(value))}`"
    parts = getattr(value, "parts", None)
    if parts is not None:
        return f"`{_clip('.'.join(parts))}`"
    if type(value).__name__ == "Str":
        return "the string"
    return None


_ORDER = ("NAME", "STRING", "LONG_STRING", "INT", "SIGNED_INT", "ARTNUM", "UNIT", "BWB_ID", "DATE")


def expected_words(terminals) -> str:
    """``a name or a string``, ```art`` or `.```: an expected set without token names."""
    names = sorted(terminals, key=lambda t: (_ORDER.index(t) if t in _ORDER else len(_ORDER), t))
    words: list[str] = []
    for name in names:
        w = forms.terminal_words(name)
        if w not in words:
            words.append(w)
    if len(words) <= 1:
        return "".join(words) or "something else"
    return ", ".join(words[:-1]) + " or " + words[-1]


def _form_note(keyword: str | None, kind: str | None) -> tuple[str, ...]:
    line = forms.usage(keyword, kind) if keyword else None
    return (f"usage: {line}",) if line else ()


# ---------------------------------------------------------------- statements


def incomplete(
    source: SourceFile,
    tok: Token,
    expected: frozenset[str],
    keyword: Token | None,
    kind: str,
    prev,
    at_line_end: bool,
    name: str | None = None,
    candidates: tuple[str, ...] = (),
) -> Diagnostic:
    """PB001: the statement in progress does not go on with ``tok``.

    ``keyword`` starts the statement, ``name`` is the name after it (if read), ``prev`` is the
    last value read, and ``at_line_end`` says the statement stopped at the end of its line.
    """
    want = expected_words(expected)
    kw = str(keyword) if keyword is not None else None
    after = shown(prev)
    name_tok = prev if isinstance(prev, str) and prev.type in ("NAME", "ARTNUM") else None
    opener = keyword is not None and keyword.type in forms.BLOCK_OPENERS
    if keyword is not None and prev is keyword and expected <= {"NAME", "ARTNUM"}:
        what = msg("PB001.name-after", keyword=kw) if "NAME" in expected else msg("PB001.article-after", keyword=kw)
    elif opener and name_tok is not None and "STRING" in expected and forms.BLOCK_OPENERS[keyword.type] in forms.TITLED:
        what = msg("PB001.title-of", block=forms.BLOCK_OPENERS[keyword.type], name=name_tok)
    elif opener and name and shown(prev) == "the string":
        what = msg("PB001.after-title", expected=want, block=forms.BLOCK_OPENERS[keyword.type], name=name)
    elif after:
        what = msg("PB001.after", expected=want, after=after)
    else:
        what = msg("PB001.expected", expected=want)
    what = what.text()  # the first half of the sentence
    suggestions: tuple[Suggestion, ...] = ()
    if at_line_end and prev is not None:
        end = _end_of(prev)
        span = source.span(end, end)
        message = msg("PB001.line-ends", what=what) if tok.type != "$END" else msg("PB001.file-ends", what=what)
        label = Label(source.path, span, f"expected {want} here")
    elif candidates and not at_line_end:
        message = msg("PB001.found-did-you-mean", what=what, found=found(tok), candidates=phrase(candidates))
        label = Label(source.path, tok_span(tok), f"expected {want}")
        suggestions = tuple(Suggestion(source.path, tok_span(tok), c, f"replace with `{c}`") for c in candidates)
    else:
        message = msg("PB001.found", what=what, found=found(tok))
        label = Label(source.path, tok_span(tok), f"expected {want}")
    return Diagnostic("PB001", E, message, label, notes=_form_note(kw, kind), suggestions=suggestions)


def _end_of(value) -> int:
    if isinstance(value, str):
        return value.end_pos
    span = getattr(value, "span", None)
    return span.end if span else 0


def unknown_word(
    source: SourceFile, tok: Token, kind: str, candidates: list[str], dutch: bool
) -> Diagnostic:
    """PB005: a word where a statement should start, with "did you mean" when one is close."""
    where = forms.KIND_PHRASE[kind]
    noun = "declaration" if kind == "file" else "field"
    place = "at the top level of a file" if kind == "file" else f"in {where}"
    message = msg("PB005.unknown-word", noun=noun, word=_clip(str(tok)), place=place)
    notes: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    help_ = None
    if candidates:
        message = msg("PB005.unknown-word-did-you-mean", noun=noun, word=_clip(str(tok)), place=place,
                      candidates=phrase(candidates))
        suggestions = tuple(
            Suggestion(source.path, tok_span(tok), c, f"replace with `{c}`") for c in candidates
        )
        if dutch:
            notes += ("keywords are English; names, titles and texts can be Dutch",)
        notes += _form_note(candidates[0], kind)
    else:
        help_ = f"{where} takes: {forms.fields_phrase(kind)}"
    label = Label(source.path, tok_span(tok), f"not a keyword of {where}" if kind != "file" else "not a declaration")
    return Diagnostic("PB005", E, message, label, notes=notes, help=help_, suggestions=suggestions)


def not_a_statement(source: SourceFile, tok: Token, kind: str) -> Diagnostic:
    """PB001: something that cannot start a statement (a string, a number, ``{``...)."""
    where = forms.KIND_PHRASE[kind]
    if kind == "file":
        what = "a declaration (`module`, `use`, `law`, `measure`, `blueprint`, ...)"
    else:
        what = f"a field of {where} or `}}`"
    hint = None
    if tok.type in ("STRING", "LONG_STRING"):
        hint = "a text goes after the keyword it belongs to, on the same line: `customer \"...\"`"
    elif tok.type == "LBRACE":
        hint = "a block needs a header before its `{`, such as `step NAME \"Title\" {`"
    return Diagnostic(
        "PB001",
        E,
        msg("PB001.expected-found", what=what, found=found(tok)),
        Label(source.path, tok_span(tok), "a statement cannot start here"),
        help=hint if hint else f"{where} takes: {forms.fields_phrase(kind)}",
    )


def misplaced(source: SourceFile, tok: Token, kind: str) -> Diagnostic:
    """PB003: a keyword that starts a statement in other blocks than this one."""
    word = str(tok)
    places = [("at " if k == "file" else "in ") + forms.KIND_PHRASE[k] for k in forms.homes(word)]
    belongs = ", ".join(places[:-1]) + (" or " if len(places) > 1 else "") + places[-1] if places else ""
    where = "at the top level of a file" if kind == "file" else f"in {forms.KIND_PHRASE[kind]}"
    if kind == "file" and word in ("module", "use"):
        return Diagnostic(
            "PB003",
            E,
            msg("PB003.module-first") if word == "module" else msg("PB003.use-first"),
            Label(source.path, tok_span(tok), "move this line up"),
            notes=("a file is: an optional `module` line, then `use` lines, then declarations",),
        )
    return Diagnostic(
        "PB003",
        E,
        msg("PB003.cannot-appear", word=word, where=where),
        Label(source.path, tok_span(tok), f"`{word}` belongs {belongs}" if belongs else "not allowed here"),
        notes=_form_note(word, None),
        help=f"{forms.KIND_PHRASE[kind]} takes: {forms.fields_phrase(kind)}" if kind != "file" else None,
    )


# ---------------------------------------------------------------- blocks


def _at(span: Span) -> str:
    return f"{span.line}:{span.col}"


def _header_span(block: Block) -> Span:
    kw = block.keyword
    return Span(kw.start_pos, block.lbrace.end_pos, kw.line, kw.column, block.lbrace.end_line, block.lbrace.end_column)


def unclosed_before(source: SourceFile, block: Block, tok: Token, indent: str) -> Diagnostic:
    """PB002: a statement of an outer block starts while ``block`` is still open."""
    opened = tok_span(block.keyword)
    line_start = source.offset(tok.line, 1)
    return Diagnostic(
        "PB002",
        E,
        msg("PB002.unclosed", block=block.describe(), opened=_at(opened)),
        Label(source.path, tok_span(tok), f"{block.describe()} must be closed before this `{tok}`"),
        (Label(source.path, _header_span(block), f"{block.describe()} opened here"),),
        help=f"add a line `}}` before line {tok.line}",
        suggestions=(
            Suggestion(source.path, source.span(line_start, line_start), f"{indent}}}\n", "close the block"),
        ),
    )


def unclosed_at_end(source: SourceFile, block: Block, eof: int) -> Diagnostic:
    """PB002: the file ends while ``block`` is open."""
    opened = tok_span(block.keyword)
    return Diagnostic(
        "PB002",
        E,
        msg("PB002.unclosed", block=block.describe(), opened=_at(opened)),
        Label(source.path, source.span(eof, eof), "the file ends here"),
        (Label(source.path, _header_span(block), f"{block.describe()} opened here"),),
        help="add the missing `}` where the block should end",
    )


def unclosed_by_indentation(source: SourceFile, guess, still_open: Block) -> Diagnostic:
    """PB002: a ``}`` closes the wrong block, going by indentation, so one stays open.

    ``guess`` is an :class:`~pwib_dsl.syntax.indentation.Misindented`.
    """
    label = f"this `}}` closes {guess.closed}"
    if guess.meant:
        label += f", but it is indented like the end of {guess.meant}"
    return Diagnostic(
        "PB002",
        E,
        msg("PB002.unclosed", block=guess.closed, opened=_at(guess.opened)),
        Label(source.path, guess.brace, label),
        (Label(source.path, guess.opened, f"{guess.closed} opened here"),),
        notes=(
            f"every `}}` after it closes the block around the one it was meant for,"
            f" so {still_open.describe()} is still open at the end of the file",
        ),
        help=f"add a `}}` to close {guess.closed} before line {guess.brace.line}",
    )


def unmatched_rbrace(source: SourceFile, tok: Token) -> Diagnostic:
    """PB008: a ``}`` when no block is open."""
    return Diagnostic(
        "PB008",
        E,
        msg("PB008.unmatched-brace"),
        Label(source.path, tok_span(tok), "nothing to close"),
        help="remove this `}`, or look for a block above that was closed too early",
        suggestions=(Suggestion(source.path, tok_span(tok), "", "remove the `}`"),),
    )


# ---------------------------------------------------------------- lexical errors


def unterminated_string(source: SourceFile, start: int, end: int, long: bool) -> Diagnostic:
    """PB006: a string whose closing quote is missing."""
    if long:
        return Diagnostic(
            "PB006",
            E,
            msg("PB006.unterminated-long-string"),
            Label(source.path, source.span(start, start + 3), "this string runs to the end of the file"),
            help='close it with `"""`; the rest of the file was not checked',
        )
    return Diagnostic(
        "PB006",
        E,
        msg("PB006.unterminated-string"),
        Label(source.path, source.span(start, end), "the string is not closed before the end of the line"),
        help='close it with `"`; a text over several lines is written between `"""` and `"""`',
        suggestions=(Suggestion(source.path, source.span(end, end), '"', "close the string"),),
    )


_CHAR_HELP = {
    ";": "a statement ends at the end of its line; remove the `;`",
    ":": 'fields take no colon: write `version "1.0"`, not `version: "1.0"`',
    ",": "write one fact per line, without commas",
    "[": "there are no lists: write each entry on its own line",
    "]": "there are no lists: write each entry on its own line",
    "(": "there are no parentheses in the language",
    ")": "there are no parentheses in the language",
    "'": 'strings take double quotes: `"..."`',
    "/": "comments start with `#`",
}

#: Quote marks word processors put in; treated as a string so the line still parses.
CURLY_QUOTES = "“”„‟‘’‚‛«»"


def char_name(ch: str) -> str:
    """``U+00A0 NO-BREAK SPACE``."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def bad_characters(source: SourceFile, start: int, end: int) -> Diagnostic:
    """PB007: characters that no token can start with."""
    text = source.text[start:end]
    ch = text[0]
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"):
        shown_ = char_name(ch)
        if cat == "Cc":
            help_ = "a control character; remove it"
        elif cat == "Zs":
            help_ = "an unusual space; replace it with an ordinary space"
        else:
            help_ = "an invisible or unassigned character; remove it"
        replacement = " " if cat == "Zs" else ""
    else:
        shown_ = f"`{_clip(text, 12)}`"
        help_ = _CHAR_HELP.get(ch, "this character is not part of the language; remove it")
        replacement = None
        word = re.search(r"([^\W\d][\w-]*)\s*$", source.text[source.offset(source.line_col(start)[0], 1) : start])
        if ch == ":" and word and forms.terminal_of(word.group(1)):
            help_ = f"fields take no colon: write `{word.group(1)} ...`, not `{word.group(1)}: ...`"
    noun = "character" if len(text) == 1 else "characters"
    suggestions = ()
    if replacement is not None or ch in ";,":
        suggestions = (Suggestion(source.path, source.span(start, end), replacement or "", "remove it"),)
    return Diagnostic(
        "PB007",
        E,
        msg("PB007.unexpected-character", noun=noun, shown=shown_),
        Label(source.path, source.span(start, end), "not part of the language"),
        help=help_,
        suggestions=suggestions,
    )


def curly_quotes(source: SourceFile, start: int, end: int) -> Diagnostic:
    """PB007: a string between typographic quotes."""
    inner = source.text[start + 1 : end - 1].replace("\\", "\\\\").replace('"', '\\"')
    return Diagnostic(
        "PB007",
        E,
        msg("PB007.typographic-quotes", opening=source.text[start], closing=source.text[end - 1]),
        Label(source.path, source.span(start, end), "write this string between straight quotes `\"`"),
        help='strings are written between straight double quotes: `"..."`',
        suggestions=(Suggestion(source.path, source.span(start, end), f'"{inner}"', "use straight quotes"),),
    )


def declares_nothing(source: SourceFile, file) -> list[Diagnostic]:
    """PB014 (a warning) for a file without errors that declares nothing, else nothing."""
    if file.module or file.uses or file.items:
        return []
    return [
        Diagnostic(
            "PB014",
            Severity.WARNING,
            msg("PB014.declares-nothing", path=source.path),
            Label(source.path, source.span(0, 0), "empty file" if not source.text.strip() else "only comments"),
            help="add a `blueprint` or catalogue declarations, or remove the file",
        )
    ]


def too_many(source: SourceFile, tok: Token) -> Diagnostic:
    """PB009: the parser stops after :data:`MAX_ERRORS` errors in one file."""
    return Diagnostic(
        "PB009",
        E,
        msg("PB009.too-many-syntax-errors", max_errors=MAX_ERRORS),
        Label(source.path, tok_span(tok), "the parser stopped here"),
        help="fix the errors above and check again; the rest of the file was not checked",
    )


def bounded(source: SourceFile, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At most :data:`MAX_ERRORS` diagnostics of one file (in order), then one PB009.

    The parser stops itself after that many syntax errors; lowering (misplaced fields, bad
    escapes) can add more, e.g. ten thousand nested articles, so the total is bounded here.
    """
    if len(diagnostics) <= MAX_ERRORS + 1:
        return diagnostics
    stop = next((d for d in diagnostics if d.code == "PB009"), None)
    kept = [d for d in diagnostics if d.code != "PB009"][:MAX_ERRORS]
    if stop is None:
        first_dropped = [d for d in diagnostics if d.code != "PB009"][MAX_ERRORS]
        stop = Diagnostic(
            "PB009",
            E,
            msg("PB009.too-many-errors", max_errors=MAX_ERRORS, count=len(diagnostics)),
            Label(source.path, first_dropped.primary.span if first_dropped.primary else Span(0, 0, 1, 1, 1, 1)),
            help="fix the errors above and check again",
        )
    return kept + [stop]
