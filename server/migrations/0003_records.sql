-- Records as documents, the change log with the global cursor, field-level
-- audit, and what the server knows of each syncing client (issue 4).

CREATE TABLE records (
    id         TEXT    PRIMARY KEY,          -- UUIDv7 made by the client
    kind       TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    body       TEXT    NOT NULL,             -- JSON object: field -> value
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,             -- Unix milliseconds, server clock
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL,
    change_seq INTEGER NOT NULL              -- change_log.seq of the last change
) STRICT;
-- Pull walks this index: records changed after a cursor, in change order.
CREATE UNIQUE INDEX records_by_change ON records (change_seq);

-- Append-only. seq is the global cursor clients pull from.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Deferred: a record's first change is logged before the record row
    -- exists (the row stores the change's seq).
    record_id  TEXT    NOT NULL REFERENCES records (id) DEFERRABLE INITIALLY DEFERRED,
    kind       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    operation  TEXT    NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         INTEGER NOT NULL,             -- server clock
    client_id  TEXT    NOT NULL,
    client_seq INTEGER NOT NULL,
    client_at  INTEGER NOT NULL,             -- when the user made the edit
    base_version INTEGER NOT NULL,           -- the version the client edited
    -- A mutation is applied at most once.
    UNIQUE (client_id, client_seq)
) STRICT;

-- Append-only: every field a change set, old -> new (JSON).
CREATE TABLE field_audit (
    change_seq INTEGER NOT NULL REFERENCES change_log (seq),
    record_id  TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    old        TEXT    NOT NULL,
    new        TEXT    NOT NULL,
    PRIMARY KEY (change_seq, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX field_audit_by_record ON field_audit (record_id, field, change_seq);

-- One row per browser replica: its user, and the last sequence number the
-- server has answered.
CREATE TABLE sync_clients (
    client_id    TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    last_seq     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    last_push_at INTEGER NOT NULL
) STRICT;

-- The answer given to every mutation, returned again when it is retried.
CREATE TABLE sync_results (
    client_id TEXT    NOT NULL REFERENCES sync_clients (client_id),
    seq       INTEGER NOT NULL,
    mutation  TEXT    NOT NULL,              -- JSON Mutation, to recognise a retry
    result    TEXT    NOT NULL,              -- JSON Outcome
    PRIMARY KEY (client_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only');
END;
CREATE TRIGGER field_audit_no_update BEFORE UPDATE ON field_audit
BEGIN
    SELECT RAISE(ABORT, 'field_audit is append-only');
END;
CREATE TRIGGER field_audit_no_delete BEFORE DELETE ON field_audit
BEGIN
    SELECT RAISE(ABORT, 'field_audit is append-only');
END;
