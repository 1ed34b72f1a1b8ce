//! Odd and hostile input never crashes vitae; the CI recipes in the docs run as written.

use crate::*;

/// Truncated and corrupted versions of every example: loading and building the view never
/// panics, and every failure is a located diagnostic.
#[test]
fn mangled_profiles_never_panic() {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut tried = 0;
    for profile in examples() {
        let bytes = std::fs::read(&profile).unwrap();
        let mut variants: Vec<Vec<u8>> = (0..bytes.len())
            .step_by(53)
            .map(|i| bytes[..i].to_vec())
            .collect();
        for _ in 0..60 {
            let mut b = bytes.clone();
            for _ in 0..4 {
                let at = next() % b.len();
                b[at] = b"\n :-[]{}\"'#&*!|>\t\\x0"[next() % 20];
            }
            variants.push(b);
        }
        for v in variants {
            tried += 1;
            let result = std::panic::catch_unwind(|| {
                match vitae::profile::load("p.yaml", &v, Default::default()) {
                    Ok(loaded) => {
                        let view = vitae::view::build(&loaded.profile, &Default::default());
                        serde_json::to_vec(&view)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    }
                    Err(diags) => match diags
                        .iter()
                        .all(|d| d.location.is_some() && !d.message.is_empty())
                    {
                        true => Ok(()),
                        false => Err(format!("unlocated diagnostic: {diags:?}")),
                    },
                }
            });
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => panic!(
                    "{}: {e}\n---\n{}",
                    profile.display(),
                    String::from_utf8_lossy(&v)
                ),
                Err(_) => panic!(
                    "{}: panicked on\n---\n{}",
                    profile.display(),
                    String::from_utf8_lossy(&v)
                ),
            }
        }
    }
    assert!(tried > 500);
}

/// The fenced YAML blocks of a Markdown page, in order.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn yaml(text: &str) -> yaml_rust2::Yaml {
    yaml_rust2::YamlLoader::load_from_str(text)
        .expect("the docs' YAML parses")
        .remove(0)
}

fn strings(node: &yaml_rust2::Yaml) -> Vec<String> {
    match node {
        yaml_rust2::Yaml::String(s) => s.lines().map(str::to_string).collect(),
        yaml_rust2::Yaml::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_ci_recipes_in_the_docs_run_as_written() {
    let docs = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&docs);
    let block = |first: &str| {
        blocks
            .iter()
            .find(|b| b.starts_with(first))
            .unwrap_or_else(|| panic!("docs/ci.md has a block starting `{first}`"))
    };
    let plan = block("# vitae.yaml");
    let github = yaml(block("# .github/workflows/resumes.yml"));
    let gitlab = yaml(block("# .gitlab-ci.yml"));
    let check_step = yaml(block("      - name: Committed PDFs are up to date"));

    // What each pipeline runs and what it uploads. A GitHub step is a shell of its own; a
    // GitLab job's script lines share one.
    let steps = github["jobs"]["export"]["steps"].as_vec().unwrap();
    let github_shells: Vec<Vec<String>> = steps
        .iter()
        .map(|s| strings(&s["run"]))
        .filter(|lines| !lines.is_empty())
        .collect();
    let github_uploads = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-artifact@v4"))
        .map(|s| strings(&s["with"]["path"]))
        .unwrap();
    let job = &gitlab["resumes"];
    let gitlab_shells = vec![strings(&job["script"])];
    let gitlab_uploads = strings(&job["artifacts"]["paths"]);
    let check = strings(&check_step[0]["run"]);

    for (ci, shells, uploads) in [
        ("github", github_shells, github_uploads),
        ("gitlab", gitlab_shells, gitlab_uploads),
    ] {
        // A team's repository: the plan, the profiles it names, one commit.
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        std::fs::write(repo.join("vitae.yaml"), plan).unwrap();
        std::fs::create_dir_all(repo.join("profiles")).unwrap();
        std::fs::copy(
            root().join("examples/saurabh-kumar.yaml"),
            repo.join("profiles/ada.yaml"),
        )
        .unwrap();
        std::fs::copy(
            root().join("examples/ritik-mehra.yaml"),
            repo.join("profiles/grace.yaml"),
        )
        .unwrap();
        std::fs::create_dir_all(repo.join("letters")).unwrap();
        std::fs::copy(
            root().join("examples/letters/acme.yaml"),
            repo.join("letters/acme.yaml"),
        )
        .unwrap();
        std::fs::write(
            repo.join("profiles/linus.json"),
            r#"{"basics": {"name": "Linus", "label": "Kernel maintainer"},
                "work": [{"name": "Linux Foundation", "position": "Fellow",
                          "startDate": "2003-06", "highlights": ["Maintains the kernel"]}]}"#,
        )
        .unwrap();
        let git = |args: &[&str]| {
            let o = Command::new("git")
                .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
                .args(args)
                .current_dir(repo)
                .output()
                .expect("git runs");
            assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        };
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "profiles"]);
        // The vitae the pipeline would have built.
        let built = repo.join(".vitae/target/release");
        std::fs::create_dir_all(&built).unwrap();
        std::os::unix::fs::symlink(BIN, built.join("vitae")).unwrap();

        // Run as CI would, leaving out only the lines that fetch and build vitae. Variables a
        // GitHub step appends to $GITHUB_ENV reach the steps after it.
        let github_env = repo.join(".github-env");
        std::fs::write(&github_env, "").unwrap();
        let run = |lines: &[String]| {
            let script: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|l| !l.contains("cargo build") && !l.contains("git clone"))
                .collect();
            let exported = std::fs::read_to_string(&github_env).unwrap();
            Command::new("bash")
                .args(["-euo", "pipefail", "-c", &script.join("\n")])
                .current_dir(repo)
                .env_remove("SOURCE_DATE_EPOCH")
                .env("NO_COLOR", "1")
                .env("GITHUB_ENV", &github_env)
                .envs(exported.lines().filter_map(|l| l.split_once('=')))
                .output()
                .unwrap()
        };
        for shell in &shells {
            let o = run(shell);
            assert!(o.status.success(), "{ci}: {shell:?}: {}", stderr(&o));
        }
        for upload in &uploads {
            let path = repo.join(upload);
            assert!(path.exists(), "{ci} uploads {upload}, which was not made");
        }
        for made in [
            "dist/ada-backend.pdf",
            "dist/ada-data.pdf",
            "dist/ada-data-summary.pdf",
            "dist/grace-classic.pdf",
            "dist/linus-elegant-1.png",
            "dist/linus-elegant.docx",
            "dist/ada-classic-letter-acme.pdf",
        ] {
            assert!(repo.join(made).exists(), "{ci}: {made}");
        }
        let report = report(repo, "report.json");
        assert_eq!(report["summary"]["failed"], 0, "{ci}");
        // The plan's jobs: four single documents, a letter, and one per built-in template.
        assert_eq!(
            report["summary"]["documents"],
            5 + templates().len(),
            "{ci}"
        );
        // PDFs committed as the docs say (no SOURCE_DATE_EPOCH) pass the check step as written,
        // and fail it once a profile changes.
        let o = vitae(&["build", "--plan", "vitae.yaml", "-q"], repo);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(&check);
        assert!(o.status.success(), "{ci} --check: {}", stderr(&o));
        let grace = repo.join("profiles/grace.yaml");
        let edited = std::fs::read_to_string(&grace)
            .unwrap()
            .replacen("name: ", "name: Dr. ", 1);
        std::fs::write(&grace, edited).unwrap();
        let o = run(&check);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{ci}: a stale PDF fails the check"
        );
    }
}
