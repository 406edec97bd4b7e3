//! The UI's typed client, written from `api.rs`'s declaration
//! (`typescript_client()`): one method per command, its arguments in the
//! declared order, its answer's type, its doc comment; and the error codes
//! as constants. `ui/src/backend/commands.ts` is this text, committed;
//! `tests/ipc.rs`'s `bindings_are_fresh` fails when it is stale.

use madoguchi_core::kernel::error::ErrorCode;
use std::collections::BTreeSet;

/// ts-rs settings shared by the bindings and the client: `i64` is a
/// `number` (ids and amounts stay far below 2^53).
pub fn config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

/// One declared command, as the client needs it.
pub struct Command {
    pub name: &'static str,
    pub docs: Vec<&'static str>,
    /// (Rust name, TypeScript type)
    pub args: Vec<(&'static str, String)>,
    pub answer: String,
}

pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `null` (Rust's `()`) answers nothing.
fn answer_type(ts: &str) -> &str {
    if ts == "null" {
        "void"
    } else {
        ts
    }
}

/// The type names a TypeScript type expression uses (to import them).
fn type_names(ts: &str, out: &mut BTreeSet<String>) {
    const BUILT_IN: [&str; 4] = ["Array", "Record", "Partial", "Promise"];
    for word in ts.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !BUILT_IN.contains(&word) {
            out.insert(word.to_string());
        }
    }
}

fn doc_comment(docs: &[&str], indent: &str) -> String {
    let lines: Vec<&str> = docs.iter().map(|d| d.trim()).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {one} */\n"),
        many => {
            let mut s = format!("{indent}/**\n");
            for l in many {
                s.push_str(&format!("{indent} * {l}\n"));
            }
            s.push_str(&format!("{indent} */\n"));
            s
        }
    }
}

pub fn render(commands: &[Command]) -> String {
    let mut imports = BTreeSet::new();
    for c in commands {
        for (_, t) in &c.args {
            type_names(t, &mut imports);
        }
        type_names(&c.answer, &mut imports);
    }
    let mut s = String::new();
    s.push_str("// Generated from src-tauri/app/src/api.rs (api_ts.rs); do not edit.\n");
    s.push_str("// UPDATE_BINDINGS=1 cargo test -p madoguchi --features custom-protocol,test-hooks --test ipc bindings\n\n");
    imports.remove("ErrorCode");
    let mut names: Vec<String> = imports.into_iter().collect();
    names.push("ErrorCode as ErrorCodeUnion".into());
    s.push_str(&format!(
        "import type {{ {} }} from \"./types\";\n\n",
        names.join(", ")
    ));
    s.push_str("/** Sends one command: Tauri's `invoke`, or a test's stand-in for it. */\n");
    s.push_str("export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n");
    s.push_str("/**\n * Every command of the app, one method each, in the order of api.rs. Every\n * method rejects with an `ApiError` (`{ code, message, fields }`) whose\n * message is the Japanese sentence the person sees.\n */\n");
    s.push_str("export interface Commands {\n");
    for c in commands {
        s.push_str(&doc_comment(&c.docs, "  "));
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{}: {t}", camel(n)))
            .collect();
        s.push_str(&format!(
            "  {}({}): Promise<{}>;\n",
            camel(c.name),
            params.join(", "),
            answer_type(&c.answer)
        ));
    }
    s.push_str("}\n\n");
    s.push_str("/** The commands sent through `invoke`; argument keys are camelCase, as Tauri expects. */\n");
    s.push_str("export function commands(invoke: Invoke): Commands {\n  return {\n");
    for c in commands {
        let names: Vec<String> = c.args.iter().map(|(n, _)| camel(n)).collect();
        let call = if names.is_empty() {
            format!("invoke(\"{}\")", c.name)
        } else {
            format!("invoke(\"{}\", {{ {} }})", c.name, names.join(", "))
        };
        s.push_str(&format!(
            "    {}: ({}) => {call},\n",
            camel(c.name),
            names.join(", ")
        ));
    }
    s.push_str("  };\n}\n\n");
    s.push_str("/** Every error code by name (`ErrorCode.Locked`): compare codes with these, never with a string. */\n");
    s.push_str("export const ErrorCode = {\n");
    for code in ErrorCode::ALL {
        s.push_str(&format!("  {}: \"{}\",\n", code.name(), code.as_str()));
    }
    s.push_str("} as const satisfies Record<string, ErrorCodeUnion>;\n");
    s.push_str("/** One error code: what `ApiError.code` holds. */\n");
    s.push_str("export type ErrorCode = ErrorCodeUnion;\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_becomes_a_typed_method_and_a_call() {
        let ts = render(&[Command {
            name: "check_duplicates",
            docs: vec![" open cases with the same email."],
            args: vec![
                ("input", "CaseInput".into()),
                ("exclude_id", "number | null".into()),
            ],
            answer: "Array<CaseRow>".into(),
        }]);
        assert!(ts.contains(
            "import type { CaseInput, CaseRow, ErrorCode as ErrorCodeUnion } from \"./types\";"
        ));
        assert!(ts.contains("  /** open cases with the same email. */\n  checkDuplicates(input: CaseInput, excludeId: number | null): Promise<Array<CaseRow>>;"));
        assert!(ts.contains(
            "    checkDuplicates: (input, excludeId) => invoke(\"check_duplicates\", { input, excludeId }),"
        ));
        assert!(ts.contains("  WrongPassword: \"wrong_password\","));
    }
}
