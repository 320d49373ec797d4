-- The write path at speed (issue 10).

-- change_log.record_id references records (id). Without an index on it,
-- SQLite scanned the whole change log for every new records row (the
-- deferred foreign-key check looks for the children of a new parent), so
-- creates slowed down as the log grew. The index also finds a record's
-- changes, newest last, for "who set this field".
CREATE INDEX change_log_by_record ON change_log (record_id);

-- Each change keeps its field changes itself, as one JSON array of
-- [field, old, new], instead of one field_audit row (and one index entry)
-- per field. field_audit was WITHOUT ROWID, where a value over ~1 KB spills
-- to an overflow page of its own: a 1.3 KB mutation took ~7.7 KB on disk.
DROP TRIGGER change_log_no_update;
ALTER TABLE change_log ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';
UPDATE change_log
   SET changes = (SELECT json_group_array(json_array(f.field, json(f.old), json(f.new)))
                    FROM field_audit f
                   WHERE f.change_seq = change_log.seq)
 WHERE EXISTS (SELECT 1 FROM field_audit f WHERE f.change_seq = change_log.seq);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only');
END;

DROP TRIGGER field_audit_no_update;
DROP TRIGGER field_audit_no_delete;
DROP INDEX field_audit_by_record;
DROP TABLE field_audit;
