-- Usage accepted but not yet added to the month counters. A usage batch appends its sums
-- here instead of updating one row of `usage_monthly` per reseller it names; a background
-- step moves them into `usage_monthly` in one transaction (deleted here, added there), and
-- reads add what is still here. The agency's month sums (`agency_usage_monthly`) stay
-- written by the batch.
CREATE TABLE usage_pending (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reseller_id  BIGINT NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    month        BIGINT NOT NULL CHECK (month BETWEEN 200001 AND 999912),
    messages     BIGINT NOT NULL CHECK (messages >= 0),
    whatsapp     BIGINT NOT NULL CHECK (whatsapp >= 0)
);
CREATE INDEX usage_pending_by_reseller ON usage_pending (reseller_id, month);
