//! `vitae data`: the JSON a template receives for a profile.

use super::args::{DataArgs, PaperArg};
use super::exit::{Failure, report_failed};
use super::printer::Reporter;
use crate::diag::Failed;
use crate::profile::LoadOptions;
use crate::render;
use crate::view::{self, Kind};

pub fn run(args: &DataArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let opened = render::open(&args.profile, LoadOptions::default())
        .map_err(|failed| report_failed(failed, reporter))?;
    opened.loaded.warnings.iter().for_each(|d| reporter.emit(d));
    let options = render::Options {
        paper: args.render.paper.map(PaperArg::paper),
        accent: args.render.accent.clone(),
        pdf_standard: args.render.pdf_standard,
        ..render::Options::default()
    };
    let options = render::view_options(
        Kind::Resume,
        &options,
        &opened.loaded,
        opened.photo.as_ref(),
    );
    let view = view::build(&opened.loaded.profile, &options);
    let json = serde_json::to_string_pretty(&view).map_err(|e| {
        report_failed(
            Failed::internal(format!("cannot serialise the view: {e}")),
            reporter,
        )
    })?;
    say!("{json}");
    Ok(())
}
