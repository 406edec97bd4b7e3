//! The core must stay free of Tauri (and of any webview or GUI toolkit), so it
//! is tested headless and shared with the admin CLI. Asked of cargo itself.

#[test]
fn core_has_no_tauri_in_its_dependency_tree() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--manifest-path",
            manifest,
            "-p",
            "madoguchi-core",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--target",
            "all",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    assert!(tree.lines().count() > 20, "the tree was listed: {tree}");
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        assert!(
            !(name.starts_with("tauri")
                || name.starts_with("wry")
                || name.starts_with("webkit2gtk")
                || name == "gtk"),
            "madoguchi-core depends on {line}"
        );
    }
}
