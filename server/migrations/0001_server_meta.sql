-- Facts about this installation. `instance_id` is made once, when the database
-- is created: clients compare it to the one their replica was filled from, so a
-- replaced or restored database is never silently mixed with an old replica.
CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

INSERT INTO server_meta (key, value) VALUES
    ('instance_id', lower(hex(randomblob(16)))),
    ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
