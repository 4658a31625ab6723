//! Citation rules: the words a citation points at are checked against its source's text.
//! Anchors are well formed (CP080); a citation gives its words one way (CP081); anchors need
//! a text (CP082); anchors and quotes are in the text (CP083, CP084); figures, decision
//! branches and likelihoods other than `always` point at words (CP085); and a note says which citations went
//! unchecked because a text was not found (CP086). Each rule is one [`Lint`] with its check
//! and its test right below it.

use crate::citation::cite::{look_up, Lookup as WordsLookup};
use crate::citation::spans::{every_citation, CitedWords, Lookup, Owner, Words};
use crate::citation::texts::TextStatus;
use crate::diag::{Diagnostic, Rule, RuleGroup, Severity, Sink, Subject};
use crate::model::{Citation, EdgeKind, Likelihood, NodeKind};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{add_edge, add_node, anchor_of, assert_fires, assert_fires_with_text, base, run, sub, MINIMAL};

/// How to get a citation right, said by several rules.
const CITE_HELP: &str = "`carepath cite TEXT \"words\" --source ID` prints the citation to paste";

/// What carries some cited words, in a message: `node `induction``, `edge `a` → `b``.
fn owner_name(cx: &Context, owner: Owner) -> String {
    let p = &cx.loaded.pathway;
    match owner {
        Owner::Node(i) => format!("node `{}`", p.nodes.get(i).map_or("", |n| n.id.as_str())),
        Owner::Edge(i) => p.edges.get(i).map_or_else(String::new, |e| format!("edge `{}` → `{}`", e.from, e.to)),
        Owner::Factor(i) => format!("factor `{}`", p.factors.get(i).map_or("", |f| f.id.as_str())),
        Owner::OptionSet(i, k) => {
            let node = p.nodes.get(i);
            let set = node.and_then(|n| n.option_sets.get(k)).map_or("", |s| s.id.as_str());
            format!("option set `{set}` of node `{}`", node.map_or("", |n| n.id.as_str()))
        }
        Owner::Caveat(i) => format!("caveat `{}`", p.caveats.get(i).map_or("", |c| c.id.as_str())),
        Owner::Source(i) => format!("source `{}`", p.sources.get(i).map_or("", |s| s.id.as_str())),
    }
}

fn owner_subject(cx: &Context, owner: Owner) -> Option<Subject> {
    let p = &cx.loaded.pathway;
    Some(match owner {
        Owner::Node(i) => Subject::Node { id: p.nodes.get(i)?.id.clone() },
        Owner::Edge(i) => {
            let e = p.edges.get(i)?;
            Subject::Edge { index: i, from: e.from.clone(), to: e.to.clone() }
        }
        Owner::Factor(i) => Subject::Factor { id: p.factors.get(i)?.id.clone() },
        Owner::OptionSet(i, _) => Subject::Node { id: p.nodes.get(i)?.id.clone() },
        Owner::Caveat(i) => Subject::Caveat { id: p.caveats.get(i)?.id.clone() },
        Owner::Source(i) => Subject::Source { id: p.sources.get(i)?.id.clone() },
    })
}

/// A diagnostic about some cited words: pointer at the `quote` or `anchor`, positioned at
/// `field` inside it (`sha256`, `chars`; `""`: the value itself), subject its owner.
fn words_diag(cx: &Context, lint: &'static Lint, words: &CitedWords, field: &str, message: String) -> Diagnostic {
    let at = if field.is_empty() { words.pointer.clone() } else { format!("{}/{field}", words.pointer) };
    let diag = cx.diag_at(lint, words.pointer.clone(), &at, message);
    match owner_subject(cx, words.owner) {
        Some(subject) => diag.with_subject(subject),
        None => diag,
    }
}

/// `node `induction`'s citation of `acs` (section "Induction")`, or `an out-of-scope span of
/// source `acs``.
fn cited_by(cx: &Context, words: &CitedWords) -> String {
    if let Owner::Source(_) = words.owner {
        return format!("an out-of-scope span of source `{}`", words.source);
    }
    let section = words.section.map(|s| format!(" (section \"{s}\")")).unwrap_or_default();
    format!("the citation of `{}`{section} on {}", words.source, owner_name(cx, words.owner))
}

/// The file name a source gives as its `text`.
fn text_name<'a>(cx: &'a Context, source: &str) -> &'a str {
    cx.loaded.pathway.sources.iter().find(|s| s.id == source).and_then(|s| s.text.as_deref()).unwrap_or_default()
}

/// CP080 `anchor-format`: An anchor is 16 lowercase hex digits (`sha256`) and a length of at
/// least one character (`chars`).
pub static ANCHOR_FORMAT: Lint = Lint {
    rule: &Rule {
        code: "CP080",
        name: "anchor-format",
        group: RuleGroup::Citations,
        severity: Severity::Error,
        summary: "An anchor is 16 lowercase hex digits (`sha256`) and a length of at least one character (`chars`).",
        rationale: "Any other anchor matches no words: it was typed by hand or cut short, and the claim it should support is unchecked.",
        fix: "Replace it with the anchor `carepath cite` prints for the words.",
        bad: r#""anchor": { "sha256": "BF0F89C4", "chars": 47 }"#,
        good: r#""anchor": { "sha256": "bf0f89c4b6379b25", "chars": 47 }"#,
    },
    check: Check::Pathway(anchor_formats),
};

fn anchor_formats(cx: &Context, sink: &mut Sink) {
    for words in cx.cited_words() {
        let Words::Anchor(anchor) = words.words else { continue };
        let digits = anchor.sha256.len() == 16 && anchor.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        let (field, problem) = if !digits {
            ("sha256", format!("`sha256` is \"{}\", not 16 hex digits", anchor.sha256))
        } else if anchor.sha256.bytes().any(|b| b.is_ascii_uppercase()) {
            ("sha256", format!("`sha256` is \"{}\", in capitals; anchors are written in lowercase", anchor.sha256))
        } else if anchor.chars == 0 {
            ("chars", "`chars` is 0; an anchor points at one character or more".to_string())
        } else {
            continue;
        };
        sink.push(
            words_diag(cx, &ANCHOR_FORMAT, words, field, format!("the anchor of {}: {problem}", cited_by(cx, words)))
                .with_help(format!("replace it with the anchor of the words: {CITE_HELP}")),
        );
    }
}

#[test]
fn cp080_anchor_format() {
    assert_fires(&ANCHOR_FORMAT, |t| {
        sub(t, r#""quote": "Induction lasts one to two months.""#, r#""anchor": { "sha256": "BF0F89C4", "chars": 34 }"#)
    });
}

/// CP081 `quote-and-anchor`: A citation gives its words one way: a `quote` or an `anchor`,
/// not both.
pub static QUOTE_AND_ANCHOR: Lint = Lint {
    rule: &Rule {
        code: "CP081",
        name: "quote-and-anchor",
        group: RuleGroup::Citations,
        severity: Severity::Error,
        summary: "A citation gives its words one way: a `quote` or an `anchor`, not both.",
        rationale:
            "A source one may copy is quoted; one whose text may not be copied is anchored. Both on one citation \
                    copies words the anchor was meant to keep out, or leaves two versions of the words to keep in step.",
        fix: "Keep the `quote` for a source you may copy, the `anchor` for one you may not.",
        bad: r#"{ "source": "acs", "quote": "…", "anchor": { "sha256": "bf0f89c4b6379b25", "chars": 47 } }"#,
        good: r#"{ "source": "acs", "anchor": { "sha256": "bf0f89c4b6379b25", "chars": 47 } }"#,
    },
    check: Check::Pathway(quotes_and_anchors),
};

fn quotes_and_anchors(cx: &Context, sink: &mut Sink) {
    for at in every_citation(&cx.loaded.pathway) {
        if at.citation.quote.is_none() || at.citation.anchor.is_none() {
            continue;
        }
        let pointer = at.pointer();
        let mut diag = cx.diag_at(
            &QUOTE_AND_ANCHOR,
            pointer.clone(),
            &format!("{pointer}/anchor"),
            format!(
                "the citation of `{}` on {} gives both a quote and an anchor",
                at.citation.source,
                owner_name(cx, at.owner)
            ),
        );
        if let Some(subject) = owner_subject(cx, at.owner) {
            diag = diag.with_subject(subject);
        }
        sink.push(diag.with_help(
            "keep one: the `quote` for a source you may copy, the `anchor` for a source whose text may not be copied",
        ));
    }
}

#[test]
fn cp081_quote_and_anchor() {
    assert_fires_with_text(&QUOTE_AND_ANCHOR, |t| {
        let anchor = anchor_of("Induction lasts one to two months.");
        sub(
            t,
            r#""quote": "Induction lasts one to two months.""#,
            &format!(r#""quote": "Induction lasts one to two months.", "anchor": {anchor}"#),
        )
    });
}

/// CP082 `anchor-without-text`: A source cited by anchors, or with `out_of_scope` spans, names
/// its `text`.
pub static ANCHOR_WITHOUT_TEXT: Lint = Lint {
    rule: &Rule {
        code: "CP082",
        name: "anchor-without-text",
        group: RuleGroup::Citations,
        severity: Severity::Error,
        summary: "A source cited by anchors, or with `out_of_scope` spans, names its `text`.",
        rationale: "An anchor is a fingerprint: without the text it was taken from, neither carepath nor a reader can \
                    find the words it stands for.",
        fix: "Add `\"text\": \"<file name>\"` to the source (the file beside the pathway or in a `--source-dir`), or \
              cite the words as a `quote`.",
        bad: r#"{ "id": "acs", "title": "..." } cited with "anchor": { ... }"#,
        good: r#"{ "id": "acs", "title": "...", "text": "acs-adult-all-treatment.txt" }"#,
    },
    check: Check::Pathway(anchors_without_text),
};

fn anchors_without_text(cx: &Context, sink: &mut Sink) {
    for words in cx.cited_words() {
        if !matches!(words.words, Words::Anchor(_)) || words.lookup != Lookup::NoText {
            continue;
        }
        let message = match words.owner {
            Owner::Source(_) => {
                format!("source `{}` has an out-of-scope span but names no `text` to find it in", words.source)
            }
            owner => format!(
                "{} cites `{}` by an anchor, but source `{}` names no `text` to check it against",
                owner_name(cx, owner),
                words.source,
                words.source
            ),
        };
        sink.push(words_diag(cx, &ANCHOR_WITHOUT_TEXT, words, "sha256", message).with_help(format!(
            "add \"text\": \"<file name>\" to source `{}` (found beside the pathway or in a --source-dir), \
             or cite the words as a `quote`",
            words.source
        )));
    }
}

#[test]
fn cp082_anchor_without_text() {
    assert_fires(&ANCHOR_WITHOUT_TEXT, |t| {
        let anchor = anchor_of("Induction lasts one to two months.");
        sub(t, r#""quote": "Induction lasts one to two months.""#, &format!(r#""anchor": {anchor}"#))
    });
}

/// CP083 `anchor-not-found`: The words an anchor fingerprints are in its source's text.
pub static ANCHOR_NOT_FOUND: Lint = Lint {
    rule: &Rule {
        code: "CP083",
        name: "anchor-not-found",
        group: RuleGroup::Citations,
        severity: Severity::Error,
        summary: "The words an anchor fingerprints are in its source's text.",
        rationale: "The anchor stands for the exact words that support the claim. When they are gone, the source was \
                    revised (or the anchor edited): the claim may no longer be what the source says.",
        fix: "Re-read the claim against the source's text; correct it if the source changed; then re-cite the words \
              with `carepath cite`.",
        bad: r#""anchor": { "sha256": "bf0f89c4b6379b26", "chars": 47 } (no 47 characters of the text have this fingerprint)"#,
        good: r#""anchor": { "sha256": "bf0f89c4b6379b25", "chars": 47 }"#,
    },
    check: Check::Pathway(anchors_not_found),
};

fn anchors_not_found(cx: &Context, sink: &mut Sink) {
    for words in cx.cited_words() {
        if !matches!(words.words, Words::Anchor(_)) || words.lookup != Lookup::NotInText {
            continue;
        }
        let text = text_name(cx, words.source);
        let path = match cx.texts.get(words.source) {
            Some(TextStatus::Found(file)) => file.path.display().to_string(),
            _ => text.to_string(),
        };
        sink.push(
            words_diag(
                cx,
                &ANCHOR_NOT_FOUND,
                words,
                "sha256",
                format!("the anchor of {} matches no words of its text `{text}`", cited_by(cx, words)),
            )
            .with_help(format!(
                "the source may have been revised: re-check the claim against the text, then re-cite the words \
                 with `carepath cite {path} \"words\"`"
            )),
        );
    }
}

#[test]
fn cp083_anchor_not_found() {
    // The words changed by one character: "month." for "months.".
    assert_fires_with_text(&ANCHOR_NOT_FOUND, |t| {
        let anchor = anchor_of("Induction lasts one to two month.");
        sub(t, r#""quote": "Induction lasts one to two months.""#, &format!(r#""anchor": {anchor}"#))
    });
}

/// CP084 `quote-not-found`: A quote's words are in its source's text (compared after
/// normalising both).
pub static QUOTE_NOT_FOUND: Lint = Lint {
    rule: &Rule {
        code: "CP084",
        name: "quote-not-found",
        group: RuleGroup::Citations,
        severity: Severity::Error,
        summary: "A quote's words are in its source's text (compared after normalising both).",
        rationale: "A quote that is not in the source puts words in its mouth: misremembered, paraphrased, or left \
                    behind by a revision of the source.",
        fix: "Copy the words from the text again (quotes, dashes and spacing need not match), or cite the words the \
              source now has.",
        bad: r#""quote": "Induction lasts two months.""#,
        good: r#""quote": "Induction lasts one to two months.""#,
    },
    check: Check::Pathway(quotes_not_found),
};

fn quotes_not_found(cx: &Context, sink: &mut Sink) {
    for words in cx.cited_words() {
        let Words::Quote(quote) = words.words else { continue };
        let problem = match (words.lookup, cx.texts.file(words.source)) {
            (Lookup::Malformed, _) => "has no words".to_string(),
            (Lookup::NotInText, Some(file)) => {
                let text = text_name(cx, words.source);
                match look_up(&file.document, quote) {
                    WordsLookup::NotFound { nearest: Some(near) } => format!(
                        "is not in its text `{text}`: only its first {} characters are, in {}",
                        near.matched.chars().count(),
                        near.place.sentences.join(", ")
                    ),
                    _ => format!("is not in its text `{text}`"),
                }
            }
            _ => continue,
        };
        sink.push(
            words_diag(cx, &QUOTE_NOT_FOUND, words, "", format!("the quote of {} {problem}", cited_by(cx, words)))
                .with_help(
                    "copy the words from the text again (quotes, dashes and spacing need not match); if the source \
                     was revised, re-check the claim against it",
                ),
        );
    }
}

#[test]
fn cp084_quote_not_found() {
    assert_fires_with_text(&QUOTE_NOT_FOUND, |t| {
        sub(t, r#""quote": "Induction lasts one to two months.""#, r#""quote": "Induction lasts two months.""#)
    });
}

/// CP085 `unanchored-claim`: A figure (an edge's `probability`, a node's `duration`), a decision
/// branch and a likelihood other than `always` cite the source's words: one of their own
/// citations has an `anchor` or a `quote`.
pub static UNANCHORED_CLAIM: Lint = Lint {
    rule: &Rule {
        code: "CP085",
        name: "unanchored-claim",
        group: RuleGroup::Citations,
        severity: Severity::Warning,
        summary: "A figure (an edge's `probability`, a node's `duration`), a decision branch and a likelihood \
                  other than `always` cite the source's words: one of their own citations has an `anchor` or a \
                  `quote`.",
        rationale: "Figures, branches and hedges (\"often\", \"some regimens may\") are where a pathway most easily \
                    says more than its source. Pointing at the \
                    words lets carepath check them on every run and shows a reader what each one rests on; when the \
                    source is revised, the claims whose words changed are flagged.",
        fix: "Add the words that support the claim to one of its citations: `carepath cite TEXT \"words\"` prints \
              the anchor (use a `quote` for a source you may copy).",
        bad: r#"{ "from": "induction", "to": "remission", "probability": 0.85, "sources": [ { "source": "acs" } ] }"#,
        good: r#"{ "from": "induction", "to": "remission", "probability": 0.85, "sources": [ { "source": "acs", "section": "Induction", "anchor": { "sha256": "…", "chars": 61 } } ] }"#,
    },
    check: Check::Pathway(unanchored_claims),
};

fn unanchored_claims(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let anchored = |sources: &[Citation]| sources.iter().any(|c| c.anchor.is_some() || c.quote.is_some());
    let why = |sources: &[Citation]| {
        if sources.is_empty() {
            "it cites no source"
        } else {
            "none of its citations has an `anchor` or a `quote`"
        }
    };
    let help =
        |claim: &str| format!("add the words that support {claim} to one of its citations in `sources`: {CITE_HELP}");
    let often = |likelihood: Option<Likelihood>| likelihood.is_some_and(|l| l != Likelihood::Always);
    // A duration on another kind of node, a probability on an `includes` edge or a likelihood
    // on plain flow is misplaced (CP023, CP034) and no claim: only these are.
    for (i, node) in p.nodes.iter().enumerate() {
        if anchored(&node.sources) {
            continue;
        }
        let timed = matches!(node.kind, NodeKind::Phase | NodeKind::Intervention);
        let claim = if timed && node.duration.is_some() {
            Some(("duration".to_string(), format!("the duration of node `{}`", node.id), "the duration"))
        } else {
            node.agents.iter().position(|a| often(a.likelihood)).map(|a| {
                let agent = &node.agents[a];
                let word = agent.likelihood.unwrap_or_default();
                let claim = format!("the likelihood `{word}` of agent `{}` of node `{}`", agent.name, node.id);
                (format!("agents/{a}/likelihood"), claim, "the likelihood")
            })
        };
        if let Some((field, claim, what)) = claim {
            sink.push(
                cx.node_diag(
                    &UNANCHORED_CLAIM,
                    i,
                    &field,
                    format!("{claim} is not anchored to the source's words: {}", why(&node.sources)),
                )
                .with_help(help(what)),
            );
        }
    }
    for (i, edge) in p.edges.iter().enumerate() {
        if anchored(&edge.sources) {
            continue;
        }
        let from_decision = edge.kind == EdgeKind::Next
            && cx.graph.node_index(&edge.from).is_some_and(|n| p.nodes[n].kind == NodeKind::Decision);
        let name = format!("`{}` → `{}`", edge.from, edge.to);
        // A probability on a decision branch is CP034's finding; it is still one claim here.
        let (field, claim, what) = if edge.probability.is_some() && edge.kind == EdgeKind::Next {
            ("probability", format!("the probability of edge {name}"), "the probability")
        } else if often(edge.likelihood) && (edge.kind == EdgeKind::Includes || from_decision) {
            let word = edge.likelihood.unwrap_or_default();
            ("likelihood", format!("the likelihood `{word}` of edge {name}"), "the likelihood")
        } else if from_decision {
            (if edge.when.is_some() { "when" } else { "" }, format!("the decision branch {name}"), "the branch")
        } else {
            continue;
        };
        sink.push(
            cx.edge_diag(
                &UNANCHORED_CLAIM,
                i,
                field,
                format!("{claim} is not anchored to the source's words: {}", why(&edge.sources)),
            )
            .with_help(help(what)),
        );
    }
}

#[test]
fn cp085_unanchored_claim() {
    assert_fires(&UNANCHORED_CLAIM, |t| {
        sub(
            t,
            r#""probability": 0.2, "sources": [{ "source": "src", "quote": "Two in ten do not." }]"#,
            r#""probability": 0.2, "sources": [{ "source": "src" }]"#,
        )
    });
}

#[test]
fn cp085_a_likelihood_other_than_always_is_a_claim_on_edges_and_agents() {
    // A component included "sometimes", with a plain citation; an agent "usually" given, its
    // node citing nothing by its words. A component included always is no claim.
    let text = add_edge(
        &base("t"),
        r#"{ "from": "induction", "to": "vincristine", "kind": "includes", "likelihood": "sometimes", "sources": [{ "source": "src" }] }"#,
    );
    let text = sub(&text, r#"{ "from": "induction", "to": "vincristine", "kind": "includes" },"#, "");
    let text = add_node(
        &text,
        r#"{ "id": "steroid", "kind": "intervention", "label": "Steroid", "group": "main", "agents": [{ "name": "prednisone" }, { "name": "dexamethasone", "likelihood": "usually" }], "sources": [{ "source": "src" }] }"#,
    );
    let text = add_edge(&text, r#"{ "from": "induction", "to": "steroid", "kind": "includes" }"#);
    let found: Vec<_> = run(&text).into_iter().filter(|d| d.0 == "CP085").map(|d| d.3).collect();
    assert_eq!(
        found,
        [
            "the likelihood `usually` of agent `dexamethasone` of node `steroid` is not anchored to the source's words: none of its citations has an `anchor` or a `quote`",
            "the likelihood `sometimes` of edge `induction` → `vincristine` is not anchored to the source's words: none of its citations has an `anchor` or a `quote`",
        ]
    );
    // A quote on the edge and on the node anchors them.
    let quoted = text.replace(
        r#""likelihood": "sometimes", "sources": [{ "source": "src" }]"#,
        r#""likelihood": "sometimes", "sources": [{ "source": "src", "quote": "q" }]"#,
    );
    let quoted = quoted.replace(
        r#""likelihood": "usually" }], "sources": [{ "source": "src" }]"#,
        r#""likelihood": "usually" }], "sources": [{ "source": "src", "quote": "q" }]"#,
    );
    assert!(run(&quoted).iter().all(|d| d.0 != "CP085"), "{:?}", run(&quoted));
}

#[test]
fn cp085_a_branch_and_a_duration_that_cite_nothing_say_so() {
    let text = MINIMAL.replace(r#", "sources": [{ "source": "src", "quote": "q" }]"#, "");
    let found: Vec<_> = run(&text).into_iter().filter(|d| d.0 == "CP085").map(|d| (d.1, d.3)).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[0].1,
        "the duration of node `induction` is not anchored to the source's words: it cites no source"
    );
}

/// CP086 `unchecked-citations`: The text of every source cited by anchors or quotes is found,
/// so that they are checked.
pub static UNCHECKED_CITATIONS: Lint = Lint {
    rule: &Rule {
        code: "CP086",
        name: "unchecked-citations",
        group: RuleGroup::Citations,
        severity: Severity::Info,
        summary: "The text of every source cited by anchors or quotes is found, so that they are checked.",
        rationale: "A source's text may not be in the repository (its sentences may not be copied): a fresh clone \
                    still validates, but its anchors and quotes are not checked until carepath is told where the \
                    text is.",
        fix: "Pass `--source-dir DIR`, the folder that holds the text (CI: `--source-dir ../shared/sources`).",
        bad: r#"carepath validate pathways   (the text is in ../shared/sources)"#,
        good: r#"carepath validate --source-dir ../shared/sources pathways"#,
    },
    check: Check::Pathway(unchecked_citations),
};

fn unchecked_citations(cx: &Context, sink: &mut Sink) {
    for (i, source) in cx.loaded.pathway.sources.iter().enumerate() {
        let (Some(text), Some(TextStatus::NotFound { looked_in })) = (&source.text, cx.texts.get(&source.id)) else {
            continue;
        };
        let unchecked: Vec<&CitedWords> =
            cx.cited_words().iter().filter(|w| w.source == source.id && w.lookup == Lookup::TextMissing).collect();
        if unchecked.is_empty() {
            continue;
        }
        let spans = unchecked.iter().filter(|w| matches!(w.owner, Owner::Source(_))).count();
        let citations = unchecked.len() - spans;
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let what = match (citations, spans) {
            (c, 0) => plural(c, "citation", "citations"),
            (0, s) => plural(s, "out-of-scope span", "out-of-scope spans"),
            (c, s) => format!(
                "{} and {}",
                plural(c, "citation", "citations"),
                plural(s, "out-of-scope span", "out-of-scope spans")
            ),
        };
        let verb = if citations + spans == 1 { "was" } else { "were" };
        let shown = |dir: &std::path::PathBuf| format!("`{}`", dir.display());
        let place = match looked_in.as_slice() {
            [] => "was not looked for".to_string(),
            [beside] => format!("is not beside the pathway (in {}) and no --source-dir was given", shown(beside)),
            [beside, dirs @ ..] => format!(
                "is not beside the pathway (in {}) or in --source-dir {}",
                shown(beside),
                dirs.iter().map(shown).collect::<Vec<_>>().join(", ")
            ),
        };
        sink.push(
            cx.diag(
                &UNCHECKED_CITATIONS,
                format!("/sources/{i}/text"),
                format!("{what} of `{}` {verb} not checked: its text `{text}` {place}", source.id),
            )
            .with_subject(Subject::Source { id: source.id.clone() })
            .with_help(format!("pass --source-dir DIR, the folder that holds `{text}`")),
        );
    }
}

#[test]
fn cp086_unchecked_citations() {
    assert_fires(&UNCHECKED_CITATIONS, |t| {
        sub(t, r#""revised": "2024-06-24" }"#, r#""revised": "2024-06-24", "text": "not-here.txt" }"#)
    });
}
