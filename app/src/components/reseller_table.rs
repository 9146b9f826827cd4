use crate::components::access::Access;
use crate::components::empty_state::EmptyState;
use crate::components::feedback::ConsoleUi;
use crate::components::{
    figures::Date,
    plan_info::{NoPlan, PlanName, PlanTips},
    status_switch::StatusSwitch,
};
use crate::domain::Permission;
use crate::domain::{ResellerPage, ResellerQuery, ResellerRow, SortColumn, SortDir};
use leptos::prelude::*;

/// The reseller list: one row per reseller with the seed's seven columns.
///
/// Every row is in the page's HTML and its hydration data, so rows carry no class the
/// style sheet can do without (columns are styled by position, `td:nth-child(n)`) and
/// no plan details (each plan's tooltip is given once, after the table).
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
                        <SortHeader label="Type" column=SortColumn::Type query=query.clone() />
                        <SortHeader label="Plan" column=SortColumn::Plan query=query.clone() />
                        <SortHeader label="Joined On" column=SortColumn::Joined query=query.clone() />
                        <SortHeader label="Status" column=SortColumn::Status query=query.clone() />
                        <th scope="col">"Customers"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.iter().map(|row| {
                        let plan = page.plan_index(row).map(|tip| (page.plans[tip].name.clone(), tip));
                        view! { <Row row=row.clone() plan /> }
                    }).collect_view()}
                </tbody>
            </table>
            <PlanTips plans=page.plans.clone() />
        </div>
    }
    .into_any()
}

/// A column heading that sorts the table by its column (again: the other way round).
#[component]
fn SortHeader(label: &'static str, column: SortColumn, query: ResellerQuery) -> impl IntoView {
    // Unsorted columns carry no `aria-sort` (its absence means "none") and no arrow.
    let sorted = match (query.sort == column, query.dir) {
        (true, SortDir::Asc) => Some(("ascending", " ↑")),
        (true, SortDir::Desc) => Some(("descending", " ↓")),
        (false, _) => None,
    };
    view! {
        <th scope="col" aria-sort=sorted.map(|(sort, _)| sort)>
            <a href=query.with_sort(column).href()>
                {label}
                {sorted.map(|(_, arrow)| view! { <span aria-hidden="true">{arrow}</span> })}
            </a>
        </th>
    }
}

/// `plan`: the plan's name and its place in the page's plan tooltips.
#[component]
fn Row(row: ResellerRow, plan: Option<(String, usize)>) -> impl IntoView {
    let href = format!("/partners/resellers/{}", row.id);
    let name = row.name;
    let link_text = name.clone();
    let delete_name = name.clone();
    let id = row.id;
    let title = row.email.clone();
    view! {
        <tr>
            <th scope="row"><a href=href>{link_text}</a></th>
            <td title=title>{row.email}</td>
            <td><span>{row.partner_type.label()}</span></td>
            <td>{match plan {
                Some((name, tip)) => view! { <PlanName name tip /> }.into_any(),
                None => view! { <NoPlan /> }.into_any(),
            }}</td>
            <td><Date unix_seconds=row.joined_on /></td>
            <td><StatusSwitch id=row.id status=row.status name=name.clone() /></td>
            <td class="col-customers">{row.customers}</td>
            <td>
                {Access::can(Permission::EditResellerContact).then(|| view! {
                    <a href=format!("/partners/resellers/{id}/edit") class="i-edit"
                        aria-label=format!("Edit {name}") title="Edit"></a>
                })}
                {Access::can(Permission::DeleteResellers).then(|| view! {
                    <button class="i-delete" aria-label=format!("Delete {delete_name}")
                        title="Delete" on:click={
                            let target = (id, delete_name.clone());
                            move |_| ConsoleUi::get().deleting.set(Some(target.clone()))
                        }></button>
                })}
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
