"""The regelrecht YAML format (MinBZK ``regelrecht-corpus``): one law version per file.

Top-level fields used: ``bwb_id``, ``valid_from``, ``url`` and ``articles[]`` with ``number``,
``text``, ``url`` and ``references[]`` (``bwb_id``, ``artikel``). Two layouts occur in the
corpus: older files give one entry per lid or onderdeel (``number: '7.2'``, ``2.4.a``, with
the article in the ``#ArtikelN`` anchor of ``url``); newer files give one entry per article,
its leden as numbered paragraphs of ``text``. Both become the same snapshot.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pwib_dsl.law import text as t
from pwib_dsl.law.model import LawArticle, Lid, Reference, Snapshot, Source
from pwib_dsl.law.readers import LawInputError

_BWB = re.compile(r"^BWB[RV]\d{7}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ANCHOR = re.compile(r"#Artikel([0-9A-Za-z:.°]+)$")


class _Reader:
    name = "regelrecht-yaml"

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in (".yaml", ".yml"):
            return False
        return b"bwb_id:" in head or b"articles:" in head or b"valid_from:" in head

    def read(self, path: Path, data: bytes) -> Snapshot:
        doc = _load(data)
        if not isinstance(doc, dict):
            raise LawInputError("the file is not a regelrecht law version (expected a mapping at the top)", 1, 1)
        bwb = _field(doc, "bwb_id", str)
        if not _BWB.match(bwb):
            raise LawInputError(f"`bwb_id` must be a BWB identifier (BWBR0000000), not `{bwb}`", *_where(data, "bwb_id"))
        valid_from = str(_field(doc, "valid_from", (str, object)))
        if not _DATE.match(valid_from):
            raise LawInputError(f"`valid_from` must be a date YYYY-MM-DD, not `{valid_from}`", *_where(data, "valid_from"))
        entries = doc.get("articles")
        if not isinstance(entries, list) or not entries:
            raise LawInputError("the file has no `articles` list", *_where(data, "articles"),
                                help="a law version lists its articles under `articles:`")
        articles = _articles(entries, data)
        url = doc.get("url") if isinstance(doc.get("url"), str) else None
        title = doc.get("name") if isinstance(doc.get("name"), str) else doc.get("$id")
        return Snapshot(
            bwb=bwb,
            valid_from=valid_from,
            title=title if isinstance(title, str) else None,
            articles=articles,
            source=Source(self.name, path.name, hashlib.sha256(data).hexdigest(), url),
            url=url,
        )


READER = _Reader()


def _load(data: bytes):
    import yaml

    try:
        loader = yaml.CSafeLoader
    except AttributeError:  # PyYAML without libyaml
        loader = yaml.SafeLoader
    try:
        return yaml.load(data, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise LawInputError(
            f"the file is not valid YAML: {exc.problem}",
            mark.line + 1 if mark else 0,
            mark.column + 1 if mark else 0,
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LawInputError(f"the file is not valid YAML: {exc}") from None


def _field(doc: dict, key: str, kind):
    if key not in doc:
        raise LawInputError(f"the file has no `{key}`", 1, 1, help="a regelrecht law version states bwb_id and valid_from")
    return doc[key]


def _where(data: bytes, key: str) -> tuple[int, int]:
    m = re.search(rb"^\s*" + re.escape(key.encode()) + rb":", data, re.M)
    if not m:
        return (0, 0)
    line = data.count(b"\n", 0, m.start()) + 1
    col = m.start() - (data.rfind(b"\n", 0, m.start()) + 1) + 1
    lead = len(m.group(0)) - len(m.group(0).lstrip())
    return (line, col + lead)


def _articles(entries: list, data: bytes) -> tuple[LawArticle, ...]:
    """Group the entries per article, in the order of first appearance."""
    order: list[str] = []
    parts: dict[str, list[tuple[list[str], str]]] = {}
    urls: dict[str, str | None] = {}
    refs: dict[str, list[Reference]] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "number" not in entry or not isinstance(entry.get("text"), str):
            raise LawInputError(
                f"article entry {i + 1} has no `number` and `text`", *_entry_where(data, i),
                help="each entry of `articles` has a number and a text",
            )
        number = str(entry["number"]).strip()
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        article, rest = _split_number(number, url)
        if article not in parts:
            order.append(article)
            parts[article] = []
            urls[article] = url.split("#")[0] + f"#Artikel{article}" if url else None
            refs[article] = []
        parts[article].append((rest, entry["text"]))
        for ref in entry.get("references") or ():
            if isinstance(ref, dict) and isinstance(ref.get("bwb_id"), str):
                r = Reference(ref["bwb_id"], str(ref["artikel"]) if ref.get("artikel") is not None else None)
                if r not in refs[article]:
                    refs[article].append(r)
    out = []
    for number in order:
        leden, whole = _leden(parts[number])
        out.append(
            LawArticle(
                number=number,
                text=whole,
                hash=t.digest(whole),
                url=urls[number],
                leden=tuple(Lid(n, txt, t.digest(txt)) for n, txt in leden),
                references=tuple(refs[number]),
            )
        )
    return tuple(out)


def _entry_where(data: bytes, index: int) -> tuple[int, int]:
    count = -1
    for m in re.finditer(rb"^  - ", data, re.M):
        count += 1
        if count == index:
            return (data.count(b"\n", 0, m.start()) + 1, 3)
    return (0, 0)


def _split_number(number: str, url: str | None) -> tuple[str, list[str]]:
    """(article, [lid, onderdeel, ...]) of an entry number. The URL anchor names the article
    (``#Artikel4a``), which tells ``4a.1`` (art. 4a lid 1) from an article numbered ``8.1``."""
    anchor = _ANCHOR.search(url or "")
    if anchor:
        article = anchor.group(1)
        if number == article:
            return article, []
        if number.startswith(article + "."):
            return article, number[len(article) + 1:].split(".")
        return number, []
    head, _, rest = number.partition(".")
    return head, rest.split(".") if rest else []


def _leden(parts: list[tuple[list[str], str]]) -> tuple[list[tuple[str, str]], str]:
    """The leden and the whole normalised text of one article's entries."""
    if len(parts) == 1 and not parts[0][0]:
        raw = parts[0][1]
        leden = t.split_leden(raw)
        if leden:
            return leden, " ".join(f"{n} {txt}" for n, txt in leden)
        return [], t.normalise(raw)
    leden: list[tuple[str, list[str]]] = []
    loose: list[str] = []
    for path, raw in parts:
        body = t.normalise(raw)
        if not path:
            loose.append(body)
            continue
        if not path[0][0].isdigit():
            # an onderdeel directly under an article without leden ("49.a", "49.a.1°")
            loose.append(" ".join([*(p if p.endswith("°") else f"{p}." for p in path), body]))
            continue
        label = " ".join(p if p.endswith("°") else f"{p}." for p in path[1:])
        text = f"{label} {body}" if label else body
        if not leden or leden[-1][0] != path[0]:
            leden.append((path[0], [text]))
        else:
            leden[-1][1].append(text)
    if not leden:
        return [], " ".join(loose)
    out = [(n, " ".join(ts)) for n, ts in leden]
    whole = " ".join(loose + [f"{n} {txt}" for n, txt in out])
    return out, whole
