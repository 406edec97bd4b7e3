-- 0009: investigation (調査) and decisions (決定) per requested kind, with
-- the legal ground and reasons where the desk does not fully comply, and the
-- 管理者's approval (never by the one who decided).

CREATE TABLE investigation_notes (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    actor_id INTEGER,
    searched TEXT NOT NULL,                 -- what was searched (systems, files)
    found    TEXT NOT NULL DEFAULT ''       -- what was found
) STRICT;

CREATE INDEX investigation_notes_case ON investigation_notes (case_id, id);

CREATE TABLE decisions (
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,            -- the request kind decided
    outcome      TEXT NOT NULL,
    legal_ground TEXT NOT NULL DEFAULT '', -- e.g. 'appi_33_2_2'
    reasons      TEXT NOT NULL DEFAULT '', -- what the person is told (法第36条)
    detail       TEXT NOT NULL DEFAULT '', -- what was corrected / withheld
    decided_by   INTEGER,
    decided_at   TEXT NOT NULL,
    PRIMARY KEY (case_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL CHECK (outcome IN ('approved', 'sent_back')),
    note        TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER,
    at          TEXT NOT NULL
) STRICT;

CREATE INDEX approvals_case ON approvals (case_id, id);
