-- A record's history (issue 21): whether a change settled a conflict over
-- someone else's value (the conflicts page's "keep mine"), so the history
-- can say so. Older changes are taken as not settling one.
ALTER TABLE change_log ADD COLUMN settles INTEGER NOT NULL DEFAULT 0 CHECK (settles IN (0, 1));
