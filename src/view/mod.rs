//! Profile + options → the render-ready view every template reads from `/vitae/data.json`.
//!
//! Everything a template would otherwise have to compute lives here: formatted dates, phrases,
//! Markdown runs, contact links, section order and titles. The structure is the data contract
//! documented in `docs/templates.md`; bump [`CONTRACT_VERSION`] when it changes incompatibly.

pub mod markdown;
mod select;

use serde::Serialize;

pub use crate::locale::Locale;
pub use markdown::{Run, runs};
pub use select::{Condense, Kind, droppable, ladder, select, tightening};

use crate::profile::letter::{Enclosure, Letter, Part as LetterPart};
use crate::profile::{self, Color, Date, End, Location, Paper, Profile, STANDARD_SECTIONS};

pub const CONTRACT_VERSION: u32 = 2;

/// What a document is built from besides the profile.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    pub kind: Kind,
    /// Type size and spacing factors (from [`Condense`]).
    pub scale: f64,
    pub spacing: f64,
    pub paper: Paper,
    pub accent: Option<Color>,
    /// A font family for the text instead of the template's.
    pub font: Option<String>,
    pub locale: &'static Locale,
    /// The language asked for, as a BCP 47 tag (`de-AT`; its locale may be a shorter tag's).
    pub lang: String,
    /// The photo, if the profile has one (read and measured before the view is built).
    pub photo: Option<Asset>,
    /// The cover letter a `Kind::Letter` document sets, sent from this profile.
    pub letter: Option<std::sync::Arc<Letter>>,
    /// The document's date: a letter is dated by it when the letter gives none.
    pub date: Option<Date>,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            kind: Kind::Resume,
            scale: 1.0,
            spacing: 1.0,
            paper: Paper::A4,
            accent: None,
            font: None,
            locale: crate::locale::english(),
            lang: "en".into(),
            photo: None,
            letter: None,
            date: None,
        }
    }
}

/// Paragraphs of runs.
pub type Paragraphs = Vec<Vec<Run>>;

#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub version: u32,
    pub kind: &'static str,
    pub document: Document,
    pub style: Style,
    /// The fixed words and marks of the document's language.
    pub phrases: Phrases,
    pub basics: Basics,
    pub sections: Vec<Section>,
    /// A cover letter's own parts (null but in a letter, which has no sections).
    pub letter: Option<LetterView>,
}

/// A cover letter, ready to set: the sender is `basics`, as in the résumé.
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    pub to: Recipient,
    /// The recipient's lines in order: name, title, organisation, address.
    pub recipient: Vec<String>,
    /// The date, written out (`30 November 2026`), and as a value.
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub subject: Option<String>,
    /// `Dear Ms Hopper,`: the letter's own, or the language's with the recipient's name.
    pub salutation: String,
    pub body: Vec<LetterBlock>,
    pub closing: String,
    pub signature: String,
    /// `Enclosure: Résumé`, when the letter asks for it.
    pub enclosure: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub name: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub address: Vec<String>,
}

/// A paragraph of a letter's body, or a list of bullets.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LetterBlock {
    Paragraph { runs: Vec<Run> },
    List { items: Paragraphs },
}

/// A file the document shows, named logically: each backend serves or embeds it its own way
/// (the Typst backend at `/vitae/<asset>.<format>`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Asset {
    /// `photo`.
    pub asset: &'static str,
    /// `png`, `jpg`, `gif`, `webp` or `svg`.
    pub format: &'static str,
    /// Size in pixels (an SVG's in its own units).
    pub width: u32,
    pub height: u32,
}

pub use crate::locale::Phrases;

/// The locale's phrases with the profile's own (`meta.phrases`) over them.
fn phrases(locale: &Locale, meta: &profile::Meta) -> Phrases {
    let mut phrases = locale.phrases.clone();
    for (key, own) in &meta.phrases {
        if let Some(word) = phrases.get_mut(key) {
            *word = own.clone();
        }
    }
    if let Some(q) = &meta.quotes {
        phrases.quotes = q.clone();
    }
    phrases
}

/// PDF metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub title: String,
    pub author: String,
    pub keywords: Vec<String>,
    /// The language (ISO 639 code: `de`, `zh`) and region (`AT`, `TW`, or null) of the text.
    pub lang: String,
    pub region: Option<String>,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Style {
    /// `a4` or `letter`.
    pub paper: &'static str,
    /// The page's width and height in points.
    pub page: PageSize,
    /// Multiply type sizes by this (≤ 1 when condensed); keep body text ≥ 8.5 pt.
    pub scale: f64,
    /// Multiply vertical gaps by this (≤ 1 when condensed).
    pub spacing: f64,
    /// `#rrggbb`, or null for the template's own.
    pub accent: Option<String>,
    /// A font family for the text instead of the template's (`--font`), or null.
    pub font: Option<String>,
}

/// A page's size in points (1/72 inch).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PageSize {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Basics {
    pub name: String,
    pub label: Option<String>,
    pub photo: Option<Asset>,
    pub location: Option<String>,
    pub contacts: Vec<Contact>,
    pub figures: Vec<Figure>,
}

/// One item of the contact line.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// `email`, `phone`, `location`, `website`, or a network in lower case without spaces
    /// (`linkedin`, `github`, `stackoverflow`, …). Templates pick an icon by it.
    pub kind: String,
    /// The network as the author wrote it (for profiles).
    pub network: Option<String>,
    pub text: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Section {
    /// Dated entries: work, education, projects, awards, …
    Entries {
        id: String,
        title: String,
        entries: Vec<Entry>,
    },
    Skills {
        id: String,
        title: String,
        groups: Vec<SkillGroup>,
    },
    Languages {
        id: String,
        title: String,
        items: Vec<LanguageItem>,
    },
    Interests {
        id: String,
        title: String,
        items: Vec<InterestItem>,
    },
    References {
        id: String,
        title: String,
        items: Vec<ReferenceItem>,
    },
    /// The summary and custom sections: paragraphs, then bullet items, then entries.
    Text {
        id: String,
        title: String,
        paragraphs: Paragraphs,
        items: Paragraphs,
        entries: Vec<Entry>,
    },
}

impl Section {
    pub fn id(&self) -> &str {
        match self {
            Section::Entries { id, .. }
            | Section::Skills { id, .. }
            | Section::Languages { id, .. }
            | Section::Interests { id, .. }
            | Section::References { id, .. }
            | Section::Text { id, .. } => id,
        }
    }
}

/// The one shape of every dated thing on a résumé.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Entry {
    /// What a reader knows the entry by: the organisation for a role, a degree or a volunteer
    /// post; the entry's own name for a project, a certificate, an award or a publication.
    pub heading: Option<String>,
    /// The other of the two names (the role under an employer, the issuer of a certificate).
    pub subheading: Option<String>,
    /// The role, degree, project, award or certificate.
    pub title: Option<String>,
    /// The employer, institution, issuer, awarder or publisher.
    pub organization: Option<String>,
    /// A secondary line: project roles or type.
    pub subtitle: Option<String>,
    pub url: Option<String>,
    pub location: Option<String>,
    /// The formatted date or date range (`dates.text`).
    pub date: Option<String>,
    /// The same as values.
    pub dates: Option<Dates>,
    pub description: Paragraphs,
    pub summary: Paragraphs,
    pub highlights: Paragraphs,
    pub keywords: Vec<String>,
    pub details: Vec<Detail>,
    /// Several roles at one employer.
    pub positions: Vec<Entry>,
    pub projects: Vec<Entry>,
}

/// When something happened, as values beside the words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dates {
    pub start: Option<DateValue>,
    pub end: Option<DateValue>,
    /// Still going: the end reads "Present".
    pub current: bool,
    /// The whole, formatted: `Aug 2024 – Present`, `Mar 2023`.
    pub text: String,
    /// Each end formatted (`Aug 2024`, `Present`); a single date is `start_text` only.
    pub start_text: Option<String>,
    pub end_text: Option<String>,
}

/// A date with the precision the profile gave.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateValue {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// `2024`, `2024-08` or `2024-08-15`.
    pub iso: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub label: String,
    pub text: Vec<Run>,
    pub items: Paragraphs,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillGroup {
    pub name: Option<String>,
    pub level: Option<LevelView>,
    pub keywords: Vec<SkillKeyword>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillKeyword {
    pub name: String,
    pub level: Option<LevelView>,
}

/// A level as text, and as a fraction when it is a percentage (for bars).
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub text: String,
    pub fraction: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageItem {
    pub name: String,
    pub fluency: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterestItem {
    pub name: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceItem {
    pub name: String,
    pub title: Option<String>,
    pub text: Paragraphs,
}

/// The view of a document of `options.kind` at condensation `condense`, with notes on what
/// condensation left out.
pub fn document(
    profile: &Profile,
    options: &ViewOptions,
    condense: &Condense,
) -> (View, Vec<String>) {
    let (part, notes) = select(profile, options.kind, condense);
    let options = ViewOptions {
        scale: condense.scale,
        spacing: condense.spacing,
        ..options.clone()
    };
    (build(&part, &options), notes)
}

/// Build the view of everything in `profile`.
pub fn build(profile: &Profile, options: &ViewOptions) -> View {
    let b = Builder {
        locale: options.locale,
        phrases: phrases(options.locale, &profile.meta),
    };
    let name = profile.basics.name.clone();
    let label = profile.basics.label.clone();
    let mut keywords: Vec<String> = Vec::new();
    for skill in &profile.skills {
        for k in &skill.keywords {
            if !keywords.iter().any(|x| x.eq_ignore_ascii_case(&k.name)) {
                keywords.push(k.name.clone());
            }
        }
    }
    let title = match (
        options.letter.as_ref().and_then(|l| l.subject.as_ref()),
        &label,
    ) {
        (Some(subject), _) => format!("{name} – {subject}"),
        (None, Some(l)) => format!("{name} – {l}"),
        (None, None) => name.clone(),
    };
    View {
        version: CONTRACT_VERSION,
        kind: options.kind.name(),
        document: Document {
            title,
            author: name.clone(),
            keywords,
            lang: language(&options.lang),
            region: region(&options.lang),
            dir: match options.locale.dir {
                crate::locale::Dir::Ltr => "ltr",
                crate::locale::Dir::Rtl => "rtl",
            },
        },
        style: Style {
            paper: options.paper.name(),
            page: {
                let (width, height) = options.paper.size_pt();
                PageSize { width, height }
            },
            scale: options.scale,
            spacing: options.spacing,
            accent: options.accent.as_ref().map(|c| c.0.clone()),
            font: options.font.clone(),
        },
        phrases: b.phrases.clone(),
        basics: Basics {
            name,
            label,
            photo: options.photo.clone(),
            location: profile.basics.location.as_ref().and_then(location),
            contacts: contacts(&profile.basics),
            figures: profile
                .basics
                .figures
                .iter()
                .map(|f| Figure {
                    value: f.value.clone(),
                    label: f.label.clone(),
                })
                .collect(),
        },
        sections: match options.letter {
            Some(_) => Vec::new(),
            None => b.sections(profile),
        },
        letter: options
            .letter
            .as_deref()
            .map(|l| b.letter(l, profile, options.date)),
    }
}

struct Builder {
    locale: &'static Locale,
    phrases: Phrases,
}

/// `de` of `de-AT`.
fn language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase()
}

/// `AT` of `de-AT` (`TW` of `zh-Hant-TW`), if the tag names a region.
fn region(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

impl Builder {
    /// A letter's parts, with the language's words where the letter leaves them out.
    fn letter(&self, l: &Letter, p: &Profile, date: Option<Date>) -> LetterView {
        let to = &l.to;
        let recipient: Vec<String> = [&to.name, &to.title, &to.organization]
            .into_iter()
            .flatten()
            .cloned()
            .chain(to.address.iter().cloned())
            .collect();
        let date = l.date.or(date);
        let salutation = match (&l.salutation, &to.name) {
            (Some(s), _) => s.clone(),
            (None, Some(name)) => self.phrases.salutation.replace("{name}", name),
            (None, None) => self.phrases.greeting.clone(),
        };
        LetterView {
            to: Recipient {
                name: to.name.clone(),
                title: to.title.clone(),
                organization: to.organization.clone(),
                address: to.address.clone(),
            },
            recipient,
            date: date.map(|d| match (d.month, d.day) {
                (Some(m), Some(day)) => self.locale.day(d.year, m, day),
                _ => self.date(&d),
            }),
            date_iso: date.map(|d| value(d).iso),
            subject: l.subject.clone(),
            salutation,
            body: l
                .body
                .iter()
                .map(|part| match part {
                    LetterPart::Paragraph(t) => LetterBlock::Paragraph { runs: runs(t) },
                    LetterPart::List(items) => LetterBlock::List {
                        items: items.iter().map(|i| runs(i)).collect(),
                    },
                })
                .collect(),
            closing: l
                .closing
                .clone()
                .unwrap_or_else(|| self.phrases.closing.clone()),
            signature: l.signature.clone().unwrap_or_else(|| p.basics.name.clone()),
            enclosure: match &l.enclosure {
                Enclosure::None => None,
                Enclosure::Resume => Some(self.phrases.enclosure.clone()),
                Enclosure::Own(s) => Some(s.clone()),
            },
        }
    }

    fn sections(&self, p: &Profile) -> Vec<Section> {
        let default_order: Vec<String> = STANDARD_SECTIONS
            .iter()
            .map(|s| s.to_string())
            .chain(p.custom.iter().map(|c| c.id.clone()))
            .collect();
        let order = p.meta.sections.clone().unwrap_or(default_order);
        order
            .iter()
            .filter_map(|id| self.section(p, id))
            .filter(|s| !is_empty(s))
            .collect()
    }

    fn title(&self, p: &Profile, id: &str) -> String {
        p.meta
            .titles
            .get(id)
            .cloned()
            .or_else(|| self.locale.title(id).map(str::to_string))
            .or_else(|| {
                p.custom
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.title.clone())
            })
            .unwrap_or_else(|| id.to_string())
    }

    fn section(&self, p: &Profile, id: &str) -> Option<Section> {
        let title = self.title(p, id);
        let id = id.to_string();
        let entries = |entries: Vec<Entry>| {
            Some(Section::Entries {
                id: id.clone(),
                title: title.clone(),
                entries,
            })
        };
        match id.as_str() {
            "summary" => Some(Section::Text {
                id: id.clone(),
                title: title.clone(),
                paragraphs: p
                    .basics
                    .summary
                    .as_deref()
                    .map(paragraphs)
                    .unwrap_or_default(),
                items: Vec::new(),
                entries: Vec::new(),
            }),
            "work" => entries(p.work.iter().map(|w| self.work(w)).collect()),
            "volunteer" => entries(p.volunteer.iter().map(|v| self.volunteer(v)).collect()),
            "education" => entries(p.education.iter().map(|e| self.education(e)).collect()),
            "projects" => entries(p.projects.iter().map(|x| self.project(x)).collect()),
            "awards" => entries(
                p.awards
                    .iter()
                    .map(|a| {
                        let e = Entry {
                            title: a.title.clone(),
                            organization: a.awarder.clone(),
                            url: a.url.clone(),
                            summary: opt_paragraphs(&a.summary),
                            ..Entry::default()
                        };
                        self.finish(e, self.dates(a.date, None, false, &a.date_text), false)
                    })
                    .collect(),
            ),
            "certificates" => entries(
                p.certificates
                    .iter()
                    .map(|c| {
                        let e = Entry {
                            title: c.name.clone(),
                            organization: c.issuer.clone(),
                            url: c.url.clone(),
                            ..Entry::default()
                        };
                        self.finish(e, self.dates(c.date, None, false, &c.date_text), false)
                    })
                    .collect(),
            ),
            "publications" => entries(
                p.publications
                    .iter()
                    .map(|x| {
                        let e = Entry {
                            title: x.name.clone(),
                            organization: x.publisher.clone(),
                            url: x.url.clone(),
                            summary: opt_paragraphs(&x.summary),
                            ..Entry::default()
                        };
                        self.finish(
                            e,
                            self.dates(x.release_date, None, false, &x.date_text),
                            false,
                        )
                    })
                    .collect(),
            ),
            "skills" => Some(Section::Skills {
                id: id.clone(),
                title: title.clone(),
                groups: p
                    .skills
                    .iter()
                    .map(|s| SkillGroup {
                        name: s.name.clone(),
                        level: s.level.as_ref().map(level),
                        keywords: s
                            .keywords
                            .iter()
                            .map(|k| SkillKeyword {
                                name: k.name.clone(),
                                level: k.level.as_ref().map(level),
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            "languages" => Some(Section::Languages {
                id: id.clone(),
                title: title.clone(),
                items: p
                    .languages
                    .iter()
                    .map(|l| LanguageItem {
                        name: l.language.clone().unwrap_or_default(),
                        fluency: l.fluency.clone(),
                    })
                    .collect(),
            }),
            "interests" => Some(Section::Interests {
                id: id.clone(),
                title: title.clone(),
                items: p
                    .interests
                    .iter()
                    .map(|i| InterestItem {
                        name: i.name.clone().unwrap_or_default(),
                        keywords: i.keywords.clone(),
                    })
                    .collect(),
            }),
            "references" => Some(Section::References {
                id: id.clone(),
                title: title.clone(),
                items: p
                    .references
                    .iter()
                    .map(|r| ReferenceItem {
                        name: r.name.clone().unwrap_or_default(),
                        title: r.title.clone(),
                        text: opt_paragraphs(&r.reference),
                    })
                    .collect(),
            }),
            _ => {
                let c = p.custom.iter().find(|c| c.id == id)?;
                Some(Section::Text {
                    id: id.clone(),
                    title: title.clone(),
                    paragraphs: c.paragraphs.iter().flat_map(|t| paragraphs(t)).collect(),
                    items: c.items.iter().map(|t| runs(&t.text)).collect(),
                    entries: c.entries.iter().map(|x| self.project(x)).collect(),
                })
            }
        }
    }

    fn work(&self, w: &profile::Work) -> Entry {
        let positions: Vec<Entry> = w
            .positions
            .iter()
            .map(|p| Entry {
                title: Some(p.position.clone()),
                url: p.url.clone(),
                location: p.location.as_ref().and_then(location),
                summary: opt_paragraphs(&p.summary),
                highlights: highlights(&p.highlights),
                keywords: p.keywords.clone(),
                details: self.details(&p.details),
                projects: p.projects.iter().map(|x| self.project(x)).collect(),
                ..Entry::default()
            })
            .zip(&w.positions)
            .map(|(e, p)| self.finish(e, self.dates(p.start, p.end, true, &p.date_text), false))
            .collect();
        // An employer's own dates span its positions unless written.
        let (start, end) = match (w.start, w.end, w.positions.is_empty()) {
            (None, None, false) => {
                let start = w
                    .positions
                    .iter()
                    .filter_map(|p| p.start)
                    .min_by_key(Date::sort_key);
                let open = w
                    .positions
                    .iter()
                    .any(|p| p.start.is_some() && matches!(p.end, None | Some(End::Present)));
                let end = match open {
                    true => Some(End::Present),
                    false => w
                        .positions
                        .iter()
                        .filter_map(|p| match p.end {
                            Some(End::Date(d)) => Some(d),
                            _ => None,
                        })
                        .max_by_key(Date::sort_key)
                        .map(End::Date),
                };
                (start, end)
            }
            (s, e, _) => (s, e),
        };
        let entry = Entry {
            title: w.position.clone(),
            organization: w.name.clone(),
            url: w.url.clone(),
            location: w.location.as_ref().and_then(location),
            description: opt_paragraphs(&w.description),
            summary: opt_paragraphs(&w.summary),
            highlights: highlights(&w.highlights),
            keywords: w.keywords.clone(),
            details: self.details(&w.details),
            positions,
            projects: w.projects.iter().map(|x| self.project(x)).collect(),
            ..Entry::default()
        };
        self.finish(entry, self.dates(start, end, true, &w.date_text), true)
    }

    fn volunteer(&self, v: &profile::Volunteer) -> Entry {
        let entry = Entry {
            title: v.position.clone(),
            organization: v.organization.clone(),
            url: v.url.clone(),
            location: v.location.as_ref().and_then(location),
            summary: opt_paragraphs(&v.summary),
            highlights: highlights(&v.highlights),
            keywords: v.keywords.clone(),
            details: self.details(&v.details),
            ..Entry::default()
        };
        self.finish(entry, self.dates(v.start, v.end, true, &v.date_text), true)
    }

    fn education(&self, e: &profile::Education) -> Entry {
        let title = match (&e.study_type, &e.area) {
            (Some(t), Some(a)) => Some(format!("{t}, {a}")),
            (t, a) => t.clone().or_else(|| a.clone()),
        };
        let mut details = Vec::new();
        if let Some(score) = &e.score {
            details.push(Detail {
                label: self.phrases.score.clone(),
                text: vec![Run::plain(score)],
                items: Vec::new(),
            });
        }
        if !e.courses.is_empty() {
            details.push(Detail {
                label: self.phrases.courses.clone(),
                text: vec![Run::plain(&e.courses.join(&self.phrases.list))],
                items: Vec::new(),
            });
        }
        let entry = Entry {
            title,
            organization: e.institution.clone(),
            url: e.url.clone(),
            location: e.location.as_ref().and_then(location),
            summary: opt_paragraphs(&e.summary),
            highlights: highlights(&e.highlights),
            keywords: e.keywords.clone(),
            details,
            ..Entry::default()
        };
        self.finish(entry, self.dates(e.start, e.end, true, &e.date_text), true)
    }

    fn project(&self, x: &profile::Project) -> Entry {
        let mut subtitle = Vec::new();
        if !x.roles.is_empty() {
            subtitle.push(x.roles.join(", "));
        }
        if let Some(k) = &x.kind {
            subtitle.push(k.clone());
        }
        let entry = Entry {
            title: Some(x.name.clone()),
            organization: x.entity.clone(),
            subtitle: (!subtitle.is_empty()).then(|| subtitle.join(" · ")),
            url: x.url.clone(),
            location: x.location.as_ref().and_then(location),
            description: opt_paragraphs(&x.description),
            highlights: highlights(&x.highlights),
            keywords: x.keywords.clone(),
            details: self.details(&x.details),
            ..Entry::default()
        };
        self.finish(
            entry,
            self.dates(x.start, x.end, false, &x.date_text),
            false,
        )
    }

    fn details(&self, details: &[profile::Detail]) -> Vec<Detail> {
        details
            .iter()
            .map(|d| Detail {
                label: d.label.clone(),
                text: d.text.as_deref().map(runs).unwrap_or_default(),
                items: items(&d.items),
            })
            .collect()
    }

    fn date(&self, d: &Date) -> String {
        match d.month {
            Some(m) => self.locale.month_year(d.year, m),
            None => self.locale.year(d.year),
        }
    }

    /// `Aug 2024 – Present`, as text and values. An open end means "Present" on roles and
    /// study (`open_means_present`), nothing elsewhere.
    fn dates(
        &self,
        start: Option<Date>,
        end: Option<End>,
        open_means_present: bool,
        written: &Option<String>,
    ) -> Option<Dates> {
        let current = match end {
            Some(End::Present) => true,
            None => open_means_present && start.is_some(),
            Some(End::Date(_)) => false,
        };
        let end_date = match end {
            Some(End::Date(d)) => Some(d),
            _ => None,
        };
        let start_text = start.map(|d| self.date(&d));
        let end_text = match (end_date, current) {
            (Some(d), _) => Some(self.date(&d)),
            (None, true) => Some(self.phrases.present.clone()),
            (None, false) => None,
        };
        // `dateText` is printed as written, in place of the dates.
        let (start_text, end_text) = match written.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => (Some(t.to_string()), None),
            _ => (start_text, end_text),
        };
        let (start_text, end_text) = match (start_text, end_text) {
            // One month (or year) written twice is one date.
            (Some(s), Some(e)) if s == e => (Some(s), None),
            (None, Some(e)) => (Some(e), None),
            pair => pair,
        };
        let text = match (&start_text, &end_text) {
            (Some(s), Some(e)) => format!("{s}{}{e}", self.phrases.range),
            (Some(s), None) => s.clone(),
            _ => return None,
        };
        Some(Dates {
            start: start.map(value),
            end: end_date.map(value),
            current,
            text,
            start_text,
            end_text,
        })
    }

    /// Set an entry's dates and the names it leads with: the organisation first for roles,
    /// degrees and volunteer posts (`org_first`), the entry's own name first otherwise.
    fn finish(&self, mut e: Entry, dates: Option<Dates>, org_first: bool) -> Entry {
        e.date = dates.as_ref().map(|d| d.text.clone());
        e.dates = dates;
        let (heading, subheading) = match (&e.title, &e.organization) {
            (t, Some(o)) if org_first => (Some(o.clone()), t.clone()),
            (Some(t), o) => (Some(t.clone()), o.clone()),
            (None, o) => (o.clone(), None),
        };
        e.heading = heading;
        e.subheading = subheading;
        e
    }
}

fn value(d: Date) -> DateValue {
    let iso = match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", d.year),
        (Some(m), None) => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    };
    DateValue {
        year: d.year,
        month: d.month,
        day: d.day,
        iso,
    }
}

fn is_empty(s: &Section) -> bool {
    match s {
        Section::Entries { entries, .. } => entries.is_empty(),
        Section::Skills { groups, .. } => groups.is_empty(),
        Section::Languages { items, .. } => items.is_empty(),
        Section::Interests { items, .. } => items.is_empty(),
        Section::References { items, .. } => items.is_empty(),
        Section::Text {
            paragraphs,
            items,
            entries,
            ..
        } => paragraphs.is_empty() && items.is_empty() && entries.is_empty(),
    }
}

/// Split on blank lines; each paragraph becomes runs.
fn paragraphs(text: &str) -> Paragraphs {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                out.push(runs(&current));
            }
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        out.push(runs(&current));
    }
    out
}

fn opt_paragraphs(text: &Option<String>) -> Paragraphs {
    text.as_deref().map(paragraphs).unwrap_or_default()
}

fn items(texts: &[String]) -> Paragraphs {
    texts.iter().map(|t| runs(t)).collect()
}

fn highlights(hs: &[profile::Highlight]) -> Paragraphs {
    hs.iter().map(|h| runs(&h.text)).collect()
}

fn level(l: &profile::Level) -> LevelView {
    match l {
        profile::Level::Percent(p) => LevelView {
            text: format!("{p}%"),
            fraction: Some(f64::from(*p) / 100.0),
        },
        profile::Level::Word(w) => LevelView {
            text: w.clone(),
            fraction: None,
        },
    }
}

/// A location as one line: the plain string, or every part JSON Resume has, in the order an
/// address is written: `2712 Broadway St, 94115 San Francisco, California, US`.
fn location(l: &Location) -> Option<String> {
    if let Some(t) = &l.text {
        return Some(t.clone());
    }
    let town = match (&l.postal_code, &l.city) {
        (Some(code), Some(city)) => Some(format!("{code} {city}")),
        (code, city) => code.clone().or_else(|| city.clone()),
    };
    let parts: Vec<String> = [
        l.address.clone(),
        town,
        l.region.clone(),
        l.country_code.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn contacts(b: &profile::Basics) -> Vec<Contact> {
    let mut out = Vec::new();
    let contact = |kind: &str, text: &str, link: Option<String>| Contact {
        kind: kind.to_string(),
        network: None,
        text: text.to_string(),
        link,
    };
    if let Some(l) = b.location.as_ref().and_then(location) {
        out.push(contact("location", &l, None));
    }
    if let Some(e) = &b.email {
        out.push(contact("email", e, Some(format!("mailto:{e}"))));
    }
    if let Some(p) = &b.phone {
        out.push(contact("phone", p, tel_link(p)));
    }
    if let Some(u) = &b.url {
        out.push(contact(
            "website",
            &display_url(u),
            Some(markdown::link_target(u)),
        ));
    }
    for p in &b.profiles {
        let kind: String = p
            .network
            .as_deref()
            .unwrap_or("website")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let text = p
            .username
            .clone()
            .or_else(|| p.url.as_deref().map(display_url))
            .unwrap_or_default();
        out.push(Contact {
            kind,
            network: p.network.clone(),
            text,
            link: p.url.as_deref().map(markdown::link_target),
        });
    }
    out
}

/// `https://www.example.com/me/` → `example.com/me`.
pub fn display_url(url: &str) -> String {
    let s = url.split_once("://").map_or(url, |(_, rest)| rest);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
}

/// A `tel:` link for the first number written, if it has digits.
fn tel_link(phone: &str) -> Option<String> {
    let first = phone.split(['/', ',', ';']).next().unwrap_or(phone);
    let mut tel: String = first
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if tel.len() > 1 && tel[1..].contains('+') {
        tel = tel.replace('+', "");
    }
    (tel.chars().filter(char::is_ascii_digit).count() >= 3).then(|| format!("tel:{tel}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{LoadOptions, load};

    fn view(yaml: &str) -> View {
        let loaded = load("p.yaml", yaml.as_bytes(), LoadOptions::default()).unwrap();
        build(&loaded.profile, &ViewOptions::default())
    }

    #[test]
    fn dates_and_ranges_are_formatted() {
        let v = view(
            "basics: {name: A}\nwork:\n  - {name: X, startDate: 2024-08}\n  - {name: Y, startDate: 2021, endDate: 2023-06-30}\n",
        );
        let Section::Entries { entries, .. } = &v.sections[0] else {
            panic!()
        };
        assert_eq!(entries[0].date.as_deref(), Some("Aug 2024 – Present"));
        assert_eq!(entries[1].date.as_deref(), Some("2021 – Jun 2023"));
    }

    #[test]
    fn employer_dates_span_positions() {
        let v = view(
            "basics: {name: A}\nwork:\n  - name: X\n    positions:\n      - {position: B, startDate: 2024-08}\n      - {position: C, startDate: 2023-08, endDate: 2024-07}\n",
        );
        let Section::Entries { entries, .. } = &v.sections[0] else {
            panic!()
        };
        assert_eq!(entries[0].date.as_deref(), Some("Aug 2023 – Present"));
        assert_eq!(
            entries[0].positions[1].date.as_deref(),
            Some("Aug 2023 – Jul 2024")
        );
    }

    #[test]
    fn sections_follow_meta_order_and_titles() {
        let v = view(
            "basics: {name: A, summary: hi}\nskills: [{name: S, keywords: [a]}]\ncustom: [{title: Extra, items: [x]}]\nmeta: {sections: [extra, skills], titles: {skills: Toolbox}}\n",
        );
        let ids: Vec<&str> = v.sections.iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["extra", "skills"]);
        let Section::Skills { title, .. } = &v.sections[1] else {
            panic!()
        };
        assert_eq!(title, "Toolbox");
    }

    #[test]
    fn contacts_get_links() {
        let v = view(
            "basics:\n  name: A\n  email: a@b.co\n  phone: +91-80579 81281/7895291281\n  url: www.a.dev/\n  profiles: [{network: Stack Overflow, username: a, url: stackoverflow.com/u/1}]\n",
        );
        let c = &v.basics.contacts;
        assert_eq!(c[0].link.as_deref(), Some("mailto:a@b.co"));
        assert_eq!(c[1].link.as_deref(), Some("tel:+918057981281"));
        assert_eq!(
            (c[2].text.as_str(), c[2].link.as_deref()),
            ("a.dev", Some("https://www.a.dev/"))
        );
        assert_eq!(c[3].kind, "stackoverflow");
        assert_eq!(c[3].link.as_deref(), Some("https://stackoverflow.com/u/1"));
    }

    #[test]
    fn a_location_shows_every_part() {
        let v = view(
            "basics:\n  name: A\n  location: {address: 2712 Broadway St, postalCode: '94115', city: San Francisco, region: California, countryCode: US}\n",
        );
        assert_eq!(
            v.basics.location.as_deref(),
            Some("2712 Broadway St, 94115 San Francisco, California, US")
        );
    }

    #[test]
    fn summary_paragraphs_split_on_blank_lines() {
        let v = view("basics:\n  name: A\n  summary: |\n    one\n    line\n\n    two\n");
        let Section::Text { paragraphs, .. } = &v.sections[0] else {
            panic!()
        };
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(markdown::plain(&paragraphs[0]), "one line");
    }
}
