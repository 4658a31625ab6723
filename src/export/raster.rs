//! PNG and PDF of a flowchart, drawn in-process from its SVG (resvg and tiny-skia for PNG,
//! svg2pdf for PDF): no external program, and only the font bundled in `assets/fonts/`
//! (DejaVu Sans, regular and bold, embedded in the binary), so the pixels and the pages are the
//! same on every machine whatever fonts it has installed.
//!
//! Every family an SVG names (`Helvetica, Arial, sans-serif` in the built-in SVG, `Times` or
//! `Helvetica` in Graphviz's) resolves to the bundled font: the generic families are mapped to
//! it and usvg falls back to the serif family, which is mapped to it too. The PNG has a white
//! background and records its resolution (96 dpi × scale), so slide and word-processing
//! programs place it at the picture's size. The PDF is one page the size of the picture (one
//! SVG pixel is 0.75 pt, CSS's 96 per inch), its text real text in an embedded subset of the font.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;

use super::RenderError;

/// DejaVu Sans 2.37 (Bitstream Vera and Arev licences, `assets/fonts/LICENSE`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold 2.37, for the SVGs' `font-weight="bold"`.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name of the bundled font.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// CSS pixels per inch: an SVG's user unit, and the PNG's resolution at scale 1.
const CSS_DPI: f32 = 96.0;
/// Most pixels on one side of a PNG.
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels of a PNG in all (4 bytes each while drawing: 400 MB).
pub const MAX_PIXELS: u64 = 100_000_000;

/// How much larger than the SVG's size a PNG is drawn: 2 by default (crisp on slides and
/// high-density screens), from 0.25 to 8.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(f32);

// A `Scale` is never NaN (`Scale::new` refuses it), so equality is an equivalence.
impl Eq for Scale {}

impl Default for Scale {
    fn default() -> Self {
        Scale(2.0)
    }
}

impl Scale {
    /// Least scale.
    pub const MIN: f32 = 0.25;
    /// Greatest scale.
    pub const MAX: f32 = 8.0;

    /// A scale, if it is a number from [`Scale::MIN`] to [`Scale::MAX`].
    pub fn new(scale: f32) -> Result<Self, RenderError> {
        if (Self::MIN..=Self::MAX).contains(&scale) {
            Ok(Scale(scale))
        } else {
            Err(RenderError::BadScale(scale.to_string()))
        }
    }

    /// The factor.
    pub fn get(self) -> f32 {
        self.0
    }
}

/// The font database: the bundled faces only (no system font is ever loaded), every generic
/// family mapped to them.
fn fontdb() -> usvg::fontdb::Database {
    let mut db = usvg::fontdb::Database::new();
    for face in [REGULAR, BOLD] {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
    }
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    db.set_cursive_family(FONT_FAMILY);
    db.set_fantasy_family(FONT_FAMILY);
    db
}

/// Parses an SVG into usvg's tree, its text laid out with the bundled font.
///
/// Complexity: O(SVG size) plus text shaping, linear in the text.
fn tree(svg: &[u8]) -> Result<usvg::Tree, RenderError> {
    let mut options = usvg::Options { font_family: FONT_FAMILY.to_string(), ..usvg::Options::default() };
    options.fontdb = Arc::new(fontdb());
    usvg::Tree::from_data(svg, &options).map_err(|e| RenderError::Svg(e.to_string()))
}

/// The PNG size of a picture of `width` × `height` SVG pixels at `scale`: each side rounded
/// up to whole pixels, as resvg does.
pub fn png_size(width: f32, height: f32, scale: Scale) -> (u32, u32) {
    let side = |v: f32| (v * scale.0).ceil().max(1.0) as u32;
    (side(width), side(height))
}

/// The PNG of an SVG at `scale`: opaque RGBA on white, with its resolution (96 dpi × scale) in
/// a `pHYs` chunk. Deterministic: the same SVG and scale give the same bytes.
///
/// Complexity: O(pixels) for drawing and compressing, plus parsing the SVG.
pub(crate) fn to_png(svg: &[u8], scale: Scale) -> Result<Vec<u8>, RenderError> {
    let tree = tree(svg)?;
    let (width, height) = png_size(tree.size().width(), tree.size().height(), scale);
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(RenderError::TooLarge { width, height });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RenderError::TooLarge { width, height })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale.0, scale.0), &mut pixmap.as_mut());
    // Opaque everywhere (white below everything), so tiny-skia's premultiplied RGBA is plain
    // RGBA, written as it is.
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    // Pixels per metre at 96 dpi × scale (one inch is 0.0254 m).
    let ppm = (CSS_DPI * scale.0 / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
    let written = encoder.write_header().and_then(|mut w| w.write_image_data(pixmap.data()));
    written.map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(out)
}

/// The PDF of an SVG: one page the size of the picture (0.75 pt per SVG pixel), vector
/// shapes, text as real (selectable, searchable) text in an embedded subset of the bundled
/// font. Deterministic: no date is written, and the objects are put in one order
/// ([`super::pdf_order`]).
///
/// Complexity: O(SVG size) plus font subsetting, linear in the glyphs used.
pub(crate) fn to_pdf(svg: &[u8]) -> Result<Vec<u8>, RenderError> {
    let tree = tree(svg)?;
    let page = svg2pdf::PageOptions { dpi: CSS_DPI };
    let pdf = svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    // svg2pdf's object order changes from run to run; put it in one order.
    super::pdf_order::canonical(&pdf)
        .ok_or_else(|| RenderError::Pdf("svg2pdf wrote a PDF of a layout carepath cannot order".to_string()))
}

/// The bundled regular and bold faces, parsed once.
fn faces() -> &'static Option<(ttf_parser::Face<'static>, ttf_parser::Face<'static>)> {
    static FACES: OnceLock<Option<(ttf_parser::Face<'static>, ttf_parser::Face<'static>)>> = OnceLock::new();
    FACES.get_or_init(|| Some((ttf_parser::Face::parse(REGULAR, 0).ok()?, ttf_parser::Face::parse(BOLD, 0).ok()?)))
}

/// The width in pixels of one line of `text` at `size` px in the bundled font (bold or
/// regular), as PNG and PDF draw it: the sum of its characters' advance widths (kerning,
/// a few tenths of a pixel a line, left out). A character the font lacks counts as the
/// font's missing-glyph box. For a layout to measure labels instead of estimating them.
///
/// Complexity: O(characters), one cmap look-up each.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some((regular, bold_face)) = faces() else { return 0.0 };
    let face = if bold { bold_face } else { regular };
    let units: u32 = text
        .chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            u32::from(face.glyph_hor_advance(glyph).unwrap_or(0))
        })
        .sum();
    f64::from(units) * size / f64::from(face.units_per_em())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bounds() {
        assert_eq!(Scale::default().get(), 2.0);
        assert_eq!(Scale::new(0.25).map(Scale::get).ok(), Some(0.25));
        assert_eq!(Scale::new(8.0).map(Scale::get).ok(), Some(8.0));
        for bad in [0.0, 0.2, 8.5, f32::NAN, f32::INFINITY, -1.0] {
            assert!(matches!(Scale::new(bad), Err(RenderError::BadScale(_))), "{bad}");
        }
    }

    #[test]
    fn png_size_rounds_up() {
        assert_eq!(png_size(2610.6, 3133.0, Scale::default()), (5222, 6266));
        assert_eq!(png_size(100.0, 50.0, Scale(0.25)), (25, 13));
    }

    #[test]
    fn only_the_bundled_font_is_loaded() {
        let db = fontdb();
        let families: Vec<String> = db.faces().map(|f| f.families[0].0.clone()).collect();
        assert_eq!(families, ["DejaVu Sans", "DejaVu Sans"]);
        for generic in [usvg::fontdb::Family::SansSerif, usvg::fontdb::Family::Serif] {
            assert_eq!(db.family_name(&generic), FONT_FAMILY);
        }
    }

    #[test]
    fn text_width_sums_advances() {
        assert_eq!(text_width("", 12.0, false), 0.0);
        let one = text_width("M", 12.0, false);
        assert!(one > 0.0);
        assert_eq!(text_width("MMM", 12.0, false), 3.0 * one);
        assert_eq!(text_width("M", 24.0, false), 2.0 * one);
        assert!(text_width("M", 12.0, true) > one);
    }

    #[test]
    fn the_font_has_every_character_the_svg_writers_use() {
        let Some((regular, bold)) = faces() else { panic!("the bundled faces parse") };
        // Listed bullets and options, range dash, indent, apostrophe; symbols authors type.
        for c in ['\u{2022}', '\u{25e6}', '\u{2013}', '\u{a0}', '\u{2019}', '≥', '≤', '→', '±', 'µ', 'é', 'ß']
        {
            assert!(regular.glyph_index(c).is_some() && bold.glyph_index(c).is_some(), "{c:?}");
        }
    }

    #[test]
    fn bad_svg_is_an_error() {
        assert!(matches!(to_png(b"<svg", Scale::default()), Err(RenderError::Svg(_))));
        assert!(matches!(to_pdf(b"not svg"), Err(RenderError::Svg(_))));
    }
}
