//! The commission ledger: every billing cycle of a commission reseller's customer on an
//! agency plan is a sale at the plan's price, earning the reseller's rate of the day.
//!
//! - `renew_customer` / `run_due` (the scheduled step, and at once when a customer is put
//!   on a plan): a sale per cycle, made once whoever runs it and however often — the cycle
//!   is unique per customer and the customer's next renewal moves only from the cycle sold.
//! - Approval: on its own after the agency's refund window (`run_due`), or by hand.
//! - Reversal (a refund, or the customer cancelled: suspended or deleted) of a pending or
//!   approved commission; a payout pays approved commissions of one currency at once.
//!
//! Every move is one guarded UPDATE (`SaleStatus::sources_of`), so a refused move
//! changes nothing, and two moves at once cannot both happen.

use super::activity::{record, Entry};
use super::db::Db;
use crate::domain::{
    commission_of, cycle_end, format_money, month_bounds, month_key, ActivityKind, BillingCycle, CommissionTotals,
    Ledger, LedgerQuery, NewPayout, PartnerType, PayoutRow, SaleRow, SaleStatus, LEDGER_PAGE_LIMIT,
};
use crate::error::AppError;

/// Customers renewed per batch of the scheduled step.
const RENEW_BATCH: i64 = 500;

/// The actor of the scheduled step's entries in the activity log.
pub const SCHEDULE_ACTOR: &str = "schedule";

/// What one run of the scheduled step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    pub sales: u64,
    pub approved: u64,
}

/// The scheduled step at `now`: every due renewal sold, every pending commission whose
/// refund window is over approved. Safe to run on several servers at once.
pub async fn run_due(db: &Db, now: i64) -> Result<Ran, AppError> {
    let mut ran = Ran::default();
    loop {
        let due: Vec<i64> = sqlx::query_scalar(
            "SELECT c.id FROM customers c JOIN resellers r ON r.id = c.reseller_id \
             WHERE c.renews_at <= $1 AND c.status = 'active' AND c.plan_id IS NOT NULL \
             AND r.partner_type = 'commission' ORDER BY c.renews_at, c.id LIMIT $2",
        )
        .bind(now)
        .bind(RENEW_BATCH)
        .fetch_all(db.pool())
        .await?;
        let mut sold = 0;
        for id in &due {
            sold += renew_customer(db, *id, now).await?;
        }
        ran.sales += sold;
        // Another server may have renewed the batch: stop when a batch sold nothing.
        if (due.len() as i64) < RENEW_BATCH || sold == 0 {
            break;
        }
    }
    ran.approved = approve_due(db, now).await?;
    Ok(ran)
}

/// A customer on a plan, as renewals read it.
#[derive(sqlx::FromRow)]
struct Renewal {
    agency_id: i64,
    reseller_id: i64,
    reseller_name: String,
    partner_type: PartnerType,
    rate_bp: Option<i64>,
    customer_name: String,
    billing_anchor: Option<i64>,
    renews_at: Option<i64>,
    plan_name: String,
    price_minor: i64,
    currency: String,
    billing_cycle: BillingCycle,
    refund_window_days: i64,
}

/// Sells every cycle of one customer that has started by `now`; answers how many sales
/// this call made (0 when another run made them).
pub async fn renew_customer(db: &Db, customer_id: i64, now: i64) -> Result<u64, AppError> {
    let mut sold = 0;
    loop {
        let mut tx = db.begin_write().await?;
        let due: Option<Renewal> = sqlx::query_as(
            "SELECT c.agency_id, c.reseller_id, r.name AS reseller_name, r.partner_type, \
             r.commission_rate_bp AS rate_bp, c.name AS customer_name, c.billing_anchor, c.renews_at, \
             p.name AS plan_name, p.price_minor, p.currency, p.billing_cycle, g.refund_window_days \
             FROM customers c JOIN resellers r ON r.id = c.reseller_id JOIN plans p ON p.id = c.plan_id \
             JOIN agencies g ON g.id = c.agency_id \
             WHERE c.id = $1 AND c.status = 'active' AND c.renews_at <= $2",
        )
        .bind(customer_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(due) = due.filter(|d| d.partner_type == PartnerType::Commission) else { break };
        let (Some(start), Some(anchor)) = (due.renews_at, due.billing_anchor) else { break };
        let end = cycle_end(anchor, start, due.billing_cycle);
        let rate_bp = due.rate_bp.unwrap_or(0);
        let commission = commission_of(due.price_minor, rate_bp);
        let approve_after = start + due.refund_window_days * 86_400;
        let made: Option<i64> = sqlx::query_scalar(
            "INSERT INTO sales (agency_id, reseller_id, customer_id, customer_name, plan_name, cycle_start, \
             cycle_end, amount_minor, currency, rate_bp, commission_minor, status, approve_after, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13) \
             ON CONFLICT (customer_id, cycle_start) WHERE status <> 'reversed' DO NOTHING RETURNING id",
        )
        .bind(due.agency_id)
        .bind(due.reseller_id)
        .bind(customer_id)
        .bind(&due.customer_name)
        .bind(&due.plan_name)
        .bind(start)
        .bind(end)
        .bind(due.price_minor)
        .bind(&due.currency)
        .bind(rate_bp)
        .bind(commission)
        .bind(approve_after)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let moved = sqlx::query("UPDATE customers SET renews_at = $1 WHERE id = $2 AND renews_at = $3")
            .bind(end)
            .bind(customer_id)
            .bind(start)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if made.is_some() {
            let detail = format!(
                "{} · {} · {} (commission {})",
                due.customer_name,
                due.plan_name,
                format_money(due.price_minor, &due.currency),
                format_money(commission, &due.currency)
            );
            record(&mut tx, entry(due.agency_id, due.reseller_id, &due.reseller_name, ActivityKind::SaleMade, &detail))
                .await?;
            sold += 1;
        }
        tx.commit().await?;
        if moved == 0 {
            // Another run moved it: that run sells what is left.
            break;
        }
    }
    Ok(sold)
}

fn entry<'a>(
    agency_id: i64,
    reseller_id: i64,
    reseller_name: &'a str,
    kind: ActivityKind,
    detail: &'a str,
) -> Entry<'a> {
    Entry { agency_id, reseller_id: Some(reseller_id), reseller_name, actor: SCHEDULE_ACTOR, kind, detail }
}

/// Approves every pending commission whose refund window ended by `now`.
async fn approve_due(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await?;
    let due: Vec<(i64, i64, i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT s.id, s.agency_id, s.reseller_id, r.name, s.customer_name, s.commission_minor, s.currency \
         FROM sales s JOIN resellers r ON r.id = s.reseller_id \
         WHERE s.status = 'pending' AND s.approve_after <= $1 ORDER BY s.id LIMIT 1000",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    let mut approved = 0;
    for (id, agency_id, reseller_id, reseller_name, customer, minor, currency) in due {
        let done =
            sqlx::query("UPDATE sales SET status = 'approved', approved_at = $1 WHERE id = $2 AND status = 'pending'")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if done == 1 {
            let detail = format!("{customer} · {} (refund window over)", format_money(minor, &currency));
            record(&mut tx, entry(agency_id, reseller_id, &reseller_name, ActivityKind::CommissionApproved, &detail))
                .await?;
            approved += 1;
        }
    }
    tx.commit().await?;
    Ok(approved)
}

/// A sale of the agency, for a move by hand.
async fn sale_of(
    tx: &mut sqlx::AnyConnection,
    agency_id: i64,
    id: i64,
) -> Result<(i64, String, String, i64, String, SaleStatus), AppError> {
    let row: Option<(i64, String, String, i64, String, SaleStatus)> = sqlx::query_as(
        "SELECT s.reseller_id, r.name, s.customer_name, s.commission_minor, s.currency, s.status \
         FROM sales s JOIN resellers r ON r.id = s.reseller_id WHERE s.id = $1 AND s.agency_id = $2",
    )
    .bind(id)
    .bind(agency_id)
    .fetch_optional(&mut *tx)
    .await?;
    row.ok_or(AppError::NotFound)
}

/// Moves one of the agency's commissions to `next` (approved or reversed) by the
/// request's member; a move the table refuses is a 409 with the reason.
pub async fn move_to(scope: &super::AgencyScope, id: i64, next: SaleStatus) -> Result<(), AppError> {
    let kind = match next {
        SaleStatus::Approved => ActivityKind::CommissionApproved,
        SaleStatus::Reversed => ActivityKind::CommissionReversed,
        _ => return Err(AppError::BadRequest("Commissions are approved or reversed here; payouts pay them".into())),
    };
    let now = super::now();
    let mut tx = scope.db().begin_write().await?;
    let (reseller_id, reseller_name, customer, minor, currency, was) = sale_of(&mut tx, scope.agency_id, id).await?;
    if !was.may_become(next) {
        return Err(AppError::Conflict(was.refusal(next)));
    }
    let sql = if next == SaleStatus::Approved {
        "UPDATE sales SET status = $1, approved_at = $2 WHERE id = $3 AND agency_id = $4 AND status = $5"
    } else {
        "UPDATE sales SET status = $1, reversed_at = $2 WHERE id = $3 AND agency_id = $4 AND status = $5"
    };
    let done = sqlx::query(sql)
        .bind(next)
        .bind(now)
        .bind(id)
        .bind(scope.agency_id)
        .bind(was)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        return Err(AppError::Conflict("This commission changed meanwhile: reload the page".into()));
    }
    let detail = format!("{customer} · {}", format_money(minor, &currency));
    record(&mut tx, Entry::by(scope, reseller_id, &reseller_name, kind).with_detail(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// A customer cancelled (suspended or deleted): its commissions not yet paid, within the
/// refund window, are reversed. Runs in the caller's transaction.
pub async fn reverse_for_customer(
    tx: &mut sqlx::AnyConnection,
    customer_id: i64,
    now: i64,
    reseller_name: &str,
) -> Result<u64, AppError> {
    let open: Vec<(i64, i64, i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, agency_id, reseller_id, customer_name, commission_minor, currency FROM sales \
         WHERE customer_id = $1 AND status IN ('pending', 'approved') AND approve_after > $2",
    )
    .bind(customer_id)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for (id, agency_id, reseller_id, customer, minor, currency) in &open {
        sqlx::query("UPDATE sales SET status = 'reversed', reversed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let detail = format!("{customer} · {} (customer cancelled)", format_money(*minor, currency));
        let e = Entry {
            agency_id: *agency_id,
            reseller_id: Some(*reseller_id),
            reseller_name,
            actor: "reseller",
            kind: ActivityKind::CommissionReversed,
            detail: &detail,
        };
        record(tx, e).await?;
    }
    Ok(open.len() as u64)
}

/// Records a payout to one reseller: the approved commissions in `currency` (`sale_ids`,
/// or all of them when empty) become paid. `expected_minor` is the total the member saw:
/// if the entries add up to anything else, nothing is paid (409).
pub async fn record_payout(
    scope: &super::AgencyScope,
    reseller_id: i64,
    currency: &str,
    sale_ids: &[i64],
    expected_minor: i64,
    payout: &NewPayout,
) -> Result<i64, AppError> {
    let mut tx = scope.db().begin_write().await?;
    let reseller: Option<String> = sqlx::query_scalar("SELECT name FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller_id)
        .bind(scope.agency_id)
        .fetch_optional(&mut *tx)
        .await?;
    let reseller_name = reseller.ok_or(AppError::NotFound)?;
    let entries: Vec<(i64, i64, String, SaleStatus)> = sqlx::query_as(
        "SELECT id, commission_minor, currency, status FROM sales WHERE agency_id = $1 AND reseller_id = $2 \
         AND (status = 'approved' OR $3 = 1) ORDER BY id",
    )
    .bind(scope.agency_id)
    .bind(reseller_id)
    .bind(i64::from(!sale_ids.is_empty()))
    .fetch_all(&mut *tx)
    .await?;
    let chosen: Vec<&(i64, i64, String, SaleStatus)> = if sale_ids.is_empty() {
        entries.iter().filter(|e| e.2 == currency).collect()
    } else {
        let mut chosen = Vec::new();
        for id in sale_ids {
            let e = entries.iter().find(|e| e.0 == *id).ok_or(AppError::NotFound)?;
            if e.3 != SaleStatus::Approved {
                return Err(AppError::Conflict(e.3.refusal(SaleStatus::Paid)));
            }
            if e.2 != currency {
                return Err(AppError::Conflict("A payout pays commissions of one currency".into()));
            }
            if !chosen.iter().any(|c: &&(i64, i64, String, SaleStatus)| c.0 == *id) {
                chosen.push(e);
            }
        }
        chosen
    };
    if chosen.is_empty() {
        return Err(AppError::Conflict("There is no approved commission to pay".into()));
    }
    let total: i64 = chosen.iter().map(|e| e.1).sum();
    if total != expected_minor {
        return Err(AppError::Conflict(format!(
            "The approved total is now {}, not {}: reload the page and check it",
            format_money(total, currency),
            format_money(expected_minor, currency)
        )));
    }
    let payout_id: i64 = sqlx::query_scalar(
        "INSERT INTO payouts (agency_id, reseller_id, amount_minor, currency, paid_on, reference, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(scope.agency_id)
    .bind(reseller_id)
    .bind(total)
    .bind(currency)
    .bind(&payout.paid_on)
    .bind(&payout.reference)
    .bind(&scope.admin.email)
    .bind(super::now())
    .fetch_one(&mut *tx)
    .await?;
    for (id, ..) in &chosen {
        let done = sqlx::query(
            "UPDATE sales SET status = 'paid', payout_id = $1 WHERE id = $2 AND agency_id = $3 AND status = 'approved'",
        )
        .bind(payout_id)
        .bind(id)
        .bind(scope.agency_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            // Paid or reversed by another request meanwhile: the transaction is dropped.
            return Err(AppError::Conflict("These commissions changed meanwhile: reload the page".into()));
        }
    }
    let detail = format!(
        "{} for {} commission{}{}",
        format_money(total, currency),
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" },
        if payout.reference.is_empty() { String::new() } else { format!(" · {}", payout.reference) }
    );
    record(&mut tx, Entry::by(scope, reseller_id, &reseller_name, ActivityKind::PayoutRecorded).with_detail(&detail))
        .await?;
    tx.commit().await?;
    Ok(payout_id)
}

/// The agency's refund window, in days.
pub async fn refund_window(db: &Db, agency_id: i64) -> Result<i64, AppError> {
    let days: Option<i64> = sqlx::query_scalar("SELECT refund_window_days FROM agencies WHERE id = $1")
        .bind(agency_id)
        .fetch_optional(db.pool())
        .await?;
    days.ok_or(AppError::NotFound)
}

/// Changes the refund window for sales from now on (those already made keep theirs).
pub async fn set_refund_window(scope: &super::AgencyScope, days: i64) -> Result<(), AppError> {
    let mut tx = scope.db().begin_write().await?;
    sqlx::query("UPDATE agencies SET refund_window_days = $1 WHERE id = $2")
        .bind(days)
        .bind(scope.agency_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!("{days} days");
    let e = Entry {
        agency_id: scope.agency_id,
        reseller_id: None,
        reseller_name: "",
        actor: &scope.admin.email,
        kind: ActivityKind::RefundWindowChanged,
        detail: &detail,
    };
    record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

const SALE_COLUMNS: &str = "s.id, s.reseller_id, r.name, s.customer_name, s.plan_name, s.cycle_start, s.cycle_end, \
     s.amount_minor, s.currency, s.rate_bp, s.commission_minor, s.status, s.approve_after, p.reference";

type SaleFields = (i64, i64, String, String, String, i64, i64, i64, String, i64, i64, SaleStatus, i64, Option<String>);

fn sale_row(f: SaleFields) -> SaleRow {
    let (id, reseller_id, reseller_name, customer_name, plan_name, cycle_start, cycle_end, amount_minor, currency) =
        (f.0, f.1, f.2, f.3, f.4, f.5, f.6, f.7, f.8);
    SaleRow {
        id,
        reseller_id,
        reseller_name,
        customer_name,
        plan_name,
        cycle_start,
        cycle_end,
        amount_minor,
        currency,
        rate_bp: f.9,
        commission_minor: f.10,
        status: f.11,
        approve_after: f.12,
        payout_reference: f.13,
    }
}

/// `WHERE` for the query: the agency, maybe one reseller, month and state.
fn filtered(db: &Db, select: String, agency_id: i64, query: &LedgerQuery) -> super::sql::Sql {
    let mut sql = db.sql(select);
    sql.push(" WHERE s.agency_id = ").push_bind(agency_id);
    if let Some(id) = query.reseller_id {
        sql.push(" AND s.reseller_id = ").push_bind(id);
    }
    if let Some((start, end)) = query.month.as_deref().and_then(month_bounds) {
        sql.push(" AND s.cycle_start >= ").push_bind(start).push(" AND s.cycle_start < ").push_bind(end);
    }
    if let Some(status) = query.status {
        sql.push(" AND s.status = ").push_bind(status);
    }
    sql
}

/// A row of the totals, with how many entries it sums.
#[derive(sqlx::FromRow)]
struct TotalsRecord {
    #[sqlx(flatten)]
    totals: CommissionTotals,
    entries: i64,
}

/// The ledger as `query` narrows it (a reseller's portal always passes its own id).
pub async fn ledger(db: &Db, agency_id: i64, query: &LedgerQuery) -> Result<Ledger, AppError> {
    let totals_sql = "SELECT s.reseller_id, r.name AS reseller_name, s.currency, \
         CAST(SUM(CASE WHEN s.status <> 'reversed' THEN s.amount_minor ELSE 0 END) AS BIGINT) AS sales_minor, \
         CAST(SUM(CASE WHEN s.status = 'pending' THEN s.commission_minor ELSE 0 END) AS BIGINT) AS pending_minor, \
         CAST(SUM(CASE WHEN s.status = 'approved' THEN s.commission_minor ELSE 0 END) AS BIGINT) AS approved_minor, \
         CAST(SUM(CASE WHEN s.status = 'paid' THEN s.commission_minor ELSE 0 END) AS BIGINT) AS paid_minor, \
         CAST(SUM(CASE WHEN s.status = 'reversed' THEN s.commission_minor ELSE 0 END) AS BIGINT) AS reversed_minor, \
         COUNT(*) AS entries FROM sales s JOIN resellers r ON r.id = s.reseller_id";
    let mut select = filtered(db, totals_sql.to_owned(), agency_id, query);
    select.push(" GROUP BY s.reseller_id, r.name, s.currency ORDER BY r.name, s.reseller_id, s.currency");
    let rows: Vec<TotalsRecord> = select.query_as().fetch_all(db.pool()).await?;
    let matching = rows.iter().map(|r| r.entries).sum();
    let totals = rows.into_iter().map(|r| r.totals).collect();
    let mut select = filtered(
        db,
        format!(
            "SELECT {SALE_COLUMNS} FROM sales s JOIN resellers r ON r.id = s.reseller_id \
             LEFT JOIN payouts p ON p.id = s.payout_id"
        ),
        agency_id,
        query,
    );
    select.push(" ORDER BY s.cycle_start DESC, s.id DESC LIMIT ").push_bind(LEDGER_PAGE_LIMIT);
    let entries: Vec<SaleFields> = select.query_as().fetch_all(db.pool()).await?;

    let mut payouts_sql = db.sql(
        "SELECT p.id, p.reseller_id, r.name AS reseller_name, p.amount_minor, p.currency, p.paid_on, p.reference, \
         (SELECT COUNT(*) FROM sales s WHERE s.payout_id = p.id) AS entries \
         FROM payouts p JOIN resellers r ON r.id = p.reseller_id WHERE p.agency_id = ",
    );
    payouts_sql.push_bind(agency_id);
    if let Some(id) = query.reseller_id {
        payouts_sql.push(" AND p.reseller_id = ").push_bind(id);
    }
    payouts_sql.push(" ORDER BY p.paid_on DESC, p.id DESC LIMIT 100");
    let payouts: Vec<PayoutRow> = payouts_sql.query_as().fetch_all(db.pool()).await?;

    let mut months_sql = db.sql("SELECT DISTINCT s.cycle_start FROM sales s WHERE s.agency_id = ");
    months_sql.push_bind(agency_id);
    if let Some(id) = query.reseller_id {
        months_sql.push(" AND s.reseller_id = ").push_bind(id);
    }
    let starts: Vec<i64> = months_sql.query_scalar().fetch_all(db.pool()).await?;
    let mut months: Vec<String> = starts.into_iter().map(month_key).collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();

    Ok(Ledger {
        totals,
        entries: entries.into_iter().map(sale_row).collect(),
        matching,
        payouts,
        months,
        refund_window_days: refund_window(db, agency_id).await?,
        today: time::OffsetDateTime::from_unix_timestamp(super::now())
            .map(|t| t.date().to_string())
            .unwrap_or_default(),
    })
}

/// Every entry of one reseller whose cycle started in `month` ("2026-12"), oldest first:
/// the CSV statement. 404 for another agency's reseller or a month that is not one.
pub async fn statement(db: &Db, agency_id: i64, reseller_id: i64, month: &str) -> Result<Vec<SaleRow>, AppError> {
    let (start, end) = month_bounds(month).ok_or(AppError::NotFound)?;
    let ours: Option<i64> = sqlx::query_scalar("SELECT id FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller_id)
        .bind(agency_id)
        .fetch_optional(db.pool())
        .await?;
    ours.ok_or(AppError::NotFound)?;
    let mut select = db.sql(format!(
        "SELECT {SALE_COLUMNS} FROM sales s JOIN resellers r ON r.id = s.reseller_id \
         LEFT JOIN payouts p ON p.id = s.payout_id WHERE s.agency_id = "
    ));
    select
        .push_bind(agency_id)
        .push(" AND s.reseller_id = ")
        .push_bind(reseller_id)
        .push(" AND s.cycle_start >= ")
        .push_bind(start)
        .push(" AND s.cycle_start < ")
        .push_bind(end)
        .push(" ORDER BY s.cycle_start, s.id");
    let rows: Vec<SaleFields> = select.query_as().fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(sale_row).collect())
}

/// Commission owed by the agency (pending and approved), per currency.
pub async fn owed(db: &Db, agency_id: i64) -> Result<Vec<(String, i64)>, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency, CAST(SUM(commission_minor) AS BIGINT) FROM sales WHERE agency_id = $1 \
         AND status IN ('pending', 'approved') GROUP BY currency ORDER BY currency",
    )
    .bind(agency_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sale_status_words_match_the_schema() {
        use crate::domain::{SaleStatus, StoredWord};
        let schema = include_str!("../../../migrations/sqlite/0007_plans_commissions.sql");
        for s in SaleStatus::ALL {
            assert!(schema.contains(&format!("'{}'", s.as_str())), "{s:?}");
        }
    }
}
