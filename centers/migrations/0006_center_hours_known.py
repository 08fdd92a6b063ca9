"""Center.hours_known: whether a place has opening hours, kept by PostgreSQL triggers.

"Open now" says how many matching places have unknown hours. Counting them with NOT EXISTS
read every place's hours (500,000 rows at 50,000 places); the flag and its partial index make
it a count of the few places without hours.

The triggers, so that no write path has to remember it (admin inlines, imports, bulk inserts):
- before a place is inserted or updated, its flag is recomputed from its hours (whatever value
  an instance loaded earlier carries is ignored);
- after hours are inserted, deleted or moved to another place (statement triggers with
  transition tables: a bulk insert of 500,000 hours is one UPDATE), the places concerned are
  touched, which recomputes their flag.
SQLite (the embedded default) has no triggers here: CenterQuerySet.hours_unknown() uses NOT
EXISTS there.
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION centers_center_hours_known() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.hours_known := EXISTS (SELECT 1 FROM centers_openinghours WHERE center_id = NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER centers_center_hours_known BEFORE INSERT OR UPDATE ON centers_center
FOR EACH ROW EXECUTE FUNCTION centers_center_hours_known();

CREATE OR REPLACE FUNCTION centers_hours_touch_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE centers_center SET hours_known = true
        WHERE NOT hours_known AND id IN (SELECT center_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE centers_center SET hours_known = false
        WHERE hours_known AND id IN (SELECT center_id FROM old_rows);
    ELSE
        UPDATE centers_center SET hours_known = hours_known
        WHERE id IN (
            SELECT o.center_id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE n.center_id <> o.center_id
            UNION
            SELECT n.center_id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE n.center_id <> o.center_id
        );
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER centers_hours_inserted AFTER INSERT ON centers_openinghours
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION centers_hours_touch_places();
CREATE TRIGGER centers_hours_deleted AFTER DELETE ON centers_openinghours
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION centers_hours_touch_places();
CREATE TRIGGER centers_hours_moved AFTER UPDATE ON centers_openinghours
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION centers_hours_touch_places();

-- The places already there.
UPDATE centers_center SET hours_known = true
WHERE id IN (SELECT center_id FROM centers_openinghours);
"""

DROP = """
DROP TRIGGER IF EXISTS centers_hours_inserted ON centers_openinghours;
DROP TRIGGER IF EXISTS centers_hours_deleted ON centers_openinghours;
DROP TRIGGER IF EXISTS centers_hours_moved ON centers_openinghours;
DROP FUNCTION IF EXISTS centers_hours_touch_places();
DROP TRIGGER IF EXISTS centers_center_hours_known ON centers_center;
DROP FUNCTION IF EXISTS centers_center_hours_known();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0005_list_and_open_now_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="center",
            name="hours_known",
            field=models.BooleanField(default=False, editable=False, verbose_name="hours known"),
        ),
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="center",
            index=models.Index(
                condition=models.Q(("hours_known", False)),
                fields=["id"],
                name="centers_center_no_hours",
            ),
        ),
    ]
