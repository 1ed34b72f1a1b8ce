//! The render pipeline as a library: no command line, no files written.

use vitae::engine::{Engine, Template};
use vitae::render::{self, Format, Options, Request};
use vitae::view::Kind;

use crate::*;

#[test]
fn a_document_renders_through_the_library_without_the_cli() {
    let opened = render::open(&root().join("examples/minimal.yaml"), Default::default()).unwrap();
    let engine = Engine::new();
    let template = Template::resolve("compact").unwrap();
    let options = Options::default();
    let request = Request {
        profile: &opened.loaded,
        photo: opened.photo.as_ref(),
        template: &template,
        kind: Kind::Summary,
        options: &options,
    };
    let document = render::render(&request, &engine, Format::Pdf).unwrap();
    assert_eq!(document.pages, 1);
    assert_eq!(document.files.len(), 1);
    assert!(document.compiles >= 1);
    assert!(flat_text(&document.files[0]).contains(&opened.loaded.profile.basics.name));
    let pngs = render::render(&request, &engine, Format::Png { ppi: 30.0 }).unwrap();
    assert!(pngs.files[0].starts_with(b"\x89PNG"));
}
