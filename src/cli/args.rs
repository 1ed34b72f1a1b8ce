//! The command line: what each command takes, with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::profile::{Color, Paper, PdfStandard};
use crate::view::Kind;

const EXAMPLES: &str = "\
Examples:
  vitae build examples/                     render every profile in a folder
  vitae build me.yaml --kind summary        a one-page summary beside the résumé
  vitae build me.yaml -t modern --paper letter --accent '#0b7285'
  vitae build examples/ -t all -k all -j 2  every template, both kinds, two workers
  vitae build --plan vitae.yaml --check     a checked-in set; fail if a PDF would change
  vitae check me.yaml --strict              validate; unknown fields are errors
  vitae templates                           list the built-in templates

Exit codes: 0 ok, 1 input problems, 2 usage error, 3 internal error (a bug).";

#[derive(Parser, Debug)]
#[command(
    name = "vitae",
    version,
    about = "Compile a profile (JSON Resume in YAML or JSON) into print-ready PDF résumés",
    long_about = "Compile a profile (JSON Resume in YAML or JSON) into print-ready PDF résumés.\n\n\
                  Templates and fonts are built in; nothing is fetched from the network.\n\
                  The profile format is described in docs/profile.md.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Render profiles to PDF (output/<profile>-<template>.pdf)
    #[command(
        after_help = "Examples:\n  vitae build examples/\n  vitae build me.yaml -o dist --template modern --paper letter\n  \
                            vitae build me.yaml --kind all --max-pages 2\n  vitae build 'profiles/**/*.yaml' --template all --report report.json\n  \
                            vitae build --plan vitae.yaml --shard 1/4\n\n\
                            Options given here override the profile's `meta` (template, paper, accent) and a plan's entries."
    )]
    Build(BuildArgs),
    /// Build, then rebuild whenever the profile, an overlay, the photo, a plan, a cover letter
    /// or a custom template changes
    #[command(
        after_help = "Examples:\n  vitae watch me.yaml --open\n  vitae watch me.yaml --template modern --format pdf,png\n\n\
                            Takes every option of `vitae build`. Stop it with Ctrl-C."
    )]
    Watch(WatchArgs),
    /// Validate profiles without rendering
    #[command(after_help = "Examples:\n  vitae check me.yaml\n  vitae check examples/ --strict")]
    Check(CheckArgs),
    /// List the built-in templates
    Templates,
    /// Print the JSON data a template receives for a profile (see docs/templates.md)
    Data(DataArgs),
    /// Work with templates
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Write a profile in another format: vitae's own YAML, JSON Resume JSON or RenderCV YAML
    #[command(
        after_help = "Examples:\n  vitae convert John_Doe_CV.yaml -o me.yaml          # RenderCV → vitae\n  \
                            vitae convert me.yaml --to jsonresume -o resume.json\n  vitae convert me.yaml --to rendercv\n\n\
                            What the target format has no place for is listed as a warning."
    )]
    Convert {
        /// The profile (vitae, JSON Resume or RenderCV)
        file: PathBuf,
        /// The format to write
        #[arg(long, value_enum, ignore_case = true, default_value = "vitae")]
        to: ConvertTo,
        /// The file to write [default: standard output]
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Write a starter profile (or with --letter, a starter cover letter) to edit; refuses
    /// to overwrite a file
    #[command(
        after_help = "Examples:\n  vitae new me.yaml && vitae build me.yaml\n  vitae new --letter letters/acme.yaml && vitae build me.yaml --letter letters/acme.yaml"
    )]
    New {
        /// Where to write it [default: me.yaml, or letter.yaml with --letter]
        file: Option<PathBuf>,
        /// Write a cover letter instead of a profile (docs/letters.md)
        #[arg(long, conflicts_with_all = ["from_jsonresume", "from_rendercv"])]
        letter: bool,
        /// Start from a JSON Resume file instead (see `vitae convert`)
        #[arg(long, value_name = "FILE")]
        from_jsonresume: Option<PathBuf>,
        /// Start from a RenderCV file instead (see `vitae convert`)
        #[arg(long, value_name = "FILE")]
        from_rendercv: Option<PathBuf>,
    },
    /// Print the JSON Schema of profiles (or of build plans, or cover letters), for editors
    #[command(
        after_help = "Examples:\n  vitae schema > vitae.schema.json\n  vitae schema plan > plan.schema.json\n\n\
                            In YAML, a first line `# yaml-language-server: $schema=vitae.schema.json` gives\n\
                            completion and checks in editors with the YAML language server."
    )]
    Schema {
        /// Which schema
        #[arg(value_enum, ignore_case = true, default_value = "profile")]
        of: SchemaOf,
    },
    /// Print a shell completion script (e.g. `vitae completions bash > ~/.local/share/bash-completion/completions/vitae`)
    Completions {
        /// The shell
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `vitae man | man -l -`
    Man,
    /// Internal: render one document with a custom template in this child process (see
    /// src/cli/isolate.rs); reads the job on stdin, writes the result on stdout
    #[command(name = "__render", hide = true)]
    Render,
}

#[derive(Subcommand, Debug)]
pub enum TemplateCommand {
    /// Write a built-in template to a folder, as a starting point for your own
    #[command(
        after_help = "Example:\n  vitae template export classic my-template\n  vitae build me.yaml --template my-template\n\n\
                            The data a template receives is described in docs/templates.md."
    )]
    Export {
        /// Built-in template to copy
        name: String,
        /// Folder to write it to (created if missing)
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
pub struct Inputs {
    /// Profile files (.yaml, .yml, .json) or folders holding them; `check` also takes PDFs
    /// (read back as an ATS does)
    #[arg(required_unless_present = "plan", value_name = "PROFILE")]
    pub profiles: Vec<PathBuf>,
    /// Treat unknown fields as errors, not warnings
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Profile files (.yaml, .yml, .json), folders holding them, or glob patterns
    #[arg(value_name = "PROFILE", required_unless_present = "plan")]
    pub profiles: Vec<PathBuf>,
    /// A build plan: a YAML file listing the documents to make (see docs/ci.md)
    #[arg(long, value_name = "FILE", conflicts_with = "profiles")]
    pub plan: Option<PathBuf>,
    /// Treat unknown fields as errors, not warnings
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub tailor: TailorArgs,
    /// Folder for the documents [default: output, or the plan's `output`]
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Output formats, comma-separated or repeated: pdf, png and svg (one file per page:
    /// <profile>-<template>-<page>.png), txt, md, html, docx, or all [default: pdf, or the
    /// profile's `meta.format`]
    #[arg(short, long, value_name = "FORMATS", value_parser = parse_formats)]
    pub format: Vec<Formats>,
    /// A cover letter file, or a folder of them: each makes <profile>-<template>-letter-<name>.pdf
    /// from the profile (with `--kind`, the résumé and summary too); repeatable
    #[arg(long, value_name = "FILE|DIR")]
    pub letter: Vec<PathBuf>,
    /// Resolution of PNG output, in pixels per inch
    #[arg(long, default_value_t = 144.0, value_parser = parse_ppi)]
    pub ppi: f32,
    /// Document kind: the full résumé, a one-page summary (<profile>-<template>-summary.pdf), or both
    #[arg(short, long, value_enum, ignore_case = true)]
    pub kind: Option<KindArg>,
    /// Fit the résumé into N pages, condensing as little as possible
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_pages: Option<u16>,
    /// Keep a near-empty last page instead of tightening the layout to drop it
    #[arg(long)]
    pub no_tighten: bool,
    /// Documents rendered at once [default: the number of cores]
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Render only shard K of N (e.g. 2/4): a stable part of the documents, for CI matrices
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Write nothing; fail if any document on disk would change
    #[arg(long)]
    pub check: bool,
    /// Write a JSON report of every document (inputs, outputs, pages, time, problems)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Seconds one document may take with a custom template before it is stopped [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<std::time::Duration>,
    /// Read every PDF back as an applicant-tracking system does and fail the documents that
    /// lose text, order or contacts (see docs/ats.md)
    #[arg(long)]
    pub ats: bool,
    /// Print only problems
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print one line per document with its timing, never a progress bar
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Open the first PDF in the system's viewer after the first build
    #[arg(long)]
    pub open: bool,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let parsed = s
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(format!(
            "`{s}` is not a shard; write K/N with 1 ≤ K ≤ N, e.g. 2/4"
        )),
    }
}

#[derive(Args, Debug)]
pub struct DataArgs {
    /// Profile file
    pub profile: PathBuf,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub tailor: TailorArgs,
}

/// Which version of a profile to make (docs/tailoring.md).
#[derive(Args, Debug, Clone, Default)]
pub struct TailorArgs {
    /// A variant of the profile (`meta.variants`), several (a,b), or `all`; files are named
    /// <profile>-<variant>-<template>.pdf
    #[arg(long, value_name = "NAME|all", value_delimiter = ',')]
    pub variant: Vec<String>,
    /// Keep untagged content and content tagged with any of these (replaces the variant's)
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    pub tags: Option<Vec<String>>,
    /// Drop content tagged with any of these (replaces the variant's)
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    pub exclude_tags: Option<Vec<String>>,
    /// Override a field, e.g. --set basics.label="Staff Engineer" --set 'work[0].highlights[2]=Cut cost 30%'
    /// (repeatable; an empty value removes the field)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Merge a partial profile over the profile: mappings merge, lists replace, entries with
    /// an `id` merge by id (repeatable, in order)
    #[arg(long = "with", value_name = "FILE")]
    pub with: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Check a build plan: the plan, and every profile, variant and template it names
    #[arg(long, value_name = "FILE", conflicts_with = "profiles")]
    pub plan: Option<PathBuf>,
    /// Also lay out this kind and report how it was fitted (what a summary leaves out)
    #[arg(short, long, value_enum, ignore_case = true)]
    pub kind: Option<KindArg>,
    /// Template for --kind [default: the profile's meta.template, or classic]
    #[arg(short, long, value_name = "NAME|DIR")]
    pub template: Option<String>,
    /// Also check a cover letter (or a folder of them): read, and laid out on its page
    #[arg(long, value_name = "FILE|DIR")]
    pub letter: Vec<PathBuf>,
    /// With --kind resume: the page limit to fit to
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_pages: Option<u16>,
    /// Seconds one document may take with a custom template before it is stopped [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub time_limit: Option<std::time::Duration>,
    /// Read the documents back as an applicant-tracking system does: a PDF given among the
    /// inputs on its own, a profile's documents (laid out in memory) against their content
    #[arg(long)]
    pub ats: bool,
    /// With --ats, also print the text as it reads back, line by line
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub tailor: TailorArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// Rendering options shared by the commands that render.
#[derive(Args, Debug, Clone)]
pub struct RenderArgs {
    /// Template: a built-in name (see `vitae templates`), `all`, or a folder with a resume.typ
    /// [default: the profile's meta.template, or classic]
    #[arg(short, long, value_name = "NAME|DIR")]
    pub template: Option<String>,
    /// Paper size [default: the profile's meta.paper, or a4]
    #[arg(long, value_enum, ignore_case = true)]
    pub paper: Option<PaperArg>,
    /// Accent colour as #rrggbb [default: the profile's meta.accent, or the template's]
    #[arg(long, value_name = "COLOR", value_parser = parse_color)]
    pub accent: Option<Color>,
    /// Make PDFs conform to a standard: PDF/A-2b or A-3b (archival) or PDF/UA-1 (accessible)
    /// [default: the profile's meta.pdfStandard, or none]
    #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard)]
    pub pdf_standard: Option<PdfStandard>,
    /// Language of the document's dates and fixed words, a BCP 47 tag (de, pt-BR, zh-TW)
    /// [default: the profile's meta.lang, or en]
    #[arg(long, value_name = "TAG", value_parser = parse_lang)]
    pub lang: Option<String>,
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// Fonts: the family for the text, and fonts besides the embedded ones.
#[derive(Args, Debug, Clone, Default)]
pub struct FontArgs {
    /// Font family for the text instead of the template's, e.g. "IBM Plex Sans" (the
    /// template's fonts stay behind it for what it lacks) [default: the profile's meta.font]
    #[arg(long, value_name = "FAMILY")]
    pub font: Option<String>,
    /// Also use the fonts in this folder (repeatable; also `meta.fontPaths`)
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// Also use the fonts installed on this system (vitae uses only its own unless asked)
    #[arg(long)]
    pub system_fonts: bool,
}

impl FontArgs {
    /// The fonts asked for besides the embedded ones.
    pub fn fonts(&self) -> crate::engine::FontOptions {
        crate::engine::FontOptions {
            paths: self.font_paths.clone(),
            system: self.system_fonts,
        }
    }
}

fn parse_lang(s: &str) -> Result<String, String> {
    match crate::locale::find(s) {
        Some(_) => Ok(s.trim().to_string()),
        None => {
            let tags: Vec<&str> = crate::locale::tags().collect();
            Err(match crate::diag::did_you_mean(s, tags.iter().copied()) {
                Some(t) => format!("no locale for `{s}`; did you mean `{t}`?"),
                None => format!("no locale for `{s}`; languages: {}", tags.join(", ")),
            })
        }
    }
}

/// The formats `vitae convert` writes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvertTo {
    Vitae,
    Jsonresume,
    Rendercv,
}

/// The files a schema describes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaOf {
    Profile,
    Plan,
    Letter,
}

pub use crate::profile::OutputFormat as Format;

/// One `--format` value: a format, several comma-separated, or `all`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

fn parse_formats(s: &str) -> Result<Formats, String> {
    Format::parse_list(s).map(Formats)
}

/// The formats every `--format` names, in the canonical order, each once; none if not given.
pub fn formats(given: &[Formats]) -> Option<Vec<Format>> {
    let mut all: Vec<Format> = given.iter().flat_map(|f| f.0.iter().copied()).collect();
    all.sort();
    all.dedup();
    (!all.is_empty()).then_some(all)
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(std::time::Duration::from_secs_f64(v)),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 86400"
        )),
    }
}

fn parse_ppi(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (10.0..=1200.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a resolution between 10 and 1200")),
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindArg {
    Resume,
    Summary,
    All,
}

impl KindArg {
    pub fn kinds(self) -> &'static [Kind] {
        match self {
            KindArg::Resume => &[Kind::Resume],
            KindArg::Summary => &[Kind::Summary],
            KindArg::All => &[Kind::Resume, Kind::Summary],
        }
    }

    pub fn parse(s: &str) -> Option<KindArg> {
        match s {
            "resume" => Some(KindArg::Resume),
            "summary" => Some(KindArg::Summary),
            "all" => Some(KindArg::All),
            _ => None,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum PaperArg {
    A4,
    Letter,
}

impl PaperArg {
    pub fn paper(self) -> Paper {
        match self {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

fn parse_pdf_standard(s: &str) -> Result<PdfStandard, String> {
    PdfStandard::parse(s).ok_or_else(|| {
        format!(
            "`{s}` is not a PDF standard vitae makes; use one of: {}",
            PdfStandard::NAMES.join(", ")
        )
    })
}

fn parse_color(s: &str) -> Result<Color, String> {
    Color::parse(s)
        .ok_or_else(|| format!("`{s}` is not a colour; write it as #rrggbb, e.g. '#1f6feb'"))
}
