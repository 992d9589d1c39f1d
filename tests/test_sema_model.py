"""The resolved model: ids, citations and their links, flow, catalogue, ordering."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pwib_dsl.driver import compile_sources
from pwib_dsl.sema import model as m
from pwib_dsl.source import SourceFile

STDLIB = Path(__file__).resolve().parent / "cases" / "_stdlib"


def compile_text(**files: str):
    sources = [SourceFile(f"{name}.blueprint", textwrap.dedent(text)) for name, text in files.items()]
    return compile_sources(sources, stdlib=STDLIB)


AANMELDING = """\
use wet
use rollen
use gemma
use pwib
use schuldenlandschap

blueprint aanmelding "Aanmelden" {
  version "1.0"
  status review
  tile schuldenlandschap.toegang
  implements pwib.direct-aanvragen
  owner "Team schuldhulp"
  actor inwoner = rollen.inwoner
  actor consulent "Consulent schuldhulp" = rollen.schuldhulpverlener
  system zaken "Zaaksysteem" = gemma.zaakregistratiecomponent
  system formulier "Webformulier" { url "https://example.org/formulier" }
  phase melden "Melden" {
    step aanmelden "Aanmelden" {
      customer inwoner "Vult het formulier in"
      system formulier
      system zaken
      legal wgs art 4 lid 1 "eerste gesprek binnen vier weken"
      legal awb art 4:13 lid 2 onderdeel a
      communication brief "Ontvangstbevestiging"
      pain "Weet niet welke stukken nodig zijn"
      emotion -1
      deadline 3 workdays
    }
    decision toelating "Toelaten?" {
      legal wgs art 4a
      outcome beschikking
      measure direct-aanvragen
      when "ja" -> plan
      otherwise -> geweigerd
    }
  }
  step plan "Plan" {
    frontstage consulent "Stelt het plan op"
    next klaar
  }
  end geweigerd "Geweigerd"
  end klaar "Klaar"
}
"""


@pytest.fixture(scope="module")
def aanmelding():
    result = compile_text(aanmelding=AANMELDING)
    assert not result.diagnostics, result.diagnostics
    (bp,) = result.workspace.blueprints
    return result.workspace, bp


def test_blueprint_fields_resolve_to_catalogue_ids(aanmelding):
    _, bp = aanmelding
    assert bp.file == "aanmelding.blueprint"
    assert (bp.version, bp.status, bp.owner) == ("1.0", "review", "Team schuldhulp")
    assert bp.tile == "schuldenlandschap.toegang"
    assert bp.implements == ("pwib.direct-aanvragen",)
    assert bp.actors == (
        m.Actor("inwoner", "Inwoner", "rollen.inwoner"),
        m.Actor("consulent", "Consulent schuldhulp", "rollen.schuldhulpverlener"),
    )
    zaken, formulier = bp.systems
    assert zaken == m.System("zaken", "Zaaksysteem", "gemma.zaakregistratiecomponent", personal_data=True,
                             url="https://gemmaonline.nl/index.php/GEMMA/id-a97b6545-d5a7-485d-9b13-3ce22db5b9cf")
    assert formulier == m.System("formulier", "Webformulier", url="https://example.org/formulier")


def test_citations_carry_juriconnect_ids_and_links(aanmelding):
    _, bp = aanmelding
    first = bp.node("aanmelden")
    wgs, awb = first.legal
    assert wgs == m.Citation(
        law="wet.wgs", law_name="wgs", law_title="Wet gemeentelijke schuldhulpverlening", article="4",
        label="Wgs art. 4 lid 1", url="https://wetten.overheid.nl/jci1.3:c:BWBR0031331&artikel=4&lid=1",
        jci="jci1.3:c:BWBR0031331&artikel=4&lid=1", bwb="BWBR0031331", article_title="Eerste gesprek",
        lid="1", note="eerste gesprek binnen vier weken",
    )
    # the onderdeel is part of the label; Juriconnect has no established parameter for it
    assert awb.label == "Awb art. 4:13 lid 2 onderdeel a"
    assert awb.jci == "jci1.3:c:BWBR0005537&artikel=4:13&lid=2"
    assert awb.url == "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13&lid=2"


def test_flow_is_explicit(aanmelding):
    _, bp = aanmelding
    assert bp.start == "aanmelden"
    assert [n.id for n in bp.nodes] == ["aanmelden", "toelating", "plan", "geweigerd", "klaar"]
    assert bp.node("aanmelden").next == "toelating"  # file order
    assert bp.node("plan").next == "klaar"  # explicit next
    assert bp.node("toelating").branches == (m.Branch("ja", "plan"), m.Branch("", "geweigerd", True))
    assert bp.phases == (m.Phase("melden", "Melden", ("aanmelden", "toelating")),)
    assert bp.node("plan").phase is None and bp.node("aanmelden").phase == "melden"


def test_layers_and_units(aanmelding):
    _, bp = aanmelding
    step = bp.node("aanmelden")
    assert step.lanes == (m.LaneEntry("customer", "Vult het formulier in", "inwoner"),)
    assert step.systems == ("formulier", "zaken")
    assert step.communication == (m.Communication("Ontvangstbevestiging", "brief"),)
    assert step.pains == ("Weet niet welke stukken nodig zijn",)
    assert step.emotion == -1
    assert step.deadlines == (m.Deadline(3, "workdays"),)
    assert bp.node("toelating").measures == ("pwib.direct-aanvragen",)
    assert bp.node("toelating").outcome == "beschikking"


def test_catalogue_holds_the_used_modules_in_module_order(aanmelding):
    ws, _ = aanmelding
    cat = ws.catalogue
    assert [law.id for law in cat.laws] == ["wet.wgs", "wet.pw", "wet.awb", "wet.wbrp"]
    wgs = cat.laws[0]
    assert wgs.url == "https://wetten.overheid.nl/BWBR0031331"
    art4 = wgs.articles[0]
    assert art4.terms == (m.Term(4, "weeks", True), m.Term(3, "workdays", True, "bij dreigende huisuitzetting of afsluiting"))
    assert art4.jci == "jci1.3:c:BWBR0031331&artikel=4"
    # articles inherit the law's provenance unless they state their own
    assert art4.provenance == m.Provenance("https://wetten.overheid.nl/BWBR0031331", True)
    assert wgs.articles[2].provenance.verified is False
    assert [c.id for c in cat.components] == [
        "gemma.zaakregistratiecomponent", "gemma.zaaktypecataloguscomponent", "gemma.brp", "gemma.digid",
    ]
    assert cat.components[2].kind == "facility"
    assert [t.id for t in cat.tiles] == [
        "schuldenlandschap.vroegsignalering", "schuldenlandschap.toegang", "schuldenlandschap.aanmelding",
    ]
    assert cat.tiles[2].parent == "schuldenlandschap.toegang"
    (direct, _) = cat.measures
    assert direct.changes[0].label == "Pw art. 41 lid 12"
    assert [r.id for r in cat.roles] == ["rollen.inwoner", "rollen.schuldhulpverlener", "rollen.klantmanager"]


def test_top_level_systems_and_actors_get_module_ids():
    result = compile_text(
        gedeeld="""\
        module gedeeld "Gedeeld"
        use rollen
        use gemma
        system zaken "Zaaksysteem" = gemma.zaakregistratiecomponent
        actor km "Klantmanager" = rollen.schuldhulpverlener
        """,
        reis="""\
        use gedeeld
        use wet
        blueprint reis "Reis" {
          step s "S" {
            backstage km "Werkt"
            system zaken
            legal wgs art 4
          }
          end e "E"
        }
        """,
    )
    assert not result.diagnostics, result.diagnostics
    (bp,) = result.workspace.blueprints
    assert bp.actors == (m.Actor("gedeeld.km", "Klantmanager", "rollen.schuldhulpverlener"),)
    assert bp.systems[0].id == "gedeeld.zaken" and bp.systems[0].personal_data
    assert bp.node("s").systems == ("gedeeld.zaken",)
    assert bp.node("s").lanes[0].actor == "gedeeld.km"


def test_law_without_bwb_links_to_its_source():
    result = compile_text(
        lokaal="""\
        module lokaal "Lokaal"
        law besluit "Besluit" {
          source "https://zoek.officielebekendmakingen.nl/stb-2020-240.html"
          article 2 "Signalen"
        }
        """,
        reis="""\
        use lokaal
        blueprint reis "Reis" {
          step s "S" { legal besluit art 2 }
          end e "E"
        }
        """,
    )
    assert [d.code for d in result.diagnostics] == ["PB603"]
    citation = result.workspace.blueprints[0].nodes[0].legal[0]
    assert citation.jci == "" and citation.url == "https://zoek.officielebekendmakingen.nl/stb-2020-240.html"


def test_forward_references_and_shadowing_by_own_declarations():
    result = compile_text(
        reis="""\
        use rollen
        blueprint reis "Reis" {
          actor a = inwoner
          step s "S" { customer a "x" next e }
          end e "E"
        }
        role inwoner "Eigen inwoner" { source "https://example.org" }
        """,
    )
    assert [d.code for d in result.diagnostics] == ["PB112"]  # rollen is now unused
    (bp,) = result.workspace.blueprints
    assert bp.actors[0].role == "reis.inwoner"


def test_unresolved_targets_stay_out_of_the_model():
    result = compile_text(reis="""\
        blueprint reis "Reis" {
          step s "S" { next nergens }
          decision d "D" { when "a" -> e  when "b" -> weg }
          end e "E"
        }
        """)
    bp = result.workspace.blueprints[0]
    assert bp.node("s").next is None
    assert bp.node("d").branches == (m.Branch("a", "e"),)


def test_deep_and_long_flows_do_not_recurse():
    steps = "\n".join(f'step s{i} "S{i}" {{ next s{i + 1} }}' for i in range(5000))
    result = compile_text(lang=f'blueprint lang "Lang" {{\n{steps}\nend s5000 "Einde"\n}}\n')
    assert not result.diagnostics
    assert result.workspace.blueprints[0].node("s4999").next == "s5000"


def test_labels_into_the_standard_library_come_with_their_source():
    result = compile_text(reis="""\
        use wet
        use pwib
        blueprint reis "Reis" {
          step s "S" { legal direct-aanvragen art 1 }
          end e "E"
        }
        """)
    (diag,) = [d for d in result.diagnostics if d.code == "PB202"]
    assert diag.message == "`direct-aanvragen` is a measure, not a law"
    (label,) = diag.secondary
    assert label.file == "<stdlib>/pwib.blueprint"
    source = result.aux_sources[label.file]
    assert source.text[label.span.start : label.span.end] == "direct-aanvragen"


def test_actors_belong_to_organisations_and_the_json_carries_them():
    from pwib_dsl.backends import json_

    result = compile_text(
        partners="""\
        module partners "Partners"
        use organisaties
        actor incasso "Incasso" of woningcorporatie
        """,
        signaal="""\
        use partners
        use organisaties

        blueprint signaal "Signaal" {
          actor consulent "Consulent" of gemeente
          actor inwoner "Inwoner"
          step melden "Melden" {
            backstage incasso "Meldt de achterstand"
            frontstage consulent "Belt aan"
            customer inwoner "Doet open"
          }
          end klaar "Klaar"
        }
        """,
    )
    assert [d.code for d in result.diagnostics if d.severity.value != "info"] == []
    [bp] = result.workspace.blueprints
    assert [(a.id, a.organisation) for a in bp.actors] == [
        ("consulent", "organisaties.gemeente"), ("inwoner", None), ("partners.incasso", "organisaties.woningcorporatie"),
    ]
    assert bp.organisations == ("organisaties.gemeente", "organisaties.woningcorporatie")
    doc = json_.document(result.workspace, bp)
    assert [o.id for o in doc.catalogue.organisations] == ["organisaties.gemeente", "organisaties.woningcorporatie"]
    data = json_.converter().unstructure(doc)
    assert data["schema_version"] == m.SCHEMA_VERSION == 3
    assert data["blueprint"]["actors"][0] == {"id": "consulent", "title": "Consulent", "organisation": "organisaties.gemeente"}


def test_waits_terms_that_lead_somewhere_and_loop_bounds_in_the_model():
    result = compile_text(
        herstel="""\
        use wet
        use organisaties

        blueprint herstel "Herstel" {
          actor inwoner "Inwoner"
          step stukken "Stukken" {
            wait inwoner "Ontbrekende stukken"
            legal awb art 4:5
            deadline 2 weeks "hersteltermijn" -> buiten-behandeling
          }
          step regeling "Regeling" {
            wait woningcorporatie "Voorstel"
          }
          decision compleet "Compleet?" {
            legal awb art 4:5
            when "nee" -> stukken max 2
            otherwise -> klaar
          }
          end klaar "Klaar"
          end buiten-behandeling "Buiten behandeling"
        }
        """,
    )
    assert [d.code for d in result.diagnostics if d.severity.value != "info"] == []
    [bp] = result.workspace.blueprints
    stukken, regeling, compleet = bp.nodes[:3]
    assert stukken.wait == m.Wait("Ontbrekende stukken", "inwoner", "actor")
    assert stukken.next == "regeling"
    assert stukken.deadlines == (m.Deadline(2, "weeks", "hersteltermijn", "buiten-behandeling"),)
    assert regeling.wait == m.Wait("Voorstel", "organisaties.woningcorporatie", "organisation")
    assert compleet.branches == (m.Branch("nee", "stukken", max_times=2), m.Branch("", "klaar", True))


def test_forks_and_joins_in_the_model():
    result = compile_text(
        signaal="""\
        blueprint signaal "Signaal" {
          fork tegelijk "Tegelijk" {
            branch -> suwinet
            branch -> regeling
          }
          step suwinet "Suwinet" {
            backstage "Raadpleegt"
            next samen
          }
          step regeling "Regeling" {
            backstage "Vraagt"
          }
          join samen "Samen"
          end klaar "Klaar"
        }
        """,
    )
    assert [d.code for d in result.diagnostics] == []
    [bp] = result.workspace.blueprints
    fork, suwinet, regeling, join, _ = bp.nodes
    assert fork == m.Fork(id="tegelijk", title="Tegelijk", branches=("suwinet", "regeling"))
    assert (suwinet.next, regeling.next) == ("samen", "samen")
    assert join == m.Join(id="samen", title="Samen", next="klaar", fork="tegelijk")
    from pwib_dsl.backends import json_

    data = json_.converter().unstructure(json_.document(result.workspace, bp))
    assert data["blueprint"]["nodes"][3] == {"kind": "join", "id": "samen", "title": "Samen", "next": "klaar", "fork": "tegelijk"}
    assert json_.converter().structure(data, json_.BlueprintDocument).blueprint == bp


def test_a_workspace_extends_a_stdlib_law_without_declaring_it_again():
    result = compile_text(
        aanvulling="""\
        module aanvulling "Aanvulling"
        use wet

        extend wet.awb {
          article 4:7 "Horen van de aanvrager" {
            term 2 weeks
          }
          article 4:13 "Nog eens"
          source "https://wetten.overheid.nl/BWBR0005537/2026-01-01"
          unverified
        }
        """,
        reis="""\
        use wet

        blueprint reis "Reis" {
          step horen "Horen" {
            frontstage "Hoort de aanvrager"
            legal awb art 4:7
          }
          end klaar "Klaar"
        }
        """,
    )
    codes = [d.code for d in result.diagnostics]
    assert codes.count("PB105") == 1 and "PB203" not in codes and "PB106" not in codes
    [bp] = result.workspace.blueprints
    [citation] = bp.nodes[0].legal
    assert (citation.law, citation.article, citation.article_title) == ("wet.awb", "4:7", "Horen van de aanvrager")
    [law] = [x for x in result.workspace.catalogue.laws if x.id == "wet.awb"]
    added = law.articles[-1]
    assert added.number == "4:7" and added.terms == (m.Term(2, "weeks"),)
    assert added.provenance == m.Provenance("https://wetten.overheid.nl/BWBR0005537/2026-01-01", False)


def test_a_local_regulation_has_a_cvdr_id_and_links_to_lokaleregelgeving():
    result = compile_text(
        lokaal="""\
        module lokaal "Lokaal"
        law verordening "Verordening" {
          cvdr CVDR743404
          article 3 "Verlaging"
          source "https://lokaleregelgeving.overheid.nl/CVDR743404/1"
          verified
        }
        law beide "Beide" {
          bwb BWBR0031331
          cvdr CVDR1
          source "https://lokaleregelgeving.overheid.nl/CVDR1/1"
          verified
        }
        blueprint reis "Reis" {
          step s "S" {
            frontstage "Past de verordening toe"
            legal verordening art 3
          }
          end klaar "Klaar"
        }
        """,
    )
    assert [d.code for d in result.diagnostics] == ["PB109"]
    [bp] = result.workspace.blueprints
    [citation] = bp.nodes[0].legal
    assert citation.url == "https://lokaleregelgeving.overheid.nl/CVDR743404" and citation.jci == ""
    law = next(x for x in result.workspace.catalogue.laws if x.id == "lokaal.verordening")
    assert law.cvdr == "CVDR743404" and law.bwb is None


def test_named_terms_span_steps_in_the_model():
    result = compile_text(
        aanvraag="""\
        use wet

        blueprint aanvraag "Aanvraag" {
          term beslistermijn 8 weeks from aanvraag to besluit "beslistermijn" {
            legal awb art 4:13
            suspended-by herstel
          }
          term spoed 3 workdays from aanvraag to herstel {
            when "dreigende huisuitzetting"
          }
          step aanvraag "Aanvraag" {
            backstage "Registreert"
          }
          step herstel "Herstel" {
            customer "Vult aan"
          }
          step besluit "Besluit" {
            backstage "Besluit"
          }
          end klaar "Klaar"
        }
        """,
    )
    assert [d.code for d in result.diagnostics] == []
    [bp] = result.workspace.blueprints
    beslis, spoed = bp.terms
    assert (beslis.id, beslis.amount, beslis.unit, beslis.start, beslis.end) == ("beslistermijn", 8, "weeks", "aanvraag", "besluit")
    assert beslis.suspended_by == ("herstel",) and beslis.note == "beslistermijn" and beslis.condition is None
    assert [c.label for c in beslis.legal] == ["Awb art. 4:13"]
    assert spoed.condition == "dreigende huisuitzetting" and spoed.unit == "workdays"
