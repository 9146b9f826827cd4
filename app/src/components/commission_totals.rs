//! One reseller's commissions per currency and state: the same table on the agency's
//! details page and in the reseller's Earnings.

use crate::domain::CommissionTotals;
use leptos::prelude::*;

#[component]
pub fn CommissionTotalsTable(totals: Vec<CommissionTotals>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" aria-label="Commission totals">
                <thead><tr>
                    <th scope="col">"Currency"</th><th scope="col">"Sales"</th><th scope="col">"Pending"</th>
                    <th scope="col">"Approved"</th><th scope="col">"Paid"</th><th scope="col">"Reversed"</th>
                </tr></thead>
                <tbody>{totals.into_iter().map(|t| view! {
                    <tr>
                        <th scope="row">{t.currency.clone()}</th>
                        <td>{t.money(t.sales_minor)}</td>
                        <td>{t.money(t.pending_minor)}</td>
                        <td>{t.money(t.approved_minor)}</td>
                        <td>{t.money(t.paid_minor)}</td>
                        <td>{t.money(t.reversed_minor)}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}
