//! The tornado chart of a one-way sensitivity run, as SVG drawn by carepath itself: per group
//! of patient classes, one horizontal bar per figure that moves the chance, from its value
//! with the figure at its low end to its value at the high end, around a vertical axis at the
//! base value, the largest swing on top. Labels are in words (what the figure is and how the
//! source states it), measured in the bundled font so they wrap the same on every machine;
//! every text goes through [`xml_text`]. The bytes depend on the input only.

use std::fmt::Write as _;

use super::sensitivity::{Sensitivity, SensitivityGroup, NOT_MEDICAL_ADVICE};
use crate::export::raster::text_width;
use crate::model::PathwayFile;
use crate::text::escape::xml_text;
use crate::text::number::number_with;

/// Width of the picture.
const WIDTH: f64 = 960.0;
/// Space around everything.
const MARGIN: f64 = 24.0;
/// Widest label column; labels wrap to it.
const LABEL_MAX: f64 = 360.0;
/// Room beside the bars for their end values.
const VALUE_ROOM: f64 = 64.0;
/// Height of a bar.
const BAR: f64 = 16.0;
/// Line heights of the label text (12 px) and of the small text (11 px).
const LINE: f64 = 15.0;
const SMALL_LINE: f64 = 14.0;
/// Colours: the figure at its low end, at its high end, the axis, the grid, grey text.
const LOW_FILL: &str = "#2563eb";
const HIGH_FILL: &str = "#ea580c";
const INK: &str = "#111827";
const GRID: &str = "#e5e7eb";
const GREY: &str = "#4b5563";
/// How many alternatives of the patients a chart's heading shows before counting the rest.
const PATIENTS_SHOWN: usize = 3;
/// Tick steps tried, as fractions (0.5 percentage points to 50), smallest first.
const STEPS: [f64; 13] = [0.0005, 0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5];
/// Most tick intervals on an axis.
const MAX_TICKS: f64 = 6.0;

/// A coordinate or length as the SVG writes it: at most 2 decimals.
pub(super) fn n(x: f64) -> String {
    number_with(x, 2)
}

/// `text` broken at spaces into lines no wider than `max` px at `size` px (a word wider than
/// that keeps a line of its own).
pub(super) fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    wrap_in(text, size, false, max)
}

/// [`wrap`] in the bold face or the regular one.
pub(super) fn wrap_in(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width(&candidate, size, bold) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One `<text>` element per line from (`x`, `y`), `step` px apart; returns the y after.
pub(super) fn lines_at(out: &mut String, lines: &[String], x: f64, y: f64, step: f64, attrs: &str) -> f64 {
    let mut y = y;
    for line in lines {
        let _ = writeln!(out, "<text x=\"{}\" y=\"{}\" {attrs}>{}</text>", n(x), n(y), xml_text(line));
        y += step;
    }
    y
}

/// The axis of one chart: its least and greatest values and the tick step, so that every
/// value and the base fit and ticks fall on round percentages.
fn axis(group: &SensitivityGroup) -> (f64, f64, f64) {
    let values = group.rows.iter().flat_map(|r| [r.at_low, r.at_high]).chain([group.base_value]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(0.01);
    let step = STEPS.iter().copied().find(|s| span / s <= MAX_TICKS).unwrap_or(0.5);
    let mut first = (lo / step + 1e-9).floor();
    let mut last = (hi / step - 1e-9).ceil();
    if last <= first {
        // One value: a step either side, within [0, 1].
        first = (first - 1.0).max(0.0);
        last = (first + 2.0).min((1.0 / step).round());
    }
    (first * step, last * step, step)
}

/// The axis of one chart of an expected cost or QALYs: as [`axis`], with ticks on a round
/// step (1, 2, 2.5 or 5 times a power of ten), never below 0.
fn value_axis(group: &SensitivityGroup) -> (f64, f64, f64) {
    let values = group.rows.iter().flat_map(|r| [r.at_low, r.at_high]).chain([group.base_value]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(1e-6 * hi.abs().max(1.0));
    let power = 10f64.powi((span / MAX_TICKS).log10().floor() as i32);
    let step =
        [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * power).find(|s| span / s <= MAX_TICKS).unwrap_or(10.0 * power);
    let mut first = (lo / step + 1e-9).floor();
    let mut last = (hi / step - 1e-9).ceil();
    if last <= first {
        first = (first - 1.0).max(0.0);
        last = first + 2.0;
    }
    (first * step, last * step, step)
}

/// The labels of a row: what the figure is (wrapped), then how the source states it and its id
/// (small, wrapped).
fn row_labels(s: &Sensitivity, figure: usize, width: f64) -> (Vec<String>, Vec<String>) {
    let p = &s.figures[figure].parameter;
    (wrap(&p.what, 12.0, width), wrap(&format!("as stated: {} · {}", p.stated, p.id), 11.0, width))
}

/// The tornado chart of `s` as one SVG document: a title with the pathway and the outcome, the
/// base rule and the method, a legend, one chart per group of patient classes (headed with its
/// patients and base value), and the not-medical-advice line.
pub fn render_svg(pathway: &PathwayFile, s: &Sensitivity) -> String {
    let full = WIDTH - 2.0 * MARGIN;
    let mut body = String::new();
    let title = format!("{}: one-way sensitivity", pathway.title);
    let outcome = format!("The {}", s.target.words(pathway));
    let mut y = MARGIN + 18.0;
    y = lines_at(
        &mut body,
        &wrap_in(&title, 18.0, true, full),
        MARGIN,
        y,
        24.0,
        &format!("font-size=\"18\" font-weight=\"bold\" fill=\"{INK}\""),
    );
    y = lines_at(&mut body, &wrap(&outcome, 13.0, full), MARGIN, y, 18.0, &format!("font-size=\"13\" fill=\"{INK}\""));
    let small = format!("font-size=\"11\" fill=\"{GREY}\"");
    y = lines_at(&mut body, &wrap(&s.base_rule_line(), 11.0, full), MARGIN, y, SMALL_LINE, &small);
    y = lines_at(&mut body, &wrap(s.method(), 11.0, full), MARGIN, y, SMALL_LINE, &small);
    // The legend.
    y += 6.0;
    let mut x = MARGIN;
    for (fill, words) in [(LOW_FILL, "figure at its low end"), (HIGH_FILL, "figure at its high end")] {
        let _ = writeln!(
            body,
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
            n(x),
            n(y - 9.0),
            n(x + 20.0),
            n(y),
            xml_text(words)
        );
        x += 20.0 + text_width(words, 11.0, false) + 24.0;
    }
    let _ = writeln!(
        body,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
        n(x + 7.0),
        n(y - 11.0),
        n(x + 7.0),
        n(y + 2.0),
        n(x + 16.0),
        n(y),
        xml_text(if s.target.is_chance() { "the chance at the base figures" } else { "the value at the base figures" })
    );
    y += 10.0;
    // One label column for every chart, so that their axes line up.
    let label_w = s
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| {
            let (what, stated) = row_labels(s, r.figure, LABEL_MAX);
            let widths: Vec<f64> = what
                .iter()
                .map(|l| text_width(l, 12.0, false))
                .chain(stated.iter().map(|l| text_width(l, 11.0, false)))
                .collect();
            widths
        })
        .fold(0.0_f64, f64::max)
        .min(LABEL_MAX)
        .ceil();
    for group in &s.groups {
        y = draw_group(&mut body, s, group, label_w, y + 18.0);
    }
    y += 10.0;
    y = lines_at(&mut body, &wrap(NOT_MEDICAL_ADVICE, 11.0, full), MARGIN, y + 8.0, SMALL_LINE, &small);
    let height = (y + MARGIN - SMALL_LINE).ceil();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
        w = n(WIDTH),
        h = n(height)
    );
    let _ = writeln!(
        out,
        "<title id=\"title\">{}</title>",
        xml_text(&format!("{title} of the {}", s.target.words(pathway)))
    );
    let _ = writeln!(out, "<desc id=\"desc\">{}</desc>", xml_text(&description(s)));
    let _ = writeln!(out, "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>", n(WIDTH), n(height));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// The chart in words, for a screen reader: each group's base value and each bar.
fn description(s: &Sensitivity) -> String {
    let mut text = String::from("Tornado chart. ");
    for group in &s.groups {
        let alternatives: Vec<&String> = group.patients_words.iter().flatten().collect();
        let first = alternatives.first().map_or("", |a| a.as_str());
        let more = match alternatives.len() {
            0 | 1 => String::new(),
            k => format!(" and {} more", k - 1),
        };
        let _ = write!(text, "For {first}{more}: {} at the base figures", s.value_text(group.base_value));
        for r in &group.rows {
            let p = &s.figures[r.figure].parameter;
            let _ = write!(
                text,
                "; {}: {} at its low end, {} at its high end",
                p.id,
                s.value_label(r.at_low),
                s.value_label(r.at_high)
            );
        }
        text.push_str(". ");
    }
    text.push_str(NOT_MEDICAL_ADVICE);
    text
}

/// One group's chart from `y`, its labels in a column `label_w` px wide; returns the y below it.
fn draw_group(out: &mut String, s: &Sensitivity, group: &SensitivityGroup, label_w: f64, y: f64) -> f64 {
    let full = WIDTH - 2.0 * MARGIN;
    let alternatives: Vec<&String> = group.patients_words.iter().flatten().collect();
    let mut heading: Vec<String> = Vec::new();
    for (i, alternative) in alternatives.iter().take(PATIENTS_SHOWN).enumerate() {
        let lead = if i == 0 { "For: " } else { "or: " };
        heading.extend(wrap_in(&format!("{lead}{alternative}"), 12.0, true, full));
    }
    if alternatives.len() > PATIENTS_SHOWN {
        let more = alternatives.len() - PATIENTS_SHOWN;
        heading.push(format!("and {more} more (the text output lists them all)"));
    }
    let mut y =
        lines_at(out, &heading, MARGIN, y, LINE, &format!("font-size=\"12\" font-weight=\"bold\" fill=\"{INK}\""));
    let base_line = format!("At the base figures: {}", s.value_text(group.base_value));
    y = lines_at(out, &[base_line], MARGIN, y, LINE, &format!("font-size=\"12\" fill=\"{INK}\""));
    if group.rows.is_empty() {
        return lines_at(
            out,
            &["No figure with a range moves it for these patients.".to_string()],
            MARGIN,
            y,
            LINE,
            &format!("font-size=\"12\" fill=\"{GREY}\""),
        );
    }
    let labels: Vec<(Vec<String>, Vec<String>)> =
        group.rows.iter().map(|r| row_labels(s, r.figure, LABEL_MAX)).collect();
    let left = MARGIN + label_w + 16.0 + VALUE_ROOM;
    let right = WIDTH - MARGIN - VALUE_ROOM;
    let (lo, hi, step) = if s.target.is_chance() { axis(group) } else { value_axis(group) };
    let x = |v: f64| left + (v - lo) / (hi - lo) * (right - left);
    let top = y + 14.0;
    let heights: Vec<f64> = labels
        .iter()
        .map(|(w, st)| (w.len() as f64 * LINE + st.len() as f64 * SMALL_LINE + 8.0).max(BAR + 14.0))
        .collect();
    let bottom = top + heights.iter().sum::<f64>();
    // Grid and ticks.
    let ticks = ((hi - lo) / step).round() as usize;
    for i in 0..=ticks {
        let v = lo + i as f64 * step;
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{GRID}\"/><line x1=\"{0}\" y1=\"{2}\" x2=\"{0}\" y2=\"{3}\" stroke=\"{INK}\"/><text x=\"{0}\" y=\"{4}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{INK}\">{5}</text>",
            n(x(v)),
            n(top),
            n(bottom),
            n(bottom + 4.0),
            n(bottom + 16.0),
            xml_text(&s.value_label(v))
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{2}\" x2=\"{}\" y2=\"{2}\" stroke=\"{INK}\"/>",
        n(left),
        n(right),
        n(bottom)
    );
    // The bars, largest swing on top.
    let mut row_top = top;
    for ((r, (what, stated)), h) in group.rows.iter().zip(&labels).zip(&heights) {
        let text_y = row_top + 4.0 + 11.0;
        let after = lines_at(out, what, MARGIN, text_y, LINE, &format!("font-size=\"12\" fill=\"{INK}\""));
        lines_at(out, stated, MARGIN, after - LINE + SMALL_LINE, SMALL_LINE, &small_attrs());
        let bar_y = row_top + (h - BAR) / 2.0;
        let base_x = x(group.base_value);
        for (value, fill) in [(r.at_low, LOW_FILL), (r.at_high, HIGH_FILL)] {
            let (a, b) = (base_x.min(x(value)), base_x.max(x(value)));
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
                n(a),
                n(bar_y),
                n((b - a).max(0.5)),
                n(BAR)
            );
            let (text_x, anchor) = if x(value) < base_x { (a - 4.0, "end") } else { (b + 4.0, "start") };
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
                n(text_x),
                n(bar_y + BAR - 4.0),
                xml_text(&s.value_label(value))
            );
        }
        row_top += h;
    }
    // The axis at the base value, over the bars.
    let base_x = x(group.base_value);
    let _ = writeln!(
        out,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{INK}\" stroke-width=\"1.5\"/><text x=\"{0}\" y=\"{3}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{INK}\">{4}</text>",
        n(base_x),
        n(top - 4.0),
        n(bottom),
        n(top - 7.0),
        xml_text(&format!("base {}", s.value_label(group.base_value)))
    );
    bottom + 30.0
}

fn small_attrs() -> String {
    format!("font-size=\"11\" fill=\"{GREY}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_and_breaks_at_spaces() {
        let text = "chance of induction_standard → first_remission (Complete remission)";
        let lines = wrap(text, 12.0, 200.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 200.0 || !l.contains(' ')), "{lines:?}");
        assert_eq!(wrap("", 12.0, 100.0), vec![String::new()]);
    }
}
