//! Every defect found by hostile testing (issue 9), kept fixed: each test is a reproducer.

use std::time::{Duration, Instant};

use crate::*;

/// Run vitae, failing the test (not hanging it) if it takes longer than `limit`.
fn vitae_within(args: &[&str], dir: &Path, limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("vitae {args:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

const ADA: &str = "basics:\n  name: Ada Lovelace\n  label: Backend Engineer\nwork:\n  - name: Analytical Engines\n    position: Engineer\n    startDate: 2021-03\n";

#[test]
fn a_block_scalar_with_non_ascii_text_no_longer_crashes_or_shifts_positions() {
    let dir = tempfile::tempdir().unwrap();
    let text = "basics:\n  name: Ada Lovelace\n  summary: |\n    I build reliable systems — and I measure them.\n  label: \"Jörg’s lead engineer\"\n";
    let profile = write_profile(dir.path(), "ada.yaml", text);
    let o = vitae(&["check", "ada.yaml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let (pdf, _, _) = build(&profile, &[]);
    assert!(flat_text(&pdf).contains("Jörg’s lead engineer"));
    // A problem after such a block is reported where it is.
    let text = format!("{text}work:\n  - name: X\n    startDate: 2021-13\n");
    write_profile(dir.path(), "ada.yaml", &text);
    let o = vitae(&["check", "ada.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ada.yaml:8:16"), "{}", stderr(&o));
}

#[test]
fn a_panic_anywhere_is_an_internal_error_with_exit_code_3() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "ada.yaml", ADA);
    for args in [
        &["check", "ada.yaml"][..],
        &["data", "ada.yaml"],
        &["build", "ada.yaml"],
    ] {
        let o = Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .env("VITAE_INJECT_PANIC", "main")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("internal error"), "{}", stderr(&o));
    }
}

#[test]
fn an_alias_bomb_stops_at_once_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    assert!(bomb.len() < 400, "{} bytes", bomb.len());
    write_profile(dir.path(), "bomb.yaml", &bomb);
    let o = vitae_within(&["check", "bomb.yaml"], dir.path(), Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("aliases repeat more than") && err.contains("bomb.yaml:5:"),
        "{err}"
    );
}

#[test]
fn a_bad_photo_is_an_input_error_and_the_batch_goes_on() {
    let fixtures = root().join("tests/corpus/malformed/profiles");
    let dir = tempfile::tempdir().unwrap();
    for photo in ["huge.png", "truncated.png", "empty.png"] {
        std::fs::copy(fixtures.join(photo), dir.path().join(photo)).unwrap();
        let stem = photo.trim_end_matches(".png");
        write_profile(
            dir.path(),
            &format!("{stem}.yaml"),
            &ADA.replace("  label:", &format!("  image: {photo}\n  label:")),
        );
    }
    write_profile(dir.path(), "good.yaml", ADA);
    let o = vitae_within(
        &["build", ".", "-o", "out", "--report", "report.json"],
        dir.path(),
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("40000 × 40000 pixels") && err.contains("huge.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("truncated.yaml:") && err.contains("empty.yaml:"),
        "{err}"
    );
    assert!(!err.contains("bug in vitae"), "{err}");
    assert!(dir.path().join("out/good-classic.pdf").exists());
    assert!(dir.path().join("report.json").exists());
    // `check` finds the same problems.
    let o = vitae(&["check", "huge.yaml", "truncated.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("40000 × 40000"), "{}", stderr(&o));
}

#[test]
fn markdown_that_is_not_promised_prints_as_typed_in_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let text = "basics:\n  name: Ada\nwork:\n  - name: X\n    description: \"[Note]: shipped\"\n    highlights:\n      - \"[](https://x.io)\"\n      - \"&amp; __init__ a\\\\b\"\n";
    let profile = write_profile(dir.path(), "md.yaml", text);
    for template in ["classic", "modern", "compact", "timeline", "elegant"] {
        let (pdf, _, _) = build(&profile, &["--template", template]);
        let got = flat_text(&pdf);
        for want in ["[Note]: shipped", "https://x.io", "&amp; __init__ a\\b"] {
            assert!(
                got.contains(want),
                "{template}: {want:?} missing from {got}"
            );
        }
    }
}

#[test]
fn output_names_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_profile(d, "me.yaml", ADA);
    write_profile(d, "me.json", r#"{"basics": {"name": "Ada"}}"#);
    let o = vitae(&["build", "me.yaml", "me.json", "-o", "out"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`me.yaml` and `me.json` would both write"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("out").exists(), "nothing is written");

    std::fs::create_dir_all(d.join("team-a")).unwrap();
    std::fs::create_dir_all(d.join("team-b")).unwrap();
    write_profile(&d.join("team-a"), "me.yaml", ADA);
    write_profile(&d.join("team-b"), "me.yaml", ADA);
    write_profile(d, "team-a-me.yaml", ADA);
    let o = vitae(
        &[
            "build",
            "team-a/me.yaml",
            "team-b/me.yaml",
            "team-a-me.yaml",
            "-o",
            "out",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`team-a/me.yaml` and `team-a-me.yaml` would both write"),
        "{}",
        stderr(&o)
    );

    std::fs::write(
        d.join("plan.yaml"),
        "jobs:\n  - profile: me.yaml\n  - profile: me.yaml\n",
    )
    .unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("plan.yaml:2:14 and this job would both write"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("┌─ plan.yaml:3:14"), "{}", stderr(&o));

    // The report may not overwrite an input.
    let o = vitae(&["build", "me.yaml", "--report", "me.yaml", "-o", "out"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("would overwrite the profile"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(d.join("me.yaml")).unwrap(), ADA);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_keep_their_own_outputs() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for name in [&b"\xff.yaml"[..], b"\xfe.yaml"] {
        std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(name)), ADA).unwrap();
    }
    let o = vitae(&["build", ".", "-o", "out", "-q"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        2
    );
}

#[test]
fn fewer_png_pages_leave_no_stale_page_behind() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (0..120)
        .map(|i| {
            format!("      - Highlight number {i} that takes a whole line of the page to say\n")
        })
        .collect();
    let two = format!("{ADA}    highlights:\n{long}");
    write_profile(dir.path(), "me.yaml", &two);
    let o = vitae(
        &[
            "build", "me.yaml", "--format", "png", "--ppi", "20", "-o", "out",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("out/me-classic-2.png").exists());
    write_profile(dir.path(), "me.yaml", ADA);
    let check = vitae(
        &[
            "build", "me.yaml", "--format", "png", "--ppi", "20", "-o", "out", "--check",
        ],
        dir.path(),
    );
    assert_eq!(check.status.code(), Some(1), "a stale page is out of date");
    let o = vitae(
        &[
            "build", "me.yaml", "--format", "png", "--ppi", "20", "-o", "out",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("out/me-classic-1.png").exists());
    assert!(!dir.path().join("out/me-classic-2.png").exists());
    let check = vitae(
        &[
            "build", "me.yaml", "--format", "png", "--ppi", "20", "-o", "out", "--check",
        ],
        dir.path(),
    );
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn json_follows_rfc_8259() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write_profile(
        dir.path(),
        "me.json",
        r#"{"basics": {"name": "Ada", "label": "Ships \ud83d\ude80 weekly"}}"#,
    );
    let (pdf, _, _) = build(&profile, &[]);
    assert!(flat_text(&pdf).contains("Ships 🚀 weekly"));
    for (bad, why) in [
        (r#"{"basics": {'name': "Ada"}}"#, "double quotes"),
        ("{\"basics\": {\"name\": \"A\tda\"}}", "U+0009"),
        (r#"{"basics": {"name": "\ud800"}}"#, "lone surrogate"),
    ] {
        write_profile(dir.path(), "bad.json", bad);
        let o = vitae(&["check", "bad.json"], dir.path());
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(why), "{why}: {}", stderr(&o));
    }
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "me.json",
        "{\"basics\": {\"name\": \"Ada\", \"\\u001b[2Jnmae\": 1}, \"\\u001b]0;pwned\\u0007\": 2}",
    );
    let o = vitae(&["check", "me.json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.contains(&0x1b) && !o.stdout.contains(&0x1b));
    assert!(stderr(&o).contains("\\u{1b}"), "{}", stderr(&o));
}

#[test]
fn carriage_returns_alone_still_end_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = ADA.replace('\n', "\r") + "    endDate: 2019-01\r";
    write_profile(dir.path(), "mac.yaml", &text);
    let o = vitae(&["check", "mac.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mac.yaml:8:14"), "{}", stderr(&o));
}

/// A custom template with `body` in place of its document.
fn custom_template(dir: &Path, name: &str, body: &str) -> PathBuf {
    let t = dir.join(name);
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("resume.typ"), body).unwrap();
    t
}

#[test]
fn a_runaway_custom_template_is_stopped_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_profile(d, "me.yaml", ADA);
    custom_template(d, "loop", "#for i in range(10000000000) { }\n");
    custom_template(
        d,
        "grow",
        "#let s = \"x\"\n#while s.len() > 0 { s = s + s }\n#s\n",
    );
    custom_template(
        d,
        "plugin",
        "#let p = plugin(bytes((0, 97, 115, 109, 1, 0, 0, 0)))\nHello\n",
    );
    custom_template(
        d,
        "fine",
        "#let data = json(\"/vitae/data.json\")\n#data.basics.name\n",
    );
    std::fs::write(
        d.join("plan.yaml"),
        "jobs:\n  - { profile: me.yaml, template: loop, output: loop.pdf }\n  - { profile: me.yaml, template: grow, output: grow.pdf }\n  - { profile: me.yaml, template: plugin, output: plugin.pdf }\n  - { profile: me.yaml, template: fine, output: fine.pdf }\n",
    )
    .unwrap();
    let o = vitae_within(
        &[
            "build",
            "--plan",
            "plan.yaml",
            "--time-limit",
            "3",
            "--report",
            "r.json",
        ],
        d,
        Duration::from_secs(90),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // `range(10000000000)` is an array: it may hit the memory limit before the time limit.
    assert!(
        err.contains("template `loop` took longer than 3 seconds")
            || err.contains("template `loop` stopped the process"),
        "{err}"
    );
    // Growing until 4 GiB takes ~15 s here, so the time limit usually stops it first.
    assert!(
        err.contains("template `grow` took longer than 3 seconds")
            || err.contains("template `grow` stopped the process"),
        "{err}"
    );
    assert!(err.contains("WebAssembly plugins are not allowed"), "{err}");
    assert!(!err.contains("bug in vitae"), "{err}");
    assert!(d.join("output/fine.pdf").exists());
    assert!(d.join("r.json").exists());
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mkfifo = |p: &Path| {
        let status = Command::new("mkfifo").arg(p).status().unwrap();
        assert!(status.success());
    };
    mkfifo(&d.join("fifo.yaml"));
    let o = vitae_within(&["check", "fifo.yaml"], d, Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));

    std::os::unix::fs::symlink("/dev/zero", d.join("zero.png")).unwrap();
    write_profile(
        d,
        "photo.yaml",
        &ADA.replace("  label:", "  image: zero.png\n  label:"),
    );
    let o = vitae_within(&["check", "photo.yaml"], d, Duration::from_secs(10));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a device"), "{}", stderr(&o));

    let t = custom_template(d, "reads-fifo", "#read(\"pipe.txt\")\n");
    mkfifo(&t.join("pipe.txt"));
    write_profile(d, "me.yaml", ADA);
    let o = vitae_within(
        &["build", "me.yaml", "-t", "reads-fifo", "-o", "out"],
        d,
        Duration::from_secs(30),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));
}

#[test]
fn plans_say_where_a_missing_profile_is_named_and_refuse_empty_lists() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("plan.yaml"), "jobs:\n  - profile: nobody.yaml\n").unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("plan.yaml:2:14"), "{}", stderr(&o));
    std::fs::write(d.join("plan.yaml"), "jobs: []\n").unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the plan lists no jobs"),
        "{}",
        stderr(&o)
    );
    std::fs::write(d.join("plan.yaml"), b"jobs:\n  - profile: \xff.yaml\n").unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}
