//! Every format: PNG and SVG pages from the same layout as the PDF; plain text, Markdown, HTML
//! and Word from the same view, each holding every string the view displays; HTML that parses
//! cleanly with its JSON-LD; Word files that unzip, parse, and open in LibreOffice; the
//! `--format` flag, `meta.format` and plan jobs; and `vitae watch`.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use markup5ever_rcdom::{Handle, NodeData, RcDom};
use vitae::engine::{Engine, TEMPLATES, Template};
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

use crate::*;

/// The text of an HTML document as a reader sees it (no scripts, no styles), and its parse
/// errors.
fn html_text(html: &[u8]) -> (String, Vec<String>) {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut &html[..])
        .unwrap();
    fn walk(node: &Handle, out: &mut String) {
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. }
                if matches!(&*name.local, "script" | "style" | "head") => {}
            _ => {
                for child in node.children.borrow().iter() {
                    walk(child, out);
                }
                out.push(' ');
            }
        }
    }
    let mut text = String::new();
    walk(&dom.document, &mut text);
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    (text, errors)
}

/// The JSON-LD an HTML document carries.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD");
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).unwrap()
}

/// A Word file's parts, each parsed as XML, and its body text (paragraph by paragraph).
fn docx_text(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut body = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        if name == "word/document.xml" {
            for p in doc.descendants().filter(|n| n.has_tag_name("p")) {
                for t in p.descendants().filter(|n| n.has_tag_name("t")) {
                    body.push_str(t.text().unwrap_or(""));
                }
                body.push('\n');
            }
        }
    }
    body
}

/// A Word file's document properties.
fn docx_core(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Markdown as it renders: its text, the escapes undone.
fn markdown_text(md: &[u8]) -> String {
    use pulldown_cmark::{Event, Parser};
    Parser::new(std::str::from_utf8(md).unwrap())
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.to_string(),
            _ => " ".into(),
        })
        .collect()
}

/// Every example, as a résumé and as a summary: the text formats hold every string the view
/// displays, HTML parses cleanly with its JSON-LD, Word files unzip and parse, PNG and SVG
/// give a file per page.
#[test]
fn every_format_holds_every_displayed_string_of_the_view() {
    let engine = Engine::new();
    let mut cases = Vec::new();
    for path in examples() {
        let opened = Arc::new(render::open(&path, Default::default()).unwrap());
        for kind in [Kind::Resume, Kind::Summary] {
            cases.push((path.clone(), opened.clone(), kind));
        }
    }
    let template = Template::Builtin(&TEMPLATES[0]);
    let problems = parallel(&cases, |(path, opened, kind)| {
        let options = Options::default();
        let request = Request {
            profile: &opened.loaded,
            photo: opened.photo.as_ref(),
            template: &template,
            kind: *kind,
            options: &options,
        };
        let name = format!("{} {}", path.display(), kind.name());
        let laid = render::lay_out(&request, &engine).unwrap();
        let pages = laid.document.pages().len();
        let mut out = Vec::new();
        let export = |f| render::export(&laid, &template, &engine, f).unwrap();
        let view = serde_json::to_value(&*laid.view).unwrap();
        let mut strings = Vec::new();
        collect(&view, None, &mut strings);
        assert!(strings.len() > 5, "{name}: {strings:?}");
        let txt = export(Format::Text).remove(0);
        let md = export(Format::Markdown).remove(0);
        let html = export(Format::Html).remove(0);
        let docx = export(Format::Docx).remove(0);
        let (html_body, errors) = html_text(&html);
        if !errors.is_empty() {
            out.push(format!(
                "{name}: the HTML does not parse cleanly: {errors:?}"
            ));
        }
        let texts = [
            ("txt", String::from_utf8(txt.clone()).unwrap()),
            ("md", markdown_text(&md)),
            ("html", html_body),
            ("docx", docx_text(&docx)),
        ];
        for (format, text) in &texts {
            let text = squash(text);
            for s in &strings {
                if !text.contains(&squash(s)) {
                    out.push(format!("{name}: {s:?} is not in the {format}"));
                }
            }
        }
        // Plain text: lines of at most 80 columns, but for an address that cannot break.
        for line in String::from_utf8(txt).unwrap().lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            if width > 80 && !line.contains("://") && !line.contains('@') {
                out.push(format!("{name}: a {width}-column line: {line:?}"));
            }
        }
        let html = String::from_utf8(html).unwrap();
        let person = json_ld(&html);
        if person["@type"] != "Person" || person["name"] != laid.view.basics.name.as_str() {
            out.push(format!("{name}: JSON-LD {person}"));
        }
        let dated = view.to_string().contains("\"iso\"");
        for part in [
            "<html lang=\"",
            "<time datetime=\"",
            "<main>",
            "@media print",
        ] {
            if !html.contains(part) && (dated || !part.starts_with("<time")) {
                out.push(format!("{name}: the HTML has no {part}"));
            }
        }
        if !docx_core(&docx).contains(&format!(
            "<dc:creator>{}</dc:creator>",
            laid.view.basics.name
        )) {
            out.push(format!("{name}: the Word file does not name its author"));
        }
        // The same document, the same bytes, in every format.
        for f in [Format::Text, Format::Markdown, Format::Html, Format::Docx] {
            if export(f) != export(f) {
                out.push(format!("{name}: {f:?} is not the same twice"));
            }
        }
        let png = export(Format::Png { ppi: 30.0 });
        let svg = export(Format::Svg);
        if png.len() != pages || svg.len() != pages {
            out.push(format!(
                "{name}: {pages} pages, {} PNG, {} SVG",
                png.len(),
                svg.len()
            ));
        }
        if !svg.iter().all(|s| s.starts_with(b"<svg")) {
            out.push(format!("{name}: an SVG page is not SVG"));
        }
        engine.finished(1);
        out
    });
    let problems: Vec<String> = problems.into_iter().flatten().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the profile wrote prints as typed in every text format: nothing in it is markup.
#[test]
fn text_formats_print_user_text_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_profile(
        dir.path(),
        "me.yaml",
        "basics:\n  name: \"<script>alert(1)</script> & Co\"\n  label: \"C# | $lookup | <5%\"\nwork:\n  - name: \"*nix_shop [beta]\"\n    highlights:\n      - \"1. not a list; @user fixed #10234 ~~no~~ `code` and **bold**\"\n      - \"- not a bullet\"\n",
    );
    let o = vitae(
        &[
            "build",
            p.to_str().unwrap(),
            "--format",
            "txt,md,html,docx",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |ext: &str| std::fs::read(dir.path().join(format!("me-classic.{ext}"))).unwrap();
    let wanted = [
        "<script>alert(1)</script> & Co",
        "C# | $lookup | <5%",
        "*nix_shop [beta]",
        "1. not a list; @user fixed #10234 ~~no~~ code and bold",
        "- not a bullet",
    ];
    let (html, errors) = html_text(&read("html"));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        !String::from_utf8(read("html"))
            .unwrap()
            .contains("<script>alert")
    );
    for (format, text) in [
        ("txt", String::from_utf8(read("txt")).unwrap()),
        ("md", markdown_text(&read("md"))),
        ("html", html),
        ("docx", docx_text(&read("docx"))),
    ] {
        for s in wanted {
            assert!(
                squash(&text).contains(&squash(s)),
                "{s:?} not in the {format}:\n{text}"
            );
        }
    }
}

/// `--format` takes a list (or `all`) and names each file after the document; `-o FILE`
/// names them all; `meta.format` and a plan job's `format` choose too; the report lists them.
#[test]
fn formats_are_chosen_by_flag_meta_and_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = write_profile(d, "me.yaml", "basics:\n  name: Ada\n  label: Engineer\n");
    let o = vitae(
        &[
            "build", "me.yaml", "--format", "pdf,TXT", "--format", "md", "--report", "r.json",
            "-o", "out",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["me-classic.pdf", "me-classic.txt", "me-classic.md"] {
        assert!(d.join("out").join(f).is_file(), "{f}");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("r.json")).unwrap()).unwrap();
    assert_eq!(
        report["jobs"][0]["formats"],
        serde_json::json!(["pdf", "txt", "md"])
    );
    assert_eq!(report["jobs"][0]["outputs"].as_array().unwrap().len(), 3);

    let o = vitae(&["build", "me.yaml", "--format", "all", "-o", "cv.pdf"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "cv.pdf", "cv-1.png", "cv-1.svg", "cv.txt", "cv.md", "cv.html", "cv.docx",
    ] {
        assert!(d.join(f).is_file(), "{f}");
    }

    let o = vitae(&["build", "me.yaml", "--format", "pdf,odt"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown format `odt`"),
        "{}",
        stderr(&o)
    );

    // The profile's own choice, and a plan's over it.
    std::fs::write(&p, "basics:\n  name: Ada\nmeta:\n  format: [html, txt]\n").unwrap();
    let o = vitae(&["build", "me.yaml", "-o", "m"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("m/me-classic.html").is_file() && d.join("m/me-classic.txt").is_file());
    assert!(!d.join("m/me-classic.pdf").exists());
    std::fs::write(
        d.join("plan.yaml"),
        "output: p\njobs:\n  - profile: me.yaml\n    format: docx,md\n",
    )
    .unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("p/me-classic.docx").is_file() && d.join("p/me-classic.md").is_file());
    assert!(!d.join("p/me-classic.html").exists());

    // A wrong format in a file is located.
    std::fs::write(&p, "basics:\n  name: Ada\nmeta:\n  format: [pdf, rtf]\n").unwrap();
    let o = vitae(&["check", "me.yaml"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("me.yaml:4:17") && stderr(&o).contains("unknown format `rtf`"),
        "{}",
        stderr(&o)
    );
}

/// The Word files open in LibreOffice (when it is installed; required in CI), and what it
/// makes of them holds every item of the résumé.
#[test]
fn word_files_open_in_libreoffice_with_every_item() {
    let soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !soffice {
        assert!(
            std::env::var_os("VITAE_REQUIRE_TOOLS").is_none(),
            "LibreOffice (soffice) is required with VITAE_REQUIRE_TOOLS"
        );
        eprintln!("skipped: LibreOffice is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docx");
    let o = vitae(
        &[
            "build",
            "examples/",
            "--format",
            "docx",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let pdfs = dir.path().join("pdf");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile",
            dir.path().display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            pdfs.to_str().unwrap(),
        ])
        .args(&files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for (docx, profile) in files.iter().zip(examples()) {
        let pdf = pdfs.join(docx.with_extension("pdf").file_name().unwrap());
        // Letters and digits only: LibreOffice sets emoji and some symbols in fonts of its own
        // choosing, and its PDF may not carry them as text.
        let words = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let text = words(&pdf_text(&std::fs::read(&pdf).unwrap()));
        for s in displayed_strings(&profile) {
            assert!(
                text.contains(&words(&s)),
                "{s:?} not in LibreOffice's reading of {}",
                docx.display()
            );
        }
    }
}

/// Lines a child process writes to stderr, as they come.
fn lines_of(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Wait (at most 30 s) for a line containing `what`; return the lines read meanwhile.
fn wait_for(rx: &mpsc::Receiver<String>, what: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains(what);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(_) => break,
        }
    }
    panic!("no {what:?} within 30 s; read: {seen:#?}");
}

/// `vitae watch` rebuilds after a write and after a rename-and-replace, survives a broken save
/// (the last good PDF stays), and rebuilds once for a burst of saves.
#[test]
fn watch_rebuilds_on_every_kind_of_save_once_per_burst() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let profile = write_profile(d, "me.yaml", "basics:\n  name: Ada\n  label: First Label\n");
    let mut child = Command::new(BIN)
        .args(["watch", "me.yaml", "-o", "out", "--format", "pdf,txt"])
        .current_dir(d)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    let txt = d.join("out/me-classic.txt");
    let label = || std::fs::read_to_string(&txt).unwrap_or_default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for(&rx, "built in");
        assert!(label().contains("First Label"));
        // A plain write.
        std::fs::write(&profile, "basics:\n  name: Ada\n  label: Second Label\n").unwrap();
        wait_for(&rx, "rebuilt in");
        assert!(label().contains("Second Label"), "{}", label());
        // Saved as editors do: a new file renamed over the old.
        std::fs::write(
            d.join(".me.yaml.swp"),
            "basics:\n  name: Ada\n  label: Third Label\n",
        )
        .unwrap();
        std::fs::rename(d.join(".me.yaml.swp"), &profile).unwrap();
        wait_for(&rx, "rebuilt in");
        assert!(label().contains("Third Label"), "{}", label());
        // A broken intermediate save: problems printed, the last good files kept.
        std::fs::write(&profile, "basics: [\n").unwrap();
        let seen = wait_for(&rx, "rebuilt with problems");
        assert!(seen.iter().any(|l| l.contains("me.yaml:")), "{seen:?}");
        assert!(label().contains("Third Label"));
        assert!(d.join("out/me-classic.pdf").is_file());
        // A burst of saves: one rebuild.
        for i in 0..5 {
            std::fs::write(
                &profile,
                format!("basics:\n  name: Ada\n  label: Burst {i}\n"),
            )
            .unwrap();
            std::thread::sleep(Duration::from_millis(15));
        }
        wait_for(&rx, "rebuilt in");
        assert!(label().contains("Burst 4"), "{}", label());
        let more: Vec<String> =
            std::iter::from_fn(|| rx.recv_timeout(Duration::from_millis(700)).ok())
                .filter(|l| l.contains("rebuilt"))
                .collect();
        assert!(more.is_empty(), "a burst rebuilt more than once: {more:?}");
    }));
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// The PDF's text layer: contact icons are drawn, never characters, so copying the contact
/// line (or pdftotext, or a PDF-parsing crate) gives the network's name and the address, and
/// no private-use or icon characters.
#[test]
fn contact_icons_leave_no_characters_in_the_text() {
    let (_pdf, _o, dir) = build(&root().join("examples/minimal.yaml"), &["-t", "all"]);
    let icon = |c: char| matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(
        pdftotext || std::env::var_os("VITAE_REQUIRE_TOOLS").is_none(),
        "pdftotext (poppler-utils) is required with VITAE_REQUIRE_TOOLS"
    );
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), TEMPLATES.len());
    for path in pdfs {
        let mut readings = vec![(
            "vitae's reader (lopdf)",
            pdf_text(&std::fs::read(&path).unwrap()),
        )];
        if pdftotext {
            let o = Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .unwrap();
            readings.push(("pdftotext", String::from_utf8_lossy(&o.stdout).into_owned()));
        }
        for (reader, text) in readings {
            assert!(
                !text.chars().any(icon),
                "{reader} reads icon characters in {}:\n{text}",
                path.display()
            );
            let flat = squash(&text);
            for s in ["GitHub: ada", "ada@example.com", "London, UK"] {
                assert!(
                    flat.contains(&squash(s)),
                    "{reader} misses {s:?} in {}:\n{text}",
                    path.display()
                );
            }
        }
    }
}
