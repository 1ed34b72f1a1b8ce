//! Reading profiles: bytes → spanned tree → validated [`Profile`], with every problem located.

mod date;
mod json;
pub mod model;
pub mod source;
pub mod tree;
mod validate;

use std::sync::Arc;

pub use model::*;
pub use validate::{Checker, Fields, slug};

use crate::diag::{Diagnostic, SourceFile};

/// How strictly to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Unknown fields are errors rather than warnings.
    pub strict: bool,
}

/// A profile that passed validation, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub profile: Profile,
    pub source: Arc<SourceFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Read a profile from its bytes. `name` is how messages refer to the file.
///
/// On failure, every diagnostic is returned (errors and warnings, in source order).
pub fn load(name: &str, bytes: &[u8], options: LoadOptions) -> Result<Loaded, Vec<Diagnostic>> {
    let source = source::prepare(name, bytes)?;
    let text = source.text.as_str();
    let root = match tree::parse(text, &crate::limits::Tree::default()) {
        Ok(root) => root,
        Err(err) => return Err(syntax_diagnostics(&source, err)),
    };
    let strings = source::check_strings(&root, &source);
    let mut checker = validate::Checker::new(&source, options.strict);
    let profile = checker.profile(&root);
    let mut diags = checker.diagnostics;
    diags.extend(strings);
    diags.sort_by_key(|d| d.location.as_ref().map_or(0, |(_, s)| s.start));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Loaded {
        profile,
        source,
        warnings: diags,
    })
}

/// A syntax error, and the further ones found with it, as diagnostics.
pub fn syntax_diagnostics(source: &Arc<SourceFile>, err: tree::SyntaxError) -> Vec<Diagnostic> {
    let json = tree::looks_like_json(&source.text);
    let kind = if json { "JSON" } else { "YAML" };
    let hint = match json {
        true => "check for a missing comma, quote or bracket just before this point",
        false => {
            "check the indentation and quoting just before this point; text with `: ` or a leading `*`, `[`, `{`, `@` or `` ` `` needs quotes"
        }
    };
    let limit = err.message.contains("more than") || err.message.contains("deeper than");
    let first = Diagnostic::error(format!("invalid {kind}: {}", err.message)).at(source, err.span);
    let m = err.message.as_str();
    let specific = match () {
        _ if limit => {
            "vitae limits what one file may hold (docs/limits.md); a real profile is far below it"
        }
        _ if m.contains("second YAML document") => {
            "remove the `---` or `...` line and what follows, or put each profile in its own file"
        }
        _ if m.contains("found a tab") => {
            "YAML indents with spaces, never tabs: replace the tab with spaces"
        }
        _ if m.contains("mapping values are not allowed") => {
            "a `: ` inside unquoted text starts a new key: put the whole text in quotes, or check this line's indentation"
        }
        _ if m.contains("unknown anchor") => {
            "a value starting with `*` is a YAML alias: put the text in quotes, e.g. \"**40%** faster\""
        }
        _ if m.contains("unexpected character") => {
            "text starting with `@` or `` ` `` must be put in quotes"
        }
        _ if m.contains("did not find expected key") => {
            "check this line's indentation against the lines above it"
        }
        _ if m.contains("quoted scalar") => "a quoted text is not closed: add its closing quote",
        _ => hint,
    };
    let first = first.hint(specific);
    let mut diags = vec![first];
    diags.extend(
        err.more
            .into_iter()
            .map(|(span, m)| Diagnostic::error(m).at(source, span)),
    );
    diags
}
