//! Bytes → a text that diagnostics can point into, for profiles and plans alike.
//!
//! Positions are byte offsets into the text as stored in [`SourceFile`]: UTF-8, without a
//! byte-order mark, with every line ending turned into `\n` (so CR-only and CRLF files get the
//! right line numbers), and free of control characters, which YAML would silently stop at (NUL)
//! or print as garbage.

use std::sync::Arc;

use super::tree::{Node, Value};
use crate::diag::{Diagnostic, SourceFile};

/// At most this many control characters are listed; the rest are counted.
const LISTED: usize = 10;

/// Decode and normalise a file's bytes. `name` is how messages refer to the file.
pub fn prepare(name: &str, bytes: &[u8]) -> Result<Arc<SourceFile>, Vec<Diagnostic>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let valid = normalise(valid.strip_prefix('\u{feff}').unwrap_or(valid));
            let at = valid.len();
            let file = SourceFile::new(name, valid);
            return Err(vec![
                Diagnostic::error("the file is not UTF-8 text")
                    .at(&file, at..at)
                    .hint(format!(
                        "byte {} is not valid UTF-8; save the file as UTF-8 (any editor can)",
                        e.valid_up_to()
                    )),
            ]);
        }
    };
    let text = normalise(text.strip_prefix('\u{feff}').unwrap_or(text));
    let file = SourceFile::new(name, text);
    let mut diags = Vec::new();
    let mut found = 0;
    for (i, c) in file.text.char_indices() {
        if let Some(what) = forbidden(c) {
            found += 1;
            if found <= LISTED {
                let hint = match c {
                    '\0' => {
                        "a NUL byte ends YAML early and would drop the rest of the file; remove it"
                    }
                    _ => "remove it: it is invisible and cannot be printed",
                };
                diags.push(
                    Diagnostic::error(format!("{what} in the file"))
                        .at(&file, i..i + c.len_utf8())
                        .hint(hint),
                );
            }
        }
    }
    if found > LISTED {
        diags.push(Diagnostic::error(format!(
            "{} more control characters in `{name}`",
            found - LISTED
        )));
    }
    match diags.is_empty() {
        true => Ok(file),
        false => Err(diags),
    }
}

/// `\r\n` and a lone `\r` become `\n`; other text is unchanged.
fn normalise(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A character no text of a profile may hold: C0 and C1 controls (tab and line feed aside),
/// DEL, and Unicode noncharacters. Returns how to name it in a message.
pub fn forbidden(c: char) -> Option<String> {
    let n = c as u32;
    let control = (n < 0x20 && c != '\t' && c != '\n') || (0x7f..=0x9f).contains(&n);
    let nonchar = (0xfdd0..=0xfdef).contains(&n) || n & 0xfffe == 0xfffe;
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        '\r' => " (carriage return)",
        _ => "",
    };
    match (control, nonchar) {
        (true, _) => Some(format!("control character U+{n:04X}{name}")),
        (_, true) => Some(format!("noncharacter U+{n:04X}")),
        _ => None,
    }
}

/// An embedding, override or isolate control: what it shows differs from what it holds.
fn bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A private-use character: no font vitae embeds draws it, and ATS software cannot read it.
fn private_use(c: char) -> bool {
    matches!(c as u32, 0xe000..=0xf8ff | 0xf0000..=0xffffd | 0x100000..=0x10fffd)
}

/// Control characters that came from escapes (`"\u0007"`, `"\e"`) in keys and values, which
/// the scan of the raw text cannot see; private-use characters as warnings.
pub fn check_strings(root: &Node, file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut stack = vec![root];
    let check = |text: &str, span: &std::ops::Range<usize>, diags: &mut Vec<Diagnostic>| {
        if let Some(what) = text.chars().find_map(forbidden) {
            diags.push(
                Diagnostic::error(format!("{what} in text"))
                    .at(file, span.clone())
                    .hint(
                        "remove the escape that writes it: it is invisible and cannot be printed",
                    ),
            );
        } else if let Some(c) = text.chars().find(|&c| bidi_override(c)) {
            diags.push(
                Diagnostic::warning(format!(
                    "bidirectional control U+{:04X} changes the order in which text is shown",
                    c as u32
                ))
                .at(file, span.clone())
                .hint("remove it unless you mean to reorder this text; vitae lays out right-to-left scripts by itself"),
            );
        } else if let Some(c) = text.chars().find(|&c| private_use(c)) {
            diags.push(
                Diagnostic::warning(format!(
                    "private-use character U+{:04X} prints as an empty box",
                    c as u32
                ))
                .at(file, span.clone())
                .hint("no built-in font has it and ATS software cannot read it; write plain text instead"),
            );
        }
    };
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Str(s) => check(s, &node.span, &mut diags),
            Value::Seq(items) => stack.extend(items.iter().rev()),
            Value::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    stack.push(value);
                    check(&key.name, &key.span, &mut diags);
                }
            }
            _ => {}
        }
    }
    diags.sort_by_key(|d| d.location.as_ref().map_or(0, |(_, s)| s.start));
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_line_feeds() {
        let file = prepare("p.yaml", b"a: 1\r\nb: 2\rc: 3\n").unwrap();
        assert_eq!(file.text, "a: 1\nb: 2\nc: 3\n");
        assert_eq!(file.line_col(file.text.find('c').unwrap()), (3, 1));
    }

    #[test]
    fn controls_are_located_errors() {
        let diags = prepare("p.yaml", b"a: 1\nb: x\x00y\n").unwrap_err();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].position().unwrap(), "p.yaml:2:5");
        assert!(diags[0].message.contains("U+0000 (NUL)"));
        let diags = prepare("p.yaml", "a: \u{9b}31m\n".as_bytes()).unwrap_err();
        assert!(diags[0].message.contains("U+009B"));
        assert!(prepare("p.yaml", "a: \u{fdd0}".as_bytes()).is_err());
        assert!(prepare("p.yaml", "a: \u{ffff}".as_bytes()).is_err());
        assert!(prepare("p.yaml", "a:\tb ü € 🚀\n".as_bytes()).is_ok());
    }

    #[test]
    fn invalid_utf8_is_located_where_it_starts() {
        let diags = prepare("p.yaml", b"a: 1\r\nb: \xff\n").unwrap_err();
        assert_eq!(diags[0].position().unwrap(), "p.yaml:2:4");
    }
}
