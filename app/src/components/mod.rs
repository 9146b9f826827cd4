//! Reusable pieces of the console.

pub mod access;
pub mod activity_list;
pub mod commission_totals;
pub mod confirm_action;
pub mod debounce;
pub mod delete_dialog;
pub mod empty_state;
pub mod error_alert;
pub mod feedback;
pub mod figures;
pub mod filters;
pub mod form_field;
pub mod icons;
pub mod layout;
pub mod overview_cards;
pub mod pagination;
pub mod plan_info;
pub mod reseller_table;
pub mod search_bar;
pub mod shortcuts;
pub mod shown_once;
pub mod sign_in_card;
pub mod status_switch;
pub mod theme_switch;
pub mod truncated;
pub mod usage;
