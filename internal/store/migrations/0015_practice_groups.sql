-- A good practice names the associations' commissions, working groups and
-- networks it belongs to, instead of a commission's name typed as free
-- text. A group that is removed drops out of the practices that named it.
CREATE TABLE practice_groups (
	practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	group_id    BIGINT NOT NULL REFERENCES assoc_groups (id) ON DELETE CASCADE,
	PRIMARY KEY (practice_id, group_id)
);
-- The library's filter ?group= reads a group's practices.
CREATE INDEX practice_groups_group ON practice_groups (group_id, practice_id);

-- The free commission names become topic tags: nothing typed is lost and
-- the library's topic filter still finds them; the practice's staff then
-- choose the real group. A practice that already has the tag keeps one.
INSERT INTO practice_tags (practice_id, tag, tag_key)
	SELECT p.id, p.commission, p.commission_key FROM practices p
	WHERE p.commission_key <> '' AND NOT EXISTS (
		SELECT 1 FROM practice_tags t WHERE t.practice_id = p.id AND t.tag_key = p.commission_key);
ALTER TABLE practices DROP COLUMN commission_key;
ALTER TABLE practices DROP COLUMN commission;
