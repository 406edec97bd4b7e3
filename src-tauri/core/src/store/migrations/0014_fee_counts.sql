-- Fees per document or page, and fees asked after the decision (issue 16).
-- The count disclosed is recorded with the decision of the kind it charges.
ALTER TABLE decisions ADD COLUMN fee_count INTEGER CHECK (fee_count IS NULL OR fee_count >= 0);

-- The day (Japan) the desk started waiting for a fee that is asked and not
-- yet paid in full; NULL otherwise. Kept by case::due with the due date so
-- the 入金待ち queue is one indexed condition.
ALTER TABLE cases ADD COLUMN fee_waiting_since TEXT;
CREATE INDEX cases_fee_waiting ON cases (fee_waiting_since) WHERE fee_waiting_since IS NOT NULL;
