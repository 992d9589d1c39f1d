"""Ids derived from DSL names: valid NCNames and Python identifiers, injective, stable."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pwib_dsl.backends.bpmn.ids import IdScheme, embed_prefix, name_key, process_id

# what the grammar accepts as a NAME: a letter or `_`, then letters, digits, `_`, `-`
names = st.from_regex(r"[^\W\d][\w-]{0,20}", fullmatch=True)
qualified = st.builds(lambda a, b: f"{a}.{b}", names, names)
any_name = st.one_of(names, qualified)

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def test_plain_names_stay_readable():
    assert name_key("eerste-gesprek") == "eerste_gesprek"
    assert name_key("Toelating2") == "Toelating2"
    assert name_key("rollen.klant-manager") == "rollen__klant_manager"


def test_other_names_get_a_slug_and_a_hash():
    assert re.fullmatch(r"beeindigen___[0-9a-f]{8}", name_key("beëindigen"))
    assert re.fullmatch(r"stap_1___[0-9a-f]{8}", name_key("stap_1"))
    assert re.fullmatch(r"x___[0-9a-f]{8}", name_key("日本"))
    # the three kinds of key can never meet
    assert name_key("a-b") != name_key("a_b") != name_key("a.b")
    assert name_key("a--b") != name_key("a-b")


@given(any_name)
def test_every_key_makes_valid_ids(name):
    key = name_key(name)
    assert _ID.match(key), key
    for made in (f"Task_{key}", process_id(name), f"{embed_prefix(name)}Task_x"):
        assert made.isidentifier() and made.isascii() and _ID.match(made)
        assert made not in ("Start", "End") and not made.endswith(".EndJoin")


@settings(max_examples=300)
@given(st.lists(any_name, min_size=2, max_size=40, unique=True))
def test_distinct_names_give_distinct_keys(many):
    keys = [name_key(n) for n in many]
    assert len(set(keys)) == len(keys), list(zip(many, keys))


@given(st.lists(names, min_size=1, max_size=20, unique=True), names)
def test_an_id_depends_only_on_its_own_names(existing, new):
    """Claiming more ids (adding steps) never changes the ids already handed out."""
    first = IdScheme()
    before = [first.make("Task", n) for n in existing]
    second = IdScheme()
    if new not in existing:
        second.make("Task", new)
    after = [second.make("Task", n) for n in existing]
    assert before == after


def test_registry_makes_a_collision_deterministic():
    scheme = IdScheme("t__")
    assert scheme.make("Flow", "a", "b") == "t__Flow_a__b"
    assert scheme.make("Flow", "a", "b") == "t__Flow_a__b_dup2"
    assert scheme.make("Flow", "a", "b") == "t__Flow_a__b_dup3"
    assert scheme.make("Deadline", "a", part=1) == "t__Deadline_a_1"
