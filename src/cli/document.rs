//! One document made in memory from a job: the library's render, and the files it becomes.

use std::path::{Path, PathBuf};

use super::args::Format;
use super::jobs::Job;
use crate::diag::{Diagnostic, Failed};
use crate::engine::{Engine, Template};
use crate::render::{self, Opened};

/// A document made in memory, ready to be written.
pub struct Rendered {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub compiles: usize,
    pub condensed: Vec<String>,
    /// The view it was made from (`/vitae/data.json`), for reading it back (`--ats`).
    pub data: Vec<u8>,
}

/// The request a job makes of the library.
fn request<'a>(job: &'a Job, opened: &'a Opened, template: &'a Template) -> render::Request<'a> {
    render::Request {
        profile: &opened.loaded,
        photo: opened.photo.as_ref(),
        template,
        kind: job.kind,
        options: &job.options,
    }
}

/// Lay out, then export to bytes, all in memory, in this process (built-in templates; a
/// custom template's child process calls this too).
pub fn render(job: &Job, engine: &Engine, ppi: f32) -> Result<Rendered, Failed> {
    let opened = job.opened.as_ref().map_err(Clone::clone)?;
    let template = job.template.as_ref().map_err(|d| {
        let mut diags = opened.loaded.warnings.clone();
        diags.push(d.clone());
        Failed::input(diags)
    })?;
    let laid = render::lay_out(&request(job, opened, template), engine)?;
    let mut files = Vec::new();
    for &format in &job.formats {
        let bytes = render::export(&laid, template, engine, backend(format, ppi))?;
        let path = job.path(format);
        match format.paged() {
            false => files.extend(bytes.into_iter().map(|b| (path.clone(), b))),
            true => files.extend(
                bytes
                    .into_iter()
                    .enumerate()
                    .map(|(i, b)| (page_path(&path, i + 1), b)),
            ),
        }
    }
    let mut warnings = laid.warnings;
    if job.formats.contains(&Format::Docx)
        && let Some(note) = crate::formats::docx::photo_note(&laid.view, laid.photo.as_ref())
    {
        warnings.push(Diagnostic::warning(note));
    }
    Ok(Rendered {
        files,
        pages: laid.document.pages().len(),
        warnings,
        compiles: laid.compiles,
        condensed: laid.condensed,
        data: laid.data.to_vec(),
    })
}

/// The library's backend for a format.
fn backend(format: Format, ppi: f32) -> render::Format {
    match format {
        Format::Pdf => render::Format::Pdf,
        Format::Png => render::Format::Png { ppi },
        Format::Svg => render::Format::Svg,
        Format::Txt => render::Format::Text,
        Format::Md => render::Format::Markdown,
        Format::Html => render::Format::Html,
        Format::Docx => render::Format::Docx,
    }
}

/// Read a rendered PDF back as an ATS would and check it against its view: the misses as
/// errors (none when it reads back cleanly). PNG output has nothing to read.
pub fn read_back(job: &Job, rendered: &Rendered) -> Vec<Diagnostic> {
    let pdf_path = job.path(Format::Pdf);
    let Some((path, pdf)) = rendered
        .files
        .iter()
        .find(|(p, _)| job.formats.contains(&Format::Pdf) && *p == pdf_path)
    else {
        return Vec::new();
    };
    let view: Option<serde_json::Value> = serde_json::from_slice(&rendered.data).ok();
    match crate::ats::read(pdf) {
        Err(e) => vec![Diagnostic::error(format!(
            "`{}` cannot be read back: {e}",
            path.display()
        ))],
        Ok(reading) => crate::ats::check(&reading, view.as_ref())
            .findings
            .into_iter()
            .filter(|f| !f.ok)
            .map(|f| {
                Diagnostic::error(format!(
                    "`{}` reads back wrong ({}): {}",
                    path.display(),
                    f.check,
                    f.detail
                ))
                .hint("as pdfminer and most ATS parsers read it; see docs/ats.md")
            })
            .collect(),
    }
}

/// `out/me-classic.png` → `out/me-classic-2.png` (and the same for `.svg`).
pub fn page_path(base: &Path, page: usize) -> PathBuf {
    let mut name = base.file_stem().unwrap_or_default().to_os_string();
    let extension = base.extension().and_then(|e| e.to_str()).unwrap_or("png");
    name.push(format!("-{page}.{extension}"));
    base.with_file_name(name)
}

/// Pages a paged job (PNG, SVG) wrote on an earlier run beyond the ones it writes now
/// (`-3.png` when the document shrank to two pages): stale, so removed, and with `--check`
/// out of date.
pub fn stale_pages(job: &Job, pages: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for &format in job.formats.iter().filter(|f| f.paged()) {
        let base = job.path(format);
        out.extend(
            (pages + 1..)
                .map(|n| page_path(&base, n))
                .take_while(|p| p.symlink_metadata().is_ok()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_number_pages() {
        assert_eq!(
            page_path(Path::new("o/me-classic.png"), 2),
            Path::new("o/me-classic-2.png")
        );
    }
}
