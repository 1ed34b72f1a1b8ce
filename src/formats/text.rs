//! Plain text, for pasting into applicant-tracking forms: no tables, each section title
//! underlined, `-` bullets, lines of at most 80 columns (a wide character — Chinese, Japanese,
//! Korean — counts two), contacts as `Email: …` lines and links written out in full.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Block, Role, blocks, contact_address, contact_label, facts, names};
use crate::view::{Run, View};

/// The widest a line may be, in columns.
pub const WIDTH: usize = 80;

/// The document as UTF-8 text, lines ending in `\n`.
pub fn write(view: &View) -> Vec<u8> {
    let mut out = Lines::default();
    let b = &view.basics;
    out.wrap(&b.name, 0, 0);
    if let Some(label) = &b.label {
        out.wrap(label, 0, 0);
    }
    if !b.contacts.is_empty() {
        out.blank();
        for c in &b.contacts {
            let value = match contact_address(c) {
                Some(address) => format!("{} ({address})", c.text),
                None => c.text.clone(),
            };
            out.wrap(
                &format!("{}: {value}", contact_label(c, &view.phrases)),
                0,
                2,
            );
        }
    }
    if !b.figures.is_empty() {
        out.blank();
        let figures: Vec<String> = b
            .figures
            .iter()
            .map(|f| format!("{} {}", f.value, f.label))
            .collect();
        out.wrap(&figures.join(" · "), 0, 0);
    }
    // The indent of what follows, by the entry it belongs to.
    let mut indents: Vec<usize> = vec![0];
    for block in blocks(view) {
        let indent = *indents.last().unwrap_or(&0);
        match block {
            Block::Section { title, .. } => {
                out.blank();
                out.blank_forced();
                out.wrap(title, 0, 0);
                out.line("=".repeat(title.width().clamp(3, WIDTH)));
                indents = vec![0];
            }
            Block::EndSection => {}
            Block::Entry { entry, level } => {
                let indent = 2 * level;
                if level == 0 {
                    out.blank();
                }
                let mut first = names(entry);
                let facts = facts(entry);
                if !facts.is_empty() {
                    if !first.is_empty() {
                        first.push_str(" | ");
                    }
                    first.push_str(&facts.join(" | "));
                }
                out.wrap(&first, indent, indent + 2);
                if let Some(url) = &entry.url {
                    out.wrap(url, indent, indent + 2);
                }
                indents.push(indent);
            }
            Block::EndEntry => {
                indents.pop();
            }
            Block::Paragraph(runs) => {
                if view.letter.is_some() {
                    out.blank();
                }
                out.wrap(&text(runs), indent, indent)
            }
            Block::Item(runs) => out.wrap(&format!("- {}", text(runs)), indent, indent + 2),
            Block::Pair { label, value } => {
                let line = match (label.is_empty(), value.is_empty()) {
                    (true, _) => text(&value),
                    (false, true) => label,
                    (false, false) => format!("{label}: {}", text(&value)),
                };
                out.wrap(&line, indent, indent + 2);
            }
            Block::Tags(words) => out.wrap(&words.join(" · "), indent, indent),
            Block::Lines(lines) => {
                out.blank();
                for l in lines {
                    out.wrap(l, 0, 2);
                }
            }
            Block::Line(line, role) => {
                out.blank();
                if role == Role::Signature {
                    // Room to sign.
                    out.line(String::new());
                }
                out.wrap(line, 0, 0);
            }
            Block::Quote {
                text: paragraphs,
                by,
            } => {
                let [open, close] = &view.phrases.quotes;
                for p in paragraphs {
                    out.wrap(&format!("{open}{}{close}", text(p)), indent, indent);
                }
                out.wrap(&format!("— {by}"), indent, indent);
            }
        }
    }
    out.finish().into_bytes()
}

/// Runs as text: a link's address after its words when they do not show it.
fn text(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        s.push_str(&r.text);
        if let Some(link) = &r.link {
            let target = link.strip_prefix("mailto:").unwrap_or(link);
            let shown = crate::view::display_url;
            if !shown(&r.text).contains(&shown(target)) {
                s.push_str(&format!(" ({target})"));
            }
        }
    }
    s
}

/// Lines being written, wrapped.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
}

impl Lines {
    fn line(&mut self, s: String) {
        self.lines.push(s.trim_end().to_string());
    }

    /// A blank line, unless there is one already (or nothing yet).
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A second blank line before a section title.
    fn blank_forced(&mut self) {
        if self.lines.len() >= 2 && !self.lines[self.lines.len() - 2].is_empty() {
            self.lines.push(String::new());
        }
    }

    /// `text` in lines of at most [`WIDTH`] columns: the first indented `first`, the others
    /// `rest`. Lines break at spaces; a word wider than a line breaks between its characters
    /// (never before a combining mark), except a web or e-mail address, which stays whole so
    /// that it can be copied.
    fn wrap(&mut self, text: &str, first: usize, rest: usize) {
        let mut line = " ".repeat(first);
        let mut col = first;
        let mut fresh = true;
        for word in text.split_whitespace() {
            let w = word.width();
            let address = word.contains(['/', '@']) || word.contains("://");
            if !fresh && col + 1 + w > WIDTH {
                self.line(std::mem::replace(&mut line, " ".repeat(rest)));
                col = rest;
                fresh = true;
            }
            if !fresh {
                line.push(' ');
                col += 1;
            }
            if col + w <= WIDTH || address {
                line.push_str(word);
                col += w;
            } else {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if cw > 0 && col + cw > WIDTH && col > rest {
                        self.line(std::mem::replace(&mut line, " ".repeat(rest)));
                        col = rest;
                    }
                    line.push(c);
                    col += cw;
                }
            }
            fresh = false;
        }
        self.line(line);
    }

    fn finish(mut self) -> String {
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str) -> Vec<String> {
        let mut l = Lines::default();
        l.wrap(text, 0, 2);
        l.lines
    }

    #[test]
    fn lines_wrap_at_80_columns_counting_wide_characters_twice() {
        let latin = "word ".repeat(40);
        for line in wrapped(&latin) {
            assert!(line.width() <= WIDTH, "{line:?}");
        }
        let cjk = "設計".repeat(60);
        let lines = wrapped(&cjk);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(line.width() <= WIDTH, "{line:?} {}", line.width());
        }
        assert_eq!(lines.concat().replace(' ', ""), cjk);
        // An address stays whole, however long.
        let url = format!("https://example.com/{}", "a".repeat(100));
        assert!(
            wrapped(&format!("see {url}"))
                .iter()
                .any(|l| l.trim() == url)
        );
    }
}
