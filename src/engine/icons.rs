//! Icons as drawings, not text: `/vitae/icons/<solid|brands>/<codepoint>.json` holds one Font
//! Awesome glyph's outline as an SVG path with its metrics, and `icon()` in common.typ draws it
//! as an image. Set as text, an icon's private-use code point would reach every text extractor
//! and ATS as a stray character (`` before an e-mail address); drawn, it is only ink.
//!
//! The files are made on request from the embedded fonts; the set of paths is bounded by the
//! fonts' code points, so no path is minted per profile.

use std::fmt::Write;

use typst::foundations::Bytes;

use super::assets;

/// Where icons are served.
pub const ROOT: &str = "/vitae/icons/";

/// The icon file at `path`, if it names a glyph one of the icon fonts has.
pub fn file(path: &str) -> Option<Bytes> {
    let rest = path.strip_prefix(ROOT)?;
    let (set, name) = rest.split_once('/')?;
    let font = match set {
        "solid" => assets::ICONS_SOLID,
        "brands" => assets::ICONS_BRANDS,
        _ => return None,
    };
    let hex = name.strip_suffix(".json")?;
    if hex.is_empty() || hex.len() > 6 || hex.starts_with('+') {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    outline(font, c).map(|json| Bytes::new(json.into_bytes()))
}

/// A glyph's outline as JSON: `units` per em, `ascender` and `descender` (font units, from the
/// baseline, descender negative), `advance` and `d`, an SVG path in a box `advance` wide and
/// `ascender − descender` high with y growing downwards from the ascender.
fn outline(font: &[u8], c: char) -> Option<String> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let glyph = face.glyph_index(c)?;
    let ascender = face.ascender();
    let mut path = Path {
        d: String::new(),
        top: f32::from(ascender),
    };
    face.outline_glyph(glyph, &mut path)?;
    let value = serde_json::json!({
        "units": face.units_per_em(),
        "ascender": ascender,
        "descender": face.descender(),
        "advance": face.glyph_hor_advance(glyph)?,
        "d": path.d.trim_end(),
    });
    Some(value.to_string())
}

/// An SVG path written from a glyph outline, flipped so y grows downwards from `top`.
struct Path {
    d: String,
    top: f32,
}

impl Path {
    fn point(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "{} {} ", x, self.top - y);
    }
}

impl ttf_parser::OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        self.d.push('M');
        self.point(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.d.push('L');
        self.point(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.d.push('Q');
        self.point(x1, y1);
        self.point(x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.d.push('C');
        self.point(x1, y1);
        self.point(x2, y2);
        self.point(x, y);
    }
    fn close(&mut self) {
        self.d.push_str("Z ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_are_served_by_code_point() {
        let envelope = file("/vitae/icons/solid/f0e0.json").expect("the envelope icon");
        let v: serde_json::Value = serde_json::from_slice(envelope.as_slice()).unwrap();
        assert!(v["d"].as_str().unwrap().starts_with('M'));
        assert!(v["advance"].as_u64().unwrap() > 0);
        assert!(file("/vitae/icons/brands/f0e1.json").is_some(), "LinkedIn");
        assert!(
            file("/vitae/icons/solid/4e00.json").is_none(),
            "no such glyph"
        );
        assert!(file("/vitae/icons/other/f0e0.json").is_none());
        assert!(file("/vitae/icons/solid/zz.json").is_none());
        assert!(file("/vitae/icons/solid/+f0e0.json").is_none());
    }
}
