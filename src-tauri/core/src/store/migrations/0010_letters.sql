-- 0010: response letters. Templates are versioned: every save adds a
-- version and an issued letter points at the version it was made from, with
-- the values it printed, so the same letter can be drawn again exactly.

CREATE TABLE letter_templates (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,       -- e.g. 'disclosure_decision'
    current_version_id INTEGER REFERENCES letter_template_versions (id)
) STRICT;

CREATE TABLE letter_template_versions (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES letter_templates (id),
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,             -- JSON: name, title, addressed, text
    actor_id    INTEGER,                   -- NULL for the shipped default
    created_at  TEXT NOT NULL,
    UNIQUE (template_id, version)
) STRICT;

-- An issued letter (作成済). printed_at is set by the first print or save,
-- mailings record how it left.
CREATE TABLE letters (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    template_version_id INTEGER NOT NULL REFERENCES letter_template_versions (id),
    document_no  TEXT NOT NULL UNIQUE,     -- 文書番号
    doc_year     INTEGER NOT NULL,
    doc_seq      INTEGER NOT NULL,
    issued_on    TEXT NOT NULL,            -- the date printed on the letter
    fields       TEXT NOT NULL,            -- JSON: the values printed
    layout       TEXT NOT NULL,            -- JSON: envelope offsets used
    actor_id     INTEGER,
    created_at   TEXT NOT NULL,
    printed_at   TEXT,
    UNIQUE (doc_year, doc_seq)
) STRICT;

CREATE INDEX letters_case ON letters (case_id, id);
CREATE INDEX letters_unprinted ON letters (printed_at) WHERE printed_at IS NULL;

CREATE TABLE mailings (
    id          INTEGER PRIMARY KEY,
    letter_id   INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
    sent_on     TEXT NOT NULL,
    method      TEXT NOT NULL,             -- 'ordinary', 'tokutei_kiroku', …
    tracking_no TEXT NOT NULL DEFAULT '',
    postage_yen INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER,
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX mailings_letter ON mailings (letter_id);
