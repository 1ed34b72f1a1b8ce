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
use crate::profile::letter::Letter;
use crate::profile::{KindChoice, LoadOptions};
use crate::render::{self, Opened};
use crate::tailor::Tailoring;
use crate::view::Kind;

/// One document to make.
pub struct Job {
    pub profile: PathBuf,
    /// The variant of the profile it shows, if any.
    pub variant: Option<String>,
    /// The profile and its photo, read once and shared by all its jobs; or why they could not be.
    pub opened: Result<Arc<Opened>, Failed>,
    pub template: Result<Template, Diagnostic>,
    pub kind: Kind,
    pub options: render::Options,
    /// The formats written, in the canonical order (PDF first when asked for).
    pub formats: Vec<Format>,
    /// The path of the first format's file (for a paged format, the path each page's number
    /// is added to); the other formats' files take its name with their own extension.
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

    /// The file `format` writes (for a paged format, the path each page's number is added to).
    pub fn path(&self, format: Format) -> PathBuf {
        match self.formats.first() == Some(&format) {
            true => self.output.clone(),
            false => self.output.with_extension(format.name()),
        }
    }
}

/// Profiles read once each (with the same overlays), however many documents they make.
pub struct ProfileCache {
    options: LoadOptions,
    opened: HashMap<(PathBuf, Vec<PathBuf>), Result<Arc<Opened>, Failed>>,
}

impl ProfileCache {
    pub fn new(options: LoadOptions) -> Self {
        ProfileCache {
            options,
            opened: HashMap::new(),
        }
    }

    /// The profile at `path` with the overlays `with` merged over it.
    pub fn get(&mut self, path: &Path, with: &[PathBuf]) -> Result<Arc<Opened>, Failed> {
        let options = self.options;
        self.opened
            .entry((path.to_path_buf(), with.to_vec()))
            .or_insert_with(|| render::open_with(path, options, with).map(Arc::new))
            .clone()
    }
}

/// One version of a profile: its variant's name, and the tailored profile or why not.
pub type Version = (Option<String>, Result<Arc<Opened>, Failed>);

/// Which versions of each profile to make: variants (or `all`), tags and assignments, from
/// flags or a plan job.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Variant names; `all` is every variant of the profile; none is the profile as written.
    pub variants: Vec<String>,
    pub tags: Option<Vec<String>>,
    pub exclude_tags: Option<Vec<String>>,
    pub set: Vec<crate::profile::Assignment>,
}

impl Versions {
    /// The versions of one profile, each tailored once: its variant's name and the result.
    pub fn of(&self, opened: &Result<Arc<Opened>, Failed>) -> Vec<Version> {
        let names: Vec<Option<String>> = match (self.variants.iter().any(|v| v == "all"), opened) {
            (true, Ok(o)) if !o.loaded.profile.meta.variants.is_empty() => o
                .loaded
                .profile
                .meta
                .variants
                .iter()
                .map(|v| Some(v.name.value.clone()))
                .collect(),
            // A profile without variants is made as written.
            (true, _) => vec![None],
            (false, _) if self.variants.is_empty() => vec![None],
            (false, _) => self.variants.iter().cloned().map(Some).collect(),
        };
        names
            .into_iter()
            .map(|variant| {
                let tailoring = Tailoring {
                    variant: variant.clone(),
                    tags: self.tags.clone(),
                    exclude_tags: self.exclude_tags.clone(),
                    set: self.set.clone(),
                };
                let tailored = match opened {
                    Ok(o) => render::tailor(o, &tailoring).map(Arc::new),
                    Err(f) => Err(f.clone()),
                };
                (variant, tailored)
            })
            .collect()
    }
}

/// What a set of documents shares: options from flags or a plan entry.
pub struct JobSpec<'a> {
    pub options: render::Options,
    /// The formats to write; `None`: the profile's `meta.format`, else PDF.
    pub formats: Option<Vec<Format>>,
    /// The kinds to make; `None`: the variant's `kind`, else the résumé.
    pub kinds: Option<&'static [Kind]>,
    pub versions: Versions,
    pub output_dir: &'a Path,
    /// An explicit file name for the document (plans only).
    pub output_name: Option<&'a OsStr>,
    /// Where the plan asks for these documents (`plan.yaml:4:5`), and that place.
    pub origin: Option<(String, Arc<crate::diag::SourceFile>, std::ops::Range<usize>)>,
    /// Cover letters to make (each a document of its own); with letters, the résumé and
    /// summary are made only when `kinds` asks for them.
    pub letters: Vec<LetterInput>,
}

/// A letter file named by a flag or a plan: read, or why it could not be.
pub type LetterInput = (PathBuf, Result<Arc<Letter>, Failed>);

/// Read every letter `paths` name (files, or the letters in folders), each once; `strict` as
/// for profiles. What reading them warned about is in each letter's `warnings`.
pub fn letters(paths: &[PathBuf], strict: bool) -> Result<Vec<LetterInput>, Diagnostic> {
    let mut out: Vec<LetterInput> = Vec::new();
    for path in paths {
        for file in crate::profile::letter::find(path)? {
            if out.iter().any(|(p, _)| *p == file) {
                continue;
            }
            let read = crate::files::read(&file, crate::limits::MAX_TEXT_BYTES)
                .map_err(|e| {
                    Failed::input(vec![
                        Diagnostic::error(format!(
                            "cannot read the letter `{}`: {e}",
                            file.display()
                        ))
                        .hint("give a letter file (.yaml or .json) or a folder of them"),
                    ])
                })
                .and_then(|bytes| {
                    crate::profile::letter::load(&file.display().to_string(), &bytes, strict)
                        .map_err(Failed::input)
                })
                .map(Arc::new);
            out.push((file, read));
        }
    }
    Ok(out)
}

/// Show what reading the letters warned about, once each.
pub fn letter_warnings(letters: &[LetterInput], reporter: &mut Reporter) {
    for (_, letter) in letters {
        if let Ok(l) = letter {
            l.warnings.iter().for_each(|w| reporter.emit(w));
        }
    }
}

/// What one call of `version_jobs` makes: the profile's own documents, or one letter.
#[derive(Clone, Copy)]
enum Making<'l> {
    Documents,
    Letter(&'l LetterInput),
}

impl JobSpec<'_> {
    /// The documents for one profile: per version (variant), one per template, or the
    /// version's own template; then each letter, from the version its `variant` names.
    pub fn jobs(
        &self,
        path: &Path,
        opened: Result<Arc<Opened>, Failed>,
        templates: Option<&[Template]>,
    ) -> Vec<Job> {
        let versions = self.versions.of(&opened);
        let several = versions.len() > 1;
        let mut jobs = Vec::new();
        if self.letters.is_empty() || self.kinds.is_some() {
            for (variant, opened) in &versions {
                jobs.extend(self.version_jobs(
                    path,
                    opened.clone(),
                    variant.as_deref(),
                    several,
                    templates,
                    Making::Documents,
                ));
            }
        }
        for letter in &self.letters {
            let own = match (&letter.1, self.versions.variants.is_empty()) {
                (Ok(l), true) => l.variant.as_ref().map(|v| v.value.clone()),
                _ => None,
            };
            let versions = match own {
                // A variant the profile lacks is reported where the letter names it.
                Some(v) => Versions {
                    variants: vec![v],
                    ..self.versions.clone()
                }
                .of(&opened)
                .into_iter()
                .map(|(variant, tailored)| {
                    let tailored = tailored.map_err(|mut f| {
                        if let Ok(l) = &letter.1
                            && let Some(at) = &l.variant
                        {
                            for d in f.diagnostics.iter_mut().filter(|d| d.location.is_none()) {
                                *d = d.clone().at(&l.file, at.span.clone()).field("variant");
                            }
                        }
                        f
                    });
                    (variant, tailored)
                })
                .collect(),
                None => versions.clone(),
            };
            for (variant, opened) in versions {
                jobs.extend(self.version_jobs(
                    path,
                    opened,
                    variant.as_deref(),
                    several,
                    templates,
                    Making::Letter(letter),
                ));
            }
        }
        jobs
    }

    fn version_jobs(
        &self,
        path: &Path,
        opened: Result<Arc<Opened>, Failed>,
        variant: Option<&str>,
        several: bool,
        templates: Option<&[Template]>,
        making: Making,
    ) -> Vec<Job> {
        // A letter that cannot be read fails its documents with its own problems.
        let opened = match making {
            Making::Letter((_, Err(f))) => Err(f.clone()),
            _ => opened,
        };
        let chosen: Vec<Result<Template, Diagnostic>> = match (templates, &opened) {
            (Some(ts), _) => ts.iter().cloned().map(Ok).collect(),
            (None, Ok(o)) => vec![match &o.loaded.profile.meta.template {
                // A template folder named in a profile is relative to the profile.
                Some(name) => Template::resolve_all(&relative_to(path, &name.value))
                    .map(|mut ts| ts.remove(0))
                    .map_err(|d| o.loaded.at(d, name.span.clone()).field("meta.template")),
                None => Ok(DEFAULT_TEMPLATE.clone()),
            }],
            (None, Err(_)) => vec![Ok(DEFAULT_TEMPLATE.clone())],
        };
        let formats = self.formats.clone().unwrap_or_else(|| {
            match opened.as_ref().map(|o| &o.loaded.profile.meta.formats) {
                Ok(fs) if !fs.is_empty() => fs.clone(),
                _ => vec![Format::Pdf],
            }
        });
        let extension = formats[0].name();
        let kinds = match making {
            Making::Letter(_) => &[Kind::Letter],
            Making::Documents => {
                self.kinds
                    .unwrap_or(match opened.as_ref().ok().and_then(|o| o.kind) {
                        Some(KindChoice::Summary) => &[Kind::Summary],
                        Some(KindChoice::Both) => &[Kind::Resume, Kind::Summary],
                        _ => &[Kind::Resume],
                    })
            }
        };
        // Several documents from one spec never share the one name a plan gives.
        let single = !several
            && match making {
                Making::Letter(_) => self.letters.len() == 1 && self.kinds.is_none(),
                Making::Documents => kinds.len() == 1 && self.letters.is_empty(),
            };
        let letter_name = match making {
            Making::Letter((p, l)) => Some(match l {
                Ok(l) => l.name.clone(),
                Err(_) => p
                    .file_stem()
                    .map_or("letter".into(), |s| s.to_string_lossy().into_owned()),
            }),
            Making::Documents => None,
        };
        let mut options = self.options.clone();
        if let Making::Letter((_, Ok(l))) = making {
            options.letter = Some(l.clone());
        }
        if let Ok(o) = &opened {
            options.max_pages = options.max_pages.or(o.max_pages);
        }
        let mut jobs = Vec::new();
        for template in chosen {
            for &kind in kinds {
                let name = template.as_ref().map_or("error", Template::name);
                let name = match variant {
                    Some(v) => format!("{v}-{name}"),
                    None => name.to_string(),
                };
                let name = match kind {
                    Kind::Resume => name,
                    Kind::Summary => format!("{name}-summary"),
                    Kind::Letter => {
                        format!("{name}-letter-{}", letter_name.as_deref().unwrap_or(""))
                    }
                };
                let output = match self.output_name {
                    Some(file) if single => self.output_dir.join(file),
                    Some(file) => {
                        let mut name = Path::new(file)
                            .file_stem()
                            .unwrap_or_default()
                            .to_os_string();
                        if let Some(v) = variant.filter(|_| several) {
                            name.push(format!("-{v}"));
                        }
                        if kind == Kind::Summary {
                            name.push("-summary");
                        }
                        if let Some(l) = letter_name.as_deref().filter(|_| kind == Kind::Letter) {
                            name.push(format!("-letter-{l}"));
                        }
                        name.push(format!(".{extension}"));
                        self.output_dir.join(name)
                    }
                    None => output::document_path(self.output_dir, path, &name, extension),
                };
                jobs.push(Job {
                    profile: path.to_path_buf(),
                    variant: variant.map(str::to_string),
                    opened: opened.clone(),
                    template: template.clone(),
                    kind,
                    options: options.clone(),
                    formats: formats.clone(),
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

impl super::args::TailorArgs {
    /// The versions the flags ask for; a malformed `--set` is a usage error.
    pub fn versions(&self, reporter: &mut Reporter) -> Result<Versions, Failure> {
        let mut set = Vec::new();
        let mut bad = false;
        for arg in &self.set {
            match crate::profile::Assignment::parse_arg(arg) {
                Ok(a) => set.push(a),
                Err(d) => {
                    reporter.emit(&d);
                    bad = true;
                }
            }
        }
        if bad {
            return Err(Failure::Usage);
        }
        Ok(Versions {
            variants: self.variant.iter().map(|v| v.trim().to_string()).collect(),
            tags: self.tags.clone(),
            exclude_tags: self.exclude_tags.clone(),
            set,
        })
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
    for input in inputs {
        files.extend(find(input).map_err(|d| {
            reporter.emit(&d);
            Failure::Input
        })?);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

/// The profiles one input names: a file, the profiles in a folder, or a glob's matches.
pub fn find(input: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let text = input.to_string_lossy();
    if input.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| {
                Diagnostic::error(format!("cannot read folder `{}`: {e}", input.display()))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_profile_name(p))
            // `vitae build .` names `me.yaml`, not `./me.yaml`.
            .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(
                Diagnostic::error(format!("no profiles in `{}`", input.display()))
                    .hint("profiles end in .yaml, .yml or .json"),
            );
        }
        Ok(found)
    } else if !input.exists() && text.contains(['*', '?', '[']) {
        let paths = glob::glob(&text)
            .map_err(|e| Diagnostic::error(format!("bad pattern `{text}`: {e}")))?;
        let mut found: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(Diagnostic::error(format!("no files match `{text}`")));
        }
        Ok(found)
    } else {
        Ok(vec![input.to_path_buf()])
    }
}

/// A profile's file name: `.yaml`, `.yml` or `.json`, but not a JSON Schema written beside
/// it (`vitae.schema.json`, from `vitae new`).
pub fn is_profile_name(p: &Path) -> bool {
    let schema = p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".schema.json"));
    !schema
        && matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        )
}

/// A job with nothing behind it, for tests of naming and scheduling.
#[cfg(test)]
pub fn test_job(profile: &str, output: &str, format: Format) -> Job {
    Job {
        profile: PathBuf::from(profile),
        variant: None,
        opened: Err(Failed::input(Vec::new())),
        template: Err(Diagnostic::error("x")),
        kind: Kind::Resume,
        options: Default::default(),
        formats: vec![format],
        output: PathBuf::from(output),
        named: false,
        origin: format!("`{profile}`"),
        origin_at: None,
    }
}
