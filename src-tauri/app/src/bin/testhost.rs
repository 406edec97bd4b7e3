//! The UI tests' backend: the app's own command bodies (`madoguchi_app::dispatch`,
//! from the declaration in api.rs) on a real encrypted store in a folder of
//! its own, spoken to over standard input and output by Vitest's `mockIPC`
//! (ui/src/test/host.ts). One JSON object per line each way:
//!
//! ```text
//! → {"id": 1, "cmd": "list_cases", "args": {"query": {…}}}
//! ← {"id": 1, "ok": {…}}            or  {"id": 1, "err": {"code": …, "message": …, "fields": […]}}
//! ```
//!
//! Besides the app's commands the host answers a few of its own, for the
//! tests' set-up only (the window has no such commands):
//!
//! * `host.snapshot {name}` / `host.restore {name}`: keep and bring back the
//!   whole data folder (the store is locked first), so each test starts
//!   from the same seeded store without seeding it again;
//! * `host.pick {paths}`: what the next file dialogs answer;
//! * `host.drop {paths}`: files dropped on the window: what the window's
//!   drop handler stages and sends as its event (host.ts emits it);
//! * `host.save_dir {dir}`: where saves go;
//! * `host.printed`: the jobs sent to the stand-in printers;
//! * `host.printers {printers, default}`: the printers the OS offers;
//! * `host.idle_lock`: the backend's own idle lock, now;
//! * `host.credentials_lost` / `host.credentials_changed`: the OS credential
//!   store lost this PC's entry, or holds another one;
//! * `host.break_audit_chain {seq}`: deletes one audit entry behind the
//!   app's back (what the chain's check must catch).
//!
//! Built only with the `test-hooks` feature. The credential store is the
//! in-memory one; the clock is the process's (the tests start the host under
//! libfaketime).

use madoguchi_app::ctx::Ctx;
use madoguchi_app::desktop::Desktop;
use madoguchi_app::ipc::{ApiError, ErrorCode, Printers};
use madoguchi_app::{dispatch, AppState};
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::secret::DeviceSecret;
use madoguchi_core::store::credential::{CredentialStore, MemoryCredentialStore};
use madoguchi_core::store::DataDir;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The stand-in desktop: dialogs answer what the test said; one printer
/// that keeps what it was sent.
#[derive(Default)]
struct HostDesktop {
    /// The printers the OS offers (`host.printers`); one, `PRINTER`, by default.
    printers: Mutex<Option<Printers>>,
    picks: Mutex<Vec<PathBuf>>,
    save_dir: Mutex<Option<PathBuf>>,
    printed: Mutex<Vec<Value>>,
}

const PRINTER: &str = "見本プリンター";

impl Desktop for HostDesktop {
    fn pick_files(&self, _: &str, _: &str, _: &[&str]) -> Result<Vec<PathBuf>, ApiError> {
        Ok(self.picks.lock().unwrap().clone())
    }
    fn pick_save_path(
        &self,
        _: &str,
        suggested_name: &str,
        _: &str,
        _: &[&str],
    ) -> Result<Option<PathBuf>, ApiError> {
        Ok(self
            .save_dir
            .lock()
            .unwrap()
            .as_ref()
            .map(|d| d.join(suggested_name)))
    }
    fn pick_folder(&self, _: &str) -> Result<Option<PathBuf>, ApiError> {
        Ok(self.save_dir.lock().unwrap().clone())
    }
    fn printers(&self) -> Printers {
        self.printers
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| Printers {
                printers: vec![PRINTER.into()],
                default: Some(PRINTER.into()),
                unavailable: String::new(),
            })
    }
    fn print_pdf(&self, printer: &str, title: &str, pdf: &[u8]) -> Result<String, ApiError> {
        if !self.printers().printers.iter().any(|p| p == printer) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "選んだプリンターが見つかりません。プリンターを選び直してください。",
            ));
        }
        let mut printed = self.printed.lock().unwrap();
        printed.push(json!({ "printer": printer, "title": title, "bytes": pdf.len() }));
        Ok(format!("{PRINTER}-{}", printed.len()))
    }
}

/// The `paths` argument of `host.pick` and `host.drop`.
fn paths(args: &Value) -> Vec<PathBuf> {
    args.get("paths")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

fn remove_dir(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove a data folder of the host");
    }
}

struct Host {
    root: PathBuf,
    credentials: Arc<dyn CredentialStore>,
    /// Per snapshot: this PC's entry in the credential store when it was
    /// taken (binding, secret), put back with the folder.
    device_secrets: std::collections::HashMap<String, (String, DeviceSecret)>,
    state: AppState,
    desktop: HostDesktop,
}

impl Host {
    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    fn snapshot_dir(&self, name: &str) -> PathBuf {
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        self.root.join("snapshots").join(safe)
    }

    /// Locks whatever is open, as the app's lock does.
    fn lock(&self) {
        if let Some(store) = self.state.guard().end_session() {
            let _ = store.lock(false);
        }
    }

    /// The app as just started on the data folder (nothing staged, no
    /// pending setup, no session yet); the credential store, which holds
    /// the device secrets of every snapshot, stays.
    fn restart(&mut self) {
        self.state = AppState::new(DataDir::new(self.data()), Ok(self.credentials.clone()));
    }

    fn own(&mut self, cmd: &str, args: &Value) -> Option<Result<Value, String>> {
        let text = |k: &str| {
            args.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Some(match cmd {
            "host.snapshot" => {
                self.lock();
                let to = self.snapshot_dir(&text("name"));
                remove_dir(&to);
                if let Ok(slots) = self.state.dir.load_slots() {
                    if let Ok(secret) = self.credentials.get(&slots.device_binding) {
                        self.device_secrets
                            .insert(text("name"), (slots.device_binding.clone(), secret));
                    }
                }
                // No data folder yet (before the first-run setup): an empty one.
                std::fs::create_dir_all(self.data())
                    .and_then(|_| copy_dir(&self.data(), &to))
                    .map(|_| Value::Null)
                    .map_err(|e| e.to_string())
            }
            "host.restore" => {
                self.lock();
                let from = self.snapshot_dir(&text("name"));
                if !from.exists() {
                    return Some(Err(format!("no snapshot {}", text("name"))));
                }
                remove_dir(&self.data());
                remove_dir(&self.root.join("data-demo"));
                let copied = copy_dir(&from, &self.data());
                if let Some((binding, secret)) = self.device_secrets.get(&text("name")) {
                    let _ = self.credentials.set(binding, secret);
                }
                self.restart();
                *self.desktop.picks.lock().unwrap() = Vec::new();
                *self.desktop.printers.lock().unwrap() = None;
                *self.desktop.save_dir.lock().unwrap() = None;
                self.desktop.printed.lock().unwrap().clear();
                copied.map(|_| Value::Null).map_err(|e| e.to_string())
            }
            "host.pick" => {
                *self.desktop.picks.lock().unwrap() = paths(args);
                Ok(Value::Null)
            }
            "host.drop" => serde_json::to_value(madoguchi_app::commands::cases::stage_dropped(
                &self.state,
                &paths(args),
            ))
            .map_err(|e| e.to_string()),
            "host.save_dir" => {
                // An empty folder: the dialog is cancelled.
                let dir = text("dir");
                *self.desktop.save_dir.lock().unwrap() =
                    (!dir.is_empty()).then(|| PathBuf::from(dir));
                Ok(Value::Null)
            }
            "host.printed" => Ok(Value::Array(self.desktop.printed.lock().unwrap().clone())),
            "host.printers" => {
                let list: Vec<String> = args
                    .get("printers")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default();
                let default = args
                    .get("default")
                    .and_then(Value::as_str)
                    .map(String::from);
                *self.desktop.printers.lock().unwrap() = Some(Printers {
                    printers: list,
                    default,
                    unavailable: String::new(),
                });
                Ok(Value::Null)
            }
            "host.credentials_lost" | "host.credentials_changed" => {
                // The OS credential store lost this PC's entry, or another
                // program replaced it: sign-in must fail and the recovery
                // key must still open the store.
                let Ok(slots) = self.state.dir.load_slots() else {
                    return Some(Err("no store".into()));
                };
                let done = if cmd == "host.credentials_lost" {
                    self.credentials.delete(&slots.device_binding)
                } else {
                    self.credentials
                        .set(&slots.device_binding, &DeviceSecret::random())
                };
                done.map(|_| Value::Null).map_err(|e| e.message())
            }
            "host.idle_lock" => {
                // As if nobody had touched the app for a day: the backend's own
                // idle lock (the watchdog's call).
                let later = std::time::Instant::now() + std::time::Duration::from_secs(86_400);
                Ok(json!(self.state.lock_if_idle(later)))
            }
            "host.break_audit_chain" => {
                // An insider deleting one entry behind the app's back, as the
                // core's own tests do: the chain's check must say where.
                let seq = args.get("seq").and_then(Value::as_i64).unwrap_or(2);
                self.state.with_open(|store, _| {
                    store
                        .raw_connection_for_tests()
                        .execute_batch(&format!(
                            "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = {seq};"
                        ))
                        .map_err(|_| ApiError::bad_request())
                })
                .map(|_| Value::Null)
                .map_err(|e| e.message)
            }
            _ => return None,
        })
    }
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("madoguchi-testhost-{}", std::process::id()))
        });
    std::fs::create_dir_all(&root).expect("the host's folder");
    let credentials: Arc<dyn CredentialStore> = Arc::new(MemoryCredentialStore::new());
    let mut host = Host {
        state: AppState::new(DataDir::new(root.join("data")), Ok(credentials.clone())),
        credentials,
        device_secrets: Default::default(),
        desktop: HostDesktop::default(),
        root: root.clone(),
    };
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let request: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                let _ = writeln!(
                    stdout,
                    "{}",
                    json!({ "id": null, "host_error": e.to_string() })
                );
                continue;
            }
        };
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let cmd = request
            .get("cmd")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let args = request.get("args").cloned().unwrap_or(Value::Null);
        let answer = match host.own(cmd, &args) {
            Some(Ok(v)) => json!({ "id": id, "ok": v }),
            Some(Err(e)) => json!({ "id": id, "host_error": e }),
            None => match dispatch(&Ctx::new(&host.state, &host.desktop), cmd, args) {
                Ok(v) => json!({ "id": id, "ok": v }),
                Err(e) => json!({ "id": id, "err": e }),
            },
        };
        let _ = writeln!(stdout, "{answer}");
        let _ = stdout.flush();
    }
    host.lock();
    let _ = std::fs::remove_dir_all(&root);
    let demo = root.join("data-demo");
    let _ = std::fs::remove_dir_all(demo);
}
