//! PNG and PDF flowcharts: the PNG's exact size from the SVG's and the scale, text drawn
//! inside a node's box, pure white background; the PDF's one page, its size, the embedded
//! font and its extractable text; identical bytes on every run; the CLI's `-o`, pipe, terminal
//! refusal and failures that write nothing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use carepath::export::{self, raster, Engine, Format, RenderOptions, Scale};
use carepath::model::PathwayFile;
use common::{carepath, root};

fn small_path() -> PathBuf {
    root().join("tests/fixtures/export/small.json")
}

fn all_path() -> PathBuf {
    root().join("pathways/adult-all.json")
}

fn pathway(path: &Path) -> PathwayFile {
    serde_json::from_str(&fs::read_to_string(path).expect("pathway reads")).expect("pathway parses")
}

fn render(p: &PathwayFile, format: Format) -> Vec<u8> {
    export::render(p, &RenderOptions { format, engine: Engine::Builtin, highlight: None }).expect("renders")
}

/// The built-in SVG of a pathway.
fn svg(p: &PathwayFile) -> String {
    String::from_utf8(render(p, Format::Svg)).expect("UTF-8")
}

/// The ALL pathway's SVG and its PNG at the default scale, drawn once for every test here.
fn all() -> &'static (String, Vec<u8>) {
    static ALL: OnceLock<(String, Vec<u8>)> = OnceLock::new();
    ALL.get_or_init(|| {
        let p = pathway(&all_path());
        (svg(&p), render(&p, Format::Png(Scale::default())))
    })
}

/// The `width` and `height` of an SVG's root, in SVG pixels.
fn svg_size(svg: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses");
    let attr = |name| doc.root_element().attribute(name).expect("size attribute").parse::<f64>().expect("a number");
    (attr("width"), attr("height"))
}

/// A decoded PNG: width, height and RGBA pixels.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let mut reader = png::Decoder::new(bytes).read_info().expect("PNG header decodes");
        let mut rgba = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut rgba).expect("PNG pixels decode");
        assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Rgba, png::BitDepth::Eight));
        Image { width: info.width, height: info.height, rgba }
    }

    fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2], self.rgba[i + 3]]
    }

    /// The pixels of a region (clipped to the image), in SVG pixels at `scale`.
    fn region(&self, (x0, y0, x1, y1): Box4, scale: f64) -> Vec<[u8; 4]> {
        let px = |v: f64, max: u32| ((v * scale).round().max(0.0) as u32).min(max);
        let (x0, x1, y0, y1) = (px(x0, self.width), px(x1, self.width), px(y0, self.height), px(y1, self.height));
        (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| self.pixel(x, y)).collect()
    }
}

/// A box in SVG pixels: (left, top, right, bottom).
type Box4 = (f64, f64, f64, f64);

/// Text-coloured: far darker than any node fill (the lightest text colour is #1f2937).
fn is_dark(p: &[u8; 4]) -> bool {
    p[..3].iter().all(|&c| c < 128)
}

/// The box a node's label line is drawn in, in SVG pixels: from the `<text>` whose content is
/// `label` (its x, baseline y, size and anchor) and the bundled font's advance widths; and the
/// box of the node's shape (the `<rect>` of the `<g class="node">` around it).
fn label_and_node_box(svg: &str, label: &str) -> (Box4, Box4) {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses");
    let in_node = |n: &roxmltree::Node| n.attribute("class").is_some_and(|c| c.starts_with("node "));
    let text = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.text() == Some(label) && n.ancestors().any(|a| in_node(&a)))
        .unwrap_or_else(|| panic!("a node's <text> reads {label:?}"));
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).expect(a).parse::<f64>().expect("a number");
    let (x, y, size) = (num(text, "x"), num(text, "y"), num(text, "font-size"));
    assert_eq!(text.attribute("text-anchor"), Some("middle"));
    let w = raster::text_width(label, size, text.attribute("font-weight") == Some("bold"));
    // Ascenders reach about 0.75 em above the baseline; the box stops at the baseline.
    let label_box = (x - w / 2.0, y - 0.7 * size, x + w / 2.0, y);
    let node = text.ancestors().find(in_node).expect("node");
    let rect = node.children().find(|n| n.has_tag_name("rect")).expect("the node is a box");
    let (rx, ry) = (num(rect, "x"), num(rect, "y"));
    let node_box = (rx, ry, rx + num(rect, "width"), ry + num(rect, "height"));
    (label_box, node_box)
}

/// Asserts the label's text was drawn inside the node's box: its box is within the node's
/// and holds text-coloured pixels.
fn assert_label_drawn(image: &Image, svg: &str, label: &str, scale: f64) {
    let (label_box, node_box) = label_and_node_box(svg, label);
    assert!(
        node_box.0 < label_box.0 && label_box.2 < node_box.2 && node_box.1 < label_box.1 && label_box.3 < node_box.3,
        "{label:?}: its text {label_box:?} is within its box {node_box:?}"
    );
    let dark = image.region(label_box, scale).iter().filter(|p| is_dark(p)).count();
    assert!(dark > 0, "{label:?}: text pixels in {label_box:?}");
}

/// Asserts the outer margin (the left and bottom 15 SVG pixels, where nothing is drawn) is
/// pure opaque white.
fn assert_margin_white(image: &Image, svg: &str, scale: f64) {
    let (w, h) = svg_size(svg);
    for region in [(0.0, 0.0, 15.0, h), (0.0, h - 15.0, w, h)] {
        let pixels = image.region(region, scale);
        assert!(!pixels.is_empty());
        assert!(pixels.iter().all(|p| *p == [255, 255, 255, 255]), "white margin {region:?}");
    }
}

/// The PNG size the SVG's size and the scale give: each side rounded up.
fn expected_size(svg: &str, scale: f64) -> (u32, u32) {
    let (w, h) = svg_size(svg);
    ((w * scale).ceil() as u32, (h * scale).ceil() as u32)
}

#[test]
fn all_png_has_the_svg_size_times_two_and_its_labels() {
    let (svg, png) = all();
    let image = Image::decode(png);
    assert_eq!((image.width, image.height), expected_size(svg, 2.0));
    // The ALL flowchart is a few thousand pixels a side at 2×, whatever the layout's details.
    assert!((2000..16_384).contains(&image.width) && (2000..16_384).contains(&image.height));
    for label in ["Adult ALL diagnosed", "Lumbar puncture: CSF exam", "Complete remission"] {
        assert_label_drawn(&image, svg, label, 2.0);
    }
    assert_margin_white(&image, svg, 2.0);
}

#[test]
fn png_records_its_resolution() {
    let (_, png) = all();
    let reader = png::Decoder::new(png.as_slice()).read_info().expect("decodes");
    let dims = reader.info().pixel_dims.expect("a pHYs chunk");
    // 192 dpi (96 × 2) is 7559 pixels per metre.
    assert_eq!((dims.xppu, dims.yppu, dims.unit), (7559, 7559, png::Unit::Meter));
}

#[test]
fn small_png_at_each_scale() {
    let p = pathway(&small_path());
    let svg = svg(&p);
    for scale in [1.0f32, 2.0, 3.5] {
        let image = Image::decode(&render(&p, Format::Png(Scale::new(scale).expect("in range"))));
        assert_eq!((image.width, image.height), expected_size(&svg, f64::from(scale)), "scale {scale}");
        assert_label_drawn(&image, &svg, "Diagnosis", f64::from(scale));
        assert_margin_white(&image, &svg, f64::from(scale));
    }
}

#[test]
fn png_and_pdf_are_byte_identical_across_runs() {
    let p = pathway(&small_path());
    let png = Format::Png(Scale::default());
    let adult_all = pathway(&all_path());
    // svg2pdf's own order varies with a HashMap's seed: several runs make a difference likely.
    for (name, p, format) in
        [("small PNG", &p, png), ("small PDF", &p, Format::Pdf), ("ALL PDF", &adult_all, Format::Pdf)]
    {
        let first = render(p, format);
        for _ in 0..4 {
            assert!(render(p, format) == first, "{name}: the same bytes every time");
        }
    }
    assert!(render(&adult_all, png) == all().1, "ALL PNG: the same bytes every time");
}

#[test]
fn too_large_a_png_is_refused() {
    let p = pathway(&all_path());
    let (width, height) = expected_size(&all().0, 8.0);
    assert!(width.max(height) > 16_384, "{width} × {height} is over the limit");
    let err = export::render(
        &p,
        &RenderOptions { format: Format::Png(Scale::new(8.0).expect("in range")), ..RenderOptions::default() },
    )
    .expect_err("over the limit");
    assert!(
        matches!(err, export::RenderError::TooLarge { width: w, height: h } if (w, h) == (width, height)),
        "{err:?}, expected {width} × {height}"
    );
    assert!(err.to_string().contains("use a smaller --scale, or --format pdf"), "{err}");
}

/// The numbers of the one `/MediaBox [0 0 W H]` of a PDF.
fn media_box(pdf: &str) -> (f64, f64) {
    let start = pdf.find("/MediaBox [").expect("a MediaBox") + "/MediaBox [".len();
    let numbers: Vec<f64> = pdf[start..pdf[start..].find(']').expect("closed") + start]
        .split_whitespace()
        .map(|n| n.parse().expect("a number"))
        .collect();
    assert_eq!(numbers[..2], [0.0, 0.0]);
    (numbers[2], numbers[3])
}

#[test]
fn pdf_is_one_page_the_picture_size_with_the_font() {
    for path in [small_path(), all_path()] {
        let p = pathway(&path);
        let pdf = render(&p, Format::Pdf);
        assert!(pdf.starts_with(b"%PDF-"), "{}", path.display());
        // Only content streams are compressed: the object dictionaries are plain text.
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page").count(), 2, "the page tree and one page");
        assert_eq!(text.matches("/Type /Pages").count(), 1);
        assert_eq!(text.matches("/Count 1").count(), 1);
        assert_eq!(text.matches("/MediaBox").count(), 1);
        // One SVG pixel is 0.75 pt (96 per inch); svg2pdf computes in f32.
        let (w, h) = svg_size(&svg(&p));
        let (mw, mh) = media_box(&text);
        assert!((mw - w * 0.75).abs() < 0.001 && (mh - h * 0.75).abs() < 0.001, "{mw} × {mh} for {w} × {h}");
        assert_eq!(text.matches("/FontFile2").count(), 2, "regular and bold embedded");
        assert!(text.contains("+DejaVuSans\n"), "the regular face's subset");
        assert!(text.contains("+DejaVuSans-Bold"), "the bold face's subset");
    }
}

#[test]
fn pdf_text_is_extractable() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("SKIP pdf_text_is_extractable: pdftotext is not on PATH (apt-get install poppler-utils)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("all.pdf");
    fs::write(&pdf, render(&pathway(&all_path()), Format::Pdf)).expect("writes");
    let out = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for words in ["Adult ALL diagnosed", "Lumbar puncture: CSF exam", "Legend", "◦ Vincristine"] {
        assert!(text.contains(words), "{words:?} in the PDF's text");
    }
}

#[test]
fn cli_writes_png_and_pdf_with_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (png, pdf) = (dir.path().join("small.png"), dir.path().join("small.pdf"));
    let svg = svg(&pathway(&small_path()));
    for (format, out, scale) in [("png", &png, "1.5"), ("pdf", &pdf, "")] {
        let mut cmd = carepath();
        cmd.arg("render").arg(small_path()).args(["--format", format, "-o"]).arg(out);
        if !scale.is_empty() {
            cmd.args(["--scale", scale]);
        }
        cmd.assert().success().stdout("");
    }
    let image = Image::decode(&fs::read(&png).expect("PNG written"));
    assert_eq!((image.width, image.height), expected_size(&svg, 1.5));
    assert!(fs::read(&pdf).expect("PDF written").starts_with(b"%PDF-"));
    let mut names: Vec<_> = fs::read_dir(dir.path()).expect("lists").map(|e| e.expect("entry").file_name()).collect();
    names.sort();
    assert_eq!(names, ["small.pdf", "small.png"], "no temporary file left");
}

#[test]
fn cli_pipes_png_but_refuses_a_terminal() {
    let out = carepath().arg("render").arg(small_path()).args(["--format", "png"]).output().expect("runs");
    assert!(out.status.success());
    let p = pathway(&small_path());
    assert_eq!(out.stdout, render(&p, Format::Png(Scale::default())), "a pipe gets the PNG");
    // `script` runs the command with a terminal as its standard output.
    let bin = assert_cmd::cargo::cargo_bin("carepath");
    let line = format!("{} render {} --format pdf", bin.display(), small_path().display());
    let Ok(out) = Command::new("script").args(["-qec", &line, "/dev/null"]).current_dir(root()).output() else {
        eprintln!("SKIP cli_pipes_png_but_refuses_a_terminal (terminal half): `script` is not on PATH (util-linux)");
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("--format pdf is binary and standard output is a terminal"), "{shown}");
    assert!(shown.contains("-o FILE"), "{shown}");
    assert!(!shown.contains("%PDF"), "nothing binary reached the terminal");
}

#[test]
fn cli_failures_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.png");
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{ \"id\": ").expect("writes");
    carepath().arg("render").arg(&bad).args(["--format", "png", "-o"]).arg(&out).assert().code(1);
    let cases: [(&[&str], &str); 3] = [
        (&["--format", "png", "--scale", "9"], "the scale 9 is not a number from 0.25 to 8"),
        (&["--format", "svg", "--scale", "2"], "--scale applies to --format png only"),
        (&["--format", "png", "--scale", "8"], "is too large"),
    ];
    for (args, message) in cases {
        let path = if message == "is too large" { all_path() } else { small_path() };
        let assert = carepath().arg("render").arg(path).args(args).arg("-o").arg(&out).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(fs::read_dir(dir.path()).expect("lists").count(), 1, "only bad.json: nothing written");
}
