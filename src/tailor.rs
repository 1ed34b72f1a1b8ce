//! Tailoring: one profile, a version per application. A stage that turns a profile into a
//! profile before the view: a variant's (or the flags') assignments are applied to the tree and
//! read again, then content is kept or dropped by its tags, contacts are hidden, sections
//! ordered, and the variant's rendering defaults put where the flags and `meta` are read.
//! The rules are in docs/tailoring.md; [`keeps`] is its truth table.

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, did_you_mean};
use crate::profile::{Assignment, Hide, KindChoice, Loaded, Profile, Project, Spanned, Variant};

/// What to make of a profile: a variant, a tag selection and assignments (flags, a plan job).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tailoring {
    /// One of the profile's `meta.variants`.
    pub variant: Option<String>,
    /// Keep untagged content and content with any of these tags (replaces the variant's).
    pub tags: Option<Vec<String>>,
    /// Drop content with any of these tags (replaces the variant's).
    pub exclude_tags: Option<Vec<String>>,
    /// Applied after the variant's own `set`.
    pub set: Vec<Assignment>,
}

impl Tailoring {
    /// Nothing to do: the profile as written.
    pub fn is_empty(&self) -> bool {
        *self == Tailoring::default()
    }
}

/// A tailored profile, with what the variant asks of the documents and what was left out.
#[derive(Debug, Clone)]
pub struct Tailored {
    pub loaded: Loaded,
    pub variant: Option<String>,
    /// The variant's `kind` and `maxPages` (flags and plan jobs override them).
    pub kind: Option<KindChoice>,
    pub max_pages: Option<usize>,
    /// What tags and `hide` kept and dropped, section by section.
    pub report: Vec<SectionReport>,
}

/// One section's outcome: the names of what was kept and what was dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionReport {
    pub section: String,
    pub kept: Vec<String>,
    pub dropped: Vec<String>,
}

/// Whether content is kept: its own tags, or (when it has none) those it inherits from what it
/// belongs to, are tested against the selection. Excluded tags win; with no `include` list, or
/// no tags at all, content is kept. Tags compare without regard to case.
pub fn keeps(own: &[String], inherited: &[String], include: &[String], exclude: &[String]) -> bool {
    let tags = if own.is_empty() { inherited } else { own };
    let has = |list: &[String], t: &String| list.iter().any(|x| x.eq_ignore_ascii_case(t));
    if tags.iter().any(|t| has(exclude, t)) {
        return false;
    }
    include.is_empty() || tags.is_empty() || tags.iter().any(|t| has(include, t))
}

/// Apply a tailoring to a loaded profile.
pub fn tailor(loaded: &Loaded, t: &Tailoring) -> Result<Tailored, Vec<Diagnostic>> {
    let variant = match &t.variant {
        Some(name) => Some(resolve(loaded, name)?),
        None => None,
    };
    let variant = variant.unwrap_or_default();
    let overlays = read_overlays(loaded, &variant.with)?;
    let mut out = loaded.compose(&overlays, &variant.set, &t.set)?;
    let mut warnings = Vec::new();
    let spanned = |v: &Option<Vec<Spanned<String>>>| v.clone().unwrap_or_default();
    let (include, exclude) = (
        t.tags
            .clone()
            .map_or_else(|| spanned(&variant.tags), unspanned),
        t.exclude_tags
            .clone()
            .map_or_else(|| spanned(&variant.exclude_tags), unspanned),
    );
    let known = all_tags(&out.profile);
    for tag in include.iter().chain(&exclude) {
        if known.iter().any(|k| k.eq_ignore_ascii_case(&tag.value)) {
            continue;
        }
        let mut d = Diagnostic::warning(format!("no content is tagged `{}`", tag.value));
        d = match did_you_mean(&tag.value, known.iter().map(String::as_str)) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None if known.is_empty() => {
                d.hint("tag entries with `tags: [backend]` (docs/tailoring.md)")
            }
            None => d.hint(format!("tags in this profile: {}", known.join(", "))),
        };
        warnings.push(match tag.span.is_empty() {
            true => d,
            false => out.at(d, tag.span.clone()),
        });
    }
    let values = |v: &[Spanned<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    let mut report = Vec::new();
    select(
        &mut out.profile,
        &values(&include),
        &values(&exclude),
        &mut report,
    );
    if let Some(hide) = &variant.hide {
        let mut problems = Vec::new();
        for h in hide {
            if let Err(d) = hide_one(&mut out.profile, &h.value) {
                let field = format!("meta.variants.{}.hide", variant.name.value);
                problems.push(out.at(d, h.span.clone()).field(field));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let names: Vec<String> = hide.iter().map(|h| describe_hide(&h.value)).collect();
        report.push(SectionReport {
            section: "header".into(),
            kept: Vec::new(),
            dropped: names,
        });
    }
    let meta = &mut out.profile.meta;
    if let Some(s) = &variant.sections {
        meta.sections = Some(s.clone());
    }
    if variant.template.is_some() {
        meta.template = variant.template.clone();
    }
    meta.paper = variant.paper.or(meta.paper);
    meta.accent = variant.accent.clone().or(meta.accent.take());
    meta.pdf_standard = variant.pdf_standard.or(meta.pdf_standard);
    if variant.lang.is_some() {
        meta.lang = variant.lang.clone();
    }
    out.warnings.extend(warnings);
    report.retain(|r| !r.dropped.is_empty());
    Ok(Tailored {
        loaded: out,
        variant: t.variant.clone(),
        kind: variant.kind,
        max_pages: variant.max_pages,
        report,
    })
}

/// A variant's overlay files, read relative to the profile; one that cannot be read is a
/// problem where the variant names it.
fn read_overlays(
    loaded: &Loaded,
    with: &[Spanned<String>],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let base = std::path::Path::new(&loaded.source.name)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for w in with {
        let path = base.join(&w.value);
        match crate::files::read(&path, crate::limits::MAX_TEXT_BYTES) {
            Ok(bytes) => out.push((path.display().to_string(), bytes)),
            Err(e) => problems.push(
                loaded
                    .at(
                        Diagnostic::error(format!(
                            "cannot read the overlay `{}`: {e}",
                            path.display()
                        )),
                        w.span.clone(),
                    )
                    .field("with")
                    .hint("overlays are read relative to the profile"),
            ),
        }
    }
    match problems.is_empty() {
        true => Ok(out),
        false => Err(problems),
    }
}

fn unspanned(tags: Vec<String>) -> Vec<Spanned<String>> {
    tags.into_iter()
        .map(|value| Spanned { value, span: 0..0 })
        .collect()
}

/// A variant with what it `extends` folded in: the nearer variant's settings win, `set` adds up.
fn resolve(loaded: &Loaded, name: &str) -> Result<Variant, Vec<Diagnostic>> {
    let variants = &loaded.profile.meta.variants;
    let find = |n: &str| variants.iter().find(|v| v.name.value == n);
    let names = || variants.iter().map(|v| v.name.value.as_str());
    let Some(mut v) = find(name) else {
        let d = Diagnostic::error(format!("unknown variant `{name}`"));
        let d = match (did_you_mean(name, names()), variants.is_empty()) {
            (Some(s), _) => d.hint(format!("did you mean `{s}`?")),
            (None, true) => d.hint(format!(
                "`{}` defines no variants: add them under `meta.variants` (docs/tailoring.md)",
                loaded.source.name
            )),
            (None, false) => d.hint(format!(
                "variants of `{}`: {}",
                loaded.source.name,
                names().collect::<Vec<_>>().join(", ")
            )),
        };
        return Err(vec![d]);
    };
    let mut chain = vec![v];
    while let Some(parent) = &v.extends {
        let Some(p) = find(&parent.value) else {
            let d = Diagnostic::error(format!(
                "variant `{}` extends `{}`, which is not a variant",
                v.name.value, parent.value
            ));
            let d = match did_you_mean(&parent.value, names()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "variants: {}",
                    names().collect::<Vec<_>>().join(", ")
                )),
            };
            let field = format!("meta.variants.{}.extends", v.name.value);
            return Err(vec![loaded.at(d, parent.span.clone()).field(field)]);
        };
        if chain.iter().any(|c| c.name.value == p.name.value) {
            let d = Diagnostic::error(format!(
                "variant `{}` extends itself through `{}`",
                p.name.value, v.name.value
            ))
            .hint("remove one `extends` from the circle");
            let field = format!("meta.variants.{}.extends", v.name.value);
            return Err(vec![loaded.at(d, parent.span.clone()).field(field)]);
        }
        chain.push(p);
        v = p;
    }
    let mut out = Variant::default();
    for v in chain.into_iter().rev() {
        out.name = v.name.clone();
        out.tags = v.tags.clone().or(out.tags.take());
        out.exclude_tags = v.exclude_tags.clone().or(out.exclude_tags.take());
        out.sections = v.sections.clone().or(out.sections.take());
        out.hide = v.hide.clone().or(out.hide.take());
        out.template = v.template.clone().or(out.template.take());
        out.paper = v.paper.or(out.paper);
        out.accent = v.accent.clone().or(out.accent.take());
        out.pdf_standard = v.pdf_standard.or(out.pdf_standard);
        out.kind = v.kind.or(out.kind);
        out.max_pages = v.max_pages.or(out.max_pages);
        out.lang = v.lang.clone().or(out.lang.take());
        out.with.extend(v.with.iter().cloned());
        out.set.extend(v.set.iter().cloned());
    }
    Ok(out)
}

/// Every tag written in the profile, sorted, once each.
fn all_tags(p: &Profile) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut add = |t: &[String]| tags.extend(t.iter().cloned());
    let project = |x: &Project, add: &mut dyn FnMut(&[String])| {
        add(&x.tags);
        x.highlights.iter().for_each(|h| add(&h.tags));
    };
    for w in &p.work {
        add(&w.tags);
        w.highlights.iter().for_each(|h| add(&h.tags));
        w.projects.iter().for_each(|x| project(x, &mut add));
        for x in &w.positions {
            add(&x.tags);
            x.highlights.iter().for_each(|h| add(&h.tags));
            x.projects.iter().for_each(|y| project(y, &mut add));
        }
    }
    p.projects.iter().for_each(|x| project(x, &mut add));
    for v in &p.volunteer {
        add(&v.tags);
        v.highlights.iter().for_each(|h| add(&h.tags));
    }
    for e in &p.education {
        add(&e.tags);
        e.highlights.iter().for_each(|h| add(&h.tags));
    }
    p.awards.iter().for_each(|x| add(&x.tags));
    p.certificates.iter().for_each(|x| add(&x.tags));
    p.publications.iter().for_each(|x| add(&x.tags));
    for s in &p.skills {
        add(&s.tags);
        s.keywords.iter().for_each(|k| add(&k.tags));
    }
    p.languages.iter().for_each(|x| add(&x.tags));
    p.interests.iter().for_each(|x| add(&x.tags));
    p.references.iter().for_each(|x| add(&x.tags));
    for c in &p.custom {
        add(&c.tags);
        c.items.iter().for_each(|i| add(&i.tags));
        c.entries.iter().for_each(|x| project(x, &mut add));
    }
    tags.sort_by_key(|t| t.to_lowercase());
    tags.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    tags
}

/// Keep and drop by tags, everywhere tags may be written; record names per section.
fn select(
    p: &mut Profile,
    include: &[String],
    exclude: &[String],
    report: &mut Vec<SectionReport>,
) {
    let keep = |own: &[String], inherited: &[String]| keeps(own, inherited, include, exclude);
    let none: Vec<String> = Vec::new();

    // Projects and their highlights, under what they inherit from.
    let projects = |list: &mut Vec<Project>, inherited: &[String], r: &mut SectionReport| {
        list.retain_mut(|x| {
            if !keep(&x.tags, inherited) {
                r.dropped.push(x.name.clone());
                return false;
            }
            let tags = effective(&x.tags, inherited);
            highlights(&mut x.highlights, &tags, &x.name, r, &keep);
            true
        });
    };

    let r = section(report, "work");
    p.work.retain_mut(|w| {
        let name = w.name.clone().or(w.position.clone()).unwrap_or_default();
        if !keep(&w.tags, &none) {
            r.dropped.push(name);
            return false;
        }
        let had_positions = !w.positions.is_empty();
        let tags = w.tags.clone();
        highlights(&mut w.highlights, &tags, &name, r, &keep);
        projects(&mut w.projects, &tags, r);
        w.positions.retain_mut(|x| {
            if !keep(&x.tags, &tags) {
                r.dropped.push(format!("{} ({name})", x.position));
                return false;
            }
            let own = effective(&x.tags, &tags);
            highlights(&mut x.highlights, &own, &x.position, r, &keep);
            projects(&mut x.projects, &own, r);
            true
        });
        if had_positions && w.positions.is_empty() {
            r.dropped.push(format!("{name} (no position left)"));
            return false;
        }
        r.kept.push(name);
        true
    });

    let r = section(report, "projects");
    with_highlights(
        &mut p.projects,
        r,
        &keep,
        |x| x.name.clone(),
        |x| (&x.tags, &mut x.highlights),
    );

    let r = section(report, "skills");
    p.skills.retain_mut(|s| {
        let name = s.name.clone().unwrap_or_else(|| {
            s.keywords
                .first()
                .map(|k| k.name.clone())
                .unwrap_or_default()
        });
        if !keep(&s.tags, &none) {
            r.dropped.push(name);
            return false;
        }
        let had = !s.keywords.is_empty();
        let tags = s.tags.clone();
        s.keywords.retain(|k| {
            let kept = keep(&k.tags, &tags);
            if !kept {
                r.dropped.push(format!("{} ({name})", k.name));
            }
            kept
        });
        if had && s.keywords.is_empty() {
            r.dropped.push(format!("{name} (no keyword left)"));
            return false;
        }
        r.kept.push(name);
        true
    });

    let r = section(report, "education");
    let name = |e: &crate::profile::Education| {
        e.institution
            .clone()
            .or(e.area.clone())
            .or(e.study_type.clone())
    };
    with_highlights(
        &mut p.education,
        r,
        &keep,
        |e| name(e).unwrap_or_default(),
        |e| (&e.tags, &mut e.highlights),
    );

    let r = section(report, "volunteer");
    let name = |v: &crate::profile::Volunteer| v.organization.clone().or(v.position.clone());
    with_highlights(
        &mut p.volunteer,
        r,
        &keep,
        |v| name(v).unwrap_or_default(),
        |v| (&v.tags, &mut v.highlights),
    );

    macro_rules! simple {
        ($id:literal, $list:expr, $name:expr) => {{
            let r = section(report, $id);
            $list.retain(|x| {
                let name: String = $name(x).unwrap_or_default();
                let kept = keep(&x.tags, &none);
                match kept {
                    true => r.kept.push(name),
                    false => r.dropped.push(name),
                }
                kept
            });
        }};
    }
    simple!(
        "certificates",
        p.certificates,
        |x: &crate::profile::Certificate| x.name.clone()
    );
    simple!("awards", p.awards, |x: &crate::profile::Award| x
        .title
        .clone());
    simple!(
        "publications",
        p.publications,
        |x: &crate::profile::Publication| x.name.clone()
    );
    simple!("languages", p.languages, |x: &crate::profile::Language| x
        .language
        .clone());
    simple!("interests", p.interests, |x: &crate::profile::Interest| x
        .name
        .clone());
    simple!(
        "references",
        p.references,
        |x: &crate::profile::Reference| x.name.clone()
    );

    for c in std::mem::take(&mut p.custom) {
        let mut c = c;
        let r = section(report, &c.id);
        if !keep(&c.tags, &none) {
            r.dropped.push(c.title.clone());
            continue;
        }
        let had = !c.items.is_empty() || !c.entries.is_empty();
        let tags = c.tags.clone();
        let title = c.title.clone();
        highlights(&mut c.items, &tags, &title, r, &keep);
        projects(&mut c.entries, &tags, r);
        if had && c.items.is_empty() && c.entries.is_empty() && c.paragraphs.is_empty() {
            r.dropped.push(format!("{title} (nothing left)"));
            continue;
        }
        r.kept.push(title);
        p.custom.push(c);
    }
}

/// Top-level entries with highlights: each kept or dropped by its tags, then its highlights by
/// theirs (inheriting the entry's).
fn with_highlights<T>(
    list: &mut Vec<T>,
    r: &mut SectionReport,
    keep: &dyn Fn(&[String], &[String]) -> bool,
    name: impl Fn(&T) -> String,
    parts: fn(&mut T) -> (&[String], &mut Vec<crate::profile::Highlight>),
) {
    list.retain_mut(|x| {
        let name = name(x);
        let (tags, list) = parts(x);
        if !keep(tags, &[]) {
            r.dropped.push(name);
            return false;
        }
        let tags = tags.to_vec();
        highlights(list, &tags, &name, r, keep);
        r.kept.push(name);
        true
    });
}

/// A new section's report.
fn section<'r>(report: &'r mut Vec<SectionReport>, id: &str) -> &'r mut SectionReport {
    report.push(SectionReport {
        section: id.to_string(),
        ..Default::default()
    });
    report.last_mut().expect("just pushed")
}

/// The tags content is judged by: its own, else what it inherits.
fn effective(own: &[String], inherited: &[String]) -> Vec<String> {
    match own.is_empty() {
        true => inherited.to_vec(),
        false => own.to_vec(),
    }
}

/// Drop highlights (or custom items) by tag, naming each dropped one by its opening words.
fn highlights(
    list: &mut Vec<crate::profile::Highlight>,
    inherited: &[String],
    owner: &str,
    r: &mut SectionReport,
    keep: &dyn Fn(&[String], &[String]) -> bool,
) {
    list.retain(|h| {
        let kept = keep(&h.tags, inherited);
        if !kept {
            r.dropped.push(format!("“{}” ({owner})", opening(&h.text)));
        }
        kept
    });
}

/// The first words of a text, for naming it.
fn opening(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() > 6 {
        true => format!("{} …", words[..6].join(" ")),
        false => words.join(" "),
    }
}

/// Remove one thing from the header; a network that is not there is a problem.
fn hide_one(p: &mut Profile, hide: &Hide) -> Result<(), Diagnostic> {
    let b = &mut p.basics;
    match hide {
        Hide::Phone => b.phone = None,
        Hide::Email => b.email = None,
        Hide::Url => b.url = None,
        Hide::Location => b.location = None,
        Hide::Photo => b.image = None,
        Hide::Label => b.label = None,
        Hide::Summary => b.summary = None,
        Hide::Figures => b.figures.clear(),
        Hide::Profiles => b.profiles.clear(),
        Hide::Network(name) => {
            let before = b.profiles.len();
            b.profiles.retain(|x| {
                !x.network
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            });
            if b.profiles.len() == before {
                let networks: Vec<&str> = b
                    .profiles
                    .iter()
                    .filter_map(|x| x.network.as_deref())
                    .collect();
                let choices = Hide::NAMES.iter().copied().chain(networks.iter().copied());
                let d = Diagnostic::error(format!("nothing called `{name}` to hide"));
                return Err(match did_you_mean(name, choices) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!(
                        "hide one of: {}, or a network of basics.profiles{}",
                        Hide::NAMES.join(", "),
                        match networks.is_empty() {
                            true => String::new(),
                            false => format!(" ({})", networks.join(", ")),
                        }
                    )),
                });
            }
        }
    }
    Ok(())
}

fn describe_hide(h: &Hide) -> String {
    match h {
        Hide::Network(n) => n.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|s| s.to_string()).collect()
    }

    /// docs/tailoring.md's truth table, row by row: own tags, inherited tags, --tags,
    /// --exclude-tags → kept.
    #[test]
    fn the_truth_table() {
        type Row<'a> = (
            &'a [&'a str],
            &'a [&'a str],
            &'a [&'a str],
            &'a [&'a str],
            bool,
        );
        let rows: &[Row] = &[
            (&[], &[], &[], &[], true),
            (&["backend"], &[], &[], &[], true),
            (&[], &[], &["backend"], &[], true),
            (&["backend"], &[], &["backend"], &[], true),
            (&["data"], &[], &["backend"], &[], false),
            (&["backend", "data"], &[], &["backend"], &[], true),
            (&["Backend"], &[], &["backend"], &[], true),
            (&[], &["backend"], &["backend"], &[], true),
            (&[], &["data"], &["backend"], &[], false),
            (&["backend"], &["data"], &["backend"], &[], true),
            (&["data"], &["backend"], &["backend"], &[], false),
            (&["public"], &[], &[], &["public"], false),
            (&[], &["public"], &[], &["public"], false),
            (&["backend"], &["public"], &[], &["public"], true),
            (
                &["backend", "public"],
                &[],
                &["backend"],
                &["public"],
                false,
            ),
            (&[], &[], &[], &["public"], true),
            (&[], &[], &["backend"], &["public"], true),
        ];
        for (own, inherited, include, exclude, kept) in rows {
            assert_eq!(
                keeps(&v(own), &v(inherited), &v(include), &v(exclude)),
                *kept,
                "own {own:?} inherited {inherited:?} --tags {include:?} --exclude-tags {exclude:?}"
            );
        }
    }
}
