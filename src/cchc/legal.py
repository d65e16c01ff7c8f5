"""The legal status of a document on a given day (tình trạng hiệu lực).

Nghị định 42/2022/NĐ-CP (Điều 4) asks a state portal to show each document's effective date;
readers also need to know whether it still applies. What the portal knows, and nothing more:

- `effective` (default: the date of issue) and `expires`, as the editor wrote them;
- a newer document that names it with `relation: thay-the` replaces it from the day the newer
  one takes effect; one that names it with `relation: sua-doi` amends it (it stays in force);
- a draft put up for comment (`consultation`) has no legal effect yet.

A day of expiry is the first day without effect ("hết hiệu lực kể từ ngày …"). Where no date is
known the status is not claimed (`None`): an undated plan is not said to be in force, nor is a
report (it takes no effect) unless a newer one replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .catalog import Backlink
from .model import Document
from .text import format_date

IN_FORCE = "Còn hiệu lực"
EXPIRED = "Hết hiệu lực"
NOT_YET = "Chưa có hiệu lực"
DRAFT = "Dự thảo"
# Kinds that carry no legal effect of their own (a report states what was done).
NOT_NORMATIVE = frozenset({"bao-cao"})
SLUGS = {IN_FORCE: "con-hieu-luc", EXPIRED: "het-hieu-luc", NOT_YET: "chua-co-hieu-luc",
         DRAFT: "du-thao"}


@dataclass(frozen=True)
class LegalStatus:
    label: str  # one of IN_FORCE, EXPIRED, NOT_YET, DRAFT
    effective: date | None  # the day it takes (or took) effect
    ends: date | None = None  # the first day without effect, when known (past or future)
    replaced_by: tuple[Document, ...] = ()  # newer documents that replace it
    amended_by: tuple[Document, ...] = ()  # newer documents that amend it

    @property
    def slug(self) -> str:
        return SLUGS[self.label]

    @property
    def expired(self) -> bool:
        return self.label == EXPIRED

    @property
    def text(self) -> str:
        """The status with its day: "Hết hiệu lực từ 01/09/2024", "Chưa có hiệu lực (từ …)"."""
        if self.label == EXPIRED and self.ends:
            return f"{self.label} từ {format_date(self.ends)}"
        if self.label == NOT_YET and self.effective:
            return f"{self.label} (từ {format_date(self.effective)})"
        return self.label

    @property
    def notable(self) -> bool:
        """Worth a mark in a list of documents: anything but "in force"."""
        return self.label != IN_FORCE


def _takes_effect(doc: Document) -> date | None:
    return doc.effective_day


def status(doc: Document, backlinks: list[Backlink], today: date) -> LegalStatus | None:
    """The document's status on `today`, or None when nothing dated is known about it."""
    def newer(relation: str) -> list[Document]:
        # A draft replaces or amends nothing until it is issued.
        return [b.source for b in backlinks if b.relation == relation
                and isinstance(b.source, Document) and b.source.consultation is None]

    replaced_by = sorted(newer("thay-the"), key=lambda d: (_takes_effect(d) or d.sort_date, d.id))
    # An amendment counts once it has taken effect (or when its date is not known).
    amended_by = sorted((d for d in newer("sua-doi") if (_takes_effect(d) or today) <= today),
                        key=lambda d: (_takes_effect(d) or d.sort_date, d.id))
    replaced_on = [d for d in (_takes_effect(r) for r in replaced_by) if d]
    ends = min([d for d in (doc.expires, *replaced_on) if d], default=None)
    effective = doc.effective_day

    def made(label: str) -> LegalStatus:
        return LegalStatus(label, effective, ends, tuple(replaced_by), tuple(amended_by))

    if doc.consultation is not None and not replaced_by:
        return made(DRAFT)
    if (ends and ends <= today) or (replaced_by and not replaced_on):
        return made(EXPIRED)
    if doc.kind in NOT_NORMATIVE and not doc.effective and not doc.expires:
        return None  # a report takes no effect: only its replacement is worth saying
    if effective is None:
        return None
    if effective > today:
        # Only a written `effective` says "not yet": a date of issue after `--today` is a
        # build at a fixed past day, not a document that has yet to take effect.
        return made(NOT_YET) if doc.effective else None
    return made(IN_FORCE)
