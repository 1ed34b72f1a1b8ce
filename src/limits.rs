//! Every bound vitae puts on its input, in one place (documented in `docs/limits.md`).
//!
//! A résumé is small: these limits sit far above any real profile and far below what would
//! exhaust the machine, so that no input — however hostile — can make vitae hang, eat all
//! memory or crash.

use std::time::Duration;

/// Largest profile or plan file read (1 MiB; a 30-page CV is about 100 KiB).
pub const MAX_TEXT_BYTES: u64 = 1 << 20;

/// Deepest nesting of lists and mappings in a profile or plan (real profiles use 6).
pub const MAX_DEPTH: usize = 64;

/// Most values in one document, counting those that aliases repeat.
pub const MAX_NODES: usize = 100_000;

/// Most values that YAML aliases (`*name`) may repeat in one document: enough to reuse a few
/// lists, far too few for an "alias bomb" (a few hundred bytes that expand to gigabytes).
pub const MAX_ALIAS_NODES: usize = 10_000;

/// Largest photo file read (64 MiB).
pub const MAX_PHOTO_BYTES: u64 = 64 << 20;

/// Widest or tallest photo, in pixels (a 48-megapixel phone photo is 8064 × 6048).
pub const MAX_PHOTO_SIDE: u64 = 16_384;

/// Most pixels in a photo (64 megapixels: 256 MiB once decoded).
pub const MAX_PHOTO_PIXELS: u64 = 64_000_000;

/// Largest file a custom template may read (fonts, images, data: 64 MiB).
pub const MAX_TEMPLATE_FILE_BYTES: u64 = 64 << 20;

/// Default time one document may take with a custom template (`--time-limit` overrides it).
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Address space of the process that renders a custom template's document (4 GiB).
pub const TEMPLATE_MEMORY_BYTES: u64 = 4 << 30;

/// The structural limits a parser enforces.
#[derive(Debug, Clone, Copy)]
pub struct Tree {
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_alias_nodes: usize,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_alias_nodes: MAX_ALIAS_NODES,
        }
    }
}

/// Texts one profile may be composed of: the profile, its overlays (`--with`) and assignments
/// (`--set`, a variant's or a plan job's `set`).
pub const MAX_LAYERS: usize = 64;

/// A font file read from `--font-path` or the system (the largest CJK collections are ~40 MiB).
pub const MAX_FONT_BYTES: u64 = 128 << 20;
