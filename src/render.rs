//! The render pipeline as a library call: a request (a loaded profile, a template, a kind and
//! options) goes through settings → selection and condensation → view → the Typst backend, and
//! comes back as a laid-out document with what was condensed and every warning.
//!
//! Page fitting lives here: summaries are fitted to one page, résumés to `max_pages`, and a
//! near-empty last page is tightened away by layout alone. The CLI only schedules requests and
//! writes what comes back.

use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

use typst::foundations::Bytes;

use crate::diag::{Diagnostic, Failed};
use crate::engine::{self, Engine, Photo, Template};
use crate::fit::{self, FitError, Start};
use crate::formats;
use crate::profile::letter::Letter;
use crate::profile::{self, Color, Date, KindChoice, LoadOptions, Loaded, Paper, PdfStandard};
use crate::tailor::{SectionReport, Tailoring};
use crate::view::{self, Condense, Kind, View, ViewOptions};

/// A profile read from disk with the photo it names: everything a document needs from files.
#[derive(Debug, Clone)]
pub struct Opened {
    pub path: PathBuf,
    pub loaded: Loaded,
    pub photo: Option<Photo>,
    /// How it was read (a child process re-reads it the same way).
    pub options: LoadOptions,
    /// Overlay files merged over the profile (`--with`), in order.
    pub with: Vec<PathBuf>,
    /// How it was tailored ([`tailor`]); empty for the profile as written.
    pub tailoring: Tailoring,
    /// The variant's `kind` and `maxPages`, and what the tailoring kept and dropped.
    pub kind: Option<KindChoice>,
    pub max_pages: Option<usize>,
    pub report: Vec<SectionReport>,
}

impl Opened {
    /// A profile loaded by the caller (without a photo), as written.
    pub fn of(path: impl Into<PathBuf>, loaded: Loaded) -> Opened {
        Opened {
            path: path.into(),
            loaded,
            photo: None,
            options: LoadOptions::default(),
            with: Vec::new(),
            tailoring: Tailoring::default(),
            kind: None,
            max_pages: None,
            report: Vec::new(),
        }
    }
}

/// Read, validate and check a profile and its photo: what `vitae check` proves and what every
/// document of the profile starts from. A panic inside is an internal failure, not a crash.
pub fn open(path: &Path, options: LoadOptions) -> Result<Opened, Failed> {
    open_with(path, options, &[])
}

/// [`open`], with overlay files merged over the profile in order (`--with`).
pub fn open_with(path: &Path, options: LoadOptions, with: &[PathBuf]) -> Result<Opened, Failed> {
    crate::diag::catch(|| {
        let read = |path: &Path, what: &str| {
            crate::files::read(path, crate::limits::MAX_TEXT_BYTES).map_err(|e| {
                let hint = match e {
                    crate::files::ReadError::TooLarge { .. } => {
                        "a profile is text of a few kilobytes; is this the right file?"
                    }
                    _ if what.is_empty() => "give the path of a .yaml, .yml or .json profile",
                    _ => "give the path of a .yaml, .yml or .json file holding part of a profile",
                };
                Failed::input(vec![
                    Diagnostic::error(format!("cannot read {what}`{}`: {e}", path.display()))
                        .hint(hint),
                ])
            })
        };
        let bytes = read(path, "")?;
        let overlays = with
            .iter()
            .map(|p| Ok((p.display().to_string(), read(p, "the overlay ")?)))
            .collect::<Result<Vec<_>, Failed>>()?;
        let loaded = profile::load_layers(&path.display().to_string(), &bytes, &overlays, options)
            .map_err(Failed::input)?;
        let photo = crate::photo::load(path, &loaded).map_err(|d| {
            let mut diags = loaded.warnings.clone();
            diags.push(d);
            Failed::input(diags)
        })?;
        Ok(Opened {
            path: path.to_path_buf(),
            loaded,
            photo,
            options,
            with: with.to_vec(),
            tailoring: Tailoring::default(),
            kind: None,
            max_pages: None,
            report: Vec::new(),
        })
    })
}

/// The profile as a variant, a tag selection and assignments make it (docs/tailoring.md): the
/// tailoring stage, once per version, before any document. A photo that changed is read anew.
pub fn tailor(opened: &Opened, tailoring: &Tailoring) -> Result<Opened, Failed> {
    if tailoring.is_empty() {
        return Ok(opened.clone());
    }
    crate::diag::catch(|| {
        let tailored = crate::tailor::tailor(&opened.loaded, tailoring).map_err(|mut diags| {
            diags.splice(0..0, opened.loaded.warnings.iter().cloned());
            Failed::input(diags)
        })?;
        let loaded = tailored.loaded;
        let same_photo = loaded.profile.basics.image.as_ref().map(|i| &i.value)
            == opened
                .loaded
                .profile
                .basics
                .image
                .as_ref()
                .map(|i| &i.value);
        let photo = match same_photo {
            true => opened.photo.clone(),
            false => crate::photo::load(&opened.path, &loaded).map_err(|d| {
                let mut diags = loaded.warnings.clone();
                diags.push(d);
                Failed::input(diags)
            })?,
        };
        Ok(Opened {
            loaded,
            photo,
            tailoring: tailoring.clone(),
            kind: tailored.kind,
            max_pages: tailored.max_pages,
            report: tailored.report,
            ..opened.clone()
        })
    })
}

/// What to make of a profile besides the template: options from flags, a plan or `meta`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides `meta.paper`.
    pub paper: Option<Paper>,
    /// Overrides `meta.accent`.
    pub accent: Option<Color>,
    /// Fit a résumé into this many pages (summaries always take one).
    pub max_pages: Option<usize>,
    /// Keep a near-empty last page rather than tighten the layout to drop it.
    pub keep_last_page: bool,
    /// The document's date (`SOURCE_DATE_EPOCH`); else the profile's `meta.lastModified`.
    pub date: Option<Date>,
    /// Overrides `meta.pdfStandard`.
    pub pdf_standard: Option<PdfStandard>,
    /// Overrides `meta.lang`: a BCP 47 tag with a locale.
    pub lang: Option<String>,
    /// Overrides `meta.font`: a font family for the text.
    pub font: Option<String>,
    /// Font folders a plan job names (the engine takes every job's; see `cli::build`).
    pub font_paths: Vec<PathBuf>,
    /// The cover letter a `Kind::Letter` document sets.
    pub letter: Option<Arc<Letter>>,
    /// Cores are idle beside this document (fewer documents than workers): tightening may
    /// compile two candidate layouts at once. The document is the same either way.
    pub spare_cores: bool,
}

/// One document to lay out.
pub struct Request<'a> {
    pub profile: &'a Loaded,
    /// The profile's photo, read and checked by [`crate::photo::load`].
    pub photo: Option<&'a Photo>,
    pub template: &'a Template,
    pub kind: Kind,
    pub options: &'a Options,
}

/// Retry a condensed document at a roomier type size only when it is predicted to fill at
/// most this much of its pages (a miss costs a compile for nothing).
const ROOMY_MARGIN: f64 = 0.96;

/// Until a compile overflows, a full page of text is taken to span this much of the page's
/// height (the first overflowing compile then measures it: margins and header are the
/// template's, not ours to guess).
const FULL_PAGE_GUESS: f64 = 0.86;

/// A fitted document whose last page is this full is good enough: richer steps are not tried
/// (steps differ by a line or two; finding the very richest would cost more compiles).
const GOOD_FILL: f64 = 0.93;

/// The least a multi-page document's last page holds, as a share of a full page's text.
pub const MIN_LAST_PAGE_FILL: f64 = 1.0 / 3.0;

/// Below this, a multi-page document is tried a page shorter by layout (it keeps its pages
/// when that fails and its last page holds `MIN_LAST_PAGE_FILL`): a little tighter type and
/// spacing is worth a page less to read.
const TRY_SHORTER_BELOW: f64 = 0.4;

/// Looser spacing tried, in turn, to carry more onto a last page that cannot be set away.
const SPREAD: [f64; 3] = [1.12, 1.25, 1.4];

/// How far down its page a condensed summary's text reaches, at least, as a share of the page
/// height (when spacing can take it there).
pub const SUMMARY_REACH: f64 = 0.85;

/// The most a full page holds, in the units of a step's predicted size (bytes of serialised
/// view × [`Condense::layout_size`]), with room to spare. Measured over every example, the
/// growth profiles of `benches/suite.py` and the corpus's, in every template (2026-12-01):
/// 5,600–10,000 per page, the most in `compact`; a test holds every template's pages to it.
pub const MOST_PER_PAGE: f64 = 15_000.0;

/// What a full page usually holds, in the same units (the median of the same measurements).
const USUAL_PER_PAGE: f64 = 7_000.0;

/// A first step whose size says it takes more than its target plus this many pages, however
/// roomy the template, is not compiled: its length is predicted (from [`USUAL_PER_PAGE`]) and
/// fitting starts from the step predicted to fit. A summary of a 30-page profile then never
/// lays out 30 pages.
const FAR_OVER: f64 = 1.0;

/// [`Start::Over`] for a first step of `size` that cannot fit `max` pages, else `None`.
fn far_over(size: f64, max: usize) -> Option<Start> {
    (size / MOST_PER_PAGE > max as f64 + FAR_OVER).then(|| {
        let length = (size / USUAL_PER_PAGE).max(max as f64 + FAR_OVER);
        Start::Over {
            pages: length.ceil() as usize,
            length,
        }
    })
}

/// `a()` here and `b()` on another thread (with a worker's stack: Typst recurses deeply), both
/// results in that order; `b()` runs here after `a()` when no thread can be started.
fn both<T: Send>(a: impl FnOnce() -> T, b: impl FnOnce() -> T + Send) -> [T; 2] {
    let b = std::sync::Mutex::new(Some(b));
    let take = || b.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(engine::STACK_SIZE)
            .spawn_scoped(scope, || take().map(|b| b()));
        let first = a();
        let second = match handle {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => take().map(|b| b()),
        };
        [first, second.expect("b runs once, here or there")]
    })
}

/// How far down its last page a draft's text reaches, as a share of the page height.
fn text_reach(draft: &Draft) -> f64 {
    Engine::page_extents(&draft.compiled.document)
        .last()
        .map_or(1.0, |&(_, bottom)| bottom)
}

/// A document compiled while fitting: what condensing left out, and the data it was made from.
struct Draft {
    compiled: engine::Compiled,
    notes: Vec<String>,
    data: Bytes,
    view: Arc<View>,
}

/// One ladder step made ready for the template.
struct Prepared {
    data: Bytes,
    view: Arc<View>,
    notes: Vec<String>,
    /// Predicted room it takes (only ratios between steps mean anything).
    size: f64,
}

/// A document laid out, with how it was fitted.
pub struct Laid {
    pub document: typst_layout::PagedDocument,
    /// The view the document was made from (`/vitae/data.json`), after condensing.
    pub data: Bytes,
    /// The same view, for the formats written from it (text, Markdown, HTML, Word).
    pub view: Arc<View>,
    /// The photo it shows, for the formats that embed it.
    pub photo: Option<Photo>,
    /// The template's colours and fonts, as it declared them.
    pub look: engine::inspect::Look,
    /// The document's date (`SOURCE_DATE_EPOCH`, else the profile's `meta.lastModified`).
    pub date: Option<Date>,
    /// The profile's warnings and the template's.
    pub warnings: Vec<Diagnostic>,
    pub condensed: Vec<String>,
    pub compiles: usize,
    /// The PDF standard to export to (flags, then `meta.pdfStandard`).
    pub pdf_standard: Option<PdfStandard>,
}

/// Profile → view → Typst, fitting summaries to one page and résumés to `max_pages`.
pub fn lay_out(request: &Request, engine: &Engine) -> Result<Laid, Failed> {
    let loaded = request.profile;
    let template = request.template;
    let photo = request.photo;
    let options = request.options;
    let meta = &loaded.profile.meta;
    let base = view_options(request.kind, options, loaded, photo);
    let date = options.date.or(meta.last_modified);
    if let Some(d) = unknown_font(loaded, options, engine) {
        let mut diags = loaded.warnings.clone();
        diags.push(d);
        return Err(Failed::input(diags));
    }
    let mut missing = missing_glyphs(loaded, engine);
    if let Some(letter) = options
        .letter
        .as_ref()
        .filter(|_| request.kind == Kind::Letter)
    {
        missing.extend(letter_missing_glyphs(letter, loaded.options.strict, engine));
    }
    if missing.iter().any(Diagnostic::is_error) {
        let mut diags = loaded.warnings.clone();
        diags.extend(missing);
        return Err(Failed::input(diags));
    }
    // A step's data for the template, and its predicted size: the serialised view's length
    // (a fair proxy for the text's height) at the step's type and spacing.
    let prepare = |condense: &Condense| -> Result<Prepared, Failed> {
        let (view, notes) = view::document(&loaded.profile, &base, condense);
        let data = serde_json::to_vec(&view)
            .map_err(|e| Failed::internal(format!("cannot serialise the view: {e}")))?;
        Ok(Prepared {
            size: condense.layout_size() * data.len() as f64,
            data: Bytes::new(data),
            view: Arc::new(view),
            notes,
        })
    };
    // (A `OnceLock`: tightening may compile two layouts on two threads.)
    let full_page = OnceLock::new();
    let compile = |prepared: &Prepared| -> Result<fit::Trial<Draft>, Failed> {
        let input = engine::Input {
            template,
            data: prepared.data.clone(),
            photo,
            date,
        };
        let compiled = engine
            .compile(&input)
            .map_err(|problems| typst_failure(template, problems))?;
        let pages = compiled.document.pages().len();
        // The text's height, in pages: page 1 of the first overflowing compile is the measure
        // of a full page (its margins and header are the template's, not ours to guess).
        let extents = Engine::page_extents(&compiled.document);
        let text: f64 = extents.iter().map(|(top, bottom)| bottom - top).sum();
        let full = match (pages > 1, extents.first()) {
            (true, Some(&(top, bottom))) => *full_page.get_or_init(|| bottom - top),
            _ => full_page.get().copied().unwrap_or(FULL_PAGE_GUESS),
        };
        Ok(fit::Trial {
            pages,
            length: text / full.max(0.1),
            document: Draft {
                compiled,
                notes: prepared.notes.clone(),
                data: prepared.data.clone(),
                view: prepared.view.clone(),
            },
        })
    };
    // Search `steps` for the richest that fits `max` pages, preparing each step's data once.
    // With `Start::Compile` a first step whose size alone says it is far too long is not
    // compiled: its length is predicted instead (see `FAR_OVER`).
    // `ahead`: two steps to compile at once, on two threads, before the search asks for them
    // (it is answered from them when it does; what it does not ask for is counted all the same).
    let fit =
        |steps: &[Condense], max: usize, good: f64, start: Start, ahead: Option<[usize; 2]>| {
            let prepared: Vec<OnceCell<Result<Prepared, Failed>>> =
                steps.iter().map(|_| OnceCell::new()).collect();
            let get = |i: usize| prepared[i].get_or_init(|| prepare(&steps[i]));
            let size = |i: usize| get(i).as_ref().map_or(1.0, |p| p.size);
            let start = match start {
                Start::Compile if steps.len() > 1 => far_over(size(0), max).unwrap_or(start),
                _ => start,
            };
            let early = RefCell::new(Vec::new());
            if let Some([a, b]) = ahead
                && let (Ok(first), Ok(second)) = (get(a), get(b))
            {
                for (i, trial) in [a, b]
                    .into_iter()
                    .zip(both(|| compile(first), || compile(second)))
                {
                    early.borrow_mut().push((i, trial));
                }
            }
            let fitted = fit::search(steps.len(), max, good, start, size, |i| {
                let ready = early.borrow().iter().position(|(at, _)| *at == i);
                match ready {
                    Some(k) => early.borrow_mut().swap_remove(k).1,
                    None => compile(get(i).as_ref().map_err(Clone::clone)?),
                }
            });
            // Compiled ahead and not asked for: a compile all the same.
            let unused = early.borrow().len();
            match fitted {
                Ok(mut f) => {
                    f.compiles += unused;
                    Ok(f)
                }
                Err(FitError::TooLong {
                    pages,
                    length,
                    compiles,
                }) => Err(FitError::TooLong {
                    pages,
                    length,
                    compiles: compiles + unused,
                }),
                Err(e) => Err(e),
            }
        };
    let target = match request.kind {
        Kind::Summary | Kind::Letter => Some(1),
        Kind::Resume => options.max_pages,
    };
    let ladder = view::ladder(&loaded.profile, request.kind);
    let (draft, step, length, compiles) = match target {
        Some(max) => match fit(
            &ladder,
            max,
            max as f64 - 1.0 + GOOD_FILL,
            Start::Compile,
            None,
        ) {
            Ok(f) => {
                // Content was dropped to fit: give what remains the roomiest type and spacing
                // it is predicted to fit at, rather than leaving the page tight and half empty.
                let step = ladder[f.step].clone();
                let roomier = view::tightening()
                    .iter()
                    .map(|layout| step.with_layout_of(layout))
                    .take_while(|c| *c != step)
                    .find(|c| {
                        let predicted = f.length * c.layout_size() / step.layout_size();
                        predicted <= max as f64 * ROOMY_MARGIN
                    });
                match roomier.filter(|_| step.drops_content()) {
                    Some(c) => match compile(&prepare(&c)?)? {
                        t if t.pages <= max => (t.document, c, t.length, f.compiles + 1),
                        _ => (f.document, step, f.length, f.compiles + 1),
                    },
                    None => (f.document, step, f.length, f.compiles),
                }
            }
            Err(FitError::TooLong { length, .. })
                if request.kind == Kind::Letter && options.letter.is_some() =>
            {
                let letter = options.letter.as_ref().expect("checked");
                return Err(Failed::input(vec![letter_too_long(letter, length)]));
            }
            Err(FitError::TooLong { pages, .. }) => {
                let what = match request.kind {
                    Kind::Summary => "a one-page summary".to_string(),
                    Kind::Letter => "a one-page letter".to_string(),
                    Kind::Resume => format!("{max} page{}", plural(max)),
                };
                let d = Diagnostic::error(format!(
                    "`{}` does not fit {what} with `{}`, even condensed as far as vitae goes ({pages} pages)",
                    loaded.source.name,
                    template.name()
                ))
                .hint("shorten the longest texts (summary, the first role's highlights, skills), or mark items `inSummary: false`");
                return Err(Failed::input(vec![d]));
            }
            Err(FitError::Failed(e)) => return Err(e),
        },
        None => {
            let first = compile(&prepare(&ladder[0])?)?;
            (first.document, ladder[0].clone(), first.length, 1)
        }
    };
    // A summary that left something out fills its page: when its text stops short of
    // `SUMMARY_REACH` of the page, its spacing is opened up (never its content changed) as far
    // as it still fits.
    let (draft, compiles) = match request.kind {
        Kind::Summary if step != ladder[0] && text_reach(&draft) < SUMMARY_REACH => {
            let mut best = (draft, compiles);
            for factor in SPREAD {
                let c = Condense {
                    spacing: step.spacing * factor,
                    ..step.clone()
                };
                let t = compile(&prepare(&c)?)?;
                best.1 += 1;
                if t.pages > 1 {
                    break;
                }
                let reach = text_reach(&t.document);
                best.0 = t.document;
                if reach >= SUMMARY_REACH {
                    break;
                }
            }
            best
        }
        _ => (draft, compiles),
    };
    // A multi-page document's last page holds at least a third of a page, or the document is
    // set one page shorter (by layout, never by leaving more out); when it cannot be, its
    // content is spread so that the last page carries its share. A last page under 40 % is
    // tried a page shorter too, and kept when that fails.
    let pages = draft.compiled.document.pages().len();
    let fill = last_page_fill(&draft.compiled.document);
    let (draft, compiles) = if options.keep_last_page || pages < 2 || fill >= TRY_SHORTER_BELOW {
        (draft, compiles)
    } else {
        // The draft is the search's first step, measured already, so the first compile is the
        // layout predicted to fit. The roomiest layout that fits is wanted (type size shows):
        // a page's fill cannot stand in for trying the roomier neighbour, as it does when
        // content is dropped, because a sidebar or a banner makes the measure of a full page
        // inexact by more than the 5–10 % between layouts.
        let tighter: Vec<Condense> = std::iter::once(step.clone())
            .chain(
                view::tightening()
                    .iter()
                    .map(|layout| step.with_layout_of(layout))
                    .filter(|c| c.layout_size() < step.layout_size()),
            )
            .collect();
        let measured = Start::Over { pages, length };
        // With cores to spare, the layout predicted to fit and the roomier one before it —
        // the two the search will ask for when the prediction holds — are compiled at once.
        let ahead = options
            .spare_cores
            .then(|| {
                let sizes: Vec<f64> = tighter.iter().map(Condense::layout_size).collect();
                (1..tighter.len()).find(|&i| length * sizes[i] / sizes[0] <= (pages - 1) as f64)
            })
            .flatten()
            .filter(|&p| p >= 2)
            .map(|p| [p, p - 1]);
        match fit(&tighter, pages - 1, f64::INFINITY, measured, ahead) {
            Ok(f) => (f.document, compiles + f.compiles),
            Err(FitError::Failed(e)) => return Err(e),
            Err(FitError::TooLong {
                compiles: tried, ..
            }) if fill >= MIN_LAST_PAGE_FILL => (draft, compiles + tried),
            Err(FitError::TooLong {
                compiles: tried, ..
            }) => {
                let mut best = (draft, compiles + tried);
                for spacing in SPREAD {
                    let c = Condense {
                        spacing,
                        ..step.clone()
                    };
                    let t = compile(&prepare(&c)?)?;
                    best.1 += 1;
                    if t.pages != pages {
                        break;
                    }
                    let filled = last_page_fill(&t.document.compiled.document);
                    best.0 = t.document;
                    if filled >= MIN_LAST_PAGE_FILL {
                        break;
                    }
                }
                best
            }
        }
    };
    let Draft {
        compiled,
        notes: condensed,
        data,
        view,
    } = draft;
    let mut warnings = loaded.warnings.clone();
    warnings.extend(missing);
    warnings.extend(
        compiled
            .warnings
            .into_iter()
            .map(|d| template_problem(template, d)),
    );
    warnings.extend(engine::inspect::warnings(&compiled.document));
    Ok(Laid {
        look: engine::inspect::look(&compiled.document),
        document: compiled.document,
        data,
        view,
        photo: photo.cloned(),
        pdf_standard: options.pdf_standard.or(meta.pdf_standard),
        date,
        warnings,
        condensed,
        compiles,
    })
}

/// Profile keys whose values are never shown (identifiers, paths, options).
const NOT_SHOWN: [&str; 15] = [
    "$schema",
    "variant",
    "id",
    "tags",
    "url",
    "image",
    "canonical",
    "template",
    "paper",
    "accent",
    "pdfStandard",
    "lang",
    "sections",
    "lastModified",
    "variants",
];

/// How a missing-character problem begins (the summary line counts the documents with one).
pub const MISSING_GLYPH: &str = "no font has";

/// At most this many fields with missing characters are reported one by one per document.
const MISSING_LISTED: usize = 20;

/// Characters of the profile that no font has, each field's first placed where it is written,
/// with its field and the fonts tried: warnings (errors when the profile is read strictly).
pub fn missing_glyphs(loaded: &Loaded, engine: &Engine) -> Vec<Diagnostic> {
    let locate = |span: std::ops::Range<usize>| loaded.sources.locate(span);
    let dialect = |path: String| match &loaded.sources.dialect {
        Some(dialect) => dialect.their_path(&path).unwrap_or(path),
        None => path,
    };
    missing_in(&loaded.tree, locate, dialect, loaded.options.strict, engine)
}

/// The same for a cover letter's text.
pub fn letter_missing_glyphs(letter: &Letter, strict: bool, engine: &Engine) -> Vec<Diagnostic> {
    let locate = |span: std::ops::Range<usize>| (&letter.file, span);
    missing_in(&letter.tree, locate, |p| p, strict, engine)
}

fn missing_in<'f>(
    tree: &profile::tree::Node,
    locate: impl Fn(
        std::ops::Range<usize>,
    ) -> (&'f Arc<crate::diag::SourceFile>, std::ops::Range<usize>),
    field: impl Fn(String) -> String,
    strict: bool,
    engine: &Engine,
) -> Vec<Diagnostic> {
    let problem = |message: String| match strict {
        true => Diagnostic::error(message),
        false => Diagnostic::warning(message),
    };
    let name = |c: char| {
        let name =
            unicode_names2::name(c).map_or_else(|| "(unnamed)".to_string(), |n| n.to_string());
        format!("U+{:04X} {name}", c as u32)
    };
    let mut out = Vec::new();
    let mut more = 0;
    for (path, text, span) in profile::tree::texts(tree, &NOT_SHOWN) {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !(c.is_whitespace()
                || c.is_control()
                || ignorable(c)
                || missing.contains(&c)
                || engine.covers(c))
            {
                missing.push(c);
            }
        }
        let Some(&first) = missing.first() else {
            continue;
        };
        if out.len() == MISSING_LISTED {
            more += 1;
            continue;
        }
        let (file, local) = locate(span.clone());
        let at = file
            .text
            .get(local.clone())
            .and_then(|t| t.find(first))
            .map_or(local.clone(), |i| {
                local.start + i..local.start + i + first.len_utf8()
            });
        let message = match missing.len() {
            1 => format!(
                "{MISSING_GLYPH} {}: it would print as an empty box",
                name(first)
            ),
            n => format!(
                "{MISSING_GLYPH} {} and {} more character{} of this text: they would print as empty boxes",
                name(first),
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        // (a RenderCV file's fields by RenderCV's names)
        let path = field(path);
        let mut d = problem(message).at(file, at).field(path);
        if missing.len() > 1 {
            let listed: Vec<String> = missing.iter().take(8).map(|&c| name(c)).collect();
            let etc = if missing.len() > 8 { ", …" } else { "" };
            d = d.hint(format!("missing: {}{etc}", listed.join(", ")));
        }
        out.push(
            d.hint(format!("fonts tried: {}", engine.families().join(", ")))
                .hint("add a font that has them with --font-path DIR (docs/languages.md), or write the text without them"),
        );
    }
    if more > 0 {
        out.push(problem(format!(
            "{more} more fields hold characters no font has"
        )));
    }
    out
}

/// Unicode's default-ignorable characters (variation selectors, joiners, direction marks, soft
/// hyphens, tags): shaping uses or drops them; no font needs to draw them.
fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// A font family asked for (`--font`, `meta.font`) that no font of the engine has.
pub fn unknown_font(loaded: &Loaded, options: &Options, engine: &Engine) -> Option<Diagnostic> {
    let (family, span) = match (&options.font, &loaded.profile.meta.font) {
        (Some(f), _) => (f.as_str(), None),
        (None, Some(f)) => (f.value.as_str(), Some(f.span.clone())),
        (None, None) => return None,
    };
    let families = engine.families();
    if families.iter().any(|f| f.eq_ignore_ascii_case(family)) {
        return None;
    }
    let d = Diagnostic::error(format!("no font family `{family}`"));
    let d = match crate::diag::did_you_mean(family, families.iter().map(String::as_str)) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!(
            "families: {}; add fonts with --font-path DIR or --system-fonts",
            families.join(", ")
        )),
    };
    Some(match span {
        Some(span) => loaded.at(d, span).field("meta.font"),
        None => d,
    })
}

/// Flags (or a plan's entry) first, then the profile's `meta`, then defaults.
pub fn view_options(
    kind: Kind,
    options: &Options,
    loaded: &Loaded,
    photo: Option<&Photo>,
) -> ViewOptions {
    let meta = &loaded.profile.meta;
    let letter_lang = options
        .letter
        .as_ref()
        .filter(|_| kind == Kind::Letter)
        .and_then(|l| l.lang.as_ref())
        .map(|l| l.value.clone());
    let lang = options
        .lang
        .clone()
        .or(letter_lang)
        .or_else(|| meta.lang.as_ref().map(|l| l.value.clone()))
        .unwrap_or_else(|| "en".into());
    let locale = crate::locale::find(&lang).unwrap_or_else(crate::locale::english);
    ViewOptions {
        kind,
        font: options
            .font
            .clone()
            .or_else(|| meta.font.as_ref().map(|f| f.value.clone())),
        locale,
        lang,
        paper: options.paper.or(meta.paper).unwrap_or_default(),
        accent: options.accent.clone().or_else(|| meta.accent.clone()),
        photo: photo.map(|p| view::Asset {
            asset: "photo",
            format: p.format,
            width: p.width,
            height: p.height,
        }),
        letter: options.letter.clone().filter(|_| kind == Kind::Letter),
        // A letter is dated: by its own date, else the document's, else today.
        date: options.date.or(meta.last_modified).or_else(|| {
            (kind == Kind::Letter).then(|| {
                let today = time::OffsetDateTime::now_utc();
                Date {
                    year: today.year(),
                    month: Some(today.month() as u8),
                    day: Some(today.day()),
                }
            })
        }),
        ..ViewOptions::default()
    }
}

/// A finished document: its files, and how it was made.
#[derive(Debug)]
pub struct Document {
    /// One PDF, or one PNG per page.
    pub files: Vec<Vec<u8>>,
    pub pages: usize,
    /// What fitting left out or tightened, in words (`2 older roles`, `type 94%`).
    pub condensed: Vec<String>,
    /// The profile's warnings and the template's.
    pub warnings: Vec<Diagnostic>,
    /// Typst compiles it took: 1, or a few when fitted to pages.
    pub compiles: usize,
}

/// The whole pipeline in one call: lay out (fitting as the request asks), then export.
pub fn render(request: &Request, engine: &Engine, format: Format) -> Result<Document, Failed> {
    let laid = lay_out(request, engine)?;
    let files = export(&laid, request.template, engine, format)?;
    Ok(Document {
        files,
        pages: laid.document.pages().len(),
        condensed: laid.condensed,
        warnings: laid.warnings,
        compiles: laid.compiles,
    })
}

/// A letter its page cannot hold even at the tightest type and spacing: where its body is,
/// and by how much it is over, in words to cut.
fn letter_too_long(letter: &Letter, length: f64) -> Diagnostic {
    let words: usize = letter
        .body
        .iter()
        .map(|p| match p {
            profile::letter::Part::Paragraph(t) => t.split_whitespace().count(),
            profile::letter::Part::List(items) => {
                items.iter().map(|i| i.split_whitespace().count()).sum()
            }
        })
        .sum();
    let over = (1.0 - 1.0 / length.max(1.0)).max(0.0);
    let cut = ((words as f64 * over).ceil() as usize).max(1);
    let d = Diagnostic::error(format!(
        "the letter does not fit one page, even set as tight as vitae goes: it runs {:.0} % over",
        (length - 1.0).max(0.01) * 100.0
    ))
    .hint(format!(
        "shorten its body ({words} words) by about {cut} words; a letter is never cut for you"
    ));
    d.at(&letter.file, letter.body_at.clone()).field("body")
}

/// The file formats: laid out by Typst (PDF, PNG and SVG pages), or written from the same
/// view the pages were laid out from (`crate::formats`: plain text, Markdown, HTML, Word).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    Pdf,
    /// One image per page, at this many pixels per inch.
    Png {
        ppi: f32,
    },
    /// One SVG per page.
    Svg,
    Text,
    Markdown,
    Html,
    Docx,
}

/// The bytes of a laid-out document: one file, or one per page (PNG, SVG).
pub fn export(
    laid: &Laid,
    template: &Template,
    engine: &Engine,
    format: Format,
) -> Result<Vec<Vec<u8>>, Failed> {
    let pages = 0..laid.document.pages().len();
    Ok(match format {
        Format::Pdf => vec![
            engine
                .pdf(&laid.document, archival_date(laid), laid.pdf_standard)
                .map_err(|problems| typst_failure(template, problems))?,
        ],
        Format::Png { ppi } => pages
            .map(|i| {
                engine
                    .png(&laid.document, i, ppi)
                    .map_err(|e| Failed::internal(format!("cannot render page {}: {e}", i + 1)))
            })
            .collect::<Result<_, _>>()?,
        Format::Svg => pages
            .map(|i| Engine::svg(&laid.document, i).into_bytes())
            .collect(),
        Format::Text => vec![formats::text::write(&laid.view)],
        Format::Markdown => vec![formats::markdown::write(&laid.view)],
        Format::Html => vec![formats::html::write(
            &laid.view,
            &laid.look,
            laid.photo.as_ref(),
        )],
        Format::Docx => vec![formats::docx::write(
            &laid.view,
            &laid.look,
            laid.photo.as_ref(),
            laid.date,
        )],
    })
}

/// The most compiles [`lay_out`] makes for `profile` as a document of `kind`: the fitting
/// search over its ladder, one roomier retry, the last-page search over the layouts, and the
/// spread tries.
pub fn compile_bound(profile: &crate::profile::Profile, kind: Kind) -> usize {
    let ladder = view::ladder(profile, kind).len();
    fit::max_compiles(ladder) + 1 + fit::max_compiles(view::tightening().len()) + 2 * SPREAD.len()
}

/// How full the last page is, as a share of the first page's text (a full page, in a document
/// of several).
pub fn last_page_fill(document: &typst_layout::PagedDocument) -> f64 {
    let extents = Engine::page_extents(document);
    match (extents.first(), extents.last()) {
        (Some(&(top, bottom)), Some(&(last_top, last_bottom))) if bottom > top => {
            (last_bottom - last_top).max(0.0) / (bottom - top)
        }
        _ => 1.0,
    }
}

/// The date a PDF carries: the document's, or — PDF/A requires one — today's when none was
/// given (set `SOURCE_DATE_EPOCH` or `meta.lastModified` for the same bytes every day).
fn archival_date(laid: &Laid) -> Option<Date> {
    match (laid.date, laid.pdf_standard) {
        (None, Some(PdfStandard::A2b | PdfStandard::A3b)) => {
            let today = time::OffsetDateTime::now_utc();
            Some(Date {
                year: today.year(),
                month: Some(today.month() as u8),
                day: Some(today.day()),
            })
        }
        (date, _) => date,
    }
}

/// Typst's errors: the user's to fix in their own template, ours in a built-in one.
pub fn typst_failure(template: &Template, problems: Vec<Diagnostic>) -> Failed {
    let builtin = matches!(template, Template::Builtin(_));
    let diags = problems
        .into_iter()
        .map(|d| template_problem(template, d))
        .collect();
    match builtin {
        true => Failed::internal_diagnostics(diags),
        false => Failed::input(diags),
    }
}

/// A problem Typst reported in `template`, worded for the user: theirs to fix in their own
/// template, a bug to report in a built-in one.
fn template_problem(template: &Template, mut d: Diagnostic) -> Diagnostic {
    let verb = match d.is_error() {
        true => "failed",
        false => "warns",
    };
    d.message = format!("template `{}` {verb}: {}", template.name(), d.message);
    if let Template::Builtin(_) = template {
        d.hints.push(
            "this is a bug in vitae, not in your profile; please report it with the profile attached"
                .into(),
        );
    }
    d
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
