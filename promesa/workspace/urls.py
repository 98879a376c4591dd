from django.urls import include, path

from promesa.workspace import answering, dashboard_views, views

app_name = "workspace"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("acciones/", views.bulk_action, name="bulk"),
    path("tablero/", dashboard_views.dashboard, name="dashboard"),
    path("solicitudes/", views.internal_requests, name="internal_requests"),
    path("solicitudes/<uuid:public_id>/", views.internal_request_page, name="internal_request"),
    path(
        "solicitudes/<uuid:public_id>/<slug:action>/",
        views.internal_request_action,
        name="internal_request_action",
    ),
    path("busquedas/", views.save_filter, name="save_filter"),
    path("busquedas/<uuid:public_id>/borrar/", views.delete_filter, name="delete_filter"),
    # Before the case page's patterns, whose action slug would also match "responder".
    path("casos/<str:filing_number>/responder/", answering.answer_compose, name="answer"),
    path(
        "casos/<str:filing_number>/responder/aprobar/",
        answering.answer_approve,
        name="answer_approve",
    ),
    path(
        "casos/<str:filing_number>/responder/devolver/",
        answering.answer_return,
        name="answer_return",
    ),
    path(
        "casos/<str:filing_number>/responder/carta/", answering.answer_letter, name="answer_letter"
    ),
    # The case page lives in the cases app; its names stay in this namespace.
    path("casos/", include("promesa.cases.staff_urls")),
]
