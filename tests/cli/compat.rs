//! Meeting users where they are: JSON Resume as found in the wild, `vitae new`, and the
//! command line's small courtesies (completions, man page, `--paper A4`, `-o resume.pdf`).

use crate::*;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/corpus/jsonresume").join(name)
}

/// Every field of the JSON Resume 1.0 schema's own sample, in every template. Entry URLs are
/// the one exception by design: they make the entry's name a link rather than printed text.
#[test]
fn every_json_resume_field_is_in_every_template() {
    for name in ["every-field.json", "every-field.yaml"] {
        every_field_in_every_template(&fixture(name));
    }
}

fn every_field_in_every_template(profile: &Path) {
    let profile = profile.to_path_buf();
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            profile.to_str().unwrap(),
            "-t",
            "all",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    let err = stderr(&o);
    assert!(o.status.success() && !err.contains("warning"), "{err}");
    let mut wanted = displayed_strings(&profile);
    wanted.extend(
        [
            "Smoogle",
            "application",
            "Team lead",
            "Awesome compression company",
            "Palo Alto, CA",
            "Techcrunch",
            "Native speaker",
            "Ferrets",
            "There is no spoon.",
            "Hooli",
            "CNCF",
            "Master",
            "4.0",
            "DB1101 - Basic SQL",
            "Teacher of the Month",
            "SoundCloud",
            "2712 Broadway St",
            "CA 94115 San Francisco",
            "richardhendricks.example.com",
            "(912) 555-4321",
            "Erlich Bachman",
        ]
        .map(String::from),
    );
    for template in templates() {
        let pdf = std::fs::read(out.path().join(format!("every-field-{template}.pdf"))).unwrap();
        let _ = &profile;
        let text = squash(&pdf_text(&pdf));
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|s| !text.contains(&squash(s)))
            .collect();
        assert!(
            missing.is_empty(),
            "{template}: not in the PDF text: {missing:?}"
        );
        // …and the entries' URLs are links.
        let links = link_uris(&Document::load_mem(&pdf).unwrap());
        assert!(
            links.iter().any(|l| l.contains("piedpiper.example.com")),
            "{template}: {links:?}"
        );
    }
}

#[test]
fn the_older_schema_empty_dates_and_photo_urls_are_read_with_warnings() {
    let profile = fixture("old-schema.json");
    let (pdf, o, _dir) = build(&profile, &[]);
    let err = stderr(&o);
    for x in [
        "`company` is the older JSON Resume schema's name for `name`",
        "`website` is the older JSON Resume schema's name for `url`",
        "`picture` is the older JSON Resume schema's name for `image`",
        "the photo is a URL: not downloaded, and left out",
        "old-schema.json:12:7",
    ] {
        assert!(err.contains(x), "{x:?} not in\n{err}");
    }
    assert!(!err.contains("error"), "{err}");
    let text = flat_text(&pdf);
    for x in [
        "Acme Corporation",
        "Jan 2020 – Present",
        "Shipped invoicing in six weeks",
        "On Billing",
    ] {
        assert!(text.contains(x), "{x:?} not in {text}");
    }
    let links = link_uris(&Document::load_mem(&pdf).unwrap());
    assert!(
        links.iter().any(|l| l.contains("acme.example")),
        "{links:?}"
    );
    // `check` agrees, and says the same.
    let o = vitae(&["check", profile.to_str().unwrap()], &root());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn new_writes_a_starter_that_builds_cleanly_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let o = vitae(&["new", "me.yaml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // The schema line, and the schema beside it, for the editor.
    let text = std::fs::read_to_string(dir.path().join("me.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=vitae.schema.json\n"));
    let schema = std::fs::read_to_string(dir.path().join("vitae.schema.json")).unwrap();
    assert_eq!(
        schema.trim(),
        std::fs::read_to_string(root().join("schema/profile.schema.json"))
            .unwrap()
            .trim()
    );
    let o = vitae(&["build", "me.yaml", "-t", "all", "-k", "all"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let text = flat_text(&std::fs::read(dir.path().join("output/me-classic.pdf")).unwrap());
    assert!(text.contains("Alex Morgan") && text.contains("Ledgerline"));
    std::fs::write(dir.path().join("mine.yaml"), "basics: {name: Mine}\n").unwrap();
    let o = vitae(&["new", "mine.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.yaml")).unwrap(),
        "basics: {name: Mine}\n"
    );
}

#[test]
fn the_command_line_meets_people_halfway() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = root().join("examples/minimal.yaml");
    let minimal = minimal.to_str().unwrap();
    // Values as the file accepts them: any case.
    let o = vitae(
        &[
            "build", minimal, "--paper", "A4", "--kind", "Resume", "-o", "out",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // `-o resume.pdf` with one document writes that file; with several it says so.
    let o = vitae(&["build", minimal, "-o", "resume.pdf"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("resume.pdf").is_file());
    let o = vitae(
        &["build", minimal, "-k", "all", "-o", "both.pdf"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("names one file, but 2 documents"),
        "{}",
        stderr(&o)
    );
    let o = vitae(&["build", minimal, "-o", "folder.pdf/"], dir.path());
    assert!(o.status.success() && dir.path().join("folder.pdf").is_dir());
    // Completions and a manual page.
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = vitae(&["completions", shell], dir.path());
        assert!(
            o.status.success() && stdout(&o).contains("vitae"),
            "{shell}"
        );
    }
    let o = vitae(&["man"], dir.path());
    assert!(o.status.success() && stdout(&o).contains(".TH vitae"));
}

/// A profile or plan file as JSON, through vitae's own YAML/JSON reader (numbers as numbers
/// where they are numbers, as the YAML language server sees them).
fn as_json(path: &Path) -> serde_json::Value {
    use vitae::profile::tree::{self, Node, Value};
    fn convert(node: &Node) -> serde_json::Value {
        match &node.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                serde_json::from_str(n).unwrap_or(serde_json::Value::String(n.clone()))
            }
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(convert).collect()),
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), convert(v)))
                    .collect(),
            ),
        }
    }
    let text = std::fs::read_to_string(path).unwrap();
    convert(&tree::parse(&text, &Default::default()).unwrap())
}

/// The schemas are generated from Rust types (`vitae schema`), published in `schema/`, and hold
/// what the validator holds: everything it reads cleanly passes, every structural mistake it
/// reports (a wrong type, a missing required field, an unknown field) fails.
#[test]
fn the_json_schemas_accept_every_profile_and_reject_structural_mistakes() {
    let update = std::env::var_os("VITAE_UPDATE_REFERENCES").is_some_and(|v| !v.is_empty());
    for (of, file) in [
        ("profile", "schema/profile.schema.json"),
        ("plan", "schema/plan.schema.json"),
        ("letter", "schema/letter.schema.json"),
    ] {
        let o = vitae(&["schema", of], &root());
        assert!(o.status.success());
        let path = root().join(file);
        if update {
            std::fs::write(&path, &o.stdout).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            stdout(&o),
            "{file} is out of date (VITAE_UPDATE_REFERENCES=1 cargo test --release)"
        );
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/profile.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut good: Vec<PathBuf> = examples();
    for dir in [
        "tests/corpus/tailoring",
        "tests/corpus/languages",
        "tests/corpus/scripts",
        "tests/corpus/jsonresume",
        "tests/corpus/stress",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "yaml" || x == "json")
                && !p.ends_with("plan.yaml")
                && !p.to_string_lossy().contains("me.de.yaml")
            {
                good.push(p);
            }
        }
    }
    good.push(root().join("src/cli/starter.yaml"));
    for p in &good {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(p))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
    }
    // Malformed profiles whose problem is one of structure: the schema says no too.
    let mut rejected = 0;
    for e in std::fs::read_dir(root().join("tests/corpus/malformed/profiles")).unwrap() {
        let p = e.unwrap().path();
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Err(diags) =
            vitae::profile::load("x", &bytes, vitae::profile::LoadOptions { strict: true })
        else {
            continue;
        };
        let structural = diags.iter().filter(|d| d.is_error()).all(|d| {
            d.message.starts_with("expected ")
                || d.message.starts_with("missing `")
                || d.message.starts_with("unknown field")
        });
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if !structural || vitae::profile::tree::parse(text, &Default::default()).is_err() {
            continue;
        }
        assert!(
            !validator.is_valid(&as_json(&p)),
            "{}: the schema accepts it",
            p.display()
        );
        rejected += 1;
    }
    assert!(rejected >= 15, "only {rejected} structural fixtures");

    // Letters: the examples and the starter pass, a misspelt key or a body that is not a
    // list does not.
    let letter: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/letter.schema.json")).unwrap(),
    )
    .unwrap();
    let letter = jsonschema::validator_for(&letter).unwrap();
    for p in [
        "examples/letters/acme.yaml",
        "examples/letters/globex.yaml",
        "src/cli/starter-letter.yaml",
    ] {
        let sample = as_json(&root().join(p));
        assert!(
            letter.is_valid(&sample),
            "{p}: {:?}",
            letter
                .iter_errors(&sample)
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
        );
    }
    assert!(!letter.is_valid(&serde_json::json!({ "body": "Dear all" })));
    assert!(!letter.is_valid(&serde_json::json!({ "body": ["x"], "subjet": "y" })));

    let plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let plan = jsonschema::validator_for(&plan).unwrap();
    let sample = as_json(&root().join("tests/corpus/tailoring/plan.yaml"));
    assert!(
        plan.is_valid(&sample),
        "{:?}",
        plan.iter_errors(&sample)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    assert!(
        !plan.is_valid(&serde_json::json!({ "jobs": [{ "profile": "a.yaml", "templte": "x" }] }))
    );
}

/// RenderCV 2.x files, read as they are: every entry type and header field prints, the theme
/// picks the nearest template, and problems name RenderCV's own fields at their lines.
#[test]
fn rendercv_files_render_as_they_are() {
    let profile = root().join("tests/corpus/rendercv/every-entry.yaml");
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            profile.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // `settings` is RenderCV's own, and nested bullets become bullets of their own: both
    // said, not silent; nothing else is lost.
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    assert!(err.contains("RenderCV's `settings` are its own"), "{err}");
    assert!(
        err.contains("every-entry.yaml:43:13")
            && err.contains("cv.sections.experience[0].highlights[2]")
            && err.contains("nested bullets under `Led the buddy-list service rewrite`"),
        "{err}"
    );
    // design.theme: engineeringresumes → compact; page size and colour; locale's "present".
    let pdf = std::fs::read(out.path().join("every-entry-compact.pdf")).unwrap();
    let text = squash(&pdf_text(&pdf));
    let mut wanted = displayed_strings(&profile);
    wanted.extend(
        [
            "John Doe",
            "Machine Learning Engineer",
            "LinkedIn",
            "johndoe",
            "GitHub",
            "jdoe",
            "Welcome To Rendercv",
            "University of Pennsylvania",
            "GPA: 3.9/4.0",
            "Apple",
            "Research Intern",
            "Jun 2003 to now",
            "Multi-User Drawing Tool",
            // A free-text date prints as written; a custom connection as its text.
            "Fall 2003",
            "Book a call",
            "Led the buddy-list service rewrite",
            "Cut its memory use by half",
            "IEEE Transactions on Applied Superconductivity",
            "Frodo Baggins",
            "Languages",
            "Best Paper Award, NeurIPS 2004",
            "Scaling laws in practice (PyCon 2005)",
            "Method for predicting buddy lists (US 1234567)",
            "Hobbies",
            "Chess, sailing",
        ]
        .map(String::from),
    );
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|s| !text.contains(&squash(s)))
        .collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:?}");
    let doc = Document::load_mem(&pdf).unwrap();
    let links = link_uris(&doc);
    for l in [
        "https://linkedin.com/in/johndoe",
        "https://github.com/jdoe",
        "https://doi.org/10.1109/TASC.2023.3340648",
        "https://cal.example.com/johndoe",
    ] {
        assert!(links.iter().any(|x| x == l), "{l} not in {links:?}");
    }
    let v = {
        let o = vitae(&["data", profile.to_str().unwrap()], &root());
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    assert_eq!(v["style"]["paper"], "letter");
    assert_eq!(v["style"]["accent"], "#004f90");

    // The benchmark's RenderCV file of a seed profile: every highlight of the seed prints.
    let bench = root().join("../shared/bench/saurabh-kumar.rendercv.yaml");
    if bench.exists() {
        let (pdf, o, _d) = build(&bench, &[]);
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
        let text = squash(&pdf_text(&pdf));
        for s in displayed_strings(&bench) {
            assert!(text.contains(&squash(&s)), "{s:?}");
        }
    }

    // A second section of roles, degrees or publications is a section of its own.
    let dir = tempfile::tempdir().unwrap();
    let p = write_profile(
        dir.path(),
        "two.yaml",
        "cv:\n  name: A\n  sections:\n    experience:\n      - {company: X, position: Y, start_date: 2020-01}\n    volunteering:\n      - {company: Red Cross, position: Helper, summary: Ran a shelter., highlights: [Fed 200 a day]}\n    education:\n      - {institution: MIT, area: CS, degree: BS}\n    more_degrees:\n      - {institution: Stanford, area: Math, degree: MS}\n    talks:\n      - {title: A talk, authors: [A], journal: PyCon, date: 2020-05}\n    more_talks:\n      - {title: Another, authors: [C], journal: FOSDEM, date: 2021}\n",
    );
    let (pdf, o, _d) = build(&p, &[]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let text = flat_text(&pdf);
    for x in [
        "VOLUNTEERING",
        "Red Cross",
        "Helper",
        "Ran a shelter.",
        "Fed 200 a day",
        "MORE DEGREES",
        "Stanford",
        "MS, Math",
        "MORE TALKS",
        "Another",
        "FOSDEM, C",
    ] {
        assert!(text.contains(x), "{x:?} not in {text}");
    }

    // Problems point at the RenderCV file's line and name RenderCV's field.
    let dir = tempfile::tempdir().unwrap();
    let p = write_profile(
        dir.path(),
        "cv.yaml",
        "cv:\n  name: A\n  sections:\n    experience:\n      - company: X\n        position: Y\n        start_date: 2024-13\n        team: Z\n    notes:\n      - \"Sorting in $$O(n \\\\log n)$$\"\nlocale:\n  date_template: MONTH_ABBREVIATION YEAR\n",
    );
    let o = vitae(&["check", p.to_str().unwrap()], &root());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    for x in [
        "cv.yaml:7:21",
        "cv.sections.experience[0].start_date",
        "cv.yaml:8:9",
        "RenderCV's `team` has no place",
        "RenderCV's math and Typst code print as typed",
        "cv.sections.notes[0]",
        "cv.yaml:12:3",
        "RenderCV's `locale.date_template` is not read",
    ] {
        assert!(e.contains(x), "{x:?} not in\n{e}");
    }
}

/// `vitae convert`: vitae's own format round-trips to the same document; JSON Resume and
/// RenderCV keep everything they have a place for, read back cleanly, and name the rest.
#[test]
fn convert_round_trips() {
    use vitae::profile::{export, load};
    let view = |p: &vitae::profile::Profile| {
        serde_json::to_value(vitae::view::build(p, &Default::default())).unwrap()
    };
    let mut profiles = examples();
    profiles.push(root().join("tests/corpus/tailoring/ada.yaml"));
    profiles.push(root().join("tests/corpus/rendercv/every-entry.yaml"));
    profiles.push(root().join("tests/corpus/jsonresume/every-field.json"));
    for path in &profiles {
        let name = path.display();
        let original = load("p", &std::fs::read(path).unwrap(), Default::default()).unwrap();
        let p = &original.profile;
        // Native: the same view, and nothing lost.
        let yaml = export::yaml(&export::native(p));
        let again = load("p.yaml", yaml.as_bytes(), Default::default())
            .unwrap_or_else(|d| panic!("{name}: {d:?}\n{yaml}"));
        assert!(again.warnings.is_empty(), "{name}: {:?}", again.warnings);
        assert_eq!(view(&again.profile), view(p), "{name}: native round trip");
        assert_eq!(
            again.profile.meta.variants.len(),
            p.meta.variants.len(),
            "{name}"
        );
        // JSON Resume and RenderCV: read back with no problem; every role's highlight kept.
        let (jr, _) = export::json_resume(p);
        let (rcv, _) = export::rendercv(p);
        for (format, text) in [
            ("JSON Resume", serde_json::to_string_pretty(&jr).unwrap()),
            ("RenderCV", export::yaml(&rcv)),
        ] {
            let back = load("x", text.as_bytes(), Default::default())
                .unwrap_or_else(|d| panic!("{name} → {format}: {d:?}"));
            assert!(
                back.warnings.is_empty(),
                "{name} → {format}: {:?}",
                back.warnings
            );
            let texts = |p: &vitae::profile::Profile| -> Vec<String> {
                p.work
                    .iter()
                    .flat_map(|w| {
                        w.highlights
                            .iter()
                            .chain(w.positions.iter().flat_map(|x| &x.highlights))
                    })
                    .map(|h| h.text.clone())
                    .collect()
            };
            let kept = texts(&back.profile);
            for t in texts(p) {
                assert!(kept.contains(&t), "{name} → {format}: lost {t:?}");
            }
            assert_eq!(back.profile.basics.name, p.basics.name);
        }
    }
    // The command: what has no place is named; an existing file is not overwritten.
    let dir = tempfile::tempdir().unwrap();
    let ada = root().join("tests/corpus/tailoring/ada.yaml");
    let to_json = || {
        let args = [
            "convert",
            ada.to_str().unwrap(),
            "--to",
            "jsonresume",
            "-o",
            "ada.json",
        ];
        vitae(&args, dir.path())
    };
    let o = to_json();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("JSON Resume has no place for") && stderr(&o).contains("meta.variants"),
        "{}",
        stderr(&o)
    );
    let o = to_json();
    assert_eq!(o.status.code(), Some(1));
    let o = vitae(
        &[
            "convert",
            root()
                .join("tests/corpus/rendercv/every-entry.yaml")
                .to_str()
                .unwrap(),
        ],
        dir.path(),
    );
    assert!(
        o.status.success() && stdout(&o).contains("basics:"),
        "{}",
        stderr(&o)
    );
}
