-- Frozen copy: the Feature text function and triggers as migration 0003_eventfeature installed them.
-- Never edit: that migration loads this file. The current definition is ../event_feature.sql.

CREATE OR REPLACE FUNCTION events_feature_refresh(ids bigint[], lock boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM events_actor a WHERE a.id IN (
      SELECT e.actor1_id FROM events_event e WHERE e.id IN (SELECT unnest(ids))
      UNION SELECT e.actor2_id FROM events_event e WHERE e.id IN (SELECT unnest(ids)))
    ORDER BY a.id FOR KEY SHARE OF a;
  PERFORM 1 FROM events_place p WHERE p.id IN (
      SELECT e.place_id FROM events_event e WHERE e.id IN (SELECT unnest(ids)))
    ORDER BY p.id FOR KEY SHARE OF p;
  PERFORM 1 FROM events_source s WHERE s.id IN (
      SELECT es.source_id FROM events_event_sources es WHERE es.event_id IN (SELECT unnest(ids)))
    ORDER BY s.id FOR KEY SHARE OF s;
  IF lock THEN
    PERFORM 1 FROM events_eventfeature f WHERE f.event_id IN (SELECT unnest(ids))
      ORDER BY f.event_id FOR UPDATE OF f;
  END IF;
  WITH todo AS (SELECT DISTINCT id FROM unnest(ids) AS t(id)),
  links AS (SELECT es.event_id, es.source_id FROM events_event_sources es JOIN todo ON todo.id = es.event_id),
  source_json AS (  -- each source's JSON once, however many of the events cite it
    SELECT s.id, json_build_object('url', s.url, 'title', s.title, 'published', s.published)::text AS json
    FROM events_source s WHERE s.id IN (SELECT source_id FROM links)
  ),
  src AS (
    SELECT links.event_id, '[' || string_agg(source_json.json, ', ' ORDER BY links.source_id) || ']' AS sources
    FROM links JOIN source_json ON source_json.id = links.source_id
    GROUP BY links.event_id
  )
  INSERT INTO events_eventfeature AS f (event_id, date, feature)
  SELECT e.id, e.date,
    '{"type": "Feature", "id": ' || e.id
    || ', "geometry": ' || ST_AsGeoJSON(e.location, 6)
    || ', "properties": {"date": "' || to_char(e.date, 'YYYY-MM-DD')
    || '", "date_precision": ' || to_json(e.date_precision)
    || ', "event_type": ' || to_json(e.event_type)
    || ', "sub_event_type": ' || to_json(e.sub_event_type)
    || ', "actor1": ' || COALESCE(to_json(a1.name)::text, 'null')
    || ', "actor2": ' || COALESCE(to_json(a2.name)::text, 'null')
    || ', "place": ' || COALESCE(to_json(p.name)::text, 'null')
    || ', "geonames_id": ' || COALESCE(p.geonames_id::text, 'null')
    || ', "geo_precision": ' || e.geo_precision
    || ', "country": ' || to_json(e.country)
    || ', "admin1": ' || to_json(e.admin1)
    || ', "fatalities": ' || COALESCE(e.fatalities::text, 'null')
    || ', "summary": ' || to_json(e.summary)
    || ', "confidence": ' || round(e.confidence::numeric, 3)
    || ', "status": ' || to_json(e.status)
    || ', "sources": ' || COALESCE(src.sources, '[]')
    || '}}'
  FROM todo
  JOIN events_event e ON e.id = todo.id
  LEFT JOIN events_actor a1 ON a1.id = e.actor1_id
  LEFT JOIN events_actor a2 ON a2.id = e.actor2_id
  LEFT JOIN events_place p ON p.id = e.place_id
  LEFT JOIN src ON src.event_id = e.id
  ORDER BY e.date, e.id
  ON CONFLICT (event_id) DO UPDATE SET date = excluded.date, feature = excluded.feature;
END
$$;

CREATE OR REPLACE FUNCTION events_feature_on_event() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM events_eventfeature f USING old_rows o WHERE f.event_id = o.id;
  ELSIF TG_OP = 'TRUNCATE' THEN  -- DELETE: a TRUNCATE of both tables at once (Django's flush) is still running
    DELETE FROM events_eventfeature;
  ELSIF TG_OP = 'INSERT' THEN  -- new events have no feature rows another transaction could write
    PERFORM events_feature_refresh(ARRAY(SELECT id FROM new_rows), lock => false);
  ELSE
    PERFORM events_feature_refresh(ARRAY(SELECT id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER events_feature_event_insert AFTER INSERT ON events_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_event();
CREATE TRIGGER events_feature_event_update AFTER UPDATE ON events_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_event();
CREATE TRIGGER events_feature_event_delete AFTER DELETE ON events_event
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_event();
CREATE TRIGGER events_feature_event_truncate AFTER TRUNCATE ON events_event
  FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_event();

CREATE OR REPLACE FUNCTION events_feature_on_link() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM events_feature_refresh(ARRAY(SELECT DISTINCT event_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM events_feature_refresh(ARRAY(SELECT DISTINCT event_id FROM old_rows));
  ELSE
    PERFORM events_feature_refresh(ARRAY(SELECT event_id FROM new_rows UNION SELECT event_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER events_feature_link_insert AFTER INSERT ON events_event_sources
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_link();
CREATE TRIGGER events_feature_link_update AFTER UPDATE ON events_event_sources
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_link();
CREATE TRIGGER events_feature_link_delete AFTER DELETE ON events_event_sources
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_feature_on_link();

CREATE OR REPLACE FUNCTION events_feature_on_rename() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  -- FOR UPDATE on the renamed row: waits for writers of events naming it (see events_feature_refresh)
  IF TG_TABLE_NAME = 'events_actor' THEN
    PERFORM 1 FROM events_actor WHERE id = NEW.id FOR UPDATE;
    PERFORM events_feature_refresh(ARRAY(
      SELECT id FROM events_event WHERE actor1_id = NEW.id UNION SELECT id FROM events_event WHERE actor2_id = NEW.id));
  ELSIF TG_TABLE_NAME = 'events_place' THEN
    PERFORM 1 FROM events_place WHERE id = NEW.id FOR UPDATE;
    PERFORM events_feature_refresh(ARRAY(SELECT id FROM events_event WHERE place_id = NEW.id));
  ELSE
    PERFORM 1 FROM events_source WHERE id = NEW.id FOR UPDATE;
    PERFORM events_feature_refresh(ARRAY(SELECT event_id FROM events_event_sources WHERE source_id = NEW.id));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER events_feature_actor_rename AFTER UPDATE OF name ON events_actor
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION events_feature_on_rename();
CREATE TRIGGER events_feature_place_rename AFTER UPDATE OF name, geonames_id ON events_place
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.geonames_id IS DISTINCT FROM NEW.geonames_id)
  EXECUTE FUNCTION events_feature_on_rename();
CREATE TRIGGER events_feature_source_rename AFTER UPDATE OF url, title, published ON events_source
  FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url OR OLD.title IS DISTINCT FROM NEW.title
                     OR OLD.published IS DISTINCT FROM NEW.published)
  EXECUTE FUNCTION events_feature_on_rename();
