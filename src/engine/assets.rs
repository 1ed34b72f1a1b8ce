//! Everything vitae embeds: templates and fonts, in one static table each.
//!
//! Templates live at fixed virtual paths (`/templates/<name>/…`, `/vitae/…`): the Typst path
//! interner never frees ids, so no path is ever minted per profile.

/// A built-in template: its files, the first of which is the entry point.
pub struct Builtin {
    pub name: &'static str,
    pub description: &'static str,
    /// (virtual path, contents); `files[0]` is the main file.
    pub files: &'static [(&'static str, &'static str)],
}

/// Helpers every template may import as `/vitae/common.typ`.
pub const COMMON: (&str, &str) = (
    "/vitae/common.typ",
    include_str!("../../templates/common.typ"),
);

/// The virtual path of the render-ready data.
pub const DATA_PATH: &str = "/vitae/data.json";

/// Where a custom template's directory is mounted, and its entry point.
pub const CUSTOM_ROOT: &str = "/template";
pub const CUSTOM_MAIN: &str = "/template/resume.typ";

pub static TEMPLATES: &[Builtin] = &[Builtin {
    name: "classic",
    description: "single column, ruled section titles, right-aligned dates; ATS-safe",
    files: &[(
        "/templates/classic/resume.typ",
        include_str!("../../templates/classic/resume.typ"),
    )],
}];

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// Embedded font files. Licences sit beside them in `fonts/`.
pub static FONTS: &[&[u8]] = &[
    include_bytes!("../../fonts/source-sans-3/SourceSans3-Regular.ttf"),
    include_bytes!("../../fonts/source-sans-3/SourceSans3-It.ttf"),
    include_bytes!("../../fonts/source-sans-3/SourceSans3-Semibold.ttf"),
    include_bytes!("../../fonts/source-sans-3/SourceSans3-SemiboldIt.ttf"),
    include_bytes!("../../fonts/source-sans-3/SourceSans3-Bold.ttf"),
    include_bytes!("../../fonts/source-sans-3/SourceSans3-BoldIt.ttf"),
    include_bytes!("../../fonts/inter/Inter-Regular.otf"),
    include_bytes!("../../fonts/inter/Inter-Italic.otf"),
    include_bytes!("../../fonts/inter/Inter-Medium.otf"),
    include_bytes!("../../fonts/inter/Inter-SemiBold.otf"),
    include_bytes!("../../fonts/inter/Inter-SemiBoldItalic.otf"),
    include_bytes!("../../fonts/inter/Inter-Bold.otf"),
    include_bytes!("../../fonts/inter/Inter-BoldItalic.otf"),
    include_bytes!("../../fonts/eb-garamond/EBGaramond12-Regular.otf"),
    include_bytes!("../../fonts/eb-garamond/EBGaramond12-Italic.otf"),
    include_bytes!("../../fonts/eb-garamond/EBGaramond12-Bold.otf"),
    include_bytes!("../../fonts/jetbrains-mono/JetBrainsMono-Regular.ttf"),
    include_bytes!("../../fonts/jetbrains-mono/JetBrainsMono-Bold.ttf"),
    include_bytes!("../../fonts/font-awesome/fa-solid-900.ttf"),
    include_bytes!("../../fonts/font-awesome/fa-brands-400.ttf"),
    include_bytes!("../../fonts/noto-color-emoji/NotoColorEmoji.ttf"),
];
