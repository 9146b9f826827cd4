//! Partners → Commissions: the ledger of the agency's commission resellers, approvals,
//! reversals, payouts and the refund window.

use crate::domain::Ledger;
use crate::error::AppError;
use leptos::prelude::*;

/// The ledger narrowed to a reseller (0: all), a month ("2026-12"; empty: all) and a
/// state ("approved"; empty: all), as in the page's URL.
#[server(endpoint = "commissions/ledger")]
pub async fn load_ledger(reseller: i64, month: String, status: String) -> Result<Ledger, AppError> {
    use crate::ssr::{agency_scope, ledger};
    let scope = agency_scope(crate::domain::Permission::View).await?;
    let query = crate::domain::LedgerQuery::from_params(|k| match k {
        "reseller" => Some(reseller.to_string()),
        "month" => Some(month.clone()),
        "status" => Some(status.clone()),
        _ => None,
    });
    ledger::ledger(scope.db(), scope.agency_id, &query).await
}

/// Approves a pending commission before its refund window ends.
#[server(endpoint = "commissions/approve")]
pub async fn approve_commission(id: i64) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, ledger};
    let scope = agency_scope(crate::domain::Permission::ManageCommissions).await?;
    ledger::move_to(&scope, id, crate::domain::SaleStatus::Approved).await
}

/// Reverses a pending or approved commission (the customer was refunded).
#[server(endpoint = "commissions/reverse")]
pub async fn reverse_commission(id: i64) -> Result<(), AppError> {
    use crate::ssr::{agency_scope, ledger};
    let scope = agency_scope(crate::domain::Permission::ManageCommissions).await?;
    ledger::move_to(&scope, id, crate::domain::SaleStatus::Reversed).await
}

/// Records a payout of a reseller's approved commissions in `currency`: `sale_ids`
/// ("1,2,3"; empty for all approved ones), which must add up to `amount_minor`.
#[server(endpoint = "commissions/payout")]
pub async fn record_payout(
    reseller: i64,
    currency: String,
    sale_ids: String,
    amount_minor: i64,
    paid_on: String,
    reference: String,
) -> Result<i64, AppError> {
    use crate::domain::NewPayout;
    use crate::ssr::{agency_scope, ledger};
    let scope = agency_scope(crate::domain::Permission::ManageCommissions).await?;
    let mut ids = Vec::new();
    for part in sale_ids.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        ids.push(part.parse::<i64>().map_err(|_| AppError::BadRequest("sale_ids: ids separated by commas".into()))?);
    }
    let today = time::OffsetDateTime::from_unix_timestamp(crate::ssr::now())
        .map(|t| t.date())
        .map_err(|_| AppError::Internal)?;
    let payout = NewPayout::parse(&paid_on, &reference, today).map_err(AppError::Validation)?;
    ledger::record_payout(&scope, reseller, currency.trim(), &ids, amount_minor, &payout).await
}

/// Changes the agency's refund window (days before a commission is approved on its own).
#[server(endpoint = "commissions/refund_window")]
pub async fn set_refund_window(days: String) -> Result<i64, AppError> {
    use crate::ssr::{agency_scope, ledger};
    let scope = agency_scope(crate::domain::Permission::AgencySettings).await?;
    let days = crate::domain::parse_refund_window(&days).map_err(|e| AppError::Validation(vec![e]))?;
    ledger::set_refund_window(&scope, days).await?;
    Ok(days)
}
