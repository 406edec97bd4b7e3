//! Inputs for the fuzz targets (fuzz/, run by scripts/fuzz), replayed through
//! the targets' own code (fuzz/src/lib.rs) on stable: each must give a clean
//! Ok or Err, never a panic. tests/fuzz-regressions/README.md says how inputs
//! get there.

// verbose() is for the fuzz binaries only.
#[allow(dead_code)]
#[path = "../../../../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8]) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut failed = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let data = std::fs::read(f).unwrap();
        match std::panic::catch_unwind(|| run(&data)) {
            Ok(outcome) => {
                assert!(
                    outcome == "ok" || outcome.starts_with("err:"),
                    "{name}: {outcome}"
                );
                eprintln!("{target}/{name}: {outcome}");
            }
            Err(_) => failed.push(name),
        }
    }
    assert!(failed.is_empty(), "{target}: panicked on {failed:?}");
}

#[test]
fn eml_import() {
    replay("eml_import", harness::eml_import);
}

#[test]
fn profile_import() {
    replay("profile_import", harness::profile_import);
}

#[test]
fn backup_restore() {
    replay("backup_restore", harness::backup_restore);
}
