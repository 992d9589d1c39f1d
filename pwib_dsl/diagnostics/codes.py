"""The code registry: every diagnostic code, read from its explanation page.

Each code ``PBnnn`` has exactly one page ``pwib_dsl/data/explain/PBnnn.md``; the page *is*
the registry entry, so a code cannot exist without its documentation. The format (also in
``docs/architecture.md``)::

    # PB002: unclosed-block            <- line 1: the code and its short name (kebab-case)
                                       <- blank lines are allowed between the header lines
    severity: error                    <- default severity: error, warning or info
    configurable: no                   <- optional: pwib.toml [rules] may not change it

    One sentence: the summary.         <- the first paragraph after the severity line

    Explanation prose, in Markdown, with any code blocks it likes.

    ## Example                         <- the failing example
    ```blueprint
    ...
    ```

    ## Fixed                           <- the same example, corrected
    ```blueprint
    ...
    ```

An example is one ```` ```blueprint ```` fence. It may hold several files of a workspace: a
line ``# file: PATH`` starts a file (the text before the first one is ``example.blueprint``;
``../`` paths land outside the workspace folder), ``# file: PATH (bytes)`` writes the text
with ``\\xNN`` escapes turned into raw bytes (for encoding errors), ``# folder: PATH`` makes an
empty folder and ``# link: NAME -> TARGET`` a symbolic link. An optional ```` ```console ````
fence in the same section holding ``$ pwib check ARGS`` says what to check (default ``.``,
the workspace folder); ``$ pwib COMMAND ARGS`` runs another command instead (``diff``,
``fmt``) for the codes only those commands report. ``tests/test_explain.py`` writes every
example to a temporary workspace and checks that the failing one reports the code and the
fixed one reports no error or warning.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
from pathlib import Path

import attrs

from pwib_dsl.diagnostics.model import Severity
from pwib_dsl import resources
from pwib_dsl.resources import data_dir

CODE = re.compile(r"PB\d{3}")
_HEADER = re.compile(r"# (PB\d{3}): ([a-z0-9]+(?:-[a-z0-9]+)*)\s*$")
_SEVERITY = re.compile(r"severity: (error|warning|info)\s*$")
_CONFIGURABLE = re.compile(r"configurable: (yes|no)\s*$")
_SECTION = re.compile(r"^## (.+?)\s*$", re.M)
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)
_FILE = re.compile(r"# file: (\S+)(?: \((bytes)\))?\s*$")
_FOLDER = re.compile(r"# folder: (\S+)\s*$")
_LINK = re.compile(r"# link: (\S+) -> (\S+)\s*$")
_COMMAND = re.compile(r"\$ pwib ([a-z][a-z-]*)(.*)$")


class PageError(ValueError):
    """An explanation page that does not follow the format (a bug in the package data)."""


@attrs.frozen
class Example:
    """The files of one example workspace and the arguments to check it with."""

    files: tuple[tuple[str, bytes], ...] = ()
    folders: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    args: tuple[str, ...] = (".",)
    command: str = "check"

    def materialize(self, workspace: Path) -> Path:
        """Write the example into ``workspace`` (created) and return it."""
        workspace.mkdir(parents=True, exist_ok=True)
        for folder in self.folders:
            (workspace / folder).mkdir(parents=True, exist_ok=True)
        for name, data in self.files:
            path = workspace / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for name, target in self.links:
            os.symlink(target, workspace / name)
        return workspace


@attrs.frozen
class Page:
    """One explanation page."""

    code: str
    name: str
    severity: Severity
    summary: str
    text: str  # the whole page, as ``pwib explain`` prints it
    configurable: bool = True  # may pwib.toml ``[rules]`` change its severity?
    example: Example | None = None
    fixed: Example | None = None


def pages_dir() -> Path:
    return data_dir() / "explain"


def _unescape(text: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(text):
        if text.startswith("\\x", i) and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 2 : i + 4]):
            out.append(int(text[i + 2 : i + 4], 16))
            i += 4
        else:
            out.extend(text[i].encode("utf-8"))
            i += 1
    return bytes(out)


def _example(section: str) -> Example | None:
    files: dict[str, list[str]] = {}
    raw: set[str] = set()
    folders: list[str] = []
    links: list[tuple[str, str]] = []
    args: tuple[str, ...] = (".",)
    command = "check"
    found = False
    for lang, body in _FENCE.findall(section):
        if lang == "console":
            for line in body.splitlines():
                if m := _COMMAND.match(line):
                    command = m.group(1)
                    args = tuple(shlex.split(m.group(2))) or (".",)
            continue
        if lang != "blueprint":
            continue
        found = True
        current = "example.blueprint"
        for line in body.splitlines(keepends=True):
            if m := _FILE.match(line):
                current = m.group(1)
                if m.group(2):
                    raw.add(current)
                files.setdefault(current, [])
            elif m := _FOLDER.match(line):
                folders.append(m.group(1))
            elif m := _LINK.match(line):
                links.append((m.group(1), m.group(2)))
            else:
                files.setdefault(current, []).append(line)
    if not found and args == (".",) and command == "check":
        return None
    written = []
    for name, lines in files.items():
        body = "".join(lines).strip("\n")
        if not body and name == "example.blueprint":
            continue
        text = body + "\n" if body else ""
        written.append((name, _unescape(text) if name in raw else text.encode("utf-8")))
    return Example(tuple(written), tuple(folders), tuple(links), args, command)


def parse_header(text: str, code: str) -> tuple[str, Severity, bool, str]:
    """A page's name, severity, configurability and summary; :class:`PageError` when malformed."""
    lines = text.splitlines()
    m = _HEADER.match(lines[0]) if lines else None
    if not m or m.group(1) != code:
        raise PageError(f"{code}.md: the first line must be `# {code}: short-name`")
    rest = [ln for ln in lines[1:]]
    i = 0
    while i < len(rest) and not rest[i].strip():
        i += 1
    sev = _SEVERITY.match(rest[i]) if i < len(rest) else None
    if not sev:
        raise PageError(f"{code}.md: the line after the title must be `severity: error|warning|info`")
    i += 1
    configurable = True
    if i < len(rest) and (conf := _CONFIGURABLE.match(rest[i])):
        configurable = conf.group(1) == "yes"
        i += 1
    while i < len(rest) and not rest[i].strip():
        i += 1
    summary_lines = []
    while i < len(rest) and rest[i].strip() and not rest[i].startswith("#"):
        summary_lines.append(rest[i].strip())
        i += 1
    if not summary_lines:
        raise PageError(f"{code}.md: a one-sentence summary must follow the severity line")
    return m.group(2), Severity(sev.group(1)), configurable, " ".join(summary_lines)


def parse_page(text: str, code: str) -> Page:
    """Read a page; raise :class:`PageError` when it does not follow the format."""
    name, severity, configurable, summary = parse_header(text, code)
    sections = {}
    marks = list(_SECTION.finditer(text))
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        sections[mark.group(1)] = text[mark.end() : end]
    if "Example" not in sections or "Fixed" not in sections:
        raise PageError(f"{code}.md: a page needs `## Example` and `## Fixed` sections")
    return Page(
        code=code,
        name=name,
        severity=severity,
        summary=summary,
        configurable=configurable,
        text=text if text.endswith("\n") else text + "\n",
        example=_example(sections["Example"]),
        fixed=_example(sections["Fixed"]),
    )


@functools.cache
def codes() -> tuple[str, ...]:
    """Every code that has a page, in order."""
    return tuple(sorted(p.stem for p in resources.names(pages_dir(), "PB*.md") if CODE.fullmatch(p.stem)))


@functools.cache
def page(code: str) -> Page | None:
    """The page of ``code`` (any case), or None when there is no such code."""
    code = code.upper()
    if code not in codes():
        return None
    return parse_page(resources.read_text(pages_dir() / f"{code}.md"), code)


def registry() -> dict[str, Page]:
    """Every page by code."""
    return {code: page(code) for code in codes()}  # type: ignore[misc]
