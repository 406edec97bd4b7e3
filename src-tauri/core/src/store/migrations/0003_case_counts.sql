-- 0003: how many cases there are per 状態 × 経路 × 請求内容 × 特定個人情報,
-- kept by triggers in the same transaction as the case itself. A register
-- filtered only on these columns counts its matches from a few hundred rows
-- here instead of every matching index entry (15,000 for a broad filter).
-- The index that served those counts goes: with statistics, SQLite preferred
-- it for pages too, and sorted 15,000 rows to show 50 instead of walking
-- cases_filter in received order.
DROP INDEX cases_count;
CREATE TABLE case_counts (
    status                 TEXT NOT NULL,
    channel                TEXT NOT NULL,
    kind_mask              INTEGER NOT NULL,
    specific_personal_info INTEGER NOT NULL,
    n                      INTEGER NOT NULL,
    PRIMARY KEY (status, channel, kind_mask, specific_personal_info)
) STRICT, WITHOUT ROWID;

INSERT INTO case_counts
    SELECT status, channel, kind_mask, specific_personal_info, count(*)
    FROM cases GROUP BY 1, 2, 3, 4;

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
