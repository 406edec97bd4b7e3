//! The desk itself: the organisation (組織情報, the letterhead and the
//! お問い合わせ先) and its settings (idle lock, the 受付番号 format).

pub mod org;
pub mod receipt_no;
pub mod settings;
