-- 0005: the fee ledger (手数料) and the clock's pauses (期限の停止).

-- Money in and out for a case: payments as they arrive (切手 by
-- denomination, 定額小為替, 銀行振込, 現金書留) and refunds / returned stamps.
CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'refund')),
    method      TEXT NOT NULL CHECK (method IN ('stamps', 'money_order', 'bank_transfer', 'cash_registered')),
    received_on TEXT NOT NULL,                 -- the day it arrived (or was sent back)
    amount_yen  INTEGER NOT NULL CHECK (amount_yen >= 0),
    detail      TEXT NOT NULL DEFAULT '{}',     -- JSON PaymentDetail
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    actor_id    INTEGER
) STRICT;

CREATE INDEX payments_case ON payments (case_id, id);

-- The clock stops while the desk waits for the requester; `to_on` is the
-- day it runs again (NULL while it is stopped).
CREATE TABLE clock_pauses (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL CHECK (reason IN ('id_documents', 'fee', 'clarification')),
    from_on    TEXT NOT NULL,
    to_on      TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    actor_id   INTEGER
) STRICT;

CREATE INDEX clock_pauses_case ON clock_pauses (case_id, id);
