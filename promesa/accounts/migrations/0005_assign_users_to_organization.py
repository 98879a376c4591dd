"""Give every existing staff account the organization it works for.

An install with one organization (every install before organizations were scoped) puts all
its users in it. With several, a user goes to the one organization of the areas they belong
to or manage; a user whose areas span organizations, or who has none, is left without one
and sees nothing until an administrator chooses it in the admin. An empty database has no
users to assign.
"""

from django.db import migrations


def assign_organizations(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Organization = apps.get_model("organization", "Organization")
    Area = apps.get_model("organization", "Area")
    organizations = list(Organization.objects.values_list("pk", flat=True)[:2])
    unassigned = User.objects.filter(organization__isnull=True)
    if len(organizations) == 1:
        unassigned.update(organization_id=organizations[0])
        return
    for user in unassigned.iterator():
        found = set(
            Area.objects.filter(memberships__user=user).values_list("organization_id", flat=True)
        ) | set(Area.objects.filter(manager=user).values_list("organization_id", flat=True))
        if len(found) == 1:
            User.objects.filter(pk=user.pk).update(organization_id=found.pop())


def forget_organizations(apps, schema_editor):
    apps.get_model("accounts", "User").objects.update(organization=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_organization"),
    ]

    operations = [migrations.RunPython(assign_organizations, forget_organizations)]
