use app::domain::{PartnerType, ResellerInput, ResellerPage, ResellerStatus};
use app::ssr::resellers::{insert_batch, ResellerRecord};
use server::Config;

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    /// Signed in as `ADMIN_EMAIL`; keeps cookies; does not follow redirects.
    pub http: reqwest::Client,
    pub db: app::ssr::db::Db,
    pub agency_id: i64,
    pub database_url: String,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// A fresh database for one test: a SQLite file in `dir`, or, when
/// `PARTNERDESK_TEST_POSTGRES` names a PostgreSQL server (a URL whose user may create
/// databases), a new database on it. `./dev.sh test` runs the suite both ways.
pub async fn test_database_url(dir: &tempfile::TempDir) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let Ok(admin_url) = std::env::var("PARTNERDESK_TEST_POSTGRES") else {
        return format!("sqlite://{}", dir.path().join("test.db").display());
    };
    let name = format!(
        "pd_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    sqlx::any::install_default_drivers();
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .expect("PARTNERDESK_TEST_POSTGRES connects");
    sqlx::Executor::execute(&mut admin, sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let mut url = url::Url::parse(&admin_url).expect("PARTNERDESK_TEST_POSTGRES is a URL");
    url.set_path(&name);
    url.to_string()
}

/// A browser-like client: its own cookies, redirects not followed. A response that does not
/// arrive within a minute fails the test instead of hanging the suite.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

impl TestApp {
    /// A fresh database with one agency and its admin, signed in.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let app = Self::spawn_bare(adjust).await;
        let agency_id = app::ssr::db::create_agency(&app.db, "Test Agency").await.unwrap();
        app::ssr::auth::create_admin(&app.db, agency_id, ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
        let res = app.sign_in(&app.http, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), 200, "test admin signs in");
        TestApp { agency_id, ..app }
    }

    /// A server on a fresh database with nothing in it (no agency, no admin, no session).
    pub async fn spawn_bare(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = test_database_url(&dir).await;
        let mut config = Config::for_tests(&url);
        adjust(&mut config);
        Self::serve(config, std::sync::Arc::new(dir)).await
    }

    /// Another server process on the same database (a restart, or a second instance).
    pub async fn another_server(&self) -> TestApp {
        let config = Config::for_tests(&self.database_url);
        let mut other = Self::serve(config, self._dir.clone()).await;
        other.agency_id = self.agency_id;
        other
    }

    /// The same database and agency, requests sent to another server at `base`.
    pub fn at(&self, base: &str) -> TestApp {
        TestApp {
            base: base.to_owned(),
            http: client(),
            db: self.db.clone(),
            agency_id: self.agency_id,
            database_url: self.database_url.clone(),
            _dir: self._dir.clone(),
        }
    }

    async fn serve(config: Config, dir: std::sync::Arc<tempfile::TempDir>) -> TestApp {
        let state = server::build_state(&config).await.expect("state");
        let db = state.db.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(server::serve_on(listener, state, std::future::pending()));
        TestApp {
            base: format!("http://{addr}"),
            http: client(),
            db,
            agency_id: 0,
            database_url: config.database_url,
            _dir: dir,
        }
    }

    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        self.call_with(
            client,
            "auth/sign_in",
            &[("email", email), ("password", password), ("next", "/partners/resellers")],
        )
        .await
    }

    pub async fn add(&self, rows: Vec<ResellerRecord>) {
        self.add_to(self.agency_id, &rows).await;
    }

    /// Adds resellers to another agency.
    pub async fn add_to(&self, agency_id: i64, rows: &[ResellerRecord]) {
        insert_batch(&mut self.db.pool().acquire().await.unwrap(), agency_id, rows).await.unwrap();
    }

    /// The id of the reseller with this login domain.
    pub async fn id_of(&self, login_domain: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM resellers WHERE login_domain = $1")
            .bind(login_domain)
            .fetch_one(self.db.pool())
            .await
            .unwrap()
    }

    /// Every reseller's id (all agencies), oldest first.
    pub async fn reseller_ids(&self) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM resellers ORDER BY id").fetch_all(self.db.pool()).await.unwrap()
    }

    /// Adds usage to a reseller's month counters (`months_ago` = 0 is this month).
    pub async fn add_usage(&self, login_domain: &str, months_ago: usize, messages: i64, whatsapp: i64) {
        let id = self.id_of(login_domain).await;
        let month = app::ssr::clock::current_month().last(months_ago + 1)[0];
        let mut tx = self.db.pool().begin().await.unwrap();
        app::ssr::usage::add_months(&mut tx, self.agency_id, [(id, month, messages, whatsapp)].into_iter())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// An API key of the test agency, created through the Settings server function.
    pub async fn api_key(&self, name: &str) -> String {
        let res = self.call("api_keys/create", &[("name", name)]).await;
        assert_eq!(res.status(), 200);
        let created: app::domain::CreatedApiKey = res.json().await.unwrap();
        created.key
    }

    /// Calls a server function as the browser does (form-encoded POST, same origin).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.call_with(&self.http, endpoint, form).await
    }

    pub async fn call_with(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn list(&self, q: &str, page: &str) -> ResellerPage {
        let res = self.call("resellers/list", &[("q", q), ("page", page)]).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// A page, as a browser navigation (Accept: text/html).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(&self.http, path).await
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(format!("{}{path}", self.base)).header("accept", "text/html").send().await.unwrap()
    }
}

pub fn reseller(name: &str, email: &str, login_domain: &str, joined_on: i64) -> ResellerRecord {
    ResellerRecord {
        partner_type: PartnerType::Commission,
        name: name.into(),
        email: email.into(),
        phone: "+14155550100".into(),
        website: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".into(),
        contact_name: "Ana Adams".into(),
        contact_email: "ana@example.com".into(),
        contact_phone: "+14155550101".into(),
        login_domain: login_domain.into(),
        plan_id: None,
        commission_rate_bp: Some(1500),
        status: ResellerStatus::Active,
        team_members_consumed: 2,
        joined_on,
    }
}

/// `n` resellers named "Reseller 000".."Reseller n-1", newest last.
pub fn numbered(n: usize) -> Vec<ResellerRecord> {
    (0..n)
        .map(|i| {
            let domain: String = format!("{i:03}").chars().map(|c| (b'a' + c as u8 - b'0') as char).collect();
            reseller(
                &format!("Reseller {i:03}"),
                &format!("r{i}@example.com"),
                &format!("res{domain}"),
                1_700_000_000 + i as i64,
            )
        })
        .collect()
}

impl TestApp {
    /// Adds a reseller that can sign in at its login domain with `password`.
    pub async fn add_signable(&self, name: &str, email: &str, login_domain: &str, password: &str) -> i64 {
        let mut r = reseller(name, email, login_domain, 1_700_000_000);
        r.password_hash = app::ssr::auth::hash_password(password.into()).await.unwrap();
        self.add(vec![r]).await;
        self.id_of(login_domain).await
    }

    /// Posts a JSON body to the usage API with a key.
    pub async fn post_usage(&self, key: &str, body: &serde_json::Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/api/v1/usage", self.base))
            .bearer_auth(key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts a raw body as JSON to the usage API (no unwrap: a dropped connection is an answer too).
    pub async fn post_usage_raw(
        &self,
        key: &str,
        body: impl Into<reqwest::Body>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        reqwest::Client::new()
            .post(format!("{}/api/v1/usage", self.base))
            .bearer_auth(key)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
    }

    /// A browser-like client for a reseller host `{domain}.localhost:{port}`, resolved to
    /// this server (answers the client and the host's base URL).
    pub fn portal_client(&self, domain: &str) -> (reqwest::Client, String) {
        let addr: std::net::SocketAddr = self.base.trim_start_matches("http://").parse().unwrap();
        let host = format!("{domain}.localhost");
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .resolve(&host, addr)
            .build()
            .unwrap();
        (client, format!("http://{host}:{}", addr.port()))
    }
}

/// A usage event as the API takes it.
pub fn event(id: &str, reseller: &str, kind: &str, count: i64) -> serde_json::Value {
    serde_json::json!({ "event_id": id, "reseller": reseller, "kind": kind, "count": count, "occurred_at": now_rfc3339() })
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap()
}

/// Adds a plan to an agency (`status`: active or archived).
pub async fn add_plan(app: &TestApp, agency_id: i64, name: &str, status: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO plans (agency_id, name, price_minor, currency, billing_cycle, messages_limit, whatsapp_limit, \
         team_members_limit, status, created_at, updated_at) VALUES ($1, $2, 4900, 'USD', 'monthly', 1000, 100, 5, $3, 0, 0) RETURNING id",
    )
    .bind(agency_id)
    .bind(name)
    .bind(status)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

/// A reseller as the Create form sends it, valid as it is.
pub fn input(plan_id: i64, email: &str, domain: &str) -> ResellerInput {
    ResellerInput {
        partner_type: "commission".into(),
        name: "Acme Media".into(),
        email: email.into(),
        phone_country: "US".into(),
        phone: "(201) 555-0123".into(),
        website: "acme.io".into(),
        password: "violet-otter-canyon-42".into(),
        confirm_password: "violet-otter-canyon-42".into(),
        contact_name: "Ana Adams".into(),
        contact_email: "Ana@Acme.io".into(),
        contact_phone_country: "GB".into(),
        contact_phone: "020 7946 0018".into(),
        login_domain: domain.into(),
        plan_id: plan_id.to_string(),
        commission_rate: "12.5".into(),
    }
}

/// Calls the create server function with a form's input.
pub async fn create(app: &TestApp, input: &ResellerInput) -> reqwest::Response {
    app.http
        .post(format!("{}/api/resellers/create", app.base))
        .header("origin", &app.base)
        .json(&serde_json::json!({ "input": input }))
        .send()
        .await
        .unwrap()
}

/// The password of resellers made by `portal`.
pub const PORTAL_PASSWORD: &str = "violet-otter-canyon-42";

/// A (commission) reseller signed in at its portal: its id, the client and the host's base URL.
pub async fn portal(app: &TestApp, name: &str, domain: &str) -> (i64, reqwest::Client, String) {
    let id = app.add_signable(name, &format!("partner@{domain}.io"), domain, PORTAL_PASSWORD).await;
    let (http, base) = app.portal_client(domain);
    let res = http
        .post(format!("{base}/signin"))
        .header("origin", &base)
        .form(&[("email", format!("partner@{domain}.io")), ("password", PORTAL_PASSWORD.into())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    (id, http, base)
}

/// A form posted at a portal: the status and, for a redirect, where to.
pub async fn portal_post(http: &reqwest::Client, base: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let res = http.post(format!("{base}{path}")).header("origin", base).form(form).send().await.unwrap();
    let to = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let status = res.status().as_u16();
    (status, if status == 303 { to } else { res.text().await.unwrap() })
}

/// A portal page: the status and the HTML.
pub async fn portal_get(http: &reqwest::Client, base: &str, path: &str) -> (u16, String) {
    let res = http.get(format!("{base}{path}")).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}
