//! Spanned tree → typed [`Profile`], collecting every problem instead of stopping at the first.
//!
//! Each record is read through [`Fields`], which remembers the keys asked for; whatever the
//! author wrote beyond those is an unknown key, reported with the closest known one.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::compose::Sources;
use super::model::*;
use super::tree::{Key, Node, Value};
use crate::diag::{Diagnostic, SourceFile, did_you_mean};

/// Reads a spanned tree into typed values, collecting every problem. Profiles and build plans
/// are both read with it.
pub struct Checker<'a> {
    sources: std::borrow::Cow<'a, Sources>,
    strict: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// The fields of one mapping being read.
pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    span: Range<usize>,
    path: String,
    known: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// The value under `key`, if present and not null. Marks `key` as known.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    pub fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Where `key` itself is written, if it is.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.span.clone())
    }
}

/// Field names of the older JSON Resume schema (0.x), read under their 1.0 names.
const OLD_NAMES: [&str; 3] = ["company", "website", "picture"];

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Checker<'a> {
    pub fn new(file: &Arc<SourceFile>, strict: bool) -> Self {
        Checker {
            sources: std::borrow::Cow::Owned(Sources::new(file.clone())),
            strict,
            diagnostics: Vec::new(),
        }
    }

    /// A checker for a composed tree, whose spans point into several texts.
    pub fn composed(sources: &'a Sources, strict: bool) -> Self {
        Checker {
            sources: std::borrow::Cow::Borrowed(sources),
            strict,
            diagnostics: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        span: Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = self
            .sources
            .at(Diagnostic::error(message), span)
            .field(field);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().unwrap()
    }

    pub fn wrong_type(&mut self, node: &Node, field: &str, expected: &str, hint: Option<&str>) {
        let found = node.value.describe();
        let d = self.error(
            node.span.clone(),
            field,
            format!("expected {expected}, found {found}"),
        );
        if let Some(h) = hint {
            d.hints.push(h.to_string());
        }
    }

    /// Open a mapping; anything else is reported and skipped.
    pub fn fields<'n>(&mut self, node: &'n Node, path: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                entries,
                span: node.span.clone(),
                path: path.to_string(),
                known: Vec::new(),
            }),
            _ => {
                self.wrong_type(
                    node,
                    path,
                    "a mapping of fields",
                    Some("write `key: value` lines, indented under the entry"),
                );
                None
            }
        }
    }

    /// Report the keys of `f` that nobody asked for.
    pub fn finish(&mut self, f: Fields) {
        for (key, _) in f.entries {
            if f.known.contains(&key.name.as_str()) {
                continue;
            }
            let strict = self.strict || self.sources.strict_at(key.span.start);
            let d = match strict {
                true => Diagnostic::error(format!("unknown field `{}`", key.name)),
                false => Diagnostic::warning(format!("unknown field `{}`", key.name)),
            };
            let mut d = self
                .sources
                .at(d, key.span.clone())
                .field(join(&f.path, &key.name));
            // The older schema's names are read, but never suggested.
            let current: Vec<&str> = f
                .known
                .iter()
                .copied()
                .filter(|k| !OLD_NAMES.contains(k))
                .collect();
            match did_you_mean(&key.name, current.iter().copied()) {
                _ if key.name == "<<" => {
                    d = d.hint("YAML merge keys (`<<`) are not read; write the fields out")
                }
                Some(s) => d = d.hint(format!("did you mean `{s}`?")),
                None => {
                    let mut known: Vec<&str> = current;
                    known.sort_unstable();
                    known.dedup();
                    d = d.hint(format!("known fields here: {}", known.join(", ")));
                }
            }
            self.diagnostics.push(d);
        }
    }

    // -- scalars ---------------------------------------------------------------------------

    pub fn string(&mut self, f: &mut Fields, key: &'static str) -> Option<String> {
        let node = f.get(key)?;
        self.scalar_string(node, &f.path(key))
    }

    pub fn scalar_string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) | Value::Number(s) => {
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            _ => {
                let hint = match node.value {
                    Value::Seq(_) => Some("this field holds one piece of text, not a list"),
                    Value::Bool(_) => Some("put the text in quotes"),
                    _ => None,
                };
                self.wrong_type(node, path, "text", hint);
                None
            }
        }
    }

    pub fn required(&mut self, f: &mut Fields, key: &'static str, what: &str) -> Option<String> {
        let present = f.entries.iter().any(|(k, _)| k.name == key);
        let value = self.string(f, key);
        if value.is_none() && !self.diagnostics_at(&f.path(key)) {
            let span = match present {
                true => f
                    .entries
                    .iter()
                    .find(|(k, _)| k.name == key)
                    .map(|(k, _)| k.span.clone()),
                false => None,
            }
            .unwrap_or_else(|| f.span.start..f.span.start + 1);
            let msg = match present {
                true => format!("`{key}` is empty"),
                false => format!("missing `{key}`"),
            };
            let path = f.path(key);
            self.error(span, &path, msg)
                .hints
                .push(format!("every {what} needs a `{key}`"));
        }
        value
    }

    /// `accent: #0b7285` unquoted is a YAML comment, so the value is silently empty: say so.
    fn comment_instead_of_value(&mut self, f: &Fields, key: &str, example: &str) {
        let Some((k, v)) = f.entries.iter().find(|(k, _)| k.name == key) else {
            return;
        };
        let (file, span) = self.sources.locate(k.span.clone());
        let text = &file.text;
        let rest = &text[span.end.min(text.len())..];
        let line = rest.split('\n').next().unwrap_or("");
        if v.value == Value::Null && line.trim_start_matches(':').trim_start().starts_with('#') {
            let path = f.path(key);
            self.error(
                k.span.clone(),
                &path,
                format!("`{key}` is empty: an unquoted `#` starts a comment"),
            )
            .hints
            .push(format!("put the value in quotes: `{key}: {example}`"));
        }
    }

    /// One of a few values written as text (`a4`, `#0b7285`, `pdf`): parsed, or reported
    /// as "unknown {what} `x`" at the value with `hint`.
    pub fn choice<T>(
        &mut self,
        f: &mut Fields,
        key: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        what: &str,
        hint: &str,
    ) -> Option<T> {
        let node = f.get(key)?;
        let path = f.path(key);
        let s = self.scalar_string(node, &path)?;
        let value = parse(&s);
        if value.is_none() {
            self.error(node.span.clone(), &path, format!("unknown {what} `{s}`"))
                .hints
                .push(hint.to_string());
        }
        value
    }

    /// A whole number, 1 or more (`maxPages: 2`).
    pub fn count(&mut self, f: &mut Fields, key: &'static str, what: &str) -> Option<usize> {
        let node = f.get(key)?;
        let path = f.path(key);
        match &node.value {
            Value::Number(v) if v.parse::<usize>().is_ok_and(|n| n >= 1) => v.parse().ok(),
            Value::Number(v) => {
                self.error(node.span.clone(), &path, format!("`{key}` is {v}"))
                    .hints
                    .push(format!("give a whole number of {what}, 1 or more"));
                None
            }
            _ => {
                self.wrong_type(
                    node,
                    &path,
                    &format!("a number of {what} (1 or more)"),
                    None,
                );
                None
            }
        }
    }

    fn diagnostics_at(&self, path: &str) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.field.as_deref() == Some(path))
    }

    /// A field the older JSON Resume schema (0.x) called `old`: read under either name; the old
    /// one with a warning that names the new.
    fn renamed(
        &mut self,
        f: &mut Fields,
        key: &'static str,
        old: &'static str,
    ) -> Option<&'static str> {
        let has = |name: &str| f.entries.iter().any(|(k, _)| k.name == name);
        if has(key) || !has(old) {
            let _ = f.get(old);
            return Some(key);
        }
        let span = f
            .entries
            .iter()
            .find(|(k, _)| k.name == old)
            .map(|(k, _)| k.span.clone())
            .unwrap_or_default();
        let d = self.sources.at(
            Diagnostic::warning(format!(
                "`{old}` is the older JSON Resume schema's name for `{key}`"
            )),
            span,
        );
        self.diagnostics.push(d.field(f.path(old)).hint(format!(
            "read as `{key}`; rename it to `{key}` to follow JSON Resume 1.0"
        )));
        Some(old)
    }

    fn url(&mut self, f: &mut Fields, key: &'static str) -> Option<String> {
        let node = f.get(key)?;
        let url = self.scalar_string(node, &f.path(key))?;
        if url.contains(char::is_whitespace) {
            let path = f.path(key);
            self.error(node.span.clone(), &path, "a URL cannot contain spaces")
                .hints
                .push("write the address only, e.g. https://example.com/you".into());
            return None;
        }
        Some(url)
    }

    fn email(&mut self, f: &mut Fields, key: &'static str) -> Option<String> {
        let node = f.get(key)?;
        let email = self.scalar_string(node, &f.path(key))?;
        let ok = matches!(email.split_once('@'), Some((a, b)) if !a.is_empty() && b.contains('.'))
            && !email.contains(char::is_whitespace);
        if !ok {
            let path = f.path(key);
            self.error(
                node.span.clone(),
                &path,
                format!("`{email}` is not an email address"),
            )
            .hints
            .push("write it as name@example.com".into());
            return None;
        }
        Some(email)
    }

    pub fn date(&mut self, f: &mut Fields, key: &'static str) -> Option<(Date, Range<usize>)> {
        let node = f.get(key)?;
        let path = f.path(key);
        let text = match &node.value {
            // JSON Resume exporters write `""` for "no date": it means absent.
            Value::Str(s) if s.trim().is_empty() => return None,
            Value::Str(s) | Value::Number(s) => s.clone(),
            _ => {
                self.wrong_type(
                    node,
                    &path,
                    "a date",
                    Some("write it as YYYY, YYYY-MM or YYYY-MM-DD"),
                );
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(d) => Some((d, node.span.clone())),
            Err(msg) => {
                let d = self.error(node.span.clone(), &path, msg);
                d.hints
                    .push("write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2021-03".into());
                if text.to_lowercase().contains("present") || text.to_lowercase() == "now" {
                    d.hints
                        .push("for a current role, leave `endDate` out".into());
                }
                None
            }
        }
    }

    /// `startDate` and `endDate`, checked against each other.
    fn period(&mut self, f: &mut Fields) -> (Option<Date>, Option<End>) {
        let start = self.date(f, "startDate");
        let end_node = f.get("endDate");
        let end = match end_node {
            Some(n) if matches!(&n.value, Value::Str(s) if is_present(s)) => {
                Some((End::Present, n.span.clone()))
            }
            Some(_) => self.date(f, "endDate").map(|(d, s)| (End::Date(d), s)),
            None => None,
        };
        if let (Some((s, _)), Some((End::Date(e), span))) = (&start, &end)
            && e.is_before(s)
        {
            let path = f.path("endDate");
            self.error(
                span.clone(),
                &path,
                format!("`endDate` {e} is before `startDate` {s}"),
            )
            .hints
            .push("swap the two dates, or correct the year".into());
        }
        (start.map(|(d, _)| d), end.map(|(e, _)| e))
    }

    pub fn flag(&mut self, f: &mut Fields, key: &'static str) -> Option<bool> {
        let node = f.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                let path = f.path(key);
                self.wrong_type(node, &path, "true or false", None);
                None
            }
        }
    }

    /// Highlights: text, or `{ text, inSummary, tags }` to mark one for or against summaries
    /// or tag it.
    fn highlights(&mut self, f: &mut Fields) -> Vec<Highlight> {
        self.items(f, "highlights", "highlight written as a mapping")
    }

    /// A list of text items, each plain text or `{ text, inSummary, tags }`.
    fn items(&mut self, f: &mut Fields, key: &'static str, what: &str) -> Vec<Highlight> {
        self.list(f, key, |c, n, p| match &n.value {
            Value::Map(_) => {
                let mut g = c.fields(n, p)?;
                let text = c.required(&mut g, "text", what);
                let in_summary = c.flag(&mut g, "inSummary");
                let tags = c.tags(&mut g);
                c.finish(g);
                Some(Highlight {
                    text: text?,
                    in_summary,
                    tags,
                })
            }
            _ => c.scalar_string(n, p).map(|text| Highlight {
                text,
                in_summary: None,
                tags: Vec::new(),
            }),
        })
    }

    /// `tags: [backend, aws]` (or one tag as text). Also accepts an entry's `id`, by which an
    /// overlay or `--set` addresses it (docs/tailoring.md).
    fn tags(&mut self, f: &mut Fields) -> Vec<String> {
        if !f.known.contains(&"id") {
            let _ = self.string(f, "id");
        }
        let Some(node) = f.get("tags") else {
            return Vec::new();
        };
        let path = f.path("tags");
        let tags = match &node.value {
            Value::Str(_) | Value::Number(_) => {
                self.scalar_string(node, &path).into_iter().collect()
            }
            _ => self.seq(node, &path, |c, item, p| c.scalar_string(item, p)),
        };
        tags.into_iter()
            .map(|t: String| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn strings(&mut self, f: &mut Fields, key: &'static str) -> Vec<String> {
        let Some(node) = f.get(key) else {
            return Vec::new();
        };
        let path = f.path(key);
        self.seq(node, &path, |c, item, p| c.scalar_string(item, p))
    }

    pub fn seq<T>(
        &mut self,
        node: &Node,
        path: &str,
        mut each: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.value != Value::Null)
                .filter_map(|(i, item)| each(self, item, &format!("{path}[{i}]")))
                .collect(),
            _ => {
                self.wrong_type(
                    node,
                    path,
                    "a list",
                    Some("start each item on its own line with `- `"),
                );
                Vec::new()
            }
        }
    }

    fn list<T>(
        &mut self,
        f: &mut Fields,
        key: &'static str,
        each: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = f.get(key) else {
            return Vec::new();
        };
        let path = f.path(key);
        self.seq(node, &path, each)
    }

    fn location(&mut self, f: &mut Fields, key: &'static str) -> Option<Location> {
        let node = f.get(key)?;
        let path = f.path(key);
        match &node.value {
            Value::Str(_) | Value::Number(_) => {
                let text = self.scalar_string(node, &path)?;
                Some(Location {
                    text: Some(text),
                    ..Location::default()
                })
            }
            Value::Map(_) => {
                let mut g = self.fields(node, &path)?;
                let loc = Location {
                    address: self.string(&mut g, "address"),
                    postal_code: self.string(&mut g, "postalCode"),
                    city: self.string(&mut g, "city"),
                    country_code: self.string(&mut g, "countryCode"),
                    region: self.string(&mut g, "region"),
                    text: None,
                };
                self.finish(g);
                Some(loc)
            }
            _ => {
                self.wrong_type(
                    node,
                    &path,
                    "a location (text, or city/region/countryCode)",
                    None,
                );
                None
            }
        }
    }

    // -- records ---------------------------------------------------------------------------

    pub fn profile(&mut self, root: &Node) -> Profile {
        let mut profile = Profile::default();
        let Value::Map(_) = root.value else {
            let msg = match root.value {
                Value::Null => "the profile is empty".to_string(),
                _ => format!(
                    "expected a profile (a mapping with `basics`, `work`, …), found {}",
                    root.value.describe()
                ),
            };
            self.error(root.span.clone(), "", msg)
                .hints
                .push("start from examples/minimal.yaml".into());
            return profile;
        };
        let mut f = self.fields(root, "").expect("a mapping");
        let _ = f.get("$schema");
        match f.get("basics") {
            Some(node) => {
                let key = f
                    .entries
                    .iter()
                    .find(|(k, _)| k.name == "basics")
                    .map(|(k, _)| k.span.clone());
                profile.basics = self.basics(node, key).unwrap_or_default()
            }
            None => {
                self.error(f.span.start..f.span.start + 1, "basics", "missing `basics`")
                    .hints
                    .push("add `basics:` with at least your `name`".into());
            }
        }
        profile.work = self.list(&mut f, "work", |c, n, p| c.work(n, p));
        profile.volunteer = self.list(&mut f, "volunteer", |c, n, p| c.volunteer(n, p));
        profile.education = self.list(&mut f, "education", |c, n, p| c.education(n, p));
        profile.awards = self.list(&mut f, "awards", |c, n, p| c.award(n, p));
        profile.certificates = self.list(&mut f, "certificates", |c, n, p| c.certificate(n, p));
        profile.publications = self.list(&mut f, "publications", |c, n, p| c.publication(n, p));
        profile.skills = self.list(&mut f, "skills", |c, n, p| c.skill(n, p));
        profile.languages = self.list(&mut f, "languages", |c, n, p| c.language(n, p));
        profile.interests = self.list(&mut f, "interests", |c, n, p| c.interest(n, p));
        profile.references = self.list(&mut f, "references", |c, n, p| c.reference(n, p));
        profile.projects = self.list(&mut f, "projects", |c, n, p| c.project(n, p));
        profile.custom = self.list(&mut f, "custom", |c, n, p| c.custom(n, p));
        self.unique_custom_ids(&profile.custom, f.get("custom"));
        if let Some(node) = f.get("meta") {
            profile.meta = self.meta(node, &profile.custom).unwrap_or_default();
        }
        self.finish(f);
        profile
    }

    /// `key` is where `basics:` was written: a missing name is reported there.
    fn basics(&mut self, node: &Node, key: Option<Range<usize>>) -> Option<Basics> {
        let mut f = self.fields(node, "basics")?;
        if let Some(key) = key {
            f.span = key;
        }
        let name = self.required(&mut f, "name", "profile");
        let image_key = self.renamed(&mut f, "image", "picture").unwrap_or("image");
        let image = f.get(image_key).and_then(|n| {
            let value = self.scalar_string(n, "basics.image")?;
            // A photo on the web is not fetched: the document is made without it.
            if value.contains("://") || value.starts_with("data:") {
                let d = Diagnostic::warning("the photo is a URL: not downloaded, and left out");
                let d = self.sources.at(d, n.span.clone()).field("basics.image").hint(
                    "vitae never uses the network: save the image beside the profile and give its file name",
                );
                self.diagnostics.push(d);
                return None;
            }
            Some(Spanned {
                value,
                span: n.span.clone(),
            })
        });
        let basics = Basics {
            name: name.unwrap_or_default(),
            label: self.string(&mut f, "label"),
            image,
            email: self.email(&mut f, "email"),
            phone: self.string(&mut f, "phone"),
            url: {
                let key = self.renamed(&mut f, "url", "website").unwrap_or("url");
                self.url(&mut f, key)
            },
            summary: self.string(&mut f, "summary"),
            location: self.location(&mut f, "location"),
            profiles: self.list(&mut f, "profiles", |c, n, p| {
                let mut g = c.fields(n, p)?;
                let profile = SocialProfile {
                    network: c.string(&mut g, "network"),
                    username: c.string(&mut g, "username"),
                    url: c.url(&mut g, "url"),
                };
                if profile.username.is_none() && profile.url.is_none() {
                    c.error(g.span.clone(), p, "a profile needs a `username` or a `url`")
                        .hints
                        .push("e.g. `{ network: GitHub, username: octocat, url: https://github.com/octocat }`".into());
                }
                c.finish(g);
                Some(profile)
            }),
            figures: self.list(&mut f, "figures", |c, n, p| {
                let mut g = c.fields(n, p)?;
                let value = c.required(&mut g, "value", "figure");
                let label = c.required(&mut g, "label", "figure");
                c.finish(g);
                Some(Figure { value: value?, label: label? })
            }),
        };
        self.finish(f);
        Some(basics)
    }

    fn work(&mut self, node: &Node, path: &str) -> Option<Work> {
        let mut f = self.fields(node, path)?;
        let name_key = self.renamed(&mut f, "name", "company").unwrap_or("name");
        let name = self.string(&mut f, name_key);
        let position = self.string(&mut f, "position");
        let (start, end) = self.period(&mut f);
        let positions = self.list(&mut f, "positions", |c, n, p| c.position(n, p));
        if name.is_none()
            && position.is_none()
            && positions.is_empty()
            && !self.diagnostics_at(&f.path("name"))
        {
            self.error(
                f.span.clone(),
                path,
                "a work entry needs a `name` or a `position`",
            )
            .hints
            .push("`name` is the employer, `position` your role".into());
        }
        let work = Work {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            name,
            position,
            url: {
                let key = self.renamed(&mut f, "url", "website").unwrap_or("url");
                self.url(&mut f, key)
            },
            location: self.location(&mut f, "location"),
            description: self.string(&mut f, "description"),
            start,
            end,
            date_text: self.string(&mut f, "dateText"),
            summary: self.string(&mut f, "summary"),
            highlights: self.highlights(&mut f),
            keywords: self.strings(&mut f, "keywords"),
            positions,
            projects: self.list(&mut f, "projects", |c, n, p| c.project(n, p)),
            details: self.list(&mut f, "details", |c, n, p| c.detail(n, p)),
        };
        self.finish(f);
        Some(work)
    }

    fn position(&mut self, node: &Node, path: &str) -> Option<Position> {
        let mut f = self.fields(node, path)?;
        let position = self.required(&mut f, "position", "position");
        let (start, end) = self.period(&mut f);
        let p = Position {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            position: position.unwrap_or_default(),
            url: self.url(&mut f, "url"),
            location: self.location(&mut f, "location"),
            start,
            end,
            date_text: self.string(&mut f, "dateText"),
            summary: self.string(&mut f, "summary"),
            highlights: self.highlights(&mut f),
            keywords: self.strings(&mut f, "keywords"),
            projects: self.list(&mut f, "projects", |c, n, p| c.project(n, p)),
            details: self.list(&mut f, "details", |c, n, p| c.detail(n, p)),
        };
        self.finish(f);
        Some(p)
    }

    fn volunteer(&mut self, node: &Node, path: &str) -> Option<Volunteer> {
        let mut f = self.fields(node, path)?;
        let (start, end) = self.period(&mut f);
        let v = Volunteer {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            organization: self.string(&mut f, "organization"),
            position: self.string(&mut f, "position"),
            url: {
                let key = self.renamed(&mut f, "url", "website").unwrap_or("url");
                self.url(&mut f, key)
            },
            location: self.location(&mut f, "location"),
            start,
            end,
            date_text: self.string(&mut f, "dateText"),
            summary: self.string(&mut f, "summary"),
            highlights: self.highlights(&mut f),
            keywords: self.strings(&mut f, "keywords"),
            details: self.list(&mut f, "details", |c, n, p| c.detail(n, p)),
        };
        if v.organization.is_none() && v.position.is_none() {
            self.error(
                f.span.clone(),
                path,
                "a volunteer entry needs an `organization` or a `position`",
            );
        }
        self.finish(f);
        Some(v)
    }

    fn education(&mut self, node: &Node, path: &str) -> Option<Education> {
        let mut f = self.fields(node, path)?;
        let (start, end) = self.period(&mut f);
        let e = Education {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            institution: self.string(&mut f, "institution"),
            url: self.url(&mut f, "url"),
            area: self.string(&mut f, "area"),
            study_type: self.string(&mut f, "studyType"),
            location: self.location(&mut f, "location"),
            start,
            end,
            date_text: self.string(&mut f, "dateText"),
            score: self.string(&mut f, "score"),
            courses: self.strings(&mut f, "courses"),
            summary: self.string(&mut f, "summary"),
            highlights: self.highlights(&mut f),
            keywords: self.strings(&mut f, "keywords"),
        };
        if e.institution.is_none() && e.area.is_none() && e.study_type.is_none() {
            self.error(
                f.span.clone(),
                path,
                "an education entry needs an `institution`, `area` or `studyType`",
            );
        }
        self.finish(f);
        Some(e)
    }

    fn award(&mut self, node: &Node, path: &str) -> Option<Award> {
        let mut f = self.fields(node, path)?;
        let a = Award {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            title: self.required(&mut f, "title", "award"),
            date: self.date(&mut f, "date").map(|d| d.0),
            date_text: self.string(&mut f, "dateText"),
            awarder: self.string(&mut f, "awarder"),
            url: self.url(&mut f, "url"),
            summary: self.string(&mut f, "summary"),
        };
        self.finish(f);
        Some(a)
    }

    fn certificate(&mut self, node: &Node, path: &str) -> Option<Certificate> {
        let mut f = self.fields(node, path)?;
        let c = Certificate {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            name: self.required(&mut f, "name", "certificate"),
            date: self.date(&mut f, "date").map(|d| d.0),
            date_text: self.string(&mut f, "dateText"),
            issuer: self.string(&mut f, "issuer"),
            url: self.url(&mut f, "url"),
        };
        self.finish(f);
        Some(c)
    }

    fn publication(&mut self, node: &Node, path: &str) -> Option<Publication> {
        let mut f = self.fields(node, path)?;
        let p = Publication {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            name: self.required(&mut f, "name", "publication"),
            publisher: self.string(&mut f, "publisher"),
            release_date: self.date(&mut f, "releaseDate").map(|d| d.0),
            date_text: self.string(&mut f, "dateText"),
            url: {
                let key = self.renamed(&mut f, "url", "website").unwrap_or("url");
                self.url(&mut f, key)
            },
            summary: self.string(&mut f, "summary"),
        };
        self.finish(f);
        Some(p)
    }

    fn level(&mut self, node: &Node, path: &str) -> Option<Level> {
        match &node.value {
            Value::Number(n) => match n.parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => Some(Level::Percent(v.round() as u8)),
                _ => {
                    self.error(
                        node.span.clone(),
                        path,
                        format!("level {n} is outside 0 to 100"),
                    )
                    .hints
                    .push(
                        "a number level is a percentage; or write a word such as `Expert`".into(),
                    );
                    None
                }
            },
            Value::Str(s) => {
                let t = s.trim();
                let percent = t
                    .strip_suffix('%')
                    .and_then(|p| p.trim().parse::<f64>().ok());
                if let Some(p) = percent {
                    if (0.0..=100.0).contains(&p) {
                        return Some(Level::Percent(p.round() as u8));
                    }
                    self.error(
                        node.span.clone(),
                        path,
                        format!("level {t} is outside 0 to 100"),
                    )
                    .hints
                    .push("a percentage runs from 0% to 100%".into());
                    return None;
                }
                (!t.is_empty()).then(|| Level::Word(t.to_string()))
            }
            _ => {
                self.wrong_type(node, path, "a level (0 to 100, or a word)", None);
                None
            }
        }
    }

    fn skill(&mut self, node: &Node, path: &str) -> Option<Skill> {
        let mut f = self.fields(node, path)?;
        let level = f.get("level").and_then(|n| self.level(n, &f.path("level")));
        let keywords = self.list(&mut f, "keywords", |c, n, p| match &n.value {
            Value::Map(_) => {
                let mut g = c.fields(n, p)?;
                let name = c.required(&mut g, "name", "skill keyword");
                let level = g.get("level").and_then(|l| c.level(l, &g.path("level")));
                let tags = c.tags(&mut g);
                c.finish(g);
                Some(Keyword {
                    name: name?,
                    level,
                    tags,
                })
            }
            _ => c.scalar_string(n, p).map(|name| Keyword {
                name,
                level: None,
                tags: Vec::new(),
            }),
        });
        let s = Skill {
            tags: self.tags(&mut f),
            name: self.string(&mut f, "name"),
            level,
            keywords,
            in_summary: self.flag(&mut f, "inSummary"),
        };
        if s.name.is_none() && s.keywords.is_empty() {
            self.error(f.span.clone(), path, "a skill needs a `name` or `keywords`");
        }
        self.finish(f);
        Some(s)
    }

    fn language(&mut self, node: &Node, path: &str) -> Option<Language> {
        let mut f = self.fields(node, path)?;
        let l = Language {
            tags: self.tags(&mut f),
            language: self.required(&mut f, "language", "language entry"),
            fluency: self.string(&mut f, "fluency"),
        };
        self.finish(f);
        Some(l)
    }

    fn interest(&mut self, node: &Node, path: &str) -> Option<Interest> {
        let mut f = self.fields(node, path)?;
        let i = Interest {
            tags: self.tags(&mut f),
            name: self.required(&mut f, "name", "interest"),
            keywords: self.strings(&mut f, "keywords"),
        };
        self.finish(f);
        Some(i)
    }

    fn reference(&mut self, node: &Node, path: &str) -> Option<Reference> {
        let mut f = self.fields(node, path)?;
        let r = Reference {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            name: self.required(&mut f, "name", "reference"),
            title: self.string(&mut f, "title"),
            reference: self.string(&mut f, "reference"),
        };
        self.finish(f);
        Some(r)
    }

    fn project(&mut self, node: &Node, path: &str) -> Option<Project> {
        let mut f = self.fields(node, path)?;
        let name = self.required(&mut f, "name", "project");
        let (start, end) = self.period(&mut f);
        let p = Project {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            name: name.unwrap_or_default(),
            description: self.string(&mut f, "description"),
            url: self.url(&mut f, "url"),
            location: self.location(&mut f, "location"),
            start,
            end,
            date_text: self.string(&mut f, "dateText"),
            highlights: self.highlights(&mut f),
            keywords: self.strings(&mut f, "keywords"),
            roles: self.strings(&mut f, "roles"),
            entity: self.string(&mut f, "entity"),
            kind: self.string(&mut f, "type"),
            details: self.list(&mut f, "details", |c, n, p| c.detail(n, p)),
        };
        self.finish(f);
        Some(p)
    }

    fn detail(&mut self, node: &Node, path: &str) -> Option<Detail> {
        let mut f = self.fields(node, path)?;
        let label = self.required(&mut f, "label", "detail");
        let d = Detail {
            label: label.unwrap_or_default(),
            text: self.string(&mut f, "text"),
            items: self.strings(&mut f, "items"),
        };
        if d.text.is_none() && d.items.is_empty() {
            self.error(f.span.clone(), path, "a detail needs a `text` or `items`")
                .hints
                .push("e.g. `{ label: Problem, text: Checkout was slow under load }`".into());
        }
        self.finish(f);
        Some(d)
    }

    fn custom(&mut self, node: &Node, path: &str) -> Option<CustomSection> {
        let mut f = self.fields(node, path)?;
        let title = self.required(&mut f, "title", "custom section");
        let id = match f.get("id") {
            Some(n) => self.scalar_string(n, &f.path("id")),
            None => title.as_deref().map(slug),
        };
        let s = CustomSection {
            tags: self.tags(&mut f),
            in_summary: self.flag(&mut f, "inSummary"),
            id: id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            paragraphs: self.strings(&mut f, "paragraphs"),
            items: self.items(&mut f, "items", "item written as a mapping"),
            entries: self.list(&mut f, "entries", |c, n, p| c.project(n, p)),
        };
        if s.paragraphs.is_empty() && s.items.is_empty() && s.entries.is_empty() {
            self.error(
                f.span.clone(),
                path,
                "a custom section needs `paragraphs`, `items` or `entries`",
            );
        }
        if STANDARD_SECTIONS.contains(&s.id.as_str()) {
            self.error(
                f.span.clone(),
                path,
                format!("the custom section id `{}` is a standard section's", s.id),
            )
            .hints
            .push("give it an `id` of its own, or use the standard section".into());
        }
        self.finish(f);
        Some(s)
    }

    fn unique_custom_ids(&mut self, custom: &[CustomSection], node: Option<&Node>) {
        let Some(Node {
            value: Value::Seq(items),
            ..
        }) = node
        else {
            return;
        };
        for (i, s) in custom.iter().enumerate() {
            if custom[..i].iter().any(|o| o.id == s.id) {
                let span = items.get(i).map_or(0..1, |n| n.span.clone());
                self.error(
                    span,
                    &format!("custom[{i}]"),
                    format!("two custom sections have the id `{}`", s.id),
                )
                .hints
                .push("give one of them an `id`".into());
            }
        }
    }

    fn meta(&mut self, node: &Node, custom: &[CustomSection]) -> Option<Meta> {
        let mut f = self.fields(node, "meta")?;
        let template = f.get("template").and_then(|n| {
            let value = self.scalar_string(n, "meta.template")?;
            Some(Spanned {
                value,
                span: n.span.clone(),
            })
        });
        let paper = self.paper(&mut f);
        let accent = self.accent(&mut f);
        let pdf_standard = self.pdf_standard(&mut f);
        let ids: Vec<&str> = STANDARD_SECTIONS
            .iter()
            .copied()
            .chain(custom.iter().map(|c| c.id.as_str()))
            .collect();
        let sections = f
            .get("sections")
            .map(|n| self.sections(n, "meta.sections", &ids));
        let mut titles = BTreeMap::new();
        if let Some(n) = f.get("titles") {
            match &n.value {
                Value::Map(entries) => {
                    for (key, value) in entries {
                        let p = join("meta.titles", &key.name);
                        if !ids.contains(&key.name.as_str()) {
                            self.unknown_section(key.span.clone(), &p, &key.name, &ids);
                        } else if let Some(t) = self.scalar_string(value, &p) {
                            titles.insert(key.name.clone(), t);
                        }
                    }
                }
                _ => self.wrong_type(
                    n,
                    "meta.titles",
                    "a mapping of section id to title",
                    Some("e.g. `titles: { work: Where I've worked }`"),
                ),
            }
        }
        let meta = Meta {
            canonical: self.url(&mut f, "canonical"),
            version: self.string(&mut f, "version"),
            last_modified: self.date_time(&mut f, "lastModified"),
            template,
            paper,
            accent,
            pdf_standard,
            sections,
            titles,
            variants: match f.get("variants") {
                Some(n) => self.variants(n, &ids),
                None => Vec::new(),
            },
            lang: self.lang(&mut f),
            phrases: BTreeMap::new(),
            quotes: None,
            font: f.get("font").and_then(|n| {
                let value = self.scalar_string(n, "meta.font")?;
                Some(Spanned {
                    value,
                    span: n.span.clone(),
                })
            }),
            font_paths: self
                .spanned_strings(&mut f, "fontPaths")
                .unwrap_or_default(),
            formats: self.formats(&mut f).unwrap_or_default(),
        };
        let mut meta = meta;
        if let Some(n) = f.get("phrases") {
            self.phrases(n, &mut meta);
        }
        self.finish(f);
        Some(meta)
    }

    /// `lang: de-AT`: a BCP 47 tag with a locale (its own or a shorter tag's), as in `meta`,
    /// variants and build plans.
    pub fn lang(&mut self, f: &mut Fields) -> Option<Spanned<String>> {
        let node = f.get("lang")?;
        let path = f.path("lang");
        let tag = self.scalar_string(node, &path)?;
        if crate::locale::find(&tag).is_none() {
            let tags: Vec<&str> = crate::locale::tags().collect();
            let d = self.error(
                node.span.clone(),
                &path,
                format!("no locale for the language `{tag}`"),
            );
            match did_you_mean(&tag, tags.iter().copied()) {
                Some(s) => d.hints.push(format!("did you mean `{s}`?")),
                None => d.hints.push(format!(
                    "languages: {}; or add locales/<tag>.json (locales/README.md)",
                    tags.join(", ")
                )),
            }
            return None;
        }
        Some(Spanned {
            value: tag,
            span: node.span.clone(),
        })
    }

    /// `meta.phrases`: the profile's own words for the locale's phrases (`present: today`;
    /// `quotes: [«, »]`).
    fn phrases(&mut self, node: &Node, meta: &mut Meta) {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                node,
                "meta.phrases",
                "a mapping of phrase to text",
                Some("e.g. `phrases: { present: today }`"),
            );
            return;
        };
        for (key, value) in entries {
            let path = join("meta.phrases", &key.name);
            if !crate::locale::PHRASES.contains(&key.name.as_str()) {
                let d = self.error(
                    key.span.clone(),
                    &path,
                    format!("unknown phrase `{}`", key.name),
                );
                match did_you_mean(&key.name, crate::locale::PHRASES) {
                    Some(s) => d.hints.push(format!("did you mean `{s}`?")),
                    None => d
                        .hints
                        .push(format!("phrases: {}", crate::locale::PHRASES.join(", "))),
                }
                continue;
            }
            if key.name == "quotes" {
                let marks = self.seq(value, &path, |c, n, p| c.scalar_string(n, p));
                match <[String; 2]>::try_from(marks) {
                    Ok(q) => meta.quotes = Some(q),
                    Err(_) => {
                        self.error(value.span.clone(), &path, "`quotes` needs two marks")
                            .hints
                            .push("the opening and the closing one, e.g. `quotes: [«, »]`".into());
                    }
                }
                continue;
            }
            // Spaces matter in a phrase (` – `): kept as written.
            match &value.value {
                Value::Str(s) | Value::Number(s) if !s.is_empty() => {
                    meta.phrases.insert(key.name.clone(), s.clone());
                }
                _ => self.wrong_type(value, &path, "text", None),
            }
            if key.name == "page"
                && let Some(p) = meta.phrases.get("page")
                && !(p.contains("{page}") && p.contains("{pages}"))
            {
                self.error(
                    value.span.clone(),
                    &path,
                    "`page` needs `{page}` and `{pages}`",
                )
                .hints
                .push("e.g. `page: \"{page} / {pages}\"`".into());
            }
        }
    }

    /// A list of section ids (`meta.sections`, a variant's `sections`).
    fn sections(&mut self, node: &Node, path: &str, ids: &[&str]) -> Vec<String> {
        self.seq(node, path, |c, item, p| {
            let id = c.scalar_string(item, p)?;
            if !ids.contains(&id.as_str()) {
                c.unknown_section(item.span.clone(), p, &id, ids);
                return None;
            }
            Some(id)
        })
    }

    /// `meta.variants`: name → what the variant changes (docs/tailoring.md).
    fn variants(&mut self, node: &Node, ids: &[&str]) -> Vec<Variant> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                node,
                "meta.variants",
                "a mapping of variant name to its settings",
                Some("e.g. `variants: { backend: { tags: [backend] } }`"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            let path = join("meta.variants", &key.name);
            let name = key.name.trim();
            let bad = name.is_empty()
                || name == "all"
                || name.starts_with('.')
                || name.contains(['/', '\\', ',', ':'])
                || name.chars().any(char::is_whitespace);
            if bad {
                self.error(key.span.clone(), &path, format!("`{name}` cannot name a variant"))
                    .hints
                    .push("a variant's name goes into file names: use letters, digits, `-` or `_` (and not `all`, which means every variant)".into());
                continue;
            }
            let mut v = Variant {
                name: Spanned {
                    value: name.to_string(),
                    span: key.span.clone(),
                },
                ..Variant::default()
            };
            if value.value == Value::Null {
                out.push(v);
                continue;
            }
            let Some(mut f) = self.fields(value, &path) else {
                continue;
            };
            v.extends = f.get("extends").and_then(|n| {
                let value = self.scalar_string(n, &f.path("extends"))?;
                Some(Spanned {
                    value,
                    span: n.span.clone(),
                })
            });
            v.tags = self.spanned_strings(&mut f, "tags");
            v.exclude_tags = self.spanned_strings(&mut f, "excludeTags");
            v.sections = f
                .get("sections")
                .map(|n| self.sections(n, &f.path("sections"), ids));
            if let Some(n) = f.get("set") {
                v.set = self.settings(n, &f.path("set"));
            }
            v.hide = self.spanned_strings(&mut f, "hide").map(|items| {
                items
                    .into_iter()
                    .map(|s| Spanned {
                        value: Hide::parse(&s.value).unwrap_or(Hide::Network(s.value)),
                        span: s.span,
                    })
                    .collect()
            });
            v.template = f.get("template").and_then(|n| {
                let value = self.scalar_string(n, &f.path("template"))?;
                Some(Spanned {
                    value,
                    span: n.span.clone(),
                })
            });
            v.paper = self.paper(&mut f);
            v.accent = self.accent(&mut f);
            v.pdf_standard = self.pdf_standard(&mut f);
            v.kind = self.choice(
                &mut f,
                "kind",
                KindChoice::parse,
                "kind",
                "use resume, summary or all",
            );
            v.max_pages = self.count(&mut f, "maxPages", "pages");
            v.lang = self.lang(&mut f);
            v.with = self.spanned_strings(&mut f, "with").unwrap_or_default();
            self.finish(f);
            out.push(v);
        }
        out
    }

    /// Text items with where each is written: a list, or one item as text.
    pub fn spanned_strings(
        &mut self,
        f: &mut Fields,
        key: &'static str,
    ) -> Option<Vec<Spanned<String>>> {
        let node = f.get(key)?;
        let path = f.path(key);
        let read = |c: &mut Self, n: &Node, p: &str| {
            c.scalar_string(n, p).map(|value| Spanned {
                value,
                span: n.span.clone(),
            })
        };
        Some(match &node.value {
            Value::Seq(_) => self.seq(node, &path, read),
            _ => read(self, node, &path).into_iter().collect(),
        })
    }

    /// `format: pdf`, `format: [pdf, txt]` or `format: all`, as in `meta` and build plans: the
    /// formats, in the canonical order, each once.
    pub fn formats(&mut self, f: &mut Fields) -> Option<Vec<OutputFormat>> {
        let words = self.spanned_strings(f, "format")?;
        let mut out = Vec::new();
        for w in words {
            match OutputFormat::parse_list(&w.value) {
                Ok(fs) => out.extend(fs),
                Err(e) => {
                    let path = f.path("format");
                    self.error(w.span.clone(), &path, e).hints.push(
                        "e.g. `format: pdf`, `format: [pdf, txt, docx]` or `format: all`".into(),
                    );
                }
            }
        }
        out.sort();
        out.dedup();
        (!out.is_empty()).then_some(out)
    }

    /// `set:` — a mapping of path to value (`basics.label: Staff Engineer`), as in a variant or
    /// a plan job. The paths are checked when the variant is applied.
    pub fn settings(&mut self, node: &Node, path: &str) -> Vec<Setting> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(
                node,
                path,
                "a mapping of field path to value",
                Some("e.g. `set: { basics.label: Staff Engineer, \"work[0].position\": Lead }`"),
            );
            return Vec::new();
        };
        entries
            .iter()
            .map(|(key, value)| Setting {
                path: Spanned {
                    value: key.name.trim().to_string(),
                    span: key.span.clone(),
                },
                value: value.clone(),
            })
            .collect()
    }

    /// `paper: a4` (or `letter`), as in `meta` and build plans.
    pub fn paper(&mut self, f: &mut Fields) -> Option<Paper> {
        let hint = format!("use one of: {}", Paper::NAMES.join(", "));
        self.choice(f, "paper", Paper::parse, "paper size", &hint)
    }

    /// `accent: "#0b7285"`, as in `meta` and build plans.
    pub fn accent(&mut self, f: &mut Fields) -> Option<Color> {
        self.comment_instead_of_value(f, "accent", "\"#0b7285\"");
        let hint = "write it as a hex colour in quotes, e.g. \"#1f6feb\"";
        self.choice(f, "accent", Color::parse, "colour", hint)
    }

    /// `pdfStandard: a-2b` (PDF/A-2b, PDF/A-3b or PDF/UA-1), as in `meta` and build plans.
    pub fn pdf_standard(&mut self, f: &mut Fields) -> Option<PdfStandard> {
        let hint = format!("use one of: {}", PdfStandard::NAMES.join(", "));
        self.choice(f, "pdfStandard", PdfStandard::parse, "PDF standard", &hint)
    }

    /// JSON Resume writes `lastModified` as an ISO date-time; only its date matters here.
    fn date_time(&mut self, f: &mut Fields, key: &'static str) -> Option<Date> {
        let node = f.get(key)?;
        let path = f.path(key);
        let text = self.scalar_string(node, &path)?;
        let date_part = text.split(['T', ' ']).next().unwrap_or("");
        match Date::parse(date_part) {
            Ok(d) if d.day.is_some() => Some(d),
            _ => {
                self.error(node.span.clone(), &path, format!("`{text}` is not a date"))
                    .hints
                    .push("write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS".into());
                None
            }
        }
    }

    fn unknown_section(&mut self, span: Range<usize>, path: &str, id: &str, ids: &[&str]) {
        let d = self.error(span, path, format!("unknown section `{id}`"));
        match did_you_mean(id, ids.iter().copied()) {
            Some(s) => d.hints.push(format!("did you mean `{s}`?")),
            None => d.hints.push(format!("sections: {}", ids.join(", "))),
        }
    }
}

fn is_present(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "present" | "current" | "now"
    )
}

/// `Problem Solving` → `problem-solving`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn parse(text: &str) -> Result<crate::profile::tree::Node, crate::profile::tree::SyntaxError> {
        crate::profile::tree::parse(text, &Default::default())
    }

    fn check(text: &str) -> (Profile, Vec<Diagnostic>) {
        let file = SourceFile::new("p.yaml", text);
        let root = parse(text).unwrap();
        let mut c = Checker::new(&file, false);
        let p = c.profile(&root);
        (p, c.diagnostics)
    }

    #[test]
    fn a_minimal_profile_is_clean() {
        let (p, d) = check("basics:\n  name: Ada\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(p.basics.name, "Ada");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = "basics:\n  label: x\nwork:\n  - name: A\n    startDate: 2021-13\n    higlights: [x]\n  - name: B\n    startDate: 2022-01\n    endDate: 2021-01\n";
        let (_, d) = check(text);
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("p.yaml:1:1") && m.contains("missing `name`")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("p.yaml:5:16") && m.contains("no month 13")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("p.yaml:6:5") && m.contains("did you mean `highlights`?")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("p.yaml:9:14") && m.contains("before `startDate`")),
            "{msgs:#?}"
        );
    }

    #[test]
    fn unknown_fields_are_errors_when_strict() {
        let text = "basics:\n  name: Ada\n  nmae: x\n";
        let file = SourceFile::new("p.yaml", text);
        let mut c = Checker::new(&file, true);
        c.profile(&parse(text).unwrap());
        assert!(
            c.diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains("`nmae`"))
        );
    }

    #[test]
    fn extensions_are_read() {
        let text = r#"
basics:
  name: Ada
  location: Pune, India
  figures: [{ value: "3+", label: Years }]
skills:
  - name: Backend
    keywords: [{ name: Python, level: 95 }, Flask, { name: Go, level: Expert }]
work:
  - name: Acme
    positions:
      - { position: Lead, startDate: 2022 }
      - { position: Dev, startDate: 2020, endDate: 2021 }
    projects: [{ name: P, details: [{ label: Problem, text: slow }] }]
custom:
  - title: Problem Solving
    items: [x]
meta:
  sections: [work, problem-solving]
"#;
        let (p, d) = check(text);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(
            p.basics.location.unwrap().text.as_deref(),
            Some("Pune, India")
        );
        assert_eq!(p.skills[0].keywords[0].level, Some(Level::Percent(95)));
        assert_eq!(
            p.skills[0].keywords[2].level,
            Some(Level::Word("Expert".into()))
        );
        assert_eq!(p.work[0].positions.len(), 2);
        assert_eq!(p.custom[0].id, "problem-solving");
        assert_eq!(p.meta.sections.unwrap(), vec!["work", "problem-solving"]);
    }

    #[test]
    fn wrong_types_name_what_was_expected() {
        let (_, d) = check("basics:\n  name: [a, b]\nwork: oops\n");
        assert!(d.iter().any(|d| d.message == "expected text, found a list"));
        assert!(d.iter().any(|d| d.message == "expected a list, found text"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Problem Solving"), "problem-solving");
        assert_eq!(slug("  C# & .NET "), "c-net");
    }
}
