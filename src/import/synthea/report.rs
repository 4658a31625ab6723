//! The import report: per module, what was kept, folded, approximated and not supported, the
//! module's own findings, and the validation of the pathway written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::text::escape;

/// What a report line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    /// Kept, but said differently than the module says it (a Guard as a phase of unknown length).
    Approximated,
    /// Not translated: kept as a stand-in and said so.
    Unsupported,
    /// A problem of the module itself (chances that do not add up to 1, options never taken,
    /// patients left to the last option).
    Finding,
    /// Worth knowing (a trap the import read past).
    Note,
}

impl LineKind {
    fn heading(self) -> &'static str {
        match self {
            LineKind::Approximated => "approximated",
            LineKind::Unsupported => "not supported",
            LineKind::Finding => "findings in the module",
            LineKind::Note => "notes",
        }
    }
}

/// One line of a module's report, about one state.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    /// What kind of line.
    pub kind: LineKind,
    /// The state's name (cleaned of invisible characters).
    pub state: String,
    /// What it says.
    pub text: String,
}

/// What the import of one module did.
#[derive(Debug, Clone, Default)]
pub struct ModuleReport {
    /// The module's `name`.
    pub name: String,
    /// Its states (submodules' inlined states included).
    pub states: usize,
    /// The pathway's nodes and edges.
    pub nodes: usize,
    /// The pathway's edges.
    pub edges: usize,
    /// States kept as steps, per state type.
    pub kept: BTreeMap<String, usize>,
    /// States folded into their neighbours, per state type.
    pub folded: BTreeMap<String, usize>,
    /// Submodules inlined.
    pub submodules: Vec<String>,
    /// Approximations, unsupported features, findings and notes, in the order met.
    pub lines: Vec<ReportLine>,
    /// The pathway's validation: errors, warnings, notes.
    pub validation: [usize; 3],
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    let total: usize = map.values().sum();
    let parts: Vec<String> = map.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if parts.is_empty() {
        "0".into()
    } else {
        format!("{total} ({})", parts.join(", "))
    }
}

impl ModuleReport {
    /// The report in words, for a terminal: `module` is the file read, `output` the file
    /// written. Names from the module are escaped for the terminal.
    pub fn render(&self, module: &str, output: &str) -> String {
        let t = escape::terminal_safe;
        let mut s = String::new();
        let _ = writeln!(s, "{} → {}", t(module), t(output));
        let _ =
            writeln!(s, "  “{}”: {} states → {} nodes, {} edges", t(&self.name), self.states, self.nodes, self.edges);
        let _ = writeln!(s, "  kept as steps: {}", t(&counts(&self.kept)));
        let _ = writeln!(s, "  folded into their neighbours: {}", t(&counts(&self.folded)));
        if !self.submodules.is_empty() {
            let _ = writeln!(s, "  submodules inlined: {}", t(&self.submodules.join(", ")));
        }
        for kind in [LineKind::Approximated, LineKind::Unsupported, LineKind::Finding, LineKind::Note] {
            let lines: Vec<&ReportLine> = self.lines.iter().filter(|l| l.kind == kind).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(s, "  {} ({}):", kind.heading(), lines.len());
            for l in lines {
                let _ = writeln!(s, "    “{}”: {}", t(&l.state), t(&l.text));
            }
        }
        let [e, w, n] = self.validation;
        let _ = writeln!(
            s,
            "  validation: {}, {}, {}",
            crate::text::words::count_words(e, "error", "errors"),
            crate::text::words::count_words(w, "warning", "warnings"),
            crate::text::words::count_words(n, "note", "notes")
        );
        s
    }
}
