"""Content tests of the standard library (``stdlib/*.blueprint``).

The stdlib modules are catalogues of legal and organisational facts, so these tests check the
facts themselves, not just the syntax: every entry carries provenance, identifiers have the right
shape, measures cite articles the ``wet`` catalogue lists, tiles form a consistent sequence, and a
table of sample facts matches the domain research sheet (the section is named at each row;
"audit" rows cite the review of December 2026, ``domain/audit-2026-12.md``). A standing guard
holds every ``verified`` entry to an official source.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest

from pwib_dsl.resources import stdlib_dir
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse_text

STDLIB = stdlib_dir()
MODULES = ("wet", "pwib", "gemma", "rollen", "organisaties", "schuldenlandschap")

#: The declaration kinds each module may hold.
KINDS = {
    "wet": (n.Law,),
    "pwib": (n.Measure,),
    "gemma": (n.Component, n.Facility),
    "rollen": (n.Role,),
    "organisaties": (n.Organisation,),
    "schuldenlandschap": (n.Tile,),
}
#: VNG's five themes of the spoor-1 measures (facts §1.2).
THEMES = {
    "Aanvraagprocedure",
    "Vaststellen recht op bijstand",
    "Stabiel en voldoende inkomen",
    "Begeleiding, participatie en re-integratie",
    "Overig",
}
#: First day of each SZW phase (facts §1.3: fase 1 from 1 Jan 2026; fases 2 and 3 formally 1 Jan 2027).
PHASE_START = {1: "2026-01-01", 2: "2027-01-01", 3: "2027-01-01"}
BWB = re.compile(r"BWB[RV]\d{7}")
GEMMA_URL = re.compile(r"https://gemmaonline\.nl/index\.php/GEMMA/id-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
UNITS = {"day": "days", "workday": "workdays", "week": "weeks", "month": "months", "year": "years"}


def _parse(name: str) -> n.File:
    path = STDLIB / f"{name}.blueprint"
    result = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert result.diagnostics == (), f"{name}: {[d.message for d in result.diagnostics]}"
    assert result.file is not None
    return result.file


@pytest.fixture(scope="module")
def files() -> dict[str, n.File]:
    return {name: _parse(name) for name in MODULES}


def _entries(files) -> list[tuple[str, str, n.Node]]:
    """Every catalogue entry as (module, label, node), articles included."""
    out = []
    for module, file in files.items():
        for item in file.items:
            out.append((module, f"{module}.{item.name.text}", item))
            if isinstance(item, n.Law):
                for art in item.articles:
                    out.append((module, f"{module}.{item.name.text} art {art.number.text}", art))
    return out


def _decls(file: n.File, cls) -> dict[str, n.Node]:
    return {item.name.text: item for item in file.items if isinstance(item, cls)}


def _unit(term: n.Term) -> str:
    return UNITS.get(term.unit, term.unit)


def _terms(article: n.Article) -> set[tuple[int, str, bool]]:
    return {(t.amount, _unit(t), t.is_max) for t in article.find_all(n.Term)}


# ---------------------------------------------------------------- shape of the modules


@pytest.mark.parametrize("name", MODULES)
def test_module_parses_and_declares_its_name(name):
    file = _parse(name)
    assert file.module is not None and file.module.name.text == name
    assert file.module.title is not None and file.module.title.value
    assert file.items, f"{name} declares nothing"
    for item in file.items:
        assert isinstance(item, KINDS[name]), f"{name} holds a {type(item).__name__}"


def test_only_pwib_uses_another_module(files):
    assert [u.target.dotted for u in files["pwib"].uses] == ["wet"]
    for name in MODULES:
        if name != "pwib":
            assert files[name].uses == ()


def test_names_are_unique_across_the_stdlib(files):
    # Unique across modules too, so a bare name is never ambiguous when several modules are used.
    names = Counter(item.name.text for file in files.values() for item in file.items)
    assert [name for name, count in names.items() if count > 1] == []


def test_names_are_lower_case_kebab(files):
    for file in files.values():
        for item in file.items:
            assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", item.name.text), item.name.text


def test_article_numbers_are_unique_per_law(files):
    for law in _decls(files["wet"], n.Law).values():
        numbers = [a.number.text for a in law.articles]
        assert len(numbers) == len(set(numbers)), law.name.text


# ---------------------------------------------------------------- provenance


def test_every_entry_has_one_https_source_and_one_tag(files):
    entries = _entries(files)
    assert len(entries) > 100
    for _, label, node in entries:
        sources = node.find_all(n.SourceField)
        tags = node.find_all(n.VerifiedField)
        assert len(sources) == 1, f"{label}: {len(sources)} sources"
        assert sources[0].url.value.startswith("https://"), f"{label}: {sources[0].url.value}"
        assert " " not in sources[0].url.value, label
        assert len(tags) == 1, f"{label}: {len(tags)} verified/unverified tags"


def test_every_entry_has_an_english_gloss(files):
    for _, label, node in _entries(files):
        gloss = node.find(n.GlossField)
        assert gloss is not None and gloss.text.value.strip(), label


def test_unverified_measures_say_what_is_uncertain(files):
    # An `unverified` measure must tell the reader why (facts.md marks the uncertain part).
    for measure in _decls(files["pwib"], n.Measure).values():
        if not measure.find(n.VerifiedField).verified:
            description = measure.find(n.DescriptionField)
            assert description is not None and "Onzeker" in description.text.value, measure.name.text


def test_every_tile_is_an_unverified_working_hypothesis(files):
    # facts §3.2 and §8.5: no source lists the tiles; the model is a working hypothesis.
    for tile in _decls(files["schuldenlandschap"], n.Tile).values():
        assert tile.find(n.VerifiedField).verified is False, tile.name.text
        assert tile.find(n.DescriptionField).text.value.startswith("Werkhypothese"), tile.name.text


# ---------------------------------------------------------------- laws


def test_every_law_has_a_bwb_id(files):
    laws = _decls(files["wet"], n.Law)
    assert {"pw", "wgs", "fw", "awb", "pib"} <= set(laws)
    for name, law in laws.items():
        bwb = law.find_all(n.BwbField)
        assert len(bwb) == 1 and BWB.fullmatch(bwb[0].id), name
        source = law.find(n.SourceField).url.value
        assert source.startswith(f"https://wetten.overheid.nl/{bwb[0].id}"), name


def test_bwb_ids_are_unique(files):
    ids = [law.find(n.BwbField).id for law in _decls(files["wet"], n.Law).values()]
    assert len(ids) == len(set(ids))


def test_article_sources_on_wetten_overheid_name_their_own_law(files):
    # An article read on wetten.overheid.nl cites that law's page, except where the fact was read
    # in another law that refers to it (Wet SUWI art. 63 is named in Wgs art. 8).
    cited_elsewhere = {("suwi", "63")}
    for name, law in _decls(files["wet"], n.Law).items():
        bwb = law.find(n.BwbField).id
        for art in law.articles:
            url = art.find(n.SourceField).url.value
            if url.startswith("https://wetten.overheid.nl/") and (name, art.number.text) not in cited_elsewhere:
                assert url.startswith(f"https://wetten.overheid.nl/{bwb}"), f"{name} art {art.number.text}"


def test_terms_have_known_units_and_positive_amounts(files):
    count = 0
    for law in _decls(files["wet"], n.Law).values():
        for art in law.articles:
            for term in art.find_all(n.Term):
                assert term.amount > 0
                assert _unit(term) in UNITS.values()
                count += 1
    assert count >= 15


# ---------------------------------------------------------------- measures


def test_every_measure_has_theme_and_phase(files):
    measures = _decls(files["pwib"], n.Measure)
    assert len(measures) >= 20
    for name, measure in measures.items():
        theme = measure.find_all(n.ThemeField)
        phase = measure.find_all(n.PhaseField)
        assert len(theme) == 1 and theme[0].text.value in THEMES, name
        assert len(phase) == 1 and phase[0].number in (1, 2, 3), name


def test_every_theme_is_used(files):
    used = {m.find(n.ThemeField).text.value for m in _decls(files["pwib"], n.Measure).values()}
    assert used == THEMES


def test_changes_cite_articles_the_wet_catalogue_lists(files):
    laws = _decls(files["wet"], n.Law)
    for name, measure in _decls(files["pwib"], n.Measure).items():
        for change in measure.find_all(n.ChangesField):
            target = change.target
            law = target.law.dotted.removeprefix("wet.")
            assert law in laws, f"{name}: unknown law {law}"
            numbers = {a.number.text for a in laws[law].articles}
            assert target.article.text in numbers, f"{name}: {law} art {target.article.text} not listed"


def test_effective_dates_are_real_and_match_the_phase(files):
    for name, measure in _decls(files["pwib"], n.Measure).items():
        phase = measure.find(n.PhaseField).number
        for effective in measure.find_all(n.EffectiveField):
            datetime.date.fromisoformat(effective.date)
            assert effective.date == PHASE_START[phase], name


# ---------------------------------------------------------------- components, facilities, roles, tiles


def test_component_urls_are_gemma_element_pages(files):
    with_url = 0
    for name, item in _decls(files["gemma"], (n.Component, n.Facility)).items():
        url = item.find(n.UrlField)
        if url is not None:
            assert isinstance(item, n.Component), f"{name}: facilities have no GEMMA url"
            assert GEMMA_URL.fullmatch(url.url.value), name
            with_url += 1
    assert with_url >= 7


def test_personal_data_marks(files):
    items = _decls(files["gemma"], (n.Component, n.Facility))
    marked = {name for name, item in items.items() if item.find(n.PersonalDataField) is not None}
    assert {"zaakregistratiecomponent", "brp", "suwinet", "inlichtingenbureau", "digid"} <= marked
    assert "zaaktypecataloguscomponent" not in marked
    # Where personal data is left unmarked, the description says why.
    for name in set(items) - marked:
        if name == "zaaktypecataloguscomponent":
            continue
        assert items[name].find(n.DescriptionField) is not None, name


def test_standard_roles_are_present(files):
    roles = set(_decls(files["rollen"], n.Role))
    assert {
        "inwoner", "klantmanager", "schuldhulpverlener", "vrijwilliger", "budgetcoach",
        "beschermingsbewindvoerder", "wsnp-bewindvoerder", "college",
    } <= roles


def test_tiles_form_a_sequence(files):
    tiles = _decls(files["schuldenlandschap"], n.Tile)
    by_parent: dict[str | None, list[tuple[int, str]]] = {}
    for name, tile in tiles.items():
        parent = tile.find(n.ParentField)
        key = parent.ref.dotted if parent else None
        assert key is None or key in tiles, f"{name}: parent {key} is not a tile"
        order = tile.find_all(n.OrderField)
        assert len(order) == 1, name
        by_parent.setdefault(key, []).append((order[0].number, name))
    for key, entries in by_parent.items():
        orders = sorted(number for number, _ in entries)
        # unique among siblings and numbered 1..n without gaps
        assert orders == list(range(1, len(entries) + 1)), key
    top = [name for _, name in sorted(by_parent[None])]
    assert top == ["preventie", "vroegsignalering", "toegang", "stabilisatie", "schuldregeling", "wsnp", "nazorg"]
    assert [name for _, name in sorted(by_parent["toegang"])] == ["aanmelding", "crisisinterventie", "intake"]


# ---------------------------------------------------------------- sample facts against facts.md

#: (law, BWB id, facts.md section)
BWB_FACTS = [
    ("pw", "BWBR0015703", "§2.1"),
    ("wgs", "BWBR0031331", "§2.1 (not BWBR0031089)"),
    ("awb", "BWBR0005537", "§2.1"),
    ("fw", "BWBR0001860", "§2.1"),
    ("pib", "BWBR0051679", "§1.1, §2.1"),
    ("suwi", "BWBR0013060", "§2.1"),
    ("ioaw", "BWBR0004044", "§2.1"),
    ("ioaz", "BWBR0004163", "§2.1"),
]


@pytest.mark.parametrize(("law", "bwb", "section"), BWB_FACTS)
def test_bwb_ids_match_the_research(files, law, bwb, section):
    assert _decls(files["wet"], n.Law)[law].find(n.BwbField).id == bwb, section


#: (law, article, expected terms as (amount, unit, max), facts.md section)
TERM_FACTS = [
    ("wgs", "4", {(4, "weeks", True), (3, "workdays", True)}, "§2.3 Wgs art. 4"),
    ("wgs", "4a", {(8, "weeks", True)}, "§2.3 Wgs art. 4a"),
    ("wgs", "5", {(6, "months", True)}, "§2.3 Wgs art. 5"),
    ("wgs", "2", {(4, "years", True)}, "§2.3 Wgs art. 2"),
    ("awb", "4:13", {(8, "weeks", True)}, "§8.1 Awb 4:13 lid 2"),
    ("awb", "6:7", {(6, "weeks", True)}, "§2.3 Awb 6:7"),
    ("awb", "4:17", {(42, "days", True)}, "§2.3 Awb 4:17"),
    ("pw", "41", {(4, "weeks", False)}, "§2.3 Pw art. 41 lid 4"),
    ("pw", "44", {(3, "months", True)}, "§2.3 Pw art. 44 lid 5"),
    ("pw", "54", {(8, "weeks", True)}, "§2.3 Pw art. 54"),
    ("fw", "287b", {(6, "months", True)}, "§2.3 Fw art. 287b; audit §2.5 (lid 5)"),
    ("fw", "287a", {(8, "days", True)}, "audit §2.5 Fw art. 287a lid 4"),
    ("fw", "287", {(13, "months", False)}, "audit §5 item 6: mail redirection, art. 287 lid 5"),
    ("fw", "288", {(3, "years", False)}, "audit §2.1, §5 item 6: good faith over 3 years, art. 288 lid 1 b"),
    ("awb", "7:10", {(6, "weeks", True), (12, "weeks", True)}, "audit §5 item 13: Awb 7:10 lid 1"),
    ("fw", "349a", {(18, "months", False), (5, "years", True)}, "audit §2.1: 18 months, read in Fw art. 349a"),
    ("awb", "4:5", {(4, "weeks", True)}, "audit §7 item 4: Awb 4:5 lid 4"),
]


@pytest.mark.parametrize(("law", "article", "terms", "section"), TERM_FACTS)
def test_terms_match_the_research(files, law, article, terms, section):
    articles = {a.number.text: a for a in _decls(files["wet"], n.Law)[law].articles}
    assert _terms(articles[article]) == terms, section


#: (measure, phase, changed articles as "law art lid onderdeel", verified, facts.md section)
MEASURE_FACTS = [
    ("direct-aanvragen", 1, {"pw 41 12"}, True, "§8.2 row 1"),
    ("zoektermijn-jongeren", 1, {"pw 41 11"}, True, "§8.2 row 2"),
    ("identificatie", 1, {"pw 17 3", "pw 1 - i", "pw 1 - j"}, True, "§8.2 row 3, §8.1"),
    ("herhaalde-aanvraag", 1, {"pw 43a"}, True, "§8.2 row 4"),
    ("terugwerkende-kracht", 1, {"pw 44 5"}, True, "§8.2 row 6"),
    ("bevoorschotting", 1, {"pw 52 2"}, True, "§8.2 row 7"),
    ("vermogenstoets-doorlopend", 1, {"pw 34 2 b", "pw 34 4"}, True, "§8.2 row 9, corrects §1.4 row 3"),
    ("giftenvrijlating", 1, {"pw 31 2 m", "pw 18 8", "pw 39 1"}, True, "audit §3: amount in the law, second lid 8, indexation"),
    ("maatschappelijke-participatie", 2, {"pw 9 1 c", "pw 8a 1 b"}, False, "audit §3: changes inferred"),
    ("bijverdienen-jongeren", 2, set(), False, "audit §3: `changes pw art 31 lid 5` was inferred"),
    ("automatisch-verrekenen", 2, set(), False, "§8.2 row 19 (article U)"),
    ("bufferbudget", 3, {"pw 34b"}, False, "§8.2 row 20, §8.3 (phase conflict)"),
    ("inkomenstoeslag-ambtshalve", 3, {"pw 36"}, False, "§8.2 row 21; only a trade-press source"),
    ("wgs-identificatie", 1, {"wgs 7 2"}, False, "§8.2 row 27 (attribution U)"),
]


def _target(change: n.ChangesField) -> str:
    t = change.target
    parts = [t.law.dotted, t.article.text]
    if t.lid or t.onderdeel:
        parts.append(t.lid.text if t.lid else "-")
    if t.onderdeel:
        parts.append(t.onderdeel.text)
    return " ".join(parts)


@pytest.mark.parametrize(("measure", "phase", "changes", "verified", "section"), MEASURE_FACTS)
def test_measures_match_the_research(files, measure, phase, changes, verified, section):
    node = _decls(files["pwib"], n.Measure)[measure]
    assert node.find(n.PhaseField).number == phase, section
    assert {_target(c) for c in node.find_all(n.ChangesField)} == changes, section
    assert node.find(n.VerifiedField).verified is verified, section


def test_left_out_where_the_research_has_no_basis(files):
    # facts §8.4: the BWB id of the Besluit gemeentelijke schuldhulpverlening was not found;
    # §8.2 row 25: the taaleis is kept, so it is no measure with a phase; §4.2: BKR unverified;
    # §8.5: RFZ mijlpalen 6-8 unknown. None of these may appear as catalogue entries.
    names = {item.name.text for file in files.values() for item in file.items}
    assert not {"bgs", "besluit-gs", "taaleis", "bkr"} & names


def test_the_audited_corrections_hold(files):
    """The facts the review of December 2026 found wrong stay corrected (audit §2.4, §2.5, §3)."""
    laws = _decls(files["wet"], n.Law)

    def article(law: str, number: str) -> n.Article:
        return {a.number.text: a for a in laws[law].articles}[number]

    def text(node: n.Node) -> str:
        parts = [node.find(n.GlossField).text.value]
        description = node.find(n.DescriptionField)
        return " ".join(parts + ([description.text.value] if description else []))

    # Wgs art. 6 is the information duty only; cooperation is art. 7 lid 1.
    assert "cooperate" not in article("wgs", "6").find(n.GlossField).text.value.split(";")[0]
    assert "lid 1" in text(article("wgs", "7")).lower() and "cooperate" in text(article("wgs", "7"))
    # The dwangakkoord is asked by the debtor in the Wsnp petition, fails without an art. 48 Wck
    # institution, and a refusal leads to the Wsnp ruling in the same case.
    dwang = text(article("fw", "287a"))
    assert "petition" in dwang and "284 lid 1" in dwang and "lid 7" in dwang and "lid 8" in dwang
    assert "during the amicable" not in dwang
    # The moratorium is a provisional measure in the petition against threats only; the general
    # freeze is the Wgs afkoelingsperiode.
    moratorium = text(article("fw", "287b"))
    assert "threatening situation" in moratorium and "Wgs art. 5" in moratorium
    assert "Stay of enforcement" not in moratorium
    # Gifts: 1.200 euro per calendar year in the law, indexed, only the voedselbank fully free.
    gifts = _decls(files["pwib"], n.Measure)["giftenvrijlating"].find(n.DescriptionField).text.value
    assert "1.200 euro per kalenderjaar" in gifts and "voedselbank" in gifts and "art. 39 lid 1" in gifts
    assert "onderdeel s" in gifts
    # The PiB act with its phase dates; the 12/2/9 split is only a note, not a fact.
    pib = laws["pib"].find(n.DescriptionField).text.value
    assert "36 582" in pib and "1 januari 2026" in pib and "1 januari 2027" in pib
    assert "geen openbare bron" in pib
    # Over-claimed tags (audit §3 end) are unverified now; Pw 58 is verified.
    assert article("pw", "58").find(n.VerifiedField).verified is True
    assert article("verzamelwet-szw-2026", "XXIIIA").find(n.VerifiedField).verified is False
    # BW 1:431 was sourced to Wikipedia; it now rests on the law text itself.
    assert article("bw1", "431").find(n.SourceField).url.value.startswith("https://wetten.overheid.nl/BWBR0002656")
    assert article("suwi", "63").find(n.SourceField).url.value.startswith("https://wetten.overheid.nl/BWBR0013060")
    components = _decls(files["gemma"], n.Component)
    for historic in ("budgetadvies-en-schuldbemiddeling", "wwb-ondersteuning", "re-integratie-en-werkzoekendenadministratie"):
        entry = components[historic]
        assert entry.find(n.VerifiedField).verified is False, historic
        assert "historisch" in entry.title.value and entry.find(n.UrlField) is None, historic


#: Publishers whose pages count as an official source for a `verified` entry: the law and
#: gazette sites, the national government, VNG and GEMMA, and government bodies and programmes.
OFFICIAL_SOURCES = (
    "https://wetten.overheid.nl/",
    "https://zoek.officielebekendmakingen.nl/",
    "https://www.rijksoverheid.nl/",
    "https://gemmaonline.nl/",
    "https://www.gemmaonline.nl/",
    "https://vng.nl/",
    "https://klantinteracties-api.vng.cloud",  # VNG's reference implementation of its own standard
    "https://bkwi.nl/",  # BKWI, part of UWV
    "https://www.hetcak.nl/",  # CAK, an independent administrative body
    "https://magazines.interbestuurlijkedatastrategie.nl/",  # the government's data strategy programme
    "https://github.com/ICTU/",  # ICTU, the government's ICT foundation (digitaleoverheid.nl)
)
#: An organisation's or product's own publication, accepted only for the entry describing it.
OWN_PUBLICATION = {
    "rollen.nvvk": "https://www.nvvk.nl/",
    "rollen.vrijwilliger": "https://schuldhulpmaatje.nl/",
    "gemma.open-inwoner": "https://github.com/maykinmedia/open-inwoner",
}


def _is_wiki(url: str) -> bool:
    # Wikipedia, and wikis such as the GGM bedrijfsobjectenwiki: editable pages, no official text.
    return "wiki" in url.lower()


def test_verified_entries_have_an_official_source(files):
    """The standing guard: `verified` rests on an official source, never on a wiki."""
    wrong = []
    for _module, label, node in _entries(files):
        url = node.find(n.SourceField).url.value
        if "wikipedia.org" in url:  # not even as the source of an unverified entry
            wrong.append(f"{label}: Wikipedia is no source ({url})")
        if not node.find(n.VerifiedField).verified:
            continue
        if _is_wiki(url):
            wrong.append(f"{label}: verified on a wiki ({url})")
        elif not url.startswith(OFFICIAL_SOURCES) and not url.startswith(OWN_PUBLICATION.get(label, "\0")):
            wrong.append(f"{label}: verified without an official source ({url})")
    assert wrong == []


def test_the_guard_rejects_what_the_audit_found(files):
    # The guard itself can fail: the sources the audit rejected are not official.
    for url in (
        "https://nl.wikipedia.org/wiki/Beschermingsbewind",
        "https://github.com/VNG-Realisatie/GEMMA-GGM-bedrijfsobjectenwiki",
        "https://docplayer.nl/106958140-Toepassing-van-de-schuldsaneringsregeling.html",
        "https://www.gemeente.nu/sociaal/bijstand/",
    ):
        assert _is_wiki(url) or not url.startswith(OFFICIAL_SOURCES), url


# ---------------------------------------------------------------- canonical layout


@pytest.mark.parametrize("name", MODULES)
def test_layout_is_canonical(name):
    text = (STDLIB / f"{name}.blueprint").read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), "one final newline"
    assert "\t" not in text and "\r" not in text
    assert "\n\n\n" not in text, "at most one blank line in a row"
    depth = 0
    previous = ""
    for number, line in enumerate(text.split("\n")[:-1], 1):
        assert line == line.rstrip(), f"line {number}: trailing whitespace"
        stripped = line.strip()
        if stripped.startswith("}"):
            depth -= 1
        if stripped and not stripped.startswith("#"):
            assert line.startswith("  " * depth) and line[2 * depth] != " ", f"line {number}: indentation"
            # one statement per line: a body opens at the end of a line and closes on its own line
            assert "{" not in stripped[:-1] and ("}" not in stripped or stripped == "}"), f"line {number}"
        if depth == 0 and re.match(r"(law|measure|component|facility|role|tile) ", stripped):
            assert previous == "" or previous.startswith("#"), f"line {number}: blank line before an entry"
        if stripped.endswith("{"):
            depth += 1
        previous = stripped
    assert depth == 0
