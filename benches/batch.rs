//! Batch throughput and memory, side by side with a raw-Typst baseline, in one run.
//!
//!     cargo bench --bench batch                 # 500+ documents, then 5,000+ for memory
//!     cargo bench --bench batch -- --docs 200 --big 0 --runs 1   # a quick look
//!
//! - vitae: the real binary, `vitae build --plan … -j N`, reading YAML profiles from disk.
//! - raw: this program in a child process with a minimal Typst `World` of its own over the
//!   same template files, the same fonts and the same render-ready data (precomputed), calling
//!   `typst::compile` and `typst_pdf::pdf` directly on N threads and writing the files.
//!
//! Both sides are timed from process start to exit; each figure is the median of `--runs`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_vitae");

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--raw-child") {
        return raw::child(&args[1..]);
    }
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let docs = flag("--docs", 500);
    let big = flag("--big", 5000);
    let runs = flag("--runs", 3).max(1);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());

    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let templates: Vec<String> =
        String::from_utf8(Command::new(BIN).arg("templates").output().unwrap().stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    let pairs: Vec<(&PathBuf, &String)> = examples
        .iter()
        .flat_map(|e| templates.iter().map(move |t| (e, t)))
        .collect();

    println!(
        "machine: {} cores; {} examples × {} templates; median of {runs} runs",
        threads,
        examples.len(),
        templates.len()
    );
    println!(
        "{:<34} {:>7} {:>10} {:>10} {:>12}",
        "configuration", "docs", "median s", "docs/s", "peak RSS MiB"
    );

    let set = |n: usize, tag: &str| -> (PathBuf, PathBuf) {
        let count = n.div_ceil(pairs.len()) * pairs.len();
        let plan = work.path().join(format!("plan-{tag}.yaml"));
        let mut text = String::from("output: out\njobs:\n");
        let mut raw_jobs = String::new();
        for i in 0..count {
            let (profile, template) = pairs[i % pairs.len()];
            // Every repetition in its own accent colour, so that no two documents are the same
            // (a repeated document would be answered from Typst's memo, which flatters).
            let accent = accent(i / pairs.len());
            text.push_str(&format!(
                "  - profile: {}\n    template: {template}\n    accent: \"{accent}\"\n    output: d{i}.pdf\n",
                profile.display()
            ));
            raw_jobs.push_str(&format!(
                "{template}\t{}\n",
                data_file(work.path(), profile, &accent).display()
            ));
        }
        std::fs::write(&plan, text).unwrap();
        let jobs = work.path().join(format!("raw-{tag}.tsv"));
        std::fs::write(&jobs, raw_jobs).unwrap();
        (plan, jobs)
    };

    let (plan, raw_jobs) = set(docs, "small");
    let count = std::fs::read_to_string(&raw_jobs).unwrap().lines().count();
    let raw = measure(runs, || {
        raw::run(&root, &raw_jobs, threads, &work.path().join("raw-out"))
    });
    row(&format!("raw typst, {threads} threads"), count, &raw);
    // Like for like: one compile per document, as the baseline does. By default vitae also
    // tightens near-empty last pages (more compiles, different output): shown on its own row.
    let vitae_n = measure(runs, || {
        vitae(&plan, threads, work.path(), &["--no-tighten"])
    });
    row(
        &format!("vitae build -j {threads} --no-tighten"),
        count,
        &vitae_n,
    );
    let vitae_1 = measure(runs, || vitae(&plan, 1, work.path(), &["--no-tighten"]));
    row("vitae build -j 1 --no-tighten", count, &vitae_1);
    let vitae_default = measure(runs, || vitae(&plan, threads, work.path(), &[]));
    row(
        &format!("vitae build -j {threads} (default)"),
        count,
        &vitae_default,
    );

    println!();
    println!(
        "throughput vitae / raw:      {:.2}× (target ≥ 0.90)",
        raw.0 / vitae_n.0
    );
    println!(
        "scaling -j {threads} / -j 1:          {:.2}× (target ≥ 1.60 on 2 cores)",
        vitae_1.0 / vitae_n.0
    );
    println!(
        "memory vitae / raw:          {:.2}×",
        vitae_n.1 as f64 / raw.1 as f64
    );

    // Fitting: a one-page summary (several compiles, each of a shorter document) against one
    // plain compile of the full résumé of the same profile.
    println!();
    let (plain, fitted, compiles) = fitting(&root, work.path(), runs);
    println!(
        "{:<34} {:>7} {:>10.3} {:>10.1}",
        "résumés, one compile each, -j 1",
        pairs.len(),
        plain,
        pairs.len() as f64 / plain
    );
    println!(
        "{:<34} {:>7} {:>10.3} {:>10.1}",
        "one-page summaries, fitted, -j 1",
        pairs.len(),
        fitted,
        pairs.len() as f64 / fitted
    );
    println!(
        "fitting cost per summary / plain compile: {:.2}× (target ≤ 4×); {compiles:.1} compiles per summary on average",
        fitted / plain
    );

    if big > 0 {
        let (plan, raw_jobs) = set(big, "big");
        let count = std::fs::read_to_string(&raw_jobs).unwrap().lines().count();
        let large = measure(1, || vitae(&plan, threads, work.path(), &["--no-tighten"]));
        row(
            &format!("vitae build -j {threads} (large set)"),
            count,
            &large,
        );
        println!(
            "peak memory large / small:  {:.2}× (target ≤ 1.50)",
            large.1 as f64 / vitae_n.1 as f64
        );
    }
}

/// Median seconds for every example × template as a plain résumé and as a fitted summary,
/// and the mean compiles per summary.
fn fitting(root: &Path, dir: &Path, runs: usize) -> (f64, f64, f64) {
    let examples = root.join("examples");
    let report = dir.join("fit.json");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "build",
            examples.to_str().unwrap(),
            "--template",
            "all",
            "-j",
            "1",
            "-q",
            "-o",
            dir.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--report", report.to_str().unwrap()]);
        let o = Command::new(BIN).args(&args).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        0
    };
    let plain = measure(runs, || run(&["--no-tighten"])).0;
    let fitted = measure(runs, || run(&["--kind", "summary"])).0;
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let jobs = r["jobs"].as_array().unwrap();
    let compiles = jobs
        .iter()
        .map(|j| j["compiles"].as_f64().unwrap())
        .sum::<f64>()
        / jobs.len() as f64;
    (plain, fitted, compiles)
}

/// The render-ready data for a profile, as vitae would give it to a template.
/// A distinct accent colour for each repetition of the set.
fn accent(repetition: usize) -> String {
    format!(
        "#{:02x}{:02x}{:02x}",
        repetition % 160,
        (repetition / 160) % 160,
        96
    )
}

fn data_file(dir: &Path, profile: &Path, accent: &str) -> PathBuf {
    let path = dir.join(format!(
        "{}-{}.json",
        profile.file_stem().unwrap().to_string_lossy(),
        accent.trim_start_matches('#')
    ));
    if !path.exists() {
        let bytes = std::fs::read(profile).unwrap();
        let loaded = vitae::profile::load("p", &bytes, Default::default()).unwrap();
        let options = vitae::view::ViewOptions {
            accent: vitae::profile::Color::parse(accent),
            ..Default::default()
        };
        let view = vitae::view::build(&loaded.profile, &options);
        std::fs::write(&path, serde_json::to_vec(&view).unwrap()).unwrap();
    }
    path
}

/// (median seconds, peak RSS bytes of the median run)
fn measure(runs: usize, mut f: impl FnMut() -> u64) -> (f64, u64) {
    let mut results: Vec<(f64, u64)> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let rss = f();
            (start.elapsed().as_secs_f64(), rss)
        })
        .collect();
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    results[results.len() / 2]
}

fn row(name: &str, docs: usize, (secs, rss): &(f64, u64)) {
    println!(
        "{name:<34} {docs:>7} {secs:>10.3} {:>10.1} {:>12.1}",
        docs as f64 / secs,
        *rss as f64 / (1 << 20) as f64
    );
}

fn vitae(plan: &Path, threads: usize, dir: &Path, extra: &[&str]) -> u64 {
    let report = dir.join("report.json");
    let o = Command::new(BIN)
        .args([
            "build",
            "--plan",
            plan.to_str().unwrap(),
            "-q",
            "-j",
            &threads.to_string(),
            "--report",
            report.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    r["summary"]["peak_rss_bytes"].as_u64().unwrap_or(0)
}

/// The baseline: Typst called directly, nothing of vitae's engine.
mod raw {
    use super::*;
    use typst::diag::{FileError, FileResult};
    use typst::foundations::{Bytes, Datetime};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook, FontInfo};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt, World};
    use typst_layout::PagedDocument;

    pub fn run(root: &Path, jobs: &Path, threads: usize, out: &Path) -> u64 {
        std::fs::create_dir_all(out).unwrap();
        let o = Command::new(std::env::current_exe().unwrap())
            .args([
                "--raw-child",
                root.to_str().unwrap(),
                jobs.to_str().unwrap(),
                &threads.to_string(),
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    }

    struct Shared {
        library: LazyHash<Library>,
        book: LazyHash<FontBook>,
        /// Each face: its file, its index, and the font once a document used it (the file is
        /// read then, not before).
        fonts: Vec<(PathBuf, u32, OnceLock<Option<Font>>)>,
        root: PathBuf,
        sources: Mutex<std::collections::HashMap<FileId, Source>>,
    }

    struct Doc<'a> {
        shared: &'a Shared,
        main: FileId,
        data: Bytes,
    }

    fn id(path: &str) -> FileId {
        RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).unwrap()).intern()
    }

    impl World for Doc<'_> {
        fn library(&self) -> &LazyHash<Library> {
            &self.shared.library
        }
        fn book(&self) -> &LazyHash<FontBook> {
            &self.shared.book
        }
        fn main(&self) -> FileId {
            self.main
        }
        fn source(&self, id: FileId) -> FileResult<Source> {
            let mut cache = self.shared.sources.lock().unwrap();
            if let Some(s) = cache.get(&id) {
                return Ok(s.clone());
            }
            let text =
                String::from_utf8(self.file(id)?.to_vec()).map_err(|_| FileError::InvalidUtf8)?;
            let source = Source::new(id, text);
            cache.insert(id, source.clone());
            Ok(source)
        }
        fn file(&self, id: FileId) -> FileResult<Bytes> {
            let path = id.vpath().get_with_slash();
            let real = match path {
                "/vitae/data.json" => return Ok(self.data.clone()),
                "/vitae/common.typ" => self.shared.root.join("templates/common.typ"),
                "/vitae/kit.typ" => self.shared.root.join("templates/kit.typ"),
                // Icon outlines, as vitae serves them (made from the icon font on request).
                p if p.starts_with(vitae::engine::icons::ROOT) => {
                    return vitae::engine::icons::file(p)
                        .ok_or_else(|| FileError::NotFound(PathBuf::from(p)));
                }
                p => self.shared.root.join(p.trim_start_matches('/')),
            };
            std::fs::read(&real)
                .map(Bytes::new)
                .map_err(|e| FileError::from_io(e, &real))
        }
        fn font(&self, index: usize) -> Option<Font> {
            let (path, i, slot) = self.shared.fonts.get(index)?;
            slot.get_or_init(|| Font::new(Bytes::new(std::fs::read(path).ok()?), *i))
                .clone()
        }
        fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
            None
        }
    }

    pub fn child(args: &[String]) {
        let (root, jobs, threads, out) = (
            PathBuf::from(&args[0]),
            &args[1],
            args[2].parse::<usize>().unwrap(),
            PathBuf::from(&args[3]),
        );
        // The font book precomputed (as vitae's is), each face read only when a document
        // uses it: the least a hand-written embedding has to do.
        let mut book = FontBook::new();
        let mut fonts = Vec::new();
        let stored: std::collections::BTreeMap<String, Vec<(u32, FontInfo)>> =
            serde_json::from_str(&std::fs::read_to_string(root.join("fonts/book.json")).unwrap())
                .unwrap();
        for (file, faces) in stored {
            for (index, info) in faces {
                book.push(info);
                fonts.push((root.join("fonts").join(&file), index, OnceLock::new()));
            }
        }
        let shared = Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            root,
            sources: Mutex::new(Default::default()),
        };
        let jobs: Vec<(FileId, Bytes)> = std::fs::read_to_string(jobs)
            .unwrap()
            .lines()
            .map(|l| {
                let (template, data) = l.split_once('\t').unwrap();
                (
                    id(&format!("/templates/{template}/resume.typ")),
                    Bytes::new(std::fs::read(data).unwrap()),
                )
            })
            .collect();
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                std::thread::Builder::new()
                    .stack_size(32 << 20)
                    .spawn_scoped(s, || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some((main, data)) = jobs.get(i) else {
                                break;
                            };
                            let world = Doc {
                                shared: &shared,
                                main: *main,
                                data: data.clone(),
                            };
                            let doc = typst::compile::<PagedDocument>(&world)
                                .output
                                .expect("compiles");
                            let pdf = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
                                .expect("exports");
                            std::fs::write(out.join(format!("d{i}.pdf")), pdf).unwrap();
                            comemo::evict(10);
                        }
                    })
                    .unwrap();
            }
        });
        println!("{}", vitae_peak_rss());
    }

    fn vitae_peak_rss() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }
}
