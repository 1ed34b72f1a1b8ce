//! The validated profile: JSON Resume 1.0 plus vitae's extensions (see `docs/profile.md`).
//!
//! Every value here has passed validation; text fields still hold their inline Markdown,
//! which the view parses into runs.

use std::collections::BTreeMap;
use std::ops::Range;

pub use super::date::Date;

/// Free text that may hold inline Markdown.
pub type Text = String;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub basics: Basics,
    pub work: Vec<Work>,
    pub volunteer: Vec<Volunteer>,
    pub education: Vec<Education>,
    pub awards: Vec<Award>,
    pub certificates: Vec<Certificate>,
    pub publications: Vec<Publication>,
    pub skills: Vec<Skill>,
    pub languages: Vec<Language>,
    pub interests: Vec<Interest>,
    pub references: Vec<Reference>,
    pub projects: Vec<Project>,
    pub custom: Vec<CustomSection>,
    pub meta: Meta,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basics {
    pub name: String,
    pub label: Option<String>,
    /// A local image path, relative to the profile, with where it was written.
    pub image: Option<Spanned<String>>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub summary: Option<Text>,
    pub location: Option<Location>,
    pub profiles: Vec<SocialProfile>,
    pub figures: Vec<Figure>,
}

/// A value together with where it was written, for diagnostics raised after validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country_code: Option<String>,
    pub region: Option<String>,
    /// The plain-string form (extension); when set, the parts are empty.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SocialProfile {
    pub network: Option<String>,
    pub username: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

/// When a role ends: a date, or still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Date(Date),
    Present,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Work {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: Option<String>,
    pub position: Option<String>,
    pub url: Option<String>,
    pub location: Option<Location>,
    pub description: Option<Text>,
    pub start: Option<Date>,
    pub end: Option<End>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub summary: Option<Text>,
    pub highlights: Vec<Highlight>,
    pub keywords: Vec<String>,
    pub positions: Vec<Position>,
    pub projects: Vec<Project>,
    pub details: Vec<Detail>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Position {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub position: String,
    pub url: Option<String>,
    pub location: Option<Location>,
    pub start: Option<Date>,
    pub end: Option<End>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub summary: Option<Text>,
    pub highlights: Vec<Highlight>,
    pub keywords: Vec<String>,
    pub projects: Vec<Project>,
    pub details: Vec<Detail>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Volunteer {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub organization: Option<String>,
    pub position: Option<String>,
    pub url: Option<String>,
    pub location: Option<Location>,
    pub start: Option<Date>,
    pub end: Option<End>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub summary: Option<Text>,
    pub highlights: Vec<Highlight>,
    pub keywords: Vec<String>,
    pub details: Vec<Detail>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Education {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub institution: Option<String>,
    pub url: Option<String>,
    pub area: Option<String>,
    pub study_type: Option<String>,
    pub location: Option<Location>,
    pub start: Option<Date>,
    pub end: Option<End>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub score: Option<String>,
    pub courses: Vec<String>,
    pub summary: Option<Text>,
    pub highlights: Vec<Highlight>,
    pub keywords: Vec<String>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Award {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub title: Option<String>,
    pub date: Option<Date>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub awarder: Option<String>,
    pub url: Option<String>,
    pub summary: Option<Text>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Certificate {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: Option<String>,
    pub date: Option<Date>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub issuer: Option<String>,
    pub url: Option<String>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Publication {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: Option<String>,
    pub publisher: Option<String>,
    pub release_date: Option<Date>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub url: Option<String>,
    pub summary: Option<Text>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    /// 0 to 100.
    Percent(u8),
    Word(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skill {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: Option<String>,
    pub level: Option<Level>,
    pub keywords: Vec<Keyword>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

/// A skill keyword: a plain string (standard) or a name with a level (extension).
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    pub name: String,
    pub level: Option<Level>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Language {
    pub language: Option<String>,
    pub fluency: Option<String>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interest {
    pub name: Option<String>,
    pub keywords: Vec<String>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub reference: Option<Text>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Project {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub name: String,
    pub description: Option<Text>,
    pub url: Option<String>,
    pub location: Option<Location>,
    pub start: Option<Date>,
    pub end: Option<End>,
    /// `dateText` (extension): printed instead of the dates, for text such as `Fall 2023`.
    pub date_text: Option<String>,
    pub highlights: Vec<Highlight>,
    pub keywords: Vec<String>,
    pub roles: Vec<String>,
    pub entity: Option<String>,
    pub kind: Option<String>,
    pub details: Vec<Detail>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

/// A highlight: text, optionally marked for or against one-page summaries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlight {
    pub text: Text,
    pub in_summary: Option<bool>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

/// A labelled detail (extension): Problem / Solution / What I learned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub label: String,
    pub text: Option<Text>,
    pub items: Vec<Text>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomSection {
    /// `inSummary`: force into (true) or out of (false) one-page summaries.
    pub in_summary: Option<bool>,
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<Text>,
    /// Bullet items: text, optionally tagged or marked for summaries (like highlights).
    pub items: Vec<Highlight>,
    pub entries: Vec<Project>,
    /// Tags for tailoring (`--tags`, variants; docs/tailoring.md).
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub const NAMES: [&'static str; 2] = ["a4", "letter"];

    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" | "us-letter" | "usletter" => Some(Paper::Letter),
            _ => None,
        }
    }

    /// The name people and every output format use: `a4`, `letter`.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// Width and height in points (1/72 inch): 210 × 297 mm, 8.5 × 11 in.
    pub fn size_pt(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0 * 72.0 / 25.4, 297.0 * 72.0 / 25.4),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// A PDF standard the document conforms to: archival (PDF/A) or accessible (PDF/UA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    A2b,
    A3b,
    Ua1,
}

impl PdfStandard {
    pub const NAMES: [&'static str; 3] = ["a-2b", "a-3b", "ua-1"];

    pub fn parse(s: &str) -> Option<PdfStandard> {
        match s.to_ascii_lowercase().as_str() {
            "a-2b" | "pdf/a-2b" => Some(PdfStandard::A2b),
            "a-3b" | "pdf/a-3b" => Some(PdfStandard::A3b),
            "ua-1" | "pdf/ua-1" => Some(PdfStandard::Ua1),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
            PdfStandard::Ua1 => "ua-1",
        }
    }
}

/// An `#rrggbb` colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Color(pub String);

impl Color {
    pub fn parse(s: &str) -> Option<Color> {
        let hex = s.strip_prefix('#').unwrap_or(s);
        let ok = matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
        ok.then(|| {
            let full: String = if hex.len() == 3 {
                hex.chars().flat_map(|c| [c, c]).collect()
            } else {
                hex.to_string()
            };
            Color(format!("#{}", full.to_ascii_lowercase()))
        })
    }
}

/// JSON Resume's `meta`, with vitae's rendering options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub canonical: Option<String>,
    pub version: Option<String>,
    pub last_modified: Option<Date>,
    pub template: Option<Spanned<String>>,
    pub paper: Option<Paper>,
    pub accent: Option<Color>,
    pub pdf_standard: Option<PdfStandard>,
    pub sections: Option<Vec<String>>,
    pub titles: BTreeMap<String, String>,
    /// Named versions of the profile (`meta.variants`), in the order written.
    pub variants: Vec<Variant>,
    /// The document's language, a BCP 47 tag that has a locale (`de`, `pt-BR`).
    pub lang: Option<Spanned<String>>,
    /// The profile's own words for the locale's phrases (`present: today`), by key.
    pub phrases: BTreeMap<String, String>,
    /// The profile's own quotation marks (`meta.phrases.quotes: [«, »]`).
    pub quotes: Option<[String; 2]>,
    /// A font family for the text instead of the template's.
    pub font: Option<Spanned<String>>,
    /// Folders of fonts to add (relative to the profile).
    pub font_paths: Vec<Spanned<String>>,
    /// The formats to write (`format: [pdf, txt]`); flags and plans say otherwise.
    pub formats: Vec<OutputFormat>,
}

/// A named version of the profile: a tag selection, sections, field overrides, contacts to
/// hide and rendering defaults (docs/tailoring.md). Lists given replace the ones of the
/// variant it `extends`; `set` adds to them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variant {
    pub name: Spanned<String>,
    pub extends: Option<Spanned<String>>,
    pub tags: Option<Vec<Spanned<String>>>,
    pub exclude_tags: Option<Vec<Spanned<String>>>,
    pub sections: Option<Vec<String>>,
    /// `path: value` overrides, applied to the profile before it is read again.
    pub set: Vec<Setting>,
    pub hide: Option<Vec<Spanned<Hide>>>,
    pub template: Option<Spanned<String>>,
    pub paper: Option<Paper>,
    pub accent: Option<Color>,
    pub pdf_standard: Option<PdfStandard>,
    pub kind: Option<KindChoice>,
    pub max_pages: Option<usize>,
    pub lang: Option<Spanned<String>>,
    /// Overlay files merged over the profile (relative to it), e.g. its text in another
    /// language.
    pub with: Vec<Spanned<String>>,
}

/// One `path: value` of a variant's `set`, with where the path is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub path: Spanned<String>,
    pub value: super::tree::Node,
}

/// A file format a document is written in: laid out by Typst (PDF, and PNG or SVG per page),
/// or written from the same view (plain text, Markdown, HTML, Word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Pdf,
    Png,
    Svg,
    Txt,
    Md,
    Html,
    Docx,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 7] = [
        OutputFormat::Pdf,
        OutputFormat::Png,
        OutputFormat::Svg,
        OutputFormat::Txt,
        OutputFormat::Md,
        OutputFormat::Html,
        OutputFormat::Docx,
    ];

    /// The name people write, which is also the file extension.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Pdf => "pdf",
            OutputFormat::Png => "png",
            OutputFormat::Svg => "svg",
            OutputFormat::Txt => "txt",
            OutputFormat::Md => "md",
            OutputFormat::Html => "html",
            OutputFormat::Docx => "docx",
        }
    }

    /// One file per page (`-1.png`, `-2.png`, …) rather than one file.
    pub fn paged(self) -> bool {
        matches!(self, OutputFormat::Png | OutputFormat::Svg)
    }

    pub fn parse(s: &str) -> Option<OutputFormat> {
        let s = s.trim().to_ascii_lowercase();
        let s = match s.as_str() {
            "text" => "txt",
            "markdown" => "md",
            "htm" => "html",
            "word" => "docx",
            other => other,
        };
        Self::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The format a file extension names (`PDF`, `docx`).
    pub fn parse_extension(e: &std::ffi::OsStr) -> Option<OutputFormat> {
        let e = e.to_str()?;
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(e))
    }

    /// `pdf,txt`, `all`: the formats named, in the canonical order, each once.
    pub fn parse_list(s: &str) -> Result<Vec<OutputFormat>, String> {
        let mut out = Vec::new();
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word.eq_ignore_ascii_case("all") {
                true => out.extend(Self::ALL),
                false => out.push(Self::parse(word).ok_or_else(|| {
                    format!(
                        "unknown format `{word}`; formats: {}, or all",
                        Self::ALL.map(Self::name).join(", ")
                    )
                })?),
            }
        }
        if out.is_empty() {
            return Err("no format named; e.g. pdf, or pdf,txt".into());
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// Which documents a variant (or a plan job) makes by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindChoice {
    Resume,
    Summary,
    Both,
}

impl KindChoice {
    pub fn parse(s: &str) -> Option<KindChoice> {
        match s {
            "resume" => Some(KindChoice::Resume),
            "summary" => Some(KindChoice::Summary),
            "all" => Some(KindChoice::Both),
            _ => None,
        }
    }
}

/// What `hide:` removes from the header: a contact, the photo, or one network's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hide {
    Phone,
    Email,
    Url,
    Location,
    Photo,
    Label,
    Summary,
    Figures,
    /// Every `basics.profiles` entry.
    Profiles,
    /// The profiles whose `network` is this (case-insensitive).
    Network(String),
}

impl Hide {
    pub const NAMES: [&'static str; 9] = [
        "phone", "email", "url", "location", "photo", "label", "summary", "figures", "profiles",
    ];

    pub fn parse(s: &str) -> Option<Hide> {
        Some(match s.to_ascii_lowercase().as_str() {
            "phone" => Hide::Phone,
            "email" => Hide::Email,
            "url" | "website" => Hide::Url,
            "location" | "address" => Hide::Location,
            "photo" | "image" => Hide::Photo,
            "label" => Hide::Label,
            "summary" => Hide::Summary,
            "figures" => Hide::Figures,
            "profiles" | "networks" => Hide::Profiles,
            _ => return None,
        })
    }
}

/// The ids of the standard sections, in their default order.
pub const STANDARD_SECTIONS: [&str; 12] = [
    "summary",
    "work",
    "projects",
    "skills",
    "education",
    "certificates",
    "awards",
    "publications",
    "volunteer",
    "languages",
    "interests",
    "references",
];
