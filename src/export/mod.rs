//! Flowchart export: the drawing model shared by every format (which nodes are drawn,
//! which interventions are listed under their phase, back-edges, styles, highlight) and
//! [`render`], the one entry point for DOT, SVG, Mermaid, PNG and PDF.
//!
//! Each format lives in its own file: `dot.rs`, `mermaid.rs`, [`graphviz`] (SVG through the
//! `dot` program), the built-in SVG engine, whose `layout.rs` places everything and whose
//! `svg.rs` writes the placed picture, and [`raster`] (PNG and PDF drawn from an engine's SVG
//! in-process, with the bundled font). Every string they emit goes through the format's one
//! escaping function in [`crate::text::escape`].

mod dot;
pub mod graphviz;
mod layout;
mod listed;
mod mermaid;
mod pdf_order;
pub mod raster;
mod svg;

use std::collections::{BTreeSet, HashMap};

use petgraph::visit::EdgeRef;

use crate::condition::PathwayConditions;
use crate::graph::PathwayGraph;
use crate::model::{EdgeKind, Likelihood, NodeKind, OutcomeCategory, PathwayFile};
use crate::text::number::percent_range;
use crate::text::plain::SHORT_NOTICE;
use listed::{listed_lines, ListedLine};
pub use raster::Scale;

/// Nodes and edges to emphasise; everything else is drawn dimmed (grey, dashed or faded).
/// Indices are positions in `pathway.nodes` and `pathway.edges`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlight {
    /// Indices into `pathway.nodes`.
    pub nodes: BTreeSet<usize>,
    /// Indices into `pathway.edges`.
    pub edges: BTreeSet<usize>,
}

/// Output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Graphviz DOT source.
    Dot,
    /// SVG picture, drawn by the chosen [`Engine`].
    #[default]
    Svg,
    /// Mermaid `flowchart TD` source.
    Mermaid,
    /// PNG picture of the chosen [`Engine`]'s SVG at a scale, on white.
    Png(Scale),
    /// PDF of the chosen [`Engine`]'s SVG: one page the size of the picture, real text.
    Pdf,
}

/// Which layout engine draws SVG (and the SVG that PNG and PDF are drawn from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// For SVG, Graphviz when `dot` is on `PATH`, else the built-in engine; for PNG and PDF
    /// always the built-in engine, so they are the same on every machine.
    #[default]
    Auto,
    /// The pure-Rust layered layout; no external program, deterministic bytes.
    Builtin,
    /// The Graphviz `dot` program.
    Graphviz,
}

/// Options of [`render`].
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Output format.
    pub format: Format,
    /// Engine for SVG, PNG and PDF (ignored for DOT and Mermaid).
    pub engine: Engine,
    /// Emphasise these elements and dim the rest; `None` draws everything normally.
    pub highlight: Option<Highlight>,
}

/// Why a render failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// `--engine graphviz` was asked for and `dot` is not installed.
    #[error(
        "the Graphviz `dot` program was not found on PATH; install the `graphviz` package \
         (Debian/Ubuntu: `apt-get install graphviz`, Homebrew: `brew install graphviz`) \
         or use `--engine builtin`"
    )]
    GraphvizMissing,
    /// `dot` ran and failed.
    #[error("Graphviz `dot` failed: {0}")]
    Graphviz(String),
    /// A PNG scale out of range.
    #[error(
        "the scale {0} is not a number from {min} to {max}; use e.g. `--scale 2` (the default) or `--scale 4` for print",
        min = Scale::MIN,
        max = Scale::MAX
    )]
    BadScale(String),
    /// The PNG would be too large to draw.
    #[error(
        "a {width}×{height} pixel PNG is too large (at most {side} pixels a side and {total} million in all); \
         use a smaller --scale, or --format pdf, which scales without loss",
        side = raster::MAX_SIDE,
        total = raster::MAX_PIXELS / 1_000_000
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The SVG could not be read for PNG or PDF (an engine's output that usvg rejects).
    #[error("cannot read the flowchart's SVG to draw it: {0}")]
    Svg(String),
    /// Encoding the PNG failed.
    #[error("cannot write the PNG: {0}")]
    Png(String),
    /// Converting to PDF failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Renders one pathway as DOT, SVG, Mermaid, PNG or PDF bytes.
///
/// Deterministic for DOT, Mermaid, built-in SVG and the PNG and PDF drawn from it: the same
/// pathway gives the same bytes. Only the Graphviz engine runs an external program.
pub fn render(pathway: &PathwayFile, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    let graph = PathwayGraph::new(pathway);
    let view = View::new(&graph, options.highlight.as_ref());
    let builtin = |view: &View| svg::to_svg(view, &layout::layout(view)).into_bytes();
    let svg = |engine: Engine| match engine {
        Engine::Builtin => Ok(builtin(&view)),
        Engine::Graphviz => graphviz::dot_to_svg(&dot::to_dot(&view)),
        Engine::Auto if graphviz::available() => graphviz::dot_to_svg(&dot::to_dot(&view)),
        Engine::Auto => Ok(builtin(&view)),
    };
    // PNG and PDF are for handing out: `auto` means the engine that draws the same anywhere.
    let fixed = match options.engine {
        Engine::Auto => Engine::Builtin,
        engine => engine,
    };
    match options.format {
        Format::Dot => Ok(dot::to_dot(&view).into_bytes()),
        Format::Mermaid => Ok(mermaid::to_mermaid(&view).into_bytes()),
        Format::Svg => svg(options.engine),
        Format::Png(scale) => raster::to_png(&svg(fixed)?, scale),
        Format::Pdf => raster::to_pdf(&svg(fixed)?),
    }
}

/// One edge as drawn: its index in `pathway.edges` and its endpoints' node indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DrawnEdge {
    /// Index into `pathway.edges`.
    pub index: usize,
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// `next` or `includes`.
    pub kind: EdgeKind,
    /// Closes a cycle (found by depth-first search from the start): drawn without
    /// constraining the layout.
    pub back: bool,
}

/// One listed intervention under the node that includes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Included {
    /// Index of the `includes` edge.
    pub edge: usize,
    /// Index of the intervention node.
    pub node: usize,
}

/// The drawing model every format shares.
pub(crate) struct View<'a> {
    /// The pathway.
    pub pathway: &'a PathwayFile,
    /// Per node: drawn as a box of its own (false for interventions listed under a phase).
    pub drawn: Vec<bool>,
    /// Per node: interventions listed under it, in edge order.
    pub listed: Vec<Vec<Included>>,
    /// Per node: the lines listed under its label (its components, an option set as a
    /// heading over its options), from `listed`.
    pub lines: Vec<Vec<ListedLine>>,
    /// Edges drawn as arrows, in file order.
    pub edges: Vec<DrawnEdge>,
    /// Groups in file order: (id, label, drawn member nodes in file order). Nodes without a
    /// declared group are in none.
    pub groups: Vec<(&'a str, &'a str, Vec<usize>)>,
    /// Per drawn node: index into `groups`.
    pub group_of: Vec<Option<usize>>,
    /// Per edge of the file: its condition in words (`else` resolved), for the drawn edges
    /// that have a condition and no label of their own.
    when_words: Vec<Option<String>>,
    highlight: Option<&'a Highlight>,
}

impl<'a> View<'a> {
    /// Builds the drawing model of a pathway's graph.
    ///
    /// An intervention is *listed* under the nodes that include it (instead of drawn as its
    /// own box with dashed arrows) when its only edges are incoming `includes` edges; this
    /// keeps the 65 `includes` edges of the ALL pathway out of the layout. Edges naming an
    /// unknown node are not drawn; a repeated id is the first node with it, as everywhere.
    ///
    /// Complexity: O(V + E + G).
    pub fn new(graph: &PathwayGraph<'a>, highlight: Option<&'a Highlight>) -> Self {
        let pathway = graph.pathway;
        let drawn = drawn_nodes(graph);
        let n = pathway.nodes.len();
        let mut listed = vec![Vec::new(); n];
        let mut edges = Vec::new();
        // Graph edges are in file order (their weight is the file index).
        for e in graph.graph.edge_references() {
            let (index, from, to) = (*e.weight(), e.source().index(), e.target().index());
            let kind = pathway.edges[index].kind;
            if kind == EdgeKind::Includes && !drawn[to] {
                listed[from].push(Included { edge: index, node: to });
            } else if drawn[from] && drawn[to] {
                edges.push(DrawnEdge { index, from, to, kind, back: false });
            }
        }
        let ends: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
        for (e, back) in edges.iter_mut().zip(graph.back_edges(&drawn, &ends)) {
            e.back = back;
        }
        let mut groups: Vec<(&str, &str, Vec<usize>)> =
            pathway.groups.iter().map(|g| (g.id.as_str(), g.label.as_str(), Vec::new())).collect();
        // Per group id, the first group with it.
        let mut group_index: HashMap<&str, usize> = HashMap::new();
        for (g, (id, _, _)) in groups.iter().enumerate() {
            group_index.entry(*id).or_insert(g);
        }
        let mut group_of = vec![None; n];
        for (i, node) in pathway.nodes.iter().enumerate() {
            if !drawn[i] {
                continue;
            }
            if let Some(g) = node.group.as_deref().and_then(|g| group_index.get(g).copied()) {
                groups[g].2.push(i);
                group_of[i] = Some(g);
            }
        }
        let lines = pathway.nodes.iter().zip(&listed).map(|(node, items)| listed_lines(pathway, node, items)).collect();
        let mut when_words = vec![None; pathway.edges.len()];
        if edges.iter().any(|e| pathway.edges[e.index].label.is_none() && pathway.edges[e.index].when.is_some()) {
            let conditions = PathwayConditions::new(pathway);
            for e in &edges {
                let edge = &pathway.edges[e.index];
                if edge.label.is_none() && edge.when.is_some() {
                    // A condition that does not check stays as written (validation reports it).
                    let checked = conditions.edges.get(e.index).is_some_and(|c| c.norm.is_some());
                    when_words[e.index] = if checked { conditions.edge_words(e.index) } else { edge.when.clone() };
                }
            }
        }
        View { pathway, drawn, listed, lines, edges, groups, group_of, when_words, highlight }
    }

    /// Whether node `i` is drawn normally (true when nothing is highlighted).
    pub fn node_lit(&self, i: usize) -> bool {
        self.highlight.is_none_or(|h| h.nodes.contains(&i))
    }

    /// Whether edge `i` (index into `pathway.edges`) is drawn normally.
    pub fn edge_lit(&self, i: usize) -> bool {
        self.highlight.is_none_or(|h| h.edges.contains(&i))
    }

    /// Whether a listed intervention is drawn normally: its node or its `includes` edge is highlighted.
    pub fn listed_lit(&self, item: Included) -> bool {
        self.highlight.is_none_or(|h| h.nodes.contains(&item.node) || h.edges.contains(&item.edge))
    }

    /// Whether a listed line is drawn normally: one of the interventions it stands for is.
    pub fn line_lit(&self, line: &ListedLine) -> bool {
        line.items.iter().any(|&item| self.listed_lit(item))
    }

    /// Whether a likelihood word is drawn anywhere (then the legend says what the words mean).
    pub fn shows_likelihood(&self) -> bool {
        let drawn = |e: usize| Likelihood::marker(self.pathway.edges[e].likelihood).is_some();
        self.edges.iter().any(|e| drawn(e.index)) || self.listed.iter().flatten().any(|item| drawn(item.edge))
    }

    /// Whether anything is highlighted (so the rest is dimmed).
    pub fn has_highlight(&self) -> bool {
        self.highlight.is_some()
    }

    /// The heading: the pathway's title and version, `Adult ALL (version 2024.2)`.
    pub fn heading(&self) -> String {
        format!("{} (version {})", self.pathway.title, self.pathway.version)
    }

    /// The title block: the [`heading`](Self::heading), a line naming the first source, and
    /// the not-medical-advice line ([`SHORT_NOTICE`]).
    pub fn title(&self) -> String {
        let p = self.pathway;
        let mut title = self.heading();
        if let Some(source) = p.sources.first() {
            title.push_str("\nSource: ");
            title.push_str(&source.title);
            if let Some(publisher) = &source.publisher {
                title.push_str(", ");
                title.push_str(publisher);
            }
            if let Some(revised) = &source.revised {
                title.push_str(", revised ");
                title.push_str(revised);
            } else if let Some(year) = source.year {
                title.push_str(&format!(", {year}"));
            }
        }
        title.push('\n');
        title.push_str(SHORT_NOTICE);
        title
    }

    /// The text on an edge: its label (or its condition, in words: "B-cell ALL") and its
    /// likelihood (`(often)`), the option set an `includes` arrow belongs to (`one or more of:
    /// CNS treatment`), then its probability.
    pub fn edge_text(&self, edge: usize) -> String {
        let e = &self.pathway.edges[edge];
        let words = self.when_words.get(edge).cloned().flatten();
        let mut text = e.label.clone().or(words).unwrap_or_default();
        if let Some(marker) = Likelihood::marker(e.likelihood) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(marker);
        }
        // The node is looked up only for an edge in an option set: a scan per edge made
        // drawing a long chain quadratic.
        let set = e.option_set.as_deref().and_then(|id| {
            let from = self.pathway.nodes.iter().find(|n| n.id == e.from)?;
            from.option_sets.iter().find(|s| s.id == id)
        });
        if let Some(set) = set {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!("{}: {}", set.choose.words(), set.label));
        }
        if let Some(p) = &e.probability {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&percent_range(p));
        }
        text
    }
}

/// Per node: whether it is drawn as a box of its own, that is, unless it is an intervention
/// whose only edges are incoming `includes` edges (it is listed under its includers).
///
/// Complexity: O(V + E).
fn drawn_nodes(graph: &PathwayGraph) -> Vec<bool> {
    let n = graph.len();
    let (mut has_next, mut included_in) = (vec![false; n], vec![false; n]);
    for u in 0..n {
        for &(_, v) in &graph.out[u] {
            has_next[u] = true;
            has_next[v] = true;
        }
        for &(_, v) in &graph.includes[u] {
            included_in[v] = true;
        }
    }
    (0..n)
        .map(|i| {
            let has_out = !graph.out[i].is_empty() || !graph.includes[i].is_empty();
            let listed_only =
                graph.pathway.nodes[i].kind == NodeKind::Intervention && included_in[i] && !has_next[i] && !has_out;
            !listed_only
        })
        .collect()
}

/// Fill, stroke and shape name of a node kind, shared by every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeStyle {
    /// Fill colour.
    pub fill: &'static str,
    /// Border colour.
    pub stroke: &'static str,
    /// Legend name.
    pub name: &'static str,
}

/// Colour of dimmed (not highlighted) elements.
pub(crate) const DIM_FILL: &str = "#f5f5f5";
/// Border and text colour of dimmed elements.
pub(crate) const DIM_STROKE: &str = "#b8b8b8";
/// Colour of normal edges.
pub(crate) const EDGE_COLOR: &str = "#374151";
/// Colour of group frames.
pub(crate) const GROUP_FILL: &str = "#f8fafc";
/// Border of group frames.
pub(crate) const GROUP_STROKE: &str = "#94a3b8";

/// The style of a node by kind (and outcome category).
pub(crate) fn node_style(kind: NodeKind, outcome: Option<OutcomeCategory>) -> NodeStyle {
    let (fill, stroke, name) = match (kind, outcome) {
        (NodeKind::Start, _) => ("#dbeafe", "#1d4ed8", "start"),
        (NodeKind::Phase, _) => ("#e0e7ff", "#4338ca", "phase"),
        (NodeKind::Intervention, _) => ("#ffffff", "#64748b", "intervention"),
        (NodeKind::Decision, _) => ("#fef9c3", "#a16207", "decision"),
        (NodeKind::Outcome, Some(OutcomeCategory::Remission)) => ("#bbf7d0", "#15803d", "remission"),
        (NodeKind::Outcome, Some(OutcomeCategory::PartialRemission)) => ("#ecfccb", "#4d7c0f", "partial remission"),
        (NodeKind::Outcome, Some(OutcomeCategory::LongTermRemission)) => ("#4ade80", "#166534", "long-term remission"),
        (NodeKind::Outcome, Some(OutcomeCategory::Refractory)) => ("#fed7aa", "#c2410c", "refractory"),
        (NodeKind::Outcome, Some(OutcomeCategory::Relapse)) => ("#fecaca", "#b91c1c", "relapse"),
        (NodeKind::Outcome, Some(OutcomeCategory::Palliative)) => ("#e5e7eb", "#4b5563", "palliative"),
        (NodeKind::Outcome, Some(OutcomeCategory::Death)) => ("#d1d5db", "#111827", "death"),
        (NodeKind::Outcome, Some(OutcomeCategory::Exit)) => ("#f1f5f9", "#475569", "exit"),
        (NodeKind::Outcome, None) => ("#f3f4f6", "#374151", "outcome"),
    };
    NodeStyle { fill, stroke, name }
}

/// Legend entries: (kind, outcome category) in display order.
pub(crate) const LEGEND: [(NodeKind, Option<OutcomeCategory>); 10] = [
    (NodeKind::Start, None),
    (NodeKind::Phase, None),
    (NodeKind::Intervention, None),
    (NodeKind::Decision, None),
    (NodeKind::Outcome, Some(OutcomeCategory::Remission)),
    (NodeKind::Outcome, Some(OutcomeCategory::PartialRemission)),
    (NodeKind::Outcome, Some(OutcomeCategory::LongTermRemission)),
    (NodeKind::Outcome, Some(OutcomeCategory::Refractory)),
    (NodeKind::Outcome, Some(OutcomeCategory::Relapse)),
    (NodeKind::Outcome, Some(OutcomeCategory::Palliative)),
];

/// The legend of a drawing of `pathway`: [`LEGEND`], then the outcome categories a cancer
/// pathway seldom has (`death`, `exit`) when one of its nodes has them, so that drawings of
/// pathways without them stay as they were.
pub(crate) fn legend_entries(pathway: &PathwayFile) -> Vec<(NodeKind, Option<OutcomeCategory>)> {
    let mut entries = LEGEND.to_vec();
    for category in [OutcomeCategory::Death, OutcomeCategory::Exit] {
        if pathway.nodes.iter().any(|n| n.kind == NodeKind::Outcome && n.outcome == Some(category)) {
            entries.push((NodeKind::Outcome, Some(category)));
        }
    }
    entries
}

/// What the legend says about likelihood words, when the flowchart shows any.
pub(crate) const LIKELIHOOD_LEGEND: &str =
    "(often) etc.: how often the source says it applies: usually, often, sometimes, rarely";

/// What `render --patient` highlights: every node and `next` edge reachable from the start
/// along edges whose condition can hold for the profile, and the `includes` edges (with their
/// interventions) of highlighted phases that can apply.
///
/// For factors the profile fixes this is exact; for factors it leaves open, both branches of a
/// decision on them stay lit, so the set is the union of the paths of every patient matching
/// the profile. Complexity: O(V + E) condition look-ups.
pub fn highlight_for(
    pathway: &PathwayFile,
    conditions: &crate::condition::PathwayConditions,
    profile: &crate::condition::Profile,
) -> Highlight {
    let graph = PathwayGraph::new(pathway);
    let mut highlight = Highlight { nodes: BTreeSet::new(), edges: BTreeSet::new() };
    let Some(start) = graph.start else { return highlight };
    let mut stack = vec![start];
    highlight.nodes.insert(start);
    while let Some(u) = stack.pop() {
        for &(e, target) in &graph.out[u] {
            if conditions.edge_status(e, profile) == Some(false) {
                continue;
            }
            highlight.edges.insert(e);
            if highlight.nodes.insert(target) {
                stack.push(target);
            }
        }
    }
    let lit: Vec<usize> = highlight.nodes.iter().copied().collect();
    for node in lit {
        for &(e, target) in &graph.includes[node] {
            if conditions.edge_status(e, profile) != Some(false) {
                highlight.edges.insert(e);
                highlight.nodes.insert(target);
            }
        }
    }
    highlight
}

#[cfg(test)]
mod tests;
