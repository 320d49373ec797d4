-- Who last set each field, kept with the record (issue 18): a conflict
-- names the author of the server's value, which was found by scanning the
-- record's whole change log (a json_each over every change) once per
-- conflicting field — seconds for a record with a long history.
-- authors: JSON object, field -> [user id, Unix milliseconds].
ALTER TABLE records ADD COLUMN authors TEXT NOT NULL DEFAULT '{}';

-- From the log as it stands: per record and field, the newest change that
-- names the field (SQLite takes the bare columns from the max(seq) row).
CREATE TEMP TABLE latest_authors AS
    SELECT c.record_id AS record_id, j.value ->> 0 AS field, c.user_id AS user_id, c.at AS at,
           max(c.seq) AS seq
      FROM change_log c, json_each(c.changes) j
     GROUP BY c.record_id, j.value ->> 0;
UPDATE records
   SET authors = (SELECT json_group_object(a.field, json_array(a.user_id, a.at))
                    FROM latest_authors a
                   WHERE a.record_id = records.id)
 WHERE id IN (SELECT record_id FROM latest_authors);
DROP TABLE latest_authors;
