//! The only place that prints diagnostics: compiler-style `error:` / `┌─ file:line:col` /
//! `hint:` blocks on a terminal, the same content without colour elsewhere.

use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as Cs, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};

use crate::diag::{Diagnostic, Severity};

pub struct Reporter {
    stream: termcolor::StandardStream,
    config: Config,
    /// Warnings already shown: a profile's warning is said once, not once per document.
    shown: std::collections::HashSet<Diagnostic>,
}

impl Reporter {
    pub fn stderr() -> Reporter {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let choice = if color {
            termcolor::ColorChoice::Auto
        } else {
            termcolor::ColorChoice::Never
        };
        Reporter {
            stream: termcolor::StandardStream::stderr(choice),
            config: Config::default(),
            shown: std::collections::HashSet::new(),
        }
    }

    pub fn emit(&mut self, d: &Diagnostic) {
        if !d.is_error() && !self.shown.insert(d.clone()) {
            return;
        }
        let d = &terminal_safe(d);
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut notes: Vec<String> = Vec::new();
        if d.location.is_none()
            && let Some(f) = &d.field
        {
            notes.push(format!("in `{f}`"));
        }
        notes.extend(d.hints.iter().map(|h| format!("hint: {h}")));
        let cs = Cs::new(severity).with_message(&d.message).with_notes(notes);
        let result = match &d.location {
            Some((file, span)) => {
                let (text, map) = visible(&file.text);
                let name = escape(&file.name);
                let files = SimpleFile::new(name.as_str(), text.as_str());
                let start = map(span.start).min(text.len());
                let end = map(span.end).clamp(start, text.len());
                let label = Label::primary((), start..end);
                let label = match &d.field {
                    Some(f) => label.with_message(format!("in `{f}`")),
                    None => label,
                };
                term::emit(
                    &mut self.stream.lock(),
                    &self.config,
                    &files,
                    &cs.with_labels(vec![label]),
                )
            }
            None => {
                let files = SimpleFile::new("", "");
                term::emit(&mut self.stream.lock(), &self.config, &files, &cs)
            }
        };
        if result.is_err() {
            tell!("{d}");
        }
    }
}

/// Characters that would act on a terminal instead of printing: controls (an ANSI escape in a
/// profile could recolour or rewrite the log), noncharacters, and bidirectional overrides
/// (which reorder what is shown).
fn unsafe_char(c: char) -> bool {
    crate::profile::source::forbidden(c).is_some()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Text for a message: unsafe characters written as `\u{1b}`.
pub(crate) fn escape(text: &str) -> String {
    match text.chars().any(unsafe_char) {
        false => text.to_string(),
        true => text
            .chars()
            .map(|c| match unsafe_char(c) {
                true => format!("\\u{{{:x}}}", c as u32),
                false => c.to_string(),
            })
            .collect(),
    }
}

/// A diagnostic whose own words are safe to print.
fn terminal_safe(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        message: escape(&d.message),
        field: d.field.as_deref().map(escape),
        hints: d.hints.iter().map(|h| escape(h)).collect(),
        ..d.clone()
    }
}

/// Source text for a snippet, with unsafe characters shown as visible symbols (`␀`, `␛`,
/// `�`), and a map from byte offsets in the original to offsets in the shown text.
fn visible(text: &str) -> (String, impl Fn(usize) -> usize) {
    let mut shown = String::with_capacity(text.len());
    // (offset in the original after which, extra bytes so far)
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut extra: isize = 0;
    for (i, c) in text.char_indices() {
        if !unsafe_char(c) {
            shown.push(c);
            continue;
        }
        let symbol = match c as u32 {
            n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
            0x7f => '\u{2421}',
            _ => '\u{fffd}',
        };
        shown.push(symbol);
        extra += symbol.len_utf8() as isize - c.len_utf8() as isize;
        shifts.push((i + c.len_utf8(), extra));
    }
    let map = move |offset: usize| {
        let before = shifts.partition_point(|&(at, _)| at <= offset);
        let shift = before.checked_sub(1).map_or(0, |i| shifts[i].1);
        offset.saturating_add_signed(shift)
    };
    (shown, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_reach_the_terminal() {
        assert_eq!(escape("key \u{1b}[31m"), "key \\u{1b}[31m");
        let (shown, map) = visible("a\u{1b}b\u{0}c\u{202e}d\u{10ffff}e");
        assert_eq!(shown, "a\u{241b}b\u{2400}c\u{fffd}d\u{fffd}e");
        assert_eq!(&shown[map(0)..map(1)], "a");
        assert_eq!(&shown[map(1)..map(2)], "\u{241b}");
        assert_eq!(&shown[map(2)..map(3)], "b");
        assert_eq!(&shown[map(5)..map(8)], "\u{fffd}");
        assert_eq!(&shown[map(8)..map(9)], "d");
        assert_eq!(&shown[map(13)..map(14)], "e");
    }
}
