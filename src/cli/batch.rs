//! Many documents in one process: a plan of jobs (profiles × templates), rendered on worker
//! threads that share one [`Engine`], with progress, a JSON report, an up-to-date check and
//! sharding for CI matrices.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;
use typst::foundations::Bytes;

use super::{Failure, Format, JobError, Reporter, internal, plural, typst_failure};
use crate::diag::Diagnostic;
use crate::engine::{self, Engine, Photo, Template};
use crate::fit::{self, FitError};
use crate::output;
use crate::profile::{Color, Date, Loaded, Paper};
use crate::view::{self, Condense, Kind, ViewOptions};

/// One document to make.
pub struct Job {
    pub profile: PathBuf,
    /// The profile, read once and shared by all its jobs; or why it could not be read.
    pub loaded: Result<Arc<Loaded>, Vec<Diagnostic>>,
    pub template: Result<Template, Diagnostic>,
    pub paper: Option<Paper>,
    pub accent: Option<Color>,
    pub format: Format,
    pub kind: Kind,
    /// Fit a résumé into this many pages (summaries always take one).
    pub max_pages: Option<usize>,
    /// Tighten a résumé whose last page would hold only a few lines.
    pub tighten: bool,
    /// The PDF's path, or for PNG the path each page's number is added to.
    pub output: PathBuf,
}

impl Job {
    fn template_name(&self) -> &str {
        self.template.as_ref().map_or("?", Template::name)
    }
}

/// How to run a plan.
pub struct RunOptions {
    pub threads: usize,
    pub ppi: f32,
    pub date: Option<Date>,
    pub quiet: bool,
    pub verbose: bool,
    /// Compare with the files on disk instead of writing.
    pub check: bool,
    pub report: Option<PathBuf>,
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

/// Give every job a distinct output path: where two would share one, both take their
/// profile's folder into the name (`team-a-me-classic.pdf`).
pub fn disambiguate(jobs: &mut [Job]) {
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for job in jobs.iter() {
        *seen.entry(job.output.clone()).or_default() += 1;
    }
    for job in jobs.iter_mut() {
        if seen[&job.output] > 1 {
            let parent: Vec<String> = job
                .profile
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            if let Some(name) = job.output.file_name() {
                let prefixed = format!("{}-{}", parent.join("-"), name.to_string_lossy());
                job.output.set_file_name(prefixed.trim_start_matches('-'));
            }
        }
    }
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
    let length = |job: &Job| job.loaded.as_ref().map_or(0, |l| l.source.text.len());
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
        eprintln!("failed: {}", names.join(", "));
    }
    let ok = outcomes.len() - failed.len();
    if options.check {
        for o in &changed {
            eprintln!(
                "out of date: {}",
                o.files
                    .first()
                    .map_or(String::new(), |p| p.display().to_string())
            );
        }
        if !options.quiet || !changed.is_empty() || !failed.is_empty() {
            eprintln!(
                "{} document{} up to date, {} out of date, {} failed in {seconds:.2}s",
                ok - changed.len(),
                plural(ok - changed.len()),
                changed.len(),
                failed.len()
            );
        }
    } else if (!options.quiet && outcomes.len() > 1) || !failed.is_empty() {
        eprintln!(
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
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inject_fault(job);
        render(job, engine, options)
    }))
    .unwrap_or_else(|payload| Err((Failure::Internal, vec![super::panic_diagnostic(payload)])));
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
    match result.and_then(|r| store(r, options)) {
        Ok((rendered, status)) => {
            outcome.status = status;
            outcome.pages = rendered.pages;
            outcome.bytes = rendered.files.iter().map(|(_, b)| b.len()).sum();
            outcome.files = rendered.files.into_iter().map(|(p, _)| p).collect();
            outcome.warnings = rendered.warnings;
            outcome.compiles = rendered.compiles;
            outcome.condensed = rendered.condensed;
        }
        Err((failure, errors)) => {
            outcome.failure = Some(failure);
            let (warnings, errors): (Vec<_>, Vec<_>) =
                errors.into_iter().partition(|d| !d.is_error());
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

struct Rendered {
    files: Vec<(PathBuf, Vec<u8>)>,
    pages: usize,
    warnings: Vec<Diagnostic>,
    compiles: usize,
    condensed: Vec<String>,
}

/// Retry a condensed document at a roomier type size only when it is predicted to fill at
/// most this much of its pages (a miss costs a compile for nothing).
const ROOMY_MARGIN: f64 = 0.96;

/// A document compiled while fitting, with what condensing it left out.
type Draft = (engine::Compiled, Vec<String>);

/// One ladder step made ready for the template.
struct Prepared {
    data: Bytes,
    notes: Vec<String>,
    /// Predicted room it takes (only ratios between steps mean anything).
    size: f64,
}

/// A document laid out, with how it was fitted.
pub struct Laid {
    pub document: typst_layout::PagedDocument,
    /// The document's date (`SOURCE_DATE_EPOCH`, else the profile's `meta.lastModified`).
    pub date: Option<Date>,
    /// The profile's warnings and the template's.
    pub warnings: Vec<Diagnostic>,
    pub condensed: Vec<String>,
    pub compiles: usize,
}

/// Profile → view → Typst, fitting summaries to one page and résumés to `max_pages`.
pub fn lay_out(job: &Job, engine: &Engine, date: Option<Date>) -> Result<Laid, JobError> {
    let loaded = job
        .loaded
        .as_ref()
        .map_err(|d| (Failure::Input, d.clone()))?;
    let template = job.template.as_ref().map_err(|d| {
        let mut diags = loaded.warnings.clone();
        diags.push(d.clone());
        (Failure::Input, diags)
    })?;
    let photo = photo(&job.profile, loaded)?;
    let meta = &loaded.profile.meta;
    let base = view_options(
        job.kind,
        job.paper,
        job.accent.clone(),
        loaded,
        photo.as_ref(),
    );
    let date = date.or(meta.last_modified);
    // A step's data for the template, and its predicted size: the serialised view's length
    // (a fair proxy for the text's height) at the step's type and spacing.
    let prepare = |condense: &Condense| -> Result<Prepared, JobError> {
        let (view, notes) = view::document(&loaded.profile, &base, condense);
        let data = serde_json::to_vec(&view)
            .map_err(|e| internal(format!("cannot serialise the view: {e}")))?;
        Ok(Prepared {
            size: condense.layout_size() * data.len() as f64,
            data: Bytes::new(data),
            notes,
        })
    };
    let full_page = OnceCell::new();
    let compile = |prepared: &Prepared| -> Result<fit::Trial<Draft>, JobError> {
        let input = engine::Input {
            template,
            data: prepared.data.clone(),
            photo: photo.as_ref(),
            date,
        };
        let compiled = engine
            .compile(&input)
            .map_err(|problems| typst_failure(template, problems))?;
        let pages = compiled.document.pages().len();
        // The text's height, in pages: page 1 of the first overflowing compile is the measure
        // of a full page (its margins and header are the template's, not ours to guess).
        let extents = Engine::page_extents(&compiled.document);
        let text: f64 = extents.iter().map(|(top, bottom)| bottom - top).sum();
        let full = match (pages > 1, extents.first()) {
            (true, Some(&(top, bottom))) => *full_page.get_or_init(|| bottom - top),
            _ => full_page.get().copied().unwrap_or(0.86),
        };
        Ok(fit::Trial {
            pages,
            length: text / full.max(0.1),
            document: (compiled, prepared.notes.clone()),
        })
    };
    // Search `steps` for the richest that fits `max` pages, preparing each step's data once.
    let fit = |steps: &[Condense], max: usize| {
        let prepared: Vec<OnceCell<Result<Prepared, JobError>>> =
            steps.iter().map(|_| OnceCell::new()).collect();
        let get = |i: usize| prepared[i].get_or_init(|| prepare(&steps[i]));
        fit::search(
            steps.len(),
            max,
            |i| get(i).as_ref().map_or(1.0, |p| p.size),
            |i| compile(get(i).as_ref().map_err(Clone::clone)?),
        )
    };
    let target = match job.kind {
        Kind::Summary => Some(1),
        Kind::Resume => job.max_pages,
    };
    let ladder = view::ladder();
    let (compiled, condensed, compiles) = match target {
        Some(max) => match fit(&ladder, max) {
            Ok(f) => {
                // Content was dropped to fit: give what remains the roomiest type and spacing
                // it is predicted to fit at, rather than leaving the page tight and half empty.
                let step = &ladder[f.step];
                let roomier = view::tightening()
                    .iter()
                    .map(|layout| step.with_layout_of(layout))
                    .take_while(|c| c != step)
                    .find(|c| {
                        let predicted = f.length * c.layout_size() / step.layout_size();
                        predicted <= max as f64 * ROOMY_MARGIN
                    });
                let (compiled, notes) = f.document;
                match roomier.filter(|_| step.drops_content()) {
                    Some(c) => match compile(&prepare(&c)?)? {
                        t if t.pages <= max => (t.document.0, t.document.1, f.compiles + 1),
                        _ => (compiled, notes, f.compiles + 1),
                    },
                    None => (compiled, notes, f.compiles),
                }
            }
            Err(FitError::TooLong { pages, .. }) => {
                let what = match job.kind {
                    Kind::Summary => "a one-page summary".to_string(),
                    Kind::Resume => format!("{max} page{}", plural(max)),
                };
                let d = Diagnostic::error(format!(
                    "`{}` does not fit {what} with `{}`, even condensed as far as vitae goes ({pages} pages)",
                    job.profile.display(),
                    template.name()
                ))
                .hint("shorten the longest texts (summary, the first role's highlights, skills), or mark items `inSummary: false`");
                return Err((Failure::Input, vec![d]));
            }
            Err(FitError::Failed(e)) => return Err(e),
        },
        None => {
            let first = compile(&prepare(&ladder[0])?)?;
            let pages = first.pages;
            let last = Engine::page_extents(&first.document.0.document).pop();
            let tighten = job.tighten && pages > 1 && last.is_some_and(|(_, bottom)| bottom < 0.2);
            let (compiled, notes) = first.document;
            let mut result = (compiled, notes, 1);
            if tighten {
                // Drop a near-empty last page by tightening layout only, never content. (Its
                // first step is the compile above again, which Typst's memo answers at once.)
                match fit(&view::tightening(), pages - 1) {
                    Ok(f) => result = (f.document.0, f.document.1, 1 + f.compiles),
                    Err(FitError::TooLong { compiles, .. }) => result.2 += compiles,
                    Err(FitError::Failed(e)) => return Err(e),
                }
            }
            result
        }
    };
    let mut warnings = loaded.warnings.clone();
    warnings.extend(compiled.warnings.iter().map(|p| {
        let d = Diagnostic::warning(format!("template `{}`: {p}", template.name()));
        match template {
            Template::Builtin(_) => {
                d.hint("this is a bug in the built-in template; please report it")
            }
            Template::Dir { .. } => d,
        }
    }));
    Ok(Laid {
        document: compiled.document,
        date,
        warnings,
        condensed,
        compiles,
    })
}

/// Flags (or a plan's entry) first, then the profile's `meta`, then defaults.
pub fn view_options(
    kind: Kind,
    paper: Option<Paper>,
    accent: Option<Color>,
    loaded: &Loaded,
    photo: Option<&Photo>,
) -> ViewOptions {
    let meta = &loaded.profile.meta;
    ViewOptions {
        kind,
        paper: paper.or(meta.paper).unwrap_or_default(),
        accent: accent.or_else(|| meta.accent.clone()),
        photo: photo.map(|p| p.path.to_string()),
        ..ViewOptions::default()
    }
}

/// Lay out, then export to bytes, all in memory.
fn render(job: &Job, engine: &Engine, options: &RunOptions) -> Result<Rendered, JobError> {
    let laid = lay_out(job, engine, options.date)?;
    let template = job.template.as_ref().expect("laid out");
    let date = laid.date;
    let document = &laid.document;
    let pages = document.pages().len();
    let files = match job.format {
        Format::Pdf => {
            let pdf = engine
                .pdf(document, date)
                .map_err(|problems| typst_failure(template, problems))?;
            vec![(job.output.clone(), pdf)]
        }
        Format::Png => (0..pages)
            .map(|i| {
                let png = engine
                    .png(document, i, options.ppi)
                    .map_err(|e| internal(format!("cannot render page {}: {e}", i + 1)))?;
                Ok((page_path(&job.output, i + 1), png))
            })
            .collect::<Result<_, JobError>>()?,
    };
    Ok(Rendered {
        files,
        pages,
        warnings: laid.warnings,
        compiles: laid.compiles,
        condensed: laid.condensed,
    })
}

/// `out/me-classic.png` → `out/me-classic-2.png`.
fn page_path(base: &Path, page: usize) -> PathBuf {
    let stem = base
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    base.with_file_name(format!("{stem}-{page}.png"))
}

/// Write the files, or with `--check` compare them with what is on disk.
fn store(rendered: Rendered, options: &RunOptions) -> Result<(Rendered, Status), JobError> {
    if options.check {
        let same = rendered
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
    for (path, bytes) in &rendered.files {
        output::write_atomic(path, bytes).map_err(|e| {
            let d = Diagnostic::error(format!("cannot write `{}`: {e}", path.display()));
            (
                Failure::Input,
                vec![d.hint("check that the output folder is writable")],
            )
        })?;
    }
    Ok((rendered, Status::Written))
}

/// The profile's `basics.image`, read from disk relative to the profile. No network.
pub fn photo(profile: &Path, loaded: &Loaded) -> Result<Option<Photo>, JobError> {
    let Some(image) = &loaded.profile.basics.image else {
        return Ok(None);
    };
    let at = |d: Diagnostic| {
        (
            Failure::Input,
            vec![
                d.at(&loaded.source, image.span.clone())
                    .field("basics.image"),
            ],
        )
    };
    let value = image.value.as_str();
    if value.contains("://") {
        return Err(at(Diagnostic::error("the photo must be a local file, not a URL")
            .hint("vitae never downloads anything: save the image beside the profile and write its file name")));
    }
    let path = profile.parent().unwrap_or(Path::new("")).join(value);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let Some(vpath) = Photo::path_for(ext) else {
        return Err(at(Diagnostic::error(format!(
            "`{value}` is not a PNG, JPEG or SVG image"
        ))
        .hint("convert the photo to PNG or JPEG")));
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        at(Diagnostic::error(format!(
            "cannot read the photo `{}`: {}",
            path.display(),
            super::io_reason(&e)
        ))
        .hint("the path is relative to the profile file"))
    })?;
    Ok(Some(Photo { path: vpath, bytes }))
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
                bar.set_message(job.profile.display().to_string());
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
                    println!(
                        "{line} in {:.1} ms [{}]",
                        outcome.duration.as_secs_f64() * 1e3,
                        job.template_name()
                    );
                } else if !options.quiet {
                    println!("{line}");
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
                        paper: job.paper.map(|p| p.typst_name()),
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
            loaded: Err(Vec::new()),
            template: Err(Diagnostic::error("x")),
            paper: None,
            accent: None,
            format: Format::Pdf,
            kind: Kind::Resume,
            max_pages: None,
            tighten: true,
            output: PathBuf::from(output),
        }
    }

    #[test]
    fn colliding_names_take_their_folder() {
        let mut jobs = vec![
            job("a/me.yaml", "out/me-classic.pdf"),
            job("b/c/me.yaml", "out/me-classic.pdf"),
            job("x.yaml", "out/x-classic.pdf"),
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
    }

    #[test]
    fn longest_profiles_go_first_and_a_profile_keeps_its_jobs_together() {
        let loaded = |text: &str| {
            crate::profile::load("p.yaml", text.as_bytes(), Default::default())
                .map(Arc::new)
                .unwrap()
        };
        let short = loaded("basics:\n  name: A\n");
        let long = loaded("basics:\n  name: A much longer name\n  label: And a label\n");
        let mut jobs = Vec::new();
        for (name, profile) in [("s1", &short), ("l1", &long), ("l2", &long), ("s2", &short)] {
            let mut j = job("p.yaml", name);
            j.loaded = Ok(profile.clone());
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
