//! Build plans: a YAML (or JSON) file listing the documents to make, checked into a repository
//! so that "the backend application gets `modern`, the data role gets `compact`" is repeatable.
//!
//! ```yaml
//! output: dist                 # folder for the documents (default: output)
//! jobs:
//!   - profile: profiles/ada.yaml
//!     template: modern         # a built-in name, `all`, or a template folder
//!     paper: letter
//!     accent: "#0b7285"
//!     format: [pdf, txt]       # pdf (default), png, svg, txt, md, html, docx, or all
//!     kind: all                # resume (default), summary, or all (both)
//!     maxPages: 2              # fit the résumé into 2 pages
//!     output: ada-backend.pdf  # file name inside the output folder
//!     variant: backend         # a variant of the profile (or a list, or `all`)
//!     tags: [backend]          # and/or excludeTags, set, with (docs/tailoring.md)
//!     letter: letters/         # cover letters: files or folders (docs/letters.md)
//! ```
//!
//! A job's `profile` may be a folder or a glob: each profile found is a job of its own.
//!
//! Paths are relative to the plan file. Plans get the same located diagnostics as profiles.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::args::{BuildArgs, Format, KindArg, TailorArgs};
use super::exit::Failure;
use super::jobs::{self, Job, JobSpec, ProfileCache};
use super::printer::Reporter;
use crate::diag::{Diagnostic, Failed, SourceFile};
use crate::engine::Template;
use crate::profile::tree::{self, Node, Value};
use crate::profile::{Checker, Color, LoadOptions, Paper, source};
use crate::render;

/// What the command line says over a plan's jobs (`build` flags; nothing for `check`).
pub struct Overrides<'a> {
    pub template: Option<&'a String>,
    pub output: Option<&'a PathBuf>,
    pub formats: Option<Vec<Format>>,
    pub kind: Option<KindArg>,
    pub tailor: &'a TailorArgs,
}

impl<'a> Overrides<'a> {
    pub fn of(args: &'a BuildArgs) -> Self {
        Overrides {
            template: args.render.template.as_ref(),
            output: args.output.as_ref(),
            formats: super::args::formats(&args.format),
            kind: args.kind,
            tailor: &args.tailor,
        }
    }
}

/// Read a plan and turn it into jobs. Command-line flags override the plan's settings.
pub fn jobs(
    path: &Path,
    args: &Overrides,
    flags: &render::Options,
    options: LoadOptions,
    reporter: &mut Reporter,
) -> Result<Vec<Job>, Failure> {
    let fail = |diags: Vec<Diagnostic>, reporter: &mut Reporter| {
        diags.iter().for_each(|d| reporter.emit(d));
        Failure::Input
    };
    let bytes = crate::files::read(path, crate::limits::MAX_TEXT_BYTES).map_err(|e| {
        let d = Diagnostic::error(format!("cannot read the plan `{}`: {e}", path.display()));
        fail(vec![d], reporter)
    })?;
    let file = source::prepare(&path.display().to_string(), &bytes)
        .map_err(|diags| fail(diags, reporter))?;
    let entries = read(&file).map_err(|diags| {
        diags.iter().for_each(|d| reporter.emit(d));
        Failure::Input
    })?;

    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let output_dir = args
        .output
        .cloned()
        .unwrap_or_else(|| base.join(entries.output.as_deref().unwrap_or("output")));
    let mut cache = ProfileCache::new(options);
    let cli_set = args.tailor.versions(reporter)?.set;
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for entry in &entries.jobs {
        let named = base.join(&entry.profile);
        let profiles = match named.is_dir()
            || (!named.exists() && entry.profile.to_string_lossy().contains(['*', '?', '[']))
        {
            true => match jobs::find(&named) {
                // A pattern that matches the plan itself does not mean it.
                Ok(found) => found
                    .into_iter()
                    .filter(|p| p.canonicalize().ok() != path.canonicalize().ok())
                    .collect(),
                Err(d) => {
                    problems.push(d.at(&file, entry.at.clone()).field(&entry.field));
                    continue;
                }
            },
            false => vec![named],
        };
        let mut versions = entry.versions.clone();
        let tailor = &args.tailor;
        if !tailor.variant.is_empty() {
            versions.variants = tailor.variant.clone();
        }
        versions.tags = tailor.tags.clone().or(versions.tags);
        versions.exclude_tags = tailor.exclude_tags.clone().or(versions.exclude_tags);
        versions.set.extend(cli_set.iter().cloned());
        let with: Vec<PathBuf> = entry
            .with
            .iter()
            .map(|w| base.join(w))
            .chain(tailor.with.iter().cloned())
            .collect();
        for profile in profiles {
            let template = args.template.or(entry.template.as_ref().map(|(t, _)| t));
            let templates = match template {
                Some(value) => {
                    // Template folders in a plan are relative to the plan too.
                    let value = match args.template.is_some() {
                        true => value.clone(),
                        false => jobs::relative_to(path, value),
                    };
                    match Template::resolve_all(&value) {
                        Ok(ts) => Some(ts),
                        Err(d) => {
                            let d = match &entry.template {
                                Some((_, span)) if args.template.is_none() => {
                                    d.at(&file, span.clone()).field("template")
                                }
                                _ => d,
                            };
                            problems.push(d);
                            continue;
                        }
                    }
                }
                None => None,
            };
            let (line, col) = file.line_col(entry.at.start);
            let mut letters = Vec::new();
            for l in &entry.letters {
                let field = format!("{}.letter", entry.job);
                match jobs::letters(&[base.join(&l.value)], options.strict) {
                    // A letter that cannot be read is reported where the plan names it.
                    Ok(found) => letters.extend(
                        {
                            jobs::letter_warnings(&found, reporter);
                            found
                        }
                        .into_iter()
                        .map(|(path, read)| {
                            let read = read.map_err(|mut f| {
                                for d in f.diagnostics.iter_mut().filter(|d| d.location.is_none()) {
                                    *d = d.clone().at(&file, l.span.clone()).field(&field);
                                }
                                f
                            });
                            (path, read)
                        }),
                    ),
                    Err(d) => problems.push(d.at(&file, l.span.clone()).field(&field)),
                }
            }
            let spec = JobSpec {
                letters,
                options: render::Options {
                    paper: flags.paper.or(entry.paper),
                    accent: flags.accent.clone().or_else(|| entry.accent.clone()),
                    max_pages: flags.max_pages.or(entry.max_pages),
                    pdf_standard: flags.pdf_standard.or(entry.pdf_standard),
                    lang: flags.lang.clone().or(entry.lang.clone()),
                    font: flags.font.clone().or(entry.font.clone()),
                    font_paths: entry.font_paths.iter().map(|p| base.join(p)).collect(),
                    ..flags.clone()
                },
                formats: args.formats.clone().or(entry.formats.clone()),
                kinds: args.kind.or(entry.kind).map(KindArg::kinds),
                versions: versions.clone(),
                output_dir: &output_dir,
                output_name: entry.output.as_deref().map(OsStr::new),
                origin: Some((
                    format!("{}:{line}:{col}", file.name),
                    file.clone(),
                    entry.at.clone(),
                )),
            };
            // A profile that cannot be read is reported where the plan names it.
            let loaded = cache.get(&profile, &with).map_err(|failed| Failed {
                diagnostics: failed
                    .diagnostics
                    .into_iter()
                    .map(|d| match d.location {
                        None => d.at(&file, entry.at.clone()).field(&entry.field),
                        Some(_) => d,
                    })
                    .collect(),
                ..failed
            });
            // A variant the profile lacks is reported where the plan names it.
            let at = entry.variant_at.clone().unwrap_or(entry.at.clone());
            jobs.extend(
                spec.jobs(&profile, loaded, templates.as_deref())
                    .into_iter()
                    .map(|mut job| {
                        if let Err(f) = &mut job.opened {
                            for d in f.diagnostics.iter_mut().filter(|d| d.location.is_none()) {
                                *d = d
                                    .clone()
                                    .at(&file, at.clone())
                                    .field(format!("{}.variant", entry.job));
                            }
                        }
                        job
                    }),
            );
        }
    }
    if !problems.is_empty() {
        problems.iter().for_each(|d| reporter.emit(d));
        return Err(Failure::Input);
    }
    Ok(jobs)
}

struct Plan {
    output: Option<String>,
    jobs: Vec<Entry>,
}

struct Entry {
    profile: PathBuf,
    /// Where the profile is named, for problems reading it.
    at: Range<usize>,
    field: String,
    template: Option<(String, Range<usize>)>,
    paper: Option<Paper>,
    accent: Option<Color>,
    formats: Option<Vec<Format>>,
    kind: Option<KindArg>,
    max_pages: Option<usize>,
    pdf_standard: Option<crate::profile::PdfStandard>,
    lang: Option<String>,
    font: Option<String>,
    /// Font folders, relative to the plan.
    font_paths: Vec<String>,
    output: Option<String>,
    versions: jobs::Versions,
    /// Where `variant:` is written.
    variant_at: Option<Range<usize>>,
    /// Overlays, relative to the plan.
    with: Vec<PathBuf>,
    /// Cover letters (files or folders), relative to the plan, with where each is written.
    letters: Vec<crate::profile::Spanned<String>>,
    /// `jobs[3]`, for messages.
    job: String,
}

/// Parse and validate, reporting every problem, with the profile validator's machinery (a
/// plan is strict: an unknown key is an error, with the closest known one as a hint).
fn read(file: &Arc<SourceFile>) -> Result<Plan, Vec<Diagnostic>> {
    let root = tree::parse(&file.text, &crate::limits::Tree::default())
        .map_err(|e| crate::profile::syntax_diagnostics(file, e))?;
    let mut c = Checker::new(file, true);
    c.diagnostics.extend(source::check_strings(&root, file));
    let mut plan = Plan {
        output: None,
        jobs: Vec::new(),
    };
    if !matches!(root.value, Value::Map(_)) {
        let hint = "a plan is `jobs:` with a list of `- profile: …` (see docs/ci.md)";
        c.wrong_type(&root, "", "a plan (a mapping with `jobs:`)", Some(hint));
    } else if let Some(mut f) = c.fields(&root, "") {
        plan.output = c.string(&mut f, "output");
        match f.get("jobs") {
            Some(node) if matches!(&node.value, Value::Seq(items) if items.is_empty()) => {
                c.error(node.span.clone(), "jobs", "the plan lists no jobs")
                    .hints
                    .push(
                        "add `- profile: me.yaml` under `jobs:`; an empty plan would build nothing"
                            .into(),
                    );
            }
            Some(node) => {
                // A lone `-` is a job with nothing in it, not one to skip.
                if let Value::Seq(items) = &node.value {
                    for (i, item) in items.iter().enumerate() {
                        if item.value == Value::Null {
                            c.error(item.span.clone(), &format!("jobs[{i}]"), "an empty job")
                                .hints
                                .push("every job names a `profile:`".into());
                        }
                    }
                }
                plan.jobs = c.seq(node, "jobs", |c, n, p| entry(c, n, p, file));
            }
            None => {
                c.error(
                    root.span.start..root.span.start + 1,
                    "jobs",
                    "missing `jobs`",
                )
                .hints
                .push("list the documents to make under `jobs:` (see docs/ci.md)".into());
            }
        }
        c.finish(f);
    }
    let diags = c.diagnostics;
    match diags.iter().any(Diagnostic::is_error) {
        true => Err(diags),
        false => Ok(plan),
    }
}

/// One job: `profile:` and its options.
fn entry(c: &mut Checker, node: &Node, path: &str, file: &Arc<SourceFile>) -> Option<Entry> {
    if !matches!(node.value, Value::Map(_)) {
        let hint = "write `- profile: me.yaml`, with options under it";
        c.wrong_type(node, path, "a job (`profile:` and options)", Some(hint));
        return None;
    }
    let mut f = c.fields(node, path)?;
    let profile_node = f.get("profile");
    let profile = c.required(&mut f, "profile", "job");
    let template = f.get("template").and_then(|n| {
        let t = c.scalar_string(n, &f.path("template"))?;
        Some((t, n.span.clone()))
    });
    let paper = c.paper(&mut f);
    let accent = c.accent(&mut f);
    let formats = c.formats(&mut f);
    let kind = c.choice(
        &mut f,
        "kind",
        KindArg::parse,
        "kind",
        "use resume, summary or all",
    );
    let max_pages = c.count(&mut f, "maxPages", "pages");
    let pdf_standard = c.pdf_standard(&mut f);
    let lang = c.lang(&mut f).map(|l| l.value);
    let font = c.string(&mut f, "font");
    let font_paths = c
        .spanned_strings(&mut f, "fontPaths")
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.value)
        .collect();
    let output = f.get("output").and_then(|n| {
        let s = c.scalar_string(n, &f.path("output"))?;
        if s.contains(['/', '\\']) || s.starts_with('.') {
            c.error(
                n.span.clone(),
                &f.path("output"),
                format!("`{s}` is not a file name"),
            )
            .hints
            .push("give a plain file name; the folder is the plan's `output`".into());
            return None;
        }
        Some(s)
    });
    let values = |v: Option<Vec<crate::profile::Spanned<String>>>| {
        v.map(|v| v.into_iter().map(|s| s.value).collect::<Vec<_>>())
    };
    let variant_at = f.get("variant").map(|n| n.span.clone());
    let variants = values(c.spanned_strings(&mut f, "variant")).unwrap_or_default();
    let tags = values(c.spanned_strings(&mut f, "tags"));
    let exclude_tags = values(c.spanned_strings(&mut f, "excludeTags"));
    let set = match f.get("set") {
        Some(n) => c.settings(n, &f.path("set")),
        None => Vec::new(),
    };
    let set = set
        .into_iter()
        .map(|s| crate::profile::Assignment {
            file: file.clone(),
            path: s.path.value,
            path_span: s.path.span,
            value: s.value,
        })
        .collect();
    let with = values(c.spanned_strings(&mut f, "with"))
        .unwrap_or_default()
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let letters = c.spanned_strings(&mut f, "letter").unwrap_or_default();
    let field = f.path("profile");
    c.finish(f);
    Some(Entry {
        profile: PathBuf::from(profile?),
        at: profile_node.map_or(node.span.clone(), |n| n.span.clone()),
        field,
        template,
        paper,
        accent,
        formats,
        kind,
        max_pages,
        pdf_standard,
        lang,
        font,
        font_paths,
        output,
        versions: jobs::Versions {
            variants,
            tags,
            exclude_tags,
            set,
        },
        variant_at,
        with,
        letters,
        job: path.to_string(),
    })
}
