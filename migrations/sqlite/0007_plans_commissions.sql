-- The two partner types made real: own-plans resellers' plans, customers on a plan, and
-- the commission ledger (a sale per billing cycle of a commission reseller's customer).

-- Days after a sale's cycle starts before its commission is approved on its own.
ALTER TABLE agencies ADD COLUMN refund_window_days INTEGER NOT NULL DEFAULT 14
    CHECK (refund_window_days BETWEEN 0 AND 365);

-- An own-plans reseller's pricing plans, for its customers.
CREATE TABLE reseller_plans (
    id                  INTEGER PRIMARY KEY,
    agency_id           INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id         INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
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
    UNIQUE (reseller_id, name)
);
CREATE INDEX reseller_plans_by_reseller ON reseller_plans (reseller_id, status);

-- A customer's plan: an agency plan (commission resellers) or one of the reseller's own.
-- `billing_anchor` is when its billing started; `renews_at` the start of its next cycle.
ALTER TABLE customers ADD COLUMN plan_id INTEGER REFERENCES plans(id);
ALTER TABLE customers ADD COLUMN own_plan_id INTEGER REFERENCES reseller_plans(id);
ALTER TABLE customers ADD COLUMN billing_anchor INTEGER;
ALTER TABLE customers ADD COLUMN renews_at INTEGER;
CREATE INDEX customers_renewing ON customers (renews_at) WHERE renews_at IS NOT NULL;

-- How many customers each reseller has (the Resellers table's Customers column), kept
-- by the statements that add and delete customers.
ALTER TABLE resellers ADD COLUMN customers INTEGER NOT NULL DEFAULT 0 CHECK (customers >= 0);
UPDATE resellers SET customers = (SELECT COUNT(*) FROM customers c WHERE c.reseller_id = resellers.id);

-- A payout to a reseller: approved commissions of one currency, paid at once.
CREATE TABLE payouts (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id   INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    currency      TEXT    NOT NULL CHECK (length(currency) = 3),
    paid_on       TEXT    NOT NULL,
    reference     TEXT    NOT NULL DEFAULT '',
    recorded_by   TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX payouts_by_reseller ON payouts (reseller_id, paid_on);

-- One billing cycle of a commission reseller's customer, and the commission it earns.
-- The customer's name, the plan and the rate are copied: the ledger keeps what was sold.
CREATE TABLE sales (
    id                INTEGER PRIMARY KEY,
    agency_id         INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id       INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    customer_id       INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    customer_name     TEXT    NOT NULL,
    plan_name         TEXT    NOT NULL,
    cycle_start       INTEGER NOT NULL,
    cycle_end         INTEGER NOT NULL CHECK (cycle_end > cycle_start),
    amount_minor      INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency          TEXT    NOT NULL CHECK (length(currency) = 3),
    rate_bp           INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    commission_minor  INTEGER NOT NULL CHECK (commission_minor >= 0),
    status            TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'approved', 'paid', 'reversed')),
    approve_after     INTEGER NOT NULL,
    approved_at       INTEGER,
    reversed_at       INTEGER,
    payout_id         INTEGER REFERENCES payouts(id),
    created_at        INTEGER NOT NULL
);
-- A cycle is sold once, however many renewal runs see it (a reversed sale no longer
-- counts: a customer reactivated in a refunded cycle is sold a new one).
CREATE UNIQUE INDEX sales_once_per_cycle ON sales (customer_id, cycle_start) WHERE status <> 'reversed';
CREATE INDEX sales_by_agency ON sales (agency_id, cycle_start);
CREATE INDEX sales_by_reseller ON sales (reseller_id, cycle_start);
CREATE INDEX sales_pending ON sales (approve_after) WHERE status = 'pending';

-- A reseller's own team (the people who run its chatbots). Its team-member count
-- (`resellers.team_members_consumed`, the overview's "Team Members Consumed") is counted
-- from these rows whenever they change.
CREATE TABLE reseller_members (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    reseller_id  INTEGER NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    -- Lower-case; one member per address within a reseller.
    email        TEXT   NOT NULL,
    role         TEXT   NOT NULL CHECK (role IN ('admin', 'agent')),
    created_at   INTEGER NOT NULL,
    UNIQUE (reseller_id, email)
);

-- Usage events may name a customer of the reseller; its usage rolls up customer →
-- reseller → agency (the reseller's and the agency's counters count every event as before).
ALTER TABLE usage_events ADD COLUMN customer_id INTEGER;
CREATE TABLE customer_usage_monthly (
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    month        INTEGER NOT NULL,
    messages     INTEGER NOT NULL DEFAULT 0,
    whatsapp     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, month)
);

-- Plans, commissions and payouts join the activity log (SQLite rebuilds the table).
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
                       'customer_suspended', 'customer_reactivated', 'customer_deleted',
                       'own_plan_added', 'own_plan_updated', 'own_plan_archived', 'own_plan_restored',
                       'sale_made', 'commission_approved', 'commission_reversed', 'payout_recorded',
                       'refund_window_changed', 'team_member_added', 'team_member_removed')),
    detail         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
INSERT INTO activity_new (id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at)
    SELECT id, agency_id, reseller_id, reseller_name, actor, kind, detail, created_at FROM activity;
DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;
CREATE INDEX activity_by_agency ON activity (agency_id, created_at DESC, id DESC);
CREATE INDEX activity_by_reseller ON activity (reseller_id, created_at DESC, id DESC);
