-- The agency's team: every admin is a member with a name, a role and an on/off switch.
-- Admins made before this step were their agency's only admin: they become its owners.
ALTER TABLE admins ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE admins ADD COLUMN role TEXT NOT NULL DEFAULT 'owner'
    CHECK (role IN ('owner', 'admin', 'support', 'viewer'));
-- Set when an owner or admin disables the member: no sign-in, no session.
ALTER TABLE admins ADD COLUMN disabled_at BIGINT;
ALTER TABLE admins ADD COLUMN last_sign_in_at BIGINT;
