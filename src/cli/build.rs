//! `vitae build`: profiles or a plan → documents on disk (or, with `--check`, compared).

use std::path::{Path, PathBuf};

use super::args::{BuildArgs, Format, KindArg, PaperArg};
use super::exit::Failure;
use super::jobs::{JobSpec, ProfileCache, expand};
use super::printer::Reporter;
use super::{batch, outputs, plan};
use crate::diag::Diagnostic;
use crate::engine::Template;
use crate::profile::{Date, LoadOptions};
use crate::render;

pub fn run(args: &BuildArgs, reporter: &mut Reporter) -> Result<(), Failure> {
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
        pdf_standard: args.render.pdf_standard,
        lang: args.render.lang.clone(),
        font: args.render.fonts.font.clone(),
        font_paths: Vec::new(),
    };
    let mut jobs = match &args.plan {
        Some(plan) => plan::jobs(
            plan,
            &plan::Overrides::of(args),
            &render_options,
            options,
            reporter,
        )?,
        None => {
            let templates = match &args.render.template {
                Some(value) => Some(Template::resolve_all(value).map_err(|d| {
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
                kinds: args.kind.map(KindArg::kinds),
                versions: args.tailor.versions(reporter)?,
                output_dir: &output,
                output_name: None,
                origin: None,
            };
            let mut profiles = ProfileCache::new(options);
            let mut jobs = Vec::new();
            for path in &files {
                jobs.extend(spec.jobs(
                    path,
                    profiles.get(path, &args.tailor.with),
                    templates.as_deref(),
                ));
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
        fonts: fonts(&args.render.fonts.fonts(), &jobs),
        threads,
        ppi: args.ppi,
        quiet: args.quiet,
        verbose: args.verbose,
        check: args.check,
        report: args.report.clone(),
        time_limit: args.time_limit.unwrap_or(crate::limits::DEFAULT_TIME_LIMIT),
        ats: args.ats,
    };
    batch::run(&jobs, &run, reporter)
}

/// The fonts for a run: the flags', every plan job's and every profile's (`meta.fontPaths`,
/// relative to the profile), each folder once.
fn fonts(
    flags: &crate::engine::FontOptions,
    jobs: &[super::jobs::Job],
) -> crate::engine::FontOptions {
    let mut fonts = flags.clone();
    for job in jobs {
        let from_profile = job.opened.iter().flat_map(|o| {
            let base = o.path.parent().unwrap_or(Path::new("")).to_path_buf();
            o.loaded
                .profile
                .meta
                .font_paths
                .iter()
                .map(move |p| base.join(&p.value))
        });
        for path in job.options.font_paths.iter().cloned().chain(from_profile) {
            if !fonts.paths.contains(&path) {
                fonts.paths.push(path);
            }
        }
    }
    fonts
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
