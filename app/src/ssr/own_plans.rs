//! An own-plans reseller's pricing plans: it creates, edits, archives and restores them in
//! its portal and puts its customers on them; the agency reads them. The agency plan
//! assigned to the reseller is its capacity: what its customers' plans allocate, and what
//! they use this month, is measured against it.
//!
//! Plans are `PlanRow`s as the agency's are; here `resellers` counts the plan's customers.

use super::activity::{record, Entry};
use super::db::Db;
use super::portal::PortalReseller;
use crate::domain::{ActivityKind, NewPlan, PlanRow, PlanStatus, PlanSummary};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

const COLUMNS: &str = "p.id, p.name, p.description, p.price_minor, p.currency, p.billing_cycle, \
     p.messages_limit, p.whatsapp_limit, p.team_members_limit, p.status, \
     (SELECT COUNT(*) FROM customers c WHERE c.own_plan_id = p.id) AS resellers";

#[derive(sqlx::FromRow)]
struct OwnPlanRecord {
    #[sqlx(flatten)]
    summary: PlanSummary,
    description: String,
    status: PlanStatus,
    resellers: i64,
}

impl From<OwnPlanRecord> for PlanRow {
    fn from(r: OwnPlanRecord) -> Self {
        PlanRow { summary: r.summary, description: r.description, status: r.status, resellers: r.resellers }
    }
}

/// The reseller's plans: active first, then by price and name. The agency reads them
/// with the reseller's id (404 for another agency's reseller is the caller's check).
pub async fn list(db: &Db, agency_id: i64, reseller_id: i64) -> Result<Vec<PlanRow>, AppError> {
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM reseller_plans p WHERE p.agency_id = "));
    select
        .push_bind(agency_id)
        .push(" AND p.reseller_id = ")
        .push_bind(reseller_id)
        .push(" ORDER BY p.status = 'archived', p.price_minor, p.name");
    let rows: Vec<OwnPlanRecord> = select.query_as().fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(PlanRow::from).collect())
}

/// One of the agency's resellers' plans, for the agency (404 for another agency's reseller).
pub async fn list_for_agency(scope: &super::AgencyScope, reseller_id: i64) -> Result<Vec<PlanRow>, AppError> {
    let ours: Option<i64> = sqlx::query_scalar("SELECT id FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller_id)
        .bind(scope.agency_id)
        .fetch_optional(scope.db().pool())
        .await?;
    ours.ok_or(AppError::NotFound)?;
    list(scope.db(), scope.agency_id, reseller_id).await
}

/// One of the reseller's plans, or `NotFound`.
pub async fn get(db: &Db, reseller: &PortalReseller, id: i64) -> Result<PlanRow, AppError> {
    let mut select = db.sql(format!("SELECT {COLUMNS} FROM reseller_plans p WHERE p.id = "));
    select.push_bind(id).push(" AND p.agency_id = ").push_bind(reseller.agency_id);
    select.push(" AND p.reseller_id = ").push_bind(reseller.id);
    let row: Option<OwnPlanRecord> = select.query_as().fetch_optional(db.pool()).await?;
    row.map(PlanRow::from).ok_or(AppError::NotFound)
}

fn name_taken(error: sqlx::Error) -> AppError {
    match super::db::unique_violation(&error, "reseller_plans", &["name"]) {
        Some(_) => AppError::field("name", "You already have a plan with this name"),
        None => error.into(),
    }
}

fn entry<'a>(reseller: &'a PortalReseller, kind: ActivityKind, plan: &'a str) -> Entry<'a> {
    Entry {
        agency_id: reseller.agency_id,
        reseller_id: Some(reseller.id),
        reseller_name: &reseller.name,
        actor: "reseller",
        kind,
        detail: plan,
    }
}

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

fn own_plans_only(reseller: &PortalReseller) -> Result<(), AppError> {
    match reseller.partner_type {
        crate::domain::PartnerType::OwnPlans => Ok(()),
        crate::domain::PartnerType::Commission => Err(AppError::Conflict(
            "Your customers are on the agency's plans: you do not make plans of your own".into(),
        )),
    }
}

/// Creates an active plan; answers its id.
pub async fn create(db: &Db, reseller: &PortalReseller, plan: &NewPlan) -> Result<i64, AppError> {
    own_plans_only(reseller)?;
    let now = super::now();
    let mut insert = db.sql("INSERT INTO reseller_plans ");
    insert.push_insert(|c| {
        c.set("agency_id", reseller.agency_id)
            .set("reseller_id", reseller.id)
            .set("status", PlanStatus::Active)
            .set("created_at", now)
            .set("updated_at", now);
        set_fields(c, plan);
    });
    insert.push(" RETURNING id");
    let mut tx = db.begin_write().await?;
    let id: i64 = insert.query_scalar().fetch_one(&mut *tx).await.map_err(name_taken)?;
    record(&mut tx, entry(reseller, ActivityKind::OwnPlanAdded, &plan.name)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit (customers on the plan get the new limits at once).
pub async fn update(db: &Db, reseller: &PortalReseller, id: i64, plan: &NewPlan) -> Result<(), AppError> {
    own_plans_only(reseller)?;
    let mut update = db.sql("UPDATE reseller_plans SET ");
    update.push_assignments(|c| {
        c.set("updated_at", super::now());
        set_fields(c, plan);
    });
    update.push(" WHERE id = ").push_bind(id).push(" AND agency_id = ").push_bind(reseller.agency_id);
    update.push(" AND reseller_id = ").push_bind(reseller.id).push(" RETURNING id");
    let mut tx = db.begin_write().await?;
    let found: Option<i64> = update.query_scalar().fetch_optional(&mut *tx).await.map_err(name_taken)?;
    found.ok_or(AppError::NotFound)?;
    record(&mut tx, entry(reseller, ActivityKind::OwnPlanUpdated, &plan.name)).await?;
    tx.commit().await?;
    Ok(())
}

/// Archives a plan (no new customers on it; those on it keep it) or restores it.
pub async fn set_status(db: &Db, reseller: &PortalReseller, id: i64, status: PlanStatus) -> Result<(), AppError> {
    own_plans_only(reseller)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, PlanStatus)> =
        sqlx::query_as("SELECT name, status FROM reseller_plans WHERE id = $1 AND agency_id = $2 AND reseller_id = $3")
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name, was) = row.ok_or(AppError::NotFound)?;
    if was == status {
        return Ok(());
    }
    sqlx::query("UPDATE reseller_plans SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(super::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let kind = match status {
        PlanStatus::Active => ActivityKind::OwnPlanRestored,
        PlanStatus::Archived => ActivityKind::OwnPlanArchived,
    };
    record(&mut tx, entry(reseller, kind, &name)).await?;
    tx.commit().await?;
    Ok(())
}

/// Three figures measured the same way: messages, WhatsApp messages, team members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowance {
    pub messages: i64,
    pub whatsapp: i64,
    pub team_members: i64,
}

impl Allowance {
    fn of(plan: &PlanSummary) -> Self {
        Self { messages: plan.messages_limit, whatsapp: plan.whatsapp_limit, team_members: plan.team_members_limit }
    }

    /// The figures of `self` above `limit`'s, by name ("messages", …).
    pub fn over(&self, limit: &Allowance) -> Vec<&'static str> {
        let mut over = Vec::new();
        if self.messages > limit.messages {
            over.push("messages");
        }
        if self.whatsapp > limit.whatsapp {
            over.push("WhatsApp messages");
        }
        if self.team_members > limit.team_members {
            over.push("team members");
        }
        over
    }
}

/// The reseller's capacity (its agency plan) against what its active customers' plans
/// allocate and what it used this month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    /// The agency plan; none when the agency assigned none (then nothing is measured).
    pub plan: Option<PlanSummary>,
    pub allocated: Allowance,
    pub used: Allowance,
}

impl Capacity {
    pub fn limit(&self) -> Option<Allowance> {
        self.plan.as_ref().map(Allowance::of)
    }

    /// What the allocations exceed, if anything.
    pub fn over_allocated(&self) -> Vec<&'static str> {
        self.limit().map(|l| self.allocated.over(&l)).unwrap_or_default()
    }

    /// What `plan` alone would exceed.
    pub fn plan_exceeds(&self, plan: &PlanSummary) -> Vec<&'static str> {
        self.limit().map(|l| Allowance::of(plan).over(&l)).unwrap_or_default()
    }

    /// What one more customer on `plan` would push over capacity.
    pub fn adding_exceeds(&self, plan: &PlanSummary) -> Vec<&'static str> {
        let more = Allowance::of(plan);
        let after = Allowance {
            messages: self.allocated.messages + more.messages,
            whatsapp: self.allocated.whatsapp + more.whatsapp,
            team_members: self.allocated.team_members + more.team_members,
        };
        self.limit().map(|l| after.over(&l)).unwrap_or_default()
    }
}

/// The reseller's capacity now.
pub async fn capacity(state: &super::AppState, reseller: &PortalReseller) -> Result<Capacity, AppError> {
    let db = &state.db;
    let details = super::resellers::details(db, reseller.agency_id, reseller.id, &state.site.base_domain).await?;
    let allocated: (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(p.messages_limit), 0) AS BIGINT), CAST(COALESCE(SUM(p.whatsapp_limit), 0) AS BIGINT), \
         CAST(COALESCE(SUM(p.team_members_limit), 0) AS BIGINT) \
         FROM customers c JOIN reseller_plans p ON p.id = c.own_plan_id \
         WHERE c.reseller_id = $1 AND c.agency_id = $2 AND c.status = 'active'",
    )
    .bind(reseller.id)
    .bind(reseller.agency_id)
    .fetch_one(db.pool())
    .await?;
    let usage = details.usage.current();
    Ok(Capacity {
        plan: details.plan,
        allocated: Allowance { messages: allocated.0, whatsapp: allocated.1, team_members: allocated.2 },
        used: Allowance {
            messages: usage.messages,
            whatsapp: usage.whatsapp,
            team_members: details.usage.team_members,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BillingCycle;

    fn plan(messages: i64, whatsapp: i64, team: i64) -> PlanSummary {
        PlanSummary {
            id: 1,
            name: "P".into(),
            price_minor: 100,
            currency: "USD".into(),
            billing_cycle: BillingCycle::Monthly,
            messages_limit: messages,
            whatsapp_limit: whatsapp,
            team_members_limit: team,
        }
    }

    #[test]
    fn capacity_warns_on_each_figure_over_the_agency_plan() {
        let c = Capacity {
            plan: Some(plan(1_000, 100, 5)),
            allocated: Allowance { messages: 900, whatsapp: 100, team_members: 5 },
            used: Allowance::default(),
        };
        assert!(c.over_allocated().is_empty(), "exactly at capacity is not over");
        assert_eq!(c.adding_exceeds(&plan(100, 0, 0)), Vec::<&str>::new());
        assert_eq!(c.adding_exceeds(&plan(101, 1, 0)), vec!["messages", "WhatsApp messages"]);
        assert_eq!(c.plan_exceeds(&plan(2_000, 0, 6)), vec!["messages", "team members"]);
        let none = Capacity { plan: None, ..c };
        assert!(none.adding_exceeds(&plan(i64::MAX / 4, 0, 0)).is_empty(), "no agency plan, nothing measured");
    }
}
