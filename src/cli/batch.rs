//! Many documents in one process: a plan of jobs (profiles × templates), rendered on worker
//! threads that share one [`Engine`], with progress, a JSON report, an up-to-date check and
//! sharding for CI matrices.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::{Failure, Format, Reporter, isolate, plural};
use crate::diag::{self, Cause, Diagnostic, Failed};
use crate::engine::{Engine, Template};
use crate::output;
use crate::render::{self, Opened};
use crate::view::Kind;

/// One document to make.
pub struct Job {
    pub profile: PathBuf,
    /// The profile and its photo, read once and shared by all its jobs; or why they could not be.
    pub opened: Result<Arc<Opened>, Failed>,
    pub template: Result<Template, Diagnostic>,
    pub kind: Kind,
    pub options: render::Options,
    pub format: Format,
    /// The PDF's path, or for PNG the path each page's number is added to.
    pub output: PathBuf,
    /// The output's name was given (a plan's `output:`), so it is never changed.
    pub named: bool,
    /// Where the job was asked for (`plan.yaml:4:5`, or the profile), for messages.
    pub origin: String,
    /// The plan entry that asks for it, to point at in messages.
    pub origin_at: Option<(Arc<crate::diag::SourceFile>, std::ops::Range<usize>)>,
}

impl Job {
    pub fn template_name(&self) -> &str {
        self.template.as_ref().map_or("?", Template::name)
    }
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Written,
    Unchanged,
    WouldChange,
    Failed,
}

struct Outcome {
    index: usize,
    status: Status,
    files: Vec<PathBuf>,
    pages: usize,
    bytes: usize,
    duration: Duration,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    failure: Option<Failure>,
    /// Typst compiles this document took (more than one when fitted to pages).
    compiles: usize,
    /// What fitting left out or tightened.
    condensed: Vec<String>,
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
    let started = Instant::now();
    let engine = Engine::new();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Outcome>();
    let threads = options.threads.clamp(1, jobs.len().max(1));
    let order = schedule(jobs);
    let progress = Progress::new(jobs.len(), options);
    let mut outcomes: Vec<Option<Outcome>> = (0..jobs.len()).map(|_| None).collect();

    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (engine, next, order) = (&engine, &next, &order);
            // Typst recurses deeply on large documents; give workers room.
            std::thread::Builder::new()
                .stack_size(32 << 20)
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
            progress.done(job, &outcome, options, reporter);
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
    } else if (!options.quiet && outcomes.len() > 1) || !failed.is_empty() {
        tell!(
            "{ok} document{} written, {} failed in {seconds:.2}s",
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
            Ok(Template::Dir { .. }) => isolate::render(job, options),
            _ => render(job, engine, options.ppi),
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
            outcome.status = status;
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

/// A document made in memory, ready to be written.
pub struct Rendered {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub compiles: usize,
    pub condensed: Vec<String>,
}

/// The request a job makes of the library.
fn request<'a>(job: &'a Job, opened: &'a Opened, template: &'a Template) -> render::Request<'a> {
    render::Request {
        profile: &opened.loaded,
        photo: opened.photo.as_ref(),
        template,
        kind: job.kind,
        options: &job.options,
    }
}

/// Lay out, then export to bytes, all in memory.
pub fn render(job: &Job, engine: &Engine, ppi: f32) -> Result<Rendered, Failed> {
    let opened = job.opened.as_ref().map_err(Clone::clone)?;
    let template = job.template.as_ref().map_err(|d| {
        let mut diags = opened.loaded.warnings.clone();
        diags.push(d.clone());
        Failed::input(diags)
    })?;
    let laid = render::lay_out(&request(job, opened, template), engine)?;
    let format = match job.format {
        Format::Pdf => render::Format::Pdf,
        Format::Png => render::Format::Png { ppi },
    };
    let bytes = render::export(&laid, template, engine, format)?;
    let files = match job.format {
        Format::Pdf => bytes.into_iter().map(|b| (job.output.clone(), b)).collect(),
        Format::Png => bytes
            .into_iter()
            .enumerate()
            .map(|(i, b)| (page_path(&job.output, i + 1), b))
            .collect(),
    };
    Ok(Rendered {
        files,
        pages: laid.document.pages().len(),
        warnings: laid.warnings,
        compiles: laid.compiles,
        condensed: laid.condensed,
    })
}

/// `out/me-classic.png` → `out/me-classic-2.png`.
pub fn page_path(base: &Path, page: usize) -> PathBuf {
    let mut name = base.file_stem().unwrap_or_default().to_os_string();
    name.push(format!("-{page}.png"));
    base.with_file_name(name)
}

/// Pages a PNG job wrote on an earlier run beyond the ones it writes now (`-3.png` when the
/// document shrank to two pages): stale, so removed, and with `--check` out of date.
fn stale_pages(job: &Job, pages: usize) -> Vec<PathBuf> {
    if job.format != Format::Png {
        return Vec::new();
    }
    (pages + 1..)
        .map(|n| page_path(&job.output, n))
        .take_while(|p| p.symlink_metadata().is_ok())
        .collect()
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

// -- progress -----------------------------------------------------------------------------------

/// A bar on a terminal; one line per document otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(total: usize, options: &RunOptions) -> Progress {
        let interactive =
            std::io::stderr().is_terminal() && !options.quiet && !options.verbose && total > 1;
        let bar = interactive.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Progress { bar }
    }

    fn done(&self, job: &Job, outcome: &Outcome, options: &RunOptions, reporter: &mut Reporter) {
        let emit = |reporter: &mut Reporter| {
            outcome
                .warnings
                .iter()
                .chain(&outcome.errors)
                .for_each(|d| reporter.emit(d));
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(|| emit(reporter));
                bar.set_message(super::report::escape(&job.profile.display().to_string()));
                bar.inc(1);
            }
            None => {
                emit(reporter);
                let shown = match outcome.files.as_slice() {
                    [one] => one.display().to_string(),
                    [first, .., last] => format!("{} … {}", first.display(), last.display()),
                    [] => String::new(),
                };
                let line = match outcome.status {
                    Status::Written => format!(
                        "wrote {shown} ({} page{})",
                        outcome.pages,
                        plural(outcome.pages)
                    ),
                    Status::Unchanged => format!("up to date: {shown}"),
                    Status::WouldChange => format!("would change: {shown}"),
                    Status::Failed => return,
                };
                if options.verbose {
                    say!(
                        "{line} in {:.1} ms [{}]",
                        outcome.duration.as_secs_f64() * 1e3,
                        job.template_name()
                    );
                } else if !options.quiet {
                    say!("{line}");
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

// -- report -------------------------------------------------------------------------------------

#[derive(Serialize)]
struct Report<'a> {
    vitae: &'static str,
    jobs: Vec<JobReport<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JobReport<'a> {
    profile: String,
    template: &'a str,
    kind: &'static str,
    paper: Option<&'static str>,
    format: &'static str,
    status: Status,
    outputs: Vec<String>,
    pages: usize,
    bytes: usize,
    duration_ms: f64,
    /// Typst compiles the document took: 1, or a few when fitted to pages.
    compiles: usize,
    /// What fitting left out or tightened.
    condensed: Vec<String>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    failed: usize,
    seconds: f64,
    /// Peak resident memory of the whole run (Linux), for benchmarks.
    peak_rss_bytes: Option<u64>,
    by_status: BTreeMap<&'static str, usize>,
}

impl<'a> Report<'a> {
    fn new(jobs: &'a [Job], outcomes: &[Outcome], seconds: f64) -> Report<'a> {
        let mut by_status = BTreeMap::new();
        for o in outcomes {
            let key = match o.status {
                Status::Written => "written",
                Status::Unchanged => "unchanged",
                Status::WouldChange => "would-change",
                Status::Failed => "failed",
            };
            *by_status.entry(key).or_insert(0) += 1;
        }
        Report {
            vitae: env!("CARGO_PKG_VERSION"),
            jobs: outcomes
                .iter()
                .map(|o| {
                    let job = &jobs[o.index];
                    JobReport {
                        profile: job.profile.display().to_string(),
                        template: job.template_name(),
                        kind: job.kind.name(),
                        paper: job.options.paper.map(|p| p.typst_name()),
                        format: match job.format {
                            Format::Pdf => "pdf",
                            Format::Png => "png",
                        },
                        status: o.status,
                        outputs: o.files.iter().map(|p| p.display().to_string()).collect(),
                        pages: o.pages,
                        bytes: o.bytes,
                        duration_ms: o.duration.as_secs_f64() * 1e3,
                        compiles: o.compiles,
                        condensed: o.condensed.clone(),
                        warnings: o.warnings.iter().map(|d| d.to_string()).collect(),
                        errors: o.errors.iter().map(|d| d.to_string()).collect(),
                    }
                })
                .collect(),
            summary: Summary {
                documents: outcomes.len(),
                failed: outcomes
                    .iter()
                    .filter(|o| o.status == Status::Failed)
                    .count(),
                seconds,
                peak_rss_bytes: peak_rss(),
                by_status,
            },
        }
    }
}

/// `VmHWM` from `/proc/self/status`, in bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(profile: &str, output: &str) -> Job {
        Job {
            profile: PathBuf::from(profile),
            opened: Err(Failed::input(Vec::new())),
            template: Err(Diagnostic::error("x")),
            kind: Kind::Resume,
            options: Default::default(),
            format: Format::Pdf,
            output: PathBuf::from(output),
            named: false,
            origin: String::new(),
            origin_at: None,
        }
    }

    #[test]
    fn longest_profiles_go_first_and_a_profile_keeps_its_jobs_together() {
        let loaded = |text: &str| {
            let loaded = crate::profile::load("p.yaml", text.as_bytes(), Default::default());
            Arc::new(Opened {
                path: PathBuf::from("p.yaml"),
                loaded: loaded.unwrap(),
                photo: None,
                options: Default::default(),
            })
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

    #[test]
    fn page_paths_number_pages() {
        assert_eq!(
            page_path(Path::new("o/me-classic.png"), 2),
            Path::new("o/me-classic-2.png")
        );
    }
}
