"""Pages that belong to no business domain: the home redirect and the health endpoint."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from promesa.core.health import run_checks


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(check.healthy for check in checks)
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "checks": {c.name: {"healthy": c.healthy, "detail": c.detail} for c in checks},
        },
        status=200 if healthy else 503,
    )


@require_GET
def bench_ping(request: HttpRequest) -> JsonResponse:
    """The benchmark's framework ceiling: the middleware stack and nothing else.

    Mounted only when ``PROMESA_BENCH_PING`` is set (see config/urls.py and bench/).
    """
    return JsonResponse({"pong": True})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Staff start on their work queue; anyone else sees the doors into the public portal.

    The install operator (a superuser of no organization) has no queue: they start in the
    administration site, where organizations are added.
    """
    user = request.user
    if user.is_authenticated:
        if user.is_superuser and getattr(user, "organization_id", None) is None:
            return redirect("admin:index")
        return redirect("workspace:queue")
    return render(request, "core/home.html")
