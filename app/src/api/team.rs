use crate::domain::TeamMember;
use crate::error::AppError;
use leptos::prelude::*;

/// The agency's team (owners and admins only).
#[server(endpoint = "team/list")]
pub async fn list_team() -> Result<Vec<TeamMember>, AppError> {
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    team::list(&scope).await
}

/// Gives a member another role (`owner`, `admin`, `support` or `viewer`).
#[server(endpoint = "team/set_role")]
pub async fn set_member_role(id: i64, role: String) -> Result<(), AppError> {
    use crate::domain::{Role, StoredWord};
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    let role = Role::from_word(&role).ok_or_else(|| AppError::field("role", "Choose one of the roles"))?;
    team::change(&scope, id, team::Change::Role(role)).await
}

/// Switches a member off (signed out everywhere, no sign-in) or on again.
#[server(endpoint = "team/set_disabled")]
pub async fn set_member_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    team::change(&scope, id, team::Change::Disabled(disabled)).await
}

/// Removes a member from the team for good (signed out everywhere).
#[server(endpoint = "team/remove")]
pub async fn remove_member(id: i64) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    team::change(&scope, id, team::Change::Remove).await
}
