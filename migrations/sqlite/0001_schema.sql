-- Partnerdesk schema (SQLite). Timestamps are unix seconds (UTC).
-- migrations/postgres holds the same tables, columns and rules under the same numbers:
-- one number is one change in both directories (server/tests/it/schema.rs compares them).

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE plans (
    id                  INTEGER PRIMARY KEY,
    agency_id           INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    description         TEXT    NOT NULL DEFAULT '',
    price_minor         INTEGER NOT NULL CHECK (price_minor >= 0),
    currency            TEXT    NOT NULL CHECK (length(currency) = 3),
    billing_cycle       TEXT    NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'yearly')),
    messages_limit      INTEGER NOT NULL CHECK (messages_limit >= 0),
    whatsapp_limit      INTEGER NOT NULL CHECK (whatsapp_limit >= 0),
    team_members_limit  INTEGER NOT NULL CHECK (team_members_limit >= 0),
    status              TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- Resellers on the plan (the Plans tab and the plan filter show it), kept by triggers.
    resellers           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (agency_id, name)
);

CREATE INDEX plans_by_agency ON plans (agency_id, status);

CREATE TABLE resellers (
    id                     INTEGER PRIMARY KEY,
    agency_id              INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    partner_type           TEXT    NOT NULL CHECK (partner_type IN ('own_plans', 'commission')),
    name                   TEXT    NOT NULL,
    -- The partner's login at its login domain: unique within the agency (another agency
    -- must not learn from a refused create that an address is one of ours), lower-case.
    email                  TEXT    NOT NULL,
    phone                  TEXT    NOT NULL,
    website                TEXT,
    -- argon2id PHC string; never leaves the server.
    password_hash          TEXT    NOT NULL,
    contact_name           TEXT    NOT NULL,
    contact_email          TEXT    NOT NULL,
    contact_phone          TEXT    NOT NULL,
    login_domain           TEXT    NOT NULL UNIQUE,
    plan_id                INTEGER REFERENCES plans(id) ON DELETE RESTRICT,
    -- Commission in basis points (0..=10000), commission resellers only.
    commission_rate_bp     INTEGER CHECK (commission_rate_bp BETWEEN 0 AND 10000),
    status                 TEXT    NOT NULL CHECK (status IN ('active', 'inactive')),
    -- Lower-cased "name\nemail", written by the application for substring search.
    search_key             TEXT    NOT NULL,
    team_members_consumed  INTEGER NOT NULL DEFAULT 0 CHECK (team_members_consumed >= 0),
    joined_on              INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    CONSTRAINT resellers_agency_email_key UNIQUE (agency_id, email)
);
CREATE INDEX resellers_by_agency_joined ON resellers (agency_id, joined_on DESC, id DESC);
CREATE INDEX resellers_by_plan ON resellers (plan_id);
-- Filters and sorts, each in the table's order (ties broken by joined date and id in the
-- same direction), so a page is read from an index, forwards or backwards, without sorting
-- the agency's resellers; pages start from a cursor on these columns (keyset).
CREATE INDEX resellers_by_status ON resellers (agency_id, status, joined_on, id);
CREATE INDEX resellers_by_type ON resellers (agency_id, partner_type, joined_on, id);
CREATE INDEX resellers_by_agency_plan ON resellers (agency_id, plan_id, joined_on, id);
CREATE INDEX resellers_by_name ON resellers (agency_id, lower(name), joined_on, id);
CREATE INDEX resellers_by_email ON resellers (agency_id, email, joined_on, id);

-- Agency admins, sessions (admin and reseller) and sign-in throttling.

CREATE TABLE admins (
    id             INTEGER PRIMARY KEY,
    agency_id      INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    -- Lower-case; the sign-in name.
    email          TEXT    NOT NULL UNIQUE,
    -- argon2id PHC string; never leaves the server.
    password_hash  TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX admins_by_agency ON admins (agency_id);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database cannot be used to sign in.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('admin', 'reseller')),
    admin_id      INTEGER REFERENCES admins(id) ON DELETE CASCADE,
    reseller_id   INTEGER REFERENCES resellers(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    -- Absolute expiry; idle expiry is last_seen_at + the idle timeout.
    expires_at    INTEGER NOT NULL,
    CHECK ((kind = 'admin' AND admin_id IS NOT NULL AND reseller_id IS NULL)
        OR (kind = 'reseller' AND reseller_id IS NOT NULL AND admin_id IS NULL))
);
CREATE INDEX sessions_by_admin ON sessions (admin_id);
CREATE INDEX sessions_by_reseller ON sessions (reseller_id);

-- Failed sign-ins per key ('account:<email>' or 'client:<ip>') within a window.
CREATE TABLE login_throttle (
    key           TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL DEFAULT 0
);

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

-- Messages and WhatsApp messages a reseller consumed in one calendar month (UTC),
-- `month` as yyyymm (e.g. 202611). Team members stay a current value on `resellers`.
CREATE TABLE usage_monthly (
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    month        INTEGER NOT NULL CHECK (month BETWEEN 200001 AND 999912),
    messages     INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
    whatsapp     INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp >= 0),
    PRIMARY KEY (reseller_id, month)
) WITHOUT ROWID;

-- Every usage event accepted, by the sender's id: a retried event is recognised and
-- counted once. No foreign key to the reseller: the record outlives a deletion.
CREATE TABLE usage_events (
    agency_id    INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    event_id     TEXT    NOT NULL,
    reseller_id  INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('messages', 'whatsapp_messages')),
    count        INTEGER NOT NULL CHECK (count > 0),
    occurred_at  INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (agency_id, event_id)
) WITHOUT ROWID;

-- Keys for the usage API. Only the SHA-256 of a key is kept (keys are 256-bit random,
-- so a slow hash adds nothing); `prefix` lets an admin recognise a key in the list.
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    prefix        TEXT    NOT NULL,
    key_hash      TEXT    NOT NULL UNIQUE,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_keys_by_agency ON api_keys (agency_id, created_at DESC);

-- Substring search without a table scan: an FTS5 index of the trigrams of `search_key`,
-- kept in step with `resellers` by triggers. Searches of 3 or more characters use it;
-- shorter ones fall back to LIKE. (Writers to `resellers` take the write lock first,
-- BEGIN IMMEDIATE: the triggers' FTS writes made deferred transactions fail with "database
-- is locked" under concurrent creates.)
CREATE VIRTUAL TABLE resellers_search USING fts5(
    search_key,
    content = 'resellers',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER resellers_search_insert AFTER INSERT ON resellers BEGIN
    INSERT INTO resellers_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER resellers_search_delete AFTER DELETE ON resellers BEGIN
    INSERT INTO resellers_search (resellers_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER resellers_search_update AFTER UPDATE OF search_key ON resellers BEGIN
    INSERT INTO resellers_search (resellers_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO resellers_search (rowid, search_key) VALUES (new.id, new.search_key);
END;

-- Figures the console shows on every page are kept up to date instead of being summed
-- per request.
-- Reseller counts and team members per agency, kept by triggers on `resellers` (every
-- writer is covered, whatever the code path).
CREATE TABLE agency_totals (
    agency_id     INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
    resellers     INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 0,
    team_members  INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER agency_totals_new_agency AFTER INSERT ON agencies BEGIN
    INSERT INTO agency_totals (agency_id) VALUES (new.id);
END;
CREATE TRIGGER agency_totals_insert AFTER INSERT ON resellers BEGIN
    UPDATE agency_totals SET resellers = resellers + 1, active = active + (new.status = 'active'),
        team_members = team_members + new.team_members_consumed
    WHERE agency_id = new.agency_id;
END;
CREATE TRIGGER agency_totals_delete AFTER DELETE ON resellers BEGIN
    UPDATE agency_totals SET resellers = resellers - 1, active = active - (old.status = 'active'),
        team_members = team_members - old.team_members_consumed
    WHERE agency_id = old.agency_id;
END;
CREATE TRIGGER agency_totals_update AFTER UPDATE OF status, team_members_consumed ON resellers BEGIN
    UPDATE agency_totals SET active = active - (old.status = 'active') + (new.status = 'active'),
        team_members = team_members - old.team_members_consumed + new.team_members_consumed
    WHERE agency_id = new.agency_id;
END;

-- Usage per agency and month: the sums of `usage_monthly`, written by the application in
-- the same transaction as the reseller rows (ingestion adds once per batch and month, a
-- deleted reseller's usage is subtracted; see ssr/usage.rs).
CREATE TABLE agency_usage_monthly (
    agency_id  INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    month      INTEGER NOT NULL,
    messages   INTEGER NOT NULL DEFAULT 0,
    whatsapp   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, month)
) WITHOUT ROWID;

-- Resellers per plan (`plans.resellers`), kept by triggers.
CREATE TRIGGER plan_resellers_insert AFTER INSERT ON resellers WHEN new.plan_id IS NOT NULL BEGIN
    UPDATE plans SET resellers = resellers + 1 WHERE id = new.plan_id;
END;
CREATE TRIGGER plan_resellers_delete AFTER DELETE ON resellers WHEN old.plan_id IS NOT NULL BEGIN
    UPDATE plans SET resellers = resellers - 1 WHERE id = old.plan_id;
END;
CREATE TRIGGER plan_resellers_update AFTER UPDATE OF plan_id ON resellers
WHEN old.plan_id IS NOT new.plan_id BEGIN
    UPDATE plans SET resellers = resellers - 1 WHERE id = old.plan_id;
    UPDATE plans SET resellers = resellers + 1 WHERE id = new.plan_id;
END;
