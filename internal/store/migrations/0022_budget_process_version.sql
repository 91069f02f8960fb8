-- A process's version: a counter the database moves on in the
-- transaction of every write to the process, its phases, its headings
-- (but for their ballot counter and chain head, which every ballot moves)
-- and what of its proposals a ballot is checked against (their heading,
-- costs and status). A server keeps what a heading's ballots are checked
-- against in memory at one version (internal/budgeting/ballot_context.go)
-- and every ballot batch reads the versions back in its own transaction:
-- a change made through any server sharing the database is seen by the
-- next ballot of every one. Triggers, not the code, move it, so that no
-- writer (the settings page, review, moderation, the demo loader, a
-- manual fix) can forget to. A column a ballot depends on, added to these
-- tables later, must be added to the triggers' column lists below.
ALTER TABLE budget_processes ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
{{if .SQLite -}}
CREATE TRIGGER budget_processes_version AFTER UPDATE ON budget_processes WHEN NEW.version = OLD.version
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER budget_phases_version_insert AFTER INSERT ON budget_phases
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = NEW.process_id; END;
CREATE TRIGGER budget_phases_version_update AFTER UPDATE ON budget_phases
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER budget_phases_version_delete AFTER DELETE ON budget_phases
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = OLD.process_id; END;
CREATE TRIGGER budget_headings_version_insert AFTER INSERT ON budget_headings
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = NEW.process_id; END;
CREATE TRIGGER budget_headings_version_update AFTER UPDATE OF process_id, area_id, name_fa, name_en, budget, position ON budget_headings
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER budget_headings_version_delete AFTER DELETE ON budget_headings
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = OLD.process_id; END;
CREATE TRIGGER budget_proposals_version_insert AFTER INSERT ON budget_proposals
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = NEW.process_id; END;
CREATE TRIGGER budget_proposals_version_update AFTER UPDATE OF process_id, heading_id, estimated_cost, final_cost, status ON budget_proposals
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id IN (OLD.process_id, NEW.process_id); END;
CREATE TRIGGER budget_proposals_version_delete AFTER DELETE ON budget_proposals
BEGIN UPDATE budget_processes SET version = version + 1 WHERE id = OLD.process_id; END;
{{- else -}}
CREATE FUNCTION budget_process_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.version = OLD.version THEN
		NEW.version := OLD.version + 1;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER budget_processes_version BEFORE UPDATE ON budget_processes
	FOR EACH ROW EXECUTE FUNCTION budget_process_version();
-- OLD is NULL on INSERT and NEW on DELETE; IN skips the NULL.
CREATE FUNCTION budget_part_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE budget_processes SET version = version + 1 WHERE id IN (OLD.process_id, NEW.process_id);
	RETURN NULL;
END
$$;
CREATE TRIGGER budget_phases_version AFTER INSERT OR UPDATE OR DELETE ON budget_phases
	FOR EACH ROW EXECUTE FUNCTION budget_part_version();
CREATE TRIGGER budget_headings_version AFTER INSERT OR DELETE OR UPDATE OF process_id, area_id, name_fa, name_en, budget, position
	ON budget_headings FOR EACH ROW EXECUTE FUNCTION budget_part_version();
CREATE TRIGGER budget_proposals_version AFTER INSERT OR DELETE OR UPDATE OF process_id, heading_id, estimated_cost, final_cost, status
	ON budget_proposals FOR EACH ROW EXECUTE FUNCTION budget_part_version();
{{- end}}
