//! Unit and property tests of the condition language, profiles, evaluation, patient
//! classes and path feasibility.

use proptest::prelude::*;

use super::analysis::{analyse_decision, CellKind, Norm};
use super::check::{check, ErrorKind, Pred, Typed};
use super::parse::{parse, Expr, Parsed, MAX_DEPTH};
use super::*;
use crate::model::PathwayFile;

fn syntax_error(text: &str) -> (usize, usize, String) {
    match parse(text) {
        Err(e) => (e.span.0, e.span.1, e.message),
        Ok(p) => panic!("{text:?} parsed: {p:?}"),
    }
}

#[test]
fn precedence_not_then_and_then_or() {
    let Ok(Parsed::Expr(e)) = parse("a || b && !c") else { panic!() };
    match e {
        Expr::Or(items) => {
            assert_eq!(items.len(), 2);
            assert!(matches!(&items[1], Expr::And(x) if x.len() == 2 && matches!(x[1], Expr::Not(..))));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(parse("  else "), Ok(Parsed::Else));
}

#[test]
fn tokens_carry_byte_spans() {
    let Ok(Parsed::Expr(e)) = parse("lineage == B && age >= -3") else { panic!() };
    let Expr::And(items) = e else { panic!() };
    let Expr::Compare { factor, op, value } = &items[1] else { panic!() };
    assert_eq!((factor.1, op.1, value.1), ((16, 19), (20, 22), (23, 25)));
    assert_eq!(value.0, parse::Literal::Int(-3));
}

#[test]
fn syntax_errors_point_at_the_character() {
    assert_eq!(syntax_error("age >= "), (7, 7, "expected a value after `>=`, found the end".into()));
    assert_eq!(syntax_error("a && "), (5, 5, "expected a condition after `&&`".into()));
    assert_eq!(syntax_error("(a || b"), (7, 7, "expected `)` to close the `(` at 1".into()));
    assert_eq!(syntax_error("a b"), (2, 3, "expected `&&`, `||` or the end, found `b`".into()));
    assert_eq!(syntax_error("a)"), (1, 2, "unmatched `)`".into()));
    assert_eq!(syntax_error("a = 1"), (2, 3, "`=` is not an operator; write `==` to compare".into()));
    assert_eq!(syntax_error("x in B"), (5, 6, "expected `[` after `in`, found `B`".into()));
    assert_eq!(syntax_error("x in [B T]"), (8, 9, "expected `,` or `]`, found `T`".into()));
    assert_eq!(syntax_error("a && é"), (5, 7, "unexpected character `é`".into()));
    assert_eq!(syntax_error(""), (0, 0, "the condition is empty; write a condition or `else`".into()));
    assert_eq!(syntax_error("a || else"), (5, 9, "`else` must be the whole condition".into()));
    assert_eq!(
        syntax_error("!lineage == B"),
        (9, 11, "`!` binds tighter than `==`: write `!(lineage ...)` to negate the comparison".into())
    );
    assert_eq!(syntax_error("n > 99999999999999999999"), (4, 24, "integer `99999999999999999999` is too large".into()));
}

#[test]
fn nesting_is_bounded_not_a_stack_overflow() {
    // 5,000 levels: rejected by the length limit before any parsing.
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(syntax_error(&deep).2, "the condition is 10001 bytes long; the limit is 4096");
    // Within the length limit, the depth limit applies, to parentheses and to `!`.
    let deep = format!("{}a{}", "(".repeat(2000), ")".repeat(2000));
    assert_eq!(
        syntax_error(&deep),
        (MAX_DEPTH, MAX_DEPTH + 1, "the condition is nested more than 64 levels deep".into())
    );
    let nots = format!("{}a", "!".repeat(3000));
    assert_eq!(syntax_error(&nots).2, "the condition is nested more than 64 levels deep");
    assert!(parse(&format!("{}a{}", "(".repeat(64), ")".repeat(64))).is_ok());
}

/// A pathway with the given factors and one edge per condition (between dummy nodes).
fn pathway(factors: &str, conditions: &[&str]) -> PathwayFile {
    let edges: Vec<String> = conditions
        .iter()
        .enumerate()
        .map(|(i, c)| format!(r#"{{ "from": "n{i}", "to": "m{i}", "when": {} }}"#, serde_json::to_string(c).unwrap()))
        .collect();
    let text = format!(
        r#"{{ "id": "t", "title": "T", "version": "1", "sources": [], "factors": [{factors}], "nodes": [], "edges": [{}] }}"#,
        edges.join(", ")
    );
    serde_json::from_str(&text).unwrap()
}

const FACTORS: &str = r#"{ "id": "a", "type": "boolean", "label": "A" },
    { "id": "b", "type": "boolean", "label": "B" },
    { "id": "e", "type": "enum", "label": "E", "values": ["X", "Y", "Z"] },
    { "id": "n", "type": "integer", "label": "N", "min": 0, "max": 10, "unit": "points" }"#;

/// A checker finding: kind, span, message.
type Finding = (ErrorKind, (usize, usize), String);

fn typed(text: &str) -> Result<Typed, Vec<Finding>> {
    let p = pathway(FACTORS, &[]);
    let Ok(Parsed::Expr(e)) = parse(text) else { panic!("{text}") };
    check(&e, &p.factors).map_err(|errs| errs.into_iter().map(|e| (e.kind, e.span, e.message)).collect())
}

#[test]
fn type_checking() {
    assert_eq!(typed("n >= 3"), Ok(Typed::Atom(3, Pred::IntCmp(parse::CmpOp::Ge, 3))));
    assert_eq!(typed("e != Y"), Ok(Typed::Atom(2, Pred::EnumIn(vec![0, 2]))));
    assert_eq!(typed("a == false"), Ok(Typed::Atom(0, Pred::Bool(false))));
    assert_eq!(
        typed("e == x || zz"),
        Err(vec![
            (
                ErrorKind::UnknownValue,
                (5, 6),
                "`x` is not a value of `e`, which is one of X, Y, Z; did you mean `X`?".into()
            ),
            (ErrorKind::UnknownFactor, (10, 12), "unknown factor `zz`; declared factors: a, b, e, n".into()),
        ])
    );
    assert_eq!(
        typed("a in [X]"),
        Err(vec![(ErrorKind::TypeMismatch, (0, 1), "`a` is a boolean factor; `in [..]` does not apply to it".into())])
    );
    assert_eq!(
        typed("n == X"),
        Err(vec![(
            ErrorKind::TypeMismatch,
            (5, 6),
            "`n` is an integer factor; compare it with a number, not `X`".into()
        )])
    );
    assert_eq!(
        typed("n in [3, 11]"),
        Err(vec![(
            ErrorKind::OutOfBounds,
            (9, 11),
            "11 is outside the bounds of `n`, which is between 0 and 10 (points)".into()
        )])
    );
}

#[test]
fn integer_domains_split_at_thresholds() {
    let p = pathway(FACTORS, &["n > 3", "n <= 7 && n != 5", "n < 0 || n in [10]"]);
    let pc = PathwayConditions::new(&p);
    assert_eq!(pc.domains[3].kind, CellKind::Int(vec![(0, 3), (4, 4), (5, 5), (6, 7), (8, 9), (10, 10)]));
    let set = pc.edges[1].norm.clone().unwrap();
    assert_eq!(set.render(&pc.domains), "n <= 4 || (n > 5 && n <= 7)");
    assert_eq!(pc.edges[0].norm.as_ref().unwrap().render(&pc.domains), "n > 3");
}

#[test]
fn profile_parsing_and_display() {
    let p = pathway(FACTORS, &[]);
    let specs = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let profile = Profile::parse(&specs(&["e=Y, a=true", "n=4"]), &p.factors).unwrap();
    assert_eq!(profile.to_string(), "a=true, e=Y, n=4");
    assert_eq!(profile.get("n"), Some(&Value::Int(4)));
    assert_eq!(profile.iter().map(|(k, _)| k).collect::<Vec<_>>(), vec!["a", "e", "n"]);
    assert_eq!(Profile::new().to_string(), "all patients");
    assert!(Profile::new().is_empty());
    let err = |s: &[&str]| Profile::parse(&specs(s), &p.factors).unwrap_err().to_string();
    assert_eq!(err(&["zz=1"]), "unknown factor `zz` in --patient; factors: a, b, e, n");
    assert_eq!(err(&["ee=X"]), "unknown factor `ee` in --patient (did you mean `e`?); factors: a, b, e, n");
    assert_eq!(err(&["e=W"]), "`e=W` in --patient: e is one of X, Y, Z");
    assert_eq!(err(&["n=11"]), "`n=11` in --patient: n is between 0 and 10 (points)");
    assert_eq!(err(&["n=ten"]), "`n=ten` in --patient: n is between 0 and 10 (points)");
    assert_eq!(err(&["a=yes"]), "`a=yes` in --patient: a is true or false");
    assert_eq!(err(&["a"]), "`a` in --patient is not `factor=value` (e.g. `ph_positive=true`)");
    assert_eq!(err(&["a=true", "a=false"]), "a is given twice in --patient, as true and as false");
    // The messages above are the Display of typed errors that carry the parts.
    assert_eq!(
        Profile::parse(&specs(&["ee=X"]), &p.factors),
        Err(ProfileError::UnknownFactor {
            factor: "ee".into(),
            suggestion: Some("e".into()),
            declared: ["a", "b", "e", "n"].map(String::from).to_vec(),
        })
    );
    assert_eq!(
        Profile::parse(&specs(&["a=true", "a=false"]), &p.factors),
        Err(ProfileError::GivenTwice { factor: "a".into(), first: Value::Bool(true), second: Value::Bool(false) })
    );
}

#[test]
fn edge_status_is_three_valued() {
    let p = pathway(FACTORS, &["a && e == X", "n > 5", "else"]);
    let pc = PathwayConditions::new(&p);
    let mut profile = Profile::new();
    assert_eq!(pc.edge_status(0, &profile), None);
    profile.insert("a", Value::Bool(false));
    assert_eq!(pc.edge_status(0, &profile), Some(false));
    profile.insert("a", Value::Bool(true));
    profile.insert("e", Value::Enum("X".into()));
    assert_eq!(pc.edge_status(0, &profile), Some(true));
    profile.insert("n", Value::Int(6));
    assert_eq!(pc.edge_status(1, &profile), Some(true));
    // `else` alone from its node: the negation of no siblings is `true`.
    assert_eq!(pc.edge_status(2, &profile), Some(true));
    assert_eq!(pc.text(1), Some("n > 5"));
    assert_eq!(pc.edge_status(99, &profile), Some(true));
}

#[test]
fn else_resolves_against_its_siblings() {
    let text = r#"{ "id": "t", "title": "T", "version": "1", "sources": [],
      "factors": [ { "id": "t", "type": "boolean", "label": "T" }, { "id": "e", "type": "enum", "label": "E", "values": ["X", "Y", "Z"] } ],
      "nodes": [], "edges": [
        { "from": "d", "to": "x", "when": "e == X && t" },
        { "from": "d", "to": "y", "when": "e == Y" },
        { "from": "d", "to": "z", "when": "else" } ] }"#;
    let p: PathwayFile = serde_json::from_str(text).unwrap();
    let pc = PathwayConditions::new(&p);
    assert_eq!(pc.text(2), Some("else"));
    assert_eq!(pc.resolved_text(2).as_deref(), Some("e != Y && (!t || e != X)"));
    assert_eq!(pc.resolved_text(1).as_deref(), Some("e == Y"));
}

/// start → d1 (ph | !ph) → join → d2 (ph | !ph) → end: the same boolean tested twice.
const TWICE: &str = r#"{ "id": "t", "title": "T", "version": "1", "sources": [],
  "factors": [ { "id": "ph_positive", "type": "boolean", "label": "Ph" } ],
  "nodes": [
    { "id": "s", "kind": "start", "label": "S" },
    { "id": "d1", "kind": "decision", "label": "D1" },
    { "id": "a1", "kind": "phase", "label": "A1" },
    { "id": "b1", "kind": "phase", "label": "B1" },
    { "id": "d2", "kind": "decision", "label": "D2" },
    { "id": "a2", "kind": "outcome", "label": "A2", "outcome": "remission" },
    { "id": "b2", "kind": "outcome", "label": "B2", "outcome": "refractory" },
    { "id": "tki", "kind": "intervention", "label": "TKI" }
  ],
  "edges": [
    { "from": "s", "to": "d1" },
    { "from": "d1", "to": "a1", "when": "ph_positive" },
    { "from": "d1", "to": "b1", "when": "!ph_positive" },
    { "from": "a1", "to": "d2" },
    { "from": "b1", "to": "d2" },
    { "from": "d2", "to": "a2", "when": "ph_positive" },
    { "from": "d2", "to": "b2", "when": "else" },
    { "from": "a1", "to": "tki", "kind": "includes", "when": "ph_positive" }
  ] }"#;

/// Every feasible path from the start (node ids), by depth-first search with enter/leave.
fn feasible_paths(p: &PathwayFile, profile: &Profile) -> Vec<(Vec<String>, String)> {
    let pc = PathwayConditions::new(p);
    let graph = crate::graph::PathwayGraph::new(p);
    let mut feas = Feasibility::new(&pc, profile);
    let mut out = Vec::new();
    let start = petgraph::graph::NodeIndex::new(graph.start.unwrap());
    fn walk(
        graph: &crate::graph::PathwayGraph,
        feas: &mut Feasibility,
        ix: petgraph::graph::NodeIndex,
        path: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, String)>,
    ) {
        path.push(graph.node(ix).id.clone());
        let next = graph.out_edges(ix, crate::model::EdgeKind::Next);
        if next.is_empty() {
            out.push((path.clone(), feas.describe()));
        }
        for (_, e, to) in next {
            if path.contains(&graph.node(to).id) {
                continue; // a path visits each node once
            }
            if feas.enter(e) {
                walk(graph, feas, to, path, out);
                feas.leave();
            }
        }
        path.pop();
    }
    walk(&graph, &mut feas, start, &mut Vec::new(), &mut out);
    out
}

#[test]
fn the_same_boolean_twice_gives_two_paths_not_four() {
    let p: PathwayFile = serde_json::from_str(TWICE).unwrap();
    let paths = feasible_paths(&p, &Profile::new());
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        paths,
        vec![
            (ids(&["s", "d1", "a1", "d2", "a2"]), "ph_positive".to_string()),
            (ids(&["s", "d1", "b1", "d2", "b2"]), "!ph_positive".to_string()),
        ]
    );
    let only_ph = Profile::parse(&["ph_positive=true".to_string()], &p.factors).unwrap();
    let paths = feasible_paths(&p, &only_ph);
    assert_eq!(paths, vec![(ids(&["s", "d1", "a1", "d2", "a2"]), String::new())]);
}

#[test]
fn includes_always_or_sometimes() {
    let p: PathwayFile = serde_json::from_str(TWICE).unwrap();
    let pc = PathwayConditions::new(&p);
    let mut feas = Feasibility::new(&pc, &Profile::new());
    assert!(feas.includes(7) && !feas.includes_always(7));
    assert!(feas.enter(0));
    assert!(feas.enter(2)); // !ph_positive
    assert!(!feas.includes(7));
    feas.leave();
    assert!(feas.enter(1)); // ph_positive
    assert!(feas.includes(7) && feas.includes_always(7));
    assert!(!feas.enter(6)); // else = !ph_positive: infeasible, not kept
    assert_eq!(feas.describe(), "ph_positive");
    assert!(feas.enter(5));
    feas.leave();
    feas.leave();
    feas.leave();
    assert_eq!(feas.describe(), "");
}

#[test]
fn adult_all_patient_classes() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pathways/adult-all.json")).unwrap();
    let p: PathwayFile = serde_json::from_str(&text).unwrap();
    let pc = PathwayConditions::new(&p);
    let classes = pc.patient_classes(&Profile::new(), 1000).unwrap();
    // induction (2) × consolidation (3) × transplant (2) × relapse timing (2).
    assert_eq!(classes.len(), 24);
    assert_eq!(
        classes[0].profile.to_string(),
        "age=18, high_risk=false, relapse_timing=early, serious_comorbidity=false, sibling_donor=false, \
         transplant_candidate=false"
    );
    assert_eq!(
        classes[0].description,
        "age <= 65 && !high_risk && relapse_timing == early && !serious_comorbidity && !transplant_candidate"
    );
    let reduced = classes.iter().find(|c| c.description.starts_with("(age > 65")).unwrap();
    assert_eq!(
        reduced.description,
        "(age > 65 && !high_risk && relapse_timing == early && !transplant_candidate) || (!high_risk && \
         relapse_timing == early && serious_comorbidity && !transplant_candidate)"
    );
    assert_eq!(
        pc.patient_classes(&Profile::new(), 10).unwrap_err().to_string(),
        "the pathway's decisions split patients into more than 10 classes; give --patient to fix some factors"
    );
    assert_eq!(pc.patient_classes(&Profile::new(), 10), Err(ClassesError::TooManyClasses { limit: 10 }));
    let profile = Profile::parse(
        &["age=70,high_risk=false,relapse_timing=late,transplant_candidate=true".to_string()],
        &p.factors,
    )
    .unwrap();
    let classes = pc.patient_classes(&profile, 10).unwrap();
    assert_eq!(classes.len(), 1);
    assert_eq!(classes[0].description, "all patients");
    assert_eq!(
        classes[0].profile.to_string(),
        "age=70, high_risk=false, relapse_timing=late, serious_comorbidity=false, sibling_donor=false, \
         transplant_candidate=true"
    );
}

// ---------------------------------------------------------------------------------------
// Property test: the cell-based analysis agrees with brute force over every patient of
// small domains (a, b: boolean; e: X, Y, Z; n: 0..=10) — 132 patients.

/// A patient: a, b (0/1), e (value index), n.
type Patient = [i64; 4];

fn patients() -> Vec<Patient> {
    let mut out = Vec::new();
    for a in 0..2 {
        for b in 0..2 {
            for e in 0..3 {
                for n in 0..=10 {
                    out.push([a, b, e, n]);
                }
            }
        }
    }
    out
}

/// Reference evaluation on the typed tree, independent of cells.
fn eval(t: &Typed, p: &Patient) -> bool {
    match t {
        Typed::Const(b) => *b,
        Typed::Not(x) => !eval(x, p),
        Typed::And(xs) => xs.iter().all(|x| eval(x, p)),
        Typed::Or(xs) => xs.iter().any(|x| eval(x, p)),
        Typed::Atom(f, pred) => match pred {
            Pred::Bool(b) => (p[*f] == 1) == *b,
            Pred::EnumIn(list) => list.contains(&(p[*f] as usize)),
            other => other.holds_int(p[*f]),
        },
    }
}

fn condition() -> impl Strategy<Value = String> {
    let vals = ["X", "Y", "Z"];
    let atom = prop_oneof![
        prop::sample::select(vec!["a", "b", "!a", "!b", "a == false", "b != false", "true", "false"])
            .prop_map(str::to_string),
        (0..3usize, any::<bool>()).prop_map(move |(i, eq)| format!("e {} {}", if eq { "==" } else { "!=" }, vals[i])),
        prop::collection::vec(0..3usize, 1..3)
            .prop_map(move |v| format!("e in [{}]", v.iter().map(|i| vals[*i]).collect::<Vec<_>>().join(", "))),
        (0..6usize, 0..=10i64).prop_map(|(op, k)| format!("n {} {k}", ["==", "!=", "<", "<=", ">", ">="][op])),
        prop::collection::vec(0..=10i64, 1..3)
            .prop_map(|v| format!("n in [{}]", v.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(", "))),
    ];
    atom.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|x| format!("!({x})")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("({x}) && {y}")),
            (inner.clone(), inner).prop_map(|(x, y)| format!("{x} || ({y})")),
        ]
    })
}

/// A profile: each factor fixed or open.
fn profile_strategy() -> impl Strategy<Value = [Option<i64>; 4]> {
    (prop::option::of(0..2i64), prop::option::of(0..2i64), prop::option::of(0..3i64), prop::option::of(0..=10i64))
        .prop_map(|(a, b, e, n)| [a, b, e, n])
}

fn to_profile(fixed: &[Option<i64>; 4]) -> Profile {
    let mut profile = Profile::new();
    let names = ["a", "b", "e", "n"];
    for (i, v) in fixed.iter().enumerate() {
        if let Some(v) = *v {
            let value = match i {
                0 | 1 => Value::Bool(v == 1),
                2 => Value::Enum(["X", "Y", "Z"][v as usize].to_string()),
                _ => Value::Int(v),
            };
            profile.insert(names[i], value);
        }
    }
    profile
}

fn matches(p: &Patient, fixed: &[Option<i64>; 4]) -> bool {
    fixed.iter().zip(p).all(|(f, v)| f.is_none_or(|f| f == *v))
}

fn typed_all(texts: &[String]) -> Vec<Typed> {
    let p = pathway(FACTORS, &[]);
    texts
        .iter()
        .map(|t| match parse(t) {
            Ok(Parsed::Expr(e)) => check(&e, &p.factors).unwrap_or_else(|e| panic!("{t}: {e:?}")),
            other => panic!("{t}: {other:?}"),
        })
        .collect()
}

fn patient_of_profile(profile: &Profile) -> Patient {
    let mut p = [0; 4];
    for (k, v) in profile.iter() {
        let i = ["a", "b", "e", "n"].iter().position(|n| *n == k).unwrap();
        p[i] = match v {
            Value::Bool(b) => i64::from(*b),
            Value::Enum(s) => ["X", "Y", "Z"].iter().position(|x| x == s).unwrap() as i64,
            Value::Int(n) => *n,
        };
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn analysis_agrees_with_brute_force(
        texts in prop::collection::vec(condition(), 2..5),
        fixed in profile_strategy(),
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let p = pathway(FACTORS, &refs);
        let pc = PathwayConditions::new(&p);
        let typed = typed_all(&texts);
        let everyone = patients();
        let profile = to_profile(&fixed);
        let in_profile: Vec<Patient> = everyone.iter().copied().filter(|x| matches(x, &fixed)).collect();

        // edge_status
        for (i, t) in typed.iter().enumerate() {
            let values: Vec<bool> = in_profile.iter().map(|x| eval(t, x)).collect();
            let expected = if values.iter().all(|v| *v) { Some(true) }
                else if values.iter().all(|v| !*v) { Some(false) } else { None };
            prop_assert_eq!(pc.edge_status(i, &profile), expected, "edge {}: {}", i, texts[i]);
        }

        // exhaustiveness and overlap of the conditions as one decision's branches
        let norms: Vec<Norm> = pc.edges.iter().map(|e| e.norm.clone().unwrap()).collect();
        let verdict = analyse_decision(&norms, &pc.domains, true).unwrap();
        let uncovered = everyone.iter().any(|x| typed.iter().all(|t| !eval(t, x)));
        prop_assert_eq!(verdict.uncovered.is_some(), uncovered);
        if let Some(cell) = &verdict.uncovered {
            // The counterexample, with representative values, really is uncovered.
            let mut x = [0i64; 4];
            for &(f, c) in cell {
                let v = pc.domains[f].cell_value(c);
                x[f] = match f { 0 | 1 => i64::from(v == "true"), 2 => ["X", "Y", "Z"].iter().position(|s| *s == v).unwrap() as i64, _ => v.parse().unwrap() };
            }
            prop_assert!(typed.iter().all(|t| !eval(t, &x)));
        }
        let mut pairs = Vec::new();
        for a in 0..typed.len() {
            for b in a + 1..typed.len() {
                if everyone.iter().any(|x| eval(&typed[a], x) && eval(&typed[b], x)) {
                    pairs.push((a, b));
                }
            }
        }
        let found: Vec<(usize, usize)> = verdict.overlaps.iter().map(|(a, b, _)| (*a, *b)).collect();
        prop_assert_eq!(found, pairs);

        // Feasibility: enter each in turn, then compare includes / includes_always / describe.
        let mut feas = Feasibility::new(&pc, &profile);
        let mut accepted: Vec<usize> = Vec::new();
        let holds = |acc: &[usize], x: &Patient| acc.iter().all(|&i| eval(&typed[i], x));
        for (i, text) in texts.iter().enumerate().take(typed.len() - 1) {
            let mut with = accepted.clone();
            with.push(i);
            let expected = in_profile.iter().any(|x| holds(&with, x));
            prop_assert_eq!(feas.enter(i), expected, "enter {} after {:?}", text, accepted);
            if expected {
                accepted = with;
            }
        }
        let last = typed.len() - 1;
        let on_path: Vec<Patient> = in_profile.iter().copied().filter(|x| holds(&accepted, x)).collect();
        prop_assert_eq!(feas.includes(last), on_path.iter().any(|x| eval(&typed[last], x)));
        prop_assert_eq!(feas.includes_always(last), on_path.iter().all(|x| eval(&typed[last], x)));
        let described = feas.describe();
        if described.is_empty() {
            prop_assert_eq!(on_path.len(), in_profile.len());
        } else {
            let d = typed_all(std::slice::from_ref(&described)).remove(0);
            for x in &in_profile {
                prop_assert_eq!(eval(&d, x), holds(&accepted, x), "describe {:?} at {:?}", described, x);
            }
        }
        if let Some(&top) = accepted.last() {
            feas.leave();
            accepted.pop();
            let on_path: Vec<Patient> = in_profile.iter().copied().filter(|x| holds(&accepted, x)).collect();
            prop_assert_eq!(feas.includes(top), on_path.iter().any(|x| eval(&typed[top], x)));
        }

        // `else` after all the conditions, as siblings from one node: resolved exactly.
        let mut siblings = refs.clone();
        siblings.push("else");
        let q = {
            let mut q = pathway(FACTORS, &siblings);
            q.edges.iter_mut().for_each(|e| e.from = "d".into());
            q
        };
        let qc = PathwayConditions::new(&q);
        let is_else = |x: &Patient| typed.iter().all(|t| !eval(t, x));
        let values: Vec<bool> = in_profile.iter().map(is_else).collect();
        let expected = if values.iter().all(|v| *v) { Some(true) }
            else if values.iter().all(|v| !*v) { Some(false) } else { None };
        prop_assert_eq!(qc.edge_status(typed.len(), &profile), expected);
        let resolved = qc.resolved_text(typed.len()).unwrap();
        let r = typed_all(std::slice::from_ref(&resolved)).remove(0);
        for x in &everyone {
            prop_assert_eq!(eval(&r, x), is_else(x), "else resolved as {:?} at {:?}", resolved, x);
        }

        // Patient classes: each class's representative takes the branches every member takes.
        let classes = pc.patient_classes(&profile, 10_000).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for class in &classes {
            let rep = patient_of_profile(&class.profile);
            let signature: Vec<bool> = typed.iter().map(|t| eval(t, &rep)).collect();
            prop_assert!(seen.insert(signature.clone()), "two classes with the same outcomes");
            if class.description != "all patients" {
                let d = typed_all(std::slice::from_ref(&class.description)).remove(0);
                for x in &in_profile {
                    let same = typed.iter().map(|t| eval(t, x)).collect::<Vec<_>>() == signature;
                    prop_assert_eq!(eval(&d, x), same, "class {:?} at {:?}", class.description, x);
                }
            }
        }
        let all: std::collections::BTreeSet<Vec<bool>> =
            in_profile.iter().map(|x| typed.iter().map(|t| eval(t, x)).collect()).collect();
        prop_assert_eq!(seen, all);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text, including near-misses built from the language's own tokens, parses or fails
    /// with an error inside the text; checking and compiling never panic.
    #[test]
    fn arbitrary_text_never_panics(
        text in prop_oneof![
            ".{0,80}",
            prop::collection::vec(
                prop::sample::select(vec!["a", "e", "n", "X", "!", "&&", "||", "(", ")", "[", "]", ",", "==", "<",
                    ">=", "in", "true", "else", "-", "3", "99999999999999999999", " ", "é", "=", "&"]),
                0..20,
            ).prop_map(|v| v.join(" ")),
        ],
    ) {
        match parse(&text) {
            Err(e) => prop_assert!(e.span.0 <= e.span.1 && e.span.1 <= text.len(), "{:?}", e),
            Ok(_) => {
                let p = pathway(FACTORS, &[text.as_str(), "else"]);
                let pc = PathwayConditions::new(&p);
                let _ = pc.edge_status(0, &Profile::new());
                let mut feas = Feasibility::new(&pc, &Profile::new());
                if feas.enter(0) {
                    let _ = feas.describe();
                    feas.leave();
                }
            }
        }
    }
}
