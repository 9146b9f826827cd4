use crate::domain::ActivityPage;
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the agency's activity log, newest first, optionally for one reseller and
/// one kind (values as in the Activity tab's URL; odd ones mean "all").
#[server(endpoint = "activity/list")]
pub async fn list_activity(
    #[server(default)] reseller: String,
    #[server(default)] kind: String,
    #[server(default)] page: u32,
    /// Entries wanted (at most a page; 0 means a page).
    #[server(default)]
    limit: u32,
) -> Result<ActivityPage, AppError> {
    use crate::domain::{ActivityQuery, ACTIVITY_PAGE_SIZE};
    use crate::ssr::{activity, agency_scope};
    let scope = agency_scope().await?;
    let page = page.to_string();
    let query = ActivityQuery::from_params(|k| match k {
        "reseller" => Some(reseller.clone()),
        "kind" => Some(kind.clone()),
        "page" => Some(page.clone()),
        _ => None,
    });
    let size = if limit == 0 { ACTIVITY_PAGE_SIZE } else { limit.min(ACTIVITY_PAGE_SIZE) };
    activity::list_sized(scope.db(), scope.agency_id, &query, size).await
}
