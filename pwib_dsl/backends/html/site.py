"""Build the whole site: every page of a workspace, rendered to bytes.

The page list is fixed (overview, impact matrix, catalogues, indexes, one page per
blueprint, and the deviation matrix with its CSV when the site holds municipalities); outputs
are keyed by relative path and returned in sorted order, so two builds of the same model give
the same bytes. The site also renders in parts (:func:`render_part`: some blueprint pages, some
site-wide pages by name), which ``build -j`` spreads over processes; the parts share one
:class:`Prepared` per build, made once and inherited by the workers.
"""

from __future__ import annotations

import attrs

from pwib_dsl.backends import BuildOptions
from pwib_dsl.backends.html import catalogue, changes, journey, pages, variants
from pwib_dsl.backends.html.environment import assets, environment
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.xref import Site
from pwib_dsl.sema.model import Workspace

#: The site-wide pages, each a part of its own, the costliest first (on a large workspace the
#: impact matrix and the law index are the biggest pages, the overview's search index next).
PAGES = ("impact", "law-index", "index", "systems", "journey", "measures", "laws", "components", "changes",
         "municipalities")


def site_pages(site: Site, L: Labels, options: BuildOptions, name: str) -> list[pages.Page]:
    """The pages of one entry of :data:`PAGES` (``changes``: one per date, and the timeline)."""
    if name == "index":
        return [pages.index_page(site, L)]
    if name == "journey":
        return [journey.journey_page(site, L)]
    if name == "changes":
        return changes.pages(site, L, options)
    if name == "municipalities":
        return [variants.matrix_page(site, L, options.municipalities)] if options.municipalities else []
    return [_CATALOGUE[name](site, L)]


_CATALOGUE = {
    "impact": catalogue.impact_page,
    "measures": catalogue.measures_page,
    "laws": catalogue.laws_page,
    "law-index": catalogue.law_index_page,
    "systems": catalogue.systems_page,
    "components": catalogue.components_page,
}


@attrs.frozen(eq=False)
class Prepared:
    """What every page of one build shares: labels, cross-references, the template context."""

    workspace: Workspace
    options: BuildOptions
    L: Labels
    site: Site
    shared: dict


def prepare(workspace: Workspace, options: BuildOptions) -> Prepared:
    """The shared part of a build, made once per build (the parts of ``build -j`` reuse it,
    in this process or inherited by forked workers)."""
    global _last
    if _last is not None and _last.workspace is workspace and _last.options is options:
        return _last
    L = Labels(options.lang)
    theme = options.theme
    css, js, csp = assets(theme)
    shared = dict(
        L=L, lang=options.lang, css=css, js=js, csp=csp,
        site_name=theme.name if theme is not None and theme.name else L.site_name,
        nav=pages.NAV + variants.nav(options),
        theme=theme,
        law_changes=changes.links(L, options),
    )
    _last = Prepared(workspace, options, L, Site(workspace), shared)
    return _last


#: The last build's shared part (one entry: a new build replaces it).
_last: Prepared | None = None


def render_part(workspace: Workspace, options: BuildOptions, blueprints, names=()) -> dict[str, bytes]:
    """The pages of ``blueprints`` and of the site-wide pages ``names`` (of :data:`PAGES`), in
    sorted order; the deviation matrix's CSV comes with its page."""
    prep = prepare(workspace, options)
    env = environment()
    todo = [pages.blueprint_page(prep.site, bp, prep.L, options) for bp in blueprints]
    for name in names:
        todo += site_pages(prep.site, prep.L, options, name)
    out: dict[str, bytes] = {}
    for page in todo:
        html = env.get_template(page.template).render(**prep.shared, **page.context)
        out[page.path] = html.encode("utf-8")
    if "municipalities" in names and options.municipalities:
        out[variants.CSV_PATH] = variants.matrix_bytes(prep.site, options.municipalities)
    return dict(sorted(out.items()))


def build(workspace: Workspace, options: BuildOptions) -> dict[str, bytes]:
    """Every page of the site."""
    return render_part(workspace, options, workspace.blueprints, PAGES)
