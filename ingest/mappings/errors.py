"""Errors of record import: a bad mapping, an unreadable file, one bad record.

``MappingError`` and ``FileError`` are raised (nothing of that file can be imported);
``RecordError`` is *yielded* by :func:`ingest.mappings.read_records` in place of the one record it
concerns, so the rest of the file continues. Every message names the input and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass


class RecordImportError(ValueError):
    """Base of the errors that stop a whole file (mapping or file problems)."""


class MappingError(RecordImportError):
    """A mapping file is invalid, cannot be found, or does not fit the file it is applied to."""

    def __init__(self, mapping: str, key: str | None, problem: str, file: str | None = None) -> None:
        self.mapping = mapping
        self.key = key
        self.problem = problem
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"mapping {self.mapping}"
        if self.key:
            where += f", key '{self.key}'"
        if self.file:
            where += f" (file {self.file})"
        return f"{where}: {self.problem}"


class FileError(RecordImportError):
    """A file cannot be read as the export its mapping (or its extension) says it is."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


@dataclass(frozen=True)
class RecordError:
    """One record that could not become a document (the others continue).

    ``line`` is the line the record starts on (CSV, JSONL); ``record`` its 1-based position among
    the file's records; ``column`` the CSV column or JSON key at fault, when one is.
    """

    file: str
    problem: str
    line: int | None = None
    record: int | None = None
    column: str | None = None
    column_word: str = "column"  # "column" for CSV, "key" for JSON

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        elif self.record is not None:
            where += f" record {self.record}"
        if self.column is not None:
            where += f", {self.column_word} '{self.column}'"
        return f"{where}: {self.problem}"
