//! Histograms of a probabilistic sensitivity run, as SVG drawn by carepath itself: per group
//! of patient classes, one panel per reported quantity (or the one `--outcome` names), its
//! samples in equal bins between their least and greatest value, with the mean and the
//! 2.5th–97.5th percentiles marked. Labels are measured in the bundled font; every text goes
//! through [`xml_text`]. The bytes depend on the input only.

use std::fmt::Write as _;

use super::render::{figure_lines, run_line, NOT_BOUNDS};
use super::{Psa, Quantity, Summary};
use crate::economics::tornado::{lines_at, n, wrap, wrap_in};
use crate::model::PathwayFile;
use crate::text::escape::xml_text;
use crate::text::number::number_with;
use crate::text::plain::SHORT_NOTICE;

const WIDTH: f64 = 960.0;
const MARGIN: f64 = 24.0;
/// Height of a panel's plot area.
const PLOT: f64 = 110.0;
/// Bins per histogram.
const BINS: usize = 40;
const BAR_FILL: &str = "#2563eb";
const BAND_FILL: &str = "#dbeafe";
const INK: &str = "#111827";
const GREY: &str = "#4b5563";
const MEAN: &str = "#ea580c";

/// A value as a label: a chance in percent, a time in months, a cost (its currency is in the
/// panel's title), QALYs.
fn label(q: Quantity, x: f64) -> String {
    match q {
        Quantity::Months => {
            let months = number_with(x, 1);
            format!("{months} month{}", if months == "1" { "" } else { "s" })
        }
        Quantity::Cost => crate::text::number::amount(x, 0),
        Quantity::Qalys => format!("{} QALYs", number_with(x, 2)),
        _ => format!("{}%", number_with(x * 100.0, 1)),
    }
}

/// Counts of `xs` in [`BINS`] equal bins from `lo` to `hi` (the last bin holds `hi`).
pub(super) fn bins(xs: &[f64], lo: f64, hi: f64) -> Vec<usize> {
    let mut counts = vec![0; BINS];
    let width = (hi - lo) / BINS as f64;
    for &x in xs {
        let b = if width > 0.0 { (((x - lo) / width) as usize).min(BINS - 1) } else { 0 };
        counts[b] += 1;
    }
    counts
}

/// The histograms of `psa` as one SVG document; `only` keeps the panels of one quantity.
pub fn render_svg(pathway: &PathwayFile, psa: &Psa, only: Option<Quantity>) -> String {
    let full = WIDTH - 2.0 * MARGIN;
    let mut body = String::new();
    let title = format!("{}: probabilistic sensitivity analysis", pathway.title);
    let small = format!("font-size=\"11\" fill=\"{GREY}\"");
    let mut y = MARGIN + 18.0;
    y = lines_at(
        &mut body,
        &wrap_in(&title, 18.0, true, full),
        MARGIN,
        y,
        24.0,
        &format!("font-size=\"18\" font-weight=\"bold\" fill=\"{INK}\""),
    );
    let mut intro = vec![run_line(psa)];
    intro.extend(figure_lines(psa));
    intro.push(NOT_BOUNDS.to_string());
    intro.push(format!("Each histogram has {BINS} equal bins from the least to the greatest sample; shaded: the middle 95% of samples; orange line: the mean."));
    for line in &intro {
        y = lines_at(&mut body, &wrap(line, 11.0, full), MARGIN, y, 14.0, &small);
    }
    let mut desc = String::from("Histograms. ");
    for group in &psa.groups {
        y += 14.0;
        let alternatives: Vec<&String> = group.patients_words.iter().flatten().collect();
        for (i, a) in alternatives.iter().take(3).enumerate() {
            let lead = if i == 0 { "For: " } else { "or: " };
            y = lines_at(
                &mut body,
                &wrap_in(&format!("{lead}{a}"), 12.0, true, full),
                MARGIN,
                y,
                15.0,
                &format!("font-size=\"12\" font-weight=\"bold\" fill=\"{INK}\""),
            );
        }
        if alternatives.len() > 3 {
            let more = format!("and {} more (the text output lists them all)", alternatives.len() - 3);
            y = lines_at(&mut body, &[more], MARGIN, y, 15.0, &small);
        }
        for (s, xs) in group.summaries.iter().zip(&group.samples) {
            if only.is_some_and(|q| q != s.quantity) {
                continue;
            }
            y = panel(&mut body, pathway, s, xs, y + 8.0);
            let _ = write!(
                desc,
                "{}: mean {}, 95% of samples between {} and {}. ",
                s.quantity.words(pathway),
                label(s.quantity, s.mean),
                label(s.quantity, s.p025),
                label(s.quantity, s.p975)
            );
        }
    }
    desc.push_str(SHORT_NOTICE);
    y = lines_at(&mut body, &wrap(SHORT_NOTICE, 11.0, full), MARGIN, y + 8.0, 14.0, &small);
    let height = (y + MARGIN - 14.0).ceil();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
        w = n(WIDTH),
        h = n(height)
    );
    let _ = writeln!(out, "<title id=\"title\">{}</title>", xml_text(&title));
    let _ = writeln!(out, "<desc id=\"desc\">{}</desc>", xml_text(&desc));
    let _ = writeln!(out, "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>", n(WIDTH), n(height));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// One panel from `y`: the quantity's words and summary, the bars, the band of the middle 95%,
/// the mean, and the axis labels; returns the y below it.
fn panel(out: &mut String, pathway: &PathwayFile, s: &Summary, xs: &[f64], y: f64) -> f64 {
    let q = s.quantity;
    let heading = format!(
        "{}: mean {}, median {}, 95% of samples between {} and {}",
        q.words(pathway),
        label(q, s.mean),
        label(q, s.median),
        label(q, s.p025),
        label(q, s.p975)
    );
    let y = lines_at(
        out,
        &wrap(&heading, 12.0, WIDTH - 2.0 * MARGIN),
        MARGIN,
        y + 12.0,
        15.0,
        &format!("font-size=\"12\" fill=\"{INK}\""),
    );
    let (lo, hi) = xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 0.5 * lo.abs().max(0.01), hi + 0.5 * hi.abs().max(0.01)) };
    let counts = bins(xs, lo, hi);
    let most = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (left, right) = (MARGIN, WIDTH - MARGIN);
    let x = |v: f64| left + (v - lo) / (hi - lo) * (right - left);
    let (top, bottom) = (y, y + PLOT);
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAND_FILL}\"/>",
        n(x(s.p025)),
        n(top),
        n((x(s.p975) - x(s.p025)).max(0.5)),
        n(PLOT)
    );
    let bin_w = (right - left) / BINS as f64;
    for (b, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let h = c as f64 / most * (PLOT - 8.0);
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_FILL}\"/>",
            n(left + b as f64 * bin_w + 0.5),
            n(bottom - h),
            n(bin_w - 1.0),
            n(h)
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{MEAN}\" stroke-width=\"2\"/>",
        n(x(s.mean)),
        n(top),
        n(bottom)
    );
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{2}\" x2=\"{}\" y2=\"{2}\" stroke=\"{INK}\"/>",
        n(left),
        n(right),
        n(bottom)
    );
    for (v, anchor) in [(lo, "start"), (hi, "end")] {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
            n(x(v)),
            n(bottom + 14.0),
            xml_text(&label(q, v))
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{MEAN}\">{}</text>",
        n(x(s.mean)),
        n(bottom + 14.0),
        xml_text(&format!("mean {}", label(q, s.mean)))
    );
    bottom + 24.0
}
