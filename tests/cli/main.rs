//! End-to-end tests against the real `vitae` binary and the library: what a user runs, what a
//! user sees. One test binary (every test binary links the whole Typst stack), one module per
//! topic; the helpers every module shares live here.
//!
//! PDFs are checked by their extracted text (through the fonts' Unicode maps), metadata, links
//! and page counts — never byte-compared with committed files.

mod batches;
mod compat;
mod corpus;
mod diagnostics;
mod fitting;
mod formats;
mod languages;
mod letters;
mod library;
mod quality;
mod references;
mod regressions;
mod rendering;
mod robustness;
mod standards;
mod tailoring;
mod templates;

pub use std::path::{Path, PathBuf};
pub use std::process::{Command, Output};

pub use lopdf::{Document, Object};

pub const BIN: &str = env!("CARGO_BIN_EXE_vitae");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    v.sort();
    v
}

pub fn vitae(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("vitae runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Build one profile into a fresh folder; return the PDF bytes and the run's output.
pub fn build(profile: &Path, extra: &[&str]) -> (Vec<u8>, Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        profile.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = vitae(&args, &root());
    assert!(
        o.status.success(),
        "vitae build {} failed:\n{}",
        profile.display(),
        stderr(&o)
    );
    let pdf = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF was written");
    (std::fs::read(pdf).unwrap(), o, out)
}

pub fn write_profile(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Lower case, no whitespace: robust to line breaks and section titles set in capitals.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The PDF's text, page after page, without the page numbers ("2 / 5") in the footers: a
/// paragraph that runs over a page break reads on as one.
pub fn pdf_text(pdf: &[u8]) -> String {
    let pages = pdf_pages(pdf);
    let is_page_number = |line: &str| {
        let parts: Vec<&str> = line.split('/').map(str::trim).collect();
        parts.len() == 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    pages
        .iter()
        .map(|page| {
            page.lines()
                .filter(|l| !is_page_number(l))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each page's text as vitae's ATS reader gives it (`vitae::ats`): lines in reading order.
pub fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let reading = vitae::ats::read(pdf).expect("text extracts from the PDF");
    reading
        .pages
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// Every string the view holds for display, gathered from the render-ready data.
pub fn displayed_strings(profile: &Path) -> Vec<String> {
    let bytes = std::fs::read(profile).unwrap();
    let loaded = vitae::profile::load("p", &bytes, Default::default()).unwrap();
    let view = vitae::view::build(&loaded.profile, &Default::default());
    let value = serde_json::to_value(&view).unwrap();
    let mut out = Vec::new();
    collect(&value, None, &mut out);
    out
}

/// Keys of the view that hold no displayed text (or repeat text shown elsewhere).
pub const NOT_SHOWN: [&str; 13] = [
    "kind", "id", "link", "url", "paper", "accent", "lang", "network", "document", "dates",
    "phrases", "photo", "style",
];

pub fn collect(v: &serde_json::Value, key: Option<&str>, out: &mut Vec<String>) {
    use serde_json::Value;
    if key.is_some_and(|k| NOT_SHOWN.contains(&k)) {
        return;
    }
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| collect(x, Some(k), out)),
        _ => {}
    }
}

pub fn info(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_dictionary(info).ok()?;
    let obj = dict.get(key).ok()?;
    match obj {
        Object::String(bytes, _) => Some(decode_pdf_string(bytes)),
        _ => None,
    }
}

pub fn decode_pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Every link target in the PDF (URI actions sit inline in annotation dictionaries).
pub fn link_uris(doc: &Document) -> Vec<String> {
    fn walk(o: &Object, out: &mut Vec<String>) {
        match o {
            Object::Dictionary(d) => {
                if let Ok(Object::String(uri, _)) = d.get(b"URI") {
                    out.push(String::from_utf8_lossy(uri).into_owned());
                }
                d.iter().for_each(|(_, v)| walk(v, out));
            }
            Object::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    doc.objects.values().for_each(|o| walk(o, &mut out));
    out
}

/// Extracted text with runs of whitespace folded to one space.
pub fn flat_text(pdf: &[u8]) -> String {
    pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn templates() -> Vec<String> {
    let o = vitae(&["templates"], &root());
    stdout(&o)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// A JSON report written by `--report`.
pub fn report(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

/// `f` over `items` on every core, results in order.
pub fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    *results[i].lock().unwrap() = Some(f(item));
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().unwrap().expect("every item ran"))
        .collect()
}
