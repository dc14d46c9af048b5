"""PDF → text layer with pdfminer.six, in a child process with memory, time, page and size limits.

pdfminer decompresses streams in full and walks whatever the file describes, so a decompression
bomb or a page with millions of glyphs could exhaust memory or time. The work therefore runs in a
separate Python process (this file run as a script) whose address space and CPU time are capped;
the parent waits a bounded time, kills it when needed and reports a clear reason. The child imports
only pdfminer and the standard library.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAX_PAGES = 500
MAX_CHARS = 5_000_000
TIMEOUT_SECONDS = 120.0
MEMORY_BYTES = 1_500_000_000


@dataclass
class PdfText:
    ok: bool
    text: str = ""
    title: str | None = None
    created: str | None = None  # raw PDF date strings (D:YYYYMMDD...)
    modified: str | None = None
    pages: int = 0
    reason: str | None = None
    notes: list[str] = field(default_factory=list)


def pdf_to_text(
    path: Path,
    *,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
    timeout: float = TIMEOUT_SECONDS,
    memory_bytes: int = MEMORY_BYTES,
) -> PdfText:
    """Text layer of a PDF file, read by a limited child process."""
    args = [sys.executable, "-P", "-S", str(Path(__file__).resolve()), str(path)]
    args += [str(max_pages), str(max_chars), str(int(memory_bytes)), str(int(timeout) + 1)]
    env_paths = [p for p in sys.path if p]
    try:
        proc = subprocess.run(  # the child is this module: no shell, fixed argument list
            args,
            capture_output=True,
            timeout=timeout,
            env={"PYTHONPATH": ":".join(env_paths), "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PdfText(False, reason=f"reading the PDF took longer than {timeout:g} s")
    try:
        payload = json.loads(proc.stdout.decode("utf-8") or "{}")
    except ValueError:
        payload = {}
    if not payload:
        if proc.returncode < 0 or "MemoryError" in proc.stderr.decode("utf-8", "replace"):
            return PdfText(
                False, reason="the PDF needs more memory or time than allowed (decompression bomb?)"
            )
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return PdfText(False, reason=f"the PDF reader failed: {tail[0][:200]}")
    return PdfText(
        bool(payload.get("ok")),
        text=payload.get("text", ""),
        title=payload.get("title"),
        created=payload.get("created"),
        modified=payload.get("modified"),
        pages=int(payload.get("pages", 0)),
        reason=payload.get("reason"),
        notes=list(payload.get("notes", [])),
    )


class _Full(Exception):
    """The text budget is spent."""


class _Budget:
    """A write-only text sink that stops the conversion when it holds ``limit`` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # pdfminer encodes when it does not see a text stream
            text = text.decode("utf-8", "replace")
        self.parts.append(text)
        self.size += len(text)
        if self.size > self.limit:
            raise _Full
        return len(text)


def _info_text(value: object) -> str | None:
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", "replace")
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def _child(path: str, max_pages: int, max_chars: int, memory: int, cpu_seconds: int) -> dict[str, object]:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    except (ValueError, OSError):  # pragma: no cover - platforms without these limits
        pass
    import logging

    logging.disable(logging.WARNING)
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    result: dict[str, object] = {"ok": True, "notes": []}
    notes: list[str] = []
    sink = _Budget(max_chars)
    try:
        with open(path, "rb") as handle:
            parser = PDFParser(handle)
            document = PDFDocument(parser)
            for info in document.info[:1]:
                result["title"] = _info_text(info.get("Title"))
                result["created"] = _info_text(info.get("CreationDate"))
                result["modified"] = _info_text(info.get("ModDate"))
            manager = PDFResourceManager(caching=True)
            device = TextConverter(manager, sink, laparams=LAParams())  # type: ignore[arg-type]
            interpreter = PDFPageInterpreter(manager, device)
            pages = 0
            try:
                for page in PDFPage.create_pages(document):
                    if pages >= max_pages:
                        notes.append(f"only the first {max_pages} pages were read")
                        break
                    interpreter.process_page(page)
                    pages += 1
            except _Full:
                notes.append(f"text cut at {max_chars} characters")
            result["pages"] = pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        return {"ok": False, "reason": f"the PDF is encrypted: {type(exc).__name__}"}
    except (PDFSyntaxError, PSException) as exc:
        return {"ok": False, "reason": f"not a readable PDF: {exc}"[:300]}
    except MemoryError:
        return {"ok": False, "reason": "the PDF needs more memory than allowed (decompression bomb?)"}
    except RecursionError:
        return {"ok": False, "reason": "the PDF's structure is nested too deeply"}
    except Exception as exc:  # any pdfminer failure on hostile input becomes a reason
        return {"ok": False, "reason": f"the PDF could not be read: {type(exc).__name__}: {exc}"[:300]}
    result["text"] = "".join(sink.parts)[:max_chars]
    result["notes"] = notes
    return result


def _main(argv: list[str]) -> int:
    path, max_pages, max_chars, memory, cpu = argv[0], int(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
    try:
        payload = _child(path, max_pages, max_chars, memory, cpu)
    except MemoryError:
        payload = {"ok": False, "reason": "the PDF needs more memory than allowed (decompression bomb?)"}
    sys.stdout.write(json.dumps(payload, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
