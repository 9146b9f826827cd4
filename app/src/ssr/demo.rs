//! Demo data: a realistic agency with plans and resellers, deterministic for a seed,
//! inserted in batches so it scales to 100,000+ resellers.

use super::db::Db;
use super::resellers::{insert_batch, ResellerRecord};
use crate::domain::{PartnerType, ResellerStatus};
use crate::error::AppError;
use rand::{rngs::StdRng, Rng, SeedableRng};

pub const DEMO_AGENCY: &str = "Northwind Digital";
/// Every demo reseller's password (documented in the README; hashed once, argon2id).
pub const DEMO_RESELLER_PASSWORD: &str = "demo-reseller-pass";
/// The demo agency's admin (documented in the README).
pub const DEMO_ADMIN_EMAIL: &str = "admin@northwind.example";
pub const DEMO_ADMIN_PASSWORD: &str = "northwind-demo";
/// The demo agency's team: one member of each role, all with the demo password (the
/// owner is the demo admin).
pub const DEMO_TEAM: [(&str, &str, crate::domain::Role); 4] = [
    ("Avery Owner", DEMO_ADMIN_EMAIL, crate::domain::Role::Owner),
    ("Blake Admin", "ops@northwind.example", crate::domain::Role::Admin),
    ("Casey Support", "support@northwind.example", crate::domain::Role::Support),
    ("Drew Viewer", "viewer@northwind.example", crate::domain::Role::Viewer),
];

/// Resellers per INSERT (18 values each: within both databases' limits on bound values).
const BATCH: usize = 500;
/// Batches one transaction inserts.
const BATCHES_PER_COMMIT: usize = 20;
/// Resellers whose usage history one statement writes.
const USAGE_BATCH: i64 = 50_000;

const NAME_STEMS: &[&str] = &[
    "Blue Peak",
    "Crescent",
    "Northstar",
    "Evergreen",
    "Brightline",
    "Silverleaf",
    "Redwood",
    "Harbor",
    "Summit",
    "Lumen",
    "Cobalt",
    "Meridian",
    "Pioneer",
    "Atlas",
    "Nimbus",
    "Orchard",
    "Vertex",
    "Sparrow",
    "Granite",
    "Willow",
    "Aurora",
    "Beacon",
    "Cascade",
    "Driftwood",
    "Ember",
    "Falcon",
    "Juniper",
    "Keystone",
    "Lighthouse",
    "Maple",
    "Nova",
    "Oakridge",
    "Pinnacle",
    "Quartz",
    "Riverside",
    "Sierra",
    "Tidewater",
    "Umber",
    "Velvet",
    "Westwind",
    "Zephyr",
];
const NAME_KINDS: &[&str] = &[
    "Media",
    "Digital",
    "Labs",
    "Marketing",
    "Solutions",
    "Studio",
    "Partners",
    "Agency",
    "Consulting",
    "Interactive",
    "Growth",
    "Systems",
    "Works",
    "Group",
    "Networks",
];
const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "Daniel", "Elena", "Farah", "George", "Hana", "Ivan", "Julia", "Kenji", "Lucía", "Mateo",
    "Nora", "Omar", "Priya", "Quinn", "Rosa", "Samuel", "Tara", "Uma", "Victor", "Wei", "Yara", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Adams", "Baker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski",
    "López", "Müller", "Nakamura", "O'Brien", "Patel", "Rossi", "Silva", "Tanaka", "Novak", "Walker", "Yilmaz",
    "Zhang",
];
const MAILBOXES: &[&str] = &["hello", "team", "partners", "sales", "office"];

/// Country dial codes with a national number shape (digits after the code).
const PHONE_SHAPES: &[(&str, &str)] = &[
    ("+1", "4155######"),
    ("+44", "20794#####"),
    ("+49", "3012#####"),
    ("+91", "98#######"),
    ("+61", "4#########"),
    ("+34", "6########"),
    ("+55", "1199#######"),
    ("+971", "50#######"),
];

struct DemoPlan {
    name: &'static str,
    description: &'static str,
    price_minor: i64,
    cycle: &'static str,
    messages: i64,
    whatsapp: i64,
    team: i64,
}

const PLANS: &[DemoPlan] = &[
    DemoPlan {
        name: "Starter",
        description: "For small teams trying chatbots",
        price_minor: 2_900,
        cycle: "monthly",
        messages: 5_000,
        whatsapp: 1_000,
        team: 3,
    },
    DemoPlan {
        name: "Growth",
        description: "Most popular: growing support teams",
        price_minor: 7_900,
        cycle: "monthly",
        messages: 25_000,
        whatsapp: 5_000,
        team: 10,
    },
    DemoPlan {
        name: "Scale",
        description: "High-volume messaging across channels",
        price_minor: 55_000,
        cycle: "quarterly",
        messages: 100_000,
        whatsapp: 25_000,
        team: 25,
    },
    DemoPlan {
        name: "Enterprise",
        description: "Yearly contract with the highest limits",
        price_minor: 499_000,
        cycle: "yearly",
        messages: 2_000_000,
        whatsapp: 500_000,
        team: 100,
    },
];

/// What `fill` created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub agency_id: i64,
    pub resellers_added: usize,
}

/// Whether the database has any reseller (demo data only fills an empty one).
pub async fn has_resellers(db: &Db) -> Result<bool, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM resellers LIMIT 1").fetch_optional(db.pool()).await?;
    Ok(any.is_some())
}

/// Adds `resellers` demo resellers to the demo agency (created with its plans if missing).
pub async fn fill(db: &Db, resellers: usize, seed: u64) -> Result<DemoSummary, AppError> {
    let agency_id = demo_agency(db).await?;
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM admins WHERE agency_id = $1")
        .bind(agency_id)
        .fetch_one(db.pool())
        .await?;
    if admins == 0 {
        for (name, email, role) in DEMO_TEAM {
            super::auth::create_member(db, agency_id, name, email, DEMO_ADMIN_PASSWORD, role).await?;
        }
    }
    let plan_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE agency_id = $1 ORDER BY id")
        .bind(agency_id)
        .fetch_all(db.pool())
        .await?;
    let password_hash = hash_demo_password().await;
    let start: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM resellers").fetch_one(db.pool()).await?;
    let now = super::now();
    // One thread makes the rows (deterministic for the seed) while the database takes the
    // previous batch; a transaction holds `BATCHES_PER_COMMIT` batches.
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<ResellerRecord>>(4);
    let maker = tokio::task::spawn_blocking(move || {
        let mut rng = StdRng::seed_from_u64(seed ^ start as u64);
        let phones = PhoneBook::new(&mut rng);
        let mut made = 0;
        while made < resellers {
            let n = BATCH.min(resellers - made);
            let batch = (0..n)
                .map(|i| demo_reseller(&mut rng, &phones, start as usize + made + i, &plan_ids, &password_hash, now))
                .collect();
            if sender.blocking_send(batch).is_err() {
                break;
            }
            made += n;
        }
    });
    let mut added = 0;
    let mut tx = db.pool().begin().await?;
    let mut in_tx = 0;
    while let Some(batch) = batches.recv().await {
        insert_batch(&mut tx, agency_id, &batch).await?;
        added += batch.len();
        in_tx += 1;
        if in_tx == BATCHES_PER_COMMIT {
            tx.commit().await?;
            tx = db.pool().begin().await?;
            in_tx = 0;
        }
    }
    tx.commit().await?;
    maker.await.map_err(|_| AppError::Internal)?;
    add_usage_history(db, start, now).await?;
    add_activity_history(db, start, now).await?;
    add_customers(db, start, now).await?;
    add_team_members(db, start, now).await?;
    super::demo_business::fill(db, start, now).await?;
    if db.backend() == super::db::Backend::Postgres {
        // Fresh statistics after a bulk load: the planner weighs search texts by them.
        sqlx::query("ANALYZE").execute(db.pool()).await?;
    }
    Ok(DemoSummary { agency_id, resellers_added: added })
}

/// Twelve months of usage for the resellers added after id `after` (from the month they
/// joined): near the plan's limits (a trial's worth without a plan), nothing this month
/// for inactive resellers. The figures are a hash of (reseller, month): the same SQL on
/// both databases, deterministic, and written by the database itself in batches of ids.
async fn add_usage_history(db: &Db, after: i64, now: i64) -> Result<(), sqlx::Error> {
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM resellers").fetch_one(db.pool()).await?;
    let months = super::clock::current_month().last(12);
    let mut from = after;
    while from < last {
        let to = (from + USAGE_BATCH).min(last);
        let mut sql = db.sql("WITH m(k, month, ends) AS (");
        sql.push_values(months.iter().rev().enumerate(), |row, (k, month)| {
            let ends = month.next().start_unix().unwrap_or(now);
            row.bind(k as i64).bind(month.0).bind(ends);
        });
        sql.push(
            ") INSERT INTO usage_monthly (reseller_id, month, messages, whatsapp) \
             SELECT r.id, m.month, \
                    (r.id * 2654435761 + m.k * 40503) % 1000000007 % (COALESCE(p.messages_limit, 500) * 11 / 10 + 1), \
                    (r.id * 40503 + m.k * 2654435761) % 1000000009 % (COALESCE(p.whatsapp_limit, 100) + 1) \
             FROM resellers r LEFT JOIN plans p ON p.id = r.plan_id CROSS JOIN m \
             WHERE r.id > ",
        );
        sql.push_bind(from).push(" AND r.id <= ").push_bind(to);
        sql.push(" AND r.joined_on < m.ends AND NOT (r.status = 'inactive' AND m.k = 0)");
        let mut tx = db.pool().begin().await?;
        sql.query().execute(&mut *tx).await?;
        // The agencies' month sums, from the rows just written.
        sqlx::query(
            "INSERT INTO agency_usage_monthly (agency_id, month, messages, whatsapp) \
             SELECT r.agency_id, u.month, SUM(u.messages), SUM(u.whatsapp) \
             FROM usage_monthly u JOIN resellers r ON r.id = u.reseller_id \
             WHERE r.id > $1 AND r.id <= $2 GROUP BY r.agency_id, u.month \
             ON CONFLICT (agency_id, month) DO UPDATE SET \
               messages = agency_usage_monthly.messages + excluded.messages, \
               whatsapp = agency_usage_monthly.whatsapp + excluded.whatsapp",
        )
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        from = to;
    }
    Ok(())
}

/// "Created" (and, for inactive resellers, "deactivated") log entries for the resellers
/// added after id `after`, at plausible times.
async fn add_activity_history(db: &Db, after: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO activity (agency_id, reseller_id, reseller_name, actor, kind, detail, created_at) \
         SELECT agency_id, id, name, $1, 'created', '', joined_on FROM resellers WHERE id > $2 \
         UNION ALL \
         SELECT agency_id, id, name, $1, 'deactivated', '', joined_on + ($3 - joined_on) / 2 FROM resellers \
         WHERE id > $2 AND status = 'inactive'",
    )
    .bind(DEMO_ADMIN_EMAIL)
    .bind(after)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Customers for the first `CUSTOMERS_FOR` resellers added after id `after`: one to
/// seven each (the same SQL on both databases), every fifth suspended, added after the
/// reseller joined.
async fn add_customers(db: &Db, after: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH b(k, name) AS (VALUES (1, 'Bistro Lumen'), (2, 'Copper Kettle Café'), (3, 'Dune Surf School'), \
         (4, 'Fern & Finch Florist'), (5, 'Harbor Dental'), (6, 'Juniper Yoga'), (7, 'Maple Street Bakery')) \
         INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at) \
         SELECT r.agency_id, r.id, b.name, 'hello' || b.k || '@' || r.login_domain || '.example', \
                CASE WHEN (r.id + b.k) % 5 = 0 THEN 'suspended' ELSE 'active' END, \
                CASE WHEN r.joined_on + b.k * 1100000 < $3 THEN r.joined_on + b.k * 1100000 ELSE $3 END, \
                CASE WHEN r.joined_on + b.k * 1100000 < $3 THEN r.joined_on + b.k * 1100000 ELSE $3 END \
         FROM resellers r CROSS JOIN b WHERE r.id > $1 AND r.id <= $2 AND b.k <= 1 + r.id % 7",
    )
    .bind(after)
    .bind(after + CUSTOMERS_FOR)
    .bind(now)
    .execute(db.pool())
    .await?;
    sqlx::query(
        "UPDATE resellers SET customers = (SELECT COUNT(*) FROM customers c WHERE c.reseller_id = resellers.id) \
         WHERE id > $1 AND id <= $2",
    )
    .bind(after)
    .bind(after + CUSTOMERS_FOR)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The most team members a demo reseller has (each one a row of its team).
const DEMO_TEAM_MAX: i64 = 12;

/// Each demo reseller's team: as many members as its count, named from a list, in
/// batches of resellers (one statement each, the same SQL on both databases).
async fn add_team_members(db: &Db, after: i64, now: i64) -> Result<(), sqlx::Error> {
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM resellers").fetch_one(db.pool()).await?;
    let mut from = after;
    while from < last {
        let to = (from + USAGE_BATCH).min(last);
        sqlx::query(
            "WITH k(n, name, role) AS (VALUES (1, 'Ana Adams', 'admin'), (2, 'Ben Okafor', 'agent'), \
             (3, 'Chloé Martin', 'agent'), (4, 'Dev Patel', 'agent'), (5, 'Elif Demir', 'admin'), \
             (6, 'Femi Bello', 'agent'), (7, 'Grace Liu', 'agent'), (8, 'Hugo Silva', 'agent'), \
             (9, 'Ines Costa', 'agent'), (10, 'Jonas Berg', 'agent'), (11, 'Kaito Sato', 'agent'), \
             (12, 'Lena Novak', 'agent')) \
             INSERT INTO reseller_members (agency_id, reseller_id, name, email, role, created_at) \
             SELECT r.agency_id, r.id, k.name, 'member' || k.n || '@' || r.login_domain || '.example', k.role, \
                    CASE WHEN r.joined_on + k.n * 86400 < $3 THEN r.joined_on + k.n * 86400 ELSE $3 END \
             FROM resellers r CROSS JOIN k WHERE r.id > $1 AND r.id <= $2 AND k.n <= r.team_members_consumed",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .execute(db.pool())
        .await?;
        from = to;
    }
    Ok(())
}

/// Demo resellers that get customers (the first ones added).
const CUSTOMERS_FOR: i64 = 200;

/// The installation's first agency (created as the demo agency when there is none),
/// with the demo plans added if it has no plan yet.
async fn demo_agency(db: &Db) -> Result<i64, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    let now = super::now();
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1").fetch_optional(&mut *tx).await?;
    let agency_id = match existing {
        Some(id) => id,
        None => {
            sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(DEMO_AGENCY)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
        }
    };
    let plans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans WHERE agency_id = $1")
        .bind(agency_id)
        .fetch_one(&mut *tx)
        .await?;
    if plans == 0 {
        for p in PLANS {
            sqlx::query(
                "INSERT INTO plans (agency_id, name, description, price_minor, currency, billing_cycle, \
                 messages_limit, whatsapp_limit, team_members_limit, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'USD', $5, $6, $7, $8, 'active', $9, $10)",
            )
            .bind(agency_id)
            .bind(p.name)
            .bind(p.description)
            .bind(p.price_minor)
            .bind(p.cycle)
            .bind(p.messages)
            .bind(p.whatsapp)
            .bind(p.team)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(agency_id)
}

async fn hash_demo_password() -> String {
    tokio::task::spawn_blocking(|| {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(DEMO_RESELLER_PASSWORD.as_bytes(), &salt)
            .map(|h| h.to_string())
            .expect("argon2 hashing with default parameters cannot fail")
    })
    .await
    .expect("hashing task panicked")
}

/// Letters-only suffix for the n-th repetition of a name: 0 → "", 1 → "b", 26 → "ba".
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Valid phone numbers to draw from: checking each new number against its country's plan
/// costs more than the rest of a demo reseller.
struct PhoneBook(Vec<String>);

impl PhoneBook {
    fn new(rng: &mut StdRng) -> Self {
        Self((0..2_000).map(|_| phone(rng)).collect())
    }

    fn pick(&self, rng: &mut StdRng) -> String {
        self.0[rng.random_range(0..self.0.len())].clone()
    }
}

/// A random number of one of the shapes that is valid for its country (the same check
/// the create form's server side makes), in E.164.
fn phone(rng: &mut StdRng) -> String {
    loop {
        let (code, shape) = PHONE_SHAPES[rng.random_range(0..PHONE_SHAPES.len())];
        let national: String =
            shape.chars().map(|c| if c == '#' { char::from(b'0' + rng.random_range(0..10u8)) } else { c }).collect();
        let candidate = format!("{code}{national}");
        if phonenumber::parse(None, &candidate).map(|n| n.is_valid()).unwrap_or(false) {
            return candidate;
        }
    }
}

fn demo_reseller(
    rng: &mut StdRng,
    phones: &PhoneBook,
    index: usize,
    plan_ids: &[i64],
    password_hash: &str,
    now: i64,
) -> ResellerRecord {
    let combos = NAME_STEMS.len() * NAME_KINDS.len();
    let stem = NAME_STEMS[index % NAME_STEMS.len()];
    let kind = NAME_KINDS[(index / NAME_STEMS.len()) % NAME_KINDS.len()];
    let round = index / combos;
    let name = if round == 0 { format!("{stem} {kind}") } else { format!("{stem} {kind} {}", round + 1) };
    let login_domain = format!("{}{}{}", stem.to_lowercase().replace(' ', ""), kind.to_lowercase(), letters(round));
    let (first, last) = (pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES));
    let ascii = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'á' => Some('a'),
                'í' => Some('i'),
                'ó' => Some('o'),
                'ü' => Some('u'),
                c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    let partner_type = if rng.random_bool(0.55) { PartnerType::Commission } else { PartnerType::OwnPlans };
    let plan_index = rng.random_range(0..plan_ids.len().max(1));
    // Commission partners sell an agency plan; some own-plans partners have none.
    let plan_id =
        plan_ids.get(plan_index).copied().filter(|_| partner_type == PartnerType::Commission || rng.random_bool(0.9));
    // Team sizes stay within the plan's limit; without a plan, a trial's worth.
    let team_cap = match plan_id {
        Some(_) => PLANS.get(plan_index).map(|p| p.team).unwrap_or(2),
        None => 2,
    };
    let active = rng.random_bool(0.86);
    let two_years = 2 * 365 * 24 * 3600;
    ResellerRecord {
        partner_type,
        email: format!("{}@{login_domain}.com", pick(rng, MAILBOXES)),
        phone: phones.pick(rng),
        website: rng.random_bool(0.8).then(|| format!("https://www.{login_domain}.com")),
        password_hash: password_hash.to_owned(),
        contact_name: format!("{first} {last}"),
        contact_email: format!("{}.{}@{login_domain}.com", ascii(first), ascii(last)),
        contact_phone: phones.pick(rng),
        plan_id,
        commission_rate_bp: (partner_type == PartnerType::Commission)
            .then(|| rng.random_range(10..=30) * 100 + [0, 50][rng.random_range(0..2)]),
        status: if active { ResellerStatus::Active } else { ResellerStatus::Inactive },
        // (Drawn as before, then capped: the same random stream, so the same resellers.)
        team_members_consumed: rng.random_range(1..=team_cap).min(DEMO_TEAM_MAX),
        joined_on: now - rng.random_range(0..two_years),
        login_domain,
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::letters;

    #[test]
    fn suffixes_are_letters_only_and_distinct() {
        assert_eq!(letters(0), "");
        assert_eq!(letters(1), "b");
        assert_eq!(letters(26), "ba");
        let all: std::collections::HashSet<_> = (0..5000).map(letters).collect();
        assert_eq!(all.len(), 5000);
        assert!(all.iter().all(|s| s.chars().all(|c| c.is_ascii_lowercase())));
    }
}
