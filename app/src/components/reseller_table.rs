use crate::components::empty_state::EmptyState;
use crate::components::feedback::ConsoleUi;
use crate::components::{
    figures::Date,
    icons::{Icon, IconKind},
    plan_info::PlanInfo,
    status_switch::StatusSwitch,
    truncated::Truncated,
};
use crate::domain::{PlanSummary, ResellerPage, ResellerQuery, ResellerRow, SortColumn, SortDir};
use leptos::prelude::*;

/// The reseller list: one row per reseller with the seed's seven columns.
#[component]
pub fn ResellerTable(page: ResellerPage, query: ResellerQuery) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <NoRows query total=page.total /> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="resellers">
                <caption class="visually-hidden">"Resellers"</caption>
                <thead>
                    <tr>
                        <SortHeader label="Reseller Name" column=SortColumn::Name query=query.clone() />
                        <SortHeader label="Email" column=SortColumn::Email query=query.clone() />
                        <SortHeader label="Type" column=SortColumn::Type query=query.clone() class="col-type" />
                        <SortHeader label="Plan" column=SortColumn::Plan query=query.clone() />
                        <SortHeader label="Joined On" column=SortColumn::Joined query=query.clone() />
                        <SortHeader label="Status" column=SortColumn::Status query=query.clone() />
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.iter().map(|row| {
                        let plan = page.plan_of(row).cloned();
                        view! { <Row row=row.clone() plan /> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A column heading that sorts the table by its column (again: the other way round).
#[component]
fn SortHeader(
    label: &'static str,
    column: SortColumn,
    query: ResellerQuery,
    /// The column's class, shared with its cells (narrow windows hide some columns).
    #[prop(optional, into)]
    class: Option<&'static str>,
) -> impl IntoView {
    let (sort, arrow) = match (query.sort == column, query.dir) {
        (true, SortDir::Asc) => ("ascending", " ↑"),
        (true, SortDir::Desc) => ("descending", " ↓"),
        (false, _) => ("none", ""),
    };
    view! {
        <th scope="col" class=class aria-sort=sort>
            <a href=query.with_sort(column).href() class="sort">{label}<span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

#[component]
fn Row(row: ResellerRow, plan: Option<PlanSummary>) -> impl IntoView {
    let href = format!("/partners/resellers/{}", row.id);
    let name = row.name;
    let link_text = name.clone();
    let delete_name = name.clone();
    let id = row.id;
    view! {
        <tr>
            <th scope="row"><a href=href class="name-link">{link_text}</a></th>
            <td class="email"><Truncated text=row.email /></td>
            <td class="col-type"><span class="badge">{row.partner_type.label()}</span></td>
            <td class="col-plan"><PlanInfo plan row_id=row.id /></td>
            <td class="col-joined"><Date unix_seconds=row.joined_on /></td>
            <td class="col-status"><StatusSwitch id=row.id status=row.status name=name.clone() /></td>
            <td class="actions">
                <a href=format!("/partners/resellers/{id}/edit") class="icon-button"
                    aria-label=format!("Edit {name}") title="Edit">
                    <Icon kind=IconKind::Edit />
                </a>
                <button type="button" class="icon-button danger" aria-label=format!("Delete {name}")
                    title="Delete" on:click=move |_| ConsoleUi::get().deleting.set(Some((id, delete_name.clone())))>
                    <Icon kind=IconKind::Delete />
                </button>
            </td>
        </tr>
    }
}

/// No resellers at all, none matching the search, or a page past the end.
#[component]
fn NoRows(query: ResellerQuery, total: i64) -> impl IntoView {
    let (title, hint, action) = if total == 0 && query.q.is_empty() && !query.has_filters() {
        ("No resellers yet".to_owned(), "Resellers you create appear here with their plan, usage and status.", None)
    } else if total == 0 && !query.has_filters() {
        (
            format!("No resellers match “{}”", query.q),
            "Search looks in reseller names and email addresses.",
            Some(("Clear search", ResellerQuery::default().href())),
        )
    } else if total == 0 {
        (
            "No resellers match these filters".to_owned(),
            "Change or clear the filters to see more resellers.",
            Some(("Clear filters", query.with_filters(None, None, None).with_search("").href())),
        )
    } else {
        (
            format!("There is no page {}", query.page),
            "The list is shorter than that now.",
            Some(("Go to the first page", query.with_page(1).href())),
        )
    };
    view! { <EmptyState title hint action=action /> }
}
