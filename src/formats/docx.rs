//! A Word document a recruiter can edit: heading styles (Word's own `heading 1…4`, so its
//! navigation pane and outline work), real bullet lists, dates on a right tab stop beside
//! their entry, working hyperlinks, the template's accent colour and fonts named (Word
//! substitutes a font it lacks), and document properties (title, author, keywords, language).
//!
//! Written with docx-rs. Its paragraph and link ids come from process-wide counters; every id
//! is set here instead, so the same view always gives the same bytes.

use docx_rs::{
    AbstractNumbering, Docx, Hyperlink, HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Pic,
    Run as WRun, RunFonts, SpecialIndentType, Start, Style, StyleType, Tab, TabValueType,
};

use super::{Block, Role, blocks, contact_label, names};
use crate::engine::Photo;
use crate::engine::inspect::Look;
use crate::profile::Date;
use crate::view::{Entry, Run, View};

const MARGIN: i32 = 1020; // 1.8 cm
const MONO: &str = "JetBrains Mono";

/// The document as a `.docx` file (a zip of Office Open XML parts).
pub fn write(view: &View, look: &Look, photo: Option<&Photo>, date: Option<Date>) -> Vec<u8> {
    let mut w = Writer::new(view, look);
    w.header(view, photo);
    let mut list_level = 0;
    for block in blocks(view) {
        match block {
            Block::Section { title, .. } => {
                let p = w
                    .para()
                    .style("Heading1")
                    .add_run(WRun::new().add_text(title));
                w.push(p);
            }
            Block::EndSection => {}
            Block::Entry { entry, level } => {
                w.entry(entry, level);
                list_level = level.min(2);
            }
            Block::EndEntry => list_level = list_level.saturating_sub(1),
            Block::Paragraph(runs) => {
                let p = w.para();
                let p = w.runs(p, runs);
                w.push(p);
            }
            Block::Item(runs) => {
                let p = w
                    .para()
                    .numbering(NumberingId::new(2), IndentLevel::new(list_level));
                let p = w.runs(p, runs);
                w.push(p);
            }
            Block::Pair { label, value } => {
                let mut p = w.para();
                if !label.is_empty() {
                    let colon = if value.is_empty() { "" } else { ": " };
                    p = p.add_run(WRun::new().add_text(format!("{label}{colon}")).bold());
                }
                let p = w.runs(p, &value);
                w.push(p);
            }
            Block::Tags(words) => {
                let p = w.para().add_run(
                    WRun::new()
                        .add_text(words.join(" · "))
                        .color(w.muted.clone())
                        .size(18),
                );
                w.push(p);
            }
            Block::Lines(lines) => {
                let mut p = w.para();
                for (i, l) in lines.iter().enumerate() {
                    let mut run = WRun::new();
                    if i > 0 {
                        run = run.add_break(docx_rs::BreakType::TextWrapping);
                    }
                    p = p.add_run(run.add_text(l));
                }
                w.push(p.line_spacing(LineSpacing::new().before(240).after(240)));
            }
            Block::Line(line, role) => {
                let mut run = WRun::new().add_text(line);
                let mut p = w.para();
                match role {
                    Role::Date(_) => {
                        p = p
                            .align(docx_rs::AlignmentType::End)
                            .line_spacing(LineSpacing::new().before(240));
                        run = run.color(w.muted.clone());
                    }
                    Role::Subject => {
                        p = p.line_spacing(LineSpacing::new().before(120).after(120));
                        run = run.bold();
                    }
                    Role::Salutation => p = p.line_spacing(LineSpacing::new().after(120)),
                    Role::Closing => {
                        p = p
                            .line_spacing(LineSpacing::new().before(240))
                            .keep_next(true)
                    }
                    Role::Signature => {
                        p = p.line_spacing(LineSpacing::new().before(720));
                        run = run.bold();
                    }
                    Role::Enclosure => {
                        p = p.line_spacing(LineSpacing::new().before(360));
                        run = run.color(w.muted.clone()).size(18);
                    }
                }
                let p = p.add_run(run);
                w.push(p);
            }
            Block::Quote { text, by } => {
                for para in text {
                    let p = w.para().indent(Some(360), None, None, None);
                    let p = w.runs(p, para);
                    // (the quote's words set in italics: the style is the writer's, not the
                    // profile's)
                    w.push(italic(p));
                }
                let p = w.para().indent(Some(360), None, None, None).add_run(
                    WRun::new()
                        .add_text(format!("— {by}"))
                        .color(w.muted.clone()),
                );
                w.push(p);
            }
        }
    }
    w.finish(view, date)
}

fn italic(mut p: Paragraph) -> Paragraph {
    p.children = p
        .children
        .into_iter()
        .map(|c| match c {
            docx_rs::ParagraphChild::Run(r) => docx_rs::ParagraphChild::Run(Box::new(r.italic())),
            other => other,
        })
        .collect();
    p
}

struct Writer {
    docx: Docx,
    accent: String,
    muted: String,
    rtl: bool,
    /// The text width, in twentieths of a point (where the date's tab stop is).
    width: usize,
    paragraphs: usize,
    links: usize,
}

impl Writer {
    fn new(view: &View, look: &Look) -> Writer {
        let hex = |c: Option<&String>, default: &str| {
            c.map_or(default, |s| s.as_str())
                .trim_start_matches('#')
                .to_string()
        };
        let accent = hex(
            view.style.accent.as_ref().or(look.accent.as_ref()),
            "1f4e79",
        );
        let ink = hex(look.ink.as_ref(), "1d242b");
        let muted = hex(look.muted.as_ref(), "5b6670");
        let font = look
            .fonts
            .first()
            .cloned()
            .unwrap_or_else(|| "Source Sans 3".into());
        let fonts = || {
            RunFonts::new()
                .ascii(&font)
                .hi_ansi(&font)
                .cs(&font)
                .east_asia(&font)
        };
        let (page_w, page_h) = match view.style.paper {
            "letter" => (12240, 15840),
            _ => (11906, 16838),
        };
        let heading = |id: &str, name: &str, size: usize, level: usize| {
            let before = [280, 180, 140, 120][level];
            Style::new(id, StyleType::Paragraph)
                .line_spacing(LineSpacing::new().before(before).after(40))
                .name(name)
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(size)
                .color(ink.clone())
                .fonts(fonts())
                .outline_lvl(level)
        };
        // (docx-rs writes its own numbering 1: the bullets are numbering 2.)
        let bullets = (0..3).fold(AbstractNumbering::new(2), |n, level| {
            let left = 300 + 340 * level as i32;
            n.add_level(
                Level::new(
                    level,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new(["•", "◦", "▪"][level]),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(220)),
                    None,
                    None,
                ),
            )
        });
        let docx = Docx::new()
            .page_size(page_w, page_h)
            .page_margin(PageMargin {
                top: MARGIN,
                left: MARGIN,
                bottom: MARGIN,
                right: MARGIN,
                header: 708,
                footer: 708,
                gutter: 0,
            })
            .default_fonts(fonts())
            .default_size(20)
            .default_line_spacing(LineSpacing::new().after(40))
            .add_style(
                Style::new("Title", StyleType::Paragraph)
                    .name("Title")
                    .based_on("Normal")
                    .next("Normal")
                    .q_format(true)
                    .bold()
                    .size(48)
                    .color(ink.clone())
                    .fonts(fonts()),
            )
            .add_style(
                Style::new("Subtitle", StyleType::Paragraph)
                    .name("Subtitle")
                    .based_on("Normal")
                    .next("Normal")
                    .q_format(true)
                    .size(26)
                    .color(accent.clone())
                    .fonts(fonts()),
            )
            .add_style(heading("Heading1", "heading 1", 24, 0).color(accent.clone()))
            .add_style(heading("Heading2", "heading 2", 22, 1))
            .add_style(heading("Heading3", "heading 3", 21, 2))
            .add_style(heading("Heading4", "heading 4", 20, 3))
            .add_abstract_numbering(bullets)
            .add_numbering(Numbering::new(2, 2));
        Writer {
            docx,
            accent,
            muted,
            rtl: view.document.dir == "rtl",
            width: (page_w - 2 * MARGIN as u32) as usize,
            paragraphs: 0,
            links: 0,
        }
    }

    /// A new paragraph with an id of its own (and right to left when the document is).
    fn para(&mut self) -> Paragraph {
        self.paragraphs += 1;
        let mut p = Paragraph::new().id(format!("{:08X}", self.paragraphs));
        if self.rtl {
            p.property = p.property.bidi(true);
        }
        p
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// A link with an id of its own.
    fn link(&mut self, url: &str, run: WRun) -> Hyperlink {
        self.links += 1;
        let mut h = Hyperlink::new(url, HyperlinkType::External);
        h.link = HyperlinkData::External {
            rid: format!("rIdLink{}", self.links),
            path: xml_escape(url),
        };
        h.add_run(run.color(self.accent.clone()).underline("single"))
    }

    /// Styled runs into `p`: bold, italic, code in a monospaced font, links as links.
    fn runs(&mut self, mut p: Paragraph, runs: &[Run]) -> Paragraph {
        for r in runs {
            let mut run = WRun::new().add_text(&r.text);
            if r.strong {
                run = run.bold();
            }
            if r.emph {
                run = run.italic();
            }
            if r.code {
                run = run
                    .fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO))
                    .size(18);
            }
            p = match &r.link {
                Some(url) => p.add_hyperlink(self.link(url, run)),
                None => p.add_run(run),
            };
        }
        p
    }

    /// The photo, the name, the label, the contacts (each linked) and the figures.
    fn header(&mut self, view: &View, photo: Option<&Photo>) {
        let b = &view.basics;
        if let (Some(_), Some(ph)) = (&b.photo, photo)
            && WORD_IMAGES.contains(&ph.format)
        {
            let height = 2.6;
            let width = height * f64::from(ph.width) / f64::from(ph.height.max(1));
            let pic = Pic::new_with_dimensions(ph.bytes.to_vec(), ph.width, ph.height)
                .id("rIdImage1")
                .size(emu(width), emu(height));
            let p = self.para().add_run(WRun::new().add_image(pic));
            self.push(p);
        }
        let p = self
            .para()
            .style("Title")
            .add_run(WRun::new().add_text(&b.name));
        self.push(p);
        if let Some(label) = &b.label {
            let p = self
                .para()
                .style("Subtitle")
                .add_run(WRun::new().add_text(label));
            self.push(p);
        }
        if !b.contacts.is_empty() {
            let mut p = self.para();
            for (i, c) in b.contacts.iter().enumerate() {
                if i > 0 {
                    p = p.add_run(WRun::new().add_text("   |   ").color(self.muted.clone()));
                }
                p = p.add_run(
                    WRun::new()
                        .add_text(format!("{}: ", contact_label(c, &view.phrases)))
                        .color(self.muted.clone()),
                );
                let value = WRun::new().add_text(&c.text);
                p = match &c.link {
                    Some(url) => p.add_hyperlink(self.link(url, value)),
                    None => p.add_run(value),
                };
            }
            self.push(p);
        }
        if !b.figures.is_empty() {
            let mut p = self.para();
            for (i, f) in b.figures.iter().enumerate() {
                if i > 0 {
                    p = p.add_run(WRun::new().add_text("   ·   ").color(self.muted.clone()));
                }
                p = p
                    .add_run(
                        WRun::new()
                            .add_text(&f.value)
                            .bold()
                            .color(self.accent.clone()),
                    )
                    .add_run(WRun::new().add_text(format!(" {}", f.label)));
            }
            self.push(p);
        }
    }

    fn entry(&mut self, e: &Entry, level: usize) {
        let style = ["Heading2", "Heading3", "Heading4"][level.min(2)];
        let mut p = self
            .para()
            .style(style)
            .keep_next(true)
            .add_tab(Tab::new().val(TabValueType::Right).pos(self.width));
        let name = WRun::new().add_text(names(e));
        p = match &e.url {
            Some(url) => p.add_hyperlink(self.link(url, name)),
            None => p.add_run(name),
        };
        if let Some(date) = &e.date {
            p = p.add_run(
                WRun::new()
                    .add_tab()
                    .add_text(date)
                    .disable_bold()
                    .color(self.muted.clone())
                    .size(19),
            );
        }
        self.push(p);
        let mut facts: Vec<&str> = Vec::new();
        facts.extend(e.subtitle.as_deref());
        facts.extend(e.location.as_deref());
        if !facts.is_empty() {
            let p = self.para().keep_next(true).add_run(
                WRun::new()
                    .add_text(facts.join(" · "))
                    .italic()
                    .color(self.muted.clone()),
            );
            self.push(p);
        }
    }

    /// The file: the parts docx-rs builds, with vitae's document properties.
    fn finish(self, view: &View, date: Option<Date>) -> Vec<u8> {
        let mut xml = self.docx.build();
        xml.doc_props.core = core_properties(view, date).into_bytes();
        xml.document_rels = in_order(&xml.document_rels);
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out).expect("writing to memory cannot fail");
        out.into_inner()
    }
}

/// The document's relationships sorted by id: docx-rs lists its links from a hash map, in an
/// order that changes from run to run, and the same document must give the same bytes.
fn in_order(rels: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(rels);
    let Some(first) = text.find("<Relationship ") else {
        return rels.to_vec();
    };
    let Some(end) = text.rfind("</Relationships>") else {
        return rels.to_vec();
    };
    let mut items: Vec<&str> = text[first..end]
        .split_inclusive("/>")
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    let key = |i: &str| -> (String, usize) {
        let id = i
            .split("Id=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("");
        let digits: String = id.chars().filter(char::is_ascii_digit).collect();
        let prefix: String = id.chars().filter(|c| !c.is_ascii_digit()).collect();
        (prefix, digits.parse().unwrap_or(0))
    };
    items.sort_by_key(|i| key(i));
    format!("{}{}{}", &text[..first], items.concat(), &text[end..]).into_bytes()
}

/// Title, author, keywords, language and (when the document has one) its date.
fn core_properties(view: &View, date: Option<Date>) -> String {
    let d = &view.document;
    let lang = match &d.region {
        Some(r) => format!("{}-{r}", d.lang),
        None => d.lang.clone(),
    };
    let when = date
        .map(|d| {
            let stamp = format!(
                "{:04}-{:02}-{:02}T00:00:00Z",
                d.year,
                d.month.unwrap_or(1),
                d.day.unwrap_or(1)
            );
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:modified>"
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:keywords>{}</cp:keywords><dc:language>{}</dc:language>{when}</cp:coreProperties>",
        xml_escape(&d.title),
        xml_escape(&d.author),
        xml_escape(&d.author),
        xml_escape(&d.keywords.join(", ")),
        xml_escape(&lang),
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Centimetres in EMU (English Metric Units: 360,000 to the centimetre).
fn emu(cm: f64) -> u32 {
    (cm * 360_000.0).round() as u32
}

/// The photo formats Word shows (WebP and SVG are left out, with a warning from
/// [`photo_note`]).
const WORD_IMAGES: [&str; 3] = ["png", "jpg", "gif"];

/// Why the Word file shows no photo when the profile has one Word cannot show.
pub fn photo_note(view: &View, photo: Option<&Photo>) -> Option<String> {
    let p = photo.filter(|_| view.basics.photo.is_some())?;
    (!WORD_IMAGES.contains(&p.format)).then(|| {
        format!(
            "the Word file has no photo: Word does not show {} images (save the photo as PNG or JPEG)",
            p.format.to_uppercase()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_are_listed_in_the_order_of_their_ids() {
        let rels = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rIdLink10" Target="c" /><Relationship Id="rId1" Target="s"/><Relationship Id="rIdLink2" Target="b" /></Relationships>"#;
        let sorted = String::from_utf8(in_order(rels)).unwrap();
        let at = |id: &str| sorted.find(id).unwrap();
        assert!(
            at("\"rId1\"") < at("rIdLink2") && at("rIdLink2") < at("rIdLink10"),
            "{sorted}"
        );
        assert!(sorted.ends_with("</Relationships>") && sorted.starts_with("<?xml"));
    }
}
