//! The public HTTP API (`/api/v1`, agency API keys) and its OpenAPI description.

use app::domain::BATCH_MAX_EVENTS;
use app::domain::{MemberRole, ResellerMember};
use app::error::AppError;
use app::ssr::api_keys::{authenticate, ApiClient};
use app::ssr::reseller_team::{self, Changer};
use app::ssr::usage::{find_reseller, ingest, EventInput, EventOutcome};
use app::ssr::AppState;
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

/// The API's routes (mounted at the root: paths carry their `/api/...` prefix).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/v1/usage", post(post_usage))
        .route(
            "/api/v1/resellers/{id_or_domain}/team-members",
            get(list_team_members).post(add_team_member).put(retired_team_count),
        )
        .route("/api/v1/resellers/{id_or_domain}/team-members/{member_id}", delete(remove_team_member))
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Partnerdesk API", version = "1", description = "Report resellers' usage to Partnerdesk. \
        Every request carries an agency API key (Settings → API keys) as `Authorization: Bearer <key>`; \
        resellers are named by id or login domain and must belong to the key's agency."),
    paths(post_usage, list_team_members, add_team_member, remove_team_member, retired_team_count),
    components(schemas(UsageBatch, UsageEvent, BatchReport, EventResult, EventStatus, FieldProblem, NewTeamMember, TeamMember, TeamMemberList, ApiError)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("An agency API key")).build(),
            ),
        );
    }
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// A batch of usage events.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"events": [{"event_id": "evt_0001", "reseller": "harborlabs", "kind": "messages", "count": 12, "occurred_at": "2026-11-27T10:00:00Z"}]}))]
pub struct UsageBatch {
    /// 1 to 1,000 events.
    #[allow(dead_code)]
    events: Vec<UsageEvent>,
}

/// One usage event. `event_id` makes it idempotent: an id already counted is not counted again.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UsageEvent {
    /// Unique per agency, 1 to 200 characters (e.g. the sender's own event id).
    event_id: String,
    /// The reseller's id or login domain.
    #[schema(value_type = String, example = "harborlabs")]
    reseller: IdOrText,
    /// `messages` or `whatsapp_messages`.
    kind: String,
    /// 1 to 1,000,000,000.
    count: i64,
    /// RFC 3339; counts in its UTC calendar month. At most an hour in the future.
    occurred_at: String,
    /// Optional: one of the reseller's customers, by id or e-mail. Its usage rolls up
    /// customer → reseller → agency.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "hello@bistrolumen.example")]
    customer: Option<IdOrText>,
}

/// A reseller or a customer: a number (its id) or text (a login domain, an e-mail).
#[derive(Debug)]
struct IdOrText(String);

impl<'de> Deserialize<'de> for IdOrText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Id(i64),
            Text(String),
        }
        Ok(IdOrText(match Either::deserialize(d).map_err(|_| serde::de::Error::custom("an id (number) or text"))? {
            Either::Id(id) => id.to_string(),
            Either::Text(text) => text,
        }))
    }
}

/// What became of a batch: one result per event, in the order sent.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BatchReport {
    pub accepted: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub results: Vec<EventResult>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventResult {
    /// The event's id as sent (empty when it had none).
    pub event_id: String,
    pub status: EventStatus,
    /// Why a rejected event was not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<FieldProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Counted now.
    Accepted,
    /// Counted before under the same `event_id`; not counted again.
    Duplicate,
    /// Not counted (see `error`).
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// An error answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub error: String,
    /// Field errors, for a 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// A member to add to a reseller's team.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Ana Adams", "email": "ana@harborlabs.example", "role": "agent"}))]
pub struct NewTeamMember {
    /// One line, 1 to 120 characters.
    #[serde(default)]
    name: String,
    /// Unique within the reseller's team.
    #[serde(default)]
    email: String,
    /// `admin` or `agent`.
    #[serde(default)]
    role: String,
}

/// A member of a reseller's team.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    #[schema(value_type = String, example = "agent")]
    pub role: MemberRole,
    /// Unix seconds.
    pub created_at: i64,
}

impl From<ResellerMember> for TeamMember {
    fn from(m: ResellerMember) -> Self {
        TeamMember { id: m.id, name: m.name, email: m.email, role: m.role, created_at: m.created_at }
    }
}

/// A reseller's team: its members and their count (the reseller's "team members").
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamMemberList {
    pub reseller_id: i64,
    pub team_members: i64,
    pub members: Vec<TeamMember>,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(ApiError { error: message.into(), fields: Vec::new() })).into_response()
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let retry_after = self.0.retry_after_secs();
        let mut res = match self.0 {
            AppError::Unauthorized => {
                let mut res =
                    error(StatusCode::UNAUTHORIZED, "A valid API key is required: Authorization: Bearer <key>");
                res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
                res
            }
            AppError::NotFound => error(StatusCode::NOT_FOUND, "unknown reseller"),
            AppError::BadRequest(message) => error(StatusCode::BAD_REQUEST, message),
            AppError::Validation(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ApiError {
                    error: "The request has invalid fields".into(),
                    fields: fields.into_iter().map(|f| FieldProblem { field: f.field, message: f.message }).collect(),
                }),
            )
                .into_response(),
            other => error(
                StatusCode::from_u16(other.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                other.to_string(),
            ),
        };
        if let Some(secs) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        res
    }
}

/// An `AppError` answered as JSON.
pub struct ApiFailure(AppError);

impl From<AppError> for ApiFailure {
    fn from(e: AppError) -> Self {
        ApiFailure(e)
    }
}

/// The agency whose key the request carries.
async fn client(state: &AppState, headers: &HeaderMap) -> Result<ApiClient, ApiFailure> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or(AppError::Unauthorized)?;
    authenticate(&state.db, key).await?.ok_or(AppError::Unauthorized.into())
}

fn bad(message: impl Into<String>) -> ApiFailure {
    ApiFailure(AppError::BadRequest(message.into()))
}

/// Reads the body as `{"events": [...]}`: a body that is not that is a 400; an event that
/// cannot be read is rejected on its own.
fn read_batch(body: &[u8]) -> Result<Vec<Result<EventInput, FieldProblem>>, ApiFailure> {
    #[derive(Deserialize)]
    struct Raw {
        events: Vec<serde_json::Value>,
    }
    let raw: Raw = serde_json::from_slice(body)
        .map_err(|e| bad(format!("The body must be JSON like {{\"events\": [ ... ]}}: {e}")))?;
    if raw.events.is_empty() {
        return Err(bad("The batch has no events"));
    }
    if raw.events.len() > BATCH_MAX_EVENTS {
        return Err(bad(format!("A batch holds at most {BATCH_MAX_EVENTS} events; this one has {}", raw.events.len())));
    }
    Ok(raw
        .events
        .into_iter()
        .map(|value| {
            serde_json::from_value::<UsageEvent>(value)
                .map(|e| EventInput {
                    event_id: e.event_id,
                    reseller: e.reseller.0,
                    kind: e.kind,
                    count: e.count,
                    occurred_at: e.occurred_at,
                    customer: e.customer.map(|c| c.0),
                })
                .map_err(|e| FieldProblem { field: "event".into(), message: format!("The event cannot be read: {e}") })
        })
        .collect())
}

/// Report usage events (idempotent per `event_id`).
#[utoipa::path(
    post,
    path = "/api/v1/usage",
    request_body = UsageBatch,
    responses(
        (status = 200, description = "The batch was processed: one result per event. Good events are kept even when others are rejected.", body = BatchReport),
        (status = 400, description = "The body is not a batch of 1 to 1,000 events", body = ApiError),
        (status = 401, description = "Missing, unknown or revoked API key", body = ApiError),
    )
)]
async fn post_usage(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<BatchReport>, ApiFailure> {
    let client = client(&state, &headers).await?;
    let read = read_batch(&body)?;
    let ids: Vec<String> = read.iter().map(|r| r.as_ref().map(|e| e.event_id.clone()).unwrap_or_default()).collect();
    let events: Vec<EventInput> = read.iter().filter_map(|r| r.as_ref().ok().cloned()).collect();
    let mut outcomes = ingest(&state.db, client.agency_id, &events).await?.into_iter();
    let results: Vec<EventResult> = read
        .into_iter()
        .zip(ids)
        .map(|(r, event_id)| match r {
            Err(problem) => EventResult { event_id, status: EventStatus::Rejected, error: Some(problem) },
            Ok(_) => match outcomes.next() {
                Some(EventOutcome::Accepted) => EventResult { event_id, status: EventStatus::Accepted, error: None },
                Some(EventOutcome::Duplicate) | None => {
                    EventResult { event_id, status: EventStatus::Duplicate, error: None }
                }
                Some(EventOutcome::Rejected(e)) => EventResult {
                    event_id,
                    status: EventStatus::Rejected,
                    error: Some(FieldProblem { field: e.field, message: e.message }),
                },
            },
        })
        .collect();
    let count = |s: EventStatus| results.iter().filter(|r| r.status == s).count();
    Ok(Json(BatchReport {
        accepted: count(EventStatus::Accepted),
        duplicates: count(EventStatus::Duplicate),
        rejected: count(EventStatus::Rejected),
        results,
    }))
}

/// The API key as the activity log names it.
fn actor(client: &ApiClient) -> String {
    format!("API key {}", client.name)
}

/// A reseller's team.
#[utoipa::path(
    get,
    path = "/api/v1/resellers/{id_or_domain}/team-members",
    params(("id_or_domain" = String, Path, description = "The reseller's id or login domain")),
    responses(
        (status = 200, description = "The members, oldest first", body = TeamMemberList),
        (status = 401, description = "Missing, unknown or revoked API key", body = ApiError),
        (status = 404, description = "No such reseller in the key's agency", body = ApiError),
    )
)]
async fn list_team_members(
    State(state): State<AppState>,
    Path(id_or_domain): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TeamMemberList>, ApiFailure> {
    let client = client(&state, &headers).await?;
    let reseller_id = find_reseller(&state.db, client.agency_id, &id_or_domain).await?;
    let members = reseller_team::list(&state.db, client.agency_id, reseller_id).await?;
    Ok(Json(TeamMemberList {
        reseller_id,
        team_members: members.len() as i64,
        members: members.into_iter().map(TeamMember::from).collect(),
    }))
}

/// Add a member to a reseller's team (the reseller's team-member count follows).
#[utoipa::path(
    post,
    path = "/api/v1/resellers/{id_or_domain}/team-members",
    params(("id_or_domain" = String, Path, description = "The reseller's id or login domain")),
    request_body = NewTeamMember,
    responses(
        (status = 201, description = "Added", body = TeamMember),
        (status = 400, description = "The body is not a member as JSON", body = ApiError),
        (status = 401, description = "Missing, unknown or revoked API key", body = ApiError),
        (status = 404, description = "No such reseller in the key's agency", body = ApiError),
        (status = 422, description = "A field is invalid, or the address is already on the team", body = ApiError),
    )
)]
async fn add_team_member(
    State(state): State<AppState>,
    Path(id_or_domain): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<TeamMember>), ApiFailure> {
    let client = client(&state, &headers).await?;
    let body: NewTeamMember = serde_json::from_slice(&body).map_err(|e| {
        bad(format!("The body must be JSON like {{\"name\": \"Ana\", \"email\": \"ana@example.com\", \"role\": \"agent\"}}: {e}"))
    })?;
    let reseller_id = find_reseller(&state.db, client.agency_id, &id_or_domain).await?;
    let actor = actor(&client);
    let by = Changer { agency_id: client.agency_id, reseller_id, actor: &actor };
    let member = reseller_team::add(&state.db, &by, &body.name, &body.email, &body.role).await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Remove a member from a reseller's team.
#[utoipa::path(
    delete,
    path = "/api/v1/resellers/{id_or_domain}/team-members/{member_id}",
    params(
        ("id_or_domain" = String, Path, description = "The reseller's id or login domain"),
        ("member_id" = i64, Path, description = "The member's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing, unknown or revoked API key", body = ApiError),
        (status = 404, description = "No such reseller in the key's agency, or no such member on its team", body = ApiError),
    )
)]
async fn remove_team_member(
    State(state): State<AppState>,
    Path((id_or_domain, member_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiFailure> {
    let client = client(&state, &headers).await?;
    let reseller_id = find_reseller(&state.db, client.agency_id, &id_or_domain).await?;
    let member_id: i64 = member_id.trim().parse().map_err(|_| ApiFailure(AppError::NotFound))?;
    let actor = actor(&client);
    let by = Changer { agency_id: client.agency_id, reseller_id, actor: &actor };
    reseller_team::remove(&state.db, &by, member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Retired: setting a count. The count now comes from the reseller's team.
#[utoipa::path(
    put,
    path = "/api/v1/resellers/{id_or_domain}/team-members",
    params(("id_or_domain" = String, Path, description = "The reseller's id or login domain")),
    responses((status = 410, description = "Retired: add and remove members instead", body = ApiError)),
)]
async fn retired_team_count() -> Response {
    error(
        StatusCode::GONE,
        "This route is retired: a reseller's team-member count now comes from its team. Add members with \
         POST /api/v1/resellers/{id_or_domain}/team-members and remove them with \
         DELETE /api/v1/resellers/{id_or_domain}/team-members/{member_id}.",
    )
}
