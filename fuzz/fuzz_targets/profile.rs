//! Profile loading and validation: any bytes, YAML or JSON, strict or not. Never a panic; every
//! diagnostic's place lies inside the text, on character boundaries; a profile that loads
//! builds its view, and so does every variant it defines (or fails with located reasons).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vitae::diag::Diagnostic;
use vitae::profile::{LoadOptions, load};

fn located_sanely(d: &Diagnostic) {
    if let Some((file, span)) = &d.location {
        let text = &file.text;
        assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{d:?}"
        );
        let _ = d.position();
    }
    assert!(!d.message.is_empty());
}

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        match load("fuzz.yaml", data, LoadOptions { strict }) {
            Ok(loaded) => {
                loaded.warnings.iter().for_each(located_sanely);
                let view = vitae::view::build(&loaded.profile, &Default::default());
                serde_json::to_vec(&view).expect("the view serialises");
                for v in &loaded.profile.meta.variants {
                    let t = vitae::tailor::Tailoring {
                        variant: Some(v.name.value.clone()),
                        ..Default::default()
                    };
                    match vitae::tailor::tailor(&loaded, &t) {
                        Ok(t) => {
                            t.loaded.warnings.iter().for_each(located_sanely);
                            vitae::view::build(&t.loaded.profile, &Default::default());
                        }
                        Err(diags) => diags.iter().for_each(located_sanely),
                    }
                }
            }
            Err(diags) => {
                assert!(diags.iter().any(Diagnostic::is_error), "a failure says why");
                diags.iter().for_each(located_sanely);
            }
        }
    }
});
