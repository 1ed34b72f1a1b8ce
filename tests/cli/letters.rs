//! Cover letters: one page in every template and paper, every part in the PDF's text in
//! reading order, the résumé's header, the language's words, a located error when a letter
//! cannot fit, plans, formats and `vitae new --letter`.

use crate::*;

/// `vitae build` with a fixed date, so that undated letters are dated the same every run.
fn build_dated(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1764460800") // 2025-11-30
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// Markdown's marks taken out, as the PDF shows the text.
fn shown(s: &str) -> String {
    s.replace("**", "").replace('`', "")
}

/// Every template on A4 and on Letter: one page, and the recipient, subject, salutation, every
/// paragraph and bullet, closing and signature in the text, in that order.
#[test]
fn every_template_and_paper_sets_each_letter_on_one_page_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    for paper in ["a4", "letter"] {
        let out = dir.path().join(paper);
        let o = build_dated(
            &[
                "build",
                "examples/minimal.yaml",
                "--letter",
                "examples/letters",
                "-t",
                "all",
                "--paper",
                paper,
                "-q",
                "-o",
                out.to_str().unwrap(),
            ],
            &root(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
        let pdfs = pdfs_in(&out);
        assert_eq!(pdfs.len(), 12, "{pdfs:?}");
        for pdf in pdfs {
            let bytes = std::fs::read(&pdf).unwrap();
            let doc = Document::load_mem(&bytes).unwrap();
            assert_eq!(doc.get_pages().len(), 1, "{}", pdf.display());
            let text = squash(&pdf_text(&bytes));
            let acme = pdf.to_string_lossy().contains("acme");
            let wanted: Vec<String> = match acme {
                true => vec![
                    "Grace Hopper",
                    "Head of Platform Engineering",
                    "Acme Payments Ltd",
                    "1 Harbour Street",
                    "London E14 5AB",
                    "Application for the Senior Backend Engineer role (ref. BE-2291)",
                    "Dear Grace Hopper,",
                    "I am writing to apply for the Senior Backend Engineer role",
                    "led a team of four through the move from cron jobs to queues.",
                    "What I would bring to Acme:",
                    "Systems that stay boring under load",
                    "Calm migrations, each step reversible",
                    "so that the on-call rotation is never one person.",
                    "Your post on moving settlement to event sourcing",
                    "Kind regards,",
                    "Ada Lovelace",
                    "Enclosure: Résumé",
                ],
                false => vec![
                    "Dr. Hans Weber",
                    "Globex GmbH",
                    "Torstraße 12",
                    "10119 Berlin",
                    "Bewerbung als Backend-Entwicklerin",
                    "Guten Tag Dr. Hans Weber,",
                    "mit großem Interesse habe ich Ihre Ausschreibung gelesen.",
                    "Gern stelle ich Ihnen meine Erfahrung",
                    "Mit freundlichen Grüßen",
                    "Ada Lovelace",
                    "Anlage: Lebenslauf",
                ],
            }
            .into_iter()
            .map(|s| squash(&shown(s)))
            .collect();
            // The date, set at the line's end above the recipient, reads before or after the
            // recipient's lines depending on the layout analysis: it is only looked for.
            let date = if acme {
                "November 30, 2026"
            } else {
                "30. November 2025"
            };
            assert!(
                text.contains(&squash(date)),
                "{date:?} not in {}",
                pdf.display()
            );
            // The rest in order: each found after the one before (the signature after the
            // closing, not the name in the header).
            let mut at = 0;
            for w in &wanted {
                match text[at..].find(w.as_str()) {
                    Some(i) => at += i + w.len(),
                    None => panic!(
                        "{w:?} not after position {at} in {}:\n{text}",
                        pdf.display()
                    ),
                }
            }
        }
    }
}

/// A letter's header is the résumé's: the same name, label and contact strings.
#[test]
fn a_letters_header_is_the_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let o = build_dated(
        &[
            "build",
            "examples/saurabh-kumar.yaml",
            "--letter",
            "examples/letters/acme.yaml",
            "--kind",
            "resume",
            "-t",
            "all",
            "-q",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let view = {
        let o = vitae(&["data", "examples/saurabh-kumar.yaml"], &root());
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let mut header: Vec<String> = vec![view["basics"]["name"].as_str().unwrap().to_string()];
    header.extend(view["basics"]["label"].as_str().map(String::from));
    for c in view["basics"]["contacts"].as_array().unwrap() {
        header.push(c["text"].as_str().unwrap().to_string());
    }
    for t in [
        "classic", "modern", "compact", "timeline", "elegant", "banner",
    ] {
        let read = |name: &str| squash(&pdf_text(&std::fs::read(dir.path().join(name)).unwrap()));
        let resume = read(&format!("saurabh-kumar-{t}.pdf"));
        let letter = read(&format!("saurabh-kumar-{t}-letter-acme.pdf"));
        for s in &header {
            let s = squash(s);
            assert!(resume.contains(&s) && letter.contains(&s), "{t}: {s:?}");
        }
        // The name is the first thing both read.
        let name = squash(&header[0]);
        assert!(resume.starts_with(&name) || t == "modern", "{t}: {resume}");
        assert!(letter.starts_with(&name) || t == "modern", "{t}: {letter}");
    }
}

/// A letter its page cannot hold fails, pointing at its body and saying how much to cut; it is
/// never cut. `check --letter` says the same.
#[test]
fn a_letter_too_long_fails_with_how_much_to_cut() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(5);
    let mut text = String::from("to: {name: X}\nsubject: Too long\nbody:\n");
    for _ in 0..12 {
        text.push_str(&format!("  - {paragraph}\n"));
    }
    let letter = write_profile(dir.path(), "long.yaml", &text);
    for command in ["build", "check"] {
        let out = dir.path().to_str().unwrap();
        let args: Vec<&str> = match command {
            "build" => vec![
                "build",
                "examples/minimal.yaml",
                "--letter",
                letter.to_str().unwrap(),
                "-o",
                out,
            ],
            _ => vec![
                "check",
                "examples/minimal.yaml",
                "--letter",
                letter.to_str().unwrap(),
            ],
        };
        let o = build_dated(&args, &root());
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        let e = stderr(&o);
        for x in [
            "the letter does not fit one page",
            "long.yaml:3:1",
            "in `body`",
            "shorten its body (1140 words) by about",
            "a letter is never cut for you",
        ] {
            assert!(e.contains(x), "{command}: {x:?} not in\n{e}");
        }
    }
    assert!(pdfs_in(dir.path()).is_empty());
    // A character no font has, in a letter, is a located warning like one in a profile.
    let tablet = write_profile(
        dir.path(),
        "tablet.yaml",
        "to: {name: X}\nbody:\n  - \"Read Linear B \u{10000} tablets\"\n",
    );
    let o = build_dated(
        &[
            "build",
            "examples/minimal.yaml",
            "--letter",
            tablet.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("no font has U+10000")
            && e.contains("tablet.yaml:3:20")
            && e.contains("body[0]"),
        "{e}"
    );
    // A letter's variant the profile lacks is reported at the letter's `variant:`.
    let other = write_profile(
        dir.path(),
        "other.yaml",
        "to: {name: X}\nvariant: nope\nbody: [Hello.]\n",
    );
    let o = vitae(
        &[
            "build",
            "tests/corpus/tailoring/ada.yaml",
            "--letter",
            other.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("unknown variant `nope`") && e.contains("other.yaml:2:10"),
        "{e}"
    );
    // A mistake in a letter is located like one in a profile.
    let bad = write_profile(dir.path(), "bad.yaml", "to:\n  nmae: X\nbody: Dear all\n");
    let o = vitae(
        &[
            "check",
            "examples/minimal.yaml",
            "--letter",
            bad.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("bad.yaml:3:7") && e.contains("expected a list"),
        "{e}"
    );
    assert!(
        e.contains("bad.yaml:2:3") && e.contains("did you mean `name`?"),
        "{e}"
    );
}

/// Right to left: an Arabic letter from an Arabic profile sets on one page, in Arabic words.
#[test]
fn a_right_to_left_letter_sets_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let letter = write_profile(
        dir.path(),
        "ar.yaml",
        "to:\n  name: سارة أحمد\n  organization: شركة المدفوعات\nsubject: طلب وظيفة مهندسة برمجيات\nlang: ar\nbody:\n  - أكتب إليكم للتقدم إلى وظيفة مهندسة البرمجيات.\nenclosure: true\n",
    );
    let o = build_dated(
        &[
            "build",
            "tests/corpus/scripts/arabic.yaml",
            "--letter",
            letter.to_str().unwrap(),
            "-t",
            "all",
            "-q",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let pdfs = pdfs_in(dir.path());
    assert_eq!(pdfs.len(), 6);
    for pdf in pdfs {
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(Document::load_mem(&bytes).unwrap().get_pages().len(), 1);
        let text = squash(&pdf_text(&bytes));
        for s in ["سارة أحمد", "طلب وظيفة مهندسة برمجيات", "مع خالص التحية،"]
        {
            assert!(
                text.contains(&squash(s)),
                "{s:?} not in {}:\n{text}",
                pdf.display()
            );
        }
    }
}

/// Plans take letters; `--kind all` adds the résumé and summary; every format writes letters
/// too; `vitae new --letter` writes one that builds without a warning.
#[test]
fn plans_formats_and_new_make_letters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = vitae(&["new", "me.yaml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::create_dir(d.join("letters")).unwrap();
    let o = vitae(&["new", "--letter", "letters/acme.yaml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(d.join("letters/letter.schema.json").is_file());
    std::fs::copy(
        root().join("examples/letters/globex.yaml"),
        d.join("letters/globex.yaml"),
    )
    .unwrap();
    std::fs::write(
        d.join("plan.yaml"),
        "output: dist\njobs:\n  - profile: me.yaml\n    letter: letters/\n    kind: all\n    format: [pdf, txt, md, html, docx]\n",
    )
    .unwrap();
    let o = build_dated(&["build", "--plan", "plan.yaml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    for stem in [
        "me-classic",
        "me-classic-summary",
        "me-classic-letter-acme",
        "me-classic-letter-globex",
    ] {
        for ext in ["pdf", "txt", "md", "html", "docx"] {
            assert!(
                d.join(format!("dist/{stem}.{ext}")).is_file(),
                "{stem}.{ext}"
            );
        }
    }
    let txt = std::fs::read_to_string(d.join("dist/me-classic-letter-globex.txt")).unwrap();
    for s in [
        "Guten Tag Dr. Hans Weber,",
        "Mit freundlichen Grüßen",
        "Anlage: Lebenslauf",
        "10119 Berlin",
    ] {
        assert!(txt.contains(s), "{s:?} not in\n{txt}");
    }
    let html = std::fs::read_to_string(d.join("dist/me-classic-letter-acme.html")).unwrap();
    assert!(
        html.contains("<html lang=\"en\"") && html.contains("class=\"salutation\""),
        "{html}"
    );
    // `check` agrees, with the letters laid out.
    let o = vitae(&["check", "me.yaml", "--letter", "letters"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("letter `acme` with `classic`: 1 page"),
        "{}",
        stdout(&o)
    );
    // Without `--kind`, letters only.
    let o = build_dated(
        &[
            "build",
            "me.yaml",
            "--letter",
            "letters/acme.yaml",
            "-o",
            "only",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Vec<_> = std::fs::read_dir(d.join("only"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, ["me-classic-letter-acme.pdf"]);
}
