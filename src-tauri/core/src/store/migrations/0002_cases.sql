-- 0002 cases: the register (案件), its timeline, attachments and imported mail.

-- 受付番号 counters: one row per year, bumped in the transaction that creates
-- the case, so numbers are gapless per year.
CREATE TABLE receipt_counters (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
    id                     INTEGER PRIMARY KEY,
    receipt_no             TEXT NOT NULL UNIQUE,
    receipt_year           INTEGER NOT NULL,
    receipt_seq            INTEGER NOT NULL,
    channel                TEXT NOT NULL CHECK (channel IN ('post', 'email', 'phone', 'form', 'counter')),
    received_on            TEXT NOT NULL,            -- YYYY-MM-DD, the day it arrived
    status                 TEXT NOT NULL DEFAULT 'received'
                           CHECK (status IN ('received', 'withdrawn', 'mistaken')),
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
    created_by             INTEGER
) STRICT;

CREATE INDEX cases_receipt ON cases (receipt_year, receipt_seq);

-- What a case is found by, normalised (NFKC, lower case, katakana as
-- hiragana, no spaces or dashes): receipt no, names, kana, emails, phones and
-- the imported mail's sender, subject and body.
-- A trigram full-text index: substring search in index time for three
-- characters or more (shorter ones scan it). rowid = cases.id; FTS5 tables take
-- no foreign keys, so whoever deletes a case deletes its row here.
CREATE VIRTUAL TABLE case_search USING fts5 (text, tokenize = 'trigram');

-- Names and フリガナ only (normalised like case_search), for searches of one
-- or two characters — a two-kanji surname — that a trigram index cannot
-- serve: a scan of a narrow table instead of every case's full text.
CREATE TABLE case_names (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    key     TEXT NOT NULL
) STRICT;

-- The register walks this index in received order and filters on it without
-- touching the rows: a page stops after 50 matches, a count reads only the index.
CREATE INDEX cases_filter ON cases (received_on DESC, id DESC, status, channel, kind_mask, specific_personal_info);
-- Counting by 状態 and 経路 reads only the matching ranges of this one.
CREATE INDEX cases_count ON cases (status, channel, kind_mask, specific_personal_info);

-- The case's timeline (経過). Inside the encrypted store, so it may show
-- what changed; the audit log records only that something changed.
CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    actor_id INTEGER,
    kind     TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '{}'            -- JSON
) STRICT;

CREATE INDEX case_events_case ON case_events (case_id, id);

-- Files kept with a case: the original .eml, its attachments, scans. The
-- bytes live encrypted in files/<blob_id>; this row is the only index to them.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    origin      TEXT NOT NULL CHECK (origin IN ('eml', 'mail_attachment', 'scan')),
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL,                     -- detected from the content
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    blob_id     TEXT NOT NULL UNIQUE,
    added_at    TEXT NOT NULL,
    added_by    INTEGER
) STRICT;

CREATE INDEX attachments_case ON attachments (case_id, id);

-- The decoded mail of a case imported from an .eml.
CREATE TABLE case_mails (
    case_id      INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    message_id   TEXT NOT NULL DEFAULT '',
    from_name    TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL DEFAULT '',
    sent_at      TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    body_text    TEXT NOT NULL DEFAULT '',
    problems     TEXT NOT NULL DEFAULT '[]'        -- JSON: what could not be read
) STRICT;
