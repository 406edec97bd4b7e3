-- 0012: 苦情・相談. A complaint is a row of `cases` (so it has a 受付番号,
-- the register's retention, disposal and audit) with no request kinds
-- (kind_mask 0, which keeps it out of the request register and figures),
-- plus its own details and the four steps of 苦情処理 (seed 004 §9).

CREATE TABLE complaints (
    case_id        INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    category       TEXT NOT NULL CHECK (category IN ('complaint', 'consultation')),
    contact        TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL,
    linked_case_id INTEGER REFERENCES cases (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX complaints_linked ON complaints (linked_case_id);

-- 一次対応 → 調査・検討 → 改善措置 → 回答・報告: each with its day, who, notes.
CREATE TABLE complaint_steps (
    case_id     INTEGER NOT NULL REFERENCES complaints (case_id) ON DELETE CASCADE,
    step        TEXT NOT NULL CHECK (step IN ('first_response', 'investigation', 'improvement', 'reply')),
    done_on     TEXT NOT NULL,
    person      TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (case_id, step)
) STRICT, WITHOUT ROWID;

-- A 廃棄記録 says whether it was a request or a 苦情・相談.
ALTER TABLE disposal_records ADD COLUMN complaint INTEGER NOT NULL DEFAULT 0 CHECK (complaint IN (0, 1));
