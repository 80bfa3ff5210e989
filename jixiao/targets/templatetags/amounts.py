"""`{{ amount|money }}`: an amount of money with thousands separators, its decimals as written."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template

register = template.Library()

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@register.filter(is_safe=True)
def money(value: object) -> object:
    """1234567.89 → "1,234,567.89", 500000.00 → "500,000.00", 50.5 万元 → "50.5": digits are
    grouped by three, the decimals kept exactly as written (never through float). A Decimal, an
    int or a decimal string (separators already in it are allowed); None shows as nothing, and
    anything else (a float, "（空）") is shown unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        text = format(value, "f")
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip().replace(",", "")):
        text = value.strip().replace(",", "")
    else:
        return value
    sign = "-" if text.startswith("-") else ""
    whole, point, decimals = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{point}{decimals}"
