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
//! `batch` (workers) · one file per command: `build`, `check`, `data`, `templates`.

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
        Command::Check(args) => check::run(&args, reporter),
        Command::Templates => templates::list(),
        Command::Data(args) => data::run(&args, reporter),
        Command::Template(TemplateCommand::Export { name, dir, force }) => {
            templates::export(&name, &dir, force, reporter)
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
