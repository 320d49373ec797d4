-- A tamper-evident security log, and sync answers kept small (issue 9).
-- The migration's hook (store.rs, `harden`) fills in what SQL cannot compute.

-- Each entry's hash covers the entry and the hash of the entry before it
-- (store/accounts.rs `chain_hash`), so a changed or removed entry breaks
-- the chain from there on (`hdnd audit verify`). The hook hashes the
-- existing entries and puts the no-update trigger back.
ALTER TABLE security_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
DROP TRIGGER security_events_no_update;

-- What a retried mutation needs: a digest of the mutation as it was
-- answered (to recognise the retry, or a reused number) and the answer
-- without the record (which is read afresh). A client's answers older than
-- the first mutation of its latest push are deleted: it has them.
CREATE TABLE sync_answers (
    client_id TEXT    NOT NULL REFERENCES sync_clients (client_id),
    seq       INTEGER NOT NULL,
    digest    BLOB    NOT NULL,              -- SHA-256 of the mutation's JSON
    answer    TEXT    NOT NULL,              -- JSON StoredAnswer
    PRIMARY KEY (client_id, seq)
) STRICT, WITHOUT ROWID;
-- The hook moves sync_results here, then drops it.
