"""HTML backend: a self-contained, browsable site of service blueprints.

``render(workspace, options)`` returns every page of the site: ``index.html`` (overview and
master journey), ``journey.html`` (the master journey as a journey map), ``impact.html``
(measures × blueprints), ``measures.html``, ``laws.html``, ``law-index.html``, ``systems.html``,
``components.html``, ``blueprints/<id>.html`` per blueprint and ``changes-<date>.html`` per
date the law or a measure changes (``changes``). Pages inline their CSS and JS, load nothing from the network and work from
``file://``. Labels are Dutch, or English with ``options.lang == "en"`` (``labels.py``).

Modules: ``labels`` (label table), ``safe`` (links, ids, inline data), ``hyphenate`` (Dutch
soft hyphens), ``grid`` (the blueprint grid), ``pages`` /
``catalogue`` / ``journey`` (page contexts), ``environment`` (Jinja2, assets and the theme's
tokens), ``site`` (the build). Templates, stylesheet, script and the vendored NL Design System
CSS (``nlds/``) are package data in ``pwib_dsl/data/html``. Workspace cross-references (which
steps cite an article, use a system, ...) come from :mod:`pwib_dsl.backends.xref`.
"""

from __future__ import annotations


def render(workspace, options) -> dict[str, bytes]:
    """Every page of the site: relative path → UTF-8 bytes."""
    # Imported here so that importing the backends package never loads Jinja2.
    from pwib_dsl.backends.html.site import build

    return build(workspace, options)


def site_pages(workspace, options) -> tuple[str, ...]:
    """The site-wide pages (overview, indexes, journey map, ...), each a part of its own."""
    from pwib_dsl.backends.html.site import PAGES

    return PAGES


def render_part(workspace, options, blueprints, names=()) -> dict[str, bytes]:
    """The pages of ``blueprints`` and the site-wide pages ``names`` (of :func:`site_pages`)."""
    from pwib_dsl.backends.html.site import render_part

    return render_part(workspace, options, blueprints, names)
