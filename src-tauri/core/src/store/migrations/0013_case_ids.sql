-- 0013: a case id is never used twice. `cases` has no AUTOINCREMENT, so
-- SQLite would hand a disposed case's id (the highest) to the next case, and
-- the audit log and the 廃棄記録, which keep that id, would then point at
-- another person's case. New ids start above every id a 廃棄記録 holds.
CREATE INDEX disposal_records_case ON disposal_records (case_id);
