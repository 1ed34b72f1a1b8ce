//! Command-line interface: arguments, the list of documents to make, scheduling, printing
//! and exit codes. Everything else — reading, fitting, rendering — is the library's.
//!
//! Exit codes: 0 success, 1 a problem in the input (profile, file), 2 a usage error,
//! 3 an internal error (a bug in vitae: please report it).
//!
//! Files, each one concern, none importing the ones above it in this list:
//! `exit` (exit codes) · `printer` (the only place diagnostics become text) · `args` (clap) ·
//! `jobs` (the documents to make from files, folders, globs) · `plan` (build plans) ·
//! `outputs` (names and clashes) · `document` (one document made in memory) · `isolate`
//! (custom templates in a child process) · `report` (outcomes, the JSON report) · `progress` ·
//! `batch` (workers) · one file per command: `build`, `watch`, `check`, `data`, `templates`.

/// `println!` that never panics (a closed stdout, as in `vitae check … | head -1`, is not an
/// error) and never lets a name or path with control characters act on the terminal.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = $crate::cli::printer::escape(&format!($($arg)*));
        let _ = writeln!(std::io::stdout(), "{line}");
    }};
}

/// `eprintln!`, likewise.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = $crate::cli::printer::escape(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{line}");
    }};
}

mod args;
mod batch;
mod build;
mod check;
mod data;
mod document;
mod exit;
mod isolate;
mod jobs;
mod outputs;
mod plan;
pub(crate) mod printer;
mod progress;
mod report;
mod templates;
mod watch;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, TemplateCommand};
use exit::Failure;
use printer::Reporter;

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
        Command::Build(args) => build::run(&args, reporter),
        Command::Watch(args) => watch::run(&args, reporter),
        Command::Check(args) => check::run(&args, reporter),
        Command::Templates => templates::list(),
        Command::Data(args) => data::run(&args, reporter),
        Command::Template(TemplateCommand::Export { name, dir, force }) => {
            templates::export(&name, &dir, force, reporter)
        }
        Command::New {
            file,
            letter,
            from_jsonresume,
            from_rendercv,
        } => match from_jsonresume.or(from_rendercv) {
            // vitae reads those files as they are; `convert` turns them into vitae's format.
            Some(source) => {
                let file = file.unwrap_or_else(|| "me.yaml".into());
                reporter.emit(
                    &crate::diag::Diagnostic::error(format!(
                        "`vitae new` writes a starter; to start from `{}`, convert it",
                        source.display()
                    ))
                    .hint(format!(
                        "vitae convert {} -o {}   (or build it as it is: vitae build {})",
                        source.display(),
                        file.display(),
                        source.display()
                    )),
                );
                Err(Failure::Usage)
            }
            None if letter => new(
                &file.unwrap_or_else(|| "letter.yaml".into()),
                Starter::Letter,
                reporter,
            ),
            None => new(
                &file.unwrap_or_else(|| "me.yaml".into()),
                Starter::Profile,
                reporter,
            ),
        },
        Command::Convert {
            file,
            to,
            output,
            force,
        } => convert(&file, to, output.as_deref(), force, reporter),
        Command::Schema { of } => {
            let schema = match of {
                args::SchemaOf::Profile => crate::profile::schema::profile(),
                args::SchemaOf::Plan => crate::profile::schema::plan(),
                args::SchemaOf::Letter => crate::profile::schema::letter(),
            };
            let text = serde_json::to_string_pretty(&schema).map_err(|_| Failure::Internal)?;
            say!("{text}");
            Ok(())
        }
        Command::Completions { shell } => {
            let mut cmd = <args::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "vitae", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let cmd = <args::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map_err(|_| Failure::Internal)
        }
        Command::Render => isolate::child(),
    }
}

/// The starter profile `vitae new` writes.
const STARTER: &str = include_str!("starter.yaml");

/// `vitae convert`: a profile in another format, with what could not be carried over named.
fn convert(
    file: &std::path::Path,
    to: args::ConvertTo,
    output: Option<&std::path::Path>,
    force: bool,
    reporter: &mut Reporter,
) -> Result<(), Failure> {
    use crate::profile::export;
    let opened = crate::render::open(file, crate::profile::LoadOptions::default())
        .map_err(|f| exit::report_failed(f, reporter))?;
    opened.loaded.warnings.iter().for_each(|d| reporter.emit(d));
    let profile = &opened.loaded.profile;
    let (text, lost, name) = match to {
        args::ConvertTo::Vitae => (
            export::yaml(&export::native(profile)),
            Vec::new(),
            "vitae's format",
        ),
        args::ConvertTo::Jsonresume => {
            let (v, lost) = export::json_resume(profile);
            let json = serde_json::to_string_pretty(&v).map_err(|_| Failure::Internal)?;
            (format!("{json}\n"), lost, "JSON Resume")
        }
        args::ConvertTo::Rendercv => {
            let (v, lost) = export::rendercv(profile);
            (export::yaml(&v), lost, "RenderCV")
        }
    };
    if !lost.is_empty() {
        reporter.emit(
            &crate::diag::Diagnostic::warning(format!(
                "{name} has no place for {} field{}: left out",
                lost.len(),
                exit::plural(lost.len())
            ))
            .hint(lost.join(", ")),
        );
    }
    match output {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) if path.exists() && !force => {
            reporter.emit(
                &crate::diag::Diagnostic::error(format!("`{}` exists", path.display()))
                    .hint("give another name, or --force to overwrite it"),
            );
            Err(Failure::Input)
        }
        Some(path) => match crate::output::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                say!("wrote {} ({name})", path.display());
                Ok(())
            }
            Err(e) => {
                reporter.emit(&crate::diag::Diagnostic::error(format!(
                    "cannot write `{}`: {e}",
                    path.display()
                )));
                Err(Failure::Input)
            }
        },
    }
}

/// The schema file `vitae new` writes beside the profile, for editors.
const SCHEMA_FILE: &str = "vitae.schema.json";
const LETTER_SCHEMA_FILE: &str = "letter.schema.json";
const LETTER_STARTER: &str = include_str!("starter-letter.yaml");

/// `vitae new FILE`: the starter profile, never over an existing file, and the schema beside it
/// (unless one is there) so that an editor completes and checks it at once.
/// What `vitae new` writes.
#[derive(Clone, Copy)]
enum Starter {
    Profile,
    Letter,
}

fn new(file: &std::path::Path, starter: Starter, reporter: &mut Reporter) -> Result<(), Failure> {
    let (schema_file, body, next) = match starter {
        Starter::Profile => (
            SCHEMA_FILE,
            STARTER,
            format!("vitae build {}", file.display()),
        ),
        Starter::Letter => (
            LETTER_SCHEMA_FILE,
            LETTER_STARTER,
            format!("vitae build me.yaml --letter {}", file.display()),
        ),
    };
    let text = format!("# yaml-language-server: $schema={schema_file}\n{body}");
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match written {
        Ok(()) => {
            say!("wrote {}: edit it, then `{next}`", file.display());
            let schema = file
                .parent()
                .unwrap_or(std::path::Path::new(""))
                .join(schema_file);
            if !schema.exists() {
                let (value, what) = match starter {
                    Starter::Profile => (crate::profile::schema::profile(), "profile"),
                    Starter::Letter => (crate::profile::schema::letter(), "letter"),
                };
                let json = serde_json::to_string_pretty(&value).map_err(|_| Failure::Internal)?;
                if crate::output::write_atomic(&schema, json.as_bytes()).is_ok() {
                    say!(
                        "wrote {} (the {what} format, for your editor)",
                        schema.display()
                    );
                }
            }
            Ok(())
        }
        Err(e) => {
            let d =
                crate::diag::Diagnostic::error(format!("cannot write `{}`: {e}", file.display()));
            let d = match e.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    d.hint("vitae new never overwrites a file: give another name, or move it away")
                }
                _ => d,
            };
            reporter.emit(&d);
            Err(Failure::Input)
        }
    }
}

/// The test suite's way to check the catch above: `VITAE_INJECT_PANIC=main` panics on the
/// main thread before any work. Unset (always, outside tests), it does nothing.
fn inject_main_thread_fault() {
    if std::env::var_os("VITAE_INJECT_PANIC").is_some_and(|v| v == "main") {
        panic!("injected panic on the main thread");
    }
}
