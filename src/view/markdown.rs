//! Inline Markdown → styled runs. Only inline syntax counts; everything else stays literal.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A stretch of text with one style. Templates draw runs; they never parse text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    #[serde(skip_serializing_if = "is_false")]
    pub strong: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub emph: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub code: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Run {
    /// Text with no style.
    pub fn plain(text: &str) -> Run {
        Run {
            text: text.to_string(),
            strong: false,
            emph: false,
            code: false,
            link: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Put before the text so that nothing in it starts a block: a line starting `# `, `- `, `> `,
/// `1. `, `<div>` or `[label]: x` would otherwise be read as a heading, list, quote, HTML block or
/// link definition and lose its characters. A no-break space is whitespace to the inline rules
/// (so `**"bold"**` still opens at the start) and is removed again from the first run.
const SENTINEL: &str = "\u{a0}";

/// Parse one paragraph of inline Markdown. Line breaks become spaces.
///
/// Only what `docs/profile.md` promises changes the text: `**bold**`, `*italic*`, `` `code` ``
/// and links. Everything else prints exactly as typed: before parsing, the characters that
/// would start anything else — a backslash escape, an entity (`&amp;`), underscore emphasis
/// (`__init__`), an image (`![x](y)`) — are escaped, and undone where Markdown does not
/// unescape (code spans, HTML).
pub fn runs(text: &str) -> Vec<Run> {
    let flat = flatten(text);
    if flat.is_empty() {
        return Vec::new();
    }
    let source = format!("{SENTINEL}{}", protect(&flat));
    let mut out = Runs::default();
    // Open links: target, whether any text was written inside, and the address as written.
    let mut links: Vec<(String, bool, String)> = Vec::new();
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Strong) => out.strong += 1,
            Event::End(TagEnd::Strong) => out.strong = out.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => out.emph += 1,
            Event::End(TagEnd::Emphasis) => out.emph = out.emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((link_target(&dest_url), false, dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, written, dest)) = links.pop() {
                    // `[](url)`: show the address rather than nothing.
                    if !written {
                        let mut link = (target, false, dest.clone());
                        out.push(&dest, false, Some(&mut link));
                    }
                }
            }
            Event::Text(t) => out.push(&t, false, links.last_mut()),
            Event::Html(t) | Event::InlineHtml(t) => {
                out.push(&unprotect(&t), false, links.last_mut())
            }
            Event::Code(t) => out.push(&unprotect(&t), true, links.last_mut()),
            Event::SoftBreak | Event::HardBreak => out.push(" ", false, links.last_mut()),
            _ => {}
        }
    }
    let mut runs = out.runs;
    if let Some(first) = runs.first_mut()
        && let Some(rest) = first.text.strip_prefix(SENTINEL)
    {
        first.text = rest.to_string();
        if first.text.is_empty() {
            runs.remove(0);
        }
    }
    // Whatever the parser made of it, text never disappears.
    if plain(&runs).trim().is_empty() {
        return vec![Run {
            text: flat,
            strong: false,
            emph: false,
            code: false,
            link: None,
        }];
    }
    runs
}

/// Escape what must print as typed: every backslash and the punctuation after it, `&`
/// (entities), `_` (underscore emphasis) and the `[` of `![` (images). `*`, `` ` ``, `[`, `]`,
/// `(`, `)` stay live.
fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = ' ';
    for c in text.chars() {
        match c {
            '\\' | '&' | '_' => out.push('\\'),
            '[' if prev == '!' => out.push('\\'),
            // What follows a backslash is as literal as the backslash (`\*` prints `\*`).
            c if prev == '\\' && c.is_ascii_punctuation() => out.push('\\'),
            _ => {}
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Undo [`protect`] where Markdown keeps backslashes (code spans, raw HTML): every backslash
/// in the parsed source was put there by `protect`, before the character it escapes.
fn unprotect(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Runs being collected, with the emphasis open at this point.
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    strong: u32,
    emph: u32,
}

impl Runs {
    /// Append text in the current style, merging with the previous run when it matches.
    fn push(&mut self, text: &str, code: bool, link: Option<&mut (String, bool, String)>) {
        if text.is_empty() {
            return;
        }
        let link = link.map(|l| {
            l.1 = true;
            l.0.clone()
        });
        let run = Run {
            text: text.to_string(),
            strong: self.strong > 0,
            emph: self.emph > 0,
            code,
            link,
        };
        match self.runs.last_mut() {
            Some(last)
                if (last.strong, last.emph, last.code, &last.link)
                    == (run.strong, run.emph, run.code, &run.link) =>
            {
                last.text.push_str(&run.text)
            }
            _ => self.runs.push(run),
        }
    }
}

/// Lines joined with single spaces; runs of ASCII whitespace folded. Other spaces (no-break,
/// thin, em) are the author's and stay.
fn flatten(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The plain text of some runs, for metadata and plain-text outputs.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// A link target as a PDF viewer needs it: bare domains get `https://`.
pub fn link_target(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let has_scheme = lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.split_once("://").is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
    if has_scheme {
        url.to_string()
    } else {
        format!("https://{}", url.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        plain(&runs(s))
    }

    #[test]
    fn hostile_strings_stay_literal() {
        for s in [
            "C#",
            "C++",
            "$lookup",
            "<5ms",
            "$2M",
            "50_000",
            "@user",
            "#import \"x\"",
            "[team of 4]",
            "// not a comment",
            "a\\b",
            "#10234",
            "<5%",
            "- not a list",
            "1. not a list",
            "> not a quote",
            "# not a heading",
            "---",
            "<b>tag</b>",
            "*",
            "snake_case_name",
            "x = y * z * w",
            "[Note]: shipped",
            "![](x.png)",
            "![alt text](x.png) after",
            "&amp; &lt; &#169; &copy;",
            "C:\\Users\\dev\\*.txt",
            "\\\\server\\share",
            "\\*not italic\\*",
            "__init__ and __main__.py",
            "_private _x_",
            "a\u{a0}b and 10\u{202f}km",
            "<div>block</div>",
            "<!-- c -->",
            "1) not a list",
            "+ not a list",
            "***",
            "| a | b |",
            "    indented",
            "[x][y] [z]",
            "~~strike~~",
            "`",
            "**",
            "** **",
        ] {
            let s = &s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(&text(s), s, "for {s:?}");
        }
    }

    #[test]
    fn inline_markdown_becomes_styled_runs() {
        let r = runs("Cut **p95 by 40%** with *a* `Redis` [cache](https://x.io)");
        assert_eq!(
            r[1],
            Run {
                text: "p95 by 40%".into(),
                strong: true,
                emph: false,
                code: false,
                link: None
            }
        );
        assert!(r[3].emph);
        assert!(r[5].code && r[5].text == "Redis");
        assert_eq!(r[7].link.as_deref(), Some("https://x.io"));
    }

    #[test]
    fn promised_syntax_still_works_at_the_start_and_inside() {
        let r = runs("**\"quoted\"** and *x*");
        assert!(r[0].strong && r[0].text == "\"quoted\"");
        let r = runs("[docs](https://x.io) and `a\\b &amp;`");
        assert_eq!(r[0].link.as_deref(), Some("https://x.io"));
        assert_eq!(r[0].text, "docs");
        assert!(r[2].code && r[2].text == "a\\b &amp;");
    }

    #[test]
    fn an_empty_link_shows_its_address() {
        let r = runs("see [](https://x.io)");
        assert_eq!(plain(&r), "see https://x.io");
        assert_eq!(r[1].link.as_deref(), Some("https://x.io"));
    }

    #[test]
    fn text_never_disappears() {
        for s in ["[a]: b", "![](x)", "<br>", "** **", "[]()", "&nbsp;"] {
            assert!(!plain(&runs(s)).trim().is_empty(), "for {s:?}");
        }
    }

    #[test]
    fn every_ascii_space_folds_the_same_way() {
        // Found by `cargo fuzz run markdown`: a trailing vertical tab was dropped by the parser
        // but kept by the folding, so the text changed.
        assert_eq!(text("a\u{b}b\u{b}"), "a b");
        assert_eq!(text("a\u{c}\t\r\nb"), "a b");
    }

    #[test]
    fn lines_join_into_one_paragraph() {
        assert_eq!(text("one\ntwo"), "one two");
    }

    #[test]
    fn bare_domains_get_a_scheme() {
        assert_eq!(link_target("github.com/x"), "https://github.com/x");
        assert_eq!(link_target("mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(link_target("http://a.b"), "http://a.b");
    }
}
