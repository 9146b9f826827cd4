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
