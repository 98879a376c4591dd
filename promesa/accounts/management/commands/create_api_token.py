"""``promesa create-api-token``: give a staff member a key for the REST API.

The key is printed once and stored only hashed, so it cannot be shown again; a lost key is
revoked in the admin and replaced with a new one.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from promesa.accounts.models import User
from promesa.accounts.services import api_token_create
from promesa.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an API token for a user and print its key once."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True, help="E-mail address of the user.")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {options['email']}.")
        if not user.is_active:
            raise CommandError(f"The user {user.email} is not active.")
        if user.organization_id is None:
            # A token acts as its user, scoped to the user's organization: without one it
            # could read nothing, so refuse rather than hand out a useless key.
            raise CommandError(
                f"The user {user.email} belongs to no organization; set it in the admin first."
            )
        try:
            token, key = api_token_create(user=user, name=options["name"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Token '{token.name}' ({token.key_prefix}…) for {user.email}. "
            "Store the key now: it is not shown again."
        )
