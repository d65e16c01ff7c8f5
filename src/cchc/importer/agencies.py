"""Agency names: clean them, recognise them, resolve them to registry ids, propose the rest.

A name resolves only to an agency of the same body *and* the same place: "UBND tỉnh Điện
Biên" never resolves to "UBND tỉnh Đồng Tháp", whatever the registry's aliases. A job title
names its body ("Bộ trưởng Bộ Nội vụ" → Bộ Nội vụ). Laws, decrees, the national motto and
fragments are never agencies, so they are never proposed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..registry import AgencyNames
from ..text import fold, normalise_name, slugify
from ..vocab import DOCUMENT_TYPE_NAMES, JOB_TITLES, LAW_WORDS, PLACE_WORDS
from .textkit import plain, strip_html, upper_ratio

# Words that begin an agency's name, as documents write them (capitalised).
HEADS = (
    "UBND", "HĐND", "Ủy ban", "Uỷ ban", "Hội đồng", "Sở", "Phòng", "Bộ", "Ban", "Trung tâm",
    "Văn phòng", "Đài", "Báo", "Cục", "Chi cục", "Tổng cục", "Hội", "Liên đoàn", "Đoàn",
    "Mặt trận", "Thanh tra", "Công an", "Kho bạc", "Bảo hiểm", "Chính phủ", "Thủ tướng",
    "Tỉnh ủy", "Tỉnh uỷ", "Tỉnh đoàn", "Huyện ủy", "Thị ủy", "Thành ủy", "Viện", "Bưu điện",
    "Chi nhánh", "Ngân hàng", "Trường", "Bệnh viện", "Đảng ủy", "Quốc hội", "Tòa án", "Toà án",
    "Viện kiểm sát", "Kiểm toán", "Vụ", "Các",
)
HEAD_RE = "(?:" + "|".join(re.escape(h) for h in sorted(set(HEADS), key=len, reverse=True)) + r")\b"
_HEAD_KEYS = {normalise_name(h) for h in HEADS}
# Units named after the body they serve: "Văn phòng" under "UBND TỈNH X" is its Văn phòng.
BARE_UNITS = {"van phong", "thanh tra", "ban tiep cong dan"}
# Type words that are the name of one body all by themselves.
_SINGLE_BODIES = {"chinh phu", "quoc hoi"}

_LEVEL_FOLDED = {fold(w): w for w in PLACE_WORDS}
_ABBREVIATIONS = {
    "UBND", "HĐND", "MTTQ", "MTTQVN", "UBMTTQ", "TW", "CCHC", "TTHC", "HCC", "VH", "TT", "TH",
    "PT", "TDTT", "VHTT", "TNCS", "HCM", "LĐTBXH", "LĐ", "TB", "XH", "KH", "ĐT", "GD", "CNTT",
    "BCĐ", "VN", "PCT", "CT", "VP", "DL", "NN", "PTNT", "TN", "MT", "KT", "GTVT", "YT", "PBGDPL",
    "BCĐCCHC", "CP", "ĐBQH",
}
_COLLECTIVE = re.compile(
    r"\b(?:cac|nhung)\b|lien quan|tren dia ban|,\s*(?:phuong|thi tran|thi xa|thanh pho)\b")
# Bodies of the central state: never completed with a local place, level trung-uong.
_CENTRAL = re.compile(
    r"^(?:chinh phu|thu tuong|pho thu tuong|bo |quoc hoi|van phong chinh phu|van phong quoc hoi|"
    r"toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|kiem toan nha nuoc|"
    r"ban chap hanh trung uong|ban bi thu|bo chinh tri|uy ban trung uong|van phong bo |"
    r"ban chi dao trung uong|tong cuc |cuc |vu )|\bcua chinh phu\b|\btrung uong\b|\bquoc gia\b")
# The cities governed like provinces (cấp tỉnh); any other "thành phố" is cấp huyện.
_CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\W+tu do|tu do\W+hanh phuc")


def is_abbreviation(token: str) -> bool:
    core = token.strip(",.;:()")
    parts = [p for p in re.split(r"[-&/]", core) if p]
    if not parts:
        return False
    return all(p in _ABBREVIATIONS or (p.isupper() and not re.search(r"[aeiouy]", fold(p)))
               for p in parts)


def level_at(words: list[str], i: int) -> int:
    """Length (1 or 2 words) of a level word at words[i] ("tỉnh", "thị xã"), or 0."""
    # Compared with their marks: "quan" (cơ quan) is not "quận", "xa" not "xã".
    w = words[i].lower().strip(",.;:")
    nxt = words[i + 1].lower().strip(",.;:") if i + 1 < len(words) else ""
    if nxt and f"{w} {nxt}" in PLACE_WORDS:
        return 2
    if w == "xã" and nxt == "hội":
        # "xã hội" is society (Lao động - Thương binh và Xã hội, xã hội chủ nghĩa), not a
        # commune called Hội, unless a second capitalised word follows as in "xã Hội Hoan".
        after = words[i + 2] if i + 2 < len(words) else ""
        return 1 if after[:1].isupper() and fold(after) != "chu" and words[i + 1][:1].isupper() \
            else 0
    return 1 if w in PLACE_WORDS else 0


def level_spans(words: list[str]) -> list[tuple[int, int]]:
    """(start, length) of each level word, 'thị xã' read as one (not as 'xã')."""
    spans, i = [], 0
    while i < len(words):
        n = level_at(words, i)
        if n:
            spans.append((i, n))
        i += n or 1
    return spans


_TYPE_WORDS = {"sở", "phòng", "bộ", "ban", "cục", "đài", "báo", "hội", "đoàn", "viện", "trường"}
_TYPE_PAIRS = {("trung", "tâm"), ("văn", "phòng"), ("chi", "cục"), ("liên", "đoàn"),
               ("mặt", "trận"), ("ủy", "ban"), ("uỷ", "ban"), ("tổng", "cục"), ("thanh", "tra"),
               ("kho", "bạc"), ("bảo", "hiểm"), ("hội", "đồng"), ("chính", "phủ")}


def capitalise(word: str) -> str:
    """'k’nớ' → 'K’Nớ': a place written with an apostrophe capitalises each part."""
    low = word.lower()
    return re.sub(r"(^|[’'\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), low)


def proper_case(text: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM' → 'Ủy ban nhân dân tỉnh Quảng Nam' (mixed case kept).

    Abbreviations stay upper case; the first word, agency types (Sở, Phòng, Trung tâm…), the
    first word of their field and of each part after 'và', '-' or ',' (Sở Lao động - Thương
    binh và Xã hội), and the place after the last level word (tỉnh, thị xã…) are capitalised.
    """
    if upper_ratio(text) < 0.6:
        return text
    words = text.split()
    spans = level_spans(words)
    place_from = sum(spans[-1]) if spans else len(words) + 1
    lows = [w.lower().strip(",.;:") for w in words]
    out: list[str] = []
    in_field = cap_next = False
    for i, word in enumerate(words):
        low, prev = lows[i], lows[i - 1] if i else ""
        nxt = lows[i + 1] if i + 1 < len(words) else ""
        if not word.isupper() or is_abbreviation(word) or len(word) == 1:
            out.append(word)
        elif i >= place_from:
            out.append(capitalise(word))
        else:
            pair_head = (low, nxt) in _TYPE_PAIRS
            single = low in _TYPE_WORDS and (prev, low) not in _TYPE_PAIRS and prev != "xã"
            capital = i == 0 or cap_next or pair_head or single
            lowered = word.lower()
            out.append(lowered[:1].upper() + lowered[1:] if capital else lowered)
        cap_next = False
        if (low in _TYPE_WORDS and prev != "xã") or (prev, low) in _TYPE_PAIRS:
            in_field = cap_next = (prev, low) not in (("ủy", "ban"), ("uỷ", "ban"),
                                                      ("hội", "đồng"), ("chính", "phủ"))
            if low == "ban" and nxt == "chỉ":
                cap_next = True  # Ban Chỉ đạo
        elif in_field and (low in ("và", "-", "–", "&") or word.endswith(",")):
            cap_next = True
        if low == "của":
            cap_next = nxt in ("chính", "ủy", "uỷ", "bộ", "ban", "sở")
    return " ".join(out)


_ROLE_SUFFIX = re.compile(r"\s*\((?:chủ trì|phối hợp|b/c|để b/c|báo cáo|thực hiện)\)\s*$", re.I)
_ALIAS_NOTE = re.compile(r"\s*\((?:sau đây gọi (?:tắt )?là|gọi tắt là|viết tắt là)[^)]*\)", re.I)


def clean_name(text: str) -> str:
    """An agency name as written, without bullets, roles, "(sau đây gọi là …)" and capitals."""
    text = plain(text).replace("&", " và ")
    text = re.sub(r"^[\-–+•*]\s*", "", text)
    text = _ROLE_SUFFIX.sub("", _ALIAS_NOTE.sub("", text))
    text = " ".join(text.split()).strip(" .;,:")
    return proper_case(text)


_TITLES_LONGEST = sorted(JOB_TITLES, key=len, reverse=True)
# Titles whose last word is the body's type: "Trưởng Ban Chỉ đạo …" is the head of a Ban.
_TITLE_OWN_TYPE = {"truong ban": "Ban", "pho truong ban": "Ban", "truong phong": "Phòng",
                   "pho truong phong": "Phòng", "chanh van phong": "Văn phòng",
                   "pho chanh van phong": "Văn phòng", "chanh thanh tra": "Thanh tra"}


def split_job_title(text: str) -> tuple[str | None, str]:
    """('Bộ trưởng', 'Bộ Nội vụ') from 'Bộ trưởng Bộ Nội vụ'; (None, text) without a title."""
    name = clean_name(text)
    f = fold(name)
    for title in _TITLES_LONGEST:
        t = fold(title)
        if not f.startswith(t + " "):
            continue
        rest = name[len(title):].strip()
        own = _TITLE_OWN_TYPE.get(t)
        if own and not fold(rest).startswith(fold(own) + " "):
            return title, f"{own} {rest}"
        return title, rest
    return None, name


def is_collective(name: str) -> bool:
    """'UBND các xã, phường', 'Các cơ quan chuyên môn…': a group of agencies, not one."""
    return bool(_COLLECTIVE.search(fold(name)))


def is_central(name: str) -> bool:
    return bool(_CENTRAL.search(normalise_name(name)))


def is_motto(text: str) -> bool:
    return bool(_MOTTO.search(fold(text)))


_DOC_START = tuple(fold(w) for w in (*DOCUMENT_TYPE_NAMES, "Quy định", "Quy chế"))
_LAW_START = tuple(w + " " for w in LAW_WORDS)


_TITLES_FOLDED = {fold(t) for t in JOB_TITLES}
# Words that begin with an agency's type word but name no agency ("Ban hành …", "Hội nghị").
_NOT_HEADS = ("ban hành", "phòng chống", "phòng, chống", "phòng ngừa", "hội nghị", "hội thảo",
              "hội thi", "hội diễn", "bộ máy", "bộ thủ tục", "bộ tiêu chí", "bộ phận tiếp nhận",
              "trường hợp", "đoàn kết", "cục bộ", "báo chí", "đài truyền thanh cơ sở")
_HEAD_LOWER = tuple(sorted({h.lower() for h in HEADS if h != "Các"}, key=len, reverse=True))


def is_agency_name(text: str) -> bool:
    """Whether a phrase can be an agency: it starts with an agency's type word (after any job
    title), is more than that word, and is no document, law, date or motto."""
    _, name = split_job_title(text)
    f = fold(name)
    low = " ".join(name.lower().split())
    if f in _TITLES_FOLDED or low.startswith(_NOT_HEADS):
        return False
    # The type word compared with its marks: "Số liệu", "Sơ kết" are not "Sở".
    if not (low.startswith(tuple(h + " " for h in _HEAD_LOWER)) or low in _HEAD_LOWER
            or f.startswith("cac ")):
        return False
    words = f.split()
    if len(words) < 2 or len(name) > 140 or is_motto(name):
        return False
    if any(f == w or f.startswith(w + " ") for w in _DOC_START) or f.startswith(_LAW_START) \
            or re.search(r"\bngay \d", f):
        return False
    if f.startswith("cac ") and not is_collective(name):
        return False  # "Các Quyết định …", not a group of agencies ("Các cơ quan chuyên môn…")
    if re.search(r"\d{4}|\d+/", f):
        return False  # a year or a số hiệu: a citation ("Phường 10" is a name)
    key = normalise_name(name)
    # A bare type ("Ủy ban nhân dân") names no agency; a cut word ("Ủy ba") is no type word.
    return not ((key in _HEAD_KEYS and key not in _SINGLE_BODIES)
                or key in ("uy ban nhan dan", "hoi dong nhan dan"))


def place_of(text: str) -> tuple[str, str] | None:
    """The place an agency name ends with: 'UBND thị xã Kiến Tường' → ('thị xã', 'Kiến Tường')."""
    words = proper_case(text).split()
    found = None
    for i, n in level_spans(words):
        if i + n < len(words) and (words[i + n][:1].isupper() or words[i + n][:1].isdigit()):
            name = []
            for w in words[i + n:]:
                if not (w[:1].isupper() or w[:1].isdigit()):
                    break
                name.append(w.strip(",.;:()"))
                if w.endswith((",", ";", ".")):
                    break
            found = (" ".join(words[i:i + n]).strip(",").lower(), " ".join(name))
    return found


def guess_level(name: str) -> str:
    """The registry level of a proposed agency, from its type word and its place."""
    n = normalise_name(name)
    place = place_of(name)
    if is_collective(name):
        return "khac"
    if is_central(name):
        return "trung-uong"
    m = re.match(r"(?:uy ban nhan dan|hoi dong nhan dan) (tinh|thanh pho|thi xa|huyen|quan|xa|"
                 r"phuong|thi tran|dac khu)\b", n)
    if m:
        if m.group(1) == "thanh pho":
            return "tinh" if place and fold(place[1]) in _CENTRAL_CITIES else "huyen"
        return {"tinh": "tinh", "xa": "xa", "phuong": "xa", "thi tran": "xa",
                "dac khu": "xa"}.get(m.group(1), "huyen")
    if n.startswith(("bao ", "dai ")):
        return "bao-dai"
    if n.startswith(("hoi ", "doan ", "lien doan", "mat tran", "uy ban mat tran", "tinh doan")):
        return "doan-the"
    if n.startswith("so "):
        return "so-nganh"
    if n.startswith(("phong ", "van phong", "trung tam", "ban ", "chi cuc", "thanh tra",
                     "hoi dong")):
        if place is None:
            return "khac"
        province = place[0] == "tỉnh" or (place[0] == "thành phố"
                                           and fold(place[1]) in _CENTRAL_CITIES)
        if province:
            return "so-nganh"
        return "xa" if place[0] in ("xã", "phường", "thị trấn") else "phong-ban"
    return "khac"


@dataclass(frozen=True)
class Proposal:
    """An agencies.yml entry for an agency the registry lacks."""

    id: str
    name: str
    level: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    def as_yaml(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id, "name": self.name, "level": self.level,
                                 "parent": self.parent}
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        return entry


_BO_NAME = re.compile(r"\bBộ\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+(?:và\s+)?[\wÀ-ỹ]+){0,5})")
_BO_STOP = {"đã", "về", "năm", "ban", "xin", "tại", "theo", "đến", "trong", "thông", "ngày",
            "số", "thực", "phụ", "trách", "chỉ", "đề", "giao", "cho", "với", "là", "có", "được"}


def _dominant_ministry(text: str) -> str | None:
    counts: Counter[str] = Counter()
    for m in _BO_NAME.finditer(text):
        words = []
        for w in m.group(1).split():
            if w.lower() in _BO_STOP or w.lower().startswith("trưởng"):
                break
            words.append(w.strip(",.;:()"))
            if w.endswith((",", ".", ";", ":", ")")):
                break
        if words and words[-1] == "và":
            words.pop()
        if words and words[0][:1].isupper() and not words[0].lower().startswith("trưởng"):
            counts[" ".join(words)] += 1
    return counts.most_common(1)[0][0] if counts else None


def dominant_place(text: str, level: str) -> str | None:
    """The place most often written after a level word: 'thị xã' → 'Kiến Tường'."""
    counts: Counter[str] = Counter()
    pattern = re.compile(r"\b" + re.escape(level) + r"\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ’']*\s?){1,4})")
    for m in pattern.finditer(text):
        words = []
        for w in m.group(1).split():
            if not w[:1].isupper():
                break
            words.append(w)
        if words:
            counts[" ".join(words)] += 1
    return counts.most_common(1)[0][0] if counts else None


def _bare_level(words: list[str]) -> int:
    """How many words of a level ('tỉnh', 'thị xã') end the name without a place, or 0."""
    return next((n for n in (2, 1) if len(words) > n and level_at(words, len(words) - n) == n), 0)


def _fits(name: str, level: str) -> bool:
    """Whether a local unit of this type sits in a place of that level: a Sở in a tỉnh, a
    Phòng in a huyện; other types (Văn phòng, Trung tâm, Đài…) in any."""
    f = fold(name)
    if f.startswith("so "):
        return level in ("tỉnh", "thành phố")
    if f.startswith("phong "):
        return level in ("huyện", "quận", "thị xã", "thành phố")
    return True


@dataclass
class AgencyBook:
    """Resolves the agency names of one document and collects proposals for unknown ones.

    Documents write "Phòng Nội vụ" or "UBND thị xã" without the place; the place of the
    issuing agency ("thị xã Kiến Tường") completes them before looking them up, when the
    unit can sit in that place. The book is the one piece of state a document's reading
    shares between steps; it only ever grows.
    """

    names: AgencyNames
    text: str = ""  # the document, for places it names ("tỉnh Hà Tĩnh")
    place: tuple[str, str] | None = None
    issuer: str | None = None
    exact: dict[str, str] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key in self.names.names():
            if hit := self.names.resolve(key):
                self.exact[key] = hit

    def complete(self, text: str) -> list[str]:
        """Spellings to try, most specific first: with the issuing agency's place, then as is."""
        _, t = split_job_title(text)
        out = []
        words = t.split()
        bare = _bare_level(words)
        if bare and not is_collective(t):
            # "UBND tỉnh": the province of the issuer, else the one the document names most.
            level = " ".join(words[-bare:]).lower()
            if self.place and self.place[0] == level:
                out.append(f"{t} {self.place[1]}")
            elif place := dominant_place(self.text, level):
                out.append(f"{t} {place}")
        elif fold(t).endswith(" bo") and (ministry := _dominant_ministry(self.text)):
            out.append(f"{t} {ministry}")  # "Văn phòng Bộ" of the ministry the text names
        elif (self.place and t and place_of(t) is None and not is_central(t)
              and _fits(t, self.place[0])):
            out.append(f"{t} {self.place[0]} {self.place[1]}")
        out.append(t)
        return [c for c in out if c]

    def resolve(self, text: str, *, prefix: bool = True) -> str | None:
        candidates = self.complete(text)
        for c in candidates:
            if hit := self.exact.get(normalise_name(c)):
                return hit
        if prefix:
            for c in candidates:
                if hit := self._prefix(c):
                    return hit
        return None

    def _prefix(self, name: str) -> str | None:
        """The registry agency whose name begins `name` ("UBND tỉnh Quảng Nam về việc …"),
        provided the match covers the name's place: a different place is a different agency."""
        words = normalise_name(name).split()
        need = len(words)
        if place := place_of(name):
            span = normalise_name(f"{place[0]} {place[1]}").split()
            for i in range(len(words) - len(span) + 1):
                if words[i:i + len(span)] == span:
                    need = i + len(span)
        else:
            need = min(need, 2)
        for k in range(len(words) - 1, max(need, 2) - 1, -1):
            key = " ".join(words[:k])
            if key in _HEAD_KEYS or _LEVEL_FOLDED.get(words[k - 1]) is not None:
                continue  # a bare type, or an alias ending in a level word without its place
            if hit := self.exact.get(key):
                return hit
        return None

    def propose(self, text: str) -> str | None:
        """A new registry entry for an agency the registry lacks; its proposed id, or None when
        the text is not an agency's name (a law, a job title alone, a fragment)."""
        if not is_agency_name(text):
            return None
        name = self.complete(text)[0]
        if _bare_level(name.split()):
            return None  # "UBND tỉnh" with no province the text names: which one is unknown
        key = normalise_name(name)
        if key in self.proposals:
            return self.proposals[key].id
        _, written = split_job_title(text)
        base = slugify(re.sub(r"^(?:Ủy|Uỷ) ban nhân dân\b", "UBND", name))[:60].strip("-")
        base = base or "co-quan-moi"
        taken = set(self.exact.values()) | {p.id for p in self.proposals.values()}
        pid, n = base, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        level = guess_level(name)
        parent = None
        place = place_of(name)
        if place and level not in ("tinh", "huyen", "xa", "khac", "trung-uong") \
                and not is_collective(name):
            parent = self.resolve(f"Ủy ban nhân dân {place[0]} {place[1]}", prefix=False)
            if parent is None and self.issuer and self.issuer != pid and self.place == place:
                parent = self.issuer if self.issuer.startswith("ubnd") else None
        aliases = (written,) if written and normalise_name(written) != key else ()
        self.proposals[key] = Proposal(pid, name, level, parent, aliases)
        return pid

    def resolve_or_propose(self, text: str) -> tuple[str | None, bool]:
        """(id, known): a registry id, else a proposed id (known False), else (None, False)."""
        if hit := self.resolve(text):
            return hit, True
        return self.propose(text), False


_SPLIT_BEFORE = re.compile(r"(?:\s+[-–]\s+|,\s+|;\s*)(?=" + HEAD_RE + ")")
SPLIT_AND = re.compile(r"\s+và\s+(?=" + HEAD_RE + ")")


def split_cell(cell: str) -> list[str]:
    """'- Báo Quảng Trị - Đài PT-TH tỉnh; - Sở Nội vụ' → three names.

    A hyphen splits only between two agency names ("Sở Lao động - Thương binh và Xã hội" stays
    one); "và" splits only when both halves are agencies the caller can resolve.
    """
    text = strip_html(cell).replace("**", "")
    parts: list[str] = []
    for chunk in re.split(r"[;\n]", text):
        chunk = chunk.strip(" .,:-–+•\t")
        if not chunk:
            continue
        parts.extend(p.strip(" .,:-–") for p in _SPLIT_BEFORE.split(chunk) if p.strip(" .,"))
    return parts


def complete_generic(name: str, text: str) -> str:
    """'UBND thị xã' (no place) → 'UBND thị xã Kiến Tường' from the rest of the document."""
    words = name.split()
    n = _bare_level(words)
    if n and (place := dominant_place(text, " ".join(words[-n:]).lower())):
        return f"{name} {place}"
    return name
