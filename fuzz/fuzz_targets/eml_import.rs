#![no_main]
// Body in fuzz/src/lib.rs, shared with src-tauri/core/tests/it/fuzz_regressions.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let outcome = madoguchi_fuzz::eml_import(data);
    if madoguchi_fuzz::verbose() {
        eprintln!("eml_import: {outcome}");
    }
});
