//! vitae: a profile (JSON Resume in YAML or JSON) → print-ready PDF résumés through embedded
//! Typst templates.
//!
//! Data flows one way: [`profile`] (bytes → validated model, with positions) → [`view`]
//! (render-ready data) → [`engine`] (Typst over embedded templates and fonts) → [`output`]
//! (atomic files). [`cli`] drives it; only its printer talks to the terminal.

pub mod ats;
pub mod cli;
pub mod diag;
pub mod engine;
pub mod files;
pub mod fit;
pub mod formats;
pub mod limits;
pub mod locale;
pub mod output;
pub mod photo;
pub mod profile;
pub mod render;
pub mod tailor;
pub mod view;
