//! Reading profiles: bytes → spanned tree → validated [`Profile`], with every problem located.

mod date;
pub mod model;
pub mod tree;
mod validate;

use std::sync::Arc;

pub use model::*;
pub use validate::slug;

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
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let file = SourceFile::new(name, valid);
            let at = e.valid_up_to();
            return Err(vec![
                Diagnostic::error("the file is not UTF-8 text")
                    .at(&file, at..at)
                    .hint("save the profile as UTF-8 (any editor can)"),
            ]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let root = match tree::parse(text) {
        Ok(root) => root,
        Err(err) => {
            let kind = if tree::looks_like_json(text) {
                "JSON"
            } else {
                "YAML"
            };
            let mut diags = vec![
                Diagnostic::error(format!("invalid {kind}: {}", err.message))
                    .at(&source, err.span.clone())
                    .hint(match kind {
                        "JSON" => "check for a missing comma, quote or bracket just before this point",
                        _ => "check the indentation and quoting just before this point; text with `: ` or a leading `*`, `[`, `{`, `@` or `` ` `` needs quotes",
                    }),
            ];
            diags.extend(
                err.more
                    .into_iter()
                    .map(|(span, m)| Diagnostic::error(m).at(&source, span)),
            );
            return Err(diags);
        }
    };
    let mut checker = validate::Checker::new(&source, options.strict);
    let profile = checker.profile(&root);
    let mut diags = checker.diagnostics;
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
