"""Build the whole site: every page of a workspace, rendered to bytes.

The page list is fixed (overview, impact matrix, catalogues, indexes, one page per
blueprint, and the deviation matrix with its CSV when the site holds municipalities); outputs
are keyed by relative path and returned in sorted order, so two builds of the same model give
the same bytes.
"""

from __future__ import annotations

from pwib_dsl.backends import BuildOptions
from pwib_dsl.backends.html import catalogue, changes, journey, pages, variants
from pwib_dsl.backends.html.environment import assets, environment
from pwib_dsl.backends.html.labels import Labels
from pwib_dsl.backends.xref import Site
from pwib_dsl.sema.model import Workspace


def all_pages(site: Site, L: Labels, options: BuildOptions) -> list[pages.Page]:
    result = [
        pages.index_page(site, L),
        journey.journey_page(site, L),
        catalogue.impact_page(site, L),
        catalogue.measures_page(site, L),
        catalogue.laws_page(site, L),
        catalogue.law_index_page(site, L),
        catalogue.systems_page(site, L),
        catalogue.components_page(site, L),
    ]
    result += [pages.blueprint_page(site, bp, L, options) for bp in site.ws.blueprints]
    result += changes.pages(site, L, options)
    if options.municipalities:
        result.append(variants.matrix_page(site, L, options.municipalities))
    return result


def build(workspace: Workspace, options: BuildOptions) -> dict[str, bytes]:
    L = Labels(options.lang)
    site = Site(workspace)
    env = environment()
    theme = options.theme
    css, js, csp = assets(theme)
    shared = dict(
        L=L, lang=options.lang, css=css, js=js, csp=csp,
        site_name=theme.name if theme is not None and theme.name else L.site_name,
        nav=pages.NAV + variants.nav(options),
        theme=theme,
        law_changes=changes.links(L, options),
    )
    out: dict[str, bytes] = {}
    for page in all_pages(site, L, options):
        html = env.get_template(page.template).render(**shared, **page.context)
        out[page.path] = html.encode("utf-8")
    if options.municipalities:
        out[variants.CSV_PATH] = variants.matrix_bytes(site, options.municipalities)
    return dict(sorted(out.items()))
