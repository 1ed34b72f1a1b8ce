//! Page images against committed references: every page of two profiles (a short one and a
//! long one) and of a right-to-left (Arabic) and a CJK (Japanese) one, in every template, résumé
//! and summary, rendered in process through the library.
//! References live in `tests/references/<template>/`; page one of each also serves as the
//! README's thumbnail in `docs/img/` (`<template>.png` from the short résumé,
//! `<template>-summary.png` from the long profile's summary).
//! Set `VITAE_UPDATE_REFERENCES=1` to regenerate them after a deliberate change.

use std::sync::Arc;

use vitae::engine::{Engine, TEMPLATES, Template};
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

use crate::*;

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

/// The share of pixels that differ visibly (any channel by more than 48 of 255), or why the
/// two images cannot be compared.
fn difference(fresh: &[u8], expected: &[u8]) -> Result<f64, String> {
    let (w1, h1, a) = decode_png(fresh);
    let (w2, h2, b) = decode_png(expected);
    if (w1, h1) != (w2, h2) {
        return Err(format!("{w1}×{h1} instead of {w2}×{h2}"));
    }
    let differing = a
        .chunks(4)
        .zip(b.chunks(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
        .count();
    Ok(differing as f64 / (a.len() / 4) as f64)
}

/// The profiles, by path from the repository's root.
const PROFILES: [&str; 4] = [
    "examples/saurabh-kumar",
    "examples/balaji-chaughule",
    "tests/corpus/scripts/arabic",
    "tests/corpus/scripts/japanese",
];

#[test]
fn every_page_of_four_profiles_matches_its_reference_image() {
    let update = std::env::var_os("VITAE_UPDATE_REFERENCES").is_some_and(|v| !v.is_empty());
    let engine = Engine::new();
    let mut jobs = Vec::new();
    for profile in PROFILES {
        let path = root().join(format!("{profile}.yaml"));
        let stem = profile.rsplit('/').next().unwrap();
        let opened = Arc::new(render::open(&path, Default::default()).unwrap());
        for t in TEMPLATES {
            for kind in [Kind::Resume, Kind::Summary] {
                jobs.push((stem, opened.clone(), t, kind));
            }
        }
    }
    let rendered = parallel(&jobs, |(stem, opened, t, kind)| {
        let template = Template::Builtin(t);
        let options = Options::default();
        let request = Request {
            profile: &opened.loaded,
            photo: opened.photo.as_ref(),
            template: &template,
            kind: *kind,
            options: &options,
        };
        let document = render::render(&request, &engine, Format::Png { ppi: 50.0 }).unwrap();
        engine.finished(2);
        let suffix = if *kind == Kind::Summary {
            "-summary"
        } else {
            ""
        };
        (t.name, format!("{stem}{suffix}"), document.files)
    });

    let references = root().join("tests/references");
    let mut failures = Vec::new();
    for (template, name, pages) in &rendered {
        let dir = references.join(template);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            // Pages a document no longer has go with it.
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                if file.starts_with(&format!("{name}-"))
                    && file[name.len() + 1..]
                        .trim_end_matches(".png")
                        .parse::<usize>()
                        .is_ok()
                {
                    std::fs::remove_file(&path).unwrap();
                }
            }
        }
        for (i, fresh) in pages.iter().enumerate() {
            let reference = dir.join(format!("{name}-{}.png", i + 1));
            if update {
                std::fs::write(&reference, fresh).unwrap();
                continue;
            }
            let Ok(expected) = std::fs::read(&reference) else {
                failures.push(format!("{}: no reference image", reference.display()));
                continue;
            };
            match difference(fresh, &expected) {
                Ok(share) if share <= 0.005 => {}
                Ok(share) => {
                    let kept = std::env::temp_dir()
                        .join(format!("vitae-{template}-{name}-{}-actual.png", i + 1));
                    std::fs::write(&kept, fresh).unwrap();
                    failures.push(format!(
                        "{}: {:.2}% of pixels differ (this render: {})",
                        reference.display(),
                        share * 100.0,
                        kept.display()
                    ));
                }
                Err(e) => failures.push(format!("{}: {e}", reference.display())),
            }
        }
        let extra = dir.join(format!("{name}-{}.png", pages.len() + 1));
        if !update && extra.exists() {
            failures.push(format!(
                "{name} in {template} has {} pages; the references have more",
                pages.len()
            ));
        }
    }

    // The README's thumbnails are page one of the short résumé and the long summary.
    for t in TEMPLATES {
        for (name, thumbnail) in [
            ("saurabh-kumar", format!("{}.png", t.name)),
            (
                "balaji-chaughule-summary",
                format!("{}-summary.png", t.name),
            ),
        ] {
            let page = references.join(t.name).join(format!("{name}-1.png"));
            let thumb = root().join("docs/img").join(thumbnail);
            if update {
                std::fs::copy(&page, &thumb).unwrap();
            } else if std::fs::read(&page).ok() != std::fs::read(&thumb).ok() {
                failures.push(format!("{} is not {}", thumb.display(), page.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failures:#?}\n(if the change is deliberate: VITAE_UPDATE_REFERENCES=1 cargo test --release)"
    );
}
