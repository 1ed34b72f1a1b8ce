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

fn is_false(b: &bool) -> bool {
    !*b
}

/// Parse one paragraph of inline Markdown. Line breaks become spaces.
pub fn runs(text: &str) -> Vec<Run> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let source = escape_block_syntax(&flat);
    let mut out: Vec<Run> = Vec::new();
    let (mut strong, mut emph) = (0u32, 0u32);
    let mut links: Vec<String> = Vec::new();
    let push = |out: &mut Vec<Run>,
                text: &str,
                code: bool,
                strong: u32,
                emph: u32,
                link: Option<&String>| {
        if text.is_empty() {
            return;
        }
        let run = Run {
            text: text.to_string(),
            strong: strong > 0,
            emph: emph > 0,
            code,
            link: link.cloned(),
        };
        match out.last_mut() {
            Some(last)
                if (last.strong, last.emph, last.code, &last.link)
                    == (run.strong, run.emph, run.code, &run.link) =>
            {
                last.text.push_str(&run.text)
            }
            _ => out.push(run),
        }
    };
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(link_target(&dest_url)),
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut out, &t, false, strong, emph, links.last())
            }
            Event::Code(t) => push(&mut out, &t, true, strong, emph, links.last()),
            Event::SoftBreak | Event::HardBreak => {
                push(&mut out, " ", false, strong, emph, links.last())
            }
            _ => {}
        }
    }
    out
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

/// Protect a line's start from being read as a heading, list, quote, code block or rule,
/// so that only inline syntax is interpreted.
fn escape_block_syntax(line: &str) -> String {
    let trimmed = line.trim_start();
    let first = trimmed.chars().next();
    let needs = match first {
        Some('#') => {
            trimmed.trim_start_matches('#').is_empty()
                || trimmed.trim_start_matches('#').starts_with(' ')
        }
        Some('>') | Some('=') | Some('|') => true,
        Some('-') | Some('+') | Some('*') | Some('_') => {
            let rest = &trimmed[1..];
            rest.is_empty() || rest.starts_with(' ') || is_rule(trimmed)
        }
        Some('`') | Some('~') => trimmed.starts_with("```") || trimmed.starts_with("~~~"),
        Some(c) if c.is_ascii_digit() => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            let after = &trimmed[digits..];
            digits <= 9
                && (after.starts_with(". ")
                    || after.starts_with(") ")
                    || after == "."
                    || after == ")")
        }
        _ => false,
    };
    if !needs {
        return trimmed.to_string();
    }
    match first {
        Some(c) if c.is_ascii_digit() => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            format!("{}\\{}", &trimmed[..digits], &trimmed[digits..])
        }
        _ => format!("\\{trimmed}"),
    }
}

fn is_rule(s: &str) -> bool {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && chars.iter().all(|&c| c == chars[0])
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
        ] {
            assert_eq!(text(s), s, "for {s:?}");
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
