"""Lowering: tokens → surface AST, run inline while the LALR parser reduces.

The methods are called by the parser runtime (:mod:`pwib_dsl.syntax.runtime`) for a valid
file and by Lark (through :func:`pwib_dsl.syntax.parser.lark_transformer`) when recovering
from errors, so no parse tree is ever built: each method receives the tokens and
already-built nodes of one rule as arguments and returns an AST node. A token is a ``str``
with Lark's token attributes (Lark's ``Token`` or :class:`pwib_dsl.syntax.tokens.Token`);
nothing here imports Lark. Spans come from the tokens (tree-less parsing has no ``meta``).
Per-parse state — the diagnostics raised while lowering (bad escapes, misplaced fields) —
lives in :data:`context`, set by the parser.
"""

from __future__ import annotations

import functools
import re
import sys
import textwrap
import threading
from typing import TYPE_CHECKING

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, Span
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords

if TYPE_CHECKING:
    from pwib_dsl.syntax.tokens import Token


class _Context(threading.local):
    path: str = "<input>"
    diagnostics: list

    def __init__(self) -> None:
        self.diagnostics = []


#: Per-thread state of the parse in progress (set by :func:`pwib_dsl.syntax.parser.parse`).
context = _Context()


def tok_span(tok: Token) -> Span:
    return Span(tok.start_pos, tok.end_pos, tok.line, tok.column, tok.end_line, tok.end_column)


def span_of(*parts) -> Span:
    """The span covering the given tokens and nodes (``None`` and spanless parts skipped)."""
    spans = []
    for p in parts:
        if p is None:
            continue
        if isinstance(p, str):  # a token (no other text is ever a part)
            spans.append(tok_span(p))
        elif isinstance(p, Span):
            if p:
                spans.append(p)
        elif isinstance(p, (tuple, list)):
            if p:
                spans.append(span_of(*p))
        else:
            s = getattr(p, "span", None)
            if s:
                spans.append(s)
    if not spans:
        return NO_SPAN
    out = spans[0]
    for s in spans[1:]:
        out = out.cover(s)
    return out


def _error(code: str, message: str, span: Span, help: str | None = None, notes=()) -> None:
    context.diagnostics.append(
        Diagnostic(code, Severity.ERROR, message, Label(context.path, span, ""), help=help, notes=tuple(notes))
    )


# ---------------------------------------------------------------- strings

_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|.)", re.S)
_SIMPLE = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def decode_string(raw: str, span: Span = NO_SPAN) -> str:
    """The value of a string literal; bad escapes are reported and kept as written."""
    if raw.startswith('"""'):
        body = raw[3:-3]
    else:
        body = raw[1:-1]

    def repl(m: re.Match) -> str:
        esc = m.group(1)
        if esc in _SIMPLE:
            return _SIMPLE[esc]
        if esc.startswith("u{"):
            cp = int(esc[2:-1], 16)
            if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF:
                return chr(cp)
        _error(
            "PB004",
            msg("PB004.unknown-escape", escape=esc),
            span,
            help='the escapes are \\" \\\\ \\n \\t and \\u{XXXX}; write \\\\ for a backslash',
        )
        return m.group(0)

    value = _ESCAPE.sub(repl, body) if "\\" in body else body
    if raw.startswith('"""'):
        value = value.replace("\r\n", "\n")
        if value.startswith("\n"):
            value = value[1:]
        value = textwrap.dedent(value).rstrip(" \t")
        if value.endswith("\n"):
            value = value[:-1]
    return value


# ---------------------------------------------------------------- what a text may hold

#: C0 controls other than tab and line feed, and DEL: nothing can show them, XML 1.0 (BPMN)
#: cannot carry most of them, and a terminal takes some as commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _check_controls(raw: str, value: str, span: Span) -> None:
    """PB016 for a control character in a string, written raw or as an escape."""
    body = raw.replace("\r\n", "\n")
    m = _CONTROL.search(body)
    if m is not None:
        cp = ord(m.group())
        _error(
            "PB016",
            msg("PB016.control-character", code_point=format(cp, "04X")),
            span,
            help=f"remove it; a tab is written `\\t` and a line break `\\n` (the character is `\\u{{{cp:x}}}`,"
            " which is refused too: no output can show it)",
        )
        return
    m = _CONTROL.search(value)
    if m is not None:
        _error(
            "PB016",
            msg("PB016.escape-writes-control", code_point=format(ord(m.group()), "x")),
            span,
            help="remove the escape: control characters other than tab (`\\t`) and line break (`\\n`)"
            " cannot be shown or stored in BPMN",
        )


def _check_length(value: str, limit: int, what: str, span: Span) -> None:
    if len(value) > limit:
        _error(
            "PB018",
            msg("PB018.too-long", what=what, length=format(len(value), ","), limit=format(limit, ",")),
            span,
            help="say it shorter; details belong in a `description` or a `note`",
        )


def _title(title, what: str = "a title") -> None:
    """A title (or lane line) must have visible text and fit in a heading or a diagram box."""
    from pwib_dsl.limits import MAX_TITLE_CHARS

    if title is None or title.span.start == title.span.end:  # absent, or filled in by error recovery
        return
    if not title.value.strip() or not any(ch.isprintable() and not ch.isspace() for ch in title.value):
        _error(
            "PB017",
            msg("PB017.no-visible-text", what=what),
            title.span,
            help="write what it is called: an empty title gives an unnamed link, heading and diagram box",
        )
    elif what == "a title":
        _check_length(title.value, MAX_TITLE_CHARS, what, title.span)


def _check_url(url, what: str) -> None:
    """PB019 unless a ``url`` or ``source`` is an absolute http(s) address."""
    from pwib_dsl.urls import is_web

    if url is None or url.span.start == url.span.end or is_web(url.value):
        return
    value = url.value.strip()
    shown = value if len(value) <= 60 else value[:57] + "..."
    _error(
        "PB019",
        msg("PB019.not-http", what=what, address=shown),
        url.span,
        help="write the full address, starting with `https://` (other schemes, such as `javascript:` or"
        " `file:`, and relative paths are refused: they would be links in the HTML, BPMN and JSON)",
    )


# ---------------------------------------------------------------- field placement

_PROVENANCE = (n.SourceField, n.VerifiedField, n.DescriptionField, n.GlossField)
#: Which body fields each declaration takes (the grammar has one shared body).
ALLOWED_FIELDS: dict[type, tuple[type, ...]] = {
    n.Law: (n.BwbField, n.CvdrField, n.Article) + _PROVENANCE,
    n.LawExtension: (n.Article, n.SourceField, n.VerifiedField),
    n.Article: (n.Term, n.LidField) + _PROVENANCE,
    n.Measure: (n.ThemeField, n.PhaseField, n.ChangesField, n.EffectiveField, n.RetroactiveField) + _PROVENANCE,
    n.Component: (n.UrlField, n.PersonalDataField) + _PROVENANCE,
    n.Facility: (n.UrlField, n.PersonalDataField) + _PROVENANCE,
    n.SystemDecl: (n.UrlField, n.PersonalDataField) + _PROVENANCE,
    n.Role: _PROVENANCE,
    n.Tile: (n.OrderField, n.ParentField) + _PROVENANCE,
    n.Organisation: (n.UrlField,) + _PROVENANCE,
}
#: The keyword of each body field, from the word table.
_FIELD_KEYWORD = {cls: keywords.node_word(cls) for fields in ALLOWED_FIELDS.values() for cls in fields}
#: How a message names a construct ("a law"): the phrase of the block its keyword opens.
CONSTRUCT_NAME = {
    cls: keywords.BLOCKS[keywords.node_word(cls)]
    for cls in (n.Law, n.LawExtension, n.Article, n.Measure, n.Component, n.Facility, n.SystemDecl, n.Role, n.Tile,
                n.Organisation, n.Step, n.Decision, n.End, n.Fork, n.Join)
}


def _check_fields(cls: type, items: tuple) -> tuple:
    allowed = ALLOWED_FIELDS[cls]
    kept = []
    for item in items:
        if isinstance(item, allowed):
            kept.append(item)
            continue
        kw = _FIELD_KEYWORD[type(item)]
        takes = ", ".join(f"`{_FIELD_KEYWORD[a]}`" for a in allowed)
        _error(
            "PB003",
            msg("PB003.not-a-field", keyword=kw, construct=CONSTRUCT_NAME[cls]),
            item.span,
            help=f"{CONSTRUCT_NAME[cls]} takes: {takes}",
        )
    return tuple(kept)


_STEP_ONLY_IN_DECISION = (n.Branch, n.Otherwise)
_NOT_IN_END = (n.Next, n.Branch, n.Otherwise, n.Wait)


def _check_step_items(cls: type, items: tuple) -> tuple:
    kept = []
    for item in items:
        if isinstance(item, n.ParallelBranch) and cls is not n.Fork:
            _error(
                "PB003",
                msg("PB003.branch-outside-fork", construct=CONSTRUCT_NAME[cls]),
                item.span,
                help="make this a `fork` with a `branch -> STEP` line per branch, joined again by a `join`",
            )
            continue
        if cls is n.Fork and isinstance(item, (n.Next, n.Branch, n.Otherwise, n.Wait)):
            _error(
                "PB003",
                msg("PB003.field-in-fork", keyword=keywords.node_word(item)),
                item.span,
                help="write `branch -> STEP` for each line of work that runs at the same time",
            )
            continue
        if cls is n.Join and isinstance(item, (n.Branch, n.Otherwise, n.Wait)):
            _error(
                "PB003",
                msg("PB003.field-in-join", keyword=keywords.node_word(item)),
                item.span,
                help="put a decision or a waiting step after the join",
            )
            continue
        if cls is n.Step and isinstance(item, _STEP_ONLY_IN_DECISION):
            kw = keywords.node_word(item)
            _error(
                "PB003",
                msg("PB003.branch-in-step", keyword=kw),
                item.span,
                help="make this step a `decision`, or use `next NAME` to continue elsewhere",
            )
            continue
        if cls is n.Decision and isinstance(item, n.Wait):
            _error(
                "PB003",
                msg("PB003.wait-in-decision"),
                item.span,
                help="put the `wait` in a step before the decision",
            )
            continue
        if cls is n.End and isinstance(item, n.Deadline) and item.target is not None:
            _error(
                "PB003",
                msg("PB003.deadline-in-end"),
                item.target.span,
                help="remove `-> ...`, or make this a `step` that continues",
            )
            continue
        if cls is n.End and isinstance(item, _NOT_IN_END):
            kw = keywords.node_word(item)
            _error(
                "PB003",
                msg("PB003.field-in-end", keyword=kw),
                item.span,
                help="remove it, or make this a `step` that continues",
            )
            continue
        kept.append(item)
    return tuple(kept)


# ---------------------------------------------------------------- the transformer


def _ident(tok: Token) -> n.Ident:
    # names repeat all over a file (actors, systems, laws): one string object per name
    return n.Ident(sys.intern(str(tok)), span=tok_span(tok))


@functools.lru_cache(maxsize=1024)
def _shared_parts(parts: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for each name written again and again (``s0``, ``rollen.inwoner``); bounded,
    so a long-running language server keeps only the most recent."""
    return parts


def _word(tok) -> str:
    """The text of a keyword, unit or date token: a handful of words repeated on every line
    (lanes, layers, units), so each is kept once."""
    return sys.intern(str(tok))


class Lower:
    """One method per grammar rule; see the module docstring."""

    # -- leaves

    def string(self, tok: Token) -> n.Str:
        from pwib_dsl.limits import MAX_TEXT_CHARS

        span = tok_span(tok)
        raw = str(tok)
        value = decode_string(raw, span)
        _check_controls(raw, value, span)
        if tok.type == "STRING":  # a one-line text; a """...""" description may be longer
            _check_length(value, MAX_TEXT_CHARS, "a text", span)
        return n.Str(value, raw=None if len(raw) == len(value) + 2 and raw[1:-1] == value else raw, span=span)

    def qname(self, *toks: Token) -> n.QName:
        parts = tuple(sys.intern(str(t)) for t in toks if t.type == "NAME")
        return n.QName(_shared_parts(parts), span=span_of(*toks))

    # -- files

    def start(self, *items) -> n.File:
        module = None
        uses = []
        top = []
        for item in items:
            if isinstance(item, n.ModuleDecl):
                module = item
            elif isinstance(item, n.Use):
                uses.append(item)
            else:
                top.append(item)
        return n.File(module, tuple(uses), tuple(top), span=span_of(*items))

    def module_decl(self, kw, name, title) -> n.ModuleDecl:
        _title(title)
        return n.ModuleDecl(_ident(name), title, span=span_of(kw, name, title))

    def use_decl(self, kw, target) -> n.Use:
        return n.Use(target, span=span_of(kw, target))

    # -- catalogue declarations

    def body(self, lbrace, *items_and_rbrace):
        return tuple(items_and_rbrace[:-1]), span_of(lbrace, items_and_rbrace[-1])

    article_body = body

    def _decl(self, cls, kw, name, title, body, **extra):
        items, body_span = body if body is not None else ((), None)
        items = _check_fields(cls, items)
        _title(title)
        span = span_of(kw, name, title, body_span)
        return cls(_ident(name), title, items, has_body=body is not None, span=span, **extra)

    def law(self, kw, name, title, body):
        items, body_span = body
        items = _check_fields(n.Law, items)
        _title(title)
        return n.Law(_ident(name), title, items, span=span_of(kw, body_span))

    def law_extension(self, kw, target, body):
        items, body_span = body
        items = _check_fields(n.LawExtension, items)
        return n.LawExtension(target, items, span=span_of(kw, body_span))

    def article(self, kw, number, title, body):
        return self._decl(n.Article, kw, number, title, body)

    def measure(self, kw, name, title, body):
        return self._decl(n.Measure, kw, name, title, body)

    def component(self, kw, name, title, body):
        return self._decl(n.Component, kw, name, title, body)

    def facility(self, kw, name, title, body):
        return self._decl(n.Facility, kw, name, title, body)

    def role(self, kw, name, title, body):
        return self._decl(n.Role, kw, name, title, body)

    def tile(self, kw, name, title, body):
        return self._decl(n.Tile, kw, name, title, body)

    def organisation(self, kw, name, title, body):
        return self._decl(n.Organisation, kw, name, title, body)

    def system_decl(self, kw, name, title, alias, body):
        items, body_span = body if body is not None else ((), None)
        items = _check_fields(n.SystemDecl, items)
        _title(title)
        return n.SystemDecl(
            _ident(name), title, alias, items, has_body=body is not None,
            span=span_of(kw, name, title, alias, body_span),
        )

    def actor_decl(self, kw, name, title, alias, member):
        _title(title)
        return n.ActorDecl(_ident(name), title, alias, member, span=span_of(kw, name, title, alias, member))

    def alias(self, eq, ref):
        return ref

    def member_of(self, kw, ref):
        return ref

    # -- body fields

    def cvdr_field(self, kw, id_):
        return n.CvdrField(str(id_), span=span_of(kw, id_))

    def bwb_field(self, kw, id_):
        return n.BwbField(str(id_), span=span_of(kw, id_))

    def term(self, kw, amount, unit, max_, note):
        return n.Term(int(amount), _word(unit), max_ is not None, note, span=span_of(kw, amount, unit, max_, note))

    def lid_field(self, kw, label, onderdeel, note):
        return n.LidField(_ident(label), onderdeel, note, span=span_of(kw, label, onderdeel, note))

    def theme_field(self, kw, text):
        return n.ThemeField(text, span=span_of(kw, text))

    def phase_field(self, kw, number):
        return n.PhaseField(int(number), span=span_of(kw, number))

    def changes_field(self, kw, target):
        return n.ChangesField(target, span=span_of(kw, target))

    def effective_field(self, kw, date, note):
        return n.EffectiveField(_word(date), note, span=span_of(kw, date, note))

    def retroactive_field(self, kw, date, note):
        return n.RetroactiveField(_word(date), note, span=span_of(kw, date, note))

    def url_field(self, kw, url):
        _check_url(url, "the url")
        return n.UrlField(url, span=span_of(kw, url))

    def personal_data_field(self, kw):
        return n.PersonalDataField(span=span_of(kw))

    def order_field(self, kw, number):
        return n.OrderField(int(number), span=span_of(kw, number))

    def parent_field(self, kw, ref):
        return n.ParentField(ref, span=span_of(kw, ref))

    def source_field(self, kw, url):
        _check_url(url, "the source")
        return n.SourceField(url, span=span_of(kw, url))

    def verified_field(self, kw):
        return n.VerifiedField(kw.type == "KW_VERIFIED", span=span_of(kw))

    def description_field(self, kw, text):
        return n.DescriptionField(text, span=span_of(kw, text))

    def gloss_field(self, kw, text):
        return n.GlossField(text, span=span_of(kw, text))

    # -- blueprints

    def blueprint(self, kw, name, title, lbrace, *rest):
        items = rest[:-1]
        _title(title)
        return n.Blueprint(_ident(name), title, tuple(items), span=span_of(kw, rest[-1]))

    def version_field(self, kw, text):
        return n.VersionField(text, span=span_of(kw, text))

    def status_field(self, kw, status):
        return n.StatusField(_ident(status), span=span_of(kw, status))

    def tile_field(self, kw, ref):
        return n.TileField(ref, span=span_of(kw, ref))

    def implements_field(self, kw, ref):
        return n.ImplementsField(ref, span=span_of(kw, ref))

    def owner_field(self, kw, text):
        return n.OwnerField(text, span=span_of(kw, text))

    def legal_date_field(self, kw, kw_as_of, date):
        return n.LegalDateField(_word(date), span=span_of(kw, date))

    def term_span(self, kw, name, amount, unit, kw_from, start, kw_to, end, note, *rest):
        items = tuple(rest[1:-1]) if rest and rest[0] is not None else ()
        has_body = bool(rest) and rest[0] is not None
        last = rest[-1] if has_body else (note or end)
        return n.TermSpan(
            _ident(name), int(amount), _word(unit), _ident(start), _ident(end), note, items,
            has_body=has_body, span=span_of(kw, last),
        )

    def suspended_by(self, kw, step):
        return n.SuspendedBy(_ident(step), span=span_of(kw, step))

    def span_condition(self, kw, text):
        return n.SpanCondition(text, span=span_of(kw, text))

    def phase(self, kw, name, title, lbrace, *rest):
        _title(title)
        return n.Phase(_ident(name), title, tuple(rest[:-1]), span=span_of(kw, rest[-1]))

    def step(self, kw, name, title, lbrace, *rest):
        _title(title)
        items = _check_step_items(n.Step, tuple(rest[:-1]))
        return n.Step(_ident(name), title, items, span=span_of(kw, rest[-1]))

    def decision(self, kw, name, title, lbrace, *rest):
        _title(title)
        items = _check_step_items(n.Decision, tuple(rest[:-1]))
        return n.Decision(_ident(name), title, items, span=span_of(kw, rest[-1]))

    def fork(self, kw, name, title, lbrace, *rest):
        _title(title)
        items = _check_step_items(n.Fork, tuple(rest[:-1]))
        return n.Fork(_ident(name), title, items, span=span_of(kw, rest[-1]))

    def join(self, kw, name, title, *rest):
        _title(title)
        if not rest:
            return n.Join(_ident(name), title, (), has_body=False, span=span_of(kw, name, title))
        items = _check_step_items(n.Join, tuple(rest[1:-1]))
        return n.Join(_ident(name), title, items, has_body=True, span=span_of(kw, rest[-1]))

    def parallel_branch(self, kw, arrow, target):
        return n.ParallelBranch(_ident(target), span=span_of(kw, target))

    def end(self, kw, name, title, *rest):
        _title(title)
        if not rest:
            return n.End(_ident(name), title, (), has_body=False, span=span_of(kw, name, title))
        items = _check_step_items(n.End, tuple(rest[1:-1]))
        return n.End(_ident(name), title, items, has_body=True, span=span_of(kw, rest[-1]))

    # -- step items

    def lane_entry(self, lane, actor, text):
        _title(text, "a lane line")
        return n.LaneEntry(_word(lane), _ident(actor) if actor is not None else None, text, span=span_of(lane, text))

    def legal_ref(self, kw, target, as_of, note):
        date = _word(as_of[1]) if as_of is not None else None
        return n.LegalRef(target, note, date, span=span_of(kw, target, as_of[1] if as_of else None, note))

    def as_of(self, kw, date):
        return (kw, date)

    def legal_target(self, law, kw_art, article, lid, onderdeel):
        return n.LegalTarget(law, _ident(article), lid, onderdeel, span=span_of(law, article, lid, onderdeel))

    def lid(self, kw, label):
        return _ident(label)

    def onderdeel(self, kw, label):
        return _ident(label)

    def text_layer(self, layer, text):
        return n.TextLayer(_word(layer), text, span=span_of(layer, text))

    def communication(self, kw, channel, text):
        return n.Communication(_ident(channel) if channel is not None else None, text, span=span_of(kw, text))

    def system_use(self, kw, ref):
        return n.SystemUse(ref, span=span_of(kw, ref))

    def measure_use(self, kw, ref):
        return n.MeasureUse(ref, span=span_of(kw, ref))

    def emotion(self, kw, value):
        return n.Emotion(int(value), span=span_of(kw, value))

    def deadline(self, kw, amount, unit, note, arrow, target):
        ident = _ident(target) if target is not None else None
        return n.Deadline(int(amount), _word(unit), note, ident, span=span_of(kw, amount, unit, note, target))

    def wait(self, kw, party, event):
        return n.Wait(_ident(party) if party is not None else None, event, span=span_of(kw, party, event))

    def outcome(self, kw, kind):
        return n.Outcome(_ident(kind), span=span_of(kw, kind))

    def next_flow(self, kw, target):
        return n.Next(_ident(target), span=span_of(kw, target))

    def branch(self, kw, label, arrow, target, bound):
        _title(label, "a branch label")
        return n.Branch(label, _ident(target), bound, span=span_of(kw, target, bound))

    def otherwise(self, kw, arrow, target, bound):
        return n.Otherwise(_ident(target), bound, span=span_of(kw, target, bound))

    def bound(self, kw, times):
        return n.Bound(int(times), span=span_of(kw, times))

    def journey(self, kw, ref):
        return n.Journey(ref, span=span_of(kw, ref))

    # -- variants

    def variant(self, kw, name, title, kw_of, base, lbrace, *rest):
        _title(title)
        return n.Variant(_ident(name), title, base, tuple(rest[:-1]), span=span_of(kw, rest[-1]))

    def lock_field(self, kw, text):
        return n.LockField(text, span=span_of(kw, text))

    def swap(self, kw, kind, old, arrow, new):
        return n.Swap(_word(kind), old, new, span=span_of(kw, new))

    def node_word(self, tok):
        return tok

    def placement(self, kw, anchor):
        return n.Placement(_word(kw), _ident(anchor), span=span_of(kw, anchor))

    def add_node(self, kw, word, name, title, placement, *rest):
        _title(title)
        cls = _NODE_CLASS[str(word)]
        body = tuple(rest[1:-1]) if rest else ()
        items = _check_step_items(cls, body)
        end = rest[-1] if rest else placement
        if cls in (n.End, n.Join):
            node = cls(_ident(name), title, items, has_body=bool(rest), span=span_of(word, end))
        else:
            node = cls(_ident(name), title, items, span=span_of(word, end))
        return n.AddNode(node, placement, has_body=bool(rest), span=span_of(kw, end))

    def change_node(self, kw, word, target, lbrace, *rest):
        return n.ChangeNode(_word(word), _ident(target), tuple(rest[:-1]), span=span_of(kw, rest[-1]))

    def change_add(self, kw, item):
        return n.ChangeAdd(item, span=span_of(kw, item))

    def change_replace(self, kw, selector, kw_with, item):
        return n.ChangeReplace(selector, item, span=span_of(kw, item))

    def change_remove(self, kw, selector):
        return n.ChangeRemove(selector, span=span_of(kw, selector))

    def selector(self, head, *parts):
        key = None
        text = None
        for part in parts:
            if part is None:
                continue
            if isinstance(part, n.Str):
                text = part
            elif isinstance(part, n.QName):
                key = part.dotted
            elif isinstance(part, n.LegalTarget):
                key = legal_key(part)
            elif isinstance(part, str) and part.type == "NAME":  # a token
                key = str(part)
        return n.Selector(_word(head), key, text, span=span_of(head, *parts))

    def route(self, kw, label=None):
        return (_word(kw), label, kw)

    def reroute(self, kw, node, route, arrow, target):
        word, label, _tok = route
        return n.Reroute(_ident(node), word, label, _ident(target), span=span_of(kw, target))

    def remove_node(self, kw, word, target, kw_because, reason):
        _title(reason, "a reason")
        return n.RemoveNode(_word(word), _ident(target), reason, span=span_of(kw, reason))


_NODE_CLASS = {"step": n.Step, "decision": n.Decision, "end": n.End, "fork": n.Fork, "join": n.Join}


def legal_key(target: n.LegalTarget) -> str:
    """``wgs art 4 lid 1 onderdeel a``: a legal target as a selector key."""
    out = f"{target.law.dotted} art {target.article.text}"
    if target.lid is not None:
        out += f" lid {target.lid.text}"
    if target.onderdeel is not None:
        out += f" onderdeel {target.onderdeel.text}"
    return out
