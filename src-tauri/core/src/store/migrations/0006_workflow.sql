-- 0006: the workflow (受付 → 本人確認中 → 手数料待ち → 調査中 → 承認待ち →
-- 回答準備 → 発送済 → 完了, and 取下げ / 誤登録). SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (SQLite's documented
-- procedure): new table, copy, drop, rename, then its indexes and triggers.
-- Runs with foreign keys off (open_database turns them on after the
-- migrations and checks them), so dropping the old table deletes nothing
-- that points at it.

CREATE TABLE cases_new (
    id                     INTEGER PRIMARY KEY,
    receipt_no             TEXT NOT NULL UNIQUE,
    receipt_year           INTEGER NOT NULL,
    receipt_seq            INTEGER NOT NULL,
    channel                TEXT NOT NULL CHECK (channel IN ('post', 'email', 'phone', 'form', 'counter')),
    received_on            TEXT NOT NULL,            -- YYYY-MM-DD, the day it arrived
    status                 TEXT NOT NULL DEFAULT 'received'
                           CHECK (status IN ('received', 'verifying', 'awaiting_fee', 'investigating', 'awaiting_approval',
                                             'preparing_reply', 'sent', 'completed', 'withdrawn', 'mistaken')),
    status_reason          TEXT NOT NULL DEFAULT '',
    requester_name         TEXT NOT NULL,
    requester_kana         TEXT NOT NULL DEFAULT '',
    postal_code            TEXT NOT NULL DEFAULT '',
    address                TEXT NOT NULL DEFAULT '',
    phone                  TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    registered_email       TEXT NOT NULL DEFAULT '',
    registered_phone       TEXT NOT NULL DEFAULT '',
    requester_type         TEXT NOT NULL DEFAULT 'self'
                           CHECK (requester_type IN ('self', 'legal_agent', 'appointed_agent')),
    agent_name             TEXT NOT NULL DEFAULT '',
    agent_kana             TEXT NOT NULL DEFAULT '',
    agent_contact          TEXT NOT NULL DEFAULT '',
    agent_relationship     TEXT NOT NULL DEFAULT '',
    kinds                  TEXT NOT NULL,            -- JSON array of request kind codes
    kind_mask              INTEGER NOT NULL DEFAULT 0, -- the same kinds as bits, for filtering
    data_concerned         TEXT NOT NULL DEFAULT '',
    requested_correction   TEXT NOT NULL DEFAULT '',
    disclosure_method      TEXT NOT NULL DEFAULT '' CHECK (disclosure_method IN ('', 'paper', 'electronic')),
    specific_personal_info INTEGER NOT NULL DEFAULT 0 CHECK (specific_personal_info IN (0, 1)),
    enclosures             TEXT NOT NULL DEFAULT '[]', -- JSON array of enclosure codes
    enclosures_note        TEXT NOT NULL DEFAULT '',
    memo                   TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    created_by             INTEGER,
    policy_version_id      INTEGER REFERENCES policy_versions (id)
) STRICT;

INSERT INTO cases_new SELECT * FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;

CREATE INDEX cases_receipt ON cases (receipt_year, receipt_seq);
CREATE INDEX cases_filter ON cases (received_on DESC, id DESC, status, channel, kind_mask, specific_personal_info);
CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts VALUES (new.status, new.channel, new.kind_mask, new.specific_personal_info, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1
     WHERE status = old.status AND channel = old.channel
       AND kind_mask = old.kind_mask AND specific_personal_info = old.specific_personal_info;
END;
CREATE TRIGGER case_counts_update AFTER UPDATE OF status, channel, kind_mask, specific_personal_info ON cases
WHEN old.status IS NOT new.status OR old.channel IS NOT new.channel
  OR old.kind_mask IS NOT new.kind_mask OR old.specific_personal_info IS NOT new.specific_personal_info
BEGIN
    UPDATE case_counts SET n = n - 1
     WHERE status = old.status AND channel = old.channel
       AND kind_mask = old.kind_mask AND specific_personal_info = old.specific_personal_info;
    INSERT INTO case_counts VALUES (new.status, new.channel, new.kind_mask, new.specific_personal_info, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
