//! Statements built at run time (filters, multi-row inserts) with each database's own
//! placeholders: `?` for SQLite, `$1, $2…` for PostgreSQL. (SQLite reads `$n` too, but
//! looks each one up by name while preparing: a 1,000-row insert took 100 ms to prepare
//! instead of 2 ms. sqlx's `QueryBuilder` writes `?` for the `Any` driver, which PostgreSQL
//! rejects.)

use super::db::Backend;
use sqlx::any::{Any, AnyArguments};
use sqlx::{Arguments, AssertSqlSafe, Encode, Type};

/// Above this many values a statement is prepared for one use only.
const KEEP_PREPARED_MAX_BINDS: usize = 64;

/// ` LIMIT n` with `n` written out, not bound: SQLite re-plans a statement whose LIMIT is a
/// placeholder every time a value is bound to it (its planner may use the value), so a
/// kept statement would be parsed and planned again at every run.
pub fn limit(n: i64) -> String {
    format!(" LIMIT {n}")
}

/// SQL text and its bound values, numbered in the order they are pushed.
pub struct Sql {
    text: String,
    args: AnyArguments,
    binds: usize,
    backend: Backend,
    plan_each_time: bool,
}

impl Sql {
    pub fn new(backend: Backend, text: impl Into<String>) -> Self {
        Self { text: text.into(), args: AnyArguments::default(), binds: 0, backend, plan_each_time: false }
    }

    /// Appends SQL text (fixed by the code, never user input).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends [`limit`]'s clause.
    pub fn push_limit(&mut self, n: i64) -> &mut Self {
        self.text.push_str(&limit(n));
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn push_bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        let placeholder = self.bind(value);
        self.text.push_str(&placeholder);
        self
    }

    /// Binds `value` as the next argument; answers its placeholder.
    fn bind<'t, T>(&mut self, value: T) -> String
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        self.binds += 1;
        // Encoding into `Any` values only fails for types `Any` cannot carry (none used here).
        if let Err(error) = self.args.add(value) {
            tracing::error!(%error, "a value could not be bound");
        }
        match self.backend {
            Backend::Sqlite => "?".to_owned(),
            Backend::Postgres => format!("${}", self.binds),
        }
    }

    /// Appends `(a, b, …) VALUES ($1, $2, …)`: `set` names each column beside its value.
    pub fn push_insert(&mut self, set: impl FnOnce(&mut Columns<'_>)) -> &mut Self {
        let mut columns = Columns { sql: self, set: Vec::new() };
        set(&mut columns);
        let (names, values): (Vec<_>, Vec<_>) = columns.set.into_iter().unzip();
        self.push("(").push(&names.join(", ")).push(") VALUES (").push(&values.join(", ")).push(")")
    }

    /// Appends `a = $1, b = $2, …` (a `SET` list): `set` names each column beside its value.
    pub fn push_assignments(&mut self, set: impl FnOnce(&mut Columns<'_>)) -> &mut Self {
        let mut columns = Columns { sql: self, set: Vec::new() };
        set(&mut columns);
        let list: Vec<String> = columns.set.into_iter().map(|(name, value)| format!("{name} = {value}")).collect();
        self.push(&list.join(", "))
    }

    /// Appends `$a, $b, …` bound to `values`.
    pub fn push_list<'t, T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// Appends `<column> IN ($a, …) AND +<scope_column> = $n`: rows picked by their keys,
    /// inside one scope (an agency). The scope's term comes second and with a unary plus,
    /// so SQLite looks each key up by the key's own index: written plainly, SQLite (it keeps
    /// no statistics here) walked the agency's whole index and checked every entry against
    /// the list, a million entries per statement at 1M resellers. PostgreSQL plans both
    /// forms alike.
    pub fn push_keys_in_scope<'t, T>(
        &mut self,
        column: &str,
        keys: impl IntoIterator<Item = T>,
        scope_column: &str,
        scope: i64,
    ) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        self.push(column).push(" IN (").push_list(keys).push(") AND +").push(scope_column).push(" = ").push_bind(scope)
    }

    /// Appends `VALUES (…), (…)`: `row` pushes one item's values through [`Tuple`].
    pub fn push_values<I>(
        &mut self,
        items: impl IntoIterator<Item = I>,
        mut row: impl FnMut(&mut Tuple<'_>, I),
    ) -> &mut Self {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            row(&mut Tuple { sql: self, first: true }, item);
            self.push(")");
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.text
    }

    /// The backend the statement is written for.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Statements with many values (multi-row inserts, long lists) are not kept prepared:
    /// each is large, their text varies with the row count, and every pooled connection
    /// would keep its own copies.
    fn keep_prepared(&self) -> bool {
        self.binds <= KEEP_PREPARED_MAX_BINDS && !self.plan_each_time
    }

    /// Plans the statement for its values every time (PostgreSQL would otherwise settle
    /// on one generic plan for a prepared statement: the same plan for a search text that
    /// matches one reseller in a million and for one that matches every fifteenth).
    pub fn plan_each_time(&mut self) -> &mut Self {
        self.plan_each_time = true;
        self
    }

    pub fn query(self) -> sqlx::query::Query<'static, Any, AnyArguments> {
        let keep = self.keep_prepared();
        sqlx::query_with(AssertSqlSafe(self.text), self.args).persistent(keep)
    }

    pub fn query_as<T>(self) -> sqlx::query::QueryAs<'static, Any, T, AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let keep = self.keep_prepared();
        sqlx::query_as_with(AssertSqlSafe(self.text), self.args).persistent(keep)
    }

    pub fn query_scalar<T>(self) -> sqlx::query::QueryScalar<'static, Any, T, AnyArguments>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let keep = self.keep_prepared();
        sqlx::query_scalar_with(AssertSqlSafe(self.text), self.args).persistent(keep)
    }
}

/// One row of a `VALUES` list: values separated by commas.
pub struct Tuple<'a> {
    sql: &'a mut Sql,
    first: bool,
}

impl Tuple<'_> {
    pub fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        if !std::mem::take(&mut self.first) {
            self.sql.push(", ");
        }
        self.sql.push_bind(value);
        self
    }
}

/// Columns with their values, for an INSERT or a SET list. Each value is bound beside its
/// column's name, so names and values cannot fall out of step.
pub struct Columns<'a> {
    sql: &'a mut Sql,
    set: Vec<(&'static str, String)>,
}

impl Columns<'_> {
    pub fn set<'t, T>(&mut self, column: &'static str, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        let placeholder = self.sql.bind(value);
        self.set.push((column, placeholder));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_written_out_not_bound() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let mut sql = Sql::new(backend, "SELECT id FROM t WHERE a = ");
            sql.push_bind(7i64).push(" ORDER BY id").push_limit(26).push(" OFFSET ").push_bind(50i64);
            let placeholder = |n| if backend == Backend::Sqlite { "?".to_owned() } else { format!("${n}") };
            assert_eq!(
                sql.sql(),
                format!("SELECT id FROM t WHERE a = {} ORDER BY id LIMIT 26 OFFSET {}", placeholder(1), placeholder(2))
            );
        }
    }

    #[test]
    fn placeholders_are_numbered_in_push_order() {
        let mut sql = Sql::new(Backend::Postgres, "SELECT 1 FROM t WHERE a = ");
        sql.push_bind(1i64).push(" AND b IN (").push_list(["x", "y"]).push(")");
        assert_eq!(sql.sql(), "SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3)");
        let mut insert = Sql::new(Backend::Postgres, "INSERT INTO t (a, b) ");
        insert.push_values([(1i64, "p"), (2, "q")], |row, (a, b)| {
            row.bind(a).bind(b);
        });
        assert_eq!(insert.sql(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        let mut sqlite = Sql::new(Backend::Sqlite, "SELECT 1 FROM t WHERE a = ");
        sqlite.push_bind(1i64).push(" AND b IN (").push_list(["x", "y"]).push(")");
        assert_eq!(sqlite.sql(), "SELECT 1 FROM t WHERE a = ? AND b IN (?, ?)");
        let mut update = Sql::new(Backend::Postgres, "UPDATE t SET ");
        update.push_assignments(|c| {
            c.set("a", 1i64).set("b", "x");
        });
        update.push(" WHERE id = ").push_bind(7i64);
        assert_eq!(update.sql(), "UPDATE t SET a = $1, b = $2 WHERE id = $3");
        let mut insert = Sql::new(Backend::Sqlite, "INSERT INTO t ");
        insert.push_insert(|c| {
            c.set("a", 1i64).set("b", "x");
        });
        assert_eq!(insert.sql(), "INSERT INTO t (a, b) VALUES (?, ?)");
    }
}
