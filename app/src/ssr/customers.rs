//! A reseller's customers: the reseller manages them in its portal (every change in the
//! agency's activity log, under the reseller), the agency reads them. Every query is
//! scoped by agency and reseller: a customer id of another reseller is "not found".

use super::activity::{record, ActivityKind, Entry};
use super::db::Db;
use super::portal::PortalReseller;
use crate::domain::{
    customer_search, CustomerPage, CustomerRow, CustomerStatus, NewCustomer, PartnerType, PlanStatus, PlanSummary,
    CUSTOMER_PAGE_SIZE,
};
use crate::error::AppError;

/// A customer as lists read it (`COLUMNS`, joined as `JOINS`).
#[derive(sqlx::FromRow)]
struct CustomerRecord {
    id: i64,
    name: String,
    email: String,
    status: CustomerStatus,
    created_at: i64,
    plan_id: Option<i64>,
    plan_name: Option<String>,
    renews_at: Option<i64>,
    messages: i64,
    whatsapp: i64,
}

const COLUMNS: &str = "c.id, c.name, c.email, c.status, c.created_at, COALESCE(c.plan_id, c.own_plan_id) AS plan_id, \
     COALESCE(ap.name, op.name) AS plan_name, c.renews_at, COALESCE(u.messages, 0) AS messages, \
     COALESCE(u.whatsapp, 0) AS whatsapp";

/// The plan's name and this month's usage (the month is the first bound value).
const JOINS: &str = "customers c LEFT JOIN plans ap ON ap.id = c.plan_id \
     LEFT JOIN reseller_plans op ON op.id = c.own_plan_id \
     LEFT JOIN customer_usage_monthly u ON u.customer_id = c.id AND u.month = ";

fn customer_row(r: CustomerRecord) -> CustomerRow {
    CustomerRow {
        id: r.id,
        name: r.name,
        email: r.email,
        status: r.status,
        created_at: r.created_at,
        plan_id: r.plan_id,
        plan_name: r.plan_name,
        renews_at: r.renews_at,
        messages: r.messages,
        whatsapp: r.whatsapp,
    }
}

/// A page of the reseller's customers matching `q` (name or e-mail, any case), oldest
/// first. A page past the end answers the last page.
pub async fn list(db: &Db, agency_id: i64, reseller_id: i64, q: &str, page: u32) -> Result<CustomerPage, AppError> {
    let q = customer_search(q);
    let pattern = crate::domain::text::like_contains(&q);
    let (all, total): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN $3 = '' OR lower(name) LIKE $4 ESCAPE '\\' \
         OR email LIKE $4 ESCAPE '\\' THEN 1 ELSE 0 END), 0) \
         FROM customers WHERE agency_id = $1 AND reseller_id = $2",
    )
    .bind(agency_id)
    .bind(reseller_id)
    .bind(&q)
    .bind(&pattern)
    .fetch_one(db.pool())
    .await?;
    let pages = (total.max(0) as u64).div_ceil(u64::from(CUSTOMER_PAGE_SIZE)).max(1) as u32;
    let page = page.clamp(1, pages);
    let offset = i64::from(page - 1) * i64::from(CUSTOMER_PAGE_SIZE);
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM {JOINS}"));
    select.push_bind(super::clock::current_month().0);
    select.push(" WHERE c.agency_id = ").push_bind(agency_id).push(" AND c.reseller_id = ").push_bind(reseller_id);
    if !q.is_empty() {
        select.push(" AND (lower(c.name) LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\' OR c.email LIKE ");
        select.push_bind(pattern.clone()).push(" ESCAPE '\\')");
    }
    select.push(" ORDER BY c.created_at, c.id LIMIT 25 OFFSET ").push_bind(offset);
    let rows: Vec<CustomerRecord> = select.query_as().fetch_all(db.pool()).await?;
    let rows = rows.into_iter().map(customer_row).collect();
    Ok(CustomerPage { rows, total, all, page })
}

/// The customers of one of the agency's resellers, for the agency (404 for a reseller
/// of another agency).
pub async fn list_for_agency(
    scope: &super::AgencyScope,
    reseller_id: i64,
    q: &str,
    page: u32,
) -> Result<CustomerPage, AppError> {
    let ours: Option<i64> = sqlx::query_scalar("SELECT id FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller_id)
        .bind(scope.agency_id)
        .fetch_optional(scope.db().pool())
        .await?;
    ours.ok_or(AppError::NotFound)?;
    list(scope.db(), scope.agency_id, reseller_id, q, page).await
}

/// One of the reseller's customers.
pub async fn get(db: &Db, reseller: &PortalReseller, id: i64) -> Result<CustomerRow, AppError> {
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM {JOINS}"));
    select.push_bind(super::clock::current_month().0);
    select.push(" WHERE c.id = ").push_bind(id).push(" AND c.agency_id = ").push_bind(reseller.agency_id);
    select.push(" AND c.reseller_id = ").push_bind(reseller.id);
    let row: Option<CustomerRecord> = select.query_as().fetch_optional(db.pool()).await?;
    row.map(customer_row).ok_or(AppError::NotFound)
}

fn entry<'a>(reseller: &'a PortalReseller, kind: ActivityKind, customer: &'a str) -> Entry<'a> {
    Entry {
        agency_id: reseller.agency_id,
        reseller_id: Some(reseller.id),
        reseller_name: &reseller.name,
        actor: "reseller",
        kind,
        detail: customer,
    }
}

/// Keeps the reseller's customer count (the Resellers table's column) with the rows.
async fn count_customers(tx: &mut sqlx::AnyConnection, reseller_id: i64, by: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE resellers SET customers = customers + $1 WHERE id = $2")
        .bind(by)
        .bind(reseller_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

fn taken(error: sqlx::Error) -> AppError {
    match super::db::unique_violation(&error, "customers", &["email"]) {
        Some(_) => AppError::field("email", "You already have a customer with this e-mail"),
        None => error.into(),
    }
}

/// The plans a customer of this reseller can be put on (active ones, and `current`
/// even when archived): the agency's for a commission reseller, its own otherwise.
pub async fn plan_choices(
    db: &Db,
    reseller: &PortalReseller,
    current: Option<i64>,
) -> Result<Vec<PlanSummary>, AppError> {
    let plans = match reseller.partner_type {
        PartnerType::Commission => super::plans::list(db, reseller.agency_id).await?,
        PartnerType::OwnPlans => super::own_plans::list(db, reseller.agency_id, reseller.id).await?,
    };
    Ok(plans
        .into_iter()
        .filter(|p| p.status == PlanStatus::Active || Some(p.summary.id) == current)
        .map(|p| p.summary)
        .collect())
}

/// The plan a customer is put on, checked against the reseller's kind: a commission
/// reseller's customers take one of the agency's active plans, an own-plans reseller's one
/// of its own active plans (a customer keeps the plan it has even once archived).
async fn plan_column(
    tx: &mut sqlx::AnyConnection,
    reseller: &PortalReseller,
    plan: Option<i64>,
    current: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let Some(id) = plan else { return Ok(None) };
    let found: Option<i64> = match reseller.partner_type {
        PartnerType::Commission => {
            sqlx::query_scalar(
                "SELECT id FROM plans WHERE id = $1 AND agency_id = $2 AND (status = 'active' OR id = $3)",
            )
            .bind(id)
            .bind(reseller.agency_id)
            .bind(current.unwrap_or(0))
            .fetch_optional(&mut *tx)
            .await?
        }
        PartnerType::OwnPlans => {
            sqlx::query_scalar(
                "SELECT id FROM reseller_plans WHERE id = $1 AND agency_id = $2 AND reseller_id = $3 \
                 AND (status = 'active' OR id = $4)",
            )
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .bind(current.unwrap_or(0))
            .fetch_optional(&mut *tx)
            .await?
        }
    };
    found.map(Some).ok_or_else(|| AppError::field("plan", "Select one of the plans offered"))
}

/// The plan column this reseller's customers use.
fn plan_field(reseller: &PortalReseller) -> &'static str {
    match reseller.partner_type {
        PartnerType::Commission => "plan_id",
        PartnerType::OwnPlans => "own_plan_id",
    }
}

/// Adds a customer (active), on `plan` if given. A commission reseller's customer on a
/// plan starts its first billing cycle now: the sale is made before this returns.
pub async fn create(
    db: &Db,
    reseller: &PortalReseller,
    name: &str,
    email: &str,
    plan: Option<i64>,
) -> Result<i64, AppError> {
    let new = NewCustomer::parse(name, email).map_err(AppError::Validation)?;
    let now = super::now();
    let mut tx = db.begin_write().await?;
    let plan = plan_column(&mut tx, reseller, plan, None).await?;
    let billed = plan.is_some() && reseller.partner_type == PartnerType::Commission;
    let start = billed.then_some(now);
    let sql = match reseller.partner_type {
        PartnerType::Commission => {
            "INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at, plan_id, \
             billing_anchor, renews_at) VALUES ($1, $2, $3, $4, 'active', $5, $5, $6, $7, $7) RETURNING id"
        }
        PartnerType::OwnPlans => {
            "INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at, own_plan_id, \
             billing_anchor, renews_at) VALUES ($1, $2, $3, $4, 'active', $5, $5, $6, $7, $7) RETURNING id"
        }
    };
    let id: i64 = sqlx::query_scalar(sql)
        .bind(reseller.agency_id)
        .bind(reseller.id)
        .bind(&new.name)
        .bind(new.email.as_str())
        .bind(now)
        .bind(plan)
        .bind(start)
        .fetch_one(&mut *tx)
        .await
        .map_err(taken)?;
    count_customers(&mut tx, reseller.id, 1).await?;
    record(&mut tx, entry(reseller, ActivityKind::CustomerAdded, &new.name)).await?;
    tx.commit().await?;
    if billed {
        super::ledger::renew_customer(db, id, now).await?;
    }
    Ok(id)
}

/// Changes a customer's name, e-mail and plan. A new plan is billed from the next cycle;
/// a customer put on a plan for the first time starts a cycle now; taking the plan away
/// stops its renewals.
pub async fn update(
    db: &Db,
    reseller: &PortalReseller,
    id: i64,
    name: &str,
    email: &str,
    plan: Option<i64>,
) -> Result<(), AppError> {
    let new = NewCustomer::parse(name, email).map_err(AppError::Validation)?;
    let now = super::now();
    let mut tx = db.begin_write().await?;
    let column = plan_field(reseller);
    let current: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT COALESCE(plan_id, own_plan_id), renews_at FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3",
    )
    .bind(id)
    .bind(reseller.agency_id)
    .bind(reseller.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (was, renews_at) = current.ok_or(AppError::NotFound)?;
    let plan = plan_column(&mut tx, reseller, plan, was).await?;
    let mut update = db.sql("UPDATE customers SET name = ");
    update.push_bind(new.name.clone()).push(", email = ").push_bind(new.email.as_str().to_owned());
    update.push(", updated_at = ").push_bind(now).push(&format!(", {column} = ")).push_bind(plan);
    let starts = match (reseller.partner_type, plan, renews_at) {
        (PartnerType::Commission, Some(_), None) => {
            update.push(", billing_anchor = ").push_bind(now).push(", renews_at = ").push_bind(now);
            true
        }
        (_, None, _) => {
            update.push(", billing_anchor = NULL, renews_at = NULL");
            false
        }
        _ => false,
    };
    update.push(" WHERE id = ").push_bind(id).push(" AND agency_id = ").push_bind(reseller.agency_id);
    update.push(" AND reseller_id = ").push_bind(reseller.id);
    let done = update.query().execute(&mut *tx).await.map_err(taken)?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    record(&mut tx, entry(reseller, ActivityKind::CustomerUpdated, &new.name)).await?;
    tx.commit().await?;
    if starts {
        super::ledger::renew_customer(db, id, now).await?;
    }
    Ok(())
}

/// Suspends a customer or makes it active again (nothing logged when it already was).
pub async fn set_status(db: &Db, reseller: &PortalReseller, id: i64, status: CustomerStatus) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let name: Option<(String, CustomerStatus)> =
        sqlx::query_as("SELECT name, status FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3")
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name, was) = name.ok_or(AppError::NotFound)?;
    if was == status {
        return Ok(());
    }
    let now = super::now();
    sqlx::query("UPDATE customers SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let kind = match status {
        CustomerStatus::Active => {
            // Billing starts again from today when no sale covers today (the months it was
            // suspended are not sold; a cycle whose sale was reversed is sold again).
            sqlx::query(
                "UPDATE customers SET billing_anchor = $1, renews_at = $1 WHERE id = $2 AND renews_at IS NOT NULL \
                 AND (renews_at <= $1 OR NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = $2 \
                 AND s.status <> 'reversed' AND s.cycle_end > $1))",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            ActivityKind::CustomerReactivated
        }
        CustomerStatus::Suspended => {
            super::ledger::reverse_for_customer(&mut tx, id, now, &reseller.name).await?;
            ActivityKind::CustomerSuspended
        }
    };
    record(&mut tx, entry(reseller, kind, &name)).await?;
    tx.commit().await?;
    if status == CustomerStatus::Active {
        super::ledger::renew_customer(db, id, now).await?;
    }
    Ok(())
}

/// Deletes a customer for good.
pub async fn delete(db: &Db, reseller: &PortalReseller, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3")
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .fetch_optional(&mut *tx)
            .await?;
    let name = name.ok_or(AppError::NotFound)?;
    super::ledger::reverse_for_customer(&mut tx, id, super::now(), &reseller.name).await?;
    sqlx::query("DELETE FROM customers WHERE id = $1").bind(id).execute(&mut *tx).await?;
    count_customers(&mut tx, reseller.id, -1).await?;
    record(&mut tx, entry(reseller, ActivityKind::CustomerDeleted, &name)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::text::like_contains as contains_pattern;

    #[test]
    fn the_page_size_is_the_one_written_in_the_list_query() {
        assert_eq!(crate::domain::CUSTOMER_PAGE_SIZE, 25, "list() says LIMIT 25");
    }

    #[test]
    fn like_characters_are_escaped() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
