-- The person whose value lost a conflict is told (issue 19): when someone
-- settles a conflict with their own value, the user who had set the value
-- it replaces (or whose edit a delete overrides, or whose delete a restore
-- undoes) gets a notice, kept until they say they saw it. At most
-- MAX_KEPT_NOTICES per user are kept (the oldest leave first).
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),  -- who is told
    record_id  TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    what       TEXT    NOT NULL CHECK (what IN ('replaced', 'deleted', 'restored')),
    field      TEXT,             -- replaced: the field
    yours      TEXT,             -- replaced: the user's value (JSON)
    now        TEXT,             -- replaced: the value chosen (JSON)
    by_user    INTEGER NOT NULL REFERENCES users (id),
    at         INTEGER NOT NULL  -- Unix milliseconds
) STRICT;
CREATE INDEX notices_by_user ON notices (user_id, id);
