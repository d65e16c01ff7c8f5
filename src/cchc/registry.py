"""The agency registry (content/agencies.yml) as every command uses it: validation, `cchc new`,
`cchc import` and `cchc report` resolve ids, names and aliases here, with the same spelling
rules (NFC, case, diacritics, abbreviations such as UBND) and the same suggestions.

Loading and validating the file is `project.load_registry`; this module only looks things up.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .model import Agency
from .text import fold, nfc, normalise_name


class AgencyNames:
    """Resolves an agency as documents write it ('UBND tỉnh Quảng Nam') to its registry id."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        self._by_name: dict[str, str | None] = {}
        for agency_id, names in entries:
            for name in names:
                key = normalise_name(name)
                if not key:
                    continue
                # A name shared by two agencies is ambiguous: resolve it to neither.
                if key in self._by_name and self._by_name[key] != agency_id:
                    self._by_name[key] = None
                else:
                    self._by_name[key] = agency_id
        self._max_words = max((len(k.split()) for k in self._by_name), default=0)

    def resolve(self, phrase: str) -> str | None:
        """The id whose name or alias is the longest prefix of `phrase`, if any."""
        words = normalise_name(phrase).split()
        for k in range(min(len(words), self._max_words), 0, -1):
            hit = self._by_name.get(" ".join(words[:k]))
            if hit:
                return hit
        return None

    def names(self) -> list[str]:
        return list(self._by_name)


@dataclass
class Registry:
    """The validated agencies (in the file's order) and the index of their names."""

    agencies: dict[str, Agency]
    names: AgencyNames = field(init=False)

    def __post_init__(self) -> None:
        self.names = AgencyNames((a.id, spellings(a)) for a in self.agencies.values())

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self.agencies

    def get(self, agency_id: str | None) -> Agency | None:
        return self.agencies.get(agency_id) if agency_id else None

    @property
    def ids(self) -> list[str]:
        return list(self.agencies)

    def lookup(self, text: str) -> str | None:
        """The id written as `text`: an id (any case), or exactly one agency's name, short name
        or alias in any spelling; None otherwise."""
        value = nfc(text).strip()
        if value in self.agencies:
            return value
        if value.lower() in self.agencies:
            return value.lower()
        key = normalise_name(value)
        hit = self.names.resolve(value) if key else None
        if hit and key in {normalise_name(n) for n in spellings(self.agencies[hit])}:
            return hit
        return None

    def closest_id(self, value: str) -> str | None:
        """The id most like a mistyped id (`ubnd-xa-huong-log` → `ubnd-xa-huong-long`)."""
        match = difflib.get_close_matches(value, self.ids, n=1, cutoff=0.6)
        return match[0] if match else None

    def suggest(self, value: str) -> Agency | None:
        """The agency an editor most likely meant by an unknown id or name."""
        by_label = {fold(label): agency.id for agency in self.agencies.values()
                    for label in spellings(agency)}
        by_label.update({a: a for a in self.agencies})
        match = difflib.get_close_matches(fold(value), list(by_label), n=1, cutoff=0.6)
        if not match:
            hits = self.complete(value)
            match = [fold(hits[0])] if len(hits) == 1 else []
        if match and match[0] in by_label:
            return self.agencies[by_label[match[0]]]
        return None

    def helper_of(self, agency: Agency) -> str | None:
        """An agency that could support this one's tasks (a child, else its parent): examples."""
        for other in self.agencies.values():
            if other.parent == agency.id and other.dissolved is None:
                return other.id
        return agency.parent

    def successors_on(self, agency_id: str, day: date) -> list[Agency]:
        """The agencies that carry on `agency_id`'s duties on `day`: its successors, or theirs
        when they had ended too (a unit merged twice), in the registry's order; empty when
        nobody took over."""
        out: list[Agency] = []
        seen = {agency_id}
        todo = list(self.agencies[agency_id].successor) if agency_id in self.agencies else []
        while todo:
            current = todo.pop(0)
            if current in seen or current not in self.agencies:
                continue
            seen.add(current)
            agency = self.agencies[current]
            if agency.active_on(day):
                out.append(agency)
            else:
                todo.extend(agency.successor)
        return out

    def candidates(self) -> list[str]:
        """What Tab may complete to: every id, name, short name and alias."""
        out: dict[str, None] = {}
        for agency in self.agencies.values():
            out[agency.id] = None
            for name in spellings(agency):
                out[name] = None
        return list(out)

    def complete(self, text: str) -> list[str]:
        """Candidates starting with `text` (ignoring case and diacritics), else containing it."""
        needle = fold(text.strip())
        every = self.candidates()
        prefix = [c for c in every if fold(c).startswith(needle)]
        return prefix or [c for c in every if needle in fold(c)]


def spellings(agency: Agency) -> list[str]:
    """Every way the registry names an agency: name, short name, aliases."""
    return [n for n in [agency.name, agency.short, *agency.aliases] if n]
