//! `vitae data`: the JSON a template receives for a profile.

use super::args::{DataArgs, PaperArg};
use super::exit::{Failure, report_failed};
use super::printer::Reporter;
use crate::diag::Failed;
use crate::profile::LoadOptions;
use crate::render;
use crate::view::{self, Kind};

pub fn run(args: &DataArgs, reporter: &mut Reporter) -> Result<(), Failure> {
    let versions = args.tailor.versions(reporter)?;
    if versions.variants.len() > 1 || versions.variants.iter().any(|v| v == "all") {
        reporter.emit(
            &crate::diag::Diagnostic::error("`vitae data` shows one variant")
                .hint("give one name to --variant"),
        );
        return Err(Failure::Usage);
    }
    let opened = render::open_with(&args.profile, LoadOptions::default(), &args.tailor.with)
        .and_then(|o| {
            let tailoring = crate::tailor::Tailoring {
                variant: versions.variants.first().cloned(),
                tags: versions.tags.clone(),
                exclude_tags: versions.exclude_tags.clone(),
                set: versions.set.clone(),
            };
            render::tailor(&o, &tailoring)
        })
        .map_err(|failed| report_failed(failed, reporter))?;
    opened.loaded.warnings.iter().for_each(|d| reporter.emit(d));
    let options = render::Options {
        paper: args.render.paper.map(PaperArg::paper),
        accent: args.render.accent.clone(),
        pdf_standard: args.render.pdf_standard,
        lang: args.render.lang.clone(),
        font: args.render.fonts.font.clone(),
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
