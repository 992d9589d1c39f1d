"""Resolved models for the HTML backend's tests and benchmark, built by hand.

``realistic_workspace()`` is a small but complete Dutch workspace: a catalogue (laws with
articles and terms, PWIB measures, GEMMA components and facilities, roles, tiles) and four
blueprints that use every lane and layer, decisions with branches, deadlines, citations,
emotions and a master journey. ``hostile_workspace()`` puts markup, attribute breakouts and
``javascript:`` URLs in every text and URL field. ``synthetic_workspace(n, m)`` generates
``n`` blueprints of ``m`` steps for the benchmark.
"""

from __future__ import annotations

import random

from pwib_dsl.sema.model import (
    Actor,
    Article,
    Blueprint,
    Branch,
    Catalogue,
    Citation,
    Communication,
    Component,
    Deadline,
    Decision,
    Effective,
    End,
    LaneEntry,
    Law,
    Measure,
    Organisation,
    Phase,
    Provenance,
    Role,
    Step,
    System,
    Term,
    TermSpan,
    Tile,
    Wait,
    Workspace,
)

# ------------------------------------------------------------------------------ catalogue

_LAWS = {
    "wet.pw": ("pw", "Participatiewet", "BWBR0015703"),
    "wet.wgs": ("wgs", "Wet gemeentelijke schuldhulpverlening", "BWBR0031331"),
    "wet.awb": ("awb", "Algemene wet bestuursrecht", "BWBR0005537"),
}

_ARTICLES = {
    "wet.pw": [
        ("9", "Arbeidsverplichtingen en tegenprestatie", ()),
        ("17", "Inlichtingenplicht en identificatie", ()),
        ("41", "Melding en aanvraag", ()),
        ("43a", "Herhaalde aanvraag binnen twaalf maanden", ()),
        ("44", "Ingangsdatum van de bijstand", ()),
        ("52", "Voorschot", (Term(4, "weeks", False, "na de aanvraag"),)),
        ("53a", "Gegevens en bewijsstukken", ()),
    ],
    "wet.wgs": [
        ("3", "Taak van het college", ()),
        ("4", "Eerste gesprek", (Term(4, "weeks"), Term(3, "workdays", False, "bij dreigende huisuitzetting of afsluiting"))),
        ("4a", "Beschikking en plan van aanpak", (Term(8, "weeks", True),)),
        ("5", "Afkoelingsperiode", (Term(6, "months", True),)),
        ("7", "Identificatie", ()),
    ],
    "wet.awb": [
        ("4:5", "Aanvullen van de aanvraag", ()),
        ("4:13", "Beslistermijn", (Term(8, "weeks", True, "als de wet geen termijn noemt"),)),
        ("4:15", "Opschorting van de beslistermijn", ()),
        ("6:7", "Bezwaartermijn", (Term(6, "weeks"),)),
    ],
}


def article_url(bwb: str, number: str) -> str:
    return f"https://wetten.overheid.nl/jci1.3:c:{bwb}&artikel={number}"


def _laws() -> tuple[Law, ...]:
    laws = []
    for law_id, (name, title, bwb) in _LAWS.items():
        arts = tuple(
            Article(
                law=law_id,
                number=num,
                title=atitle,
                url=article_url(bwb, num),
                jci=f"jci1.3:c:{bwb}&artikel={num}",
                terms=terms,
                provenance=Provenance(f"https://wetten.overheid.nl/{bwb}", True),
            )
            for num, atitle, terms in _ARTICLES[law_id]
        )
        laws.append(
            Law(
                id=law_id,
                name=name,
                title=title,
                bwb=bwb,
                url=f"https://wetten.overheid.nl/{bwb}",
                articles=arts,
                provenance=Provenance(f"https://wetten.overheid.nl/{bwb}", True),
            )
        )
    return tuple(laws)


def cite(law_id: str, article: str, lid: str | None = None, onderdeel: str | None = None, note: str | None = None) -> Citation:
    name, title, bwb = _LAWS[law_id]
    art_title = dict((n, t) for n, t, _ in _ARTICLES[law_id]).get(article)
    label = f"{name[0].upper()}{name[1:]} art. {article}"
    if lid:
        label += f" lid {lid}"
    if onderdeel:
        label += f" onderdeel {onderdeel}"
    return Citation(
        law=law_id,
        law_name=name,
        law_title=title,
        article=article,
        label=label,
        url=article_url(bwb, article),
        jci=f"jci1.3:c:{bwb}&artikel={article}",
        bwb=bwb,
        article_title=art_title,
        lid=lid,
        onderdeel=onderdeel,
        note=note,
    )


def _measures() -> tuple[Measure, ...]:
    src = Provenance("https://wetten.overheid.nl/BWBR0051679/2027-01-01", True)
    rows = [
        ("direct-aanvragen", "Direct aanvraag indienen", "Apply directly", "Aanvraagprocedure", 1, [("wet.pw", "41", "12")], "2026-01-01"),
        ("identificatie-eid", "Identificatie met rijbewijs of DigiD", "Identification by driving licence or eID", "Aanvraagprocedure", 1, [("wet.pw", "17", "3")], "2026-01-01"),
        ("herhaalde-aanvraag", "Herhaalde aanvraag binnen 12 maanden", "Repeat application within 12 months", "Aanvraagprocedure", 1, [("wet.pw", "43a", None)], "2026-01-01"),
        ("terugwerkende-kracht", "Bijstand met terugwerkende kracht", "Assistance with retroactive effect", "Vaststellen recht op bijstand", 1, [("wet.pw", "44", "5")], "2026-01-01"),
        ("voorschot-95", "Voorschot minimaal 95%", "Advance of at least 95%", "Stabiel en voldoende inkomen", 1, [("wet.pw", "52", "2")], "2026-01-01"),
        ("wgs-identificatie", "Wgs: identificatie ook met rijbewijs", None, "Overig", None, [("wet.wgs", "7", "2")], "2026-01-01"),
        ("maatschappelijke-participatie", "Maatschappelijke participatie", "Social participation", "Begeleiding, participatie en re-integratie", 2, [("wet.pw", "9", "1")], "2027-01-01"),
    ]
    out = []
    for name, title, gloss, theme, phase, changes, date in rows:
        out.append(
            Measure(
                id=f"pwib.{name}",
                name=name,
                title=title,
                gloss=gloss,
                theme=theme,
                phase=phase,
                changes=tuple(cite(law, art, lid) for law, art, lid in changes),
                effective=(Effective(date, "fase 1 van de invoering" if phase == 1 else None),),
                description=f"Maatregel uit spoor 1 van Participatiewet in balans: {title.lower()}.",
                provenance=src if phase == 1 else Provenance(src.source, False),
            )
        )
    return tuple(out)


_GEMMA = "https://gemmaonline.nl/index.php/GEMMA/id-"


def _components() -> tuple[Component, ...]:
    return (
        Component("gemma.zaakregistratiecomponent", "zaakregistratiecomponent", "Zaakregistratiecomponent", "component",
                  _GEMMA + "a97b6545-d5a7-485d-9b13-3ce22db5b9cf", True, "Case registration component",
                  provenance=Provenance(_GEMMA + "a97b6545-d5a7-485d-9b13-3ce22db5b9cf", True)),
        Component("gemma.zaakafhandelcomponent", "zaakafhandelcomponent", "Generiek zaakafhandelcomponent", "component",
                  _GEMMA + "f2dfbd0b-9d36-405c-bdbe-827f3296de29", True, "Case handling component",
                  provenance=Provenance(_GEMMA + "f2dfbd0b-9d36-405c-bdbe-827f3296de29", True)),
        Component("gemma.klantinteractiecomponent", "klantinteractiecomponent", "Klantinteractiecomponent", "component",
                  None, True, "Customer interaction component", provenance=Provenance(None, False)),
        Component("gemma.brp", "brp", "Basisregistratie Personen (BRP)", "facility", "https://www.rvig.nl/brp", True,
                  "Personal records database", provenance=Provenance("https://www.rvig.nl/brp", True)),
        Component("gemma.digid", "digid", "DigiD", "facility", "https://www.logius.nl/domeinen/toegang/digid", False,
                  "Government login", provenance=Provenance("https://www.logius.nl/domeinen/toegang/digid", True)),
        Component("gemma.suwinet-inkijk", "suwinet-inkijk", "Suwinet-Inkijk", "facility", None, True,
                  "Social security data viewer", provenance=Provenance(None, False)),
        Component("gemma.berichtenbox", "berichtenbox", "MijnOverheid Berichtenbox", "facility", None, False,
                  provenance=Provenance(None, False)),
    )


def _roles() -> tuple[Role, ...]:
    return (
        Role("rollen.inwoner", "inwoner", "Inwoner", "Resident"),
        Role("rollen.schuldhulpverlener", "schuldhulpverlener", "Schuldhulpverlener", "Debt counsellor"),
        Role("rollen.klantmanager", "klantmanager", "Klantmanager werk en inkomen", "Case manager"),
        Role("rollen.vrijwilliger", "vrijwilliger", "Vrijwilliger (SchuldHulpMaatje)", "Volunteer"),
        Role("rollen.signaalpartner", "signaalpartner", "Signaalpartner", "Signalling creditor"),
    )


_TILES = [
    ("preventie", "Preventie"),
    ("vroegsignalering", "Vroegsignalering"),
    ("toegang", "Toegang"),
    ("stabilisatie", "Stabilisatie"),
    ("schuldregeling", "Schuldregeling"),
    ("wsnp", "Wettelijke schuldsanering"),
    ("nazorg", "Nazorg"),
]


def _tiles() -> tuple[Tile, ...]:
    return tuple(Tile(f"schuldenlandschap.{n}", n, t, order=i) for i, (n, t) in enumerate(_TILES, 1))


def catalogue() -> Catalogue:
    return Catalogue(_laws(), _measures(), _components(), _roles(), _tiles(), (
        Organisation("organisaties.woningcorporatie", "woningcorporatie", "Woningcorporatie"),
    ))


# ------------------------------------------------------------------------------ blueprints


def _lanes(*entries: tuple[str, str | None, str]) -> tuple[LaneEntry, ...]:
    return tuple(LaneEntry(lane, text, actor) for lane, actor, text in entries)


def _aanmelding() -> Blueprint:
    nodes = (
        Step(
            id="aanmelden", title="Inwoner meldt zich aan", phase="melden",
            lanes=_lanes(
                ("evidence", None, "Aanmeldformulier op de website, inloggen met DigiD"),
                ("customer", "inwoner", "Vult het aanmeldformulier in en beschrijft de geldzorgen"),
                ("frontstage", "kcc", "Beantwoordt vragen over het formulier via chat en telefoon"),
                ("backstage", "consulent", "Maakt een zaak aan en controleert de gegevens in de BRP"),
                ("support", None, "Zaaksysteem registreert de aanmelding"),
            ),
            legal=(cite("wet.wgs", "3", "1", "a"),),
            policy=("Aanmelden kan online, telefonisch en aan de balie",),
            communication=(Communication("Ontvangstbevestiging met de datum van het eerste gesprek", "brief"),
                           Communication("Bevestiging in de Berichtenbox", "berichtenbox")),
            functionality=("Formulier vult bekende gegevens uit de BRP vooraf in",),
            systems=("formulier", "zaken", "brp"),
            measures=("pwib.wgs-identificatie",),
            toolkit=("Sjabloon ontvangstbevestiging", "Werkinstructie aanmelding"),
            pains=("Weet niet welke stukken nodig zijn",),
            opportunities=("Checklist met benodigde stukken direct na aanmelden",),
            kpis=("Percentage aanmeldingen binnen 3 werkdagen opgepakt",),
            emotion=-1,
            next="gesprek",
        ),
        Step(
            id="gesprek", title="Eerste gesprek", phase="melden",
            lanes=_lanes(
                ("evidence", None, "Uitnodiging met datum, tijd en wat mee te nemen"),
                ("customer", "inwoner", "Vertelt over de situatie en de schulden"),
                ("frontstage", "consulent", "Voert het eerste gesprek en brengt de hulpvraag in kaart"),
                ("backstage", "consulent", "Legt het gespreksverslag vast in de zaak"),
                ("support", "budget", "Budgetcoach sluit aan bij een complexe situatie"),
            ),
            legal=(cite("wet.wgs", "4", "1"), cite("wet.wgs", "4", "2", note="bij dreigende huisuitzetting binnen 3 werkdagen")),
            policy=("Gesprek bij voorkeur thuis bij de inwoner",),
            communication=(Communication("Uitnodiging voor het eerste gesprek", "brief"),),
            functionality=("Agenda koppelen aan de zaak",),
            systems=("zaken", "suwinet"),
            toolkit=("Gespreksleidraad eerste gesprek",),
            pains=("Schaamte om over schulden te praten",),
            opportunities=("Vrijwilliger van SchuldHulpMaatje bij het gesprek",),
            kpis=("Doorlooptijd aanmelding tot eerste gesprek",),
            notes=("Termijn is wettelijk; de gemeente streeft naar 2 weken",),
            emotion=0,
            deadlines=(Deadline(4, "weeks", "na de aanmelding"),),
            next="toelating",
        ),
        Decision(
            id="toelating", title="Toelaten tot schuldhulpverlening?", phase="besluit",
            lanes=_lanes(
                ("evidence", None, "Beschikking met plan van aanpak of afwijzing"),
                ("backstage", "consulent", "Beoordeelt de hulpvraag en stelt het plan van aanpak op"),
                ("support", None, "Juridische toets door de afdeling bezwaar"),
            ),
            legal=(cite("wet.wgs", "4a", "1"), cite("wet.awb", "4:13")),
            policy=("Weigeren alleen na eerdere hulp of fraude (beleidsregels schuldhulpverlening)",),
            communication=(Communication("Beschikking toelating of afwijzing", "brief"),),
            systems=("zaken",),
            emotion=-2,
            deadlines=(Deadline(8, "weeks"),),
            outcome="beschikking",
            branches=(Branch("toegelaten", "plan"), Branch("", "geweigerd", True)),
        ),
        Step(
            id="plan", title="Plan van aanpak uitvoeren", phase="traject",
            lanes=_lanes(
                ("evidence", None, "Plan van aanpak met afspraken en contactpersoon"),
                ("customer", "inwoner", "Levert stukken aan en houdt zich aan de afspraken"),
                ("frontstage", "consulent", "Bespreekt het plan en de voortgang"),
                ("backstage", "consulent", "Vraagt een afkoelingsperiode aan bij dreigende ontruiming"),
                ("support", None, "Schuldeisers ontvangen een verzoek om medewerking"),
            ),
            legal=(cite("wet.wgs", "5", note="afkoelingsperiode via de rechter"),),
            communication=(Communication("Voortgangsbericht elke maand", "e-mail"),),
            functionality=("Overzicht van schuldeisers en afspraken",),
            systems=("zaken",),
            opportunities=("Rust en overzicht door vaste contactpersoon",),
            emotion=1,
            next="klaar",
        ),
        End(id="klaar", title="Hulptraject gestart", phase="traject", emotion=2,
            lanes=_lanes(("evidence", None, "Bevestiging van de start van het traject"),)),
        End(id="geweigerd", title="Aanvraag geweigerd",
            lanes=_lanes(("evidence", None, "Afwijzingsbeschikking met bezwaarclausule"),),
            legal=(cite("wet.awb", "6:7"),),
            deadlines=(Deadline(6, "weeks", "bezwaartermijn"),), emotion=-2),
    )
    return Blueprint(
        id="aanmelding", title="Aanmelden voor schuldhulpverlening", file="toegang/aanmelding.blueprint",
        version="1.2", status="concept", tile="schuldenlandschap.toegang",
        implements=("pwib.wgs-identificatie",), owner="Team Schuldhulpverlening, gemeente Voorbeeld",
        description="De route van de eerste aanmelding tot de start van het hulptraject.",
        actors=(Actor("inwoner", "Inwoner", "rollen.inwoner"),
                Actor("consulent", "Schuldhulpverlener", "rollen.schuldhulpverlener"),
                Actor("kcc", "Klantcontactcentrum"), Actor("budget", "Budgetcoach")),
        systems=(System("formulier", "Aanmeldformulier op de website"),
                 System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", True),
                 System("brp", "BRP-bevraging", "gemma.brp", True),
                 System("suwinet", "Suwinet-Inkijk", "gemma.suwinet-inkijk", True)),
        phases=(Phase("melden", "Melden", ("aanmelden", "gesprek")),
                Phase("besluit", "Besluiten", ("toelating",)),
                Phase("traject", "Traject", ("plan", "klaar"))),
        nodes=nodes, start="aanmelden",
        terms=(TermSpan("spoed", 3, "workdays", "aanmelden", "gesprek",
                        condition="dreigende huisuitzetting of afsluiting van energie of water",
                        legal=(cite("wet.wgs", "4", "2"),)),),
    )


def _vroegsignalering() -> Blueprint:
    nodes = (
        Step(id="signaal", title="Signaal van betalingsachterstand", phase="signaleren",
             lanes=_lanes(("support", "partner", "Woningcorporatie meldt twee maanden huurachterstand"),
                          ("backstage", "consulent", "Beoordeelt het signaal en zoekt contactgegevens")),
             legal=(cite("wet.wgs", "3", "1", "b"),), systems=("signalen",),
             kpis=("Aantal signalen per maand",), next="contact"),
        Step(id="contact", title="Contact leggen", phase="signaleren",
             lanes=_lanes(("evidence", None, "Brief en huisbezoek met een aanbod voor een gesprek"),
                          ("customer", "inwoner", "Reageert op het aanbod of niet"),
                          ("frontstage", "consulent", "Belt aan, laat een kaartje achter")),
             communication=(Communication("Brief met aanbod voor hulp", "brief"),),
             pains=("Wantrouwen tegen de gemeente",), emotion=-1, deadlines=(Deadline(3, "workdays"),),
             next="hulpvraag"),
        Decision(id="hulpvraag", title="Wil de inwoner hulp?", phase="signaleren",
                 lanes=_lanes(("customer", "inwoner", "Geeft aan of er hulp nodig is")),
                 legal=(cite("wet.wgs", "4"),), emotion=0,
                 branches=(Branch("ja", "doorverwijzen"), Branch("nee", "afgesloten"))),
        End(id="doorverwijzen", title="Doorverwezen naar aanmelding", emotion=1),
        End(id="afgesloten", title="Signaal afgesloten"),
    )
    return Blueprint(
        id="vroegsignalering", title="Vroegsignalering van betalingsachterstanden", file="vroegsignalering.blueprint",
        version="0.9", status="review", tile="schuldenlandschap.vroegsignalering",
        owner="Team Vroegsignalering",
        actors=(Actor("inwoner", "Inwoner", "rollen.inwoner"), Actor("consulent", "Schuldhulpverlener"),
                Actor("partner", "Signaalpartner", "rollen.signaalpartner", "organisaties.woningcorporatie")),
        systems=(System("signalen", "Vroegsignaleringsapplicatie", None, True),),
        phases=(Phase("signaleren", "Signaleren en contact", ("signaal", "contact", "hulpvraag")),),
        nodes=nodes, start="signaal",
    )


def _bijstand() -> Blueprint:
    nodes = (
        Step(id="aanvragen", title="Bijstand direct aanvragen", phase="aanvraag",
             lanes=_lanes(("evidence", None, "Aanvraagformulier bijstand, inloggen met DigiD"),
                          ("customer", "inwoner", "Vraagt bijstand aan zonder eerst te melden bij UWV"),
                          ("backstage", "klantmanager", "Registreert de aanvraag")),
             legal=(cite("wet.pw", "41", "12"), cite("wet.pw", "17", "3")),
             measures=("pwib.direct-aanvragen", "pwib.identificatie-eid"),
             systems=("portaal", "zaken", "digid"), functionality=("Aanvragen met DigiD zonder UWV-melding",),
             communication=(Communication("Ontvangstbevestiging", "berichtenbox"),),
             emotion=0, next="gegevens"),
        Step(id="gegevens", title="Gegevens verzamelen", phase="aanvraag",
             lanes=_lanes(("backstage", "klantmanager", "Haalt gegevens op uit Suwinet en hergebruikt een eerdere aanvraag"),
                          ("support", None, "Suwinet-Inkijk levert inkomensgegevens")),
             legal=(cite("wet.pw", "53a"), cite("wet.pw", "43a")),
             measures=("pwib.herhaalde-aanvraag",), systems=("zaken", "suwinet"),
             policy=("Niet vragen wat de gemeente al weet",), next="voorschot",
             wait=Wait("Ontbrekende bewijsstukken", "inwoner"),
             deadlines=(Deadline(2, "weeks", "hersteltermijn", target="buiten-behandeling"),)),
        Step(id="voorschot", title="Voorschot verstrekken", phase="aanvraag",
             lanes=_lanes(("evidence", None, "Betaling van het voorschot op de rekening"),
                          ("backstage", "klantmanager", "Kent een voorschot van minimaal 95% toe")),
             legal=(cite("wet.pw", "52", "1"),), measures=("pwib.voorschot-95",), systems=("zaken",),
             deadlines=(Deadline(4, "weeks", "na de aanvraag"),), emotion=1, next="besluit"),
        Decision(id="besluit", title="Recht op bijstand?", phase="besluit",
                 lanes=_lanes(("evidence", None, "Beschikking bijstand"),
                              ("backstage", "klantmanager", "Stelt het recht vast, ook met terugwerkende kracht")),
                 legal=(cite("wet.pw", "44", "5"), cite("wet.awb", "4:13")),
                 measures=("pwib.terugwerkende-kracht",), systems=("zaken",), outcome="beschikking",
                 deadlines=(Deadline(8, "weeks"),), emotion=-1,
                 branches=(Branch("recht", "toegekend"), Branch("stukken onvolledig", "gegevens", max_times=2),
                           Branch("", "afgewezen", True))),
        End(id="toegekend", title="Bijstand toegekend", phase="besluit", emotion=2),
        End(id="afgewezen", title="Aanvraag afgewezen", phase="besluit", emotion=-2),
        End(id="buiten-behandeling", title="Aanvraag buiten behandeling", phase="besluit", emotion=-2,
            legal=(cite("wet.awb", "4:5"),)),
    )
    return Blueprint(
        id="bijstand-aanvraag", title="Bijstand aanvragen", file="bijstand-aanvraag.blueprint",
        version="1.0", status="vastgesteld", tile="schuldenlandschap.stabilisatie",
        implements=("pwib.direct-aanvragen", "pwib.identificatie-eid", "pwib.voorschot-95"),
        owner="Team Werk en Inkomen",
        actors=(Actor("inwoner", "Inwoner", "rollen.inwoner"), Actor("klantmanager", "Klantmanager", "rollen.klantmanager")),
        systems=(System("portaal", "Mijn Gemeente", "gemma.klantinteractiecomponent", True, "https://www.voorbeeld.nl/mijn"),
                 System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", True),
                 System("digid", "DigiD", "gemma.digid"),
                 System("suwinet", "Suwinet-Inkijk", "gemma.suwinet-inkijk", True)),
        phases=(Phase("aanvraag", "Aanvraag", ("aanvragen", "gegevens", "voorschot")),
                Phase("besluit", "Besluit", ("besluit", "toegekend", "afgewezen", "buiten-behandeling"))),
        nodes=nodes, start="aanvragen",
        terms=(TermSpan("beslistermijn", 8, "weeks", "aanvragen", "besluit", suspended_by=("gegevens",),
                        legal=(cite("wet.awb", "4:13", "2"), cite("wet.awb", "4:15", "1"))),),
    )


def _master() -> Blueprint:
    nodes = (
        Step(id="signaleren", title="Signaleren", phase="reis", journey="vroegsignalering", emotion=-1,
             lanes=_lanes(("customer", None, "Krijgt een aanbod voor hulp")), next="aanmelden"),
        Step(id="aanmelden", title="Aanmelden en toegang", phase="reis", journey="aanmelding", emotion=0,
             lanes=_lanes(("customer", None, "Meldt zich aan voor hulp")), next="stabiliseren"),
        Step(id="stabiliseren", title="Inkomen stabiliseren", phase="reis", journey="bijstand-aanvraag", emotion=1,
             lanes=_lanes(("customer", None, "Vraagt bijstand aan")), next="klaar"),
        End(id="klaar", title="Rust en overzicht", emotion=2),
    )
    return Blueprint(
        id="master-klantreis", title="Master-klantreis financiële zorgen", file="master.blueprint",
        version="0.3", status="concept", owner="Programmateam PWIB",
        description="De reis van de inwoner langs de tegels van het schuldenlandschap.",
        phases=(Phase("reis", "Klantreis", ("signaleren", "aanmelden", "stabiliseren")),),
        nodes=nodes, start="signaleren",
    )


def realistic_workspace(lang: str = "nl") -> Workspace:
    return Workspace(
        blueprints=(_aanmelding(), _bijstand(), _master(), _vroegsignalering()),
        catalogue=catalogue(),
        lang=lang,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------------ hostile

HOSTILE = '<script>window.__pwned=1</script>"\'><img src=x onerror="window.__pwned=2">&amp;{{7*7}}'
HOSTILE_URL = "javascript:window.__pwned=3"
HOSTILE_URLS = (HOSTILE_URL, " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>x</script>",
                "//evil.example/x", 'https://ok.example/"><script>window.__pwned=4</script>')


def hostile_workspace() -> Workspace:
    """Every text and URL field carries markup or a dangerous URL."""
    h = HOSTILE
    urls = iter(HOSTILE_URLS * 20)
    prov = Provenance(next(urls), False)
    cit = Citation(law="wet.x", law_name=h, law_title=h, article="1", label=h, url=next(urls), jci=h,
                   bwb=h, article_title=h, lid="1", onderdeel="a", note=h)
    law = Law(id="wet.x", name=h, title=h, bwb=h, url=next(urls),
              articles=(Article("wet.x", "1", h, next(urls), h, (Term(1, "weeks", True, h),), h, h, prov),),
              gloss=h, description=h, provenance=prov)
    measure = Measure("pwib.x", h, h, h, h, 1, (cit,), (Effective("2026-01-01", h), Effective(h, h)), h, prov)
    comp = Component("gemma.x", h, h, "component", next(urls), True, h, h, prov)
    tile = Tile("schuldenlandschap.x", h, h, 1, None, h, h, prov)
    role = Role("rollen.x", h, h, h, h, prov)
    step = Step(
        id="s1", title=h, phase="p1",
        lanes=tuple(LaneEntry(lane, h, "a1") for lane in ("evidence", "customer", "frontstage", "backstage", "support")),
        legal=(cit,), policy=(h,), communication=(Communication(h, h),), functionality=(h,), systems=("sys",),
        measures=("pwib.x",), toolkit=(h,), pains=(h,), opportunities=(h,), kpis=(h,), notes=(h,), emotion=1,
        deadlines=(Deadline(2, "weeks", h),), outcome=h, next="d1",
    )
    decision = Decision(id="d1", title=h, phase="p1", legal=(cit,), branches=(Branch(h, "e1"), Branch(h, "s1", True)))
    end = End(id="e1", title=h, notes=(h,))
    bp = Blueprint(
        id="hostile", title=h, file=h, version=h, status=h, tile="schuldenlandschap.x", implements=("pwib.x",),
        owner=h, description=h, actors=(Actor("a1", h, "rollen.x"),),
        systems=(System("sys", h, "gemma.x", True, next(urls), h),),
        phases=(Phase("p1", h, ("s1", "d1")),), nodes=(step, decision, end), start="s1",
    )
    master = Blueprint(id="master", title=h, file=h, nodes=(Step(id="j1", title=h, journey="hostile"),), start="j1")
    return Workspace((bp, master), Catalogue((law,), (measure,), (comp,), (role,), (tile,)))


# ------------------------------------------------------------------------------ synthetic

_WORDS = ("aanvraag gegevens beoordeling gesprek inwoner consulent zaak brief beschikking termijn "
          "schulden budget plan afspraak overzicht signaal contact besluit bezwaar betaling").split()


def synthetic_workspace(n_blueprints: int, n_steps: int, seed: int = 7) -> Workspace:
    """``n_blueprints`` blueprints of ``n_steps`` nodes each, every lane and layer filled."""
    rnd = random.Random(seed)
    cat = catalogue()
    measure_ids = [m.id for m in cat.measures]
    cites = [cite(law, num) for law in _LAWS for num, _, _ in _ARTICLES[law]]

    def words(n: int) -> str:
        return " ".join(rnd.choice(_WORDS) for _ in range(n)).capitalize()

    blueprints = []
    for b in range(n_blueprints):
        nodes = []
        phase_len = 8
        for s in range(n_steps):
            node_id = f"s{s:04d}"
            phase = f"f{s // phase_len}"
            common = dict(
                id=node_id, title=words(4), phase=phase,
                lanes=tuple(LaneEntry(lane, words(8), rnd.choice([None, "inwoner", "consulent"]))
                            for lane in ("evidence", "customer", "frontstage", "backstage", "support")),
                legal=tuple(rnd.sample(cites, 2)), policy=(words(6),),
                communication=(Communication(words(5), "brief"),), functionality=(words(6),),
                systems=tuple(rnd.sample(["zaken", "brp", "portaal"], 2)),
                measures=tuple(rnd.sample(measure_ids, rnd.choice([0, 0, 1, 2]))), toolkit=(words(3),),
                pains=(words(6),), opportunities=(words(6),), kpis=(words(4),),
                emotion=rnd.randint(-2, 2), deadlines=(Deadline(rnd.randint(1, 8), "weeks"),) if s % 5 == 0 else (),
            )
            if s == n_steps - 1:
                nodes.append(End(**common))
            elif s % 10 == 9:
                nodes.append(Decision(**common, outcome="beschikking",
                                      branches=(Branch("ja", f"s{s + 1:04d}"), Branch("", f"s{n_steps - 1:04d}", True))))
            else:
                nodes.append(Step(**common, next=f"s{s + 1:04d}"))
        n_phases = (n_steps + phase_len - 1) // phase_len
        phases = tuple(
            Phase(f"f{p}", f"Fase {p + 1}: {words(2).lower()}",
                  tuple(n.id for n in nodes if n.phase == f"f{p}")) for p in range(n_phases)
        )
        blueprints.append(Blueprint(
            id=f"bp{b:03d}", title=f"Blueprint {b + 1}: {words(3).lower()}", file=f"bp{b:03d}.blueprint",
            version="1.0", status="concept", tile=f"schuldenlandschap.{_TILES[b % len(_TILES)][0]}",
            implements=tuple(rnd.sample(measure_ids, 1)), owner="Team " + words(1),
            actors=(Actor("inwoner", "Inwoner"), Actor("consulent", "Consulent")),
            systems=(System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", True),
                     System("brp", "BRP", "gemma.brp", True), System("portaal", "Portaal", None)),
            phases=phases, nodes=tuple(nodes), start="s0000",
        ))
    return Workspace(tuple(blueprints), cat)


# ------------------------------------------------------------------------------ helpers


def render_site(ws: Workspace, lang: str = "nl", targets: tuple[str, ...] = ("json", "bpmn", "html")) -> dict[str, bytes]:
    from pwib_dsl.backends import BuildOptions
    from pwib_dsl.backends.html import render

    return render(ws, BuildOptions(lang=lang, targets=targets))


def parse_html(data: bytes):
    """An lxml tree of a generated page."""
    import lxml.html

    return lxml.html.document_fromstring(data)


def write_site(pages: dict[str, bytes], folder) -> None:
    """Write a rendered site below ``folder`` (tests only; the build command writes atomically)."""
    from pathlib import Path

    for rel, data in pages.items():
        path = Path(folder) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
