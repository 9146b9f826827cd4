-- Scale: figures the console shows on every page are kept up to date instead of being
-- summed per request, and indexes serve each filter and sort in the table's order.
-- (Same tables and rules as the SQLite migration 0006.)

-- Reseller counts and team members per agency, kept by triggers on `resellers`.
CREATE TABLE agency_totals (
    agency_id     BIGINT PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
    resellers     BIGINT NOT NULL DEFAULT 0,
    active        BIGINT NOT NULL DEFAULT 0,
    team_members  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO agency_totals (agency_id, resellers, active, team_members)
SELECT a.id, COUNT(r.id), COUNT(r.id) FILTER (WHERE r.status = 'active'), COALESCE(SUM(r.team_members_consumed), 0)
FROM agencies a LEFT JOIN resellers r ON r.agency_id = a.id GROUP BY a.id;

CREATE FUNCTION agency_totals_new_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agency_totals (agency_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER agency_totals_new_agency AFTER INSERT ON agencies
    FOR EACH ROW EXECUTE FUNCTION agency_totals_new_agency();

CREATE FUNCTION agency_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE agency_totals SET resellers = resellers + 1,
            active = active + CASE WHEN NEW.status = 'active' THEN 1 ELSE 0 END,
            team_members = team_members + NEW.team_members_consumed
        WHERE agency_id = NEW.agency_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE agency_totals SET resellers = resellers - 1,
            active = active - CASE WHEN OLD.status = 'active' THEN 1 ELSE 0 END,
            team_members = team_members - OLD.team_members_consumed
        WHERE agency_id = OLD.agency_id;
    ELSE
        UPDATE agency_totals SET
            active = active - CASE WHEN OLD.status = 'active' THEN 1 ELSE 0 END
                            + CASE WHEN NEW.status = 'active' THEN 1 ELSE 0 END,
            team_members = team_members - OLD.team_members_consumed + NEW.team_members_consumed
        WHERE agency_id = NEW.agency_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER agency_totals_insert_delete AFTER INSERT OR DELETE ON resellers
    FOR EACH ROW EXECUTE FUNCTION agency_totals_follow();
CREATE TRIGGER agency_totals_update AFTER UPDATE OF status, team_members_consumed ON resellers
    FOR EACH ROW EXECUTE FUNCTION agency_totals_follow();

-- Usage per agency and month, written by the application (see ssr/usage.rs).
CREATE TABLE agency_usage_monthly (
    agency_id  BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    month      BIGINT NOT NULL,
    messages   BIGINT NOT NULL DEFAULT 0,
    whatsapp   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, month)
);
INSERT INTO agency_usage_monthly (agency_id, month, messages, whatsapp)
SELECT r.agency_id, u.month, SUM(u.messages), SUM(u.whatsapp)
FROM usage_monthly u JOIN resellers r ON r.id = u.reseller_id GROUP BY r.agency_id, u.month;

CREATE INDEX resellers_by_status ON resellers (agency_id, status, joined_on, id);
CREATE INDEX resellers_by_type ON resellers (agency_id, partner_type, joined_on, id);
CREATE INDEX resellers_by_agency_plan ON resellers (agency_id, plan_id, joined_on, id);
CREATE INDEX resellers_by_name ON resellers (agency_id, lower(name), joined_on, id);
CREATE INDEX resellers_by_email ON resellers (agency_id, email, joined_on, id);

-- Resellers per plan (the Plans tab and the plan filter show it), kept by triggers.
ALTER TABLE plans ADD COLUMN resellers BIGINT NOT NULL DEFAULT 0;
UPDATE plans SET resellers = (SELECT COUNT(*) FROM resellers r WHERE r.plan_id = plans.id);
CREATE FUNCTION plan_resellers_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.plan_id IS NOT NULL THEN
        UPDATE plans SET resellers = resellers - 1 WHERE id = OLD.plan_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.plan_id IS NOT NULL THEN
        UPDATE plans SET resellers = resellers + 1 WHERE id = NEW.plan_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER plan_resellers_insert_delete AFTER INSERT OR DELETE ON resellers
    FOR EACH ROW EXECUTE FUNCTION plan_resellers_follow();
CREATE TRIGGER plan_resellers_update AFTER UPDATE OF plan_id ON resellers
    FOR EACH ROW WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION plan_resellers_follow();
