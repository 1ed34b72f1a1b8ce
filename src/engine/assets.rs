//! Everything vitae embeds: templates and fonts, in one static table each.
//!
//! Templates live at fixed virtual paths (`/templates/<name>/…`, `/vitae/…`): the Typst path
//! interner never frees ids, so no path is ever minted per profile.

/// A built-in template: its files, the first of which is the entry point.
pub struct Builtin {
    pub name: &'static str,
    /// (virtual path, contents); `files[0]` is the main file.
    pub files: &'static [(&'static str, &'static str)],
}

impl Builtin {
    /// The one-line description from the main file's first line: `// name — description`.
    pub fn description(&self) -> &'static str {
        let first = self.files[0].1.lines().next().unwrap_or("");
        first.split_once(" — ").map_or("", |(_, d)| d.trim())
    }
}

/// `template!("name", "resume.typ", "parts.typ")`: embed a folder of `templates/`.
macro_rules! template {
    ($name:literal, $($file:literal),+) => {
        Builtin {
            name: $name,
            files: &[$((
                concat!("/templates/", $name, "/", $file),
                include_str!(concat!("../../templates/", $name, "/", $file)),
            )),+],
        }
    };
}

/// Helpers every template may import as `/vitae/common.typ`, and the template kit the
/// built-in templates are written with (`/vitae/kit.typ`, which builds on common.typ). Both are
/// served to custom templates too.
pub const SHARED: [(&str, &str); 2] = [
    (
        "/vitae/common.typ",
        include_str!("../../templates/common.typ"),
    ),
    ("/vitae/kit.typ", include_str!("../../templates/kit.typ")),
];

/// The virtual path of the render-ready data.
pub const DATA_PATH: &str = "/vitae/data.json";

/// Where a custom template's directory is mounted, and its entry point.
pub const CUSTOM_ROOT: &str = "/template";
pub const CUSTOM_MAIN: &str = "/template/resume.typ";

/// The built-in templates; the first is the default.
pub static TEMPLATES: &[Builtin] = &[
    template!("classic", "resume.typ"),
    template!("modern", "resume.typ", "parts.typ"),
    template!("compact", "resume.typ"),
    template!("timeline", "resume.typ"),
    template!("elegant", "resume.typ"),
    template!("banner", "resume.typ"),
];

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// Font Awesome's solid and brand glyphs: in the font book for custom templates, and the
/// outlines behind `/vitae/icons/…` (see `icons.rs`).
pub const ICONS_SOLID: &[u8] = include_bytes!("../../fonts/font-awesome/fa-solid-900.ttf");
pub const ICONS_BRANDS: &[u8] = include_bytes!("../../fonts/font-awesome/fa-brands-400.ttf");

/// `font!("inter/Inter-Regular.otf")`: a file of `fonts/`, by its path there (the key of its
/// faces in the precomputed font book, `fonts/book.json`).
macro_rules! font {
    ($path:literal) => {
        ($path, include_bytes!(concat!("../../fonts/", $path)))
    };
}

/// The font book of every embedded face (`FontInfo` by file, in face order), computed ahead
/// so that start-up does not parse every font; a test holds it to the fonts
/// (`VITAE_UPDATE_REFERENCES=1` rewrites it).
pub const FONT_BOOK: &str = include_str!("../../fonts/book.json");

/// Embedded font files. Licences sit beside them in `fonts/`. The fonts for other scripts
/// (Arabic, Hebrew, Devanagari, Bengali, Thai, Chinese/Japanese/Korean) come with the
/// `script-fonts` feature, on by default (see docs/languages.md for what they cost).
pub static FONTS: &[(&str, &[u8])] = &[
    font!("source-sans-3/SourceSans3-Regular.ttf"),
    font!("source-sans-3/SourceSans3-It.ttf"),
    font!("source-sans-3/SourceSans3-Semibold.ttf"),
    font!("source-sans-3/SourceSans3-SemiboldIt.ttf"),
    font!("source-sans-3/SourceSans3-Bold.ttf"),
    font!("source-sans-3/SourceSans3-BoldIt.ttf"),
    font!("inter/Inter-Regular.otf"),
    font!("inter/Inter-Italic.otf"),
    font!("inter/Inter-Medium.otf"),
    font!("inter/Inter-SemiBold.otf"),
    font!("inter/Inter-SemiBoldItalic.otf"),
    font!("inter/Inter-Bold.otf"),
    font!("inter/Inter-BoldItalic.otf"),
    font!("eb-garamond/EBGaramond12-Regular.otf"),
    font!("eb-garamond/EBGaramond12-Italic.otf"),
    font!("eb-garamond/EBGaramond12-Bold.otf"),
    font!("jetbrains-mono/JetBrainsMono-Regular.ttf"),
    font!("jetbrains-mono/JetBrainsMono-Bold.ttf"),
    ("font-awesome/fa-solid-900.ttf", ICONS_SOLID),
    ("font-awesome/fa-brands-400.ttf", ICONS_BRANDS),
    font!("twemoji/TwemojiMozilla.ttf"),
];

/// The fonts of other scripts, as fallbacks in every template (the `script-fonts` feature).
#[cfg(feature = "script-fonts")]
pub static SCRIPT_FONTS: &[(&str, &[u8])] = &[
    font!("noto-sans-arabic/NotoSansArabic-Regular.ttf"),
    font!("noto-sans-arabic/NotoSansArabic-Bold.ttf"),
    font!("noto-sans-hebrew/NotoSansHebrew-Regular.ttf"),
    font!("noto-sans-hebrew/NotoSansHebrew-Bold.ttf"),
    font!("noto-sans-devanagari/NotoSansDevanagari-Regular.ttf"),
    font!("noto-sans-devanagari/NotoSansDevanagari-Bold.ttf"),
    font!("noto-sans-bengali/NotoSansBengali-Regular.ttf"),
    font!("noto-sans-bengali/NotoSansBengali-Bold.ttf"),
    font!("noto-sans-thai/NotoSansThai-Regular.ttf"),
    font!("noto-sans-thai/NotoSansThai-Bold.ttf"),
    font!("noto-sans-cjk/NotoSansCJKsc-Regular-subset.otf"),
    font!("noto-sans-cjk/NotoSansCJKsc-Bold-subset.otf"),
];

#[cfg(not(feature = "script-fonts"))]
pub static SCRIPT_FONTS: &[(&str, &[u8])] = &[];
