-- 0004: policy profiles (ポリシー) with versions, and 本人確認 on the case:
-- document types on attachments, officer's marks on the checklist, and the
-- log of originals (原本) received, returned or kept.

CREATE TABLE policies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,          -- the latest version's name
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Each save is a new version; cases point at the version they were received
-- under, so editing a profile never changes what an old case promised.
CREATE TABLE policy_versions (
    id            INTEGER PRIMARY KEY,
    policy_id     INTEGER NOT NULL REFERENCES policies (id),
    version       INTEGER NOT NULL,
    body          TEXT NOT NULL,              -- JSON PolicyBody
    warnings_kept INTEGER NOT NULL DEFAULT 0 CHECK (warnings_kept IN (0, 1)),
    created_at    TEXT NOT NULL,
    created_by    INTEGER,
    UNIQUE (policy_id, version)
) STRICT;

ALTER TABLE cases ADD COLUMN policy_version_id INTEGER REFERENCES policy_versions (id);

-- 書類の種類 and the dates validity is checked from; `masked` says the
-- stored bytes are the masked image (the original never reached the store).
ALTER TABLE attachments ADD COLUMN doc_type TEXT NOT NULL DEFAULT 'unclassified';
ALTER TABLE attachments ADD COLUMN masked INTEGER NOT NULL DEFAULT 0 CHECK (masked IN (0, 1));
ALTER TABLE attachments ADD COLUMN honseki_printed INTEGER NOT NULL DEFAULT 0 CHECK (honseki_printed IN (0, 1));
ALTER TABLE attachments ADD COLUMN issued_on TEXT NOT NULL DEFAULT '';   -- 発行日 (certificates)
ALTER TABLE attachments ADD COLUMN expires_on TEXT NOT NULL DEFAULT '';  -- 有効期限 (ID documents)

-- The officer's mark on one checklist item (keys come from the checklist,
-- e.g. 'identity.held_data'); who and when are kept with it.
CREATE TABLE verification_marks (
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('ok', 'ng', 'pending')),
    note     TEXT NOT NULL DEFAULT '',
    actor_id INTEGER,
    at       TEXT NOT NULL,
    PRIMARY KEY (case_id, item)
) STRICT, WITHOUT ROWID;

-- 原本の記録: a paper original received by post, and what became of it.
CREATE TABLE originals (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    doc_type      TEXT NOT NULL,
    received_on   TEXT NOT NULL,
    issued_on     TEXT NOT NULL DEFAULT '',
    returned_on   TEXT NOT NULL DEFAULT '',
    return_method TEXT NOT NULL DEFAULT '',
    kept_reason   TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    actor_id      INTEGER
) STRICT;

CREATE INDEX originals_case ON originals (case_id, id);
