//! Typst, hermetically: a `World` over embedded templates, embedded fonts and one data file.
//!
//! An [`Engine`] is built once per process and shared by every document: fonts are indexed
//! once and parsed on first use, the standard library is built once, and template sources are
//! parsed once. User text reaches Typst only as JSON data, never as source.

pub mod assets;
pub mod icons;
pub mod inspect;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, SourceFile};

pub use assets::{Builtin, TEMPLATES};

/// The template a document is laid out with.
#[derive(Debug, Clone)]
pub enum Template {
    Builtin(&'static Builtin),
    /// A user's directory with a `resume.typ`; it may read files inside that directory only.
    Dir {
        name: String,
        root: PathBuf,
    },
}

impl Template {
    /// The name used in output file names and messages.
    pub fn name(&self) -> &str {
        match self {
            Template::Builtin(b) => b.name,
            Template::Dir { name, .. } => name,
        }
    }

    /// Open a template directory, checking that it has an entry point.
    pub fn dir(path: &Path) -> Result<Template, String> {
        let root = path.canonicalize().map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "no such folder".to_string(),
                _ => e.to_string(),
            };
            format!("cannot open template folder `{}`: {reason}", path.display())
        })?;
        if !root.join("resume.typ").is_file() {
            return Err(format!(
                "the template folder `{}` has no `resume.typ`",
                path.display()
            ));
        }
        let name = root
            .file_name()
            .map_or_else(|| "custom".into(), |n| n.to_string_lossy().into_owned());
        Ok(Template::Dir { name, root })
    }
}

/// The template used when neither a flag nor the profile names one.
pub static DEFAULT_TEMPLATE: Template = Template::Builtin(&TEMPLATES[0]);

impl Template {
    /// A built-in name, `all` (every built-in template), or a folder holding a `resume.typ`.
    pub fn resolve_all(value: &str) -> Result<Vec<Template>, Diagnostic> {
        if value == "all" {
            return Ok(TEMPLATES.iter().map(Template::Builtin).collect());
        }
        Template::resolve(value).map(|t| vec![t])
    }

    /// A built-in name or a template folder.
    pub fn resolve(value: &str) -> Result<Template, Diagnostic> {
        if let Some(b) = assets::builtin(value) {
            return Ok(Template::Builtin(b));
        }
        let path = Path::new(value);
        if path.is_dir() || value.contains(['/', '\\']) {
            return Template::dir(path).map_err(|m| {
                Diagnostic::error(m).hint("a template folder holds a `resume.typ`; `vitae template export classic DIR` writes one to start from")
            });
        }
        Err(unknown_template(value))
    }
}

/// "unknown template `moden`", with the closest built-in name or the list of them.
pub fn unknown_template(name: &str) -> Diagnostic {
    let names = TEMPLATES.iter().map(|t| t.name);
    let d = Diagnostic::error(format!("unknown template `{name}`"));
    match crate::diag::did_you_mean(name, names.clone()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!(
            "templates: {}",
            names.collect::<Vec<_>>().join(", ")
        )),
    }
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Builtin({})", self.name)
    }
}

pub use crate::photo::Photo;
use crate::profile::Date;

/// Shared, immutable compilation resources.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<FontSlot>,
    sources: Mutex<HashMap<FileId, Source>>,
    /// Documents finished (see [`Engine::finished`]).
    finished: AtomicUsize,
}

/// The stack of a thread that compiles: Typst recurses deeply on large documents.
pub const STACK_SIZE: usize = 32 << 20;

/// Documents between two hand-backs of free memory to the system: cheap next to a compile,
/// and every 16 documents keeps a 3,000-document run at 80–100 MiB instead of ~300.
const RELEASE_EVERY: usize = 16;

/// A font face, parsed the first time a document uses it.
struct FontSlot {
    data: Bytes,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Fonts beyond the embedded ones: folders given with `--font-path`, and the system's with
/// `--system-fonts`. Embedded fonts are always there; nothing else is read unless asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontOptions {
    pub paths: Vec<PathBuf>,
    pub system: bool,
}

/// One document to compile.
pub struct Input<'a> {
    pub template: &'a Template,
    /// The view, serialised; served at `/vitae/data.json`.
    pub data: Bytes,
    pub photo: Option<&'a Photo>,
    /// The document's date: `today()` and the PDF creation date.
    pub date: Option<Date>,
}

/// A laid-out document and what Typst warned about (placed in the template's source).
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<Diagnostic>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Self::with_fonts(&FontOptions::default()).expect("the embedded fonts need no files")
    }

    /// An engine with the embedded fonts and those `fonts` asks for. A font folder that cannot
    /// be read, or holds no font, is a problem.
    pub fn with_fonts(options: &FontOptions) -> Result<Engine, Diagnostic> {
        let mut book = FontBook::new();
        let mut fonts = Vec::new();
        let mut add = |data: Bytes, faces: Vec<(u32, FontInfo)>| {
            for (index, info) in faces {
                book.push(info);
                fonts.push(FontSlot {
                    data: data.clone(),
                    index,
                    font: OnceLock::new(),
                });
            }
        };
        // The embedded faces as the precomputed book has them; a file it lacks is read.
        let mut stored: HashMap<String, Vec<(u32, FontInfo)>> =
            serde_json::from_str(assets::FONT_BOOK).unwrap_or_default();
        for (name, data) in assets::FONTS.iter().chain(assets::SCRIPT_FONTS) {
            let data = Bytes::new(*data);
            let faces = stored.remove(*name).unwrap_or_else(|| faces(&data));
            add(data, faces);
        }
        let mut db = fontdb::Database::new();
        for dir in &options.paths {
            if !dir.is_dir() {
                return Err(Diagnostic::error(format!(
                    "cannot read the font folder `{}`: not a folder",
                    dir.display()
                ))
                .hint("give a folder holding .ttf, .otf, .ttc or .otc files"));
            }
            let before = db.len();
            db.load_fonts_dir(dir);
            if db.len() == before {
                return Err(
                    Diagnostic::error(format!("no fonts in `{}`", dir.display())).hint(
                        "vitae reads .ttf, .otf, .ttc and .otc files in the folder and below",
                    ),
                );
            }
        }
        if options.system {
            db.load_system_fonts();
        }
        // Each file once, however many faces it holds.
        let mut files: Vec<PathBuf> = db
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        files.sort();
        files.dedup();
        for path in files {
            if let Ok(bytes) = crate::files::read(&path, crate::limits::MAX_FONT_BYTES) {
                let data = Bytes::new(bytes);
                let found = faces(&data);
                add(data, found);
            }
        }
        Ok(Engine {
            library: LazyHash::new(library()),
            book: LazyHash::new(book),
            fonts,
            sources: Mutex::new(HashMap::new()),
            finished: AtomicUsize::new(0),
        })
    }

    /// Whether some font of the engine draws `c`: Typst falls back over every font, character
    /// by character, so one that has it is enough.
    pub fn covers(&self, c: char) -> bool {
        (0..)
            .map_while(|i| self.book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    /// The font families the engine has, sorted.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self.book.families().map(|(f, _)| f.to_string()).collect();
        names.sort();
        names
    }

    /// Lay out one document.
    /// Typst's problems come back as diagnostics placed in the template's source.
    pub fn compile(&self, input: &Input) -> Result<Compiled, Vec<Diagnostic>> {
        let world = DocWorld::new(self, input);
        let warned = typst::compile::<PagedDocument>(&world);
        let warnings = world.diagnostics(&warned.warnings);
        match warned.output {
            Ok(document) => Ok(Compiled { document, warnings }),
            Err(errors) => Err(world.diagnostics(&errors)),
        }
    }

    /// Export to PDF with pinned metadata, so the same input gives the same bytes.
    pub fn pdf(
        &self,
        document: &PagedDocument,
        date: Option<Date>,
        standard: Option<crate::profile::PdfStandard>,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        use crate::profile::PdfStandard;
        let standards = match standard {
            None => Ok(typst_pdf::PdfStandards::default()),
            Some(s) => typst_pdf::PdfStandards::new(&[match s {
                PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
                PdfStandard::A3b => typst_pdf::PdfStandard::A_3b,
                PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
            }]),
        }
        .map_err(|e| vec![Diagnostic::error(e.message().to_string())])?;
        let options = typst_pdf::PdfOptions {
            standards,
            ident: Smart::Custom("vitae".into()),
            creator: Smart::Custom(Some(format!("vitae {}", env!("CARGO_PKG_VERSION")))),
            timestamp: date.and_then(datetime).map(typst_pdf::Timestamp::new_utc),
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|errors| {
            errors
                .iter()
                .map(|d| {
                    let mut diag = Diagnostic::error(d.message.to_string());
                    diag.hints = d.hints.iter().map(|h| h.v.to_string()).collect();
                    diag
                })
                .collect()
        })
    }

    /// Where each page's text starts and ends, as fractions of the page height from the top
    /// (`(0, 0)` for a page without text). The bottom 8 %, where page numbers sit, is ignored,
    /// so a last page holding only a few lines ends near its top.
    pub fn page_extents(document: &PagedDocument) -> Vec<(f64, f64)> {
        fn walk(frame: &typst::layout::Frame, dy: f64, limit: f64, extent: &mut (f64, f64)) {
            for (point, item) in frame.items() {
                let y = dy + point.y.to_pt();
                match item {
                    typst::layout::FrameItem::Group(g) => {
                        walk(&g.frame, y + g.transform.ty.to_pt(), limit, extent)
                    }
                    typst::layout::FrameItem::Text(t) if y <= limit => {
                        // `y` is the baseline: ascenders above it, descenders below.
                        extent.0 = extent.0.min(y - t.size.to_pt() * 0.8);
                        extent.1 = extent.1.max(y + t.size.to_pt() * 0.3);
                    }
                    _ => {}
                }
            }
        }
        document
            .pages()
            .iter()
            .map(|page| {
                let height = page.frame.height().to_pt();
                let mut extent = (f64::INFINITY, 0.0);
                walk(&page.frame, 0.0, height * 0.92, &mut extent);
                match extent.0.is_finite() {
                    true => (extent.0.max(0.0) / height, extent.1 / height),
                    false => (0.0, 0.0),
                }
            })
            .collect()
    }

    /// Render one page (0-based) to PNG at `ppi` pixels per inch.
    pub fn png(&self, document: &PagedDocument, page: usize, ppi: f32) -> Result<Vec<u8>, String> {
        let page = document.pages().get(page).ok_or("no such page")?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
            ..typst_render::RenderOptions::default()
        };
        typst_render::render(page, &options)
            .encode_png()
            .map_err(|e| e.to_string())
    }

    /// Page `page` of a document as SVG (text as outlines, links kept).
    pub fn svg(document: &PagedDocument, page: usize) -> String {
        match document.pages().get(page) {
            Some(p) => typst_svg::svg(p, &typst_svg::SvgOptions::default()),
            None => String::new(),
        }
    }

    /// Call after each document, with the number of workers sharing this engine: drops the
    /// memoised results that the last two documents of each worker did not use, so memory
    /// stays flat however long the run, while a document's own fitting compiles (and a
    /// résumé's summary right after it) still find theirs. Every few documents the freed
    /// memory is handed back to the system too (see [`release_free_memory`]).
    pub fn finished(&self, workers: usize) {
        comemo::evict(2 * workers.max(1));
        if self.finished.fetch_add(1, Ordering::Relaxed) % RELEASE_EVERY == RELEASE_EVERY - 1 {
            release_free_memory();
        }
    }

    fn source(&self, id: FileId, text: &'static str) -> Source {
        let mut cache = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(id)
            .or_insert_with(|| Source::new(id, text.to_string()))
            .clone()
    }
}

/// Typst's standard library with `plugin` refused: templates are presentation, and a
/// WebAssembly plugin could run forever or compute what the data-only contract keeps out.
fn library() -> Library {
    let mut library = Library::builder().build();
    library.global.scope_mut().define("plugin", &NO_PLUGINS);
    library.std = typst::foundations::Binding::detached(library.global.clone());
    library
}

/// `plugin(…)` in a vitae template: an error that says why.
static NO_PLUGINS: typst::foundations::NativeFuncData = typst::foundations::NativeFuncData {
    function: typst::foundations::NativeFuncPtr(&refuse_plugin),
    name: "plugin",
    title: "Plugin",
    docs: "WebAssembly plugins are not allowed in vitae templates.",
    def_site: None,
    keywords: &[],
    contextual: false,
    scope: std::sync::LazyLock::new(&|| typst::foundations::Scope::new()),
    params: std::sync::LazyLock::new(&|| Vec::new()),
    returns: std::sync::LazyLock::new(&|| typst::foundations::CastInfo::Any),
};

fn refuse_plugin(
    _: &mut typst::engine::Engine,
    _: comemo::Tracked<typst::foundations::Context>,
    args: &mut typst::foundations::Args,
) -> typst::diag::SourceResult<typst::foundations::Value> {
    typst::diag::bail!(
        args.span,
        "WebAssembly plugins are not allowed in vitae templates";
        hint: "a template lays out the data it is given; compute in the profile, not the template"
    )
}

/// Give the memory the allocator holds free back to the system. glibc keeps what a long run
/// frees (evicted memo entries, finished documents) in its heaps, so without this a batch's
/// resident memory creeps up with the number of documents although live memory is flat.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: glibc's malloc_trim only returns free pages to the kernel; it takes no
        // pointers and is safe to call from any thread at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

fn ttf_count(data: &[u8]) -> u32 {
    if data.starts_with(b"ttcf") && data.len() >= 12 {
        u32::from_be_bytes([data[8], data[9], data[10], data[11]])
    } else {
        1
    }
}

fn datetime(d: Date) -> Option<Datetime> {
    Datetime::from_ymd(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

pub fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

/// The world of one document: the engine's shared parts plus this document's data.
struct DocWorld<'a> {
    engine: &'a Engine,
    input: &'a Input<'a>,
    main: FileId,
    data_id: FileId,
}

impl<'a> DocWorld<'a> {
    fn new(engine: &'a Engine, input: &'a Input<'a>) -> Self {
        let main = match input.template {
            Template::Builtin(b) => b.files[0].0,
            Template::Dir { .. } => assets::CUSTOM_MAIN,
        };
        DocWorld {
            engine,
            input,
            main: file_id(main),
            data_id: file_id(assets::DATA_PATH),
        }
    }

    /// A built-in template file or the common helpers, by id.
    fn embedded(&self, id: FileId) -> Option<&'static str> {
        let path = id.vpath().get_with_slash();
        if let Some((_, text)) = assets::SHARED.iter().find(|(p, _)| *p == path) {
            return Some(text);
        }
        match self.input.template {
            Template::Builtin(b) => b
                .files
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| *text),
            Template::Dir { .. } => None,
        }
    }

    /// A file of a custom template, read from its directory; nothing outside it is reachable,
    /// nothing but regular files of bounded size is read, and WebAssembly plugins are refused.
    fn custom_file(&self, id: FileId) -> Option<FileResult<Vec<u8>>> {
        let Template::Dir { root, .. } = self.input.template else {
            return None;
        };
        let rel = id
            .vpath()
            .get_with_slash()
            .strip_prefix(assets::CUSTOM_ROOT)?
            .strip_prefix('/')?;
        let path = root.join(rel);
        Some(match path.canonicalize() {
            Ok(real) if real.starts_with(root) => {
                match crate::files::read(&real, crate::limits::MAX_TEMPLATE_FILE_BYTES) {
                    Ok(bytes) if bytes.starts_with(b"\0asm") => Err(FileError::Other(Some(
                        "WebAssembly plugins are not allowed in vitae templates".into(),
                    ))),
                    Ok(bytes) => Ok(bytes),
                    Err(crate::files::ReadError::NotFound) => Err(FileError::NotFound(real)),
                    Err(crate::files::ReadError::IsADirectory) => Err(FileError::IsDirectory),
                    Err(e) => Err(FileError::Other(Some(
                        format!("cannot read `{}`: {e}", real.display()).into(),
                    ))),
                }
            }
            Ok(_) => Err(FileError::AccessDenied),
            Err(e) => Err(FileError::from_io(e, &path)),
        })
    }

    /// Where a diagnostic's file is, as a person would open it.
    fn display_path(&self, id: FileId) -> String {
        let vpath = id.vpath().get_with_slash();
        match (self.input.template, vpath.strip_prefix(assets::CUSTOM_ROOT)) {
            (Template::Dir { root, .. }, Some(rel)) => {
                root.join(rel.trim_start_matches('/')).display().to_string()
            }
            _ => vpath.to_string(),
        }
    }

    /// Typst's diagnostics as vitae's, each placed in its template file with a snippet.
    fn diagnostics(&self, list: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        let mut files: HashMap<FileId, Arc<SourceFile>> = HashMap::new();
        list.iter()
            .map(|d| {
                let mut diag = match d.severity {
                    typst::diag::Severity::Error => Diagnostic::error(d.message.to_string()),
                    typst::diag::Severity::Warning => Diagnostic::warning(d.message.to_string()),
                };
                // Typst's CLI flags do not exist here.
                diag.hints = d
                    .hints
                    .iter()
                    .map(|h| h.v.to_string())
                    .filter(|h| !h.contains("--root"))
                    .collect();
                if let Some(id) = d.span.id()
                    && let Some(range) = self.range(d.span)
                    && let Ok(source) = self.source(id)
                {
                    let file = files.entry(id).or_insert_with(|| {
                        SourceFile::new(self.display_path(id), source.text().to_string())
                    });
                    diag = diag.at(file, range);
                }
                diag
            })
            .collect()
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(text) = self.embedded(id) {
            return Ok(self.engine.source(id, text));
        }
        match self.custom_file(id) {
            Some(bytes) => {
                let text = String::from_utf8(bytes?).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text))
            }
            None => Err(self.not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.input.data.clone());
        }
        if let Some(photo) = self.input.photo
            && id.vpath().get_with_slash() == photo.path
        {
            return Ok(photo.bytes.clone());
        }
        if let Some(text) = self.embedded(id) {
            return Ok(Bytes::new(text.as_bytes()));
        }
        if let Some(icon) = icons::file(id.vpath().get_with_slash()) {
            return Ok(icon);
        }
        match self.custom_file(id) {
            Some(bytes) => Ok(Bytes::new(bytes?)),
            None => Err(self.not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        let slot = self.engine.fonts.get(index)?;
        slot.font
            .get_or_init(|| Font::new(slot.data.clone(), slot.index))
            .clone()
    }

    fn today(&self, offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let _ = offset;
        self.input.date.and_then(datetime)
    }
}

impl DocWorld<'_> {
    /// Nothing outside what vitae registered is readable: no packages, no disk, no network.
    fn not_found(&self, id: FileId) -> FileError {
        match id.root() {
            VirtualRoot::Package(spec) => FileError::Other(Some(
                format!("packages are not available in vitae templates ({spec})").into(),
            )),
            VirtualRoot::Project => FileError::AccessDenied,
        }
    }
}

/// The faces of a font file that Typst can use, by index.
pub(crate) fn faces(data: &[u8]) -> Vec<(u32, FontInfo)> {
    (0..ttf_count(data))
        .filter_map(|index| Some((index, FontInfo::new(data, index)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The precomputed font book is what Typst reads from the embedded fonts, face for face
    /// (`VITAE_UPDATE_REFERENCES=1 cargo test` rewrites `fonts/book.json` after a font change).
    #[test]
    fn the_precomputed_font_book_matches_the_fonts() {
        let fonts = assets::FONTS.iter().chain(assets::SCRIPT_FONTS);
        let read: std::collections::BTreeMap<&str, Vec<(u32, FontInfo)>> =
            fonts.map(|(name, data)| (*name, faces(data))).collect();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/book.json");
        if std::env::var_os("VITAE_UPDATE_REFERENCES").is_some() && cfg!(feature = "script-fonts") {
            std::fs::write(path, serde_json::to_string(&read).unwrap() + "\n").unwrap();
            return;
        }
        let stored: HashMap<String, Vec<(u32, FontInfo)>> =
            serde_json::from_str(assets::FONT_BOOK).expect("fonts/book.json parses");
        for (name, faces) in &read {
            assert!(
                stored.get(*name) == Some(faces),
                "fonts/book.json is out of date for {name} (VITAE_UPDATE_REFERENCES=1 cargo test)"
            );
        }
        if cfg!(feature = "script-fonts") {
            let extra: Vec<&String> = stored
                .keys()
                .filter(|k| !read.contains_key(k.as_str()))
                .collect();
            assert!(
                extra.is_empty(),
                "fonts/book.json names fonts not embedded: {extra:?}"
            );
        }
    }
}
