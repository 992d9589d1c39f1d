"""What keeps a parsed tree small: slotted nodes, and one string object per repeated word."""

from __future__ import annotations

import inspect

import attrs
import pytest

from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse_text

NODE_CLASSES = [c for _, c in inspect.getmembers(n, inspect.isclass) if attrs.has(c) and c.__module__ == n.__name__]


def test_there_are_node_classes():
    assert len(NODE_CLASSES) > 60 and n.Step in NODE_CLASSES and n.Comment in NODE_CLASSES


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda c: c.__name__)
def test_a_node_has_no_dict_and_no_weakref_slot(cls):
    assert cls.__dictoffset__ == 0, f"{cls.__name__} instances carry a __dict__"
    assert cls.__weakrefoffset__ == 0, f"{cls.__name__} instances carry a weak-reference slot"


def test_a_node_takes_no_attribute_outside_its_fields():
    ident = n.Ident("a")
    with pytest.raises((AttributeError, TypeError)):
        object.__setattr__(ident, "extra", 1)


TEXT = '''\
actor a0 "A"
blueprint b "B" {
  phase p "P" {
    step s1 "Een" {
      customer a0 "Vult in"
      customer a0 "Belt"
      policy "Regel"
      deadline 4 weeks -> s2
    }
    step s2 "Twee" {
      customer a0 "Wacht"
      system s0
      system s0
      policy "Regel twee"
      deadline 4 weeks
      next s1
    }
  }
}
'''


def test_repeated_words_and_names_are_one_string_each():
    result = parse_text(TEXT)
    assert result.file is not None and not result.diagnostics, result.diagnostics
    bp = result.file.blueprints[0]
    phase = bp.items[0]
    s1, s2 = phase.nodes
    lanes = [i for step in (s1, s2) for i in step.items if isinstance(i, n.LaneEntry)]
    assert len(lanes) == 3
    assert lanes[0].lane is lanes[1].lane is lanes[2].lane == "customer"
    assert lanes[0].actor.text is lanes[2].actor.text is result.file.items[0].name.text == "a0"
    layers = [i for step in (s1, s2) for i in step.items if isinstance(i, n.TextLayer)]
    assert layers[0].layer is layers[1].layer == "policy"
    deadlines = [i for step in (s1, s2) for i in step.items if isinstance(i, n.Deadline)]
    assert deadlines[0].unit is deadlines[1].unit == "weeks"
    nxt = s2.find(n.Next)
    assert nxt.target.text is s1.name.text == "s1"
    uses = s2.find_all(n.SystemUse)
    assert uses[0].ref.parts is uses[1].ref.parts == ("s0",)
