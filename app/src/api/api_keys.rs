use crate::domain::{ApiKeyRow, CreatedApiKey};
use crate::error::AppError;
use leptos::prelude::*;

/// The agency's API keys (never the secrets).
#[server(endpoint = "api_keys/list")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyRow>, AppError> {
    use crate::ssr::{agency_scope, api_keys};
    let scope = agency_scope(crate::domain::Permission::ManageApiKeys).await?;
    api_keys::list(scope.db(), scope.agency_id).await
}

/// Creates a key; the answer is the only time its secret is shown.
#[server(endpoint = "api_keys/create")]
pub async fn create_api_key(name: String) -> Result<CreatedApiKey, AppError> {
    use crate::ssr::{agency_scope, api_keys};
    let scope = agency_scope(crate::domain::Permission::ManageApiKeys).await?;
    api_keys::create(&scope, &name).await
}

/// Revokes a key at once.
#[server(endpoint = "api_keys/revoke")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, api_keys};
    let scope = agency_scope(crate::domain::Permission::ManageApiKeys).await?;
    api_keys::revoke(scope.db(), scope.agency_id, id).await
}
