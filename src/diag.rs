//! Problems a person can act on: what, where (`file:line:column`), which field, and a hint.
//!
//! Stages produce [`Diagnostic`]s as data; only the CLI's printer turns them into text.

use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A named source text that diagnostics point into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// The path as the user wrote it (for messages), not canonicalised.
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(SourceFile {
            name: name.into(),
            text: text.into(),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where in which file, if the problem has a place.
    pub location: Option<(Arc<SourceFile>, Range<usize>)>,
    /// The field path, e.g. `work[0].highlights[2]`.
    pub field: Option<String>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            field: None,
            hints: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Place the problem in `file`. The span is widened to whole characters here, once, so a
    /// stage may say "the byte after this key" without knowing how long that character is.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        let text = &file.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        self.location = Some((file.clone(), start..end));
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        if !field.is_empty() {
            self.field = Some(field);
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just the file name, or nothing.
    pub fn position(&self) -> Option<String> {
        let (file, span) = self.location.as_ref()?;
        let (line, col) = file.line_col(span.start);
        Some(format!("{}:{line}:{col}", file.name))
    }
}

impl std::fmt::Display for Diagnostic {
    /// One plain line (for reports and logs): `file:line:col: error: message (field `x`)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(pos) = self.position() {
            write!(f, "{pos}: ")?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (in `{field}`)")?;
        }
        for hint in &self.hints {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a stage could not finish, with what to tell the user: the input's fault (exit code 1)
/// or vitae's (exit code 3).
#[derive(Debug, Clone)]
pub struct Failed {
    pub cause: Cause,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// Something in the profile, plan, photo or custom template.
    Input,
    /// A bug in vitae.
    Internal,
}

impl Failed {
    pub fn input(diagnostics: Vec<Diagnostic>) -> Failed {
        Failed {
            cause: Cause::Input,
            diagnostics,
        }
    }

    pub fn internal_diagnostics(diagnostics: Vec<Diagnostic>) -> Failed {
        Failed {
            cause: Cause::Internal,
            diagnostics,
        }
    }

    /// A bug in vitae, described.
    pub fn internal(message: impl Into<String>) -> Failed {
        Failed::internal_diagnostics(vec![
            Diagnostic::error(message).hint("this is a bug in vitae; please report it"),
        ])
    }
}

std::thread_local! {
    /// Where the last panic on this thread happened (set by the hook of [`install_panic_hook`]).
    static PANIC_LOCATION: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics are caught and reported as "internal error" diagnostics (see [`catch`]); the hook
/// only remembers where they happened instead of printing a Rust backtrace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_LOCATION.with(|m| *m.borrow_mut() = location);
    }));
}

/// Run `f`; a panic inside it becomes an internal failure instead of unwinding further.
pub fn catch<T>(f: impl FnOnce() -> Result<T, Failed>) -> Result<T, Failed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        Err(Failed::internal_diagnostics(vec![panic_diagnostic(
            &*payload,
        )]))
    })
}

/// The "internal error" diagnostic for a caught panic.
pub fn panic_diagnostic(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let message = match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "unknown panic".into(),
    };
    let location = PANIC_LOCATION
        .with(|m| m.borrow_mut().take())
        .map(|l| format!(" at {l}"))
        .unwrap_or_default();
    Diagnostic::error(format!("internal error: {message}{location}"))
        .hint("this is a bug in vitae; please report it with the profile that caused it")
}

/// The closest of `candidates` to a misspelt `word`, if any is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("p.yaml", "a: 1\nbé: x\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(5), (2, 1));
        assert_eq!(file.line_col(10), (2, 5));
    }

    #[test]
    fn spans_are_widened_to_whole_characters() {
        let file = SourceFile::new("p.yaml", "a\u{feff}b");
        let d = Diagnostic::error("x").at(&file, 1..2);
        assert_eq!(d.location.unwrap().1, 1..4);
        let d = Diagnostic::error("x").at(&file, 2..99);
        assert_eq!(d.location.unwrap().1, 1..5);
    }

    #[test]
    fn suggestions_are_close_words_only() {
        let keys = ["highlights", "summary", "startDate"];
        assert_eq!(did_you_mean("higlights", keys), Some("highlights"));
        assert_eq!(did_you_mean("startdate", keys), Some("startDate"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
