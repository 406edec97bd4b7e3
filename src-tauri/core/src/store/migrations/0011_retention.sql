-- 0011: retention and disposal (保存期間と廃棄).

-- 回答完了日: the day the reply was sent (the mailing that moved the case to
-- 発送済, or the day it was moved by hand). 終了日: the day the case became
-- 完了, 取下げ or 誤登録. Retention "after the reply" counts from these.
ALTER TABLE cases ADD COLUMN replied_on TEXT;
ALTER TABLE cases ADD COLUMN closed_on TEXT;
-- 請求書類だけを先に廃棄した日 (a profile may keep documents for less time
-- than the case record).
ALTER TABLE cases ADD COLUMN documents_disposed_on TEXT;

UPDATE cases SET replied_on = (
    SELECT substr(e.at, 1, 10) FROM case_events e
    WHERE e.case_id = cases.id AND e.kind = 'status_changed' AND json_extract(e.detail, '$.to') = 'sent'
    ORDER BY e.id DESC LIMIT 1);
UPDATE cases SET closed_on = (
    SELECT substr(e.at, 1, 10) FROM case_events e
    WHERE e.case_id = cases.id AND e.kind = 'status_changed'
      AND json_extract(e.detail, '$.to') IN ('completed', 'withdrawn', 'mistaken')
    ORDER BY e.id DESC LIMIT 1);

-- 保全 (legal hold): a case in dispute is never disposed while this row exists.
CREATE TABLE legal_holds (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    reason  TEXT NOT NULL,
    set_at  TEXT NOT NULL,
    set_by  INTEGER
) STRICT;

-- A 管理者's approval to dispose of a case (or only its request documents).
CREATE TABLE disposal_approvals (
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    scope       TEXT NOT NULL CHECK (scope IN ('documents', 'case')),
    approved_by INTEGER NOT NULL,
    approved_at TEXT NOT NULL,
    PRIMARY KEY (case_id, scope)
) STRICT, WITHOUT ROWID;

-- 廃棄記録: what was destroyed, when, on whose approval. Never a name, an
-- address, an email or a scan: only the 受付番号, codes, dates and counts.
CREATE TABLE disposal_records (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL,   -- the former case id, as the audit log names it
    receipt_no      TEXT NOT NULL,
    scope           TEXT NOT NULL CHECK (scope IN ('documents', 'case')),
    kinds           TEXT NOT NULL,      -- JSON array of request kind codes
    channel         TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    replied_on      TEXT,
    final_status    TEXT NOT NULL,
    outcomes        TEXT NOT NULL DEFAULT '[]', -- JSON [[kind, outcome]]
    rule            TEXT NOT NULL,      -- e.g. 回答完了から1年
    disposable_from TEXT NOT NULL,
    destroyed       TEXT NOT NULL,      -- JSON counts, e.g. {"files":2,"mails":1}
    approved_by     INTEGER,
    approved_at     TEXT NOT NULL,
    performed_by    INTEGER,            -- NULL: the admin CLI with the recovery key
    performed_at    TEXT NOT NULL
) STRICT;

CREATE INDEX disposal_records_at ON disposal_records (performed_at);

-- 紙の原本の廃棄チェックリスト: paper kept at the desk, shredded by hand.
CREATE TABLE paper_disposals (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES disposal_records (id),
    item        TEXT NOT NULL,          -- e.g. 委任状（原本）
    shredded_on TEXT,
    shredded_by INTEGER,
    noted_at    TEXT
) STRICT;

CREATE INDEX paper_disposals_record ON paper_disposals (record_id, id);
