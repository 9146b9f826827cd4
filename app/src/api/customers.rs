use crate::domain::{CustomerPage, PlanRow};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of one of the agency's resellers' customers matching `q` (read-only: the
/// reseller manages them in its portal).
#[server(endpoint = "customers/list")]
pub async fn list_customers(reseller: i64, q: String, page: u32) -> Result<CustomerPage, AppError> {
    use crate::ssr::{agency_scope, customers};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    customers::list_for_agency(&scope, reseller, &q, page).await
}

/// An own-plans reseller's own pricing plans, read-only (`resellers` counts customers).
#[server(endpoint = "customers/own_plans")]
pub async fn list_own_plans(reseller: i64) -> Result<Vec<PlanRow>, AppError> {
    use crate::ssr::{agency_scope, own_plans};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    own_plans::list_for_agency(&scope, reseller).await
}
