//! How `api.rs`'s declaration of the IPC surface becomes code. One entry —
//!
//! ```text
//! /// What it does (becomes the TypeScript method's doc comment).
//! fn list_cases(query: CaseQuery) -> CasePage = cases::list_cases;
//! ```
//!
//! — gives, from the same tokens:
//!
//! * `COMMANDS`, the names (build.rs reads the same declaration through its
//!   own copy of this grammar to write one permission per command and the
//!   window's capability);
//! * a `#[tauri::command]` wrapper that builds a [`Ctx`](crate::ctx::Ctx)
//!   and calls the body, and `handler()`, the window's handler of exactly
//!   these commands;
//! * `dispatch()`, the same bodies called by name with JSON arguments (the
//!   UI tests' host, `src/bin/testhost.rs`);
//! * `typescript_client()`, the UI's typed client (`ui/src/backend/commands.ts`,
//!   kept fresh by a test).
//!
//! Arguments cross as camelCase keys, as Tauri names them.

macro_rules! ipc_schema {
    (
        types { $($uses:item)* }
        $(
            $(#[doc = $doc:literal])*
            fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty = $body:path;
        )*
    ) => {
        $($uses)*

        /// Every command's name, in the order declared.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// The Tauri commands: each builds a `Ctx` around the window and
        /// calls its body.
        pub mod tauri_commands {
            use super::*;
            $(
                $(#[doc = $doc])*
                #[tauri::command]
                pub async fn $name<R: tauri::Runtime>(
                    app: tauri::AppHandle<R>,
                    state: tauri::State<'_, crate::state::AppState>,
                    $($arg: $ty),*
                ) -> Result<$ret, crate::ipc::ApiError> {
                    let desktop = crate::desktop::TauriDesktop(app);
                    $body(&crate::ctx::Ctx::new(&state, &desktop), $($arg),*)
                }
            )*
        }

        /// The window's handler: exactly the declared commands.
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(tauri_commands::$name),*]
        }

        /// Calls the command `name` with its arguments as the webview sends
        /// them (an object with camelCase keys) and answers its JSON.
        pub fn dispatch(
            ctx: &crate::ctx::Ctx,
            name: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, crate::ipc::ApiError> {
            let args = if args.is_null() { serde_json::json!({}) } else { args };
            match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($arg: $ty),* }
                    let Args { $($arg),* } = serde_json::from_value(args)
                        .map_err(|_| crate::ipc::ApiError::bad_request())?;
                    let answer: $ret = $body(ctx, $($arg),*)?;
                    Ok(serde_json::to_value(answer).expect("a command's answer serialises"))
                })*
                _ => Err(crate::ipc::ApiError::bad_request()),
            }
        }

        /// The UI's typed client, as TypeScript.
        pub fn typescript_client() -> String {
            let cfg = crate::api_ts::config();
            let commands = vec![$(
                crate::api_ts::Command {
                    name: stringify!($name),
                    docs: vec![$($doc),*],
                    args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(&cfg))),*],
                    answer: <$ret as ts_rs::TS>::name(&cfg),
                },
            )*];
            crate::api_ts::render(&commands)
        }
    };
}
