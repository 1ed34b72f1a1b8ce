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
//!     format: pdf              # or png
//!     kind: all                # resume (default), summary, or all (both)
//!     maxPages: 2              # fit the résumé into 2 pages
//!     output: ada-backend.pdf  # file name inside the output folder
//! ```
//!
//! Paths are relative to the plan file. Plans get the same located diagnostics as profiles.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::ffi::OsStr;

use super::args::{BuildArgs, Format, KindArg};
use super::exit::Failure;
use super::jobs::{self, Job, JobSpec, ProfileCache};
use super::printer::Reporter;
use crate::diag::Failed;
use crate::diag::{Diagnostic, SourceFile, did_you_mean};
use crate::engine::Template;
use crate::profile::source;
use crate::profile::tree::{self, Key, Node, Value};
use crate::profile::{Color, LoadOptions, Paper};
use crate::render;

const PLAN_KEYS: [&str; 2] = ["output", "jobs"];
const JOB_KEYS: [&str; 8] = [
    "profile", "template", "paper", "accent", "format", "kind", "maxPages", "output",
];

/// Read a plan and turn it into jobs. Command-line flags override the plan's settings.
pub fn jobs(
    path: &Path,
    args: &BuildArgs,
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
        .clone()
        .unwrap_or_else(|| base.join(entries.output.as_deref().unwrap_or("output")));
    let mut cache = ProfileCache::new(options);
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for entry in &entries.jobs {
        let profile = base.join(&entry.profile);
        let template = args
            .render
            .template
            .as_ref()
            .or(entry.template.as_ref().map(|(t, _)| t));
        let templates = match template {
            Some(value) => {
                // Template folders in a plan are relative to the plan too.
                let value = match args.render.template.is_some() {
                    true => value.clone(),
                    false => jobs::relative_to(path, value),
                };
                match Template::resolve_all(&value) {
                    Ok(ts) => Some(ts),
                    Err(d) => {
                        let d = match &entry.template {
                            Some((_, span)) if args.render.template.is_none() => {
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
        let spec = JobSpec {
            options: render::Options {
                paper: flags.paper.or(entry.paper),
                accent: flags.accent.clone().or_else(|| entry.accent.clone()),
                max_pages: flags.max_pages.or(entry.max_pages),
                ..flags.clone()
            },
            format: args.format.or(entry.format).unwrap_or(Format::Pdf),
            kinds: args.kind.or(entry.kind).unwrap_or(KindArg::Resume).kinds(),
            output_dir: &output_dir,
            output_name: entry.output.as_deref().map(OsStr::new),
            origin: Some((
                format!("{}:{line}:{col}", file.name),
                file.clone(),
                entry.at.clone(),
            )),
        };
        // A profile that cannot be read is reported where the plan names it.
        let loaded = cache.get(&profile).map_err(|failed| Failed {
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
        jobs.extend(spec.jobs(&profile, loaded, templates.as_deref()));
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
    format: Option<Format>,
    kind: Option<KindArg>,
    max_pages: Option<usize>,
    output: Option<String>,
}

/// Parse and validate, reporting every problem.
fn read(file: &Arc<SourceFile>) -> Result<Plan, Vec<Diagnostic>> {
    let root = tree::parse(&file.text, &crate::limits::Tree::default())
        .map_err(|e| crate::profile::syntax_diagnostics(file, e))?;
    let mut diags = source::check_strings(&root, file);
    let mut plan = Plan {
        output: None,
        jobs: Vec::new(),
    };
    let Value::Map(entries) = &root.value else {
        return Err(vec![
            Diagnostic::error("a plan is a mapping with `jobs:`")
                .at(file, root.span.clone())
                .hint("see docs/ci.md for an example"),
        ]);
    };
    unknown_keys(file, entries, "", &PLAN_KEYS, &mut diags);
    for (key, node) in entries {
        match key.name.as_str() {
            "output" => plan.output = text(file, node, "output", &mut diags),
            "jobs" => match &node.value {
                Value::Seq(items) if items.is_empty() => diags.push(
                    Diagnostic::error("the plan lists no jobs")
                        .at(file, node.span.clone())
                        .field("jobs")
                        .hint("add `- profile: me.yaml` under `jobs:`; an empty plan would build nothing"),
                ),
                Value::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(e) = entry(file, item, &format!("jobs[{i}]"), &mut diags) {
                            plan.jobs.push(e);
                        }
                    }
                }
                _ => diags.push(wrong(file, node, "jobs", "a list of jobs")),
            },
            _ => {}
        }
    }
    if !entries.iter().any(|(k, _)| k.name == "jobs") {
        diags.push(
            Diagnostic::error("missing `jobs`")
                .at(file, root.span.start..root.span.start + 1)
                .hint("list the documents to make under `jobs:`"),
        );
    }
    match diags.iter().any(Diagnostic::is_error) {
        true => Err(diags),
        false => Ok(plan),
    }
}

fn entry(
    file: &Arc<SourceFile>,
    node: &Node,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let Value::Map(entries) = &node.value else {
        diags.push(wrong(file, node, path, "a job (`profile:` and options)"));
        return None;
    };
    unknown_keys(file, entries, path, &JOB_KEYS, diags);
    let get = |k: &str| {
        entries
            .iter()
            .find(|(key, _)| key.name == k)
            .map(|(_, v)| v)
    };
    let field = |k: &str| format!("{path}.{k}");
    let profile_node = get("profile");
    let Some(profile) = profile_node.and_then(|n| text(file, n, &field("profile"), diags)) else {
        diags.push(
            Diagnostic::error("missing `profile`")
                .at(file, node.span.start..node.span.start + 1)
                .field(path)
                .hint("every job names a profile file"),
        );
        return None;
    };
    let template = get("template")
        .and_then(|n| text(file, n, &field("template"), diags).map(|t| (t, n.span.clone())));
    let paper = choice(
        file,
        get("paper"),
        &field("paper"),
        diags,
        Paper::parse,
        "paper size",
        "use a4 or letter",
    );
    let accent = choice(
        file,
        get("accent"),
        &field("accent"),
        diags,
        Color::parse,
        "colour",
        "write it as \"#rrggbb\"",
    );
    let format = choice(
        file,
        get("format"),
        &field("format"),
        diags,
        Format::parse,
        "format",
        "use pdf or png",
    );
    let kind = choice(
        file,
        get("kind"),
        &field("kind"),
        diags,
        KindArg::parse,
        "kind",
        "use resume, summary or all",
    );
    let max_pages = get("maxPages").and_then(|n| match &n.value {
        Value::Number(v) if v.parse::<usize>().is_ok_and(|v| v >= 1) => v.parse().ok(),
        _ => {
            let d = match &n.value {
                Value::Number(v) => Diagnostic::error(format!("`maxPages` is {v}"))
                    .at(file, n.span.clone())
                    .field(field("maxPages"))
                    .hint("give a whole number of pages, 1 or more"),
                _ => wrong(file, n, &field("maxPages"), "a number of pages (1 or more)"),
            };
            diags.push(d);
            None
        }
    });
    let output = get("output").and_then(|n| {
        let s = text(file, n, &field("output"), diags)?;
        if s.contains(['/', '\\']) || s.starts_with('.') {
            diags.push(
                Diagnostic::error(format!("`{s}` is not a file name"))
                    .at(file, n.span.clone())
                    .field(field("output"))
                    .hint("give a plain file name; the folder is the plan's `output`"),
            );
            return None;
        }
        Some(s)
    });
    Some(Entry {
        profile: PathBuf::from(profile),
        at: profile_node.map_or(node.span.clone(), |n| n.span.clone()),
        field: field("profile"),
        template,
        paper,
        accent,
        format,
        kind,
        max_pages,
        output,
    })
}

/// A text option that must be one of a few values: parsed, or reported with a hint.
fn choice<T>(
    file: &Arc<SourceFile>,
    node: Option<&Node>,
    field: &str,
    diags: &mut Vec<Diagnostic>,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    hint: &str,
) -> Option<T> {
    let node = node?;
    let s = text(file, node, field, diags)?;
    let value = parse(&s);
    if value.is_none() {
        let d = Diagnostic::error(format!("unknown {what} `{s}`")).at(file, node.span.clone());
        diags.push(d.field(field).hint(hint));
    }
    value
}

fn text(
    file: &Arc<SourceFile>,
    node: &Node,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match &node.value {
        Value::Str(s) | Value::Number(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => {
            diags.push(wrong(file, node, path, "text"));
            None
        }
    }
}

fn wrong(file: &Arc<SourceFile>, node: &Node, path: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "expected {expected}, found {}",
        node.value.describe()
    ))
    .at(file, node.span.clone())
    .field(path)
}

fn unknown_keys(
    file: &Arc<SourceFile>,
    entries: &[(Key, Node)],
    path: &str,
    known: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for (key, _) in entries {
        if known.contains(&key.name.as_str()) {
            continue;
        }
        let field = if path.is_empty() {
            key.name.clone()
        } else {
            format!("{path}.{}", key.name)
        };
        let d = Diagnostic::error(format!("unknown field `{}`", key.name))
            .at(file, key.span.clone())
            .field(field);
        diags.push(match did_you_mean(&key.name, known.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint(format!("fields here: {}", known.join(", "))),
        });
    }
}
