//! The agency team's roles and what each may do: one table, read by the server (which
//! refuses, in `agency_scope`) and by the pages (which hide what a role cannot do).

use super::StoredWord;
use serde::{Deserialize, Serialize};

/// A member's role in the agency's team, from most to least trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Everything, the team and its owners included.
    Owner,
    /// Resellers, plans, activity, API keys, and the team's members who are not owners.
    Admin,
    /// Sees resellers, plans and activity; switches a reseller's access and edits its
    /// contact details.
    Support,
    /// Reads only.
    Viewer,
}

impl StoredWord for Role {
    const ALL: &'static [Self] = &[Self::Owner, Self::Admin, Self::Support, Self::Viewer];

    fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Support => "support",
            Self::Viewer => "viewer",
        }
    }
}

impl Role {
    /// The role stored as `word`; a word this build does not know (written by a newer one)
    /// reads as the least trusted role.
    pub fn from_stored(word: &str) -> Self {
        Self::from_word(word).unwrap_or(Role::Viewer)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::Admin => "Admin",
            Self::Support => "Support",
            Self::Viewer => "Viewer",
        }
    }

    /// What the role is for, in a sentence (shown beside the role picker).
    pub fn summary(self) -> &'static str {
        match self {
            Self::Owner => "Everything, including the team and its owners.",
            Self::Admin => "Resellers, plans, activity and API keys; team members who are not owners.",
            Self::Support => "Sees everything; switches resellers on or off and edits their contact details.",
            Self::Viewer => "Reads only.",
        }
    }

    /// Whether this role may do `action`. The one table of the permissions.
    pub fn can(self, action: Permission) -> bool {
        use Permission::*;
        match action {
            View => true,
            SwitchResellerAccess | EditResellerContact => self <= Role::Support,
            CreateResellers | EditResellers | DeleteResellers | ExportResellers | ManagePlans | ManageApiKeys
            | ManageTeam | ManageCommissions => self <= Role::Admin,
            ManageOwners | AgencySettings => self == Role::Owner,
        }
    }

    /// Whether this role may give `other` (a member's role, before or after a change):
    /// owners are the owners' business.
    pub fn can_manage_member(self, other: Role) -> bool {
        self.can(Permission::ManageTeam) && (other != Role::Owner || self.can(Permission::ManageOwners))
    }
}

/// An action a member may or may not take. Every agency server function names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read resellers, plans, activity, usage.
    View,
    /// Switch a reseller's access on or off.
    SwitchResellerAccess,
    /// Change a reseller's e-mail, phone, website and contact person.
    EditResellerContact,
    /// Change any of a reseller's details (plan, type, login domain, password…).
    EditResellers,
    CreateResellers,
    DeleteResellers,
    /// Download the resellers as CSV.
    ExportResellers,
    /// Create, edit, archive and delete plans.
    ManagePlans,
    ManageApiKeys,
    /// Approve or reverse commissions and record payouts.
    ManageCommissions,
    /// See the team; change, disable and remove its members who are not owners.
    ManageTeam,
    /// Make, change, disable or remove owners.
    ManageOwners,
    /// Rules for the whole agency, such as requiring two-factor sign-in.
    AgencySettings,
}

impl Permission {
    pub const ALL: &'static [Self] = &[
        Self::View,
        Self::SwitchResellerAccess,
        Self::EditResellerContact,
        Self::EditResellers,
        Self::CreateResellers,
        Self::DeleteResellers,
        Self::ExportResellers,
        Self::ManagePlans,
        Self::ManageApiKeys,
        Self::ManageCommissions,
        Self::ManageTeam,
        Self::ManageOwners,
        Self::AgencySettings,
    ];
}

/// One member of the agency's team, as the Team page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// Unix seconds; `None` before the first sign-in.
    pub last_sign_in_at: Option<i64>,
    /// Whether the member signs in with a second factor (TOTP).
    pub two_factor: bool,
    /// The member looking at the list.
    pub is_you: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_can_do_at_least_what_the_next_can() {
        for pair in Role::ALL.windows(2) {
            let (higher, lower) = (pair[0], pair[1]);
            for &action in Permission::ALL {
                assert!(!lower.can(action) || higher.can(action), "{lower:?} may {action:?} but {higher:?} may not");
            }
        }
    }

    #[test]
    fn the_issue_s_matrix() {
        use Permission::*;
        let allowed = |role: Role| Permission::ALL.iter().copied().filter(|&a| role.can(a)).collect::<Vec<_>>();
        assert_eq!(allowed(Role::Owner), Permission::ALL.to_vec());
        assert_eq!(allowed(Role::Viewer), vec![View]);
        assert_eq!(allowed(Role::Support), vec![View, SwitchResellerAccess, EditResellerContact]);
        assert!(!Role::Admin.can(ManageOwners));
        assert!(Role::Admin.can(ManageApiKeys) && Role::Admin.can(ManagePlans) && Role::Admin.can(ExportResellers));
    }

    #[test]
    fn admins_manage_members_but_not_owners() {
        assert!(Role::Owner.can_manage_member(Role::Owner));
        assert!(Role::Admin.can_manage_member(Role::Support));
        assert!(Role::Admin.can_manage_member(Role::Admin));
        assert!(!Role::Admin.can_manage_member(Role::Owner));
        assert!(!Role::Support.can_manage_member(Role::Viewer));
        assert!(!Role::Viewer.can_manage_member(Role::Viewer));
    }

    #[test]
    fn roles_are_stored_as_words() {
        for &role in Role::ALL {
            assert_eq!(Role::from_word(role.as_str()), Some(role));
        }
        assert_eq!(Role::from_word("root"), None);
        assert_eq!(Role::from_stored("root"), Role::Viewer, "an unknown role is given the least");
    }
}
