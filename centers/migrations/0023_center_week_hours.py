"""Center.open_days and open_nights: each place's week of hours (centers.models.WeekHours),
kept by the PostgreSQL triggers that keep hours_known (migration 0006), and carried by the list
indexes (migration 0024), where "open now" reads them (OpenAt) instead of the hours of every
place.

- centers_open_days(place) and centers_open_nights(place) compute them from the place's hours
  (centers.models.week_hours() is their Python form, for a load with the triggers off);
- before a place is inserted or updated, they are recomputed with its flag (whatever an
  instance loaded earlier carries is ignored);
- after hours are inserted, deleted or updated (their times too now, not only their place), the
  places whose flag or week no longer agree with their hours are touched, which recomputes them.
The places already there get theirs with the search documents' trigger off for that update: the
documents do not read these columns, and writing 50,000 places' again took minutes.
SQLite has no triggers here: the columns are texts that nothing reads (OpenAt reads the hours).
"""

from django.db import migrations

import centers.models

CREATE = """
CREATE OR REPLACE FUNCTION centers_open_days(place bigint) RETURNS int8multirange
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(range_agg(int8range(
        weekday * 86400000000::bigint + (EXTRACT(EPOCH FROM opens) * 1000000)::bigint,
        weekday * 86400000000::bigint + CASE WHEN closes < opens THEN 86400000000::bigint
            ELSE (EXTRACT(EPOCH FROM closes) * 1000000)::bigint END
    )), '{}')
    FROM centers_openinghours WHERE center_id = place
$$;
CREATE OR REPLACE FUNCTION centers_open_nights(place bigint) RETURNS int8multirange
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(range_agg(int8range(
        (weekday + 1) % 7 * 86400000000::bigint,
        (weekday + 1) % 7 * 86400000000::bigint + (EXTRACT(EPOCH FROM closes) * 1000000)::bigint
    )) FILTER (WHERE closes < opens), '{}')
    FROM centers_openinghours WHERE center_id = place
$$;

CREATE OR REPLACE FUNCTION centers_center_hours_known() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.hours_known := EXISTS (SELECT 1 FROM centers_openinghours WHERE center_id = NEW.id);
    NEW.open_days := centers_open_days(NEW.id);
    NEW.open_nights := centers_open_nights(NEW.id);
    RETURN NEW;
END
$$;

-- The places whose flag or week of hours no longer agree with their hours: touched, so that
-- the trigger above recomputes them (the others are not rewritten).
CREATE OR REPLACE FUNCTION centers_hours_stale(
    place bigint, known boolean, days int8multirange, nights int8multirange
) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (known, days, nights) IS DISTINCT FROM (
        EXISTS (SELECT 1 FROM centers_openinghours WHERE center_id = place),
        centers_open_days(place),
        centers_open_nights(place)
    )
$$;

CREATE OR REPLACE FUNCTION centers_hours_touch_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE centers_center SET hours_known = hours_known
        WHERE id IN (SELECT center_id FROM new_rows)
        AND centers_hours_stale(id, hours_known, open_days, open_nights);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE centers_center SET hours_known = hours_known
        WHERE id IN (SELECT center_id FROM old_rows)
        AND centers_hours_stale(id, hours_known, open_days, open_nights);
    ELSE
        UPDATE centers_center SET hours_known = hours_known
        WHERE id IN (SELECT center_id FROM old_rows UNION SELECT center_id FROM new_rows)
        AND centers_hours_stale(id, hours_known, open_days, open_nights);
    END IF;
    RETURN NULL;
END
$$;
"""

# The places already there (those without hours have the columns' default, '{}').
BACKFILL = """
UPDATE centers_center SET open_days = centers_open_days(id), open_nights = centers_open_nights(id)
WHERE id IN (SELECT center_id FROM centers_openinghours);
"""

# Migration 0006's functions, as they were.
RESTORE = """
CREATE OR REPLACE FUNCTION centers_center_hours_known() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.hours_known := EXISTS (SELECT 1 FROM centers_openinghours WHERE center_id = NEW.id);
    RETURN NEW;
END
$$;
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
DROP FUNCTION IF EXISTS centers_hours_stale(bigint, boolean, int8multirange, int8multirange);
DROP FUNCTION IF EXISTS centers_open_days(bigint);
DROP FUNCTION IF EXISTS centers_open_nights(bigint);
"""

SEARCH_TRIGGER = "network_search_places"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A cursor of its own, without parameters: the functions' text holds a % (modulo).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE)
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = 'centers_center'::regclass",
            [SEARCH_TRIGGER],
        )
        search = cursor.fetchone() is not None
        if search:
            cursor.execute(f"ALTER TABLE centers_center DISABLE TRIGGER {SEARCH_TRIGGER}")
        cursor.execute(BACKFILL)
        if search:
            cursor.execute(f"ALTER TABLE centers_center ENABLE TRIGGER {SEARCH_TRIGGER}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(RESTORE)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0022_displayed_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="center",
            name="open_days",
            field=centers.models.WeekHours(
                default="{}", editable=False, verbose_name="open by day"
            ),
        ),
        migrations.AddField(
            model_name="center",
            name="open_nights",
            field=centers.models.WeekHours(
                default="{}", editable=False, verbose_name="open past midnight"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
