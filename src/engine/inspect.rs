//! What a laid-out page holds that a reader would object to, read from Typst's frames: the
//! smallest type on it, and text that runs outside the text area the template declared.
//!
//! A template declares its text area by placing `metadata((left:, right:, top:, bottom:))`
//! (margins in points) labelled `<vitae-text-area>`; the kit does it for every built-in
//! template. Without it, only the page's own edges count.

use typst::foundations::{Label, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// A page's findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFacts {
    /// The smallest type on the page (points, after scaling) and a sample of its text.
    pub smallest: Option<(f64, String)>,
    /// Characters set at each size (points to a tenth): the body size is the commonest.
    pub sizes: Vec<(f64, usize)>,
    /// Runs of text that reach outside the text area: their text, and by how many points.
    pub outside: Vec<(String, f64)>,
}

/// Margins in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// The smallest type a document may set, in points: below it print is hard to read and
/// parsers start to drop text.
pub const MIN_TYPE: f64 = 7.0;

/// The body size of a document: the size most of its characters are set at.
pub fn body_size(facts: &[PageFacts]) -> Option<f64> {
    let mut all: Vec<(f64, usize)> = Vec::new();
    for (size, n) in facts.iter().flat_map(|f| &f.sizes) {
        match all.iter_mut().find(|(s, _)| s == size) {
            Some((_, m)) => *m += n,
            None => all.push((*size, *n)),
        }
    }
    all.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s)
}

/// The least body size a document may have, in points.
pub const MIN_BODY: f64 = 8.5;

/// How far past the text area a run may reach before it counts: punctuation hangs into the
/// margin by design (Typst's `overhang`), and glyph advances round.
const SLACK: f64 = 1.0;
const HANGING: &str = ",.;:-–—'’\"”)]!?·";

/// The text area a template declared, if it did.
pub fn text_area(document: &PagedDocument) -> Option<Margins> {
    let label = Label::new(PicoStr::intern("vitae-text-area"))?;
    let content = document.introspector().query_label(label).ok()?;
    let meta = content.to_packed::<MetadataElem>()?;
    let Value::Dict(dict) = &meta.value else {
        return None;
    };
    let pt = |key: &str| match dict.get(key).ok()? {
        Value::Length(l) => Some(l.abs.to_pt()),
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    };
    Some(Margins {
        left: pt("left")?,
        right: pt("right")?,
        top: pt("top")?,
        bottom: pt("bottom")?,
    })
}

/// A template's look, as it declares it (`<vitae-style>`): colours as `#rrggbb`, and its
/// font families, the text's first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Look {
    pub accent: Option<String>,
    pub ink: Option<String>,
    pub muted: Option<String>,
    pub fonts: Vec<String>,
}

/// The look a template declared, if it did (the kit does for every built-in template).
pub fn look(document: &PagedDocument) -> Look {
    let declared = || -> Option<Look> {
        let label = Label::new(PicoStr::intern("vitae-style"))?;
        let content = document.introspector().query_label(label).ok()?;
        let meta = content.to_packed::<MetadataElem>()?;
        let Value::Dict(dict) = &meta.value else {
            return None;
        };
        let text = |key: &str| match dict.get(key).ok()? {
            Value::Str(s) => Some(s.to_string()),
            _ => None,
        };
        let fonts = match dict.get("font").ok() {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    Value::Str(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Look {
            accent: text("accent"),
            ink: text("ink"),
            muted: text("muted"),
            fonts,
        })
    };
    declared().unwrap_or_default()
}

/// Every page's findings.
pub fn inspect(document: &PagedDocument) -> Vec<PageFacts> {
    let area = text_area(document);
    document
        .pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let (width, height) = (size.x.to_pt(), size.y.to_pt());
            let margins = area.unwrap_or(Margins {
                left: 0.0,
                right: 0.0,
                top: 0.0,
                bottom: 0.0,
            });
            let mut facts = PageFacts::default();
            walk(
                &page.frame,
                Transform::identity(),
                &mut |text, origin, scale| {
                    let size = text.size.to_pt() * scale;
                    let sample: String = text.text.chars().take(40).collect();
                    if !text.text.trim().is_empty()
                        && facts.smallest.as_ref().is_none_or(|(s, _)| size < *s)
                    {
                        facts.smallest = Some((size, sample.clone()));
                    }
                    let tenth = (size * 10.0).round() / 10.0;
                    let count = text.text.chars().filter(|c| !c.is_whitespace()).count();
                    match facts.sizes.iter_mut().find(|(s, _)| *s == tenth) {
                        Some((_, n)) => *n += count,
                        None => facts.sizes.push((tenth, count)),
                    }
                    let x0 = origin.x.to_pt();
                    let x1 = x0 + text.width().to_pt() * scale;
                    let y = origin.y.to_pt();
                    let hangs = text
                        .text
                        .trim_end()
                        .chars()
                        .last()
                        .is_some_and(|c| HANGING.contains(c));
                    let right_slack = SLACK + if hangs { 0.6 * size } else { 0.0 };
                    let past = [
                        margins.left - x0 - SLACK,
                        x1 - (width - margins.right) - right_slack,
                        // Headers and footers live in the top and bottom margins: vertically,
                        // only the page's edges count.
                        0.8 * size - y - SLACK,
                        y - height,
                    ]
                    .into_iter()
                    .fold(0.0_f64, f64::max);
                    if past > 0.0 && !text.text.trim().is_empty() {
                        facts.outside.push((sample, past));
                    }
                },
            );
            facts
        })
        .collect()
}

/// Call `f` with every text run, its baseline origin on the page and the scale it is drawn at.
fn walk(frame: &Frame, ts: Transform, f: &mut impl FnMut(&typst::text::TextItem, Point, f64)) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(g.transform);
                walk(&g.frame, inner, f);
            }
            FrameItem::Text(t) => {
                let scale = (ts.sx.get() * ts.sy.get() - ts.kx.get() * ts.ky.get())
                    .abs()
                    .sqrt();
                f(t, pos.transform(ts), scale);
            }
            _ => {}
        }
    }
}

/// Warnings for what the pages hold: type below [`MIN_TYPE`] and text outside the text area,
/// each named with its page and a sample.
pub fn warnings(document: &PagedDocument) -> Vec<crate::diag::Diagnostic> {
    use crate::diag::Diagnostic;
    let mut out = Vec::new();
    let facts = inspect(document);
    let small = facts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.smallest.as_ref().map(|s| (i, s)))
        .filter(|(_, (size, _))| *size < MIN_TYPE - 0.05)
        .min_by(|a, b| a.1.0.total_cmp(&b.1.0));
    if let Some((page, (size, sample))) = small {
        out.push(
            Diagnostic::warning(format!(
                "text set at {size:.1} pt on page {} (“{}”), below the {MIN_TYPE} pt that print and ATS parsers read reliably",
                page + 1,
                sample.trim()
            ))
            .hint("the template sets this size; raise it in the template"),
        );
    }
    for (page, f) in facts.iter().enumerate() {
        if let Some((sample, by)) = f.outside.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            out.push(
                Diagnostic::warning(format!(
                    "text runs {by:.1} pt outside the text area on page {} (“{}”)",
                    page + 1,
                    sample.trim()
                ))
                .hint("a word or address too long for its column; the built-in templates break long words, a custom template should too"),
            );
        }
    }
    out
}
