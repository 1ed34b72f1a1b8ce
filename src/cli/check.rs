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
use crate::render::{self, Opened};

/// Everything `build` would read and decide before laying out — profile, photo, template —
/// so that a passing check means the build works; with `--kind`, also the layout.
pub fn run(args: &CheckArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let options = LoadOptions {
        strict: args.inputs.strict,
    };
    if let Some(plan) = &args.plan {
        return check_plan(plan, args, options, reporter);
    }
    let files = expand(&args.inputs.profiles, reporter)?;
    let versions = args.tailor.versions(reporter)?;
    let templates = match &args.template {
        Some(value) => Some(Template::resolve_all(value).map_err(|d| {
            reporter.emit(&d);
            Failure::Usage
        })?),
        None => None,
    };
    let (pdfs, files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    let mut failed = pdfs
        .iter()
        .filter(|pdf| !read_back_file(pdf, args.verbose, reporter))
        .count();
    // The fonts, for characters no font has (and the layouts of --kind and --ats).
    let font_options = args.fonts.fonts();
    let fonts = match crate::engine::Engine::with_fonts(&font_options) {
        Ok(engine) => engine,
        Err(d) => {
            reporter.emit(&d);
            return Err(Failure::Input);
        }
    };
    let letters = super::jobs::letters(&args.letter, options.strict).map_err(|d| {
        reporter.emit(&d);
        Failure::Input
    })?;
    super::jobs::letter_warnings(&letters, reporter);
    for (_, letter) in &letters {
        if let Err(f) = letter {
            report_failed(f.clone(), reporter);
            failed += 1;
        }
    }
    let letters: Vec<_> = letters.into_iter().filter(|(_, l)| l.is_ok()).collect();
    let engine = (args.kind.is_some() || args.ats || !letters.is_empty()).then_some(&fonts);
    let ppi = 72.0;
    let time_limit = args.time_limit.unwrap_or(crate::limits::DEFAULT_TIME_LIMIT);
    let mut worst = Failure::Input;
    for path in &files {
        let opened = match render::open_with(path, options, &args.tailor.with) {
            Ok(opened) => Arc::new(opened),
            Err(f) => {
                worst = worst.max(report_failed(f, reporter));
                failed += 1;
                continue;
            }
        };
        let loaded = &opened.loaded;
        loaded.warnings.iter().for_each(|w| reporter.emit(w));
        let mut ok = true;
        let spec = JobSpec {
            kinds: match (args.kind, letters.is_empty()) {
                (None, false) => None,
                (kind, _) => Some(kind.unwrap_or(KindArg::Resume).kinds()),
            },
            versions: versions.clone(),
            options: render::Options {
                max_pages: args.max_pages.map(usize::from),
                ..render::Options::default()
            },
            formats: Some(vec![Format::Pdf]),
            letters: letters.clone(),
            output_dir: Path::new(""),
            output_name: None,
            origin: None,
        };
        let jobs = spec.jobs(path, Ok(opened.clone()), templates.as_deref());
        // Every variant the profile defines must apply, with its template, so that
        // `build --variant all` works too.
        let every = match versions.variants.is_empty() && !loaded.profile.meta.variants.is_empty() {
            true => JobSpec {
                versions: super::jobs::Versions {
                    variants: vec!["all".into()],
                    ..versions.clone()
                },
                ..spec
            }
            .jobs(path, Ok(opened.clone()), templates.as_deref()),
            false => Vec::new(),
        };
        let mut seen = Vec::new();
        for job in jobs.iter().chain(&every) {
            if seen.contains(&job.variant) {
                continue;
            }
            seen.push(job.variant.clone());
            match &job.opened {
                Err(f) => {
                    worst = worst.max(report_failed(errors_only(f.clone()), reporter));
                    ok = false;
                }
                Ok(o) => {
                    o.loaded
                        .warnings
                        .iter()
                        .filter(|w| !loaded.warnings.contains(w))
                        .for_each(|w| reporter.emit(w));
                    // The profile's own font folders count too, as in `build`.
                    let engine = match own_fonts(&font_options, o) {
                        Ok(Some(options)) => match crate::engine::Engine::with_fonts(&options) {
                            Ok(e) => Some(e),
                            Err(d) => {
                                reporter.emit(&d);
                                ok = false;
                                None
                            }
                        },
                        Ok(None) => None,
                        Err(d) => {
                            reporter.emit(&d);
                            ok = false;
                            None
                        }
                    };
                    let fonts = engine.as_ref().unwrap_or(&fonts);
                    for d in render::missing_glyphs(&o.loaded, fonts) {
                        ok &= !d.is_error();
                        reporter.emit(&d);
                    }
                    let family = render::Options {
                        font: args.fonts.font.clone(),
                        ..render::Options::default()
                    };
                    if let Some(d) = render::unknown_font(&o.loaded, &family, fonts) {
                        reporter.emit(&d);
                        ok = false;
                    }
                }
            }
        }
        let mut bad_templates = Vec::new();
        for job in jobs.iter().chain(&every) {
            if let Err(d) = &job.template
                && !bad_templates.contains(d)
            {
                reporter.emit(d);
                bad_templates.push(d.clone());
                ok = false;
            }
        }
        if ok {
            let name = &loaded.profile.basics.name;
            let n = loaded.warnings.len();
            match n {
                0 => say!("ok: {} ({name})", path.display()),
                _ => say!("ok: {} ({name}), {n} warning{}", path.display(), plural(n)),
            }
            let tailored = !versions.variants.is_empty()
                || versions.tags.is_some()
                || versions.exclude_tags.is_some();
            let mut shown = Vec::new();
            for job in jobs.iter().filter(|_| tailored) {
                if let (Ok(o), false) = (&job.opened, shown.contains(&job.variant)) {
                    shown.push(job.variant.clone());
                    print_selection(job.variant.as_deref(), o);
                }
            }
        }
        let Some(engine) = engine.filter(|_| ok) else {
            failed += usize::from(!ok);
            continue;
        };
        for job in &jobs {
            let what = match &job.options.letter {
                Some(l) => format!("letter `{}` with `{}`", l.name, job.template_name()),
                None => format!("{} with `{}`", job.kind.name(), job.template_name()),
            };
            if job.opened.is_err() {
                continue;
            }
            let result = crate::diag::catch(|| match job.template {
                Ok(crate::engine::Template::Dir { .. }) => {
                    isolate::render(job, ppi, time_limit, &font_options)
                }
                _ => document::render(job, engine, ppi),
            });
            match result {
                Ok(done) if args.ats => {
                    let misses = document::read_back(job, &done);
                    match misses.is_empty() {
                        true => say!("  {what}: reads back cleanly"),
                        false => {
                            misses.iter().for_each(|d| reporter.emit(d));
                            ok = false;
                        }
                    }
                    if args.verbose {
                        print_reading(&done.files[0].1);
                    }
                }
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
                    worst = worst.max(report_failed(errors_only(f), reporter));
                    ok = false;
                }
            }
            engine.finished(1);
        }
        failed += usize::from(!ok);
    }
    finish(files.len() + pdfs.len(), failed, worst)
}

/// The fonts for a profile whose `meta.fontPaths` names folders (relative to the profile),
/// besides the flags'; `None` when it names none; a folder that is not there, where it is
/// named.
fn own_fonts(
    flags: &crate::engine::FontOptions,
    opened: &Opened,
) -> Result<Option<crate::engine::FontOptions>, Diagnostic> {
    let paths = &opened.loaded.profile.meta.font_paths;
    if paths.is_empty() {
        return Ok(None);
    }
    let base = opened.path.parent().unwrap_or(Path::new(""));
    let mut options = flags.clone();
    for p in paths {
        let dir = base.join(&p.value);
        if !dir.is_dir() {
            let d = Diagnostic::error(format!("no font folder `{}`", dir.display()))
                .hint("font folders are relative to the profile");
            return Err(opened.loaded.at(d, p.span.clone()).field("meta.fontPaths"));
        }
        options.paths.push(dir);
    }
    Ok(Some(options))
}

/// A failure's errors (its warnings were printed with the profile).
fn errors_only(f: Failed) -> Failed {
    Failed {
        diagnostics: f
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect(),
        ..f
    }
}

/// What a version keeps and drops, section by section, by name.
fn print_selection(variant: Option<&str>, opened: &Opened) {
    let what = match variant {
        Some(v) => format!("variant `{v}`"),
        None => "this selection".to_string(),
    };
    if opened.report.is_empty() {
        say!("  {what}: keeps everything");
        return;
    }
    say!("  {what}:");
    for r in &opened.report {
        let mut line = format!("    {}:", r.section);
        if !r.kept.is_empty() {
            line.push_str(&format!(" keeps {};", r.kept.join(", ")));
        }
        line.push_str(&format!(" drops {}", r.dropped.join(", ")));
        say!("{line}");
    }
}

/// `vitae check --plan`: the plan, and every profile, overlay, variant and template its jobs
/// name — everything `build --plan` reads before laying out.
fn check_plan(
    plan: &Path,
    args: &CheckArgs,
    options: LoadOptions,
    reporter: &mut Reporter,
) -> Result<(), Failure> {
    let overrides = super::plan::Overrides {
        template: args.template.as_ref(),
        output: None,
        formats: None,
        kind: args.kind,
        tailor: &args.tailor,
    };
    let jobs = super::plan::jobs(
        plan,
        &overrides,
        &render::Options::default(),
        options,
        reporter,
    )?;
    let mut failed = 0;
    let mut worst = Failure::Input;
    let mut seen: Vec<(std::path::PathBuf, Option<String>)> = Vec::new();
    for job in &jobs {
        let key = (job.profile.clone(), job.variant.clone());
        let first = !seen.contains(&key);
        if first {
            seen.push(key);
        }
        match (&job.opened, &job.template) {
            (Err(f), _) if first => {
                worst = worst.max(report_failed(f.clone(), reporter));
                failed += 1;
            }
            (Err(_), _) => {}
            (Ok(o), Ok(_)) if first => o.loaded.warnings.iter().for_each(|w| reporter.emit(w)),
            (Ok(_), Ok(_)) => {}
            (Ok(_), Err(d)) => {
                reporter.emit(d);
                failed += 1;
            }
        }
    }
    match failed {
        0 => {
            say!(
                "ok: {} ({} document{})",
                plan.display(),
                jobs.len(),
                plural(jobs.len())
            );
            Ok(())
        }
        n => {
            tell!("{}: {n} problem{}", plan.display(), plural(n));
            Err(worst)
        }
    }
}

/// `vitae check --ats FILE.pdf`: read a PDF back with no profile to compare against (text,
/// characters, metadata). Whether it passed.
fn read_back_file(path: &Path, verbose: bool, reporter: &mut Reporter) -> bool {
    let bytes = match crate::files::read(path, crate::limits::MAX_PHOTO_BYTES) {
        Ok(b) => b,
        Err(e) => {
            reporter.emit(&Diagnostic::error(format!(
                "cannot read `{}`: {e}",
                path.display()
            )));
            return false;
        }
    };
    match crate::ats::read(&bytes) {
        Err(e) => {
            reporter.emit(&Diagnostic::error(format!("`{}`: {e}", path.display())));
            false
        }
        Ok(reading) => {
            let report = crate::ats::check(&reading, None);
            say!(
                "{}: {}",
                path.display(),
                if report.passed() {
                    "reads back cleanly"
                } else {
                    "reads back wrong"
                }
            );
            say!("{report}");
            if verbose {
                print_reading(&bytes);
            }
            report.passed()
        }
    }
}

/// The text of a PDF as an ATS reads it, line by line.
fn print_reading(pdf: &[u8]) {
    if let Ok(reading) = crate::ats::read(pdf) {
        for (i, page) in reading.pages.iter().enumerate() {
            say!("  --- page {}", i + 1);
            for line in page {
                say!("  | {}", line.text);
            }
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
