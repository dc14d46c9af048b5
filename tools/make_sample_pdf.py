"""Write data/samples/greenrivers_factsheet_en.pdf, the demo corpus's PDF (fictional content).

Run with the dev dependencies installed (fpdf2) and a DejaVu Sans font on the machine:

    .venv/bin/python tools/make_sample_pdf.py

The PDF is committed; this script documents how it was made and can regenerate it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "data" / "samples" / "greenrivers_factsheet_en.pdf"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/Library/Fonts/DejaVuSans.ttf"),
)

TITLE = "GREENRIVERS – Green river corridors for small towns"
PARAGRAPHS = [
    "Project fact sheet, 15 January 2025",
    "Programme: Interreg South Baltic 2021-2027",
    "Project code: STHB.02.01-IP.01-0042/24",
    "Duration: 1 February 2025 – 31 January 2028",
    "Lead partner: Riverton Municipality (Sweden)",
    "Partners:",
    "• Ąžuolynė District Municipality (Lithuania)",
    "• Gmina Jeziorno (Poland)",
    "• Ezermala Municipality (Latvia)",
    "Small towns along the South Baltic coast share the same problem: rivers that flood after heavy rain "
    "and green areas that are cut off from each other. GREENRIVERS partners will restore river banks in "
    "four towns, connect them with walking and cycling paths and write a joint action plan for "
    "nature-based flood protection.",
    "Total budget: EUR 2 450 000, of which ERDF co-financing EUR 1 960 000.",
    "Contact: Karin Holm, Head of Environment and Climate Unit, Riverton Municipality",
    "E-mail: karin.holm@riverton.example.se, phone +46 70 174 06 20",
]


def font_path() -> Path:
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    sys.exit("DejaVuSans.ttf not found (install fonts-dejavu-core); it is needed for Lithuanian letters")


def main() -> None:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 15, tzinfo=UTC))  # reproducible bytes
    pdf.set_title(TITLE)
    pdf.set_author("Riverton Municipality (fictional)")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 9, TITLE)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=11)
    for paragraph in PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    pdf.output(str(OUT))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
