"""Vietnamese sentence case for a trích yếu copied in capitals.

"VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ Y TẾ TỈNH HÀ TĨNH" →
"Về việc công bố thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Y tế tỉnh Hà Tĩnh".
Lower case, except the first word, abbreviations (CCHC, UBND), agencies' names (their type
word, the first word of their field and of each part after "và") and places after a level
word. Capitals carry no word boundaries, so the result is a proposal the draft flags.
"""

from __future__ import annotations

import re

from ..vocab import JOB_TITLES
from .agencies import capitalise, is_abbreviation, level_at

_TITLES = sorted(JOB_TITLES, key=len, reverse=True)
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X)[,.;:]?$")

# Words that end a place's name in running text ("tỉnh Hà Tĩnh năm 2024").
_FUNCTION = {"và", "năm", "trên", "của", "về", "trong", "theo", "tại", "giai", "đến", "từ",
             "với", "cho", "thuộc", "để", "đợt", "quý", "tháng", "ngày", "có", "các",
             "những", "được", "là", "đã", "khi", "sau", "trước", "nhằm"}
# Agency type words that start a name, with how many words of their field get capitals.
_AGENCY_STARTS: dict[tuple[str, ...], int] = {
    ("ủy", "ban", "nhân", "dân"): 0, ("uỷ", "ban", "nhân", "dân"): 0,
    ("hội", "đồng", "nhân", "dân"): 0, ("chính", "phủ"): 0, ("thủ", "tướng"): 0,
    ("sở",): 1, ("bộ",): 1, ("ban", "chỉ", "đạo"): 0, ("văn", "phòng"): 1,
    ("trung", "tâm"): 1, ("phòng",): 1, ("cục",): 1, ("chi", "cục"): 1, ("tổng", "cục"): 1,
    ("thanh", "tra"): 0, ("kho", "bạc"): 1, ("đài",): 1, ("báo",): 1,
}


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def sentence_case(text: str) -> str:
    words = text.split()
    low = [w if (is_abbreviation(w) and len(w) > 1) or _ROMAN.match(w) else w.lower()
           for w in words]
    out = list(low)
    bare = [w.strip(",.;:()") for w in low]
    i = 0
    while i < len(out):
        n = level_at(out, i)
        if n and i + n < len(out) and bare[i + n] not in _FUNCTION and \
                not out[i + n - 1].endswith(","):
            # A place: up to three words after the level word, to the next function word.
            j = i + n
            while j < len(out) and j < i + n + 3 and bare[j] not in _FUNCTION:
                out[j] = capitalise(out[j]) if not is_abbreviation(words[j]) else words[j]
                if out[j].endswith((",", ";", ".")):
                    break
                j += 1
            i = j
            continue
        for start, field_words in _AGENCY_STARTS.items():
            generic = (i and bare[i - 1] in ("các", "những")) or (out[i + len(start) - 1:i + len(
                start)] and out[i + len(start) - 1].endswith(","))
            if tuple(bare[i:i + len(start)]) == start and not generic:
                out[i] = _cap(out[i])
                if start in (("chính", "phủ"),):
                    break
                if start == ("ban", "chỉ", "đạo"):
                    out[i + 1] = _cap(out[i + 1])
                k = i + len(start)
                if field_words and k < len(out) and bare[k] not in _FUNCTION:
                    out[k] = _cap(out[k])
                    # "Sở Tài nguyên và Môi trường": each part after "và" of the field.
                    m = k + 1
                    while m + 1 < len(out) and bare[m] not in _FUNCTION - {"và"}:
                        if bare[m] == "và" and bare[m + 1] not in _FUNCTION:
                            out[m + 1] = _cap(out[m + 1])
                        if level_at(out, m):
                            break
                        m += 1
                break
        i += 1
    text = " ".join(out)
    for title in _TITLES:
        # "phó chủ tịch UBND tỉnh" → "Phó Chủ tịch UBND tỉnh": a job title as it is written.
        text = re.sub(rf"(?<!\w){re.escape(title.lower())}(?!\w)", title, text)
    return text[:1].upper() + text[1:]
