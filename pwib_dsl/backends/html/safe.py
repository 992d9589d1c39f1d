"""What may become a link, an id or inline data in a generated page.

Escaping of text and attribute values is Jinja2's autoescape; this module covers what
escaping alone does not: a ``javascript:`` URL escapes to itself, so links to the outside
world are allowed only for ``http``/``https``; fragment ids are derived from names in a way
that cannot break out of an attribute or collide between kinds; data embedded in a
``<script type="application/json">`` cannot close the element.
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import quote, urlsplit

from pwib_dsl.backends import output_path


#: Control characters, whitespace, and characters RFC 3986 allows nowhere in a URL.
_NOT_IN_URLS = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')
_NOT_IN_IDS = re.compile(r"[^A-Za-z0-9.-]")


@functools.lru_cache(maxsize=4096)  # the same article and source URLs recur on every page
def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, otherwise ``None`` (render it as text).

    Control characters and whitespace inside are rejected (browsers drop them while parsing,
    which is how ``java\\tscript:`` would otherwise pass a scheme check), and so are characters
    that no URL may contain.
    """
    if not url:
        return None
    url = url.strip()
    if _NOT_IN_URLS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def frag(kind: str, ident: str) -> str:
    """A fragment id such as ``measure-pwib.direct-aanvragen``.

    ASCII letters, digits, ``-`` and ``.`` are kept; every other character (``_`` too) becomes
    ``_xx_`` (its code point in hex), so distinct names keep distinct ids and nothing
    unusual reaches an attribute or a URL fragment.
    """
    return f"{kind}-{_escape_id(ident)}"


@functools.lru_cache(maxsize=16384)
def _escape_id(ident: str) -> str:
    return _NOT_IN_IDS.sub(lambda m: f"_{ord(m.group()):x}_", ident)


def blueprint_file(blueprint_id: str) -> str:
    """Href of a blueprint page relative to another blueprint page (same folder)."""
    return quote(output_path("html", blueprint_id).rsplit("/", 1)[1], safe="")


def target_href(target: str, blueprint_id: str, root: str) -> str:
    """Href of a blueprint's output for ``target``, relative to a page ``root`` deep."""
    return root + quote(output_path(target, blueprint_id), safe="/")


def json_for_script(data: object) -> str:
    """JSON that is safe between ``<script type="application/json">`` tags.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so no ``</script>`` or ``<!--``
    can appear; ``JSON.parse`` reads them back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
