"""Read one document file (.txt .md .html .htm .pdf) into clean Unicode text.

:func:`read_document` never raises for a bad file: it returns a :class:`ReadResult` whose
``status`` says what happened ("ok", "refused", "no_text", "too_large") and whose ``reason`` names
the problem. Files over ``max_bytes`` are refused from their size alone; the content must match the
extension (a binary file named ``.html`` is refused); the encoding comes from a BOM, the declared
charset, strict UTF-8 or charset-normalizer, in that order. The text is NFC, free of control
characters and of boilerplate lines (see :mod:`ingest.clean`).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from ingest.clean import clean_text, guess_title
from ingest.doc_dates import dates_from_text, parse_date

Status = Literal["ok", "refused", "no_text", "too_large"]

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}
#: Longest text kept from one document; longer text is cut (and a note says so).
MAX_TEXT_CHARS = 2_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF-", "looks like a PDF"),
    (b"PK\x03\x04", "looks like a ZIP archive (docx, xlsx, odt ...)"),
    (b"\x89PNG", "looks like a PNG image"),
    (b"GIF8", "looks like a GIF image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"\x1f\x8b", "looks like gzip data"),
    (b"\xd0\xcf\x11\xe0", "looks like an old Office document"),
    (b"7z\xbc\xaf", "looks like a 7-Zip archive"),
    (b"Rar!", "looks like a RAR archive"),
    (b"\x7fELF", "looks like a program"),
    (b"MZ", "looks like a program"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)
_SCRIPT_BLOCK = re.compile(r"(?is)<(script|style)\b[^>]*>.*?(</\1\s*>|\Z)")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_HTML_ANY = re.compile(rb"<(html|body|div|p|table|head|title|meta|span|a)[\s>/]", re.IGNORECASE)
#: Declared charsets browsers read as windows-1252 (the WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}
#: Letters of the project's languages (en lt lv pl et fi sv da de; Cyrillic is checked by range).
_EXPECTED_LETTERS = frozenset("ąčęėįšųūžĄČĘĖĮŠŲŪŽāēīūģķļņĀĒĪŪĢĶĻŅłńśźżóćŁŃŚŹŻÓĆõäöüÕÄÖÜåæøÅÆØßéÉ–—„“”«»’€")


@dataclass
class ReadResult:
    """What reading one file gave: clean text and metadata, or a status and reason."""

    path: str
    status: Status
    reason: str | None = None
    text: str = ""
    title: str | None = None
    media_type: str | None = None
    encoding: str | None = None
    source_url: str | None = None
    published: date | None = None
    modified: date | None = None
    declared_language: str | None = None  # e.g. <html lang="lt">, when the page states one
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped by ingest.clean
    notes: list[str] = field(default_factory=list)  # warnings that did not stop reading

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def sniff_binary(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) is not text, or None when it looks like text."""
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return None
    for magic, description in _MAGIC:
        if head.startswith(magic):
            return description
    if not head:
        return None
    if head.count(b"\x00") > max(1, len(head) // 100):
        return "looks binary"
    control = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return "looks binary" if control / len(head) > 0.05 else None


def _codec(name: bytes | str | None) -> str | None:
    if not name:
        return None
    label = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """Charset declared by an XML declaration or an HTML ``<meta>`` in the first 4 KB."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(match.group(1)) if match else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name): BOM, then the declared charset, strict UTF-8, else charset-normalizer."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    if declared and declared not in ("utf-16", "utf-32"):
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:1_000_000]))
    if multibyte and loose.count("\ufffd") <= max(2, len(loose) // 200):
        return loose, "utf-8 (invalid bytes replaced)"
    guessed = _guess_legacy_encoding(data[:1_000_000])
    if guessed:
        return data.decode(guessed, errors="replace"), guessed
    return loose, "utf-8 (invalid bytes replaced)"


def _letter_score(text: str) -> int:
    """How much a decoding looks like the project's languages: their letters count, others cost."""
    score = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        score += 1 if ch in _EXPECTED_LETTERS or "\u0400" <= ch <= "\u04ff" else -1
    return score


def _guess_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's least chaotic candidates, re-ranked by the letters they produce.

    Single-byte code pages often decode without any "chaos"; the one whose letters belong to the
    alphabets of en/lt/lv/pl/et/fi/sv/da/de/ru is preferred (cp1257 over cp1250 for Lithuanian).
    """
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos <= least + 0.01]
    sample = data[:200_000]
    best = max(calm, key=lambda m: _letter_score(sample.decode(m.encoding, errors="replace")))
    return str(best.encoding)


def _sidecar_url(path: Path) -> str | None:
    """``page.html.url``, ``page.html.meta.json`` or ``page.meta.json`` next to the file."""
    from ingest.sources import sidecar_url

    url = sidecar_url(path)
    if url:
        return url
    meta_file = path.with_name(path.stem + ".meta.json")
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError, OSError):
            return None
        found = meta.get("url") if isinstance(meta, dict) else None
        if isinstance(found, str) and found.startswith(("http://", "https://")):
            return found
    return None


def _strip_scripts(text: str, notes: list[str]) -> str:
    stripped = _SCRIPT_BLOCK.sub(" ", text)
    if stripped != text:
        notes.append("<script>/<style> blocks in the text were removed")
    return stripped


def _markdown_html(text: str) -> bytes:
    from markdown_it import MarkdownIt

    # soft line breaks stay line breaks: contact blocks are written one item per line
    html = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table").render(text)
    return f"<html><body>{html}</body></html>".encode()


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines()[:60]:
        match = re.match(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", line)
        if match:
            return match.group(1)
    return None


def _refused(result: ReadResult, reason: str, status: Status = "refused") -> ReadResult:
    result.status = status
    result.reason = reason
    return result


def read_document(
    path: Path, *, max_bytes: int, source_url: str | None = None, boilerplate: bool = True
) -> ReadResult:
    """Read one document; never raises for bad content (see the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    result = ReadResult(str(path), "ok", media_type=MEDIA_TYPES.get(suffix))
    result.source_url = source_url or _sidecar_url(path)
    if suffix not in MEDIA_TYPES:
        return _refused(
            result, f"unsupported file type {suffix or '(none)'}: expected .txt .md .html .htm .pdf"
        )
    try:
        if not path.is_file():
            return _refused(result, "not a file")
        size = path.stat().st_size
        if size > max_bytes:
            return _refused(result, f"{size} bytes is over the limit of {max_bytes} bytes", "too_large")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return _refused(result, f"cannot read the file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return _refused(result, f"more than {max_bytes} bytes", "too_large")
    if not data.strip():
        return _refused(result, "the file is empty", "no_text")
    if suffix == ".pdf":
        return _read_pdf(path, data, result, boilerplate)
    kind = "an HTML document" if suffix in (".html", ".htm") else "a text document"
    problem = sniff_binary(data[:8192])
    if problem:
        return _refused(result, f"not {kind}: {problem}")
    declared = declared_charset(data) if suffix in (".html", ".htm") else None
    text, result.encoding = decode_bytes(data, declared)
    notes = result.notes
    raw_title: str | None = None
    if suffix in (".html", ".htm") or (suffix == ".txt" and _HTML_START.match(data[:2048])):
        if suffix == ".txt":
            notes.append("the .txt file holds HTML; read as HTML")
        elif not _HTML_ANY.search(data[:65536]):
            notes.append("no HTML markup found; read as HTML anyway")
        from ingest.html_text import html_to_text

        html = html_to_text(text.encode("utf-8", errors="replace"))
        notes.extend(html.notes)
        body, raw_title = html.text, html.title
        result.published, result.modified = html.published, html.modified
        result.declared_language = html.lang
    elif suffix == ".md":
        raw_title = _markdown_title(text)
        from ingest.html_text import html_to_text

        body = html_to_text(_markdown_html(text), main_content=False).text
    else:
        body = _strip_scripts(text, notes)
    return _finish(result, body, raw_title, boilerplate)


def _read_pdf(path: Path, data: bytes, result: ReadResult, boilerplate: bool) -> ReadResult:
    if b"%PDF-" not in data[:1024]:
        problem = sniff_binary(data[:8192])
        described = problem or ("looks like HTML" if _HTML_ANY.search(data[:4096]) else "looks like text")
        return _refused(result, f"not a PDF document: {described}")
    from ingest.pdf_text import pdf_to_text

    pdf = pdf_to_text(path)
    result.notes.extend(pdf.notes)
    if not pdf.ok:
        return _refused(result, pdf.reason or "the PDF could not be read")
    result.encoding = "pdf"
    for raw, attr in ((pdf.created, "published"), (pdf.modified, "modified")):
        digits = re.sub(r"\D", "", raw or "")
        if len(digits) >= 8:
            setattr(result, attr, parse_date(f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"))
    finished = _finish(result, pdf.text, pdf.title, boilerplate)
    if finished.status == "no_text":
        finished.reason = f"the PDF has no text layer ({pdf.pages} page(s); scanned images need OCR)"
    return finished


def _finish(result: ReadResult, body: str, raw_title: str | None, boilerplate: bool) -> ReadResult:
    if len(body) > MAX_TEXT_CHARS:
        body = body[:MAX_TEXT_CHARS]
        result.notes.append(f"text cut at {MAX_TEXT_CHARS} characters")
    cleaned = clean_text(body, boilerplate=boilerplate)
    result.text, result.removed = cleaned.text, cleaned.removed
    if not result.text.strip():
        return _refused(result, "no text found in the document", "no_text")
    title = clean_text(raw_title, boilerplate=False).text if raw_title else None
    result.title = title.replace("\n", " ") if title else guess_title(result.text)
    published, modified = dates_from_text(result.text)
    result.published = result.published or published
    result.modified = result.modified or modified
    return result
