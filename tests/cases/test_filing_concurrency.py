"""Filing numbers stay unique and gap-free when several processes file at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from promesa.cases.models import Case
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
CASES_EACH = 15

FILER = """
import django, sys
django.setup()
from promesa.cases.choices import CaseKind, Channel
from promesa.cases.services import FilingInput, RequesterInput, case_file
from promesa.organization.models import Area
area = Area.objects.get(pk=int(sys.argv[1]))
for i in range(int(sys.argv[2])):
    case_file(filing=FilingInput(
        organization=area.organization, kind=CaseKind.RECLAMO, regime="co-ley142",
        request_type="pqr", channel=Channel.API,
        requester=RequesterInput(full_name=f"Usuario {i}"),
        subject="Concurrente", description="Radicado desde varios procesos", area=area,
    ))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_processes_filing_at_once_get_unique_consecutive_numbers(world: World) -> None:
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", FILER, str(world.facturacion.pk), str(CASES_EACH)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr

    numbers = sorted(Case.objects.values_list("filing_number", flat=True))
    sequence = [int(number.split("-")[1]) for number in numbers]
    assert sequence == list(range(1, PROCESSES * CASES_EACH + 1))
