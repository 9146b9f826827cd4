//! The Resellers table's query: filters, order, counts and pages that stay fast with a
//! million resellers. Kept totals answer the plain counts; other counts stop at a cap;
//! pages start from a cursor (keyset) read off an index in the table's order; a search
//! reads the trigram index when it is selective and walks the table's order when the text
//! is common (more matches than the count's cap: the page's rows come within 26·N/cap
//! entries, read off an index that holds the search key).

use super::db::{Backend, Db};
use super::sql::Sql;
use crate::domain::{
    BillingCycle, Month, PageCursor, PartnerType, PlanSummary, ResellerPage, ResellerQuery, ResellerRow,
    ResellerStatus, SortColumn, SortDir, Towards, FILTER_COUNT_CAP, PAGE_SIZE, SEARCH_COUNT_CAP,
};
use crate::error::AppError;

/// The columns of a table row (`RowRecord`), with the plan joined as `p`.
pub(super) const ROW_COLUMNS: &str =
    "SELECT r.id, r.name, r.email, r.partner_type, r.joined_on, r.status, r.customers, \
     p.id AS plan_id, p.name AS plan_name, p.price_minor, p.currency, p.billing_cycle, \
     p.messages_limit, p.whatsapp_limit, p.team_members_limit";

#[derive(sqlx::FromRow)]
/// A table row as stored (one reseller, its plan joined).
pub(super) struct RowRecord {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) partner_type: PartnerType,
    pub(super) joined_on: i64,
    pub(super) status: ResellerStatus,
    pub(super) customers: i64,
    pub(super) plan_id: Option<i64>,
    pub(super) plan_name: Option<String>,
    pub(super) price_minor: Option<i64>,
    pub(super) currency: Option<String>,
    pub(super) billing_cycle: Option<BillingCycle>,
    pub(super) messages_limit: Option<i64>,
    pub(super) whatsapp_limit: Option<i64>,
    pub(super) team_members_limit: Option<i64>,
}

impl RowRecord {
    /// The row, and its plan (described once per page).
    pub(super) fn into_parts(self) -> (ResellerRow, Option<PlanSummary>) {
        let plan = match (self.plan_id, self.plan_name, self.billing_cycle) {
            (Some(id), Some(name), Some(billing_cycle)) => Some(PlanSummary {
                id,
                name,
                price_minor: self.price_minor.unwrap_or(0),
                currency: self.currency.unwrap_or_default(),
                billing_cycle,
                messages_limit: self.messages_limit.unwrap_or(0),
                whatsapp_limit: self.whatsapp_limit.unwrap_or(0),
                team_members_limit: self.team_members_limit.unwrap_or(0),
            }),
            _ => None,
        };
        let row = ResellerRow {
            id: self.id,
            name: self.name,
            email: self.email,
            partner_type: self.partner_type,
            plan_id: plan.as_ref().map(|p| p.id),
            joined_on: self.joined_on,
            status: self.status,
            customers: self.customers,
        };
        (row, plan)
    }
}

/// How a search finds its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Search {
    /// No search text.
    None,
    /// `search_key LIKE '%text%'`: PostgreSQL's pg_trgm index serves it; in SQLite, for
    /// texts under 3 characters and common texts, read in the table's order.
    Like,
    /// SQLite: the FTS5 trigram index first, then the matching rows (selective texts).
    Trigrams,
    /// A common text (its count stopped at the cap): the table's order is walked and the
    /// rows whose key contains the text kept. In the joined-date order the walk reads
    /// `resellers_by_agency_joined_search`, which holds the key, and no row but the page's.
    Walk,
}

impl Search {
    /// The way to count a query's matches.
    pub(super) fn for_count(backend: Backend, query: &ResellerQuery) -> Self {
        match (query.q.is_empty(), backend, query.trigram_query()) {
            (true, _, _) => Search::None,
            (false, Backend::Sqlite, Some(_)) => Search::Trigrams,
            _ => Search::Like,
        }
    }
}

/// `FROM …` for a search, with the plan joined when the columns need it.
pub(super) fn push_from(sql: &mut Sql, search: Search, with_plans: bool) {
    sql.push(match search {
        // CROSS JOIN keeps the index of matches as the outer loop (SQLite would otherwise
        // run the MATCH once per reseller).
        Search::Trigrams => " FROM resellers_search CROSS JOIN resellers r ON r.id = resellers_search.rowid",
        _ => " FROM resellers r",
    });
    if with_plans {
        sql.push(" LEFT JOIN plans p ON p.id = r.plan_id");
    }
}

/// `WHERE …`: the agency, the search and the filters.
pub(super) fn push_where(sql: &mut Sql, agency_id: i64, query: &ResellerQuery, search: Search) {
    sql.push(" WHERE r.agency_id = ").push_bind(agency_id);
    match search {
        Search::None => {}
        Search::Like => {
            sql.push(" AND r.search_key LIKE ").push_bind(query.like_pattern()).push(" ESCAPE '\\'");
        }
        Search::Trigrams => {
            // Rows holding the text's trigrams, then those whose key holds the text.
            sql.push(" AND resellers_search MATCH ").push_bind(query.trigram_query().unwrap_or_default());
            sql.push(" AND instr(r.search_key, ").push_bind(query.search_text()).push(") > 0");
        }
        Search::Walk => {
            // A plain substring test: no planner reaches for the trigram index with it.
            sql.push(match sql.backend() {
                Backend::Sqlite => " AND instr(r.search_key, ",
                Backend::Postgres => " AND strpos(r.search_key, ",
            });
            sql.push_bind(query.search_text()).push(") > 0");
        }
    }
    if let Some(status) = query.status {
        sql.push(" AND r.status = ").push_bind(status);
    }
    if let Some(partner_type) = query.partner_type {
        sql.push(" AND r.partner_type = ").push_bind(partner_type);
    }
    if let Some(plan_id) = query.plan_id {
        sql.push(" AND r.plan_id = ").push_bind(plan_id);
    }
}

/// The sort column as SQL (fixed text per column, never user input), or `None` for the
/// joined date, which is the tie-breaker anyway.
fn sort_expr(sort: SortColumn) -> Option<&'static str> {
    match sort {
        SortColumn::Joined => None,
        SortColumn::Name => Some("lower(r.name)"),
        SortColumn::Email => Some("r.email"),
        SortColumn::Type => Some("r.partner_type"),
        SortColumn::Status => Some("r.status"),
        SortColumn::Plan => Some("p.name IS NULL {dir}, lower(p.name)"),
    }
}

/// `ORDER BY` in `dir`: the column, then joined date and id the same way (ties in the
/// same direction keep the order one index can serve, forwards or backwards).
pub(super) fn order_by(sort: SortColumn, dir: SortDir) -> String {
    let dir = match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    let column = sort_expr(sort).map(|c| format!("{} {dir}, ", c.replace("{dir}", dir))).unwrap_or_default();
    format!(" ORDER BY {column}r.joined_on {dir}, r.id {dir}")
}

fn reversed(dir: SortDir) -> SortDir {
    if dir == SortDir::Asc {
        SortDir::Desc
    } else {
        SortDir::Asc
    }
}

/// The query's cursor, when it fits the order (else the page is found by its number).
fn usable_cursor(query: &ResellerQuery) -> Option<&PageCursor> {
    let wants_key = query.sort != SortColumn::Joined;
    query.cursor.as_ref().filter(|c| query.sort.pages_by_cursor() && c.key.is_some() == wants_key)
}

/// Rows strictly past the cursor in the order the rows are read (`dir`).
fn push_keyset(sql: &mut Sql, query: &ResellerQuery, dir: SortDir) {
    let Some(cursor) = usable_cursor(query) else { return };
    let op = if dir == SortDir::Desc { "<" } else { ">" };
    match (sort_expr(query.sort), &cursor.key) {
        (Some(column), Some(key)) => {
            sql.push(&format!(" AND ({column}, r.joined_on, r.id) {op} ("));
            if query.sort == SortColumn::Name {
                sql.push("lower(").push_bind(key.clone()).push("), ");
            } else {
                sql.push_bind(key.clone()).push(", ");
            }
        }
        _ => {
            sql.push(&format!(" AND (r.joined_on, r.id) {op} ("));
        }
    }
    sql.push_bind(cursor.joined_on).push(", ").push_bind(cursor.id).push(")");
}

/// How many resellers match, and whether the count stopped at its cap.
async fn count(db: &Db, agency_id: i64, query: &ResellerQuery) -> Result<(i64, bool), AppError> {
    if query.q.is_empty() && query.partner_type.is_none() && query.plan_id.is_none() {
        // Kept by triggers (see migrations/*/0001_schema.sql): no reading of the agency's resellers.
        let (all, active): (i64, i64) =
            sqlx::query_as("SELECT resellers, active FROM agency_totals WHERE agency_id = $1")
                .bind(agency_id)
                .fetch_optional(db.pool())
                .await?
                .unwrap_or_default();
        let total = match query.status {
            None => all,
            Some(s) if s.is_active() => active,
            Some(_) => all - active,
        };
        return Ok((total, false));
    }
    if let (true, None, None, Some(plan_id)) = (query.q.is_empty(), query.status, query.partner_type, query.plan_id) {
        let total: Option<i64> = sqlx::query_scalar("SELECT resellers FROM plans WHERE id = $1 AND agency_id = $2")
            .bind(plan_id)
            .bind(agency_id)
            .fetch_optional(db.pool())
            .await?;
        return Ok((total.unwrap_or(0), false));
    }
    let search = Search::for_count(db.backend(), query);
    let cap = if query.q.is_empty() { FILTER_COUNT_CAP } else { SEARCH_COUNT_CAP };
    let mut sql = db.sql("SELECT COUNT(*) FROM (SELECT 1");
    push_from(&mut sql, search, false);
    push_where(&mut sql, agency_id, query, search);
    sql.push_limit(cap + 1).push(") AS capped");
    if search == Search::Like {
        sql.plan_each_time();
    }
    let n: i64 = sql.query_scalar().fetch_one(db.pool()).await?;
    Ok((n.min(cap), n > cap))
}

/// One page of the agency's resellers matching the query.
pub async fn list(db: &Db, agency_id: i64, query: &ResellerQuery) -> Result<ResellerPage, AppError> {
    let (total, capped) = count(db, agency_id, query).await?;
    // A capped search is a common text: its first matches come early in the table's order.
    let search = match Search::for_count(db.backend(), query) {
        Search::Trigrams | Search::Like if capped => Search::Walk,
        other => other,
    };
    let cursor = usable_cursor(query);
    let backwards = cursor.is_some_and(|c| c.towards == Towards::Before);
    let dir = if backwards { reversed(query.dir) } else { query.dir };
    let mut select = db.sql(ROW_COLUMNS);
    let skip = if cursor.is_none() { query.offset() } else { 0 };
    if skip > 0 || search == Search::Walk {
        // The page's ids first, off an index and without reading rows (a page by number far
        // down skips ids only; a walk tests each entry's key in the index), then only the
        // page's own rows are read and joined.
        select.push(" FROM resellers r LEFT JOIN plans p ON p.id = r.plan_id WHERE r.id IN (SELECT r.id");
        push_from(&mut select, search, query.sort == SortColumn::Plan);
        push_where(&mut select, agency_id, query, search);
        push_keyset(&mut select, query, dir);
        select.push(&order_by(query.sort, dir)).push_limit(i64::from(PAGE_SIZE) + 1);
        if skip > 0 {
            select.push(" OFFSET ").push_bind(skip);
        }
        select.push(")");
    } else {
        push_from(&mut select, search, true);
        push_where(&mut select, agency_id, query, search);
        push_keyset(&mut select, query, dir);
    }
    if search == Search::Like {
        select.plan_each_time();
    }
    select.push(&order_by(query.sort, dir)).push_limit(i64::from(PAGE_SIZE) + 1);
    let mut records = select.query_as::<RowRecord>().fetch_all(db.pool()).await?;
    let more = records.len() > PAGE_SIZE as usize;
    records.truncate(PAGE_SIZE as usize);
    let mut plans: Vec<PlanSummary> = Vec::new();
    let mut rows = Vec::with_capacity(records.len());
    for (row, plan) in records.into_iter().map(RowRecord::into_parts) {
        if let Some(plan) = plan.filter(|p| !plans.iter().any(|seen| seen.id == p.id)) {
            plans.push(plan);
        }
        rows.push(row);
    }
    let has_next = if backwards {
        rows.reverse();
        true
    } else {
        more
    };
    Ok(ResellerPage { rows, plans, total, capped, page: query.page, has_next })
}

/// One reseller as the CSV export writes it. Carries no secret.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRecord {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
    pub partner_type: String,
    pub plan_name: Option<String>,
    pub commission_rate_bp: Option<i64>,
    pub login_domain: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub status: String,
    pub joined_on: i64,
    pub messages: i64,
    pub whatsapp: i64,
    pub team_members: i64,
}

/// Rows per read of an export: each read takes a pooled connection for milliseconds and
/// gives it back before its rows are sent.
const EXPORT_CHUNK: usize = 500;

/// The statement that reads one chunk of the export's rows (the agency's, by id) with this
/// month's usage.
pub fn export_chunk_sql(backend: Backend, agency_id: i64, month: Month, ids: &[i64]) -> Sql {
    let mut select = Sql::new(
        backend,
        "SELECT r.id, r.name, r.email, r.phone, r.website, r.partner_type, p.name AS plan_name, \
         r.commission_rate_bp, r.login_domain, r.contact_name, r.contact_email, r.contact_phone, r.status, \
         r.joined_on, ",
    );
    // This month's counters plus the usage not yet folded into them.
    for column in ["messages", "whatsapp"] {
        select.push("COALESCE(u.").push(column).push(", 0) + COALESCE((SELECT CAST(SUM(q.").push(column);
        select.push(") AS BIGINT) FROM usage_pending q WHERE q.reseller_id = r.id AND q.month = ").push_bind(month.0);
        select.push("), 0) AS ").push(column).push(", ");
    }
    select.push(
        "r.team_members_consumed AS team_members \
         FROM resellers r LEFT JOIN plans p ON p.id = r.plan_id \
         LEFT JOIN usage_monthly u ON u.reseller_id = r.id AND u.month = ",
    );
    select.push_bind(month.0).push(" WHERE ");
    select.push_keys_in_scope("r.id", ids.iter().copied(), "r.agency_id", agency_id);
    select
}
/// How long an export waits for a client that stopped reading before it gives up.
pub const EXPORT_STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// Sends every reseller matching the query (all pages), in the query's order, with this
/// month's usage, to `out`. No connection is held while the client reads: the matching
/// ids are read first (in order), then the rows in chunks of ids, each chunk's connection
/// returned before its rows are sent. Stops when the receiver is gone (the download was
/// cancelled) or has taken nothing for `EXPORT_STALL`.
pub async fn export(
    db: Db,
    agency_id: i64,
    query: ResellerQuery,
    out: tokio::sync::mpsc::Sender<Result<ExportRecord, AppError>>,
) {
    let send = |row| async { matches!(tokio::time::timeout(EXPORT_STALL, out.send(row)).await, Ok(Ok(()))) };
    let ids = match export_ids(&db, agency_id, &query).await {
        Ok(ids) => ids,
        Err(e) => {
            send(Err(e)).await;
            return;
        }
    };
    let month = super::clock::current_month();
    for chunk in ids.chunks(EXPORT_CHUNK) {
        let select = export_chunk_sql(db.backend(), agency_id, month, chunk);
        let rows = match select.query_as::<ExportRecord>().fetch_all(db.pool()).await {
            Ok(rows) => rows,
            Err(e) => {
                send(Err(e.into())).await;
                return;
            }
        };
        let mut by_id: std::collections::HashMap<i64, ExportRecord> = rows.into_iter().map(|r| (r.id, r)).collect();
        // In the query's order; a reseller deleted since the ids were read is left out.
        for id in chunk {
            if let Some(row) = by_id.remove(id) {
                if !send(Ok(row)).await {
                    return;
                }
            }
        }
    }
}

/// The ids of every reseller matching the query, in its order.
async fn export_ids(db: &Db, agency_id: i64, query: &ResellerQuery) -> Result<Vec<i64>, AppError> {
    let search = Search::for_count(db.backend(), query);
    let mut select = db.sql("SELECT r.id");
    push_from(&mut select, search, query.sort == SortColumn::Plan);
    push_where(&mut select, agency_id, query, search);
    select.push(&order_by(query.sort, query.dir));
    if search == Search::Like {
        select.plan_each_time();
    }
    Ok(select.query_scalar().fetch_all(db.pool()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyset(query: &ResellerQuery, dir: SortDir) -> String {
        let mut sql = Sql::new(Backend::Postgres, "");
        push_keyset(&mut sql, query, dir);
        sql.sql().to_owned()
    }

    #[test]
    fn keyset_conditions_follow_the_order() {
        let mut q = ResellerQuery::new("", "2");
        q.cursor = Some(PageCursor { towards: Towards::After, joined_on: 5, id: 9, key: None });
        assert_eq!(keyset(&q, SortDir::Desc), " AND (r.joined_on, r.id) < ($1, $2)");
        let mut q = q.with_sort(SortColumn::Name);
        q.page = 2;
        q.cursor = Some(PageCursor { towards: Towards::After, joined_on: 5, id: 9, key: Some("Acme".into()) });
        assert_eq!(keyset(&q, SortDir::Asc), " AND (lower(r.name), r.joined_on, r.id) > (lower($1), $2, $3)");
        assert_eq!(order_by(SortColumn::Name, SortDir::Asc), " ORDER BY lower(r.name) ASC, r.joined_on ASC, r.id ASC");
        assert_eq!(
            order_by(SortColumn::Plan, SortDir::Desc),
            " ORDER BY p.name IS NULL DESC, lower(p.name) DESC, r.joined_on DESC, r.id DESC"
        );
        q.sort = SortColumn::Plan;
        assert_eq!(keyset(&q, SortDir::Asc), "", "the plan order pages by number");
    }
}
