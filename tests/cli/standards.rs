//! `--pdf-standard`: PDF/A-2b, PDF/A-3b and PDF/UA-1 from every template, with a photo.
//!
//! What is verified here (no conformance validator is installable: veraPDF is a Java
//! application Debian does not package; see docs/ats.md): the XMP metadata declares the
//! standard, every font is embedded, PDF/A files carry an output intent, PDF/UA files are
//! tagged with a language and display their title, and `qpdf --check` finds the structure
//! sound.

use lopdf::{Dictionary, Document, Object};

use crate::*;

/// A 64×64 PNG: a photo for the templates that show one.
fn photo() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 64, 64);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..64 * 64)
        .flat_map(|i| [(i % 64 * 4) as u8, (i / 64 * 4) as u8, 128])
        .collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(o).ok()?.1.as_dict().ok()
}

/// Every font's problems: a font program that is not embedded.
fn unembedded_fonts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for (_, object) in doc.objects.iter() {
        let Ok(font) = object.as_dict() else { continue };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Type3" || subtype == b"Type0" {
            continue; // Type3 glyphs are content streams; Type0 fonts embed via descendants.
        }
        let name = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let embedded = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|d| dict(doc, d))
            .is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));
        if !embedded {
            out.push(name);
        }
    }
    out
}

fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().unwrap();
    let stream = catalog
        .get(b"Metadata")
        .ok()
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, o)| o.as_stream().ok())
        .expect("the catalog has XMP metadata");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn every_template_writes_each_pdf_standard() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("me.png"), photo()).unwrap();
    let profile = std::fs::read_to_string(root().join("examples/minimal.yaml")).unwrap();
    let profile = profile.replacen("basics:\n", "basics:\n  image: me.png\n", 1);
    assert!(profile.contains("image: me.png"));
    std::fs::write(dir.path().join("ada.yaml"), profile).unwrap();
    let qpdf = std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_ok();
    let mut problems = Vec::new();
    for (flag, part, conformance) in [
        ("a-2b", "2", Some("B")),
        ("a-3b", "3", Some("B")),
        ("ua-1", "1", None),
    ] {
        let out = dir.path().join(flag);
        let o = vitae(
            &[
                "build",
                "ada.yaml",
                "-t",
                "all",
                "-k",
                "all",
                "--pdf-standard",
                flag,
                "-q",
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        if !o.status.success() {
            problems.push(format!("{flag}: build failed:\n{}", stderr(&o)));
            continue;
        }
        for t in templates() {
            for kind in ["", "-summary"] {
                let name = format!("ada-{t}{kind}.pdf");
                let path = out.join(&name);
                let bytes = std::fs::read(&path).unwrap();
                let doc = Document::load_mem(&bytes).unwrap();
                let meta = xmp(&doc);
                let mut miss = Vec::new();
                match conformance {
                    Some(c) => {
                        if !meta.contains(&format!("<pdfaid:part>{part}</pdfaid:part>"))
                            || !meta
                                .contains(&format!("<pdfaid:conformance>{c}</pdfaid:conformance>"))
                        {
                            miss.push("no pdfaid in XMP".to_string());
                        }
                        if !doc.catalog().unwrap().has(b"OutputIntents") {
                            miss.push("no output intent".into());
                        }
                    }
                    None => {
                        if !meta.contains(&format!("<pdfuaid:part>{part}</pdfuaid:part>")) {
                            miss.push("no pdfuaid in XMP".into());
                        }
                        let catalog = doc.catalog().unwrap();
                        for key in [&b"StructTreeRoot"[..], b"Lang", b"MarkInfo"] {
                            if !catalog.has(key) {
                                miss.push(format!("no /{}", String::from_utf8_lossy(key)));
                            }
                        }
                        let shows_title = catalog
                            .get(b"ViewerPreferences")
                            .ok()
                            .and_then(|v| dict(&doc, v))
                            .and_then(|v| v.get(b"DisplayDocTitle").ok())
                            .and_then(|b| b.as_bool().ok())
                            == Some(true);
                        if !shows_title {
                            miss.push("title not displayed".into());
                        }
                    }
                }
                let fonts = unembedded_fonts(&doc);
                if !fonts.is_empty() {
                    miss.push(format!("fonts not embedded: {fonts:?}"));
                }
                if qpdf {
                    let check = std::process::Command::new("qpdf")
                        .arg("--check")
                        .arg(&path)
                        .output()
                        .unwrap();
                    if !check.status.success() {
                        miss.push(format!(
                            "qpdf --check: {}",
                            String::from_utf8_lossy(&check.stdout)
                        ));
                    }
                }
                if !miss.is_empty() {
                    problems.push(format!("{flag} {name}: {}", miss.join("; ")));
                }
            }
        }
    }
    assert!(
        qpdf || std::env::var_os("VITAE_REQUIRE_TOOLS").is_none(),
        "qpdf is not installed (.ci/run installs it)"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
