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
        }
    }

    pub fn emit(&mut self, d: &Diagnostic) {
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
                let files = SimpleFile::new(file.name.as_str(), file.text.as_str());
                let start = span.start.min(file.text.len());
                let end = span.end.clamp(start, file.text.len());
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
            eprintln!("{d}");
        }
    }
}
