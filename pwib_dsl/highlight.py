"""Pygments lexer for ``.blueprint`` files (aliases ``pwib-blueprint``, ``pwib``).

Registered through the ``pygments.lexers`` entry point, so ``pygmentize file.blueprint``,
``pygmentize -l pwib-blueprint`` and Sphinx/MkDocs ``code-block:: pwib-blueprint`` find it.
The alias ``blueprint`` is deliberately absent: Pygments' built-in GNOME Blueprint lexer owns it
and built-ins are searched before plugins.

The lexer loads without Lark (it runs inside documentation builds): its words come from the
word table :mod:`pwib_dsl.syntax.keywords`, which imports no Lark, grouped by kind as in
:mod:`pwib_dsl.editor_assets`; ``tests/test_editor_assets.py`` fails when they drift from
``grammar/blueprint.lark``.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

from pwib_dsl.syntax import keywords

__all__ = ["BlueprintLexer", "KEYWORD_CLASSES"]

#: Highlighting class → words, from the word table (equal to ``editor_assets.keyword_classes()``,
#: a test checks).
KEYWORD_CLASSES: dict[str, tuple[str, ...]] = keywords.highlight_classes()
#: Keywords followed by an article, lid or onderdeel label.
LABELLED = keywords.labelled()

_NAME = r"[^\W\d][\w-]*"
_ARTNUM = r"[0-9A-Za-z][0-9A-Za-z:.°]*"

_LABELLED_DECL = tuple(w for w in LABELLED if w in KEYWORD_CLASSES["declaration"])
_LABELLED_FIELD = tuple(w for w in LABELLED if w not in KEYWORD_CLASSES["declaration"])
_DECLARING = tuple(w for w in KEYWORD_CLASSES["declaration"] if w not in ("module", *LABELLED))

_TOKENS = {
    "declaration": Keyword.Declaration,
    "import": Keyword.Namespace,
    "flow": Keyword.Reserved,
    "constant": Keyword.Constant,
    "field": Keyword,
    "lane": Keyword.Type,
    "layer": Keyword.Type,
    "unit": Name.Builtin,
}


def _words(words) -> str:
    alts = "|".join(sorted(words, key=lambda w: (-len(w), w)))
    return rf"(?<![\w.-])(?:{alts})(?![\w-])"


_ESCAPES = [
    (r'\\(?:["\\ntr]|u\{[0-9A-Fa-f]{1,6}\})', String.Escape),
    (r"\\.", Error),
]


class BlueprintLexer(RegexLexer):
    """Service blueprints for Dutch municipalities (pwib-dsl)."""

    name = "PWIB Blueprint"
    aliases = ["pwib-blueprint", "pwib"]
    filenames = ["*.blueprint"]
    mimetypes = ["text/x-pwib-blueprint"]
    url = "https://github.com/pwib-dsl/pwib-dsl"
    version_added = ""

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r'"""', String.Double, "long-string"),
            (r'"', String.Double, "string"),
            (
                rf"({_words(KEYWORD_CLASSES['import'])})(\s+)({_NAME}(?:\.{_NAME})*)",
                bygroups(Keyword.Namespace, Whitespace, Name.Namespace),
            ),
            (
                rf"({_words(_LABELLED_DECL)})(\s+)({_ARTNUM})",
                bygroups(Keyword.Declaration, Whitespace, Number),
            ),
            (
                rf"({_words(_LABELLED_FIELD)})(\s+)({_ARTNUM})",
                bygroups(Keyword, Whitespace, Number),
            ),
            (
                rf"({_words(('module',))})(\s+)({_NAME}(?:\.{_NAME})*)",
                bygroups(Keyword.Declaration, Whitespace, Name.Namespace),
            ),
            # a declared name is followed by its title, an alias or a body (`system zaken` in a
            # step uses a system; `system zaken "Zaaksysteem"` declares one)
            (
                rf"({_words(_DECLARING)})(\s+)({_NAME})(?![\w.-])(?=\s*[\"={{])",
                bygroups(Keyword.Declaration, Whitespace, Name.Function),
            ),
            (r"BWB[RV]\d{7}(?![\w-])", Name.Constant),
            (r"\d{4}-\d{2}-\d{2}(?![\w-])", Literal.Date),
            (r"->", Operator),
            (r"(?<![\w.-])[+-]?\d+(?![\w-])", Number.Integer),
            *[(_words(KEYWORD_CLASSES[cls]), tok) for cls, tok in _TOKENS.items()],
            (rf"({_NAME})(\.)(?=[^\W\d])", bygroups(Name.Namespace, Punctuation)),
            (_NAME, Name),
            (r"=", Operator),
            (r"[{}.]", Punctuation),
        ],
        "string": [
            (r'[^"\\\n]+', String.Double),
            *_ESCAPES,
            (r'"', String.Double, "#pop"),
            (r"\n", Error, "#pop"),
        ],
        "long-string": [
            (r'"""', String.Double, "#pop"),
            (r'[^"\\]+', String.Double),
            *_ESCAPES,
            (r'"', String.Double),
        ],
    }
