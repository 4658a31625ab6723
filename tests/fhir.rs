//! The FHIR export, checked by real FHIR tools: every pathway and every fixture that `render`
//! accepts is exported and validated by the npm R4 validator `fhir` (structure, cardinality,
//! data types, required value sets), which must report no error and no warning; broken copies
//! must be rejected, so the check is alive; the Library's CQL text must translate with no error
//! in the reference CQL-to-ELM translator (npm `@cqframework/cql`); and both the ELM carepath
//! wrote and the translator's ELM are run by the npm CQL engine `cql-execution` for patients of
//! every patient class (and at every integer threshold), each define's value compared with
//! carepath's own evaluation of the edge's condition. Skips with `SKIP <test>: <reason>` when
//! Node or the npm packages (`npm ci`) are absent; `.ci/run` installs them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use carepath::condition::{PathwayConditions, Profile, Value as FactorValue};
use carepath::model::{FactorType, PathwayFile};
use common::{carepath, node_tools, root};
use serde_json::{json, Value};

/// Every pathway file and fixture, sorted.
fn candidates() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("pathways"), &mut files);
    walk(&root().join("tests/fixtures"), &mut files);
    files.sort();
    files
}

/// Exports every candidate `render --format fhir` accepts into `dir`: (pathway file, bundle).
/// Control characters (CP072) are allowed, so the hostile fixtures' strings reach the bundle.
/// A file `render` refuses must be refused for its errors (exit 1), never crash.
fn export_all(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut exported = Vec::new();
    for (k, file) in candidates().into_iter().enumerate() {
        let out = dir.join(format!("{k:03}.fhir.json"));
        let result = carepath()
            .args(["render", "--format", "fhir", "--allow", "CP072", "--source-dir", "../shared/sources", "-o"])
            .arg(&out)
            .arg(&file)
            .output()
            .unwrap();
        match result.status.code() {
            Some(0) => exported.push((file, out)),
            Some(1 | 2) => assert!(!out.exists(), "{}: refused, but wrote {}", file.display(), out.display()),
            other => panic!("{}: render --format fhir exited {other:?}", file.display()),
        }
    }
    exported
}

/// What the validator says of each file: (errors, warnings).
fn validate(files: &[&Path]) -> Vec<(Vec<String>, Vec<String>)> {
    let output = Command::new("node").arg(root().join("tests/fhir/validate.js")).args(files).output().unwrap();
    assert!(output.status.success(), "validate.js failed: {}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), files.len(), "one result per file");
    let strings = |v: &Value| v.as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect();
    lines.iter().map(|l| (strings(&l["errors"]), strings(&l["warnings"]))).collect()
}

fn tools(test: &str, packages: &[&str]) -> bool {
    match node_tools(packages) {
        Ok(()) => true,
        Err(reason) => {
            eprintln!("SKIP {test}: {reason}");
            false
        }
    }
}

#[test]
fn every_exported_bundle_passes_the_r4_validator_with_no_error_or_warning() {
    if !tools("every_exported_bundle_passes_the_r4_validator_with_no_error_or_warning", &["fhir"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exported = export_all(dir.path());
    assert!(exported.iter().any(|(f, _)| f.ends_with("pathways/adult-all.json")), "the ALL pathway is exported");
    assert!(exported.len() >= 40, "only {} files exported", exported.len());
    let bundles: Vec<&Path> = exported.iter().map(|(_, b)| b.as_path()).collect();
    let mut problems = Vec::new();
    let mut example_binding = 0;
    for ((file, _), (errors, warnings)) in exported.iter().zip(validate(&bundles)) {
        for m in errors.iter().chain(&warnings) {
            // R4 binds `productCodeableConcept` to SNOMED CT medication codes with strength
            // *example* (not a constraint); the validator still warns on any other system, so
            // an RxNorm code, the usual one for a drug, draws this warning and no other.
            if warnings.contains(m)
                && m.starts_with("ActivityDefinition.productCodeableConcept: Code ")
                && m.ends_with(" (http://www.nlm.nih.gov/research/umls/rxnorm) not found in value set")
            {
                example_binding += 1;
                continue;
            }
            problems.push(format!("{}: {m}", file.display()));
        }
    }
    assert_eq!(example_binding, 1, "the coded fixture's one RxNorm code, on its one-agent intervention");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    eprintln!("{} bundles validated", exported.len());
}

/// A way to break a bundle: what it breaks, and the change.
type Break = (&'static str, fn(&mut Value));

#[test]
fn broken_copies_of_the_all_bundle_are_rejected() {
    if !tools("broken_copies_of_the_all_bundle_are_rejected", &["fhir"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let output = carepath().args(["render", "pathways/adult-all.json", "--format", "fhir", "-o"]).arg(&good).output();
    assert!(output.unwrap().status.success());
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    let breaks: [Break; 3] = [
        ("a status no value set has", |b| b["entry"][0]["resource"]["status"] = json!("approved")),
        ("a Library without its required status", |b| {
            b["entry"][2]["resource"].as_object_mut().unwrap().remove("status");
        }),
        ("an element R4 does not have", |b| b["entry"][1]["resource"]["action"][0]["nextStep"] = json!("x")),
    ];
    let mut files = vec![good.clone()];
    for (k, (_, change)) in breaks.iter().enumerate() {
        let mut copy = bundle.clone();
        change(&mut copy);
        let path = dir.path().join(format!("broken-{k}.json"));
        std::fs::write(&path, serde_json::to_string(&copy).unwrap()).unwrap();
        files.push(path);
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let results = validate(&paths);
    assert_eq!(results[0], (vec![], vec![]), "the good copy is clean");
    assert_eq!(results[1].0, vec!["PlanDefinition.status: Code \"approved\" not found in value set".to_string()]);
    assert_eq!(results[2].0, vec!["Library.status: Missing property".to_string()]);
    assert_eq!(results[3].0, vec!["PlanDefinition.action[0].nextStep: Unexpected property".to_string()]);
}

/// A JSON value of a factor's value, as the CQL parameter takes it.
fn parameter(value: &FactorValue) -> Value {
    match value {
        FactorValue::Bool(b) => json!(b),
        FactorValue::Enum(s) => json!(s),
        FactorValue::Int(n) => json!(n),
    }
}

/// Every integer constant the conditions compare each factor with, and its neighbours: the
/// values where `<` and `<=` (and a wrong translation of one into the other) part.
fn thresholds(pathway: &PathwayFile) -> BTreeMap<String, Vec<i64>> {
    use carepath::condition::parse::{self, Expr, Literal, Parsed};
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for edge in &pathway.edges {
        let Some(Ok(Parsed::Expr(expr))) = edge.when.as_deref().map(parse::parse) else { continue };
        let mut stack = vec![&expr];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Not(inner, _) => stack.push(inner),
                Expr::And(items) | Expr::Or(items) => stack.extend(items),
                Expr::Compare { factor, value: (Literal::Int(n), _), .. } => {
                    out.entry(factor.0.clone()).or_default().extend([n - 1, *n, n + 1]);
                }
                Expr::In { factor, values } => {
                    for (v, _) in values {
                        if let Literal::Int(n) = v {
                            out.entry(factor.0.clone()).or_default().extend([n - 1, *n, n + 1]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for values in out.values_mut() {
        values.sort_unstable();
        values.dedup();
    }
    out
}

/// The patients of each class: its representative, with every factor it leaves open set
/// once to its first value (false, the first enum value, the minimum) and once to its last;
/// and each of those with each integer factor moved to each of its [`thresholds`] in its bounds.
fn patients(pathway: &PathwayFile, conditions: &PathwayConditions) -> Option<Vec<(String, Profile)>> {
    let classes = conditions.patient_classes(&Profile::new(), 4096).ok()?;
    let thresholds = thresholds(pathway);
    let mut out = Vec::new();
    for (k, class) in classes.iter().enumerate() {
        for last in [false, true] {
            let mut profile = class.profile.clone();
            for f in &pathway.factors {
                if profile.get(&f.id).is_none() {
                    let value = match f.kind {
                        FactorType::Boolean => FactorValue::Bool(last),
                        FactorType::Enum => {
                            let v = if last { f.values.last() } else { f.values.first() };
                            FactorValue::Enum(v.cloned().unwrap_or_default())
                        }
                        FactorType::Integer => {
                            FactorValue::Int(if last { f.max.unwrap_or(100) } else { f.min.unwrap_or(0) })
                        }
                    };
                    profile.insert(f.id.clone(), value);
                }
            }
            let name = format!("class {k} ({}), {}", class.description, if last { "last" } else { "first" });
            for (id, values) in &thresholds {
                let Some(f) = pathway.factors.iter().find(|f| &f.id == id && f.kind == FactorType::Integer) else {
                    continue;
                };
                for &v in values.iter().filter(|&&v| f.min.is_none_or(|lo| v >= lo) && f.max.is_none_or(|hi| v <= hi)) {
                    let mut moved = profile.clone();
                    moved.insert(id.clone(), FactorValue::Int(v));
                    out.push((format!("{name}, {id} = {v}"), moved));
                }
            }
            out.push((name, profile));
        }
    }
    Some(out)
}

#[test]
fn every_condition_means_in_cql_what_it_means_in_carepath_for_every_patient_class() {
    let test = "every_condition_means_in_cql_what_it_means_in_carepath_for_every_patient_class";
    if !tools(test, &["cql-execution", "@cqframework/cql"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut pathways, mut total) = (0, 0);
    for (file, bundle) in export_all(dir.path()) {
        let loaded = carepath::load::load(&file, &carepath::load::LoadOptions::default()).unwrap();
        let pathway = loaded.unwrap().pathway;
        let defines = carepath::fhir::define_names(&pathway).unwrap();
        if defines.is_empty() {
            continue;
        }
        let conditions = PathwayConditions::new(&pathway);
        let Some(patients) = patients(&pathway, &conditions) else {
            eprintln!("{}: too many patient classes to enumerate; not compared", file.display());
            continue;
        };
        let mut cases = Vec::new();
        let mut expected_checks = 0;
        for (name, profile) in &patients {
            let parameters: BTreeMap<&str, Value> = profile.iter().map(|(f, v)| (f, parameter(v))).collect();
            let mut expected = BTreeMap::new();
            for (edge, define) in &defines {
                let value = conditions.edge_status(*edge, profile);
                let value = value.unwrap_or_else(|| panic!("{}: {name}: {define} is open", file.display()));
                expected.insert(define.as_str(), value);
                expected_checks += 1;
            }
            cases.push(json!({"name": name, "parameters": parameters, "expected": expected}));
        }
        let cases_path = bundle.with_extension("cases.json");
        std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
        let output =
            Command::new("node").arg(root().join("tests/fhir/cql.mjs")).arg(&bundle).arg(&cases_path).output().unwrap();
        assert!(
            output.status.success(),
            "{}: cql.mjs failed: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let result: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(result["mismatches"], json!([]), "{}", file.display());
        assert_eq!(result["translatorErrors"], json!([]), "{}: the CQL text does not translate", file.display());
        assert_eq!(result["checked"], json!(2 * expected_checks), "{}: written ELM and translated CQL", file.display());
        assert_eq!(result["defines"], json!(defines.len()), "{}", file.display());
        pathways += 1;
        total += expected_checks;
    }
    assert!(pathways >= 10, "only {pathways} pathways with conditions compared");
    eprintln!(
        "{total} condition values compared over {pathways} pathways, each in the written ELM and in the translated CQL"
    );
}

#[test]
fn the_all_pathway_bundle_has_the_steps_and_conditions_of_the_file() {
    let text = common::all_pathway();
    let pathway: PathwayFile = serde_json::from_str(&text).unwrap();
    let bytes = carepath::fhir::bundle(&pathway, &carepath::fhir::FhirOptions::default()).unwrap();
    let bundle: Value = serde_json::from_slice(&bytes).unwrap();
    let entries = bundle["entry"].as_array().unwrap();
    let kinds: Vec<&str> = entries.iter().map(|e| e["resource"]["resourceType"].as_str().unwrap()).collect();
    // One ActivityDefinition per intervention of at most one agent, one per agent of the others.
    let interventions = pathway.nodes.iter().filter(|n| n.kind == carepath::model::NodeKind::Intervention);
    let single = interventions.clone().filter(|n| n.agents.len() < 2).count();
    let agent_defs: usize = interventions.filter(|n| n.agents.len() > 1).map(|n| n.agents.len()).sum();
    assert_eq!((single, agent_defs), (20, 49), "20 interventions of at most one agent; 17 of 49 agents");
    assert_eq!(&kinds[..3], ["PlanDefinition", "PlanDefinition", "Library"]);
    assert_eq!(kinds.iter().filter(|k| **k == "ActivityDefinition").count(), single + agent_defs);
    let medication = |r: &Value| r["resourceType"] == "ActivityDefinition" && r["kind"] == "MedicationRequest";
    for e in entries.iter().filter(|e| medication(&e["resource"])) {
        assert!(
            e["resource"]["productCodeableConcept"].is_object(),
            "a MedicationRequest names its drug: {}",
            e["fullUrl"]
        );
    }
    let steps = &entries[1]["resource"];
    let actions = steps["action"].as_array().unwrap();
    assert_eq!(actions.len(), 33, "the 30 nodes that are not interventions and the 3 interventions in the flow");
    let decision = actions.iter().find(|a| a["id"] == "consolidation-approach").unwrap();
    assert_eq!(decision["selectionBehavior"], "one-or-more", "a multiple decision: each patient takes one or more");
    let single = actions.iter().find(|a| a["id"] == "induction-intensity").unwrap();
    assert_eq!(single["selectionBehavior"], "exactly-one");
    let reduced = &single["action"].as_array().unwrap()[1];
    assert_eq!(reduced["id"], "induction-intensity--induction-reduced");
    assert_eq!(reduced["condition"][0]["expression"]["expression"], "induction_intensity -> induction_reduced");
    let target = actions.iter().find(|a| a["id"] == "induction-reduced").unwrap();
    assert_eq!(
        target["relatedAction"],
        json!([{"actionId": "induction-intensity--induction-reduced", "relationship": "after-end"}])
    );
    let defines = carepath::fhir::define_names(&pathway).unwrap();
    assert_eq!(defines.len(), pathway.edges.iter().filter(|e| e.when.is_some()).count());
    let again = carepath::fhir::bundle(&pathway, &carepath::fhir::FhirOptions::default()).unwrap();
    assert_eq!(bytes, again, "the same file gives the same bytes");
}

#[test]
fn codes_on_factors_nodes_and_agents_reach_the_bundle() {
    let loaded = carepath::load::load(&root().join("tests/fixtures/fhir/coded.json"), &Default::default()).unwrap();
    let pathway = loaded.unwrap().pathway;
    let bytes = carepath::fhir::bundle(&pathway, &carepath::fhir::FhirOptions::default()).unwrap();
    let bundle: Value = serde_json::from_slice(&bytes).unwrap();
    let resource = |id: &str| {
        bundle["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).find(|r| r["id"] == id).unwrap().clone()
    };
    let library = resource("Coded");
    let age = &library["parameter"][0];
    assert_eq!(age["name"], "age");
    assert_eq!(age["type"], "integer");
    assert_eq!(
        age["documentation"],
        "Age: between 18 and 120 (years). Filled from: http://loinc.org|30525-0 \u{201c}Age\u{201d}."
    );
    assert_eq!(
        age["extension"],
        json!([{"url": "http://example.org/fhir/StructureDefinition/carepath-code",
                "valueCoding": {"system": "http://loinc.org", "code": "30525-0", "display": "Age"}}])
    );
    let ace = resource("coded-ace");
    assert_eq!(ace["kind"], "MedicationRequest");
    assert_eq!(
        ace["productCodeableConcept"],
        json!({"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "29046", "display": "lisinopril"}],
               "text": "lisinopril"})
    );
    assert_eq!(ace["dosage"], json!([{"route": {"text": "oral"}}]));
    let steps = resource("coded-steps");
    let start = &steps["action"][0];
    assert_eq!(start["extension"][0]["valueCoding"]["code"], "38341003");
    // The else branch is the negation of its sibling, in CQL as in carepath.
    let cql = library["content"][0]["data"].as_str().unwrap();
    use base64::Engine as _;
    let cql = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(cql).unwrap()).unwrap();
    assert!(
        cql.contains(
            "define \"choose -> first_line\":\n  (\"age\" < 55 or \"diabetes\") and \"stage\" in { 'I', 'II' }\n"
        ),
        "{cql}"
    );
    assert!(cql.contains("define \"older_line includes ace\":\n  \"stage\" != 'III'\n"), "{cql}");
    assert!(cql.contains("define \"choose -> older_line\":\n  not \"choose -> first_line\"\n"), "{cql}");
    // A hedged component is marked and sits in the phase's `any` group; the phase takes all.
    let older = steps["action"].as_array().unwrap().iter().find(|a| a["id"] == "older-line").unwrap();
    assert_eq!(older["selectionBehavior"], "all");
    assert_eq!(older["action"][0]["id"], "older-line.hedged");
    assert_eq!(older["action"][0]["selectionBehavior"], "any");
    assert_eq!(older["action"][0]["action"][0]["extension"][0]["valueCode"], "sometimes");
    assert_eq!(older["action"][0]["action"][0]["condition"][0]["expression"]["expression"], "older_line includes ace");
    let first = steps["action"].as_array().unwrap().iter().find(|a| a["id"] == "first-line").unwrap();
    assert_eq!(first["selectionBehavior"], "all");
    let chance = &first["action"][1];
    assert_eq!(chance["id"], "first-line.next");
    assert_eq!(chance["selectionBehavior"], "exactly-one");
    assert_eq!(
        chance["action"][0]["extension"][0],
        json!({"url": "http://example.org/fhir/StructureDefinition/carepath-probability", "extension": [
            {"url": "low", "valueDecimal": 0.5}, {"url": "high", "valueDecimal": 0.7}, {"url": "stated", "valueString": "50–70%"}]})
    );
}
