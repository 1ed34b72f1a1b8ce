//! What a user sees when something is wrong: located, complete, with hints and exit codes.

use crate::*;

#[test]
fn all_problems_are_reported_with_file_line_column_field_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "bad.yaml",
        "basics:\n  label: Engineer\n  email: not-an-email\nwork:\n  - name: Acme\n    startDate: 2021-13\n    higlights:\n      - x\n  - name: Beta\n    startDate: 2022-05\n    endDate: 2021-01\nskills: oops\n",
    );
    let o = vitae(&["check", "bad.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "missing `name`",
        "bad.yaml:1:1",
        "`not-an-email` is not an email address",
        "bad.yaml:3:10",
        "`2021-13` has no month 13",
        "bad.yaml:6:16",
        "unknown field `higlights`",
        "did you mean `highlights`?",
        "bad.yaml:7:5",
        "in `work[0].higlights`",
        "`endDate` 2021-01 is before `startDate` 2022-05",
        "bad.yaml:11:14",
        "expected a list, found text",
        "bad.yaml:12:9",
        "hint:",
    ] {
        assert!(err.contains(expected), "`{expected}` not in:\n{err}");
    }
    assert!(
        err.contains("error:") && err.contains("┌─"),
        "compiler-style output:\n{err}"
    );
}

#[test]
fn unknown_fields_warn_and_fail_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "p.yaml", "basics:\n  name: A\n  nmae: B\n");
    let o = vitae(&["build", "p.yaml"], dir.path());
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: unknown field `nmae`")
            && stderr(&o).contains("did you mean `name`?")
    );
    assert!(dir.path().join("output/p-classic.pdf").exists());

    let o = vitae(&["build", "p.yaml", "--strict", "-o", "strict"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: unknown field `nmae`"));
    assert!(
        !dir.path().join("strict").exists(),
        "nothing written for a failed profile"
    );
}

#[test]
fn syntax_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "y.yaml",
        "basics:\n  name: A\n  label: [unclosed\n",
    );
    write_profile(
        dir.path(),
        "j.json",
        "{\n  \"basics\": {\"name\": \"A\",}\n}\n",
    );
    write_profile(dir.path(), "d.yaml", "basics:\n  name: A\n  name: B\n");
    let o = vitae(&["check", "y.yaml", "j.json", "d.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("invalid YAML") && err.contains("y.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("invalid JSON") && err.contains("j.json:2:"),
        "{err}"
    );
    assert!(
        err.contains("duplicate key `name`") && err.contains("d.yaml:3:3"),
        "{err}"
    );
    assert!(err.contains("3 failed"), "{err}");
}

#[test]
fn a_batch_finishes_the_others_and_names_the_failures() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(dir.path(), "good.yaml", "basics:\n  name: Good\n");
    write_profile(dir.path(), "bad.yaml", "basics:\n  name: [1]\n");
    let o = vitae(
        &["build", "good.yaml", "bad.yaml", "missing.yaml"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.path().join("output/good-classic.pdf").exists());
    let err = stderr(&o);
    assert!(err.contains("failed: bad.yaml, missing.yaml"), "{err}");
    assert!(
        err.contains("cannot read `missing.yaml`: no such file"),
        "{err}"
    );
    let out: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .collect();
    assert_eq!(out.len(), 1, "no partial or temporary files");
}

#[test]
fn a_panic_inside_one_job_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ada.yaml", "doomed.yaml", "grace.yaml"] {
        write_profile(dir.path(), name, "basics:\n  name: Someone\n");
    }
    let o = Command::new(BIN)
        .args([
            "build", ".", "-j", "2", "--kind", "all", "--report", "r.json",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("VITAE_INJECT_PANIC", "doomed")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    for pdf in ["ada-classic", "ada-classic-summary", "grace-classic"] {
        assert!(
            dir.path().join(format!("output/{pdf}.pdf")).exists(),
            "{pdf}: {err}"
        );
    }
    assert!(!dir.path().join("output/doomed-classic.pdf").exists());
    assert!(err.contains("internal error: injected panic"), "{err}");
    assert!(err.contains("failed: doomed.yaml"), "{err}");
    let report = report(dir.path(), "r.json");
    let statuses: Vec<(String, String)> = report["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["profile"].as_str().unwrap().to_string(),
                j["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(statuses.len(), 6);
    for (profile, status) in statuses {
        let expected = if profile.contains("doomed") {
            "failed"
        } else {
            "written"
        };
        assert_eq!(status, expected, "{profile}");
    }
}

#[test]
fn nothing_panics_on_odd_input() {
    let dir = tempfile::tempdir().unwrap();
    let odd: [&[u8]; 10] = [
        b"",
        b"---\n",
        b"[]",
        b"\xff\xfe\x00",
        b"basics: ~\n",
        b"basics:\n  name: A\nwork: [[[]]]\n",
        b"basics:\n  name: A\nwork:\n  - positions: [{}]\n",
        b"basics: &a\n  name: *a\n",
        b"{\"basics\": 1e999}",
        b"basics:\n  name: A\nskills:\n  - keywords: [{name: X, level: 900}]\n",
    ];
    for (i, bytes) in odd.iter().enumerate() {
        let name = format!("odd{i}.yaml");
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        let o = vitae(&["build", &name], dir.path());
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{name}: {:?}\n{}",
            o.status,
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("panicked") && !stderr(&o).contains("internal error"),
            "{name}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn usage_errors_exit_2_with_suggestions() {
    let o = vitae(
        &["build", "examples/minimal.yaml", "--template", "clasic"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown template `clasic`")
            && stderr(&o).contains("did you mean `classic`?")
    );
    let o = vitae(&["build"], &root());
    assert_eq!(o.status.code(), Some(2));
    let o = vitae(&["--help"], &root());
    assert!(o.status.success() && stdout(&o).contains("Examples:"));
}

#[test]
fn templates_are_listed() {
    let o = vitae(&["templates"], &root());
    assert!(o.status.success());
    assert!(stdout(&o).lines().any(|l| l.starts_with("classic ")));
}
