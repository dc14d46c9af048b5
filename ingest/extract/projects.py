"""Projects: title, identifier, lead, partners, funders, amounts, period, target groups, activities.

Rules read the words around a fact, in several languages:

- an identifier is a code after a *project* label ("Project No. 10-056-K0023", "projekto Nr.",
  "Projekto kodas", "numer umowy"); a code after another label ("progress measure No.", "plan No.",
  "Order No.") is not one. Interreg-style codes ("LLI-123") count next to the word project/Interreg;
- the lead is a labelled one ("Lead partner:", "Projekto vykdytojas:") or the organisation that acts
  ("X together with partners", "X signed an agreement", "X implements the project");
- partners are the organisations listed after "partners" / "together with" / "partneriai"; the
  agency a funding agreement is signed with is not a partner;
- each amount's role (total, EU share, municipal/national budget, own) comes from the words
  between it and the previous amount.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import islice

from ingest.extract.amounts import find_amounts
from ingest.extract.dates import find_period, programme_period
from ingest.extract.funds import BUDGET_CODES, find_funds
from ingest.extract.lists import target_groups_and_activities
from ingest.extract.organizations import OrgIndex
from ingest.extract.scan import MAX_LISTS
from ingest.extract.sections import Layout, Line, fold, split_list
from ingest.records import Evidence, Funding, Project

#: Dotted/dashed codes start after "#" or at the first capital or digit of a run of letters and digits
#: ("xyzAB-12" → "AB-12", in group ``id``); each run is tried once, from its start, so a long run of
#: letters costs linear time (trying it from every position was quadratic).
_ID_SHAPE = re.compile(
    r"#[A-Z0-9][A-Za-z0-9]*+(?:[-./_][A-Za-z0-9]++)+"  # #C12-3
    # 10-056-K0023, STHB.02.01-IP.01-0012/23
    r"|(?<![A-Za-z0-9])[a-z]*+(?P<id>[A-Z0-9][A-Za-z0-9]*+(?:[-./_][A-Za-z0-9]++)+)"
    r"|(?<![\w-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,16}(?![\w-])"  # A80123, 03KF0123
)
_PHONE_TAIL = re.compile(r"[ \u00a0]\d{2,4}\b")
#: A label that names a project number outright; a plain number after it is one ("projektnummer 20304050").
_STRONG_LABEL = re.compile(
    r"(?i)(?:project\s*(?:no\.?|nr\.?|number|id|code)|projekt(?:nummer|nr\.?|kod|kode|kennzeichen)|"
    r"projekto\s+(?:nr\.?|numeris|kodas)|numer\s+projektu|nr\s+projektu|hanketunnus|projektinumero|"
    r"förderkennzeichen|fördernummer|aktenzeichen|diarienummer|dnr\.?|journalnummer|journalnr\.?|"
    r"sagsnummer|grant agreement(?:\s+no\.?|\s+number)?)\s*[:#]?\s*$"
)
_PLAIN_NUMBER = re.compile(r"(?<![\w.,/-])\d{5,12}(?![\w.,/-])")
_POSITIVE = re.compile(
    r"(?i)\b(?:project|projects|projekt\w*|hank\w*|projet|proyecto|agreement|contract|sutart\w*|l[ıi]gum\w*|"
    r"förderkennzeichen|fördernummer|aktenzeichen|kennzeichen|"
    r"umow\w*|avtal\w*|code|kodas|kods|kod|ref|reference|journal\w*|diarie\w*|dnr|grant|interreg)\b"
)
_NEGATIVE = re.compile(
    r"(?i)\b(?:measure|priemon\w*|pasākum\w*|działani\w*|plan\w*|strateg\w*|priorit\w*|goal|tiksl\w*|"
    r"uždavin\w*|cause|law|įstatym\w*|įsakym\w*|order|decision|sprendim\w*|nutarim\w*|resolution|"
    r"regulation|act|phone|tel|fax|mobil\w*|mob|telefon\w*|puh|tālr\w*|tlf|gsm|cell|room|kabinet\w*|office|call|kvietim\w*|invitation|postal|objective|"
    r"indicator|rodikl\w*|step|item|paragraph|punkt\w*|article|straipsn\w*|page|house|building)\b"
)
_INTERREG_CODE = re.compile(r"(?<![\w-])(?:#C\d{1,4}|[A-Z]{2,6}(?:-[A-Z0-9]{1,5}){0,3}-\d{1,4})(?![\w-])")
_POSTAL_LIKE = re.compile(r"^(?:LT|LV|EE|PL|SE|DK|FI|DE)-\d{4,5}$")
_DATE_LIKE = re.compile(
    r"^\d{4}[-./]\d{1,2}([-./]\d{1,2})?$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$|^\d{4}[-–]\d{4}$"
)
_PROJECT_WORD = re.compile(r"(?i)\b(?:project\w*|projekt\w*|hank\w*|interreg)\b")
_QUOTED_TITLE = re.compile(
    r"(?i)\b(?:project|projekt\w*|hanke\w*|projet)\s+(?:titled\s+|called\s+|named\s+|entitled\s+)?"
    r"[\"“„«](?P<title>[^\"“”„«»\n]{4,220})[\"”“»]"
)
_TITLE_LABEL = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:project title|title of the project|project name|projekto pavadinimas|projekta nosaukums|"
    r"tytuł projektu|nazwa projektu|projektnamn|projektets namn|projekttitel|projektets titel|"
    r"hankkeen nimi|projekti nimi|projekti nimetus|titel des projekts)[ \t]*[:–-][ \t]*(?P<title>.+)$"
)
_ACRONYM = re.compile(
    r"\b(?:project|projekt\w*)\s+(?P<a>[A-Z][A-Z0-9-]{2,15})\b|\b(?P<b>[A-Z][A-Z0-9-]{2,15})\s+project\b"
)
_LEAD_LABEL = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:lead partner|lead beneficiary|project leader|project lead|project owner|coordinator|"
    r"applicant|beneficiary|projekto vykdytojas|pareiškėjas|projekto vadovas|vadošais partneris|"
    r"finansējuma saņēmējs|beneficjent|lider projektu|wnioskodawca|projektägare|stödmottagare|"
    r"projektejer|støttemodtager|hakija|päätoteuttaja|toetuse saaja|projektträger|antragsteller|"
    r"lead organisation|lead organization|implementing organisation|implementing organization)"
    r"[ \t]*[:–-][ \t]*(?P<v>.+)$"
)
_PARTNER_LABEL = re.compile(
    r"(?im)^[^\S\n]*"  # blanks, never line breaks: a run of empty lines is read once
    r"(?:project partners|partners|partner organisations|partner organizations|projekto partneriai|"
    r"partneriai|partneri|partnerzy|partnerzy projektu|samarbetspartner|partner|partnere|kumppanit|"
    r"partnerid|projektpartner)[ \t]*[:–-][ \t]*(?P<v>.*)$"
)
_PARTNERS_ARE = re.compile(
    r"(?i)\b(?:the\s+)?(?:project partners|partners of the project|partnerami projektu|partnerzy projektu|"
    r"projekto partneriai|projekta partneri|projektets partner|projektpartner|hankkeen kumppanit)\s+"
    r"(?:are|is|są|yra|ir|är|er|sind|ovat|on)\s*:?\s*"
)
_TOGETHER = re.compile(
    r"(?i)\b(?:together with|jointly with|in partnership with|in cooperation with|in collaboration with|"
    r"kartu su|bendradarbiaudam\w* su|kopā ar|wraz z|we współpracy z|tillsammans med|sammen med|"
    r"zusammen mit|yhdessä)\s+(?:(?:its|the|our)\s+)?(?:(?:project\s+)?partners?|partneriais|partneriem|"
    r"partnerami|partners)?\s*[:–—-]?\s*"
)
_AGREEMENT_WITH = re.compile(
    r"(?i)\b(?:agreement|contract|sutart\w*|līgum\w*|umow\w*|avtal|aftale|vereinbarung|sopimu\w*)\s+"
    r"(?:\w+\s+){0,3}?(?:with|su|ar|z|med|mit|kanssa)\s+(?:the\s+)?"
)
_SIGNED = re.compile(
    r"(?i)\b(?:signed|pasirašė|parakstīja|podpisał\w*|undertecknade|underskrev|unterzeichnete)\b"
)
_IMPLEMENTS = re.compile(
    r"(?i)\b(?:implements|is implementing|implemented|carries out|carried out|coordinates|leads|"
    r"(?:has\s+)?(?:completed|finished|started|launched)|įgyvendina|įgyvendino|vykdo|vykdė|užbaigė|baigė|"
    r"pradėjo|īsteno|īstenoja|(?:ir\s+)?(?:pabeigusi|pabeidzis|uzsākusi|uzsācis)|pabeidza|uzsāka|realizuje|"
    r"zrealizował\w*|zakończył\w*|rozpoczął\w*|rozpoczęł\w*|genomför|(?:har\s+)?(?:avslutat|påbörjat)|"
    r"gennemfører|(?:har\s+)?afsluttet|toteuttaa|toteutti|durchführt|(?:hat\s+)?(?:abgeschlossen|gestartet))"
    r"\b\s+(?:the\s+|this\s+|a\s+|its\s+)?(?:project|projekt\w*|hanke\w*)"
)
_BY_ORG = re.compile(
    r"(?i)\b(?:project|projekt\w*)\b[^.\n]{0,60}?\b(?:implemented|led|coordinated|carried out|run)\s+by\s+"
)
_TOTAL = re.compile(
    r"(?i)\b(?:total|overall|value|budget of the project|project budget|project cost|"
    r"bendr\w* (?:projekto )?vert\w*|vert\w*|iš viso|biudžet\w* projekto|projekto biudžet\w*|kopēj\w*|"
    r"wartość|całkowit\w*|budżet projektu|"
    r"total\w*|totalbudget|kokonais\w*|gesamt\w*|kogumaksumus|summa)\b"
)
_EU_WORDS = re.compile(
    r"(?i)\b(?:EU|ES|ЕС|UE|european union|europos sąjung\w*|eiropas savienīb\w*|uni[ia] europejsk\w*|"
    r"europäische\w* union|euroopa liid\w*|euroopan unioni\w*|europeiska unionen|den europæiske union)\b"
)


def find_identifiers(text: str) -> list[tuple[str, int, int]]:
    """Project identifiers (value, start, end), decided by the label written before each code."""
    out: list[tuple[str, int, int]] = []
    for m in _ID_SHAPE.finditer(text):
        start = m.start("id") if m.group("id") is not None else m.start()
        code = text[start : m.end()].rstrip(".")
        if not any(c.isdigit() for c in code) or len(code) < 5 or _DATE_LIKE.match(code):
            continue
        if _POSTAL_LIKE.match(code) or (re.fullmatch(r"[\d.]+", code) and code.count(".") < 2):
            continue
        if _PHONE_TAIL.match(text, start + len(code)):  # "070-312 45 67": a phone
            continue
        window_start = max(text.rfind("\n", max(0, start - 60), start) + 1, start - 60)
        window = text[window_start:start]
        positive = [p.end() for p in _POSITIVE.finditer(window)]
        negative = [n.end() for n in _NEGATIVE.finditer(window)]
        if positive and (not negative or max(positive) > max(negative)):
            out.append((code, start, start + len(code)))
        elif not positive and not negative and _INTERREG_CODE.fullmatch(code):
            around = text[max(0, start - 150) : m.end() + 150]
            if _PROJECT_WORD.search(around):
                out.append((code, start, start + len(code)))
    for m in _PLAIN_NUMBER.finditer(text):
        if _STRONG_LABEL.search(text[max(0, m.start() - 40) : m.start()]):
            out.append((m.group(), m.start(), m.end()))
    out.sort(key=lambda found: found[1])
    return out


def _title(text: str, lay: Layout, doc_title: str | None, kind: str) -> tuple[str | None, int, int]:
    labelled = _TITLE_LABEL.search(text)
    if labelled:
        return labelled.group("title").strip().strip('"“”„«»'), labelled.start("title"), labelled.end("title")
    quoted = [
        (m.group("title").strip(), m.start("title"), m.end("title")) for m in _QUOTED_TITLE.finditer(text)
    ]
    if quoted:
        counts = Counter(t for t, _, _ in quoted)
        best = counts.most_common(1)[0][0]
        first = next(q for q in quoted if q[0] == best)
        return first
    acronym = _ACRONYM.search(text)
    if acronym:
        name = acronym.group("a") or acronym.group("b")
        start = acronym.start("a") if acronym.group("a") else acronym.start("b")
        return name, start, start + len(name)
    if kind == "project_news":
        title = doc_title or next((ln.content for ln in lay.lines if ln.word_count >= 3), None)
        if title:
            start = text.find(title)
            return title, max(start, 0), max(start, 0) + len(title)
    return None, 0, 0


def _org_after(index: OrgIndex, offset: int, limit: int = 40) -> str | None:
    org = index.nearest(offset, before=False, limit=limit)
    return org.name if org else None


def _org_before(index: OrgIndex, offset: int, limit: int = 40) -> str | None:
    org = index.nearest(offset, after=False, limit=limit)
    return org.name if org else None


def _lead(text: str, index: OrgIndex) -> tuple[str | None, float]:
    labelled = _LEAD_LABEL.search(text)
    if labelled:
        inside = index.within(labelled.start("v"), labelled.end("v"))
        if inside:
            return inside[0].name, 0.9
        value = labelled.group("v").strip().rstrip(".")
        if value:
            return index.add(
                value,
                labelled.start("v"),
                labelled.start("v") + len(value),
                extractor="projects.lead",
                confidence=0.7,
            ).name, 0.7
    for pattern, limit in ((_TOGETHER, 8), (_SIGNED, 4), (_IMPLEMENTS, 4)):
        for m in pattern.finditer(text):
            name = _org_before(index, m.start(), limit=limit)
            if name:
                return name, 0.8
    by = _BY_ORG.search(text)
    if by:
        name = _org_after(index, by.end(), limit=5)
        if name:
            return name, 0.8
    return None, 0.0


def _list_span_after(text: str, start: int) -> tuple[int, int]:
    """The extent of a list of names starting at ``start``: up to " - verb", a full stop or line end."""
    end = len(text)
    for pattern in (r"\s[-–—]\s+(?=[a-ząčęėįšųūž])", r"\.(?:\s|$)", r"\n\s*\n", r"\)\s"):
        m = re.compile(pattern).search(text, start)
        if m and m.start() < end:
            end = m.start()
    return start, end


def _partners_in(text: str, index: OrgIndex, start: int, end: int) -> list[str]:
    names = [org.name for org in index.within(start, end)]
    if names:
        return names
    # names without organisation words ("Riverton, Ąžuolynė and Lakeside")
    out = []
    for item in split_list(text[start:end], conjunctions=True):
        item = re.sub(r"^(?:NGO|VšĮ)\s*[-–]\s*", "", item).strip()
        if item[:1].isupper() and len(item) <= 100:
            offset = text.find(item, start)
            out.append(
                index.add(
                    item, offset, offset + len(item), extractor="projects.partners", confidence=0.6
                ).name
            )
    return out


def _line_start(line: Line) -> int:
    return line.start


def _partners(text: str, lay: Layout, index: OrgIndex) -> list[str]:
    partners: list[str] = []
    for m in islice(_PARTNER_LABEL.finditer(text), MAX_LISTS):
        value = m.group("v").strip()
        if value:
            partners += _partners_in(text, index, m.start("v"), m.end("v"))
        else:  # the list follows on the next lines (bullets)
            items = []
            for ln in lay.lines[bisect_right(lay.lines, m.end(), key=_line_start) :]:
                if not ln.is_bullet:
                    break
                items.append(ln)
            for ln in items:
                partners += _partners_in(text, index, ln.content_start, ln.end) or []
    for pattern in (_PARTNERS_ARE, _TOGETHER):
        for m in islice(pattern.finditer(text), MAX_LISTS):
            start, end = _list_span_after(text, m.end())
            partners += _partners_in(text, index, start, end)
    return list(dict.fromkeys(partners))


def _funding_agencies(text: str, index: OrgIndex) -> set[str]:
    out = set()
    for m in _AGREEMENT_WITH.finditer(text):
        name = _org_after(index, m.end(), limit=10)
        if name:
            out.add(name)
    return out


def _amount_role(context: str, funds_in_context: list[tuple[str, str]]) -> tuple[str, str | None, str | None]:
    """(role, funder name, fund code) from the words before an amount."""
    if funds_in_context:
        code, label = funds_in_context[-1]
        if code == "MUNICIPAL":
            return "municipal", label, code
        if code == "NATIONAL":
            return "national", label, code
        if code == "OWN":
            return "own", label, code
        return "eu", label, code
    if _TOTAL.search(context):
        return "total", None, None
    if _EU_WORDS.search(context):
        return "eu", "European Union", None
    return "other", None, None


def _funding(text: str, index: OrgIndex, region: str | None) -> tuple[Funding | None, list[Funding]]:
    amounts = find_amounts(text, region=region)
    funds = find_funds(text)
    total: Funding | None = None
    shares: list[Funding] = []
    previous_end = 0
    fund_starts = [f.start for f in funds]  # (find_funds gives them in order)
    for amount in amounts:
        # the sentence start, searched for only after the previous amount: a sentence start before it
        # is overruled by ``previous_end`` anyway (each gap is read once, not the whole text per amount)
        floor = max(previous_end - 1, 0)
        sentence_start = max(
            text.rfind(". ", floor, amount.start) + 2, text.rfind("\n", floor, amount.start) + 1, 0
        )
        context_start = max(previous_end, sentence_start)
        context = text[context_start : amount.start]
        near = funds[bisect_left(fund_starts, context_start) : bisect_left(fund_starts, amount.start)]
        in_context = [(f.code, f.label) for f in near]
        role, funder, code = _amount_role(context, in_context)
        if code == "MUNICIPAL" or code == "NATIONAL":
            # "Alytus District Municipality budget funds" → the municipality's budget
            budget_at = next(f for f in near if f.code == code)
            org = index.at(budget_at.start) or index.nearest(budget_at.start, after=False, limit=2)
            if org is not None:
                funder = f"{org.name} budget"
        funding = Funding(
            funder=funder,
            amount=amount.value,
            currency=amount.currency,
            role=role,  # type: ignore[arg-type]
            fund_code=code,
            evidence=[Evidence(amount.start, amount.end, amount.text, "projects.amounts")],
        )
        if role == "total" and total is None:
            total = funding
        else:
            shares.append(funding)
        previous_end = amount.end
    return total, shares


def extract_projects(
    text: str,
    lay: Layout,
    index: OrgIndex,
    *,
    languages: Sequence[str],
    region: str | None,
    kind: str,
    doc_title: str | None = None,
) -> list[Project]:
    """The project a page is about (at most one; partnerships are found by ``cooperation``)."""
    identifiers = find_identifiers(text)
    title, t_start, t_end = _title(text, lay, doc_title, kind)
    total, shares = _funding(text, index, region)
    funds = [f for f in find_funds(text) if f.code not in BUDGET_CODES]
    if not (
        identifiers
        or (title and (kind == "project_news" or funds or total))
        or (kind == "project_news" and (total or shares))
    ):
        return []
    if title is None:
        title = identifiers[0][0] if identifiers else (doc_title or "")
    if not title:
        return []
    agencies = _funding_agencies(text, index)
    lead, lead_confidence = _lead(text, index)
    partners = [p for p in _partners(text, lay, index) if p != lead and p not in agencies]
    period = find_period(text, languages)
    groups, activities = target_groups_and_activities(lay)
    project = Project(
        title=title,
        identifier=identifiers[0][0] if identifiers else None,
        lead=lead,
        partners=partners,
        funders=list(dict.fromkeys(f.code for f in funds)),
        funding=shares,
        total=total,
        start=period[0].value if period else None,
        end=period[1].value if period else None,
        programme_period=programme_period(text),
        target_groups=groups,
        activities=activities,
        evidence=[Evidence(t_start, t_end, text[t_start:t_end], "projects.title", 0.8)],
    )
    if identifiers:
        code, s, e = identifiers[0]
        project.evidence.append(Evidence(s, e, code, "projects.identifier"))
    if lead:
        project.evidence.append(Evidence(quote=lead, extractor="projects.lead", confidence=lead_confidence))
    if fold(title) == fold(doc_title or "") and kind != "project_news":
        project.evidence[0].confidence = 0.5
    return [project]
