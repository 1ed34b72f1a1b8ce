//! Output names, checked before anything is rendered: no two documents may write the same file
//! and no document may overwrite an input.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::document::page_path;
use super::jobs::Job;
use crate::diag::Diagnostic;

/// Give every job a distinct output path: where two would share one, both take their
/// profile's folder into the name (`team-a-me-classic.pdf`). What still clashes after this
/// is reported by [`clashes`].
pub fn disambiguate(jobs: &mut [Job]) {
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for job in jobs.iter() {
        *seen.entry(job.output.clone()).or_default() += 1;
    }
    for job in jobs.iter_mut() {
        if seen[&job.output] < 2 || job.named {
            continue;
        }
        let folders: Vec<&OsStr> = job
            .profile
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s),
                _ => None,
            })
            .collect();
        if folders.is_empty() {
            continue;
        }
        if let Some(name) = job.output.file_name() {
            let mut prefixed = OsString::new();
            for folder in folders {
                prefixed.push(folder);
                prefixed.push("-");
            }
            prefixed.push(name);
            job.output.set_file_name(prefixed);
        }
    }
}

/// What a job writes, per format: one file, or a file per page (`<stem>-<n>.png`).
enum Claim {
    File(PathBuf),
    Pages {
        dir: PathBuf,
        stem: OsString,
        extension: &'static str,
    },
}

impl Claim {
    /// Whether this claim covers `path`.
    fn covers(&self, path: &Path) -> bool {
        match self {
            Claim::File(f) => f == path,
            Claim::Pages {
                dir,
                stem,
                extension,
            } => {
                path.parent().unwrap_or(Path::new("")) == dir
                    && path.extension().is_some_and(|e| e == *extension)
                    && path.file_stem().is_some_and(|s| is_page_of(s, stem))
            }
        }
    }
}

impl Job {
    fn claims(&self) -> Vec<Claim> {
        self.formats
            .iter()
            .map(|&f| {
                let path = self.path(f);
                match f.paged() {
                    false => Claim::File(path),
                    true => Claim::Pages {
                        dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
                        stem: path.file_stem().unwrap_or_default().to_os_string(),
                        extension: f.name(),
                    },
                }
            })
            .collect()
    }

    /// Whether this job would write `path`.
    fn writes(&self, path: &Path) -> bool {
        self.claims().iter().any(|c| c.covers(path))
    }
}

/// `me-classic-12` is a page of `me-classic`.
fn is_page_of(name: &OsStr, stem: &OsStr) -> bool {
    let (name, stem) = (name.as_encoded_bytes(), stem.as_encoded_bytes());
    name.len() > stem.len() + 1
        && name.starts_with(stem)
        && name[stem.len()] == b'-'
        && name[stem.len() + 1..].iter().all(u8::is_ascii_digit)
}

/// Every pair of jobs that would write the same file, and every output that is an input (a
/// profile, its photo, the plan) or the report, as errors naming both sides.
pub fn clashes(jobs: &[Job], inputs: &[&Path], report: Option<&Path>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Jobs with the same file name (or page stem) are the only candidates: compare those.
    let mut by_key: HashMap<(PathBuf, OsString), Vec<(usize, PathBuf)>> = HashMap::new();
    for (i, job) in jobs.iter().enumerate() {
        for claim in job.claims() {
            let (dir, key, what) = match claim {
                Claim::File(f) => (
                    f.parent().unwrap_or(Path::new("")).to_path_buf(),
                    f.file_name().unwrap_or_default().to_os_string(),
                    f.clone(),
                ),
                Claim::Pages {
                    dir,
                    stem,
                    extension,
                } => {
                    let mut key = stem.clone();
                    key.push(format!("-*.{extension}"));
                    let what = page_path(&dir.join(&stem).with_extension(extension), 1);
                    (dir, key, what)
                }
            };
            by_key.entry((dir, key)).or_default().push((i, what));
        }
    }
    let mut reported = std::collections::HashSet::new();
    let mut clash = |a: usize, b: usize, what: &Path, diags: &mut Vec<Diagnostic>| {
        if a == b || !reported.insert((a.min(b), a.max(b))) {
            return;
        }
        let (ja, jb) = (&jobs[a], &jobs[b]);
        let same = ja.origin == jb.origin;
        // Where the message points at the later job, it is "this job".
        let this = |j: &Job| match j.origin_at {
            Some(_) => "this job".to_string(),
            None => j.origin.clone(),
        };
        let message = match same {
            true => format!("{} asks more than once for `{}`", this(jb), what.display()),
            false => format!(
                "{} and {} would both write `{}`",
                ja.origin,
                this(jb),
                what.display()
            ),
        };
        let d = Diagnostic::error(message).hint(
            "rename one of the profiles, or build them with a plan that gives each document its own `output:` name",
        );
        diags.push(locate(d, jb));
    };
    let mut groups: Vec<&Vec<(usize, PathBuf)>> = by_key.values().collect();
    groups.sort();
    for group in groups {
        for (n, (a, what)) in group.iter().enumerate() {
            for (b, _) in &group[n + 1..] {
                clash(*a, *b, what, &mut diags);
            }
        }
    }
    // A paged job's pages against every single-file output that looks like one of its pages.
    for (a, job) in jobs.iter().enumerate() {
        let pages: Vec<Claim> = job
            .claims()
            .into_iter()
            .filter(|c| matches!(c, Claim::Pages { .. }))
            .collect();
        if pages.is_empty() {
            continue;
        }
        for (b, other) in jobs.iter().enumerate() {
            for claim in other.claims() {
                if let Claim::File(f) = claim
                    && pages.iter().any(|p| p.covers(&f))
                {
                    clash(a, b, &f, &mut diags);
                }
            }
        }
    }
    // Outputs that are inputs. Only files that exist can be; compared as files, not names.
    let mut protected: Vec<(String, &Path)> = inputs
        .iter()
        .map(|p| (format!("`{}`", p.display()), *p))
        .collect();
    let mut seen_profiles = std::collections::HashSet::new();
    for job in jobs {
        if seen_profiles.insert(&job.profile) {
            protected.push((
                format!("the profile `{}`", job.profile.display()),
                &job.profile,
            ));
        }
    }
    let mut photos = Vec::new();
    for job in jobs {
        if let Ok(opened) = &job.opened
            && let Some(image) = &opened.loaded.profile.basics.image
        {
            let path = job
                .profile
                .parent()
                .unwrap_or(Path::new(""))
                .join(&image.value);
            photos.push((format!("the photo `{}`", path.display()), path));
        }
    }
    protected.extend(photos.iter().map(|(w, p)| (w.clone(), p.as_path())));
    for (what, input) in &protected {
        for job in jobs {
            let targets = existing_targets(job);
            if let Some(t) = targets.iter().find(|t| same_file(t, input)) {
                let who = match job.origin_at {
                    Some(_) => "this job".to_string(),
                    None => job.origin.clone(),
                };
                let d = Diagnostic::error(format!(
                    "{who} would overwrite {what} with `{}`",
                    t.display()
                ))
                .hint("choose another output folder or `output:` name");
                diags.push(locate(d, job));
            }
        }
        if let Some(report) = report
            && same_file(report, input)
        {
            diags.push(
                Diagnostic::error(format!(
                    "the report `{}` would overwrite {what}",
                    report.display()
                ))
                .hint("write the report to a new file, e.g. --report report.json"),
            );
        }
    }
    if let Some(report) = report {
        for job in jobs {
            if job.writes(report) {
                diags.push(
                    Diagnostic::error(format!(
                        "the report `{}` and {} would write the same file",
                        report.display(),
                        job.origin
                    ))
                    .hint("write the report to another file"),
                );
            }
        }
    }
    diags.dedup_by(|a, b| a.message == b.message);
    diags
}

/// Point a diagnostic at the plan entry that asked for the job, when a plan did.
fn locate(d: Diagnostic, job: &Job) -> Diagnostic {
    match &job.origin_at {
        Some((file, span)) => d.at(file, span.clone()),
        None => d,
    }
}

/// The files a job would write that exist now.
fn existing_targets(job: &Job) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for &format in &job.formats {
        let path = job.path(format);
        match format.paged() {
            false => out.push(path),
            true => out.extend(
                (1..)
                    .map(|n| page_path(&path, n))
                    .take_while(|p| p.exists()),
            ),
        }
    }
    out
}

/// Whether two paths name the same existing file (through links and `..` alike).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                ma.dev() == mb.dev() && ma.ino() == mb.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (ma, mb);
                a.canonicalize().ok() == b.canonicalize().ok()
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::Format;

    fn job(profile: &str, output: &str, format: Format) -> Job {
        crate::cli::jobs::test_job(profile, output, format)
    }

    #[test]
    fn colliding_names_take_their_folder() {
        let mut jobs = vec![
            job("a/me.yaml", "out/me-classic.pdf", Format::Pdf),
            job("b/c/me.yaml", "out/me-classic.pdf", Format::Pdf),
            job("x.yaml", "out/x-classic.pdf", Format::Pdf),
        ];
        disambiguate(&mut jobs);
        let names: Vec<_> = jobs
            .iter()
            .map(|j| j.output.display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "out/a-me-classic.pdf",
                "out/b-c-me-classic.pdf",
                "out/x-classic.pdf"
            ]
        );
        assert!(clashes(&jobs, &[], None).is_empty());
    }

    #[test]
    fn what_still_clashes_is_reported_with_both_sources() {
        let mut jobs = vec![
            job("p/me.yaml", "out/me-classic.pdf", Format::Pdf),
            job("p/me.json", "out/me-classic.pdf", Format::Pdf),
            job("team-a/me.yaml", "out/me-classic.pdf", Format::Pdf),
            job("team-a-me.yaml", "out/team-a-me-classic.pdf", Format::Pdf),
        ];
        disambiguate(&mut jobs);
        let diags = clashes(&jobs, &[], None);
        let text: Vec<_> = diags.iter().map(|d| d.message.clone()).collect();
        assert!(
            text.iter()
                .any(|m| m.contains("`p/me.yaml` and `p/me.json`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|m| m.contains("`team-a/me.yaml` and `team-a-me.yaml`")),
            "{text:?}"
        );
    }

    #[test]
    fn png_pages_clash_with_files_named_like_them() {
        let jobs = vec![
            job("me.yaml", "out/me-classic.png", Format::Png),
            job("x.yaml", "out/me-classic-2.png", Format::Pdf),
        ];
        assert_eq!(clashes(&jobs, &[], None).len(), 1);
        assert!(is_page_of(
            OsStr::new("me-classic-12"),
            OsStr::new("me-classic")
        ));
        assert!(!is_page_of(
            OsStr::new("me-classic-1a"),
            OsStr::new("me-classic")
        ));
        assert!(!is_page_of(
            OsStr::new("me-classic-"),
            OsStr::new("me-classic")
        ));
    }

    #[test]
    fn outputs_never_overwrite_inputs_or_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("me.yaml");
        std::fs::write(&profile, "basics: {name: A}").unwrap();
        let mut j = job("me.yaml", "", Format::Pdf);
        j.profile = profile.clone();
        j.output = profile.clone();
        assert_eq!(clashes(&[j], &[], None).len(), 1);
        let j = job("x.yaml", "out/x-classic.pdf", Format::Pdf);
        let diags = clashes(&[j], &[&profile], Some(&profile));
        assert!(diags[0].message.contains("the report"), "{diags:?}");
        let j = job("x.yaml", "out/x-classic.pdf", Format::Pdf);
        let diags = clashes(&[j], &[], Some(Path::new("out/x-classic.pdf")));
        assert_eq!(diags.len(), 1);
    }
}
