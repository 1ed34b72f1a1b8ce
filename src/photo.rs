//! The profile's photo (`basics.image`): read from disk beside the profile, recognised by its
//! content, measured and decoded once before any template sees it.
//!
//! Whatever is wrong with a photo — a URL, a missing, empty, corrupt or truncated file, a FIFO,
//! an image of 40,000 × 40,000 pixels — is an input error located at `basics.image`, found by
//! `vitae check` as well as `vitae build`, never a crash or an error inside a template.

use std::io::Cursor;
use std::path::Path;

use typst::foundations::Bytes;

use crate::diag::Diagnostic;
use crate::files::{self, human_bytes};
use crate::limits::{MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE};
use crate::profile::Loaded;

/// An image the document shows, served at a fixed virtual path named after its format.
#[derive(Debug, Clone)]
pub struct Photo {
    /// `/vitae/photo.png`, `.jpg`, `.gif`, `.webp` or `.svg`.
    pub path: &'static str,
    pub bytes: Bytes,
    /// `png`, `jpg`, `gif`, `webp` or `svg`.
    pub format: &'static str,
    /// Size in pixels (an SVG's in its own units).
    pub width: u32,
    pub height: u32,
}

/// What a photo file holds, told by its first bytes (not by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Format {
    fn sniff(bytes: &[u8]) -> Option<Format> {
        let head = &bytes[..bytes.len().min(1024)];
        if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if head.starts_with(b"\xff\xd8\xff") {
            Some(Format::Jpeg)
        } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
            Some(Format::Webp)
        } else {
            let text = String::from_utf8_lossy(head);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            let svg =
                (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--"))
                    && text.contains("<svg");
            svg.then_some(Format::Svg)
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Svg => "svg",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Format::Png => "/vitae/photo.png",
            Format::Jpeg => "/vitae/photo.jpg",
            Format::Gif => "/vitae/photo.gif",
            Format::Webp => "/vitae/photo.webp",
            Format::Svg => "/vitae/photo.svg",
        }
    }
}

/// The profile's photo, if it has one: read relative to the profile at `profile_path`.
pub fn load(profile_path: &Path, loaded: &Loaded) -> Result<Option<Photo>, Diagnostic> {
    let Some(image) = &loaded.profile.basics.image else {
        return Ok(None);
    };
    let at = |d: Diagnostic| loaded.at(d, image.span.clone()).field("basics.image");
    let value = image.value.as_str();
    if value.contains("://") || value.starts_with("data:") {
        return Err(at(Diagnostic::error("the photo must be a local file, not a URL")
            .hint("vitae never downloads anything: save the image beside the profile and write its file name")));
    }
    let path = profile_path.parent().unwrap_or(Path::new("")).join(value);
    let bytes = files::read(&path, MAX_PHOTO_BYTES).map_err(|e| {
        let hint = match e {
            files::ReadError::NotFound => "the path is relative to the profile file",
            files::ReadError::TooLarge { .. } => {
                "a photo a few hundred pixels wide is plenty for print; save a smaller copy"
            }
            _ => "point `image` at a PNG, JPEG or SVG file",
        };
        at(
            Diagnostic::error(format!("cannot read the photo `{}`: {e}", path.display()))
                .hint(hint),
        )
    })?;
    let photo = verify(bytes).map_err(|message| {
        at(Diagnostic::error(format!("the photo `{value}` {message}"))
            .hint("export it again as PNG or JPEG from an image editor"))
    })?;
    Ok(Some(photo))
}

/// Recognise, measure and decode a photo, exactly as the templates will.
pub fn verify(bytes: Vec<u8>) -> Result<Photo, String> {
    if bytes.is_empty() {
        return Err("is an empty file".into());
    }
    let format = Format::sniff(&bytes)
        .ok_or("is not an image vitae can show (PNG, JPEG, GIF, WebP or SVG)")?;
    let bytes = Bytes::new(bytes);
    let (width, height) = match format {
        Format::Svg => {
            let tree = usvg::Tree::from_data(&bytes, &usvg::Options::default())
                .map_err(|e| format!("is not a valid SVG image: {e}"))?;
            embedded_images(tree.root())?;
            typst::visualize::SvgImage::new(bytes.clone())
                .map_err(|_| "is an SVG image Typst cannot read".to_string())?;
            let size = tree.size();
            (size.width().round() as u32, size.height().round() as u32)
        }
        raster => {
            let size = measure(&bytes)?;
            let format = match raster {
                Format::Png => typst::visualize::ExchangeFormat::Png,
                Format::Jpeg => typst::visualize::ExchangeFormat::Jpg,
                Format::Gif => typst::visualize::ExchangeFormat::Gif,
                _ => typst::visualize::ExchangeFormat::Webp,
            };
            // The same call the template's `image` makes (memoised): if it decodes here, it
            // decodes there.
            typst::visualize::RasterImage::plain(bytes.clone(), format)
                .map_err(|e| format!("cannot be decoded: {e}"))?;
            size
        }
    };
    Ok(Photo {
        path: format.path(),
        bytes,
        format: format.name(),
        width,
        height,
    })
}

/// Width and height from the image's header, refused over the limits before anything is
/// decoded (decoding a 40,000 × 40,000 image takes gigabytes).
fn measure(bytes: &[u8]) -> Result<(u32, u32), String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("has a damaged header: {e}"))?;
    let (w64, h64) = (u64::from(w), u64::from(h));
    if w == 0 || h == 0 {
        return Err(format!("is {w} × {h} pixels: it has no picture"));
    }
    if w64 > MAX_PHOTO_SIDE || h64 > MAX_PHOTO_SIDE || w64 * h64 > MAX_PHOTO_PIXELS {
        return Err(format!(
            "is {w} × {h} pixels, more than vitae reads (at most {MAX_PHOTO_SIDE} pixels a side and {} megapixels; {} on disk)",
            MAX_PHOTO_PIXELS / 1_000_000,
            human_bytes(MAX_PHOTO_BYTES)
        ));
    }
    Ok((w, h))
}

/// Raster images inside an SVG obey the same limits as a photo.
fn embedded_images(group: &usvg::Group) -> Result<(), String> {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => embedded_images(g)?,
            usvg::Node::Image(image) => match image.kind() {
                usvg::ImageKind::JPEG(data)
                | usvg::ImageKind::PNG(data)
                | usvg::ImageKind::GIF(data)
                | usvg::ImageKind::WEBP(data) => {
                    measure(data).map_err(|e| format!("holds an image that {e}"))?;
                }
                usvg::ImageKind::SVG(tree) => embedded_images(tree.root())?,
            },
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG declaring `w` × `h` pixels in its header, and holding none.
    pub fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut chunk = b"IHDR".to_vec();
        chunk.extend(w.to_be_bytes());
        chunk.extend(h.to_be_bytes());
        chunk.extend([8, 0, 0, 0, 0]);
        let mut v = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d".to_vec();
        v.extend(&chunk);
        v.extend(crc32(&chunk).to_be_bytes());
        for empty in [b"IDAT", b"IEND"] {
            v.extend([0, 0, 0, 0]);
            v.extend(empty);
            v.extend(crc32(empty).to_be_bytes());
        }
        v
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xedb8_8320 & (!(crc & 1)).wrapping_add(1));
            }
        }
        !crc
    }

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(Format::sniff(&png_header(1, 1)), Some(Format::Png));
        assert_eq!(Format::sniff(b"\xff\xd8\xff\xe0"), Some(Format::Jpeg));
        assert_eq!(
            Format::sniff(b"<?xml version='1.0'?>\n<svg xmlns='x'/>"),
            Some(Format::Svg)
        );
        assert_eq!(Format::sniff(b"hello"), None);
    }

    #[test]
    fn broken_photos_are_refused_with_a_reason() {
        assert!(verify(Vec::new()).unwrap_err().contains("empty"));
        assert!(
            verify(b"not an image".to_vec())
                .unwrap_err()
                .contains("not an image")
        );
        let huge = verify(png_header(40_000, 40_000)).unwrap_err();
        assert!(huge.contains("40000 × 40000 pixels"), "{huge}");
        let truncated = verify(png_header(10, 10)).unwrap_err();
        assert!(
            truncated.contains("cannot be decoded") || truncated.contains("damaged"),
            "{truncated}"
        );
        assert!(verify(b"<svg xmlns='http://www.w3.org/2000/svg'><g".to_vec()).is_err());
    }
}
