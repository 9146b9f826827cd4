//! The agency's plans: list with the number of resellers on each, create, edit,
//! archive / unarchive, delete (only when no reseller uses the plan).

use super::db::Pool;
use crate::domain::{BillingCycle, NewPlan, PlanRow, PlanStatus, PlanSummary, StoredWord};
use crate::error::AppError;

type Record = (i64, String, String, i64, String, String, i64, i64, i64, String, i64);

const COLUMNS: &str = "p.id, p.name, p.description, p.price_minor, p.currency, p.billing_cycle, \
     p.messages_limit, p.whatsapp_limit, p.team_members_limit, p.status, p.resellers";

fn into_row(r: Record) -> Result<PlanRow, AppError> {
    let (
        id,
        name,
        description,
        price_minor,
        currency,
        cycle,
        messages_limit,
        whatsapp_limit,
        team_members_limit,
        status,
        resellers,
    ) = r;
    let corrupt = || {
        tracing::error!(plan = id, "stored plan is not valid");
        AppError::Internal
    };
    Ok(PlanRow {
        summary: PlanSummary {
            id,
            name,
            price_minor,
            currency,
            billing_cycle: BillingCycle::from_word(&cycle).ok_or_else(corrupt)?,
            messages_limit,
            whatsapp_limit,
            team_members_limit,
        },
        description,
        status: PlanStatus::from_word(&status).ok_or_else(corrupt)?,
        resellers,
    })
}

/// Every plan of the agency: active ones first, then by price and name.
pub async fn list(pool: &Pool, agency_id: i64) -> Result<Vec<PlanRow>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM plans p WHERE p.agency_id = $1 ORDER BY p.status = 'archived', p.price_minor, p.name"
    );
    let rows: Vec<Record> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(agency_id).fetch_all(pool).await?;
    rows.into_iter().map(into_row).collect()
}

/// One plan of the agency, or `NotFound`.
pub async fn get(pool: &Pool, agency_id: i64, id: i64) -> Result<PlanRow, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM plans p WHERE p.agency_id = $1 AND p.id = $2");
    let row: Option<Record> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(agency_id).bind(id).fetch_optional(pool).await?;
    into_row(row.ok_or(AppError::NotFound)?)
}

fn name_taken(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            AppError::field("name", "You already have a plan with this name")
        }
        _ => error.into(),
    }
}

/// The plan's editable columns, in the order `bind_fields` binds them.
const FIELDS: [&str; 8] = [
    "name",
    "description",
    "price_minor",
    "currency",
    "billing_cycle",
    "messages_limit",
    "whatsapp_limit",
    "team_members_limit",
];

/// Binds a plan's fields in `FIELDS` order: one list for create and edit.
fn bind_fields<'q, O>(
    query: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    plan: &'q NewPlan,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    query
        .bind(&plan.name)
        .bind(&plan.description)
        .bind(plan.price_minor)
        .bind(plan.currency)
        .bind(plan.billing_cycle.as_str())
        .bind(plan.messages_limit)
        .bind(plan.whatsapp_limit)
        .bind(plan.team_members_limit)
}

/// Creates an active plan; answers its id.
pub async fn create(pool: &Pool, agency_id: i64, plan: &NewPlan) -> Result<i64, AppError> {
    let now = super::now();
    let sql = format!(
        "INSERT INTO plans ({}, agency_id, status, created_at, updated_at) VALUES ({}, ${n1}, 'active', ${n2}, ${n3}) RETURNING id",
        FIELDS.join(", "),
        super::sql::placeholders(0, FIELDS.len()),
        n1 = FIELDS.len() + 1,
        n2 = FIELDS.len() + 2,
        n3 = FIELDS.len() + 3,
    );
    bind_fields(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), plan)
        .bind(agency_id)
        .bind(now)
        .bind(now)
        .fetch_one(pool)
        .await
        .map_err(name_taken)
}

/// Saves an edit (resellers on the plan see the new limits at once).
pub async fn update(pool: &Pool, agency_id: i64, id: i64, plan: &NewPlan) -> Result<(), AppError> {
    let sets: Vec<String> = FIELDS.iter().enumerate().map(|(i, f)| format!("{f} = ${}", i + 1)).collect();
    let n = FIELDS.len();
    let sql = format!(
        "UPDATE plans SET {}, updated_at = ${} WHERE id = ${} AND agency_id = ${} RETURNING id",
        sets.join(", "),
        n + 1,
        n + 2,
        n + 3
    );
    let found: Option<i64> = bind_fields(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), plan)
        .bind(super::now())
        .bind(id)
        .bind(agency_id)
        .fetch_optional(pool)
        .await
        .map_err(name_taken)?;
    found.map(|_| ()).ok_or(AppError::NotFound)
}

/// Archives (no new resellers; current ones keep it) or reactivates a plan.
pub async fn set_status(pool: &Pool, agency_id: i64, id: i64, status: PlanStatus) -> Result<PlanStatus, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "UPDATE plans SET status = $1, updated_at = $2 WHERE id = $3 AND agency_id = $4 RETURNING id",
    )
    .bind(status.as_str())
    .bind(super::now())
    .bind(id)
    .bind(agency_id)
    .fetch_optional(pool)
    .await?;
    found.map(|_| status).ok_or(AppError::NotFound)
}

/// Deletes a plan no reseller uses; a plan in use is refused with the number of resellers.
pub async fn delete(pool: &Pool, agency_id: i64, id: i64) -> Result<String, AppError> {
    let mut tx = super::db::begin_write(pool).await?;
    let plan: Option<(String, i64)> = sqlx::query_as(
        "SELECT name, (SELECT COUNT(*) FROM resellers r WHERE r.plan_id = p.id) FROM plans p WHERE id = $1 AND agency_id = $2",
    )
    .bind(id)
    .bind(agency_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name, in_use) = plan.ok_or(AppError::NotFound)?;
    if in_use > 0 {
        let resellers = if in_use == 1 { "1 reseller uses".to_owned() } else { format!("{in_use} resellers use") };
        return Err(AppError::Conflict(format!(
            "{resellers} this plan: move them to another plan first, or archive it instead"
        )));
    }
    sqlx::query("DELETE FROM plans WHERE id = $1 AND agency_id = $2")
        .bind(id)
        .bind(agency_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(name)
}
