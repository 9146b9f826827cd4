//! A year of business for the first demo resellers, so that every screen of #17 has
//! something real: own plans for own-plans resellers with their customers on them;
//! commission resellers' customers on the agency's plans, sold cycle by cycle by the
//! ledger's own renewal step (`ledger::run_due`) from up to a year ago; then commissions
//! in every state: pending (the last refund window), approved, reversed (a few refunds)
//! and paid (monthly payouts of what was approved over six weeks ago).

use super::db::Db;
use crate::domain::month_key;
use crate::error::AppError;
use std::collections::BTreeMap;

/// Resellers (the first added) that get plans, plans for their customers and sales.
pub const BUSINESS_FOR: i64 = 60;

const YEAR: i64 = 365 * 86_400;

/// Own plans every demo own-plans reseller sells: name, price in cents, messages,
/// WhatsApp messages, team members.
const OWN_PLANS: [(&str, i64, i64, i64, i64); 3] =
    [("Starter", 1_900, 500, 50, 1), ("Pro", 4_900, 2_000, 300, 3), ("Business", 12_900, 8_000, 1_000, 10)];

pub async fn fill(db: &Db, after: i64, now: i64) -> Result<(), AppError> {
    let last = after + BUSINESS_FOR;
    add_own_plans(db, after, last).await?;
    put_customers_on_plans(db, after, last, now).await?;
    super::ledger::run_due(db, now).await?;
    refund_a_few(db, after, last, now).await?;
    pay_out(db, after, last, now).await?;
    backdate(db, after, last, now).await?;
    Ok(())
}

/// The renewal step just sold a year at once: its log entries and the sales' own times
/// are moved to when each thing would have happened (a sale when its cycle started, an
/// approval when its refund window ended, a payout on its day).
async fn backdate(db: &Db, after: i64, last: i64, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "DELETE FROM activity WHERE actor = $1 AND reseller_id > $2 AND reseller_id <= $3 AND created_at >= $4",
    )
    .bind(super::ledger::SCHEDULE_ACTOR)
    .bind(after)
    .bind(last)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE sales SET created_at = cycle_start, \
         approved_at = CASE WHEN status IN ('approved', 'paid') OR (status = 'reversed' AND approve_after < $1) \
         THEN approve_after END WHERE reseller_id > $2 AND reseller_id <= $3",
    )
    .bind(now)
    .bind(after)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO activity (agency_id, reseller_id, reseller_name, actor, kind, detail, created_at) \
         SELECT s.agency_id, s.reseller_id, r.name, $1, 'sale_made', s.customer_name || ' · ' || s.plan_name, s.cycle_start \
         FROM sales s JOIN resellers r ON r.id = s.reseller_id WHERE s.reseller_id > $2 AND s.reseller_id <= $3 \
         UNION ALL \
         SELECT s.agency_id, s.reseller_id, r.name, $1, 'commission_approved', s.customer_name || ' (refund window over)', \
         s.approved_at FROM sales s JOIN resellers r ON r.id = s.reseller_id \
         WHERE s.reseller_id > $2 AND s.reseller_id <= $3 AND s.approved_at IS NOT NULL",
    )
    .bind(super::ledger::SCHEDULE_ACTOR)
    .bind(after)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn add_own_plans(db: &Db, after: i64, last: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    for (name, price, messages, whatsapp, team) in OWN_PLANS {
        sqlx::query(
            "INSERT INTO reseller_plans (agency_id, reseller_id, name, description, price_minor, currency, \
             billing_cycle, messages_limit, whatsapp_limit, team_members_limit, status, created_at, updated_at) \
             SELECT agency_id, id, $1, '', $2, 'USD', 'monthly', $3, $4, $5, 'active', joined_on, joined_on \
             FROM resellers WHERE id > $6 AND id <= $7 AND partner_type = 'own_plans'",
        )
        .bind(name)
        .bind(price)
        .bind(messages)
        .bind(whatsapp)
        .bind(team)
        .bind(after)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Active customers go on a plan: an own plan, or one of the agency's active plans
/// (billing from when they were added, at most a year back).
async fn put_customers_on_plans(db: &Db, after: i64, last: i64, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE customers SET own_plan_id = (SELECT p.id FROM reseller_plans p WHERE p.reseller_id = customers.reseller_id \
         AND p.name = CASE customers.id % 3 WHEN 0 THEN 'Starter' WHEN 1 THEN 'Pro' ELSE 'Business' END) \
         WHERE reseller_id IN (SELECT id FROM resellers WHERE id > $1 AND id <= $2 AND partner_type = 'own_plans')",
    )
    .bind(after)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    let plans: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN resellers r ON r.agency_id = p.agency_id \
         WHERE r.id = $1 AND p.status = 'active' AND p.billing_cycle = 'monthly' ORDER BY p.price_minor",
    )
    .bind(after + 1)
    .fetch_all(&mut *tx)
    .await?;
    if !plans.is_empty() {
        let customers: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT c.id, c.created_at FROM customers c JOIN resellers r ON r.id = c.reseller_id \
             WHERE r.id > $1 AND r.id <= $2 AND r.partner_type = 'commission' AND c.status = 'active' ORDER BY c.id",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&mut *tx)
        .await?;
        for (id, created_at) in customers {
            // At most a year back, on different days of the month.
            let anchor = created_at.max(now - YEAR + (id % 28) * 86_400);
            sqlx::query("UPDATE customers SET plan_id = $1, billing_anchor = $2, renews_at = $2 WHERE id = $3")
                .bind(plans[id as usize % plans.len()])
                .bind(anchor)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Every 19th approved sale was refunded.
async fn refund_a_few(db: &Db, after: i64, last: i64, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE sales SET status = 'reversed', reversed_at = $1 \
         WHERE reseller_id > $2 AND reseller_id <= $3 AND status = 'approved' AND id % 19 = 0",
    )
    .bind(now)
    .bind(after)
    .bind(last)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A payout per reseller, currency and month of what was approved over six weeks ago,
/// paid on the 5th of the month after.
async fn pay_out(db: &Db, after: i64, last: i64, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let approved: Vec<(i64, i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, agency_id, reseller_id, currency, cycle_start, commission_minor FROM sales \
         WHERE reseller_id > $1 AND reseller_id <= $2 AND status = 'approved' AND cycle_start < $3 ORDER BY id",
    )
    .bind(after)
    .bind(last)
    .bind(now - 42 * 86_400)
    .fetch_all(&mut *tx)
    .await?;
    // (agency, reseller, currency, month) → the sales' ids and commissions.
    type Group = (i64, i64, String, String);
    let mut groups: BTreeMap<Group, Vec<(i64, i64)>> = BTreeMap::new();
    for (id, agency_id, reseller_id, currency, start, minor) in approved {
        groups.entry((agency_id, reseller_id, currency, month_key(start))).or_default().push((id, minor));
    }
    for ((agency_id, reseller_id, currency, month), sales) in groups {
        let paid_on = crate::domain::month_bounds(&month)
            .map(|(_, end)| end + 4 * 86_400)
            .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
            .map(|t| t.date().to_string())
            .unwrap_or_default();
        let total: i64 = sales.iter().map(|s| s.1).sum();
        let payout: i64 = sqlx::query_scalar(
            "INSERT INTO payouts (agency_id, reseller_id, amount_minor, currency, paid_on, reference, recorded_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(agency_id)
        .bind(reseller_id)
        .bind(total)
        .bind(&currency)
        .bind(&paid_on)
        .bind(format!("TR-{month}-{reseller_id}"))
        .bind(super::demo::DEMO_ADMIN_EMAIL)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let paid_at = crate::domain::month_bounds(&month).map(|(_, end)| end + 4 * 86_400).unwrap_or(now).min(now);
        sqlx::query(
            "INSERT INTO activity (agency_id, reseller_id, reseller_name, actor, kind, detail, created_at) \
             SELECT agency_id, id, name, $1, 'payout_recorded', $2, $3 FROM resellers WHERE id = $4",
        )
        .bind(super::demo::DEMO_ADMIN_EMAIL)
        .bind(format!("{} for {} commissions", crate::domain::format_money(total, &currency), sales.len()))
        .bind(paid_at)
        .bind(reseller_id)
        .execute(&mut *tx)
        .await?;
        for (id, _) in sales {
            sqlx::query("UPDATE sales SET status = 'paid', payout_id = $1 WHERE id = $2")
                .bind(payout)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
