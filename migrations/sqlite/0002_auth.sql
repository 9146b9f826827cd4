-- Agency admins, sessions (admin now, reseller portal later) and sign-in throttling.

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
