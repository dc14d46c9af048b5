"""Size bound of one record of an export.

Each record becomes a document, so it is held to the same limit as a page (``max_document_bytes``):
a record whose values together, or one value alone, are larger is refused with a message that names
the file, the record (line or number), the column when one value is at fault, and the sizes. The
rest of the file still goes in.
"""

from __future__ import annotations

from typing import Any

#: The default of ``max_document_bytes`` (kg.settings), used when the caller names no limit.
DEFAULT_MAX_RECORD_BYTES = 20_000_000


def value_bytes(value: Any) -> int:
    """The UTF-8 size of ``value``; lists and objects (however deeply nested) count all they hold."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) if item.isascii() else len(item.encode("utf-8", "surrogatepass"))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif item is not None:
            total += len(str(item))
    return total


def oversize(data: dict[str, Any], limit: int) -> tuple[str | None, str] | None:
    """None when the record fits in ``limit`` bytes; else (the column at fault, or None when the
    record is too large only as a whole, and the problem to report)."""
    sizes = {str(column): value_bytes(value) for column, value in data.items()}
    total = sum(sizes.values()) + sum(len(column) for column in sizes)
    if total <= limit:
        return None
    column, largest = max(sizes.items(), key=lambda item: item[1], default=(None, 0))
    if column is not None and largest > limit:
        return column, (
            f"the value is {largest:,} bytes, more than the {limit:,} a record may hold "
            "(max_document_bytes): record refused"
        )
    return None, (
        f"the record is {total:,} bytes, more than the {limit:,} a record may hold (max_document_bytes): "
        "record refused"
    )
