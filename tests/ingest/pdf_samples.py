"""Tiny hand-written PDFs for reader tests (no PDF library needed).

``make_pdf`` writes a valid PDF 1.4 file with one page whose content stream is given, computing
the cross-reference offsets, so tests can build a text PDF, an image-only PDF (no text layer) and a
decompression bomb.
"""

from __future__ import annotations

import zlib
from pathlib import Path


def make_pdf(path: Path, content: bytes, *, compress: bool = False, raw_stream: bytes | None = None) -> Path:
    """A one-page PDF whose page content is ``content`` (or the already encoded ``raw_stream``)."""
    stream = raw_stream if raw_stream is not None else (zlib.compress(content) if compress else content)
    flate = b" /Filter /FlateDecode" if compress or raw_stream is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + flate + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Fictional test document) /CreationDate (D:20240102030405Z) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF with a real text layer (Helvetica, one line per entry; ASCII only)."""
    ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return make_pdf(path, b"\n".join(ops))


def image_only_pdf(path: Path) -> Path:
    """A PDF whose page only draws shapes (what a scan looks like to a text extractor)."""
    return make_pdf(path, b"0.5 g 72 72 468 648 re f 0 g 100 100 m 500 700 l S")


def bomb_pdf(path: Path, size: int) -> Path:
    """A PDF whose content stream inflates to ``size`` bytes of zeros (a few MB on disk per GB)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(16 * 1024 * 1024)
    parts = []
    remaining = size
    while remaining > 0:
        piece = chunk if remaining >= len(chunk) else bytes(remaining)
        parts.append(compressor.compress(piece))
        remaining -= len(piece)
    parts.append(compressor.flush())
    return make_pdf(path, b"", raw_stream=b"".join(parts))
