"""The staff case page and its actions, at ``/trabajo/casos/<filing number>/…``.

No ``app_name``: the workspace's URL configuration includes these patterns, so their names
stay ``workspace:case``, ``workspace:case_note`` and ``workspace:case_action``, and the URLs
staff use do not change.
"""

from django.urls import path

from promesa.cases import case_page

urlpatterns = [
    path("<str:filing_number>/", case_page.case_page, name="case"),
    path("<str:filing_number>/nota/", case_page.case_note, name="case_note"),
    # Last: its slug would also match "nota" or "responder".
    path("<str:filing_number>/<slug:action>/", case_page.case_action, name="case_action"),
]
