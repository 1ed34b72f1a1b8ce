//! `vitae watch`: build, then build again whenever a file the documents are made from changes —
//! the profile, its overlays, its photo, a plan, a cover letter, a custom template's folder. One engine stays
//! warm across rebuilds (fonts loaded, Typst's memo filled), so an edit costs a fraction of a
//! cold build. Problems are printed and the watch goes on; a document that fails keeps its
//! last good file (files are only ever replaced whole, see `output::write_atomic`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::args::{Format, WatchArgs};
use super::batch;
use super::build;
use super::exit::Failure;
use super::jobs::Job;
use super::printer::Reporter;
use crate::diag::Diagnostic;
use crate::engine::{Engine, FontOptions, Template};

/// How long the files must be quiet before a rebuild: an editor's save (write, rename,
/// metadata) or a burst of saves gives one rebuild.
const QUIET: Duration = Duration::from_millis(120);

pub fn run(args: &WatchArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| {
        reporter.emit(&Diagnostic::error(format!("cannot watch files: {e}")));
        Failure::Internal
    })?;
    let mut engine: Option<(FontOptions, Engine)> = None;
    let mut watching: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
    let mut inputs = Inputs::default();
    let mut first = true;
    loop {
        let started = Instant::now();
        match build::prepare(&args.build, reporter) {
            Ok((jobs, run)) => {
                inputs = Inputs::of(&jobs, args.build.plan.as_deref());
                // Watched before the build: a save while it runs is not missed.
                watch(&mut watcher, &mut watching, &inputs, reporter);
                if engine.as_ref().is_none_or(|(fonts, _)| *fonts != run.fonts) {
                    match Engine::with_fonts(&run.fonts) {
                        Ok(e) => engine = Some((run.fonts.clone(), e)),
                        Err(d) => reporter.emit(&d),
                    }
                }
                if let Some((_, engine)) = &engine {
                    let result = batch::run_on(engine, &jobs, &run, reporter);
                    let ms = started.elapsed().as_secs_f64() * 1e3;
                    let what = if first { "built" } else { "rebuilt" };
                    match result {
                        Ok(()) => tell!("{what} in {ms:.0} ms; watching for changes"),
                        Err(_) => tell!(
                            "{what} with problems in {ms:.0} ms (the last good files stay); watching for changes"
                        ),
                    }
                    if first && args.open && result.is_ok() {
                        open_viewer(&jobs, reporter);
                    }
                }
            }
            // The profile cannot be read at all (a half-saved file): keep watching it.
            Err(_) => {
                inputs
                    .files
                    .extend(args.build.profiles.iter().map(|p| absolute(p)));
                inputs
                    .files
                    .extend(args.build.plan.iter().map(|p| absolute(p)));
                watch(&mut watcher, &mut watching, &inputs, reporter);
                tell!("not built (see the problems above); watching for changes");
            }
        }
        first = false;
        // Wait for a change to an input, then for quiet.
        loop {
            match rx.recv() {
                Ok(Ok(event)) if inputs.touched_by(&event) => break,
                Ok(_) => {}
                Err(_) => return Err(Failure::Internal),
            }
        }
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(Failure::Internal),
            }
        }
    }
}

/// Watch each input's folder (so that a save by rename-and-replace is seen) and each template
/// folder with what is inside, once each.
fn watch(
    watcher: &mut impl Watcher,
    watching: &mut BTreeSet<(PathBuf, bool)>,
    inputs: &Inputs,
    reporter: &mut Reporter,
) {
    for (dir, recursive) in inputs.watches() {
        if watching.contains(&(dir.clone(), recursive)) {
            continue;
        }
        let mode = match recursive {
            true => RecursiveMode::Recursive,
            false => RecursiveMode::NonRecursive,
        };
        match watcher.watch(&dir, mode) {
            Ok(()) => {
                watching.insert((dir, recursive));
            }
            Err(e) => reporter.emit(&Diagnostic::warning(format!(
                "cannot watch `{}`: {e}",
                dir.display()
            ))),
        }
    }
}

/// The files and folders the documents are made from.
#[derive(Default)]
struct Inputs {
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl Inputs {
    fn of(jobs: &[Job], plan: Option<&Path>) -> Inputs {
        let mut inputs = Inputs::default();
        inputs.files.extend(plan.map(absolute));
        for job in jobs {
            inputs.files.insert(absolute(&job.profile));
            if let Ok(opened) = &job.opened {
                inputs.files.extend(opened.with.iter().map(|p| absolute(p)));
                let base = job.profile.parent().unwrap_or(Path::new(""));
                if let Some(image) = &opened.loaded.profile.basics.image {
                    inputs.files.insert(absolute(&base.join(&image.value)));
                }
                for v in &opened.loaded.profile.meta.variants {
                    inputs
                        .files
                        .extend(v.with.iter().map(|w| absolute(&base.join(&w.value))));
                }
            }
            if let Some(letter) = &job.options.letter {
                inputs.files.insert(absolute(Path::new(&letter.file.name)));
            }
            if let Ok(Template::Dir { root, .. }) = &job.template {
                inputs.folders.insert(absolute(root));
            }
        }
        inputs
    }

    /// Folders to watch: each file's own (not recursively), each template folder (recursively).
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut out: BTreeSet<(PathBuf, bool)> = self
            .files
            .iter()
            .filter_map(|f| f.parent())
            .filter(|d| d.is_dir())
            .map(|d| (d.to_path_buf(), false))
            .collect();
        out.extend(
            self.folders
                .iter()
                .filter(|d| d.is_dir())
                .map(|d| (d.clone(), true)),
        );
        out
    }

    /// Whether `event` changed one of the inputs.
    fn touched_by(&self, event: &notify::Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|p| {
            let p = absolute(p);
            self.files.contains(&p) || self.folders.iter().any(|d| p.starts_with(d))
        })
    }
}

/// A path made absolute through its folder (the file itself may be mid-replace and absent).
fn absolute(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// Open the first PDF in the system's viewer, once.
fn open_viewer(jobs: &[Job], reporter: &mut Reporter) {
    let Some(pdf) = jobs
        .iter()
        .find(|j| j.formats.contains(&Format::Pdf))
        .map(|j| j.path(Format::Pdf))
    else {
        return;
    };
    let (program, before): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = std::process::Command::new(program)
        .args(before)
        .arg(&pdf)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        reporter.emit(
            &Diagnostic::warning(format!("cannot open `{}`: {e}", pdf.display())).hint(format!(
                "open it yourself; it is rebuilt in place ({program} is missing?)"
            )),
        );
    }
}
