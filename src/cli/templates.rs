//! `vitae templates` and `vitae template export`.

use std::path::{Path, PathBuf};

use super::exit::Failure;
use super::printer::Reporter;
use crate::diag::Diagnostic;
use crate::engine::{self, TEMPLATES, unknown_template};
use crate::output;

/// `vitae templates`: each built-in template with its one-line description.
pub fn list() -> Result<(), Failure> {
    let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in TEMPLATES {
        say!("{:width$}  {}", t.name, t.description());
    }
    Ok(())
}

/// `vitae template export NAME DIR`: a built-in template's files, to start from.
pub fn export(name: &str, dir: &Path, force: bool, reporter: &mut Reporter) -> Result<(), Failure> {
    let Some(builtin) = engine::assets::builtin(name) else {
        reporter.emit(&unknown_template(name));
        return Err(Failure::Usage);
    };
    let prefix = format!("/templates/{}/", builtin.name);
    let files: Vec<(PathBuf, &str)> = builtin
        .files
        .iter()
        .map(|(vpath, text)| {
            (
                dir.join(vpath.strip_prefix(&prefix).unwrap_or(vpath)),
                *text,
            )
        })
        .collect();
    if !force && let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        reporter.emit(
            &Diagnostic::error(format!("`{}` already exists", existing.display()))
                .hint("pass --force to overwrite it"),
        );
        return Err(Failure::Input);
    }
    for (path, text) in &files {
        if let Err(e) = output::write_atomic(path, text.as_bytes()) {
            reporter.emit(&Diagnostic::error(format!(
                "cannot write `{}`: {e}",
                path.display()
            )));
            return Err(Failure::Input);
        }
        say!("wrote {}", path.display());
    }
    say!(
        "build with it: vitae build PROFILE --template {}",
        dir.display()
    );
    Ok(())
}
