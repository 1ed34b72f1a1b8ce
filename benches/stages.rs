//! Where one document's time goes, stage by stage, warm and in-process, per template.
//!
//!     cargo bench --bench stages [-- --runs N] [-- --profile examples/balaji-chaughule.yaml]
//!
//! One engine (fonts loaded, the standard library built) renders the profile's résumé with
//! each built-in template, `--runs` times; each stage is timed on its own and the medians are
//! printed: reading and validating the profile (with its photo), tailoring (the profile as
//! written: the cost of the pass itself), building and serialising the view, compiling
//! (Typst's evaluation and layout; its memo is cleared first, so nothing is answered from an
//! earlier run), exporting the PDF, and writing the file. One compile, as
//! `vitae build --no-tighten` does; fitting's extra compiles are that stage again.

use std::path::PathBuf;
use std::time::Instant;

use vitae::engine::{Engine, Input, TEMPLATES, Template};
use vitae::render;
use vitae::tailor::Tailoring;
use vitae::view::{self, Kind};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runs: usize = value("--runs")
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
        .max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let profile = value("--profile")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("examples/saurabh-kumar.yaml"));
    let engine = Engine::new();
    let out = tempfile::tempdir().unwrap();
    println!(
        "{}: warm, in-process, one compile, median of {runs} (ms)",
        profile.display()
    );
    println!(
        "{:10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "template", "load", "tailor", "view", "compile", "export", "write", "total"
    );
    for builtin in TEMPLATES {
        let template = Template::Builtin(builtin);
        let mut stages: [Vec<f64>; 6] = Default::default();
        for i in 0..runs + 1 {
            let mut lap = Instant::now();
            let mut take = |stage: usize, stages: &mut [Vec<f64>; 6]| {
                let now = Instant::now();
                // The first run warms the engine for this template: not counted.
                if i > 0 {
                    stages[stage].push((now - lap).as_secs_f64() * 1e3);
                }
                lap = now;
            };
            let opened = render::open(&profile, Default::default()).expect("the profile reads");
            take(0, &mut stages);
            let opened = render::tailor(&opened, &Tailoring::default()).expect("tailors");
            take(1, &mut stages);
            let options = render::view_options(
                Kind::Resume,
                &render::Options::default(),
                &opened.loaded,
                opened.photo.as_ref(),
            );
            let (view, _) = view::document(
                &opened.loaded.profile,
                &options,
                &view::ladder(&opened.loaded.profile, Kind::Resume)[0],
            );
            let data = serde_json::to_vec(&view).unwrap();
            take(2, &mut stages);
            comemo::evict(0);
            let input = Input {
                template: &template,
                data: typst::foundations::Bytes::new(data),
                photo: opened.photo.as_ref(),
                date: None,
            };
            let compiled = engine.compile(&input).expect("compiles");
            take(3, &mut stages);
            let pdf = engine.pdf(&compiled.document, None, None).expect("exports");
            take(4, &mut stages);
            vitae::output::write_atomic(&out.path().join("d.pdf"), &pdf).unwrap();
            take(5, &mut stages);
        }
        let median = |xs: &mut Vec<f64>| {
            xs.sort_by(f64::total_cmp);
            xs[xs.len() / 2]
        };
        let m: Vec<f64> = stages.iter_mut().map(median).collect();
        println!(
            "{:10} {:9.2} {:9.2} {:9.2} {:9.2} {:9.2} {:9.2} {:9.2}",
            builtin.name,
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            m.iter().sum::<f64>()
        );
    }
}
