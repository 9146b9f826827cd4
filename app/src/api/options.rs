use crate::domain::{CountryOption, PlanSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// Countries for phone numbers, by name, with their calling codes.
#[server(endpoint = "options/countries")]
pub async fn list_countries() -> Result<Vec<CountryOption>, AppError> {
    crate::ssr::agency_scope(crate::domain::Permission::View).await?;
    Ok(crate::ssr::options::countries().to_vec())
}

/// The agency's plans that take new resellers, and the plan `keep` (the edited reseller's
/// current plan) even when it has been archived since.
#[server(endpoint = "options/plans")]
pub async fn list_plan_options(#[server(default)] keep: Option<i64>) -> Result<Vec<PlanSummary>, AppError> {
    use crate::ssr::{agency_scope, options};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    options::active_plans(scope.db(), scope.agency_id, keep).await
}
