"""The semantic diff on pairs of files: every kind of change, and the three output formats."""

from __future__ import annotations

import json

import pytest

from pwib_dsl.diff import diff_texts, render

OLD = '''\
use wet
use rollen

blueprint aanmelding "Aanmelden" {
  version "1.0"
  status concept
  actor inwoner = rollen.inwoner
  system zaken "Zaaksysteem" = gemma.zaak
  phase melden "Melden" {
    step aanmelden "Inwoner meldt zich aan" {
      customer inwoner "Vult het formulier in"
      evidence "Webformulier"
      emotion -1
    }
    step gesprek "Eerste gesprek" {
      legal wgs art 4 lid 1
      deadline 4 weeks
    }
    decision toelating "Toelaten?" {
      legal wgs art 4a
      when "ja" -> plan
      otherwise -> weg
    }
  }
  phase plannen "Plannen" {
    step plan "Plan van aanpak" {
      next klaar
    }
    step oud "Vervalt" {
      note "weg ermee"
    }
    end klaar "Klaar"
  }
  end weg "Geweigerd"
}

law wgs "Wet gemeentelijke schuldhulpverlening" {
  bwb BWBR0031331
  article 4a "Beschikking" {
    term 8 weeks max
  }
}
'''

NEW = '''\
use wet
use rollen
use gemma

blueprint aanmelding "Aanmelden voor schuldhulp" {
  version "1.1"
  status concept
  actor inwoner "Inwoner" = rollen.inwoner
  system zaken "Zaaksysteem" = gemma.zaak {
    personal-data
  }
  phase melden "Melden" {
    step gesprek "Eerste gesprek" {
      legal wgs art 4a
      deadline 3 weeks
    }
    step aanmelden "Inwoner meldt zich aan" {
      customer inwoner "Vult het aanmeldformulier in"
      evidence "Webformulier"
      emotion -1
    }
    decision toelating "Mag de inwoner verder?" {
      when "ja" -> plan
      when "twijfel" -> plan
      otherwise -> weg
    }
  }
  phase plannen "Plannen" {
    step plan "Plan van aanpak" {
      next klaar
    }
    step nieuw "Nieuwe stap" {
      legal pw art 8 "verordening"
      customer inwoner "Doet mee"
    }
  }
  end klaar "Klaar"
  end weg "Geweigerd"
}

law wgs "Wet gemeentelijke schuldhulpverlening" {
  bwb BWBR0031331
  article 4a "Beschikking" {
    term 6 weeks max
  }
  article 5 "Nieuw artikel"
}
'''

EXPECTED_TEXT = '''\
18 changes from old to new

Legal basis
  blueprint `aanmelding` › step `gesprek`: legal basis changed: Wgs art. 4 lid 1 → Wgs art. 4a
  blueprint `aanmelding` › decision `toelating`: legal basis removed: Wgs art. 4a
  blueprint `aanmelding` › step `nieuw`: legal basis added: Pw art. 8 ("verordening") (new step)

Blueprint `aanmelding`
  retitled: "Aanmelden" → "Aanmelden voor schuldhulp"
  version changed: version "1.0" → version "1.1"
  actor `inwoner`: declaration changed: actor inwoner = rollen.inwoner → actor inwoner "Inwoner" = rollen.inwoner
  system `zaken`: personal-data added
  step `gesprek`: deadline changed: deadline 4 weeks → deadline 3 weeks
  step `aanmelden`: customer lane changed: customer inwoner "Vult het formulier in" → customer inwoner "Vult het aanmeldformulier in"
  decision `toelating`: retitled: "Toelaten?" → "Mag de inwoner verder?"
  decision `toelating`: flow added: when "twijfel" -> plan
  step `nieuw`: added: "Nieuwe stap" (in phase `plannen`)
  end `klaar`: moved from phase `plannen` to outside the phases
  step `oud`: removed: "Vervalt" (in phase `plannen`)
  step `gesprek`: reordered: now first

Catalogue
  law `wgs` › article `4a`: term changed: term 8 weeks max → term 6 weeks max
  law `wgs` › article `5`: added: "Nieuw artikel"

Files
  file `new`: use added: use gemma
'''


def test_every_kind_of_change_in_text():
    result = diff_texts(OLD, NEW)
    assert render(result, "text") == EXPECTED_TEXT


def test_legal_basis_comes_first():
    result = diff_texts(OLD, NEW)
    sections = [c.section for c in result.changes]
    assert sections == sorted(sections, key=("legal", "blueprints", "catalogue", "files").index)
    assert sections[0] == "legal"


def test_markdown_for_a_review_comment():
    out = render(diff_texts(OLD, NEW), "markdown")
    assert out.startswith("### Semantic changes: `old` → `new`\n\n18 changes.\n\n#### Legal basis\n\n")
    assert "- blueprint `aanmelding` › step `gesprek`: legal basis changed: Wgs art. 4 lid 1 → Wgs art. 4a\n" in out
    assert "#### Blueprint `aanmelding`\n\n- retitled: `\"Aanmelden\"` → `\"Aanmelden voor schuldhulp\"`\n" in out
    assert "- step `aanmelden`: customer lane changed: `customer inwoner \"Vult het formulier in\"`" in out
    assert "#### Catalogue" in out and "#### Files" in out
    assert out.endswith("\n") and "\n\n\n" not in out


def test_markdown_escapes_and_fences():
    old = 'blueprint b "B" { step a "A" { pain "x" legal wgs art 4 "*niet* vet" } }'
    new = 'blueprint b "B" { step a "A" { pain "met `backtick`" legal wgs art 4 "_ook niet_" } }'
    out = render(diff_texts(old, new), "markdown")
    assert '`` pain "met `backtick`" ``' in out  # CommonMark strips the padding spaces
    assert '(\\"\\_ook niet\\_\\")' not in out  # quotes are not escaped...
    assert '\\_ook niet\\_' in out and '\\*niet\\* vet' in out  # ...emphasis is


def test_json_is_stable_and_complete():
    result = diff_texts(OLD, NEW)
    out = render(result, "json")
    assert out == render(diff_texts(OLD, NEW), "json")
    doc = json.loads(out)
    assert doc["format"] == "pwib-diff" and doc["version"] == 1 and doc["equal"] is False
    assert len(doc["changes"]) == 18
    first = doc["changes"][0]
    assert first == {
        "section": "legal",
        "owner": {"kind": "blueprint", "name": "aanmelding"},
        "path": [{"kind": "step", "name": "gesprek"}],
        "action": "changed",
        "aspect": "legal basis",
        "old": ["Wgs art. 4 lid 1"],
        "new": ["Wgs art. 4a"],
        "note": "",
    }
    assert list(doc) == sorted(doc)


def test_layout_and_comments_are_no_change():
    messy = "# een commentaar\n" + NEW.replace("\n", "\n\n").replace("  ", "\t") + "# slot\n"
    messy = messy.replace('"Eerste gesprek" {', '"Eerste gesprek" { # kop')
    assert diff_texts(NEW, messy).equal
    assert render(diff_texts(NEW, messy), "text") == "No semantic changes between old and new.\n"


def test_string_spelling_is_no_change():
    old = 'blueprint b "B" { description "Euro: €, \\"quote\\"" }'
    new = 'blueprint b "B" { description "Euro: \\u{20AC}, \\"quote\\"" }'
    assert diff_texts(old, new).equal


def test_reorder_changes_the_flow_and_is_reported():
    old = 'blueprint b "B" { step a "A" {} step b "B" {} step c "C" {} end e "E" }'
    new = 'blueprint b "B" { step b "B" {} step a "A" {} step c "C" {} end e "E" }'
    lines = render(diff_texts(old, new), "text").splitlines()
    assert lines[-1] in ("  step `a`: reordered: now after `b`", "  step `b`: reordered: now first")
    assert len(diff_texts(old, new).changes) == 1


def test_kind_change_and_phase_reorder():
    old = 'blueprint b "B" { phase p "P" { step a "A" {} } phase q "Q" { end e "E" } }'
    new = 'blueprint b "B" { phase q "Q" { end e "E" } phase p "P" { decision a "A" { otherwise -> e } } }'
    text = render(diff_texts(old, new), "text")
    assert "decision `a`: kind changed: step → decision" in text
    assert "decision `a`: flow added: otherwise -> e" in text
    assert "phase `q`: reordered: now first" in text or "phase `p`: reordered: now after `q`" in text


def test_added_and_removed_blueprints_and_entries():
    old = 'blueprint a "A" { step s "S" { legal wgs art 4 } }\nrole r "Rol"'
    new = 'module m "M"\nblueprint b "B" { phase p "P" { decision d "D" { legal awb art 4:13 lid 2 onderdeel a } } }'
    text = render(diff_texts(old, new), "text")
    assert "  blueprint `b` › decision `d`: legal basis added: Awb art. 4:13 lid 2 onderdeel a (new blueprint)" in text
    assert "Blueprint `b`\n  added: \"B\" (1 phase, 1 step)" in text
    assert "Blueprint `a`\n  removed: \"A\" (0 phases, 1 step)" in text
    assert "  role `r`: removed: \"Rol\"" in text
    assert "  file `new`: module added: module m \"M\"" in text


def test_catalogue_entries_are_keyed_by_module():
    old = 'module wet "W"\nlaw wgs "Wgs" { bwb BWBR0031331 source "https://a" }'
    new = 'module wet "W"\nlaw wgs "Wgs" { bwb BWBR0031332 source "https://a" verified }'
    text = render(diff_texts(old, new), "text")
    assert "law `wet.wgs`: bwb changed: bwb BWBR0031331 → bwb BWBR0031332" in text
    assert "law `wet.wgs`: verified added\n" in text


def test_legal_note_and_order():
    old = 'blueprint b "B" { step a "A" { legal wgs art 4 legal pw art 8 } }'
    swapped = 'blueprint b "B" { step a "A" { legal pw art 8 legal wgs art 4 } }'
    noted = 'blueprint b "B" { step a "A" { legal wgs art 4 "termijn" legal pw art 8 } }'
    assert "legal basis reordered" in render(diff_texts(old, swapped), "text")
    assert 'legal basis changed: Wgs art. 4; Pw art. 8 → Wgs art. 4 ("termijn"); Pw art. 8' in render(
        diff_texts(old, noted), "text"
    )


def test_multi_line_strings_stay_on_one_line():
    old = 'blueprint b "B" { step a "A" { note """een\ntwee""" } }'
    new = 'blueprint b "B" { step a "A" { note """een\ndrie""" } }'
    text = render(diff_texts(old, new), "text")
    assert 'note changed: note """een ↵ twee""" → note """een ↵ drie"""' in text


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_equal_sides_render(fmt):
    out = render(diff_texts(OLD, OLD), fmt)
    assert out.endswith("\n")
    if fmt == "json":
        assert json.loads(out)["equal"] is True and json.loads(out)["changes"] == []
    else:
        assert "No semantic changes" in out


def test_duplicate_names_do_not_crash():
    old = 'blueprint b "B" { step a "A" {} step a "A2" {} }'
    new = 'blueprint b "B" { step a "A" {} }'
    text = render(diff_texts(old, new), "text")
    assert "step `a (2)`: removed" in text


def test_organisations_and_the_organisation_of_an_actor():
    old = (
        'module m "M"\norganisation corp "Corporatie" { source "https://a" }\nactor incasso "Incasso"\n'
        'blueprint b "B" { actor c "Consulent" of gemeente step s "S" { frontstage c "Belt" } }'
    )
    new = (
        'module m "M"\norganisation corp "Woningcorporatie" { source "https://a" verified }\n'
        'organisation bin "BIN"\nactor incasso "Incasso" of corp\n'
        'blueprint b "B" { actor c "Consulent" of corp step s "S" { frontstage c "Belt" } }'
    )
    text = render(diff_texts(old, new), "text")
    assert 'organisation `m.corp`: retitled: "Corporatie" → "Woningcorporatie"' in text
    assert "organisation `m.corp`: verified added" in text
    assert 'organisation `m.bin`: added: "BIN"' in text
    assert 'actor `m.incasso`: declaration changed: actor incasso "Incasso" → actor incasso "Incasso" of corp' in text
    assert 'declaration changed: actor c "Consulent" of gemeente → actor c "Consulent" of corp' in text


def test_waits_deadline_targets_and_bounds():
    old = 'blueprint b "B" { step s "S" { deadline 2 weeks } decision d "D" { when "x" -> s otherwise -> e } end e "E" }'
    new = (
        'blueprint b "B" { step s "S" { wait inwoner "Stukken" deadline 2 weeks -> e } '
        'decision d "D" { when "x" -> s max 3 otherwise -> e } end e "E" }'
    )
    text = render(diff_texts(old, new), "text")
    assert 'step `s`: wait added: wait inwoner "Stukken"' in text
    assert "step `s`: deadline changed: deadline 2 weeks → deadline 2 weeks -> e" in text
    assert 'decision `d`: flow changed' in text and 'when "x" -> s max 3' in text


def test_named_terms_are_compared_by_name():
    old = 'blueprint b "B" { term t 8 weeks from a to e { legal awb art 4:13 } step a "A" {} end e "E" }'
    new = ('blueprint b "B" { term t 6 weeks from a to e { legal awb art 4:13 suspended-by a } '
           'term u 2 days from a to e step a "A" {} end e "E" }')
    text = render(diff_texts(old, new), "text")
    assert "term `t`: term changed: term t 8 weeks from a to e → term t 6 weeks from a to e" in text
    assert "suspended-by a" in text
    assert "term `u`: added: term u 2 days from a to e" in text


def test_law_extensions_are_compared_by_the_law_they_extend():
    old = 'use wet\nextend wet.pw { article 48 "Bijzondere bijstand" source "https://a" }'
    new = 'use wet\nextend wet.pw { article 48 "Bijzondere bijstand" { term 8 weeks } article 49 "Nog een" source "https://a" verified }'
    text = render(diff_texts(old, new), "text")
    assert "extend `wet.pw` › article `49`: added: \"Nog een\"" in text
    assert "extend `wet.pw` › article `48`: term added: term 8 weeks" in text
    assert "extend `wet.pw`: verified added" in text
    assert "extend `wet.pw`: added" in render(diff_texts("", new), "text")
