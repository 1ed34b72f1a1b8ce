//! Tailoring (docs/tailoring.md): tags, variants, overrides, overlays and plans, from what the
//! documents hold.

use vitae::profile::{Assignment, Profile};
use vitae::tailor::{Tailoring, tailor};

use crate::*;

fn corpus() -> PathBuf {
    root().join("tests/corpus/tailoring")
}

fn ada() -> PathBuf {
    corpus().join("ada.yaml")
}

/// The PDFs of a folder, by file name.
fn pdfs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// What each version of ada.yaml must show, and must not.
const BACKEND_KEEPS: [&str; 8] = [
    "Staff Backend Engineer",
    "Split the payments monolith into six services",
    "Cut p99 checkout latency from 900 ms to 140 ms",
    "Brightcart",
    "Wrote the order service in Go",
    "pgflux",
    "Latency budgets that hold",
    "University of Leeds",
];
const DATA_KEEPS: [&str; 9] = [
    "Data Platform Lead",
    "Built the event lake on Kafka and Iceberg",
    "Trained four analysts in dbt",
    "SQL",
    "Python",
    "Iceberg",
    "notebook-diff",
    "Lakes without swamps",
    "University of Leeds",
];
const EVERYONE_DROPS: [&str; 2] = ["Cafe Uno", "Served four hundred coffees a day"];

#[test]
fn every_variant_holds_exactly_what_it_keeps() {
    let out = tempfile::tempdir().unwrap();
    let o = vitae(
        &[
            "build",
            ada().to_str().unwrap(),
            "--variant",
            "all",
            "-o",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let files = pdfs(out.path());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ada-backend-classic.pdf",
            "ada-data-classic.pdf",
            "ada-public-compact.pdf"
        ]
    );
    let text = |name: &str| {
        let (_, pdf) = files.iter().find(|(n, _)| n == name).unwrap();
        squash(&pdf_text(pdf))
    };
    let check = |name: &str, keeps: &[&str], drops: &[&str]| {
        let t = text(name);
        for k in keeps {
            assert!(t.contains(&squash(k)), "{name} should show {k:?}");
        }
        for d in drops {
            assert!(!t.contains(&squash(d)), "{name} should not show {d:?}");
        }
    };
    let backend_drops: Vec<&str> = DATA_KEEPS
        .iter()
        .copied()
        .filter(|s| !BACKEND_KEEPS.contains(s))
        .chain([
            "Ran the weekly analytics export",
            "Senior Software Engineer",
        ])
        .chain(EVERYONE_DROPS)
        .collect();
    let data_drops: Vec<&str> = BACKEND_KEEPS
        .iter()
        .copied()
        .filter(|s| !DATA_KEEPS.contains(s))
        .chain(EVERYONE_DROPS)
        .collect();
    check("ada-backend-classic.pdf", &BACKEND_KEEPS, &backend_drops);
    check("ada-data-classic.pdf", &DATA_KEEPS, &data_drops);
    // `public` extends `backend`, drops what is tagged `early` and hides contacts.
    let mut public_drops = backend_drops.clone();
    public_drops.extend(["ada@example.com", "LinkedIn", "linkedin.com"]);
    check("ada-public-compact.pdf", &BACKEND_KEEPS, &public_drops);
    assert!(text("ada-public-compact.pdf").contains("github"));
    // The data variant orders its sections itself.
    let data = text("ada-data-classic.pdf");
    let at = |s: &str| data.find(&squash(s)).unwrap();
    assert!(at("Talks") < at("Education") && at("Skills") < at("Projects"));
}

#[test]
fn hiding_the_phone_leaves_no_digit_of_it_in_the_pdf() {
    let (pdf, ..) = build(&ada(), &["--variant", "public"]);
    let digits: String = pdf_text(&pdf)
        .chars()
        .filter(|c| c.is_ascii_digit() || c.is_whitespace())
        .collect();
    let digits = squash(&digits);
    for piece in ["447700900123", "7700900123", "900123", "7700"] {
        assert!(!digits.contains(piece), "{piece} is still in the PDF text");
    }
    assert!(!flat_text(&pdf).contains('+'));
    // Nor in the document's metadata or anywhere in its (uncompressed) objects' strings.
    let doc = Document::load_mem(&pdf).unwrap();
    for (_, object) in doc.objects.iter() {
        if let Object::String(bytes, _) = object {
            assert!(!String::from_utf8_lossy(bytes).contains("7700"));
        }
    }
    // The same profile without the variant does show it.
    let (pdf, ..) = build(&ada(), &[]);
    assert!(flat_text(&pdf).contains("+44 7700 900123"));
}

/// `vitae data` for a profile with flags: the view as JSON.
fn data(args: &[&str]) -> Result<serde_json::Value, String> {
    let mut all = vec!["data", ada().to_str().unwrap().to_string().leak() as &str];
    all.extend_from_slice(args);
    let o = vitae(&all, &root());
    match o.status.success() {
        true => Ok(serde_json::from_slice(&o.stdout).unwrap()),
        false => Err(stderr(&o)),
    }
}

/// The ids of a view's sections, in order.
fn section_ids(view: &serde_json::Value) -> Vec<&str> {
    view["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

#[test]
fn overrides_of_each_type_apply_and_are_validated() {
    let v = data(&[
        "--set",
        "basics.label=Staff Engineer",
        "--set",
        "work[0].positions[0].highlights[1]=Cut cost 30%",
        "--set",
        "work[brightcart].position=Principal Engineer",
        "--set",
        "meta.accent=#0a5",
        "--set",
        "meta.sections=[work, skills]",
        "--set",
        "basics.phone=",
        "--set",
        "skills[0]={name: Tools, keywords: [Vim]}",
    ])
    .unwrap();
    let text = v.to_string();
    assert_eq!(v["basics"]["label"], "Staff Engineer", "{text}");
    assert!(text.contains("Cut cost 30%") && !text.contains("Cut p99"));
    assert!(text.contains("Principal Engineer"));
    assert_eq!(v["style"]["accent"], "#00aa55");
    let ids = section_ids(&v);
    assert_eq!(ids, ["work", "skills"]);
    assert!(!text.contains("7700"));
    assert!(text.contains("Vim") && !text.contains("Rust"));

    // Problems name the path, point at it and suggest.
    let cases: [(&str, &[&str]); 6] = [
        (
            "basics.lable=X",
            &[
                "unknown field `lable`",
                "--set:1:1",
                "did you mean `label`?",
            ],
        ),
        (
            "work[7].name=X",
            &["`work` has 3 entries: there is no [7]", "[0] to [2]"],
        ),
        (
            "work[ledgr].name=X",
            &[
                "no entry of `work` has the id `ledgr`",
                "did you mean `ledger`?",
            ],
        ),
        (
            "basics.profiles=GitHub",
            &["expected a list, found text", "basics.profiles"],
        ),
        ("meta.paper=a5", &["unknown paper size `a5`", "--set:1:12"]),
        (
            "work[0].startDate=someday",
            &["`someday` is not a date", "work[0].startDate"],
        ),
    ];
    for (arg, expected) in cases {
        let e = data(&["--set", arg]).unwrap_err();
        for x in expected {
            assert!(e.contains(x), "--set {arg}: expected {x:?} in\n{e}");
        }
    }
    let o = vitae(
        &["check", ada().to_str().unwrap(), "--set", "basics"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is not `path=value`"));
}

#[test]
fn overlays_merge_maps_replace_lists_and_merge_entries_by_id() {
    let v = data(&["--with", corpus().join("jobs/acme.yaml").to_str().unwrap()]).unwrap();
    let text = v.to_string();
    assert_eq!(v["basics"]["label"], "Payments Engineer");
    assert!(text.contains("Ledgerline Ltd"), "merged by id");
    assert!(
        text.contains("Staff Backend Engineer"),
        "the rest of the entry stays"
    );
    assert!(text.contains("3,000 orders a minute") && !text.contains("Ran the weekly"));
    assert!(
        text.contains("Cafe Uno"),
        "entries the overlay does not name stay"
    );
    let ids = section_ids(&v);
    assert_eq!(
        ids,
        ["summary", "work", "projects", "education", "talks"],
        "skills: null removes the section"
    );

    // An overlay's problems point into the overlay.
    let e = data(&["--with", corpus().join("jobs/bad.yaml").to_str().unwrap()]).unwrap_err();
    assert!(e.contains("jobs/bad.yaml:5:16"), "{e}");
    assert!(
        e.contains("jobs/bad.yaml:2:3") && e.contains("did you mean `label`?"),
        "{e}"
    );
}

#[test]
fn plans_take_variants_globs_overlays_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["ada.yaml", "jobs/acme.yaml"] {
        std::fs::create_dir_all(dir.path().join("jobs")).unwrap();
        std::fs::copy(corpus().join(f), dir.path().join(f)).unwrap();
    }
    let plan = std::fs::read_to_string(corpus().join("plan.yaml"))
        .unwrap()
        .replace("../../../target/tailoring-plan", "out");
    std::fs::write(dir.path().join("plan.yaml"), plan).unwrap();
    let o = vitae(&["check", "--plan", "plan.yaml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("6 documents"), "{}", stdout(&o));
    let o = vitae(&["build", "--plan", "plan.yaml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let files = pdfs(&dir.path().join("out"));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ada-acme.pdf",
            "ada-backend-classic.pdf",
            "ada-classic-summary.pdf",
            "ada-data-classic.pdf",
            "ada-public-compact.pdf",
            "ada-public-modern.pdf",
        ]
    );
    let acme = flat_text(&files[0].1);
    assert!(acme.contains("Payments Engineer (Acme)") && acme.contains("Ledgerline Ltd"));
    assert!(!acme.contains("Data Platform Lead"), "tags: [backend]");
    let summary = flat_text(&files[2].1);
    assert!(!summary.contains("Cafe Uno"), "excludeTags: [early]");

    // A bad variant in a plan fails the check, naming it.
    let bad = "jobs:\n  - profile: ada.yaml\n    variant: backnd\n    set: { basics.lable: X }\n";
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    let o = vitae(&["check", "--plan", "bad.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("unknown variant `backnd`") && e.contains("did you mean `backend`?"),
        "{e}"
    );
    let bad = "jobs:\n  - profile: ada.yaml\n    set: { basics.lable: X }\n";
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    let e = stderr(&vitae(&["check", "--plan", "bad.yaml"], dir.path()));
    assert!(
        e.contains("bad.yaml:3:12") && e.contains("unknown field `lable`"),
        "{e}"
    );
}

#[test]
fn check_lists_what_a_variant_keeps_and_drops_and_checks_every_variant() {
    let o = vitae(
        &["check", ada().to_str().unwrap(), "--variant", "public"],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "variant `public`:",
        "work: keeps Ledgerline, Brightcart; drops Data Platform Lead (Ledgerline)",
        "projects: keeps pgflux; drops notebook-diff",
        "skills: keeps Languages; drops SQL (Languages), Python (Languages), Data",
        "header: drops phone, email, LinkedIn",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }

    let dir = tempfile::tempdir().unwrap();
    let p = write_profile(
        dir.path(),
        "me.yaml",
        "basics:\n  name: A\n  profiles: [{network: GitHub, username: a}]\nwork: [{name: W, tags: [x]}]\nmeta:\n  variants:\n    a: { extends: bee }\n    b: { extends: c }\n    c: { extends: b }\n    d: { hide: [GitHb] }\n    e: { set: { \"work[3].name\": X } }\n    f: { template: clasic }\n",
    );
    let o = vitae(&["check", p.to_str().unwrap()], &root());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    for x in [
        "variant `a` extends `bee`, which is not a variant",
        "me.yaml:7:19",
        "extends itself",
        "nothing called `GitHb` to hide",
        "did you mean `GitHub`?",
        "`work` has 1 entry: there is no [3]",
        "clasic",
    ] {
        assert!(e.contains(x), "{x:?} not in\n{e}");
    }
    let o = vitae(
        &[
            "build",
            p.to_str().unwrap(),
            "--variant",
            "f",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("clasic"), "{}", stderr(&o));
}

/// Tag semantics on nested positions, projects, highlights, keywords and custom items, through
/// the library: which names survive each selection.
#[test]
fn tags_select_nested_content_as_the_truth_table_says() {
    let text = "\
basics: {name: A}
work:
  - name: Both
    tags: [backend, data]
    positions:
      - position: Inherits
        highlights: [h-inherits, {text: h-data, tags: [data]}]
        projects: [{name: p-inherits}, {name: p-public, tags: [public]}]
      - position: Own-data
        tags: [data]
  - name: Untagged
    highlights: [{text: h-backend, tags: [backend]}, h-plain]
  - name: Only-data
    tags: [data]
    positions: [{position: Lead}]
skills:
  - name: Group
    keywords: [k-plain, {name: k-data, tags: [data]}]
  - name: All-data
    keywords: [{name: k-x, tags: [data]}]
custom:
  - title: Talks
    items: [{text: t-public, tags: [public]}, t-plain]
";
    let loaded = vitae::profile::load("t.yaml", text.as_bytes(), Default::default()).unwrap();
    let names = |p: &Profile| {
        let mut out = Vec::new();
        for w in &p.work {
            out.push(w.name.clone().unwrap());
            out.extend(w.highlights.iter().map(|h| h.text.clone()));
            for x in &w.positions {
                out.push(x.position.clone());
                out.extend(x.highlights.iter().map(|h| h.text.clone()));
                out.extend(x.projects.iter().map(|p| p.name.clone()));
            }
        }
        for s in &p.skills {
            out.push(s.name.clone().unwrap());
            out.extend(s.keywords.iter().map(|k| k.name.clone()));
        }
        for c in &p.custom {
            out.extend(c.items.iter().map(|i| i.text.clone()));
        }
        out
    };
    let list = |s: &str| {
        s.split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let rows: [(&str, &str, &str); 4] = [
        (
            "",
            "",
            "Both h-inherits h-data Inherits p-inherits p-public Own-data Untagged h-backend h-plain Only-data Lead Group k-plain k-data All-data k-x t-public t-plain",
        ),
        (
            "backend",
            "",
            "Both Inherits h-inherits p-inherits Untagged h-backend h-plain Group k-plain t-plain",
        ),
        (
            "data",
            "public",
            "Both Inherits h-inherits h-data p-inherits Own-data Untagged h-plain Only-data Lead Group k-plain k-data All-data k-x t-plain",
        ),
        (
            "",
            "data",
            "Untagged h-backend h-plain Group k-plain t-public t-plain",
        ),
    ];
    for (tags, exclude, expected) in rows {
        let t = Tailoring {
            tags: (!tags.is_empty()).then(|| list(tags)),
            exclude_tags: (!exclude.is_empty()).then(|| list(exclude)),
            ..Tailoring::default()
        };
        let got = tailor(&loaded, &t).unwrap();
        let mut got = names(&got.loaded.profile);
        let mut want: Vec<String> = expected.split(' ').map(str::to_string).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "--tags {tags:?} --exclude-tags {exclude:?}");
    }
    // An assignment from the command line, through the library.
    let t = Tailoring {
        set: vec![Assignment::parse_arg("work[1].name=Renamed").unwrap()],
        ..Tailoring::default()
    };
    let got = tailor(&loaded, &t).unwrap();
    assert_eq!(got.loaded.profile.work[1].name.as_deref(), Some("Renamed"));
}
