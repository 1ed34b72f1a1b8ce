//! The documents to make: profiles from files, folders and globs, each opened once, times
//! templates and kinds, with their output names.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::args::Format;
use super::exit::Failure;
use super::printer::Reporter;
use crate::diag::{Diagnostic, Failed, SourceFile};
use crate::engine::{self, DEFAULT_TEMPLATE, Template};
use crate::output;
use crate::profile::LoadOptions;
use crate::render::{self, Opened};
use crate::view::Kind;

/// One document to make.
pub struct Job {
    pub profile: PathBuf,
    /// The profile and its photo, read once and shared by all its jobs; or why they could not be.
    pub opened: Result<Arc<Opened>, Failed>,
    pub template: Result<Template, Diagnostic>,
    pub kind: Kind,
    pub options: render::Options,
    pub format: Format,
    /// The PDF's path, or for PNG the path each page's number is added to.
    pub output: PathBuf,
    /// The output's name was given (a plan's `output:`), so it is never changed.
    pub named: bool,
    /// Where the job was asked for (`plan.yaml:4:5`, or the profile), for messages.
    pub origin: String,
    /// The plan entry that asks for it, to point at in messages.
    pub origin_at: Option<(Arc<SourceFile>, std::ops::Range<usize>)>,
}

impl Job {
    pub fn template_name(&self) -> &str {
        self.template.as_ref().map_or("?", Template::name)
    }
}

/// Profiles read once each, however many documents they make.
pub struct ProfileCache {
    options: LoadOptions,
    opened: HashMap<PathBuf, Result<Arc<Opened>, Failed>>,
}

impl ProfileCache {
    pub fn new(options: LoadOptions) -> Self {
        ProfileCache {
            options,
            opened: HashMap::new(),
        }
    }

    pub fn get(&mut self, path: &Path) -> Result<Arc<Opened>, Failed> {
        let options = self.options;
        self.opened
            .entry(path.to_path_buf())
            .or_insert_with(|| render::open(path, options).map(Arc::new))
            .clone()
    }
}

/// What a set of documents shares: options from flags or a plan entry.
pub struct JobSpec<'a> {
    pub options: render::Options,
    pub format: Format,
    pub kinds: &'static [Kind],
    pub output_dir: &'a Path,
    /// An explicit file name for the document (plans only).
    pub output_name: Option<&'a OsStr>,
    /// Where the plan asks for these documents (`plan.yaml:4:5`), and that place.
    pub origin: Option<(String, Arc<crate::diag::SourceFile>, std::ops::Range<usize>)>,
}

impl JobSpec<'_> {
    /// The documents for one profile: one per template, or the profile's own template.
    pub fn jobs(
        &self,
        path: &Path,
        opened: Result<Arc<Opened>, Failed>,
        templates: Option<&[Template]>,
    ) -> Vec<Job> {
        let chosen: Vec<Result<Template, Diagnostic>> = match (templates, &opened) {
            (Some(ts), _) => ts.iter().cloned().map(Ok).collect(),
            (None, Ok(o)) => vec![match &o.loaded.profile.meta.template {
                // A template folder named in a profile is relative to the profile.
                Some(name) => Template::resolve_all(&relative_to(path, &name.value))
                    .map(|mut ts| ts.remove(0))
                    .map_err(|d| {
                        d.at(&o.loaded.source, name.span.clone())
                            .field("meta.template")
                    }),
                None => Ok(DEFAULT_TEMPLATE.clone()),
            }],
            (None, Err(_)) => vec![Ok(DEFAULT_TEMPLATE.clone())],
        };
        let extension = match self.format {
            Format::Pdf => "pdf",
            Format::Png => "png",
        };
        let mut jobs = Vec::new();
        for template in chosen {
            for &kind in self.kinds {
                let name = template.as_ref().map_or("error", Template::name);
                let name = match kind {
                    Kind::Resume => name.to_string(),
                    Kind::Summary => format!("{name}-summary"),
                };
                let output = match self.output_name {
                    Some(file) if self.kinds.len() == 1 => self.output_dir.join(file),
                    Some(file) => {
                        let mut name = Path::new(file)
                            .file_stem()
                            .unwrap_or_default()
                            .to_os_string();
                        if kind == Kind::Summary {
                            name.push("-summary");
                        }
                        name.push(format!(".{extension}"));
                        self.output_dir.join(name)
                    }
                    None => output::document_path(self.output_dir, path, &name, extension),
                };
                jobs.push(Job {
                    profile: path.to_path_buf(),
                    opened: opened.clone(),
                    template: template.clone(),
                    kind,
                    options: self.options.clone(),
                    format: self.format,
                    output,
                    named: self.output_name.is_some(),
                    origin: self.origin.as_ref().map_or_else(
                        || format!("`{}`", path.display()),
                        |(text, ..)| text.clone(),
                    ),
                    origin_at: self
                        .origin
                        .as_ref()
                        .map(|(_, file, span)| (file.clone(), span.clone())),
                });
            }
        }
        jobs
    }
}

/// A template named in a file, as a path from the working folder: built-in names stay as they
/// are, relative folders are taken from the file's own folder.
pub fn relative_to(file: &Path, value: &str) -> String {
    let builtin = engine::assets::builtin(value).is_some() || value == "all";
    let joined = file.parent().unwrap_or(Path::new("")).join(value);
    // A bare word is a folder only if there is one; otherwise it is a (misspelt) built-in name.
    let path_like = value.contains(['/', '\\']) || joined.is_dir();
    match !builtin && path_like && !Path::new(value).is_absolute() {
        true => joined.to_string_lossy().into_owned(),
        false => value.to_string(),
    }
}

/// Profiles named on the command line: files, folders (the profiles inside) and glob patterns.
pub fn expand(inputs: &[PathBuf], reporter: &mut Reporter) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    let mut fail = |d: Diagnostic| {
        reporter.emit(&d);
        Failure::Input
    };
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| {
                    fail(Diagnostic::error(format!(
                        "cannot read folder `{}`: {e}",
                        input.display()
                    )))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_profile_name(p))
                // `vitae build .` names `me.yaml`, not `./me.yaml`.
                .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(fail(
                    Diagnostic::error(format!("no profiles in `{}`", input.display()))
                        .hint("profiles end in .yaml, .yml or .json"),
                ));
            }
            files.extend(found);
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text)
                .map_err(|e| fail(Diagnostic::error(format!("bad pattern `{text}`: {e}"))))?;
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(fail(Diagnostic::error(format!("no files match `{text}`"))));
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn is_profile_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// A job with nothing behind it, for tests of naming and scheduling.
#[cfg(test)]
pub fn test_job(profile: &str, output: &str, format: Format) -> Job {
    Job {
        profile: PathBuf::from(profile),
        opened: Err(Failed::input(Vec::new())),
        template: Err(Diagnostic::error("x")),
        kind: Kind::Resume,
        options: Default::default(),
        format,
        output: PathBuf::from(output),
        named: false,
        origin: format!("`{profile}`"),
        origin_at: None,
    }
}
