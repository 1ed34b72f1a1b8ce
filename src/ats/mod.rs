//! `--ats`: read a PDF back the way applicant-tracking systems do and check it against what the
//! document was meant to say.
//!
//! The text comes out of the PDF itself, not out of Typst: glyphs from the content streams
//! (see [`pdf`]), then pdfminer.six's layout analysis (see [`layout`]), the reading most ATS
//! parsers use. Against the view a document was made from, vitae checks that every displayed
//! string is there, its words neither merged nor split; that each section is read as one piece
//! and each entry's names and dates stay together; that contacts are text; that no private-use
//! or ligature character leaks; and that the metadata is set. docs/ats.md has the details.

pub mod layout;
pub mod pdf;

use serde_json::Value;

/// A PDF as an ATS reads it.
#[derive(Debug)]
pub struct Reading {
    /// Each page's lines, in reading order.
    pub pages: Vec<Vec<layout::Line>>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub lang: Option<String>,
    /// Whether the PDF is tagged (a structure tree for assistive technology).
    pub tagged: bool,
}

impl Reading {
    /// Every line of every page, in order.
    pub fn lines(&self) -> Vec<&str> {
        self.pages
            .iter()
            .flat_map(|p| p.iter().map(|l| l.text.as_str()))
            .collect()
    }

    /// The lines without the page furniture: a line that opens or closes two pages or more,
    /// its digits aside (`1 / 3`, `2 / 3`; a running head), is a page number or running head
    /// and not part of the text it interrupts. The first page's first line always stays.
    pub fn text_lines(&self) -> Vec<&str> {
        let shape = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect()
        };
        // The first page's first line is the document's own (a name a running head repeats).
        let mut edges: std::collections::HashMap<String, usize> = Default::default();
        for (k, page) in self.pages.iter().enumerate() {
            let first = page.first().filter(|_| k > 0).map(|l| shape(&l.text));
            let last = page.last().map(|l| shape(&l.text));
            for edge in [first.clone(), last.filter(|l| Some(l) != first.as_ref())]
                .into_iter()
                .flatten()
            {
                *edges.entry(edge).or_default() += 1;
            }
        }
        let furniture = |l: &layout::Line| edges.get(&shape(&l.text)).is_some_and(|n| *n >= 2);
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(k, p)| {
                let n = p.len();
                p.iter()
                    .enumerate()
                    .filter(move |(i, l)| {
                        let edge = (*i == 0 && k > 0) || *i + 1 == n;
                        !(edge && furniture(l))
                    })
                    .map(|(_, l)| l.text.as_str())
            })
            .collect()
    }
}

/// Read a PDF's text and metadata. A PDF the reader cannot parse is an error, never a panic.
pub fn read(pdf: &[u8]) -> Result<Reading, String> {
    let parsed = std::panic::catch_unwind(|| -> Result<Reading, String> {
        let doc = lopdf::Document::load_mem(pdf).map_err(|e| format!("not a readable PDF: {e}"))?;
        let pages = pdf::pages(&doc).map_err(|e| format!("its text cannot be extracted: {e}"))?;
        let info = doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|o| o.as_reference().ok())
            .and_then(|r| doc.get_dictionary(r).ok());
        let text = |key: &[u8]| {
            info.and_then(|d| d.get(key).ok())
                .and_then(|o| o.as_str().ok())
                .map(decode)
                .filter(|s| !s.trim().is_empty())
        };
        let catalog = doc.catalog().ok();
        let lang = catalog
            .and_then(|c| c.get(b"Lang").ok())
            .and_then(|o| o.as_str().ok())
            .map(decode);
        let tagged = catalog.is_some_and(|c| c.has(b"StructTreeRoot"));
        let mut pages: Vec<Vec<layout::Line>> = pages.iter().map(layout::read_page).collect();
        for line in pages.iter_mut().flatten() {
            line.text = logical(&line.text);
        }
        Ok(Reading {
            pages,
            title: text(b"Title"),
            author: text(b"Author"),
            lang,
            tagged,
        })
    });
    parsed.unwrap_or_else(|_| Err("its text cannot be extracted (the PDF reader failed)".into()))
}

/// A line read right to left in its logical order. A PDF holds glyphs where they are drawn, so
/// a Hebrew or Arabic line comes out of the layout analysis mirrored (as pdfminer.six gives
/// it); the Unicode bidirectional algorithm, run over it as over a right-to-left paragraph,
/// gives it back in the order it was written — Latin words and numbers inside kept as they
/// are — as pdftotext and right-to-left-aware ATS parsers do. Lines without right-to-left
/// letters are untouched.
pub fn logical(visual: &str) -> String {
    use unicode_bidi::{BidiInfo, Level};
    if !visual.chars().any(is_rtl) {
        return visual.to_string();
    }
    let info = BidiInfo::new(visual, Some(Level::rtl()));
    info.paragraphs
        .iter()
        .map(|p| info.reorder_line(p, p.range.clone()).into_owned())
        .collect()
}

/// A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
pub(crate) fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// A PDF text string: UTF-16 with a byte-order mark, or PDFDocEncoding (Latin-1 for ours).
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// One check's verdict.
#[derive(Debug, Clone)]
pub struct Finding {
    pub ok: bool,
    /// What was checked, in a few words.
    pub check: &'static str,
    /// What was found: a count when it passed, the misses when it did not (the first few).
    pub detail: String,
}

/// Every check's verdict.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }

    fn add(&mut self, check: &'static str, mut misses: Vec<String>, passed: String) {
        let mut seen = std::collections::HashSet::new();
        misses.retain(|m| seen.insert(m.clone()));
        let ok = misses.is_empty();
        let detail = match ok {
            true => passed,
            false => {
                let shown: Vec<&str> = misses.iter().take(5).map(String::as_str).collect();
                let more = misses.len().saturating_sub(shown.len());
                let more = match more {
                    0 => String::new(),
                    n => format!(" (and {n} more)"),
                };
                format!("{}{more}", shown.join("; "))
            }
        };
        self.findings.push(Finding { ok, check, detail });
    }
}

/// Lines apart an entry's name and its dates may be (pdfminer puts a date aligned right on a
/// header line into the next line or two).
const NEAR: usize = 3;

/// Check a reading on its own (text, characters, metadata) and, given the view the document
/// was made from, against it (content, order, dates, contacts).
pub fn check(reading: &Reading, view: Option<&Value>) -> Report {
    let mut report = Report::default();
    let lines = reading.lines();
    let empty: Vec<String> = reading
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_empty())
        .map(|(i, _)| format!("page {} has no text", i + 1))
        .collect();
    report.add(
        "text extracts",
        empty,
        format!("{} pages, {} lines", reading.pages.len(), lines.len()),
    );
    let mut odd = Vec::new();
    for line in &lines {
        for c in line.chars() {
            let what = match c as u32 {
                0xe000..=0xf8ff | 0xf0000..=0x10ffff => "private-use",
                0xfb00..=0xfb06 => "ligature",
                0xfffd => "replacement",
                _ => continue,
            };
            let miss = format!("{what} character U+{:04X} in “{}”", c as u32, clip(line));
            if !odd.contains(&miss) {
                odd.push(miss);
            }
        }
    }
    report.add("no private-use or ligature characters", odd, "none".into());
    let mut meta = Vec::new();
    if reading.title.is_none() {
        meta.push("no title".to_string());
    }
    if reading.author.is_none() {
        meta.push("no author".to_string());
    }
    if reading.lang.is_none() {
        meta.push("no language".to_string());
    }
    if !reading.tagged {
        meta.push("not tagged".to_string());
    }
    report.add(
        "metadata",
        meta,
        format!(
            "title “{}”, language {}, tagged",
            reading.title.as_deref().unwrap_or(""),
            reading.lang.as_deref().unwrap_or("")
        ),
    );
    if let Some(view) = view {
        against_view(&mut report, &reading.text_lines(), view);
    }
    report
}

/// Lower case, whitespace folded: how text is compared (templates set titles in capitals,
/// names in small caps; lines wrap anywhere).
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Without any whitespace: to tell a word split or merged from one missing.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn clip(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    s.trim().to_string()
}

/// The page's lines as one text, as an extractor's reader joins them, with the line breaks
/// templates make inside a word undone: a line ending in a hyphen or slash after a letter or
/// digit runs on into the next (`Sub-` / `millisecond`, `RabbitMQ/` / `Celery`), and so does
/// a line starting with the punctuation a long word or address is broken before
/// (`WebSocket-to` / `-long-polling`, `example` / `.com/path`). Other lines are joined by a
/// space.
fn run_on(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        let ends_broken = {
            let mut rev = out.chars().rev();
            matches!(rev.next(), Some('-' | '\u{2010}' | '/'))
                && rev.next().is_some_and(char::is_alphanumeric)
        };
        let starts_broken = {
            let mut chars = line.chars();
            chars.next().is_some_and(|c| "-./_@?#&=+~,;|\\".contains(c))
                && chars.next().is_some_and(|c| !c.is_whitespace())
                && out.chars().last().is_some_and(char::is_alphanumeric)
        };
        if !out.is_empty() && !ends_broken && !starts_broken {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The checks that need the view.
fn against_view(report: &mut Report, lines: &[&str], view: &Value) {
    let joined = norm(&run_on(lines));
    let squashed = squash(&joined);
    // Every displayed string, with its words.
    let mut units = Vec::new();
    displayed(view, &mut units);
    let (mut missing, mut broken) = (Vec::new(), Vec::new());
    let mut count = 0;
    for u in &units {
        let n = norm(u);
        if n.is_empty() {
            continue;
        }
        count += 1;
        if joined.contains(&n) {
            continue;
        }
        match squashed.contains(&squash(u)) {
            true => broken.push(format!("“{}”", clip(u))),
            false => missing.push(format!("“{}”", clip(u))),
        }
    }
    report.add(
        "every displayed string present",
        missing,
        format!("{count} strings"),
    );
    report.add("no words merged or split", broken, "none".into());

    // Contacts as text.
    let contacts: Vec<String> = view["basics"]["contacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["text"].as_str())
        .filter(|t| !joined.contains(&norm(t)))
        .map(|t| format!("“{t}”"))
        .collect();
    report.add("contacts as text", contacts, "all".into());

    // Each section read as one piece: its title, then its entries before the next title
    // (two-column layouts may read their columns in either order); each entry's names and
    // dates within a few lines of each other.
    let normed: Vec<String> = lines.iter().map(|l| norm(l)).collect();
    let sections: Vec<&Value> = view["sections"].as_array().into_iter().flatten().collect();
    let mut order = Vec::new();
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (line, section)
    // A title is looked for after the one before it first (an entry may bear a later
    // section's title), then anywhere.
    let mut cursor = 0;
    for (k, s) in sections.iter().enumerate() {
        let title = norm(s["title"].as_str().unwrap_or(""));
        let taken = |i: usize| starts.iter().any(|(l, _)| *l == i);
        // A title on a line of its own, or wrapped over up to three (a narrow column).
        let search = |from: usize, exact: bool| {
            (from..normed.len()).find(|&i| {
                !taken(i)
                    && (1..=3).any(|n| {
                        let Some(span) = lines.get(i..i + n) else {
                            return false;
                        };
                        let line = norm(&run_on(span));
                        match exact {
                            true => line == title,
                            false => n == 1 && line.starts_with(&title),
                        }
                    })
            })
        };
        let at = search(cursor, true)
            .or_else(|| search(0, true))
            .or_else(|| search(cursor, false))
            .or_else(|| search(0, false));
        match at {
            Some(i) => {
                cursor = cursor.max(i + 1);
                starts.push((i, k));
            }
            None => order.push(format!(
                "section title “{}” not read on a line of its own",
                s["title"].as_str().unwrap_or("")
            )),
        }
    }
    // A title repeated where its section goes on past a page or column ("Projects
    // (continued)") opens another stretch of it.
    let continued = view["phrases"]["continued"].as_str().unwrap_or("continued");
    let primary = starts.clone();
    for &(_, k) in &primary {
        let again = norm(&format!(
            "{} ({continued})",
            sections[k]["title"].as_str().unwrap_or("")
        ));
        starts.extend(
            (0..normed.len())
                .filter(|&i| normed[i] == again)
                .map(|i| (i, k)),
        );
    }
    starts.sort();
    // Each section's stretches: from a title of it to the next title read.
    let stretches = |k: usize| -> Vec<(usize, usize)> {
        starts
            .iter()
            .enumerate()
            .filter(|(_, (_, s))| *s == k)
            .map(|(n, (line, _))| (*line, starts.get(n + 1).map_or(normed.len(), |(l, _)| *l)))
            .collect()
    };
    // A name is found on a line, or wrapped over two (a narrow column).
    let find = |needle: &str, lo: usize, hi: usize| {
        let n = norm(needle);
        (lo..hi).find(|&i| {
            normed[i].contains(&n)
                || (i + 1 < hi && norm(&run_on(&[lines[i], lines[i + 1]])).contains(&n))
        })
    };
    let mut together = Vec::new();
    let mut entries = 0;
    for &(_, k) in &primary {
        let title = sections[k]["title"].as_str().unwrap_or("");
        let stretches = stretches(k);
        for e in sections[k]["entries"].as_array().into_iter().flatten() {
            let names: Vec<&str> = ["heading", "subheading"]
                .iter()
                .filter_map(|k| e[*k].as_str())
                .collect();
            let Some(first) = names.first() else { continue };
            let Some((h, (start, end))) = stretches
                .iter()
                .find_map(|&(lo, hi)| find(first, lo, hi).map(|h| (h, (lo, hi))))
            else {
                order.push(format!("“{}” not read within “{title}”", clip(first)));
                continue;
            };
            entries += 1;
            let lo = h.saturating_sub(NEAR).max(start);
            let hi = (h + NEAR + 1).min(end);
            for other in names.iter().skip(1) {
                if find(other, lo, hi).is_none() {
                    together.push(format!("“{}” far from “{}”", clip(other), clip(first)));
                }
            }
            let date = e["dates"]["start_text"]
                .as_str()
                .or_else(|| e["date"].as_str());
            if let Some(d) = date
                && find(d, lo, hi).is_none()
            {
                together.push(format!("the date “{d}” far from “{}”", clip(first)));
            }
        }
    }
    report.add(
        "each section read as one piece",
        order,
        format!("{} sections", sections.len()),
    );
    report.add(
        "names and dates beside their entries",
        together,
        format!("{entries} entries"),
    );
}

/// Keys of the view that hold no displayed text, or text shown elsewhere.
const NOT_SHOWN: [&str; 13] = [
    "kind", "id", "link", "url", "paper", "accent", "lang", "network", "document", "dates",
    "phrases", "photo", "style",
];

/// The keys a run of rich text may have (see `view::markdown`).
const RUN_KEYS: [&str; 5] = ["text", "strong", "emph", "code", "link"];

/// Whether a value is a paragraph: a list of runs, each a text with only run keys.
fn is_runs(items: &[Value]) -> bool {
    !items.is_empty()
        && items.iter().all(|i| {
            i.get("text").is_some_and(Value::is_string)
                && i.as_object()
                    .is_some_and(|o| o.keys().all(|k| RUN_KEYS.contains(&k.as_str())))
        })
}

/// Every displayed string of the view: a paragraph's runs joined, a plain string as it is.
fn displayed(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(items) if is_runs(items) => {
            out.push(items.iter().filter_map(|i| i["text"].as_str()).collect());
        }
        Value::Array(items) => items.iter().for_each(|i| displayed(i, out)),
        Value::Object(o) => {
            for (k, x) in o {
                if NOT_SHOWN.contains(&k.as_str()) {
                    continue;
                }
                // An entry's heading and subheading repeat its title and organisation.
                if k == "heading" || k == "subheading" {
                    continue;
                }
                displayed(x, out);
            }
        }
        Value::String(s) => out.push(s.clone()),
        _ => {}
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for finding in &self.findings {
            let mark = if finding.ok { "ok  " } else { "MISS" };
            writeln!(f, "  {mark} {}: {}", finding.check, finding.detail)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(lines: &[&str]) -> Reading {
        Reading {
            pages: vec![
                lines
                    .iter()
                    .map(|t| layout::Line {
                        text: t.to_string(),
                        x0: 0.0,
                        x1: 1.0,
                        top: 0.0,
                        bottom: 1.0,
                    })
                    .collect(),
            ],
            title: Some("A".into()),
            author: Some("A".into()),
            lang: Some("en".into()),
            tagged: true,
        }
    }

    fn view() -> Value {
        serde_json::json!({
            "basics": { "name": "Ada", "contacts": [{ "kind": "email", "text": "ada@x.io" }] },
            "sections": [{ "title": "Experience", "entries": [{
                "heading": "Analytical", "subheading": "Engineer", "title": "Engineer",
                "organization": "Analytical", "date": "2021 – Present",
                "dates": { "start_text": "2021" },
                "highlights": [[{ "text": "Cut p95 by " }, { "text": "40%", "strong": true }]]
            }]}]
        })
    }

    #[test]
    fn a_good_reading_passes() {
        let r = reading(&[
            "Ada",
            "ada@x.io",
            "EXPERIENCE",
            "Analytical 2021 – Present",
            "Engineer",
            "• Cut p95 by 40%",
        ]);
        let report = check(&r, Some(&view()));
        assert!(report.passed(), "{report}");
    }

    #[test]
    fn misses_are_named() {
        let far: Vec<String> = std::iter::once("Ada ada@x.io".to_string())
            .chain(["Experience", "Analytical", "Engineer", "Cutp95 by 40%"].map(String::from))
            .chain((0..10).map(|i| format!("filler {i}")))
            .chain(["2021 – Present".to_string(), "\u{f0e0} mail".to_string()])
            .collect();
        let r = reading(&far.iter().map(String::as_str).collect::<Vec<_>>());
        let report = check(&r, Some(&view()));
        let failed: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| !f.ok)
            .map(|f| f.check)
            .collect();
        assert_eq!(
            failed,
            [
                "no private-use or ligature characters",
                "no words merged or split",
                "names and dates beside their entries"
            ],
            "{report}"
        );
    }
}
