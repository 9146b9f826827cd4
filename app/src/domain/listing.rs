use super::{PartnerType, ResellerRow, ResellerStatus, StoredWord};
use serde::{Deserialize, Serialize};

/// Rows per page of the Resellers table.
pub const PAGE_SIZE: u32 = 25;
/// Longest search text honoured; the rest is ignored.
pub const SEARCH_MAX_CHARS: usize = 100;

/// The columns the table sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortColumn {
    #[default]
    Joined,
    Name,
    Email,
    Type,
    Plan,
    Status,
}

impl StoredWord for SortColumn {
    const ALL: &'static [Self] =
        &[SortColumn::Joined, SortColumn::Name, SortColumn::Email, SortColumn::Type, SortColumn::Plan, SortColumn::Status];

    fn as_str(self) -> &'static str {
        match self {
            SortColumn::Joined => "joined",
            SortColumn::Name => "name",
            SortColumn::Email => "email",
            SortColumn::Type => "type",
            SortColumn::Plan => "plan",
            SortColumn::Status => "status",
        }
    }
}

impl SortColumn {
    /// The direction a first click sorts in: newest first for dates, A→Z for the rest.
    pub fn natural_dir(self) -> SortDir {
        if self == SortColumn::Joined { SortDir::Desc } else { SortDir::Asc }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortDir {
    Asc,
    #[default]
    Desc,
}

impl StoredWord for SortDir {
    const ALL: &'static [Self] = &[SortDir::Asc, SortDir::Desc];

    fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }
}

/// What the Resellers table shows, as kept in the URL
/// (`/partners/resellers?q=acme&status=active&type=commission&plan=3&sort=name&dir=asc&page=2`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResellerQuery {
    /// Substring of the name or e-mail, matched case-insensitively. Empty: everything.
    pub q: String,
    /// 1-based.
    pub page: u32,
    pub status: Option<ResellerStatus>,
    pub partner_type: Option<PartnerType>,
    pub plan_id: Option<i64>,
    pub sort: SortColumn,
    pub dir: SortDir,
}

impl ResellerQuery {
    /// Builds a query from URL/form values by name; never fails: odd values mean
    /// "no filter", "first page" or the default order.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let value = |k: &str| get(k).unwrap_or_default();
        let q: String = value("q").trim().chars().take(SEARCH_MAX_CHARS).collect();
        let page = value("page").trim().parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1);
        let sort = SortColumn::from_word(&value("sort")).unwrap_or_default();
        let dir = SortDir::from_word(&value("dir")).unwrap_or(sort.natural_dir());
        Self {
            q,
            page,
            status: ResellerStatus::from_word(&value("status")),
            partner_type: PartnerType::from_word(&value("type")),
            plan_id: value("plan").trim().parse().ok(),
            sort,
            dir,
        }
    }

    /// Only a search text and a page.
    pub fn new(q: &str, page: &str) -> Self {
        Self::from_params(|k| match k {
            "q" => Some(q.to_owned()),
            "page" => Some(page.to_owned()),
            _ => None,
        })
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    /// A new search keeps filters and order and starts at the first page.
    pub fn with_search(&self, q: &str) -> Self {
        Self { q: q.trim().chars().take(SEARCH_MAX_CHARS).collect(), page: 1, ..self.clone() }
    }

    /// Sorting by a column: the other direction if it is already sorted by it.
    pub fn with_sort(&self, column: SortColumn) -> Self {
        let dir = if self.sort == column {
            if self.dir == SortDir::Asc { SortDir::Desc } else { SortDir::Asc }
        } else {
            column.natural_dir()
        };
        Self { sort: column, dir, page: 1, ..self.clone() }
    }

    /// Same search and order, other filters, first page.
    pub fn with_filters(&self, status: Option<ResellerStatus>, partner_type: Option<PartnerType>, plan_id: Option<i64>) -> Self {
        Self { status, partner_type, plan_id, page: 1, ..self.clone() }
    }

    pub fn has_filters(&self) -> bool {
        self.status.is_some() || self.partner_type.is_some() || self.plan_id.is_some()
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(PAGE_SIZE)
    }

    /// The page's address, defaults left out.
    pub fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            query.append_pair("q", &self.q);
        }
        if let Some(s) = self.status {
            query.append_pair("status", s.as_str());
        }
        if let Some(t) = self.partner_type {
            query.append_pair("type", t.as_str());
        }
        if let Some(p) = self.plan_id {
            query.append_pair("plan", &p.to_string());
        }
        if self.sort != SortColumn::default() || self.dir != self.sort.natural_dir() {
            query.append_pair("sort", self.sort.as_str());
            query.append_pair("dir", self.dir.as_str());
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/partners/resellers".to_owned()
        } else {
            format!("/partners/resellers?{query}")
        }
    }

    /// A LIKE pattern matching the search text anywhere, with `%`, `_` and `\`
    /// escaped so they match themselves (use with `ESCAPE '\'`).
    pub fn like_pattern(&self) -> String {
        let mut p = String::with_capacity(self.q.len() + 2);
        p.push('%');
        for c in self.q.to_lowercase().chars() {
            if matches!(c, '%' | '_' | '\\') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        p
    }

    /// The search as an FTS5 trigram phrase (`"…"`, inner quotes doubled), when it is long
    /// enough for the trigram index (3 characters); shorter searches use `like_pattern`.
    pub fn trigram_phrase(&self) -> Option<String> {
        let q = self.q.to_lowercase();
        (q.chars().count() >= 3).then(|| format!("\"{}\"", q.replace('"', "\"\"")))
    }
}

/// One page of the Resellers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerPage {
    pub rows: Vec<ResellerRow>,
    /// Rows matching the query over all pages.
    pub total: i64,
    pub page: u32,
}

impl ResellerPage {
    pub fn page_count(&self) -> u32 {
        let pages = (self.total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE);
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }

    /// 1-based index of the first and last row shown, e.g. (26, 50).
    pub fn shown_range(&self) -> (i64, i64) {
        let first = i64::from(self.page - 1) * i64::from(PAGE_SIZE) + 1;
        (first, first + self.rows.len() as i64 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_searches_become_trigram_phrases() {
        let q = |text: &str| ResellerQuery { q: text.into(), ..ResellerQuery::default() };
        assert_eq!(q("Acme").trigram_phrase().as_deref(), Some("\"acme\""));
        assert_eq!(q("say \"hi\"").trigram_phrase().as_deref(), Some("\"say \"\"hi\"\"\""));
        assert_eq!(q("ab").trigram_phrase(), None);
        assert_eq!(q("är").trigram_phrase(), None, "characters, not bytes");
    }

    #[test]
    fn normalises_url_values() {
        assert_eq!(ResellerQuery::new("  Acme ", "2"), ResellerQuery { q: "Acme".into(), page: 2, ..Default::default() });
        for bad in ["", "0", "-3", "abc", "99999999999"] {
            assert_eq!(ResellerQuery::new("", bad).page, 1, "{bad:?}");
        }
        assert_eq!(ResellerQuery::new(&"x".repeat(500), "1").q.len(), SEARCH_MAX_CHARS);
    }

    #[test]
    fn builds_shareable_links() {
        assert_eq!(ResellerQuery::new("", "1").href(), "/partners/resellers");
        assert_eq!(
            ResellerQuery::new("a&b c", "3").href(),
            "/partners/resellers?q=a%26b+c&page=3"
        );
    }

    #[test]
    fn filters_and_order_round_trip_through_the_url() {
        let q = ResellerQuery::new("acme", "3")
            .with_filters(Some(ResellerStatus::Inactive), Some(PartnerType::Commission), Some(4))
            .with_sort(SortColumn::Name);
        assert_eq!(q.page, 1, "changing filters or order starts at page 1");
        let href = q.href();
        assert_eq!(href, "/partners/resellers?q=acme&status=inactive&type=commission&plan=4&sort=name&dir=asc");
        let params: std::collections::HashMap<String, String> =
            form_urlencoded::parse(href.split_once('?').unwrap().1.as_bytes()).into_owned().collect();
        assert_eq!(ResellerQuery::from_params(|k| params.get(k).cloned()), q);
        assert_eq!(q.with_sort(SortColumn::Name).dir, SortDir::Desc, "a second click reverses");
        assert_eq!(ResellerQuery::from_params(|k| (k == "sort").then(|| "bogus".into())), ResellerQuery::new("", "1"));
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(ResellerQuery::new("50%_off\\", "1").like_pattern(), "%50\\%\\_off\\\\%");
        assert_eq!(ResellerQuery::new("ACME", "1").like_pattern(), "%acme%");
    }
}
