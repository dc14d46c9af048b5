"""ingest.readers: formats, encodings, limits and bad input (all pages here are fictional)."""

from __future__ import annotations

import codecs
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ingest.doc_dates import dates_from_text
from ingest.html_text import decode_cfemail, html_to_text
from ingest.pdf_text import pdf_to_text
from ingest.readers import ReadResult, declared_charset, decode_bytes, read_document, sniff_binary
from tests.ingest.pdf_samples import bomb_pdf, image_only_pdf, text_pdf

MB = 1_000_000


def read(path: Path, max_bytes: int = 5 * MB) -> ReadResult:
    return read_document(path, max_bytes=max_bytes)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


HTML_PAGE = """<!DOCTYPE html>
<html lang="lt"><head><meta charset="utf-8"><title>Ryšių skyrius | Pavyzdžių rajono savivaldybė</title>
<meta property="article:published_time" content="2024-05-06T10:00:00+03:00">
<meta property="og:title" content="Ryšių su visuomene skyrius">
<script>var secret = "never text";</script><style>.x { color: red }</style></head>
<body>
<div id="cookie-banner">Ši svetainė naudoja slapukus. <button>Sutinku</button></div>
<nav class="menu"><ul><li><a href="/">Pradžia</a></li><li><a href="/naujienos">Naujienos</a></li></ul></nav>
<main><h1>Ryšių su visuomene skyrius</h1>
<p>Skyrius rengia pranešimus žiniasklaidai, administruoja savivaldybės interneto svetainę ir organizuoja
renginius gyventojams. Skyriaus darbuotojai konsultuoja kitus padalinius komunikacijos klausimais.</p>
<p>Vedėja Ona Pavyzdienė, tel. (8 5) 212 3456,
<a href="mailto:ona.pavyzdiene@pavyzdziai.lt">rašyti laišką</a>.</p>
<p>Kanceliarija: <a href="/cdn-cgi/l/email-protection" class="__cf_email__"
data-cfemail="CFEMAIL">[email&#160;protected]</a></p>
<script>document.write("injected text")</script>
</main>
<footer>Visos teisės saugomos.</footer>
</body></html>
"""


def _cfemail(address: str, key: int = 0x42) -> str:
    return (bytes([key]) + bytes(b ^ key for b in address.encode())).hex()


def test_html_main_text_without_scripts_menus_or_banners(tmp_path: Path) -> None:
    page = HTML_PAGE.replace("CFEMAIL", _cfemail("kanceliarija@pavyzdziai.lt"))
    result = read(write(tmp_path, "skyrius.html", page))
    assert result.status == "ok", result.reason
    assert result.media_type == "text/html"
    assert "Skyrius rengia pranešimus" in result.text
    for absent in ("never text", "injected text", "color: red", "slapukus", "Pradžia"):
        assert absent not in result.text
    assert "rašyti laišką (ona.pavyzdiene@pavyzdziai.lt)" in result.text
    assert "kanceliarija@pavyzdziai.lt" in result.text
    assert "[email" not in result.text
    assert result.title == "Ryšių su visuomene skyrius"
    assert result.published == date(2024, 5, 6)
    assert result.declared_language == "lt"


def test_cloudflare_decoding_rejects_garbage() -> None:
    assert decode_cfemail(_cfemail("a.b@c.lt", 0x13)) == "a.b@c.lt"
    assert decode_cfemail("zz") is None
    assert decode_cfemail("41" + "00" * 8) is None


def test_declared_charset_is_used(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1257"></head>'
        "<body><p>Šiaulių ąžuolai ir ežerai žaliuoja.</p></body></html>"
    )
    result = read(write(tmp_path, "lt.html", page.encode("cp1257")))
    assert result.status == "ok"
    assert result.encoding == "cp1257"
    assert "Šiaulių ąžuolai ir ežerai" in result.text


def test_xml_declaration_and_http_equiv_charsets() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-13"?><html/>') == "iso8859-13"
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
    assert declared_charset(meta) == "cp1250"
    assert declared_charset(b'<meta charset="latin1">') == "cp1252"
    assert declared_charset(b'<meta charset="no-such-codec">') is None


def test_boms_win_over_declarations() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF16_LE + "Ąžuolas".encode("utf-16-le"), declared="cp1257")
    assert (text, encoding) == ("Ąžuolas", "utf-16-le")
    text, encoding = decode_bytes(codecs.BOM_UTF8 + "Žalias".encode())
    assert (text, encoding) == ("Žalias", "utf-8")


def test_invalid_utf8_is_replaced_not_fatal(tmp_path: Path) -> None:
    data = "Vilniaus ąžuolynas ir Kauno ąžuolai – žali.\n".encode() * 20 + b"\xff\xfe broken \xc3\n"
    result = read(write(tmp_path, "broken.txt", data))
    assert result.status == "ok"
    assert result.encoding == "utf-8 (invalid bytes replaced)"
    assert "ąžuolynas" in result.text


def test_legacy_single_byte_text_is_detected(tmp_path: Path) -> None:
    text = "Dėl išsamesnės informacijos kreipkitės į savivaldybės administraciją. " * 30
    result = read(write(tmp_path, "old.txt", text.encode("cp1257")))
    assert result.status == "ok"
    assert "išsamesnės informacijos" in result.text


def test_text_is_nfc_without_control_characters(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Šilutė ir Žemaitija")
    data = f"Antraštė\n{decomposed}\x00\x07 kartu\u200b\u00ad su\x1b[0m tekstu\r\nKita eilutė\tlentelėje"
    result = read(write(tmp_path, "nfc.txt", data))
    assert result.status == "ok"
    assert "Šilutė ir Žemaitija kartu su[0m tekstu" in result.text
    assert "Kita eilutė\tlentelėje" in result.text
    assert unicodedata.is_normalized("NFC", result.text)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in result.text)


def test_empty_and_blank_files_have_no_text(tmp_path: Path) -> None:
    for name, data in (("empty.txt", b""), ("blank.html", b"  \n\t\n"), ("empty.pdf", b"")):
        result = read(write(tmp_path, name, data))
        assert result.status == "no_text"
        assert result.reason == "the file is empty"


def test_html_without_any_text(tmp_path: Path) -> None:
    result = read(
        write(tmp_path, "nothing.html", "<html><body><script>only()</script><img src=x></body></html>")
    )
    assert result.status == "no_text"
    assert "no text" in (result.reason or "")


def test_binary_named_html_is_refused(tmp_path: Path) -> None:
    result = read(write(tmp_path, "page.html", bytes(range(256)) * 8))
    assert result.status == "refused"
    assert result.reason == "not an HTML document: looks binary"
    png = read(write(tmp_path, "image.htm", b"\x89PNG\r\n\x1a\n" + bytes(100)))
    assert png.reason == "not an HTML document: looks like a PNG image"
    pdf = read(write(tmp_path, "doc.txt", b"%PDF-1.4\n1 0 obj\n"))
    assert pdf.reason == "not a text document: looks like a PDF"


def test_non_pdf_named_pdf_is_refused(tmp_path: Path) -> None:
    result = read(write(tmp_path, "report.pdf", "<html><body><p>Not a PDF</p></body></html>"))
    assert result.status == "refused"
    assert result.reason == "not a PDF document: looks like HTML"


def test_unsupported_type_and_missing_file(tmp_path: Path) -> None:
    assert read(write(tmp_path, "x.docx", b"PK\x03\x04")).reason.startswith("unsupported file type .docx")
    missing = read(tmp_path / "missing.txt")
    assert missing.status == "refused"
    assert missing.reason == "not a file"


def test_too_large_is_decided_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.html", b"<p>" + b"a" * 5000 + b"</p>")

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    result = read(path, max_bytes=1000)
    assert result.status == "too_large"
    assert result.reason == "5007 bytes is over the limit of 1000 bytes"


def test_script_blocks_in_plain_text_are_removed(tmp_path: Path) -> None:
    result = read(write(tmp_path, "notes.txt", "Susitikimas vyks rytoj.\n<script>alert('x')</script>\nIki."))
    assert result.status == "ok"
    assert "alert" not in result.text
    assert "Susitikimas vyks rytoj." in result.text
    assert any("script" in note for note in result.notes)


def test_txt_holding_html_is_read_as_html(tmp_path: Path) -> None:
    result = read(
        write(tmp_path, "saved.txt", "<!DOCTYPE html><html><body><p>Turinys čia.</p></body></html>")
    )
    assert result.text == "Turinys čia."
    assert "the .txt file holds HTML; read as HTML" in result.notes


def test_markdown_to_text(tmp_path: Path) -> None:
    md = (
        "# Projektų skyrius\n\nSkyrius **koordinuoja** [projektus](https://example.org) ir *teikia* "
        "konsultacijas.\n\n- pirmas punktas\n- antras punktas\n\n| Vardas | Telefonas |\n|---|---|\n"
        "| Ona Pavyzdienė | 8 5 212 3456 |\n\n<script>track()</script>\n"
    )
    result = read(write(tmp_path, "page.md", md))
    assert result.status == "ok"
    assert result.title == "Projektų skyrius"
    assert "Skyrius koordinuoja projektus ir teikia konsultacijas." in result.text
    assert "- pirmas punktas" in result.text
    assert "| Ona Pavyzdienė | 8 5 212 3456 |" in result.text
    for markup in ("**", "](", "track()", "|---"):
        assert markup not in result.text


def test_sidecar_urls(tmp_path: Path) -> None:
    page = write(tmp_path, "a.html", "<p>Tekstas apie skyrių ir jo darbą.</p>")
    (tmp_path / "a.html.url").write_text("https://pavyzdziai.lt/skyrius\n")
    assert read(page).source_url == "https://pavyzdziai.lt/skyrius"
    other = write(tmp_path, "b.txt", "Kitas tekstas.")
    (tmp_path / "b.meta.json").write_text('{"url": "https://pavyzdziai.lt/b"}')
    assert read(other).source_url == "https://pavyzdziai.lt/b"
    explicit = read_document(other, max_bytes=MB, source_url="https://given.example/x")
    assert explicit.source_url == "https://given.example/x"
    (tmp_path / "c.meta.json").write_text("not json")
    assert read(write(tmp_path, "c.txt", "Tekstas.")).source_url is None


def test_dates_stated_in_text(tmp_path: Path) -> None:
    text = (
        "Naujienos\n\nTvarkomas parkas\n\n2025 03 31\n\nDarbai prasidės balandį.\n\n"
        "Information Updated 2025-04-02 11:46"
    )
    result = read(write(tmp_path, "news.txt", text))
    assert result.published == date(2025, 3, 31)
    assert result.modified == date(2025, 4, 2)
    assert result.title == "Tvarkomas parkas"  # "Naujienos" (News) is a section name, not a title


def test_text_pdf(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "doc.pdf", ["Kontaktai: Ona Pavyzdiene, tel. +370 5 212 3456", "ona@pavyzdziai.lt"]
    )
    result = read(path)
    assert result.status == "ok", result.reason
    assert result.media_type == "application/pdf"
    assert "Ona Pavyzdiene, tel. +370 5 212 3456" in result.text
    assert result.title == "Fictional test document"
    assert result.published == date(2024, 1, 2)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    result = read(image_only_pdf(tmp_path / "scan.pdf"))
    assert result.status == "no_text"
    assert result.reason == "the PDF has no text layer (1 page(s); scanned images need OCR)"


def test_broken_pdf_is_refused_with_reason(tmp_path: Path) -> None:
    result = read(write(tmp_path, "broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4))
    assert result.status in ("refused", "no_text")
    assert result.reason


def test_pdf_reader_time_limit(tmp_path: Path) -> None:
    outcome = pdf_to_text(text_pdf(tmp_path / "t.pdf", ["x"]), timeout=0.001)
    assert not outcome.ok
    assert outcome.reason == "reading the PDF took longer than 0.001 s"


@pytest.mark.slow
def test_pdf_decompression_bomb_is_bounded(tmp_path: Path) -> None:
    path = bomb_pdf(tmp_path / "bomb.pdf", 1_200_000_000)
    assert path.stat().st_size < 5 * MB
    outcome = pdf_to_text(path, memory_bytes=400 * MB, timeout=60)
    assert not outcome.ok
    assert "decompression bomb" in (outcome.reason or "")


@pytest.mark.timeout(60)
def test_html_nested_100000_deep(tmp_path: Path) -> None:
    page = (
        "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "<p>After.</p></body></html>"
    )
    started = time.monotonic()
    result = read(write(tmp_path, "deep.html", page))
    assert time.monotonic() - started < 30
    assert result.status in ("ok", "no_text")
    assert any("nested deeper" in note for note in result.notes)


def test_deep_nesting_walker_is_iterative() -> None:
    deep = ("<span>" * 250 + "x" + "</span>" * 250).encode()
    assert "x" in html_to_text(b"<html><body>" + deep + b"</body></html>", main_content=False).text


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_50mb_single_line_html(tmp_path: Path) -> None:
    row = "<div><p>Žalioji savivaldybė tvarko parkus ir skverus.</p><a href='/x'>nuoroda</a></div>"
    path = write(
        tmp_path, "huge.html", "<html><body>" + row * (51 * MB // len(row.encode())) + "</body></html>"
    )
    assert path.stat().st_size > 50 * MB
    assert read(path, max_bytes=20 * MB).status == "too_large"
    result = read(path, max_bytes=60 * MB)
    assert result.status == "ok"
    assert any("simple text extraction" in note for note in result.notes)
    assert any("text cut at" in note for note in result.notes)
    assert len(result.text) <= 2_000_000


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_50mb_single_text_node_html(tmp_path: Path) -> None:
    path = write(tmp_path, "node.html", "<html><body><p>" + "žodis " * (52 * MB // 7) + "</p></body></html>")
    result = read(path, max_bytes=60 * MB)
    assert result.status in ("ok", "no_text")
    assert result.reason is None or "no text" in result.reason


def test_sniff_binary() -> None:
    assert sniff_binary(b"plain text\n") is None
    assert sniff_binary(codecs.BOM_UTF16_LE + "a".encode("utf-16-le")) is None
    assert sniff_binary(b"\x00\x01\x02binary") == "looks binary"
    assert sniff_binary(b"PK\x03\x04rest") == "looks like a ZIP archive (docx, xlsx, odt ...)"


@pytest.mark.parametrize(
    ("text", "published", "modified"),
    [
        ("Atnaujinta 2025 m. kovo 31 d.", None, date(2025, 3, 31)),
        ("Paskelbta 2024 m. gruodžio 5 d. 10:00", date(2024, 12, 5), None),
        ("Publicēts 2025. gada 3. aprīlī", date(2025, 4, 3), None),
        ("Opublikowano: 5.03.2025", date(2025, 3, 5), None),
        ("Senast uppdaterad: 2025-04-03", None, date(2025, 4, 3)),
        ("Päivitetty 3.2.2025", None, date(2025, 2, 3)),
        ("Updated 31 March 2025", None, date(2025, 3, 31)),
        ("The team published 12 reports in 2024.", None, None),
    ],
)
def test_stated_date_forms(text: str, published: date | None, modified: date | None) -> None:
    assert dates_from_text("Body text first.\n" + text) == (published, modified)
