//! `GET /partners/resellers/export.csv`: the Resellers list as CSV, with the list's
//! filters and sort, streamed row by row.

use app::domain::{Permission, ResellerQuery};
use app::ssr::auth::CurrentAdmin;
use app::ssr::reseller_list::{export, ExportRecord};
use app::ssr::AppState;
use axum::{
    body::Body,
    extract::{RawQuery, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

const HEADER: [&str; 17] = [
    "ID",
    "Name",
    "Partner email",
    "Partner phone",
    "Website",
    "Partner type",
    "Plan",
    "Commission rate (%)",
    "Login domain",
    "Contact name",
    "Contact email",
    "Contact phone",
    "Status",
    "Joined on",
    "Messages this month",
    "WhatsApp messages this month",
    "Team members",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab / carriage
/// return before one) gets a leading apostrophe, so it is shown as text (OWASP CSV injection).
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// One record as CSV cells (quoting is the writer's job).
fn cells(r: &ExportRecord) -> [String; 17] {
    let joined =
        time::OffsetDateTime::from_unix_timestamp(r.joined_on).map(|t| t.date().to_string()).unwrap_or_default();
    let rate = r.commission_rate_bp.map(|bp| format!("{}.{:02}", bp / 100, bp % 100)).unwrap_or_default();
    [
        r.id.to_string(),
        r.name.clone(),
        r.email.clone(),
        r.phone.clone(),
        r.website.clone().unwrap_or_default(),
        r.partner_type.clone(),
        r.plan_name.clone().unwrap_or_default(),
        rate,
        r.login_domain.clone(),
        r.contact_name.clone(),
        r.contact_email.clone(),
        r.contact_phone.clone(),
        r.status.clone(),
        joined,
        r.messages.to_string(),
        r.whatsapp.to_string(),
        r.team_members.to_string(),
    ]
}

/// CSV text of some rows (RFC 4180 quoting, defused cells).
pub fn csv_lines<I, R>(rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| defuse(c.as_ref()).into_owned()).collect();
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&cells);
    }
    writer.into_inner().unwrap_or_default()
}

/// `GET /partners/commissions/statement.csv?reseller=3&month=2026-12`: one reseller's
/// commission statement for a month.
pub async fn commission_statement(
    State(state): State<AppState>,
    admin: Option<Extension<CurrentAdmin>>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let scope = match app::ssr::scope_of(state, admin.map(|Extension(a)| a), Permission::View) {
        Ok(scope) => scope,
        Err(refused) => {
            let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::FORBIDDEN);
            return (status, refused.to_string()).into_response();
        }
    };
    let reseller = q.get("reseller").and_then(|r| r.trim().parse::<i64>().ok()).unwrap_or(0);
    let month = q.get("month").map(|m| m.trim().to_owned()).unwrap_or_default();
    let rows = app::ssr::ledger::statement(scope.db(), scope.agency_id, reseller, &month).await;
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(reseller)
        .bind(scope.agency_id)
        .fetch_optional(scope.db().pool())
        .await
        .ok()
        .flatten();
    match (rows, name) {
        (Ok(rows), Some(name)) => statement_csv(&name, &month, &rows),
        (Err(e), _) => {
            (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND), e.to_string()).into_response()
        }
        (Ok(_), None) => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}

/// A commission statement as a CSV download: one reseller's entries of one month
/// (`app::domain::STATEMENT_HEADER`), then a total per currency and state.
pub fn statement_csv(reseller_name: &str, month: &str, rows: &[app::domain::SaleRow]) -> Response {
    use app::domain::{plain_amount, SaleStatus, StoredWord, STATEMENT_HEADER};
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(csv_lines([STATEMENT_HEADER]));
    bytes.extend(csv_lines(rows.iter().map(|r| r.statement_cells())));
    let mut currencies: Vec<&str> = rows.iter().map(|r| r.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for currency in currencies {
        for status in SaleStatus::ALL {
            let sum: i64 =
                rows.iter().filter(|r| r.currency == currency && r.status == *status).map(|r| r.commission_minor).sum();
            let label = format!("Total {}", status.label().to_lowercase());
            let cells = ["", "", &label, "", currency, "", "", &plain_amount(sum, currency), status.as_str(), ""];
            bytes.extend(csv_lines([cells]));
        }
    }
    let slug: String =
        reseller_name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    Response::builder()
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"commissions-{slug}-{month}.csv\""))
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

pub async fn export_csv(
    State(state): State<AppState>,
    admin: Option<Extension<CurrentAdmin>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let scope = match app::ssr::scope_of(state, admin.map(|Extension(a)| a), Permission::ExportResellers) {
        Ok(scope) => scope,
        Err(refused) => {
            let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::FORBIDDEN);
            return (status, refused.to_string()).into_response();
        }
    };
    let (state, admin) = (scope.state, scope.admin);
    let query = ResellerQuery::from_query(&raw.unwrap_or_default());
    let (tx, rx) = tokio::sync::mpsc::channel(256);
    tokio::spawn(export(state.db.clone(), admin.agency_id, query, tx));
    // A byte-order mark first, so spreadsheet apps read the file as UTF-8.
    let head = futures_util::stream::once(async {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(csv_lines([HEADER]));
        Ok::<_, std::io::Error>(bytes)
    });
    let rows = futures_util::stream::unfold(rx, |mut rx| async move {
        let row = rx.recv().await?;
        let chunk = match row {
            Ok(record) => Ok(csv_lines([cells(&record)])),
            Err(_) => Err(std::io::Error::other("the export stopped on a database error")),
        };
        Some((chunk, rx))
    });
    let stamp = time::OffsetDateTime::now_utc().date();
    Response::builder()
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"resellers-{stamp}.csv\""))
        .header(header::CACHE_CONTROL, "no-store")
        // Fused: the compression layer may poll once more after the end.
        .body(Body::from_stream(futures_util::StreamExt::fuse(futures_util::StreamExt::chain(head, rows))))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(defuse("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(defuse("+44 20"), "'+44 20");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@cmd"), "'@cmd");
        assert_eq!(defuse("\t=1"), "'\t=1");
        assert_eq!(defuse("Harbor Labs"), "Harbor Labs");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn cells_are_quoted_when_needed() {
        let text = String::from_utf8(csv_lines([["a,b", "say \"hi\"", "line\nbreak", "plain"]])).unwrap();
        assert_eq!(text, "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",plain\r\n");
    }
}
