"""The issuing agency: the header's name, completed by the authority line or the
place-and-date line when the header gives only the type ("ỦY BAN NHÂN DÂN"); else the
preamble's subject, a closing sentence, the page's metadata, the site's owner. Resolved in the
registry, or proposed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..registry import AgencyNames
from ..text import fold, normalise_name
from . import agencies as ag
from .chrome import Chrome
from .fields import Found
from .header import Header
from .refs import Subject, closing_agency


def issuer_from_lines(lines: tuple[str, ...]) -> str | None:
    """Agency lines → the issuing agency's name. 'ỦY BAN NHÂN DÂN' + 'TỈNH QUẢNG NAM' join; with
    'UBND HUYỆN HƯƠNG KHÊ' + 'PHÒNG NỘI VỤ' the lower unit issues, in the upper one's place."""
    # A page's banner above the header ("CỔNG THÔNG TIN ĐIỆN TỬ …") is no part of the name:
    # the name starts at a body's type word or at a place.
    start = next((i for i, line in enumerate(lines) if re.match(
        ag.HEAD_RE, ag.proper_case(line)) or ag.level_at(line.split(), 0)), len(lines))
    units: list[str] = []
    for line in lines[start:]:
        words = line.split()
        if units and normalise_name(line) in ("uy ban nhan dan", "hoi dong nhan dan") and \
                ag.level_at(units[-1].split(), 0):
            # "TỈNH QUẢNG TRỊ" over "ỦY BAN NHÂN DÂN": the body of that place.
            units[-1] = f"{line} {units[-1]}"
            continue
        if units and normalise_name(line) in ag.BARE_UNITS:
            # "UBND TỈNH QUẢNG NAM" over "VĂN PHÒNG": the Văn phòng of that UBND.
            units.append(f"{ag.proper_case(line)} {ag.proper_case(units[-1])}")
            continue
        # "TỈNH QUẢNG NAM" under "ỦY BAN NHÂN DÂN" completes it rather than naming a unit.
        if units and words and (ag.level_at(words, 0) or fold(units[-1]) in (
                "uy ban nhan dan", "hoi dong nhan dan", "ubnd") or not ag.is_agency_name(
                ag.proper_case(line))):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    if not units:
        return None
    issuer = ag.proper_case(units[-1])
    if len(units) > 1 and ag.place_of(issuer) is None and (place := ag.place_of(units[-2])):
        issuer = f"{issuer} {place[0]} {place[1]}"
    return issuer


def _needs_place(name: str) -> bool:
    """'Ủy ban nhân dân', 'Ủy ban nhân dân tỉnh': a local body written without its place."""
    key = normalise_name(name)
    local = key.startswith(("uy ban nhan dan", "hoi dong nhan dan"))
    return local and ag.place_of(name) is None


def _level_for(place: str, text: str) -> str:
    """The level of a place the place-and-date line names: as the text writes it ("tỉnh Hà
    Tĩnh", "UBND tỉnh"), else tỉnh."""
    for level in ag.PLACE_WORDS:
        if re.search(rf"\b{level}\s+{re.escape(place)}\b", text, re.I):
            return level
    counts = Counter(m.group(1).lower() for m in re.finditer(
        r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(" + "|".join(ag.PLACE_WORDS) + r")\b",
        text, re.I))
    return counts.most_common(1)[0][0] if counts else "tỉnh"


def read_issuer_name(header: Header, chrome: Chrome, subject: Subject | None, body: str,
                     full_text: str) -> Found:
    """The issuing agency's name: the header, completed by the authority line or the
    place-and-date line; else the preamble's subject, a closing sentence, the page's
    metadata, the site's owner."""
    name = issuer_from_lines(header.issuer_lines)
    authority = ag.split_job_title(ag.proper_case(header.authority))[1] if header.authority \
        else None
    if authority and not ag.is_agency_name(authority):
        authority = None
    if name and _needs_place(name):
        if authority and ag.place_of(authority) and normalise_name(authority).startswith(
                normalise_name(name)):
            return Found(authority)
        if header.place:
            level = _level_for(header.place, full_text)
            base = name if ag.place_of(name) is None and not ag.level_spans(name.split()) \
                else " ".join(name.split()[:-1])
            return Found(f"{base} {level} {header.place}",
                         f"phần đầu chỉ ghi “{name}”; địa danh lấy từ dòng địa danh, ngày tháng "
                         f"(“{header.place}”)")
    if name:
        return Found(name)
    if authority:
        return Found(authority)
    if subject:
        return Found(subject.agency)
    if closing := closing_agency(body):
        return Found(closing)
    if chrome.meta.agency and ag.is_agency_name(chrome.meta.agency):
        return Found(chrome.meta.agency, "cơ quan ban hành lấy từ dòng “Cơ quan ban hành” của "
                     "trang web")
    if chrome.owner:
        return Found(chrome.owner, "cơ quan ban hành lấy từ tên trang web")
    return Found()


@dataclass(frozen=True)
class Issuer:
    id: str | None
    text: str | None
    flag: str | None
    place: tuple[str, str] | None


def resolve_issuer(found: Found, book: ag.AgencyBook, forced: str | None, names: AgencyNames,
                   full_text: str) -> Issuer:
    text = ag.complete_generic(ag.clean_name(str(found.value)), full_text) if found.value \
        else None
    if text:
        text = ag.split_job_title(text)[1]
    if forced:
        return Issuer(forced, text, None, ag.place_of(text or "") or
                      _place_from_registry(forced, names, full_text))
    if not text:
        return Issuer(None, None, "không nhận ra cơ quan ban hành: ghi mã cơ quan vào `agency` "
                      "hoặc dùng `cchc import --agency MÃ`", None)
    book.place = ag.place_of(text)
    hit, known = book.resolve_or_propose(text)
    flag = found.flag
    if hit and not known:
        flag = "; ".join(filter(None, [flag, f"cơ quan ban hành “{text}” chưa có trong "
                                       f"content/agencies.yml: đã đề xuất mã `{hit}` (mục đề xuất "
                                       "ở cuối phần đầu trang), hoặc dùng `cchc import --agency "
                                       "MÃ`"]))
    elif hit is None and ag.level_spans(text.split()) and ag.place_of(text) is None:
        flag = (f"“{text}” không ghi địa danh nên không biết là cơ quan nào: ghi mã cơ quan ban "
                "hành vào `agency`")
    elif hit is None:
        flag = f"“{text}” không phải tên một cơ quan: ghi mã cơ quan ban hành vào `agency`"
    return Issuer(hit, text, flag, book.place)


def _place_from_registry(agency: str, names: AgencyNames, text: str) -> tuple[str, str] | None:
    """The place of a forced agency, from its registry names (folded), shown as the document
    writes it when it does."""
    levels = {fold(w): w for w in ag.PLACE_WORDS}
    for key in names.names():
        if names.resolve(key) != agency:
            continue
        found = list(re.finditer(r"\b(" + "|".join(levels) + r")\s+([a-z0-9 ]+)$", key))
        if found:
            m = found[-1]
            level, folded_place = levels[m.group(1)], m.group(2).strip()
            for hit in re.finditer(r"\b" + re.escape(level) + r"\s+((?:\S+\s?){1,4})", text):
                words = hit.group(1).split()
                for n in range(len(words), 0, -1):
                    if fold(" ".join(words[:n])).strip(",.;") == folded_place:
                        return level, " ".join(words[:n]).strip(",.;")
            return level, folded_place.title()
    return None
