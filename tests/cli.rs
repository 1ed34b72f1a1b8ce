//! End-to-end tests against the real `vitae` binary: what a user runs, what a user sees.
//!
//! PDFs are checked by their extracted text (through the fonts' Unicode maps), metadata, links
//! and page counts — never byte-compared with committed files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

const BIN: &str = env!("CARGO_BIN_EXE_vitae");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    v.sort();
    v
}

fn vitae(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("vitae runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Build one profile into a fresh folder; return the PDF bytes and the run's output.
fn build(profile: &Path, extra: &[&str]) -> (Vec<u8>, Output, tempfile::TempDir) {
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

fn write_profile(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Lower case, no whitespace: robust to line breaks and section titles set in capitals.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn pdf_text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("text extracts from the PDF")
}

/// Every string the view holds for display, gathered from the render-ready data.
fn displayed_strings(profile: &Path) -> Vec<String> {
    let bytes = std::fs::read(profile).unwrap();
    let loaded = vitae::profile::load("p", &bytes, Default::default()).unwrap();
    let view = vitae::view::build(&loaded.profile, &Default::default());
    let value = serde_json::to_value(&view).unwrap();
    let mut out = Vec::new();
    collect(&value, None, &mut out);
    out
}

fn collect(v: &serde_json::Value, key: Option<&str>, out: &mut Vec<String>) {
    use serde_json::Value;
    const NOT_SHOWN: [&str; 9] = [
        "kind", "id", "link", "url", "paper", "accent", "lang", "network", "document",
    ];
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

fn info(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_dictionary(info).ok()?;
    let obj = dict.get(key).ok()?;
    match obj {
        Object::String(bytes, _) => Some(decode_pdf_string(bytes)),
        _ => None,
    }
}

fn decode_pdf_string(bytes: &[u8]) -> String {
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
fn link_uris(doc: &Document) -> Vec<String> {
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
fn flat_text(pdf: &[u8]) -> String {
    pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// -------------------------------------------------------------------------------------------

fn templates() -> Vec<String> {
    let o = vitae(&["templates"], &root());
    stdout(&o)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn every_example_renders_in_every_template_with_all_its_content_and_no_warning() {
    let examples = examples();
    assert!(examples.len() >= 6, "five seed profiles and a minimal one");
    let templates = templates();
    assert!(templates.len() >= 5, "{templates:?}");
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            "examples",
            "--template",
            "all",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    for profile in &examples {
        let strings = displayed_strings(profile);
        assert!(
            strings.len() >= 10,
            "{}: the view holds {} strings",
            profile.display(),
            strings.len()
        );
        let stem = profile.file_stem().unwrap().to_string_lossy();
        for template in &templates {
            let pdf = std::fs::read(out.path().join(format!("{stem}-{template}.pdf"))).unwrap();
            let text = squash(&pdf_text(&pdf));
            let missing: Vec<&String> = strings
                .iter()
                .filter(|s| !text.contains(&squash(s)))
                .collect();
            assert!(
                missing.is_empty(),
                "{stem} × {template}: not in the PDF text: {missing:#?}"
            );
            let pages = Document::load_mem(&pdf).unwrap().get_pages().len();
            assert!(
                (1..=6).contains(&pages),
                "{stem} × {template}: {pages} pages"
            );
        }
        // The compact layout earns its name: never longer than the classic one.
        let pages = |template: &str| {
            let pdf = std::fs::read(out.path().join(format!("{stem}-{template}.pdf"))).unwrap();
            Document::load_mem(&pdf).unwrap().get_pages().len()
        };
        assert!(
            pages("compact") <= pages("classic"),
            "{stem}: compact {} pages, classic {}",
            pages("compact"),
            pages("classic")
        );
    }
}

#[test]
fn the_pdf_carries_metadata_tags_links_and_page_numbers() {
    let (pdf, _, _dir) = build(
        &root().join("examples/saurabh-kumar.yaml"),
        &["--no-tighten"],
    );
    let doc = Document::load_mem(&pdf).unwrap();
    assert_eq!(
        info(&doc, b"Title").as_deref(),
        Some("Saurabh Kumar – Backend Software Engineer")
    );
    assert_eq!(info(&doc, b"Author").as_deref(), Some("Saurabh Kumar"));
    let keywords = info(&doc, b"Keywords").unwrap_or_default();
    assert!(
        keywords.contains("PostgreSQL") && keywords.contains("AWS SQS"),
        "keywords: {keywords}"
    );
    assert!(
        info(&doc, b"Creator")
            .unwrap_or_default()
            .starts_with("vitae")
    );

    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged PDF");
    assert_eq!(
        catalog.get(b"Lang").and_then(Object::as_str).ok(),
        Some(&b"en"[..])
    );

    let uris = link_uris(&doc);
    assert!(
        uris.iter().any(|u| u == "mailto:saurabhq36@gmail.com"),
        "{uris:?}"
    );
    assert!(uris.iter().any(|u| u == "tel:+918057981281"), "{uris:?}");
    assert!(
        uris.iter()
            .any(|u| u == "https://www.linkedin.com/in/saurabh-kumar-119202144"),
        "{uris:?}"
    );

    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("1 / 2") && text.contains("2 / 2"),
        "page numbers on a two-page résumé"
    );
}

#[test]
fn one_page_documents_have_no_page_number() {
    let (pdf, _, _dir) = build(&root().join("examples/minimal.yaml"), &[]);
    assert_eq!(Document::load_mem(&pdf).unwrap().get_pages().len(), 1);
    assert!(!pdf_text(&pdf).contains("1 / 1"));
}

#[test]
fn paper_sizes() {
    for (flag, width, height) in [("a4", 595.28, 841.89), ("letter", 612.0, 792.0)] {
        let (pdf, _, _dir) = build(&root().join("examples/minimal.yaml"), &["--paper", flag]);
        let doc = Document::load_mem(&pdf).unwrap();
        let page = doc.get_pages()[&1];
        let media = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let n = |o: &Object| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32);
        assert!(
            (n(&media[2]) - width).abs() < 0.5 && (n(&media[3]) - height).abs() < 0.5,
            "{flag}: {media:?}"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let profile = root().join("examples/ritik-mehra.yaml");
    let (a, _, _d1) = build(&profile, &[]);
    let (b, _, _d2) = build(&profile, &[]);
    assert!(a == b, "two builds differ");

    // With SOURCE_DATE_EPOCH the creation date is that day, and still reproducible.
    let out = tempfile::tempdir().unwrap();
    let run = || {
        let o = Command::new(BIN)
            .args([
                "build",
                profile.to_str().unwrap(),
                "-o",
                out.path().to_str().unwrap(),
            ])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(out.path().join("ritik-mehra-classic.pdf")).unwrap()
    };
    let (c, d) = (run(), run());
    assert!(c == d);
    let doc = Document::load_mem(&c).unwrap();
    assert!(
        info(&doc, b"CreationDate")
            .unwrap_or_default()
            .starts_with("D:20231114")
    );
}

#[test]
fn hostile_strings_print_literally() {
    let hostile = [
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
        "back\\slash",
        "`tick",
        "#10234",
        "<5%",
        "a_b_c",
        "$x$",
        "*star",
        "}{",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from(
        "basics:\n  name: \"Zoë #Hash $Name\"\n  label: \"<Ops> & [Infra]\"\nwork:\n  - name: \"Acme // Labs\"\n    position: \"C# Lead\"\n    highlights:\n",
    );
    for h in hostile {
        yaml.push_str(&format!("      - {}\n", serde_json::to_string(h).unwrap()));
    }
    yaml.push_str("skills:\n  - name: \"Lang #1\"\n    keywords: [\"C#\", \"F#\", \"$PATH\"]\n");
    let profile = write_profile(dir.path(), "hostile.yaml", &yaml);
    let (pdf, o, _out) = build(&profile, &[]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let flat = flat_text(&pdf);
    for s in hostile.iter().chain(&[
        "Zoë #Hash $Name",
        "<Ops> & [Infra]",
        "Acme // Labs",
        "C# Lead",
        "Lang #1",
        "$PATH",
    ]) {
        assert!(flat.contains(s), "`{s}` not printed literally in:\n{flat}");
    }
}

#[test]
fn inline_markdown_is_styled_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write_profile(
        dir.path(),
        "md.yaml",
        "basics:\n  name: A\n  summary: \"**Bold** and *em* with `code` and [a link](https://example.com/x)\"\n",
    );
    let (pdf, _, _out) = build(&profile, &[]);
    let text = flat_text(&pdf);
    assert!(text.contains("Bold and em with code and a link"), "{text}");
    assert!(!text.contains("**") && !text.contains("]("));
    assert!(
        link_uris(&Document::load_mem(&pdf).unwrap())
            .contains(&"https://example.com/x".to_string())
    );
}

#[test]
fn json_profiles_are_read_too() {
    let dir = tempfile::tempdir().unwrap();
    // Detected by content, whatever the extension says.
    let profile = write_profile(
        dir.path(),
        "me.txt",
        r#"{"basics": {"name": "Jay Son", "label": "Engineer"}, "work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01"}]}"#,
    );
    let (pdf, _, _out) = build(&profile, &[]);
    let text = flat_text(&pdf);
    assert!(
        text.contains("Jay Son") && text.contains("Jan 2020 – Present"),
        "{text}"
    );
}

// -- diagnostics ----------------------------------------------------------------------------

#[test]
fn all_problems_are_reported_with_file_line_column_field_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "bad.yaml",
        "basics:\n  label: Engineer\n  email: not-an-email\nwork:\n  - name: Acme\n    startDate: 2021-13\n    higlights:\n      - x\n  - name: Beta\n    startDate: 2022-05\n    endDate: 2021-01\nskills: oops\n",
    );
    let o = vitae(&["check", "bad.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "missing `name`",
        "bad.yaml:1:1",
        "`not-an-email` is not an email address",
        "bad.yaml:3:10",
        "`2021-13` has no month 13",
        "bad.yaml:6:16",
        "unknown field `higlights`",
        "did you mean `highlights`?",
        "bad.yaml:7:5",
        "in `work[0].higlights`",
        "`endDate` 2021-01 is before `startDate` 2022-05",
        "bad.yaml:11:14",
        "expected a list, found text",
        "bad.yaml:12:9",
        "hint:",
    ] {
        assert!(err.contains(expected), "`{expected}` not in:\n{err}");
    }
    assert!(
        err.contains("error:") && err.contains("┌─"),
        "compiler-style output:\n{err}"
    );
}

#[test]
fn unknown_fields_warn_and_fail_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "p.yaml", "basics:\n  name: A\n  nmae: B\n");
    let o = vitae(&["build", "p.yaml"], dir.path());
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: unknown field `nmae`")
            && stderr(&o).contains("did you mean `name`?")
    );
    assert!(dir.path().join("output/p-classic.pdf").exists());

    let o = vitae(&["build", "p.yaml", "--strict", "-o", "strict"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: unknown field `nmae`"));
    assert!(
        !dir.path().join("strict").exists(),
        "nothing written for a failed profile"
    );
}

#[test]
fn syntax_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "y.yaml",
        "basics:\n  name: A\n  label: [unclosed\n",
    );
    write_profile(
        dir.path(),
        "j.json",
        "{\n  \"basics\": {\"name\": \"A\",}\n}\n",
    );
    write_profile(dir.path(), "d.yaml", "basics:\n  name: A\n  name: B\n");
    let o = vitae(&["check", "y.yaml", "j.json", "d.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("invalid YAML") && err.contains("y.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("invalid JSON") && err.contains("j.json:2:"),
        "{err}"
    );
    assert!(
        err.contains("duplicate key `name`") && err.contains("d.yaml:3:3"),
        "{err}"
    );
    assert!(err.contains("3 failed"), "{err}");
}

#[test]
fn a_batch_finishes_the_others_and_names_the_failures() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "good.yaml", "basics:\n  name: Good\n");
    write_profile(dir.path(), "bad.yaml", "basics:\n  name: [1]\n");
    let o = vitae(
        &["build", "good.yaml", "bad.yaml", "missing.yaml"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.path().join("output/good-classic.pdf").exists());
    let err = stderr(&o);
    assert!(err.contains("failed: bad.yaml, missing.yaml"), "{err}");
    assert!(
        err.contains("cannot read `missing.yaml`: no such file"),
        "{err}"
    );
    let out: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .collect();
    assert_eq!(out.len(), 1, "no partial or temporary files");
}

#[test]
fn a_panic_inside_one_job_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ada.yaml", "doomed.yaml", "grace.yaml"] {
        write_profile(dir.path(), name, "basics:\n  name: Someone\n");
    }
    let o = Command::new(BIN)
        .args([
            "build", ".", "-j", "2", "--kind", "all", "--report", "r.json",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("VITAE_INJECT_PANIC", "doomed")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    for pdf in ["ada-classic", "ada-classic-summary", "grace-classic"] {
        assert!(
            dir.path().join(format!("output/{pdf}.pdf")).exists(),
            "{pdf}: {err}"
        );
    }
    assert!(!dir.path().join("output/doomed-classic.pdf").exists());
    assert!(err.contains("internal error: injected panic"), "{err}");
    assert!(err.contains("failed: doomed.yaml"), "{err}");
    let report = report(dir.path(), "r.json");
    let statuses: Vec<(String, String)> = report["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["profile"].as_str().unwrap().to_string(),
                j["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(statuses.len(), 6);
    for (profile, status) in statuses {
        let expected = if profile.contains("doomed") {
            "failed"
        } else {
            "written"
        };
        assert_eq!(status, expected, "{profile}");
    }
}

#[test]
fn nothing_panics_on_odd_input() {
    let dir = tempfile::tempdir().unwrap();
    let odd: [&[u8]; 10] = [
        b"",
        b"---\n",
        b"[]",
        b"\xff\xfe\x00",
        b"basics: ~\n",
        b"basics:\n  name: A\nwork: [[[]]]\n",
        b"basics:\n  name: A\nwork:\n  - positions: [{}]\n",
        b"basics: &a\n  name: *a\n",
        b"{\"basics\": 1e999}",
        b"basics:\n  name: A\nskills:\n  - keywords: [{name: X, level: 900}]\n",
    ];
    for (i, bytes) in odd.iter().enumerate() {
        let name = format!("odd{i}.yaml");
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        let o = vitae(&["build", &name], dir.path());
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{name}: {:?}\n{}",
            o.status,
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("panicked") && !stderr(&o).contains("internal error"),
            "{name}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn usage_errors_exit_2_with_suggestions() {
    let o = vitae(
        &["build", "examples/minimal.yaml", "--template", "clasic"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown template `clasic`")
            && stderr(&o).contains("did you mean `classic`?")
    );
    let o = vitae(&["build"], &root());
    assert_eq!(o.status.code(), Some(2));
    let o = vitae(&["--help"], &root());
    assert!(o.status.success() && stdout(&o).contains("Examples:"));
}

#[test]
fn templates_are_listed() {
    let o = vitae(&["templates"], &root());
    assert!(o.status.success());
    assert!(stdout(&o).lines().any(|l| l.starts_with("classic ")));
}

// -- templates, photos, formats ---------------------------------------------------------------

#[test]
fn the_readme_example_is_a_valid_profile() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("```yaml\n").expect("a YAML example") + 8;
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let profile = write_profile(dir.path(), "readme.yaml", &readme[start..end]);
    let (pdf, o, _out) = build(&profile, &[]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(flat_text(&pdf).contains("Nightly jobs overran their window"));
}

#[test]
fn an_exported_template_builds_and_a_custom_one_stays_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = vitae(&["template", "export", "classic", "mine"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("mine/resume.typ").exists());
    let o = vitae(&["template", "export", "classic", "mine"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(1),
        "refuses to overwrite without --force"
    );

    let minimal = root().join("examples/minimal.yaml");
    let minimal = minimal.to_str().unwrap();
    let o = vitae(&["build", minimal, "--template", "mine"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("output/minimal-mine.pdf").exists());

    std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
    std::fs::write(
        dir.path().join("mine/resume.typ"),
        "#read(\"../secret.txt\")\n",
    )
    .unwrap();
    let o = vitae(
        &["build", minimal, "--template", "mine", "-o", "escape"],
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a custom template's error is the user's input problem"
    );
    assert!(stderr(&o).contains("resume.typ:1:7"), "{}", stderr(&o));

    std::fs::write(
        dir.path().join("mine/resume.typ"),
        "#import \"@preview/x:0.1.0\": *\n",
    )
    .unwrap();
    let o = vitae(
        &["build", minimal, "--template", "mine", "-o", "pkg"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("packages are not available"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn photos_are_local_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><circle cx='5' cy='5' r='5'/></svg>";
    std::fs::write(dir.path().join("me.svg"), svg).unwrap();
    write_profile(
        dir.path(),
        "ok.yaml",
        "basics:\n  name: A\n  image: me.svg\n",
    );
    write_profile(
        dir.path(),
        "url.yaml",
        "basics:\n  name: A\n  image: https://example.com/me.png\n",
    );
    write_profile(
        dir.path(),
        "missing.yaml",
        "basics:\n  name: A\n  image: nope.png\n",
    );
    let o = vitae(&["build", "ok.yaml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = vitae(&["build", "url.yaml", "missing.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("url.yaml:3:10") && err.contains("must be a local file, not a URL"),
        "{err}"
    );
    assert!(
        err.contains("missing.yaml:3:10")
            && err.contains("cannot read the photo")
            && err.contains("basics.image"),
        "{err}"
    );
}

#[test]
fn png_output_writes_one_image_per_page() {
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            "examples/saurabh-kumar.yaml",
            "--no-tighten",
            "-f",
            "png",
            "--ppi",
            "30",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [1, 2] {
        let png =
            std::fs::read(out.path().join(format!("saurabh-kumar-classic-{page}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn data_prints_the_contract() {
    let o = vitae(
        &["data", "examples/minimal.yaml", "--paper", "letter"],
        &root(),
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["style"]["paper"], "us-letter");
    assert_eq!(v["sections"][1]["entries"][0]["date"], "Mar 2021 – Present");
}

// -- batches ------------------------------------------------------------------------------------

fn pdfs_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn batches_are_the_same_on_one_worker_or_four() {
    let one = tempfile::tempdir().unwrap();
    let four = tempfile::tempdir().unwrap();
    for (dir, j) in [(&one, "1"), (&four, "4")] {
        let o = vitae(
            &[
                "build",
                "examples",
                "--template",
                "all",
                "-j",
                j,
                "-q",
                "-o",
                dir.path().to_str().unwrap(),
            ],
            &root(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (pdfs_in(one.path()), pdfs_in(four.path()));
    let templates = stdout(&vitae(&["templates"], &root())).lines().count();
    assert_eq!(a.len(), examples().len() * templates);
    assert!(a == b, "-j 1 and -j 4 differ");
}

#[test]
fn shards_split_the_set_without_overlap() {
    let out = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let report = out.path().join(format!("r{k}.json"));
        let o = vitae(
            &[
                "build",
                "examples",
                "--template",
                "all",
                "--shard",
                &format!("{k}/3"),
                "-q",
                "--check",
                "-o",
                out.path().to_str().unwrap(),
                "--report",
                report.to_str().unwrap(),
            ],
            &root(),
        );
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        seen.extend(
            r["jobs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|j| j["outputs"][0].as_str().unwrap().to_string()),
        );
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "a document in two shards");
    let templates = stdout(&vitae(&["templates"], &root())).lines().count();
    assert_eq!(
        total,
        examples().len() * templates,
        "every document in some shard"
    );
    let o = vitae(&["build", "examples", "--shard", "4/3"], &root());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_plan_file_round_trip_with_check_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let ex = root().join("examples");
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    for name in ["saurabh-kumar.yaml", "minimal.yaml"] {
        std::fs::copy(ex.join(name), dir.path().join("profiles").join(name)).unwrap();
    }
    std::fs::write(
        dir.path().join("vitae.yaml"),
        "output: dist\njobs:\n  - profile: profiles/saurabh-kumar.yaml\n    template: compact\n    paper: letter\n    output: saurabh-backend.pdf\n  - profile: profiles/minimal.yaml\n    template: all\n",
    )
    .unwrap();
    let o = vitae(
        &["build", "--plan", "vitae.yaml", "--report", "report.json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let dist = dir.path().join("dist");
    assert!(dist.join("saurabh-backend.pdf").exists());
    assert!(dist.join("minimal-classic.pdf").exists() && dist.join("minimal-compact.pdf").exists());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let first = &report["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["template"] == "compact" && j["profile"].as_str().unwrap().contains("saurabh"))
        .unwrap();
    assert_eq!(first["paper"], "us-letter");
    assert!(first["pages"].as_u64().unwrap() >= 1 && first["bytes"].as_u64().unwrap() > 1000);
    assert!(first["duration_ms"].as_f64().unwrap() > 0.0);

    // Unchanged inputs: --check passes. A changed profile: --check fails and names the file.
    let o = vitae(&["build", "--plan", "vitae.yaml", "--check"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let p = dir.path().join("profiles/minimal.yaml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("Ada Lovelace", "Ada King");
    std::fs::write(&p, text).unwrap();
    let before = std::fs::read(dist.join("minimal-classic.pdf")).unwrap();
    let o = vitae(&["build", "--plan", "vitae.yaml", "--check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("out of date") && stderr(&o).contains("minimal-classic.pdf"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(dist.join("minimal-classic.pdf")).unwrap(),
        before,
        "--check writes nothing"
    );
}

#[test]
fn invalid_plans_get_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        "jobs:\n  - profile: a.yaml\n    templte: modern\n  - paper: a5\n    profile: b.yaml\n",
    )
    .unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("plan.yaml:3:5") && err.contains("did you mean `template`?"),
        "{err}"
    );
    assert!(
        err.contains("plan.yaml:4:12") && err.contains("unknown paper size `a5`"),
        "{err}"
    );
}

#[test]
fn same_named_profiles_in_different_folders_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    for team in ["team-a", "team-b"] {
        std::fs::create_dir(dir.path().join(team)).unwrap();
        write_profile(
            &dir.path().join(team),
            "me.yaml",
            &format!("basics:\n  name: {team}\n"),
        );
    }
    let o = vitae(
        &["build", "team-a/me.yaml", "team-b/me.yaml", "-q"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("output/team-a-me-classic.pdf").exists());
    assert!(dir.path().join("output/team-b-me-classic.pdf").exists());
}

#[test]
fn globs_expand_to_profiles() {
    let o = vitae(
        &[
            "build",
            "examples/s*.yaml",
            "-q",
            "--check",
            "-o",
            "/nonexistent-vitae-dir",
        ],
        &root(),
    );
    // Two profiles match; nothing exists there, so both are out of date.
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).matches("out of date:").count(),
        2,
        "{}",
        stderr(&o)
    );
}

// -- summaries and page fitting -------------------------------------------------------------------

/// A deliberately huge profile: `roles` roles × `highlights` highlights each.
fn huge_profile(roles: usize, highlights: usize) -> String {
    let mut y = String::from(
        "basics:\n  name: Hugh Jass\n  label: Principal Engineer\n  email: hugh@example.com\n  summary: Builds large systems. Has done so for a long time.\nwork:\n",
    );
    for r in 0..roles {
        y.push_str(&format!("  - name: Company {r}\n    position: Engineer {r}\n    startDate: {}-01\n    endDate: {}-12\n    highlights:\n", 2020 - r, 2020 - r));
        for h in 0..highlights {
            y.push_str(&format!("      - Delivered project {r}.{h}, which moved an important metric by a notable amount across several teams and quarters\n"));
        }
    }
    y.push_str("skills:\n  - name: Languages\n    keywords: [Rust, Go, Python, SQL]\neducation:\n  - institution: State University\n    studyType: BSc\n    area: Computer Science\n");
    y
}

fn report(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

#[test]
fn every_example_has_a_one_page_summary_in_every_template() {
    let out = tempfile::tempdir().unwrap();
    let r = out.path().join("report.json");
    let o = vitae(
        &[
            "build",
            "examples",
            "--template",
            "all",
            "--kind",
            "summary",
            "-q",
            "-o",
            out.path().to_str().unwrap(),
            "--report",
            r.to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    for profile in examples() {
        let loaded =
            vitae::profile::load("p", &std::fs::read(&profile).unwrap(), Default::default())
                .unwrap();
        let p = &loaded.profile;
        let stem = profile.file_stem().unwrap().to_string_lossy();
        // Never dropped: the name, the contacts, the most recent role.
        let mut must = vec![p.basics.name.clone()];
        must.extend(p.basics.email.clone());
        if let Some(w) = p.work.first() {
            must.extend(w.name.clone());
            must.extend(
                w.position
                    .clone()
                    .or_else(|| w.positions.first().map(|x| x.position.clone())),
            );
        }
        for template in templates() {
            let pdf =
                std::fs::read(out.path().join(format!("{stem}-{template}-summary.pdf"))).unwrap();
            assert_eq!(
                Document::load_mem(&pdf).unwrap().get_pages().len(),
                1,
                "{stem} × {template}"
            );
            let text = squash(&pdf_text(&pdf));
            for m in &must {
                assert!(
                    text.contains(&squash(m)),
                    "{stem} × {template} summary lacks `{m}`"
                );
            }
        }
    }
    let bound = vitae::fit::max_compiles(vitae::view::ladder().len()) + 1;
    for job in report(out.path(), "report.json")["jobs"]
        .as_array()
        .unwrap()
    {
        let compiles = job["compiles"].as_u64().unwrap() as usize;
        assert!((1..=bound).contains(&compiles), "{job}");
    }
}

#[test]
fn max_pages_keeps_as_much_as_the_pages_hold() {
    // Four pages held to two: the richest version that fits fills both, keeping some of the
    // secondary sections rather than dropping them all at once.
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            "examples/balaji-chaughule.yaml",
            "--max-pages",
            "2",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(out.path().join("balaji-chaughule-classic.pdf")).unwrap();
    assert_eq!(Document::load_mem(&pdf).unwrap().get_pages().len(), 2);
    let text = flat_text(&pdf).to_lowercase();
    assert!(
        text.contains("services") && text.contains("recommendations"),
        "{text}"
    );
}

#[test]
fn a_huge_profile_still_gets_one_page_and_fits_max_pages() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "huge.yaml", &huge_profile(40, 8));
    let o = vitae(
        &[
            "build",
            "huge.yaml",
            "--kind",
            "all",
            "--max-pages",
            "2",
            "--report",
            "r.json",
            "-q",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = std::fs::read(dir.path().join("output/huge-classic-summary.pdf")).unwrap();
    assert_eq!(Document::load_mem(&summary).unwrap().get_pages().len(), 1);
    let text = flat_text(&summary);
    assert!(
        text.contains("Hugh Jass")
            && text.contains("hugh@example.com")
            && text.contains("Company 0"),
        "{text}"
    );
    let resume = std::fs::read(dir.path().join("output/huge-classic.pdf")).unwrap();
    assert!(Document::load_mem(&resume).unwrap().get_pages().len() <= 2);

    let bound = vitae::fit::max_compiles(vitae::view::ladder().len()) + 1;
    let r = report(dir.path(), "r.json");
    for job in r["jobs"].as_array().unwrap() {
        let compiles = job["compiles"].as_u64().unwrap() as usize;
        assert!(
            compiles <= bound,
            "{} took {compiles} compiles (bound {bound})",
            job["kind"]
        );
        assert!(
            job["condensed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().starts_with("dropped")),
            "{job}"
        );
    }
}

#[test]
fn a_profile_that_cannot_fit_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // Highlights marked for the summary are never dropped: 120 of them cannot fit one page.
    let mut y = String::from(
        "basics:\n  name: Too Much\nwork:\n  - name: Everything Inc\n    highlights:\n",
    );
    for i in 0..120 {
        y.push_str(&format!("      - {{ text: \"Essential achievement number {i} that must appear\", inSummary: true }}\n"));
    }
    write_profile(dir.path(), "long.yaml", &y);
    let o = vitae(&["build", "long.yaml", "--kind", "summary"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("does not fit a one-page summary") && err.contains("hint: shorten"),
        "{err}"
    );
    assert!(!dir.path().join("output/long-classic-summary.pdf").exists());
}

#[test]
fn check_reports_what_a_summary_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "huge.yaml", &huge_profile(12, 6));
    let o = vitae(&["check", "huge.yaml", "--kind", "summary"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("summary with `classic`: 1 page in"), "{out}");
    assert!(out.contains("dropped") && out.contains("role"), "{out}");
}

#[test]
fn a_near_empty_last_page_is_tightened_away_unless_turned_off() {
    // Saurabh Kumar's résumé spills only its education onto a second page.
    let (tight, _, _d1) = build(&root().join("examples/saurabh-kumar.yaml"), &[]);
    let (loose, _, _d2) = build(
        &root().join("examples/saurabh-kumar.yaml"),
        &["--no-tighten"],
    );
    assert_eq!(Document::load_mem(&loose).unwrap().get_pages().len(), 2);
    assert_eq!(Document::load_mem(&tight).unwrap().get_pages().len(), 1);
    assert!(
        flat_text(&tight).contains("GLA University"),
        "nothing dropped, only tightened"
    );
}

// -- reference images -----------------------------------------------------------------------------

/// RGBA pixels of a PNG.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::GrayscaleAlpha => buf
            .chunks(2)
            .flat_map(|c| [c[0], c[0], c[0], c[1]])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

/// Page 1 of each template, against `docs/img/<template>.png` (the README's thumbnails).
/// Set VITAE_UPDATE_REFERENCES=1 to regenerate them after a deliberate change.
#[test]
fn page_one_of_every_template_matches_its_reference_image() {
    // A résumé (the README's thumbnails) and a summary that fitting had to condense.
    let references = [
        ("saurabh-kumar", "", ""),
        ("balaji-chaughule", "-summary", "-summary"),
    ];
    let update = std::env::var_os("VITAE_UPDATE_REFERENCES").is_some();
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            "examples/saurabh-kumar.yaml",
            "examples/balaji-chaughule.yaml",
            "--template",
            "all",
            "--kind",
            "all",
            "-f",
            "png",
            "--ppi",
            "50",
            "-q",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut failures = Vec::new();
    for template in templates() {
        for (stem, kind, suffix) in references {
            let name = format!("{template}{suffix}");
            let fresh =
                std::fs::read(out.path().join(format!("{stem}-{template}{kind}-1.png"))).unwrap();
            let reference = root().join(format!("docs/img/{name}.png"));
            if update {
                std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
                std::fs::write(&reference, &fresh).unwrap();
                continue;
            }
            let Ok(expected) = std::fs::read(&reference) else {
                failures.push(format!(
                    "{name}: no reference image; run VITAE_UPDATE_REFERENCES=1 cargo test --release"
                ));
                continue;
            };
            let (w1, h1, a) = decode_png(&fresh);
            let (w2, h2, b) = decode_png(&expected);
            if (w1, h1) != (w2, h2) {
                failures.push(format!("{name}: {w1}×{h1} instead of {w2}×{h2}"));
                continue;
            }
            let pixels = a.len() / 4;
            let differing = a
                .chunks(4)
                .zip(b.chunks(4))
                .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
                .count();
            let share = differing as f64 / pixels as f64;
            if share > 0.005 {
                let kept = out.path().join(format!("{name}-actual.png"));
                std::fs::write(&kept, &fresh).unwrap();
                failures.push(format!(
                    "{name}: {:.2}% of pixels differ from {}",
                    share * 100.0,
                    reference.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failures:#?}\n(if the change is deliberate: VITAE_UPDATE_REFERENCES=1 cargo test --release)"
    );
}

// -- robustness ---------------------------------------------------------------------------------

/// Truncated and corrupted versions of every example: loading and building the view never
/// panics, and every failure is a located diagnostic.
#[test]
fn mangled_profiles_never_panic() {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut tried = 0;
    for profile in examples() {
        let bytes = std::fs::read(&profile).unwrap();
        let mut variants: Vec<Vec<u8>> = (0..bytes.len())
            .step_by(53)
            .map(|i| bytes[..i].to_vec())
            .collect();
        for _ in 0..60 {
            let mut b = bytes.clone();
            for _ in 0..4 {
                let at = next() % b.len();
                b[at] = b"\n :-[]{}\"'#&*!|>\t\\x0"[next() % 20];
            }
            variants.push(b);
        }
        for v in variants {
            tried += 1;
            let result = std::panic::catch_unwind(|| {
                match vitae::profile::load("p.yaml", &v, Default::default()) {
                    Ok(loaded) => {
                        let view = vitae::view::build(&loaded.profile, &Default::default());
                        serde_json::to_vec(&view)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    }
                    Err(diags) => match diags
                        .iter()
                        .all(|d| d.location.is_some() && !d.message.is_empty())
                    {
                        true => Ok(()),
                        false => Err(format!("unlocated diagnostic: {diags:?}")),
                    },
                }
            });
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!(
                    "{}: {e}\n---\n{}",
                    profile.display(),
                    String::from_utf8_lossy(&v)
                ),
                Err(_) => panic!(
                    "{}: panicked on\n---\n{}",
                    profile.display(),
                    String::from_utf8_lossy(&v)
                ),
            }
        }
    }
    assert!(tried > 500);
}

/// The fenced YAML blocks of a Markdown page, in order.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn yaml(text: &str) -> yaml_rust2::Yaml {
    yaml_rust2::YamlLoader::load_from_str(text)
        .expect("the docs' YAML parses")
        .remove(0)
}

fn strings(node: &yaml_rust2::Yaml) -> Vec<String> {
    match node {
        yaml_rust2::Yaml::String(s) => s.lines().map(str::to_string).collect(),
        yaml_rust2::Yaml::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_ci_recipes_in_the_docs_run_as_written() {
    let docs = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&docs);
    let block = |first: &str| {
        blocks
            .iter()
            .find(|b| b.starts_with(first))
            .unwrap_or_else(|| panic!("docs/ci.md has a block starting `{first}`"))
    };
    let plan = block("# vitae.yaml");
    let github = yaml(block("# .github/workflows/resumes.yml"));
    let gitlab = yaml(block("# .gitlab-ci.yml"));
    let check_step = yaml(block("      - name: Committed PDFs are up to date"));

    // What each pipeline runs and what it uploads. A GitHub step is a shell of its own; a
    // GitLab job's script lines share one.
    let steps = github["jobs"]["export"]["steps"].as_vec().unwrap();
    let github_shells: Vec<Vec<String>> = steps
        .iter()
        .map(|s| strings(&s["run"]))
        .filter(|lines| !lines.is_empty())
        .collect();
    let github_uploads = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-artifact@v4"))
        .map(|s| strings(&s["with"]["path"]))
        .unwrap();
    let job = &gitlab["resumes"];
    let gitlab_shells = vec![strings(&job["script"])];
    let gitlab_uploads = strings(&job["artifacts"]["paths"]);
    let check = strings(&check_step[0]["run"]);

    for (ci, shells, uploads) in [
        ("github", github_shells, github_uploads),
        ("gitlab", gitlab_shells, gitlab_uploads),
    ] {
        // A team's repository: the plan, the profiles it names, one commit.
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        std::fs::write(repo.join("vitae.yaml"), plan).unwrap();
        std::fs::create_dir_all(repo.join("profiles")).unwrap();
        std::fs::copy(
            root().join("examples/saurabh-kumar.yaml"),
            repo.join("profiles/ada.yaml"),
        )
        .unwrap();
        std::fs::copy(
            root().join("examples/ritik-mehra.yaml"),
            repo.join("profiles/grace.yaml"),
        )
        .unwrap();
        std::fs::write(
            repo.join("profiles/linus.json"),
            r#"{"basics": {"name": "Linus", "label": "Kernel maintainer"},
                "work": [{"name": "Linux Foundation", "position": "Fellow",
                          "startDate": "2003-06", "highlights": ["Maintains the kernel"]}]}"#,
        )
        .unwrap();
        let git = |args: &[&str]| {
            let o = Command::new("git")
                .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
                .args(args)
                .current_dir(repo)
                .output()
                .expect("git runs");
            assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        };
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "profiles"]);
        // The vitae the pipeline would have built.
        let built = repo.join(".vitae/target/release");
        std::fs::create_dir_all(&built).unwrap();
        std::os::unix::fs::symlink(BIN, built.join("vitae")).unwrap();

        // Run as CI would, leaving out only the lines that fetch and build vitae. Variables a
        // GitHub step appends to $GITHUB_ENV reach the steps after it.
        let github_env = repo.join(".github-env");
        std::fs::write(&github_env, "").unwrap();
        let run = |lines: &[String]| {
            let script: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|l| !l.contains("cargo build") && !l.contains("git clone"))
                .collect();
            let exported = std::fs::read_to_string(&github_env).unwrap();
            Command::new("bash")
                .args(["-euo", "pipefail", "-c", &script.join("\n")])
                .current_dir(repo)
                .env_remove("SOURCE_DATE_EPOCH")
                .env("NO_COLOR", "1")
                .env("GITHUB_ENV", &github_env)
                .envs(exported.lines().filter_map(|l| l.split_once('=')))
                .output()
                .unwrap()
        };
        for shell in &shells {
            let o = run(shell);
            assert!(o.status.success(), "{ci}: {shell:?}: {}", stderr(&o));
        }
        for upload in &uploads {
            let path = repo.join(upload);
            assert!(path.exists(), "{ci} uploads {upload}, which was not made");
        }
        for made in [
            "dist/ada-backend.pdf",
            "dist/ada-data.pdf",
            "dist/ada-data-summary.pdf",
            "dist/grace-classic.pdf",
            "dist/linus-elegant-1.png",
        ] {
            assert!(repo.join(made).exists(), "{ci}: {made}");
        }
        let report = report(repo, "report.json");
        assert_eq!(report["summary"]["failed"], 0, "{ci}");
        assert_eq!(report["summary"]["documents"], 9, "{ci}");
        // PDFs committed as the docs say (no SOURCE_DATE_EPOCH) pass the check step as written,
        // and fail it once a profile changes.
        let o = vitae(&["build", "--plan", "vitae.yaml", "-q"], repo);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(&check);
        assert!(o.status.success(), "{ci} --check: {}", stderr(&o));
        let grace = repo.join("profiles/grace.yaml");
        let edited = std::fs::read_to_string(&grace)
            .unwrap()
            .replacen("name: ", "name: Dr. ", 1);
        std::fs::write(&grace, edited).unwrap();
        let o = run(&check);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{ci}: a stale PDF fails the check"
        );
    }
}
