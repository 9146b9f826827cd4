//! Queries that live in a page's URL (the Resellers list, the Activity log). Their URL
//! parameters are also how their server functions receive them (`#[server(flatten)]`):
//! one wire format, one parser, for the page, the server function and the CSV export.

/// `path?query` from parameters (defaults already left out), or `path` when there are none.
pub fn href(path: &str, params: &[(&'static str, String)]) -> String {
    match query_string(params) {
        query if query.is_empty() => path.to_owned(),
        query => format!("{path}?{query}"),
    }
}

/// Parameters as a URL query string (without `?`).
pub fn query_string(params: &[(&'static str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(params);
    query.finish()
}

/// Serialize and Deserialize as URL parameters, through the type's own `params()` and
/// `try_from_params(get) -> Result<Self, String>` (an empty value counts as absent).
macro_rules! serde_as_url_params {
    ($query:ty) => {
        impl serde::Serialize for $query {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let params = self.params();
                let mut map = serializer.serialize_map(Some(params.len()))?;
                for (name, value) in &params {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $query {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let params = std::collections::HashMap::<String, String>::deserialize(deserializer)?;
                Self::try_from_params(|k| params.get(k).filter(|v| !v.is_empty()).cloned())
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_url_params;
