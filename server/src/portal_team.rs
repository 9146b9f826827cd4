//! The reseller portal's Team: the reseller's own members (add with a name, e-mail and
//! role; remove after a question). Its team-member count is counted from them.

use crate::portal::{problem, render, SignedIn};
use app::domain::{FieldError, MemberRole, ResellerMember, StoredWord, RESELLER_MEMBER_NAME_MAX_CHARS};
use app::error::AppError;
use app::ssr::portal::PortalReseller;
use app::ssr::reseller_team::{self, Changer};
use app::ssr::AppState;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Form, Router,
};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new().route("/team", get(team_page).post(add)).route("/team/{id}/remove", get(remove_page).post(remove))
}

#[derive(serde::Deserialize, Default, Clone)]
struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(serde::Deserialize, Default)]
struct Done {
    #[serde(default)]
    done: String,
}

fn changer(reseller: &PortalReseller) -> Changer<'_> {
    Changer { agency_id: reseller.agency_id, reseller_id: reseller.id, actor: "reseller" }
}

async fn page(
    state: &AppState,
    reseller: &PortalReseller,
    status: StatusCode,
    form: MemberForm,
    errors: Vec<FieldError>,
    done: Option<&'static str>,
) -> Response {
    match reseller_team::list(&state.db, reseller.agency_id, reseller.id).await {
        Ok(members) => render(status, "Team", Some(&reseller.agency_name), view! { <Team members form errors done /> }),
        Err(error) => problem(error),
    }
}

async fn team_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Query(done): Query<Done>) -> Response {
    let done = match done.done.as_str() {
        "added" => Some("Member added."),
        "removed" => Some("Member removed."),
        _ => None,
    };
    let form = MemberForm { role: MemberRole::Agent.as_str().into(), ..MemberForm::default() };
    page(&state, &reseller, StatusCode::OK, form, vec![], done).await
}

async fn add(State(state): State<AppState>, SignedIn(reseller): SignedIn, Form(form): Form<MemberForm>) -> Response {
    match reseller_team::add(&state.db, &changer(&reseller), &form.name, &form.email, &form.role).await {
        Ok(_) => Redirect::to("/team?done=added").into_response(),
        Err(AppError::Validation(errors)) => {
            page(&state, &reseller, StatusCode::UNPROCESSABLE_ENTITY, form, errors, None).await
        }
        Err(error) => problem(error),
    }
}

#[component]
fn Team(
    members: Vec<ResellerMember>,
    form: MemberForm,
    errors: Vec<FieldError>,
    done: Option<&'static str>,
) -> impl IntoView {
    let error = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    let (name_error, email_error, role_error) = (error("name"), error("email"), error("role"));
    let count = match members.len() {
        1 => "1 member".to_owned(),
        n => format!("{n} members"),
    };
    let name: String = form.name.chars().take(RESELLER_MEMBER_NAME_MAX_CHARS).collect();
    let email: String = form.email.chars().take(app::domain::Email::MAX_CHARS).collect();
    view! {
        <header class="page-header">
            <div>
                <p class="muted"><a href="/">"← Home"</a></p>
                <h1>"Team"</h1>
                <p class="subtitle">"The people who run your chatbots. Your plan counts them as team members."</p>
            </div>
        </header>
        {done.map(|d| view! { <p class="callout" role="status">{d}</p> })}
        <section class="panel" aria-labelledby="add-heading">
            <h2 id="add-heading">"Add a member"</h2>
            <form method="post" action="/team" class="inline-form" novalidate>
                <div class="field">
                    <label for="name">"Name"</label>
                    <input id="name" name="name" type="text" value=name aria-invalid=name_error.is_some().to_string()
                        aria-describedby="name-error" />
                    <p class="field-error" id="name-error" role="alert">{name_error}</p>
                </div>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" value=email aria-invalid=email_error.is_some().to_string()
                        aria-describedby="email-error" />
                    <p class="field-error" id="email-error" role="alert">{email_error}</p>
                </div>
                <div class="field narrow">
                    <label for="role">"Role"</label>
                    <select id="role" name="role" aria-describedby="role-error">
                        {MemberRole::ALL.iter().map(|r| view! {
                            <option value=r.as_str() selected=r.as_str() == form.role>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="role-error" role="alert">{role_error}</p>
                </div>
                <button type="submit" class="button primary">"Add"</button>
            </form>
        </section>
        <section class="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">{count}</h2>
            {if members.is_empty() {
                view! { <p class="muted empty-note">"No members yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th>
                                <th scope="col">"Added"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>{members.into_iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{m.name.clone()}</th>
                                    <td>{m.email.clone()}</td>
                                    <td>{m.role.label()}</td>
                                    <td><app::components::figures::DateTime unix_seconds=m.created_at /></td>
                                    <td class="row-actions">
                                        <a class="button small danger-outline" href=format!("/team/{}/remove", m.id)
                                            aria-label=format!("Remove {}", m.name)>"Remove"</a>
                                    </td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

async fn remove_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    let members = match reseller_team::list(&state.db, reseller.agency_id, reseller.id).await {
        Ok(members) => members,
        Err(error) => return problem(error),
    };
    let Some(m) = members.into_iter().find(|m| m.id == id) else { return problem(AppError::NotFound) };
    render(
        StatusCode::OK,
        "Remove member",
        Some(&reseller.agency_name),
        view! {
            <section class="portal-card" aria-labelledby="remove-heading">
                <h1 id="remove-heading">{format!("Remove {}?", m.name)}</h1>
                <p>{format!("{} ({}) leaves your team.", m.name, m.email)}</p>
                <form method="post" action=format!("/team/{id}/remove") class="form-actions">
                    <a href="/team" class="button">"Cancel"</a>
                    <button type="submit" class="button danger">"Remove"</button>
                </form>
            </section>
        },
    )
}

async fn remove(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    match reseller_team::remove(&state.db, &changer(&reseller), id).await {
        Ok(()) => Redirect::to("/team?done=removed").into_response(),
        Err(error) => problem(error),
    }
}
