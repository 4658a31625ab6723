//! The explorer page's HTML: the head with its Content-Security-Policy (the inline script and
//! style allowed by their hashes, nothing fetched), the notice, one labelled control per
//! factor, the live region with the count and the outcome figures, the flowchart with the
//! chart in words, the paths' place, the sources, and the embedded data. Every string of the
//! pathway goes through [`html_text`] and sits in a `<bdi>`, so a bidirectional override in it
//! cannot reorder the text around it; the data goes through [`script_json`].

use std::fmt::Write as _;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::condition::PathwayConditions;
use crate::graph::PathwayGraph;
use crate::model::{FactorType, NodeKind, PathwayFile};
use crate::text::escape::{html_text, script_json, web_link};
use crate::text::number::duration_range_text;
use crate::text::words::figure_words;

/// The page's script, inlined.
const SCRIPT: &str = include_str!("assets/explorer.js");
/// The page's style, inlined.
const STYLE: &str = include_str!("assets/explorer.css");

/// The notice every page carries, in words.
pub(super) const NOTICE: &str = "This page shows a treatment pathway as its source describes it. It does not \
recommend treatment for anyone. Its figures are the source's figures for groups of people, not a prediction \
for one person. Talk to the care team.";

/// `html_text` in a `<bdi>`: a string of the pathway, its direction isolated.
fn bdi(text: &str) -> String {
    format!("<bdi>{}</bdi>", html_text(text))
}

/// A node's label for the page: in a `<bdi>` marked with the node's index, which the browser
/// test compares with the data.
fn node_label(pathway: &PathwayFile, i: usize) -> String {
    format!("<bdi class=\"node-label\" data-i=\"{i}\">{}</bdi>", html_text(&pathway.nodes[i].label))
}

/// `'sha256-…'` of a script or style, as a Content-Security-Policy source.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), for the policy's hashes.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The whole page.
pub(super) fn html(
    pathway: &PathwayFile,
    conditions: &PathwayConditions,
    flow: &PathwayGraph,
    svg: &str,
    json: &str,
    data: &Value,
) -> String {
    let title = html_text(&pathway.title);
    let total = data["paths"].as_array().map_or(0, Vec::len);
    let more = if data["more_paths"].as_bool() == Some(true) { " at least" } else { "" };
    let mut s = String::with_capacity(svg.len() + json.len() + SCRIPT.len() + STYLE.len() + 16_384);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src {}; style-src {}; \
         img-src 'none'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"generator\" content=\"carepath\">\n<title>{title}: pathway explorer</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        csp_hash(SCRIPT),
        csp_hash(STYLE),
    );
    s.push_str("<a class=\"skip\" href=\"#profile\">Skip to the patient profile</a>\n");
    let _ = write!(
        s,
        "<header>\n<h1 id=\"page-title\"><bdi>{title}</bdi></h1>\n<p class=\"meta\">Version {}. Pathway <code>{}</code>, \
         explored: pick what is known about a patient to see that part of the pathway, its paths and its figures. \
         Made by carepath from the pathway file; the address keeps the choice, so a link opens the same view.</p>\n\
         <p class=\"notice\" role=\"note\"><strong>Not medical advice.</strong> {NOTICE}</p>\n</header>\n<main>\n",
        bdi(&pathway.version),
        bdi(&pathway.id),
    );
    write_controls(&mut s, pathway);
    let _ = write!(
        s,
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">For this profile</h2>\n\
         <p id=\"fragment-message\" role=\"status\" hidden></p>\n\
         <div id=\"live\" aria-live=\"polite\">\n<p id=\"profile-words\">Every patient: nothing is chosen yet.</p>\n\
         <p class=\"count-line\"><span id=\"path-count\">{total}</span> <span id=\"path-noun\">paths match</span>, of{more} {total} \
         feasible paths in the pathway.</p>\n<p id=\"more-paths\" hidden>The pathway has more paths than this page holds \
         ({}); the count is of the paths it holds. <code>carepath paths</code> counts them all.</p>\n\
         <div id=\"outcomes\">\n<h3>Outcome figures</h3>\n<div id=\"outcome-figures\"><p>The figures need the page's script.</p></div>\n</div>\n</div>\n\
         <noscript><p>The page needs JavaScript to follow a profile; the flowchart and its description in words are below.</p></noscript>\n</section>\n",
        super::MAX_PAGE_PATHS
    );
    s.push_str(
        "<section id=\"chart\" aria-labelledby=\"chart-h\">\n<h2 id=\"chart-h\">Flowchart</h2>\n<p class=\"legend-note\">\
         <span class=\"swatch\"></span>on this profile's paths <span class=\"swatch dim\"></span>faded: not on them, \
         or a treatment whose condition the profile rules out. The description in words follows the chart. \
         <button type=\"button\" id=\"fit-chart\" aria-pressed=\"false\">Fit the chart to the page</button></p>\n\
         <figure aria-labelledby=\"chart-h\" aria-describedby=\"chart-words-h\">\n\
         <div class=\"svg-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Flowchart (scrolls)\">\n",
    );
    s.push_str(svg);
    s.push_str("\n</div>\n</figure>\n");
    write_chart_words(&mut s, pathway, conditions, flow);
    s.push_str("</section>\n");
    s.push_str(
        "<section id=\"paths\" aria-labelledby=\"paths-h\">\n<h2 id=\"paths-h\">The matching paths</h2>\n\
         <p>Grouped by final outcome. Each path keeps the number <code>carepath paths</code> gives it for every patient, \
         so it can be looked up in the path guide.</p>\n<div id=\"path-list\"></div>\n</section>\n",
    );
    write_sources(&mut s, pathway);
    let _ = write!(
        s,
        "</main>\n<footer>\n<p><strong>Not medical advice.</strong> {NOTICE}</p>\n</footer>\n\
         <script type=\"application/json\" id=\"carepath-data\">{}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        script_json(json)
    );
    s
}

/// The profile: one labelled control per factor with an "unknown" choice, the clear button,
/// the message for what the address gave that the page ignored, and the link to the view.
fn write_controls(s: &mut String, pathway: &PathwayFile) {
    s.push_str(
        "<section id=\"profile\" aria-labelledby=\"profile-h\">\n<h2 id=\"profile-h\">Patient profile</h2>\n\
         <p class=\"hint\">Choose what is known. Leave the rest unknown: the page then shows every way it could go.</p>\n\
         <form id=\"controls\" action=\"#\">\n",
    );
    for (i, f) in pathway.factors.iter().enumerate() {
        let id = format!("factor-{i}");
        let wording = f.wording.as_ref();
        let _ = write!(s, "<div class=\"control\">\n<label for=\"{id}\">{}", bdi(&f.label));
        let mut hint = f.description.clone().unwrap_or_default();
        match f.kind {
            FactorType::Integer => {
                let unit = wording.and_then(|w| w.unit.clone()).or_else(|| f.unit.clone());
                if let Some(unit) = &unit {
                    let _ = write!(s, " ({})", bdi(unit));
                }
                s.push_str("</label>\n");
                let bound = |name: &str, v: Option<i64>| v.map_or(String::new(), |v| format!(" {name}=\"{v}\""));
                let range = match (f.min, f.max) {
                    (Some(lo), Some(hi)) => format!("A whole number from {lo} to {hi}"),
                    (Some(lo), None) => format!("A whole number from {lo}"),
                    (None, Some(hi)) => format!("A whole number up to {hi}"),
                    (None, None) => "A whole number".to_string(),
                };
                let _ = writeln!(
                    s,
                    "<input type=\"number\" id=\"{id}\" data-factor=\"{}\" step=\"1\"{}{} inputmode=\"numeric\" placeholder=\"Unknown\" aria-describedby=\"{id}-hint\">",
                    html_text(&f.id),
                    bound("min", f.min),
                    bound("max", f.max)
                );
                hint = format!("{range}; leave it empty when unknown. {hint}");
            }
            FactorType::Boolean | FactorType::Enum => {
                s.push_str("</label>\n");
                let _ = writeln!(
                    s,
                    "<select id=\"{id}\" data-factor=\"{}\" aria-describedby=\"{id}-hint\">\n<option value=\"\">Unknown</option>",
                    html_text(&f.id)
                );
                let options: Vec<(String, String)> = if f.kind == FactorType::Boolean {
                    vec![
                        ("true".into(), wording.and_then(|w| w.when_true.clone()).unwrap_or_else(|| "yes".into())),
                        ("false".into(), wording.and_then(|w| w.when_false.clone()).unwrap_or_else(|| "no".into())),
                    ]
                } else {
                    let mut seen: Vec<&String> = Vec::new();
                    f.values
                        .iter()
                        .filter(|v| {
                            let new = !seen.contains(v);
                            seen.push(v);
                            new
                        })
                        .map(|v| {
                            (v.clone(), wording.and_then(|w| w.values.get(v)).cloned().unwrap_or_else(|| v.clone()))
                        })
                        .collect()
                };
                for (value, words) in options {
                    let _ = writeln!(s, "<option value=\"{}\">{}</option>", html_text(&value), html_text(&words));
                }
                s.push_str("</select>\n");
            }
        }
        let _ = write!(s, "<p class=\"hint\" id=\"{id}-hint\">{}</p>\n</div>\n", bdi(hint.trim()));
    }
    s.push_str(
        "<p><button type=\"button\" id=\"reset\">Clear the profile</button></p>\n</form>\n\
         <p class=\"hint\">Link to this view: <a id=\"permalink\" href=\"#\">this page, every patient</a></p>\n</section>\n",
    );
}

/// The flowchart in words, for screen readers (visually hidden): every step in file order,
/// what it includes, and where it leads, with conditions and figures in words.
fn write_chart_words(s: &mut String, pathway: &PathwayFile, conditions: &PathwayConditions, flow: &PathwayGraph) {
    s.push_str(
        "<section id=\"chart-words\" class=\"visually-hidden\" aria-labelledby=\"chart-words-h\">\n\
         <h3 id=\"chart-words-h\">The flowchart in words</h3>\n<ol>\n",
    );
    let mut entered = vec![false; flow.len()];
    for &(_, to) in flow.out.iter().flatten() {
        entered[to] = true;
    }
    for (i, node) in pathway.nodes.iter().enumerate().take(flow.len()) {
        let on_flow = Some(i) == flow.start || entered[i] || !flow.out[i].is_empty();
        if !on_flow {
            continue;
        }
        let kind = match (node.kind, node.outcome) {
            (NodeKind::Start, _) => "where the pathway starts".to_string(),
            (NodeKind::Phase, _) => "a phase of treatment".to_string(),
            (NodeKind::Intervention, _) => "a treatment step".to_string(),
            (NodeKind::Decision, _) => "a decision".to_string(),
            (NodeKind::Outcome, Some(c)) => {
                format!("an outcome: {}", crate::export::node_style(node.kind, Some(c)).name)
            }
            (NodeKind::Outcome, None) => "an outcome".to_string(),
        };
        let _ = write!(s, "<li>{} ({kind}", node_label(pathway, i));
        if let Some(d) = &node.duration {
            let _ = write!(s, ", {}", html_text(&duration_range_text(d)));
        }
        s.push_str(").");
        let parts: Vec<String> = flow.includes[i]
            .iter()
            .map(|&(e, to)| {
                let when = condition_words(conditions, e).map(|w| format!(" if {}", bdi(&w))).unwrap_or_default();
                format!("{}{when}", node_label(pathway, to))
            })
            .collect();
        if !parts.is_empty() {
            let _ = write!(s, " It includes: {}.", parts.join("; "));
        }
        // Each way on, and whether it ends with a label that has its own full stop or question mark.
        let next: Vec<(String, bool)> = flow.out[i]
            .iter()
            .map(|&(e, to)| {
                let mut text = node_label(pathway, to);
                let mut stops = pathway.nodes[to].label.ends_with(['.', '?', '!']);
                if let Some(w) = condition_words(conditions, e) {
                    let _ = write!(text, " if {}", bdi(&w));
                    stops = false;
                }
                if flow.chance.get(i).copied().unwrap_or(false) {
                    let p = pathway.edges.get(e).and_then(|e| e.probability.as_deref());
                    let _ = write!(text, " (chance {})", html_text(&figure_words(p)));
                    stops = false;
                }
                (text, stops)
            })
            .collect();
        match next.last() {
            None => s.push_str(" A final outcome."),
            Some((_, stops)) => {
                let texts: Vec<&str> = next.iter().map(|(t, _)| t.as_str()).collect();
                let _ = write!(s, " Next: {}{}", texts.join("; "), if *stops { "" } else { "." });
            }
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n</section>\n");
}

/// Edge `e`'s condition in words, `None` when it has none or holds for every patient.
fn condition_words(conditions: &PathwayConditions, e: usize) -> Option<String> {
    conditions.edge_words(e).filter(|w| w != "every patient")
}

/// The sources, each linked only when its address is a web address ([`web_link`]).
fn write_sources(s: &mut String, pathway: &PathwayFile) {
    s.push_str("<section id=\"notes\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n<ul>\n");
    for source in &pathway.sources {
        let mut line = match source.url.as_deref().and_then(web_link) {
            Some(url) => format!("<a href=\"{}\">{}</a>", html_text(url), bdi(&source.title)),
            None => bdi(&source.title),
        };
        if let Some(publisher) = &source.publisher {
            let _ = write!(line, ", {}", bdi(publisher));
        }
        if let Some(revised) = &source.revised {
            let _ = write!(line, ", revised {}", bdi(revised));
        } else if let Some(year) = source.year {
            let _ = write!(line, ", {year}");
        }
        if let Some(url) = source.url.as_deref().filter(|u| web_link(u).is_none()) {
            let _ = write!(line, " (address given as text: {})", bdi(url));
        }
        let _ = writeln!(s, "<li>{line}</li>");
    }
    s.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_rfc_4648_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
