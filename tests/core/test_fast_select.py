"""FastSelect writes the same options as Django's Select, escaping included."""

from __future__ import annotations

import re

from django import forms

from promesa.core.forms import AccessibleForm, FastSelect

CHOICES = [
    ("", "Cualquiera"),
    ("a", "Área <A> & “B”"),
    ("Grupo", [("b", "Bé"), ("c", "Ce")]),
]


def _options(html: str) -> list[tuple[str, str, bool]]:
    found = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', html)
    return [(value, label, "selected" in rest) for value, rest, label in found]


def test_the_options_values_labels_and_selection_match_djangos() -> None:
    django_html = forms.Select(choices=CHOICES).render("area", "c", attrs={"id": "id_area"})
    fast_html = FastSelect(choices=CHOICES).render("area", "c", attrs={"id": "id_area"})

    assert _options(fast_html) == _options(django_html)
    assert ("c", "Ce", True) in _options(fast_html)
    assert "&lt;A&gt; &amp;" in fast_html
    assert '<optgroup label="Grupo">' in fast_html
    assert 'name="area"' in fast_html
    assert 'id="id_area"' in fast_html


class _Form(AccessibleForm):
    area = forms.ChoiceField(label="Área", choices=CHOICES, help_text="Elija una.")
    several = forms.MultipleChoiceField(label="Varias", choices=CHOICES[:2], required=False)


def test_accessible_forms_use_it_for_plain_selects_only_and_keep_the_hint_link() -> None:
    form = _Form(data={"area": "zz"})
    form.is_valid()

    assert type(form.fields["area"].widget) is FastSelect
    assert type(form.fields["several"].widget) is forms.SelectMultiple
    html = str(form["area"])
    assert 'aria-describedby="id_area-hint id_area-error"' in html
    assert 'aria-invalid="true"' in html
