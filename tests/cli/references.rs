//! Page images against the committed references in docs/img.

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
