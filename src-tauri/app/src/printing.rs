//! Printing through the OS print system. On Linux and macOS that is CUPS:
//! the printers come from `lpstat`, and a PDF is piped to `lp` on its
//! standard input, so no copy of the letter is ever written to a temp
//! folder by the app. (CUPS itself may keep the job in its spool; see the
//! README for `PreserveJobFiles`.) Windows is not supported yet: letters are
//! saved as PDF and printed from the PDF viewer.
//!
//! The job title is `madoguchi-<kind>-<id>`, never a name: print queues and
//! their logs are visible to other users of the PC.

use crate::ipc::{ApiError, Printers};
use madoguchi_core::kernel::error::ErrorCode;

#[cfg(unix)]
fn run(cmd: &str, args: &[&str]) -> Option<String> {
    // lp and lpstat translate their output; parse it in English.
    let out = std::process::Command::new(cmd)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(unix)]
pub fn printers() -> Printers {
    let Some(list) = run("lpstat", &["-e"]) else {
        return Printers {
            printers: Vec::new(),
            default: None,
            unavailable: "印刷の仕組み（CUPS）が見つかりません。PDFで保存して印刷してください。"
                .into(),
        };
    };
    let printers: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let default = run("lpstat", &["-d"])
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("system default destination:")
                    .map(|d| d.trim().to_string())
            })
        })
        .filter(|d| printers.contains(d));
    let unavailable = if printers.is_empty() {
        "使えるプリンターがありません。OSのプリンター設定を確認してください。".into()
    } else {
        String::new()
    };
    Printers {
        printers,
        default,
        unavailable,
    }
}

#[cfg(not(unix))]
pub fn printers() -> Printers {
    Printers {
        printers: Vec::new(),
        default: None,
        unavailable:
            "このPCでは窓口から直接印刷できません。PDFで保存し、PDFビューアーから印刷してください。"
                .into(),
    }
}

/// Sends a PDF to `printer` at its actual size (a window envelope needs the
/// address where it was placed). Returns the CUPS job id.
#[cfg(unix)]
pub fn print_pdf(printer: &str, title: &str, pdf: &[u8]) -> Result<String, ApiError> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let known = printers();
    if !known.printers.iter().any(|p| p == printer) {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "選んだプリンターが見つかりません。プリンターを選び直してください。",
        ));
    }
    let failed = || {
        ApiError::new(
            ErrorCode::PrintFailed,
            "印刷を開始できませんでした。プリンターの状態を確認してください。",
        )
    };
    let mut child = Command::new("lp")
        .args([
            "-d",
            printer,
            "-t",
            title,
            "-o",
            "media=A4",
            "-o",
            "print-scaling=none",
            "-o",
            "fit-to-page=false",
        ])
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| failed())?;
    child
        .stdin
        .take()
        .ok_or_else(failed)?
        .write_all(pdf)
        .map_err(|_| failed())?;
    let out = child.wait_with_output().map_err(|_| failed())?;
    if !out.status.success() {
        return Err(failed());
    }
    // "request id is Madoguchi-PDF-12 (0 file(s))"
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .nth(3)
        .unwrap_or_default()
        .to_string())
}

#[cfg(not(unix))]
pub fn print_pdf(_printer: &str, _title: &str, _pdf: &[u8]) -> Result<String, ApiError> {
    Err(ApiError::new(
        ErrorCode::PrintUnsupported,
        &printers().unavailable,
    ))
}
