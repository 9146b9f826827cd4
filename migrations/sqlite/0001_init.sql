-- Partnerdesk schema (SQLite). Timestamps are unix seconds (UTC).

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
    UNIQUE (agency_id, name)
);

CREATE TABLE resellers (
    id                     INTEGER PRIMARY KEY,
    agency_id              INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    partner_type           TEXT    NOT NULL CHECK (partner_type IN ('own_plans', 'commission')),
    name                   TEXT    NOT NULL,
    -- The partner's login: unique across the platform, stored lower-case.
    email                  TEXT    NOT NULL UNIQUE,
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
    messages_consumed      INTEGER NOT NULL DEFAULT 0 CHECK (messages_consumed >= 0),
    whatsapp_consumed      INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp_consumed >= 0),
    team_members_consumed  INTEGER NOT NULL DEFAULT 0 CHECK (team_members_consumed >= 0),
    joined_on              INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);

CREATE INDEX resellers_by_agency_joined ON resellers (agency_id, joined_on DESC, id DESC);
CREATE INDEX resellers_by_plan ON resellers (plan_id);
