"""A generator of hostile inputs for ``civicgraph ingest``, written at test time (never committed).

:func:`write_cases` writes every case into a folder and returns one :class:`Case` each: the file to
give to ingest, the outcomes allowed for it (``added`` or a refusal whose reason matches a pattern)
and strings that must never reach the store (canaries behind external entities, expanded entity
bombs, control and bidi characters, script bodies). The inputs cover empty and binary files, huge
files, wrong and mixed encodings, control characters, right-to-left overrides, homoglyphs, deeply
nested HTML, XML entity bombs and external entities, a PDF decompression bomb, a zip bomb (renamed
.html, and as .docx), broken PDFs, hostile file names and special files, and broken record exports.
All text is invented.
"""

from __future__ import annotations

import codecs
import csv
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.hostile_blocks import deflate_zeros, gzip_bytes, make_pdf, text_pdf, zip_bomb
from tests.reliability.hostile_text import pages

#: Documents larger than this are refused in the suite (CIVICGRAPH_MAX_DOCUMENT_BYTES).
MAX_BYTES = 3_000_000
CANARY = "CANARY-7f3c-do-not-store"
ADDED = "added"
#: Characters that must never be stored: C0/C1 controls (but tab and line feed) and bidi/zero-width.
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
PLAIN = (
    "The Testvale recycling centre opened a repair workshop for bicycles and household appliances. "
    "Volunteers from the Riverside district help residents fix broken items every Saturday morning."
)
LITHUANIAN = (
    "Pavyzdžių rajono savivaldybė įrengė dviračių remonto dirbtuves. Gyventojai čia gali "
    "nemokamai sutaisyti sugedusius daiktus, o savanoriai moko juos rūšiuoti atliekas."
)


@dataclass
class Case:
    """One hostile input and what handling it well means."""

    name: str
    path: Path
    allowed: frozenset[str]  # "added", "no_text", "too_large", "refused", "unsupported", "missing"
    reason: str = ""  # a regex the refusal reason must match (case-insensitive)
    forbidden: tuple[str, ...] = ()  # never in the stored data, whatever the outcome
    notes: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def outcome_kind(status: str, reason: str | None) -> str:
    """An ingest Outcome's status and reason → one of the kinds a Case allows."""
    if status != "refused":
        return status
    text = reason or ""
    for kind in ("no_text", "too_large"):
        if text.startswith(kind + ":"):
            return kind
    if text.startswith("unsupported file type"):
        return "unsupported"
    if text.startswith("no such file"):
        return "missing"
    return "refused"


def _html(body: str, head: str = "", *, charset: str = "utf-8", doctype: str = "<!DOCTYPE html>") -> str:
    return (
        f'{doctype}\n<html lang="en"><head><meta charset="{charset}"><title>Testvale notice</title>{head}'
        f"</head><body><main><h1>Testvale notice</h1>{body}</main></body></html>"
    )


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- the cases ---------------------------------------------------------------------------------------------


def _empty_and_binary(root: Path) -> list[Case]:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    html = _html(f"<p>{PLAIN}</p>")
    return [
        Case("empty.txt", _write(root / "empty.txt", b""), frozenset({"no_text"}), "empty"),
        Case("empty.html", _write(root / "empty.html", b""), frozenset({"no_text"}), "empty"),
        Case("whitespace.md", _write(root / "whitespace.md", b" \n\t\r\n   \n"), frozenset({"no_text"})),
        Case("bom-only.txt", _write(root / "bom-only.txt", codecs.BOM_UTF8), frozenset({"no_text"})),
        Case(
            "markup-only.html",
            _write(
                root / "markup-only.html",
                "<html><head><script>var secretScriptBody = 1;</script><style>p{}</style></head>"
                "<body><div><span></span></div></body></html>",
            ),
            frozenset({"no_text"}),
            forbidden=("secretScriptBody",),
        ),
        Case("nul-only.txt", _write(root / "nul-only.txt", bytes(2000)), frozenset({"refused"}), "binary"),
        Case("random.txt", _write(root / "random.txt", noise), frozenset({"refused"}), "binary"),
        Case(
            "png.html",
            _write(root / "png.html", b"\x89PNG\r\n\x1a\n" + noise),
            frozenset({"refused"}),
            "PNG",
        ),
        Case(
            "elf.txt",
            _write(root / "elf.txt", b"\x7fELF\x02\x01\x01" + noise),
            frozenset({"refused"}),
            "program",
        ),
        Case(
            "gzip.html",
            _write(root / "gzip.html", gzip_bytes(html.encode())),
            frozenset({"refused"}),
            "gzip",
        ),
        Case("pdf-named.txt", _write(root / "pdf-named.txt", text_pdf(PLAIN)), frozenset({"refused"}), "PDF"),
        Case("html-named.pdf", _write(root / "html-named.pdf", html), frozenset({"refused"}), "not a PDF"),
        Case(
            "nul-sprinkled.html",
            _write(root / "nul-sprinkled.html", html.encode().replace(b"<p>", b"<p>\x00", 1)),
            frozenset({ADDED}),
            forbidden=("\x00",),
        ),
    ]


def _huge(root: Path) -> list[Case]:
    sentence = (PLAIN + "\n").encode()
    huge = sentence * (MAX_BYTES // len(sentence) + 1)
    return [
        Case("huge.txt", _write(root / "huge.txt", huge[: MAX_BYTES + 1]), frozenset({"too_large"}), "limit"),
        Case(
            "huge.html",
            _write(root / "huge.html", (_html("<p>x</p>") + " " * MAX_BYTES).encode()),
            frozenset({"too_large"}),
            "limit",
        ),
        Case(
            "one-long-word.txt",
            _write(root / "one-long-word.txt", b"Testvale " + b"a" * 60_000),
            frozenset({ADDED, "no_text"}),
        ),
        Case(
            "many-short-lines.txt",
            _write(root / "many-short-lines.txt", b"Testvale recycling line\n" * 5_000),
            frozenset({ADDED, "no_text"}),
        ),
    ]


def _adversarial_text(root: Path) -> list[Case]:
    """Texts that made regular expressions or scans quadratic (runs of one character, alternations,
    repeated contact fragments, many lines, distinct names): each must be read and extracted."""
    folder = root / "adversarial"
    return [
        Case(name, _write(folder / name, body), frozenset({ADDED, "no_text"}), notes="regular expressions")
        for name, body in pages()
    ]


def _encodings(root: Path) -> list[Case]:
    cp1257 = _html(f"<p>{LITHUANIAN}</p>", charset="utf-8").encode("cp1257")
    mixed = PLAIN.encode("utf-8") + " Zürich Straße ".encode() + " Zürich Straße café ".encode("cp1252")
    broken = (
        PLAIN.encode() + b" \xc0\xaf \xed\xa0\x80 \x80\x80 \xf8\x88\x80\x80\x80 \xff\xfe " + PLAIN.encode()
    )
    utf7 = _html("<p>" + PLAIN + "</p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-", charset="utf-7")
    return [
        Case(
            "cp1257-declared-utf8.html",
            _write(root / "cp1257-declared-utf8.html", cp1257),
            frozenset({ADDED}),
        ),
        Case(
            "utf16le-bom.txt",
            _write(root / "utf16le-bom.txt", codecs.BOM_UTF16_LE + LITHUANIAN.encode("utf-16-le")),
            frozenset({ADDED}),
        ),
        Case(
            "utf16le-no-bom.txt",
            _write(root / "utf16le-no-bom.txt", LITHUANIAN.encode("utf-16-le")),
            frozenset({ADDED, "refused"}),
            "binary",
        ),
        Case(
            "utf32-bom.html",
            _write(
                root / "utf32-bom.html", codecs.BOM_UTF32_LE + _html(f"<p>{PLAIN}</p>").encode("utf-32-le")
            ),
            frozenset({ADDED}),
        ),
        Case("mixed-utf8-cp1252.txt", _write(root / "mixed-utf8-cp1252.txt", mixed), frozenset({ADDED})),
        Case("invalid-utf8.txt", _write(root / "invalid-utf8.txt", broken), frozenset({ADDED})),
        Case(
            "utf7-declared.html",
            _write(root / "utf7-declared.html", utf7.encode("ascii")),
            frozenset({ADDED}),
        ),
        Case(
            "unknown-charset.html",
            _write(root / "unknown-charset.html", _html(f"<p>{LITHUANIAN}</p>", charset="x-klingon-9")),
            frozenset({ADDED}),
        ),
        Case(
            "latin1-declared-utf8.html",
            _write(root / "latin1-declared-utf8.html", _html(f"<p>{LITHUANIAN}</p>", charset="iso-8859-1")),
            frozenset({ADDED}),
        ),
    ]


def _characters(root: Path) -> list[Case]:
    controls = "".join(chr(c) for c in (*range(1, 9), 0x0B, 0x0E, 0x1B, 0x7F, 0x85, 0x9B))
    rtl_name = "Jonas \u202eseniūnas\u202c Testvalis"
    homoglyph = "Теstvаle Municipality (Тestvale with Cyrillic Т, е, а) runs the rеpair workshop."
    zero_width = "Test\u200bvale re\u200dpair\ufeff work\u2060shop for re\u200csidents."
    bidi_isolates = (
        "Riverside \u2066district\u2069 \u2067council\u2069 \u2068office\u2069 and \u200fdesk\u200e."
    )
    return [
        Case(
            "control-chars.txt",
            _write(root / "control-chars.txt", f"{PLAIN}\n{controls} \x1b[31mred\x1b[0m {PLAIN}"),
            frozenset({ADDED}),
        ),
        Case(
            "rtl-override.html",
            _write(root / "rtl-override.html", _html(f"<p>{PLAIN}</p><p>{rtl_name}</p>")),
            frozenset({ADDED}),
        ),
        Case(
            "bidi-isolates.txt",
            _write(root / "bidi-isolates.txt", f"{PLAIN}\n{bidi_isolates}"),
            frozenset({ADDED}),
        ),
        Case(
            "zero-width.md",
            _write(root / "zero-width.md", f"# Repair\n\n{PLAIN}\n\n{zero_width}\n"),
            frozenset({ADDED}),
        ),
        Case("homoglyphs.txt", _write(root / "homoglyphs.txt", f"{PLAIN}\n{homoglyph}"), frozenset({ADDED})),
        Case(
            "rtl-file\u202egnp.html",
            _write(root / "rtl-file\u202egnp.html", _html(f"<p>{PLAIN}</p>")),
            frozenset({ADDED}),
            notes="a right-to-left override in the file name",
        ),
    ]


def _html_structure(root: Path) -> list[Case]:
    deep_div = "<div>" * 30_000 + PLAIN + "</div>" * 30_000
    unclosed = "<b><i>" * 40_000 + PLAIN
    tables = "<table><tr><td>" * 3_000 + PLAIN + "</td></tr></table>" * 3_000
    attributes = "<p " + " ".join(f'a{i}="{i}"' for i in range(10_000)) + f">{PLAIN}</p>"
    script = "<script>" + "var secretScriptBody = 'x';\n" * 20_000 + "</script>"
    return [
        Case(
            "deep-divs.html",
            _write(root / "deep-divs.html", _html(deep_div)),
            frozenset({ADDED, "no_text", "refused"}),
        ),
        Case(
            "unclosed-tags.html",
            _write(root / "unclosed-tags.html", _html(unclosed)),
            frozenset({ADDED, "no_text", "refused"}),
        ),
        Case(
            "nested-tables.html",
            _write(root / "nested-tables.html", _html(tables)),
            frozenset({ADDED, "no_text", "refused"}),
        ),
        Case(
            "many-attributes.html",
            _write(root / "many-attributes.html", _html(attributes)),
            frozenset({ADDED, "no_text", "refused"}),
        ),
        Case(
            "unterminated-comment.html",
            _write(root / "unterminated-comment.html", _html(f"<p>{PLAIN}</p><!-- " + "hidden " * 50_000)),
            frozenset({ADDED, "no_text"}),
        ),
        Case(
            "big-script.html",
            _write(root / "big-script.html", _html(f"<p>{PLAIN}</p>{script}")),
            frozenset({ADDED}),
            forbidden=("secretScriptBody",),
        ),
    ]


def _entities(root: Path, canary_file: Path, trap_port: int) -> list[Case]:
    lol = ['<!ENTITY lol0 "lollollollollol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)
    ]
    bomb_doctype = "<!DOCTYPE html [\n" + "\n".join(lol) + "\n]>"
    xml_decl = '<?xml version="1.0" encoding="utf-8"?>\n'
    file_url = canary_file.as_uri()
    trap = f"http://127.0.0.1:{trap_port}/entity"
    bomb = "lol" * 200
    return [
        Case(
            "billion-laughs.html",
            _write(root / "billion-laughs.html", _html(f"<p>{PLAIN} &lol9;</p>", doctype=bomb_doctype)),
            frozenset({ADDED, "no_text"}),
            forbidden=(bomb,),
        ),
        Case(
            "billion-laughs-xhtml.html",
            _write(
                root / "billion-laughs-xhtml.html",
                xml_decl + _html(f"<p>{PLAIN} &lol9;</p>", doctype=bomb_doctype),
            ),
            frozenset({ADDED, "no_text"}),
            forbidden=(bomb,),
        ),
        Case(
            "xxe-file.html",
            _write(
                root / "xxe-file.html",
                xml_decl
                + _html(
                    f"<p>{PLAIN} &xxe;</p>", doctype=f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{file_url}">]>'
                ),
            ),
            frozenset({ADDED, "no_text"}),
            forbidden=(CANARY,),
        ),
        Case(
            "xxe-parameter.html",
            _write(
                root / "xxe-parameter.html",
                xml_decl
                + _html(
                    f"<p>{PLAIN}</p>",
                    doctype=f'<!DOCTYPE html [<!ENTITY % pe SYSTEM "{file_url}"> %pe;]>',
                ),
            ),
            frozenset({ADDED, "no_text"}),
            forbidden=(CANARY,),
        ),
        Case(
            "xxe-network.html",
            _write(
                root / "xxe-network.html",
                xml_decl
                + _html(f"<p>{PLAIN} &net;</p>", doctype=f'<!DOCTYPE html [<!ENTITY net SYSTEM "{trap}">]>'),
            ),
            frozenset({ADDED, "no_text"}),
            notes="must not connect to the trap port",
        ),
        Case(
            "xinclude.html",
            _write(
                root / "xinclude.html",
                _html(
                    f'<p>{PLAIN}</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                    f'href="{file_url}" parse="text"/>'
                ),
            ),
            frozenset({ADDED}),
            forbidden=(CANARY,),
        ),
        Case(
            "remote-resources.html",
            _write(
                root / "remote-resources.html",
                _html(
                    f'<p>{PLAIN}</p><img src="{trap}/img.png"><link rel="stylesheet" href="{trap}/s.css">'
                    f'<iframe src="{trap}/frame"></iframe><object data="{trap}/o"></object>'
                ),
            ),
            frozenset({ADDED}),
            notes="must not connect to the trap port",
        ),
        Case(
            "markdown-entities.md",
            _write(
                root / "markdown-entities.md",
                f"# Testvale\n\n{PLAIN}\n\n{bomb_doctype}\n\n&lol9; &xxe;\n\n"
                f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{file_url}">]>\n',
            ),
            frozenset({ADDED}),
            forbidden=(CANARY, bomb),
        ),
    ]


def _pdfs(root: Path, canary_file: Path) -> list[Case]:
    bomb = deflate_zeros(2048)  # 2 GiB once inflated (over the reader's memory cap), about 2 MB on disk
    ok = text_pdf(PLAIN[:90])
    self_loop = ok.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev 0 >>")
    no_text = make_pdf(b"0 0 m 100 100 l S")
    many = make_pdf(b"BT /F1 11 Tf 72 720 Td (Testvale) Tj ET", count=99_999_999)
    js = make_pdf(
        b"BT /F1 11 Tf 72 720 Td (Testvale repair workshop) Tj ET",
        extra_objects=(f"<< /S /JavaScript /JS (app.launchURL\\('{canary_file.as_uri()}'\\)) >>".encode(),),
        catalog=b"/OpenAction 6 0 R ",
    )
    xmp = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "{canary_file.as_uri()}">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&xxe;</dc:title>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    xmp_pdf = make_pdf(
        b"BT /F1 11 Tf 72 720 Td (Testvale repair workshop) Tj ET",
        extra_objects=(
            f"<< /Type /Metadata /Subtype /XML /Length {len(xmp)} >>\nstream\n".encode()
            + xmp
            + b"\nendstream",
        ),
        catalog=b"/Metadata 6 0 R ",
    )
    return [
        Case(
            "pdf-decompression-bomb.pdf",
            _write(root / "pdf-decompression-bomb.pdf", make_pdf(bomb, filters="/FlateDecode")),
            frozenset({"refused", "no_text"}),
            "memory|bomb|time|no text",
        ),
        Case(
            "pdf-truncated.pdf",
            _write(root / "pdf-truncated.pdf", ok[: len(ok) // 2]),
            frozenset({"refused", "no_text", ADDED}),
        ),
        Case(
            "pdf-garbage.pdf",
            _write(root / "pdf-garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
            frozenset({"refused", "no_text"}),
        ),
        Case(
            "pdf-xref-loop.pdf",
            _write(root / "pdf-xref-loop.pdf", self_loop),
            frozenset({ADDED, "refused", "no_text"}),
        ),
        Case(
            "pdf-no-text.pdf", _write(root / "pdf-no-text.pdf", no_text), frozenset({"no_text"}), "text layer"
        ),
        Case(
            "pdf-lying-page-count.pdf",
            _write(root / "pdf-lying-page-count.pdf", many),
            frozenset({ADDED, "refused", "no_text"}),
        ),
        Case(
            "pdf-javascript.pdf",
            _write(root / "pdf-javascript.pdf", js),
            frozenset({ADDED}),
            forbidden=("launchURL",),
        ),
        Case(
            "pdf-xmp-xxe.pdf",
            _write(root / "pdf-xmp-xxe.pdf", xmp_pdf),
            frozenset({ADDED}),
            forbidden=(CANARY,),
            notes="XMP metadata (XML) with an external entity",
        ),
    ]


def _archives(root: Path) -> list[Case]:
    bomb = zip_bomb(64)
    return [
        Case(
            "zip-bomb-renamed.html",
            _write(root / "zip-bomb-renamed.html", bomb),
            frozenset({"refused"}),
            "ZIP",
        ),
        Case("zip-bomb.docx", _write(root / "zip-bomb.docx", bomb), frozenset({"unsupported"}), r"\.docx"),
        Case("zip-bomb.odt", _write(root / "zip-bomb.odt", bomb), frozenset({"unsupported"}), r"\.odt"),
        Case(
            "program.exe",
            _write(root / "program.exe", b"MZ" + bytes(500)),
            frozenset({"unsupported"}),
            r"\.exe",
        ),
        Case(
            "entities.xml",
            _write(root / "entities.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'),
            frozenset({"unsupported"}),
            r"\.xml",
            notes="XML is not an accepted input",
        ),
    ]


def _special_files(root: Path) -> list[Case]:
    cases = []
    fifo = root / "fifo.txt"
    os.mkfifo(fifo)
    cases.append(Case("fifo.txt", fifo, frozenset({"refused"}), "not a file", notes="reading would block"))
    dangling = root / "dangling.html"
    dangling.symlink_to(root / "does-not-exist.html")
    cases.append(Case("dangling.html", dangling, frozenset({"missing"}), "no such file"))
    loop = root / "loop-folder"
    loop.mkdir()
    _write(loop / "page.txt", PLAIN)
    (loop / "again").symlink_to(loop, target_is_directory=True)
    cases.append(
        Case(
            "loop-folder", loop, frozenset({ADDED}), notes="a folder with a symlink to itself (walk must end)"
        )
    )
    raw_name = os.fsencode(root) + b"/bad-name-\xff\xfe.txt"
    with open(raw_name, "wb") as handle:
        handle.write(PLAIN.encode())
    cases.append(
        Case("bad-name", Path(os.fsdecode(raw_name)), frozenset({ADDED, "refused"}), notes="not UTF-8")
    )
    newline = root / "line\nbreak.txt"
    _write(newline, PLAIN)
    cases.append(Case("newline-name", newline, frozenset({ADDED}), notes="a line break in the file name"))
    return cases


def _records(root: Path) -> list[Case]:
    header = (
        "Title,Description,Link,Organisation,Type of Organisation,Country,Language,Key Area,Sector,Scope\n"
    )
    deep = '{"Title": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    big_field = header + '"' + "x" * 1_000_000 + '",d,https://example.org/x,o,t,Sweden,English,k,s,c\n'
    with (root / "no-mapping.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["colour", "flavour"], ["red", "sour"]])
    return [
        Case("nul.csv", _write(root / "nul.csv", header + "a\x00b,c\n"), frozenset({"refused"})),
        Case("binary.csv", _write(root / "binary.csv", bytes(range(256)) * 20), frozenset({"refused"})),
        Case("deep.jsonl", _write(root / "deep.jsonl", deep), frozenset({"refused"})),
        Case(
            "huge-number.json",
            _write(root / "huge-number.json", '[{"Title": 1e999999}]'),
            frozenset({"refused"}),
        ),
        Case(
            "huge-field.csv",
            _write(root / "huge-field.csv", big_field),
            frozenset({ADDED, "refused", "too_large"}),
        ),
        Case("no-mapping.csv", root / "no-mapping.csv", frozenset({"refused"}), "mapping"),
        Case(
            "not-json.json",
            _write(root / "not-json.json", "{'Title': 'single quotes'"),
            frozenset({"refused"}),
        ),
    ]


def write_cases(root: Path, canary_file: Path, trap_port: int) -> list[Case]:
    """Write every hostile input under ``root``; the canary file holds :data:`CANARY`."""
    _write(canary_file, CANARY)
    root.mkdir(parents=True, exist_ok=True)
    cases = (
        _empty_and_binary(root)
        + _huge(root)
        + _adversarial_text(root)
        + _encodings(root)
        + _characters(root)
        + _html_structure(root)
        + _entities(root, canary_file, trap_port)
        + _pdfs(root, canary_file)
        + _archives(root)
        + _special_files(root)
        + _records(root)
    )
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases
