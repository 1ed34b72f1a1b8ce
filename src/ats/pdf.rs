//! Glyphs out of a PDF's content streams: where each one sits on the page, how wide and how
//! large it is, and the text its font's `ToUnicode` map gives it. This is the part of a PDF
//! reader an ATS depends on, written against the PDF specification (ISO 32000, §9 "Text"): the
//! text and graphics state operators, composite (Type0, two-byte Identity-H), simple and Type3
//! fonts with their widths, and form XObjects. Input may be any PDF (`check --ats` reads
//! files it did not make), so every count is bounded and every missing piece has a fallback.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::layout::{Glyph, Page};

/// How deep form XObjects may nest, how many glyphs a page may hold, and how many codes one
/// `ToUnicode` range or width run may cover before the reader stops believing it.
const MAX_FORM_DEPTH: usize = 8;
const MAX_GLYPHS_PER_PAGE: usize = 200_000;
const MAX_RANGE: u32 = 65_536;

/// Every page's glyphs, in content-stream order.
pub fn pages(doc: &Document) -> Result<Vec<Page>, String> {
    let mut fonts = FontCache::default();
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        let page = doc
            .get_dictionary(id)
            .map_err(|e| format!("a page cannot be read: {e}"))?;
        let [x0, y0, x1, y1] = media_box(doc, page);
        let mut reader = Reader {
            doc,
            fonts: &mut fonts,
            glyphs: Vec::new(),
            height: y1,
            left: x0,
        };
        let content = doc
            .get_page_content(id)
            .map_err(|e| format!("a page's content cannot be read: {e}"))?;
        let resources = page_resources(doc, page);
        reader.run(&content, resources, Matrix::IDENTITY, 0)?;
        out.push(Page {
            width: x1 - x0,
            height: y1 - y0,
            glyphs: reader.glyphs,
        });
    }
    Ok(out)
}

/// A page's `MediaBox`, inherited from the page tree when the page has none (US Letter when no
/// node has one).
fn media_box(doc: &Document, page: &Dictionary) -> [f64; 4] {
    let mut node = Some(page);
    for _ in 0..32 {
        let Some(n) = node else { break };
        if let Ok(b) = n.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
            let v: Vec<f64> = b.iter().filter_map(number).collect();
            if let [a, b, c, d] = v[..] {
                return [a.min(c), b.min(d), a.max(c), b.max(d)];
            }
        }
        node = n.get_deref(b"Parent", doc).and_then(Object::as_dict).ok();
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// A page's resources, inherited from the page tree.
fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = Some(page);
    for _ in 0..32 {
        let n = node?;
        if let Ok(r) = n.get_deref(b"Resources", doc).and_then(Object::as_dict) {
            return Some(r);
        }
        node = n.get_deref(b"Parent", doc).and_then(Object::as_dict).ok();
    }
    None
}

fn number(o: &Object) -> Option<f64> {
    o.as_float().ok().map(f64::from).filter(|v| v.is_finite())
}

/// An affine transformation `[a b c d e f]`, row-vector convention as in the PDF specification.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from(operands: &[Object]) -> Option<Matrix> {
        let v: Vec<f64> = operands.iter().filter_map(number).collect();
        (v.len() == 6 && operands.len() == 6).then(|| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self × other`: first `self`, then `other`.
    fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = o.0;
        Matrix([
            a * p + b * r,
            a * q + b * s,
            c * p + d * r,
            c * q + d * s,
            e * p + f * r + t,
            e * q + f * s + u,
        ])
    }

    /// How much the matrix scales lengths, on average over both axes.
    fn scale(&self) -> f64 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// What a font contributes: how its codes are split (one or two bytes), each code's text and
/// advance (in text space units per unit of font size).
#[derive(Debug, Default)]
struct Font {
    two_byte: bool,
    unicode: HashMap<u32, String>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Simple fonts without a `ToUnicode` map: bytes read as Latin-1.
    latin1: bool,
    /// How far glyphs reach below the baseline, per unit of font size (negative): the
    /// descriptor's `Descent`, which is where layout analysis puts a glyph's box.
    descent: f64,
}

impl Font {
    fn read(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let mut font = Font {
            unicode: to_unicode(doc, dict),
            ..Font::default()
        };
        font.latin1 = font.unicode.is_empty();
        let descent = |d: &Dictionary| {
            d.get_deref(b"FontDescriptor", doc)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|fd| fd.get_deref(b"Descent", doc).ok())
                .and_then(number)
                .map_or(0.0, |v| -v.abs() / 1000.0)
        };
        if subtype == b"Type0" {
            font.two_byte = true;
            let descendant = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            if let Some(cid) = descendant {
                font.descent = descent(cid);
                font.default_width = cid
                    .get_deref(b"DW", doc)
                    .ok()
                    .and_then(number)
                    .unwrap_or(1000.0)
                    / 1000.0;
                if let Ok(w) = cid.get_deref(b"W", doc).and_then(Object::as_array) {
                    cid_widths(doc, w, &mut font.widths);
                }
            } else {
                font.default_width = 1.0;
            }
            return font;
        }
        // Simple fonts: Widths from FirstChar, in thousandths of text space, or for Type3 in
        // glyph space scaled by the FontMatrix.
        let matrix: Vec<f64> = dict
            .get_deref(b"FontMatrix", doc)
            .and_then(Object::as_array)
            .map(|m| m.iter().filter_map(number).collect())
            .unwrap_or_default();
        let (scale, vscale) = match (subtype, &matrix[..]) {
            (b"Type3", [a, b, c, d, ..]) => (a + c, b + d),
            _ => (0.001, 0.001),
        };
        font.descent = match subtype {
            b"Type3" => {
                let bottom = dict
                    .get_deref(b"FontBBox", doc)
                    .and_then(Object::as_array)
                    .ok()
                    .and_then(|b| b.get(1))
                    .and_then(number)
                    .unwrap_or(0.0);
                -(bottom * vscale).abs()
            }
            _ => descent(dict),
        };
        let first = dict
            .get_deref(b"FirstChar", doc)
            .ok()
            .and_then(number)
            .unwrap_or(0.0) as u32;
        if let Ok(ws) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
            for (i, w) in ws.iter().take(256).enumerate() {
                let w = doc.dereference(w).ok().and_then(|(_, o)| number(o));
                if let Some(w) = w {
                    font.widths.insert(first + i as u32, w * scale);
                }
            }
        }
        font.default_width = dict
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .ok()
            .and_then(|fd| fd.get_deref(b"MissingWidth", doc).ok())
            .and_then(number)
            .unwrap_or(0.0)
            * scale;
        font
    }

    /// The codes in a string, each with its text and advance.
    fn codes<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = (u32, String, f64)> + 'a {
        let step = if self.two_byte { 2 } else { 1 };
        bytes.chunks(step).map(move |c| {
            let code = c.iter().fold(0u32, |a, &b| a << 8 | b as u32);
            let text = match self.unicode.get(&code) {
                Some(t) => t.clone(),
                None if self.latin1 && !self.two_byte => char::from(code as u8).to_string(),
                None => "\u{fffd}".to_string(),
            };
            let width = self
                .widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
            (code, text, width)
        })
    }
}

/// A CIDFont's `W` array: `c [w1 w2 …]` (widths from c on) or `first last w`.
fn cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f64>) {
    let items: Vec<&Object> = w
        .iter()
        .filter_map(|o| doc.dereference(o).ok().map(|(_, o)| o))
        .collect();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = number(items[i]) else { break };
        let first = first.max(0.0) as u32;
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, w) in ws.iter().take(MAX_RANGE as usize).enumerate() {
                    if let Some(w) = number(w) {
                        out.insert(first + k as u32, w / 1000.0);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) =
                    (number(last), items.get(i + 2).and_then(|o| number(o)))
                else {
                    break;
                };
                let last = (last.max(0.0) as u32).min(first.saturating_add(MAX_RANGE));
                for c in first..=last {
                    out.insert(c, width / 1000.0);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A font's `ToUnicode` CMap: `bfchar` pairs and `bfrange` runs, destinations in UTF-16BE.
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let Ok(stream) = font
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
    else {
        return map;
    };
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let tokens = cmap_tokens(&bytes);
    let mut i = 0;
    let hex = |t: Option<&Token>| match t {
        Some(Token::Hex(h)) => Some(h.clone()),
        _ => None,
    };
    let code = |h: &[u8]| h.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32);
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) if w == "beginbfchar" => {
                i += 1;
                while let (Some(src), Some(dst)) = (hex(tokens.get(i)), hex(tokens.get(i + 1))) {
                    map.insert(code(&src), utf16(&dst));
                    i += 2;
                }
            }
            Token::Word(w) if w == "beginbfrange" => {
                i += 1;
                while let (Some(lo), Some(hi)) = (hex(tokens.get(i)), hex(tokens.get(i + 1))) {
                    let (lo, hi) = (code(&lo), code(&hi));
                    let hi = hi.min(lo.saturating_add(MAX_RANGE));
                    match tokens.get(i + 2) {
                        Some(Token::Hex(dst)) => {
                            // The last UTF-16 unit counts up through the range.
                            let mut units = utf16_units(dst);
                            for c in lo..=hi {
                                map.insert(c, String::from_utf16_lossy(&units));
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                        Some(Token::Open) => {
                            let mut k = i + 3;
                            let mut c = lo;
                            while let Some(Token::Hex(dst)) = tokens.get(k) {
                                if c <= hi {
                                    map.insert(c, utf16(dst));
                                }
                                c = c.saturating_add(1);
                                k += 1;
                            }
                            i = k + 1; // past `]`
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

/// A glyph's text as it stands in a line read in drawing order. The text of one glyph (a
/// ligature such as Arabic's lam-alef, or a cluster's `/ActualText`) is in written order, but
/// a right-to-left line comes out of the layout in visual order and is turned back as a
/// whole ([`super::logical`]): such a text is stored reversed, so that the turn gives it back
/// as written.
fn drawn(text: String) -> String {
    match text.chars().nth(1).is_some() && text.chars().any(super::is_rtl) {
        true => text.chars().rev().collect(),
        false => text,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

/// A CMap's tokens: hex strings, brackets and words (numbers, names and operators alike);
/// comments, dictionaries and literal strings are skipped over as words.
fn cmap_tokens(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if bytes.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = bytes[i..].iter().position(|&c| c == b'>').map(|p| i + p);
                let end = end.unwrap_or(bytes.len());
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let mut h: Vec<u8> = digits
                    .chunks(2)
                    .map(|p| p[0] << 4 | p.get(1).unwrap_or(&0))
                    .collect();
                h.truncate(64);
                out.push(Token::Hex(h));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && !b"<>[]% \t\r\n\x0c\0".contains(&bytes[i]) {
                    i += 1;
                }
                i = i.max(start + 1);
                out.push(Token::Word(
                    String::from_utf8_lossy(&bytes[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

/// Fonts read once per document, by object (or, for direct dictionaries, not cached).
#[derive(Default)]
struct FontCache {
    by_id: HashMap<ObjectId, std::rc::Rc<Font>>,
}

impl FontCache {
    fn get(
        &mut self,
        doc: &Document,
        resources: Option<&Dictionary>,
        name: &[u8],
    ) -> Option<std::rc::Rc<Font>> {
        let fonts = resources?
            .get_deref(b"Font", doc)
            .and_then(Object::as_dict)
            .ok()?;
        match fonts.get(name).ok()? {
            Object::Reference(id) => {
                if let Some(f) = self.by_id.get(id) {
                    return Some(f.clone());
                }
                let dict = doc.get_dictionary(*id).ok()?;
                let font = std::rc::Rc::new(Font::read(doc, dict));
                self.by_id.insert(*id, font.clone());
                Some(font)
            }
            Object::Dictionary(d) => Some(std::rc::Rc::new(Font::read(doc, d))),
            _ => None,
        }
    }
}

/// The graphics and text state the operators change.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<std::rc::Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scaling: f64,
    leading: f64,
    rise: f64,
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    glyphs: Vec<Glyph>,
    /// The page's top and left edges, to turn PDF coordinates (origin bottom-left) into the
    /// top-left ones the layout analysis uses.
    height: f64,
    left: f64,
}

impl Reader<'_> {
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), String> {
        let ops = Content::decode(content)
            .map_err(|e| format!("a content stream cannot be parsed: {e}"))?
            .operations;
        let mut state = State {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<State> = Vec::new();
        // Open marked content: its `/ActualText`, if any, and the first glyph inside it.
        let mut marked: Vec<(Option<String>, usize)> = Vec::new();
        let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
        for op in &ops {
            let args = &op.operands;
            let num = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(state.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from(args) {
                        state.ctm = m.then(&state.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    let name = args.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                    state.font = self.fonts.get(self.doc, resources, name);
                    state.size = num(1);
                }
                "Tc" => state.char_spacing = num(0),
                "Tw" => state.word_spacing = num(0),
                "Tz" => state.scaling = num(0) / 100.0,
                "TL" => state.leading = num(0),
                "Ts" => state.rise = num(0),
                "Td" | "TD" => {
                    if op.operator == "TD" {
                        state.leading = -num(1);
                    }
                    tlm = Matrix::translate(num(0), num(1)).then(&tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -state.leading).then(&tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator == "\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    if op.operator != "Tj" {
                        tlm = Matrix::translate(0.0, -state.leading).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s, _)) = args.last() {
                        self.show(&state, &mut tm, s);
                    }
                }
                "TJ" => {
                    let Some(Object::Array(items)) = args.first() else {
                        continue;
                    };
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(&state, &mut tm, s),
                            other => {
                                if let Some(n) = number(other) {
                                    let tx = -n / 1000.0 * state.size * state.scaling;
                                    tm = Matrix::translate(tx, 0.0).then(&tm);
                                }
                            }
                        }
                    }
                }
                "BMC" | "BDC" if marked.len() < 256 => {
                    let actual = match args.get(1) {
                        Some(Object::Dictionary(d)) => match d.get(b"ActualText") {
                            Ok(Object::String(t, _)) => Some(super::decode(t)),
                            _ => None,
                        },
                        _ => None,
                    };
                    marked.push((actual, self.glyphs.len()));
                }
                "EMC" => {
                    if let Some((Some(text), start)) = marked.pop() {
                        self.replace_with(start, text);
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let name = args.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                    self.form(resources, name, &state, depth)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A form XObject: its content under its matrix and its own resources.
    fn form(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        state: &State,
        depth: usize,
    ) -> Result<(), String> {
        let doc = self.doc;
        let Some(stream) = resources
            .and_then(|r| r.get_deref(b"XObject", doc).and_then(Object::as_dict).ok())
            .and_then(|x| x.get_deref(name, doc).and_then(Object::as_stream).ok())
        else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let matrix = stream
            .dict
            .get_deref(b"Matrix", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|m| Matrix::from(m))
            .unwrap_or(Matrix::IDENTITY);
        let own = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok();
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        self.run(
            &content,
            own.or(resources),
            matrix.then(&state.ctm),
            depth + 1,
        )
    }

    /// The glyphs from `start` on, drawn inside an `/ActualText` span, as the one run of text
    /// the span says they are (as poppler reads it): a cluster of joined letters — a
    /// Devanagari conjunct, Thai marks — whose glyphs carry no text of their own, or a text
    /// split differently from its glyphs. The run covers the glyphs' boxes.
    fn replace_with(&mut self, start: usize, text: String) {
        if start >= self.glyphs.len() {
            return;
        }
        let inside: Vec<Glyph> = self.glyphs.drain(start..).collect();
        let left = inside.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
        let right = inside
            .iter()
            .map(|g| g.x + g.width)
            .fold(f64::NEG_INFINITY, f64::max);
        let first = &inside[0];
        self.glyphs.push(Glyph {
            text: drawn(text),
            x: left,
            y: first.y,
            width: (right - left).max(0.0),
            size: first.size,
            descent: first.descent,
        });
    }

    /// Show a string: one glyph per code, each advancing the text matrix.
    fn show(&mut self, state: &State, tm: &mut Matrix, bytes: &[u8]) {
        let Some(font) = state.font.clone() else {
            return;
        };
        for (code, text, w0) in font.codes(bytes) {
            let space = !font.two_byte && code == 32;
            let tx = (w0 * state.size
                + state.char_spacing
                + if space { state.word_spacing } else { 0.0 })
                * state.scaling;
            let place = Matrix([
                state.size * state.scaling,
                0.0,
                0.0,
                state.size,
                0.0,
                state.rise,
            ])
            .then(tm)
            .then(&state.ctm);
            // The glyph's box is its advance wide, without character or word spacing.
            let advance = Matrix::translate(w0 * state.size * state.scaling, 0.0)
                .then(tm)
                .then(&state.ctm);
            let [.., x, y] = place.0;
            let [.., x_end, y_end] = advance.0;
            let size = tm.then(&state.ctm).scale() * state.size;
            if self.glyphs.len() < MAX_GLYPHS_PER_PAGE {
                self.glyphs.push(Glyph {
                    text: drawn(text),
                    x: x - self.left,
                    y: self.height - y,
                    width: ((x_end - x).powi(2) + (y_end - y).powi(2)).sqrt(),
                    size,
                    descent: font.descent * size,
                });
            }
            *tm = Matrix::translate(tx, 0.0).then(tm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_ranges_and_pairs_are_read() {
        let cmap = b"/CIDInit /ProcSet findresource begin 2 beginbfchar\n<0001> <0041>\n<0002> <00660069>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0061>\nendbfrange\n1 beginbfrange <0020> <0021> [<0031> <0032>] endbfrange end";
        let tokens = cmap_tokens(cmap);
        assert!(tokens.contains(&Token::Word("beginbfchar".into())));
        let mut doc = Document::with_version("1.7");
        let stream = lopdf::Stream::new(Dictionary::new(), cmap.to_vec());
        let id = doc.add_object(stream);
        let mut font = Dictionary::new();
        font.set("ToUnicode", Object::Reference(id));
        let map = to_unicode(&doc, &font);
        assert_eq!(map[&1], "A");
        assert_eq!(map[&2], "fi");
        assert_eq!(map[&0x11], "b");
        assert_eq!(map[&0x12], "c");
        assert_eq!(map[&0x21], "2");
    }

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        // A point at the origin scaled, then shifted, lands on the shift.
        assert_eq!(scale.then(&shift).0[4..], [10.0, 5.0]);
        assert_eq!(shift.then(&scale).0[4..], [20.0, 10.0]);
        assert_eq!(scale.scale(), 2.0);
    }

    #[test]
    fn cid_widths_read_both_forms() {
        let doc = Document::with_version("1.7");
        let w: Vec<Object> = vec![
            1.into(),
            Object::Array(vec![500.into(), 600.into()]),
            10.into(),
            12.into(),
            250.into(),
        ];
        let mut out = HashMap::new();
        cid_widths(&doc, &w, &mut out);
        assert_eq!(out[&1], 0.5);
        assert_eq!(out[&2], 0.6);
        assert_eq!(out[&11], 0.25);
        assert!(!out.contains_key(&13));
    }
}
