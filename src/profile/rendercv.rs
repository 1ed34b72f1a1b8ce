//! RenderCV files read as they are: a loader in front of validation that turns RenderCV 2.x's
//! tree (`cv:` with `sections:`, `design:`, `locale:`) into vitae's, keeping every node's place,
//! so that problems point at the RenderCV file's own lines — and name RenderCV's own field
//! paths (`cv.sections.experience[0].start_date`, through [`Dialect::their_path`]).
//!
//! RenderCV infers an entry's type from its keys; so does this: `company` + `position` is a
//! role, `institution` + `area` a degree, `title` + `authors` a publication, `label` + `details`
//! a one-line entry, `bullet`, `number` and `reversed_number` list items, `name` a normal
//! entry, and plain text a paragraph. What has no place in vitae's format is a warning at its
//! line, never dropped in silence.

use std::ops::Range;

use super::tree::{Key, Node, Value};

/// What an experience entry reads: RenderCV key → vitae key.
const EXPERIENCE: &[(&str, &str)] = &[
    ("company", "name"),
    ("position", "position"),
    ("location", "location"),
    ("summary", "summary"),
    ("highlights", "highlights"),
];
/// What an education entry reads: RenderCV key → vitae key.
const EDUCATION: &[(&str, &str)] = &[
    ("institution", "institution"),
    ("area", "area"),
    ("degree", "studyType"),
    ("location", "location"),
    ("summary", "summary"),
    ("highlights", "highlights"),
];
/// What a publication entry reads: RenderCV key → vitae key.
const PUBLICATION: &[(&str, &str)] = &[("title", "name"), ("journal", "publisher"), ("url", "url")];
/// What a normal entry reads: RenderCV key → vitae key.
const NORMAL: &[(&str, &str)] = &[
    ("name", "name"),
    ("location", "location"),
    ("summary", "description"),
    ("highlights", "highlights"),
    ("url", "url"),
];

/// The RenderCV keys an entry reads: those of `pairs`, and `also`.
fn keys<'a>(pairs: &[(&'a str, &str)], also: &[&'a str]) -> Vec<&'a str> {
    pairs
        .iter()
        .map(|(theirs, _)| *theirs)
        .chain(also.iter().copied())
        .collect()
}

/// A problem found while converting: where, which field (RenderCV's path), what, and a hint.
pub struct Note {
    pub span: Range<usize>,
    pub field: String,
    pub message: String,
    pub hint: String,
}

/// How vitae's field paths map back to RenderCV's, for diagnostics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dialect {
    /// (vitae's path prefix, RenderCV's), longest first.
    paths: Vec<(String, String)>,
}

impl Dialect {
    /// `work[0].startDate` → `cv.sections.experience[0].start_date`.
    pub fn their_path(&self, ours: &str) -> Option<String> {
        let (mine, theirs) = self.paths.iter().find(|(mine, _)| {
            ours == mine
                || ours.starts_with(&format!("{mine}."))
                || ours.starts_with(&format!("{mine}["))
        })?;
        let rest = &ours[mine.len()..];
        Some(format!("{theirs}{}", snake(rest)))
    }
}

/// `startDate` → `start_date`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out.replace("study_type", "degree")
}

/// A RenderCV file: a mapping with `cv` and no `basics`.
pub fn is_rendercv(root: &Node) -> bool {
    get(root, "cv").is_some() && get(root, "basics").is_none()
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null),
        _ => None,
    }
}

fn entries(node: &Node) -> &[(Key, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn text(s: &str, span: Range<usize>) -> Node {
    Node {
        value: Value::Str(s.to_string()),
        span,
    }
}

fn mapping(fields: Vec<(&str, Node)>, span: Range<usize>) -> Node {
    Node {
        value: Value::Map(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.to_string(),
                        span: v.span.clone(),
                    };
                    (key, v)
                })
                .collect(),
        ),
        span,
    }
}

fn list(items: Vec<Node>, span: Range<usize>) -> Node {
    Node {
        value: Value::Seq(items),
        span,
    }
}

/// `work_experience` → `Work Experience`, as RenderCV titles a section.
fn title(key: &str) -> String {
    key.split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The closest vitae template to a RenderCV theme.
fn template(theme: &str) -> Option<&'static str> {
    Some(match theme.to_ascii_lowercase().as_str() {
        "classic" | "sb2nov" | "engineeringclassic" => "classic",
        "moderncv" => "modern",
        "engineeringresumes" => "compact",
        "ember" | "harvard" => "elegant",
        _ => return None,
    })
}

/// A RenderCV `locale.language` (a name or a code) as a BCP 47 tag.
fn language(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    let table = [
        ("english", "en"),
        ("german", "de"),
        ("french", "fr"),
        ("spanish", "es"),
        ("portuguese", "pt"),
        ("italian", "it"),
        ("dutch", "nl"),
        ("danish", "da"),
        ("swedish", "sv"),
        ("norwegian", "nb"),
        ("finnish", "fi"),
        ("polish", "pl"),
        ("czech", "cs"),
        ("hungarian", "hu"),
        ("romanian", "ro"),
        ("greek", "el"),
        ("turkish", "tr"),
        ("russian", "ru"),
        ("ukrainian", "uk"),
        ("chinese", "zh"),
        ("mandarin_chinese", "zh"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("hindi", "hi"),
        ("bengali", "bn"),
        ("indonesian", "id"),
        ("vietnamese", "vi"),
        ("thai", "th"),
        ("arabic", "ar"),
        ("persian", "fa"),
        ("hebrew", "he"),
    ];
    table
        .iter()
        .find(|(k, code)| *k == n || *code == n)
        .map(|(_, code)| *code)
}

/// What a RenderCV entry is, from its keys.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Experience,
    Education,
    Publication,
    OneLine,
    Bullet,
    Normal,
    Unknown,
}

fn kind(entry: &Node) -> Kind {
    let has = |k: &str| get(entry, k).is_some();
    match &entry.value {
        Value::Str(_) | Value::Number(_) => Kind::Text,
        Value::Map(_) if has("company") || (has("position") && !has("name")) => Kind::Experience,
        Value::Map(_) if has("institution") => Kind::Education,
        Value::Map(_) if has("title") && has("authors") => Kind::Publication,
        Value::Map(_) if has("label") && has("details") => Kind::OneLine,
        Value::Map(_) if has("bullet") || has("number") || has("reversed_number") => Kind::Bullet,
        Value::Map(_) if has("name") => Kind::Normal,
        _ => Kind::Unknown,
    }
}

/// Converts a RenderCV tree; problems are collected as notes.
struct Converter {
    notes: Vec<Note>,
    paths: Vec<(String, String)>,
}

impl Converter {
    fn note(&mut self, span: Range<usize>, field: &str, message: String, hint: &str) {
        self.notes.push(Note {
            span,
            field: field.to_string(),
            message,
            hint: hint.to_string(),
        });
    }

    /// Keys an entry or mapping has that nothing read.
    fn leftovers(&mut self, node: &Node, known: &[&str], path: &str) {
        for (k, _) in entries(node) {
            if !known.contains(&k.name.as_str()) {
                self.note(
                    k.span.clone(),
                    &format!("{path}.{}", k.name),
                    format!(
                        "RenderCV's `{}` has no place in vitae's format: not shown",
                        k.name
                    ),
                    "move its text into `summary` or `highlights` if it should print",
                );
            }
        }
    }

    /// Copy the fields `pairs` (RenderCV key → vitae key) that are present.
    fn copy(&mut self, entry: &Node, pairs: &[(&str, &'static str)]) -> Vec<(&'static str, Node)> {
        let mut out = Vec::new();
        for (theirs, ours) in pairs {
            if let Some(v) = get(entry, theirs) {
                out.push((*ours, v.clone()));
            }
        }
        out
    }

    /// Nested bullets inside a highlight (`Main point` then indented `- sub point` lines)
    /// become highlights of their own after it: vitae's highlights are one level.
    fn nested(&mut self, fields: &mut [(&'static str, Node)], path: &str) {
        let Some((_, node)) = fields.iter_mut().find(|(k, _)| *k == "highlights") else {
            return;
        };
        let Value::Seq(items) = &node.value else {
            return;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Value::Str(s) = &item.value else {
                out.push(item.clone());
                continue;
            };
            let mut parts: Vec<String> = Vec::new();
            let mut nested = false;
            for t in s.lines().map(str::trim).filter(|t| !t.is_empty()) {
                match (
                    t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")),
                    parts.last_mut(),
                ) {
                    (Some(sub), Some(_)) => {
                        nested = true;
                        parts.push(sub.trim().to_string());
                    }
                    (_, Some(last)) => {
                        last.push(' ');
                        last.push_str(t);
                    }
                    (_, None) => parts.push(t.to_string()),
                }
            }
            if !nested {
                out.push(item.clone());
                continue;
            }
            self.note(
                item.span.clone(),
                &format!("{path}.highlights[{i}]"),
                format!(
                    "nested bullets under `{}` are printed as bullets of their own after it",
                    parts[0]
                ),
                "vitae's highlights are one level: write each point as a highlight",
            );
            out.extend(parts.iter().map(|p| text(p, item.span.clone())));
        }
        node.value = Value::Seq(out);
    }

    /// `start_date`, `end_date`, or a single `date`; a `date` that is text (`Fall 2023`) prints
    /// as written (`dateText`).
    fn dates(&mut self, entry: &Node, date_key: &'static str) -> Vec<(&'static str, Node)> {
        let mut out = self.copy(
            entry,
            &[("start_date", "startDate"), ("end_date", "endDate")],
        );
        if let Some(d) = get(entry, "date") {
            let t = match &d.value {
                Value::Str(s) | Value::Number(s) => s.trim().to_string(),
                _ => String::new(),
            };
            if super::date::Date::parse(&t).is_ok() {
                out.push((date_key, d.clone()));
            } else if !t.is_empty() {
                out.push(("dateText", d.clone()));
            }
        }
        out
    }

    /// RenderCV's math (`$$…$$`) and raw Typst are printed as typed: data is never code.
    fn code(&mut self, node: &Node, path: &str) {
        match &node.value {
            Value::Str(s) if s.contains("$$") || s.trim_start().starts_with('#') => self.note(
                node.span.clone(),
                path,
                "RenderCV's math and Typst code print as typed: vitae never runs text as code"
                    .into(),
                "write the formula as text (e.g. O(n log n)) or drop the markup",
            ),
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.code(item, &format!("{path}[{i}]"));
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    self.code(v, &format!("{path}.{}", k.name));
                }
            }
            _ => {}
        }
    }

    fn convert(&mut self, root: &Node) -> Node {
        let cv = get(root, "cv").expect("checked by is_rendercv");
        self.code(cv, "cv");
        let mut basics: Vec<(&str, Node)> = Vec::new();
        let mut top: Vec<(&str, Node)> = Vec::new();
        let mut meta: Vec<(&str, Node)> = Vec::new();
        let mut titles: Vec<(String, Node)> = Vec::new();
        self.paths.push(("basics".into(), "cv".into()));
        for (theirs, ours) in [
            ("name", "name"),
            ("headline", "label"),
            ("label", "label"),
            ("location", "location"),
            ("photo", "image"),
        ] {
            if let Some(v) = get(cv, theirs) {
                basics.push((ours, v.clone()));
            }
        }
        // `email`, `phone` and `website` may be lists: the first is the contact.
        for (theirs, ours) in [("email", "email"), ("phone", "phone"), ("website", "url")] {
            match get(cv, theirs).map(|v| &v.value) {
                Some(Value::Seq(items)) => {
                    if let Some(first) = items.first() {
                        basics.push((ours, first.clone()));
                    }
                    for extra in items.iter().skip(1) {
                        self.note(
                            extra.span.clone(),
                            &format!("cv.{theirs}"),
                            format!("vitae shows one `{theirs}`: this one is not shown"),
                            "keep the one you want shown first",
                        );
                    }
                }
                Some(_) => basics.push((ours, get(cv, theirs).unwrap().clone())),
                None => {}
            }
        }
        if let Some(networks) = get(cv, "social_networks") {
            let mut profiles = Vec::new();
            if let Value::Seq(items) = &networks.value {
                for item in items {
                    let mut fields =
                        self.copy(item, &[("network", "network"), ("username", "username")]);
                    if let (Some(n), Some(u)) = (get(item, "network"), get(item, "username"))
                        && let (Value::Str(n), Value::Str(u)) = (&n.value, &u.value)
                        && let Some(url) = network_url(n, u)
                    {
                        fields.push(("url", text(&url, item.span.clone())));
                    }
                    profiles.push(mapping(fields, item.span.clone()));
                }
            }
            basics.push(("profiles", list(profiles, networks.span.clone())));
        }
        // A custom connection is its text (a link when it has a URL), as a profile without
        // a network; its Font Awesome icon is RenderCV's design.
        if let Some(c) = get(cv, "custom_connections") {
            let mut profiles: Vec<Node> = Vec::new();
            if let Value::Seq(items) = &c.value {
                for (i, item) in items.iter().enumerate() {
                    let fields = self.copy(item, &[("placeholder", "username"), ("url", "url")]);
                    self.leftovers(
                        item,
                        &["placeholder", "url", "fontawesome_icon"],
                        &format!("cv.custom_connections[{i}]"),
                    );
                    profiles.push(mapping(fields, item.span.clone()));
                }
            }
            match basics.iter_mut().find(|(k, _)| *k == "profiles") {
                Some((
                    _,
                    Node {
                        value: Value::Seq(list),
                        ..
                    },
                )) => list.extend(profiles),
                _ => basics.push(("profiles", list(profiles, c.span.clone()))),
            }
        }
        let mut summary: Vec<String> = Vec::new();
        let mut custom: Vec<Node> = Vec::new();
        let mut taken: Vec<&str> = Vec::new();
        if let Some(sections) = get(cv, "sections") {
            for (key, items) in entries(sections) {
                let theirs = format!("cv.sections.{}", key.name);
                let Value::Seq(list_items) = &items.value else {
                    self.note(
                        items.span.clone(),
                        &theirs,
                        "a section is a list of entries".into(),
                        "start each entry with `- `",
                    );
                    continue;
                };
                let kinds: Vec<Kind> = list_items.iter().map(kind).collect();
                let first = kinds.first().copied().unwrap_or(Kind::Text);
                let name = key.name.to_ascii_lowercase();
                let standard = |id: &'static str, taken: &mut Vec<&str>| {
                    (!taken.contains(&id)).then(|| {
                        taken.push(id);
                        id
                    })
                };
                let target = match first {
                    Kind::Text
                        if ["summary", "about", "about_me", "profile"].contains(&name.as_str())
                            && summary.is_empty() =>
                    {
                        Some("summary")
                    }
                    Kind::Experience => standard("work", &mut taken),
                    Kind::Education => standard("education", &mut taken),
                    Kind::Publication => standard("publications", &mut taken),
                    Kind::OneLine if name.contains("skill") || name.contains("technolog") => {
                        standard("skills", &mut taken)
                    }
                    Kind::Normal if name.contains("project") => standard("projects", &mut taken),
                    _ => None,
                };
                let mut converted = Vec::new();
                let mut paragraphs = Vec::new();
                let mut bullets = Vec::new();
                for (i, (item, k)) in list_items.iter().zip(&kinds).enumerate() {
                    let path = format!("{theirs}[{i}]");
                    if *k != first
                        && !(matches!(k, Kind::Text | Kind::Bullet)
                            && matches!(first, Kind::Text | Kind::Bullet))
                    {
                        self.note(
                            item.span.clone(),
                            &path,
                            "an entry of another kind than the section's first: read as that kind"
                                .into(),
                            "RenderCV wants one kind of entry per section",
                        );
                    }
                    match k {
                        Kind::Text => {
                            if let Value::Str(s) | Value::Number(s) = &item.value {
                                if target == Some("summary") {
                                    summary.push(s.clone());
                                } else {
                                    paragraphs.push(item.clone());
                                }
                            }
                        }
                        Kind::Bullet => {
                            for b in ["bullet", "number", "reversed_number"] {
                                if let Some(v) = get(item, b) {
                                    bullets.push(v.clone());
                                }
                            }
                            self.leftovers(item, &["bullet", "number", "reversed_number"], &path);
                        }
                        Kind::Experience => {
                            let mut f = self.copy(item, EXPERIENCE);
                            self.nested(&mut f, &path);
                            f.extend(self.dates(item, "startDate"));
                            self.leftovers(
                                item,
                                &keys(EXPERIENCE, &["start_date", "end_date", "date"]),
                                &path,
                            );
                            converted.push(mapping(f, item.span.clone()));
                        }
                        Kind::Education => {
                            let mut f = self.copy(item, EDUCATION);
                            self.nested(&mut f, &path);
                            f.extend(self.dates(item, "startDate"));
                            self.leftovers(
                                item,
                                &keys(EDUCATION, &["start_date", "end_date", "date"]),
                                &path,
                            );
                            converted.push(mapping(f, item.span.clone()));
                        }
                        Kind::Publication => {
                            let mut f = self.copy(item, PUBLICATION);
                            if let Some(doi) = get(item, "doi")
                                && let Value::Str(d) = &doi.value
                                && get(item, "url").is_none()
                            {
                                f.push((
                                    "url",
                                    text(&format!("https://doi.org/{d}"), doi.span.clone()),
                                ));
                            }
                            if let Some(a) = get(item, "authors")
                                && let Value::Seq(names) = &a.value
                            {
                                let names: Vec<String> = names
                                    .iter()
                                    .filter_map(|n| match &n.value {
                                        Value::Str(s) => Some(s.clone()),
                                        _ => None,
                                    })
                                    .collect();
                                f.push(("summary", text(&names.join(", "), a.span.clone())));
                            }
                            f.extend(self.dates(item, "releaseDate"));
                            self.leftovers(
                                item,
                                &keys(PUBLICATION, &["doi", "authors", "date"]),
                                &path,
                            );
                            converted.push(mapping(f, item.span.clone()));
                        }
                        Kind::OneLine => {
                            let (label, details) =
                                (get(item, "label").unwrap(), get(item, "details").unwrap());
                            if target == Some("skills") {
                                let words: Vec<Node> = match &details.value {
                                    Value::Str(s) => s
                                        .split(", ")
                                        .map(|w| text(w.trim(), details.span.clone()))
                                        .collect(),
                                    _ => vec![details.clone()],
                                };
                                converted.push(mapping(
                                    vec![
                                        ("name", label.clone()),
                                        ("keywords", list(words, details.span.clone())),
                                    ],
                                    item.span.clone(),
                                ));
                            } else if let (Value::Str(l), Value::Str(d)) =
                                (&label.value, &details.value)
                            {
                                bullets.push(text(&format!("**{l}:** {d}"), item.span.clone()));
                            }
                            self.leftovers(item, &["label", "details"], &path);
                        }
                        Kind::Normal => {
                            let mut f = self.copy(item, NORMAL);
                            self.nested(&mut f, &path);
                            f.extend(self.dates(item, "startDate"));
                            self.leftovers(
                                item,
                                &keys(NORMAL, &["start_date", "end_date", "date"]),
                                &path,
                            );
                            converted.push(mapping(f, item.span.clone()));
                        }
                        Kind::Unknown => self.note(
                            item.span.clone(),
                            &path,
                            "an entry of no kind RenderCV has: not shown".into(),
                            "see RenderCV's entry types",
                        ),
                    }
                }
                let heading = text(&title(&key.name), key.span.clone());
                match target {
                    Some("summary") => {}
                    Some(id) => {
                        let n = converted.len();
                        let _ = n;
                        self.paths.push((id.to_string(), theirs.clone()));
                        top.push((id, list(converted, items.span.clone())));
                        titles.push((id.to_string(), heading));
                    }
                    None => {
                        // Roles, degrees and publications beyond the standard section's are
                        // entries of a section of their own: the shape of a project.
                        let converted: Vec<Node> = converted.into_iter().map(as_project).collect();
                        let index = custom.len();
                        self.paths
                            .push((format!("custom[{index}]"), theirs.clone()));
                        let mut fields = vec![
                            ("title", heading),
                            ("id", text(&custom_id(&key.name), key.span.clone())),
                        ];
                        if !paragraphs.is_empty() {
                            fields.push(("paragraphs", list(paragraphs, items.span.clone())));
                        }
                        if !bullets.is_empty() {
                            fields.push(("items", list(bullets, items.span.clone())));
                        }
                        if !converted.is_empty() {
                            fields.push(("entries", list(converted, items.span.clone())));
                        }
                        custom.push(mapping(fields, items.span.clone()));
                    }
                }
            }
        }
        if !summary.is_empty() {
            let span = get(cv, "sections").map_or(cv.span.clone(), |s| s.span.clone());
            basics.push(("summary", text(&summary.join("\n\n"), span)));
        }
        self.leftovers(
            cv,
            &[
                "name",
                "headline",
                "label",
                "location",
                "photo",
                "email",
                "phone",
                "website",
                "social_networks",
                "custom_connections",
                "sections",
            ],
            "cv",
        );
        if !custom.is_empty() {
            top.push(("custom", list(custom, cv.span.clone())));
        }
        // The sections in RenderCV's order, with RenderCV's titles.
        let order: Vec<Node> = get(cv, "sections")
            .map(|s| {
                entries(s)
                    .iter()
                    .map(|(k, _)| k)
                    .filter_map(|k| {
                        let id = self
                            .paths
                            .iter()
                            .find(|(_, theirs)| *theirs == format!("cv.sections.{}", k.name))
                            .map(|(ours, _)| ours.clone());
                        match id {
                            Some(id) if id.starts_with("custom[") => {
                                Some(text(&custom_id(&k.name), k.span.clone()))
                            }
                            Some(id) => Some(text(&id, k.span.clone())),
                            None if summary_key(&k.name) => Some(text("summary", k.span.clone())),
                            None => None,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !order.is_empty() {
            meta.push(("sections", list(order, cv.span.clone())));
        }
        if !titles.is_empty() {
            let fields: Vec<(Key, Node)> = titles
                .into_iter()
                .map(|(id, n)| {
                    (
                        Key {
                            name: id,
                            span: n.span.clone(),
                        },
                        n,
                    )
                })
                .collect();
            meta.push((
                "titles",
                Node {
                    value: Value::Map(fields),
                    span: cv.span.clone(),
                },
            ));
        }
        self.design(root, &mut meta);
        self.leftovers(
            root,
            &["cv", "design", "locale", "settings", "rendercv_settings"],
            "",
        );
        for k in ["settings", "rendercv_settings"] {
            if let Some(s) = get(root, k) {
                self.note(
                    s.span.clone(),
                    k,
                    format!("RenderCV's `{k}` are its own: not read"),
                    "vitae's options are its flags and `meta`",
                );
            }
        }
        let mut fields = vec![("basics", mapping(basics, cv.span.clone()))];
        fields.extend(top);
        if !meta.is_empty() {
            fields.push(("meta", mapping(meta, root.span.clone())));
        }
        mapping(fields, root.span.clone())
    }

    /// `design` (theme, page size, primary colour) and `locale` (language, "present").
    fn design(&mut self, root: &Node, meta: &mut Vec<(&str, Node)>) {
        if let Some(design) = get(root, "design") {
            if let Some(theme) = get(design, "theme")
                && let Value::Str(t) = &theme.value
            {
                match template(t) {
                    Some(name) => meta.push(("template", text(name, theme.span.clone()))),
                    None => self.note(
                        theme.span.clone(),
                        "design.theme",
                        format!("no vitae template is like RenderCV's `{t}`: classic is used"),
                        "choose one with --template (vitae templates lists them)",
                    ),
                }
            }
            if let Some(size) = get(design, "page").and_then(|p| get(p, "size"))
                && let Value::Str(s) = &size.value
            {
                let paper = match s.to_ascii_lowercase().as_str() {
                    "a4" => Some("a4"),
                    "us-letter" | "letter" => Some("letter"),
                    _ => None,
                };
                match paper {
                    Some(p) => meta.push(("paper", text(p, size.span.clone()))),
                    None => self.note(
                        size.span.clone(),
                        "design.page.size",
                        format!("vitae prints on A4 or US Letter, not `{s}`"),
                        "A4 is used",
                    ),
                }
            }
            if let Some(c) = get(design, "colors").and_then(|c| get(c, "primary"))
                && let Value::Str(s) = &c.value
                && let Some(hex) = color(s)
            {
                meta.push(("accent", text(&hex, c.span.clone())));
            }
        }
        if let Some(locale) = get(root, "locale") {
            if let Some(l) = get(locale, "language")
                && let Value::Str(s) = &l.value
            {
                match language(s) {
                    Some(tag) => meta.push(("lang", text(tag, l.span.clone()))),
                    None => self.note(
                        l.span.clone(),
                        "locale.language",
                        format!("no vitae locale for `{s}`: English is used"),
                        "vitae's languages are in docs/languages.md",
                    ),
                }
            }
            let mut phrases = Vec::new();
            if let Some(p) = get(locale, "present") {
                phrases.push(("present", p.clone()));
            }
            // RenderCV's `to` joins two dates: vitae's range phrase, spaced.
            if let Some(t) = get(locale, "to")
                && let Value::Str(s) = &t.value
            {
                phrases.push(("range", text(&format!(" {} ", s.trim()), t.span.clone())));
            }
            if !phrases.is_empty() {
                meta.push(("phrases", mapping(phrases, locale.span.clone())));
            }
            for (k, _) in entries(locale) {
                if !["language", "present", "to"].contains(&k.name.as_str()) {
                    self.note(
                        k.span.clone(),
                        &format!("locale.{}", k.name),
                        format!("RenderCV's `locale.{}` is not read", k.name),
                        "vitae's month names and date patterns follow `locale.language` \
                         (CLDR); `meta.phrases` holds its own words",
                    );
                }
            }
        }
    }
}

/// A converted role, degree or publication in the shape of a project (a custom section's
/// entry): its name, what it was as the description, the rest as it is.
fn as_project(entry: Node) -> Node {
    let Value::Map(fields) = &entry.value else {
        return entry;
    };
    let field = |k: &str| {
        fields
            .iter()
            .find(|(key, _)| key.name == k)
            .map(|(_, v)| v.clone())
    };
    let words = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .filter_map(|k| match field(k).map(|n| n.value) {
                Some(Value::Str(s)) | Some(Value::Number(s)) => Some(s),
                _ => None,
            })
            .collect()
    };
    if field("company").is_none()
        && field("institution").is_none()
        && field("publisher").is_none()
        && field("position").is_none()
        && field("studyType").is_none()
    {
        return entry;
    }
    let span = entry.span.clone();
    let name = field("name")
        .or(field("institution"))
        .or(field("position"))
        .or(field("area"))
        .unwrap_or_else(|| text("", span.clone()));
    let about: Vec<String> = if field("institution").is_some() {
        words(&["studyType", "area"])
    } else if field("position").is_some() && field("name").is_some() {
        words(&["position"])
    } else if field("publisher").is_some() {
        words(&["publisher", "summary"])
    } else {
        Vec::new()
    };
    let mut out: Vec<(&str, Node)> = vec![("name", name)];
    if !about.is_empty() {
        out.push(("description", text(&about.join(", "), span.clone())));
    }
    for (ours, theirs) in [
        ("location", "location"),
        ("startDate", "startDate"),
        ("startDate", "releaseDate"),
        ("endDate", "endDate"),
        ("url", "url"),
        ("highlights", "highlights"),
    ] {
        if let Some(v) = field(theirs) {
            out.push((ours, v));
        }
    }
    // A role's or degree's own summary, when the description holds what it was.
    if field("publisher").is_none()
        && let Some(s) = field("summary")
    {
        let mut highlights = match out.iter().position(|(k, _)| *k == "highlights") {
            Some(i) => match out.remove(i).1.value {
                Value::Seq(items) => items,
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        highlights.insert(0, s);
        out.push(("highlights", list(highlights, span.clone())));
    }
    mapping(out, span)
}

/// The id of a section that becomes a custom one: its key, unless that is a standard
/// section's id (a RenderCV `awards` list of bullets is not vitae's `awards`).
fn custom_id(key: &str) -> String {
    let id = key.to_ascii_lowercase().replace([' ', '_'], "-");
    match super::model::STANDARD_SECTIONS.contains(&id.as_str()) {
        true => format!("{id}-list"),
        false => id,
    }
}

fn summary_key(key: &str) -> bool {
    ["summary", "about", "about_me", "profile"].contains(&key.to_ascii_lowercase().as_str())
}

/// `rgb(0, 79, 144)` or `#004f90` → `#004f90`.
fn color(s: &str) -> Option<String> {
    let s = s.trim();
    if s.starts_with('#') {
        return Some(s.to_string());
    }
    let inner = s.strip_prefix("rgb(")?.strip_suffix(')')?;
    let parts: Vec<u8> = inner
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    match parts.as_slice() {
        [r, g, b] => Some(format!("#{r:02x}{g:02x}{b:02x}")),
        _ => None,
    }
}

/// The profile address RenderCV makes of a network and a username.
fn network_url(network: &str, user: &str) -> Option<String> {
    let base = match network.to_ascii_lowercase().as_str() {
        "linkedin" => "https://linkedin.com/in/",
        "github" => "https://github.com/",
        "gitlab" => "https://gitlab.com/",
        "x" | "twitter" => "https://x.com/",
        "instagram" => "https://instagram.com/",
        "youtube" => "https://youtube.com/@",
        "stackoverflow" => "https://stackoverflow.com/users/",
        "orcid" => "https://orcid.org/",
        "researchgate" => "https://researchgate.net/profile/",
        "leetcode" => "https://leetcode.com/u/",
        "telegram" => "https://t.me/",
        _ => return None,
    };
    Some(format!("{base}{user}"))
}

/// Convert a RenderCV tree to vitae's, with the problems found and the path map.
pub fn convert(root: &Node) -> (Node, Vec<Note>, Dialect) {
    let mut c = Converter {
        notes: Vec::new(),
        paths: Vec::new(),
    };
    let tree = c.convert(root);
    let mut paths = c.paths;
    paths.sort_by_key(|(mine, _)| std::cmp::Reverse(mine.len()));
    (tree, c.notes, Dialect { paths })
}
