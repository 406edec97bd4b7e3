//! Japan time whatever the PC's zone (ARCHITECTURE.md, "Japan time"): no
//! Rust code of the core, the app or the admin CLI (nor their tests) asks the PC for its zone,
//! so every day the law counts comes from `kernel::clock`. `scripts/test` also
//! runs all Rust tests with `TZ=America/Los_Angeles`, so a day taken from the
//! PC's clock would show up in the stories.

use std::path::PathBuf;

/// Lines of code (comments left out) that read the PC's zone.
fn local_zone_uses(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| {
            let names_local = l.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "Local");
            names_local && (l.contains("chrono") || l.contains("Local::") || l.contains("Local."))
        })
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn no_code_reads_the_pcs_time_zone() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = ["core/src", "app/src", "admin/src", "core/tests", "app/tests", "admin/tests"]
        .iter()
        .flat_map(|dir| crate::common::rust_files(&root.join(dir)))
        .collect();
    // This file names what it looks for.
    files.retain(|p| !p.ends_with("japan_time.rs"));
    assert!(files.len() > 50, "the sources were found: {}", files.len());
    let found: Vec<String> = files
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            local_zone_uses(&text)
                .into_iter()
                .map(move |l| format!("{}: {l}", p.display()))
        })
        .collect();
    assert!(found.is_empty(), "use kernel::clock instead of the PC's zone:\n{}", found.join("\n"));
}

#[test]
fn the_check_catches_the_pcs_zone() {
    assert_eq!(local_zone_uses("let d = chrono::Local::now().date_naive();").len(), 1);
    assert_eq!(local_zone_uses("use chrono::{Utc, Local};").len(), 1);
    assert_eq!(local_zone_uses("Local.from_local_datetime(&t)").len(), 1);
    assert!(local_zone_uses("let LocalCopy = chrono::Utc::now();").is_empty());
    assert!(local_zone_uses("// chrono::Local is banned").is_empty());
    assert!(local_zone_uses("let today = clock::today();").is_empty());
}
