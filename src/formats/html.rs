//! One self-contained HTML5 file: semantic (a header, a section per section, an article per
//! entry, lists, `<time datetime>`), readable without its stylesheet, with an embedded one in
//! the template's colours and fonts (and one for print), the photo inline, schema.org
//! `Person` data as JSON-LD, and the document's `lang` and `dir`.

use base64::Engine as _;

use super::{Block, Role, blocks, contact_label};
use crate::engine::Photo;
use crate::engine::inspect::Look;
use crate::view::{Dates, Entry, Run, View};

/// The document as HTML.
pub fn write(view: &View, look: &Look, photo: Option<&Photo>) -> Vec<u8> {
    let d = &view.document;
    let b = &view.basics;
    let lang = match &d.region {
        Some(r) => format!("{}-{r}", d.lang),
        None => d.lang.clone(),
    };
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!(
        "<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        attr(&lang),
        d.dir
    ));
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!("<title>{}</title>\n", text(&d.title)));
    h.push_str(&format!(
        "<meta name=\"author\" content=\"{}\">\n",
        attr(&d.author)
    ));
    if !d.keywords.is_empty() {
        h.push_str(&format!(
            "<meta name=\"keywords\" content=\"{}\">\n",
            attr(&d.keywords.join(", "))
        ));
    }
    h.push_str("<meta name=\"generator\" content=\"vitae\">\n");
    h.push_str(&format!("<style>\n{}</style>\n", stylesheet(view, look)));
    h.push_str(&format!(
        "<script type=\"application/ld+json\">\n{}\n</script>\n",
        // (`<`, `>` and `&` as JSON escapes: nothing in the data can end or open a tag)
        json_ld(view)
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    ));
    h.push_str("</head>\n<body>\n<header class=\"identity\">\n");
    if let (Some(_), Some(p)) = (&b.photo, photo) {
        let mime = match p.format {
            "jpg" => "image/jpeg",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "gif" => "image/gif",
            _ => "image/webp",
        };
        let data = base64::engine::general_purpose::STANDARD.encode(p.bytes.as_slice());
        h.push_str(&format!(
            "<img class=\"photo\" src=\"data:{mime};base64,{data}\" alt=\"{}\" width=\"{}\" height=\"{}\">\n",
            attr(&b.name),
            p.width,
            p.height
        ));
    }
    h.push_str(&format!("<h1>{}</h1>\n", text(&b.name)));
    if let Some(label) = &b.label {
        h.push_str(&format!("<p class=\"label\">{}</p>\n", text(label)));
    }
    if !b.contacts.is_empty() {
        h.push_str("<ul class=\"contacts\">\n");
        for c in &b.contacts {
            let shown = match &c.link {
                Some(link) => format!("<a href=\"{}\">{}</a>", attr(link), text(&c.text)),
                None => text(&c.text),
            };
            h.push_str(&format!(
                "<li class=\"{}\"><span class=\"contact-label\">{}:</span> {shown}</li>\n",
                attr(&c.kind),
                text(&contact_label(c, &view.phrases))
            ));
        }
        h.push_str("</ul>\n");
    }
    if !b.figures.is_empty() {
        h.push_str("<ul class=\"figures\">\n");
        for f in &b.figures {
            h.push_str(&format!(
                "<li><strong>{}</strong> {}</li>\n",
                text(&f.value),
                text(&f.label)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</header>\n<main>\n");
    let mut list = false;
    for block in blocks(view) {
        if list && !matches!(block, Block::Item(_)) {
            h.push_str("</ul>\n");
            list = false;
        }
        match block {
            Block::Section { id, title } => {
                let anchor = format!("section-{}", slug(id));
                h.push_str(&format!(
                    "<section id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">\n<h2 id=\"{anchor}-title\">{}</h2>\n",
                    text(title)
                ));
            }
            Block::EndSection => h.push_str("</section>\n"),
            Block::Entry { entry, level } => {
                h.push_str(&entry_head(entry, level, &view.phrases.range))
            }
            Block::EndEntry => h.push_str("</article>\n"),
            Block::Paragraph(runs) => h.push_str(&format!("<p>{}</p>\n", inline(runs))),
            Block::Item(runs) => {
                if !list {
                    h.push_str("<ul>\n");
                    list = true;
                }
                h.push_str(&format!("<li>{}</li>\n", inline(runs)));
            }
            Block::Pair { label, value } => {
                let line = match (label.is_empty(), value.is_empty()) {
                    (true, _) => inline(&value),
                    (false, true) => format!("<strong>{}</strong>", text(&label)),
                    (false, false) => {
                        format!("<strong>{}:</strong> {}", text(&label), inline(&value))
                    }
                };
                h.push_str(&format!("<p class=\"pair\">{line}</p>\n"));
            }
            Block::Tags(words) => {
                h.push_str("<ul class=\"tags\">");
                for w in words {
                    h.push_str(&format!("<li>{}</li>", text(w)));
                }
                h.push_str("</ul>\n");
            }
            Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| text(l)).collect();
                h.push_str(&format!(
                    "<p class=\"recipient\">{}</p>\n",
                    lines.join("<br>\n")
                ));
            }
            Block::Line(line, role) => {
                let (class, body) = match role {
                    Role::Date(Some(iso)) => (
                        "date",
                        format!("<time datetime=\"{}\">{}</time>", attr(iso), text(line)),
                    ),
                    Role::Date(None) => ("date", text(line)),
                    Role::Subject => ("subject", format!("<strong>{}</strong>", text(line))),
                    Role::Salutation => ("salutation", text(line)),
                    Role::Closing => ("closing", text(line)),
                    Role::Signature => ("signature", text(line)),
                    Role::Enclosure => ("enclosure", text(line)),
                };
                h.push_str(&format!("<p class=\"{class}\">{body}</p>\n"));
            }
            Block::Quote {
                text: paragraphs,
                by,
            } => {
                h.push_str("<figure class=\"reference\">\n<blockquote>\n");
                for p in paragraphs {
                    h.push_str(&format!("<p>{}</p>\n", inline(p)));
                }
                h.push_str(&format!(
                    "</blockquote>\n<figcaption>— {}</figcaption>\n</figure>\n",
                    text(&by)
                ));
            }
        }
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h.into_bytes()
}

/// An entry's opening: `<article>`, its names (linked), and its place and dates.
fn entry_head(e: &Entry, level: usize, range: &str) -> String {
    let tag = format!("h{}", (3 + level).min(6));
    let mut name = text(e.heading.as_deref().unwrap_or(""));
    if let Some(url) = &e.url {
        name = format!("<a href=\"{}\">{name}</a>", attr(url));
    }
    let class = if level == 0 { "entry" } else { "entry nested" };
    let mut s = format!("<article class=\"{class}\">\n<header>\n<{tag}>{name}</{tag}>\n");
    if let Some(dates) = &e.dates {
        s.push_str(&format!("<p class=\"when\">{}</p>\n", time(dates, range)));
    }
    let mut sub: Vec<String> = Vec::new();
    sub.extend(e.subheading.as_deref().map(text));
    sub.extend(e.subtitle.as_deref().map(text));
    sub.extend(e.location.as_deref().map(text));
    if !sub.is_empty() {
        s.push_str(&format!("<p class=\"sub\">{}</p>\n", sub.join(" · ")));
    }
    s.push_str("</header>\n");
    s
}

/// `<time datetime="2021-03">Mar 2021</time> – Present`.
fn time(d: &Dates, range: &str) -> String {
    let one = |shown: Option<&String>, value: Option<&crate::view::DateValue>| match (shown, value)
    {
        (Some(t), Some(v)) => format!("<time datetime=\"{}\">{}</time>", attr(&v.iso), text(t)),
        (Some(t), None) => text(t),
        _ => String::new(),
    };
    let start = one(d.start_text.as_ref(), d.start.as_ref().or(d.end.as_ref()));
    match &d.end_text {
        Some(end) => format!(
            "{start}{}{}",
            text(range),
            one(Some(end), if d.current { None } else { d.end.as_ref() })
        ),
        None => start,
    }
}

/// Styled runs as inline HTML.
fn inline(runs: &[Run]) -> String {
    let mut s = String::new();
    for r in runs {
        let mut t = text(&r.text);
        if r.code {
            t = format!("<code>{t}</code>");
        }
        if r.emph {
            t = format!("<em>{t}</em>");
        }
        if r.strong {
            t = format!("<strong>{t}</strong>");
        }
        if let Some(link) = &r.link {
            t = format!("<a href=\"{}\">{t}</a>", attr(link));
        }
        s.push_str(&t);
    }
    s
}

/// The stylesheet: the template's colours and fonts, a readable measure on screen, and print
/// rules (the page's size, no link colours, headings kept with what follows).
fn stylesheet(view: &View, look: &Look) -> String {
    let accent = view
        .style
        .accent
        .clone()
        .or_else(|| look.accent.clone())
        .unwrap_or_else(|| "#1f4e79".into());
    let ink = look.ink.clone().unwrap_or_else(|| "#1d242b".into());
    let muted = look.muted.clone().unwrap_or_else(|| "#5b6670".into());
    let mut fonts: Vec<String> = look
        .fonts
        .iter()
        .map(|f| format!("\"{}\"", f.replace(['"', '\\', '<', '>', ';'], "")))
        .collect();
    fonts.push("system-ui, sans-serif".into());
    let paper = match view.style.paper {
        "letter" => "letter",
        _ => "A4",
    };
    format!(
        r#":root {{ --accent: {accent}; --ink: {ink}; --muted: {muted}; }}
html {{ color: var(--ink); background: #fff; }}
body {{ font-family: {fonts}; font-size: 1rem; line-height: 1.5; max-width: 46rem; margin: 2.5rem auto; padding: 0 1.25rem; }}
a {{ color: var(--accent); }}
h1 {{ font-size: 2rem; line-height: 1.15; margin: 0; }}
.label {{ color: var(--accent); font-size: 1.15rem; margin: .2rem 0 .6rem; }}
.photo {{ float: inline-end; width: 6.5rem; height: 6.5rem; object-fit: cover; border-radius: 50%; margin-inline-start: 1rem; }}
.contacts, .figures, .tags {{ list-style: none; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; }}
.contact-label {{ color: var(--muted); }}
.figures strong {{ color: var(--accent); font-size: 1.2rem; }}
.tags li {{ background: color-mix(in srgb, var(--accent) 10%, transparent); border-radius: .8em; padding: 0 .55em; font-size: .85rem; }}
section {{ margin-top: 1.6rem; }}
h2 {{ color: var(--accent); font-size: .95rem; letter-spacing: .06em; text-transform: uppercase; border-bottom: 1px solid color-mix(in srgb, var(--accent) 35%, transparent); padding-bottom: .15rem; margin: 0 0 .5rem; }}
article {{ margin: .9rem 0; }}
article.nested {{ margin-inline-start: 1rem; }}
article > header {{ display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; column-gap: 1rem; }}
h3, h4, h5, h6 {{ font-size: 1.02rem; margin: 0; }}
.when {{ margin: 0; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.sub {{ flex-basis: 100%; margin: 0; color: var(--muted); }}
p {{ margin: .3rem 0; }}
ul {{ margin: .3rem 0; padding-inline-start: 1.2rem; }}
blockquote {{ margin: .4rem 0; padding-inline-start: .8rem; border-inline-start: 2px solid color-mix(in srgb, var(--accent) 35%, transparent); font-style: italic; }}
figure {{ margin: 0; }}
figcaption {{ color: var(--muted); }}
.date {{ text-align: end; color: var(--muted); margin-top: 1.5rem; }}
.recipient, .subject, .salutation {{ margin: 1rem 0; }}
.closing {{ margin-top: 1.2rem; }}
.signature {{ margin-top: 2.2rem; font-weight: 600; }}
.enclosure {{ margin-top: 1.5rem; color: var(--muted); font-size: .9rem; }}
@media print {{
  @page {{ size: {paper}; margin: 1.5cm; }}
  body {{ margin: 0; max-width: none; padding: 0; font-size: 10pt; }}
  a {{ color: inherit; text-decoration: none; }}
  h2, article > header {{ break-after: avoid; }}
  article, figure {{ break-inside: avoid; }}
}}
"#,
        fonts = fonts.join(", ")
    )
}

/// schema.org `Person`: what search engines and résumé parsers read from a page.
fn json_ld(view: &View) -> String {
    use serde_json::{Map, Value, json};
    let b = &view.basics;
    let mut p = Map::new();
    p.insert("@context".into(), json!("https://schema.org"));
    p.insert("@type".into(), json!("Person"));
    p.insert("name".into(), json!(b.name));
    if let Some(l) = &b.label {
        p.insert("jobTitle".into(), json!(l));
    }
    let mut same_as = Vec::new();
    for c in &b.contacts {
        match (c.kind.as_str(), &c.link) {
            ("email", _) => {
                p.insert("email".into(), json!(c.text));
            }
            ("phone", _) => {
                p.insert("telephone".into(), json!(c.text));
            }
            ("location", _) => {
                p.insert(
                    "address".into(),
                    json!({ "@type": "PostalAddress", "addressLocality": c.text }),
                );
            }
            ("website", Some(l)) => {
                p.insert("url".into(), json!(l));
            }
            (_, Some(l)) => same_as.push(json!(l)),
            _ => {}
        }
    }
    if !same_as.is_empty() {
        p.insert("sameAs".into(), Value::Array(same_as));
    }
    if !view.document.keywords.is_empty() {
        p.insert("knowsAbout".into(), json!(view.document.keywords));
    }
    serde_json::to_string_pretty(&Value::Object(p)).expect("JSON serialises")
}

/// An id made of the section's id: letters, digits and dashes.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// Text content, escaped.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An attribute value (inside double quotes), escaped.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}
