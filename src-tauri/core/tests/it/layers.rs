//! The core's layers, as ARCHITECTURE.md states them ("## Layers"): every
//! top-level module of `src/` uses only itself and the layers before it, and
//! the modules inside one layer import each other without a cycle. Read from
//! the source, so a new `use` that runs up the order fails here with the
//! file and the path it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The order ARCHITECTURE.md states: the first line under "## Layers" that
/// chains backticked module names with arrows.
fn stated_order() -> Vec<String> {
    let doc = std::fs::read_to_string(core_dir().join("../../ARCHITECTURE.md")).unwrap();
    let section = doc
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Layers\" section");
    let line = section
        .lines()
        .find(|l| l.contains('→'))
        .expect("the Layers section chains the layers with →");
    line.split('→')
        .map(|part| part.trim().trim_matches('`').to_string())
        .collect()
}

/// A source file and the module node it belongs to: `(layer, module)`, where
/// `module` is the file's second path segment (`case::record`), or the layer
/// itself for a one-file layer or a layer's `mod.rs`.
struct Source {
    path: PathBuf,
    layer: String,
    module: String,
    text: String,
}

fn sources() -> Vec<Source> {
    let src = core_dir().join("src");
    crate::common::rust_files(&src)
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(&src).unwrap().to_path_buf();
            let parts: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if parts == ["lib"] {
                return None;
            }
            let layer = parts[0].clone();
            let module = match parts.get(1) {
                Some(m) if m != "mod" => m.clone(),
                _ => layer.clone(),
            };
            let text = code_only(&std::fs::read_to_string(&path).unwrap());
            Some(Source {
                path: rel,
                layer,
                module,
                text,
            })
        })
        .collect()
}

/// The code a module runs: line comments and the unit-test module at the
/// end of a file (`#[cfg(test)]`) are left out — a test may set up through
/// any layer.
fn code_only(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file names: `crate::a::b…` (also inside a
/// `use crate::{…}` group) and `super::b…`, as `(layer, module)`.
fn imports(s: &Source) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let words = |rest: &str| -> Vec<String> {
        rest.split("::")
            .map(|w| {
                w.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|w| !w.is_empty())
            .collect()
    };
    for (i, _) in s.text.match_indices("crate::") {
        if s.text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &s.text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::b, c}`: each item of the group.
            let end = group.find("};").unwrap_or(group.len());
            for item in group[..end].split(',') {
                let w = words(item.trim());
                if let Some(layer) = w.first() {
                    out.insert((layer.clone(), w.get(1).cloned().unwrap_or_default()));
                }
            }
            continue;
        }
        let w = words(rest);
        if let Some(layer) = w.first() {
            out.insert((layer.clone(), w.get(1).cloned().unwrap_or_default()));
        }
    }
    // `super::x` from `layer/module.rs` is `layer::x`; deeper files stay in
    // their module.
    let depth = s.path.components().count();
    if depth == 2 && s.module != s.layer {
        for (i, _) in s.text.match_indices("super::") {
            if s.text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let w = words(&s.text[i + "super::".len()..]);
            if let Some(m) = w.first() {
                out.insert((s.layer.clone(), m.clone()));
            }
        }
    }
    out
}

#[test]
fn each_layer_uses_only_the_layers_before_it() {
    let order = stated_order();
    let rank: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let sources = sources();
    // Every top-level module is a stated layer, and every layer exists.
    let layers: BTreeSet<&str> = sources.iter().map(|s| s.layer.as_str()).collect();
    assert_eq!(
        layers,
        rank.keys().copied().collect::<BTreeSet<_>>(),
        "the modules of src/ and the layers of ARCHITECTURE.md differ"
    );
    let mut wrong = Vec::new();
    for s in &sources {
        for (layer, module) in imports(s) {
            match rank.get(layer.as_str()) {
                None => wrong.push(format!(
                    "{}: `crate::{layer}` is not a layer (inside the core, name items by their module's path, not by lib.rs's re-exports)",
                    s.path.display()
                )),
                Some(&r) if r > rank[s.layer.as_str()] => wrong.push(format!(
                    "{}: `{layer}::{module}` is above `{}`",
                    s.path.display(),
                    s.layer
                )),
                _ => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports up the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_modules_inside_a_layer_form_no_cycle() {
    let sources = sources();
    // Edges between modules of the same layer.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let from = format!("{}::{}", s.layer, s.module);
        edges.entry(from.clone()).or_default();
        for (layer, module) in imports(s) {
            if layer == s.layer && !module.is_empty() {
                let node = if module == layer
                    || !sources
                        .iter()
                        .any(|o| o.layer == layer && o.module == module)
                {
                    // `crate::case::SomeItem` of a layer's mod.rs.
                    format!("{layer}::{layer}")
                } else {
                    format!("{layer}::{module}")
                };
                if node != from {
                    edges.entry(from.clone()).or_default().insert(node);
                }
            }
        }
    }
    let cycles = strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect::<Vec<_>>();
    assert!(
        cycles.is_empty(),
        "import cycles inside a layer: {cycles:?}"
    );
}

/// Tarjan's strongly connected components.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            t.out.push(comp);
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// The checks can fail: a file that imports up the order, and two modules
/// that import each other, are caught.
#[test]
fn the_checks_catch_an_upward_import_and_a_cycle() {
    let up = Source {
        path: "store/audit.rs".into(),
        layer: "store".into(),
        module: "audit".into(),
        text: code_only("use crate::case::model::Case; // fine in a comment: crate::demo\n"),
    };
    assert_eq!(
        imports(&up),
        BTreeSet::from([("case".to_string(), "model".to_string())])
    );
    let mut edges = BTreeMap::new();
    edges.insert(
        "case::a".to_string(),
        BTreeSet::from(["case::b".to_string()]),
    );
    edges.insert(
        "case::b".to_string(),
        BTreeSet::from(["case::a".to_string()]),
    );
    edges.insert(
        "case::c".to_string(),
        BTreeSet::from(["case::a".to_string()]),
    );
    let cycles: Vec<_> = strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect();
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].len(), 2);
    let grouped = Source {
        text: code_only("use crate::{kernel::text, output::pdf};\nfn f() { super::rows::x(); }"),
        path: "case/record.rs".into(),
        layer: "case".into(),
        module: "record".into(),
    };
    assert_eq!(
        imports(&grouped),
        BTreeSet::from([
            ("kernel".to_string(), "text".to_string()),
            ("output".to_string(), "pdf".to_string()),
            ("case".to_string(), "rows".to_string()),
        ])
    );
}
