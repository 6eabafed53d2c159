"""The database itself refuses to change or delete a transfer.

Only a pending transfer's state may move, once, from open to posted, voided or expired; a
link to a match or a listing may be cleared when that is deleted, and a memo may be blanked
when a person is erased. Everything else is fixed. On SQLite only updates are guarded:
Django's test flush empties tables with DELETE there (PostgreSQL uses TRUNCATE, which row
triggers do not see), and the model and its queryset refuse deletes anyway.
"""

from django.db import migrations

FIXED_COLUMNS = [
    "id",
    "key",
    "kind",
    "debit_id",
    "credit_id",
    "amount",
    "is_pending",
    "expires_at",
    "pending_id",
    "reverses_id",
    "reason",
    "initiated_by_id",
    "created_at",
]

POSTGRESQL_FORWARD = """
CREATE FUNCTION exchange_transfer_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'exchange_transfer rows are never deleted';
    END IF;
    IF ({new}) IS DISTINCT FROM ({old})
        OR (NEW.contact_id IS DISTINCT FROM OLD.contact_id AND NEW.contact_id IS NOT NULL)
        OR (NEW.listing_id IS DISTINCT FROM OLD.listing_id AND NEW.listing_id IS NOT NULL)
        OR (NEW.memo IS DISTINCT FROM OLD.memo AND NEW.memo <> '')
        OR (NEW.pending_state IS DISTINCT FROM OLD.pending_state
            AND (OLD.pending_state <> 'open'
                 OR NEW.pending_state NOT IN ('posted', 'voided', 'expired')))
    THEN
        RAISE EXCEPTION 'exchange_transfer rows are never changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER exchange_transfer_immutable
    BEFORE UPDATE OR DELETE ON exchange_transfer
    FOR EACH ROW EXECUTE FUNCTION exchange_transfer_immutable();
""".format(
    new=", ".join(f"NEW.{column}" for column in FIXED_COLUMNS),
    old=", ".join(f"OLD.{column}" for column in FIXED_COLUMNS),
)

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS exchange_transfer_immutable ON exchange_transfer;
DROP FUNCTION IF EXISTS exchange_transfer_immutable();
"""

SQLITE_FORWARD = """
CREATE TRIGGER exchange_transfer_immutable
BEFORE UPDATE ON exchange_transfer
WHEN {changed}
    OR (NEW.contact_id IS NOT OLD.contact_id AND NEW.contact_id IS NOT NULL)
    OR (NEW.listing_id IS NOT OLD.listing_id AND NEW.listing_id IS NOT NULL)
    OR (NEW.memo IS NOT OLD.memo AND NEW.memo <> '')
    OR (NEW.pending_state IS NOT OLD.pending_state
        AND (OLD.pending_state <> 'open'
             OR NEW.pending_state NOT IN ('posted', 'voided', 'expired')))
BEGIN
    SELECT RAISE(ABORT, 'exchange_transfer rows are never changed');
END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED_COLUMNS))

SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS exchange_transfer_immutable;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
