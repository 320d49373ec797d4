-- Accounts, server-side sessions and the security log (issue 3).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('staff', 'reception_staff', 'office_leader',
                                                   'standing_committee', 'admin', 'viewer')),
    -- argon2id in PHC format; never leaves the server.
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL,  -- Unix milliseconds
    updated_at    INTEGER NOT NULL,
    last_login_at INTEGER
) STRICT;

-- tower-sessions records. user_id is copied out of the data so that all
-- sessions of a user can be ended (password change, account disabled).
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL      -- Unix seconds
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Append-only: who did what, when, from where.
CREATE TABLE security_events (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,        -- Unix milliseconds
    kind    TEXT    NOT NULL,
    actor   TEXT,
    subject TEXT,
    origin  TEXT    NOT NULL,
    detail  TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
BEGIN
    SELECT RAISE(ABORT, 'the security log is append-only');
END;
CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events
BEGIN
    SELECT RAISE(ABORT, 'the security log is append-only');
END;
