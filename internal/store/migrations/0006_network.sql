-- Associations of cities (network): each association's profile, the
-- memberships of organizations in it with every step of their workflow,
-- the yearly fee invoices, the commissions, working groups and networks
-- inside it with their meetings, and the benefits members may use within
-- a yearly quota.

-- One profile per organization of kind association.
CREATE TABLE assoc_profiles (
	org_id           BIGINT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
	mission_fa       TEXT NOT NULL DEFAULT '',
	mission_en       TEXT NOT NULL DEFAULT '',
	founded_year     INTEGER NOT NULL DEFAULT 0,   -- 0: unknown
	secretariat_fa   TEXT NOT NULL DEFAULT '',
	secretariat_en   TEXT NOT NULL DEFAULT '',
	city_fa          TEXT NOT NULL DEFAULT '',     -- the secretariat's city
	city_en          TEXT NOT NULL DEFAULT '',
	min_population   BIGINT NOT NULL DEFAULT 0,    -- 0: no threshold
	criteria_fa      TEXT NOT NULL DEFAULT '',
	criteria_en      TEXT NOT NULL DEFAULT '',
	fee_amount       BIGINT NOT NULL DEFAULT 0,    -- minor units of fee_currency
	fee_currency     TEXT NOT NULL DEFAULT 'IRR' CHECK (fee_currency IN ('IRR', 'EUR', 'USD')),
	grace_days       INTEGER NOT NULL DEFAULT 0 CHECK (grace_days >= 0),
	benefits_fa      TEXT NOT NULL DEFAULT '',     -- one benefit a line
	benefits_en      TEXT NOT NULL DEFAULT '',
	updated_at       BIGINT NOT NULL
);

-- An organization's membership of an association, from its draft
-- application to its end. At most one membership per pair is open (not
-- refused or lapsed): the service checks it.
CREATE TABLE memberships (
	id               {{.ID}},
	association_id   BIGINT NOT NULL REFERENCES organizations (id),
	member_id        BIGINT NOT NULL REFERENCES organizations (id),
	status           TEXT NOT NULL CHECK (status IN ('draft', 'council_approved', 'submitted', 'accepted', 'refused', 'active', 'lapsed')),
	justification    TEXT NOT NULL,
	resolution_no    TEXT NOT NULL DEFAULT '',     -- the council's resolution
	resolution_date  TEXT NOT NULL DEFAULT '',     -- Jalali, 1401/05/12
	council_session  TEXT NOT NULL DEFAULT '',
	urgency          TEXT NOT NULL DEFAULT '' CHECK (urgency IN ('', 'ordinary', 'single', 'double')),
	letter_ref       TEXT NOT NULL DEFAULT '',     -- the letter to the secretariat
	override_reason  TEXT NOT NULL DEFAULT '',     -- why the secretariat waived the criteria
	refusal_reason   TEXT NOT NULL DEFAULT '',
	since            BIGINT,                       -- a member from this day
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL
);
CREATE INDEX memberships_association ON memberships (association_id, status);
CREATE INDEX memberships_member ON memberships (member_id);

-- Every transition of a membership: who, when, from and to which status.
CREATE TABLE membership_history (
	id            {{.ID}},
	membership_id BIGINT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
	from_status   TEXT NOT NULL,                   -- '' at creation
	to_status     TEXT NOT NULL,                   -- equal to from_status for a step that keeps it
	action        TEXT NOT NULL,                   -- apply, council, submit, override, accept, refuse, activate, invoice, renew, lapse
	actor_id      BIGINT REFERENCES users (id),    -- NULL: the system (a lapse)
	at            BIGINT NOT NULL,
	note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX membership_history_membership ON membership_history (membership_id, id);

-- The justification report and other files of an application.
CREATE TABLE membership_files (
	id            {{.ID}},
	membership_id BIGINT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
	name          TEXT NOT NULL,
	content_type  TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
	size          BIGINT NOT NULL,
	sha256        TEXT NOT NULL,
	data          {{.Blob}} NOT NULL,
	uploaded_by   BIGINT REFERENCES users (id),
	at            BIGINT NOT NULL
);
CREATE INDEX membership_files_membership ON membership_files (membership_id, id);

-- Yearly fee invoices of a membership and their payment.
CREATE TABLE membership_invoices (
	id            {{.ID}},
	membership_id BIGINT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
	year          INTEGER NOT NULL,
	amount        BIGINT NOT NULL CHECK (amount > 0),
	currency      TEXT NOT NULL,
	issued_at     BIGINT NOT NULL,
	due_at        BIGINT NOT NULL,
	paid_at       BIGINT,
	payment_ref   TEXT NOT NULL DEFAULT '',
	UNIQUE (membership_id, year)
);

-- Commissions, working groups and networks inside an association.
CREATE TABLE assoc_groups (
	id             {{.ID}},
	association_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	kind           TEXT NOT NULL CHECK (kind IN ('commission', 'working_group', 'network')),
	name_fa        TEXT NOT NULL,
	name_en        TEXT NOT NULL DEFAULT '',
	created_at     BIGINT NOT NULL,
	UNIQUE (association_id, name_fa)
);

CREATE TABLE assoc_group_members (
	group_id   BIGINT NOT NULL REFERENCES assoc_groups (id) ON DELETE CASCADE,
	member_id  BIGINT NOT NULL REFERENCES organizations (id),
	joined_at  BIGINT NOT NULL,
	PRIMARY KEY (group_id, member_id)
);

CREATE TABLE assoc_meetings (
	id        {{.ID}},
	group_id  BIGINT NOT NULL REFERENCES assoc_groups (id) ON DELETE CASCADE,
	held_on   BIGINT NOT NULL,
	agenda    TEXT NOT NULL,                      -- one item a line
	minutes   TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users (id),
	at        BIGINT NOT NULL
);
CREATE INDEX assoc_meetings_group ON assoc_meetings (group_id, held_on);

-- Benefits with a yearly quota of seats per member, and the seats given
-- to members' staff.
CREATE TABLE assoc_benefits (
	id             {{.ID}},
	association_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	name_fa        TEXT NOT NULL,
	name_en        TEXT NOT NULL DEFAULT '',
	seats_per_year INTEGER NOT NULL CHECK (seats_per_year > 0),
	UNIQUE (association_id, name_fa)
);

CREATE TABLE benefit_allocations (
	id            {{.ID}},
	benefit_id    BIGINT NOT NULL REFERENCES assoc_benefits (id) ON DELETE CASCADE,
	membership_id BIGINT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
	year          INTEGER NOT NULL,               -- Jalali year of the quota
	person        TEXT NOT NULL,
	event         TEXT NOT NULL,
	usage_report  TEXT NOT NULL DEFAULT '',
	allocated_by  BIGINT REFERENCES users (id),
	at            BIGINT NOT NULL
);
CREATE INDEX benefit_allocations_quota ON benefit_allocations (benefit_id, membership_id, year);
