-- Append-only activity log per agency. It keeps the reseller's id and name as they were:
-- no foreign key, so the record of a deletion outlives the reseller.
CREATE TABLE activity (
    id             INTEGER PRIMARY KEY,
    agency_id      INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id    INTEGER,
    reseller_name  TEXT    NOT NULL,
    -- Who: an admin's e-mail, "reseller", or an API key's name.
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('created', 'updated', 'activated', 'deactivated',
                       'plan_changed', 'deleted', 'login_ok', 'login_failed', 'api_key_used')),
    -- Non-secret detail, e.g. the names of changed fields.
    detail         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX activity_by_agency ON activity (agency_id, created_at DESC, id DESC);
CREATE INDEX activity_by_reseller ON activity (reseller_id, created_at DESC, id DESC);
