"""Top-level URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from promesa.api.urls import api
from promesa.core.views import bench_ping

urlpatterns = [
    path("", include("promesa.core.urls")),
    path("cuenta/", include("promesa.accounts.urls")),
    path("pqrs/", include("promesa.portal.urls")),
    path("personal/", include("promesa.intake.urls")),
    path("casos/", include("promesa.cases.urls")),
    path("trabajo/", include("promesa.workspace.urls")),
    path("i18n/setlanguage/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.BENCH_PING:
    urlpatterns.append(path("bench/ping/", bench_ping, name="bench_ping"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
