use app::domain::{PartnerType, ResellerPage, ResellerStatus};
use app::ssr::resellers::{insert_batch, ResellerRecord};
use server::Config;

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    /// Signed in as `ADMIN_EMAIL`; keeps cookies; does not follow redirects.
    pub http: reqwest::Client,
    pub pool: sqlx::SqlitePool,
    pub agency_id: i64,
    pub database_url: String,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// A client that keeps cookies and shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// A fresh database with one agency and its admin, signed in.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let mut config = Config::for_tests(&url);
        adjust(&mut config);
        let app = Self::serve(config, std::sync::Arc::new(dir)).await;
        let agency_id = app::ssr::db::create_agency(&app.pool, "Test Agency").await.unwrap();
        app::ssr::auth::create_admin(&app.pool, agency_id, ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
        let res = app.sign_in(&app.http, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), 200, "test admin signs in");
        TestApp { agency_id, ..app }
    }

    /// Another server process on the same database (a restart, or a second instance).
    pub async fn another_server(&self) -> TestApp {
        let config = Config::for_tests(&self.database_url);
        let mut other = Self::serve(config, self._dir.clone()).await;
        other.agency_id = self.agency_id;
        other
    }

    async fn serve(config: Config, dir: std::sync::Arc<tempfile::TempDir>) -> TestApp {
        let state = server::build_state(&config).await.expect("state");
        let pool = state.pool.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(server::serve_on(listener, state, std::future::pending()));
        TestApp {
            base: format!("http://{addr}"),
            http: client(),
            pool,
            agency_id: 0,
            database_url: config.database_url,
            _dir: dir,
        }
    }

    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        self.call_with(client, "auth/sign_in", &[("email", email), ("password", password), ("next", "/partners/resellers")])
            .await
    }

    pub async fn add(&self, rows: Vec<ResellerRecord>) {
        insert_batch(&self.pool, self.agency_id, &rows).await.unwrap();
    }

    /// Calls a server function as the browser does (form-encoded POST, same origin).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.call_with(&self.http, endpoint, form).await
    }

    pub async fn call_with(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
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
        client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
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
        messages_consumed: 100,
        whatsapp_consumed: 10,
        team_members_consumed: 2,
        joined_on,
    }
}

/// `n` resellers named "Reseller 000".."Reseller n-1", newest last.
pub fn numbered(n: usize) -> Vec<ResellerRecord> {
    (0..n)
        .map(|i| {
            let domain: String = format!("{i:03}").chars().map(|c| (b'a' + c as u8 - b'0') as char).collect();
            reseller(&format!("Reseller {i:03}"), &format!("r{i}@example.com"), &format!("res{domain}"), 1_700_000_000 + i as i64)
        })
        .collect()
}
