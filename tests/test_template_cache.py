"""The site's compiled templates are kept in the per-user cache and read back, never trusted blindly."""

from __future__ import annotations

import jinja2
import pytest

from pwib_dsl.backends.html import environment as site_env


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An environment made anew, over a cache folder of its own."""
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path / "cache"))
    site_env.environment.cache_clear()
    yield tmp_path / "cache" / "templates"
    site_env.environment.cache_clear()


def _all_templates(env):
    return {name: env.get_template(name) for name in env.list_templates(extensions=("j2",))}


def _compiles(monkeypatch) -> list:
    seen = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: seen.append(a[1] if len(a) > 1 else None) or real(self, *a, **k))
    return seen


def test_a_second_environment_compiles_nothing(fresh, monkeypatch):
    seen = _compiles(monkeypatch)
    first = _all_templates(site_env.environment())
    assert len(seen) == len(first) > 5
    assert len(list(fresh.glob("*.pickle"))) == len(first)
    site_env.environment.cache_clear()
    seen.clear()
    again = _all_templates(site_env.environment())
    assert seen == [], "every template's code came from the cache"
    for name, tpl in first.items():
        assert again[name].root_render_func.__code__.co_code == tpl.root_render_func.__code__.co_code


def test_damaged_entries_are_compiled_again(fresh, monkeypatch):
    first = _all_templates(site_env.environment())
    for entry in fresh.glob("*.pickle"):
        entry.write_bytes(b"\x80\x04not a pickle")
    site_env.environment.cache_clear()
    seen = _compiles(monkeypatch)
    again = _all_templates(site_env.environment())
    assert len(seen) == len(first)
    for name, tpl in first.items():
        assert again[name].root_render_func.__code__.co_code == tpl.root_render_func.__code__.co_code


def test_no_cache_no_bytecode_cache(monkeypatch):
    monkeypatch.setenv("PWIB_CACHE_DIR", "")
    site_env.environment.cache_clear()
    try:
        assert site_env.environment().bytecode_cache is None
    finally:
        site_env.environment.cache_clear()
