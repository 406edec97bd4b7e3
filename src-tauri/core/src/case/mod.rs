//! 案件: a request (開示等の請求) or a 苦情・相談 as the desk records it — the
//! record and its files, the register, the timeline, the stored due date.
//! What the policy makes of a case (本人確認, 手数料, 決定, the workflow's
//! guards) is the next layer up, `procedure`.

pub mod attachments;
pub mod complaints;
pub mod due;
pub mod events;
pub mod model;
pub mod record;
pub mod register;
pub mod rows;
pub mod timeline;
pub mod validate;
