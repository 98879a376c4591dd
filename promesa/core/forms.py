"""Form helpers shared by every page with a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile


class AccessibleForm(forms.Form):
    """Links each field to its hint and error (aria-describedby) and marks errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
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
