//! What happened to each document, and the JSON report of a run (`--report`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::exit::Failure;
use super::jobs::Job;
use crate::diag::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Written,
    Unchanged,
    WouldChange,
    Failed,
}

pub struct Outcome {
    pub index: usize,
    pub status: Status,
    pub files: Vec<PathBuf>,
    pub pages: usize,
    pub bytes: usize,
    pub duration: Duration,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
    pub failure: Option<Failure>,
    /// Typst compiles this document took (more than one when fitted to pages).
    pub compiles: usize,
    /// What fitting left out or tightened.
    pub condensed: Vec<String>,
}

#[derive(Serialize)]
pub struct Report<'a> {
    vitae: &'static str,
    jobs: Vec<JobReport<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JobReport<'a> {
    profile: String,
    /// The variant of the profile (docs/tailoring.md), if one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a str>,
    template: &'a str,
    kind: &'static str,
    paper: Option<&'static str>,
    /// The formats written (`["pdf", "txt"]`).
    formats: Vec<&'static str>,
    status: Status,
    outputs: Vec<String>,
    pages: usize,
    bytes: usize,
    duration_ms: f64,
    /// Typst compiles the document took: 1, or a few when fitted to pages.
    compiles: usize,
    /// What fitting left out or tightened.
    condensed: Vec<String>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    failed: usize,
    seconds: f64,
    /// Peak resident memory of the whole run (Linux), for benchmarks.
    peak_rss_bytes: Option<u64>,
    by_status: BTreeMap<&'static str, usize>,
}

impl<'a> Report<'a> {
    pub fn new(jobs: &'a [Job], outcomes: &[Outcome], seconds: f64) -> Report<'a> {
        let mut by_status = BTreeMap::new();
        for o in outcomes {
            let key = match o.status {
                Status::Written => "written",
                Status::Unchanged => "unchanged",
                Status::WouldChange => "would-change",
                Status::Failed => "failed",
            };
            *by_status.entry(key).or_insert(0) += 1;
        }
        Report {
            vitae: env!("CARGO_PKG_VERSION"),
            jobs: outcomes
                .iter()
                .map(|o| {
                    let job = &jobs[o.index];
                    JobReport {
                        profile: job.profile.display().to_string(),
                        variant: job.variant.as_deref(),
                        template: job.template_name(),
                        kind: job.kind.name(),
                        paper: job.options.paper.map(|p| p.name()),
                        formats: job.formats.iter().map(|f| f.name()).collect(),
                        status: o.status,
                        outputs: o.files.iter().map(|p| p.display().to_string()).collect(),
                        pages: o.pages,
                        bytes: o.bytes,
                        duration_ms: o.duration.as_secs_f64() * 1e3,
                        compiles: o.compiles,
                        condensed: o.condensed.clone(),
                        warnings: o.warnings.iter().map(|d| d.to_string()).collect(),
                        errors: o.errors.iter().map(|d| d.to_string()).collect(),
                    }
                })
                .collect(),
            summary: Summary {
                documents: outcomes.len(),
                failed: outcomes
                    .iter()
                    .filter(|o| o.status == Status::Failed)
                    .count(),
                seconds,
                peak_rss_bytes: peak_rss(),
                by_status,
            },
        }
    }
}

/// `VmHWM` from `/proc/self/status`, in bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
