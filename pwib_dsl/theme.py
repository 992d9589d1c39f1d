"""A municipality's own theme for the site: the ``[theme]`` table of ``pwib.toml``.

::

    [theme]
    name = "Gemeente Voorbeeld"   # shown in the page header and title
    logo = "huisstijl/logo.svg"   # SVG or PNG beside pwib.toml, inlined in every page
    primary = "#00568b"           # links and the navigation bar
    accent = "#1d0857"            # headings bands, table heads, the header rule

The site is built on NL Design System (its components and the neutral Voorbeeld theme's
design tokens, vendored in ``pwib_dsl/data/html/nlds``); the two colours set the theme's
``basis`` tokens that everything else derives from. Each colour is text on white and the
background of white text, so it must reach WCAG AA contrast (4.5:1) against white: a colour
that does not is refused with a diagnostic, and the site stays readable whatever is set.

This module holds no heavy imports: ``pwib check`` reads the configuration too.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path, PurePosixPath

import attrs

from pwib_dsl.diagnostics.messages import msg

THEME_KEYS = ("name", "logo", "primary", "accent")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
#: A logo is inlined in every page; beyond this it is a photo, not a logo.
LOGO_MAX_BYTES = 100_000
MIN_CONTRAST = 4.5

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@attrs.frozen
class Theme:
    name: str | None = None
    logo: str | None = None  # path relative to the folder of pwib.toml (forward slashes)
    primary: str | None = None  # "#rrggbb"
    accent: str | None = None
    logo_uri: str | None = None  # ``data:`` URI, filled in by the build


def contrast_with_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of an ``#rrggbb`` colour against white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def parse_theme(value, bad) -> Theme | None:
    """The ``[theme]`` table; each problem is reported through ``bad`` (see ``config.parse``)."""
    if not isinstance(value, dict):
        bad(msg("PB110.theme-not-table"), "", "theme")
        return None
    fields: dict[str, str] = {}
    for key, val in value.items():
        if key not in THEME_KEYS:
            from pwib_dsl.diagnostics.suggest import did_you_mean, phrase

            close = did_you_mean(key, THEME_KEYS)
            bad(msg("PB110.unknown-theme-key", key=key), "theme", key,
                help=f"did you mean {phrase(close)}?" if close else "`[theme]` takes: " + ", ".join(THEME_KEYS),
                fix=close)
        elif not isinstance(val, str) or not val.strip():
            bad(msg("PB110.theme-not-string", key=key), "theme", key, value=True)
        elif key in ("primary", "accent"):
            if not _HEX.fullmatch(val):
                bad(msg("PB110.bad-colour", key=key, value=val), "theme", key, value=True,
                    help="six hexadecimal digits, for example \"#00568b\"")
            elif (ratio := contrast_with_white(val)) < MIN_CONTRAST:
                bad(msg("PB110.low-contrast", key=key, colour=val, ratio=format(ratio, ".1f"), minimum=MIN_CONTRAST),
                    "theme", key, value=True,
                    help="the colour is used for text on white and behind white text (WCAG 2.1 AA); choose a darker shade")
            else:
                fields[key] = val.lower()
        elif key == "logo":
            pure = PurePosixPath(val.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", val):
                bad(msg("PB110.logo-outside", value=val), "theme", key, value=True,
                    help="give a path relative to the folder of pwib.toml")
            elif pure.suffix.lower() not in LOGO_TYPES:
                bad(msg("PB110.logo-type", value=val), "theme", key, value=True)
            else:
                fields[key] = pure.as_posix()
        else:
            fields[key] = val.strip()
    return Theme(**fields)


def with_logo(theme: Theme, root: Path) -> Theme | str:
    """The theme with its logo read and inlined as a ``data:`` URI, or an error message."""
    if not theme.logo:
        return theme
    path = root / theme.logo
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"the theme logo {theme.logo} cannot be read ({exc.strerror or exc})"
    if len(data) > LOGO_MAX_BYTES:
        return f"the theme logo {theme.logo} is {len(data):,} bytes; at most {LOGO_MAX_BYTES:,} are inlined in every page"
    mime = LOGO_TYPES[PurePosixPath(theme.logo).suffix.lower()]
    return attrs.evolve(theme, logo_uri=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")
