//! Cover letters: one short file per application (YAML or JSON), read and checked like a
//! profile — every problem at its `file:line:column` with the field and a hint. The sender is
//! the profile; the letter holds only what is its own (docs/letters.md):
//!
//! ```yaml
//! to:
//!   name: Grace Hopper
//!   title: Head of Engineering
//!   organization: Acme Corp
//!   address: [1 Main Street, Springfield]
//! date: 2026-11-30            # else the document's date (SOURCE_DATE_EPOCH), else today
//! subject: Application for the Staff Engineer role
//! salutation: Dear Ms Hopper, # else the language's, with `to.name`
//! body:
//!   - I have built payment systems for eight years …   # inline Markdown
//!   - - a bullet                                        # a list of bullets
//!     - another
//! closing: Kind regards,      # else the language's
//! signature: Ada Lovelace     # else the profile's name
//! enclosure: true             # "Enclosure: Résumé" in the language, or your own words
//! variant: backend            # the profile's variant to send it with
//! lang: de
//! ```

use std::ops::Range;
use std::sync::Arc;

use super::model::{Date, Spanned};
use super::tree::{self, Value};
use super::{Checker, source};
use crate::diag::{Diagnostic, SourceFile};

/// A letter, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The file's name without its extension (`acme`): part of the documents' names.
    pub name: String,
    pub to: Recipient,
    pub date: Option<Date>,
    pub subject: Option<String>,
    pub salutation: Option<String>,
    pub body: Vec<Part>,
    pub closing: Option<String>,
    pub signature: Option<String>,
    pub enclosure: Enclosure,
    /// The profile's variant to send it with.
    pub variant: Option<Spanned<String>>,
    pub lang: Option<Spanned<String>>,
    /// The letter's own file, for problems found later (a letter too long for its page).
    pub file: Arc<SourceFile>,
    /// Where `body` is written.
    pub body_at: Range<usize>,
    /// What reading it warned about (an unknown key), to be shown once.
    pub warnings: Vec<Diagnostic>,
    /// The tree it was read from, with each text's place (to locate characters no font has).
    pub tree: Arc<tree::Node>,
}

/// Who the letter goes to; every line optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipient {
    pub name: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub address: Vec<String>,
}

/// A paragraph of the body (inline Markdown), or a list of bullets.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Paragraph(String),
    List(Vec<String>),
}

/// The enclosure line at the foot.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Enclosure {
    #[default]
    None,
    /// The language's "Enclosure: Résumé".
    Resume,
    Own(String),
}

/// The letter in `bytes` (named `name`: its path, for messages), or every problem in it;
/// `strict` makes an unknown key an error, as for profiles.
pub fn load(name: &str, bytes: &[u8], strict: bool) -> Result<Letter, Vec<Diagnostic>> {
    let file = source::prepare(name, bytes)?;
    let root = tree::parse(&file.text, &crate::limits::Tree::default())
        .map_err(|e| super::syntax_diagnostics(&file, e))?;
    let mut c = Checker::new(&file, strict);
    c.diagnostics.extend(source::check_strings(&root, &file));
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "letter".into());
    let mut letter = Letter {
        name: stem,
        to: Recipient::default(),
        date: None,
        subject: None,
        salutation: None,
        body: Vec::new(),
        closing: None,
        signature: None,
        enclosure: Enclosure::None,
        variant: None,
        lang: None,
        file: file.clone(),
        body_at: 0..0,
        warnings: Vec::new(),
        tree: Arc::new(root.clone()),
    };
    let Some(mut f) = c.fields(&root, "") else {
        return Err(c.diagnostics);
    };
    if let Some(node) = f.get("to")
        && let Some(mut g) = c.fields(node, "to")
    {
        letter.to = Recipient {
            name: c.string(&mut g, "name"),
            title: c.string(&mut g, "title"),
            organization: c.string(&mut g, "organization"),
            address: match g.get("address") {
                Some(n) if matches!(n.value, Value::Seq(_)) => {
                    c.seq(n, "to.address", |c, item, p| c.scalar_string(item, p))
                }
                // One line, or lines written as a block (`address: |`).
                Some(n) => c
                    .scalar_string(n, "to.address")
                    .map(|s| s.lines().map(|l| l.trim().to_string()).collect())
                    .unwrap_or_default(),
                None => Vec::new(),
            },
        };
        c.finish(g);
    }
    letter.date = c.date(&mut f, "date").map(|(d, _)| d);
    letter.subject = c.string(&mut f, "subject");
    letter.salutation = c.string(&mut f, "salutation");
    letter.closing = c.string(&mut f, "closing");
    letter.signature = c.string(&mut f, "signature");
    letter.enclosure = match f.get("enclosure").map(|n| &n.value) {
        Some(Value::Bool(true)) => Enclosure::Resume,
        Some(Value::Bool(false)) | None => Enclosure::None,
        Some(_) => c
            .string(&mut f, "enclosure")
            .map_or(Enclosure::None, Enclosure::Own),
    };
    letter.variant = f.get("variant").and_then(|n| {
        let value = c.scalar_string(n, "variant")?;
        Some(Spanned {
            value,
            span: n.span.clone(),
        })
    });
    letter.lang = c.lang(&mut f);
    match f.get("body") {
        Some(node) => {
            // Problems with the body as a whole point at its key, one line.
            letter.body_at = f.key_span("body").unwrap_or(node.span.clone());
            letter.body = c.seq(node, "body", |c, item, p| match &item.value {
                Value::Seq(_) => {
                    let items = c.seq(item, p, |c, i, q| c.scalar_string(i, q));
                    (!items.is_empty()).then_some(Part::List(items))
                }
                _ => c.scalar_string(item, p).map(|s| paragraph(&s)),
            });
            if letter.body.is_empty() && !c.diagnostics.iter().any(Diagnostic::is_error) {
                c.error(node.span.clone(), "body", "the letter's body is empty")
                    .hints
                    .push(
                        "write its paragraphs as a list: `body: [First paragraph., Second.]`"
                            .into(),
                    );
            }
        }
        None => {
            c.error(
                root.span.start..root.span.start + 1,
                "body",
                "missing `body`",
            )
            .hints
            .push("write the letter's paragraphs under `body:`, one `- ` each".into());
        }
    }
    c.finish(f);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        c.diagnostics.into_iter().partition(Diagnostic::is_error);
    match errors.is_empty() {
        true => Ok(Letter { warnings, ..letter }),
        false => {
            let mut all = errors;
            all.extend(warnings);
            Err(all)
        }
    }
}

/// A paragraph, or — when every line of it starts with `- ` or `* ` — a list of bullets.
fn paragraph(text: &str) -> Part {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let bullet = |l: &&str| l.starts_with("- ") || l.starts_with("* ");
    match lines.len() > 1 && lines.iter().all(bullet) {
        true => Part::List(lines.iter().map(|l| l[2..].trim().to_string()).collect()),
        false => Part::Paragraph(text.to_string()),
    }
}

/// Letters named on the command line or in a plan: files, and the letters in folders.
pub fn find(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    if !path.exists() {
        return Err(Diagnostic::error(format!(
            "no letter `{}`: no such file or folder",
            path.display()
        ))
        .hint("give a letter file (.yaml or .json) or a folder of them"));
    }
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Diagnostic::error(format!("cannot read folder `{}`: {e}", path.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            // (not the JSON Schema `vitae new --letter` writes beside the letters)
            p.is_file()
                && !p.to_string_lossy().ends_with(".schema.json")
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(
            Diagnostic::error(format!("no letters in `{}`", path.display()))
                .hint("letters end in .yaml, .yml or .json"),
        );
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_read_with_its_parts_and_defaults() {
        let l = load(
            "letters/acme.yaml",
            b"to:\n  name: Grace Hopper\n  address: [1 Main St, Springfield]\nsubject: Staff Engineer\nbody:\n  - First **paragraph**.\n  - [one, two]\n  - |\n    - three\n    - four\nenclosure: true\n",
            false,
        )
        .unwrap();
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
        assert_eq!(l.name, "acme");
        assert_eq!(l.to.address, ["1 Main St", "Springfield"]);
        assert_eq!(
            l.body,
            [
                Part::Paragraph("First **paragraph**.".into()),
                Part::List(vec!["one".into(), "two".into()]),
                Part::List(vec!["three".into(), "four".into()]),
            ]
        );
        assert_eq!(l.enclosure, Enclosure::Resume);
    }

    #[test]
    fn problems_are_located() {
        let e = load(
            "l.yaml",
            b"to: Acme\nbody: []\ndate: 2026-13\nsubjet: x\n",
            true,
        )
        .unwrap_err();
        let text: Vec<String> = e
            .iter()
            .map(|d| format!("{} {:?}", d.message, d.field))
            .collect();
        assert!(
            text.iter()
                .any(|t| t.contains("expected a mapping") && t.contains("to")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("2026-13")), "{text:?}");
        assert!(
            text.iter().any(|t| t.contains("unknown field `subjet`")),
            "{text:?}"
        );
        assert!(load("l.yaml", b"subject: x\n", false).is_err());
    }
}
