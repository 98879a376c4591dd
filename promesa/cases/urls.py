from django.urls import path

from promesa.cases import views

app_name = "cases"

urlpatterns = [
    path("anexos/<uuid:public_id>/", views.attachment_download, name="attachment"),
]
