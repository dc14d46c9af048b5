"""Declarative record import: a TOML mapping turns each record of an export into one document.

Public API (used by ``ingest.pipeline``)::

    load_mapping(name_or_path) -> Mapping          # built-in name ("ce_good_practices") or a .toml file
    detect_mapping(path) -> Mapping | None         # by the file's header / keys; ambiguity is an error
    read_records(path, mapping, max_record_bytes=...) -> Iterator[ExtractedDocument | RecordError]

``MappingError`` and ``FileError`` (both ``RecordImportError``) stop a whole file; a
``RecordError`` stands in for one record and the rest of the file continues. The format of mapping
files is described in ``ingest/mappings/README.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.mappings.build import Built, MissingValue, RecordBuilder
from ingest.mappings.derived import DerivedColumns
from ingest.mappings.errors import FileError, MappingError, RecordError, RecordImportError
from ingest.mappings.limits import DEFAULT_MAX_RECORD_BYTES, oversize
from ingest.mappings.model import Mapping
from ingest.mappings.source import OpenedFile, RawRecord, file_format, open_file
from ingest.mappings.spec import read_mapping_file
from ingest.mappings.values import to_date
from ingest.records import ExtractedDocument
from ingest.resolve import resolve

__all__ = [
    "MAPPINGS_DIR",
    "FileError",
    "Mapping",
    "MappingError",
    "RecordError",
    "RecordImportError",
    "RecordResult",
    "available_mappings",
    "detect_mapping",
    "load_mapping",
    "read_records",
]

MAPPINGS_DIR = Path(__file__).resolve().parent
RecordResult = ExtractedDocument | RecordError


def available_mappings() -> list[str]:
    """Names of the mappings shipped with civicgraph."""
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int, size: int) -> Mapping:
    return read_mapping_file(path)


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A built-in mapping by name, or a mapping file by path (validated; cached while unchanged)."""
    text = str(name_or_path)
    path = Path(name_or_path)
    if path.suffix == ".toml" and not path.exists() and (MAPPINGS_DIR / path.name).is_file():
        path = MAPPINGS_DIR / path.name  # a built-in mapping named by its file name
    if not (path.suffix == ".toml" or path.exists()):
        path = MAPPINGS_DIR / f"{text}.toml"
        if not path.is_file():
            known = ", ".join(available_mappings()) or "none"
            raise MappingError(text, None, f"no such mapping (built-in mappings: {known})")
    if not path.is_file():
        raise MappingError(path.name, None, f"mapping file {path} does not exist")
    stat = path.stat()
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


def _open(path: Path, mapping: Mapping, expected: Iterable[str]) -> OpenedFile:
    return open_file(
        path,
        mapping.format,
        encoding=mapping.encoding or None,
        delimiter=mapping.delimiter,
        records_key=mapping.records_key,
        expected=list(expected),
    )


def detect_mapping(path: str | Path, candidates: Iterable[Mapping] | None = None) -> Mapping | None:
    """The one mapping whose ``header`` columns the file has; None when none fits.

    Only mappings of the file's format (by extension) are tried. Several fitting mappings is a
    MappingError listing them; an unreadable file is a FileError.
    """
    path = Path(path)
    fmt = file_format(path)
    if fmt is None:
        return None
    pool = list(candidates) if candidates is not None else [load_mapping(n) for n in available_mappings()]
    matches: list[Mapping] = []
    failure: FileError | None = None
    for mapping in (m for m in pool if m.format == fmt):
        try:
            columns = set(_open(path, mapping, mapping.header).columns)
        except FileError as exc:
            failure = failure or exc
            continue
        if columns.issuperset(mapping.header):
            matches.append(mapping)
    if len(matches) > 1:
        names = ", ".join(m.name for m in matches)
        raise MappingError(
            names, "header", f"{path.name} fits several mappings ({names}); name one explicitly"
        )
    if not matches and failure is not None:
        raise failure
    return matches[0] if matches else None


def read_records(
    path: str | Path, mapping: Mapping, *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
) -> Iterator[RecordResult]:
    """Every record of ``path`` as a document, or a RecordError in its place.

    A record larger than ``max_record_bytes`` (its values together, or one alone) is a RecordError.

    The file is opened and checked against the mapping at once (FileError, MappingError); the
    records are then produced one by one. Record identity: the mapping's id column, else its link
    column, else the record number; a repeated key gets its occurrence appended (``#2``).
    """
    path = Path(path)
    fmt = file_format(path)
    if fmt is not None and fmt != mapping.format:
        raise FileError(
            path.name, f"a .{path.suffix[1:]} file, but mapping {mapping.name} reads {mapping.format}"
        )
    opened = _open(path, mapping, (c for _, c in mapping.columns()))
    present = set(opened.columns)
    for spec in mapping.derived:
        if spec.name in present:
            raise MappingError(
                mapping.name, f"derived.{spec.name}", "the file has a column of that name", path.name
            )
    present |= {spec.name for spec in mapping.derived}
    for key, column in mapping.columns():
        if column not in present:
            shown = ", ".join(repr(c) for c in opened.columns[:30])
            raise MappingError(
                mapping.name, key, f"column {column!r} does not exist (the file has: {shown})", path.name
            )
    return _documents(opened, mapping, max_record_bytes)


def _documents(opened: OpenedFile, mapping: Mapping, max_record_bytes: int) -> Iterator[RecordResult]:
    builder = RecordBuilder(mapping)
    derived = DerivedColumns(mapping.derived, opened.name)
    word = "column" if opened.format == "csv" else "key"
    seen: Counter[str] = Counter()
    count = 0
    for raw in opened.records:
        count += 1
        if raw.data is None:
            yield RecordError(opened.name, raw.problem or "unreadable", raw.line, raw.number, None, word)
            continue
        if too_large := oversize(raw.data, max_record_bytes):
            yield RecordError(opened.name, too_large[1], raw.line, raw.number, too_large[0], word)
            continue
        data = derived.add(raw.data)
        try:
            built = builder.build(data)
        except MissingValue as exc:
            yield RecordError(opened.name, exc.problem, raw.line, raw.number, exc.column, word)
            continue
        key = _record_key(builder, mapping, data, raw.number)
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        yield _document(opened, mapping, raw, built, key, word)
    if count == 0:
        raise FileError(opened.name, "holds no records")


def _record_key(builder: RecordBuilder, mapping: Mapping, data: dict[str, Any], number: int) -> str:
    for column in (mapping.id_column, mapping.link_column):
        if column and (value := builder.value(data, column)):
            return value
    return f"record-{number}"


def canonical_hash(data: dict[str, Any]) -> str:
    """sha256 of the record's canonical JSON (sorted keys, UTF-8, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document(
    opened: OpenedFile, mapping: Mapping, raw: RawRecord, built: Built, key: str, word: str
) -> ExtractedDocument:
    where = RecordError(opened.name, "", raw.line, raw.number, None, word)
    warnings = [str(RecordError(where.file, p, where.line, where.record, c, word)) for c, p in built.warnings]
    entity = built.entity
    doc = ExtractedDocument(
        source=f"{opened.name}#{key}",
        source_url=built.link,
        file_name=opened.name,
        title=built.title,
        language=built.language,
        kind="record",
        kind_confidence=1.0,
        modified=to_date(built.modified),
        text=built.text or built.title,
        content_hash=canonical_hash(raw.data or {}),
        mapping=mapping.name,
        organizations=built.organizations,
        people=built.people,
        emails=list(dict.fromkeys(built.emails)),
        phones=built.phones,
        practices=[entity] if mapping.entity == "practice" else [],  # type: ignore[list-item]
        projects=[entity] if mapping.entity == "project" else [],  # type: ignore[list-item]
        extra={
            "record_key": key,
            "record_number": raw.number,
            "line": raw.line,
            "encoding": opened.encoding,
            "mapping_digest": mapping.digest,
            "warnings": warnings,
        },
    )
    resolve(doc)  # organisation keys, as for pages: "Vilniaus m. sav." here meets it in a page
    return doc
