//! The corpora in `tests/corpus/`: malformed profiles and plans, each with its committed
//! diagnostic (exit code, `file:line:col`, message — reviewed when it changes), and hostile
//! strings that must print exactly as typed in every field, template and kind.
//!
//! `VITAE_UPDATE_REFERENCES=1 cargo test --release` rewrites the expected diagnostics after a
//! deliberate change; `git diff tests/corpus` then shows what users will see differently.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::*;

fn corpus() -> PathBuf {
    root().join("tests/corpus")
}

fn updating() -> bool {
    std::env::var_os("VITAE_UPDATE_REFERENCES").is_some_and(|v| !v.is_empty())
}

/// What a user saw, made stable: the exit code, then stderr with timings blanked.
fn transcript(o: &Output) -> String {
    let err = stderr(o);
    let mut out = format!("exit code: {}\n", o.status.code().unwrap_or(-1));
    for line in err.lines() {
        let line = match line.rfind(" in ") {
            Some(i)
                if line.ends_with('s') && line[i + 4..line.len() - 1].parse::<f64>().is_ok() =>
            {
                format!("{} in [time]", &line[..i])
            }
            _ => line.to_string(),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The corpus files of a folder (not the fixtures beside them), sorted.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.as_bytes()[0].is_ascii_digit())
                && p.extension().is_some_and(|e| e == "yaml" || e == "json")
        })
        .collect();
    v.sort();
    v
}

/// Extra arguments a case asks for on a `# args: …` line.
fn case_args(path: &Path) -> Vec<String> {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    text.lines()
        .take(3)
        .find_map(|l| l.strip_prefix("# args:"))
        .map(|a| a.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Compare transcripts with the committed ones (or write them); report every difference.
fn against_expected(kind: &str, results: Vec<(PathBuf, String)>) {
    let expected_dir = corpus().join("malformed/expected").join(kind);
    std::fs::create_dir_all(&expected_dir).unwrap();
    let mut differ = Vec::new();
    for (case, got) in &results {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let file = expected_dir.join(format!("{name}.out"));
        if updating() {
            std::fs::write(&file, got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_default();
        if &want != got {
            differ.push(format!("── {name}\n── expected:\n{want}── got:\n{got}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} {kind} changed what users see (VITAE_UPDATE_REFERENCES=1 to accept):\n{}",
        differ.len(),
        results.len(),
        differ.join("\n")
    );
}

/// Every malformed or unusual profile: `vitae check` reports it located, with exit code 1 (or
/// passes with warnings, exit 0 — and then `vitae build` works too); never a crash.
#[test]
fn malformed_profiles_get_their_committed_diagnostics() {
    let dir = corpus().join("malformed/profiles");
    let files = cases(&dir);
    assert!(files.len() >= 80, "{} malformed profiles", files.len());
    let results = parallel(&files, |case| {
        let name = case.file_name().unwrap().to_str().unwrap();
        let mut args = vec!["check".to_string()];
        args.extend(case_args(case));
        args.push(name.to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = vitae(&args, &dir);
        let code = o.status.code();
        let err = stderr(&o);
        assert!(
            matches!(code, Some(0 | 1)),
            "{name}: exit code {code:?}\n{err}"
        );
        assert!(!err.contains("internal error"), "{name}:\n{err}");
        // Every error says where: the printer's `┌─ file:line:col` follows each `error:`.
        let lines: Vec<&str> = err.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("error:") && !line.contains("more control characters") {
                let next = lines.get(i + 1).copied().unwrap_or("");
                assert!(next.contains("┌─"), "{name}: unlocated error\n{err}");
            }
        }
        if code == Some(0) {
            // `check` passing means `build` works.
            let out = tempfile::tempdir().unwrap();
            let b = vitae(
                &["build", name, "-q", "-o", out.path().to_str().unwrap()],
                &dir,
            );
            assert!(
                b.status.success(),
                "{name}: check passed but build failed:\n{}",
                stderr(&b)
            );
        }
        (case.clone(), transcript(&o))
    });
    against_expected("profiles", results);
}

/// Every malformed plan, built from a scratch copy (some would overwrite their inputs).
#[test]
fn malformed_plans_get_their_committed_diagnostics() {
    let source = corpus().join("malformed/plans");
    let files = cases(&source);
    assert!(files.len() >= 15, "{} malformed plans", files.len());
    let results = parallel(&files, |case| {
        let name = case.file_name().unwrap().to_str().unwrap();
        let scratch = tempfile::tempdir().unwrap();
        copy_dir(&source, scratch.path());
        let before = snapshot(scratch.path());
        let o = vitae(&["build", "--plan", name, "-q"], scratch.path());
        let err = stderr(&o);
        assert!(
            o.status.code() == Some(1),
            "{name}: exit code {:?}\n{err}",
            o.status.code()
        );
        assert!(!err.contains("internal error"), "{name}:\n{err}");
        // No input was touched.
        let after = snapshot(scratch.path());
        for (path, bytes) in &before {
            assert_eq!(after.get(path), Some(bytes), "{name} changed {path}");
        }
        (case.clone(), transcript(&o))
    });
    against_expected("plans", results);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` (outside `output/`) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "output") {
                    stack.push(path);
                }
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

// -- hostile strings ----------------------------------------------------------------------------

#[derive(serde::Deserialize)]
struct Hostile {
    text: String,
    expect: Option<String>,
}

fn hostile() -> Vec<Hostile> {
    let bytes = std::fs::read(corpus().join("hostile.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Whitespace and invisible characters out: what extraction may add (line breaks) or drop
/// (zero-width joiners, soft hyphens) says nothing about the text.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{ad}' | '\u{feff}' | '\u{fe0f}'
                )
        })
        .collect()
}

/// Runs of one paragraph joined; plain strings as they are: each a unit of displayed text.
fn displayed_units(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.get("text").is_some_and(Value::is_string))
                && !items.is_empty() =>
        {
            out.push(
                items
                    .iter()
                    .filter_map(|i| i["text"].as_str())
                    .collect::<String>(),
            );
        }
        Value::Array(items) => items.iter().for_each(|i| displayed_units(i, out)),
        Value::Object(o) => {
            for (k, x) in o {
                if matches!(
                    k.as_str(),
                    "kind"
                        | "id"
                        | "link"
                        | "url"
                        | "paper"
                        | "accent"
                        | "lang"
                        | "network"
                        | "document"
                        | "style"
                ) {
                    continue;
                }
                match x {
                    Value::String(s) => out.push(s.clone()),
                    x => displayed_units(x, out),
                }
            }
        }
        Value::String(s) => out.push(s.clone()),
        _ => {}
    }
}

/// One profile per family of fields and chunk of strings: Markdown texts, plain names and
/// titles, and keyword lists.
fn hostile_profiles(
    strings: &[Hostile],
) -> Vec<(String, serde_json::Value, bool, std::ops::Range<usize>)> {
    use serde_json::json;
    let mut profiles = Vec::new();
    for (n, chunk) in strings.chunks(50).enumerate() {
        let range = n * 50..n * 50 + chunk.len();
        let texts: Vec<&str> = chunk.iter().map(|h| h.text.as_str()).collect();
        profiles.push((
            format!("markdown-{n}"),
            json!({
                "basics": { "name": "Ada Lovelace", "summary": texts.join("\n\n") },
                "work": [{ "name": "Analytical Engines", "position": "Engineer",
                           "startDate": "2020-01", "highlights": texts,
                           "details": texts.iter().map(|t| json!({ "label": "Note", "text": t })).collect::<Vec<_>>() }],
                "custom": [{ "title": "Notes", "items": texts }],
                "references": texts.iter().map(|t| json!({ "name": "Grace Hopper", "reference": t })).collect::<Vec<_>>(),
            }),
            true,
            range.clone(),
        ));
        profiles.push((
            format!("plain-{n}"),
            json!({
                "basics": { "name": "Ada Lovelace", "label": texts[0], "phone": texts[1], "location": texts[2] },
                "awards": texts.iter().map(|t| json!({ "title": t, "awarder": "Royal Society" })).collect::<Vec<_>>(),
                "languages": texts.iter().map(|t| json!({ "language": t, "fluency": "Native" })).collect::<Vec<_>>(),
                "work": texts.iter().enumerate().map(|(i, t)| json!({
                    "name": t, "position": texts[(i + 1) % texts.len()], "startDate": "2020-01"
                })).collect::<Vec<_>>(),
                "education": texts.iter().map(|t| json!({ "institution": t, "area": "Physics" })).collect::<Vec<_>>(),
            }),
            false,
            range.clone(),
        ));
        profiles.push((
            format!("keywords-{n}"),
            json!({
                "basics": { "name": "Ada Lovelace" },
                "skills": [{ "name": "Everything", "keywords": texts }],
                "interests": [{ "name": "Words", "keywords": texts }],
                "projects": [{ "name": "Vitae", "keywords": texts }],
            }),
            false,
            range.clone(),
        ));
    }
    profiles
}

/// At least 80 hostile strings, in Markdown texts, plain names and titles and keyword lists,
/// in every template and both kinds: whatever a document shows of them extracts from its PDF
/// exactly as typed (Markdown markup aside). Rendered in-process through the library.
#[test]
fn hostile_strings_print_exactly_as_typed_in_every_field_template_and_kind() {
    use vitae::engine::{Engine, TEMPLATES, Template};
    use vitae::render::{self, Opened};
    use vitae::view::Kind;

    let strings = hostile();
    assert!(strings.len() >= 80, "{} hostile strings", strings.len());
    let expected = |h: &Hostile, markdown: bool| -> String {
        let folded = h
            .text
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let markup = vitae::view::markdown::plain(&vitae::view::runs(&h.text)) != folded;
        match (&h.expect, markdown || !markup) {
            (Some(e), true) => e.clone(),
            _ => folded,
        }
    };
    let engine = Engine::new();
    let mut jobs = Vec::new();
    for (name, json, markdown, range) in hostile_profiles(&strings) {
        let bytes = serde_json::to_vec(&json).unwrap();
        let loaded = vitae::profile::load(&format!("{name}.json"), &bytes, Default::default())
            .unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let opened = Arc::new(Opened::of(format!("{name}.json"), loaded));
        for template in TEMPLATES {
            for kind in [Kind::Resume, Kind::Summary] {
                jobs.push((
                    name.clone(),
                    opened.clone(),
                    template,
                    kind,
                    markdown,
                    range.clone(),
                ));
            }
        }
    }
    let options = render::Options::default();
    let failures = parallel(&jobs, |(name, opened, template, kind, markdown, range)| {
        let template = Template::Builtin(template);
        let request = render::Request {
            profile: &opened.loaded,
            photo: None,
            template: &template,
            kind: *kind,
            options: &options,
        };
        let laid = render::lay_out(&request, &engine)
            .unwrap_or_else(|f| panic!("{name} {}: {:?}", template.name(), f.diagnostics));
        let pdf = render::export(&laid, &template, &engine, render::Format::Pdf)
            .unwrap()
            .remove(0);
        engine.finished(2);
        let view: serde_json::Value = serde_json::from_slice(laid.data.as_slice()).unwrap();
        let mut units = Vec::new();
        displayed_units(&view, &mut units);
        let units: Vec<String> = units.iter().map(|u| comparable(u)).collect();
        let text = comparable(&pdf_text(&pdf));
        let mut missing = Vec::new();
        let mut checked = 0;
        // The strings this profile holds, each shown as a whole unit (a paragraph, an item, a
        // name) or left out by the summary.
        for h in &strings[range.clone()] {
            let want = comparable(&expected(h, *markdown));
            if want.is_empty() || !units.iter().any(|u| u == &want) {
                continue;
            }
            checked += 1;
            if !text.contains(&want) {
                missing.push(format!("{:?} (expected {want:?})", h.text));
            }
        }
        let what = format!("{name} × {} × {}", template.name(), kind.name());
        (what, checked, missing)
    });
    let mut report = Vec::new();
    for (what, checked, missing) in &failures {
        assert!(*checked >= 5, "{what}: only {checked} strings shown");
        if !missing.is_empty() {
            report.push(format!("{what}: {}", missing.join(", ")));
        }
    }
    assert!(
        report.is_empty(),
        "text changed on the way to the PDF:\n{}",
        report.join("\n")
    );
}
