//! Custom templates run in a child process: a template is code, and code can loop for ever
//! (`while true {}`), allocate until the machine gives out (string doubling, a huge page) or
//! abort. In a child of its own — `vitae __render`, the same binary — a document gets a wall-
//! clock limit (`--time-limit`, default 60 s) and an address-space limit (4 GiB); when it
//! exceeds either it is stopped and reported as that job's failure, and the batch goes on.
//!
//! The built-in templates are vitae's own and run in-process, where they are fast.
//!
//! The parent sends the job as one JSON line on the child's stdin; the child answers on stdout
//! with one JSON line (the outcome) followed by the files' bytes.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::args::Format;
use super::document::{self, Rendered};
use super::exit::{Failure, plural};
use super::jobs::Job;
use crate::diag::{Cause, Diagnostic, Failed, SourceFile};
use crate::engine::{Engine, Template};
use crate::profile::{Color, Date, LoadOptions, Paper, PdfStandard};
use crate::render;
use crate::view::Kind;

/// The job, as the child receives it. Paths travel as bytes: they need not be UTF-8.
#[derive(Serialize, Deserialize)]
struct WireJob {
    profile: Vec<u8>,
    template: Vec<u8>,
    summary: bool,
    /// The cover letter's file, for a letter (the child reads it again).
    letter: Option<Vec<u8>>,
    /// The formats, by name.
    formats: Vec<String>,
    ppi: f32,
    paper: Option<String>,
    accent: Option<String>,
    max_pages: Option<usize>,
    keep_last_page: bool,
    date: Option<(i32, Option<u8>, Option<u8>)>,
    pdf_standard: Option<String>,
    lang: Option<String>,
    font: Option<String>,
    font_paths: Vec<Vec<u8>>,
    system_fonts: bool,
    strict: bool,
    /// Overlays and the tailoring, to make the same version of the profile.
    with: Vec<Vec<u8>>,
    tailoring: crate::tailor::Tailoring,
    variant: Option<String>,
}

/// What the child made, or why it could not.
#[derive(Serialize, Deserialize)]
struct WireOutcome {
    /// Each file that follows, in order: its name (`document.pdf`, `document-2.png`) and its
    /// byte length.
    files: Vec<(String, usize)>,
    pages: usize,
    compiles: usize,
    condensed: Vec<String>,
    warnings: Vec<WireDiagnostic>,
    /// The view, for reading the document back.
    data: String,
    /// `input` or `internal` when it failed.
    failed: Option<String>,
    errors: Vec<WireDiagnostic>,
}

#[derive(Serialize, Deserialize)]
struct WireDiagnostic {
    error: bool,
    message: String,
    field: Option<String>,
    hints: Vec<String>,
    /// File name, its text, and the byte range.
    location: Option<(String, String, usize, usize)>,
}

impl WireDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        WireDiagnostic {
            error: d.is_error(),
            message: d.message.clone(),
            field: d.field.clone(),
            hints: d.hints.clone(),
            location: d
                .location
                .as_ref()
                .map(|(f, s)| (f.name.clone(), f.text.clone(), s.start, s.end)),
        }
    }

    fn into_diagnostic(self, files: &mut Vec<Arc<SourceFile>>) -> Diagnostic {
        let mut d = match self.error {
            true => Diagnostic::error(self.message),
            false => Diagnostic::warning(self.message),
        };
        d.field = self.field;
        d.hints = self.hints;
        if let Some((name, text, start, end)) = self.location {
            // One shared source per file, as in the parent.
            let file = match files.iter().find(|f| f.name == name && f.text == text) {
                Some(f) => f.clone(),
                None => {
                    let f = SourceFile::new(name, text);
                    files.push(f.clone());
                    f
                }
            };
            d = d.at(&file, start..end);
        }
        d
    }
}

fn bytes_of(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

fn path_of(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// Render `job` (whose template is a folder) in a child process, within the time limit.
pub fn render(
    job: &Job,
    ppi: f32,
    time_limit: Duration,
    fonts: &crate::engine::FontOptions,
) -> Result<Rendered, Failed> {
    let Ok(Template::Dir { root, name }) = &job.template else {
        return Err(Failed::internal(
            "only custom templates run in a child process",
        ));
    };
    let opened = job.opened.as_ref().map_err(Clone::clone)?;
    let o = &job.options;
    let wire = WireJob {
        profile: bytes_of(&job.profile),
        template: bytes_of(root),
        summary: job.kind == Kind::Summary,
        letter: job
            .options
            .letter
            .as_ref()
            .filter(|_| job.kind == Kind::Letter)
            .map(|l| bytes_of(Path::new(&l.file.name))),
        formats: job.formats.iter().map(|f| f.name().to_string()).collect(),
        ppi,
        paper: o.paper.map(|p| p.name().to_string()),
        accent: o.accent.as_ref().map(|c| c.0.clone()),
        max_pages: o.max_pages,
        keep_last_page: o.keep_last_page,
        date: o.date.map(|d| (d.year, d.month, d.day)),
        pdf_standard: o.pdf_standard.map(|s| s.name().to_string()),
        lang: o.lang.clone(),
        font: o.font.clone(),
        font_paths: fonts.paths.iter().map(|p| bytes_of(p)).collect(),
        system_fonts: fonts.system,
        strict: opened.options.strict,
        with: opened.with.iter().map(|p| bytes_of(p)).collect(),
        tailoring: opened.tailoring.clone(),
        variant: job.variant.clone(),
    };
    let line = serde_json::to_vec(&wire).map_err(|e| Failed::internal(e.to_string()))?;
    let exe = std::env::current_exe()
        .map_err(|e| Failed::internal(format!("cannot find the vitae binary: {e}")))?;
    let mut child = Command::new(exe)
        .arg("__render")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failed::internal(format!("cannot start a child process: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Read both pipes on their own threads so the child never blocks on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let errors = std::thread::spawn(move || {
        // Keep the start of what it says; drain the rest so it never blocks on a full pipe.
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 << 10).read_to_end(&mut buf);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        buf
    });
    let _ = stdin.write_all(&line).and_then(|_| stdin.write_all(b"\n"));
    drop(stdin);

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= time_limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(Failed::internal(format!("lost the child process: {e}"))),
        }
    };
    let output = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&errors.join().unwrap_or_default()).into_owned();
    let template_error = |message: String, hint: &str| {
        let mut diags = opened.loaded.warnings.clone();
        diags.push(Diagnostic::error(message).hint(hint.to_string()));
        Failed::input(diags)
    };
    let Some(status) = status else {
        let secs = time_limit.as_secs_f64();
        return Err(template_error(
            format!(
                "template `{name}` took longer than {secs} second{} and was stopped",
                plural(secs.round() as usize)
            ),
            "look for a loop that never ends in the template; raise the limit with --time-limit SECONDS",
        ));
    };
    if !status.success() && output.is_empty() {
        let how = signal(&status).map_or_else(
            || format!("exit code {}", status.code().unwrap_or(-1)),
            |s| format!("signal {s}"),
        );
        let cause = match stderr.lines().find(|l| l.contains("memory allocation")) {
            Some(line) => format!(
                "it needed more than {} of memory ({})",
                crate::files::human_bytes(crate::limits::TEMPLATE_MEMORY_BYTES),
                line.trim()
            ),
            None => format!(
                "it probably needed more than {} of memory: a string, list or page that keeps growing",
                crate::files::human_bytes(crate::limits::TEMPLATE_MEMORY_BYTES)
            ),
        };
        return Err(template_error(
            format!("template `{name}` stopped the process that renders it ({how})"),
            &cause,
        ));
    }
    decode(job, &output)
}

#[cfg(unix)]
fn signal(status: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// The child's answer: the outcome line, then the files.
fn decode(job: &Job, output: &[u8]) -> Result<Rendered, Failed> {
    let newline = output
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| Failed::internal("the child process gave no answer"))?;
    let outcome: WireOutcome = serde_json::from_slice(&output[..newline])
        .map_err(|e| Failed::internal(format!("the child process answered badly: {e}")))?;
    let mut sources = Vec::new();
    let mut diags = |list: Vec<WireDiagnostic>| -> Vec<Diagnostic> {
        list.into_iter()
            .map(|d| d.into_diagnostic(&mut sources))
            .collect()
    };
    let warnings = diags(outcome.warnings);
    if let Some(cause) = outcome.failed {
        let mut all = warnings;
        all.extend(diags(outcome.errors));
        return Err(Failed {
            cause: match cause.as_str() {
                "input" => Cause::Input,
                _ => Cause::Internal,
            },
            diagnostics: all,
        });
    }
    let mut rest = &output[newline + 1..];
    let mut files = Vec::new();
    for (name, len) in &outcome.files {
        if rest.len() < *len {
            return Err(Failed::internal("the child process's answer was cut short"));
        }
        let path = parent_path(job, name)
            .ok_or_else(|| Failed::internal(format!("the child process wrote `{name}`")))?;
        files.push((path, rest[..*len].to_vec()));
        rest = &rest[*len..];
    }
    Ok(Rendered {
        files,
        pages: outcome.pages,
        warnings,
        compiles: outcome.compiles,
        condensed: outcome.condensed,
        data: outcome.data.into_bytes(),
    })
}

/// The child's side: read the job, limit this process, render, answer.
pub fn child() -> Result<(), Failure> {
    limit_memory(crate::limits::TEMPLATE_MEMORY_BYTES);
    let mut line = String::new();
    let answer = match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) => match serde_json::from_str::<WireJob>(&line) {
            Ok(job) => crate::diag::catch(|| run_child(job)),
            Err(e) => Err(Failed::internal(format!(
                "bad job for the child process: {e}"
            ))),
        },
        Err(e) => Err(Failed::internal(format!("cannot read the job: {e}"))),
    };
    let (outcome, files) = match answer {
        Ok(r) => (
            WireOutcome {
                files: r
                    .files
                    .iter()
                    .map(|(p, b)| (p.to_string_lossy().into_owned(), b.len()))
                    .collect(),
                pages: r.pages,
                compiles: r.compiles,
                condensed: r.condensed,
                warnings: r.warnings.iter().map(WireDiagnostic::from).collect(),
                data: String::from_utf8_lossy(&r.data).into_owned(),
                failed: None,
                errors: Vec::new(),
            },
            r.files,
        ),
        Err(f) => (
            WireOutcome {
                files: Vec::new(),
                pages: 0,
                compiles: 0,
                condensed: Vec::new(),
                warnings: Vec::new(),
                data: String::new(),
                failed: Some(match f.cause {
                    Cause::Input => "input".into(),
                    Cause::Internal => "internal".into(),
                }),
                errors: f.diagnostics.iter().map(WireDiagnostic::from).collect(),
            },
            Vec::new(),
        ),
    };
    let mut out = std::io::stdout().lock();
    let header = serde_json::to_vec(&outcome).unwrap_or_default();
    let written = out
        .write_all(&header)
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| files.iter().try_for_each(|(_, b)| out.write_all(b)))
        .and_then(|_| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(_) => Err(Failure::Internal),
    }
}

/// Where the parent writes a file the child named (`document.txt`, `document-2.png`): the
/// job's own path for that format (and page).
fn parent_path(job: &Job, name: &str) -> Option<PathBuf> {
    let (stem, extension) = name.rsplit_once('.')?;
    let format = Format::parse(extension).filter(|f| job.formats.contains(f))?;
    let base = job.path(format);
    match format.paged() {
        false => Some(base),
        true => {
            let page = stem.rsplit_once('-')?.1.parse::<usize>().ok()?;
            Some(document::page_path(&base, page))
        }
    }
}

fn run_child(wire: WireJob) -> Result<Rendered, Failed> {
    let mut formats: Vec<Format> = wire
        .formats
        .iter()
        .filter_map(|f| Format::parse(f))
        .collect();
    if formats.is_empty() {
        formats.push(Format::Pdf);
    }
    let profile = path_of(wire.profile);
    let with: Vec<PathBuf> = wire.with.into_iter().map(path_of).collect();
    let opened = render::open_with(
        &profile,
        LoadOptions {
            strict: wire.strict,
        },
        &with,
    )?;
    let opened = render::tailor(&opened, &wire.tailoring)?;
    let template = Template::dir(&path_of(wire.template))
        .map_err(|m| Failed::input(vec![Diagnostic::error(m)]))?;
    let letter = match wire.letter.map(path_of) {
        Some(path) => {
            let bytes = crate::files::read(&path, crate::limits::MAX_TEXT_BYTES)
                .map_err(|e| Failed::input(vec![Diagnostic::error(e.to_string())]))?;
            let l = crate::profile::letter::load(&path.display().to_string(), &bytes, wire.strict)
                .map_err(Failed::input)?;
            Some(Arc::new(l))
        }
        None => None,
    };
    let job = Job {
        profile: profile.clone(),
        variant: wire.variant,
        opened: Ok(Arc::new(opened)),
        template: Ok(template),
        kind: match (&letter, wire.summary) {
            (Some(_), _) => Kind::Letter,
            (None, true) => Kind::Summary,
            (None, false) => Kind::Resume,
        },
        options: render::Options {
            paper: wire.paper.as_deref().and_then(Paper::parse),
            accent: wire.accent.map(Color),
            max_pages: wire.max_pages,
            keep_last_page: wire.keep_last_page,
            date: wire
                .date
                .map(|(year, month, day)| Date { year, month, day }),
            pdf_standard: wire.pdf_standard.as_deref().and_then(PdfStandard::parse),
            lang: wire.lang,
            font: wire.font,
            font_paths: Vec::new(),
            letter: letter.clone(),
            // One thread in a child held to a time limit.
            spare_cores: false,
        },
        output: PathBuf::from(format!("document.{}", formats[0].name())),
        formats,
        named: true,
        origin: String::new(),
        origin_at: None,
    };
    let fonts = crate::engine::FontOptions {
        paths: wire.font_paths.into_iter().map(path_of).collect(),
        system: wire.system_fonts,
    };
    let engine = Engine::with_fonts(&fonts).map_err(|d| Failed::input(vec![d]))?;
    document::render(&job, &engine, wire.ppi)
}

/// Bound this process's address space: an allocation beyond it fails (and aborts this child)
/// instead of exhausting the machine.
fn limit_memory(bytes: u64) {
    #[cfg(unix)]
    {
        let limit = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
        unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &limit);
        }
    }
    #[cfg(not(unix))]
    let _ = bytes;
}
