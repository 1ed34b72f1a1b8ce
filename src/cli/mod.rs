//! Command-line interface: arguments, the list of documents to make, and exit codes.
//!
//! Exit codes: 0 success, 1 a problem in the input (profile, file), 2 a usage error,
//! 3 an internal error (a bug in vitae: please report it).

mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, did_you_mean};
use crate::engine::{self, Engine, Photo, TEMPLATES, Template};
use crate::output;
use crate::profile::{self, Color, Date, LoadOptions, Loaded, Paper};
use crate::view::{self, ViewOptions};
use report::Reporter;

const EXAMPLES: &str = "\
Examples:
  vitae build examples/                     render every profile in a folder
  vitae build me.yaml --paper letter        US Letter instead of A4
  vitae build me.yaml --accent '#0b7285'    another accent colour
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
        after_help = "Examples:\n  vitae build examples/\n  vitae build me.yaml -o dist --template classic --paper letter\n\n\
                            Options given here override the profile's `meta` (template, paper, accent)."
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
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    render: RenderArgs,
    /// Folder for the documents
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "output"
    )]
    output: PathBuf,
    /// Output format: a PDF, or one PNG per page (<profile>-<template>-<page>.png)
    #[arg(short, long, value_enum, default_value = "pdf")]
    format: Format,
    /// Resolution of PNG output, in pixels per inch
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    ppi: f32,
    /// Print only problems
    #[arg(short, long)]
    quiet: bool,
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
}

/// Rendering options shared by the commands that render.
#[derive(Args, Debug, Clone)]
struct RenderArgs {
    /// Template: a built-in name (see `vitae templates`) or a folder with a resume.typ
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

fn parse_ppi(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (10.0..=1200.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a resolution between 10 and 1200")),
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum PaperArg {
    A4,
    Letter,
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
                println!("{:width$}  {}", t.name, t.description);
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
    let view = view::build(&loaded.profile, &view_options(&args.render, &loaded, None));
    println!(
        "{}",
        serde_json::to_string_pretty(&view).expect("the view serialises")
    );
    Ok(())
}

/// Flags first, then the profile's `meta`, then defaults.
fn view_options(render: &RenderArgs, loaded: &Loaded, photo: Option<&Photo>) -> ViewOptions {
    let meta = &loaded.profile.meta;
    let paper = match render.paper {
        Some(PaperArg::A4) => Paper::A4,
        Some(PaperArg::Letter) => Paper::Letter,
        None => meta.paper.unwrap_or_default(),
    };
    ViewOptions {
        paper,
        accent: render.accent.clone().or_else(|| meta.accent.clone()),
        photo: photo.map(|p| p.path.to_string()),
        ..ViewOptions::default()
    }
}

fn check(args: &CheckArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let files = expand(&args.inputs.profiles, reporter)?;
    let options = LoadOptions {
        strict: args.inputs.strict,
    };
    let mut failed = 0;
    for path in &files {
        match read_profile(path, options) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    reporter.emit(w);
                }
                let name = &loaded.profile.basics.name;
                let n = loaded.warnings.len();
                match n {
                    0 => println!("ok: {} ({name})", path.display()),
                    _ => println!("ok: {} ({name}), {n} warning{}", path.display(), plural(n)),
                }
            }
            Err(diags) => {
                diags.iter().for_each(|d| reporter.emit(d));
                failed += 1;
            }
        }
    }
    finish(files.len(), failed, "checked", None)
}

fn build(args: &BuildArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let template = match &args.render.template {
        Some(name) => Some(resolve_template(name).map_err(|d| {
            reporter.emit(&d);
            Failure::Usage
        })?),
        None => None,
    };
    let files = expand(&args.inputs.profiles, reporter)?;
    let started = Instant::now();
    let engine = Engine::new();
    let options = LoadOptions {
        strict: args.inputs.strict,
    };
    let date = source_date_epoch(reporter)?;
    let mut worst: Option<Failure> = None;
    let mut failed = Vec::new();
    for path in &files {
        let job = Job {
            path,
            template: template.as_ref(),
            render: &args.render,
            format: args.format,
            ppi: args.ppi,
            output: &args.output,
            date,
            engine: &engine,
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run(options)))
            .unwrap_or_else(|payload| Err((Failure::Internal, vec![panic_diagnostic(payload)])));
        match outcome {
            Ok(done) => {
                done.warnings.iter().for_each(|d| reporter.emit(d));
                if !args.quiet {
                    let shown = match done.paths.as_slice() {
                        [one] => one.display().to_string(),
                        [first, .., last] => format!("{} … {}", first.display(), last.display()),
                        [] => String::new(),
                    };
                    println!("wrote {shown} ({} page{})", done.pages, plural(done.pages));
                }
            }
            Err((failure, diags)) => {
                diags.iter().for_each(|d| reporter.emit(d));
                worst = worst.max(Some(failure));
                failed.push(path.display().to_string());
            }
        }
        engine.evict();
    }
    if !failed.is_empty() {
        eprintln!("failed: {}", failed.join(", "));
    }
    let seconds = started.elapsed().as_secs_f64();
    match finish(
        files.len(),
        failed.len(),
        "written",
        (!args.quiet).then_some(seconds),
    ) {
        Ok(()) => Ok(()),
        Err(_) => Err(worst.unwrap_or(Failure::Input)),
    }
}

/// One profile → one PDF.
struct Job<'a> {
    path: &'a Path,
    /// The template chosen on the command line, if any.
    template: Option<&'a Template>,
    render: &'a RenderArgs,
    format: Format,
    ppi: f32,
    output: &'a Path,
    date: Option<Date>,
    engine: &'a Engine,
}

struct Done {
    paths: Vec<PathBuf>,
    pages: usize,
    warnings: Vec<Diagnostic>,
}

type JobError = (Failure, Vec<Diagnostic>);

impl Job<'_> {
    fn run(&self, options: LoadOptions) -> Result<Done, JobError> {
        let loaded = read_profile(self.path, options).map_err(|d| (Failure::Input, d))?;
        let meta = &loaded.profile.meta;
        let from_meta;
        let template = match (self.template, &meta.template) {
            (Some(t), _) => t,
            (None, Some(name)) => {
                from_meta = engine::assets::builtin(&name.value)
                    .map(Template::Builtin)
                    .ok_or_else(|| {
                        let d = unknown_template(&name.value)
                            .at(&loaded.source, name.span.clone())
                            .field("meta.template");
                        (Failure::Input, vec![d])
                    })?;
                &from_meta
            }
            (None, None) => &DEFAULT_TEMPLATE,
        };
        let photo = self.photo(&loaded)?;
        let view_options = view_options(self.render, &loaded, photo.as_ref());
        let view = view::build(&loaded.profile, &view_options);
        let data = serde_json::to_vec(&view)
            .map_err(|e| internal(format!("cannot serialise the view: {e}")))?;
        let date = self.date.or(meta.last_modified);
        let input = engine::Input {
            template,
            data,
            photo: photo.as_ref(),
            date,
        };
        let compiled = self
            .engine
            .compile(&input)
            .map_err(|problems| typst_failure(template, problems))?;
        let mut warnings = loaded.warnings;
        warnings.extend(compiled.warnings.iter().map(|p| {
            let d = Diagnostic::warning(format!("template `{}`: {p}", template.name()));
            match template {
                Template::Builtin(_) => {
                    d.hint("this is a bug in the built-in template; please report it")
                }
                Template::Dir { .. } => d,
            }
        }));
        let pages = compiled.document.pages().len();
        let name = template.name();
        let files: Vec<(PathBuf, Vec<u8>)> = match self.format {
            Format::Pdf => {
                let pdf = self
                    .engine
                    .pdf(&compiled.document, date)
                    .map_err(|problems| typst_failure(template, problems))?;
                vec![(
                    output::document_path(self.output, self.path, name, "pdf"),
                    pdf,
                )]
            }
            Format::Png => (0..pages)
                .map(|i| {
                    let png = self
                        .engine
                        .png(&compiled.document, i, self.ppi)
                        .map_err(|e| internal(format!("cannot render page {}: {e}", i + 1)))?;
                    let path = output::document_path(
                        self.output,
                        self.path,
                        &format!("{name}-{}", i + 1),
                        "png",
                    );
                    Ok((path, png))
                })
                .collect::<Result<_, JobError>>()?,
        };
        for (path, bytes) in &files {
            output::write_atomic(path, bytes).map_err(|e| {
                let d = Diagnostic::error(format!("cannot write `{}`: {e}", path.display()));
                (
                    Failure::Input,
                    vec![d.hint("check that the output folder is writable")],
                )
            })?;
        }
        Ok(Done {
            paths: files.into_iter().map(|(p, _)| p).collect(),
            pages,
            warnings,
        })
    }

    /// The profile's `basics.image`, read from disk relative to the profile. No network.
    fn photo(&self, loaded: &Loaded) -> Result<Option<Photo>, JobError> {
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
        let path = self.path.parent().unwrap_or(Path::new("")).join(value);
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
                io_reason(&e)
            ))
            .hint("the path is relative to the profile file"))
        })?;
        Ok(Some(Photo { path: vpath, bytes }))
    }
}

static DEFAULT_TEMPLATE: Template = Template::Builtin(&TEMPLATES[0]);

/// A built-in name, or a folder holding a `resume.typ`.
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

/// Profiles named on the command line, with folders replaced by the profiles inside them.
fn expand(inputs: &[PathBuf], reporter: &mut Reporter) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| {
                    reporter.emit(&Diagnostic::error(format!(
                        "cannot read folder `{}`: {e}",
                        input.display()
                    )));
                    Failure::Input
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_profile_name(p))
                .collect();
            found.sort();
            if found.is_empty() {
                reporter.emit(
                    &Diagnostic::error(format!("no profiles in `{}`", input.display()))
                        .hint("profiles end in .yaml, .yml or .json"),
                );
                return Err(Failure::Input);
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
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

fn finish(total: usize, failed: usize, verb: &str, seconds: Option<f64>) -> Result<(), Failure> {
    let ok = total - failed;
    let time = seconds
        .map(|s| format!(" in {:.2}s", s))
        .unwrap_or_default();
    if total > 1 || failed > 0 {
        let noun = if verb == "written" {
            "document"
        } else {
            "profile"
        };
        eprintln!("{ok} {noun}{} {verb}, {failed} failed{time}", plural(ok));
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
