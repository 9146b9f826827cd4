use crate::domain::ActivityPage;
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the agency's activity log, newest first, optionally for one reseller and
/// one kind: the Activity tab's URL parameters (`reseller`, `kind`, `page`; odd values
/// mean "all"), and `limit` (entries wanted, at most a page; absent, a page).
#[server(endpoint = "activity/list")]
pub async fn list_activity(
    #[server(flatten)] request: crate::domain::ActivityRequest,
) -> Result<ActivityPage, AppError> {
    use crate::ssr::{activity, agency_scope};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    activity::list_sized(scope.db(), scope.agency_id, &request.query, request.size()).await
}
