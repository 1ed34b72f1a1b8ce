//! Inline Markdown: never a panic, text never disappears, and text without the promised
//! syntax (`*`, `` ` ``, `[`, `<`) comes out exactly as typed, spaces folded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vitae::view::markdown::{plain, runs};

fuzz_target!(|text: &str| {
    let out = runs(text);
    let folded = text
        .split([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !folded.trim().is_empty() {
        assert!(!plain(&out).trim().is_empty(), "{text:?} disappeared");
    }
    if !text.contains(['*', '`', '[', '<']) {
        assert_eq!(plain(&out), folded, "{text:?} changed");
    }
    for run in &out {
        assert!(!run.text.is_empty());
    }
});
