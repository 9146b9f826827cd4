use crate::domain::{Overview, ResellerDetails, ResellerPage};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the agency's resellers whose name or e-mail contains `q`.
#[server(endpoint = "resellers/list")]
pub async fn list_resellers(q: String, page: u32) -> Result<ResellerPage, AppError> {
    use crate::domain::ResellerQuery;
    use crate::ssr::{agency_scope, resellers, respond};
    respond(
        async {
            let scope = agency_scope().await?;
            let query = ResellerQuery::new(&q, &page.to_string());
            resellers::list(&scope.state.pool, scope.agency_id, &query).await
        }
        .await,
    )
}

/// The numbers of the overview cards.
#[server(endpoint = "resellers/overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::ssr::{agency_scope, resellers, respond};
    respond(
        async {
            let scope = agency_scope().await?;
            resellers::overview(&scope.state.pool, scope.agency_id).await
        }
        .await,
    )
}

/// Everything the details page shows about one reseller.
#[server(endpoint = "resellers/get")]
pub async fn get_reseller(id: i64) -> Result<ResellerDetails, AppError> {
    use crate::ssr::{agency_scope, resellers, respond};
    respond(
        async {
            let scope = agency_scope().await?;
            resellers::details(&scope.state.pool, scope.agency_id, id, &scope.state.site.base_domain).await
        }
        .await,
    )
}
