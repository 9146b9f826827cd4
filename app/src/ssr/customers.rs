//! A reseller's customers: the reseller manages them in its portal (every change in the
//! agency's activity log, under the reseller), the agency reads them. Every query is
//! scoped by agency and reseller: a customer id of another reseller is "not found".

use super::activity::{record, ActivityKind, Entry};
use super::db::Db;
use super::portal::PortalReseller;
use crate::domain::{customer_search, CustomerPage, CustomerRow, CustomerStatus, NewCustomer, CUSTOMER_PAGE_SIZE};
use crate::error::AppError;

/// `%text%` for LIKE, with LIKE's own characters escaped (`\` is the escape).
fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// A page of the reseller's customers matching `q` (name or e-mail, any case), oldest
/// first. A page past the end answers the last page.
pub async fn list(db: &Db, agency_id: i64, reseller_id: i64, q: &str, page: u32) -> Result<CustomerPage, AppError> {
    let q = customer_search(q);
    let pattern = contains_pattern(&q);
    let (all, total): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN $3 = '' OR lower(name) LIKE $4 ESCAPE '\\' \
         OR email LIKE $4 ESCAPE '\\' THEN 1 ELSE 0 END), 0) \
         FROM customers WHERE agency_id = $1 AND reseller_id = $2",
    )
    .bind(agency_id)
    .bind(reseller_id)
    .bind(&q)
    .bind(&pattern)
    .fetch_one(db.pool())
    .await?;
    let pages = (total.max(0) as u64).div_ceil(u64::from(CUSTOMER_PAGE_SIZE)).max(1) as u32;
    let page = page.clamp(1, pages);
    let offset = i64::from(page - 1) * i64::from(CUSTOMER_PAGE_SIZE);
    let rows: Vec<(i64, String, String, CustomerStatus, i64)> = sqlx::query_as(
        "SELECT id, name, email, status, created_at FROM customers WHERE agency_id = $1 AND reseller_id = $2 \
         AND ($3 = '' OR lower(name) LIKE $4 ESCAPE '\\' OR email LIKE $4 ESCAPE '\\') \
         ORDER BY created_at, id LIMIT 25 OFFSET $5",
    )
    .bind(agency_id)
    .bind(reseller_id)
    .bind(&q)
    .bind(&pattern)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let rows = rows
        .into_iter()
        .map(|(id, name, email, status, created_at)| CustomerRow { id, name, email, status, created_at })
        .collect();
    Ok(CustomerPage { rows, total, all, page })
}

/// The customers of one of the agency's resellers, for the agency (404 for a reseller
/// of another agency).
pub async fn list_for_agency(
    scope: &super::AgencyScope,
    reseller_id: i64,
    q: &str,
    page: u32,
) -> Result<CustomerPage, AppError> {
    let ours: Option<i64> = sqlx::query_scalar("SELECT id FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller_id)
        .bind(scope.agency_id)
        .fetch_optional(scope.db().pool())
        .await?;
    ours.ok_or(AppError::NotFound)?;
    list(scope.db(), scope.agency_id, reseller_id, q, page).await
}

/// One of the reseller's customers.
pub async fn get(db: &Db, reseller: &PortalReseller, id: i64) -> Result<CustomerRow, AppError> {
    let row: Option<(i64, String, String, CustomerStatus, i64)> = sqlx::query_as(
        "SELECT id, name, email, status, created_at FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3",
    )
    .bind(id)
    .bind(reseller.agency_id)
    .bind(reseller.id)
    .fetch_optional(db.pool())
    .await?;
    let (id, name, email, status, created_at) = row.ok_or(AppError::NotFound)?;
    Ok(CustomerRow { id, name, email, status, created_at })
}

fn entry<'a>(reseller: &'a PortalReseller, kind: ActivityKind, customer: &'a str) -> Entry<'a> {
    Entry {
        agency_id: reseller.agency_id,
        reseller_id: Some(reseller.id),
        reseller_name: &reseller.name,
        actor: "reseller",
        kind,
        detail: customer,
    }
}

fn taken(error: sqlx::Error) -> AppError {
    match super::db::unique_violation(&error, "customers", &["email"]) {
        Some(_) => AppError::field("email", "You already have a customer with this e-mail"),
        None => error.into(),
    }
}

/// Adds a customer (active).
pub async fn create(db: &Db, reseller: &PortalReseller, name: &str, email: &str) -> Result<i64, AppError> {
    let new = NewCustomer::parse(name, email).map_err(AppError::Validation)?;
    let now = super::now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'active', $5, $5) RETURNING id",
    )
    .bind(reseller.agency_id)
    .bind(reseller.id)
    .bind(&new.name)
    .bind(new.email.as_str())
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(taken)?;
    record(&mut tx, entry(reseller, ActivityKind::CustomerAdded, &new.name)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a customer's name and e-mail.
pub async fn update(db: &Db, reseller: &PortalReseller, id: i64, name: &str, email: &str) -> Result<(), AppError> {
    let new = NewCustomer::parse(name, email).map_err(AppError::Validation)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE customers SET name = $1, email = $2, updated_at = $3 WHERE id = $4 AND agency_id = $5 AND reseller_id = $6",
    )
    .bind(&new.name)
    .bind(new.email.as_str())
    .bind(super::now())
    .bind(id)
    .bind(reseller.agency_id)
    .bind(reseller.id)
    .execute(&mut *tx)
    .await
    .map_err(taken)?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    record(&mut tx, entry(reseller, ActivityKind::CustomerUpdated, &new.name)).await?;
    tx.commit().await?;
    Ok(())
}

/// Suspends a customer or makes it active again (nothing logged when it already was).
pub async fn set_status(db: &Db, reseller: &PortalReseller, id: i64, status: CustomerStatus) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let name: Option<(String, CustomerStatus)> =
        sqlx::query_as("SELECT name, status FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3")
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name, was) = name.ok_or(AppError::NotFound)?;
    if was == status {
        return Ok(());
    }
    sqlx::query("UPDATE customers SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(super::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let kind = match status {
        CustomerStatus::Active => ActivityKind::CustomerReactivated,
        CustomerStatus::Suspended => ActivityKind::CustomerSuspended,
    };
    record(&mut tx, entry(reseller, kind, &name)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a customer for good.
pub async fn delete(db: &Db, reseller: &PortalReseller, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM customers WHERE id = $1 AND agency_id = $2 AND reseller_id = $3")
            .bind(id)
            .bind(reseller.agency_id)
            .bind(reseller.id)
            .fetch_optional(&mut *tx)
            .await?;
    let name = name.ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM customers WHERE id = $1").bind(id).execute(&mut *tx).await?;
    record(&mut tx, entry(reseller, ActivityKind::CustomerDeleted, &name)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn the_page_size_is_the_one_written_in_the_list_query() {
        assert_eq!(crate::domain::CUSTOMER_PAGE_SIZE, 25, "list() says LIMIT 25");
    }

    #[test]
    fn like_characters_are_escaped() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
