//! The words around the guide's sections and tree: the title and the not-medical-advice notice,
//! how to read the guide, the source's caveats, the author's notes; and the caveats as
//! `carepath build`'s index lists them ([`caveats_markdown`]).

use std::fmt::Write as _;

use crate::model::{EdgeKind, PathwayFile};
use crate::paths::Listing;
use crate::text::escape::{markdown_code, markdown_text};
use crate::text::number::number;

/// The notice every output meant for people carries.
const NOTICE: &str = "**Not medical advice.** This guide describes a treatment pathway as its sources \
describe it. It does not recommend any treatment: only a care team that knows the patient can.";

/// Which figures of the listed paths are worked out from approximate ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Approximate {
    /// Every path's chance is.
    pub(super) every_chance: bool,
    /// Every path's time is.
    pub(super) every_time: bool,
    /// Some path's chance or time is.
    pub(super) some: bool,
}

/// The title, the notice, what the guide holds and where the full detail is, and how to read it.
pub(super) fn head(
    out: &mut String,
    pathway: &PathwayFile,
    listing: &Listing,
    patients: &str,
    approximate: Approximate,
) {
    let _ = writeln!(out, "# Path guide: {}\n", markdown_text(&pathway.title));
    let _ = writeln!(out, "> {NOTICE}\n");
    let count = match (listing.total_exact, listing.total) {
        (true, 1) => "1 path".to_string(),
        (true, n) => format!("{n} paths"),
        (false, n) => format!("more than {n} paths"),
    };
    let patients =
        if patients.is_empty() { String::new() } else { format!(" for these patients: {}", markdown_text(patients)) };
    let _ = writeln!(
        out,
        "Pathway {} (version {}){patients}. This guide holds {count} from the start to a final outcome, grouped \
by the outcome they end in. Every step of each path, what each phase includes on it, its exact figures and its \
conditions are in `carepath paths pathways/{}.json --format json` (or `--format csv`), which, given the same \
options, numbers the paths as this guide does.\n",
        markdown_code(&pathway.id),
        markdown_text(&pathway.version),
        markdown_text(&pathway.id),
    );
    out.push_str("## How to read this guide\n\n");
    out.push_str(
        "- A **path** is one way through the pathway from the start to a final outcome: the treatments, the \
decisions about the patient on the way, and what follows each step. Each patient follows one path.\n",
    );
    out.push_str(
        "- **Phases and their treatments** lists what each phase includes, once. *Usually*, *often*, \
*sometimes* and *rarely* say how often the source says a treatment is given; \"if …\" names the patients it is \
for; \"one of\" and \"one or more of\" introduce alternatives.\n",
    );
    out.push_str(
        "- **Paths by final outcome** draws the paths as a tree. Each item is a stretch of steps (joined by →) \
up to the next point where paths part; the items under it are the ways on from there. \"If …\" says which \
patients take a way; a way with no \"if\" depends on how treatment goes, with the source's chance where it \
gives one, or on a choice it hedges (*often*, *sometimes*). Each path ends with its number, its chance and its \
time on treatment. Where the ways on from a step are the same as from a step above, the guide does not repeat \
them: \"from here on as on the way to path 4 above\" matches each path with its twin there.\n",
    );
    out.push_str(
        "- A **range** such as 33–53% means the source's figures allow any value from 33% to 53%: it is not one \
estimate.",
    );
    out.push_str(&about_sentence(pathway));
    out.push('\n');
    out.push_str(
        "- **Not given by the source** means the source gives no figure, which is not the same as zero; \"at \
most 53%\" is what the other figures still allow.\n",
    );
    out.push_str(
        "- **At least**, as in \"at least 27 months\", means a step on the path has no length given by the \
source: the path lasts at least as long as its steps of known length.\n",
    );
    match (approximate.every_chance, approximate.every_time, approximate.some) {
        (true, true, _) => {
            out.push_str("- Every chance and time of the paths below is worked out from approximate figures.\n")
        }
        (true, false, _) => out.push_str("- Every chance of the paths below is worked out from approximate figures.\n"),
        (false, true, _) => out.push_str("- Every time of the paths below is worked out from approximate figures.\n"),
        (false, false, true) => out.push_str("- \"Approximate\" marks a figure worked out from approximate ones.\n"),
        (false, false, false) => {}
    }
    out.push('\n');
}

/// What "about" means in this file.
fn about_sentence(pathway: &PathwayFile) -> String {
    if !pathway.edges.iter().any(|e| e.probability.as_ref().is_some_and(|p| p.is_approximate())) {
        return String::new();
    }
    let points = number(pathway.about_tolerance() * 100.0);
    format!(
        " \"About\" is the source's own word: this guide reads \"about 50%\" as {points} percentage points either \
way."
    )
}

/// The source's caveats about its figures, in words, with the outcomes each is about; nothing
/// when there are none.
pub(super) fn caveats(out: &mut String, pathway: &PathwayFile) {
    if pathway.caveats.is_empty() {
        return;
    }
    out.push_str("## What the source says about its figures\n\n");
    for caveat in &pathway.caveats {
        let about: Vec<String> = caveat
            .applies_to
            .iter()
            .map(|id| {
                pathway
                    .nodes
                    .iter()
                    .find(|n| &n.id == id)
                    .map_or_else(|| markdown_text(id), |n| markdown_text(&n.label))
            })
            .collect();
        let about = if about.is_empty() { "every figure".to_string() } else { about.join(", ") };
        let _ = writeln!(out, "- {} (about: {about})", markdown_text(&caveat.text));
    }
    out.push('\n');
}

/// The source's caveats about the figures, as a list (nothing when there are none): each
/// caveat's text and the outcomes it applies to. For `carepath build`'s index.
pub fn caveats_markdown(pathway: &PathwayFile) -> String {
    if pathway.caveats.is_empty() {
        return String::new();
    }
    let mut text = String::from("Caveats of the source about these figures:\n\n");
    for caveat in &pathway.caveats {
        let applies = if caveat.applies_to.is_empty() {
            "every figure".to_string()
        } else {
            let outcomes: Vec<String> = caveat
                .applies_to
                .iter()
                .map(|id| match pathway.nodes.iter().find(|n| &n.id == id) {
                    Some(node) => format!("**{}** ({})", markdown_text(&node.label), markdown_code(id)),
                    None => markdown_code(id),
                })
                .collect();
            outcomes.join(", ")
        };
        text.push_str(&format!("- {} (applies to {applies})\n", markdown_text(&caveat.text)));
    }
    text.push('\n');
    text
}

/// The author's notes (interpretations where the source leaves a gap) on factors, nodes, option
/// sets and edges, once each, in file order, by label; nothing when there are none.
pub(super) fn notes(out: &mut String, pathway: &PathwayFile) {
    fn label<'p>(pathway: &'p PathwayFile, id: &'p str) -> &'p str {
        pathway.nodes.iter().find(|n| n.id == id).map_or(id, |n| n.label.as_str())
    }
    let mut notes: Vec<String> = Vec::new();
    for factor in &pathway.factors {
        if let Some(note) = &factor.note {
            notes.push(format!("- **{}**: {}", markdown_text(&factor.label), markdown_text(note)));
        }
    }
    for node in &pathway.nodes {
        if let Some(note) = &node.note {
            notes.push(format!("- **{}**: {}", markdown_text(&node.label), markdown_text(note)));
        }
        for set in &node.option_sets {
            if let Some(note) = &set.note {
                // The set's label, unless it is the phase's own.
                let set_label =
                    if set.label == node.label { String::new() } else { format!(", {}", markdown_text(&set.label)) };
                notes.push(format!("- **{}**{set_label}: {}", markdown_text(&node.label), markdown_text(note)));
            }
        }
    }
    for edge in &pathway.edges {
        if let Some(note) = &edge.note {
            let link = match edge.kind {
                EdgeKind::Next => "→",
                EdgeKind::Includes => "includes",
            };
            notes.push(format!(
                "- **{}** {link} **{}**: {}",
                markdown_text(label(pathway, &edge.from)),
                markdown_text(label(pathway, &edge.to)),
                markdown_text(note)
            ));
        }
    }
    if notes.is_empty() {
        return;
    }
    out.push_str("## How the source was read\n\n");
    out.push_str("The author's interpretations where the source leaves a gap.\n\n");
    for note in notes {
        let _ = writeln!(out, "{note}");
    }
}
