//! From and To: mailboxes as Japanese mailers write them (display names in
//! raw CP932 or ISO-2022-JP, comments, quoting mistakes).

use super::header::decode_unstructured;
use super::header::tidy_line;
use super::header::unfold;
/// `display-name <addr>`, `addr (comment)` or a bare `addr`: the decoded name,
/// the lower-cased address and whether the name had undecodable characters.
/// Also copes with a whole `name <addr>` inside one encoded word.
pub(super) fn parse_mailbox(raw: &[u8]) -> (Option<String>, Option<String>, bool) {
    let s = unfold(raw);
    let s = first_mailbox(&s);
    if let Some(found) = split_mailbox(s) {
        return found;
    }
    // Some mailers encode "name <addr>" as one encoded word; decode, then look again.
    let (decoded, bad) = decode_unstructured(s);
    if let Some((name, addr, bad2)) = split_mailbox(decoded.as_bytes()) {
        return (name, addr, bad || bad2);
    }
    let name = tidy_line(&decoded);
    ((!name.is_empty()).then_some(name), None, bad)
}

pub(super) fn split_mailbox(s: &[u8]) -> Option<(Option<String>, Option<String>, bool)> {
    // <addr> outside quotes and comments
    let (mut in_quote, mut depth, mut escaped) = (false, 0usize, false);
    let mut lt = None;
    for (i, &b) in s.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => in_quote = !in_quote,
            b'(' if !in_quote => depth += 1,
            b')' if !in_quote && depth > 0 => depth -= 1,
            b'<' if !in_quote && depth == 0 => {
                lt = Some(i);
                break;
            }
            _ => {}
        }
    }
    if let Some(lt) = lt {
        let gt = s[lt..].iter().position(|&b| b == b'>').map(|p| lt + p)?;
        let addr = clean_address(&String::from_utf8_lossy(&s[lt + 1..gt]))?;
        let (name, bad) = display_name(&s[..lt]);
        return Some((name, Some(addr), bad));
    }
    // addr (comment)
    let mut comment = Vec::new();
    let mut rest = Vec::new();
    let (mut in_quote, mut depth, mut escaped) = (false, 0usize, false);
    for &b in s {
        if escaped {
            escaped = false;
            if depth > 0 {
                comment.push(b)
            } else {
                rest.push(b)
            }
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => {
                in_quote = !in_quote;
                rest.push(b);
            }
            b'(' if !in_quote => {
                if depth > 0 {
                    comment.push(b);
                }
                depth += 1;
            }
            b')' if !in_quote && depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    comment.push(b);
                }
            }
            _ if depth > 0 => comment.push(b),
            _ => rest.push(b),
        }
    }
    let rest = String::from_utf8_lossy(&rest);
    let token = rest.split_whitespace().find(|t| t.contains('@'))?;
    let addr = clean_address(token)?;
    let (name, bad) = if comment.is_empty() {
        (None, false)
    } else {
        display_name(&comment)
    };
    Some((name, Some(addr), bad))
}

/// The first mailbox of an address list (split at a comma outside quotes,
/// comments and angle brackets).
pub(super) fn first_mailbox(s: &[u8]) -> &[u8] {
    let (mut in_quote, mut depth, mut angle, mut escaped) = (false, 0usize, false, false);
    for (i, &b) in s.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => in_quote = !in_quote,
            b'(' if !in_quote => depth += 1,
            b')' if !in_quote && depth > 0 => depth -= 1,
            b'<' if !in_quote && depth == 0 => angle = true,
            b'>' if !in_quote && depth == 0 => angle = false,
            b',' if !in_quote
                && depth == 0
                && !angle
                && s[..i].iter().any(|b| !b.is_ascii_whitespace()) =>
            {
                return &s[..i];
            }
            _ => {}
        }
    }
    s
}

/// A display name: quotes removed (escapes honoured), encoded words decoded,
/// whitespace tidied, NFC.
pub(super) fn display_name(raw: &[u8]) -> (Option<String>, bool) {
    let mut unquoted = Vec::with_capacity(raw.len());
    let (mut in_quote, mut escaped) = (false, false);
    for &b in raw {
        if escaped {
            unquoted.push(b);
            escaped = false;
        } else if b == b'\\' && in_quote {
            escaped = true;
        } else if b == b'"' {
            in_quote = !in_quote;
        } else {
            unquoted.push(b);
        }
    }
    let (name, bad) = decode_unstructured(&unquoted);
    let name = tidy_line(&name);
    let name = name
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .to_string();
    ((!name.is_empty()).then_some(name), bad)
}

pub(super) fn clean_address(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c| c == '<' || c == '>').trim();
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    (s.contains('@') && s.len() <= 320 && !s.starts_with('@') && !s.ends_with('@')).then_some(s)
}
