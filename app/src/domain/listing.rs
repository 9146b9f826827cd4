use super::ResellerRow;
use serde::{Deserialize, Serialize};

/// Rows per page of the Resellers table.
pub const PAGE_SIZE: u32 = 25;
/// Longest search text honoured; the rest is ignored.
pub const SEARCH_MAX_CHARS: usize = 100;

/// What the Resellers table shows: the search text and the page, as kept in the URL
/// (`/partners/resellers?q=acme&page=2`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResellerQuery {
    /// Substring of the name or e-mail, matched case-insensitively. Empty: everything.
    pub q: String,
    /// 1-based.
    pub page: u32,
}

impl ResellerQuery {
    /// Builds a query from raw URL/form values; never fails: odd input means "no filter"
    /// or "first page".
    pub fn new(q: &str, page: &str) -> Self {
        let q: String = q.trim().chars().take(SEARCH_MAX_CHARS).collect();
        let page = page.trim().parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1);
        Self { q, page }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            q: self.q.clone(),
            page: page.max(1),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(PAGE_SIZE)
    }

    /// The page's address, e.g. `/partners/resellers?q=acme&page=2` (defaults left out).
    pub fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            query.append_pair("q", &self.q);
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
    fn normalises_url_values() {
        assert_eq!(ResellerQuery::new("  Acme ", "2"), ResellerQuery { q: "Acme".into(), page: 2 });
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
    fn escapes_like_wildcards() {
        assert_eq!(ResellerQuery::new("50%_off\\", "1").like_pattern(), "%50\\%\\_off\\\\%");
        assert_eq!(ResellerQuery::new("ACME", "1").like_pattern(), "%acme%");
    }
}
