-- A partner's e-mail is unique within its agency, not across the platform: another
-- agency must not learn, from a refused create, that an address is one of ours. (The
-- partner signs in at its own login domain, which still names exactly one reseller.)
ALTER TABLE resellers DROP CONSTRAINT resellers_email_key;
ALTER TABLE resellers ADD CONSTRAINT resellers_agency_email_key UNIQUE (agency_id, email);
