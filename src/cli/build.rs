//! `vitae build`: profiles or a plan → documents on disk (or, with `--check`, compared).

use std::path::{Path, PathBuf};

use super::args::{BuildArgs, Format, KindArg, PaperArg, formats};
use super::exit::Failure;
use super::jobs::{JobSpec, ProfileCache, expand};
use super::printer::Reporter;
use super::{batch, outputs, plan};
use crate::diag::Diagnostic;
use crate::engine::Template;
use crate::profile::{Date, LoadOptions};
use crate::render;

pub fn run(args: &BuildArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let (jobs, run) = prepare(args, reporter)?;
    batch::run(&jobs, &run, reporter)
}

/// The documents `args` ask for, named and checked for clashes, and how to run them.
pub fn prepare(
    args: &BuildArgs,
    reporter: &mut Reporter,
) -> Result<(Vec<super::jobs::Job>, batch::RunOptions), Failure> {
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
        letter: None,
        spare_cores: false,
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
            let output = match one_file(args) {
                Some(file) => file.parent().map_or_else(PathBuf::new, Path::to_path_buf),
                None => args
                    .output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("output")),
            };
            let letters = super::jobs::letters(&args.letter, args.strict).map_err(|d| {
                reporter.emit(&d);
                Failure::Input
            })?;
            super::jobs::letter_warnings(&letters, reporter);
            let spec = JobSpec {
                letters,
                options: render_options,
                formats: formats(&args.format),
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
    if args.plan.is_none()
        && let Some(file) = one_file(args)
    {
        match jobs.as_mut_slice() {
            [job] => {
                // `-o cv.pdf --format pdf,txt`: cv.pdf and cv.txt; `-o cv.txt --format
                // pdf,txt`: the same (the first format's file takes the name's stem).
                let first = job.formats.first().copied().unwrap_or(Format::Pdf);
                job.output = match file.extension().and_then(Format::parse_extension) {
                    Some(f) if f == first => file.to_path_buf(),
                    _ => file.with_extension(first.name()),
                };
                job.named = true;
            }
            _ => {
                reporter.emit(
                    &Diagnostic::error(format!(
                        "`-o {}` names one file, but {} documents would be made",
                        file.display(),
                        jobs.len()
                    ))
                    .hint("give a folder for several documents (ending in `/` if it does not exist yet)"),
                );
                return Err(Failure::Usage);
            }
        }
    }
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
    // Fewer documents than workers: fitting may use the idle cores (a lone document's
    // tightening compiles two layouts at once).
    if jobs.len() < threads {
        jobs.iter_mut()
            .for_each(|job| job.options.spare_cores = true);
    }
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
    Ok((jobs, run))
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

/// `-o resume.pdf`: a file name for the one document, rather than a folder — a path that is
/// not a folder, does not end in `/`, and ends in the format's extension.
fn one_file(args: &BuildArgs) -> Option<&Path> {
    let path = args.output.as_deref()?;
    let text = path.to_string_lossy();
    let formats = formats(&args.format).unwrap_or_else(|| vec![Format::Pdf]);
    let named = path
        .extension()
        .and_then(Format::parse_extension)
        .is_some_and(|f| formats.contains(&f));
    (named && !path.is_dir() && !text.ends_with('/') && !text.ends_with(std::path::MAIN_SEPARATOR))
        .then_some(path)
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
