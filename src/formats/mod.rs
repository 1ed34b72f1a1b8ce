//! The formats written from the view beside the laid-out pages: plain text for job portals'
//! forms, Markdown for READMEs, HTML for personal sites, Word for recruiters. They show what
//! the PDF shows — the same sections in the same order, the same variant and tag selection,
//! dates and language, the same condensation for a summary — because they read the very view
//! the pages were laid out from ([`crate::render::Laid::view`]).
//!
//! Each writer takes the header from [`View::basics`] and the rest as one stream of
//! [`Block`]s ([`blocks`]), so that what a section holds, and in which order, is decided once.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;

use crate::view::{Contact, Entry, LetterBlock, Paragraphs, Phrases, Run, Section, View};

/// One piece of a document's body, in reading order.
#[derive(Debug, Clone)]
pub enum Block<'a> {
    /// A section begins (its title and id); it ends at [`Block::EndSection`].
    Section {
        id: &'a str,
        title: &'a str,
    },
    EndSection,
    /// An entry begins at nesting `level` (0: in a section; 1: a position or project inside
    /// one; 2: a project inside a position); it ends at [`Block::EndEntry`].
    Entry {
        entry: &'a Entry,
        level: usize,
    },
    EndEntry,
    /// A paragraph of styled runs.
    Paragraph(&'a [Run]),
    /// A bulleted item.
    Item(&'a [Run]),
    /// A label and its value on one line: a skill group, a detail, a language.
    Pair {
        label: String,
        value: Vec<Run>,
    },
    /// A line of short items (an entry's keywords).
    Tags(&'a [String]),
    /// A quotation and who said it (references).
    Quote {
        text: &'a Paragraphs,
        by: String,
    },
    /// A letter's lines kept as lines (the recipient's name, organisation and address).
    Lines(&'a [String]),
    /// One line of a letter, by what it is.
    Line(&'a str, Role<'a>),
}

/// What a line of a letter is (writers set each its own way).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role<'a> {
    /// The date, with its value (`2026-11-30`).
    Date(Option<&'a str>),
    Subject,
    Salutation,
    Closing,
    Signature,
    Enclosure,
}

/// A letter's body: date, recipient, subject, salutation, paragraphs and lists, closing,
/// signature, enclosure.
fn letter<'a>(out: &mut Vec<Block<'a>>, l: &'a crate::view::LetterView) {
    if let Some(d) = &l.date {
        out.push(Block::Line(d, Role::Date(l.date_iso.as_deref())));
    }
    if !l.recipient.is_empty() {
        out.push(Block::Lines(&l.recipient));
    }
    if let Some(s) = &l.subject {
        out.push(Block::Line(s, Role::Subject));
    }
    out.push(Block::Line(&l.salutation, Role::Salutation));
    for part in &l.body {
        match part {
            LetterBlock::Paragraph { runs } => out.push(Block::Paragraph(runs)),
            LetterBlock::List { items } => out.extend(items.iter().map(|i| Block::Item(i))),
        }
    }
    out.push(Block::Line(&l.closing, Role::Closing));
    out.push(Block::Line(&l.signature, Role::Signature));
    if let Some(e) = &l.enclosure {
        out.push(Block::Line(e, Role::Enclosure));
    }
}

/// The body of `view` as blocks (a letter's, or the résumé's sections).
pub fn blocks(view: &View) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    if let Some(l) = &view.letter {
        letter(&mut out, l);
        return out;
    }
    let list = &view.phrases.list;
    for section in &view.sections {
        let (id, title) = match section {
            Section::Entries { id, title, .. }
            | Section::Skills { id, title, .. }
            | Section::Languages { id, title, .. }
            | Section::Interests { id, title, .. }
            | Section::References { id, title, .. }
            | Section::Text { id, title, .. } => (id.as_str(), title.as_str()),
        };
        out.push(Block::Section { id, title });
        match section {
            Section::Entries { entries, .. } => {
                for e in entries {
                    entry(&mut out, e, 0);
                }
            }
            Section::Skills { groups, .. } => {
                for g in groups {
                    let words: Vec<String> = g
                        .keywords
                        .iter()
                        .map(|k| match &k.level {
                            Some(l) => format!("{} ({})", k.name, l.text),
                            None => k.name.clone(),
                        })
                        .collect();
                    let mut label = g.name.clone().unwrap_or_default();
                    if let Some(l) = &g.level {
                        label = format!("{label} ({})", l.text);
                    }
                    let value = vec![Run::plain(&words.join(list))];
                    out.push(Block::Pair { label, value });
                }
            }
            Section::Languages { items, .. } => {
                for l in items {
                    out.push(Block::Pair {
                        label: l.name.clone(),
                        value: l.fluency.iter().map(|f| Run::plain(f)).collect(),
                    });
                }
            }
            Section::Interests { items, .. } => {
                for i in items {
                    out.push(Block::Pair {
                        label: i.name.clone(),
                        value: match i.keywords.is_empty() {
                            true => Vec::new(),
                            false => vec![Run::plain(&i.keywords.join(list))],
                        },
                    });
                }
            }
            Section::References { items, .. } => {
                for r in items {
                    let by = match &r.title {
                        Some(t) => format!("{}, {t}", r.name),
                        None => r.name.clone(),
                    };
                    out.push(Block::Quote { text: &r.text, by });
                }
            }
            Section::Text {
                paragraphs,
                items,
                entries,
                ..
            } => {
                out.extend(paragraphs.iter().map(|p| Block::Paragraph(p)));
                out.extend(items.iter().map(|i| Block::Item(i)));
                for e in entries {
                    entry(&mut out, e, 0);
                }
            }
        }
        out.push(Block::EndSection);
    }
    out
}

/// An entry and what it holds, in the templates' reading order: its paragraphs, highlights,
/// details and keywords, then its projects and positions.
fn entry<'a>(out: &mut Vec<Block<'a>>, e: &'a Entry, level: usize) {
    out.push(Block::Entry { entry: e, level });
    out.extend(e.description.iter().map(|p| Block::Paragraph(p)));
    out.extend(e.summary.iter().map(|p| Block::Paragraph(p)));
    out.extend(e.highlights.iter().map(|h| Block::Item(h)));
    for d in &e.details {
        out.push(Block::Pair {
            label: d.label.clone(),
            value: d.text.clone(),
        });
        out.extend(d.items.iter().map(|i| Block::Item(i)));
    }
    if !e.keywords.is_empty() {
        out.push(Block::Tags(&e.keywords));
    }
    for p in &e.projects {
        entry(out, p, level + 1);
    }
    for p in &e.positions {
        entry(out, p, level + 1);
    }
    out.push(Block::EndEntry);
}

/// Runs as plain text, without their styles.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// The word a contact is written out with: `Email`, `Phone`, or the network (`GitHub`), in
/// the document's language.
pub fn contact_label(c: &Contact, p: &Phrases) -> String {
    match c.kind.as_str() {
        "email" => p.email.clone(),
        "phone" => p.phone.clone(),
        "website" => p.website.clone(),
        "location" => p.location.clone(),
        _ => c.network.clone().unwrap_or_else(|| p.website.clone()),
    }
}

/// A contact's address as a reader types it: the e-mail or number itself, a web address in
/// full. `None` when the text already says it.
pub fn contact_address(c: &Contact) -> Option<String> {
    let link = c.link.as_ref()?;
    let address = link
        .strip_prefix("mailto:")
        .or_else(|| link.strip_prefix("tel:"))
        .unwrap_or(link);
    let shown = |s: &str| crate::view::display_url(s).to_lowercase();
    (shown(address) != shown(&c.text) && !matches!(c.kind.as_str(), "phone" | "email"))
        .then(|| address.to_string())
}

/// An entry's names on its first line: `Analytical Engines Ltd — Senior Engineer`.
pub fn names(e: &Entry) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(e.heading.as_deref());
    parts.extend(e.subheading.as_deref());
    parts.join(" — ")
}

/// What goes beside an entry's names: its subtitle, place and dates, as a reader scans them.
pub fn facts(e: &Entry) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    out.extend(e.subtitle.as_deref());
    out.extend(e.location.as_deref());
    out.extend(e.date.as_deref());
    out
}

/// The document's title for metadata: `Ada Lovelace — Backend Engineer`.
pub fn title(view: &View) -> String {
    view.document.title.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_the_sections_in_order_with_entries_nested() {
        let profile = crate::profile::load(
            "p.yaml",
            b"basics:\n  name: A\nwork:\n  - name: W\n    positions:\n      - position: P\n        highlights: [h]\nskills:\n  - name: Lang\n    keywords: [Go, Rust]\n",
            Default::default(),
        )
        .unwrap()
        .profile;
        let view = crate::view::build(&profile, &Default::default());
        let b = blocks(&view);
        let kinds: Vec<String> = b
            .iter()
            .map(|b| match b {
                Block::Section { id, .. } => format!("section {id}"),
                Block::EndSection => "end".into(),
                Block::Entry { entry, level } => {
                    format!(
                        "entry {} {level}",
                        entry.heading.clone().unwrap_or_default()
                    )
                }
                Block::EndEntry => "/entry".into(),
                Block::Item(r) => format!("item {}", plain(r)),
                Block::Pair { label, value } => format!("{label}: {}", plain(value)),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "section work",
                "entry W 0",
                "entry P 1",
                "item h",
                "/entry",
                "/entry",
                "end",
                "section skills",
                "Lang: Go, Rust",
                "end"
            ]
        );
    }
}
