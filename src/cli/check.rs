//! `vitae check`: everything `build` reads and decides, without writing.

use std::path::Path;
use std::sync::Arc;

use super::args::{CheckArgs, Format, KindArg};
use super::exit::{Failure, plural, report_failed};
use super::jobs::{JobSpec, expand};
use super::printer::Reporter;
use super::{document, isolate};
use crate::diag::{Diagnostic, Failed};
use crate::engine::Template;
use crate::profile::LoadOptions;
use crate::render;

/// Everything `build` would read and decide before laying out — profile, photo, template —
/// so that a passing check means the build works; with `--kind`, also the layout.
pub fn run(args: &CheckArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let files = expand(&args.inputs.profiles, reporter)?;
    let options = LoadOptions {
        strict: args.inputs.strict,
    };
    let templates = match &args.template {
        Some(value) => Some(Template::resolve_all(value).map_err(|d| {
            reporter.emit(&d);
            Failure::Usage
        })?),
        None => None,
    };
    let engine = args.kind.map(|_| crate::engine::Engine::new());
    let ppi = 72.0;
    let time_limit = args.time_limit.unwrap_or(crate::limits::DEFAULT_TIME_LIMIT);
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
                Ok(crate::engine::Template::Dir { .. }) => isolate::render(job, ppi, time_limit),
                _ => document::render(job, engine, ppi),
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

/// The closing line of `vitae check`, and its outcome.
fn finish(total: usize, failed: usize, worst: Failure) -> Result<(), Failure> {
    if total > 1 || failed > 0 {
        tell!("{total} profile{} checked, {failed} failed", plural(total));
    }
    if failed > 0 { Err(worst) } else { Ok(()) }
}
