#![no_main]
// Body in fuzz/src/lib.rs, shared with src-tauri/core/tests/it/fuzz_regressions.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let outcome = madoguchi_fuzz::profile_import(data);
    if madoguchi_fuzz::verbose() {
        eprintln!("profile_import: {outcome}");
    }
});
