from django.urls import path

from promesa.intake import views

app_name = "intake"

urlpatterns: list[object] = [
    path("radicar/", views.register, name="register"),
    path("constancia/<uuid:public_id>/", views.constancia, name="constancia"),
]
