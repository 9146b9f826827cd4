//! Usage counters: idempotent ingestion of usage events, team-member counts, and the
//! figures the console shows (this month's sums, a reseller's last 12 months).

use super::db::{Backend, Db};
use super::sql::Sql;
use crate::domain::{check_event, CheckedEvent, FieldError, LoginDomain, Month, MonthUsage, ResellerUsage, UsageKind};
use crate::error::AppError;
use std::collections::HashMap;

/// A usage event as the API received it (not yet checked).
#[derive(Debug, Clone)]
pub struct EventInput {
    pub event_id: String,
    /// The reseller's id (digits) or login domain.
    pub reseller: String,
    pub kind: String,
    pub count: i64,
    pub occurred_at: String,
    /// One of the reseller's customers, by id (digits) or e-mail; none for the reseller's own use.
    pub customer: Option<String>,
}

/// What became of one event of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// Counted now.
    Accepted,
    /// Its `event_id` was counted before (a retry): not counted again.
    Duplicate,
    /// Not counted: a field broke a rule, or the reseller is not one of the agency's.
    Rejected(FieldError),
}

/// A reference to a reseller as the API takes it: an id or a login domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResellerRef {
    Id(i64),
    Domain(String),
}

impl ResellerRef {
    /// Login domains are letters only, so digits are an id. Text that can be neither (too
    /// long, control characters) names no reseller and never reaches a query.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if let Ok(id) = text.parse::<i64>() {
            return Ok(ResellerRef::Id(id));
        }
        if text.is_empty() || text.chars().count() > LoginDomain::MAX_CHARS || crate::domain::text::has_control(text) {
            return Err(unknown_reseller());
        }
        Ok(ResellerRef::Domain(text.to_lowercase()))
    }
}

/// The answer for an event whose reseller is not the agency's (or does not exist).
pub fn unknown_reseller() -> FieldError {
    FieldError::new("reseller", "unknown reseller")
}

/// Resolves references to the agency's reseller ids (another agency's resellers are absent).
async fn resolve(
    conn: &mut sqlx::AnyConnection,
    agency_id: i64,
    refs: &[&ResellerRef],
) -> Result<HashMap<ResellerRef, i64>, sqlx::Error> {
    if refs.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = refs.iter().filter_map(|r| match r {
        ResellerRef::Id(id) => Some(*id),
        ResellerRef::Domain(_) => None,
    });
    let domains = refs.iter().filter_map(|r| match r {
        ResellerRef::Domain(d) => Some(d.as_str()),
        ResellerRef::Id(_) => None,
    });
    let sql = lookup_sql(Backend::of(conn), agency_id, ids.collect(), domains.collect());
    let rows: Vec<(i64, String)> = sql.query_as().fetch_all(conn).await?;
    let mut found = HashMap::with_capacity(rows.len() * 2);
    for (id, domain) in rows {
        found.insert(ResellerRef::Id(id), id);
        found.insert(ResellerRef::Domain(domain), id);
    }
    Ok(found)
}

/// The statement that finds the agency's resellers among ids and login domains: one lookup
/// per kind of reference, each by its own index (an OR of the two would scan).
pub fn lookup_sql(backend: Backend, agency_id: i64, ids: Vec<i64>, domains: Vec<&str>) -> Sql {
    let mut sql = Sql::new(backend, "");
    if !ids.is_empty() {
        sql.push("SELECT id, login_domain FROM resellers WHERE ").push_keys_in_scope("id", ids, "agency_id", agency_id);
    }
    if !domains.is_empty() {
        if !sql.sql().is_empty() {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT id, login_domain FROM resellers WHERE ");
        sql.push_keys_in_scope("login_domain", domains, "agency_id", agency_id);
    }
    sql
}

struct Checked<'a> {
    index: usize,
    event_id: &'a str,
    reseller_id: i64,
    customer_id: Option<i64>,
    event: CheckedEvent,
}

/// A customer as an event names it: its id (digits) or its e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CustomerRef {
    Id(i64),
    Email(String),
}

impl CustomerRef {
    /// Text that can name no customer (too long, control characters) is refused before
    /// any query.
    fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if let Ok(id) = text.parse::<i64>() {
            return Ok(CustomerRef::Id(id));
        }
        if text.is_empty()
            || text.chars().count() > crate::domain::Email::MAX_CHARS
            || crate::domain::text::has_control(text)
        {
            return Err(unknown_customer());
        }
        Ok(CustomerRef::Email(text.to_lowercase()))
    }
}

fn unknown_customer() -> FieldError {
    FieldError::new("customer", "unknown customer of this reseller")
}

/// The customer's id, if it is one of the reseller's.
async fn customer_of(
    conn: &mut sqlx::AnyConnection,
    reseller_id: i64,
    customer: &CustomerRef,
) -> Result<Option<i64>, sqlx::Error> {
    match customer {
        CustomerRef::Id(id) => {
            sqlx::query_scalar("SELECT id FROM customers WHERE id = $1 AND reseller_id = $2")
                .bind(*id)
                .bind(reseller_id)
                .fetch_optional(conn)
                .await
        }
        CustomerRef::Email(email) => {
            sqlx::query_scalar("SELECT id FROM customers WHERE reseller_id = $1 AND email = $2")
                .bind(reseller_id)
                .bind(email)
                .fetch_optional(conn)
                .await
        }
    }
}

/// Counts a batch of events for the agency, each event once however often it is sent:
/// one transaction that takes the write lock first, so concurrent batches that share
/// events cannot both count them. Answers one outcome per event, in order.
pub async fn ingest(db: &Db, agency_id: i64, events: &[EventInput]) -> Result<Vec<EventOutcome>, AppError> {
    let now = super::clock::now();
    let mut outcomes: Vec<Option<EventOutcome>> = vec![None; events.len()];
    let mut valid = Vec::with_capacity(events.len());
    for (index, e) in events.iter().enumerate() {
        let checked = check_event(&e.event_id, &e.kind, e.count, &e.occurred_at, now).and_then(|fields| {
            let customer = e.customer.as_deref().map(CustomerRef::parse).transpose()?;
            Ok((ResellerRef::parse(&e.reseller)?, customer, fields))
        });
        match checked {
            Ok((reseller, customer, fields)) => valid.push((index, reseller, customer, fields)),
            Err(error) => outcomes[index] = Some(EventOutcome::Rejected(error)),
        }
    }
    let mut tx = db.begin_write().await?;
    let refs: Vec<&ResellerRef> = {
        let mut seen = std::collections::HashSet::new();
        valid.iter().map(|(_, r, _, _)| r).filter(|r| seen.insert(*r)).collect()
    };
    let ids = resolve(&mut tx, agency_id, &refs).await?;
    let mut customers: HashMap<(i64, &CustomerRef), Option<i64>> = HashMap::new();
    let mut checked = Vec::with_capacity(valid.len());
    for (index, reseller, customer, event) in &valid {
        let Some(&reseller_id) = ids.get(reseller) else {
            outcomes[*index] = Some(EventOutcome::Rejected(unknown_reseller()));
            continue;
        };
        // Each customer named in the batch is looked up once, within its reseller.
        let customer_id = match customer {
            None => None,
            Some(c) => {
                let found = match customers.get(&(reseller_id, c)) {
                    Some(found) => *found,
                    None => {
                        let found = customer_of(&mut tx, reseller_id, c).await?;
                        customers.insert((reseller_id, c), found);
                        found
                    }
                };
                match found {
                    Some(id) => Some(id),
                    None => {
                        outcomes[*index] = Some(EventOutcome::Rejected(unknown_customer()));
                        continue;
                    }
                }
            }
        };
        checked.push(Checked {
            index: *index,
            event_id: events[*index].event_id.trim(),
            reseller_id,
            customer_id,
            event: *event,
        });
    }
    let mut inserted = std::collections::HashSet::new();
    // 8 values per event: a batch of 1,000 stays far below SQLite's 32,766 variables.
    for chunk in checked.chunks(1000) {
        let mut sql = Sql::new(
            Backend::of(&tx),
            "INSERT INTO usage_events (agency_id, event_id, reseller_id, customer_id, kind, count, occurred_at, \
             received_at) ",
        );
        sql.push_values(chunk, |b, c| {
            b.bind(agency_id)
                .bind(c.event_id)
                .bind(c.reseller_id)
                .bind(c.customer_id)
                .bind(c.event.kind)
                .bind(c.event.count)
                .bind(c.event.occurred_at)
                .bind(now);
        });
        sql.push(" ON CONFLICT (agency_id, event_id) DO NOTHING RETURNING event_id");
        let ids: Vec<String> = sql.query_scalar().fetch_all(&mut *tx).await?;
        inserted.extend(ids);
    }
    let mut sums: HashMap<(i64, Month), (i64, i64)> = HashMap::new();
    let mut customer_sums: HashMap<(i64, Month), (i64, i64)> = HashMap::new();
    for c in &checked {
        // The first event of the batch with an id takes it; later copies are duplicates.
        let outcome = if inserted.remove(c.event_id) {
            let keys =
                std::iter::once((&mut sums, c.reseller_id)).chain(c.customer_id.map(|id| (&mut customer_sums, id)));
            for (table, key) in keys {
                let sum = table.entry((key, c.event.month)).or_default();
                match c.event.kind {
                    UsageKind::Messages => sum.0 += c.event.count,
                    UsageKind::WhatsappMessages => sum.1 += c.event.count,
                }
            }
            EventOutcome::Accepted
        } else {
            EventOutcome::Duplicate
        };
        outcomes[c.index] = Some(outcome);
    }
    let rows = sum_by_month(sums.into_iter().map(|((r, m), (msg, wa))| (r, m, msg, wa)));
    add_pending(&mut tx, &rows).await?;
    add_agency_months(&mut tx, agency_id, &rows).await?;
    let customer_rows = sum_by_month(customer_sums.into_iter().map(|((c, m), (msg, wa))| (c, m, msg, wa)));
    add_customer_months(&mut tx, &customer_rows).await?;
    tx.commit().await?;
    Ok(outcomes.into_iter().map(|o| o.unwrap_or(EventOutcome::Duplicate)).collect())
}

/// Usage rows `(reseller_id, month, messages, whatsapp)` summed per reseller and month, in
/// key order (concurrent PostgreSQL transactions then lock shared rows in the same order
/// and cannot deadlock).
fn sum_by_month(rows: impl IntoIterator<Item = (i64, Month, i64, i64)>) -> Vec<(i64, Month, i64, i64)> {
    let mut sums: std::collections::BTreeMap<(i64, i64), (i64, i64)> = std::collections::BTreeMap::new();
    for (reseller, month, messages, whatsapp) in rows {
        let sum = sums.entry((reseller, month.0)).or_default();
        sum.0 += messages;
        sum.1 += whatsapp;
    }
    sums.into_iter().map(|((r, m), (msg, wa))| (r, Month(m), msg, wa)).collect()
}

/// Rows per statement: 4 values each, far below SQLite's 32,766 variables.
const ROWS_PER_STATEMENT: usize = 4_000;

/// Adds usage to the agency's resellers' month counters and to the agency's month sums,
/// in the caller's transaction: what a batch does when its usage is counted at once (the
/// demo data, tests). Batches of the usage API append to `usage_pending` instead
/// ([`ingest`]), folded in by [`fold_pending`].
pub async fn add_months(
    conn: &mut sqlx::AnyConnection,
    agency_id: i64,
    rows: impl Iterator<Item = (i64, Month, i64, i64)>,
) -> Result<(), sqlx::Error> {
    let rows = sum_by_month(rows);
    add_reseller_months(conn, &rows).await?;
    add_agency_months(conn, agency_id, &rows).await
}

/// What adding to an existing month counter does.
const ADD_TO_COUNTER: &str = " ON CONFLICT (reseller_id, month) DO UPDATE SET \
     messages = usage_monthly.messages + excluded.messages, whatsapp = usage_monthly.whatsapp + excluded.whatsapp";

/// Adds `(reseller_id, month, messages, whatsapp)` rows to `usage_monthly`.
async fn add_reseller_months(
    conn: &mut sqlx::AnyConnection,
    rows: &[(i64, Month, i64, i64)],
) -> Result<(), sqlx::Error> {
    insert_usage_rows(conn, "usage_monthly", rows, ADD_TO_COUNTER).await
}

/// Adds `(customer_id, month, messages, whatsapp)` rows to the customers' month counters.
async fn add_customer_months(
    conn: &mut sqlx::AnyConnection,
    rows: &[(i64, Month, i64, i64)],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql =
            Sql::new(Backend::of(conn), "INSERT INTO customer_usage_monthly (customer_id, month, messages, whatsapp) ");
        sql.push_values(chunk, |b, (c, m, msg, wa)| {
            b.bind(*c).bind(m.0).bind(*msg).bind(*wa);
        });
        sql.push(
            " ON CONFLICT (customer_id, month) DO UPDATE SET \
             messages = customer_usage_monthly.messages + excluded.messages, \
             whatsapp = customer_usage_monthly.whatsapp + excluded.whatsapp",
        );
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Appends `(reseller_id, month, messages, whatsapp)` rows to `usage_pending`: counted by
/// every read from now on, moved into `usage_monthly` later.
async fn add_pending(conn: &mut sqlx::AnyConnection, rows: &[(i64, Month, i64, i64)]) -> Result<(), sqlx::Error> {
    insert_usage_rows(conn, "usage_pending", rows, "").await
}

/// Inserts `(reseller_id, month, messages, whatsapp)` rows into `table`, `then` ending each
/// statement.
async fn insert_usage_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    rows: &[(i64, Month, i64, i64)],
    then: &str,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql =
            Sql::new(Backend::of(conn), format!("INSERT INTO {table} (reseller_id, month, messages, whatsapp) "));
        sql.push_values(chunk, |b, (r, m, msg, wa)| {
            b.bind(*r).bind(m.0).bind(*msg).bind(*wa);
        });
        sql.push(then);
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds the rows' usage to the agency's month sums (one row per month however many
/// resellers).
async fn add_agency_months(
    conn: &mut sqlx::AnyConnection,
    agency_id: i64,
    rows: &[(i64, Month, i64, i64)],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut months: std::collections::BTreeMap<i64, (i64, i64)> = std::collections::BTreeMap::new();
    for (_, m, msg, wa) in rows {
        let sum = months.entry(m.0).or_default();
        sum.0 += msg;
        sum.1 += wa;
    }
    let mut sql =
        Sql::new(Backend::of(conn), "INSERT INTO agency_usage_monthly (agency_id, month, messages, whatsapp) ");
    sql.push_values(months, |b, (m, (msg, wa))| {
        b.bind(agency_id).bind(m).bind(msg).bind(wa);
    });
    sql.push(
        " ON CONFLICT (agency_id, month) DO UPDATE SET messages = agency_usage_monthly.messages + excluded.messages, \
         whatsapp = agency_usage_monthly.whatsapp + excluded.whatsapp",
    );
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

/// Pending rows moved per run of [`fold_pending`].
pub const FOLD_BATCH: i64 = 50_000;
/// How often a server folds pending usage in. Each run rewrites at most the month's pages
/// of the counters however many rows it moves, so fewer, larger runs write less; readers
/// add what is pending meanwhile.
pub const FOLD_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Moves up to `limit` of the oldest pending usage rows into `usage_monthly`, in one
/// transaction: the rows are deleted from `usage_pending` and their sums added, or neither
/// (a crash or kill -9 midway leaves them pending). Two servers folding at once move each
/// row once (see [`move_pending`]). Answers how many rows moved.
pub async fn fold_pending(db: &Db, limit: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let moved = move_pending(&mut tx, Pending::Oldest(limit)).await?;
    tx.commit().await?;
    Ok(moved)
}

/// Which pending rows to move.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// Up to this many, oldest first.
    Oldest(i64),
    /// All of one reseller's.
    Reseller(i64),
}

/// Adds the sums of the pending rows in `source` (a FROM clause) to the month counters.
fn add_sums_from(source: &str) -> String {
    format!(
        "INSERT INTO usage_monthly (reseller_id, month, messages, whatsapp) \
         SELECT reseller_id, month, SUM(messages), SUM(whatsapp) FROM {source} \
         GROUP BY reseller_id, month ORDER BY reseller_id, month{ADD_TO_COUNTER}"
    )
}

/// Deletes the chosen pending rows and adds their sums to `usage_monthly`, in the caller's
/// transaction, summing in the database (a fold of 50,000 rows brought into the process
/// held megabytes). Answers how many rows moved.
///
/// SQLite: the caller holds the write lock, so the rows summed are the rows deleted. On
/// PostgreSQL one statement deletes and adds (a second statement would see rows committed
/// in between); a concurrent fold skips the rows this one has locked, and moving one
/// reseller's rows waits for a fold that holds some of them.
async fn move_pending(conn: &mut sqlx::AnyConnection, which: Pending) -> Result<u64, sqlx::Error> {
    let (pick, arg) = match which {
        Pending::Oldest(limit) => (format!("ORDER BY id{}", super::sql::limit(limit)), None),
        Pending::Reseller(id) => ("WHERE reseller_id = $1".to_owned(), Some(id)),
    };
    match Backend::of(conn) {
        Backend::Sqlite => {
            let chosen = format!("id IN (SELECT id FROM usage_pending {pick})");
            let add = add_sums_from(&format!("usage_pending WHERE {chosen}"));
            let statement = |text: String| {
                let statement = sqlx::query(sqlx::AssertSqlSafe(text));
                match arg {
                    Some(arg) => statement.bind(arg),
                    None => statement,
                }
            };
            statement(add).execute(&mut *conn).await?;
            let deleted = statement(format!("DELETE FROM usage_pending WHERE {chosen}")).execute(&mut *conn).await?;
            Ok(deleted.rows_affected())
        }
        Backend::Postgres => {
            let lock = match which {
                Pending::Oldest(_) => "FOR UPDATE SKIP LOCKED",
                Pending::Reseller(_) => "FOR UPDATE",
            };
            let statement = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "WITH moved AS (DELETE FROM usage_pending WHERE id IN (SELECT id FROM usage_pending {pick} {lock}) \
                 RETURNING reseller_id, month, messages, whatsapp), added AS ({}) \
                 SELECT COUNT(*) FROM moved",
                add_sums_from("moved WHERE true")
            )));
            let statement = match arg {
                Some(arg) => statement.bind(arg),
                None => statement,
            };
            let moved: i64 = statement.fetch_one(&mut *conn).await?;
            Ok(moved as u64)
        }
    }
}

/// Folds pending usage in while the process runs: every [`FOLD_EVERY`], as long as each
/// run moves a full batch; `after` runs after each round that moved rows (the server gives
/// back the C heap SQLite's statements used). Failures are logged and the next run tries
/// again; reads count pending rows meanwhile.
pub async fn fold_continuously(db: Db, after: fn()) {
    let mut tick = tokio::time::interval(FOLD_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let mut moved_any = false;
        loop {
            match fold_pending(&db, FOLD_BATCH).await {
                Ok(moved) => {
                    moved_any |= moved > 0;
                    if moved < FOLD_BATCH as u64 {
                        break;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "folding pending usage failed; will try again");
                    break;
                }
            }
        }
        if moved_any {
            after();
        }
    }
}

/// Takes a reseller's usage out of its agency's month sums (before the reseller is deleted,
/// in the same transaction).
pub async fn forget_reseller(
    conn: &mut sqlx::AnyConnection,
    agency_id: i64,
    reseller_id: i64,
) -> Result<(), sqlx::Error> {
    // Its pending usage first, so that the month counters hold all of it.
    move_pending(conn, Pending::Reseller(reseller_id)).await?;
    sqlx::query(
        "UPDATE agency_usage_monthly SET \
           messages = messages - COALESCE((SELECT u.messages FROM usage_monthly u \
               WHERE u.reseller_id = $2 AND u.month = agency_usage_monthly.month), 0), \
           whatsapp = whatsapp - COALESCE((SELECT u.whatsapp FROM usage_monthly u \
               WHERE u.reseller_id = $2 AND u.month = agency_usage_monthly.month), 0) \
         WHERE agency_id = $1 AND month IN (SELECT month FROM usage_monthly WHERE reseller_id = $2) \
           AND EXISTS (SELECT 1 FROM resellers WHERE id = $2 AND agency_id = $1)",
    )
    .bind(agency_id)
    .bind(reseller_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The agency's reseller named by id or login domain (`NotFound` for any other).
pub async fn find_reseller(db: &Db, agency_id: i64, reseller: &str) -> Result<i64, AppError> {
    let reseller = ResellerRef::parse(reseller).map_err(|_| AppError::NotFound)?;
    let ids = resolve(&mut *db.pool().acquire().await?, agency_id, &[&reseller]).await?;
    ids.get(&reseller).copied().ok_or(AppError::NotFound)
}

/// A reseller's last 12 months, pending usage included (the caller has checked the reseller
/// is the agency's).
pub async fn reseller_usage(db: &Db, reseller_id: i64, team_members: i64) -> Result<ResellerUsage, AppError> {
    let current = super::clock::current_month();
    let first = current.last(12)[0];
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT month, CAST(SUM(messages) AS BIGINT), CAST(SUM(whatsapp) AS BIGINT) FROM ( \
           SELECT month, messages, whatsapp FROM usage_monthly WHERE reseller_id = $1 AND month >= $2 \
           UNION ALL \
           SELECT month, messages, whatsapp FROM usage_pending WHERE reseller_id = $1 AND month >= $2 \
         ) AS u GROUP BY month ORDER BY month",
    )
    .bind(reseller_id)
    .bind(first.0)
    .fetch_all(db.pool())
    .await?;
    let rows: Vec<MonthUsage> =
        rows.into_iter().map(|(m, messages, whatsapp)| MonthUsage { month: Month(m), messages, whatsapp }).collect();
    Ok(ResellerUsage::from_rows(current, &rows, team_members))
}
