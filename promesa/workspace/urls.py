from django.urls import path

from promesa.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("acciones/", views.bulk_action, name="bulk"),
    path("busquedas/", views.save_filter, name="save_filter"),
    path("busquedas/<uuid:public_id>/borrar/", views.delete_filter, name="delete_filter"),
    path("casos/<str:filing_number>/", views.case_page, name="case"),
    # Before the action pattern, whose slug would also match "nota".
    path("casos/<str:filing_number>/nota/", views.case_note, name="case_note"),
    path("casos/<str:filing_number>/<slug:action>/", views.case_action, name="case_action"),
]
