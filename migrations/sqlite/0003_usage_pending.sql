-- Usage accepted but not yet added to the month counters. A usage batch appends its sums
-- here (a few pages) instead of rewriting one page of `usage_monthly` per reseller it names
-- (at a million resellers, a page per event); a background step moves them into
-- `usage_monthly` in one transaction (deleted here, added there), and reads add what is
-- still here. The agency's month sums (`agency_usage_monthly`) stay written by the batch.
CREATE TABLE usage_pending (
    id           INTEGER PRIMARY KEY,
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    month        INTEGER NOT NULL CHECK (month BETWEEN 200001 AND 999912),
    messages     INTEGER NOT NULL CHECK (messages >= 0),
    whatsapp     INTEGER NOT NULL CHECK (whatsapp >= 0)
);
CREATE INDEX usage_pending_by_reseller ON usage_pending (reseller_id, month);

-- The month counters ordered by month first: a month's rows (the ones usage changes) are
-- then side by side, about 6,600 pages at a million resellers, instead of one or two on
-- every page of the table, so folding many resellers' usage rewrites a bounded set of
-- pages. A reseller's months are found through an index of their own.
CREATE TABLE usage_monthly_by_month (
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    month        INTEGER NOT NULL CHECK (month BETWEEN 200001 AND 999912),
    messages     INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
    whatsapp     INTEGER NOT NULL DEFAULT 0 CHECK (whatsapp >= 0),
    PRIMARY KEY (month, reseller_id)
) WITHOUT ROWID;
INSERT INTO usage_monthly_by_month (reseller_id, month, messages, whatsapp)
    SELECT reseller_id, month, messages, whatsapp FROM usage_monthly;
DROP TABLE usage_monthly;
ALTER TABLE usage_monthly_by_month RENAME TO usage_monthly;
CREATE INDEX usage_monthly_by_reseller ON usage_monthly (reseller_id, month);
