"""``promesa serve``: the production web server (gunicorn running Promesa's WSGI application).

Gunicorn runs inside this process (its Python API, not a child process), so the signals a
supervisor sends reach gunicorn's master directly: TERM stops gracefully, HUP reloads the
workers, TTIN/TTOU add or remove one. See docs/deployment.md and
docs/decisions/0010-production-server.md for the defaults chosen here.
"""

from __future__ import annotations

import gc
import os
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

# More sync workers than this per node mostly add memory and database connections; scale
# out with nodes instead.
MAX_AUTOMATIC_WORKERS = 8
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - see gunicorn_options


def automatic_workers() -> int:
    """Gunicorn's rule of thumb, two per usable CPU core plus one, capped."""
    try:
        cores = len(os.sched_getaffinity(0))  # honours taskset and CPU-pinned containers
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(2 * cores + 1, MAX_AUTOMATIC_WORKERS)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if number < 1:
        raise ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _not_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if number < 0:
        raise ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


class GunicornLogger(glogging.Logger):  # type: ignore[misc]  # gunicorn ships no types
    """Gunicorn's messages go through Django's logging (JSON lines in production).

    Gunicorn's own ``logconfig_dict`` would do the same but also switch on the access log's
    formatting for every request, even when nothing writes it.
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                if getattr(handler, "_gunicorn", False):
                    log.removeHandler(handler)
            log.propagate = True


class PromesaServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
    """Gunicorn configured from ``promesa serve``'s options instead of its command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__(prog="promesa serve")

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        application: WSGIHandler = get_wsgi_application()
        if self.cfg.preload_app:
            # Import every view module now, in the master, so the forked workers share
            # those pages instead of each importing them on its first request; then keep
            # the garbage collector from writing to (and so copying) the shared objects.
            get_resolver().url_patterns  # noqa: B018 - the import is the point
            connections.close_all()
            gc.freeze()
        return application


class Command(BaseCommand):
    help = (
        "Run Promesa's production web server (gunicorn). Collects static files first. "
        "Refuses to run with DEBUG on or the development SECRET_KEY unless --insecure."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--workers",
            type=_positive,
            default=settings.SERVE_WORKERS or automatic_workers(),
            help=(
                "Web processes (default: WEB_CONCURRENCY, else two per CPU core plus one, "
                f"at most {MAX_AUTOMATIC_WORKERS}; here %(default)s)."
            ),
        )
        parser.add_argument(
            "--bind",
            action="append",
            help=(
                "Address to listen on, host:port or unix:/path; repeat for several "
                f"(default: PROMESA_BIND, else 127.0.0.1:8000; here {settings.SERVE_BIND})."
            ),
        )
        parser.add_argument(
            "--threads",
            type=_positive,
            default=1,
            help=(
                "Threads per process. 1 (default) runs gunicorn's sync workers; more "
                "switches to gthread workers, for slow upstreams only (see decision 0010)."
            ),
        )
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=30,
            help="Seconds a request may take before its worker is killed and replaced.",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=_positive,
            default=30,
            help="Seconds the workers get to finish their requests after TERM.",
        )
        parser.add_argument(
            "--max-requests",
            type=_not_negative,
            default=5000,
            help="Replace a worker after this many requests, so memory stays flat (0: never).",
        )
        parser.add_argument(
            "--max-requests-jitter",
            type=_not_negative,
            help="Random extra requests per worker so they do not restart together "
            "(default: a tenth of --max-requests).",
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="Log every request (off by default: the reverse proxy logs them).",
        )
        parser.add_argument(
            "--no-preload",
            dest="preload",
            action="store_false",
            help="Load the application in each worker instead of once before forking.",
        )
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help="Skip collectstatic (when STATIC_ROOT was prepared at build time).",
        )
        parser.add_argument(
            "--insecure",
            action="store_true",
            help="Start even with DEBUG on or the development SECRET_KEY (local trials only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["insecure"]:
            self._refuse_insecure_settings()
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Nothing opened before the fork may be shared by the workers.
        connections.close_all()
        PromesaServer(self.gunicorn_options(options)).run()

    def _refuse_insecure_settings(self) -> None:
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on: it shows internals to visitors and keeps every SQL query in "
                "memory. Set PROMESA_ENV=production (or DEBUG=false), or pass --insecure to "
                "try the server locally."
            )
        if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
            raise CommandError(
                "SECRET_KEY is the public development key. Set SECRET_KEY to a long random "
                "value, or pass --insecure to try the server locally."
            )

    @staticmethod
    def gunicorn_options(options: dict[str, Any]) -> dict[str, Any]:
        """Translate this command's options into gunicorn settings."""
        max_requests: int = options["max_requests"]
        jitter = options["max_requests_jitter"]
        gunicorn: dict[str, Any] = {
            "bind": options["bind"] or [settings.SERVE_BIND],
            "workers": options["workers"],
            "threads": options["threads"],
            # Sync workers read one request at a time: right behind a buffering proxy,
            # and no thread pool on the request path (decision 0010).
            "worker_class": "sync" if options["threads"] == 1 else "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": options["graceful_timeout"],
            "max_requests": max_requests,
            "max_requests_jitter": max_requests // 10 if jitter is None else jitter,
            "preload_app": options["preload"],
            "accesslog": "-" if options["access_log"] else None,
            "logger_class": GunicornLogger,
            "proc_name": "promesa",
            # The management socket is not used; one listener less per node.
            "control_socket_disable": True,
        }
        # Workers touch a heartbeat file on every request; keep it in memory, not on disk.
        # Gunicorn creates it with mkstemp and unlinks it at once, so a shared directory is
        # safe.
        if os.path.isdir(SHARED_MEMORY):
            gunicorn["worker_tmp_dir"] = SHARED_MEMORY
        return gunicorn
