"""The snapshot model: one law version with its articles and leden. Frozen attrs types.

Texts are kept normalised (:func:`pwib_dsl.law.text.normalise`) so that two consolidations
that differ only in line breaks or link markup hash alike.
"""

from __future__ import annotations

import attrs

#: Bumped on any incompatible change to the snapshot files.
FORMAT = "pwib-law-snapshot/1"


@attrs.frozen
class Reference:
    """A cross-reference in an article: the law it points at and, when given, the article."""

    bwb: str
    article: str | None = None


@attrs.frozen
class Lid:
    number: str
    text: str
    hash: str


@attrs.frozen
class LawArticle:
    number: str
    text: str  # the whole article, leden with their numbers
    hash: str
    url: str | None = None
    leden: tuple[Lid, ...] = ()
    references: tuple[Reference, ...] = ()

    def lid(self, number: str) -> Lid | None:
        for lid in self.leden:
            if lid.number == number:
                return lid
        return None


@attrs.frozen
class Source:
    """Where a snapshot was read from: the reader, the file name and its content hash."""

    reader: str
    file: str
    sha256: str
    url: str | None = None


@attrs.frozen
class Snapshot:
    """One version of a law, in force from ``valid_from`` until the next version."""

    bwb: str
    valid_from: str  # ISO date
    title: str | None
    articles: tuple[LawArticle, ...]
    source: Source
    #: True when the snapshot holds only some of the law's articles (an excerpt): an article
    #: it lacks is then unknown, not repealed.
    partial: bool = False
    url: str | None = None

    def article(self, number: str) -> LawArticle | None:
        for art in self.articles:
            if art.number == number:
                return art
        return None
