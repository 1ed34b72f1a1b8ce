//! Many documents in one process: a plan of jobs (profiles × templates), rendered on worker
//! threads that share one [`Engine`], with progress, a JSON report, an up-to-date check and
//! sharding for CI matrices.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::document::{self, Rendered, stale_pages};
use super::exit::{Failure, plural};
use super::isolate;
use super::jobs::Job;
use super::printer::Reporter;
use super::progress::Progress;
use super::report::{Outcome, Report, Status};
use crate::diag::{self, Cause, Diagnostic, Failed};
use crate::engine::{Engine, Template};
use crate::output;

/// How to run a plan.
pub struct RunOptions {
    pub threads: usize,
    pub ppi: f32,
    pub quiet: bool,
    pub verbose: bool,
    /// Compare with the files on disk instead of writing.
    pub check: bool,
    pub report: Option<PathBuf>,
    /// How long one document may take with a custom template.
    pub time_limit: Duration,
    /// Read every PDF back as an ATS would, and fail the documents that read back wrong.
    pub ats: bool,
    /// Fonts besides the embedded ones.
    pub fonts: crate::engine::FontOptions,
}

/// Keep the `k`-th of `n` shards (1-based): every `n`-th job in output order.
pub fn shard(jobs: Vec<Job>, k: usize, n: usize) -> Vec<Job> {
    let mut jobs = jobs;
    jobs.sort_by(|a, b| a.output.cmp(&b.output));
    jobs.into_iter()
        .enumerate()
        .filter(|(i, _)| i % n == k - 1)
        .map(|(_, j)| j)
        .collect()
}

/// The order workers take the jobs in: the longest profiles first, so that no long job starts
/// last and keeps one core busy while the others idle. A profile's jobs stay together and in
/// order: its résumé and summary with one template share much of Typst's memoised work.
fn schedule(jobs: &[Job]) -> Vec<usize> {
    let length = |job: &Job| {
        job.opened
            .as_ref()
            .map_or(0, |o| o.loaded.source.text.len())
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(length(&jobs[i])));
    order
}

/// Render every job; report as they finish; return the worst failure.
pub fn run(jobs: &[Job], options: &RunOptions, reporter: &mut Reporter) -> Result<(), Failure> {
    let engine = Engine::with_fonts(&options.fonts).map_err(|d| {
        reporter.emit(&d);
        Failure::Input
    })?;
    run_on(&engine, jobs, options, reporter)
}

/// [`run`] on an engine made already (`vitae watch` keeps one warm between rebuilds).
pub fn run_on(
    engine: &Engine,
    jobs: &[Job],
    options: &RunOptions,
    reporter: &mut Reporter,
) -> Result<(), Failure> {
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Outcome>();
    let threads = options.threads.clamp(1, jobs.len().max(1));
    let order = schedule(jobs);
    let progress = Progress::new(jobs.len(), options.quiet, options.verbose);
    let mut outcomes: Vec<Option<Outcome>> = (0..jobs.len()).map(|_| None).collect();

    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, order) = (&next, &order);
            std::thread::Builder::new()
                .stack_size(crate::engine::STACK_SIZE)
                .spawn_scoped(scope, move || {
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let outcome = run_one(index, &jobs[index], engine, options);
                        engine.finished(threads);
                        if tx.send(outcome).is_err() {
                            break;
                        }
                    }
                })
                .expect("a worker thread starts");
        }
        drop(tx);
        for outcome in rx {
            let job = &jobs[outcome.index];
            progress.done(job, &outcome, reporter);
            let i = outcome.index;
            outcomes[i] = Some(outcome);
        }
    });
    progress.finish();

    let outcomes: Vec<Outcome> = outcomes.into_iter().flatten().collect();
    let failed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.status == Status::Failed)
        .collect();
    let changed: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.status == Status::WouldChange)
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    if let Some(path) = &options.report {
        let report = Report::new(jobs, &outcomes, seconds);
        let json = serde_json::to_vec_pretty(&report).expect("the report serialises");
        if let Err(e) = output::write_atomic(path, &json) {
            reporter.emit(&Diagnostic::error(format!(
                "cannot write the report `{}`: {e}",
                path.display()
            )));
            return Err(Failure::Input);
        }
    }

    if !failed.is_empty() {
        let names: Vec<String> = failed
            .iter()
            .map(|o| jobs[o.index].profile.display().to_string())
            .collect();
        let mut names = names;
        names.dedup();
        tell!("failed: {}", names.join(", "));
    }
    let ok = outcomes.len() - failed.len();
    let boxes = outcomes
        .iter()
        .filter(|o| o.status != Status::Failed)
        .filter(|o| {
            o.warnings
                .iter()
                .any(|w| w.message.starts_with(crate::render::MISSING_GLYPH))
        })
        .count();
    if options.check {
        for o in &changed {
            tell!(
                "out of date: {}",
                o.files
                    .first()
                    .map_or(String::new(), |p| p.display().to_string())
            );
        }
        if !options.quiet || !changed.is_empty() || !failed.is_empty() {
            tell!(
                "{} document{} up to date, {} out of date, {} failed in {seconds:.2}s",
                ok - changed.len(),
                plural(ok - changed.len()),
                changed.len(),
                failed.len()
            );
        }
    } else if (!options.quiet && outcomes.len() > 1) || !failed.is_empty() || boxes > 0 {
        let boxes = match boxes {
            0 => String::new(),
            n => format!(" ({n} with characters no font has: see the warnings)"),
        };
        tell!(
            "{ok} document{} written{boxes}, {} failed in {seconds:.2}s",
            plural(ok),
            failed.len()
        );
    }
    let worst = failed.iter().filter_map(|o| o.failure).max();
    match (worst, changed.is_empty()) {
        (Some(f), _) => Err(f),
        (None, false) => Err(Failure::Input),
        (None, true) => Ok(()),
    }
}

fn run_one(index: usize, job: &Job, engine: &Engine, options: &RunOptions) -> Outcome {
    let started = Instant::now();
    let result = diag::catch(|| {
        inject_fault(job);
        match job.template {
            // A custom template is code: it runs in a child process with a time and memory
            // limit, so that a loop or a runaway allocation cannot take the batch down.
            Ok(Template::Dir { .. }) => {
                isolate::render(job, options.ppi, options.time_limit, &options.fonts)
            }
            _ => document::render(job, engine, options.ppi),
        }
    });
    let duration = started.elapsed();
    let mut outcome = Outcome {
        index,
        status: Status::Failed,
        files: Vec::new(),
        pages: 0,
        bytes: 0,
        duration,
        warnings: Vec::new(),
        errors: Vec::new(),
        failure: None,
        compiles: 0,
        condensed: Vec::new(),
    };
    match result.and_then(|r| store(job, r, options)) {
        Ok((rendered, status)) => {
            let misses = match options.ats {
                true => document::read_back(job, &rendered),
                false => Vec::new(),
            };
            outcome.status = status;
            if !misses.is_empty() {
                // Written, but not as an ATS would want it: the run fails.
                outcome.status = Status::Failed;
                outcome.failure = Some(Failure::Input);
                outcome.errors = misses;
            }
            outcome.pages = rendered.pages;
            outcome.bytes = rendered.files.iter().map(|(_, b)| b.len()).sum();
            outcome.files = rendered.files.into_iter().map(|(p, _)| p).collect();
            outcome.warnings = rendered.warnings;
            outcome.compiles = rendered.compiles;
            outcome.condensed = rendered.condensed;
        }
        Err(failed) => {
            outcome.failure = Some(match failed.cause {
                Cause::Input => Failure::Input,
                Cause::Internal => Failure::Internal,
            });
            let (warnings, errors): (Vec<_>, Vec<_>) =
                failed.diagnostics.into_iter().partition(|d| !d.is_error());
            outcome.warnings = warnings;
            outcome.errors = errors;
        }
    }
    outcome
}

/// The isolation test's way in: `VITAE_INJECT_PANIC=text` makes every job whose profile path
/// contains `text` panic, as a bug inside Typst or vitae would, so a test can check that the
/// rest of the batch is still written. Unset (always, outside tests), it does nothing.
fn inject_fault(job: &Job) {
    static NEEDLE: OnceLock<Option<String>> = OnceLock::new();
    let needle = NEEDLE.get_or_init(|| std::env::var("VITAE_INJECT_PANIC").ok());
    if let Some(needle) = needle.as_deref().filter(|n| !n.is_empty())
        && job.profile.to_string_lossy().contains(needle)
    {
        panic!("injected panic for {}", job.profile.display());
    }
}

/// Write the files, or with `--check` compare them with what is on disk.
fn store(
    job: &Job,
    rendered: Rendered,
    options: &RunOptions,
) -> Result<(Rendered, Status), Failed> {
    let stale = stale_pages(job, rendered.pages);
    if options.check {
        let same = stale.is_empty()
            && rendered
                .files
                .iter()
                .all(|(p, bytes)| std::fs::read(p).is_ok_and(|old| &old == bytes));
        let status = if same {
            Status::Unchanged
        } else {
            Status::WouldChange
        };
        return Ok((rendered, status));
    }
    let cannot = |what: &str, path: &Path, e: std::io::Error| {
        let d = Diagnostic::error(format!("cannot {what} `{}`: {e}", path.display()));
        Failed::input(vec![d.hint("check that the output folder is writable")])
    };
    for (path, bytes) in &rendered.files {
        output::write_atomic(path, bytes).map_err(|e| cannot("write", path, e))?;
    }
    for path in &stale {
        std::fs::remove_file(path).map_err(|e| cannot("remove the stale page", path, e))?;
    }
    Ok((rendered, Status::Written))
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::Arc;

    use crate::cli::args::Format;
    use crate::cli::jobs::test_job;
    use crate::render::Opened;

    fn job(profile: &str, output: &str) -> Job {
        test_job(profile, output, Format::Pdf)
    }

    #[test]
    fn longest_profiles_go_first_and_a_profile_keeps_its_jobs_together() {
        let loaded = |text: &str| {
            let loaded = crate::profile::load("p.yaml", text.as_bytes(), Default::default());
            Arc::new(Opened::of("p.yaml", loaded.unwrap()))
        };
        let short = loaded("basics:\n  name: A\n");
        let long = loaded("basics:\n  name: A much longer name\n  label: And a label\n");
        let mut jobs = Vec::new();
        for (name, profile) in [("s1", &short), ("l1", &long), ("l2", &long), ("s2", &short)] {
            let mut j = job("p.yaml", name);
            j.opened = Ok(profile.clone());
            jobs.push(j);
        }
        jobs.push(job("broken.yaml", "b"));
        let order: Vec<_> = schedule(&jobs)
            .into_iter()
            .map(|i| jobs[i].output.display().to_string())
            .collect();
        assert_eq!(order, ["l1", "l2", "s1", "s2", "b"]);
    }

    #[test]
    fn shards_cover_every_job_once() {
        let make = || {
            (0..10)
                .map(|i| job("p.yaml", &format!("out/{i}.pdf")))
                .collect::<Vec<_>>()
        };
        let mut all: Vec<PathBuf> = (1..=3)
            .flat_map(|k| shard(make(), k, 3))
            .map(|j| j.output)
            .collect();
        all.sort();
        let mut expected: Vec<PathBuf> = make().into_iter().map(|j| j.output).collect();
        expected.sort();
        assert_eq!(all, expected);
    }
}
