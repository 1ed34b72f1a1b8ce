//! Print and ATS quality of every example × template × kind × paper, laid out once each
//! through the library: what a designer and a recruiter would check, page by page.
//!
//! - page count as the committed table says (tests/corpus/page-counts.txt; a change that
//!   moves page breaks is deliberate: `VITAE_UPDATE_REFERENCES=1` rewrites it);
//! - read back the way applicant-tracking systems read it (`vitae::ats`: every displayed
//!   string, sections whole, names and dates together, no private-use characters, metadata);
//! - no type below 7 pt, body text at 8.5 pt at least, no text outside the template's text
//!   area;
//! - a document of several pages fills its last page at least a third, and a summary that
//!   left content out reaches 85 % of its page;
//! - no entry's keyword row stands alone at the top of a page, away from its entry.

use std::collections::BTreeMap;
use std::sync::Arc;

use vitae::engine::{Engine, TEMPLATES, Template, inspect};
use vitae::profile::Paper;
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

use crate::*;

type Key = (String, String, String, String);

/// A built-in template's document of a profile, laid out and exported to PDF.
fn pdf_of(
    engine: &Engine,
    opened: &render::Opened,
    t: &'static vitae::engine::Builtin,
    kind: Kind,
    paper: Paper,
) -> (render::Laid, Vec<u8>) {
    let template = Template::Builtin(t);
    let options = Options {
        paper: Some(paper),
        ..Options::default()
    };
    let request = Request {
        profile: &opened.loaded,
        photo: opened.photo.as_ref(),
        template: &template,
        kind,
        options: &options,
    };
    let laid = render::lay_out(&request, engine).unwrap();
    let pdf = render::export(&laid, &template, engine, Format::Pdf)
        .unwrap()
        .remove(0);
    engine.finished(2);
    (laid, pdf)
}

/// Type under 7 pt and text outside the text area, page by page.
fn page_problems(facts: &[inspect::PageFacts]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        if let Some((size, sample)) = &f.smallest
            && *size < inspect::MIN_TYPE - 0.05
        {
            out.push(format!("page {}: {size:.1} pt type (“{sample}”)", i + 1));
        }
        for (sample, by) in &f.outside {
            out.push(format!(
                "page {}: “{sample}” {by:.1} pt outside the text area",
                i + 1
            ));
        }
    }
    out
}

#[test]
fn every_document_reads_back_and_passes_the_page_checks() {
    let table = root().join("tests/corpus/page-counts.txt");
    let text = std::fs::read_to_string(&table).unwrap();
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut expected: BTreeMap<Key, usize> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        let key = (f[0].into(), f[1].into(), f[2].into(), f[3].into());
        expected.insert(key, f[4].parse().unwrap());
    }

    let engine = Engine::new();
    let mut jobs = Vec::new();
    for profile in examples() {
        let opened = Arc::new(render::open(&profile, Default::default()).unwrap());
        for t in TEMPLATES {
            for kind in [Kind::Resume, Kind::Summary] {
                for paper in [Paper::A4, Paper::Letter] {
                    jobs.push((opened.clone(), t, kind, paper));
                }
            }
        }
    }
    let results = parallel(&jobs, |(opened, t, kind, paper)| {
        let (laid, pdf) = pdf_of(&engine, opened, t, *kind, *paper);
        let name = opened.path.file_stem().unwrap().to_string_lossy();
        let key: Key = (
            format!("{name}.yaml"),
            t.name.into(),
            kind.name().into(),
            paper.name().into(),
        );
        let pages = laid.document.pages().len();
        let mut problems = Vec::new();

        let view: serde_json::Value = serde_json::from_slice(laid.data.as_slice()).unwrap();
        match vitae::ats::read(&pdf) {
            Ok(reading) => {
                let report = vitae::ats::check(&reading, Some(&view));
                for f in report.findings.iter().filter(|f| !f.ok) {
                    problems.push(format!("ATS, {}: {}", f.check, f.detail));
                }
                problems.extend(stranded_keyword_rows(&reading, &view));
            }
            Err(e) => problems.push(format!("ATS: {e}")),
        }
        let facts = inspect::inspect(&laid.document);
        if let Some(body) = inspect::body_size(&facts)
            && body < inspect::MIN_BODY - 0.05
        {
            problems.push(format!("body text at {body:.1} pt"));
        }
        problems.extend(page_problems(&facts));
        // A summary that had to leave something out fills its page: text reaches 85 % of the
        // page's height.
        if *kind == Kind::Summary && !laid.condensed.is_empty() {
            let reach = Engine::page_extents(&laid.document)[0].1;
            if reach < render::SUMMARY_REACH {
                problems.push(format!(
                    "summary text reaches {:.0} % of the page, with {} left out",
                    reach * 100.0,
                    laid.condensed.join(", ")
                ));
            }
        }
        let fill = render::last_page_fill(&laid.document);
        if pages > 1 && fill < render::MIN_LAST_PAGE_FILL {
            problems.push(format!("last page {:.0} % full", fill * 100.0));
        }
        (key, pages, problems)
    });

    let got: BTreeMap<Key, usize> = results.iter().map(|(k, n, _)| (k.clone(), *n)).collect();
    let mut failed = Vec::new();
    if std::env::var_os("VITAE_UPDATE_REFERENCES").is_some_and(|v| !v.is_empty()) {
        let mut out = header;
        for ((p, t, k, paper), n) in &got {
            out.push_str(&format!("{p} {t} {k} {paper} {n}\n"));
        }
        std::fs::write(&table, out).unwrap();
    } else {
        let changed: Vec<String> = got
            .iter()
            .filter(|(k, n)| expected.get(*k) != Some(n))
            .map(|((p, t, k, paper), n)| {
                let was = expected.get(&(p.clone(), t.clone(), k.clone(), paper.clone()));
                format!("{p} {t} {k} {paper}: {n} pages, table says {was:?}")
            })
            .collect();
        if !changed.is_empty() {
            failed.push(format!(
                "page counts changed (VITAE_UPDATE_REFERENCES=1 to accept):\n  {}",
                changed.join("\n  ")
            ));
        }
        if got.len() != expected.len() {
            failed.push(format!(
                "the table lists {} documents, not the {} laid out",
                expected.len(),
                got.len()
            ));
        }
    }

    let documents = results.len();
    let bad = results.iter().filter(|(_, _, p)| !p.is_empty()).count();
    failed.extend(results.into_iter().filter(|(_, _, p)| !p.is_empty()).map(
        |((p, t, k, paper), _, problems)| {
            format!("{p} {t} {k} {paper}:\n  {}", problems.join("\n  "))
        },
    ));
    assert!(
        failed.is_empty(),
        "{bad} of {documents} documents fail a check:\n{}",
        failed.join("\n")
    );
}

/// Pages after the first whose first line of text is an entry's keyword row: the row was
/// stranded, away from the entry it belongs to.
fn stranded_keyword_rows(reading: &vitae::ats::Reading, view: &serde_json::Value) -> Vec<String> {
    fn rows(v: &serde_json::Value, out: &mut Vec<Vec<String>>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(ks) = o.get("keywords").and_then(|k| k.as_array())
                    && ks.len() >= 2
                    && o.contains_key("highlights")
                {
                    out.push(ks.iter().filter_map(|k| k.as_str()).map(squash).collect());
                }
                o.values().for_each(|x| rows(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| rows(x, out)),
            _ => {}
        }
    }
    let mut keyword_rows = Vec::new();
    rows(&view["sections"], &mut keyword_rows);
    let mut out = Vec::new();
    for (i, page) in reading.pages.iter().enumerate().skip(1) {
        // The topmost line that is not a running head (the name) or a page number.
        let name = squash(view["basics"]["name"].as_str().unwrap_or(""));
        let Some(first) = page
            .iter()
            .filter(|l| squash(&l.text) != name && !l.text.contains(" / "))
            .min_by(|a, b| a.top.total_cmp(&b.top))
            .map(|l| squash(&l.text))
        else {
            continue;
        };
        if keyword_rows
            .iter()
            .any(|ks| first.starts_with(&ks[0]) && first.contains(&ks[1]))
        {
            out.push(format!(
                "page {}: a keyword row stranded at the top: “{first}”",
                i + 1
            ));
        }
    }
    out
}

/// vitae's ATS reader against pdfminer.six itself, on every example in every template: the
/// lines, in order, should be pdfminer's. Needs a Python with pdfminer.six
/// (`VITAE_PDFMINER_PYTHON`, else `python3`); .ci/run installs one and sets
/// `VITAE_REQUIRE_TOOLS`, without which a machine lacking it skips this test.
#[test]
fn the_ats_reader_reads_as_pdfminer_does() {
    let python = std::env::var("VITAE_PDFMINER_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import pdfminer"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            std::env::var_os("VITAE_REQUIRE_TOOLS").is_none(),
            "{python} cannot import pdfminer (.ci/run installs it)"
        );
        eprintln!("skipped: {python} cannot import pdfminer.six");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            "examples/",
            "-t",
            "all",
            "-q",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pdfs: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pdfs.sort();
    // pdfminer's lines, whitespace folded, one JSON list per file.
    let script = r#"
import json, sys
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine
for path in sys.argv[1:]:
    lines = []
    for page in extract_pages(path):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        t = " ".join(line.get_text().split())
                        if t:
                            lines.append(t)
    print(json.dumps(lines))
"#;
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(&pdfs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Vec<String>> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(theirs.len(), pdfs.len());
    let mut identical = 0;
    let mut far = Vec::new();
    for (path, theirs) in pdfs.iter().zip(&theirs) {
        let reading = vitae::ats::read(&std::fs::read(path).unwrap()).unwrap();
        let ours: Vec<String> = reading
            .lines()
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if &ours == theirs {
            identical += 1;
            continue;
        }
        // Lines in common, in order (longest common subsequence), over the longer reading.
        let (n, m) = (ours.len(), theirs.len());
        let mut lcs = vec![vec![0usize; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = match ours[i] == theirs[j] {
                    true => lcs[i + 1][j + 1] + 1,
                    false => lcs[i + 1][j].max(lcs[i][j + 1]),
                };
            }
        }
        let share = lcs[0][0] as f64 / n.max(m).max(1) as f64;
        if share < 0.95 {
            far.push(format!(
                "{}: {:.0} % of lines in pdfminer's order",
                path.display(),
                share * 100.0
            ));
        }
    }
    assert!(far.is_empty(), "{}", far.join("\n"));
    assert!(
        identical * 10 >= pdfs.len() * 9,
        "only {identical} of {} readings are pdfminer's line for line",
        pdfs.len()
    );
}

/// A profile of overlong words and addresses (a 162-character identifier in every kind of
/// field, a 156-character URL, a 60-character e-mail address) in every template, kind and
/// paper: nothing runs outside the text area or under 7 pt, and every string still reads back
/// (a word longer than its column is broken, so only its spaces may move).
#[test]
fn long_words_and_addresses_stay_inside_the_text_area() {
    let path = root().join("tests/corpus/stress/ada.yaml");
    let opened = render::open(&path, Default::default()).unwrap();
    assert!(opened.photo.is_some(), "the stress profile has a photo");
    let engine = Engine::new();
    let mut jobs = Vec::new();
    for t in TEMPLATES {
        for kind in [Kind::Resume, Kind::Summary] {
            for paper in [Paper::A4, Paper::Letter] {
                jobs.push((t, kind, paper));
            }
        }
    }
    let problems: Vec<String> = parallel(&jobs, |(t, kind, paper)| {
        let (laid, pdf) = pdf_of(&engine, &opened, t, *kind, *paper);
        let mut problems = page_problems(&inspect::inspect(&laid.document));
        let view: serde_json::Value = serde_json::from_slice(laid.data.as_slice()).unwrap();
        let report = vitae::ats::check(&vitae::ats::read(&pdf).unwrap(), Some(&view));
        for f in report.findings.iter().filter(|f| !f.ok) {
            if f.check != "no words merged or split" {
                problems.push(format!("ATS, {}: {}", f.check, f.detail));
            }
        }
        problems
            .into_iter()
            .map(|p| format!("{} {} {}: {p}", t.name, kind.name(), paper.name()))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `build --ats` fails a document that reads back wrong, naming what it lost, and
/// `check --ats` judges a PDF on its own: here a custom template that sets an icon as a
/// private-use character and leaves the profile's sections out.
#[test]
fn ats_flags_fail_documents_that_read_back_wrong() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("careless")).unwrap();
    std::fs::write(
        dir.path().join("careless/resume.typ"),
        "#let data = json(\"/vitae/data.json\")\n\
         #set document(title: data.document.title, author: data.document.author)\n\
         #set text(lang: \"en\")\n\
         #text(font: \"Font Awesome 6 Free Solid\", \"\\u{f0e0}\") #data.basics.name\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/minimal.yaml"),
        dir.path().join("ada.yaml"),
    )
    .unwrap();
    let o = vitae(
        &["build", "ada.yaml", "-t", "careless", "--ats", "-o", "out"],
        dir.path(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("reads back wrong (no private-use or ligature characters)"),
        "{err}"
    );
    assert!(
        err.contains("(every displayed string present): “London, UK”; “ada@example.com”"),
        "{err}"
    );
    assert!(err.contains("docs/ats.md"), "{err}");

    // The same PDF read on its own: no view to compare with, but the character is there.
    let pdf = dir.path().join("out/ada-careless.pdf");
    assert!(pdf.exists(), "the document is written, then judged");
    let o = vitae(&["check", "--ats", pdf.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("MISS no private-use or ligature characters"),
        "{}",
        stdout(&o)
    );

    // A built-in template's PDF passes, and `-v` shows the reading.
    let o = vitae(&["build", "ada.yaml", "--ats", "-o", "good"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = vitae(
        &["check", "--ats", "-v", "good/ada-classic.pdf"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("| Analytical Engines Ltd"),
        "{}",
        stdout(&o)
    );
}
