"""Reading an export file: bytes → text (encoding detection) → raw records (CSV, JSON Lines, JSON).

Checks that the file is what its format says before any record is read: an empty file, a binary
file, an HTML page or a JSON document named ``.csv`` is a :class:`FileError`. A text that is not
UTF-8 is decoded only when charset-normalizer's plausible candidates all give the same text;
otherwise it is refused (never mojibake) and the message says how to name the encoding.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer

from ingest.mappings.errors import FileError

SUFFIX_FORMATS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (e.g. an Excel .xlsx file)",
    b"\xd0\xcf\x11\xe0": "an OLE document (e.g. an old Excel .xls file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}
_MARKUP = re.compile(r"^\s*<(!doctype\s+html|html|head|body|\?xml|!--|[a-z][\w:-]*[\s>])", re.IGNORECASE)
#: Chaos (charset-normalizer's mess ratio) a non-UTF-8 candidate may have beyond the best one.
_CHAOS_MARGIN = 0.05

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RawRecord:
    """One record as read: its data, or why it could not be read."""

    number: int  # 1-based position among the file's records
    line: int | None  # first line of the record (CSV, JSONL)
    data: dict[str, Any] | None = None
    problem: str | None = None


@dataclass
class OpenedFile:
    name: str
    format: str
    encoding: str
    columns: list[str]  # CSV header, or the keys seen in the JSON records
    records: Iterator[RawRecord]


def file_format(path: Path) -> str | None:
    return SUFFIX_FORMATS.get(path.suffix.lower())


def decode(path: Path, encoding: str | Sequence[str] | None = None) -> tuple[str, str]:
    """The file's text and the encoding used; FileError for empty, binary or undecidable files.

    ``encoding`` (one or several, tried in order) replaces detection: list ``utf-8-sig`` before a
    code page to read UTF-8 exports (with or without a byte-order mark) and older ones alike.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(name, f"cannot read the file: {exc.strerror}") from None
    if not data.strip():
        raise FileError(name, "the file is empty")
    if encoding:
        return _declared(name, data, (encoding,) if isinstance(encoding, str) else tuple(encoding))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise FileError(
                    name, f"starts with a {codec} byte-order mark but is not {codec}: {exc}"
                ) from None
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise FileError(name, f"this is {what}, not a text export")
    _no_nul(name, data[:65536].decode("latin-1"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_problem = f"not UTF-8 (invalid byte at offset {exc.start})"
    return _guess(name, data, utf8_problem)


def _declared(name: str, data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    """The text in the first of the mapping's encodings that decodes the bytes (tried in order)."""
    problems = []
    for codec in encodings:
        try:
            return _no_nul(name, data.decode(codec)), codec
        except UnicodeDecodeError as exc:
            problems.append(f"not valid {codec} at byte {exc.start}")
    said = ", then ".join(encodings)
    raise FileError(name, f"{'; '.join(problems)} (the mapping says {said})")


def _no_nul(name: str, text: str) -> str:
    if "\x00" in text[:65536]:
        raise FileError(
            name,
            "contains NUL characters: a binary file, or UTF-16/32 text without a byte-order mark "
            "(name its encoding in the mapping)",
        )
    return text


def _guess(name: str, data: bytes, utf8_problem: str) -> tuple[str, str]:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise FileError(name, f"{utf8_problem}, and no text encoding fits it: binary or corrupt?")
    best = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= best + _CHAOS_MARGIN]
    texts = {str(m) for m in plausible}
    if len(texts) == 1:
        return texts.pop(), plausible[0].encoding
    candidates = ", ".join(dict.fromkeys(m.encoding for m in plausible[:6]))
    raise FileError(
        name,
        f"{utf8_problem}, and its encoding cannot be told for sure (candidates that read it "
        f"differently: {candidates}); convert the file to UTF-8 or set `encoding` in the mapping",
    )


def _check_text(name: str, text: str, fmt: str) -> None:
    head = text[:2048]
    if _MARKUP.match(head):
        raise FileError(name, f"this looks like an HTML/XML page, not {fmt.upper()}")
    stripped = head.lstrip()
    if fmt == "csv" and stripped[:1] in "{[":
        raise FileError(name, "this looks like JSON, not CSV")
    if fmt == "json" and stripped[:1] not in "{[":
        raise FileError(name, "this is not a JSON document (it does not start with { or [)")


def open_file(
    path: Path,
    fmt: str,
    *,
    encoding: str | Sequence[str] | None = None,
    delimiter: str | None = None,
    records_key: str | None = None,
    expected: Sequence[str] = (),
) -> OpenedFile:
    """Open ``path`` as ``fmt``; ``expected`` columns help choose the CSV delimiter."""
    text, used = decode(path, encoding)
    _check_text(path.name, text, fmt)
    if fmt == "csv":
        columns, records = _csv(path.name, text, delimiter, expected)
    elif fmt == "jsonl":
        columns, records = _jsonl(path.name, text)
    else:
        columns, records = _json(path.name, text, records_key)
    return OpenedFile(path.name, fmt, used, columns, records)


# -- CSV -------------------------------------------------------------------------------------------


def _header(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text[:1_000_000], newline=""), delimiter=delimiter)
    return [c.strip() for c in next(reader, [])]


def choose_delimiter(text: str, expected: Sequence[str] = ()) -> str:
    """The delimiter (, ; tab |) whose header holds most expected columns, then most columns."""
    wanted = set(expected)

    def score(d: str) -> tuple[int, int]:
        header = _header(text, d)
        return (len(wanted.intersection(header)), len(header))

    return max((",", ";", "\t", "|"), key=score)


def _csv(name: str, text: str, delimiter: str | None, expected: Sequence[str]) -> tuple[list[str], Iterator]:
    delim = delimiter or choose_delimiter(text, expected)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)
    header = [c.strip() for c in next(reader, [])]
    named = [c for c in header if c]
    if len(named) < 2:
        raise FileError(name, "no CSV header found (fewer than two named columns)")
    dupes = sorted({c for c in named if named.count(c) > 1})
    if dupes:
        raise FileError(name, f"the header repeats column(s) {', '.join(map(repr, dupes))}")
    return named, _csv_rows(reader, header)


def _csv_rows(reader: Any, header: list[str]) -> Iterator[RawRecord]:
    number, last_line = 0, reader.line_num
    for row in reader:
        start, last_line = last_line + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        number += 1
        if len(row) != len(header):
            yield RawRecord(number, start, problem=f"has {len(row)} fields, the header has {len(header)}")
            continue
        yield RawRecord(number, start, data={k: v for k, v in zip(header, row, strict=True) if k})


# -- JSON Lines and JSON ---------------------------------------------------------------------------

_PROBE = 200  # records read ahead to learn the keys of JSON Lines files


def _jsonl(name: str, text: str) -> tuple[list[str], Iterator[RawRecord]]:
    parsed = _jsonl_records(text)
    ahead: list[RawRecord] = []
    for rec in parsed:
        ahead.append(rec)
        if len(ahead) >= _PROBE:
            break
    good = [r for r in ahead if r.data is not None]
    if not good and len(ahead) >= min(5, sum(1 for line in text.splitlines() if line.strip())):
        hint = " (it looks like one JSON document: name it .json)" if text.lstrip()[:1] in "[{" else ""
        raise FileError(name, f"this is not JSON Lines: no line holds a JSON object{hint}")
    columns = list(dict.fromkeys(k for r in good for k in r.data or {}))

    def chained() -> Iterator[RawRecord]:
        yield from ahead
        yield from parsed

    return columns, chained()


def _jsonl_records(text: str) -> Iterator[RawRecord]:
    number = 0
    for line_no, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawRecord(number, line_no, problem=f"malformed JSON ({exc.msg}, column {exc.colno})")
            continue
        if isinstance(value, dict):
            yield RawRecord(number, line_no, data=value)
        else:
            yield RawRecord(number, line_no, problem=f"a JSON {type(value).__name__}, not an object")


def _json(name: str, text: str, records_key: str | None) -> tuple[list[str], Iterator[RawRecord]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(name, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if records_key is not None:
        if not isinstance(value, dict) or records_key not in value:
            raise FileError(name, f"has no top-level key {records_key!r} holding the records")
        value = value[records_key]
    if not isinstance(value, list):
        raise FileError(name, "the records must be a JSON array (or name the key that holds it)")
    if not value:
        raise FileError(name, "holds no records")
    columns = list(dict.fromkeys(k for item in value if isinstance(item, dict) for k in item))
    return columns, _json_records(value)


def _json_records(items: list[Any]) -> Iterator[RawRecord]:
    for i, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield RawRecord(i, None, data=item)
        else:
            yield RawRecord(i, None, problem=f"a JSON {type(item).__name__}, not an object")
