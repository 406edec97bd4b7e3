//! What comes in: the channel a request came by, mail (.eml) decoded the way
//! Japanese mailers write it, and documents (ID scans, 委任状 …) with the
//! masking some of them need before they may be kept.

pub mod channel;
pub mod charset;
pub mod content;
pub mod documents;
pub mod mail;
