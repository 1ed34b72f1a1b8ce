//! The whole path, profile → view → Typst → PDF, through a built-in template chosen by the
//! first byte. A profile that loads must render: an error from a built-in template is a bug.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vitae::engine::{Engine, TEMPLATES, Template};
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, text)) = data.split_first() else {
        return;
    };
    let Ok(loaded) = vitae::profile::load("fuzz.yaml", text, Default::default()) else {
        return;
    };
    let template = Template::Builtin(&TEMPLATES[usize::from(choice) % TEMPLATES.len()]);
    let kind = if choice & 0x80 != 0 {
        Kind::Summary
    } else {
        Kind::Resume
    };
    let options = Options::default();
    let request = Request {
        profile: &loaded,
        photo: None,
        template: &template,
        kind,
        options: &options,
    };
    match render::lay_out(&request, engine()) {
        Ok(laid) => {
            render::export(&laid, &template, engine(), Format::Pdf)
                .expect("a laid-out document exports");
        }
        // Input errors are fine (a summary that cannot fit); vitae's own are not.
        Err(failed) => assert!(
            failed.cause == vitae::diag::Cause::Input,
            "{:?}",
            failed.diagnostics
        ),
    }
    engine().finished(1);
});
