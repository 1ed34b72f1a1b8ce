//! Markdown (CommonMark, as GitHub renders it): the name as the title, a section per `##`, an
//! entry per `###`, bullets as lists, links as links. Every character of the profile's text is
//! escaped where Markdown would read it as syntax, so that `C#`, `$lookup`, `<5%`, `*nix` or
//! `1. ` print as typed.

use super::{Block, Role, blocks, contact_label, facts, names};
use crate::view::{Run, View};

/// The document as CommonMark.
pub fn write(view: &View) -> Vec<u8> {
    let mut out = String::new();
    let b = &view.basics;
    out.push_str(&format!("# {}\n", escape(&b.name)));
    if let Some(label) = &b.label {
        out.push_str(&format!("\n**{}**\n", escape(label)));
    }
    if !b.contacts.is_empty() {
        out.push('\n');
        let items: Vec<String> = b
            .contacts
            .iter()
            .map(|c| {
                let text = escape(&c.text);
                let shown = match &c.link {
                    Some(link) => format!("[{text}]({})", destination(link)),
                    None => text,
                };
                format!("{}: {shown}", escape(&contact_label(c, &view.phrases)))
            })
            .collect();
        // One contact per line (a hard break: two spaces would vanish in editors, a backslash
        // is CommonMark's own).
        out.push_str(&items.join("\\\n"));
        out.push('\n');
    }
    if !b.figures.is_empty() {
        let figures: Vec<String> = b
            .figures
            .iter()
            .map(|f| format!("**{}** {}", escape(&f.value), escape(&f.label)))
            .collect();
        out.push_str(&format!("\n{}\n", figures.join(" · ")));
    }
    let mut in_list = false;
    for block in blocks(view) {
        let is_item = matches!(block, Block::Item(_));
        if in_list && !is_item {
            in_list = false;
        }
        match block {
            Block::Section { title, .. } => {
                out.push_str(&format!("\n## {}\n", escape(title)));
            }
            Block::EndSection => {}
            Block::Entry { entry, level } => {
                let hashes = "#".repeat((3 + level).min(6));
                let mut heading = escape(&names(entry));
                if let Some(url) = &entry.url {
                    heading = format!("[{heading}]({})", destination(url));
                }
                out.push_str(&format!("\n{hashes} {heading}\n"));
                let facts = facts(entry);
                if !facts.is_empty() {
                    let facts: Vec<String> = facts.iter().map(|f| escape(f)).collect();
                    out.push_str(&format!("\n*{}*\n", facts.join(" · ")));
                }
            }
            Block::EndEntry => {}
            Block::Paragraph(runs) => out.push_str(&format!("\n{}\n", inline(runs))),
            Block::Item(runs) => {
                if !in_list {
                    out.push('\n');
                    in_list = true;
                }
                out.push_str(&format!("- {}\n", inline(runs)));
            }
            Block::Pair { label, value } => {
                let line = match (label.is_empty(), value.is_empty()) {
                    (true, _) => inline(&value),
                    (false, true) => format!("**{}**", escape(&label)),
                    (false, false) => format!("**{}:** {}", escape(&label), inline(&value)),
                };
                out.push_str(&format!("\n{line}\n"));
            }
            Block::Tags(words) => {
                let words: Vec<String> = words.iter().map(|w| format!("`{}`", code(w))).collect();
                out.push_str(&format!("\n{}\n", words.join(" ")));
            }
            Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                out.push_str(&format!("\n{}\n", lines.join("\\\n")));
            }
            Block::Line(line, role) => {
                let line = escape(line);
                out.push_str(&match role {
                    Role::Subject => format!("\n**{line}**\n"),
                    Role::Signature => format!("\n\n**{line}**\n"),
                    Role::Date(_) | Role::Enclosure => format!("\n*{line}*\n"),
                    _ => format!("\n{line}\n"),
                });
            }
            Block::Quote { text, by } => {
                out.push('\n');
                for (i, p) in text.iter().enumerate() {
                    if i > 0 {
                        out.push_str(">\n");
                    }
                    out.push_str(&format!("> {}\n", inline(p)));
                }
                out.push_str(&format!(">\n> — {}\n", escape(&by)));
            }
        }
    }
    out.into_bytes()
}

/// Styled runs as inline Markdown.
fn inline(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        let mut t = match r.code {
            true => {
                let body = code(&r.text);
                // A fence longer than any run of backticks inside, spaced when it touches one.
                let ticks = "`".repeat(longest_run(&body, '`') + 1);
                let pad = if body.starts_with('`') || body.ends_with('`') {
                    " "
                } else {
                    ""
                };
                format!("{ticks}{pad}{body}{pad}{ticks}")
            }
            false => escape(&r.text),
        };
        // Emphasis markers must hug non-space text: the spaces go outside them.
        let (lead, core, trail) = split_spaces(&t);
        if !core.is_empty() {
            let mut c = core.to_string();
            if r.emph {
                c = format!("*{c}*");
            }
            if r.strong {
                c = format!("**{c}**");
            }
            if let Some(link) = &r.link {
                c = format!("[{c}]({})", destination(link));
            }
            t = format!("{lead}{c}{trail}");
        }
        s.push_str(&t);
    }
    s
}

fn split_spaces(s: &str) -> (&str, &str, &str) {
    let core = s.trim();
    let start = s.len() - s.trim_start().len();
    (&s[..start], core, &s[start + core.len()..])
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut n = 0;
    for x in s.chars() {
        n = if x == c { n + 1 } else { 0 };
        best = best.max(n);
    }
    best
}

/// Code as written; a line break would end the span, so there is none.
fn code(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A link destination: in `<…>` when it holds spaces or parentheses.
fn destination(url: &str) -> String {
    match url.contains([' ', '(', ')', '<', '>']) {
        true => format!("<{}>", url.replace('<', "%3C").replace('>', "%3E")),
        false => url.to_string(),
    }
}

/// Text that prints as typed: every ASCII punctuation Markdown (or GitHub's extensions: `~`
/// strikethrough, `|` tables, `$` maths, `@` and `#` references are not rendered in files)
/// could read as syntax gets a backslash, and a line never starts a block.
pub fn escape(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // `- x`, `+ x`, `1. x`, `1) x` or `===` at the start of a line begin a block: escape the
    // character that would.
    let first = out.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.insert(0, '\\');
    } else if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && out[end..].starts_with(['.', ')'])
    {
        out.insert(end, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(md: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        Parser::new(md)
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_prints_as_typed() {
        for s in [
            "C#",
            "$lookup and $100",
            "<5% of <b>tags</b>",
            "@user fixed #10234",
            "*nix_and __init__",
            "1. not a list",
            "- not a bullet",
            "+ plus",
            "2021) ok",
            "[Note]: shipped",
            "![alt](x.png)",
            "a | b ~~c~~",
            "&amp; \\*x\\*",
            "`tick`",
        ] {
            assert_eq!(rendered(&escape(s)), s, "{}", escape(s));
        }
    }

    #[test]
    fn runs_keep_their_style_and_code_its_backticks() {
        let run = |t: &str, code: bool, strong: bool| Run {
            text: t.into(),
            strong,
            emph: false,
            code,
            link: None,
        };
        let md = inline(&[
            run("Cut ", false, false),
            run("40% ", false, true),
            run("with a `Redis` cache", true, false),
        ]);
        assert_eq!(md, "Cut **40%** ``with a `Redis` cache``");
    }
}
