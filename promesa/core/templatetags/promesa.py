"""Template filters shared by every page and message."""

from datetime import date, datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

register = template.Library()


@register.filter
def long_date(value: date | datetime | None) -> str:
    """A date in words with the weekday: "miércoles 13 de enero de 2027"."""
    if value is None:
        return ""
    # Translators: Django date format for a date in words, with the weekday.
    text = date_format(value, pgettext("long date format", "l, F j, Y"))
    # Django's Spanish catalog capitalizes day and month names; Spanish writes them in lower
    # case mid-sentence ("a más tardar el miércoles 13 de enero de 2027").
    return text.lower() if (get_language() or "").startswith("es") else text
