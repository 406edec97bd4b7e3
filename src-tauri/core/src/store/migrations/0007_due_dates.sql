-- 0007: each case's due date, kept up to date by the core whenever
-- something it depends on changes (receipt, policy, pauses), so the
-- register and the home screen can filter 期限超過 / 今週が期限 from an index.
-- While the clock is stopped `clock_paused` is 1 and `due_on` is the due
-- date as if it ran again that day.
ALTER TABLE cases ADD COLUMN due_on TEXT;
ALTER TABLE cases ADD COLUMN clock_paused INTEGER NOT NULL DEFAULT 0 CHECK (clock_paused IN (0, 1));
CREATE INDEX cases_due ON cases (due_on) WHERE status NOT IN ('completed', 'withdrawn', 'mistaken');
