-- Invitations, two-factor sign-in, the members' sessions as they see them, and team
-- changes in the activity log.

-- An invitation to join an agency's team with a role. The link's token is shown once;
-- only its SHA-256 is kept. Single use (accepted_at), revocable, ends at expires_at.
CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    email        TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'support', 'viewer')),
    token_hash   TEXT    NOT NULL UNIQUE,
    invited_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX invitations_by_agency ON invitations (agency_id, created_at);

-- TOTP (RFC 6238): the secret (base32) is set when a member starts setting it up and
-- counts once totp_enabled_at is set; totp_last_step is the last time step accepted
-- (a code is accepted once).
ALTER TABLE admins ADD COLUMN totp_secret TEXT;
ALTER TABLE admins ADD COLUMN totp_enabled_at INTEGER;
ALTER TABLE admins ADD COLUMN totp_last_step INTEGER;

-- Single-use recovery codes (SHA-256 of the code).
CREATE TABLE recovery_codes (
    admin_id   INTEGER NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (admin_id, code_hash)
);

-- Between the password and the code: a short-lived, single-use step of a sign-in.
CREATE TABLE sign_in_challenges (
    token_hash  TEXT    PRIMARY KEY,
    admin_id    INTEGER NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL
);

-- 1: every member must sign in with a second factor.
ALTER TABLE agencies ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0;

-- What a member sees of their sessions: the browser and the address it signed in from.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';

-- Team changes join the activity log: the kinds' rule is widened (SQLite rebuilds the table).
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
                       'member_sign_in_locked')),
    detail         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
INSERT INTO activity_new (id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at)
    SELECT id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at FROM activity;
DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;
CREATE INDEX activity_by_agency ON activity (agency_id, created_at DESC, id DESC);
CREATE INDEX activity_by_reseller ON activity (reseller_id, created_at DESC, id DESC);
