"""Hand-built resolved models for the BPMN backend tests (independent of the semantic phase).

``workspace()`` is a small but realistic workspace: a catalogue slice (laws with articles and
terms, measures, GEMMA components and facilities, roles, tiles), two tile blueprints and a
master journey that calls them:

* ``aanmelding`` — registering for debt assistance: three phases, four actors (resident,
  consultant, administration, an automated support lane), steps of every task kind, a decision
  with three branches (one ``otherwise``) including a loop back, a decision without work,
  deadlines in weeks and in workdays (two on one step), systems with GEMMA components, legal
  citations with notes, measures and every layer;
* ``stabilisatie`` — a decision with three ``when`` branches and no ``otherwise``;
* ``klantreis`` — the master journey: ``journey`` steps calling both tiles.

``blueprint_with(...)`` builds small variants for focused tests.
"""

from __future__ import annotations

import attrs

from pwib_dsl.sema import model as m

WGS = "BWBR0031331"
PW = "BWBR0015703"
AWB = "BWBR0005537"


def cite(law: str, name: str, title: str, bwb: str, article: str, lid: str | None = None,
         onderdeel: str | None = None, note: str | None = None,
         article_title: str | None = None) -> m.Citation:
    jci = f"jci1.3:c:{bwb}&artikel={article}" + (f"&lid={lid}" if lid else "") + (
        f"&onderdeel={onderdeel}" if onderdeel else "")
    label = f"{name.capitalize()} art. {article}" + (f" lid {lid}" if lid else "") + (
        f" onderdeel {onderdeel}" if onderdeel else "")
    return m.Citation(law=law, law_name=name, law_title=title, article=article, label=label,
                      url=f"https://wetten.overheid.nl/{jci}", jci=jci, bwb=bwb,
                      article_title=article_title, lid=lid, onderdeel=onderdeel, note=note)


def wgs(article: str, lid: str | None = None, note: str | None = None) -> m.Citation:
    titles = {"4": "Eerste gesprek", "4a": "Beschikking met plan van aanpak", "3": "Taken"}
    return cite("wet.wgs", "wgs", "Wet gemeentelijke schuldhulpverlening", WGS, article, lid,
                note=note, article_title=titles.get(article))


def awb(article: str, lid: str | None = None) -> m.Citation:
    return cite("wet.awb", "awb", "Algemene wet bestuursrecht", AWB, article, lid,
                article_title={"3:41": "Bekendmaking", "4:13": "Beslistermijn"}.get(article))


CATALOGUE = m.Catalogue(
    laws=(
        m.Law(id="wet.wgs", name="wgs", title="Wet gemeentelijke schuldhulpverlening", bwb=WGS,
              url=f"https://wetten.overheid.nl/{WGS}",
              articles=(
                  m.Article(law="wet.wgs", number="4", title="Eerste gesprek",
                            url=f"https://wetten.overheid.nl/jci1.3:c:{WGS}&artikel=4",
                            jci=f"jci1.3:c:{WGS}&artikel=4",
                            terms=(m.Term(4, "weeks"),
                                   m.Term(3, "workdays", note="bij dreigende huisuitzetting"))),
                  m.Article(law="wet.wgs", number="4a", title="Beschikking met plan van aanpak",
                            url=f"https://wetten.overheid.nl/jci1.3:c:{WGS}&artikel=4a",
                            jci=f"jci1.3:c:{WGS}&artikel=4a", terms=(m.Term(8, "weeks", True),)),
              ),
              provenance=m.Provenance("https://wetten.overheid.nl/BWBR0031331", True)),
        m.Law(id="wet.awb", name="awb", title="Algemene wet bestuursrecht", bwb=AWB,
              url=f"https://wetten.overheid.nl/{AWB}"),
    ),
    measures=(
        m.Measure(id="pwib.direct-aanvragen", name="direct-aanvragen",
                  title="Direct aanvraag indienen", theme="Aanvraagprocedure", phase=1,
                  effective=(m.Effective("2026-01-01", "fase 1"),)),
        m.Measure(id="pwib.identificatie", name="identificatie",
                  title="Identificatie met rijbewijs of DigiD", phase=1),
    ),
    components=(
        m.Component(id="gemma.zaakregistratiecomponent", name="zaakregistratiecomponent",
                    title="Zaakregistratiecomponent", kind="component",
                    url="https://gemmaonline.nl/index.php/GEMMA/id-a97b6545-d5a7-485d-9b13-3ce22db5b9cf",
                    personal_data=True),
        m.Component(id="gemma.digid", name="digid", title="DigiD", kind="facility",
                    personal_data=True),
        m.Component(id="gemma.brp", name="brp", title="Basisregistratie Personen",
                    kind="facility", personal_data=True),
    ),
    roles=(
        m.Role(id="rollen.inwoner", name="inwoner", title="Inwoner"),
        m.Role(id="rollen.schuldhulpverlener", name="schuldhulpverlener",
               title="Schuldhulpverlener"),
        m.Role(id="rollen.budgetcoach", name="budgetcoach", title="Budgetcoach"),
    ),
    tiles=(
        m.Tile(id="schuldenlandschap.toegang", name="toegang", title="Toegang", order=3),
        m.Tile(id="schuldenlandschap.aanmelding", name="aanmelding", title="Aanmelding",
               order=1, parent="schuldenlandschap.toegang"),
        m.Tile(id="schuldenlandschap.stabilisatie", name="stabilisatie", title="Stabilisatie",
               order=4),
    ),
)


def lane(which, text, actor=None) -> m.LaneEntry:
    return m.LaneEntry(which, text, actor)


AANMELDING = m.Blueprint(
    id="aanmelding",
    title="Aanmelden voor schuldhulpverlening",
    file="toegang/aanmelding.blueprint",
    version="1.2",
    status="concept",
    tile="schuldenlandschap.aanmelding",
    implements=("pwib.direct-aanvragen",),
    owner="Team Schuldhulp",
    description="Van de eerste melding tot de beschikking over toelating.",
    actors=(
        m.Actor("consulent", "Schuldhulpverlener", "rollen.schuldhulpverlener"),
        m.Actor("inwoner", "Inwoner", "rollen.inwoner"),
        m.Actor("administratie", "Administratie"),
    ),
    systems=(
        m.System("website", "Aanmeldformulier op de website"),
        m.System("digid", "DigiD", "gemma.digid", True),
        m.System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", True,
                 "https://gemmaonline.nl/index.php/GEMMA/id-a97b6545-d5a7-485d-9b13-3ce22db5b9cf",
                 "Registreert de zaak en de betrokkenen."),
        m.System("brp", "Basisregistratie Personen", "gemma.brp", True),
    ),
    phases=(
        m.Phase("melden", "Melden", ("aanmelden", "brp", "bevestigen")),
        m.Phase("intake", "Intake", ("gesprek", "toelating", "aanvullen")),
        m.Phase("plannen", "Plan van aanpak", ("plan", "versturen", "gestart")),
    ),
    nodes=(
        m.Step(
            "aanmelden", "Inwoner meldt zich aan", "melden",
            lanes=(lane("evidence", "Webformulier met DigiD"),
                   lane("customer", "Vult het aanmeldformulier in", "inwoner")),
            systems=("website", "digid"),
            measures=("pwib.identificatie",),
            emotion=-1,
            pains=("Weet niet welke stukken nodig zijn",),
            communication=(m.Communication("Bevestiging op het scherm", "web"),),
            next="brp",
        ),
        m.Step(
            "brp", "Gegevens ophalen uit de BRP", "melden",
            lanes=(lane("support", "Bevraagt de Basisregistratie Personen"),),
            systems=("brp",),
            legal=(wgs("3", note="gegevens voor de intake"),),
            next="bevestigen",
        ),
        m.Step(
            "bevestigen", "Ontvangst bevestigen", "melden",
            lanes=(lane("backstage", "Registreert de aanmelding", "administratie"),),
            systems=("zaken",),
            communication=(m.Communication("Ontvangstbevestiging met de datum van het gesprek",
                                           "brief"),),
            toolkit=("Sjabloon ontvangstbevestiging",),
            next="gesprek",
        ),
        m.Step(
            "gesprek", "Eerste gesprek voeren", "intake",
            lanes=(lane("frontstage", "Voert het eerste gesprek en brengt de hulpvraag in kaart",
                        "consulent"),
                   lane("customer", "Vertelt over de situatie", "inwoner")),
            legal=(wgs("4", "1"), wgs("4", "2", "bij dreigende huisuitzetting")),
            deadlines=(m.Deadline(4, "weeks"),
                       m.Deadline(3, "workdays", "bij dreigende huisuitzetting")),
            emotion=0,
            kpis=("Percentage gesprekken binnen de termijn",),
            next="toelating",
        ),
        m.Decision(
            "toelating", "Toelaten tot schuldhulpverlening?", "intake",
            lanes=(lane("backstage", "Beoordeelt de hulpvraag en de stukken", "consulent"),),
            legal=(wgs("4a"),),
            systems=("zaken",),
            deadlines=(m.Deadline(8, "weeks"),),
            outcome="beschikking",
            policy=("Toelaten tenzij een weigeringsgrond van de beleidsregels geldt",),
            branches=(
                m.Branch("toegelaten", "plan"),
                m.Branch("stukken ontbreken", "aanvullen"),
                m.Branch("afgewezen", "afwijzing", is_default=True),
            ),
        ),
        m.Step(
            "aanvullen", "Stukken aanvullen", "intake",
            lanes=(lane("customer", "Levert de ontbrekende stukken aan", "inwoner"),),
            systems=("website",),
            emotion=-2,
            opportunities=("Een checklist vooraf voorkomt dit",),
            next="toelating",
        ),
        m.Step(
            "plan", "Plan van aanpak opstellen", "plannen",
            lanes=(lane("frontstage", "Stelt samen met de inwoner het plan op", "consulent"),
                   lane("customer", "Denkt mee over het plan", "inwoner")),
            measures=("pwib.direct-aanvragen",),
            functionality=("Plan delen met de inwoner",),
            notes=("Het plan is onderdeel van de beschikking",),
            next="versturen",
        ),
        m.Step(
            "versturen", "Beschikking versturen", "plannen",
            lanes=(lane("backstage", "Verstuurt de beschikking met het plan", "consulent"),),
            legal=(wgs("4a"), awb("3:41")),
            communication=(m.Communication("Beschikking met plan van aanpak", "brief"),),
            outcome="beschikking",
            next="gestart",
        ),
        m.End("gestart", "Hulptraject gestart", "plannen"),
        m.Step(
            "afwijzing", "Afwijzing versturen",
            lanes=(lane("backstage", "Verstuurt de afwijzende beschikking", "consulent"),),
            legal=(awb("4:13"),),
            communication=(m.Communication("Afwijzende beschikking met bezwaarclausule",
                                           "brief"),),
            next="afgewezen",
        ),
        m.End("afgewezen", "Aanvraag afgewezen",
              legal=(awb("3:41"),), notes=("Bezwaar binnen zes weken",)),
    ),
    start="aanmelden",
)

STABILISATIE = m.Blueprint(
    id="stabilisatie",
    title="Stabiliseren van de financiën",
    file="stabilisatie.blueprint",
    tile="schuldenlandschap.stabilisatie",
    actors=(m.Actor("inwoner", "Inwoner", "rollen.inwoner"),
            m.Actor("coach", "Budgetcoach", "rollen.budgetcoach")),
    systems=(m.System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", True),),
    nodes=(
        m.Step("inkomsten", "Inkomsten en uitgaven in kaart brengen",
               lanes=(lane("frontstage", "Brengt het budget in kaart", "coach"),
                      lane("customer", "Levert bankafschriften aan", "inwoner")),
               systems=("zaken",), next="vorm"),
        m.Decision("vorm", "Welke vorm van ondersteuning?",
                   branches=(m.Branch("budgetbeheer", "budgetbeheer"),
                             m.Branch("budgetcoaching", "coaching"),
                             m.Branch("beschermingsbewind", "bewind"))),
        m.Step("budgetbeheer", "Budgetbeheer starten",
               lanes=(lane("backstage", "Opent een beheerrekening", "coach"),), next="stabiel"),
        m.Step("coaching", "Budgetcoaching",
               lanes=(lane("frontstage", "Coacht de inwoner maandelijks", "coach"),),
               deadlines=(m.Deadline(6, "months"),), next="stabiel"),
        m.End("bewind", "Doorverwezen naar beschermingsbewind"),
        m.End("stabiel", "Financiën stabiel"),
    ),
    start="inkomsten",
)

KLANTREIS = m.Blueprint(
    id="klantreis",
    title="Master-klantreis schuldhulpverlening",
    file="klantreis.blueprint",
    status="concept",
    phases=(m.Phase("toegang", "Toegang", ("toegang",)),
            m.Phase("hulp", "Hulp", ("stabiliseren", "afgerond"))),
    nodes=(
        m.Step("toegang", "Toegang tot schuldhulp", "toegang", journey="aanmelding",
               next="stabiliseren"),
        m.Step("stabiliseren", "Financiën stabiliseren", "hulp", journey="stabilisatie",
               deadlines=(m.Deadline(1, "years"),), next="afgerond"),
        m.End("afgerond", "Klantreis afgerond", "hulp"),
    ),
    start="toegang",
)


def workspace(*blueprints: m.Blueprint, lang: str = "nl") -> m.Workspace:
    """The fixture workspace (or one holding ``blueprints`` against the fixture catalogue)."""
    bps = blueprints or (AANMELDING, STABILISATIE, KLANTREIS)
    return m.Workspace(blueprints=tuple(bps), catalogue=CATALOGUE, lang=lang)


def blueprint_with(nodes, *, id="variant", actors=(), systems=(), phases=(), start=None,
                   **fields) -> m.Blueprint:
    """A small blueprint for focused tests; ``start`` defaults to the first node."""
    nodes = tuple(nodes)
    return m.Blueprint(id=id, title=fields.pop("title", "Variant"), file=f"{id}.blueprint",
                       actors=tuple(actors), systems=tuple(systems), phases=tuple(phases),
                       nodes=nodes, start=start or (nodes[0].id if nodes else None), **fields)


def with_node(bp: m.Blueprint, node: m.FlowNode, after: str) -> m.Blueprint:
    """``bp`` with ``node`` inserted after node ``after`` in file order (flow untouched)."""
    nodes = list(bp.nodes)
    index = [n.id for n in nodes].index(after) + 1
    nodes.insert(index, node)
    return attrs.evolve(bp, nodes=tuple(nodes))


# ---------------------------------------------------------------------- rendered files


def render_workspace(ws: m.Workspace, folder, lang: str = "nl",
                     dialect: str = "spiff") -> dict[str, object]:
    """Render ``ws`` with the BPMN backend (``dialect``) into ``folder``; {blueprint id: path}."""
    from pathlib import Path

    from pwib_dsl.backends import BuildOptions
    from pwib_dsl.backends.bpmn import render

    folder = Path(folder)
    paths = {}
    for rel, data in render(ws, BuildOptions(lang=lang, targets=("bpmn",),
                                                bpmn_dialect=dialect)).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths[path.stem] = path
    return paths


def example_workspace() -> m.Workspace:
    """The workspace compiled from ``examples/`` (the test fails if it does not compile)."""
    from pathlib import Path

    from pwib_dsl.driver import compile_paths

    root = Path(__file__).resolve().parent.parent / "examples"
    result = compile_paths([root])
    errors = [f"{d.code} {d.message}" for d in result.diagnostics if d.severity.value == "error"]
    assert not errors, f"examples/ does not compile: {errors[:5]}"
    assert result.workspace is not None and result.workspace.blueprints
    return result.workspace
