//! Command-line interface: arguments, the list of documents to make, and exit codes.
//!
//! Exit codes: 0 success, 1 a problem in the input (profile, file), 2 a usage error,
//! 3 an internal error (a bug in vitae: please report it).

/// `println!` that never panics (a closed stdout, as in `vitae check … | head -1`, is not an
/// error) and never lets a name or path with control characters act on the terminal.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = $crate::cli::report::escape(&format!($($arg)*));
        let _ = writeln!(std::io::stdout(), "{line}");
    }};
}

/// `eprintln!`, likewise.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = $crate::cli::report::escape(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{line}");
    }};
}

mod batch;
mod isolate;
mod outputs;
mod plan;
pub(crate) mod report;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{Cause, Diagnostic, Failed, did_you_mean};
use crate::engine::{self, TEMPLATES, Template};
use crate::output;
use crate::profile::{Color, Date, LoadOptions, Paper};
use crate::render::{self, Opened};
use crate::view::{self, Kind};
use report::Reporter;

const EXAMPLES: &str = "\
Examples:
  vitae build examples/                     render every profile in a folder
  vitae build me.yaml --kind summary        a one-page summary beside the résumé
  vitae build me.yaml -t modern --paper letter --accent '#0b7285'
  vitae build examples/ -t all -k all -j 2  every template, both kinds, two workers
  vitae build --plan vitae.yaml --check     a checked-in set; fail if a PDF would change
  vitae check me.yaml --strict              validate; unknown fields are errors
  vitae templates                           list the built-in templates

Exit codes: 0 ok, 1 input problems, 2 usage error, 3 internal error (a bug).";

#[derive(Parser, Debug)]
#[command(
    name = "vitae",
    version,
    about = "Compile a profile (JSON Resume in YAML or JSON) into print-ready PDF résumés",
    long_about = "Compile a profile (JSON Resume in YAML or JSON) into print-ready PDF résumés.\n\n\
                  Templates and fonts are built in; nothing is fetched from the network.\n\
                  The profile format is described in docs/profile.md.",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render profiles to PDF (output/<profile>-<template>.pdf)
    #[command(
        after_help = "Examples:\n  vitae build examples/\n  vitae build me.yaml -o dist --template modern --paper letter\n  \
                            vitae build me.yaml --kind all --max-pages 2\n  vitae build 'profiles/**/*.yaml' --template all --report report.json\n  \
                            vitae build --plan vitae.yaml --shard 1/4\n\n\
                            Options given here override the profile's `meta` (template, paper, accent) and a plan's entries."
    )]
    Build(BuildArgs),
    /// Validate profiles without rendering
    #[command(after_help = "Examples:\n  vitae check me.yaml\n  vitae check examples/ --strict")]
    Check(CheckArgs),
    /// List the built-in templates
    Templates,
    /// Print the JSON data a template receives for a profile (see docs/templates.md)
    Data(DataArgs),
    /// Work with templates
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Internal: render one document with a custom template in this child process (see
    /// src/cli/isolate.rs); reads the job on stdin, writes the result on stdout
    #[command(name = "__render", hide = true)]
    Render,
}

#[derive(Subcommand, Debug)]
enum TemplateCommand {
    /// Write a built-in template to a folder, as a starting point for your own
    #[command(
        after_help = "Example:\n  vitae template export classic my-template\n  vitae build me.yaml --template my-template\n\n\
                            The data a template receives is described in docs/templates.md."
    )]
    Export {
        /// Built-in template to copy
        name: String,
        /// Folder to write it to (created if missing)
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
struct Inputs {
    /// Profile files (.yaml, .yml, .json) or folders holding them
    #[arg(required = true, value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    /// Treat unknown fields as errors, not warnings
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// Profile files (.yaml, .yml, .json), folders holding them, or glob patterns
    #[arg(value_name = "PROFILE", required_unless_present = "plan")]
    profiles: Vec<PathBuf>,
    /// A build plan: a YAML file listing the documents to make (see docs/ci.md)
    #[arg(long, value_name = "FILE", conflicts_with = "profiles")]
    plan: Option<PathBuf>,
    /// Treat unknown fields as errors, not warnings
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    render: RenderArgs,
    /// Folder for the documents [default: output, or the plan's `output`]
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format: a PDF, or one PNG per page (<profile>-<template>-<page>.png)
    #[arg(short, long, value_enum)]
    format: Option<Format>,
    /// Resolution of PNG output, in pixels per inch
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    ppi: f32,
    /// Document kind: the full résumé, a one-page summary (<profile>-<template>-summary.pdf), or both
    #[arg(short, long, value_enum)]
    kind: Option<KindArg>,
    /// Fit the résumé into N pages, condensing as little as possible
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    max_pages: Option<u16>,
    /// Keep a near-empty last page instead of tightening the layout to drop it
    #[arg(long)]
    no_tighten: bool,
    /// Documents rendered at once [default: the number of cores]
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Render only shard K of N (e.g. 2/4): a stable part of the documents, for CI matrices
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Write nothing; fail if any document on disk would change
    #[arg(long)]
    check: bool,
    /// Write a JSON report of every document (inputs, outputs, pages, time, problems)
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Seconds one document may take with a custom template before it is stopped [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    time_limit: Option<std::time::Duration>,
    /// Print only problems
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Print one line per document with its timing, never a progress bar
    #[arg(short, long)]
    verbose: bool,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let parsed = s
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(format!(
            "`{s}` is not a shard; write K/N with 1 ≤ K ≤ N, e.g. 2/4"
        )),
    }
}

#[derive(Args, Debug)]
struct DataArgs {
    /// Profile file
    profile: PathBuf,
    #[command(flatten)]
    render: RenderArgs,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Also lay out this kind and report how it was fitted (what a summary leaves out)
    #[arg(short, long, value_enum)]
    kind: Option<KindArg>,
    /// Template for --kind [default: the profile's meta.template, or classic]
    #[arg(short, long, value_name = "NAME|DIR")]
    template: Option<String>,
    /// With --kind resume: the page limit to fit to
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    max_pages: Option<u16>,
    /// Seconds one document may take with a custom template before it is stopped [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    time_limit: Option<std::time::Duration>,
}

/// Rendering options shared by the commands that render.
#[derive(Args, Debug, Clone)]
struct RenderArgs {
    /// Template: a built-in name (see `vitae templates`), `all`, or a folder with a resume.typ
    /// [default: the profile's meta.template, or classic]
    #[arg(short, long, value_name = "NAME|DIR")]
    template: Option<String>,
    /// Paper size [default: the profile's meta.paper, or a4]
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,
    /// Accent colour as #rrggbb [default: the profile's meta.accent, or the template's]
    #[arg(long, value_name = "COLOR", value_parser = parse_color)]
    accent: Option<Color>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pdf,
    Png,
}

impl Format {
    fn parse(s: &str) -> Option<Format> {
        match s {
            "pdf" => Some(Format::Pdf),
            "png" => Some(Format::Png),
            _ => None,
        }
    }
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(std::time::Duration::from_secs_f64(v)),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 86400"
        )),
    }
}

fn parse_ppi(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (10.0..=1200.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a resolution between 10 and 1200")),
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum KindArg {
    Resume,
    Summary,
    All,
}

impl KindArg {
    fn kinds(self) -> &'static [Kind] {
        match self {
            KindArg::Resume => &[Kind::Resume],
            KindArg::Summary => &[Kind::Summary],
            KindArg::All => &[Kind::Resume, Kind::Summary],
        }
    }

    fn parse(s: &str) -> Option<KindArg> {
        match s {
            "resume" => Some(KindArg::Resume),
            "summary" => Some(KindArg::Summary),
            "all" => Some(KindArg::All),
            _ => None,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum PaperArg {
    A4,
    Letter,
}

impl PaperArg {
    fn paper(self) -> Paper {
        match self {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

fn parse_color(s: &str) -> Result<Color, String> {
    Color::parse(s)
        .ok_or_else(|| format!("`{s}` is not a colour; write it as #rrggbb, e.g. '#1f6feb'"))
}

/// Why a document could not be made, and so the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Failure {
    Input = 1,
    Usage = 2,
    Internal = 3,
}

/// Run vitae with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.use_stderr() {
                true => ExitCode::from(Failure::Usage as u8),
                false => ExitCode::SUCCESS,
            };
        }
    };
    crate::diag::install_panic_hook();
    let mut reporter = Reporter::stderr();
    // Any panic that escapes a stage (on the main thread too) is a printed internal error with
    // exit code 3, never Rust's own message and 101.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(cli.command, &mut reporter)
    }))
    .unwrap_or_else(|payload| {
        reporter.emit(&crate::diag::panic_diagnostic(&*payload));
        Err(Failure::Internal)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => ExitCode::from(f as u8),
    }
}

fn run(command: Command, reporter: &mut Reporter) -> Result<(), Failure> {
    inject_main_thread_fault();
    match command {
        Command::Build(args) => build(&args, reporter),
        Command::Check(args) => check(&args, reporter),
        Command::Templates => {
            let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
            for t in TEMPLATES {
                say!("{:width$}  {}", t.name, t.description());
            }
            Ok(())
        }
        Command::Data(args) => data(&args, reporter),
        Command::Template(TemplateCommand::Export { name, dir, force }) => {
            export(&name, &dir, force, reporter)
        }
        Command::Render => isolate::child(),
    }
}

/// The test suite's way to check the catch above: `VITAE_INJECT_PANIC=main` panics on the
/// main thread before any work. Unset (always, outside tests), it does nothing.
fn inject_main_thread_fault() {
    if std::env::var_os("VITAE_INJECT_PANIC").is_some_and(|v| v == "main") {
        panic!("injected panic on the main thread");
    }
}

fn data(args: &DataArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let opened = render::open(&args.profile, LoadOptions::default())
        .map_err(|failed| report_failed(failed, reporter))?;
    opened.loaded.warnings.iter().for_each(|d| reporter.emit(d));
    let options = render::Options {
        paper: args.render.paper.map(PaperArg::paper),
        accent: args.render.accent.clone(),
        ..render::Options::default()
    };
    let options = render::view_options(
        Kind::Resume,
        &options,
        &opened.loaded,
        opened.photo.as_ref(),
    );
    let view = view::build(&opened.loaded.profile, &options);
    let json = serde_json::to_string_pretty(&view).map_err(|e| {
        report_failed(
            Failed::internal(format!("cannot serialise the view: {e}")),
            reporter,
        )
    })?;
    say!("{json}");
    Ok(())
}

/// Print a failure's diagnostics; its exit code.
fn report_failed(failed: Failed, reporter: &mut Reporter) -> Failure {
    failed.diagnostics.iter().for_each(|d| reporter.emit(d));
    Failure::from(failed.cause)
}

impl From<Cause> for Failure {
    fn from(cause: Cause) -> Failure {
        match cause {
            Cause::Input => Failure::Input,
            Cause::Internal => Failure::Internal,
        }
    }
}

/// Everything `build` would read and decide before laying out — profile, photo, template —
/// so that a passing check means the build works; with `--kind`, also the layout.
fn check(args: &CheckArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let files = expand(&args.inputs.profiles, reporter)?;
    let options = LoadOptions {
        strict: args.inputs.strict,
    };
    let templates = match &args.template {
        Some(value) => Some(resolve_templates(value).map_err(|d| {
            reporter.emit(&d);
            Failure::Usage
        })?),
        None => None,
    };
    let engine = args.kind.map(|_| crate::engine::Engine::new());
    let run = batch::RunOptions {
        threads: 1,
        ppi: 72.0,
        quiet: true,
        verbose: false,
        check: true,
        report: None,
        time_limit: args.time_limit.unwrap_or(crate::limits::DEFAULT_TIME_LIMIT),
    };
    let mut failed = 0;
    let mut worst = Failure::Input;
    for path in &files {
        let opened = match render::open(path, options) {
            Ok(opened) => Arc::new(opened),
            Err(f) => {
                worst = worst.max(report_failed(f, reporter));
                failed += 1;
                continue;
            }
        };
        let loaded = &opened.loaded;
        loaded.warnings.iter().for_each(|w| reporter.emit(w));
        let spec = JobSpec {
            kinds: args.kind.unwrap_or(KindArg::Resume).kinds(),
            options: render::Options {
                max_pages: args.max_pages.map(usize::from),
                ..render::Options::default()
            },
            format: Format::Pdf,
            output_dir: Path::new(""),
            output_name: None,
            origin: None,
        };
        let jobs = spec.jobs(path, Ok(opened.clone()), templates.as_deref());
        let mut ok = true;
        for job in &jobs {
            if let Err(d) = &job.template {
                reporter.emit(d);
                ok = false;
                break;
            }
        }
        if ok {
            let name = &loaded.profile.basics.name;
            let n = loaded.warnings.len();
            match n {
                0 => say!("ok: {} ({name})", path.display()),
                _ => say!("ok: {} ({name}), {n} warning{}", path.display(), plural(n)),
            }
        }
        let Some(engine) = engine.as_ref().filter(|_| ok) else {
            failed += usize::from(!ok);
            continue;
        };
        for job in &jobs {
            let what = format!("{} with `{}`", job.kind.name(), job.template_name());
            let result = crate::diag::catch(|| match job.template {
                Ok(crate::engine::Template::Dir { .. }) => isolate::render(job, &run),
                _ => batch::render(job, engine, run.ppi),
            });
            match result {
                Ok(done) => {
                    let how = match done.condensed.is_empty() {
                        true => "nothing condensed".to_string(),
                        false => done.condensed.join(", "),
                    };
                    say!(
                        "  {what}: {} page{} in {} compile{}; {how}",
                        done.pages,
                        plural(done.pages),
                        done.compiles,
                        plural(done.compiles)
                    );
                }
                Err(f) => {
                    let f = Failed {
                        diagnostics: f
                            .diagnostics
                            .into_iter()
                            .filter(Diagnostic::is_error)
                            .collect(),
                        ..f
                    };
                    worst = worst.max(report_failed(f, reporter));
                    ok = false;
                }
            }
            engine.finished(1);
        }
        failed += usize::from(!ok);
    }
    finish(files.len(), failed, worst)
}

fn build(args: &BuildArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let date = source_date_epoch(reporter)?;
    let options = LoadOptions {
        strict: args.strict,
    };
    let render_options = render::Options {
        paper: args.render.paper.map(PaperArg::paper),
        accent: args.render.accent.clone(),
        max_pages: args.max_pages.map(usize::from),
        keep_last_page: args.no_tighten,
        date,
    };
    let mut jobs = match &args.plan {
        Some(plan) => plan::jobs(plan, args, &render_options, options, reporter)?,
        None => {
            let templates = match &args.render.template {
                Some(value) => Some(resolve_templates(value).map_err(|d| {
                    reporter.emit(&d);
                    Failure::Usage
                })?),
                None => None,
            };
            let files = expand(&args.profiles, reporter)?;
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from("output"));
            let spec = JobSpec {
                options: render_options,
                format: args.format.unwrap_or(Format::Pdf),
                kinds: args.kind.unwrap_or(KindArg::Resume).kinds(),
                output_dir: &output,
                output_name: None,
                origin: None,
            };
            let mut profiles = ProfileCache::new(options);
            let mut jobs = Vec::new();
            for path in &files {
                jobs.extend(spec.jobs(path, profiles.get(path), templates.as_deref()));
            }
            jobs
        }
    };
    outputs::disambiguate(&mut jobs);
    let inputs: Vec<&Path> = args.plan.iter().map(PathBuf::as_path).collect();
    let clashes = outputs::clashes(&jobs, &inputs, args.report.as_deref());
    if !clashes.is_empty() {
        clashes.iter().for_each(|d| reporter.emit(d));
        return Err(Failure::Input);
    }
    if let Some((k, n)) = args.shard {
        jobs = batch::shard(jobs, k, n);
    }
    let threads = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let run = batch::RunOptions {
        threads,
        ppi: args.ppi,
        quiet: args.quiet,
        verbose: args.verbose,
        check: args.check,
        report: args.report.clone(),
        time_limit: args.time_limit.unwrap_or(crate::limits::DEFAULT_TIME_LIMIT),
    };
    batch::run(&jobs, &run, reporter)
}

/// Profiles read once each, however many documents they make.
struct ProfileCache {
    options: LoadOptions,
    opened: HashMap<PathBuf, Result<Arc<Opened>, Failed>>,
}

impl ProfileCache {
    fn new(options: LoadOptions) -> Self {
        ProfileCache {
            options,
            opened: HashMap::new(),
        }
    }

    fn get(&mut self, path: &Path) -> Result<Arc<Opened>, Failed> {
        let options = self.options;
        self.opened
            .entry(path.to_path_buf())
            .or_insert_with(|| render::open(path, options).map(Arc::new))
            .clone()
    }
}

/// What a set of documents shares: options from flags or a plan entry.
struct JobSpec<'a> {
    options: render::Options,
    format: Format,
    kinds: &'static [Kind],
    output_dir: &'a Path,
    /// An explicit file name for the document (plans only).
    output_name: Option<&'a OsStr>,
    /// Where the plan asks for these documents (`plan.yaml:4:5`), and that place.
    origin: Option<(String, Arc<crate::diag::SourceFile>, std::ops::Range<usize>)>,
}

impl JobSpec<'_> {
    /// The documents for one profile: one per template, or the profile's own template.
    fn jobs(
        &self,
        path: &Path,
        opened: Result<Arc<Opened>, Failed>,
        templates: Option<&[Template]>,
    ) -> Vec<batch::Job> {
        let chosen: Vec<Result<Template, Diagnostic>> = match (templates, &opened) {
            (Some(ts), _) => ts.iter().cloned().map(Ok).collect(),
            (None, Ok(o)) => vec![match &o.loaded.profile.meta.template {
                Some(name) => resolve_templates(&name.value)
                    .map(|mut ts| ts.remove(0))
                    .map_err(|d| {
                        d.at(&o.loaded.source, name.span.clone())
                            .field("meta.template")
                    }),
                None => Ok(DEFAULT_TEMPLATE.clone()),
            }],
            (None, Err(_)) => vec![Ok(DEFAULT_TEMPLATE.clone())],
        };
        let extension = match self.format {
            Format::Pdf => "pdf",
            Format::Png => "png",
        };
        let mut jobs = Vec::new();
        for template in chosen {
            for &kind in self.kinds {
                let name = template.as_ref().map_or("error", Template::name);
                let name = match kind {
                    Kind::Resume => name.to_string(),
                    Kind::Summary => format!("{name}-summary"),
                };
                let output = match self.output_name {
                    Some(file) if self.kinds.len() == 1 => self.output_dir.join(file),
                    Some(file) => {
                        let mut name = Path::new(file)
                            .file_stem()
                            .unwrap_or_default()
                            .to_os_string();
                        if kind == Kind::Summary {
                            name.push("-summary");
                        }
                        name.push(format!(".{extension}"));
                        self.output_dir.join(name)
                    }
                    None => output::document_path(self.output_dir, path, &name, extension),
                };
                jobs.push(batch::Job {
                    profile: path.to_path_buf(),
                    opened: opened.clone(),
                    template: template.clone(),
                    kind,
                    options: self.options.clone(),
                    format: self.format,
                    output,
                    named: self.output_name.is_some(),
                    origin: self.origin.as_ref().map_or_else(
                        || format!("`{}`", path.display()),
                        |(text, ..)| text.clone(),
                    ),
                    origin_at: self
                        .origin
                        .as_ref()
                        .map(|(_, file, span)| (file.clone(), span.clone())),
                });
            }
        }
        jobs
    }
}

static DEFAULT_TEMPLATE: Template = Template::Builtin(&TEMPLATES[0]);

/// A built-in name, `all`, or a folder holding a `resume.typ`.
fn resolve_templates(value: &str) -> Result<Vec<Template>, Diagnostic> {
    if value == "all" {
        return Ok(TEMPLATES.iter().map(Template::Builtin).collect());
    }
    resolve_template(value).map(|t| vec![t])
}

fn resolve_template(value: &str) -> Result<Template, Diagnostic> {
    if let Some(b) = engine::assets::builtin(value) {
        return Ok(Template::Builtin(b));
    }
    let path = Path::new(value);
    if path.is_dir() || value.contains(['/', '\\']) {
        return Template::dir(path).map_err(|m| Diagnostic::error(m).hint("a template folder holds a `resume.typ`; `vitae template export classic DIR` writes one to start from"));
    }
    Err(unknown_template(value))
}

fn export(name: &str, dir: &Path, force: bool, reporter: &mut Reporter) -> Result<(), Failure> {
    let Some(builtin) = engine::assets::builtin(name) else {
        reporter.emit(&unknown_template(name));
        return Err(Failure::Usage);
    };
    let prefix = format!("/templates/{}/", builtin.name);
    let files: Vec<(PathBuf, &str)> = builtin
        .files
        .iter()
        .map(|(vpath, text)| {
            (
                dir.join(vpath.strip_prefix(&prefix).unwrap_or(vpath)),
                *text,
            )
        })
        .collect();
    if !force && let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        reporter.emit(
            &Diagnostic::error(format!("`{}` already exists", existing.display()))
                .hint("pass --force to overwrite it"),
        );
        return Err(Failure::Input);
    }
    for (path, text) in &files {
        if let Err(e) = output::write_atomic(path, text.as_bytes()) {
            reporter.emit(&Diagnostic::error(format!(
                "cannot write `{}`: {e}",
                path.display()
            )));
            return Err(Failure::Input);
        }
        say!("wrote {}", path.display());
    }
    say!(
        "build with it: vitae build PROFILE --template {}",
        dir.display()
    );
    Ok(())
}

fn unknown_template(name: &str) -> Diagnostic {
    let names = TEMPLATES.iter().map(|t| t.name);
    let d = Diagnostic::error(format!("unknown template `{name}`"));
    match did_you_mean(name, names.clone()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!(
            "templates: {}",
            names.collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Profiles named on the command line: files, folders (the profiles inside) and glob patterns.
fn expand(inputs: &[PathBuf], reporter: &mut Reporter) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    let mut fail = |d: Diagnostic| {
        reporter.emit(&d);
        Failure::Input
    };
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| {
                    fail(Diagnostic::error(format!(
                        "cannot read folder `{}`: {e}",
                        input.display()
                    )))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_profile_name(p))
                // `vitae build .` names `me.yaml`, not `./me.yaml`.
                .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(fail(
                    Diagnostic::error(format!("no profiles in `{}`", input.display()))
                        .hint("profiles end in .yaml, .yml or .json"),
                ));
            }
            files.extend(found);
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text)
                .map_err(|e| fail(Diagnostic::error(format!("bad pattern `{text}`: {e}"))))?;
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(fail(Diagnostic::error(format!("no files match `{text}`"))));
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn is_profile_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// The reproducible-builds date, if set.
fn source_date_epoch(reporter: &mut Reporter) -> Result<Option<Date>, Failure> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let value = value.to_string_lossy();
    let parsed = value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok());
    match parsed {
        Some(t) => Ok(Some(Date {
            year: t.year(),
            month: Some(t.month() as u8),
            day: Some(t.day()),
        })),
        None => {
            reporter.emit(
                &Diagnostic::error(format!(
                    "SOURCE_DATE_EPOCH is `{value}`, not a number of seconds"
                ))
                .hint(
                    "set it to a Unix timestamp, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
                ),
            );
            Err(Failure::Usage)
        }
    }
}

/// The closing line of `vitae check`, and its outcome.
fn finish(total: usize, failed: usize, worst: Failure) -> Result<(), Failure> {
    if total > 1 || failed > 0 {
        tell!("{total} profile{} checked, {failed} failed", plural(total));
    }
    if failed > 0 { Err(worst) } else { Ok(()) }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
