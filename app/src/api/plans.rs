use crate::domain::{PlanInput, PlanRow, PlanStatus};
use crate::error::AppError;
use leptos::prelude::*;

/// Every plan of the agency with the number of resellers on it.
#[server(endpoint = "plans/list")]
pub async fn list_plans() -> Result<Vec<PlanRow>, AppError> {
    use crate::ssr::{agency_scope, plans};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    plans::list(scope.db(), scope.agency_id).await
}

/// One plan (for the edit form).
#[server(endpoint = "plans/get")]
pub async fn get_plan(id: i64) -> Result<PlanRow, AppError> {
    use crate::ssr::{agency_scope, plans};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    plans::get(scope.db(), scope.agency_id, id).await
}

/// Creates a plan (`id` = None) or saves an edit; answers the plan's id.
#[server(endpoint = "plans/save", input = leptos::server_fn::codec::Json)]
pub async fn save_plan(id: Option<i64>, input: PlanInput) -> Result<i64, AppError> {
    use crate::domain::NewPlan;
    use crate::ssr::{agency_scope, plans};
    let scope = agency_scope(crate::domain::Permission::ManagePlans).await?;
    let plan = NewPlan::parse(&input).map_err(AppError::Validation)?;
    match id {
        Some(id) => plans::update(scope.db(), scope.agency_id, id, &plan).await.map(|_| id),
        None => plans::create(scope.db(), scope.agency_id, &plan).await,
    }
}

/// Archives a plan (`archived = true`) or takes it back into use; answers the new status.
#[server(endpoint = "plans/set_archived")]
pub async fn set_plan_archived(id: i64, archived: bool) -> Result<PlanStatus, AppError> {
    use crate::ssr::{agency_scope, plans};
    let scope = agency_scope(crate::domain::Permission::ManagePlans).await?;
    let status = if archived { PlanStatus::Archived } else { PlanStatus::Active };
    plans::set_status(scope.db(), scope.agency_id, id, status).await
}

/// Deletes a plan that no reseller uses; answers its name.
#[server(endpoint = "plans/delete")]
pub async fn delete_plan(id: i64) -> Result<String, AppError> {
    use crate::ssr::{agency_scope, plans};
    let scope = agency_scope(crate::domain::Permission::ManagePlans).await?;
    plans::delete(scope.db(), scope.agency_id, id).await
}
