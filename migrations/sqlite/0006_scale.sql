-- Scale: figures the console shows on every page are kept up to date instead of being
-- summed per request, and indexes serve each filter and sort in the table's order.

-- Reseller counts and team members per agency, kept by triggers on `resellers` (every
-- writer is covered, whatever the code path).
CREATE TABLE agency_totals (
    agency_id     INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
    resellers     INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 0,
    team_members  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO agency_totals (agency_id, resellers, active, team_members)
SELECT a.id, COUNT(r.id), COALESCE(SUM(r.status = 'active'), 0), COALESCE(SUM(r.team_members_consumed), 0)
FROM agencies a LEFT JOIN resellers r ON r.agency_id = a.id GROUP BY a.id;

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
INSERT INTO agency_usage_monthly (agency_id, month, messages, whatsapp)
SELECT r.agency_id, u.month, SUM(u.messages), SUM(u.whatsapp)
FROM usage_monthly u JOIN resellers r ON r.id = u.reseller_id GROUP BY r.agency_id, u.month;

-- Filters and sorts, each in the table's order (ties broken by joined date and id in the
-- same direction), so a page is read from an index, forwards or backwards, without sorting
-- the agency's resellers; pages start from a cursor on these columns (keyset).
CREATE INDEX resellers_by_status ON resellers (agency_id, status, joined_on, id);
CREATE INDEX resellers_by_type ON resellers (agency_id, partner_type, joined_on, id);
CREATE INDEX resellers_by_agency_plan ON resellers (agency_id, plan_id, joined_on, id);
CREATE INDEX resellers_by_name ON resellers (agency_id, lower(name), joined_on, id);
CREATE INDEX resellers_by_email ON resellers (agency_id, email, joined_on, id);

-- Resellers per plan (the Plans tab and the plan filter show it), kept by triggers.
ALTER TABLE plans ADD COLUMN resellers INTEGER NOT NULL DEFAULT 0;
UPDATE plans SET resellers = (SELECT COUNT(*) FROM resellers r WHERE r.plan_id = plans.id);
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
