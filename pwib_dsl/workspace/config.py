"""``pwib.toml``: the optional configuration at the root of a workspace.

::

    lang = "nl"                 # language of the outputs: "nl" (default) or "en"

    [rules]                     # severity per rule, by rule name or by code
    legal-basis = "warning"     # "error" | "warning" | "info" | "off"
    PB602 = "off"

    [build]
    out = "site"                # output folder of `pwib build`, relative to the root

    [law]
    date = 2027-01-01           # the date citations are read at (with law snapshots)
    snapshots = "law"           # folder of law snapshots, relative to the root

    [bpmn]
    dialect = "operaton"        # "spiff" (default) | "operaton" (also Camunda 7) | "flowable"

    [bpmn.candidate-groups]     # candidate group per role (or per actor without a role)
    "rollen.schuldhulpverlener" = "schuldhulp"

    [theme]                     # the site's look: see pwib_dsl.theme
    name = "Gemeente Voorbeeld"

    [base]                      # the workspace this one builds on (municipal variants)
    path = "../landelijk"       # its root folder, relative to this root (may lead outside it)
    # package = "pwib_landelijk"  # ... or an installed Python package holding it (import name)

Only rules marked configurable in :mod:`pwib_dsl.sema.rules` can be changed; the others guard
the integrity of the model. Every problem in the file (bad TOML, an unknown key, a bad value)
is a PB110 diagnostic pointing at its line — ``tomllib`` gives no positions, so keys are
located by a small line scanner over the text.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity, Suggestion
from pwib_dsl.sema.rules import RULES, rule
from pwib_dsl.diagnostics.suggest import did_you_mean, phrase
from pwib_dsl.source import SourceFile, Span

if TYPE_CHECKING:
    from pwib_dsl.theme import Theme

LEVELS = ("error", "warning", "info", "off")
LANGS = ("nl", "en")
_TOP_KEYS = ("lang", "rules", "build", "law", "bpmn", "theme", "base")
_BASE_KEYS = ("path", "package")
_BUILD_KEYS = ("out",)
_LAW_KEYS = ("date", "snapshots")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BPMN_KEYS = ("dialect", "candidate-groups")
#: BPMN dialects of ``pwib build`` (see docs/bpmn.md); the first is the default.
BPMN_DIALECTS = ("spiff", "operaton", "flowable")


@attrs.frozen
class Config:
    """A workspace configuration (the defaults when there is no ``pwib.toml``)."""

    path: str | None = None  # display path of the pwib.toml
    lang: str = "nl"
    #: (code, level) pairs, sorted by code; level is one of LEVELS
    rules: tuple[tuple[str, str], ...] = ()
    out: str | None = None
    #: ``[law] date``: the date citations are read at (ISO), and ``[law] snapshots``
    law_date: str | None = None
    law_snapshots: str | None = None
    bpmn_dialect: str | None = None
    #: ``[bpmn.candidate-groups]`` as sorted (role or actor, group) pairs; None without the table
    candidate_groups: tuple[tuple[str, str], ...] | None = None
    #: where ``[bpmn.candidate-groups]`` is written, for diagnostics found at build time
    candidate_groups_span: Span | None = None
    theme: Theme | None = None
    #: ``[base] path``: the root of the base workspace, relative to this root (POSIX), and
    #: where it is written, for the diagnostics about the base
    base: str | None = None
    base_span: Span | None = None
    #: ``[base] package``: the import name of an installed package whose folder is the base
    base_package: str | None = None

    def apply(self, diagnostics) -> list[Diagnostic]:
        """The diagnostics with configured severities; rules set to ``off`` are dropped."""
        if not self.rules:
            return list(diagnostics)
        levels = dict(self.rules)
        out = []
        for d in diagnostics:
            level = levels.get(d.code)
            if level is None:
                out.append(d)
            elif level != "off":
                out.append(d.with_severity(Severity(level)))
        return out


DEFAULT = Config()


def load(path: Path, display: str | None = None) -> tuple[Config, list[Diagnostic], SourceFile | None]:
    """Read and validate a ``pwib.toml``; problems come back as diagnostics, never exceptions."""
    from pwib_dsl.workspace.reading import read_source

    shown = display or "pwib.toml"
    src = read_source(path, shown)
    if isinstance(src, Diagnostic):
        return Config(shown), [src], None
    config, diags = parse(src)
    return config, diags, src


def parse(src: SourceFile) -> tuple[Config, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    where = _Locator(src)
    import tomllib  # only a workspace with a pwib.toml pays for it

    try:
        data = tomllib.loads(src.text)
    except tomllib.TOMLDecodeError as exc:
        error = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", error)
        if m:
            span = where.point(int(m.group(1)), int(m.group(2)))
        else:  # "at end of document": point at the end of the last line with text
            last = len(src.text.rstrip().split("\n")) if src.text.strip() else 1
            span = where.point(last, len(src.line_text(last)) + 1)
        text = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", error)
        diags.append(_diag(src, span, msg("PB110.not-toml", error=text), help="see https://toml.io for the syntax"))
        return Config(src.path), diags
    except RecursionError:  # tomllib recurses once per nested array or inline table
        diags.append(_diag(src, where.point(1, 1), msg("PB110.too-deep"),
                           help="a pwib.toml holds a few flat keys and tables; see `pwib explain PB110`"))
        return Config(src.path), diags

    def bad(message: str, table: str, key: str, help: str | None = None, fix: list[str] = (), value=False):
        span = where.value(table, key) if value else where.key(table, key)
        suggestions = tuple(Suggestion(src.path, span, f, f"replace with `{f}`") for f in fix)
        diags.append(_diag(src, span, message, help=help, suggestions=suggestions))

    lang = "nl"
    rules: dict[str, tuple[str, str]] = {}
    out = None
    law: dict[str, str] = {}
    dialect = groups = groups_span = None
    theme = None
    base = base_span = base_package = None
    for key, value in data.items():
        if key not in _TOP_KEYS:
            close = did_you_mean(key, _TOP_KEYS)
            bad(msg("PB110.unknown-key", key=key), "", key,
                help=f"did you mean {phrase(close)}?" if close else "the keys are: " + ", ".join(_TOP_KEYS), fix=close)
        elif key == "lang":
            if value in LANGS:
                lang = value
            else:
                bad(msg("PB110.bad-lang", value=_show(value)), "", key, value=True,
                    fix=[f'"{c}"' for c in did_you_mean(str(value), LANGS)])
        elif key == "rules":
            if not isinstance(value, dict):
                bad(msg("PB110.rules-not-table"), "", key)
                continue
            for name, level in value.items():
                _rule_entry(bad, rules, name, level)
        elif key == "theme":
            from pwib_dsl.theme import parse_theme  # only a pwib.toml with [theme] pays for it

            theme = parse_theme(value, bad)
        elif key == "build":
            if not isinstance(value, dict):
                bad(msg("PB110.build-not-table"), "", key)
                continue
            for bkey, bval in value.items():
                if bkey not in _BUILD_KEYS:
                    close = did_you_mean(bkey, _BUILD_KEYS)
                    bad(msg("PB110.unknown-build-key", key=bkey), "build", bkey,
                        help=f"did you mean {phrase(close)}?" if close else "`[build]` takes: out", fix=close)
                else:
                    out = _inside_folder(bad, "build", bkey, bval, "site") or out
        elif key == "law":
            if not isinstance(value, dict):
                bad(msg("PB110.law-not-table"), "", key)
                continue
            _law_table(bad, law, value)
        elif key == "base":
            found = _base_table(bad, value)
            if found is not None:
                kind, base = found
                base_span = where.value("base", kind)
                if kind == "package":
                    base_package, base = base, None
        elif key == "bpmn":
            bpmn = _bpmn_table(bad, value, where)
            if bpmn is not None:
                dialect, groups, groups_span = bpmn
    levels = tuple(sorted((code, lvl) for code, (lvl, _key) in rules.items()))
    config = Config(
        src.path, lang, levels, out, law.get("date"), law.get("snapshots"),
        dialect, groups, groups_span, theme, base, base_span, base_package,
    )
    return config, diags


def _base_table(bad, value) -> tuple[str, str] | None:
    """``[base] path`` (a relative folder; it may lead out of this workspace: ``../landelijk``)
    or ``[base] package`` (an installed package's import name): ("path"|"package", value)."""
    if not isinstance(value, dict):
        bad(msg("PB110.base-not-table"), "", "base")
        return None
    found = None
    for bkey, bval in value.items():
        if bkey not in _BASE_KEYS:
            close = did_you_mean(bkey, _BASE_KEYS)
            bad(msg("PB110.unknown-base-key", key=bkey), "base", bkey,
                help=f"did you mean {phrase(close)}?" if close else "`[base]` takes: path or package", fix=close)
        elif bkey == "package":
            if not isinstance(bval, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", bval):
                bad(msg("PB110.bad-base-package", value=_show(bval)), "base", bkey,
                    value=True, help="a top-level Python package that holds the base's pwib.toml: \"pwib_landelijk\"")
            elif found is not None:
                bad(msg("PB110.base-path-and-package"), "base", bkey, help="keep one of the two lines")
            else:
                found = ("package", bval)
        elif not isinstance(bval, str) or not bval.strip():
            bad(msg("PB110.base-path-not-string", value=_show(bval)), "base", bkey, value=True,
                help="the root folder of the base workspace, relative to this one: \"../landelijk\"")
        elif PurePosixPath(bval.replace("\\", "/")).is_absolute() or re.match(r"^[A-Za-z]:", bval):
            bad(msg("PB110.base-path-absolute", value=bval), "base", bkey, value=True,
                help="a relative path keeps the pair of repositories movable: \"../landelijk\"")
        elif found is not None:
            bad(msg("PB110.base-path-and-package"), "base", bkey, help="keep one of the two lines")
        else:
            found = ("path", PurePosixPath(bval.replace("\\", "/")).as_posix())
    if found is None and not any(k in value for k in _BASE_KEYS):
        bad(msg("PB110.base-needs-path"), "", "base")
    return found


def _law_table(bad, law: dict, value: dict) -> None:
    import datetime

    for lkey, lval in value.items():
        if lkey not in _LAW_KEYS:
            close = did_you_mean(lkey, _LAW_KEYS)
            bad(msg("PB110.unknown-law-key", key=lkey), "law", lkey,
                help=f"did you mean {phrase(close)}?" if close else "`[law]` takes: date, snapshots", fix=close)
        elif lkey == "date":
            text = lval.isoformat() if type(lval) is datetime.date else lval
            if not isinstance(text, str) or not _DATE.match(text) or not _valid_date(text):
                bad(msg("PB110.bad-date", value=_show(lval)), "law", lkey, value=True)
            else:
                law["date"] = text
        else:
            folder = _inside_folder(bad, "law", lkey, lval, "law")
            if folder is not None:
                law["snapshots"] = folder


def _inside_folder(bad, table: str, key: str, value, example: str) -> str | None:
    """A folder setting (``[build] out``, ``[law] snapshots``) as a relative POSIX path inside
    the workspace, or None after reporting why it is not one."""
    if not isinstance(value, str) or not value.strip():
        bad(msg("PB110.folder-not-string", key=key, value=_show(value)), table, key, value=True)
        return None
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", value):
        bad(msg("PB110.folder-outside", key=key, value=value), table, key, value=True,
            help=f"give a path relative to the folder of pwib.toml, such as \"{example}\"")
        return None
    return pure.as_posix()


def _valid_date(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _bpmn_table(bad, value, where):
    """``[bpmn]``: the dialect, the candidate groups and where they are written (or None)."""
    if not isinstance(value, dict):
        bad(msg("PB110.bpmn-not-table"), "", "bpmn")
        return None
    dialect = groups = groups_span = None
    for bkey, bval in value.items():
        if bkey not in _BPMN_KEYS:
            close = did_you_mean(bkey, _BPMN_KEYS)
            bad(msg("PB110.unknown-bpmn-key", key=bkey), "bpmn", bkey,
                help=f"did you mean {phrase(close)}?" if close else "`[bpmn]` takes: " + ", ".join(_BPMN_KEYS),
                fix=close)
        elif bkey == "dialect":
            if bval in BPMN_DIALECTS:
                dialect = bval
            else:
                bad(msg("PB110.bad-dialect", dialects=", ".join(BPMN_DIALECTS), value=_show(bval)), "bpmn", bkey,
                    value=True, fix=[f'"{c}"' for c in did_you_mean(str(bval), BPMN_DIALECTS)])
        elif not isinstance(bval, dict):
            bad(msg("PB110.candidate-groups-not-table"), "bpmn", bkey)
        else:
            pairs = []
            for role, group in bval.items():
                if isinstance(group, str) and group.strip() and "," not in group:
                    pairs.append((role, group.strip()))
                else:
                    bad(msg("PB110.candidate-group-not-string", role=role, value=_show(group)),
                        "bpmn.candidate-groups", role, value=True,
                        help="one group per role, without commas")
            groups = tuple(sorted(pairs))
            groups_span = where._fallback("bpmn.candidate-groups") if "bpmn.candidate-groups" in where.tables \
                else where.key("bpmn", bkey)
    return dialect, groups, groups_span


def _rule_entry(bad, rules: dict, name: str, level) -> None:
    found = rule(name)
    if found is None and re.fullmatch(r"PB\d{3}", name.upper()):
        bad(msg("PB110.not-a-rule", name=name),
            "rules", name, help="input and syntax problems are always errors")
        return
    if found is None:
        candidates = list(RULES) + [r.name for r in RULES.values()]
        close = did_you_mean(name, candidates)
        bad(msg("PB110.unknown-rule", name=name), "rules", name,
            help=f"did you mean {phrase(close)}?" if close else "`pwib explain CODE` lists each rule's name", fix=close)
        return
    if not found.configurable:
        other = found.name if name.upper() == found.code else found.code
        bad(msg("PB110.rule-not-configurable", name=name, other=other),
            "rules", name, help="only checks whose result the model can do without are configurable")
        return
    if level not in LEVELS:
        close = did_you_mean(str(level), LEVELS)
        bad(msg("PB110.bad-level", name=name, levels=", ".join(LEVELS), value=_show(level)), "rules", name,
            value=True, fix=[f'"{c}"' for c in close])
        return
    if found.code in rules:
        other = rules[found.code][1]
        bad(msg("PB110.rule-set-twice", code=found.code, rule=found.name, other=other, name=name), "rules", name,
            help="keep one of the two lines")
        return
    rules[found.code] = (level, name)


def _show(value) -> str:
    return f'"{value}"' if isinstance(value, str) else f"`{value!r}`"


def _diag(src: SourceFile, span: Span, message: str, help=None, suggestions=()) -> Diagnostic:
    return Diagnostic("PB110", Severity.ERROR, message, Label(src.path, span, ""), help=help,
                      suggestions=tuple(suggestions))


_HEADER = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]\s*(#.*)?$")
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_ASSIGN = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=\s*")


class _Locator:
    """Finds the line of ``key`` in ``[table]`` (tomllib reports no positions)."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.keys: dict[tuple[str, str], tuple[int, int, int, int]] = {}
        self.tables: dict[str, int] = {}
        table = ""
        for lineno, line in enumerate(src.text.split("\n"), 1):
            line = line.rstrip("\r")
            h = _HEADER.match(line)
            if h and not line.lstrip().startswith("[["):
                table = _unquote_path(h.group(1))
                self.tables.setdefault(table, lineno)
                continue
            a = _ASSIGN.match(line)
            if a:
                parts = _split_key(a.group(1))
                full = ".".join(p for p in [table, *parts[:-1]] if p)
                key_start = line.index(a.group(1)) + 1
                self.keys.setdefault((full, parts[-1]), (lineno, key_start, key_start + len(a.group(1)), a.end() + 1))
                # inline table on this line: `rules = { PB201 = "off" }`
                inner = line[a.end():]
                if inner.lstrip().startswith("{"):
                    sub = ".".join(p for p in [table, *parts] if p)
                    for km in re.finditer(rf"({_KEY})\s*=\s*", inner):
                        col = a.end() + km.start(1) + 1
                        self.keys.setdefault(
                            (sub, _unquote(km.group(1))), (lineno, col, col + len(km.group(1)), a.end() + km.end() + 1)
                        )

    def point(self, line: int, col: int) -> Span:
        start = self.src.offset(line, col)
        return self.src.span(start, min(start + 1, self.src.line_end(line)) if line <= len(self.src.line_starts) else start)

    def key(self, table: str, key: str) -> Span:
        hit = self.keys.get((table, key))
        if hit is None:
            return self._fallback(table)
        line, c0, c1, _ = hit
        return self.src.span(self.src.offset(line, c0), self.src.offset(line, c1))

    def value(self, table: str, key: str) -> Span:
        hit = self.keys.get((table, key))
        if hit is None:
            return self._fallback(table)
        line, _, _, v0 = hit
        start = self.src.offset(line, v0)
        end = self.src.line_end(line)
        text = self.src.text[start:end]
        cut = re.match(r'("(?:[^"\\]|\\.)*"|\'[^\']*\'|[^#,}\s]+)', text)
        return self.src.span(start, start + (cut.end() if cut else max(len(text.rstrip()), 0)))

    def _fallback(self, table: str) -> Span:
        line = self.tables.get(table, 1)
        return self.src.span(self.src.offset(line, 1), self.src.line_end(line))


def _split_key(text: str) -> list[str]:
    return [_unquote(p.group(0)) for p in re.finditer(_KEY, text)]


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _unquote_path(text: str) -> str:
    return ".".join(_split_key(text))
