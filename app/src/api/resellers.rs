use crate::domain::{Overview, ResellerDetails, ResellerPage};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the agency's resellers matching the query: its URL parameters are the
/// form (`q`, `status`, `type`, `plan`, `sort`, `dir`, `page`, `after`, `before`; odd
/// values fall back to the defaults).
#[server(endpoint = "resellers/list")]
pub async fn list_resellers(#[server(flatten)] query: crate::domain::ResellerQuery) -> Result<ResellerPage, AppError> {
    use crate::ssr::{agency_scope, reseller_list};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    reseller_list::list(scope.db(), scope.agency_id, &query).await
}

/// The numbers of the overview cards.
#[server(endpoint = "resellers/overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    resellers::overview(scope.db(), scope.agency_id).await
}

/// Everything the details page shows about one reseller.
#[server(endpoint = "resellers/get")]
pub async fn get_reseller(id: i64) -> Result<ResellerDetails, AppError> {
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    resellers::details(scope.db(), scope.agency_id, id, &scope.state.site.base_domain).await
}

/// Switches a reseller's access on (`active = true`) or off; answers the stored status.
#[server(endpoint = "resellers/set_status")]
pub async fn set_reseller_status(id: i64, active: bool) -> Result<crate::domain::ResellerStatus, AppError> {
    use crate::domain::ResellerStatus;
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::SwitchResellerAccess).await?;
    let status = if active { ResellerStatus::Active } else { ResellerStatus::Inactive };
    resellers::set_status(&scope, id, status).await
}

/// Permanently removes a reseller and its access; answers its name.
#[server(endpoint = "resellers/delete")]
pub async fn delete_reseller(id: i64) -> Result<String, AppError> {
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::DeleteResellers).await?;
    resellers::delete(&scope, id).await
}

/// Creates a reseller; answers its id. Field errors come back as `Validation`, each
/// naming the form field (e-mail or login domain taken meanwhile included).
#[server(endpoint = "resellers/create", input = leptos::server_fn::codec::Json)]
pub async fn create_reseller(input: crate::domain::ResellerInput) -> Result<i64, AppError> {
    use crate::domain::NewReseller;
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::CreateResellers).await?;
    let new = match NewReseller::parse(&input) {
        Ok(new) => new,
        Err(errors) => return Err(resellers::refusal(&scope, &input, errors, None).await),
    };
    resellers::create(&scope, new).await
}

/// What the login-domain field shows while typing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DomainCheck {
    /// Free to use; the address the partner will sign in at.
    Available {
        login_url: String,
    },
    Taken,
    /// Breaks the login-domain rule; the message says which part.
    Invalid {
        message: String,
    },
}

/// Checks a login domain while the admin types it; `editing`: the reseller being edited,
/// whose own domain is not "taken".
#[server(endpoint = "resellers/check_login_domain")]
pub async fn check_login_domain(domain: String, editing: Option<i64>) -> Result<DomainCheck, AppError> {
    use crate::domain::LoginDomain;
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::EditResellers).await?;
    let domain = match LoginDomain::parse(&domain) {
        Ok(d) => d,
        Err(e) => return Ok(DomainCheck::Invalid { message: e.message }),
    };
    if resellers::login_domain_taken(scope.db(), &domain, scope.agency_id, editing).await? {
        Ok(DomainCheck::Taken)
    } else {
        Ok(DomainCheck::Available { login_url: domain.login_url(&scope.state.site.base_domain) })
    }
}

/// The edit form of a reseller, filled with what is stored (never its password).
#[server(endpoint = "resellers/edit_form")]
pub async fn get_reseller_form(id: i64) -> Result<crate::domain::ResellerInput, AppError> {
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::EditResellerContact).await?;
    resellers::edit_input(scope.db(), scope.agency_id, id).await
}

/// Saves an edit; an empty password keeps the current one.
#[server(endpoint = "resellers/update", input = leptos::server_fn::codec::Json)]
pub async fn update_reseller(id: i64, input: crate::domain::ResellerInput) -> Result<(), AppError> {
    use crate::domain::NewReseller;
    use crate::ssr::{agency_scope, resellers};
    let scope = agency_scope(crate::domain::Permission::EditResellerContact).await?;
    let new = match NewReseller::parse_update(&input) {
        Ok(new) => new,
        Err(errors) => return Err(resellers::refusal(&scope, &input, errors, Some(id)).await),
    };
    resellers::update(&scope, id, new).await
}

/// The strength meter's reading for a password being typed (nothing is stored or logged).
#[server(endpoint = "resellers/rate_password")]
pub async fn rate_password(
    password: String,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] login_domain: String,
) -> Result<crate::domain::PasswordRating, AppError> {
    use crate::ssr::agency_scope;
    agency_scope(crate::domain::Permission::EditResellers).await?;
    let max = crate::domain::NewPassword::MAX_CHARS;
    if password.chars().count() > max {
        return Err(AppError::field("password", &format!("Use at most {max} characters")));
    }
    // What the password is compared with is cut to its fields' lengths (the
    // estimate's cost grows with it).
    let cut = |text: &str, n: usize| text.chars().take(n).collect::<String>();
    let (name, email, login_domain) = (cut(&name, 100), cut(&email, 254), cut(&login_domain, 32));
    let related = [name.as_str(), email.as_str(), login_domain.as_str()];
    Ok(crate::domain::PasswordRating::of(&password, &related))
}
