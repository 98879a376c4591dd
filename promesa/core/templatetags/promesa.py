"""Template filters shared by every page and message."""

from datetime import date, datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def long_date(value: date | datetime | None) -> str:
    """A date in words with the weekday: "miércoles 13 de enero de 2027"."""
    if value is None:
        return ""
    # Translators: Django date format for a date in words, with the weekday.
    return date_format(value, pgettext("long date format", "l, F j, Y"))
