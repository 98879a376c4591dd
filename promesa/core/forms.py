"""Form helpers shared by every page with a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from promesa.core.text import visible_strip


class FastSelect(forms.Select):
    """A single-choice select that writes its options in Python.

    Django renders every ``<option>`` through its own template, about 0.1 ms each; the work
    queue carries a dozen selects (filters, bulk actions, saved searches) on every page, so
    that was most of the page's time. Same markup as ``forms.Select``, groups included.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = set(self.format_value(value))
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), self._options(self.choices, chosen)
        )

    def _options(self, choices: Any, chosen: set[str]) -> SafeString:
        parts: list[SafeString] = []
        for option_value, label in choices:
            if isinstance(label, list | tuple):
                inner = self._options(label, chosen)
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', option_value, inner))
                continue
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', text, selected, label))
        return format_html_join("", "{}", ((part,) for part in parts))


class ListedModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a select's options with one plain query.

    Django's iterator asks for ``queryset.iterator()``, which on PostgreSQL opens a server-side
    cursor: three round trips (declare, fetch, close) for a list of twenty areas.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def _visible(value: Any) -> Any:
    return visible_strip(value) if isinstance(value, str) else value


class AccessibleForm(forms.Form):
    """Links each field to its hint and error (aria-describedby) and marks errors.

    Plain selects are drawn by ``FastSelect``, which writes the same markup much faster, and
    model selects read their options with ``ListedModelChoiceIterator``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedModelChoiceIterator
                field.widget.choices = field.choices
            if type(field.widget) is forms.Select:
                # Same widget state (choices, attrs); only the rendering differs.
                field.widget.__class__ = FastSelect
        self._describe()

    def full_clean(self) -> None:
        # Text made only of spaces or invisible characters is empty: required fields refuse
        # it with their own message.
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [_visible(v) for v in values])
            self.data = data
        elif isinstance(self.data, dict):
            self.data = {key: _visible(value) for key, value in self.data.items()}
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"id_{name}-hint")
            if name in errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def error_summary(self) -> list[tuple[str, str]]:
        """(link target, message) for the summary at the top; non-field errors link nowhere."""
        items: list[tuple[str, str]] = [("", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in self.errors:
                target = f"#id_{name}"
                if isinstance(field.widget, forms.RadioSelect):
                    target = f"#id_{name}_0"
                items.extend((target, str(message)) for message in self.errors[name])
        return items


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files and cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []
