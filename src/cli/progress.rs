//! Progress while a batch runs: a bar on a terminal, one line per document otherwise.

use std::io::IsTerminal;

use super::exit::plural;
use super::jobs::Job;
use super::printer::Reporter;
use super::report::{Outcome, Status};

/// A bar on a terminal; one line per document otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    verbose: bool,
}

impl Progress {
    pub fn new(total: usize, quiet: bool, verbose: bool) -> Progress {
        let interactive = std::io::stderr().is_terminal() && !quiet && !verbose && total > 1;
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
        Progress {
            bar,
            quiet,
            verbose,
        }
    }

    pub fn done(&self, job: &Job, outcome: &Outcome, reporter: &mut Reporter) {
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
                bar.set_message(super::printer::escape(&job.profile.display().to_string()));
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
                if self.verbose {
                    say!(
                        "{line} in {:.1} ms [{}]",
                        outcome.duration.as_secs_f64() * 1e3,
                        job.template_name()
                    );
                } else if !self.quiet {
                    say!("{line}");
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
