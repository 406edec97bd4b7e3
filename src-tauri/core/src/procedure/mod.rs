//! What the policy makes of a case: 本人確認 (the checklist from the case's
//! policy version), 手数料 (the ledger and the clock's view), 調査・決定 with
//! a 管理者's approval, and the workflow whose moves those guard.

pub mod decisions;
pub mod fees;
pub mod verification;
pub mod workflow;
