//! The profile format as a JSON Schema, for editors (`vitae schema`, `schema/profile.json`).
//!
//! These types describe what a profile file may hold — JSON Resume 1.0 and vitae's extensions,
//! in the shapes a person writes (a location as text or as an object, a highlight as text or
//! as `{ text, tags }`) — and exist only to generate the schema with schemars. The validator
//! (`validate.rs`) is what reads profiles; a test holds the two together: every example and
//! fixture the validator accepts, the schema accepts, and the malformed ones it rejects are
//! rejected here too.
#![allow(dead_code)]

use std::collections::BTreeMap;

use schemars::JsonSchema;

/// A vitae profile: JSON Resume 1.0 plus vitae's extensions (docs/profile.md).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vitae profile")]
pub struct Profile {
    /// A JSON Schema for editors; ignored.
    #[serde(rename = "$schema")]
    schema: Option<String>,
    basics: Basics,
    work: Option<Vec<Work>>,
    volunteer: Option<Vec<Volunteer>>,
    education: Option<Vec<Education>>,
    awards: Option<Vec<Award>>,
    certificates: Option<Vec<Certificate>>,
    publications: Option<Vec<Publication>>,
    skills: Option<Vec<Skill>>,
    languages: Option<Vec<Language>>,
    interests: Option<Vec<Interest>>,
    references: Option<Vec<Reference>>,
    projects: Option<Vec<Project>>,
    /// Extension: sections no standard one holds.
    custom: Option<Vec<Custom>>,
    meta: Option<Meta>,
}

/// Text; inline Markdown (`**bold**`, `*italic*`, `` `code` ``, `[link](https://…)`) where
/// the field is free text.
type Text = String;

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `""` means no date.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Date {
    Text(#[schemars(regex(pattern = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"))] String),
    Year(u16),
}

/// A date, or `present` for a current role (the same as leaving `endDate` out).
#[derive(JsonSchema)]
#[serde(untagged)]
enum End {
    Date(Date),
    Present(#[schemars(regex(pattern = "^([Pp]resent|PRESENT|[Cc]urrent|[Nn]ow)$"))] String),
}

/// Extension: tags for tailoring (docs/tailoring.md): a list, or one tag as text.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Tags {
    List(Vec<String>),
    One(String),
}

/// A place: text (extension) or JSON Resume's object.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Location {
    Text(String),
    Parts(LocationParts),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LocationParts {
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country_code: Option<String>,
    region: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Basics {
    #[schemars(example = "Ada Lovelace")]
    name: String,
    /// Your title, e.g. "Backend Engineer".
    #[schemars(example = "Backend Engineer")]
    label: Option<String>,
    /// A photo file beside the profile (PNG, JPEG, GIF, WebP or SVG); a URL is not downloaded.
    image: Option<String>,
    /// The older schema's name for `image`.
    picture: Option<String>,
    #[schemars(example = "ada@example.com")]
    email: Option<String>,
    #[schemars(example = "+44 20 7946 0000")]
    phone: Option<String>,
    #[schemars(example = "https://ada.dev")]
    url: Option<String>,
    /// The older schema's name for `url`.
    website: Option<String>,
    summary: Option<Text>,
    #[schemars(example = "London, UK")]
    location: Option<Location>,
    profiles: Option<Vec<SocialProfile>>,
    /// Extension: headline figures near the name.
    figures: Option<Vec<Figure>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct SocialProfile {
    /// e.g. GitHub, LinkedIn: printed beside the username.
    network: Option<String>,
    username: Option<String>,
    url: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Figure {
    /// e.g. "3+".
    value: String,
    /// e.g. "Years experience".
    label: String,
}

/// A highlight: text, or `{ text, inSummary, tags }`.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Highlight {
    Text(Text),
    Marked(MarkedText),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MarkedText {
    text: Text,
    /// Extension: force into (true) or out of (false) one-page summaries.
    in_summary: Option<bool>,
    tags: Option<Tags>,
}

/// Extension: a labelled write-up (Problem / Solution / What I learned).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Detail {
    label: String,
    text: Option<Text>,
    items: Option<Vec<Text>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Work {
    /// Extension: an id (not printed) by which overlays and `--set` address the entry.
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    /// The employer.
    #[schemars(example = "Analytical Engines Ltd")]
    name: Option<String>,
    /// The older schema's name for `name`.
    company: Option<String>,
    /// Your role.
    #[schemars(example = "Senior Engineer")]
    position: Option<String>,
    url: Option<String>,
    /// The older schema's name for `url`.
    website: Option<String>,
    location: Option<Location>,
    description: Option<Text>,
    #[schemars(example = "2021-03")]
    start_date: Option<Date>,
    /// Leave it out (or write `present`) for a current role.
    #[schemars(example = "2023-12")]
    end_date: Option<End>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    summary: Option<Text>,
    #[schemars(example = ["Cut p95 latency **by 40%** with a `Redis` cache"])]
    highlights: Option<Vec<Highlight>>,
    /// Extension: technologies.
    keywords: Option<Vec<String>>,
    /// Extension: several roles at one employer, newest first.
    positions: Option<Vec<Position>>,
    /// Extension: projects inside the role.
    projects: Option<Vec<Project>>,
    details: Option<Vec<Detail>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Position {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    position: String,
    url: Option<String>,
    location: Option<Location>,
    start_date: Option<Date>,
    end_date: Option<End>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    summary: Option<Text>,
    highlights: Option<Vec<Highlight>>,
    keywords: Option<Vec<String>>,
    projects: Option<Vec<Project>>,
    details: Option<Vec<Detail>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Volunteer {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    organization: Option<String>,
    position: Option<String>,
    url: Option<String>,
    /// The older schema's name for `url`.
    website: Option<String>,
    location: Option<Location>,
    start_date: Option<Date>,
    end_date: Option<End>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    summary: Option<Text>,
    highlights: Option<Vec<Highlight>>,
    keywords: Option<Vec<String>>,
    details: Option<Vec<Detail>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Education {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    institution: Option<String>,
    url: Option<String>,
    area: Option<String>,
    study_type: Option<String>,
    location: Option<Location>,
    start_date: Option<Date>,
    end_date: Option<End>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    score: Option<String>,
    courses: Option<Vec<String>>,
    summary: Option<Text>,
    highlights: Option<Vec<Highlight>>,
    keywords: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Award {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    title: String,
    date: Option<Date>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    awarder: Option<String>,
    url: Option<String>,
    summary: Option<Text>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Certificate {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    name: String,
    date: Option<Date>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    issuer: Option<String>,
    url: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Publication {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    name: String,
    publisher: Option<String>,
    release_date: Option<Date>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    url: Option<String>,
    /// The older schema's name for `url`.
    website: Option<String>,
    summary: Option<Text>,
}

/// A skill level: 0 to 100 (a percentage, also written `90%`), or a word such as `Expert`.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Level {
    Percent(#[schemars(range(min = 0, max = 100))] f64),
    Word(String),
}

/// A skill keyword: text, or `{ name, level, tags }` (extension).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Keyword {
    Name(String),
    Rated(RatedKeyword),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct RatedKeyword {
    name: String,
    level: Option<Level>,
    tags: Option<Tags>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Skill {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    name: Option<String>,
    level: Option<Level>,
    keywords: Option<Vec<Keyword>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Language {
    id: Option<String>,
    tags: Option<Tags>,
    language: String,
    fluency: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Interest {
    id: Option<String>,
    tags: Option<Tags>,
    name: String,
    keywords: Option<Vec<String>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Reference {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    name: String,
    /// Extension: the recommender's title.
    title: Option<String>,
    reference: Option<Text>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Project {
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    name: String,
    description: Option<Text>,
    url: Option<String>,
    location: Option<Location>,
    start_date: Option<Date>,
    end_date: Option<End>,
    /// Extension: printed instead of the dates, for text such as `Fall 2023` or `Expected 2027`.
    #[schemars(example = "Fall 2023")]
    date_text: Option<String>,
    highlights: Option<Vec<Highlight>>,
    keywords: Option<Vec<String>>,
    roles: Option<Vec<String>>,
    entity: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    details: Option<Vec<Detail>>,
}

/// Extension: a section of your own: paragraphs, bullet items and/or entries.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Custom {
    /// Used in `meta.sections`; defaults to the title in lower case with dashes.
    id: Option<String>,
    tags: Option<Tags>,
    in_summary: Option<bool>,
    title: String,
    paragraphs: Option<Vec<Text>>,
    items: Option<Vec<Highlight>>,
    entries: Option<Vec<Project>>,
}

/// `a4` or `letter`.
#[derive(JsonSchema)]
struct Paper(#[schemars(regex(pattern = "^([aA]4|[Ll]etter|LETTER|[Uu][Ss]-?[Ll]etter)$"))] String);

/// An `#rrggbb` (or `#rgb`) colour, in quotes in YAML.
#[derive(JsonSchema)]
struct Color(#[schemars(regex(pattern = "^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"))] String);

/// A PDF standard: `a-2b`, `a-3b` (PDF/A) or `ua-1` (PDF/UA).
#[derive(JsonSchema)]
struct PdfStandard(
    #[schemars(regex(pattern = "^([Pp][Dd][Ff]/)?([Aa]-[23][Bb]|[Uu][Aa]-1)$"))] String,
);

/// `resume`, `summary` or `all`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Resume,
    Summary,
    All,
}

/// JSON Resume's `meta`, with vitae's rendering options (flags override them).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Meta {
    canonical: Option<String>,
    version: Option<String>,
    /// An ISO date or date-time; also the document's date.
    last_modified: Option<String>,
    /// A built-in template (`vitae templates`) or a template folder.
    template: Option<String>,
    paper: Option<Paper>,
    accent: Option<Color>,
    pdf_standard: Option<PdfStandard>,
    /// Section ids to show, in order.
    sections: Option<Vec<String>>,
    /// Section titles by section id.
    titles: Option<BTreeMap<String, String>>,
    /// The document's language, a BCP 47 tag (`de`, `pt-BR`, `zh-TW`).
    lang: Option<String>,
    /// Your own words for the language's phrases.
    phrases: Option<Phrases>,
    /// A font family for the text instead of the template's.
    font: Option<String>,
    /// Folders of extra fonts, relative to the profile.
    font_paths: Option<Vec<String>>,
    /// The formats to write (flags and plans say otherwise): pdf, png, svg, txt, md, html,
    /// docx, or all.
    #[schemars(example = ["pdf", "txt"])]
    format: Option<Format>,
    /// Named versions of the profile (docs/tailoring.md).
    variants: Option<BTreeMap<String, Variant>>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct Phrases {
    present: Option<String>,
    range: Option<String>,
    /// The opening and the closing mark.
    quotes: Option<[String; 2]>,
    list: Option<String>,
    continued: Option<String>,
    /// With `{page}` and `{pages}`.
    page: Option<String>,
    score: Option<String>,
    courses: Option<String>,
    roles: Option<String>,
    /// Contact labels where contacts are written out (plain text: `Email: …`).
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    location: Option<String>,
    /// A letter's opening with the recipient's name: `{name}` stands for it.
    salutation: Option<String>,
    /// A letter's opening when it names no one.
    greeting: Option<String>,
    closing: Option<String>,
    enclosure: Option<String>,
}

/// A named version of the profile.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Variant {
    /// Another variant whose settings this one starts from.
    extends: Option<String>,
    tags: Option<Tags>,
    exclude_tags: Option<Tags>,
    sections: Option<Vec<String>>,
    /// Field overrides: path (`basics.label`, `work[0].highlights[2]`, `work[acme].position`) → value.
    set: Option<BTreeMap<String, serde_json::Value>>,
    /// Header content to leave out: phone, email, url, location, photo, label, summary,
    /// figures, profiles, or a network's name.
    hide: Option<Tags>,
    template: Option<String>,
    paper: Option<Paper>,
    accent: Option<Color>,
    pdf_standard: Option<PdfStandard>,
    kind: Option<Kind>,
    #[schemars(range(min = 1))]
    max_pages: Option<u32>,
    lang: Option<String>,
    /// Overlay files merged over the profile for this variant.
    with: Option<Vec<String>>,
}

/// The profile schema, as JSON.
pub fn profile() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Profile)).expect("a schema serialises")
}

/// A build plan (docs/ci.md): the documents to make.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vitae build plan")]
pub struct Plan {
    /// Folder for the documents, relative to the plan (default: output).
    output: Option<String>,
    jobs: Vec<Job>,
}

/// One output format, or `all` (a list of them is written as a YAML list, or as `pdf,txt`).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum OneFormat {
    Pdf,
    Png,
    Svg,
    Txt,
    Md,
    Html,
    Docx,
    All,
}

/// The formats to write: one, a list, or comma-separated (`pdf,txt`).
#[derive(JsonSchema)]
#[serde(untagged)]
enum Format {
    One(OneFormat),
    List(Vec<OneFormat>),
    Text(#[schemars(regex(pattern = r"^\s*[a-zA-Z]+(\s*,\s*[a-zA-Z]+)*\s*$"))] String),
}

/// One job: a profile (a file, a folder or a glob, relative to the plan) and its options.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Job {
    profile: String,
    /// A built-in template, `all`, or a template folder.
    template: Option<String>,
    paper: Option<Paper>,
    accent: Option<Color>,
    format: Option<Format>,
    kind: Option<Kind>,
    #[schemars(range(min = 1))]
    max_pages: Option<u32>,
    pdf_standard: Option<PdfStandard>,
    /// A file name inside the output folder.
    output: Option<String>,
    /// A variant of the profile, a list of them, or `all`.
    variant: Option<Tags>,
    tags: Option<Tags>,
    exclude_tags: Option<Tags>,
    set: Option<BTreeMap<String, serde_json::Value>>,
    /// Overlay files, relative to the plan.
    with: Option<Vec<String>>,
    lang: Option<String>,
    font: Option<String>,
    font_paths: Option<Vec<String>>,
    /// Cover letters: a file or folder, or a list of them, relative to the plan.
    letter: Option<Tags>,
}

/// A cover letter (docs/letters.md): the sender is the profile.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "vitae cover letter")]
pub struct LetterFile {
    /// A JSON Schema for editors; ignored.
    #[serde(rename = "$schema")]
    schema: Option<String>,
    to: Option<LetterRecipient>,
    /// `YYYY-MM-DD`; else the document's date (`SOURCE_DATE_EPOCH`), else today.
    #[schemars(example = "2026-11-30")]
    date: Option<Date>,
    #[schemars(example = "Application for the Senior Backend Engineer role")]
    subject: Option<String>,
    /// Else the language's, with `to.name` (`Dear Grace Hopper,`), or its greeting.
    salutation: Option<String>,
    /// Paragraphs (inline Markdown); a list inside is a list of bullets.
    body: Vec<LetterPart>,
    /// Else the language's (`Kind regards,`).
    closing: Option<String>,
    /// Else the profile's name.
    signature: Option<String>,
    /// `true` for the language's "Enclosure: Résumé", or your own words.
    enclosure: Option<LetterEnclosure>,
    /// The profile's variant to send it with.
    variant: Option<String>,
    /// The letter's language, a BCP 47 tag (`de`, `fr-CA`).
    lang: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
struct LetterRecipient {
    name: Option<String>,
    title: Option<String>,
    organization: Option<String>,
    /// Lines of the address: a list, or one text.
    address: Option<Lines>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum Lines {
    List(Vec<String>),
    Text(String),
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum LetterPart {
    Paragraph(Text),
    Bullets(Vec<Text>),
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum LetterEnclosure {
    Resume(bool),
    Own(String),
}

/// The letter schema, as JSON.
pub fn letter() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(LetterFile)).expect("a schema serialises")
}

/// The plan schema, as JSON.
pub fn plan() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Plan)).expect("a schema serialises")
}
