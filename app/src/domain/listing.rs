use super::{PartnerType, PlanSummary, ResellerRow, ResellerStatus, StoredWord};
use serde::{Deserialize, Serialize};

/// Rows per page of the Resellers table.
pub const PAGE_SIZE: u32 = 25;
/// Longest search text honoured; the rest is ignored.
pub const SEARCH_MAX_CHARS: usize = 100;
/// Most matches a search counts; beyond, the table says "1,000+" (counting every match of
/// a common substring among a million resellers would cost more than the page).
pub const SEARCH_COUNT_CAP: i64 = 1_000;
/// Most rows a count by filters reads when no kept total answers it ("10,000+").
pub const FILTER_COUNT_CAP: i64 = 10_000;

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
    const ALL: &'static [Self] = &[
        SortColumn::Joined,
        SortColumn::Name,
        SortColumn::Email,
        SortColumn::Type,
        SortColumn::Plan,
        SortColumn::Status,
    ];

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
        if self == SortColumn::Joined {
            SortDir::Desc
        } else {
            SortDir::Asc
        }
    }

    /// The row's value in this column as a page cursor keeps it (`None`: the column is the
    /// joined date itself, or a plan's name, which pages by number).
    fn cursor_key(self, row: &ResellerRow) -> Option<String> {
        match self {
            SortColumn::Joined | SortColumn::Plan => None,
            SortColumn::Name => Some(row.name.clone()),
            SortColumn::Email => Some(row.email.clone()),
            SortColumn::Type => Some(row.partner_type.as_str().to_owned()),
            SortColumn::Status => Some(row.status.as_str().to_owned()),
        }
    }

    /// Whether pages in this order start from a cursor (keyset pagination).
    pub fn pages_by_cursor(self) -> bool {
        self != SortColumn::Plan
    }
}

/// Which way a cursor points: the page after a row, or the page before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Towards {
    After,
    Before,
}

/// Keyset pagination: a page starts next to a row, found by the row's place in the order
/// (sort value, then joined date and id, the tie-breakers), so page 4,000 costs what page
/// 1 costs. Written in the URL as `after=…` or `before=…` (`joined.id` or `joined.id.value`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageCursor {
    pub towards: Towards,
    pub joined_on: i64,
    pub id: i64,
    /// The sort column's value (none when sorting by the joined date).
    pub key: Option<String>,
}

impl PageCursor {
    /// The cursor next to `row` in `sort` order (none for orders paged by number).
    pub fn at(row: &ResellerRow, sort: SortColumn, towards: Towards) -> Option<Self> {
        sort.pages_by_cursor().then(|| Self {
            towards,
            joined_on: row.joined_on,
            id: row.id,
            key: sort.cursor_key(row),
        })
    }

    fn encode(&self) -> String {
        match &self.key {
            Some(key) => format!("{}.{}.{key}", self.joined_on, self.id),
            None => format!("{}.{}", self.joined_on, self.id),
        }
    }

    /// Reads a cursor from the URL for the given order; anything odd is `None` (the page is
    /// then found by its number).
    fn decode(text: &str, towards: Towards, sort: SortColumn) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let joined_on = parts.next()?.parse().ok()?;
        let id = parts.next()?.parse().ok()?;
        let key = parts.next().map(str::to_owned);
        // A key is a value of the sort column (a name or e-mail at most): nothing else.
        if key.as_deref().is_some_and(|k| super::text::has_control(k) || k.chars().count() > 300) {
            return None;
        }
        let wants_key = !matches!(sort, SortColumn::Joined);
        (sort.pages_by_cursor() && key.is_some() == wants_key).then_some(Self { towards, joined_on, id, key })
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
///
/// The URL's parameters are its one wire format: the page's address, the list server
/// function's form (serde reads and writes the same name → text pairs) and the CSV export's
/// query are all [`ResellerQuery::params`] and are all read back by
/// [`ResellerQuery::from_params`], which normalises whatever an outsider sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
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
    /// Where the page starts (from the Previous / Next links); without one, `page` says.
    pub cursor: Option<PageCursor>,
}

impl ResellerQuery {
    /// Builds a query from URL/form values by name; never fails: odd values mean
    /// "no filter", "first page" or the default order.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let value = |k: &str| get(k).unwrap_or_default();
        let q = super::text::lookup_text(&value("q"), SEARCH_MAX_CHARS);
        let page = value("page").trim().parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1);
        let sort = SortColumn::from_word(&value("sort")).unwrap_or_default();
        let dir = SortDir::from_word(&value("dir")).unwrap_or(sort.natural_dir());
        let cursor = get("after")
            .and_then(|c| PageCursor::decode(&c, Towards::After, sort))
            .or_else(|| get("before").and_then(|c| PageCursor::decode(&c, Towards::Before, sort)))
            .filter(|_| page > 1);
        Self {
            q,
            page,
            status: ResellerStatus::from_word(&value("status")),
            partner_type: PartnerType::from_word(&value("type")),
            plan_id: value("plan").trim().parse().ok(),
            sort,
            dir,
            cursor,
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
        Self { page: page.max(1), cursor: None, ..self.clone() }
    }

    /// The page `page`, starting next to a row of the page shown (keyset), or by number
    /// when the order does not page by cursor.
    pub fn with_page_next_to(&self, page: u32, row: &ResellerRow, towards: Towards) -> Self {
        let cursor = PageCursor::at(row, self.sort, towards).filter(|_| page > 1);
        Self { page: page.max(1), cursor, ..self.clone() }
    }

    /// A new search keeps filters and order and starts at the first page.
    pub fn with_search(&self, q: &str) -> Self {
        Self { q: super::text::lookup_text(q, SEARCH_MAX_CHARS), page: 1, cursor: None, ..self.clone() }
    }

    /// Sorting by a column: the other direction if it is already sorted by it.
    pub fn with_sort(&self, column: SortColumn) -> Self {
        let dir = if self.sort == column {
            if self.dir == SortDir::Asc {
                SortDir::Desc
            } else {
                SortDir::Asc
            }
        } else {
            column.natural_dir()
        };
        Self { sort: column, dir, page: 1, cursor: None, ..self.clone() }
    }

    /// Same search and order, other filters, first page.
    pub fn with_filters(
        &self,
        status: Option<ResellerStatus>,
        partner_type: Option<PartnerType>,
        plan_id: Option<i64>,
    ) -> Self {
        Self { status, partner_type, plan_id, page: 1, cursor: None, ..self.clone() }
    }

    pub fn has_filters(&self) -> bool {
        self.status.is_some() || self.partner_type.is_some() || self.plan_id.is_some()
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(PAGE_SIZE)
    }

    /// The query as URL parameters, defaults left out.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.q.is_empty() {
            params.push(("q", self.q.clone()));
        }
        if let Some(s) = self.status {
            params.push(("status", s.as_str().to_owned()));
        }
        if let Some(t) = self.partner_type {
            params.push(("type", t.as_str().to_owned()));
        }
        if let Some(p) = self.plan_id {
            params.push(("plan", p.to_string()));
        }
        if self.sort != SortColumn::default() || self.dir != self.sort.natural_dir() {
            params.push(("sort", self.sort.as_str().to_owned()));
            params.push(("dir", self.dir.as_str().to_owned()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        if let Some(c) = &self.cursor {
            params.push((if c.towards == Towards::After { "after" } else { "before" }, c.encode()));
        }
        params
    }

    /// The parameters as a URL query string (without `?`).
    pub fn query_string(&self) -> String {
        super::url_params::query_string(&self.params())
    }

    /// Reads a URL query string (without `?`), as the CSV export gets it.
    pub fn from_query(raw: &str) -> Self {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
        Self::from_params(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
    }

    /// The page's address, defaults left out.
    pub fn href(&self) -> String {
        super::url_params::href("/partners/resellers", &self.params())
    }

    fn try_from_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        Ok(Self::from_params(get))
    }

    /// A LIKE pattern matching the search text anywhere, with `%`, `_` and `\`
    /// escaped so they match themselves (use with `ESCAPE '\'`).
    pub fn like_pattern(&self) -> String {
        super::text::like_contains(&self.q.to_lowercase())
    }

    /// The search as an FTS5 query of the trigram index, when the text is long enough for
    /// it (3 characters; shorter searches use `like_pattern`): the text's trigrams side by
    /// side, not overlapping, the last one ending with the text, all required (`"abc" AND
    /// "def" AND "efg"`, inner quotes doubled). Rows it finds hold every trigram somewhere;
    /// the search keeps those whose key contains the text (`search_text`). A phrase of every
    /// overlapping trigram (`"abcdefg"`) finds exactly the matches but checks every position
    /// of each: at a million resellers, a 24-character text took 3.8 ms that way, 0.3 ms this way.
    pub fn trigram_query(&self) -> Option<String> {
        let text: Vec<char> = self.search_text().chars().collect();
        if text.len() < 3 {
            return None;
        }
        let mut starts: Vec<usize> = (0..=text.len() - 3).step_by(3).collect();
        if starts.last() != Some(&(text.len() - 3)) {
            starts.push(text.len() - 3);
        }
        let terms: Vec<String> = starts
            .into_iter()
            .map(|i| {
                let trigram: String = text[i..i + 3].iter().collect();
                format!("\"{}\"", trigram.replace('"', "\"\""))
            })
            .collect();
        Some(terms.join(" AND "))
    }

    /// The text a reseller's search key must contain (keys are lower-cased).
    pub fn search_text(&self) -> String {
        self.q.to_lowercase()
    }
}

/// One page of the Resellers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerPage {
    pub rows: Vec<ResellerRow>,
    /// The plans of the page's rows, each once (rows name theirs by id: a plan repeated in
    /// every row made up half of the page's hydration data).
    pub plans: Vec<PlanSummary>,
    /// Rows matching the query over all pages (at least this many when `capped`).
    pub total: i64,
    /// The count stopped at a cap (`SEARCH_COUNT_CAP`, `FILTER_COUNT_CAP`): "1,000+".
    pub capped: bool,
    pub page: u32,
    /// Whether a page follows this one.
    pub has_next: bool,
}

impl ResellerPage {
    /// Where a row's plan is in `plans`, if it has one.
    pub fn plan_index(&self, row: &ResellerRow) -> Option<usize> {
        row.plan_id.and_then(|id| self.plans.iter().position(|p| p.id == id))
    }

    /// Pages in all, when the count is exact.
    pub fn page_count(&self) -> Option<u32> {
        let pages = (self.total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE);
        (!self.capped).then(|| u32::try_from(pages.max(1)).unwrap_or(u32::MAX))
    }

    /// "1,204", or "1,000+" for a capped count.
    pub fn total_text(&self) -> String {
        let exact = super::format_exact(self.total);
        if self.capped {
            format!("{exact}+")
        } else {
            exact
        }
    }

    /// 1-based index of the first and last row shown, e.g. (26, 50).
    pub fn shown_range(&self) -> (i64, i64) {
        let first = i64::from(self.page - 1) * i64::from(PAGE_SIZE) + 1;
        (first, first + self.rows.len() as i64 - 1)
    }
}

// On the wire a query is its URL parameters, as name → text pairs.
super::url_params::serde_as_url_params!(ResellerQuery);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_searches_become_trigram_queries() {
        let q = |text: &str| ResellerQuery::new(text, "1");
        assert_eq!(q("Acme").trigram_query().as_deref(), Some("\"acm\" AND \"cme\""));
        assert_eq!(q("abc").trigram_query().as_deref(), Some("\"abc\""));
        assert_eq!(q("abcdef").trigram_query().as_deref(), Some("\"abc\" AND \"def\""));
        assert_eq!(q("abcdefg").trigram_query().as_deref(), Some("\"abc\" AND \"def\" AND \"efg\""));
        assert_eq!(q("say \"hi\"").trigram_query().as_deref(), Some("\"say\" AND \" \"\"h\" AND \"hi\"\"\""));
        assert_eq!(q("ab").trigram_query(), None);
        assert_eq!(q("är").trigram_query(), None, "characters, not bytes");
        assert_eq!(q("ärzte").trigram_query().as_deref(), Some("\"ärz\" AND \"zte\""));
    }

    #[test]
    fn normalises_url_values() {
        assert_eq!(
            ResellerQuery::new("  Acme ", "2"),
            ResellerQuery { q: "Acme".into(), page: 2, ..Default::default() }
        );
        for bad in ["", "0", "-3", "abc", "99999999999"] {
            assert_eq!(ResellerQuery::new("", bad).page, 1, "{bad:?}");
        }
        assert_eq!(ResellerQuery::new(&"x".repeat(500), "1").q.len(), SEARCH_MAX_CHARS);
    }

    #[test]
    fn builds_shareable_links() {
        assert_eq!(ResellerQuery::new("", "1").href(), "/partners/resellers");
        assert_eq!(ResellerQuery::new("a&b c", "3").href(), "/partners/resellers?q=a%26b+c&page=3");
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
    fn cursors_round_trip_and_odd_ones_fall_back_to_the_page_number() {
        let row = ResellerRow {
            id: 42,
            name: "Acme. Media".into(),
            email: "a@acme.io".into(),
            partner_type: PartnerType::Commission,
            plan_id: None,
            joined_on: 1_700_000_000,
            status: ResellerStatus::Active,
            customers: 0,
        };
        let by_name = ResellerQuery::new("", "1").with_sort(SortColumn::Name);
        let next = by_name.with_page_next_to(2, &row, Towards::After);
        let href = next.href();
        assert_eq!(href, "/partners/resellers?sort=name&dir=asc&page=2&after=1700000000.42.Acme.+Media");
        let params: std::collections::HashMap<String, String> =
            form_urlencoded::parse(href.split_once('?').unwrap().1.as_bytes()).into_owned().collect();
        assert_eq!(ResellerQuery::from_params(|k| params.get(k).cloned()), next);
        let newest = ResellerQuery::new("", "1").with_page_next_to(3, &row, Towards::Before);
        assert_eq!(newest.href(), "/partners/resellers?page=3&before=1700000000.42");
        // Back to page 1, sorting by plan, or a changed filter: no cursor.
        assert_eq!(by_name.with_page_next_to(1, &row, Towards::Before).cursor, None);
        assert_eq!(by_name.with_sort(SortColumn::Plan).with_page_next_to(2, &row, Towards::After).cursor, None);
        assert_eq!(next.with_filters(Some(ResellerStatus::Active), None, None).cursor, None);
        for bad in ["x.1", "1700000000", "1.2.3", "", "1.x"] {
            let q = ResellerQuery::from_params(|k| match k {
                "page" => Some("2".into()),
                "after" => Some(bad.into()),
                _ => None,
            });
            assert_eq!(q.cursor, None, "{bad:?} by joined date");
        }
    }

    #[test]
    fn capped_counts_have_no_page_count() {
        let page = |total, capped| ResellerPage { rows: vec![], plans: vec![], total, capped, page: 1, has_next: true };
        assert_eq!(page(1_204, false).page_count(), Some(49));
        assert_eq!(page(1_204, false).total_text(), "1,204");
        assert_eq!(page(1_000, true).page_count(), None);
        assert_eq!(page(1_000, true).total_text(), "1,000+");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(ResellerQuery::new("50%_off\\", "1").like_pattern(), "%50\\%\\_off\\\\%");
        assert_eq!(ResellerQuery::new("ACME", "1").like_pattern(), "%acme%");
    }
}
