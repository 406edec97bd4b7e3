//! The body as text: line ends and normal form, and HTML reduced to what a
//! person reads.

use unicode_normalization::UnicodeNormalization;

/// `\r\n` and lone `\r` to `\n`, NFC, no trailing white space at the end.
pub(super) fn normalise_body(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let s: String = s.nfc().collect();
    s.trim_end().to_string()
}

/// HTML reduced to readable text: block elements become line breaks, script,
/// style and head are dropped, entities decoded, white space collapsed (a line
/// break between two Japanese characters disappears rather than becoming a space).
///
/// Not mail-parser's `html_to_text`, which breaks lines only at `<br>` and
/// `</p>` and joins every other run of white space with a space: Outlook and
/// Gmail write each line of a Japanese mail as a `<div>`, so a whole request
/// would come out as one line, and a line folded between two Japanese
/// characters would gain a space that was never typed.
pub(super) fn html_to_text(html: &str) -> String {
    const BLOCKS: [&str; 24] = [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
        "hr",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "address",
    ];
    let mut out = String::with_capacity(html.len());
    let mut pending_space = false;
    let mut pending_newline_only = false;
    let mut skip_until: Option<&'static str> = None;
    let mut in_pre = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    let push_text = |out: &mut String, text: &str, pending_space: &mut bool, nl_only: &mut bool| {
        for c in text.chars() {
            if *pending_space {
                let prev_wide = out
                    .chars()
                    .next_back()
                    .is_some_and(|p| !p.is_ascii() && p != '\n');
                let drop = *nl_only && prev_wide && !c.is_ascii();
                if !drop && !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
                    out.push(' ');
                }
                *pending_space = false;
                *nl_only = false;
            }
            out.push(c);
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // comment
            if html[i..].starts_with("<!--") {
                i = html[i + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |p| i + 4 + p + 3);
                continue;
            }
            let (tag, end) = match html[i..].find('>') {
                Some(p) => (&html[i + 1..i + p], i + p + 1),
                None => (&html[i + 1..], bytes.len()),
            };
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            i = end;
            if let Some(until) = skip_until {
                if closing && name == until {
                    skip_until = None;
                }
                continue;
            }
            match name.as_str() {
                "script" if !closing => skip_until = Some("script"),
                "style" if !closing => skip_until = Some("style"),
                "head" if !closing => skip_until = Some("head"),
                "title" if !closing => skip_until = Some("title"),
                "pre" => {
                    if closing {
                        in_pre = in_pre.saturating_sub(1)
                    } else {
                        in_pre += 1
                    }
                    out.push('\n');
                    pending_space = false;
                }
                "td" | "th" if !closing => {
                    pending_space = true;
                    pending_newline_only = false;
                }
                n if BLOCKS.contains(&n) => {
                    // <br> always breaks; other blocks do not stack blank lines
                    if n == "br" || !out.ends_with('\n') {
                        out.push('\n');
                    }
                    pending_space = false;
                }
                _ => {}
            }
            continue;
        }
        let next = html[i..].find('<').map_or(bytes.len(), |p| i + p);
        let chunk = &html[i..next];
        i = next;
        if skip_until.is_some() {
            continue;
        }
        let decoded = decode_entities(chunk);
        if in_pre > 0 {
            out.push_str(&decoded);
            continue;
        }
        let mut word = String::new();
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
                if !word.is_empty() {
                    push_text(
                        &mut out,
                        &word,
                        &mut pending_space,
                        &mut pending_newline_only,
                    );
                    word.clear();
                }
                if !pending_space {
                    pending_newline_only = true;
                }
                if c != '\n' && c != '\r' {
                    pending_newline_only = false;
                }
                pending_space = true;
            } else {
                word.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
        if !word.is_empty() {
            push_text(
                &mut out,
                &word,
                &mut pending_space,
                &mut pending_newline_only,
            );
        }
    }
    // tidy: no spaces at line ends, at most one blank line in a row
    let mut tidy = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || tidy.is_empty() {
                continue;
            }
            tidy.push('\n');
            continue;
        }
        blank = 0;
        tidy.push_str(line);
        tidy.push('\n');
    }
    tidy.trim_end().to_string()
}

/// Character references (`&amp;`, `&#12354;`, `&hellip;` …) decoded with
/// mail-parser's table of every HTML5 named reference; an unknown or
/// unterminated `&` stays as it is.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // A reference is short: `&` … `;` within 32 bytes (the longest
        // named reference is 31 characters long).
        let end = rest
            .char_indices()
            .take(33)
            .skip(1)
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '#' || *c == ';')
            .find(|(_, c)| *c == ';')
            .map(|(k, _)| k);
        match end {
            Some(e) => {
                mail_parser::decoders::html::add_html_token(
                    &mut out,
                    &rest.as_bytes()[..=e],
                    false,
                );
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
