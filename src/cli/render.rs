//! Arguments of `render`. Its help is the doc comment of [`RenderArgs`] (cli.rs is kept short).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EngineArg, LevelArgs, LimitArgs, SourceArgs};

/// Draw one pathway: a flowchart (SVG, PNG, PDF, DOT, Mermaid), its explorer page or its FHIR export.
///
/// The file is validated first; a pathway with errors is reported and not drawn. SVG comes
/// from Graphviz when `dot` is installed (`--engine auto`), else from the built-in engine.
/// PNG and PDF (for slides and leaflets) are drawn in-process from the built-in engine's
/// SVG unless `--engine graphviz` is given, with the font bundled in carepath, so they are
/// the same on every machine; PNG is twice the SVG's size unless `--scale` says otherwise.
/// `--format html` writes the explorer page instead (the one `build` writes as
/// `out/<id>.html`; it takes a profile in its address, not from --patient).
/// `--format fhir` writes an HL7 FHIR R4 transaction Bundle shaped after the CPG-on-FHIR
/// guide (the one `build` writes as `out/<id>.fhir.json`): the pathway and its steps as
/// PlanDefinitions, the conditions as a CQL Library (CQL and ELM), an ActivityDefinition per
/// intervention or drug; every URL starts with --fhir-base. See docs/fhir.md.
/// Output goes to standard output unless `-o` names a file (written atomically); PNG and
/// PDF are not written to a terminal.
///
/// Examples:
///   carepath render pathways/adult-all.json --format png -o adult-all.png
///   carepath render pathways/adult-all.json --format png --scale 4 -o adult-all-print.png
///   carepath render pathways/adult-all.json --format pdf -o adult-all.pdf
///   carepath render pathways/adult-all.json --format html -o adult-all.html
///   carepath render pathways/adult-all.json --format fhir -o adult-all.fhir.json
///   carepath render pathways/adult-all.json -o adult-all.svg
///   carepath render pathways/adult-all.json --format mermaid
///   carepath render pathways/adult-all.json --engine builtin > all.svg
///   carepath render pathways/adult-all.json --patient lineage=T -o t-cell.svg
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RenderArgs {
    /// The pathway file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormatArg::Svg)]
    pub format: RenderFormatArg,
    /// SVG engine: graphviz needs the `dot` program; builtin needs nothing; auto picks graphviz
    /// when present for SVG, builtin for PNG and PDF.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    pub engine: EngineArg,
    /// PNG only: pixels per SVG pixel, from 0.25 to 8 [default: 2; 4 is about 400 dpi for print].
    #[arg(long, value_name = "FACTOR")]
    pub scale: Option<f32>,
    /// --format fhir only: the canonical base of every resource and extension
    /// [default: http://example.org/fhir, a placeholder: give your own before publishing].
    #[arg(long, value_name = "URL")]
    pub fhir_base: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Highlight this patient's paths and dim the rest: `factor=value`, comma-separated or repeated.
    #[arg(long, value_name = "FACTOR=VALUE")]
    pub patient: Vec<String>,
    #[command(flatten)]
    pub levels: LevelArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormatArg {
    /// Graphviz DOT source.
    Dot,
    /// SVG picture.
    Svg,
    /// Mermaid flowchart source.
    Mermaid,
    /// PNG picture on white (binary: use -o FILE or a pipe).
    Png,
    /// PDF, one page the size of the picture, with real text (binary: use -o FILE or a pipe).
    Pdf,
    /// The explorer page: one self-contained HTML file (as `build` writes `out/<id>.html`).
    Html,
    /// An HL7 FHIR R4 Bundle (PlanDefinition, Library with CQL and ELM, ActivityDefinition),
    /// as `build` writes `out/<id>.fhir.json`.
    Fhir,
}

impl RenderFormatArg {
    /// The flowchart format (PNG at `scale`), or `None` for the explorer page and FHIR.
    pub fn flowchart(self, scale: carepath::export::Scale) -> Option<carepath::export::Format> {
        use carepath::export::Format;
        match self {
            RenderFormatArg::Dot => Some(Format::Dot),
            RenderFormatArg::Svg => Some(Format::Svg),
            RenderFormatArg::Mermaid => Some(Format::Mermaid),
            RenderFormatArg::Png => Some(Format::Png(scale)),
            RenderFormatArg::Pdf => Some(Format::Pdf),
            RenderFormatArg::Html | RenderFormatArg::Fhir => None,
        }
    }

    /// The name of a binary format (never written to a terminal), `None` for text formats.
    pub fn binary(self) -> Option<&'static str> {
        match self {
            RenderFormatArg::Png => Some("png"),
            RenderFormatArg::Pdf => Some("pdf"),
            _ => None,
        }
    }
}
