//! Where documents go and how they get there: predictable names, atomic writes.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `output/<profile-stem>-<template>.pdf`. The stem is kept as the file system gave it (not
/// made lossy), so two profiles whose names are not valid UTF-8 never share an output.
pub fn document_path(dir: &Path, profile: &Path, template: &str, extension: &str) -> PathBuf {
    let mut name = profile
        .file_stem()
        .map_or_else(|| "profile".into(), |s| s.to_os_string());
    name.push(format!("-{template}.{extension}"));
    dir.join(name)
}

/// Write `bytes` to `path` so that readers see either the old file or the whole new one.
///
/// The bytes go to a hidden temporary file in the same directory, which is then renamed over
/// `path`; if anything fails the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vitae-").suffix(".part");
    // Readable like any file the user creates (tempfile defaults to owner-only).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // No fsync: the rename already makes the write atomic for readers, and a build is cheap
    // to re-run after a power loss; syncing every document cost ~10% of batch throughput.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_combine_stem_and_template() {
        let p = document_path(
            Path::new("output"),
            Path::new("examples/ada.yaml"),
            "classic",
            "pdf",
        );
        assert_eq!(p, Path::new("output/ada-classic.pdf"));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/x.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
