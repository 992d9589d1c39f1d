"""The language's words: every keyword, what kind of word it is, what it makes and how it reads.

One table, read by everything that needs to know the words: the syntax errors and the error
recovery (usage lines, the blocks a keyword opens, Dutch spellings), the lexer callbacks, the
formatter, the semantic diff, completion and hover in the language server, and the editor
assets (TextMate, Vim, Pygments). Adding a keyword is a line in the grammar and a
:class:`Word` here; ``tests/test_keywords.py`` checks that the two agree (every ``KW_*``
terminal and every ``LANE``/``TEXT_LAYER``/``UNIT`` alternative is a word here, and the
other way round) and proves that a new word reaches the editor assets, completion and the
formatter with no other file touched.

Kinds (also the highlighting classes of the editor assets):

* ``declaration`` — opens a declaration whose name follows (``step``, ``law``, ``actor``);
* ``import`` — ``use``;
* ``flow`` — moves the journey on (``next``, ``when``, ``otherwise``, ``branch``, ...);
* ``constant`` — a flag that stands alone as a value (``personal-data``, ``verified``, ``max``);
* ``field`` — any other statement or part of one (``legal``, ``bwb``, ``art``);
* ``lane``, ``layer``, ``unit`` — the alternatives of the ``LANE``, ``TEXT_LAYER`` and ``UNIT``
  terminals.

This module is on the path of every ``pwib check``: it imports nothing but attrs, and the
grammar only inside :func:`grammar_words` (a test's check, never a parse).
"""

from __future__ import annotations

import functools

import attrs

KINDS = ("declaration", "import", "flow", "constant", "field", "lane", "layer", "unit")


@attrs.frozen
class Word:
    """A keyword: its text, the terminal it lexes as, its kind, and what it does."""

    text: str
    #: ``KW_*`` for a keyword terminal; ``LANE``, ``TEXT_LAYER`` or ``UNIT`` for their words
    terminal: str
    kind: str
    #: the surface node classes (names in :mod:`pwib_dsl.surface.nodes`) a statement with this
    #: keyword makes, the main one first
    nodes: tuple[str, ...] = ()
    #: the kind of ``{ ... }`` block it opens (see :data:`BLOCKS`), if any
    opens: str | None = None
    #: never starts a statement: it continues one (``art``, ``from``, ``max``, units)
    inner: bool = False
    #: the next word is a name or label, never a new statement (for the editor's scanner)
    name_next: bool = False
    #: followed by an article, lid or onderdeel label (``art 4:13``), highlighted as a number
    labelled: bool = False
    #: Dutch (and other) words authors type for it; an error message offers this keyword
    dutch: tuple[str, ...] = ()


def _kw(text: str, kind: str, *nodes: str, **extra) -> Word:
    return Word(text, "KW_" + text.upper().replace("-", "_"), kind, tuple(nodes), **extra)


def _lane(text: str, dutch: tuple[str, ...] = ()) -> Word:
    return Word(text, "LANE", "lane", ("LaneEntry",), name_next=True, dutch=dutch)


def _layer(text: str, dutch: tuple[str, ...] = ()) -> Word:
    return Word(text, "TEXT_LAYER", "layer", ("TextLayer",), dutch=dutch)


def _unit(text: str, dutch: tuple[str, ...] = ()) -> Word:
    return Word(text, "UNIT", "unit", inner=True, dutch=dutch)


#: Every word of the language, in the grammar's order.
WORDS: tuple[Word, ...] = (
    _kw("module", "declaration", "ModuleDecl", name_next=True),
    _kw("use", "import", "Use", name_next=True, dutch=("gebruik",)),
    _kw("law", "declaration", "Law", opens="law", name_next=True, dutch=("wet",)),
    _kw("extend", "declaration", "LawExtension", opens="extend", dutch=("aanvulling",)),
    _kw("bwb", "field", "BwbField"),
    _kw("cvdr", "field", "CvdrField"),
    _kw("article", "declaration", "Article", opens="article", name_next=True, labelled=True, dutch=("artikel",)),
    # only a blueprint's named term opens a block; an article's never does
    _kw("term", "field", "Term", "TermSpan", opens="term-span", dutch=("termijn",)),
    _kw("max", "constant", inner=True),
    _kw("measure", "declaration", "Measure", "MeasureUse", opens="measure", name_next=True, dutch=("maatregel",)),
    _kw("theme", "field", "ThemeField", dutch=("thema",)),
    _kw("phase", "declaration", "Phase", "PhaseField", opens="phase", name_next=True, dutch=("fase",)),
    _kw("changes", "field", "ChangesField", name_next=True, dutch=("wijzigt",)),
    _kw("effective", "field", "EffectiveField", dutch=("ingangsdatum",)),
    _kw("retroactive", "field", "RetroactiveField", dutch=("terugwerkend",)),
    _kw("component", "declaration", "Component", opens="component", name_next=True),
    _kw("facility", "declaration", "Facility", opens="facility", name_next=True, dutch=("voorziening",)),
    _kw("url", "field", "UrlField"),
    _kw("personal-data", "constant", "PersonalDataField", dutch=("persoonsgegevens",)),
    _kw("role", "declaration", "Role", opens="role", name_next=True, dutch=("rol",)),
    _kw("tile", "declaration", "Tile", "TileField", opens="tile", name_next=True, dutch=("tegel",)),
    _kw("organisation", "declaration", "Organisation", opens="organisation", name_next=True,
        dutch=("organisatie", "organization", "partner")),
    _kw("of", "field", inner=True, name_next=True),
    _kw("order", "field", "OrderField", dutch=("volgorde",)),
    _kw("parent", "field", "ParentField", name_next=True),
    _kw("source", "field", "SourceField", dutch=("bron",)),
    _kw("verified", "constant", "VerifiedField", dutch=("geverifieerd",)),
    _kw("unverified", "constant", "VerifiedField", dutch=("ongeverifieerd",)),
    _kw("description", "field", "DescriptionField", dutch=("omschrijving", "beschrijving")),
    _kw("gloss", "field", "GlossField"),
    _kw("system", "declaration", "SystemDecl", "SystemUse", opens="system", name_next=True, dutch=("systeem",)),
    _kw("actor", "declaration", "ActorDecl", name_next=True),
    _kw("blueprint", "declaration", "Blueprint", opens="blueprint", name_next=True, dutch=("klantreis", "reis")),
    _kw("version", "field", "VersionField", dutch=("versie",)),
    _kw("status", "field", "StatusField", name_next=True),
    _kw("implements", "field", "ImplementsField", name_next=True, dutch=("implementeert",)),
    _kw("owner", "field", "OwnerField", dutch=("eigenaar",)),
    _kw("step", "declaration", "Step", opens="step", name_next=True, dutch=("stap",)),
    _kw("decision", "declaration", "Decision", opens="decision", name_next=True,
        dutch=("beslissing", "besluit", "keuze")),
    _kw("end", "declaration", "End", opens="end", name_next=True, dutch=("einde", "eind")),
    _kw("fork", "declaration", "Fork", opens="fork", name_next=True, dutch=("tegelijk", "parallel")),
    _kw("join", "declaration", "Join", opens="join", name_next=True, dutch=("samenkomen",)),
    _kw("branch", "flow", "ParallelBranch", name_next=True),
    _kw("legal", "field", "LegalRef", "LegalDateField", name_next=True, dutch=("juridisch", "wettelijk", "grondslag")),
    _kw("from", "field", inner=True, name_next=True),
    _kw("to", "field", inner=True, name_next=True),
    _kw("suspended-by", "field", "SuspendedBy", name_next=True, dutch=("opgeschort", "opschorting")),
    _kw("art", "field", inner=True, name_next=True, labelled=True, dutch=("artikel",)),
    _kw("lid", "field", "LidField", inner=True, name_next=True, labelled=True),
    _kw("onderdeel", "field", inner=True, name_next=True, labelled=True),
    _kw("as-of", "field", inner=True),
    _kw("communication", "field", "Communication", name_next=True, dutch=("communicatie",)),
    _kw("emotion", "field", "Emotion", dutch=("emotie",)),
    _kw("deadline", "field", "Deadline", dutch=("termijn",)),
    _kw("wait", "flow", "Wait", name_next=True, dutch=("wacht", "wachten")),
    _kw("outcome", "field", "Outcome", name_next=True, dutch=("uitkomst",)),
    _kw("next", "flow", "Next", name_next=True, dutch=("volgende",)),
    _kw("when", "flow", "Branch", "SpanCondition", dutch=("wanneer", "als")),
    _kw("otherwise", "flow", "Otherwise", dutch=("anders",)),
    _kw("journey", "flow", "Journey", name_next=True),
    # variants: a blueprint written as changes to a base blueprint
    _kw("variant", "declaration", "Variant", opens="variant", name_next=True, dutch=("afwijking",)),
    _kw("lock", "field", "LockField", dutch=("vergrendel",)),
    _kw("add", "field", "AddNode", "ChangeAdd", name_next=True, dutch=("toevoegen",)),
    _kw("change", "field", "ChangeNode", opens="change", name_next=True, dutch=("wijzig",)),
    _kw("replace", "field", "ChangeReplace", name_next=True, dutch=("vervang",)),
    _kw("swap", "field", "Swap", name_next=True, dutch=("wissel", "vervang")),
    _kw("with", "field", inner=True, name_next=True),
    _kw("remove", "field", "RemoveNode", "ChangeRemove", name_next=True, dutch=("verwijder",)),
    _kw("because", "field", inner=True),
    _kw("reroute", "field", "Reroute", name_next=True, dutch=("omleiden",)),
    _kw("after", "field", inner=True, name_next=True),
    _kw("before", "field", inner=True, name_next=True),
    _kw("in", "field", inner=True, name_next=True),
    # lanes, top to bottom
    _lane("evidence", ("bewijs",)),
    _lane("customer", ("klant",)),
    _lane("frontstage"),
    _lane("backstage"),
    _lane("support", ("ondersteuning",)),
    # layers holding free text
    _layer("policy", ("beleid",)),
    _layer("functionality", ("functionaliteit",)),
    _layer("toolkit"),
    _layer("pain", ("pijnpunt",)),
    _layer("opportunity", ("kans",)),
    _layer("kpi"),
    _layer("note", ("notitie", "opmerking")),
    # units of a term or deadline
    _unit("day", ("dag",)),
    _unit("days", ("dagen",)),
    _unit("workday", ("werkdag",)),
    _unit("workdays", ("werkdagen",)),
    _unit("week"),
    _unit("weeks", ("weken",)),
    _unit("month", ("maand",)),
    _unit("months", ("maanden",)),
    _unit("year", ("jaar",)),
    _unit("years", ("jaren",)),
)


# ---------------------------------------------------------------- blocks


#: Block kinds and how a message names them ("unknown field `x` in a step"), the top level
#: of a file first.
BLOCKS: dict[str, str] = {
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
    "variant": "a variant",
    "change": "a change block",
}

#: Blocks whose header is ``KEYWORD NAME "Title"`` (the title is required).
TITLED = frozenset(
    {"law", "article", "measure", "component", "facility", "role", "tile", "organisation", "blueprint", "phase",
     "step", "decision", "fork", "join", "end", "variant"}
)


# ---------------------------------------------------------------- usage lines


@attrs.frozen
class Form:
    """A statement: its keyword, the blocks it belongs in, and its usage line."""

    keyword: str
    kinds: tuple[str, ...]
    usage: str


_CATALOGUE = ("law", "article", "measure", "component", "facility", "role", "tile", "organisation", "system")
#: The flow nodes: the blocks a journey moves through.
FLOW_NODES = ("step", "decision", "fork", "join", "end")
_FLOW = FLOW_NODES
_BLUEPRINT = ("blueprint",)


def _of(kind: str) -> tuple[str, ...]:
    return tuple(w.text for w in WORDS if w.kind == kind)


#: Every statement form, in the order the documentation (docs/language.md) lists them; a
#: keyword written in several blocks has a form for each.
FORMS: tuple[Form, ...] = (
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
    *(Form(lane, _FLOW, f'{lane} [ACTOR] "text"') for lane in _of("lane")),
    Form("legal", _FLOW, 'legal LAW art N [lid N] [onderdeel X] [as-of YYYY-MM-DD] ["note"]'),
    *(Form(layer, _FLOW, f'{layer} "text"') for layer in _of("layer")),
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
    # -- variants: a blueprint written as changes to a base blueprint
    Form("variant", ("file",), 'variant NAME "Title" of MODULE.BLUEPRINT { lock "sha256:..."  swap ...  change ... }'),
    Form("lock", ("variant",), 'lock "sha256:HEX"'),
    Form("version", ("variant",), 'version "1.0"'),
    Form("status", ("variant",), "status concept|review|approved|retired"),
    Form("owner", ("variant",), 'owner "text"'),
    Form("description", ("variant",), 'description "text"'),
    Form("system", ("variant",), 'system NAME ["Title"] [= MODULE.COMPONENT] [{ url "..."  personal-data }]'),
    Form("actor", ("variant",), 'actor NAME ["Title"] [= MODULE.ROLE] [of ORGANISATION]'),
    Form("swap", ("variant",), "swap system|actor BASE-NAME -> NAME"),
    Form("add", ("variant",), 'add step|decision|end|fork|join NAME "Title" after|before NODE | in PHASE [{ ... }]'),
    Form("change", ("variant",), "change step|decision|end|fork|join NAME { replace ...  add ...  remove ... }"),
    Form("reroute", ("variant",), "reroute NODE next|otherwise|deadline|when \"label\" -> NODE"),
    Form("remove", ("variant",), 'remove step|decision|end|fork|join NAME because "reason"'),
    Form("replace", ("change",), "replace LINE-KIND [NAME] [\"text\"] with LINE"),
    Form("add", ("change",), "add LINE"),
    Form("remove", ("change",), 'remove LINE-KIND [NAME] ["text"]'),
)


# ---------------------------------------------------------------- views


@functools.cache
def by_text() -> dict[str, Word]:
    """Keyword text → its word."""
    return {w.text: w for w in WORDS}


def word(text: str) -> Word | None:
    """The word written ``text`` (None for a name)."""
    return by_text().get(text)


@functools.cache
def of_kind(kind: str) -> tuple[str, ...]:
    """The words of one kind, in table order (``lane`` → evidence, customer, ...)."""
    return _of(kind)


@functools.cache
def of_terminal(terminal: str) -> tuple[str, ...]:
    """The words a terminal stands for, in table order (``LANE`` → the five lanes)."""
    return tuple(w.text for w in WORDS if w.terminal == terminal)


@functools.cache
def terminals() -> tuple[str, ...]:
    """Every terminal a word lexes as (``KW_*``, ``LANE``, ``TEXT_LAYER``, ``UNIT``), in table order."""
    return tuple(dict.fromkeys(w.terminal for w in WORDS))


@functools.cache
def node_words() -> dict[str, str]:
    """Surface node class name → the keyword that writes it (``Step`` → step, ``TermSpan`` → term)."""
    out: dict[str, str] = {}
    for w in WORDS:
        for node in w.nodes:
            out.setdefault(node, w.text)
    return out


def node_word(node: type | object) -> str:
    """The keyword of a surface node or node class (``n.PhaseField`` → phase)."""
    cls = node if isinstance(node, type) else type(node)
    return node_words()[cls.__name__]


@functools.cache
def dutch() -> dict[str, tuple[str, ...]]:
    """A word authors may type (mostly Dutch) → the keywords it stands for, in table order."""
    out: dict[str, tuple[str, ...]] = {}
    for w in WORDS:
        for alias in w.dutch:
            out[alias] = out.get(alias, ()) + (w.text,)
    return out


@functools.cache
def block_openers() -> dict[str, str]:
    """Keyword terminal → the kind of block it opens."""
    return {w.terminal: w.opens for w in WORDS if w.opens}


@functools.cache
def highlight_classes() -> dict[str, tuple[str, ...]]:
    """Highlighting class (a kind) → its words, sorted: what the editor assets colour."""
    return {kind: tuple(sorted(w.text for w in WORDS if w.kind == kind)) for kind in KINDS}


def labelled() -> tuple[str, ...]:
    """Keywords followed by an article, lid or onderdeel label, in table order."""
    return tuple(w.text for w in WORDS if w.labelled)


def grammar_words() -> dict[str, tuple[str, ...]]:
    """Keyword terminal → its words, read from the compiled grammar (the table's check).

    ``KW_*`` terminals are one string each; ``LANE``, ``TEXT_LAYER`` and ``UNIT`` are
    alternations of plain words.
    """
    from pwib_dsl.syntax import grammar

    out: dict[str, tuple[str, ...]] = {}
    for term in grammar.terminals():
        if not (term.name.startswith("KW_") or term.name in ("LANE", "TEXT_LAYER", "UNIT")):
            continue
        pattern = term.pattern
        if pattern.type == "str":
            out[term.name] = (pattern.value,)
        else:
            out[term.name] = tuple(alt.replace("\\", "") for alt in pattern.value.strip("(?:)").split("|"))
    return out


def drift() -> list[str]:
    """Where the table and the grammar disagree, as sentences (empty when they agree)."""
    problems = []
    table = {(w.terminal, w.text) for w in WORDS}
    grammar = {(t, text) for t, texts in grammar_words().items() for text in texts}
    for terminal, text in sorted(grammar - table):
        problems.append(f"`{text}` ({terminal}) is in the grammar but not in the word table")
    for terminal, text in sorted(table - grammar):
        problems.append(f"`{text}` ({terminal}) is in the word table but not in the grammar")
    for w in WORDS:
        if w.kind not in KINDS:
            problems.append(f"`{w.text}` has an unknown kind `{w.kind}`")
        if w.opens is not None and w.opens not in BLOCKS:
            problems.append(f"`{w.text}` opens an unknown block `{w.opens}`")
    for form in FORMS:
        if form.keyword not in by_text():
            problems.append(f"the usage line of `{form.keyword}` names no word of the table")
    return problems
