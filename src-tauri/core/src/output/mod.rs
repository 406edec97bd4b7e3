//! What leaves the app on paper or as a file: A4 pages (`pdf`), the response
//! letters, the reports (PDF, XLSX, CSV) and the recovery-key sheet.

pub mod letters;
pub mod pdf;
pub mod recovery_sheet;
pub mod report_export;
pub mod reports;
