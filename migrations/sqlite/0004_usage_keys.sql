-- Usage per calendar month, idempotent ingestion, and agency API keys.

-- Messages and WhatsApp messages a reseller consumed in one calendar month (UTC),
-- `month` as yyyymm (e.g. 202611). Team members stay a current value on `resellers`.
CREATE TABLE usage_monthly (
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    month        INTEGER NOT NULL CHECK (month BETWEEN 200001 AND 999912),
    messages     INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
    whatsapp     INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp >= 0),
    PRIMARY KEY (reseller_id, month)
) WITHOUT ROWID;

-- The month counters replace the per-reseller totals written by the first schema:
-- they become this month's usage, and the old columns are no longer read or written.
INSERT INTO usage_monthly (reseller_id, month, messages, whatsapp)
SELECT id, CAST(strftime('%Y%m', 'now') AS INTEGER), messages_consumed, whatsapp_consumed
FROM resellers WHERE messages_consumed > 0 OR whatsapp_consumed > 0;

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
CREATE INDEX plans_by_agency ON plans (agency_id, status);
