//! A profile written back out (`vitae convert`): in vitae's own format (everything), as JSON
//! Resume 1.0 (the standard fields; what has no place there is listed), or as RenderCV 2.x
//! YAML (what maps; the rest listed).

use serde_json::{Map, Value, json};

use super::model::*;
use super::tree::{Node, Value as TreeValue};

/// What a conversion could not carry over, in words (`work[0].positions[1].projects`).
pub type Lost = Vec<String>;

fn date(d: &Date) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", d.year),
        (Some(m), None) => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    }
}

/// A list, each item turned into a value.
fn each<T>(items: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(f).collect())
}

/// A date as text, if there is one.
fn day(d: &Option<Date>) -> Value {
    d.as_ref().map_or(Value::Null, |d| json!(date(d)))
}

/// Insert `key` when the value is there (not null, not an empty list).
fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    let empty = match &value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if !empty {
        map.insert(key.to_string(), value);
    }
}

fn opt<T: serde::Serialize>(v: &Option<T>) -> Value {
    v.as_ref().map_or(Value::Null, |v| json!(v))
}

fn period(
    map: &mut Map<String, Value>,
    start: &Option<Date>,
    end: &Option<End>,
    text: &Option<String>,
) {
    put(map, "dateText", opt(text));
    put(
        map,
        "startDate",
        start.as_ref().map_or(Value::Null, |d| json!(date(d))),
    );
    match end {
        Some(End::Date(d)) => put(map, "endDate", json!(date(d))),
        Some(End::Present) => put(map, "endDate", json!("present")),
        None => {}
    }
}

fn location(l: &Option<Location>, native: bool) -> Value {
    let Some(l) = l else { return Value::Null };
    if let Some(t) = &l.text {
        return match native {
            true => json!(t),
            false => json!({ "address": t }),
        };
    }
    let mut m = Map::new();
    put(&mut m, "address", opt(&l.address));
    put(&mut m, "postalCode", opt(&l.postal_code));
    put(&mut m, "city", opt(&l.city));
    put(&mut m, "countryCode", opt(&l.country_code));
    put(&mut m, "region", opt(&l.region));
    Value::Object(m)
}

fn tags(m: &mut Map<String, Value>, tags: &[String]) {
    put(m, "tags", json!(tags));
}

fn highlights(hs: &[Highlight], native: bool) -> Value {
    Value::Array(
        hs.iter()
            .map(|h| {
                if native && (h.in_summary.is_some() || !h.tags.is_empty()) {
                    let mut m = Map::new();
                    m.insert("text".into(), json!(h.text));
                    put(&mut m, "inSummary", opt(&h.in_summary));
                    tags(&mut m, &h.tags);
                    Value::Object(m)
                } else {
                    json!(h.text)
                }
            })
            .collect(),
    )
}

fn level(l: &Option<Level>) -> Value {
    match l {
        Some(Level::Percent(p)) => json!(p),
        Some(Level::Word(w)) => json!(w),
        None => Value::Null,
    }
}

fn details(ds: &[Detail]) -> Value {
    Value::Array(
        ds.iter()
            .map(|d| {
                let mut m = Map::new();
                m.insert("label".into(), json!(d.label));
                put(&mut m, "text", opt(&d.text));
                put(&mut m, "items", json!(d.items));
                Value::Object(m)
            })
            .collect(),
    )
}

fn project(p: &Project) -> Value {
    let mut m = Map::new();
    put(&mut m, "inSummary", opt(&p.in_summary));
    tags(&mut m, &p.tags);
    m.insert("name".into(), json!(p.name));
    put(&mut m, "description", opt(&p.description));
    put(&mut m, "url", opt(&p.url));
    put(&mut m, "location", location(&p.location, true));
    period(&mut m, &p.start, &p.end, &p.date_text);
    put(&mut m, "highlights", highlights(&p.highlights, true));
    put(&mut m, "keywords", json!(p.keywords));
    put(&mut m, "roles", json!(p.roles));
    put(&mut m, "entity", opt(&p.entity));
    put(&mut m, "type", opt(&p.kind));
    put(&mut m, "details", details(&p.details));
    Value::Object(m)
}

fn node(n: &Node) -> Value {
    match &n.value {
        TreeValue::Null => Value::Null,
        TreeValue::Bool(b) => json!(b),
        TreeValue::Number(s) => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
        TreeValue::Str(s) => json!(s),
        TreeValue::Seq(items) => Value::Array(items.iter().map(node).collect()),
        TreeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), node(v)))
                .collect(),
        ),
    }
}

/// Everything, in vitae's own format (JSON Resume plus the extensions).
pub fn native(p: &Profile) -> Value {
    let b = &p.basics;
    let mut basics = Map::new();
    basics.insert("name".into(), json!(b.name));
    put(&mut basics, "label", opt(&b.label));
    put(
        &mut basics,
        "image",
        b.image.as_ref().map_or(Value::Null, |i| json!(i.value)),
    );
    put(&mut basics, "email", opt(&b.email));
    put(&mut basics, "phone", opt(&b.phone));
    put(&mut basics, "url", opt(&b.url));
    put(&mut basics, "summary", opt(&b.summary));
    put(&mut basics, "location", location(&b.location, true));
    put(
        &mut basics,
        "profiles",
        Value::Array(
            b.profiles
                .iter()
                .map(|s| {
                    let mut m = Map::new();
                    put(&mut m, "network", opt(&s.network));
                    put(&mut m, "username", opt(&s.username));
                    put(&mut m, "url", opt(&s.url));
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    put(
        &mut basics,
        "figures",
        Value::Array(
            b.figures
                .iter()
                .map(|f| json!({ "value": f.value, "label": f.label }))
                .collect(),
        ),
    );
    let mut root = Map::new();
    root.insert("basics".into(), Value::Object(basics));
    let work: Vec<Value> = p
        .work
        .iter()
        .map(|w| {
            let mut m = Map::new();
            put(&mut m, "inSummary", opt(&w.in_summary));
            tags(&mut m, &w.tags);
            put(&mut m, "name", opt(&w.name));
            put(&mut m, "position", opt(&w.position));
            put(&mut m, "url", opt(&w.url));
            put(&mut m, "location", location(&w.location, true));
            put(&mut m, "description", opt(&w.description));
            period(&mut m, &w.start, &w.end, &w.date_text);
            put(&mut m, "summary", opt(&w.summary));
            put(&mut m, "highlights", highlights(&w.highlights, true));
            put(&mut m, "keywords", json!(w.keywords));
            let positions: Vec<Value> = w
                .positions
                .iter()
                .map(|x| {
                    let mut n = Map::new();
                    put(&mut n, "inSummary", opt(&x.in_summary));
                    tags(&mut n, &x.tags);
                    n.insert("position".into(), json!(x.position));
                    put(&mut n, "url", opt(&x.url));
                    put(&mut n, "location", location(&x.location, true));
                    period(&mut n, &x.start, &x.end, &x.date_text);
                    put(&mut n, "summary", opt(&x.summary));
                    put(&mut n, "highlights", highlights(&x.highlights, true));
                    put(&mut n, "keywords", json!(x.keywords));
                    put(
                        &mut n,
                        "projects",
                        Value::Array(x.projects.iter().map(project).collect()),
                    );
                    put(&mut n, "details", details(&x.details));
                    Value::Object(n)
                })
                .collect();
            put(&mut m, "positions", Value::Array(positions));
            put(
                &mut m,
                "projects",
                Value::Array(w.projects.iter().map(project).collect()),
            );
            put(&mut m, "details", details(&w.details));
            Value::Object(m)
        })
        .collect();
    put(&mut root, "work", Value::Array(work));
    let volunteer: Vec<Value> = p
        .volunteer
        .iter()
        .map(|v| {
            let mut m = Map::new();
            put(&mut m, "inSummary", opt(&v.in_summary));
            tags(&mut m, &v.tags);
            put(&mut m, "organization", opt(&v.organization));
            put(&mut m, "position", opt(&v.position));
            put(&mut m, "url", opt(&v.url));
            put(&mut m, "location", location(&v.location, true));
            period(&mut m, &v.start, &v.end, &v.date_text);
            put(&mut m, "summary", opt(&v.summary));
            put(&mut m, "highlights", highlights(&v.highlights, true));
            put(&mut m, "keywords", json!(v.keywords));
            put(&mut m, "details", details(&v.details));
            Value::Object(m)
        })
        .collect();
    put(&mut root, "volunteer", Value::Array(volunteer));
    let education: Vec<Value> = p
        .education
        .iter()
        .map(|e| {
            let mut m = Map::new();
            put(&mut m, "inSummary", opt(&e.in_summary));
            tags(&mut m, &e.tags);
            put(&mut m, "institution", opt(&e.institution));
            put(&mut m, "url", opt(&e.url));
            put(&mut m, "area", opt(&e.area));
            put(&mut m, "studyType", opt(&e.study_type));
            put(&mut m, "location", location(&e.location, true));
            period(&mut m, &e.start, &e.end, &e.date_text);
            put(&mut m, "score", opt(&e.score));
            put(&mut m, "courses", json!(e.courses));
            put(&mut m, "summary", opt(&e.summary));
            put(&mut m, "highlights", highlights(&e.highlights, true));
            put(&mut m, "keywords", json!(e.keywords));
            Value::Object(m)
        })
        .collect();
    put(&mut root, "education", Value::Array(education));
    let simple = |in_summary: &Option<bool>, t: &[String], fields: Vec<(&str, Value)>| {
        let mut m = Map::new();
        put(&mut m, "inSummary", opt(in_summary));
        tags(&mut m, t);
        for (k, v) in fields {
            put(&mut m, k, v);
        }
        Value::Object(m)
    };
    let awards = each(&p.awards, |a| {
        let fields = vec![
            ("title", opt(&a.title)),
            ("date", day(&a.date)),
            ("dateText", opt(&a.date_text)),
            ("awarder", opt(&a.awarder)),
            ("url", opt(&a.url)),
            ("summary", opt(&a.summary)),
        ];
        simple(&a.in_summary, &a.tags, fields)
    });
    put(&mut root, "awards", awards);
    let certificates = each(&p.certificates, |c| {
        let fields = vec![
            ("name", opt(&c.name)),
            ("date", day(&c.date)),
            ("dateText", opt(&c.date_text)),
            ("issuer", opt(&c.issuer)),
            ("url", opt(&c.url)),
        ];
        simple(&c.in_summary, &c.tags, fields)
    });
    put(&mut root, "certificates", certificates);
    let publications = each(&p.publications, |x| {
        let fields = vec![
            ("name", opt(&x.name)),
            ("publisher", opt(&x.publisher)),
            ("releaseDate", day(&x.release_date)),
            ("dateText", opt(&x.date_text)),
            ("url", opt(&x.url)),
            ("summary", opt(&x.summary)),
        ];
        simple(&x.in_summary, &x.tags, fields)
    });
    put(&mut root, "publications", publications);
    let skills = each(&p.skills, |s| {
        let keywords = each(&s.keywords, |k| {
            match k.level.is_some() || !k.tags.is_empty() {
                true => {
                    let mut m = Map::new();
                    m.insert("name".into(), json!(k.name));
                    put(&mut m, "level", level(&k.level));
                    tags(&mut m, &k.tags);
                    Value::Object(m)
                }
                false => json!(k.name),
            }
        });
        let fields = vec![
            ("name", opt(&s.name)),
            ("level", level(&s.level)),
            ("keywords", keywords),
        ];
        simple(&s.in_summary, &s.tags, fields)
    });
    put(&mut root, "skills", skills);
    let languages = each(&p.languages, |l| {
        let fields = vec![("language", opt(&l.language)), ("fluency", opt(&l.fluency))];
        simple(&None, &l.tags, fields)
    });
    put(&mut root, "languages", languages);
    let interests = each(&p.interests, |i| {
        simple(
            &None,
            &i.tags,
            vec![("name", opt(&i.name)), ("keywords", json!(i.keywords))],
        )
    });
    put(&mut root, "interests", interests);
    let references = each(&p.references, |r| {
        let fields = vec![
            ("name", opt(&r.name)),
            ("title", opt(&r.title)),
            ("reference", opt(&r.reference)),
        ];
        simple(&r.in_summary, &r.tags, fields)
    });
    put(&mut root, "references", references);
    put(&mut root, "projects", each(&p.projects, project));
    let custom = each(&p.custom, |c| {
        let fields = vec![
            ("title", json!(c.title)),
            ("id", json!(c.id)),
            ("paragraphs", json!(c.paragraphs)),
            ("items", highlights(&c.items, true)),
            ("entries", each(&c.entries, project)),
        ];
        simple(&c.in_summary, &c.tags, fields)
    });
    put(&mut root, "custom", custom);
    let m = &p.meta;
    let mut meta = Map::new();
    put(&mut meta, "canonical", opt(&m.canonical));
    put(&mut meta, "version", opt(&m.version));
    put(
        &mut meta,
        "lastModified",
        m.last_modified
            .as_ref()
            .map_or(Value::Null, |d| json!(date(d))),
    );
    put(
        &mut meta,
        "template",
        m.template.as_ref().map_or(Value::Null, |t| json!(t.value)),
    );
    put(
        &mut meta,
        "paper",
        m.paper.map_or(Value::Null, |p| json!(p.name())),
    );
    put(
        &mut meta,
        "accent",
        m.accent.as_ref().map_or(Value::Null, |c| json!(c.0)),
    );
    put(
        &mut meta,
        "pdfStandard",
        m.pdf_standard.map_or(Value::Null, |s| json!(s.name())),
    );
    put(&mut meta, "sections", opt(&m.sections));
    put(&mut meta, "titles", json!(m.titles));
    put(
        &mut meta,
        "lang",
        m.lang.as_ref().map_or(Value::Null, |l| json!(l.value)),
    );
    let mut phrases: Map<String, Value> = m
        .phrases
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    if let Some(q) = &m.quotes {
        phrases.insert("quotes".into(), json!(q));
    }
    put(&mut meta, "phrases", Value::Object(phrases));
    put(
        &mut meta,
        "font",
        m.font.as_ref().map_or(Value::Null, |f| json!(f.value)),
    );
    put(
        &mut meta,
        "fontPaths",
        json!(m.font_paths.iter().map(|f| &f.value).collect::<Vec<_>>()),
    );
    put(
        &mut meta,
        "format",
        json!(m.formats.iter().map(|f| f.name()).collect::<Vec<_>>()),
    );
    let variants: Map<String, Value> = m
        .variants
        .iter()
        .map(|v| (v.name.value.clone(), variant(v)))
        .collect();
    put(&mut meta, "variants", Value::Object(variants));
    put(&mut root, "meta", Value::Object(meta));
    Value::Object(root)
}

fn variant(v: &Variant) -> Value {
    let words = |l: &Option<Vec<Spanned<String>>>| {
        l.as_ref().map_or(Value::Null, |l| {
            json!(l.iter().map(|s| &s.value).collect::<Vec<_>>())
        })
    };
    let mut m = Map::new();
    put(
        &mut m,
        "extends",
        v.extends.as_ref().map_or(Value::Null, |e| json!(e.value)),
    );
    put(&mut m, "tags", words(&v.tags));
    put(&mut m, "excludeTags", words(&v.exclude_tags));
    put(&mut m, "sections", opt(&v.sections));
    put(
        &mut m,
        "set",
        Value::Object(
            v.set
                .iter()
                .map(|s| (s.path.value.clone(), node(&s.value)))
                .collect(),
        ),
    );
    put(
        &mut m,
        "hide",
        v.hide.as_ref().map_or(Value::Null, |h| {
            json!(
                h.iter()
                    .map(|h| match &h.value {
                        Hide::Network(n) => n.clone(),
                        other => format!("{other:?}").to_lowercase(),
                    })
                    .collect::<Vec<_>>()
            )
        }),
    );
    put(
        &mut m,
        "template",
        v.template.as_ref().map_or(Value::Null, |t| json!(t.value)),
    );
    put(
        &mut m,
        "paper",
        v.paper.map_or(Value::Null, |p| json!(p.name())),
    );
    put(
        &mut m,
        "accent",
        v.accent.as_ref().map_or(Value::Null, |c| json!(c.0)),
    );
    put(
        &mut m,
        "pdfStandard",
        v.pdf_standard.map_or(Value::Null, |s| json!(s.name())),
    );
    put(
        &mut m,
        "kind",
        v.kind.map_or(Value::Null, |k| {
            json!(match k {
                KindChoice::Resume => "resume",
                KindChoice::Summary => "summary",
                KindChoice::Both => "all",
            })
        }),
    );
    put(&mut m, "maxPages", opt(&v.max_pages));
    put(
        &mut m,
        "lang",
        v.lang.as_ref().map_or(Value::Null, |l| json!(l.value)),
    );
    put(
        &mut m,
        "with",
        json!(v.with.iter().map(|w| &w.value).collect::<Vec<_>>()),
    );
    Value::Object(m)
}

/// Remove `key` from every object under `value`, listing where it was (`path.key`).
fn strip(value: &mut Value, keys: &[&str], path: &str, lost: &mut Lost) {
    match value {
        Value::Object(m) => {
            for k in keys {
                if m.remove(*k).is_some() {
                    lost.push(format!("{path}.{k}").trim_start_matches('.').to_string());
                }
            }
            for (k, v) in m.iter_mut() {
                strip(v, keys, &format!("{path}.{k}"), lost);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                strip(v, keys, &format!("{path}[{i}]"), lost);
            }
        }
        _ => {}
    }
}

/// JSON Resume 1.0: the standard fields. Several positions at one employer become one work
/// entry each; everything else of vitae's own is listed as lost.
pub fn json_resume(p: &Profile) -> (Value, Lost) {
    let mut v = native(p);
    let mut lost = Lost::new();
    let root = v.as_object_mut().expect("an object");
    // positions → work entries of their own.
    if let Some(Value::Array(work)) = root.get_mut("work") {
        let mut flat = Vec::new();
        for w in work.drain(..) {
            let mut w = w;
            match w.as_object_mut().and_then(|m| m.remove("positions")) {
                Some(Value::Array(positions)) => {
                    for pos in positions {
                        let mut entry = Map::new();
                        if let Some(name) = w.get("name") {
                            entry.insert("name".into(), name.clone());
                        }
                        if let Some(url) = w.get("url") {
                            entry.insert("url".into(), url.clone());
                        }
                        if let Value::Object(pos) = pos {
                            entry.extend(pos);
                        }
                        flat.push(Value::Object(entry));
                    }
                }
                _ => flat.push(w),
            }
        }
        *work = flat;
    }
    // Highlights written as objects → text.
    fn plain(value: &mut Value) {
        match value {
            Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    if k == "highlights"
                        && let Value::Array(items) = v
                    {
                        for h in items.iter_mut() {
                            if let Some(t) = h.get("text").cloned() {
                                *h = t;
                            }
                        }
                    } else {
                        plain(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(plain),
            _ => {}
        }
    }
    plain(&mut v);
    // Skill keywords with levels → their names.
    if let Some(Value::Array(skills)) = v.get_mut("skills") {
        for (i, s) in skills.iter_mut().enumerate() {
            if let Some(Value::Array(keywords)) = s.get_mut("keywords") {
                for (j, k) in keywords.iter_mut().enumerate() {
                    if let Some(name) = k.get("name").cloned() {
                        lost.push(format!("skills[{i}].keywords[{j}].level"));
                        *k = name;
                    }
                }
            }
        }
    }
    for section in ["custom"] {
        if v.as_object_mut()
            .expect("an object")
            .remove(section)
            .is_some()
        {
            lost.push(section.to_string());
        }
    }
    if let Some(Value::Object(basics)) = v.get_mut("basics") {
        if basics.remove("figures").is_some() {
            lost.push("basics.figures".into());
        }
        if let Some(Value::String(text)) = basics.get("location").cloned() {
            basics.insert("location".into(), json!({ "address": text }));
        }
    }
    strip(
        &mut v,
        &["inSummary", "tags", "details", "positions", "dateText"],
        "",
        &mut lost,
    );
    // JSON Resume says "current" by leaving `endDate` out.
    fn open_ends(value: &mut Value) {
        match value {
            Value::Object(m) => {
                if m.get("endDate").and_then(Value::as_str) == Some("present") {
                    m.remove("endDate");
                }
                m.values_mut().for_each(open_ends);
            }
            Value::Array(items) => items.iter_mut().for_each(open_ends),
            _ => {}
        }
    }
    open_ends(&mut v);
    if let Some(Value::Array(work)) = v.get_mut("work") {
        for (i, w) in work.iter_mut().enumerate() {
            if let Some(m) = w.as_object_mut() {
                for k in ["projects", "keywords"] {
                    if m.remove(k).is_some() {
                        lost.push(format!("work[{i}].{k}"));
                    }
                }
                if let Some(Value::String(t)) = m.get("location").cloned() {
                    m.insert("location".into(), json!(t));
                }
            }
        }
    }
    for (section, keys) in [
        ("volunteer", &["keywords", "location"][..]),
        (
            "education",
            &["keywords", "location", "highlights", "summary"][..],
        ),
        ("references", &["title"][..]),
        ("projects", &["location"][..]),
    ] {
        if let Some(Value::Array(items)) = v.get_mut(section) {
            for (i, x) in items.iter_mut().enumerate() {
                if let Some(m) = x.as_object_mut() {
                    for k in keys {
                        if m.remove(*k).is_some() {
                            lost.push(format!("{section}[{i}].{k}"));
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Object(meta)) = v.get_mut("meta") {
        let standard = ["canonical", "version", "lastModified"];
        let own: Vec<String> = meta
            .keys()
            .filter(|k| !standard.contains(&k.as_str()))
            .cloned()
            .collect();
        for k in own {
            meta.remove(&k);
            lost.push(format!("meta.{k}"));
        }
    }
    (v, lost)
}

/// One role of RenderCV's experience: position, dates, highlights, summary.
type Role<'a> = (
    Option<String>,
    &'a Option<Date>,
    &'a Option<End>,
    &'a Option<String>,
    &'a [Highlight],
    &'a Option<Text>,
);

/// RenderCV 2.x YAML: the header, and each section as RenderCV's entry types.
pub fn rendercv(p: &Profile) -> (Value, Lost) {
    let mut lost = Lost::new();
    let b = &p.basics;
    let mut cv = Map::new();
    cv.insert("name".into(), json!(b.name));
    put(&mut cv, "headline", opt(&b.label));
    put(
        &mut cv,
        "location",
        match location(&b.location, true) {
            Value::Object(m) => json!(
                m.values()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => other,
        },
    );
    put(&mut cv, "email", opt(&b.email));
    put(&mut cv, "phone", opt(&b.phone));
    put(&mut cv, "website", opt(&b.url));
    put(
        &mut cv,
        "social_networks",
        Value::Array(
            b.profiles
                .iter()
                .filter_map(|s| {
                    Some(
                        json!({ "network": s.network.as_ref()?, "username": s.username.as_ref()? }),
                    )
                })
                .collect(),
        ),
    );
    if !b.figures.is_empty() {
        lost.push("basics.figures".into());
    }
    let dates = |m: &mut Map<String, Value>,
                 start: &Option<Date>,
                 end: &Option<End>,
                 text: &Option<String>| {
        if let Some(t) = text {
            m.insert("date".into(), json!(t));
            return;
        }
        put(
            m,
            "start_date",
            start.as_ref().map_or(Value::Null, |d| json!(date(d))),
        );
        match end {
            Some(End::Date(d)) => put(m, "end_date", json!(date(d))),
            _ if start.is_some() => put(m, "end_date", json!("present")),
            _ => {}
        }
    };
    let texts = |hs: &[Highlight]| json!(hs.iter().map(|h| &h.text).collect::<Vec<_>>());
    let mut sections = Map::new();
    if let Some(s) = &b.summary {
        sections.insert("summary".into(), json!([s]));
    }
    let mut experience = Vec::new();
    for (i, w) in p.work.iter().enumerate() {
        let roles: Vec<Role> = match w.positions.is_empty() {
            true => vec![(
                w.position.clone(),
                &w.start,
                &w.end,
                &w.date_text,
                &w.highlights,
                &w.summary,
            )],
            false => w
                .positions
                .iter()
                .map(|x| {
                    (
                        Some(x.position.clone()),
                        &x.start,
                        &x.end,
                        &x.date_text,
                        x.highlights.as_slice(),
                        &x.summary,
                    )
                })
                .collect(),
        };
        for (position, start, end, written, hs, summary) in roles {
            let mut m = Map::new();
            put(&mut m, "company", opt(&w.name));
            put(&mut m, "position", opt(&position));
            put(
                &mut m,
                "location",
                match location(&w.location, true) {
                    Value::Object(_) => Value::Null,
                    v => v,
                },
            );
            dates(&mut m, start, end, written);
            put(&mut m, "summary", opt(summary));
            put(&mut m, "highlights", texts(hs));
            experience.push(Value::Object(m));
        }
        if !w.projects.is_empty() || w.positions.iter().any(|x| !x.projects.is_empty()) {
            lost.push(format!("work[{i}].projects"));
        }
    }
    put(&mut sections, "experience", Value::Array(experience));
    put(
        &mut sections,
        "education",
        Value::Array(
            p.education
                .iter()
                .map(|e| {
                    let mut m = Map::new();
                    put(&mut m, "institution", opt(&e.institution));
                    put(&mut m, "area", opt(&e.area));
                    put(&mut m, "degree", opt(&e.study_type));
                    dates(&mut m, &e.start, &e.end, &e.date_text);
                    let mut hs: Vec<String> = e.highlights.iter().map(|h| h.text.clone()).collect();
                    if let Some(s) = &e.score {
                        hs.insert(0, format!("Score: {s}"));
                    }
                    if !e.courses.is_empty() {
                        hs.push(format!("Courses: {}", e.courses.join(", ")));
                    }
                    put(&mut m, "highlights", json!(hs));
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    put(
        &mut sections,
        "projects",
        Value::Array(
            p.projects
                .iter()
                .map(|x| {
                    let mut m = Map::new();
                    m.insert("name".into(), json!(x.name));
                    dates(&mut m, &x.start, &x.end, &x.date_text);
                    put(&mut m, "summary", opt(&x.description));
                    put(&mut m, "highlights", texts(&x.highlights));
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    put(
        &mut sections,
        "publications",
        Value::Array(
            p.publications
                .iter()
                .map(|x| {
                    let mut m = Map::new();
                    put(&mut m, "title", opt(&x.name));
                    m.insert("authors".into(), json!([b.name]));
                    put(&mut m, "journal", opt(&x.publisher));
                    put(
                        &mut m,
                        "date",
                        match &x.date_text {
                            Some(t) => json!(t),
                            None => day(&x.release_date),
                        },
                    );
                    put(&mut m, "url", opt(&x.url));
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    put(&mut sections, "skills", Value::Array(p.skills.iter().map(|s| json!({
        "label": s.name.clone().unwrap_or_default(),
        "details": s.keywords.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", "),
    })).collect()));
    let bullets = |items: Vec<String>| {
        Value::Array(items.into_iter().map(|t| json!({ "bullet": t })).collect())
    };
    put(
        &mut sections,
        "certificates",
        bullets(
            p.certificates
                .iter()
                .filter_map(|c| c.name.clone())
                .collect(),
        ),
    );
    put(
        &mut sections,
        "awards",
        bullets(p.awards.iter().filter_map(|a| a.title.clone()).collect()),
    );
    put(&mut sections, "languages", Value::Array(p.languages.iter().filter_map(|l| Some(json!({ "label": l.language.as_ref()?, "details": l.fluency.clone().unwrap_or_default() }))).collect()));
    for (name, empty) in [
        ("volunteer", p.volunteer.is_empty()),
        ("interests", p.interests.is_empty()),
        ("references", p.references.is_empty()),
    ] {
        if !empty {
            lost.push(name.into());
        }
    }
    // RenderCV wants one kind of entry per section: a custom section's paragraphs, items and
    // entries become a section each.
    for c in &p.custom {
        let key = c.title.to_lowercase().replace(' ', "_");
        let parts: [(&str, Vec<Value>); 3] = [
            ("", c.paragraphs.iter().map(|t| json!(t)).collect()),
            (
                "_items",
                c.items
                    .iter()
                    .map(|i| json!({ "bullet": i.text }))
                    .collect(),
            ),
            (
                "_entries",
                c.entries
                    .iter()
                    .map(|x| {
                        let mut m = Map::new();
                        m.insert("name".into(), json!(x.name));
                        dates(&mut m, &x.start, &x.end, &x.date_text);
                        put(&mut m, "summary", opt(&x.description));
                        put(&mut m, "highlights", texts(&x.highlights));
                        Value::Object(m)
                    })
                    .collect(),
            ),
        ];
        let mut first = true;
        for (suffix, items) in parts {
            if items.is_empty() {
                continue;
            }
            let name = if first {
                key.clone()
            } else {
                format!("{key}{suffix}")
            };
            first = false;
            put(&mut sections, &name, Value::Array(items));
        }
    }
    cv.insert("sections".into(), Value::Object(sections));
    let mut root = Map::new();
    root.insert("cv".into(), Value::Object(cv));
    let theme = match p.meta.template.as_ref().map(|t| t.value.as_str()) {
        Some("modern") => "moderncv",
        Some("compact") => "engineeringresumes",
        Some("elegant") => "ember",
        _ => "classic",
    };
    let mut design = json!({ "theme": theme });
    if let Some(paper) = p.meta.paper {
        design["page"] =
            json!({ "size": match paper { Paper::A4 => "a4", Paper::Letter => "us-letter" } });
    }
    root.insert("design".into(), design);
    (Value::Object(root), lost)
}

/// JSON as YAML text, for the YAML formats.
pub fn yaml(value: &Value) -> String {
    fn convert(v: &Value) -> yaml_rust2::Yaml {
        use yaml_rust2::Yaml;
        match v {
            Value::Null => Yaml::Null,
            Value::Bool(b) => Yaml::Boolean(*b),
            Value::Number(n) if n.is_i64() => Yaml::Integer(n.as_i64().unwrap_or_default()),
            Value::Number(n) => Yaml::Real(n.to_string()),
            Value::String(s) => Yaml::String(s.clone()),
            Value::Array(a) => Yaml::Array(a.iter().map(convert).collect()),
            Value::Object(m) => Yaml::Hash(
                m.iter()
                    .map(|(k, v)| (Yaml::String(k.clone()), convert(v)))
                    .collect(),
            ),
        }
    }
    let mut out = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
    emitter.multiline_strings(true);
    let _ = emitter.dump(&convert(value));
    let body = out.strip_prefix("---\n").unwrap_or(&out);
    format!("{body}\n")
}
