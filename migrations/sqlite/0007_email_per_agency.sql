-- no-transaction
-- A partner's e-mail is unique within its agency, not across the platform: another
-- agency must not learn, from a refused create, that an address is one of ours. (The
-- partner signs in at its own login domain, which still names exactly one reseller.)
--
-- SQLite cannot drop a column's UNIQUE, so the table is rebuilt (SQLite's documented
-- procedure: foreign keys off outside the transaction, new table, copy, swap, indexes
-- and triggers again, check). The columns unused since 0004 (messages_consumed,
-- whatsapp_consumed) are left behind, as PostgreSQL never had them.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE resellers_rebuilt (
    id                     INTEGER PRIMARY KEY,
    agency_id              INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    partner_type           TEXT    NOT NULL CHECK (partner_type IN ('own_plans', 'commission')),
    name                   TEXT    NOT NULL,
    -- The partner's login at its login domain: unique within the agency, lower-case.
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

INSERT INTO resellers_rebuilt (id, agency_id, partner_type, name, email, phone, website, password_hash,
    contact_name, contact_email, contact_phone, login_domain, plan_id, commission_rate_bp, status, search_key,
    team_members_consumed, joined_on, updated_at)
SELECT id, agency_id, partner_type, name, email, phone, website, password_hash,
    contact_name, contact_email, contact_phone, login_domain, plan_id, commission_rate_bp, status, search_key,
    team_members_consumed, joined_on, updated_at
FROM resellers;

DROP TABLE resellers;
ALTER TABLE resellers_rebuilt RENAME TO resellers;

CREATE INDEX resellers_by_agency_joined ON resellers (agency_id, joined_on DESC, id DESC);
CREATE INDEX resellers_by_plan ON resellers (plan_id);
CREATE INDEX resellers_by_status ON resellers (agency_id, status, joined_on, id);
CREATE INDEX resellers_by_type ON resellers (agency_id, partner_type, joined_on, id);
CREATE INDEX resellers_by_agency_plan ON resellers (agency_id, plan_id, joined_on, id);
CREATE INDEX resellers_by_name ON resellers (agency_id, lower(name), joined_on, id);
CREATE INDEX resellers_by_email ON resellers (agency_id, email, joined_on, id);

-- The search index (0005) reads the table by name and rowid: it stays as it is.
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

-- Kept totals (0006).
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

COMMIT;
PRAGMA foreign_keys = ON;
