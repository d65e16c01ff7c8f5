"""The rules the W3C Feed Validation Service (feedvalidator, Sam Ruby and Mark Pilgrim) applies
to RSS 2.0, Atom 1.0 and OPML 2.0 files, as far as the portal's feeds use them.

The service is not installable (no package, and tests run offline), so each rule it checks is
restated here from its source (`channel.py`, `item.py`, `entry.py`, `feed.py`, `link.py`,
`content.py`, `opml.py`, `validators.py`) and RFC 4287; each check returns the problems found,
named after the validator's messages (MissingDescription, InvalidRFC2822Date, DuplicateElement…),
so an empty list means the file would pass.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
A = f"{{{ATOM}}}"

# RFC 822 dates as RSS writes them (validators.rfc822: day name optional, 4-digit year,
# a numeric zone or a named one).
_RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? "
    r"(?:[+-]\d{4}|GMT|UT|[ECMP][SD]T)$")
# RFC 3339 (validators.rfc3339): a date, a time, seconds, an offset or Z.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
_MIME = re.compile(r"^[a-zA-Z0-9!#$&.+^_-]+/[a-zA-Z0-9!#$&.+^_-]+$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")  # ISO 639 with an optional region
_HTML_IN_TEXT = re.compile(r"<(?:a|b|i|p|br|div|span|img|em|strong|script|table)\b", re.I)
_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset",
                   "meta", "link", "style", "form", "base"}

RSS_CHANNEL = {"title", "link", "description", "language", "copyright", "managingEditor",
               "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs",
               "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays", "item"}
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure",
            "guid", "pubDate", "source"}
ONCE = {"title", "link", "description", "language", "pubDate", "lastBuildDate", "generator",
        "docs", "ttl", "copyright", "guid", "enclosure", "author", "comments", "source"}


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _rfc822(text: str | None) -> bool:
    if not text or not _RFC822.match(text.strip()):
        return False
    try:
        parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return False
    return True


def _rfc3339(text: str | None) -> bool:
    if not text or not _RFC3339.match(text.strip()):
        return False
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def unsafe_html(fragment: str) -> list[str]:
    """What validators.safeHtml flags: scripts, frames, embedded objects, event handlers and
    javascript: URLs."""
    if not fragment.strip():
        return []
    problems = []
    for el in lxml_html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in _DANGEROUS_TAGS:
            problems.append(f"SecurityRisk: <{el.tag}>")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"SecurityRisk: {name}=")
            if name.lower() in ("href", "src") and value.strip().lower().startswith("javascript:"):
                problems.append(f"SecurityRisk: {name}=javascript:")
    return problems


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if etree.QName(el).namespace is None else ""


def check_rss(data: bytes, url: str) -> list[str]:
    """An RSS 2.0 file served at `url`."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"InvalidRSSVersion: <{root.tag} version={root.get('version')}>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"DuplicateElement/MissingElement: {len(channels)} channel"]
    ch = channels[0]
    names = [_local(c) for c in ch if _local(c)]
    for required in ("title", "link", "description"):
        if required not in names:
            problems.append(f"Missing{required.capitalize()}: channel")
    for name in set(names):
        if name not in RSS_CHANNEL:
            problems.append(f"UndefinedElement: channel/{name}")
        if name in ONCE and names.count(name) > 1:
            problems.append(f"DuplicateElement: channel/{name}")
    if not (ch.findtext("title") or "").strip():
        problems.append("NotBlank: channel/title")
    if not _absolute(ch.findtext("link")):
        problems.append(f"InvalidURLAttribute: channel/link {ch.findtext('link')!r}")
    lang = ch.findtext("language") or ch.findtext(f"{{{DC}}}language")
    if not lang:
        problems.append("MissingDCLanguage: channel")
    elif not _LANG.match(lang):
        problems.append(f"InvalidLanguage: {lang!r}")
    for name in ("pubDate", "lastBuildDate"):
        value = ch.findtext(name)
        if value is not None and not _rfc822(value):
            problems.append(f"InvalidRFC2822Date: channel/{name} {value!r}")
    selfs = [link for link in ch.findall(f"{A}link") if link.get("rel") == "self"]
    if not selfs:
        problems.append("MissingAtomSelfLink")
    for link in selfs:
        if link.get("href") != url:
            problems.append(f"SelfDoesntMatchLocation: {link.get('href')} ≠ {url}")
        if link.get("type") != "application/rss+xml":
            problems.append(f"UnexpectedContentType: atom:link type={link.get('type')}")
    guids: set[str] = set()
    for item in ch.findall("item"):
        problems += [f"item {item.findtext('link')}: {p}" for p in _check_item(item, guids)]
    return problems


def _check_item(item: etree._Element, guids: set[str]) -> list[str]:
    problems: list[str] = []
    names = [_local(c) for c in item if _local(c)]
    for name in set(names):
        if name not in RSS_ITEM:
            problems.append(f"UndefinedElement: item/{name}")
        if name in ONCE and names.count(name) > 1:
            problems.append(f"DuplicateElement: item/{name}")  # one enclosure per item
    if "title" not in names and "description" not in names:
        problems.append("ItemMustContainTitleOrDescription")
    title = item.findtext("title") or ""
    if _HTML_IN_TEXT.search(title):
        problems.append(f"ContainsHTML: item/title {title!r}")
    if "link" in names and not _absolute(item.findtext("link")):
        problems.append(f"InvalidURLAttribute: item/link {item.findtext('link')!r}")
    guid = item.find("guid")
    if guid is not None:
        permalink = guid.get("isPermaLink", "true")
        if permalink not in ("true", "false"):
            problems.append("InvalidBooleanAttribute: guid/isPermaLink")
        if permalink == "true" and not _absolute(guid.text):
            problems.append(f"InvalidHttpGUID: {guid.text!r}")
        if guid.text in guids:
            problems.append(f"DuplicateValue: guid {guid.text}")
        guids.add(guid.text or "")
    value = item.findtext("pubDate")
    if value is not None and not _rfc822(value):
        problems.append(f"InvalidRFC2822Date: item/pubDate {value!r}")
    author = item.findtext("author")
    if author is not None and not re.match(r"^[^@\s]+@[^@\s]+(?: \(.*\))?$", author):
        problems.append(f"InvalidContact: item/author {author!r}")
    for enc in item.findall("enclosure"):
        length = enc.get("length", "")
        if not length.isdigit() or int(length) <= 0:
            problems.append(f"InvalidIntegerAttribute: enclosure/length {length!r}")
        if not _MIME.match(enc.get("type", "")):
            problems.append(f"InvalidMIMEAttribute: enclosure/type {enc.get('type')!r}")
        if not _absolute(enc.get("url")):
            problems.append(f"InvalidURLAttribute: enclosure/url {enc.get('url')!r}")
    for el in (item.find("description"), item.find(f"{{{CONTENT}}}encoded")):
        if el is not None:
            problems += unsafe_html(el.text or "")
    return problems


def _atom_text(el: etree._Element, where: str) -> list[str]:
    """atom:title, atom:summary, atom:content (content.py): type text|html|xhtml or a MIME
    type; html must be safe; xhtml holds one xhtml:div."""
    kind = el.get("type", "text")
    if kind not in ("text", "html", "xhtml") and (where != "content" or not _MIME.match(kind)):
        return [f"InvalidTextType: {where} type={kind!r}"]
    if kind == "html":
        return unsafe_html(el.text or "")
    if kind == "xhtml":
        divs = [c for c in el if c.tag == "{http://www.w3.org/1999/xhtml}div"]
        return [] if len(divs) == 1 else [f"MissingXhtmlDiv: {where}"]
    if kind == "text" and len(el):
        return [f"ContainsUndeclaredHTML: {where}"]
    return []


def check_atom(data: bytes, url: str) -> list[str]:
    """An Atom 1.0 file (RFC 4287) served at `url`."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != f"{A}feed":
        return [f"NotAnAtomFeed: <{root.tag}>"]
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang or not _LANG.match(lang):
        problems.append(f"InvalidLanguage: xml:lang={lang!r}")
    problems += _atom_common(root, "feed")
    selfs = [link for link in root.findall(f"{A}link") if link.get("rel") == "self"]
    if not selfs:
        problems.append("MissingSelf")
    for link in selfs:
        if link.get("href") != url:
            problems.append(f"SelfDoesntMatchLocation: {link.get('href')} ≠ {url}")
        if link.get("type") != "application/atom+xml":
            problems.append(f"UnexpectedContentType: link rel=self type={link.get('type')}")
    feed_author = root.find(f"{A}author") is not None
    ids: set[str] = set()
    for entry in root.findall(f"{A}entry"):
        where = entry.findtext(f"{A}id")
        problems += [f"entry {where}: {p}" for p in _atom_common(entry, "entry")]
        if where in ids:
            problems.append(f"DuplicateEntries: {where}")
        ids.add(where or "")
        if not feed_author and entry.find(f"{A}author") is None:
            problems.append(f"entry {where}: MissingAuthor")
        for author in entry.findall(f"{A}author"):
            if not (author.findtext(f"{A}name") or "").strip():
                problems.append(f"entry {where}: MissingElement author/name")
        contents = entry.findall(f"{A}content")
        summaries = entry.findall(f"{A}summary")
        if len(contents) > 1 or len(summaries) > 1:
            problems.append(f"entry {where}: DuplicateElement content/summary")
        for el, name in [*((c, "content") for c in contents), *((s, "summary") for s in summaries)]:
            problems += [f"entry {where}: {p}" for p in _atom_text(el, name)]
        alternate = [link for link in entry.findall(f"{A}link")
                     if link.get("rel", "alternate") == "alternate"]
        if not contents and not alternate:
            problems.append(f"entry {where}: MissingContentOrAlternate")
        if any(c.get("src") for c in contents) and not summaries:
            problems.append(f"entry {where}: MissingSummary")
        if not summaries:
            problems.append(f"entry {where}: MissingSummary (recommended)")
        published = entry.findtext(f"{A}published")
        if published is not None and not _rfc3339(published):
            problems.append(f"entry {where}: InvalidRFC3339Date published {published!r}")
    return problems


def _atom_common(el: etree._Element, where: str) -> list[str]:
    """id, title and updated: exactly one each; id an absolute IRI; updated RFC 3339; links
    with an href, alternates unique by type and hreflang."""
    problems = []
    for name in ("id", "title", "updated"):
        found = el.findall(f"{A}{name}")
        if len(found) != 1:
            problems.append(f"{'Missing' if not found else 'Duplicate'}Element: {where}/{name}")
    if not _absolute(el.findtext(f"{A}id")):
        problems.append(f"InvalidIRI: {where}/id {el.findtext(f'{A}id')!r}")
    if not _rfc3339(el.findtext(f"{A}updated")):
        problems.append(f"InvalidRFC3339Date: {where}/updated {el.findtext(f'{A}updated')!r}")
    title = el.find(f"{A}title")
    if title is not None:
        problems += _atom_text(title, "title")
    seen = set()
    for link in el.findall(f"{A}link"):
        if not link.get("href"):
            problems.append(f"MissingHref: {where}/link")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"DuplicateAlternate: {where}")
            seen.add(key)
        if link.get("length") and not link.get("length", "").isdigit():
            problems.append(f"InvalidIntegerAttribute: {where}/link length")
    return problems


OPML_HEAD = {"title", "dateCreated", "dateModified", "ownerName", "ownerEmail", "ownerId",
             "expansionState", "vertScrollState", "windowTop", "windowLeft", "windowBottom",
             "windowRight"}
OUTLINE_ATTRS = {"category", "created", "description", "htmlUrl", "isBreakpoint", "isComment",
                 "language", "text", "title", "type", "url", "version", "xmlUrl"}


def check_opml(data: bytes) -> list[str]:
    """An OPML 2.0 subscription list (opml.py)."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != "opml" or root.get("version") != "2.0":
        return [f"InvalidOPMLVersion: <{root.tag} version={root.get('version')}>"]
    head, body = root.find("head"), root.find("body")
    if head is None or body is None:
        return ["MissingElement: head/body"]
    names = [c.tag for c in head]
    for name in names:
        if name not in OPML_HEAD:
            problems.append(f"UndefinedElement: head/{name}")
        if names.count(name) > 1:
            problems.append(f"DuplicateElement: head/{name}")
    for name in ("dateCreated", "dateModified"):
        value = head.findtext(name)
        if value is not None and not _rfc822(value):
            problems.append(f"InvalidRFC2822Date: head/{name} {value!r}")
    if body.find("outline") is None:
        problems.append("MissingElement: body/outline")
    for outline in body.iter("outline"):
        attrs = set(outline.attrib)
        where = outline.get("text") or outline.get("xmlUrl")
        if "text" not in attrs:
            problems.append(f"MissingAttribute: outline/text {where}")
        for name in attrs - OUTLINE_ATTRS:
            problems.append(f"UnexpectedAttribute: outline/{name}")
        kind = outline.get("type")
        if kind is None:
            if attrs & {"description", "htmlUrl", "language", "title", "version", "xmlUrl"}:
                problems.append(f"MissingOutlineType: {where}")
        elif kind.lower() == "rss":
            if "xmlUrl" not in attrs:
                problems.append(f"MissingXmlURL: {where}")
            if "title" not in attrs:
                problems.append(f"MissingTitleAttr: {where}")
        elif kind.lower() == "link":
            if "url" not in attrs:
                problems.append(f"MissingUrlAttr: {where}")
        else:
            problems.append(f"InvalidOutlineType: {kind!r} ({where})")
        version = outline.get("version")
        if version is not None and version not in ("RSS", "RSS1", "RSS2", "scriptingNews"):
            problems.append(f"InvalidOutlineVersion: {version!r}")
        for name in ("htmlUrl", "xmlUrl", "url"):
            if name in attrs and not _absolute(outline.get(name)):
                problems.append(f"InvalidURLAttribute: outline/{name} {outline.get(name)!r}")
        lang = outline.get("language")
        if lang is not None and not _LANG.match(lang):
            problems.append(f"InvalidLanguage: outline/language {lang!r}")
    return problems
