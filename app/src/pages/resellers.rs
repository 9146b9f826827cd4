use crate::api::resellers::list_resellers;
use crate::components::access::Access;
use crate::components::filters::Filters;
use crate::components::shortcuts::TableShortcuts;
use crate::components::{
    layout::PartnersHeader, overview_cards::OverviewCards, pagination::Pagination, reseller_table::ResellerTable,
    search_bar::SearchBar,
};
use crate::domain::{Permission, ResellerQuery};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Partners → Resellers: overview cards, search, the table and pagination.
/// The URL (`?q=…&page=…`) is the state: reload, back/forward and shared links keep it.
#[component]
pub fn ResellersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ResellerQuery::from_params(|k| p.get(k))));
    // The resource answers with the query it ran, so the table and its links always agree.
    let version = crate::components::feedback::ConsoleUi::get().version;
    let page = Resource::new(
        move || (query.get(), version.get()),
        |(q, _)| async move {
            let result = list_resellers(q.clone()).await;
            (q, result)
        },
    );

    view! {
        <Title text="Resellers" />
        <PartnersHeader title="Resellers" subtitle="Manage and edit reseller details." actions=Box::new(move || view! {
            {Access::can(Permission::ExportResellers).then(|| view! {
                <a href=move || format!("/partners/resellers/export.csv{}", export_query(&query.get()))
                    class="button" download="">"Export CSV"</a>
            })}
            {Access::can(Permission::CreateResellers).then(|| view! {
                <a href="/partners/resellers/new" class="button primary" aria-keyshortcuts="n">"+ Create Reseller"</a>
            })}
        }.into_any()) />
        <OverviewCards />
        <section class="panel" aria-labelledby="manage-heading">
            <div class="toolbar">
                <h2 id="manage-heading">"Manage Your Resellers"</h2>
                <SearchBar query />
                <Filters query />
                <TableShortcuts />
            </div>
            <Transition fallback=|| view! { <TableSkeleton /> }>
                {move || Suspend::new(async move {
                    let (q, result) = page.await;
                    match result {
                        Ok(p) => view! {
                            <ResellerTable page=p.clone() query=q.clone() />
                            <Pagination page=p query=q />
                        }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="table-skeleton" aria-hidden="true">
            {(0..8).map(|_| view! { <div class="skeleton line"></div> }).collect_view()}
        </div>
    }
}

/// The list's filters and sort for the CSV export (the page number is left out: the
/// export holds every matching reseller).
fn export_query(query: &ResellerQuery) -> String {
    match query.with_page(1).query_string() {
        q if q.is_empty() => String::new(),
        q => format!("?{q}"),
    }
}
