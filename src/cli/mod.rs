//! Command-line interface: arguments, the list of documents to make, and exit codes.
//!
//! Exit codes: 0 success, 1 a problem in the input (profile, file), 2 a usage error,
//! 3 an internal error (a bug in vitae: please report it).

mod batch;
mod plan;
mod report;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, did_you_mean};
use crate::engine::{self, TEMPLATES, Template};
use crate::output;
use crate::profile::{self, Color, Date, LoadOptions, Loaded, Paper};
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
    install_panic_hook();
    let mut reporter = Reporter::stderr();
    let result = match cli.command {
        Command::Build(args) => build(&args, &mut reporter),
        Command::Check(args) => check(&args, &mut reporter),
        Command::Templates => {
            let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
            for t in TEMPLATES {
                println!("{:width$}  {}", t.name, t.description());
            }
            Ok(())
        }
        Command::Data(args) => data(&args, &mut reporter),
        Command::Template(TemplateCommand::Export { name, dir, force }) => {
            export(&name, &dir, force, &mut reporter)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => ExitCode::from(f as u8),
    }
}

fn data(args: &DataArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let loaded = read_profile(&args.profile, LoadOptions::default()).map_err(|diags| {
        diags.iter().for_each(|d| reporter.emit(d));
        Failure::Input
    })?;
    loaded.warnings.iter().for_each(|d| reporter.emit(d));
    let photo = batch::photo(&args.profile, &loaded).map_err(|(failure, diags)| {
        diags.iter().for_each(|d| reporter.emit(d));
        failure
    })?;
    let paper = args.render.paper.map(PaperArg::paper);
    let options = batch::view_options(
        Kind::Resume,
        paper,
        args.render.accent.clone(),
        &loaded,
        photo.as_ref(),
    );
    let view = view::build(&loaded.profile, &options);
    println!(
        "{}",
        serde_json::to_string_pretty(&view).expect("the view serialises")
    );
    Ok(())
}

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
    let mut failed = 0;
    for path in &files {
        let loaded = match read_profile(path, options) {
            Ok(loaded) => Arc::new(loaded),
            Err(diags) => {
                diags.iter().for_each(|d| reporter.emit(d));
                failed += 1;
                continue;
            }
        };
        loaded.warnings.iter().for_each(|w| reporter.emit(w));
        let name = &loaded.profile.basics.name;
        let n = loaded.warnings.len();
        match n {
            0 => println!("ok: {} ({name})", path.display()),
            _ => println!("ok: {} ({name}), {n} warning{}", path.display(), plural(n)),
        }
        let (Some(kind), Some(engine)) = (args.kind, &engine) else {
            continue;
        };
        let spec = JobSpec {
            paper: None,
            accent: None,
            format: Format::Pdf,
            kinds: kind.kinds(),
            max_pages: args.max_pages.map(usize::from),
            tighten: true,
            output_dir: Path::new(""),
            output_name: None,
        };
        let mut ok = true;
        for job in spec.jobs(path, Ok(loaded.clone()), templates.as_deref()) {
            let what = format!(
                "{} with `{}`",
                job.kind.name(),
                job.template.as_ref().map_or("?", Template::name)
            );
            match batch::lay_out(&job, engine, None) {
                Ok(laid) => {
                    let pages = laid.document.pages().len();
                    let how = match laid.condensed.is_empty() {
                        true => "nothing condensed".to_string(),
                        false => laid.condensed.join(", "),
                    };
                    println!(
                        "  {what}: {pages} page{} in {} compile{}; {how}",
                        plural(pages),
                        laid.compiles,
                        plural(laid.compiles)
                    );
                }
                Err((_, diags)) => {
                    diags.iter().for_each(|d| reporter.emit(d));
                    ok = false;
                }
            }
            engine.finished(1);
        }
        failed += usize::from(!ok);
    }
    finish(files.len(), failed)
}

fn build(args: &BuildArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let date = source_date_epoch(reporter)?;
    let options = LoadOptions {
        strict: args.strict,
    };
    let mut jobs = match &args.plan {
        Some(plan) => plan::jobs(plan, args, options, reporter)?,
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
                paper: args.render.paper.map(PaperArg::paper),
                accent: args.render.accent.clone(),
                format: args.format.unwrap_or(Format::Pdf),
                kinds: args.kind.unwrap_or(KindArg::Resume).kinds(),
                max_pages: args.max_pages.map(usize::from),
                tighten: !args.no_tighten,
                output_dir: &output,
                output_name: None,
            };
            let mut profiles = ProfileCache::new(options);
            let mut jobs = Vec::new();
            for path in &files {
                jobs.extend(spec.jobs(path, profiles.get(path), templates.as_deref()));
            }
            jobs
        }
    };
    batch::disambiguate(&mut jobs);
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
        date,
        quiet: args.quiet,
        verbose: args.verbose,
        check: args.check,
        report: args.report.clone(),
    };
    batch::run(&jobs, &run, reporter)
}

/// Profiles read once each, however many documents they make.
struct ProfileCache {
    options: LoadOptions,
    loaded: HashMap<PathBuf, Result<Arc<Loaded>, Vec<Diagnostic>>>,
}

impl ProfileCache {
    fn new(options: LoadOptions) -> Self {
        ProfileCache {
            options,
            loaded: HashMap::new(),
        }
    }

    fn get(&mut self, path: &Path) -> Result<Arc<Loaded>, Vec<Diagnostic>> {
        let options = self.options;
        self.loaded
            .entry(path.to_path_buf())
            .or_insert_with(|| read_profile(path, options).map(Arc::new))
            .clone()
    }
}

/// What a set of documents shares: options from flags or a plan entry.
struct JobSpec<'a> {
    paper: Option<Paper>,
    accent: Option<Color>,
    format: Format,
    kinds: &'static [Kind],
    max_pages: Option<usize>,
    tighten: bool,
    output_dir: &'a Path,
    /// An explicit file name for the document (plans only).
    output_name: Option<&'a str>,
}

impl JobSpec<'_> {
    /// The documents for one profile: one per template, or the profile's own template.
    fn jobs(
        &self,
        path: &Path,
        loaded: Result<Arc<Loaded>, Vec<Diagnostic>>,
        templates: Option<&[Template]>,
    ) -> Vec<batch::Job> {
        let chosen: Vec<Result<Template, Diagnostic>> = match (templates, &loaded) {
            (Some(ts), _) => ts.iter().cloned().map(Ok).collect(),
            (None, Ok(l)) => vec![match &l.profile.meta.template {
                Some(name) => resolve_templates(&name.value)
                    .map(|mut ts| ts.remove(0))
                    .map_err(|d| d.at(&l.source, name.span.clone()).field("meta.template")),
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
                        let file = Path::new(file);
                        let stem = file
                            .file_stem()
                            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                        let suffix = if kind == Kind::Summary {
                            "-summary"
                        } else {
                            ""
                        };
                        self.output_dir.join(format!("{stem}{suffix}.{extension}"))
                    }
                    None => output::document_path(self.output_dir, path, &name, extension),
                };
                jobs.push(batch::Job {
                    profile: path.to_path_buf(),
                    loaded: loaded.clone(),
                    template: template.clone(),
                    paper: self.paper,
                    accent: self.accent.clone(),
                    format: self.format,
                    kind,
                    max_pages: self.max_pages,
                    tighten: self.tighten,
                    output,
                });
            }
        }
        jobs
    }
}

/// Why a document failed, with what to tell the user.
type JobError = (Failure, Vec<Diagnostic>);

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

/// Typst's errors: the user's to fix in their own template, ours in a built-in one.
fn typst_failure(template: &Template, problems: Vec<engine::TypstProblem>) -> JobError {
    let name = template.name();
    let builtin = matches!(template, Template::Builtin(_));
    let diags = problems
        .iter()
        .map(|p| {
            let d = Diagnostic::error(format!("template `{name}` failed: {p}"));
            match builtin {
                true => d.hint("this is a bug in vitae, not in your profile; please report it with the profile attached"),
                false => d,
            }
        })
        .collect();
    (
        if builtin {
            Failure::Internal
        } else {
            Failure::Input
        },
        diags,
    )
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
        println!("wrote {}", path.display());
    }
    println!(
        "build with it: vitae build PROFILE --template {}",
        dir.display()
    );
    Ok(())
}

fn internal(message: String) -> JobError {
    (
        Failure::Internal,
        vec![Diagnostic::error(message).hint("this is a bug in vitae; please report it")],
    )
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

fn read_profile(path: &Path, options: LoadOptions) -> Result<Loaded, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ))]
    })?;
    profile::load(&path.display().to_string(), &bytes, options)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
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
fn finish(total: usize, failed: usize) -> Result<(), Failure> {
    if total > 1 || failed > 0 {
        let ok = total.saturating_sub(failed);
        eprintln!("{ok} profile{} checked, {failed} failed", plural(ok));
    }
    if failed > 0 {
        Err(Failure::Input)
    } else {
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

std::thread_local! {
    static PANIC_MESSAGE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics become "internal error" diagnostics instead of a Rust backtrace on the terminal.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = match (
            info.payload().downcast_ref::<&str>(),
            info.payload().downcast_ref::<String>(),
        ) {
            (Some(s), _) => s.to_string(),
            (_, Some(s)) => s.clone(),
            _ => "unknown panic".into(),
        };
        PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{message}{location}")));
    }));
}

fn panic_diagnostic(_payload: Box<dyn std::any::Any + Send>) -> Diagnostic {
    let message = PANIC_MESSAGE
        .with(|m| m.borrow_mut().take())
        .unwrap_or_else(|| "unknown panic".into());
    Diagnostic::error(format!("internal error: {message}"))
        .hint("this is a bug in vitae; please report it with the profile that caused it")
}
