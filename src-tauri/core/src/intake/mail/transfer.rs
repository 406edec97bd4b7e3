//! Transfer encodings, decoded leniently: a mail cut off in the middle still
//! yields what is there, and we know what is missing.

use super::header::hex_pair;
pub(super) struct Decoded {
    pub(super) bytes: Vec<u8>,
    /// Characters that base64 does not have (other than white space).
    pub(super) invalid: bool,
    /// The data ended inside a 4-character group: cut off.
    pub(super) partial: bool,
}

pub(super) fn decode_base64_lenient(data: &[u8]) -> Decoded {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad = [0u8; 4];
    let mut n = 0;
    let mut invalid = false;
    let mut padded = false;
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                // padding: flush what we have
                match n {
                    2 => out.push(quad[0] << 2 | quad[1] >> 4),
                    3 => {
                        out.push(quad[0] << 2 | quad[1] >> 4);
                        out.push(quad[1] << 4 | quad[2] >> 2);
                    }
                    _ => {}
                }
                if n != 0 {
                    padded = true;
                }
                n = 0;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\x0b' => continue,
            _ => {
                invalid = true;
                continue;
            }
        };
        padded = false;
        quad[n] = v;
        n += 1;
        if n == 4 {
            out.push(quad[0] << 2 | quad[1] >> 4);
            out.push(quad[1] << 4 | quad[2] >> 2);
            out.push(quad[2] << 6 | quad[3]);
            n = 0;
        }
    }
    let partial = n != 0 && !padded;
    match n {
        2 => out.push(quad[0] << 2 | quad[1] >> 4),
        3 => {
            out.push(quad[0] << 2 | quad[1] >> 4);
            out.push(quad[1] << 4 | quad[2] >> 2);
        }
        _ => {}
    }
    Decoded {
        bytes: out,
        invalid,
        partial,
    }
}

pub(super) fn decode_qp(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b == b'=' {
            // soft line break: '=' then optional white space then line end
            let mut j = i + 1;
            while j < data.len() && (data[j] == b' ' || data[j] == b'\t') {
                j += 1;
            }
            if j < data.len() && data[j] == b'\n' {
                i = j + 1;
                continue;
            }
            if j + 1 < data.len() && data[j] == b'\r' && data[j + 1] == b'\n' {
                i = j + 2;
                continue;
            }
            if j >= data.len() {
                break; // '=' at the very end
            }
            if i + 2 < data.len() {
                if let Some(v) = hex_pair(data[i + 1], data[i + 2]) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b);
        i += 1;
    }
    out
}
