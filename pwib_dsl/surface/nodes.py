"""Surface AST node classes.

One frozen attrs class per construct, named after its grammar rule (rule ``legal_ref`` ↔ class
``LegalRef``). Every node has a ``span`` that is excluded from equality and repr, so
``parse(format(x)) == parse(x)`` compares meaning only. Bodies keep their items in source
order (the formatter prints them back in that order); typed accessors pick items by class.
Comments are not nodes: :class:`File` keeps them, with their spans, for the formatter.
"""

from __future__ import annotations

from typing import Iterator, TypeVar, Union

import attrs

from pwib_dsl.source import NO_SPAN, Span

T = TypeVar("T")


def _span():
    return attrs.field(default=NO_SPAN, eq=False, repr=False, kw_only=True)


class Node:
    """Marker base class of every AST node.

    Nodes hold only their slots: no ``__dict__`` and no weak-reference slot (a parse makes a
    node for nearly every token, and each of those would cost every node 24 bytes more).
    """

    __slots__ = ()

    span: Span


# ---------------------------------------------------------------- leaves


@attrs.frozen(weakref_slot=False)
class Ident(Node):
    """A name (``aanmelding``, ``direct-aanvragen``) or a label (article ``4a``, lid ``2``)."""

    text: str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class QName(Node):
    """A possibly qualified name: ``rollen.inwoner``. ``parts`` keeps each segment."""

    parts: tuple[str, ...]
    span: Span = _span()

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)

    def __str__(self) -> str:
        return self.dotted


@attrs.frozen(weakref_slot=False)
class Str(Node):
    """A string literal. ``value`` is the decoded text; ``raw`` the source text with quotes.

    Equality compares ``value`` only: the formatter prints ``raw`` back byte for byte.
    """

    value: str
    #: None when the source text is the value in plain quotes (nearly every literal), so a
    #: parse keeps one string per literal, not two; "" for a literal made in code
    _raw: str | None = attrs.field(eq=False, repr=False, default="", alias="raw")
    span: Span = _span()

    @property
    def raw(self) -> str:
        return f'"{self.value}"' if self._raw is None else self._raw

    @property
    def long(self) -> bool:
        return self.raw.startswith('"""')


@attrs.frozen(weakref_slot=False)
class Comment:
    """A ``#`` comment (text includes the ``#``)."""

    text: str
    span: Span = _span()


# ---------------------------------------------------------------- catalogue fields


@attrs.frozen(weakref_slot=False)
class BwbField(Node):
    id: str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class CvdrField(Node):
    """``cvdr CVDR743404``: the identifier of a local regulation in the CVDR."""

    id: str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Term(Node):
    """``term 8 weeks max "note"``: a legal term of an article."""

    amount: int
    unit: str
    is_max: bool = False
    note: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class LidField(Node):
    """``lid 1 onderdeel a "note"``: a lid (or one onderdeel of it) an article has."""

    lid: Ident
    onderdeel: Ident | None = None
    note: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ThemeField(Node):
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class PhaseField(Node):
    number: int
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class LegalTarget(Node):
    """``wgs art 4 lid 1 onderdeel a``: law, article and optional lid and onderdeel."""

    law: QName
    article: Ident
    lid: Ident | None = None
    onderdeel: Ident | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ChangesField(Node):
    """``changes pw art 44 lid 2``: an article a measure changes."""

    target: LegalTarget
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class EffectiveField(Node):
    date: str
    note: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class RetroactiveField(Node):
    """``retroactive 2026-01-01 "note"``: a measure applies from this date, back in time."""

    date: str
    note: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class UrlField(Node):
    url: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class PersonalDataField(Node):
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class OrderField(Node):
    number: int
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ParentField(Node):
    ref: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class SourceField(Node):
    url: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class VerifiedField(Node):
    """``verified`` or ``unverified``: the provenance tag of a catalogue entry."""

    verified: bool
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class DescriptionField(Node):
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class GlossField(Node):
    """An English gloss of a Dutch name."""

    text: Str
    span: Span = _span()


# ---------------------------------------------------------------- declarations


class _Decl(Node):
    """A declaration with a name, a title and a body of items in source order."""

    __slots__ = ()

    name: Ident
    items: tuple

    def find(self, cls: type[T]) -> T | None:
        for item in self.items:
            if isinstance(item, cls):
                return item
        return None

    def find_all(self, cls: type[T]) -> tuple[T, ...]:
        return tuple(item for item in self.items if isinstance(item, cls))


@attrs.frozen(weakref_slot=False)
class Article(_Decl):
    number: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()

    @property
    def name(self) -> Ident:  # type: ignore[override]
        return self.number


@attrs.frozen(weakref_slot=False)
class Law(_Decl):
    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    span: Span = _span()

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.find_all(Article)


@attrs.frozen(weakref_slot=False)
class LawExtension(Node):
    """``extend wet.pw { article 48 "..." { ... } }``: articles added to a law declared elsewhere
    (the standard library's, say), without declaring the law again."""

    target: QName
    items: tuple["DeclItem", ...] = ()
    span: Span = _span()

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(i for i in self.items if isinstance(i, Article))


@attrs.frozen(weakref_slot=False)
class Measure(_Decl):
    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Component(_Decl):
    """A GEMMA reference component."""

    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Facility(_Decl):
    """A national facility (DigiD, BRP, Suwinet, ...)."""

    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Role(_Decl):
    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Tile(_Decl):
    """A tile of the debt landscape (schuldenlandschap)."""

    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Organisation(_Decl):
    """``organisation woningcorporatie "Woningcorporatie"``: an organisation taking part in
    journeys (the municipality, a partner); actors belong to one with ``of``."""

    name: Ident
    title: Str
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class SystemDecl(_Decl):
    """``system zaken "Zaaksysteem" = gemma.zaakregistratiecomponent { ... }``."""

    name: Ident
    title: Str | None = None
    alias: QName | None = None
    items: tuple["DeclItem", ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ActorDecl(Node):
    """``actor consulent "Consulent" = rollen.schuldhulpverlener of org.gemeente``;
    ``organisation`` names the organisation the actor belongs to."""

    name: Ident
    title: Str | None = None
    alias: QName | None = None
    organisation: QName | None = None
    span: Span = _span()


# ---------------------------------------------------------------- step items


@attrs.frozen(weakref_slot=False)
class LaneEntry(Node):
    """``customer inwoner "Vult het formulier in"``: an entry in one of the five lanes."""

    lane: str  # evidence | customer | frontstage | backstage | support
    actor: Ident | None
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class LegalRef(Node):
    """``legal wgs art 4 lid 1 [as-of 2026-01-01] "note"``; ``as_of`` pins the date the
    citation is read at."""

    target: LegalTarget
    note: Str | None = None
    as_of: str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class TextLayer(Node):
    """A free-text layer entry: policy, functionality, toolkit, pain, opportunity, kpi, note."""

    layer: str
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Communication(Node):
    """``communication brief "Ontvangstbevestiging"``; the channel is optional."""

    channel: Ident | None
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class SystemUse(Node):
    ref: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class MeasureUse(Node):
    ref: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Emotion(Node):
    value: int
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Deadline(Node):
    """``deadline 4 weeks "note" -> STEP``; ``target`` is where the journey goes when it passes."""

    amount: int
    unit: str
    note: Str | None = None
    target: Ident | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Wait(Node):
    """``wait inwoner "Ontbrekende stukken"``: the step waits for a party (actor or organisation)."""

    party: Ident | None
    event: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Outcome(Node):
    """``outcome beschikking``: the formal outcome of a step."""

    kind: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Next(Node):
    target: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Bound(Node):
    """``max 3`` after a branch: the branch is taken at most this many times."""

    times: int
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Branch(Node):
    """``when "toegelaten" -> plan [max 3]``."""

    label: Str
    target: Ident
    bound: Bound | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Otherwise(Node):
    """``otherwise -> geweigerd [max 3]``: the default branch of a decision."""

    target: Ident
    bound: Bound | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ParallelBranch(Node):
    """``branch -> suwinet``: one branch of a fork, run at the same time as the others."""

    target: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Journey(Node):
    """``journey aanmelding``: this step is carried out by another blueprint."""

    ref: QName
    span: Span = _span()


StepItem = Union[
    LaneEntry, LegalRef, TextLayer, Communication, SystemUse, MeasureUse, Emotion, Deadline, Wait,
    Outcome, Next, Branch, Otherwise, ParallelBranch, Journey,
]

DeclItem = Union[
    BwbField, CvdrField, Article, Term, LidField, ThemeField, PhaseField, ChangesField, EffectiveField, RetroactiveField,
    UrlField, PersonalDataField, OrderField, ParentField, SourceField, VerifiedField, DescriptionField,
    GlossField,
]


# ---------------------------------------------------------------- flow nodes and blueprints


class _FlowNode(_Decl):
    __slots__ = ()

    title: Str
    items: tuple[StepItem, ...]


@attrs.frozen(weakref_slot=False)
class Step(_FlowNode):
    name: Ident
    title: Str
    items: tuple[StepItem, ...] = ()
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Decision(_FlowNode):
    name: Ident
    title: Str
    items: tuple[StepItem, ...] = ()
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class End(_FlowNode):
    name: Ident
    title: Str
    items: tuple[StepItem, ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Fork(_FlowNode):
    """``fork NAME "Title" { branch -> A  branch -> B }``: parallel work starts."""

    name: Ident
    title: Str
    items: tuple[StepItem, ...] = ()
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Join(_FlowNode):
    """``join NAME "Title"``: parallel work ends when every branch of its fork has arrived."""

    name: Ident
    title: Str
    items: tuple[StepItem, ...] = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()


FlowNode = Union[Step, Decision, Fork, Join, End]
#: The flow node classes, for ``isinstance`` tests.
FLOW_NODE_TYPES = (Step, Decision, Fork, Join, End)


@attrs.frozen(weakref_slot=False)
class Phase(Node):
    name: Ident
    title: Str
    nodes: tuple[FlowNode, ...] = ()
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class VersionField(Node):
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class StatusField(Node):
    status: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class TileField(Node):
    ref: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ImplementsField(Node):
    ref: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class OwnerField(Node):
    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class LegalDateField(Node):
    """``legal as-of 2027-01-01``: the date a blueprint's citations are read at."""

    date: str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class SuspendedBy(Node):
    """``suspended-by herstel``: the term stops running while this step takes place."""

    step: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class SpanCondition(Node):
    """``when "bij dreigende huisuitzetting"``: the term applies only in this situation."""

    text: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class TermSpan(Node):
    """``term beslistermijn 8 weeks from aanvraag to besluit ["note"] { ... }``."""

    name: Ident
    amount: int
    unit: str
    start: Ident
    end: Ident
    note: Str | None = None
    items: tuple = ()
    has_body: bool = attrs.field(default=False, eq=False)
    span: Span = _span()

    def find_all(self, cls):
        return tuple(i for i in self.items if isinstance(i, cls))


BlueprintItem = Union[
    VersionField, StatusField, TileField, ImplementsField, OwnerField, DescriptionField,
    LegalDateField, TermSpan, SystemDecl, ActorDecl, Phase, Step, Decision, Fork, Join, End,
]


@attrs.frozen(weakref_slot=False)
class Blueprint(_Decl):
    name: Ident
    title: Str
    items: tuple[BlueprintItem, ...] = ()
    span: Span = _span()

    def flow_nodes(self) -> Iterator[tuple[Phase | None, FlowNode]]:
        """Every step, decision and end in file order, with its phase (or None)."""
        for item in self.items:
            if isinstance(item, Phase):
                for node in item.nodes:
                    yield item, node
            elif isinstance(item, FLOW_NODE_TYPES):
                yield None, item


# ---------------------------------------------------------------- variants


@attrs.frozen(weakref_slot=False)
class LockField(Node):
    """``lock "sha256:<hex>"``: the content hash of the base blueprint the variant was written
    against (written by ``pwib variant lock``)."""

    hash: Str
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Swap(Node):
    """``swap system zaken -> s4s``: every use of a base system (``kind`` "system") or actor
    ("actor") becomes another one."""

    kind: str
    old: QName
    new: QName
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Placement(Node):
    """``after NAME`` / ``before NAME`` / ``in PHASE``: where an added node goes."""

    where: str  # after | before | in
    anchor: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class AddNode(Node):
    """``add step NAME "Title" after X { ... }``; ``node`` is the flow node as written."""

    node: FlowNode
    placement: Placement
    has_body: bool = attrs.field(default=True, eq=False)
    span: Span = _span()

    @property
    def items(self) -> tuple:
        return self.node.items


@attrs.frozen(weakref_slot=False)
class Selector(Node):
    """One line of a base node, by kind and what distinguishes it: ``frontstage consulent``,
    ``toolkit "Vragenlijst"``, ``legal wgs art 4``, ``deadline``.

    ``key`` is the actor, channel, system, measure, law article (``wgs art 4 lid 1``),
    outcome, journey or branch target as written; ``text`` the line's text.
    """

    kind: str
    key: str | None = None
    text: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ChangeAdd(Node):
    """``add policy "..."`` in a ``change`` block: a line added to the base node."""

    item: StepItem
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ChangeReplace(Node):
    """``replace SELECTOR with LINE``: one line of the base node replaced."""

    selector: Selector
    item: StepItem
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ChangeRemove(Node):
    """``remove SELECTOR``: one line of the base node removed."""

    selector: Selector
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class ChangeNode(Node):
    """``change step NAME { ... }``: line changes to one base node."""

    kind: str
    target: Ident
    items: tuple = ()
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Reroute(Node):
    """``reroute NODE when "label" -> X`` (also ``next``, ``otherwise``, ``deadline``)."""

    node: Ident
    route: str  # next | otherwise | deadline | when
    label: Str | None
    target: Ident
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class RemoveNode(Node):
    """``remove step NAME because "reason"``."""

    kind: str
    target: Ident
    reason: Str
    span: Span = _span()


VariantItem = Union[
    LockField, VersionField, StatusField, OwnerField, DescriptionField, SystemDecl, ActorDecl,
    Swap, AddNode, ChangeNode, Reroute, RemoveNode,
]


@attrs.frozen(weakref_slot=False)
class Variant(_Decl):
    """``variant NAME "Title" of MODULE.BLUEPRINT { ... }``: a blueprint written as changes to
    a base blueprint (see :mod:`pwib_dsl.variants`)."""

    name: Ident
    title: Str
    base: QName
    items: tuple[VariantItem, ...] = ()
    span: Span = _span()

    @property
    def lock(self) -> LockField | None:
        return self.find(LockField)


# ---------------------------------------------------------------- files


@attrs.frozen(weakref_slot=False)
class ModuleDecl(Node):
    name: Ident
    title: Str | None = None
    span: Span = _span()


@attrs.frozen(weakref_slot=False)
class Use(Node):
    target: QName
    span: Span = _span()


TopItem = Union[Blueprint, Variant, Law, LawExtension, Measure, Component, Facility, Role, Tile, Organisation, SystemDecl, ActorDecl]


@attrs.frozen(weakref_slot=False)
class File(Node):
    """A whole ``.blueprint`` file. Comments are kept, in order, outside equality."""

    module: ModuleDecl | None = None
    uses: tuple[Use, ...] = ()
    items: tuple[TopItem, ...] = ()
    comments: tuple[Comment, ...] = attrs.field(default=(), eq=False, repr=False)
    span: Span = _span()

    @property
    def blueprints(self) -> tuple[Blueprint, ...]:
        return tuple(i for i in self.items if isinstance(i, Blueprint))
