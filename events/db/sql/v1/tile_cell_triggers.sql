-- Frozen copy: the TileCell triggers as migration 0004_tilecell created them. Never edit: the current
-- definition is ../tile_cell.sql.

CREATE TRIGGER events_tilecell_event_insert AFTER INSERT ON events_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_tilecell_on_event();
CREATE TRIGGER events_tilecell_event_update AFTER UPDATE ON events_event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION events_tilecell_on_event();
CREATE TRIGGER events_tilecell_event_delete AFTER DELETE ON events_event
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_tilecell_on_event();
CREATE TRIGGER events_tilecell_event_truncate AFTER TRUNCATE ON events_event
  FOR EACH STATEMENT EXECUTE FUNCTION events_tilecell_on_event();

CREATE CONSTRAINT TRIGGER events_tilecell_merge AFTER INSERT ON events_tilecellchange
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.zoom < 0) EXECUTE FUNCTION events_tilecell_merge();
