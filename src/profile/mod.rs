//! Reading profiles: bytes → spanned tree → validated [`Profile`], with every problem located.

pub mod compose;
mod date;
pub mod export;
mod json;
pub mod letter;
pub mod model;
pub mod rendercv;
pub mod schema;
pub mod source;
pub mod tree;
mod validate;

use std::sync::Arc;

pub use model::*;
pub use validate::{Checker, Fields, slug};

use crate::diag::{Diagnostic, SourceFile};
pub use compose::{Assignment, Sources};
use tree::Node;

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
    /// The profile's own file.
    pub source: Arc<SourceFile>,
    /// Every text the profile was composed of (the file, overlays, assignments).
    pub sources: Sources,
    /// The composed tree it was read from, kept for assignments (variants, `--set`).
    pub tree: Arc<Node>,
    pub options: LoadOptions,
    pub warnings: Vec<Diagnostic>,
    /// The warnings about the texts themselves (bidirectional controls, private-use
    /// characters), kept for when the tree is read again.
    texts: Vec<Diagnostic>,
}

impl Loaded {
    /// `d` placed where `span` (a span of this profile's tree) was written.
    pub fn at(&self, d: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        self.sources.at(d, span)
    }

    /// The profile with assignments applied to its tree, read again: what a variant's `set`
    /// and `--set` make. Problems point at the assignment (its path, or the value written).
    pub fn assign(
        &self,
        settings: &[Setting],
        written: &[Assignment],
    ) -> Result<Loaded, Vec<Diagnostic>> {
        self.compose(&[], settings, written)
    }

    /// The profile with overlay files merged over its tree (as `--with` does), then
    /// assignments applied, read again.
    pub fn compose(
        &self,
        overlays: &[(String, Vec<u8>)],
        settings: &[Setting],
        written: &[Assignment],
    ) -> Result<Loaded, Vec<Diagnostic>> {
        if overlays.is_empty() && settings.is_empty() && written.is_empty() {
            return Ok(self.clone());
        }
        let mut sources = self.sources.clone();
        let mut root = (*self.tree).clone();
        let mut diags = Vec::new();
        let mut texts = self.texts.clone();
        for (name, bytes) in overlays {
            match parse_file(name, bytes) {
                Ok((file, mut tree, more)) => {
                    texts.extend(more);
                    let base = sources.add(&file, false).map_err(|d| vec![d])?;
                    compose::shift(&mut tree, base);
                    compose::merge(&mut root, tree);
                }
                Err(more) => diags.extend(more),
            }
        }
        for s in settings {
            let placed = compose::assign(
                &mut root,
                &s.path.value,
                s.path.span.clone(),
                s.value.clone(),
            )
            .map_err(|d| sources.at(d, s.path.span.clone()));
            diags.extend(placed.err());
        }
        for a in written {
            let base = match sources.add(&a.file, true) {
                Ok(base) => base,
                Err(d) => {
                    diags.push(d);
                    break;
                }
            };
            let mut value = a.value.clone();
            compose::shift(&mut value, base);
            let span = a.path_span.start + base..a.path_span.end + base;
            let placed = compose::assign(&mut root, &a.path, span.clone(), value)
                .map_err(|d| sources.at(d, span));
            diags.extend(placed.err());
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        read(root, sources, self.options, texts)
    }
}

/// Read a profile from its bytes. `name` is how messages refer to the file.
///
/// On failure, every diagnostic is returned (errors and warnings, in source order).
pub fn load(name: &str, bytes: &[u8], options: LoadOptions) -> Result<Loaded, Vec<Diagnostic>> {
    load_layers(name, bytes, &[], options)
}

/// Read a profile with overlay files merged over it, in order (`--with`; see
/// [`compose::merge`]). Each overlay's problems point into the overlay.
pub fn load_layers(
    name: &str,
    bytes: &[u8],
    overlays: &[(String, Vec<u8>)],
    options: LoadOptions,
) -> Result<Loaded, Vec<Diagnostic>> {
    let (source, mut root, mut strings) = parse_file(name, bytes)?;
    let mut sources = Sources::new(source.clone());
    if rendercv::is_rendercv(&root) {
        let (tree, notes, dialect) = rendercv::convert(&root);
        root = tree;
        sources.dialect = Some(dialect);
        strings.extend(notes.into_iter().map(|n| {
            Diagnostic::warning(n.message)
                .at(&source, n.span)
                .field(n.field)
                .hint(n.hint)
        }));
    }
    let mut diags = Vec::new();
    for (name, bytes) in overlays {
        match parse_file(name, bytes) {
            Ok((file, mut tree, more)) => {
                strings.extend(more);
                let base = sources.add(&file, false).map_err(|d| vec![d])?;
                compose::shift(&mut tree, base);
                compose::merge(&mut root, tree);
            }
            Err(more) => diags.extend(more),
        }
    }
    if !diags.is_empty() {
        diags.extend(strings);
        return Err(diags);
    }
    read(root, sources, options, strings)
}

/// A file's text and tree, with the problems of its strings (control characters, …); a
/// syntax error is the end of it.
fn parse_file(
    name: &str,
    bytes: &[u8],
) -> Result<(Arc<SourceFile>, Node, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = source::prepare(name, bytes)?;
    let root = tree::parse(&source.text, &crate::limits::Tree::default())
        .map_err(|err| syntax_diagnostics(&source, err))?;
    let strings = source::check_strings(&root, &source);
    Ok((source, root, strings))
}

/// Validate a composed tree; `found` are problems already found in its texts.
fn read(
    root: Node,
    sources: Sources,
    options: LoadOptions,
    found: Vec<Diagnostic>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut checker = validate::Checker::composed(&sources, options.strict);
    let profile = checker.profile(&root);
    let mut diags = checker.diagnostics;
    // A RenderCV file's problems name RenderCV's fields.
    if let Some(dialect) = &sources.dialect {
        for d in &mut diags {
            if let Some(theirs) = d.field.as_deref().and_then(|f| dialect.their_path(f)) {
                d.field = Some(theirs);
            }
        }
    }
    diags.extend(found.iter().cloned());
    diags.sort_by_key(|d| {
        d.location
            .as_ref()
            .map_or((usize::MAX, 0), |(f, s)| (sources.index_of(f), s.start))
    });
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Loaded {
        profile,
        source: sources.main().clone(),
        sources,
        tree: Arc::new(root),
        options,
        warnings: diags,
        texts: found,
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
