"""The forms of the language as words: one usage line per construct, and names for tokens.

Syntax errors quote these tables instead of dumping token names: the usage line of the
construct being written (``legal LAW art N [lid N] [onderdeel X] ["note"]``), the blocks a
keyword belongs in, the fields a block takes, and plain-word descriptions of terminals ("a
name", "a string"). ``tests/test_syntax_forms.py`` checks the tables against the grammar so
they cannot drift from it, and ``docs/language.md`` shows the same usage lines.
"""

from __future__ import annotations

import functools

import attrs

# ---------------------------------------------------------------- blocks

#: Block kinds and how a message names them ("unknown field `x` in a step").
KIND_PHRASE = {
    "file": "the top level of a file",
    "law": "a law",
    "extend": "a law extension",
    "article": "an article",
    "measure": "a measure",
    "component": "a component",
    "facility": "a facility",
    "role": "a role",
    "tile": "a tile",
    "organisation": "an organisation",
    "system": "a system",
    "blueprint": "a blueprint",
    "phase": "a phase",
    "term-span": "a named term",
    "step": "a step",
    "decision": "a decision",
    "fork": "a fork",
    "join": "a join",
    "end": "an end",
}

#: The keyword terminal that opens each kind of ``{ ... }`` block.
BLOCK_OPENERS = {
    "KW_LAW": "law",
    "KW_EXTEND": "extend",
    "KW_ARTICLE": "article",
    "KW_MEASURE": "measure",
    "KW_COMPONENT": "component",
    "KW_FACILITY": "facility",
    "KW_ROLE": "role",
    "KW_TILE": "tile",
    "KW_ORGANISATION": "organisation",
    "KW_SYSTEM": "system",
    "KW_BLUEPRINT": "blueprint",
    "KW_PHASE": "phase",
    "KW_TERM": "term-span",  # only a blueprint's named term opens a block; an article's never does
    "KW_STEP": "step",
    "KW_DECISION": "decision",
    "KW_FORK": "fork",
    "KW_JOIN": "join",
    "KW_END": "end",
}

#: Declarations whose header is ``KEYWORD NAME "Title"`` (the title is required).
TITLED = frozenset(
    {"law", "article", "measure", "component", "facility", "role", "tile", "organisation", "blueprint", "phase", "step", "decision", "fork", "join", "end"}
)

#: Keywords that only occur inside a statement, never at its start.
INNER_KEYWORDS = frozenset({"KW_ART", "KW_LID", "KW_ONDERDEEL", "KW_MAX", "KW_AS_OF", "KW_OF", "KW_FROM", "KW_TO"})

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
TEXT_LAYERS = ("policy", "functionality", "toolkit", "pain", "opportunity", "kpi", "note")
UNITS = ("day", "days", "workday", "workdays", "week", "weeks", "month", "months", "year", "years")

_CATALOGUE = ("law", "article", "measure", "component", "facility", "role", "tile", "organisation", "system")
_FLOW = ("step", "decision", "fork", "join", "end")
_BLUEPRINT = ("blueprint",)


# ---------------------------------------------------------------- usage lines


@attrs.frozen
class Form:
    """A statement: its keyword, the blocks it belongs in, and its usage line."""

    keyword: str
    kinds: tuple[str, ...]
    usage: str


_FORMS = (
    # -- top level
    Form("module", ("file",), 'module NAME ["Title"]'),
    Form("use", ("file",), "use MODULE"),
    Form("law", ("file",), 'law NAME "Title" { bwb BWBR0000000  article N "Title" { ... } ... }'),
    Form("extend", ("file",), 'extend LAW { article N "Title" { ... } ... source "..." verified|unverified }'),
    Form("measure", ("file",), 'measure NAME "Title" [{ theme "..."  phase N  changes LAW art N  ... }]'),
    Form("component", ("file",), 'component NAME "Title" [{ url "..."  personal-data  ... }]'),
    Form("facility", ("file",), 'facility NAME "Title" [{ url "..."  personal-data  ... }]'),
    Form("role", ("file",), 'role NAME "Title" [{ description "..."  ... }]'),
    Form("tile", ("file",), 'tile NAME "Title" [{ order N  parent TILE  ... }]'),
    Form("organisation", ("file",), 'organisation NAME "Title" [{ url "..."  source "..."  verified|unverified  ... }]'),
    Form("system", ("file", "blueprint"), 'system NAME ["Title"] [= MODULE.COMPONENT] [{ url "..."  personal-data }]'),
    Form("actor", ("file", "blueprint"), 'actor NAME ["Title"] [= MODULE.ROLE] [of ORGANISATION]'),
    Form("blueprint", ("file",), 'blueprint NAME "Title" { version "1.0"  phase ...  step ... }'),
    # -- catalogue fields
    Form("bwb", ("law",), "bwb BWBR0000000"),
    Form("cvdr", ("law",), "cvdr CVDR000000"),
    Form("article", ("law", "extend"), 'article N "Title" [{ term N UNIT [max] ["note"]  lid N [onderdeel X] }]'),
    Form("term", ("article",), 'term N UNIT [max] ["note"]'),
    Form("lid", ("article",), 'lid N [onderdeel X] ["note"]'),
    Form("theme", ("measure",), 'theme "text"'),
    Form("phase", ("measure",), "phase N"),
    Form("changes", ("measure",), "changes LAW art N [lid N] [onderdeel X]"),
    Form("effective", ("measure",), 'effective YYYY-MM-DD ["note"]'),
    Form("retroactive", ("measure",), 'retroactive YYYY-MM-DD ["note"]'),
    Form("url", ("component", "facility", "organisation", "system"), 'url "https://..."'),
    Form("personal-data", ("component", "facility", "system"), "personal-data"),
    Form("order", ("tile",), "order N"),
    Form("parent", ("tile",), "parent TILE"),
    Form("source", _CATALOGUE + ("extend",), 'source "https://..."'),
    Form("verified", _CATALOGUE + ("extend",), "verified"),
    Form("unverified", _CATALOGUE + ("extend",), "unverified"),
    Form("description", _CATALOGUE + _BLUEPRINT, 'description "text"'),
    Form("gloss", _CATALOGUE, 'gloss "English gloss"'),
    # -- blueprint fields and structure
    Form("version", _BLUEPRINT, 'version "1.0"'),
    Form("status", _BLUEPRINT, "status concept|review|approved|retired"),
    Form("tile", _BLUEPRINT, "tile MODULE.TILE"),
    Form("implements", _BLUEPRINT, "implements MODULE.MEASURE"),
    Form("owner", _BLUEPRINT, 'owner "text"'),
    Form("legal", _BLUEPRINT, "legal as-of YYYY-MM-DD"),
    Form("term", _BLUEPRINT, 'term NAME N UNIT from STEP to STEP ["note"] [{ legal ...  suspended-by STEP  when "situation" }]'),
    Form("legal", ("term-span",), 'legal LAW art N [lid N] [onderdeel X] [as-of YYYY-MM-DD] ["note"]'),
    Form("suspended-by", ("term-span",), "suspended-by STEP"),
    Form("when", ("term-span",), 'when "situation"'),
    Form("phase", _BLUEPRINT, 'phase NAME "Title" { step ...  decision ...  end ... }'),
    Form("step", _BLUEPRINT + ("phase",), 'step NAME "Title" { customer "..."  legal ...  next STEP ... }'),
    Form("decision", _BLUEPRINT + ("phase",), 'decision NAME "Title" { ...  when "label" -> STEP  otherwise -> STEP }'),
    Form("fork", _BLUEPRINT + ("phase",), 'fork NAME "Title" { branch -> STEP  branch -> STEP ... }'),
    Form("join", _BLUEPRINT + ("phase",), 'join NAME "Title" [{ ... }]'),
    Form("end", _BLUEPRINT + ("phase",), 'end NAME "Title" [{ ... }]'),
    # -- inside steps, decisions and ends
    *(Form(lane, _FLOW, f'{lane} [ACTOR] "text"') for lane in LANES),
    Form("legal", _FLOW, 'legal LAW art N [lid N] [onderdeel X] [as-of YYYY-MM-DD] ["note"]'),
    *(Form(layer, _FLOW, f'{layer} "text"') for layer in TEXT_LAYERS),
    Form("communication", _FLOW, 'communication [CHANNEL] "text"'),
    Form("system", _FLOW, "system NAME"),
    Form("measure", _FLOW, "measure MODULE.MEASURE"),
    Form("emotion", _FLOW, "emotion -2..2"),
    Form("deadline", _FLOW, 'deadline N UNIT ["note"] [-> STEP]'),
    Form("wait", ("step",), 'wait PARTY "what the step waits for"'),
    Form("outcome", _FLOW, "outcome NAME"),
    Form("next", ("step", "join"), "next STEP"),
    Form("branch", ("fork",), "branch -> STEP"),
    Form("when", ("decision",), 'when "label" -> STEP [max N]'),
    Form("otherwise", ("decision",), "otherwise -> STEP [max N]"),
    Form("journey", _FLOW, "journey BLUEPRINT"),
)

#: Every form, in the order the documentation lists them.
FORMS: tuple[Form, ...] = _FORMS


def usage(keyword: str, kind: str | None = None) -> str | None:
    """The usage line of ``keyword`` as written in a block of ``kind`` (any block if None)."""
    fallback = None
    for form in FORMS:
        if form.keyword == keyword:
            if kind is None or kind in form.kinds:
                return form.usage
            fallback = fallback or form.usage
    return fallback


def fields(kind: str) -> tuple[str, ...]:
    """The keywords that start a statement in a block of ``kind``, in table order."""
    out: list[str] = []
    for form in FORMS:
        if kind in form.kinds and form.keyword not in out:
            out.append(form.keyword)
    return tuple(out)


def homes(keyword: str) -> tuple[str, ...]:
    """The block kinds where ``keyword`` starts a statement."""
    out: list[str] = []
    for form in FORMS:
        if form.keyword == keyword:
            out.extend(k for k in form.kinds if k not in out)
    return tuple(out)


def fields_phrase(kind: str) -> str:
    """``a step takes: lanes (evidence, ...), legal, ...`` — the help line for a block."""
    words = list(fields(kind))
    parts: list[str] = []
    if all(lane in words for lane in LANES):
        parts.append("a lane (" + ", ".join(LANES) + ")")
        words = [w for w in words if w not in LANES]
    if all(layer in words for layer in TEXT_LAYERS):
        layer_at = words.index(TEXT_LAYERS[0])
        words = [w for w in words if w not in TEXT_LAYERS]
        words.insert(layer_at, "a text layer (" + ", ".join(TEXT_LAYERS) + ")")
    parts.extend(w if w.startswith("a ") else f"`{w}`" for w in words)
    return ", ".join(parts)


# ---------------------------------------------------------------- Dutch spellings

#: Dutch words authors may type for an English keyword; the first fitting keyword is offered.
DUTCH: dict[str, tuple[str, ...]] = {
    "stap": ("step",),
    "beslissing": ("decision",),
    "besluit": ("decision",),
    "keuze": ("decision",),
    "fase": ("phase",),
    "einde": ("end",),
    "eind": ("end",),
    "wet": ("law",),
    "aanvulling": ("extend",),
    "artikel": ("article", "art"),
    "termijn": ("deadline", "term"),
    "maatregel": ("measure",),
    "rol": ("role",),
    "tegel": ("tile",),
    "organisatie": ("organisation",),
    "organization": ("organisation",),
    "partner": ("organisation",),
    "systeem": ("system",),
    "voorziening": ("facility",),
    "klantreis": ("blueprint",),
    "reis": ("blueprint",),
    "juridisch": ("legal",),
    "wettelijk": ("legal",),
    "grondslag": ("legal",),
    "beleid": ("policy",),
    "communicatie": ("communication",),
    "functionaliteit": ("functionality",),
    "pijnpunt": ("pain",),
    "kans": ("opportunity",),
    "notitie": ("note",),
    "opmerking": ("note",),
    "emotie": ("emotion",),
    "uitkomst": ("outcome",),
    "volgende": ("next",),
    "opgeschort": ("suspended-by",),
    "opschorting": ("suspended-by",),
    "wacht": ("wait",),
    "tegelijk": ("fork",),
    "parallel": ("fork",),
    "samenkomen": ("join",),
    "wachten": ("wait",),
    "wanneer": ("when",),
    "als": ("when",),
    "anders": ("otherwise",),
    "bron": ("source",),
    "omschrijving": ("description",),
    "beschrijving": ("description",),
    "versie": ("version",),
    "eigenaar": ("owner",),
    "gebruik": ("use",),
    "thema": ("theme",),
    "ingangsdatum": ("effective",),
    "terugwerkend": ("retroactive",),
    "wijzigt": ("changes",),
    "volgorde": ("order",),
    "implementeert": ("implements",),
    "persoonsgegevens": ("personal-data",),
    "geverifieerd": ("verified",),
    "ongeverifieerd": ("unverified",),
    "klant": ("customer",),
    "bewijs": ("evidence",),
    "ondersteuning": ("support",),
    "dag": ("day",),
    "dagen": ("days",),
    "werkdag": ("workday",),
    "werkdagen": ("workdays",),
    "weken": ("weeks",),
    "maand": ("month",),
    "maanden": ("months",),
    "jaar": ("year",),
    "jaren": ("years",),
}


# ---------------------------------------------------------------- terminals as words

_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "LONG_STRING": "a string",
    "INT": "a number",
    "SIGNED_INT": "a whole number",
    "ARTNUM": "an article number",
    "BWB_ID": "a BWB identifier (BWBR0000000)",
    "CVDR_ID": "a CVDR identifier (CVDR000000)",
    "DATE": "a date (YYYY-MM-DD)",
    "UNIT": "a unit (days, workdays, weeks, months or years)",
    "LANE": "a lane (" + ", ".join(LANES) + ")",
    "TEXT_LAYER": "a text layer (" + ", ".join(TEXT_LAYERS) + ")",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "EQUALS": "`=`",
    "DOT": "`.`",
    "ARROW": "`->`",
    "$END": "the end of the file",
}


def terminal_words(name: str) -> str:
    """``KW_STEP`` → ```step```, ``NAME`` → ``a name``: a terminal in plain words."""
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    word = keyword_of(name)
    return f"`{word}`" if word else name.lower()


@functools.cache
def _keyword_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(keyword text → terminal name, terminal name → keyword text) from the grammar."""
    from pwib_dsl.syntax import grammar

    by_word: dict[str, str] = {}
    by_terminal: dict[str, str] = {}
    for term in grammar.terminals():
        if term.name.startswith("KW_") and term.pattern.type == "str":
            by_word[term.pattern.value] = term.name
            by_terminal[term.name] = term.pattern.value
    for word in LANES:
        by_word[word] = "LANE"
    for word in TEXT_LAYERS:
        by_word[word] = "TEXT_LAYER"
    for word in UNITS:
        by_word[word] = "UNIT"
    return by_word, by_terminal


def terminal_of(word: str) -> str | None:
    """The terminal a keyword lexes as (``legal`` → ``KW_LEGAL``, ``customer`` → ``LANE``)."""
    return _keyword_tables()[0].get(word)


def keyword_of(terminal: str) -> str | None:
    """The text of a ``KW_*`` terminal (``KW_PERSONAL_DATA`` → ``personal-data``)."""
    return _keyword_tables()[1].get(terminal)


def words_of(terminal: str) -> tuple[str, ...]:
    """Every keyword text a terminal stands for (``LANE`` → the five lanes)."""
    if terminal == "LANE":
        return LANES
    if terminal == "TEXT_LAYER":
        return TEXT_LAYERS
    if terminal == "UNIT":
        return UNITS
    word = keyword_of(terminal)
    return (word,) if word else ()


def is_starter(terminal: str) -> bool:
    """Whether a terminal can begin a statement (a keyword, a lane or a text layer)."""
    return (terminal.startswith("KW_") and terminal not in INNER_KEYWORDS) or terminal in ("LANE", "TEXT_LAYER")
