//! A team member's own account as its pages show it, and invitations to join the team.

use super::{FieldError, Role};
use serde::{Deserialize, Serialize};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// Longest member name.
pub const MEMBER_NAME_MAX_CHARS: usize = 100;

/// A member's name as typed: one line, 1–100 characters.
pub fn parse_member_name(input: &str) -> Result<String, FieldError> {
    let name = super::text::single_line("name", input, MEMBER_NAME_MAX_CHARS)?;
    if name.is_empty() {
        return Err(FieldError::new("name", "Enter your name"));
    }
    Ok(name.to_owned())
}

/// An invitation not yet accepted, revoked or expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub expires_at: i64,
}

/// A new invitation: its link's path (`/join/<token>`) is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvitation {
    pub invitation: PendingInvitation,
    pub path: String,
}

/// What the invitee sees before joining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub agency_name: String,
    pub email: String,
    pub role: Role,
}

/// One of the member's sessions (a browser where they are signed in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Names the session to sign it out; not a credential.
    pub id: String,
    /// The browser and system, read from its User-Agent ("Chrome on Linux").
    pub device: String,
    pub address: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// The session of the browser looking at the list.
    pub current: bool,
}

/// The member's account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub agency_name: String,
    pub two_factor: bool,
    pub recovery_codes_left: i64,
    /// The agency requires two-factor sign-in of every member.
    pub two_factor_required: bool,
    pub sessions: Vec<SessionInfo>,
}

/// What a member needs to add the account to an authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// The secret in base32, for apps that cannot scan.
    pub secret: String,
    /// The QR code of the otpauth link, an SVG document drawn on the server.
    pub qr_svg: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_one_line_and_not_empty() {
        assert_eq!(parse_member_name("  Ana Lima ").unwrap(), "Ana Lima");
        assert_eq!(parse_member_name("   ").unwrap_err().field, "name");
        assert!(parse_member_name("a\u{0}b").is_err());
        assert!(parse_member_name(&"x".repeat(101)).is_err());
    }
}
