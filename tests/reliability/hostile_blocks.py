"""Building blocks of the hostile inputs: minimal PDFs, compression bombs made without compressing
their whole payload, and a loopback trap that counts connection attempts."""

from __future__ import annotations

import gzip
import socket
import struct
import zipfile
import zlib
from io import BytesIO


def make_pdf(
    content: bytes,
    *,
    filters: str = "",
    extra_objects: tuple[bytes, ...] = (),
    catalog: bytes = b"",
    count: int = 1,
) -> bytes:
    """A minimal one-page PDF whose page content stream is ``content`` (already encoded for
    ``filters``), with correct cross-reference offsets. ``extra_objects`` are numbered from 6;
    ``catalog`` is added to the catalogue dictionary; ``count`` is the page count it claims."""
    stream_dict = f"<< /Length {len(content)}{' /Filter ' + filters if filters else ''} >>".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        f"<< /Type /Pages /Kids [3 0 R] /Count {count} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream_dict + b"\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return make_pdf(f"BT /F1 11 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1"))


def deflate_zeros(megabytes: int) -> bytes:
    """A zlib stream that inflates to ``megabytes`` MiB of zero bytes, built without compressing
    them all: each MiB compresses to the same bytes after a full flush, so the block is repeated."""
    block = bytes(1 << 20)
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = raw.compress(block) + raw.flush(zlib.Z_FULL_FLUSH)
    again = raw.compress(block) + raw.flush(zlib.Z_FULL_FLUSH)
    assert raw.compress(block) + raw.flush(zlib.Z_FULL_FLUSH) == again
    tail = raw.flush(zlib.Z_FINISH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    return b"\x78\xda" + first + again * (megabytes - 1) + tail + struct.pack(">I", checksum)


def zip_bomb(megabytes: int) -> bytes:
    """A zip archive (the container of docx/odt) holding ``megabytes`` MiB of zeros."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(block)
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


class Trap:
    """A listening socket that counts connection attempts (nothing may fetch a URL from a document)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = int(self.sock.getsockname()[1])

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self) -> None:
        self.sock.close()
