"""The Jinja2 environment of the HTML site, its inline assets and the page's security policy.

Templates, the stylesheet and the script are package data in ``pwib_dsl/data/html``.
Autoescaping is on for every template; authored text reaches a page only through ``{{ }}``.
The stylesheet and script are inlined, and each page carries a Content-Security-Policy that
allows exactly those two blocks (by SHA-256 hash) and no network access at all: even markup
that slipped through escaping could neither run a script nor load anything.

Jinja2 is imported here, and this module only from ``render``, so ``pwib check`` never loads it.

Compiling the templates costs more than a small site's pages (about 0.13 s), and the result
depends only on their text, this module and Jinja2, so the compiled code is kept in the
per-user cache (:mod:`pwib_dsl.cache`) through Jinja2's own bytecode-cache hook.
"""

from __future__ import annotations

import base64
import functools
import hashlib

import jinja2
from markupsafe import Markup

from pwib_dsl import cache
from pwib_dsl.backends.html.hyphenate import hyphenate
from pwib_dsl.backends.html.labels import CONTENT_LANG
from pwib_dsl.resources import data_dir


def _html_dir():
    return data_dir() / "html"


def _theme_css(theme) -> str:
    """A municipality's colours as NL Design System ``basis`` tokens (after the theme's own)."""
    if theme is None:
        return ""
    tokens = []
    if theme.primary:
        tokens += [f"--basis-color-action-2-color-default: {theme.primary};",
                   f"--basis-color-action-2-color-hover: {theme.primary};",
                   f"--basis-color-action-2-color-active: {theme.primary};"]
    if theme.accent:
        tokens += [f"--basis-color-accent-1-inverse-bg-default: {theme.accent};"]
    # colours are validated as #rrggbb by pwib_dsl.theme, so nothing here can close the block
    return "\n/* theme of pwib.toml */\n.voorbeeld-theme { " + " ".join(tokens) + " }\n" if tokens else ""


@functools.lru_cache(maxsize=8)
def assets(theme=None) -> tuple[Markup, Markup, Markup]:
    """``(css, js, csp)``: the inline stylesheet and script, and the policy allowing them.

    The stylesheet is NL Design System (``nlds/nlds.css``: the Voorbeeld theme's tokens and
    the components), then the site's own ``site.css``, then the tokens of ``theme``.
    """
    css = (
        (_html_dir() / "nlds" / "nlds.css").read_text(encoding="utf-8")
        + (_html_dir() / "site.css").read_text(encoding="utf-8")
        + _theme_css(theme)
    )
    js = (_html_dir() / "site.js").read_text(encoding="utf-8")
    for name, text, closer in (("the stylesheet", css, "</style"), ("site.js", js, "</script")):
        if closer in text.lower():
            raise ValueError(f"{name} must not contain {closer!r}: it is inlined in every page")

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    csp = (
        f"default-src 'none'; style-src {sha(css)}; script-src {sha(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # The policy is our own constant (hashes and keywords only), so its quotes stay literal.
    return Markup(css), Markup(js), Markup(csp)


@jinja2.pass_context
def content(ctx, value):
    """Authored text: marked ``lang="nl"`` when the page is in another language (WCAG 3.1.2)."""
    if value is None:
        return ""
    if not isinstance(value, Markup):
        value = hyphenate(str(value))
    if ctx["lang"] == CONTENT_LANG:
        return value
    return Markup('<span lang="%s">%s</span>') % (CONTENT_LANG, value)


def wbr(value):
    """A path or URL that may wrap after its slashes and before its dots, not inside a name."""
    if value is None:
        return ""
    parts = [Markup("/<wbr>").join(piece.split("/")) for piece in str(value).split(".")]
    return Markup("<wbr>.").join(parts)


@jinja2.pass_context
def hy(ctx, value):
    """A label of the site itself, hyphenated when the page is Dutch (the patterns are)."""
    if value is None:
        return ""
    return hyphenate(str(value)) if ctx["lang"] == CONTENT_LANG else value


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja2's compiled templates in the per-user cache, kind ``templates``.

    Jinja2 names a template's entry and rejects code compiled from another text of it; the
    entry's name adds Jinja2's version and this module's source, since the code also depends
    on the environment's settings and filters below. A damaged entry is compiled again.
    """

    KIND = "templates"

    def __init__(self) -> None:
        self._salt = cache.key(self.KIND, jinja2.__version__, cache.code_digest("backends/html/environment.py"))

    def _name(self, bucket) -> str:
        return cache.key(self._salt, bucket.key)

    def load_bytecode(self, bucket) -> None:
        data = cache.load(self.KIND, self._name(bucket))
        if not isinstance(data, bytes):
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # noqa: BLE001 - a damaged entry: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        cache.store(self.KIND, self._name(bucket), bucket.bytecode_to_string())


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=CompiledTemplates() if cache.directory() is not None else None,
        loader=jinja2.FileSystemLoader(str(_html_dir() / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["c"] = content
    env.filters["wbr"] = wbr
    env.filters["hy"] = hy
    return env
