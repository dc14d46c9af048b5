"""HTML → main text (trafilatura), with a bounded lxml fallback; title and meta dates.

Safety: the parser never fetches anything and keeps libxml2's limits (``huge_tree`` off: nesting
deeper than 256 levels and text nodes over 10 MB are cut, never followed). ``<script>``, ``<style>``
and similar elements are removed before any text is taken. Large or deeply nested pages skip
trafilatura (whose tree walks are recursive and slow on huge inputs) and use an iterative walker.
Links that carry contact data are kept as text: a ``mailto:``/``tel:`` target is added after its
label, and Cloudflare's e-mail protection is decoded back to the address the page published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

import lxml.etree as etree

from ingest.doc_dates import dates_from_meta

#: Pages above these sizes skip trafilatura and use the simple walker.
MAX_TRAFILATURA_BYTES = 5_000_000
MAX_TRAFILATURA_ELEMENTS = 40_000
MAX_TRAFILATURA_DEPTH = 180
#: The simple walker stops after about this much text (the reader keeps 2,000,000 characters).
MAX_WALK_CHARS = 2_100_000

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "math")
_BOILER_TAGS = ("nav", "header", "footer", "aside", "form", "button", "select", "dialog")
_BOILER_ATTR = re.compile(
    r"(?i)(^|[\s_-])(cookie|consent|gdpr|banner|breadcrumb|navbar|nav|menu|sidebar-menu|skip|share|social|"
    r"feedback|rating|popup|modal)([\s_-]|$)"
)
_CONTACT_ATTR = re.compile(r"(?i)contact|kontakt|vcard|h-card|person|staff|employee|darbuotoj|darbinieks")
_BLOCK_TAGS = frozenset(
    re.findall(
        r"\S+",
        "address article aside blockquote body dd details div dl dt fieldset figcaption figure footer "
        "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot "
        "tr ul caption",
    )
)
_CELL_TAGS = frozenset({"td", "th"})
#: Blank lines; blanks are taken from the start of a run only (a long run of spaces is scanned once).
_BLOCK_BREAKS = re.compile(r"(?<![ \t])[ \t]*+\n(?:[ \t]*+\n)+")
_WHITESPACE = re.compile(r"\s+")


@dataclass
class HtmlText:
    text: str
    title: str | None = None
    published: date | None = None
    modified: date | None = None
    lang: str | None = None
    notes: list[str] = field(default_factory=list)


def _parser() -> etree.HTMLParser:
    # the plain etree parser: lxml.html's element-class lookup costs seconds on huge pages
    return etree.HTMLParser(
        encoding="utf-8",
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
        default_doctype=False,
    )


def decode_cfemail(hex_string: str) -> str | None:
    """Cloudflare's ``data-cfemail`` (first byte is the XOR key), or None when it is malformed."""
    try:
        data = bytes.fromhex(hex_string)
    except ValueError:
        return None
    if len(data) < 4:
        return None
    key = data[0]
    try:
        decoded = bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", decoded) else None


def _drop(el: etree._Element, replacement: str = "") -> None:
    """Remove an element and its content, keeping its tail text (and adding ``replacement`` there)."""
    parent = el.getparent()
    if parent is None:
        return
    text = replacement + (el.tail or "")
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)


def _text_of(el: etree._Element) -> str:
    return "".join(el.itertext())


def _prepare(root: etree._Element) -> None:
    """Drop script-like elements; make contact links and protected e-mails plain text."""
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.xpath("//*[@data-cfemail]")):
        address = decode_cfemail(el.get("data-cfemail") or "")
        if address:
            _drop(el, address)
    for el in list(root.iter("a")):
        href = (el.get("href") or "").strip()
        label = _text_of(el)
        if href.lower().startswith("mailto:"):
            address = unquote(href[7:].split("?", 1)[0]).strip()
            if "@" in address and address.lower() not in label.lower():
                el.tail = f" ({address})" + (el.tail or "")
        elif href.lower().startswith("tel:"):
            number = unquote(href[4:]).strip()
            digits = re.sub(r"\D", "", number)
            if len(digits) >= 5 and digits not in re.sub(r"\D", "", label):
                el.tail = f" (tel. {number})" + (el.tail or "")
        elif "/cdn-cgi/l/email-protection#" in href:
            address = decode_cfemail(href.rsplit("#", 1)[1])
            if address and "protected" in label.lower():
                _drop(el, address)
            elif address:
                el.tail = f" ({address})" + (el.tail or "")


def _meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (
            el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or ""
        ).lower()
        content = el.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    return meta


def _title(root: etree._Element, meta: dict[str, str]) -> str | None:
    candidates = [meta.get("og:title")]
    h1 = next(iter(root.iter("h1")), None)
    candidates.append(_text_of(h1) if h1 is not None else None)
    title_el = next(iter(root.iter("title")), None)
    candidates.append(_text_of(title_el) if title_el is not None else None)
    for candidate in candidates:
        if candidate and candidate.strip():
            return " ".join(candidate.split())[:300]
    return None


def _shape(root: etree._Element, limit: int) -> tuple[int, int]:
    """(element count, maximum depth), walked iteratively; stops counting past ``limit`` elements."""
    count = depth = deepest = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            count += 1
            if count > limit:
                break
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return count, deepest


def walk_text(root: etree._Element, *, skip_boilerplate: bool = True, max_chars: int = MAX_WALK_CHARS) -> str:
    """Plain text of a tree: blocks on their own lines, list items as ``- ``, cells joined by `` | ``.

    Iterative (no recursion), so any nesting depth is safe; stops after about ``max_chars``.
    """
    parts: list[str] = []
    size = 0
    skipping = 0
    preformatted = 0

    def emit(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)

    def inline(text: str) -> str:
        return text if preformatted else _WHITESPACE.sub(" ", text)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        if size > max_chars:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        boiler = False
        if skip_boilerplate:
            marks = (el.get("class") or "") + " " + (el.get("id") or "")
            boiler = tag in _BOILER_TAGS or (len(marks) > 1 and bool(_BOILER_ATTR.search(marks)))
        if event == "start":
            if boiler:
                skipping += 1
            if skipping:
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                emit("\n")
            if tag == "pre":
                preformatted += 1
            if tag == "li":
                emit("- ")
            elif tag in _CELL_TAGS:
                emit(" | ")
            if el.text and tag not in ("head", "title"):
                emit(inline(el.text))
        else:
            if boiler:
                skipping -= 1
                if el.tail and not skipping:
                    emit(inline(el.tail))
                continue
            if skipping:
                continue
            if tag == "pre":
                preformatted -= 1
            if tag == "tr":
                emit(" |")
            if tag in _BLOCK_TAGS:
                emit("\n")
            if el.tail and el is not root:
                emit(inline(el.tail))
    return _BLOCK_BREAKS.sub("\n", "".join(parts))


def _contact_blocks(root: etree._Element, extracted: str) -> list[str]:
    """Contact-like elements (by class/id, holding an e-mail or phone) missing from ``extracted``."""
    squashed = re.sub(r"\s+", "", extracted)
    blocks: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if not _CONTACT_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        text = walk_text(el, skip_boilerplate=False).strip()
        if not text or len(text) > 2000 or not re.search(r"@|\d{2}[\s-]?\d{2}[\s-]?\d{2}", text):
            continue
        compact = re.sub(r"\s+", "", text)
        if compact in squashed or any(compact in re.sub(r"\s+", "", b) for b in blocks):
            continue
        blocks = [b for b in blocks if re.sub(r"\s+", "", b) not in compact]
        blocks.append(text)
    return blocks


def _trafilatura(html: bytes) -> str | None:
    try:
        import trafilatura
    except ImportError:  # e.g. lxml_html_clean missing: the simple walker still gives the text
        return None
    try:
        return trafilatura.extract(
            html,
            output_format="txt",
            include_tables=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            include_formatting=False,
            favor_recall=True,
            deduplicate=False,
            with_metadata=False,
        )
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError, etree.LxmlError):
        return None


def html_to_text(data: bytes, *, main_content: bool = True) -> HtmlText:
    """Text of an HTML document given as UTF-8 bytes (decode first: see ``ingest.readers``)."""
    parser = _parser()
    notes: list[str] = []
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        return HtmlText("", notes=[f"HTML could not be parsed: {exc}"])
    if root is None:
        return HtmlText("", notes=["the HTML holds no elements"])
    errors = " ".join(str(e.message) for e in parser.error_log if e.message)
    if "Excessive depth" in errors:
        notes.append("HTML nested deeper than the parser's limit (256); deeper content was cut")
    if "huge" in errors.lower() or "too long" in errors.lower():
        notes.append("a text node over the parser's size limit was cut")
    meta = _meta(root)
    title = _title(root, meta)
    published, modified = dates_from_meta(meta)
    lang = root.get("lang") or None
    _prepare(root)
    count, depth = _shape(root, MAX_TRAFILATURA_ELEMENTS)
    text: str | None = None
    if main_content and len(data) <= MAX_TRAFILATURA_BYTES and count <= MAX_TRAFILATURA_ELEMENTS:
        if depth <= MAX_TRAFILATURA_DEPTH:
            text = _trafilatura(etree.tostring(root, encoding="utf-8", method="html"))
            if text and text.strip():
                extra = _contact_blocks(root, text)
                if extra:
                    text = text + "\n\n" + "\n\n".join(extra)
    else:
        many = f"more than {MAX_TRAFILATURA_ELEMENTS}" if count > MAX_TRAFILATURA_ELEMENTS else str(count)
        notes.append(f"large page ({len(data)} bytes, {many} elements): simple text extraction")
    if not text or not text.strip():
        body = next(iter(root.iter("body")), root)
        text = walk_text(body, skip_boilerplate=main_content)
        if not text.strip() and main_content:
            text = walk_text(body, skip_boilerplate=False)
    return HtmlText(text, title, published, modified, lang, notes)
