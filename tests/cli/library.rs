//! The render pipeline as a library: no command line, no files written.

use std::collections::BTreeMap;

use vitae::engine::{Engine, TEMPLATES, Template};
use vitae::profile::Paper;
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

use crate::*;

#[test]
fn a_document_renders_through_the_library_without_the_cli() {
    let opened = render::open(&root().join("examples/minimal.yaml"), Default::default()).unwrap();
    let engine = Engine::new();
    let template = Template::resolve("compact").unwrap();
    let options = Options::default();
    let request = Request {
        profile: &opened.loaded,
        photo: opened.photo.as_ref(),
        template: &template,
        kind: Kind::Summary,
        options: &options,
    };
    let document = render::render(&request, &engine, Format::Pdf).unwrap();
    assert_eq!(document.pages, 1);
    assert_eq!(document.files.len(), 1);
    assert!(document.compiles >= 1);
    assert!(flat_text(&document.files[0]).contains(&opened.loaded.profile.basics.name));
    let pngs = render::render(&request, &engine, Format::Png { ppi: 30.0 }).unwrap();
    assert!(pngs.files[0].starts_with(b"\x89PNG"));
}

/// Every example × template × kind × paper lays out on as many pages as the committed table
/// says (tests/corpus/page-counts.txt): a layout change that moves page breaks is deliberate.
#[test]
fn every_example_keeps_its_page_count() {
    let table = root().join("tests/corpus/page-counts.txt");
    let text = std::fs::read_to_string(&table).unwrap();
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut expected = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        expected.insert(
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].to_string(),
            ),
            f[4].parse::<usize>().unwrap(),
        );
    }
    let engine = Engine::new();
    let mut jobs = Vec::new();
    for profile in examples() {
        let opened = std::sync::Arc::new(render::open(&profile, Default::default()).unwrap());
        for t in TEMPLATES {
            for kind in [Kind::Resume, Kind::Summary] {
                for paper in [Paper::A4, Paper::Letter] {
                    jobs.push((opened.clone(), t, kind, paper));
                }
            }
        }
    }
    let got = parallel(&jobs, |(opened, t, kind, paper)| {
        let template = Template::Builtin(t);
        let options = Options {
            paper: Some(*paper),
            ..Options::default()
        };
        let request = Request {
            profile: &opened.loaded,
            photo: opened.photo.as_ref(),
            template: &template,
            kind: *kind,
            options: &options,
        };
        let laid = render::lay_out(&request, &engine).unwrap();
        engine.finished(2);
        let name = opened
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        (
            (
                name,
                t.name.to_string(),
                kind.name().to_string(),
                paper.name().to_string(),
            ),
            laid.document.pages().len(),
        )
    });
    let got: BTreeMap<_, _> = got.into_iter().collect();
    if std::env::var_os("VITAE_UPDATE_REFERENCES").is_some_and(|v| !v.is_empty()) {
        let mut out = header;
        for ((p, t, k, paper), n) in &got {
            out.push_str(&format!("{p} {t} {k} {paper} {n}\n"));
        }
        std::fs::write(&table, out).unwrap();
        return;
    }
    let changed: Vec<String> = got
        .iter()
        .filter(|(k, n)| expected.get(*k) != Some(n))
        .map(|((p, t, k, paper), n)| {
            format!(
                "{p} {t} {k} {paper}: {n} pages, table says {:?}",
                expected.get(&(p.clone(), t.clone(), k.clone(), paper.clone()))
            )
        })
        .collect();
    assert!(
        changed.is_empty(),
        "page counts changed (VITAE_UPDATE_REFERENCES=1 to accept):\n{}",
        changed.join("\n")
    );
    assert_eq!(
        got.len(),
        expected.len(),
        "the table lists every example × template × kind × paper"
    );
}
