"""The shared nl/en names of the language's words (``pwib_dsl.labels``)."""

from __future__ import annotations

import pytest

from pwib_dsl import labels
from pwib_dsl.backends.bpmn.labels import words
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.sema.links import UNITS
from pwib_dsl.syntax import keywords


def test_both_languages_name_the_same_things():
    assert set(labels.TABLES["nl"]) == set(labels.TABLES["en"])
    for key, nl in labels.TABLES["nl"].items():
        en = labels.TABLES["en"][key]
        assert nl.short.count("|") == en.short.count("|") == nl.heading.count("|") == en.heading.count("|"), key


def test_every_lane_layer_unit_and_flow_node_has_a_name():
    table = labels.TABLES["nl"]
    assert {f"lane.{lane}" for lane in keywords.of_kind("lane")} <= set(table)
    assert {f"layer.{layer}" for layer in keywords.of_kind("layer")} <= set(table)
    assert {f"unit.{unit}" for unit in set(UNITS.values())} <= set(table)
    assert {f"node.{kind}" for kind in keywords.FLOW_NODES} <= set(table)


def test_units_are_counted():
    assert labels.amount("nl", 1, "weeks") == "1 week"
    assert labels.amount("nl", 4, "weeks") == "4 weken"
    assert labels.amount("en", 3, "workdays") == "3 workdays"
    assert labels.amount("en", 3, "workdays", prose=True) == "3 working days"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_and_bpmn_read_one_entry(lang):
    """The BPMN lane is the short form, the HTML row header the heading, of one entry."""
    html, bpmn = Labels(lang), words(lang)
    for lane in keywords.of_kind("lane"):
        name = labels.table(lang)[f"lane.{lane}"]
        assert (bpmn[f"lane.{lane}"], html[f"lane_{lane}"]) == (name.short, name.heading)
    assert bpmn["pain"] == labels.short(lang, "layer.pain")
    assert html["layer_pains"] == labels.heading(lang, "layer.pain")
    assert html.unit(2, "workdays") == labels.amount(lang, 2, "workdays", prose=True)
