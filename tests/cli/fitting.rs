//! Summaries and page limits: what condensing keeps and drops.

use crate::*;

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
    for job in report(out.path(), "report.json")["jobs"]
        .as_array()
        .unwrap()
    {
        let path = root().join(job["profile"].as_str().unwrap());
        let loaded =
            vitae::profile::load("p", &std::fs::read(&path).unwrap(), Default::default()).unwrap();
        let bound = vitae::render::compile_bound(&loaded.profile, vitae::view::Kind::Summary);
        let compiles = job["compiles"].as_u64().unwrap() as usize;
        assert!((1..=bound).contains(&compiles), "{job} (bound {bound})");
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

    let huge = vitae::profile::load("p", huge_profile(40, 8).as_bytes(), Default::default())
        .unwrap()
        .profile;
    let r = report(dir.path(), "r.json");
    for job in r["jobs"].as_array().unwrap() {
        let kind = match job["kind"].as_str() {
            Some("summary") => vitae::view::Kind::Summary,
            _ => vitae::view::Kind::Resume,
        };
        let bound = vitae::render::compile_bound(&huge, kind);
        let compiles = job["compiles"].as_u64().unwrap() as usize;
        assert!(
            compiles <= bound,
            "{} took {compiles} compiles (bound {bound})",
            job["kind"]
        );
        // Its size says it is pages too long, so the whole document is never compiled: the
        // first compile is a step predicted to fit, and a few more settle it.
        assert!(compiles <= 4, "{} took {compiles} compiles", job["kind"]);
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

/// Fitting never compiles a first step whose size says it is far too long for its target
/// (`render::MOST_PER_PAGE`, in bytes of data per full page): were a template's pages to hold
/// more, a document that fits could be condensed for nothing. Every example and a huge profile,
/// laid out whole in every template (one compile each): what a full page holds stays a quarter
/// under the bound.
#[test]
fn no_template_page_holds_more_than_fitting_assumes() {
    use std::sync::Arc;
    use vitae::engine::{Engine, TEMPLATES, Template};
    use vitae::render::{self, Options, Request};
    let engine = Engine::new();
    let huge = vitae::profile::load(
        "huge.yaml",
        huge_profile(30, 6).as_bytes(),
        Default::default(),
    )
    .unwrap();
    let mut profiles = vec![Arc::new(render::Opened::of("huge.yaml", huge))];
    for path in examples() {
        profiles.push(Arc::new(render::open(&path, Default::default()).unwrap()));
    }
    let mut cases = Vec::new();
    for opened in &profiles {
        for template in TEMPLATES.iter() {
            cases.push((opened.clone(), template));
        }
    }
    let measured = parallel(&cases, |(opened, template)| {
        let template = Template::Builtin(template);
        let options = Options {
            keep_last_page: true,
            ..Options::default()
        };
        let request = Request {
            profile: &opened.loaded,
            photo: opened.photo.as_ref(),
            template: &template,
            kind: vitae::view::Kind::Resume,
            options: &options,
        };
        let laid = render::lay_out(&request, &engine).unwrap();
        engine.finished(2);
        assert_eq!(laid.compiles, 1);
        let extents = Engine::page_extents(&laid.document);
        let name = format!("{} × {}", opened.loaded.source.name, template.name());
        if extents.len() < 2 {
            return (name, None);
        }
        let (top, bottom) = extents[0];
        let length: f64 = extents.iter().map(|(t, b)| b - t).sum::<f64>() / (bottom - top);
        (name, Some(laid.data.len() as f64 / length))
    });
    let mut multi_page = 0;
    for (name, per_page) in &measured {
        if name.starts_with("huge") {
            assert!(
                per_page.is_some(),
                "{name}: the huge profile takes one page"
            );
        }
        if let Some(per_page) = per_page {
            multi_page += 1;
            assert!(
                per_page * 1.25 <= render::MOST_PER_PAGE,
                "{name}: a page holds {per_page:.0} bytes of data; raise MOST_PER_PAGE above {:.0}",
                per_page * 1.25
            );
        }
    }
    assert!(multi_page >= 2 * TEMPLATES.len(), "{measured:?}");
}

/// A lone document's tightening compiles two layouts at once when cores are idle (`-j 2`,
/// one document); the document and the compiles reported are those of one worker (`-j 1`).
#[test]
fn tightening_on_idle_cores_makes_the_same_document() {
    for template in ["classic", "modern", "banner"] {
        let mut made = Vec::new();
        for jobs in ["1", "2"] {
            let out = tempfile::tempdir().unwrap();
            let o = vitae(
                &[
                    "build",
                    "examples/saurabh-kumar.yaml",
                    "-t",
                    template,
                    "-j",
                    jobs,
                    "-o",
                    out.path().to_str().unwrap(),
                    "--report",
                    out.path().join("r.json").to_str().unwrap(),
                ],
                &root(),
            );
            assert!(o.status.success(), "{}", stderr(&o));
            let pdf =
                std::fs::read(out.path().join(format!("saurabh-kumar-{template}.pdf"))).unwrap();
            let job = report(out.path(), "r.json")["jobs"][0].clone();
            made.push((pdf, job["compiles"].clone(), job["condensed"].clone()));
        }
        assert_eq!(
            Document::load_mem(&made[0].0).unwrap().get_pages().len(),
            1,
            "{template}: tightened to one page"
        );
        assert!(made[0] == made[1], "{template}: -j 1 and -j 2 differ");
    }
}
