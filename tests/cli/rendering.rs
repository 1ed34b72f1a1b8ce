//! Every example in every template: content, metadata, paper, determinism, literal text.

use crate::*;

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
    let text = pdf_pages(&pdf).join("\n");
    assert!(
        text.contains("1 / 2") && text.contains("2 / 2"),
        "page numbers on a two-page résumé"
    );
}

#[test]
fn one_page_documents_have_no_page_number() {
    let (pdf, _, _dir) = build(&root().join("examples/minimal.yaml"), &[]);
    assert_eq!(Document::load_mem(&pdf).unwrap().get_pages().len(), 1);
    assert!(!pdf_pages(&pdf).join("\n").contains("1 / 1"));
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
