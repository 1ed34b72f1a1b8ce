//! Many documents at once: workers, shards, plans, reports, names.

use crate::*;

fn pdfs_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn batches_are_the_same_on_one_worker_or_four() {
    let one = tempfile::tempdir().unwrap();
    let four = tempfile::tempdir().unwrap();
    for (dir, j) in [(&one, "1"), (&four, "4")] {
        let o = vitae(
            &[
                "build",
                "examples",
                "--template",
                "all",
                "-j",
                j,
                "-q",
                "-o",
                dir.path().to_str().unwrap(),
            ],
            &root(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (pdfs_in(one.path()), pdfs_in(four.path()));
    let templates = stdout(&vitae(&["templates"], &root())).lines().count();
    assert_eq!(a.len(), examples().len() * templates);
    assert!(a == b, "-j 1 and -j 4 differ");
}

#[test]
fn shards_split_the_set_without_overlap() {
    let out = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let report = out.path().join(format!("r{k}.json"));
        let o = vitae(
            &[
                "build",
                "examples",
                "--template",
                "all",
                "--shard",
                &format!("{k}/3"),
                "-q",
                "--check",
                "-o",
                out.path().to_str().unwrap(),
                "--report",
                report.to_str().unwrap(),
            ],
            &root(),
        );
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        seen.extend(
            r["jobs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|j| j["outputs"][0].as_str().unwrap().to_string()),
        );
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "a document in two shards");
    let templates = stdout(&vitae(&["templates"], &root())).lines().count();
    assert_eq!(
        total,
        examples().len() * templates,
        "every document in some shard"
    );
    let o = vitae(&["build", "examples", "--shard", "4/3"], &root());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_plan_file_round_trip_with_check_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let ex = root().join("examples");
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    for name in ["saurabh-kumar.yaml", "minimal.yaml"] {
        std::fs::copy(ex.join(name), dir.path().join("profiles").join(name)).unwrap();
    }
    std::fs::write(
        dir.path().join("vitae.yaml"),
        "output: dist\njobs:\n  - profile: profiles/saurabh-kumar.yaml\n    template: compact\n    paper: letter\n    output: saurabh-backend.pdf\n  - profile: profiles/minimal.yaml\n    template: all\n",
    )
    .unwrap();
    let o = vitae(
        &["build", "--plan", "vitae.yaml", "--report", "report.json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let dist = dir.path().join("dist");
    assert!(dist.join("saurabh-backend.pdf").exists());
    assert!(dist.join("minimal-classic.pdf").exists() && dist.join("minimal-compact.pdf").exists());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let first = &report["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["template"] == "compact" && j["profile"].as_str().unwrap().contains("saurabh"))
        .unwrap();
    assert_eq!(first["paper"], "letter");
    assert!(first["pages"].as_u64().unwrap() >= 1 && first["bytes"].as_u64().unwrap() > 1000);
    assert!(first["duration_ms"].as_f64().unwrap() > 0.0);

    // Unchanged inputs: --check passes. A changed profile: --check fails and names the file.
    let o = vitae(&["build", "--plan", "vitae.yaml", "--check"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let p = dir.path().join("profiles/minimal.yaml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("Ada Lovelace", "Ada King");
    std::fs::write(&p, text).unwrap();
    let before = std::fs::read(dist.join("minimal-classic.pdf")).unwrap();
    let o = vitae(&["build", "--plan", "vitae.yaml", "--check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("out of date") && stderr(&o).contains("minimal-classic.pdf"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(dist.join("minimal-classic.pdf")).unwrap(),
        before,
        "--check writes nothing"
    );
}

#[test]
fn invalid_plans_get_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        "jobs:\n  - profile: a.yaml\n    templte: modern\n  - paper: a5\n    profile: b.yaml\n",
    )
    .unwrap();
    let o = vitae(&["build", "--plan", "plan.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("plan.yaml:3:5") && err.contains("did you mean `template`?"),
        "{err}"
    );
    assert!(
        err.contains("plan.yaml:4:12") && err.contains("unknown paper size `a5`"),
        "{err}"
    );
}

#[test]
fn same_named_profiles_in_different_folders_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    for team in ["team-a", "team-b"] {
        std::fs::create_dir(dir.path().join(team)).unwrap();
        write_profile(
            &dir.path().join(team),
            "me.yaml",
            &format!("basics:\n  name: {team}\n"),
        );
    }
    let o = vitae(
        &["build", "team-a/me.yaml", "team-b/me.yaml", "-q"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("output/team-a-me-classic.pdf").exists());
    assert!(dir.path().join("output/team-b-me-classic.pdf").exists());
}

#[test]
fn globs_expand_to_profiles() {
    let o = vitae(
        &[
            "build",
            "examples/s*.yaml",
            "-q",
            "--check",
            "-o",
            "/nonexistent-vitae-dir",
        ],
        &root(),
    );
    // Two profiles match; nothing exists there, so both are out of date.
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).matches("out of date:").count(),
        2,
        "{}",
        stderr(&o)
    );
}
