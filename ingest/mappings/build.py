"""One raw record + its mapping → the facts of one document (practice or project and its parts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.mappings.agents import contact, organisation
from ingest.mappings.model import ENTITY_FIELDS, AmountSpec, FieldSpec, Mapping
from ingest.mappings.splitters import SPLITTERS, tidy
from ingest.mappings.values import (
    clean_text,
    humanize_key,
    language_code,
    parse_amount,
    parse_countries,
    parse_date,
)
from ingest.records import (
    Evidence,
    Funding,
    Organization,
    Person,
    PhoneNumber,
    Place,
    Practice,
    Project,
    Tag,
)


class MissingValue(Exception):
    """A required value is absent (becomes a RecordError naming the column)."""

    def __init__(self, column: str, problem: str = "empty required value") -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem


@dataclass
class Built:
    entity: Practice | Project
    title: str
    language: str | None
    text: str
    link: str | None
    modified: str | None
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[PhoneNumber] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (column, problem)


class RecordBuilder:
    """Applies one mapping to records; holds nothing between records but the mapping."""

    def __init__(self, mapping: Mapping) -> None:
        self.m = mapping
        self.extractor = f"mapping:{mapping.name}"
        self.longest_absent = max(map(len, mapping.absent_markers()), default=0)

    # -- reading cells -----------------------------------------------------------------------------

    def value(self, data: dict[str, Any], column: str, absent: frozenset[str] = frozenset()) -> str | None:
        raw = data.get(column)
        if raw is None or isinstance(raw, list | dict):
            return None if raw is None else self.joined(raw)
        text = clean_text(raw)
        if len(text) > self.longest_absent:  # absent markers are short: skip casefolding long texts
            return text
        folded = text.casefold()
        return None if folded in self.m.absent or folded in absent else text

    def joined(self, raw: list[Any] | dict[str, Any]) -> str | None:
        items = self.items(raw, None)
        return ", ".join(items) if items else None

    def items(self, raw: Any, split: str | None, absent: frozenset[str] = frozenset()) -> list[str]:
        """A cell as a list: JSON arrays item by item, text through the named splitter."""
        if raw is None:
            return []
        values = raw if isinstance(raw, list) else [raw]
        skip = self.m.absent | absent
        out: list[str] = []
        for v in values:
            if isinstance(v, dict | list):
                continue
            text = clean_text(v)
            pieces = SPLITTERS[split](text) if split else [tidy(text)] if text else []
            out += [p for p in pieces if p.casefold() not in skip]
        return list(dict.fromkeys(out))

    def ev(self, column: str | None, quote: str | None = None) -> list[Evidence]:
        return [Evidence(quote=(quote or "")[:300], extractor=self.extractor, field=column)]

    def scalar(self, data: dict[str, Any], spec: FieldSpec) -> str | None:
        if spec.column is None:
            return spec.value if isinstance(spec.value, str) else None
        v = self.value(data, spec.column, spec.absent)
        if v is None and spec.required:
            raise MissingValue(spec.column)
        return v

    def listed(self, data: dict[str, Any], spec: FieldSpec) -> list[str]:
        if spec.column is None:
            return list(spec.value or ())
        out = self.items(data.get(spec.column), spec.split, spec.absent)
        if not out and spec.required:
            raise MissingValue(spec.column)
        return out

    # -- one record --------------------------------------------------------------------------------

    def build(self, data: dict[str, Any]) -> Built:
        m = self.m
        title_spec = m.fields["title"]
        title = self.scalar(data, title_spec)
        assert title is not None
        lang = self.language(data)
        llang = m.labels_lang or lang  # the language of names and labels
        country_spec = m.fields.get("country")
        country, places = self.countries(data, country_spec, llang)
        warnings: list[tuple[str, str]] = []
        link = self.value(data, m.link_column) if m.link_column else None
        modified = self.date(data, m.modified_column, lang, warnings) if m.modified_column else None
        kwargs: dict[str, Any] = {
            "title": title,
            "lang": lang,
            "country": country,
            "evidence": self.ev(title_spec.column, title),
        }
        for name, spec in m.fields.items():
            if name in ("title", "country"):
                continue
            if name in ("start", "end") and spec.column:
                kwargs[name] = self.date(data, spec.column, lang, warnings, spec.absent)
                if kwargs[name] is None and spec.required:
                    raise MissingValue(spec.column, "missing or unreadable required date")
            elif ENTITY_FIELDS[m.entity][name]:
                kwargs[name] = self.listed(data, spec)
            else:
                kwargs[name] = self.scalar(data, spec)
        kwargs.setdefault("url", link)
        kwargs["tags"] = list(self.tags(data, llang))
        kwargs["places"] = places + list(self.places(data, country, llang))
        built = Built(
            entity=Practice(**kwargs) if m.entity == "practice" else Project(**kwargs),
            title=title,
            language=lang,
            text="\n\n".join(v for c in m.text_columns if (v := self.value(data, c))),
            link=link,
            modified=modified,
            warnings=warnings,
        )
        if m.entity == "practice":
            built.entity.source_database = m.source_database  # type: ignore[union-attr]
        organisation(self, data, built, country, llang)
        contact(self, data, built, country, llang)
        if isinstance(built.entity, Project):
            built.entity.funding = list(self.amounts(data, warnings))
        return built

    def language(self, data: dict[str, Any]) -> str | None:
        for column in self.m.language_columns:
            v = self.value(data, column)
            if v and (code := language_code(v)):
                return code
        return self.m.language

    def date(
        self,
        data: dict[str, Any],
        column: str | None,
        lang: str | None,
        warnings: list,
        absent: frozenset[str] = frozenset(),
    ) -> str | None:
        v = self.value(data, column, absent) if column else None
        if v is None:
            return None
        iso = parse_date(v, lang)
        if iso is None:
            warnings.append((column, f"not a date: {v[:40]!r}"))
        return iso

    def countries(
        self, data: dict[str, Any], spec: FieldSpec | None, lang: str | None
    ) -> tuple[str | None, list[Place]]:
        if spec is None:
            return self.m.country, []
        text = self.scalar(data, spec)
        if text is None:
            return self.m.country, []
        found, other = parse_countries(text)
        places = [Place(n, "country", c, lang, self.ev(spec.column, text)) for n, c in found]
        places += [Place(n, "region", None, lang, self.ev(spec.column, text)) for n in other]
        return (found[0][1] if len(found) == 1 else None), places

    def tags(self, data: dict[str, Any], lang: str | None) -> Iterable[Tag]:
        for spec in self.m.tags:
            for item in self.items(data.get(spec.column), spec.split, spec.absent):
                human = spec.label == "humanize_key"
                yield Tag(
                    label=humanize_key(item) if human else item,
                    scheme=spec.scheme,
                    lang=spec.lang or lang,
                    evidence=self.ev(spec.column, item),
                    notation=item if human else None,
                )

    def places(self, data: dict[str, Any], country: str | None, lang: str | None) -> Iterable[Place]:
        for spec in self.m.places:
            for item in self.items(data.get(spec.column), spec.split, spec.absent):
                yield Place(
                    item, spec.kind, spec.country or country, spec.lang or lang, self.ev(spec.column, item)
                )

    def amounts(self, data: dict[str, Any], warnings: list[tuple[str, str]]) -> Iterable[Funding]:
        for spec in self.m.amounts:
            found = self.amount(data, spec, warnings)
            if found is None:
                continue
            column, raw, amount = found
            currency = spec.currency or (self.value(data, spec.currency_column or "") or "").upper()
            fund = self.value(data, spec.fund_code_column) if spec.fund_code_column else spec.fund_code
            if not currency:
                warnings.append((spec.currency_column or column, "amount without a currency"))
            elif amount != 0 or not spec.skip_zero:
                ev = self.ev(column, str(raw))
                yield Funding(spec.funder, amount, currency, spec.role, fund, ev)

    def amount(
        self, data: dict[str, Any], spec: AmountSpec, warnings: list[tuple[str, str]]
    ) -> tuple[str, Any, Decimal] | None:
        """(column, value as read, amount) of the first of the spec's columns that holds an amount."""
        found = None
        for column in (spec.column, *spec.fallbacks):
            raw = data.get(column)
            if raw is None or (isinstance(raw, str) and self.value(data, column) is None):
                continue
            amount = parse_amount(raw, spec.decimal)
            if amount is None:
                warnings.append((column, f"not an amount: {str(raw)[:40]!r}"))
                continue
            found = found or (column, raw, amount)
            if amount != 0 or not spec.skip_zero:
                return column, raw, amount
        return found
