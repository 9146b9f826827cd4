use crate::domain::{CreatedInvitation, PendingInvitation, TeamMember};
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

/// Invites someone to the team with a role: the link (its path) is answered this once.
#[server(endpoint = "team/invite")]
pub async fn invite_member(email: String, role: String) -> Result<CreatedInvitation, AppError> {
    use crate::domain::{Role, StoredWord};
    use crate::ssr::{agency_scope, invitations, now};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    let role = Role::from_word(&role).ok_or_else(|| AppError::field("role", "Choose one of the roles"))?;
    invitations::invite(&scope, &email, role, now()).await
}

/// The invitations still waiting for their invitee.
#[server(endpoint = "team/invitations")]
pub async fn list_invitations() -> Result<Vec<PendingInvitation>, AppError> {
    use crate::ssr::{agency_scope, invitations, now};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    invitations::pending(&scope, now()).await
}

/// Revokes an invitation: its link stops working.
#[server(endpoint = "team/revoke_invitation")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, invitations, now};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    invitations::revoke(&scope, id, now()).await
}

/// Whether the agency requires two-factor sign-in of every member.
#[server(endpoint = "team/two_factor_required")]
pub async fn two_factor_required() -> Result<bool, AppError> {
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::ManageTeam).await?;
    team::requires_two_factor(&scope).await
}

/// Requires (or stops requiring) two-factor sign-in of every member (owners only).
#[server(endpoint = "team/require_two_factor")]
pub async fn require_two_factor(required: bool) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, team};
    let scope = agency_scope(crate::domain::Permission::AgencySettings).await?;
    team::require_two_factor(&scope, required).await
}
