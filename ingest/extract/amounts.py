"""Money amounts: "499,910.09 Eur", "246.975 EUR", "1 234 567,89 €", "12 345 Lt", "SEK 3 929 285".

:func:`parse_number` decides which separator is the decimal one:

- both ``.`` and ``,`` present: the last one is the decimal separator (``1.234,56``, ``1,234.56``);
- one kind repeated: thousands (``1.234.567``, ``1,234,567``);
- one separator followed by exactly three digits: thousands (``246.975`` → 246975, ``12,345``), because
  money is not written with three decimals; otherwise decimal (``12,5``, ``0.75``);
- spaces (also no-break and thin spaces) and apostrophes between groups of three digits: thousands.

A multiplier ("million", "mln.", "tūkst.") makes a single separator decimal ("1,5 mln. Eur").
:func:`find_amounts` only takes numbers written next to a currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPACES = " \u00a0\u202f\u2009'’"

#: currency word or sign (regex, case-insensitive unless noted) → ISO 4217 code
_CURRENCIES: list[tuple[str, str]] = [
    (r"€", "EUR"),
    (r"\bEUR\b", "EUR"),
    (r"\beur(?:o|os|ų|ai|ais|us|ams|oa|oja|on|oina)?\b", "EUR"),
    (r"\beiro\b", "EUR"),
    (r"\bLTL\b", "LTL"),
    (r"\b(?-i:Lt)\b", "LTL"),
    (r"\blit(?:ų|ai|ais|us)\b", "LTL"),
    (r"\bSEK\b", "SEK"),
    (r"\bkronor\b", "SEK"),
    (r"\bDKK\b", "DKK"),
    (r"\bkroner\b", "DKK"),
    (r"\bNOK\b", "NOK"),
    (r"\bkr\b\.?", "KR"),
    (r"\bPLN\b", "PLN"),
    (r"\bzł\b\.?|\bzł(?=\s|$)|\bzłotych\b", "PLN"),
    (r"£", "GBP"),
    (r"\bGBP\b", "GBP"),
    (r"\$", "USD"),
    (r"\bUSD\b", "USD"),
    (r"\bCHF\b", "CHF"),
    (r"\bLVL\b|\b(?-i:Ls)\b", "LVL"),
    (r"\bEEK\b", "EEK"),
]
_CURRENCY = "|".join(f"(?:{p})" for p, _ in _CURRENCIES)
_MULTIPLIERS: list[tuple[str, int]] = [
    (r"billion|bn|mlrd\.?|milliard(?:s|er)?|miliard(?:ów|y)?", 1_000_000_000),
    (
        r"million(?:s)?|mln\.?|mio\.?|milijon(?:ai|o|ų|as)|miljon(?:i|u|s|er|aa|a)|milion(?:ów|y|a)?",
        1_000_000,
    ),
    (r"thousand|tūkst\.?|tūkstan(?:čių|tis|čiai)|tys\.|tūkstoš(?:i|u)|tuhatta|tusen|tausend", 1_000),
]
_MULTIPLIER = "|".join(f"(?:{p})" for p, _ in _MULTIPLIERS)
_NUMBER = (
    r"(?<![\w.,+/-])(?:\d{1,3}(?:(?P<sep>[ \u00a0\u202f\u2009.,'’])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)"
)
_AMOUNT = re.compile(
    rf"(?:(?P<cur1>{_CURRENCY})\s?)?(?P<num>{_NUMBER})(?:\s?(?P<mult>{_MULTIPLIER})(?!\w))?"
    rf"(?:\s?(?P<cur2>{_CURRENCY}))?",
    re.IGNORECASE,
)
_REGION_KRONA = {"SE": "SEK", "DK": "DKK", "NO": "NOK", "IS": "ISK"}


class AmountError(ValueError):
    """A text is not a number this parser understands."""


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    start: int
    end: int
    text: str


def parse_number(text: str, *, multiplier: bool = False) -> Decimal:
    """The value of a written number; see the module docstring for the separator rules."""
    raw = text.strip()
    if not raw or not re.fullmatch(r"[\d.,\s\u00a0\u202f\u2009'’]+", raw) or not raw[0].isdigit():
        raise AmountError(f"not a number: {text!r}")
    compact = raw
    for space in _SPACES:
        compact = compact.replace(space, "")
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        decimal_sep = "." if compact.rfind(".") > compact.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        if compact.count(decimal_sep) > 1:
            raise AmountError(f"ambiguous number: {text!r}")
        compact = compact.replace(thousands, "").replace(decimal_sep, ".")
    elif dots + commas > 1:
        sep = "." if dots else ","
        groups = compact.split(sep)
        if any(len(g) != 3 for g in groups[1:]):
            raise AmountError(f"ambiguous number: {text!r}")
        compact = compact.replace(sep, "")
    elif dots + commas == 1:
        sep = "." if dots else ","
        whole, frac = compact.split(sep)
        thousands_like = len(frac) == 3 and 1 <= len(whole) <= 3 and whole != "0"
        compact = whole + frac if thousands_like and not multiplier else whole + "." + frac
    try:
        return Decimal(compact)
    except InvalidOperation as exc:
        raise AmountError(f"not a number: {text!r}") from exc


def _currency_code(word: str, region: str | None) -> str:
    for pattern, code in _CURRENCIES:
        if re.fullmatch(pattern, word.strip(), re.IGNORECASE):
            if code == "KR":
                return _REGION_KRONA.get(region or "", "SEK")
            return code
    raise AmountError(f"unknown currency {word!r}")


def _multiplier(word: str) -> int:
    for pattern, factor in _MULTIPLIERS:
        if re.fullmatch(pattern, word.strip(), re.IGNORECASE):
            return factor
    return 1


def find_amounts(text: str, *, region: str | None = None) -> list[Amount]:
    """Every amount written with a currency, in order. ``region`` chooses what "kr" means."""
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        currency_word = m.group("cur1") or m.group("cur2")
        if not currency_word:
            continue
        mult = m.group("mult")
        try:
            value = parse_number(m.group("num"), multiplier=bool(mult))
        except AmountError:
            continue
        if mult:
            value *= _multiplier(mult)
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
        out.append(
            Amount(value, _currency_code(currency_word, region), m.start(), m.end(), m.group().strip())
        )
    return out
