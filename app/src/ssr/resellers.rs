//! Reseller queries. Every function takes the agency it is scoped to.

use super::db::{Backend, Db};
use super::reseller_list::{RowRecord, ROW_COLUMNS};
use super::sql::Columns;
use super::sql::Sql;
use super::AgencyScope;
use crate::domain::{
    login_url, Overview, PartnerType, Permission, ResellerDetails, ResellerField, ResellerStatus, StoredWord,
};
use crate::error::AppError;

/// A reseller as stored. Server-only: it holds the password hash.
pub struct ResellerRecord {
    pub partner_type: PartnerType,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
    pub password_hash: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub login_domain: String,
    pub plan_id: Option<i64>,
    pub commission_rate_bp: Option<i64>,
    pub status: ResellerStatus,
    pub team_members_consumed: i64,
    pub joined_on: i64,
}

impl std::fmt::Debug for ResellerRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResellerRecord")
            .field("name", &self.name)
            .field("email", &self.email)
            .field("login_domain", &self.login_domain)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// The text substring search looks in: one rule for every writer.
pub fn search_key(name: &str, email: &str) -> String {
    format!("{}\n{}", name.to_lowercase(), email.to_lowercase())
}

/// Inserts many resellers in one statement (the caller chooses the transaction).
pub async fn insert_batch(
    conn: &mut sqlx::AnyConnection,
    agency_id: i64,
    rows: &[ResellerRecord],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut insert = Sql::new(
        Backend::of(conn),
        "INSERT INTO resellers (agency_id, partner_type, name, email, phone, website, password_hash, \
         contact_name, contact_email, contact_phone, login_domain, plan_id, commission_rate_bp, status, \
         search_key, team_members_consumed, joined_on, updated_at) ",
    );
    insert.push_values(rows, |b, r| {
        b.bind(agency_id)
            .bind(r.partner_type)
            .bind(&r.name)
            .bind(&r.email)
            .bind(&r.phone)
            .bind(&r.website)
            .bind(&r.password_hash)
            .bind(&r.contact_name)
            .bind(&r.contact_email)
            .bind(&r.contact_phone)
            .bind(&r.login_domain)
            .bind(r.plan_id)
            .bind(r.commission_rate_bp)
            .bind(r.status)
            .bind(search_key(&r.name, &r.email))
            .bind(r.team_members_consumed)
            .bind(r.joined_on)
            .bind(r.joined_on);
    });
    insert.query().execute(conn).await?;
    Ok(())
}

/// Sums for the overview cards: reseller counts, this month's usage, team members now.
pub async fn overview(db: &Db, agency_id: i64) -> Result<Overview, AppError> {
    // Kept up to date (the schema's triggers and `usage::add_months`): no scan of resellers or usage.
    let month = super::clock::current_month();
    let (active, total, team, messages, whatsapp): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT t.active, t.resellers, t.team_members, COALESCE(u.messages, 0), COALESCE(u.whatsapp, 0) \
         FROM agency_totals t LEFT JOIN agency_usage_monthly u ON u.agency_id = t.agency_id AND u.month = $2 \
         WHERE t.agency_id = $1",
    )
    .bind(agency_id)
    .bind(month.0)
    .fetch_optional(db.pool())
    .await?
    .unwrap_or_default();
    Ok(Overview {
        active_resellers: active,
        total_resellers: total,
        month,
        messages_consumed: messages,
        whatsapp_consumed: whatsapp,
        team_members_consumed: team,
        commission_owed: super::ledger::owed(db, agency_id).await?,
    })
}

/// One reseller of the agency, or `NotFound` (also for another agency's reseller).
pub async fn details(db: &Db, agency_id: i64, id: i64, base_domain: &str) -> Result<ResellerDetails, AppError> {
    let mut select = db.sql(format!(
        "{ROW_COLUMNS}, r.phone, r.website, r.contact_name, r.contact_email, r.contact_phone, \
         r.login_domain, r.commission_rate_bp, r.updated_at, r.team_members_consumed \
         FROM resellers r LEFT JOIN plans p ON p.id = r.plan_id WHERE r.agency_id = "
    ));
    select.push_bind(agency_id).push(" AND r.id = ").push_bind(id);
    let record: DetailsRecord = select.query_as().fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    let (row, plan) = record.row.into_parts();
    let usage = super::usage::reseller_usage(db, row.id, record.team_members_consumed).await?;
    Ok(ResellerDetails {
        id: row.id,
        name: row.name,
        email: row.email,
        phone: crate::domain::phone::international(&record.phone),
        website: record.website,
        partner_type: row.partner_type,
        contact_name: record.contact_name,
        contact_email: record.contact_email,
        contact_phone: crate::domain::phone::international(&record.contact_phone),
        login_url: login_url(&record.login_domain, base_domain),
        login_domain: record.login_domain,
        plan,
        commission_rate_bp: record.commission_rate_bp,
        status: row.status,
        joined_on: row.joined_on,
        updated_at: record.updated_at,
        usage,
    })
}

#[derive(sqlx::FromRow)]
struct DetailsRecord {
    #[sqlx(flatten)]
    row: RowRecord,
    phone: String,
    website: Option<String>,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    login_domain: String,
    commission_rate_bp: Option<i64>,
    updated_at: i64,
    team_members_consumed: i64,
}

/// Switches a reseller's access on or off. Switching off ends the reseller's sessions at
/// once. Records the change in the activity log, in the same transaction.
pub async fn set_status(scope: &AgencyScope, id: i64, status: ResellerStatus) -> Result<ResellerStatus, AppError> {
    let db = scope.db();
    use super::activity::{record, ActivityKind, Entry};
    let mut tx = db.begin_write().await?;
    let current: Option<(String, String)> =
        sqlx::query_as("SELECT name, status FROM resellers WHERE id = $1 AND agency_id = $2")
            .bind(id)
            .bind(scope.agency_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name, current) = current.ok_or(AppError::NotFound)?;
    if current == status.as_str() {
        return Ok(status);
    }
    sqlx::query("UPDATE resellers SET status = $1, updated_at = $2 WHERE id = $3 AND agency_id = $4")
        .bind(status)
        .bind(super::now())
        .bind(id)
        .bind(scope.agency_id)
        .execute(&mut *tx)
        .await?;
    if !status.is_active() {
        sqlx::query("DELETE FROM sessions WHERE reseller_id = $1").bind(id).execute(&mut *tx).await?;
    }
    let kind = if status.is_active() { ActivityKind::Activated } else { ActivityKind::Deactivated };
    record(&mut tx, Entry::by(scope, id, &name, kind)).await?;
    tx.commit().await?;
    Ok(status)
}

/// Removes a reseller and everything that grants it access (its sessions go with it,
/// by foreign key), keeping a "deleted" entry in the activity log. Returns its name.
pub async fn delete(scope: &AgencyScope, id: i64) -> Result<String, AppError> {
    let db = scope.db();
    use super::activity::{record, ActivityKind, Entry};
    let mut tx = db.begin_write().await?;
    super::usage::forget_reseller(&mut tx, scope.agency_id, id).await?;
    let name: String = sqlx::query_scalar("DELETE FROM resellers WHERE id = $1 AND agency_id = $2 RETURNING name")
        .bind(id)
        .bind(scope.agency_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    record(&mut tx, Entry::by(scope, id, &name, ActivityKind::Deleted)).await?;
    tx.commit().await?;
    Ok(name)
}

/// The error for an e-mail or login domain that another reseller has.
fn taken(field: &str) -> crate::domain::FieldError {
    match field {
        "email" => crate::domain::FieldError::new(field, "Another of your resellers already uses this e-mail"),
        _ => crate::domain::LoginDomain::taken(),
    }
}

/// The form field a UNIQUE constraint guards, with the message for it.
fn unique_violation(error: &sqlx::Error) -> Option<crate::domain::FieldError> {
    super::db::unique_violation(error, "resellers", &["email", "login_domain"]).map(taken)
}

/// The columns `Editable` reads (by name).
const EDITABLE_COLUMNS: [&str; 12] = [
    "partner_type",
    "name",
    "email",
    "phone",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "login_domain",
    "plan_id",
    "commission_rate_bp",
    "search_key",
];

/// A reseller's editable values as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct Editable {
    partner_type: String,
    name: String,
    email: String,
    phone: String,
    website: Option<String>,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    login_domain: String,
    plan_id: Option<i64>,
    commission_rate_bp: Option<i64>,
    search_key: String,
}

impl Editable {
    /// What checked input stores (phones already in E.164).
    fn from_new(new: &crate::domain::NewReseller, phone: String, contact_phone: String) -> Self {
        Self {
            partner_type: new.partner_type.as_str().to_owned(),
            name: new.name.as_str().to_owned(),
            email: new.email.as_str().to_owned(),
            phone,
            website: new.website.clone(),
            contact_name: new.contact_name.as_str().to_owned(),
            contact_email: new.contact_email.as_str().to_owned(),
            contact_phone,
            login_domain: new.login_domain.as_str().to_owned(),
            plan_id: new.plan_id,
            commission_rate_bp: new.commission_rate_bp,
            search_key: search_key(new.name.as_str(), new.email.as_str()),
        }
    }

    /// Each column with its value, for the INSERT of a create and the SET list of an edit.
    fn set_columns(self, c: &mut Columns<'_>) {
        c.set("partner_type", self.partner_type)
            .set("name", self.name)
            .set("email", self.email)
            .set("phone", self.phone)
            .set("website", self.website)
            .set("contact_name", self.contact_name)
            .set("contact_email", self.contact_email)
            .set("contact_phone", self.contact_phone)
            .set("login_domain", self.login_domain)
            .set("plan_id", self.plan_id)
            .set("commission_rate_bp", self.commission_rate_bp)
            .set("search_key", self.search_key);
    }

    /// Names of the fields that differ (for the activity log: names, never values).
    fn changes(&self, to: &Self) -> Vec<ResellerField> {
        use ResellerField as F;
        [
            (self.partner_type != to.partner_type, F::PartnerType),
            (self.name != to.name, F::Name),
            (self.email != to.email, F::Email),
            (self.phone != to.phone, F::Phone),
            (self.website != to.website, F::Website),
            (self.contact_name != to.contact_name, F::ContactName),
            (self.contact_email != to.contact_email, F::ContactEmail),
            (self.contact_phone != to.contact_phone, F::ContactPhone),
            (self.login_domain != to.login_domain, F::LoginDomain),
            (self.plan_id != to.plan_id, F::PlanId),
            (self.commission_rate_bp != to.commission_rate_bp, F::CommissionRate),
        ]
        .into_iter()
        .filter_map(|(differs, field)| differs.then_some(field))
        .collect()
    }

    /// One of the agency's resellers, or `NotFound`.
    async fn load(db: &Db, agency_id: i64, id: i64) -> Result<Self, AppError> {
        let mut select = db.sql(format!("SELECT {} FROM resellers WHERE id = ", EDITABLE_COLUMNS.join(", ")));
        select.push_bind(id).push(" AND agency_id = ").push_bind(agency_id);
        select.query_as().fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)
    }
}

/// Creates a reseller from checked input. The server's checks are final: phone numbers
/// against their country's plan, the plan against the agency's active plans, uniqueness
/// by the database (so concurrent creates cannot both win). Logged as "created".
pub async fn create(scope: &AgencyScope, new: crate::domain::NewReseller) -> Result<i64, AppError> {
    let db = scope.db();
    use super::activity::{record, ActivityKind, Entry};
    let (phone, contact_phone) = final_checks(scope, &new, None).await?;
    let Some(password) = &new.password else {
        return Err(AppError::field("password", "Enter a password"));
    };
    let password_hash = super::auth::hash_password(password.expose().to_owned()).await?;
    let now = super::now();
    let editable = Editable::from_new(&new, phone, contact_phone);
    let mut insert = db.sql("INSERT INTO resellers ");
    insert.push_insert(|c| {
        c.set("agency_id", scope.agency_id)
            .set("password_hash", password_hash)
            .set("status", ResellerStatus::Active)
            .set("joined_on", now)
            .set("updated_at", now);
        editable.set_columns(c);
    });
    insert.push(" RETURNING id");
    let mut tx = db.begin_write().await?;
    let inserted: Result<i64, _> = insert.query_scalar().fetch_one(&mut *tx).await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) => return Err(unique_violation(&e).map(|f| AppError::Validation(vec![f])).unwrap_or_else(|| e.into())),
    };
    record(&mut tx, Entry::by(scope, id, new.name.as_str(), ActivityKind::Created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The checks only the server can make, shared by create and edit (`editing`: the reseller's
/// id and current plan): both phone numbers against their country's numbering plan (answered
/// in E.164), e-mail and login domain not used by another reseller (reported together with
/// the rest; the UNIQUE constraints stay final for races), and the plan against the agency's
/// active plans (an edited reseller may keep a plan archived since).
async fn final_checks(
    scope: &AgencyScope,
    new: &crate::domain::NewReseller,
    editing: Option<(i64, Option<i64>)>,
) -> Result<(String, String), AppError> {
    let parts = Checkable {
        email: Some(&new.email),
        login_domain: Some(&new.login_domain),
        phone: Some(&new.phone),
        contact_phone: Some(&new.contact_phone),
        plan_id: new.plan_id,
    };
    let (errors, phone, contact_phone) = server_checks(scope, parts, editing).await?;
    match (phone, contact_phone) {
        (Some(phone), Some(contact_phone)) if errors.is_empty() => Ok((phone, contact_phone)),
        _ => Err(AppError::Validation(errors)),
    }
}

/// A submission that broke some of the shared rules (`errors`): refused with those errors
/// and the server's own checks of every field that did pass its rule, so that one submit
/// shows everything to fix (a weak password and a taken e-mail and a number that does not
/// exist). `editing`: the reseller being edited.
pub async fn refusal(
    scope: &AgencyScope,
    input: &crate::domain::ResellerInput,
    errors: Vec<crate::domain::FieldError>,
    editing: Option<i64>,
) -> AppError {
    use crate::domain::{Email, LoginDomain, Phone};
    let editing = match editing {
        Some(id) => match Editable::load(scope.db(), scope.agency_id, id).await {
            Ok(current) => Some((id, current.plan_id)),
            Err(e) => return e,
        },
        None => None,
    };
    let (email, login_domain, phone, contact_phone) = (
        Email::parse("email", &input.email).ok(),
        LoginDomain::parse(&input.login_domain).ok(),
        Phone::parse("phone", &input.phone_country, &input.phone).ok(),
        Phone::parse("contact_phone", &input.contact_phone_country, &input.contact_phone).ok(),
    );
    let parts = Checkable {
        email: email.as_ref(),
        login_domain: login_domain.as_ref(),
        phone: phone.as_ref(),
        contact_phone: contact_phone.as_ref(),
        plan_id: input.plan_id.trim().parse().ok(),
    };
    match server_checks(scope, parts, editing).await {
        Ok((more, _, _)) => {
            // One message per field: its rule's, else the server's.
            let mut errors = errors;
            for error in more {
                if !errors.iter().any(|e| e.field == error.field) {
                    errors.push(error);
                }
            }
            AppError::Validation(errors)
        }
        Err(e) => e,
    }
}

/// What the server checks beyond the shared rules; a part is `None` when it broke its rule.
struct Checkable<'a> {
    email: Option<&'a crate::domain::Email>,
    login_domain: Option<&'a crate::domain::LoginDomain>,
    phone: Option<&'a crate::domain::Phone>,
    contact_phone: Option<&'a crate::domain::Phone>,
    plan_id: Option<i64>,
}

/// The errors the server finds in the parts, and both numbers in E.164 when valid.
async fn server_checks(
    scope: &AgencyScope,
    parts: Checkable<'_>,
    editing: Option<(i64, Option<i64>)>,
) -> Result<(Vec<crate::domain::FieldError>, Option<String>, Option<String>), AppError> {
    use crate::domain::FieldError;
    let db = scope.db();
    let (own_id, kept_plan) = editing.unwrap_or((0, None));
    let mut errors = Vec::new();
    // A missing part binds NULL, which matches nothing.
    let (email_taken, domain_taken): (i64, i64) = sqlx::query_as(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM resellers WHERE agency_id = $5 AND email = $1 AND id != $2) \
                THEN 1 ELSE 0 END, \
                CASE WHEN EXISTS (SELECT 1 FROM resellers WHERE login_domain = $3 AND id != $4) THEN 1 ELSE 0 END",
    )
    .bind(parts.email.map(|e| e.as_str().to_owned()))
    .bind(own_id)
    .bind(parts.login_domain.map(|d| d.as_str().to_owned()))
    .bind(own_id)
    .bind(scope.agency_id)
    .fetch_one(db.pool())
    .await?;
    if email_taken != 0 {
        errors.push(taken("email"));
    }
    if domain_taken != 0 {
        errors.push(taken("login_domain"));
    }
    let phone = parts.phone.and_then(|p| p.e164("phone").map_err(|e| errors.push(e)).ok());
    let contact_phone = parts.contact_phone.and_then(|p| p.e164("contact_phone").map_err(|e| errors.push(e)).ok());
    if let Some(plan_id) = parts.plan_id.filter(|p| Some(*p) != kept_plan) {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM plans WHERE id = $1 AND agency_id = $2")
            .bind(plan_id)
            .bind(scope.agency_id)
            .fetch_optional(db.pool())
            .await?;
        match status.as_deref() {
            Some("active") => {}
            Some(_) => errors.push(FieldError::new("plan_id", "This plan is archived: it takes no new resellers")),
            None => errors.push(FieldError::new("plan_id", "Select one of your plans")),
        }
    }
    Ok((errors, phone, contact_phone))
}

/// Whether another reseller has a login domain; `editing`: the agency's reseller being
/// edited, whose own domain does not count (another agency's id excludes nothing).
pub async fn login_domain_taken(
    db: &Db,
    domain: &crate::domain::LoginDomain,
    agency_id: i64,
    editing: Option<i64>,
) -> Result<bool, AppError> {
    let taken: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM resellers WHERE login_domain = $1 \
                                  AND NOT (id = $2 AND agency_id = $3)) THEN 1 ELSE 0 END",
    )
    .bind(domain.as_str())
    .bind(editing.unwrap_or(0))
    .bind(agency_id)
    .fetch_one(db.pool())
    .await?;
    Ok(taken != 0)
}

/// How the activity log names a changed field.
fn change_label(field: ResellerField) -> &'static str {
    use ResellerField as F;
    match field {
        F::PartnerType => "partner type",
        F::PhoneCountry | F::Phone => "phone",
        F::Password | F::ConfirmPassword => "password",
        F::ContactName => "contact name",
        F::ContactEmail => "contact email",
        F::ContactPhoneCountry | F::ContactPhone => "contact phone",
        F::LoginDomain => "login domain",
        F::PlanId => "plan",
        F::CommissionRate => "commission rate",
        F::Name => "name",
        F::Email => "email",
        F::Website => "website",
    }
}

/// Splits a stored E.164 number into the form's country and national number.
fn phone_for_form(e164: &str) -> (String, String) {
    use phonenumber::Mode;
    match phonenumber::parse(None, e164) {
        Ok(n) => {
            let country = n.country().id().map(|id| id.as_ref().to_owned()).unwrap_or_default();
            (country, n.format().mode(Mode::National).to_string())
        }
        Err(_) => (String::new(), e164.to_owned()),
    }
}

/// The edit form of one of the agency's resellers (passwords empty: never sent back).
pub async fn edit_input(db: &Db, agency_id: i64, id: i64) -> Result<crate::domain::ResellerInput, AppError> {
    let stored = Editable::load(db, agency_id, id).await?;
    let (phone_country, phone) = phone_for_form(&stored.phone);
    let (contact_phone_country, contact_phone) = phone_for_form(&stored.contact_phone);
    Ok(crate::domain::ResellerInput {
        partner_type: stored.partner_type,
        name: stored.name,
        email: stored.email,
        phone_country,
        phone,
        website: stored.website.unwrap_or_default(),
        password: String::new(),
        confirm_password: String::new(),
        contact_name: stored.contact_name,
        contact_email: stored.contact_email,
        contact_phone_country,
        contact_phone,
        login_domain: stored.login_domain,
        plan_id: stored.plan_id.map(|p| p.to_string()).unwrap_or_default(),
        commission_rate: stored.commission_rate_bp.map(|bp| format!("{}", bp as f64 / 100.0)).unwrap_or_default(),
    })
}

/// Saves an edit. Same checks as `create`, except that a reseller may keep a plan that has
/// since been archived. Logs "updated" with the names of the changed fields (never values).
pub async fn update(scope: &AgencyScope, id: i64, new: crate::domain::NewReseller) -> Result<(), AppError> {
    let db = scope.db();
    use super::activity::{record, ActivityKind, Entry};
    let current = Editable::load(db, scope.agency_id, id).await?;
    let (phone, contact_phone) = final_checks(scope, &new, Some((id, current.plan_id))).await?;
    let wanted = Editable::from_new(&new, phone, contact_phone);
    let mut changed = current.changes(&wanted);
    if new.password.is_some() {
        changed.push(ResellerField::Password);
    }
    // A support member changes contact details only.
    if !scope.admin.role.can(Permission::EditResellers) && changed.iter().any(|f| !f.is_contact()) {
        return Err(AppError::Forbidden);
    }
    if changed.is_empty() {
        return Ok(());
    }
    let password_hash = match &new.password {
        Some(p) => Some(super::auth::hash_password(p.expose().to_owned()).await?),
        None => None,
    };
    let mut update = db.sql("UPDATE resellers SET ");
    update.push_assignments(|c| {
        c.set("updated_at", super::now());
        wanted.set_columns(c);
    });
    update.push(", password_hash = COALESCE(").push_bind(password_hash).push(", password_hash)");
    update.push(" WHERE id = ").push_bind(id).push(" AND agency_id = ").push_bind(scope.agency_id);
    let mut tx = db.begin_write().await?;
    let updated = update.query().execute(&mut *tx).await;
    if let Err(e) = updated {
        return Err(unique_violation(&e).map(|f| AppError::Validation(vec![f])).unwrap_or_else(|| e.into()));
    }
    if new.password.is_some() {
        // A new password ends the partner's sessions.
        sqlx::query("DELETE FROM sessions WHERE reseller_id = $1").bind(id).execute(&mut *tx).await?;
    }
    let detail = changed.iter().map(|f| change_label(*f)).collect::<Vec<_>>().join(", ");
    record(&mut tx, Entry::by(scope, id, new.name.as_str(), ActivityKind::Updated).with_detail(&detail)).await?;
    if changed.contains(&ResellerField::PlanId) {
        let plan: Option<String> = match new.plan_id {
            Some(p) => {
                sqlx::query_scalar("SELECT name FROM plans WHERE id = $1").bind(p).fetch_optional(&mut *tx).await?
            }
            None => None,
        };
        let detail = plan.map(|p| format!("now on {p}")).unwrap_or_else(|| "no plan now".into());
        record(&mut tx, Entry::by(scope, id, new.name.as_str(), ActivityKind::PlanChanged).with_detail(&detail))
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
