-- Who may register for an event: everyone acting for an organization
-- (the default, as before), or, for an event an association organizes,
-- only the organizations holding an active membership of it.
ALTER TABLE events ADD COLUMN members_only BOOLEAN NOT NULL DEFAULT FALSE;
