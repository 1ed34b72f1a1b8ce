//! Custom templates, photos, PNG output and `vitae data`.

use crate::*;

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
    // A URL is never fetched: the document is made without the photo, with a warning.
    assert!(
        err.contains("url.yaml:3:10") && err.contains("the photo is a URL: not downloaded"),
        "{err}"
    );
    assert!(dir.path().join("output/url-classic.pdf").is_file());
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
    assert_eq!(v["version"], 2);
    assert_eq!(v["style"]["paper"], "letter");
    assert_eq!(v["style"]["page"]["width"], 612.0);
    assert_eq!(v["sections"][1]["entries"][0]["dates"]["current"], true);
    assert_eq!(
        v["sections"][1]["entries"][0]["dates"]["start"]["iso"],
        "2021-03"
    );
    assert_eq!(v["sections"][1]["entries"][0]["date"], "Mar 2021 – Present");
}
