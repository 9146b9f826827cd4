-- A reseller's customers: the businesses its chatbots serve. The reseller manages them in
-- its portal; the agency sees them on the reseller's details page.
CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    -- Lower-case; one customer per address within a reseller.
    email        TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (reseller_id, email)
);
CREATE INDEX customers_by_reseller ON customers (reseller_id, created_at, id);

-- Customer changes join the activity log (SQLite rebuilds the table to widen the kinds).
CREATE TABLE activity_new (
    id             INTEGER PRIMARY KEY,
    agency_id      INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id    INTEGER,
    reseller_name  TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('created', 'updated', 'activated', 'deactivated',
                       'plan_changed', 'deleted', 'login_ok', 'login_failed', 'api_key_used',
                       'member_invited', 'member_joined', 'member_role_changed', 'member_disabled',
                       'member_enabled', 'member_removed', 'two_factor_on', 'two_factor_off',
                       'member_sign_in_locked', 'customer_added', 'customer_updated',
                       'customer_suspended', 'customer_reactivated', 'customer_deleted')),
    detail         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
INSERT INTO activity_new (id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at)
    SELECT id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at FROM activity;
DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;
CREATE INDEX activity_by_agency ON activity (agency_id, created_at DESC, id DESC);
CREATE INDEX activity_by_reseller ON activity (reseller_id, created_at DESC, id DESC);
