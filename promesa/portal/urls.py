from django.urls import path

from promesa.portal import views

app_name = "portal"

urlpatterns = [
    path("radicar/", views.file, name="file"),
    path("radicada/<uuid:public_id>/", views.filed, name="filed"),
    path("ya-radicada/", views.already_filed, name="already_filed"),
    path("consultar/", views.track, name="track"),
    path("caso/<uuid:public_id>/", views.case_detail, name="case"),
    path("caso/<uuid:public_id>/responder/", views.reply, name="reply"),
    path(
        "caso/<uuid:public_id>/anexo/<uuid:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("embebido/radicar/", views.embed, name="embed"),
    path("embebido/radicada/<uuid:public_id>/", views.embed_filed, name="embed_filed"),
    path("embebido/ya-radicada/", views.embed_already_filed, name="embed_already_filed"),
]
