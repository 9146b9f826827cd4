//! Domain rules shared by the browser and the server. No I/O lives here:
//! every type parses its input once and can then be trusted.

mod account;
mod activity;
mod api_key;
mod commission;
mod country;
mod customer;
mod email;
mod field_error;
pub mod format;
mod ledger;
mod listing;
mod login_domain;
mod new_reseller;
mod next_path;
mod partner_type;
mod password;
pub mod phone;
mod plan;
mod reseller;
mod reseller_field;
mod reseller_name;
mod reseller_team;
mod role;
mod status;
mod stored;
pub mod text;
mod url_params;
mod usage;
mod website;

pub use account::{
    parse_member_name, AccountOverview, CreatedInvitation, InvitationInfo, PendingInvitation, SessionInfo,
    TwoFactorSetup, INVITATION_DAYS, MEMBER_NAME_MAX_CHARS,
};
pub use activity::{ActivityEntry, ActivityKind, ActivityPage, ActivityQuery, ActivityRequest, ACTIVITY_PAGE_SIZE};
pub use api_key::{parse_api_key_name, ApiKeyRow, CreatedApiKey, API_KEY_NAME_MAX_CHARS};
pub use commission::parse_commission_rate;
pub use country::CountryOption;
pub use customer::{
    customer_search, customer_usage_line, CustomerPage, CustomerRow, CustomerStatus, NewCustomer,
    CUSTOMER_NAME_MAX_CHARS, CUSTOMER_PAGE_SIZE,
};
pub use email::Email;
pub use field_error::FieldError;
pub use format::{
    format_count, format_date, format_date_as, format_date_time, format_date_time_as, format_exact, format_money,
    DateStyle,
};
pub use ledger::{
    add_months, commission_of, cycle_end, month_bounds, month_key, month_label, parse_refund_window, plain_amount,
    CommissionTotals, Ledger, LedgerQuery, NewPayout, PayoutRow, SaleRow, SaleStatus, LEDGER_PAGE_LIMIT,
    PAYOUT_REFERENCE_MAX_CHARS, REFUND_WINDOW_MAX_DAYS, STATEMENT_HEADER,
};
pub use listing::{
    PageCursor, ResellerPage, ResellerQuery, SortColumn, SortDir, Towards, FILTER_COUNT_CAP, PAGE_SIZE,
    SEARCH_COUNT_CAP, SEARCH_MAX_CHARS,
};
pub use login_domain::{login_url, LoginDomain, RESERVED_LOGIN_DOMAINS};
pub use new_reseller::{NewReseller, ResellerInput};
pub use next_path::safe_next;
pub use partner_type::PartnerType;
pub use password::{NewPassword, PasswordRating};
pub use phone::Phone;
pub use plan::{
    BillingCycle, Currency, NewPlan, PlanInput, PlanRow, PlanStatus, PlanSummary, PLAN_DESCRIPTION_MAX_CHARS,
    PLAN_NAME_MAX_CHARS,
};
pub use reseller::{Overview, ResellerDetails, ResellerRow};
pub use reseller_field::{ResellerField, REVIEW_STEP};
pub use reseller_name::ResellerName;
pub use reseller_team::{MemberRole, NewResellerMember, ResellerMember, RESELLER_MEMBER_NAME_MAX_CHARS};
pub use role::{Permission, Role, TeamMember};
pub use status::ResellerStatus;
pub use stored::StoredWord;
pub use usage::{
    check_event, percent_used, CheckedEvent, Month, MonthUsage, ResellerUsage, UsageKind, BATCH_MAX_EVENTS,
};
pub use website::parse_website;
