//! The rule table: every validation rule's stable code, name, default severity and
//! documentation. This one table drives `carepath explain`, `docs/rules.md`, SARIF rule
//! metadata and the uniqueness test. The checks themselves live in [`crate::validate`].

use crate::diag::{Rule, RuleGroup, Severity};

macro_rules! rule {
    ($ident:ident, $code:literal, $name:literal, $group:ident, $sev:ident,
     summary: $summary:literal, rationale: $rationale:literal, fix: $fix:literal,
     bad: $bad:literal, good: $good:literal $(,)?) => {
        #[doc = $summary]
        pub static $ident: Rule = Rule {
            code: $code,
            name: $name,
            group: RuleGroup::$group,
            severity: Severity::$sev,
            summary: $summary,
            rationale: $rationale,
            fix: $fix,
            bad: $bad,
            good: $good,
        };
    };
}

// ---- File -------------------------------------------------------------------------------

rule!(JSON_SYNTAX, "CP001", "json-syntax", File, Error,
    summary: "The file must be well-formed JSON.",
    rationale: "Nothing else can be checked until the file parses. JSON allows no comments, no trailing commas and no single quotes.",
    fix: "Fix the character the message points at: a missing or doubled comma, an unclosed bracket or brace, an unquoted key.",
    bad: r#"{ "id": "adult-all",, "title": "Adult ALL" }"#,
    good: r#"{ "id": "adult-all", "title": "Adult ALL" }"#);

rule!(FORMAT, "CP002", "format", File, Error,
    summary: "Every value must fit the pathway file format: known fields only, required fields present, right types and enum values.",
    rationale: "A misspelt field name would otherwise be ignored silently, and the pathway would mean something other than its author wrote.",
    fix: "Rename, remove or add the field the message names; `carepath schema` prints the format, and editors check files that name it in `$schema`.",
    bad: r#"{ "id": "induction", "kind": "phase", "label": "Induction", "colour_typo": "red" }"#,
    good: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#);

rule!(INVALID_UTF8, "CP003", "invalid-utf8", File, Error,
    summary: "The file must be encoded as UTF-8.",
    rationale: "JSON text is UTF-8; other encodings turn names of drugs and people into garbage.",
    fix: "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
    bad: "a file saved as Latin-1 with the byte 0xE9 for é",
    good: "the same file saved as UTF-8");

// ---- Structure --------------------------------------------------------------------------

rule!(DUPLICATE_ID, "CP010", "duplicate-id", Structure, Error,
    summary: "Node, factor, source and group ids must be unique within their kind.",
    rationale: "Edges, conditions and citations refer to things by id; a second definition would be ambiguous.",
    fix: "Rename one of the two, or merge them.",
    bad: r#""nodes": [ { "id": "induction", ... }, { "id": "induction", ... } ]"#,
    good: r#""nodes": [ { "id": "induction", ... }, { "id": "induction_reduced", ... } ]"#);

rule!(UNKNOWN_NODE, "CP011", "unknown-node", Structure, Error,
    summary: "An edge's `from` and `to` must name nodes that exist.",
    rationale: "An edge to nowhere is almost always a typo or a node that was renamed.",
    fix: "Correct the id, or add the missing node.",
    bad: r#"{ "from": "induction", "to": "remision" }"#,
    good: r#"{ "from": "induction", "to": "remission" }"#);

rule!(START_COUNT, "CP012", "one-start", Structure, Error,
    summary: "A pathway has exactly one `start` node.",
    rationale: "Every path begins at the start; with none there are no paths, with two the pathway is two pathways.",
    fix: "Keep one start node (usually diagnosis); make the other a phase or intervention, or move it to its own file.",
    bad: r#"{ "id": "diagnosis", "kind": "start", ... }, { "id": "work_up", "kind": "start", ... }"#,
    good: r#"{ "id": "diagnosis", "kind": "start", ... }, { "id": "work_up", "kind": "intervention", ... }"#);

rule!(FLOW_INTO_START, "CP013", "flow-into-start", Structure, Error,
    summary: "No `next` edge enters the start node.",
    rationale: "The start is diagnosis: treatment never returns to it. A loop back to the start usually means a relapse step is missing.",
    fix: "Point the edge at the step the patient actually returns to (e.g. re-induction).",
    bad: r#"{ "from": "relapse", "to": "diagnosis" }"#,
    good: r#"{ "from": "relapse", "to": "reinduction" }"#);

rule!(NO_TERMINAL_OUTCOME, "CP014", "terminal-outcome", Structure, Error,
    summary: "A pathway has at least one terminal outcome: an outcome node with no `next` edge out.",
    rationale: "Paths end at terminal outcomes; without one there are no complete paths to list or to compute figures for.",
    fix: "Add an outcome node (e.g. long-term remission) and lead the last steps to it.",
    bad: r#"every outcome node has a `next` edge out"#,
    good: r#"{ "id": "cured", "kind": "outcome", "outcome": "long_term_remission", ... } with no edge out"#);

rule!(DEAD_END, "CP015", "dead-end", Structure, Error,
    summary: "Every node on the flow that is not an outcome has a `next` edge out.",
    rationale: "A phase or decision with no way on leaves the patient nowhere; paths through it could not end in an outcome.",
    fix: "Add the `next` edge that says what follows, or make the node an outcome.",
    bad: r#"{ "id": "maintenance", "kind": "phase", ... } with no `next` edge from it"#,
    good: r#"{ "from": "maintenance", "to": "long_term_remission" }"#);

rule!(UNREACHABLE, "CP016", "unreachable", Structure, Error,
    summary: "Every node can be reached from the start (interventions may instead be included by a reachable phase).",
    rationale: "A node no path reaches is never drawn on any patient's path: it is dead content or a missing edge.",
    fix: "Add the `next` edge that leads to it, or remove it.",
    bad: r#"{ "id": "salvage", "kind": "phase", ... } with no edge into it"#,
    good: r#"{ "from": "refractory", "to": "salvage" }"#);

rule!(NO_EXIT, "CP017", "no-exit", Structure, Error,
    summary: "From every node on the flow, some path leads to a terminal outcome.",
    rationale: "Catches loops with no way out: a patient who enters them could never reach an outcome.",
    fix: "Add an exit edge from the loop to an outcome (e.g. palliative care).",
    bad: r#"relapse → reinduction → relapse, and nothing else out of either"#,
    good: r#"relapse → reinduction → (relapse | second_remission → ...)"#);

rule!(DUPLICATE_EDGE, "CP018", "duplicate-edge", Structure, Error,
    summary: "Two edges of the same kind join the same two nodes only if their conditions differ.",
    rationale: "A repeated edge doubles paths and probabilities without meaning anything new.",
    fix: "Delete the copy, or merge the two conditions into one with `||`.",
    bad: r#"{ "from": "induction", "to": "remission" }, { "from": "induction", "to": "remission" }"#,
    good: r#"{ "from": "induction", "to": "remission" }"#);

rule!(SELF_LOOP, "CP019", "self-loop", Structure, Error,
    summary: "No edge goes from a node to itself.",
    rationale: "A node leading to itself has no clinical meaning; repeating a step is a cycle through another node (e.g. relapse → re-induction).",
    fix: "Point the edge at the next step, or model the repeat as a separate node.",
    bad: r#"{ "from": "maintenance", "to": "maintenance" }"#,
    good: r#"{ "from": "maintenance", "to": "long_term_remission" }"#);

rule!(INCLUDES_ENDPOINTS, "CP020", "includes-endpoints", Structure, Error,
    summary: "An `includes` edge goes from a phase to an intervention.",
    rationale: "`includes` lists a phase's components; anything else is flow and belongs on a `next` edge.",
    fix: "Make it a `next` edge, or point it from the phase to the intervention.",
    bad: r#"{ "from": "vincristine", "to": "induction", "kind": "includes" }"#,
    good: r#"{ "from": "induction", "to": "vincristine", "kind": "includes" }"#);

rule!(ORPHAN_INTERVENTION, "CP021", "orphan-intervention", Structure, Error,
    summary: "Every intervention is on the flow or included by a phase.",
    rationale: "An intervention that nothing leads to and no phase includes is never given to anyone.",
    fix: "Add an `includes` edge from the phase that gives it, or a `next` edge that leads to it.",
    bad: r#"{ "id": "nelarabine", "kind": "intervention", ... } with no edges"#,
    good: r#"{ "from": "relapse_reinduction", "to": "nelarabine", "kind": "includes", "when": "lineage == T" }"#);

rule!(OUTCOME_CATEGORY, "CP022", "outcome-category", Structure, Error,
    summary: "Every outcome node carries an `outcome` category.",
    rationale: "Categories are what `outcomes`, `--ends-in` and the colours of flowcharts are computed from.",
    fix: "Add `\"outcome\": \"remission\"` (or partial_remission, refractory, relapse, long_term_remission, palliative).",
    bad: r#"{ "id": "cr1", "kind": "outcome", "label": "Complete remission" }"#,
    good: r#"{ "id": "cr1", "kind": "outcome", "label": "Complete remission", "outcome": "remission" }"#);

rule!(MISPLACED_FIELD, "CP023", "misplaced-field", Structure, Error,
    summary: "Kind-specific fields appear only on their kind (e.g. `duration` on phases and interventions, `agents` on interventions, `choice` on decisions).",
    rationale: "A field on the wrong kind is ignored by every computation, so it is almost always a mistake about the node's kind.",
    fix: "Remove the field, or change the node's kind.",
    bad: r#"{ "id": "ph_status", "kind": "decision", "duration": { "min": 1, "max": 1, "unit": "months" } }"#,
    good: r#"{ "id": "ph_status", "kind": "decision" }"#);

rule!(UNKNOWN_GROUP, "CP024", "unknown-group", Structure, Error,
    summary: "A node's `group` names a declared group.",
    rationale: "Groups become clusters on flowcharts; an unknown one is a typo.",
    fix: "Declare the group in `groups`, or correct the name.",
    bad: r#"{ "id": "induction", "group": "frontline", ... } with groups [front_line]"#,
    good: r#"{ "id": "induction", "group": "front_line", ... }"#);

rule!(INCLUDES_AND_NEXT, "CP025", "includes-and-next", Structure, Error,
    summary: "A phase does not both include an intervention and flow into it.",
    rationale: "A phase that both includes an intervention and flows into it says the same thing twice in two incompatible ways.",
    fix: "Keep the `includes` edge if the intervention is part of the phase, or the `next` edge if it follows it.",
    bad: r#"{ "from": "induction", "to": "tki", "kind": "includes" }, { "from": "induction", "to": "tki" }"#,
    good: r#"{ "from": "induction", "to": "tki", "kind": "includes" }"#);

// ---- Decisions --------------------------------------------------------------------------

rule!(DECISION_BRANCHES, "CP030", "decision-branches", Decisions, Error,
    summary: "A decision has at least two `next` edges out.",
    rationale: "A decision with one way on decides nothing; it is probably missing a branch.",
    fix: "Add the missing branch, or replace the decision with a direct edge.",
    bad: r#"{ "from": "ph_status", "to": "induction_tki", "when": "ph_positive" } and nothing else out of ph_status"#,
    good: r#"... plus { "from": "ph_status", "to": "induction", "when": "else" }"#);

rule!(MISSING_CONDITION, "CP031", "missing-condition", Decisions, Error,
    summary: "Every `next` edge out of a decision has a condition (`when`), or is the `else` branch.",
    rationale: "A branch without a condition applies to every patient, which makes the decision meaningless.",
    fix: "Add `\"when\": \"...\"` to the edge, or `\"when\": \"else\"` for the remaining patients.",
    bad: r#"{ "from": "lineage_split", "to": "nelarabine" }"#,
    good: r#"{ "from": "lineage_split", "to": "nelarabine", "when": "lineage == T" }"#);

rule!(MULTIPLE_ELSE, "CP032", "multiple-else", Decisions, Error,
    summary: "A decision has at most one `else` branch.",
    rationale: "`else` means 'every patient no other branch takes'; two of them would split that group arbitrarily.",
    fix: "Give one of them a real condition.",
    bad: r#"two edges out of the same decision with "when": "else""#,
    good: r#"one with "when": "else", the other with "when": "lineage == T""#);

rule!(CONDITION_OUTSIDE_DECISION, "CP033", "condition-outside-decision", Decisions, Error,
    summary: "Only decisions' `next` edges carry conditions; `includes` edges may too.",
    rationale: "Conditions on flow out of a phase or outcome hide a decision: the flowchart would not show where the patient's path splits.",
    fix: "Insert a decision node after the phase and move the conditions onto its edges.",
    bad: r#"{ "from": "induction", "to": "tki_consolidation", "when": "ph_positive" }"#,
    good: r#"{ "from": "induction", "to": "ph_check" }, { "from": "ph_check", "to": "tki_consolidation", "when": "ph_positive" }"#);

rule!(PROBABILITY_ON_DECISION, "CP034", "probability-on-decision", Decisions, Error,
    summary: "Edges out of decisions and `includes` edges carry no probability.",
    rationale: "A decision is made on patient factors, not by chance; probabilities belong on edges out of nodes where the next step is chance (e.g. after induction).",
    fix: "Remove the probability, or make the node a chance node (a phase or outcome with unconditioned edges).",
    bad: r#"{ "from": "ph_status", "to": "tki", "when": "ph_positive", "probability": 0.25 }"#,
    good: r#"{ "from": "ph_status", "to": "tki", "when": "ph_positive" }"#);

rule!(CONDITION_SYNTAX, "CP040", "condition-syntax", Decisions, Error,
    summary: "Conditions follow the condition language: factors, `!`, `&&`, `||`, parentheses, comparisons, `in [..]`, or `else`.",
    rationale: "A condition that does not parse cannot say which patients take a branch.",
    fix: "Fix the expression at the character the message points at.",
    bad: r#""when": "age >= ""#,
    good: r#""when": "age >= 65""#);

rule!(UNKNOWN_FACTOR, "CP041", "unknown-factor", Decisions, Error,
    summary: "Conditions use only declared factors.",
    rationale: "An undeclared name is a typo or a missing declaration; its type and values would be unknown.",
    fix: "Declare the factor in `factors`, or correct the name (the message suggests the closest).",
    bad: r#""when": "ph_postive""#,
    good: r#""when": "ph_positive""#);

rule!(UNKNOWN_VALUE, "CP042", "unknown-value", Decisions, Error,
    summary: "Enum comparisons use only the factor's declared values.",
    rationale: "A value that is not declared can never match, so the branch would silently apply to nobody.",
    fix: "Use one of the allowed values the message lists.",
    bad: r#""when": "lineage == b""#,
    good: r#""when": "lineage == B""#);

rule!(TYPE_MISMATCH, "CP043", "type-mismatch", Decisions, Error,
    summary: "Each comparison fits its factor's type: booleans stand alone or are negated, enums use `==`, `!=` or `in`, integers use numbers.",
    rationale: "`age == B` or `ph_positive >= 3` has no meaning.",
    fix: "Compare the factor the way its type allows.",
    bad: r#""when": "ph_positive == 3""#,
    good: r#""when": "ph_positive""#);

rule!(OUT_OF_BOUNDS, "CP044", "out-of-bounds", Decisions, Error,
    summary: "Integer constants in conditions lie within the factor's bounds.",
    rationale: "`age > 200` can never hold for a factor bounded at 120: the branch would apply to nobody.",
    fix: "Use a threshold within the declared bounds, or widen the bounds.",
    bad: r#""when": "age > 200" with age in [18, 120]"#,
    good: r#""when": "age > 65""#);

rule!(NON_EXHAUSTIVE, "CP045", "non-exhaustive", Decisions, Error,
    summary: "Every patient takes at least one branch of each decision.",
    rationale: "A patient no branch covers has no next step: the pathway is silent about them.",
    fix: "Add a branch for the patients the message names, or an `else` branch.",
    bad: r#"branches "lineage == B" only, for lineage in [B, T]"#,
    good: r#"branches "lineage == B" and "lineage == T" (or "else")"#);

rule!(OVERLAPPING, "CP046", "overlapping-branches", Decisions, Error,
    summary: "No patient takes two branches of a decision, unless it says `\"choice\": \"multiple\"`.",
    rationale: "When two branches apply, the pathway does not say which the patient follows.",
    fix: "Make the conditions exclusive (the message names a patient both apply to), or mark the decision `\"choice\": \"multiple\"` if both are options.",
    bad: r#"branches "age >= 65" and "age >= 60""#,
    good: r#"branches "age >= 65" and "age < 65""#);

rule!(UNSATISFIABLE, "CP047", "unsatisfiable", Decisions, Error,
    summary: "Every condition can hold for some patient.",
    rationale: "A branch or component that no patient can get is dead content.",
    fix: "Correct the condition (often `&&` written for `||`).",
    bad: r#""when": "lineage == B && lineage == T""#,
    good: r#""when": "lineage == B || lineage == T""#);

rule!(FACTOR_DECLARATION, "CP048", "factor-declaration", Decisions, Error,
    summary: "Factor declarations are complete: enums list at least two distinct values, integers give `min` <= `max`, and type-specific fields appear only on their type.",
    rationale: "Conditions are type-checked and decisions proved exhaustive against these declarations.",
    fix: "Add the missing `values`, `min` or `max`, or remove the field that does not belong to the type.",
    bad: r#"{ "id": "lineage", "type": "enum", "label": "Lineage" }"#,
    good: r#"{ "id": "lineage", "type": "enum", "label": "Lineage", "values": ["B", "T"] }"#);

rule!(ANALYSIS_LIMIT, "CP049", "analysis-limit", Decisions, Warning,
    summary: "A decision's conditions are small enough to check exhaustively.",
    rationale: "Exhaustiveness is proved by checking every class of patients; past a limit carepath says so instead of hanging.",
    fix: "Split the decision into several smaller ones, or test fewer factors at once.",
    bad: r#"a decision testing 30 integer factors at many thresholds each"#,
    good: r#"a chain of decisions testing a few factors each"#);

// ---- Figures ----------------------------------------------------------------------------

rule!(PROBABILITY_RANGE, "CP050", "probability-range", Figures, Error,
    summary: "Probabilities lie within [0, 1], with `low <= high` and `base` between them.",
    rationale: "Anything else is not a probability: usually a percentage written as 80 instead of 0.8.",
    fix: "Write probabilities as fractions (0.8, not 80), with the lower bound first.",
    bad: r#""probability": { "low": 0.9, "high": 0.8 }"#,
    good: r#""probability": { "low": 0.8, "high": 0.9 }"#);

rule!(PROBABILITY_COVERAGE, "CP051", "probability-coverage", Figures, Error,
    summary: "A chance node gives probabilities on all its `next` edges or on none.",
    rationale: "With some edges quantified and others not, the remaining probability cannot be shared out.",
    fix: "Add the missing probabilities (or remove them all if the source gives no figures).",
    bad: r#"induction → remission 0.85, induction → refractory (no probability)"#,
    good: r#"induction → remission 0.85, induction → refractory 0.15"#);

rule!(PROBABILITY_SUM, "CP052", "probability-sum", Figures, Error,
    summary: "A node's outgoing probabilities sum to 1 (for ranges: the sum of lows <= 1 <= the sum of highs, and base values, when all are given, sum to 1).",
    rationale: "Every patient takes exactly one of the chance branches; probabilities that cannot sum to 1 are inconsistent figures.",
    fix: "Correct the figures so they can sum to 1; the message shows the actual sum.",
    bad: r#"remission 0.30, refractory 0.11 (sum 0.41)"#,
    good: r#"remission { low 0.8, high 0.9 }, refractory { low 0.1, high 0.2 }"#);

rule!(DURATION_RANGE, "CP053", "duration-range", Figures, Error,
    summary: "Durations are finite, non-negative, with `min <= max`.",
    rationale: "Time on treatment is summed along paths; a negative or inverted range makes every sum wrong.",
    fix: "Give the shortest typical duration as `min` and the longest as `max`.",
    bad: r#""duration": { "min": 4, "max": 2, "unit": "months" }"#,
    good: r#""duration": { "min": 2, "max": 4, "unit": "months" }"#);

rule!(MISSING_DURATION, "CP054", "missing-duration", Figures, Info,
    summary: "Phases carry a duration.",
    rationale: "Time on treatment is summed from phase durations; a phase without one counts as zero.",
    fix: "Add `\"duration\": { \"min\": .., \"max\": .., \"unit\": \"months\" }` from the source.",
    bad: r#"{ "id": "consolidation", "kind": "phase", "label": "Consolidation" }"#,
    good: r#"{ "id": "consolidation", "kind": "phase", "label": "Consolidation", "duration": { "min": 2, "max": 4, "unit": "months" } }"#);

// ---- Provenance -------------------------------------------------------------------------

rule!(UNKNOWN_SOURCE, "CP060", "unknown-source", Provenance, Error,
    summary: "Citations and `references` name declared sources.",
    rationale: "A citation of nothing cannot be checked by a reader.",
    fix: "Declare the source in `sources`, or correct the id.",
    bad: r#""sources": [ { "source": "nccn" } ] with only `acs` declared"#,
    good: r#""sources": [ { "source": "acs", "section": "Induction" } ]"#);

rule!(UNCITED_NODE, "CP061", "uncited-node", Provenance, Warning,
    summary: "Every node cites a source.",
    rationale: "Pathways are documents of record: every step should say where it comes from.",
    fix: "Add `\"sources\": [ { \"source\": \"...\", \"section\": \"...\" } ]`.",
    bad: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#,
    good: r#"{ "id": "induction", "kind": "phase", "label": "Induction", "sources": [ { "source": "acs", "section": "Induction" } ] }"#);

rule!(UNUSED_SOURCE, "CP062", "unused-source", Provenance, Warning,
    summary: "Every declared source is cited (directly, or through another source's `references`).",
    rationale: "An unused source suggests a citation was forgotten, or the source was left behind after an edit.",
    fix: "Cite it where it is used, or remove it.",
    bad: r#""sources": [ { "id": "acs" }, { "id": "old_draft" } ] with old_draft never cited"#,
    good: r#""sources": [ { "id": "acs" } ]"#);

rule!(UNUSED_FACTOR, "CP063", "unused-factor", Provenance, Warning,
    summary: "Every declared factor is used by some condition.",
    rationale: "An unused factor suggests a decision that was never drawn.",
    fix: "Use it in a condition, or remove it.",
    bad: r#""factors": [ { "id": "age", ... } ] and no condition mentions age"#,
    good: r#"a decision edge with "when": "age > 65""#);

rule!(ID_FILE_MISMATCH, "CP064", "id-file-mismatch", Provenance, Warning,
    summary: "A pathway's id equals its file name without `.json`.",
    rationale: "Outputs are named after the id; a mismatch makes `out/` hard to map back to `pathways/`.",
    fix: "Rename the file or change the id.",
    bad: r#"pathways/all.json with "id": "adult-all""#,
    good: r#"pathways/adult-all.json with "id": "adult-all""#);

rule!(DUPLICATE_PATHWAY, "CP065", "duplicate-pathway", Provenance, Error,
    summary: "Pathway ids are unique across the files validated together.",
    rationale: "`build` writes each pathway's outputs under its id; two with one id would overwrite each other.",
    fix: "Give each pathway its own id (and file name).",
    bad: r#"pathways/a.json and pathways/b.json both with "id": "adult-all""#,
    good: r#"ids adult-all and pediatric-all"#);

rule!(DATE_FORMAT, "CP066", "date-format", Provenance, Warning,
    summary: "Source dates (`revised`, `accessed`) are real dates written `YYYY-MM-DD`.",
    rationale: "Readers and tools compare dates; 'June 2024' or 2024-13-01 cannot be compared.",
    fix: "Write the date as `2024-06-24`.",
    bad: r#""revised": "June 24, 2024""#,
    good: r#""revised": "2024-06-24""#);

// ---- Text -------------------------------------------------------------------------------

rule!(EMPTY_TEXT, "CP070", "empty-text", Text, Error,
    summary: "Ids, labels and titles are not empty or blank.",
    rationale: "An empty label draws an empty box; an empty id cannot be referred to.",
    fix: "Write the label or id.",
    bad: r#"{ "id": "induction", "kind": "phase", "label": " " }"#,
    good: r#"{ "id": "induction", "kind": "phase", "label": "Induction" }"#);

rule!(ID_NAMING, "CP071", "id-naming", Text, Warning,
    summary: "Node, factor, source and group ids are lower snake_case; the pathway id is kebab-case.",
    rationale: "Ids appear in conditions, file names and generated diagrams; one convention keeps them valid everywhere.",
    fix: "Rename the id, e.g. `Induction Phase` → `induction_phase`.",
    bad: r#"{ "id": "Induction Phase", ... }"#,
    good: r#"{ "id": "induction_phase", ... }"#);

rule!(CONTROL_CHARACTERS, "CP072", "control-characters", Text, Error,
    summary: "No string contains control characters or invisible bidirectional-format characters.",
    rationale: "They can hide text or reorder it on screen (terminal escapes, 'trojan source'), so what a reviewer reads is not what the file says.",
    fix: "Delete the character; use plain text.",
    bad: r#""label": "Induction\u001b[31m""#,
    good: r#""label": "Induction""#);

rule!(UNUSED_GROUP, "CP073", "unused-group", Text, Warning,
    summary: "Every declared group holds at least one node.",
    rationale: "An empty group draws nothing; it is usually left over from an edit.",
    fix: "Put nodes in it with `\"group\"`, or remove it.",
    bad: r#""groups": [ { "id": "salvage", ... } ] and no node in it"#,
    good: r#"a node with "group": "salvage""#);

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &JSON_SYNTAX,
    &FORMAT,
    &INVALID_UTF8,
    &DUPLICATE_ID,
    &UNKNOWN_NODE,
    &START_COUNT,
    &FLOW_INTO_START,
    &NO_TERMINAL_OUTCOME,
    &DEAD_END,
    &UNREACHABLE,
    &NO_EXIT,
    &DUPLICATE_EDGE,
    &SELF_LOOP,
    &INCLUDES_ENDPOINTS,
    &ORPHAN_INTERVENTION,
    &OUTCOME_CATEGORY,
    &MISPLACED_FIELD,
    &UNKNOWN_GROUP,
    &INCLUDES_AND_NEXT,
    &DECISION_BRANCHES,
    &MISSING_CONDITION,
    &MULTIPLE_ELSE,
    &CONDITION_OUTSIDE_DECISION,
    &PROBABILITY_ON_DECISION,
    &CONDITION_SYNTAX,
    &UNKNOWN_FACTOR,
    &UNKNOWN_VALUE,
    &TYPE_MISMATCH,
    &OUT_OF_BOUNDS,
    &NON_EXHAUSTIVE,
    &OVERLAPPING,
    &UNSATISFIABLE,
    &FACTOR_DECLARATION,
    &ANALYSIS_LIMIT,
    &PROBABILITY_RANGE,
    &PROBABILITY_COVERAGE,
    &PROBABILITY_SUM,
    &DURATION_RANGE,
    &MISSING_DURATION,
    &UNKNOWN_SOURCE,
    &UNCITED_NODE,
    &UNUSED_SOURCE,
    &UNUSED_FACTOR,
    &ID_FILE_MISMATCH,
    &DUPLICATE_PATHWAY,
    &DATE_FORMAT,
    &EMPTY_TEXT,
    &ID_NAMING,
    &CONTROL_CHARACTERS,
    &UNUSED_GROUP,
];

/// Finds a rule by code (`CP011`, case-insensitive) or name (`unknown-node`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The text of `carepath explain CODE`.
pub fn explain_text(rule: &Rule) -> String {
    format!(
        "{code} {name} ({severity} by default)\n\n{summary}\n\nWhy: {rationale}\n\nFix: {fix}\n\nFails:\n    {bad}\n\nPasses:\n    {good}\n",
        code = rule.code,
        name = rule.name,
        severity = rule.severity,
        summary = rule.summary,
        rationale = rule.rationale,
        fix = rule.fix,
        bad = rule.bad,
        good = rule.good,
    )
}

/// The text of `carepath explain --list`: one aligned line per rule.
pub fn list_text() -> String {
    let width = ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    ALL.iter().map(|r| format!("{}  {:width$}  {:7}  {}\n", r.code, r.name, r.severity.as_str(), r.summary)).collect()
}

/// `docs/rules.md`: one heading per rule, grouped, generated from this table.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated by `cargo test` from src/rules.rs (UPDATE_GENERATED=1 rewrites it). Do not edit. -->\n\
         # Validation rules\n\n\
         `carepath validate` checks every pathway file against these rules. Each has a stable code and name \
         (use either with `--allow`, `--warn`, `--deny` and `carepath explain`) and a default severity: \
         errors fail validation (exit 1), warnings fail it only with `--deny-warnings`, notes never do.\n\n\
         | code | name | severity | checks |\n| --- | --- | --- | --- |\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity,
            r.summary
        ));
    }
    let mut group = None;
    for r in ALL {
        if group != Some(r.group) {
            group = Some(r.group);
            out.push_str(&format!("\n## {}\n", r.group.title()));
        }
        out.push_str(&format!(
            "\n### {}\n\n`{}` · {} by default\n\n{}\n\n**Why.** {}\n\n**Fix.** {}\n\nFails:\n\n```json\n{}\n```\n\nPasses:\n\n```json\n{}\n```\n",
            r.code, r.name, r.severity, r.summary, r.rationale, r.fix, r.bad, r.good
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in ALL {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("CP")
                    && rule.code[2..].chars().all(|c| c.is_ascii_digit())
            );
            assert!(
                rule.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.name
            );
        }
    }

    #[test]
    fn table_is_in_code_order() {
        let codes: Vec<_> = ALL.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("cp011").map(|r| r.name), Some("unknown-node"));
        assert_eq!(find("unknown-node").map(|r| r.code), Some("CP011"));
        assert!(find("CP999").is_none());
    }
}
