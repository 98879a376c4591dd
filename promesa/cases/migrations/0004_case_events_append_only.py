"""On PostgreSQL, refuse UPDATE and DELETE of case events in the database itself.

The application already refuses them (CaseEvent.save/delete and its QuerySet); the trigger
also stops raw SQL and other programs sharing the database from rewriting a case's history.
TRUNCATE (used by test tear-down and by a full restore) is not a row event and still works.
SQLite is left alone: it is the single-node development database.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE OR REPLACE FUNCTION promesa_case_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only (%% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS case_event_append_only ON cases_caseevent;
CREATE TRIGGER case_event_append_only
    BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION promesa_case_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS case_event_append_only ON cases_caseevent;
DROP FUNCTION IF EXISTS promesa_case_event_append_only();
"""


def create_trigger(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_message_templates")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
