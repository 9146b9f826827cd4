//! The agency's plans: list with the number of resellers on each, create, edit,
//! archive / unarchive, delete (only when no reseller uses the plan).

use super::db::Db;
use crate::domain::{NewPlan, PlanRow, PlanStatus, PlanSummary};
use crate::error::AppError;

const COLUMNS: &str = "p.id, p.name, p.description, p.price_minor, p.currency, p.billing_cycle, \
     p.messages_limit, p.whatsapp_limit, p.team_members_limit, p.status, p.resellers";

/// A plan as stored (`COLUMNS`), with the number of resellers on it.
#[derive(sqlx::FromRow)]
struct PlanRecord {
    #[sqlx(flatten)]
    summary: PlanSummary,
    description: String,
    status: PlanStatus,
    resellers: i64,
}

impl From<PlanRecord> for PlanRow {
    fn from(r: PlanRecord) -> Self {
        PlanRow { summary: r.summary, description: r.description, status: r.status, resellers: r.resellers }
    }
}

/// Every plan of the agency: active ones first, then by price and name.
pub async fn list(db: &Db, agency_id: i64) -> Result<Vec<PlanRow>, AppError> {
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM plans p WHERE p.agency_id = "));
    select.push_bind(agency_id).push(" ORDER BY p.status = 'archived', p.price_minor, p.name");
    let rows: Vec<PlanRecord> = select.query_as().fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(PlanRow::from).collect())
}

/// One plan of the agency, or `NotFound`.
pub async fn get(db: &Db, agency_id: i64, id: i64) -> Result<PlanRow, AppError> {
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM plans p WHERE p.agency_id = "));
    select.push_bind(agency_id).push(" AND p.id = ").push_bind(id);
    let row: Option<PlanRecord> = select.query_as().fetch_optional(db.pool()).await?;
    row.map(PlanRow::from).ok_or(AppError::NotFound)
}

fn name_taken(error: sqlx::Error) -> AppError {
    match super::db::unique_violation(&error, "plans", &["name"]) {
        Some(_) => AppError::field("name", "You already have a plan with this name"),
        None => error.into(),
    }
}

/// A plan's editable columns with their values: one list for create and edit.
fn set_fields(c: &mut super::sql::Columns<'_>, plan: &NewPlan) {
    c.set("name", plan.name.clone())
        .set("description", plan.description.clone())
        .set("price_minor", plan.price_minor)
        .set("currency", plan.currency)
        .set("billing_cycle", plan.billing_cycle)
        .set("messages_limit", plan.messages_limit)
        .set("whatsapp_limit", plan.whatsapp_limit)
        .set("team_members_limit", plan.team_members_limit);
}

/// Creates an active plan; answers its id.
pub async fn create(db: &Db, agency_id: i64, plan: &NewPlan) -> Result<i64, AppError> {
    let now = super::now();
    let mut insert = db.sql("INSERT INTO plans ");
    insert.push_insert(|c| {
        c.set("agency_id", agency_id).set("status", PlanStatus::Active).set("created_at", now).set("updated_at", now);
        set_fields(c, plan);
    });
    insert.push(" RETURNING id");
    let _turn = db.write_turn().await;
    insert.query_scalar().fetch_one(db.pool()).await.map_err(name_taken)
}

/// Saves an edit (resellers on the plan see the new limits at once).
pub async fn update(db: &Db, agency_id: i64, id: i64, plan: &NewPlan) -> Result<(), AppError> {
    let mut update = db.sql("UPDATE plans SET ");
    update.push_assignments(|c| {
        c.set("updated_at", super::now());
        set_fields(c, plan);
    });
    update.push(" WHERE id = ").push_bind(id).push(" AND agency_id = ").push_bind(agency_id).push(" RETURNING id");
    let _turn = db.write_turn().await;
    let found: Option<i64> = update.query_scalar().fetch_optional(db.pool()).await.map_err(name_taken)?;
    found.map(|_| ()).ok_or(AppError::NotFound)
}

/// Archives (no new resellers; current ones keep it) or reactivates a plan.
pub async fn set_status(db: &Db, agency_id: i64, id: i64, status: PlanStatus) -> Result<PlanStatus, AppError> {
    let _turn = db.write_turn().await;
    let found: Option<i64> = sqlx::query_scalar(
        "UPDATE plans SET status = $1, updated_at = $2 WHERE id = $3 AND agency_id = $4 RETURNING id",
    )
    .bind(status)
    .bind(super::now())
    .bind(id)
    .bind(agency_id)
    .fetch_optional(db.pool())
    .await?;
    found.map(|_| status).ok_or(AppError::NotFound)
}

/// Deletes a plan no reseller uses; a plan in use is refused with the number of resellers.
pub async fn delete(db: &Db, agency_id: i64, id: i64) -> Result<String, AppError> {
    let mut tx = db.begin_write().await?;
    let plan: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT name, (SELECT COUNT(*) FROM resellers r WHERE r.plan_id = p.id), \
         (SELECT COUNT(*) FROM customers c WHERE c.plan_id = p.id) FROM plans p WHERE id = $1 AND agency_id = $2",
    )
    .bind(id)
    .bind(agency_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name, in_use, customers) = plan.ok_or(AppError::NotFound)?;
    if customers > 0 && in_use == 0 {
        let on = if customers == 1 {
            "1 customer of a reseller is".to_owned()
        } else {
            format!("{customers} customers of resellers are")
        };
        return Err(AppError::Conflict(format!("{on} on this plan: archive it instead")));
    }
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
