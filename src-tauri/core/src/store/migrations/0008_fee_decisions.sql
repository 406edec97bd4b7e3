-- 0008: the 管理者's decision on a case whose policy charges a fee APPI
-- 38条 does not allow (e.g. for 削除): charge it as the policy says,
-- knowingly, or waive those fees. One decision per case, audited.
CREATE TABLE fee_decisions (
    case_id  INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    keep     INTEGER NOT NULL CHECK (keep IN (0, 1)),
    actor_id INTEGER,
    at       TEXT NOT NULL
) STRICT;
