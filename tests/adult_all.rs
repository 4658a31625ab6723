//! The ALL pathway says what its source says: the figures the page gives, reproduced exactly
//! under the file's "about" convention for every patient class, and the structural promises of
//! issue 13 (no probability lost, no duplicate treatments, consolidation chemotherapy open to
//! high-risk patients with a sibling donor, no transplant with a made-up length); and the
//! promises of issue 14 for `carepath summary` (a Ph-positive B-cell patient is told of a
//! tyrosine kinase inhibitor and not of nelarabine, a T-cell patient of nelarabine at relapse
//! and of blinatumomab only as the source says it, for some people; the notice; no code, no
//! brackets, no ids in what a reader sees).

mod common;

use std::collections::BTreeMap;

use common::carepath;
use serde_json::{json, Value};

const ALL: &str = "pathways/adult-all.json";

fn json_of(args: &[&str]) -> Value {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (low, high) of an outcome's probability in one class's report, by list and id.
fn bounds(outcomes: &Value, list: &str, id: &str) -> (f64, f64) {
    let entry = outcomes[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"));
    (entry["probability"]["low"].as_f64().unwrap(), entry["probability"]["high"].as_f64().unwrap())
}

fn classes() -> Vec<Value> {
    let doc = json_of(&["outcomes", ALL, "--format", "json"]);
    let classes = doc["classes"].as_array().unwrap().clone();
    assert!(classes.len() > 1, "the ALL pathway has several patient classes");
    classes
}

#[test]
fn the_pages_figures_hold_for_every_patient_class() {
    for class in classes() {
        let o = &class["outcomes"];
        let who = &class["patients"];
        // About 80-90% complete remission: 0.80-0.90 widened by the file's 0.05 tolerance.
        assert_eq!(bounds(o, "passing_through", "first_remission"), (0.75, 0.95), "{who}");
        // About 10-20% refractory.
        assert_eq!(bounds(o, "passing_through", "refractory"), (0.05, 0.25), "{who}");
        // About half of those in remission relapse: 0.45-0.55 of [0.75, 0.95].
        assert_eq!(bounds(o, "passing_through", "relapse"), (0.3375, 0.5225), "{who}");
        // Cure after first-line treatment = remission × no relapse = [0.75 × 0.45, 0.95 × 0.55],
        // which holds the page's "in the range of 40%".
        let cure = bounds(o, "terminal", "long_term_remission_first_line");
        assert_eq!(cure, (0.3375, 0.5225), "{who}");
        assert!(cure.0 <= 0.35 && 0.45 <= cure.1, "the page's about 40% lies within {cure:?}");
    }
}

#[test]
fn no_patient_class_loses_probability_mass() {
    for class in classes() {
        let none = &class["outcomes"]["no_terminal"];
        assert_eq!((none["low"].as_f64(), none["high"].as_f64()), (Some(0.0), Some(0.0)), "{}", class["patients"]);
    }
}

#[test]
fn the_caveats_are_printed_beside_the_figures() {
    let text = String::from_utf8(carepath().args(["outcomes", ALL]).output().unwrap().stdout).unwrap();
    let caveats = text.lines().filter(|l| l.starts_with("Caveat: ")).count();
    assert!(caveats >= 2, "caveats printed: {caveats}\n{text}");
    assert!(text.contains("Younger patients"), "the age caveat");
}

#[test]
fn high_risk_patients_with_a_sibling_donor_can_still_receive_consolidation_chemotherapy() {
    let output = carepath()
        .args(["paths", ALL, "--patient", "high_risk=true,sibling_donor=true", "--through", "consolidation", "--count"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let count: u64 = String::from_utf8(output.stdout).unwrap().trim().parse().unwrap();
    assert!(count > 0, "no consolidation chemotherapy for high-risk patients with a sibling donor");
}

/// Every listed path of the ALL pathway (there are a few hundred).
fn paths() -> Vec<Value> {
    let doc = json_of(&["paths", ALL, "--format", "json", "--limit", "0"]);
    let paths = doc["paths"].as_array().unwrap().clone();
    assert_eq!(paths.len() as u64, doc["total"].as_u64().unwrap(), "every path listed");
    paths
}

#[test]
fn no_transplant_path_reports_a_closed_time_on_treatment() {
    let pathway: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join(ALL)).unwrap()).unwrap();
    let transplants: Vec<&str> = pathway["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["modality"] == "transplant")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(!transplants.is_empty());
    let mut through = 0;
    for path in paths() {
        let steps = path["steps"].as_array().unwrap();
        let on_path = |id: &str| {
            steps
                .iter()
                .any(|s| s["id"] == id || s["includes"].as_array().is_some_and(|c| c.iter().any(|c| mentions(c, id))))
        };
        if transplants.iter().any(|t| on_path(t)) {
            through += 1;
            let undated = path["duration_months"]["undated_steps"].as_u64().unwrap();
            assert!(undated > 0, "path {} goes through a transplant with a closed time", path["number"]);
        }
    }
    assert!(through > 0, "some path goes through a transplant");
}

/// Whether a listed component (an intervention, or an option set's options) is `id`.
fn mentions(component: &Value, id: &str) -> bool {
    component["id"] == id || component["options"].as_array().is_some_and(|o| o.iter().any(|c| mentions(c, id)))
}

#[test]
fn no_two_listed_paths_give_the_same_treatment() {
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for path in paths() {
        // The treatment: the steps other than outcome markers, with their components, and the
        // conditions the path holds for.
        let steps: Vec<&Value> = path["steps"].as_array().unwrap().iter().filter(|s| s["kind"] != "outcome").collect();
        let key = serde_json::to_string(&(steps, &path["conditions"])).unwrap();
        let number = path["number"].as_u64().unwrap();
        if let Some(first) = seen.insert(key, number) {
            panic!("paths {first} and {number} give the same treatment");
        }
    }
}

/// `carepath summary` of the ALL pathway for a profile ("" for none), in a format.
fn summary(profile: &str, format: &str) -> String {
    let mut cmd = carepath();
    cmd.args(["summary", ALL, "--format", format]);
    if !profile.is_empty() {
        cmd.args(["--patient", profile]);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// What a reader of the HTML page sees: the body's text without tags (and without the style
/// sheet in the head), entities decoded, one block to a line.
fn visible(page: &str) -> String {
    let body = &page[page.find("<body>").expect("a body")..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#8288;", "\u{2060}")
        .replace("&amp;", "&");
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The item of a Markdown summary for the step `heading`: its one line, `- **heading**...`.
fn section<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let start = markdown.find(&format!("\n- **{heading}**")).unwrap_or_else(|| panic!("no step {heading}"));
    let rest = &markdown[start + 1..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

const NOTICE: &str = "This is not medical advice.";

#[test]
fn a_ph_positive_b_cell_patient_is_told_of_a_tyrosine_kinase_inhibitor_and_not_of_nelarabine() {
    let profile = "ph_positive=true,lineage=B,age=45";
    let markdown = summary(profile, "markdown");
    let page = visible(&summary(profile, "html"));
    for text in [&markdown, &page] {
        assert!(text.contains("Imatinib or dasatinib (Ph+)"), "a TKI: {text}");
        assert!(!text.to_lowercase().contains("nelarabine"), "no nelarabine: {text}");
        assert_eq!(text.matches(NOTICE).count(), 2, "the notice, top and bottom");
    }
    // In every phase of first-line treatment, for this patient without a condition.
    for phase in ["Induction (standard)", "Consolidation: chemotherapy", "Maintenance"] {
        let step = section(&markdown, phase);
        assert!(step.contains("Imatinib or dasatinib (Ph+)") && !step.contains("(Ph+), if"), "{phase}: {step}");
    }
    assert!(markdown.starts_with(
        "# Treatment summary: Adult acute lymphocytic leukemia (ALL)\n\n> **This is not medical advice.**"
    ));
    assert!(markdown.trim_end().ends_with("Please talk with them."));
}

#[test]
fn a_t_cell_patient_of_70_is_told_of_nelarabine_at_relapse_and_of_blinatumomab_as_the_source_says_it() {
    let profile = "lineage=T,age=70";
    let markdown = summary(profile, "markdown");
    let page = visible(&summary(profile, "html"));
    for heading in ["Relapse treatment: late relapse", "Relapse treatment: early relapse"] {
        let relapse = section(&markdown, heading);
        assert!(relapse.contains(" **Relapse treatment**, one or more of these: "), "{relapse}");
        assert!(relapse.contains("; Nelarabine (T-cell ALL). Some people may get them."), "{relapse}");
    }
    // The source names blinatumomab in consolidation "for some people" and for no subtype:
    // the page says just that, in consolidation only, with no condition and no subtype.
    assert_eq!(markdown.matches("Blinatumomab").count(), 1, "{markdown}");
    assert!(section(&markdown, "Consolidation: chemotherapy")
        .contains(" Some people may also get: Blinatumomab. Then: Maintenance."));
    assert_eq!(page.matches("Blinatumomab").count(), 1);
    assert!(page.contains(" Some people may also get: Blinatumomab. Then: Maintenance."), "{page}");
    // The immunotherapy the source names for B-cell ALL only is not offered to T-cell ALL.
    assert!(!markdown.contains("(B-cell ALL)"), "{markdown}");
    for text in [&markdown, &page] {
        assert_eq!(text.matches(NOTICE).count(), 2, "the notice, top and bottom");
    }
}

#[test]
fn a_reader_of_the_summary_sees_no_code_no_brackets_and_no_ids() {
    let pathway: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join(ALL)).unwrap()).unwrap();
    // The pathway's words for people: labels, plain words, groups, factors' wording.
    fn strings(value: &Value, out: &mut String) {
        match value {
            Value::String(s) => {
                out.push_str(s);
                out.push(' ');
            }
            Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut words = String::new();
    strings(&pathway["groups"], &mut words);
    for node in pathway["nodes"].as_array().unwrap() {
        strings(&node["label"], &mut words);
        strings(&node["plain"], &mut words);
    }
    for factor in pathway["factors"].as_array().unwrap() {
        strings(&factor["label"], &mut words);
        strings(&factor["wording"], &mut words);
    }
    let words = words.to_lowercase();
    // An id that is also an everyday word of those ("relapse", "diagnosis") may be read; one
    // that is code (`first_remission`, `tki`) may not, nor a factor's id.
    let ids: Vec<&str> = pathway["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .chain(pathway["factors"].as_array().unwrap())
        .map(|n| n["id"].as_str().unwrap())
        .filter(|id| id.contains('_') || !words.contains(*id))
        .collect();
    assert!(ids.contains(&"first_remission") && ids.contains(&"tki") && ids.contains(&"ph_positive"));
    let full = "ph_positive=true,lineage=T,age=66,serious_comorbidity=true,cns_involvement=false,high_risk=true,\
                sibling_donor=true,kmt2a_mutation=false,relapse_timing=early,transplant_candidate=true";
    for profile in ["", "ph_positive=true,lineage=B,age=45", "lineage=T,age=70", full] {
        let page = visible(&summary(profile, "html"));
        for code in ["&&", "||", "[", "]", "{", "}", "==", "<=", ">="] {
            assert!(!page.contains(code), "`{code}` in the summary for {profile:?}:\n{page}");
        }
        let bang = page
            .char_indices()
            .find(|&(i, c)| c == '!' && page[i + 1..].chars().next().is_some_and(char::is_alphabetic));
        assert_eq!(bang, None, "`!` before a letter for {profile:?}");
        for id in &ids {
            let found = page.match_indices(id).any(|(i, _)| {
                let before = page[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                let after = page[i + id.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                before && after
            });
            assert!(!found, "the id `{id}` in the summary for {profile:?}");
        }
    }
}

// Issue 14: outputs people read.

/// The path numbers a guide names: each path's own line (`**path 17**: …`) and each reference to
/// ways on written above (`from here on as on the way to path 4 above: path 27 as path 4, 28 as 5;
/// …`), in the order they appear.
fn guide_path_numbers(guide: &str) -> Vec<u64> {
    let mut numbers = Vec::new();
    for line in guide.lines() {
        for leaf in line.split("**path ").skip(1) {
            numbers.push(leaf.split_once("**").unwrap().0.parse().unwrap());
        }
        if let Some((_, matched)) = line.split_once(" above: ") {
            let matched = matched.split(';').next().unwrap().trim_end_matches(", with the same figures");
            for pair in matched.split(", ") {
                let (path, _) = pair.split_once(" as ").unwrap_or_else(|| panic!("{pair:?} in {line}"));
                numbers.push(path.trim_start_matches("path ").parse().unwrap());
            }
        }
    }
    numbers
}

/// Code a person should never read: `&&`, `||`, or `!` before a letter (`!ph_positive`).
fn code_in(text: &str) -> Option<String> {
    let bang = text.char_indices().find(|&(i, c)| c == '!' && text[i + 1..].starts_with(|n: char| n.is_alphabetic()));
    let at = [text.find("&&"), text.find("||"), bang.map(|(i, _)| i)].into_iter().flatten().min()?;
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    Some(text[start..].lines().next().unwrap_or_default().to_string())
}

fn stdout(args: &[&str]) -> String {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_path_guide_is_a_few_pages_that_name_every_path() {
    let guide = std::fs::read_to_string(common::root().join("out/adult-all.paths.md")).unwrap();
    assert!(guide.len() <= 61_440, "out/adult-all.paths.md is {} bytes, more than 60 KB", guide.len());
    // `build` writes what `paths --format markdown` prints.
    assert_eq!(guide, stdout(&["paths", ALL, "--format", "markdown"]));
    let count: u64 = stdout(&["paths", ALL, "--count"]).trim().parse().unwrap();
    let mut numbers = guide_path_numbers(&guide);
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=count).collect::<Vec<_>>(), "every path named exactly once");
    assert_eq!(code_in(&guide), None, "code in the guide");
    assert_eq!(
        code_in("a\n  conditions   age <= 65 && !serious_comorbidity\n").as_deref(),
        Some("  conditions   age <= 65 && !serious_comorbidity")
    );
    assert!(code_in("if !ph_positive: x").is_some() && code_in("a || b").is_some() && code_in("Hi! 50%").is_none());
    assert!(guide.contains("Not medical advice."), "the notice");
    // Each phase's components once: the CNS prophylaxis set is listed once per phase that has it.
    let phases = guide.matches("\n### ").count();
    assert!(guide.matches("**CNS prophylaxis**, one or more of:").count() < phases, "{phases} sections");
}

#[test]
fn what_people_read_of_paths_and_outcomes_has_no_code() {
    for args in [
        &["paths", ALL, "--limit", "0"][..],
        &["paths", ALL, "--limit", "0", "--include-infeasible", "--patient", "lineage=T"],
        &["paths", ALL, "--format", "markdown", "--patient", "ph_positive=true,age=70"],
        &["paths", ALL, "--format", "markdown", "--include-infeasible", "--patient", "lineage=T"],
        &["outcomes", ALL],
        &["outcomes", ALL, "--patient", "lineage=B,age=40"],
    ] {
        assert_eq!(code_in(&stdout(args)), None, "{args:?}");
    }
    // JSON and CSV keep the code form, with the words beside it.
    let json: Value = serde_json::from_str(&stdout(&["paths", ALL, "--format", "json", "--limit", "1"])).unwrap();
    let path = &json["paths"][0];
    assert_eq!(path["conditions"], "age <= 65 && !serious_comorbidity");
    assert_eq!(path["conditions_words"], "age 65 or under, and no other serious illness");
    let tki = &path["steps"][3]["includes"][6];
    assert_eq!(
        (&tki["condition"], &tki["condition_words"]),
        (&json!("ph_positive"), &json!("Philadelphia chromosome positive"))
    );
    let csv = stdout(&["paths", ALL, "--format", "csv", "--limit", "1"]);
    assert!(
        csv.contains(",age <= 65 && !serious_comorbidity,\"age 65 or under, and no other serious illness\","),
        "{csv}"
    );
    let outcomes: Value = serde_json::from_str(&stdout(&["outcomes", ALL, "--format", "json"])).unwrap();
    let class = &outcomes["classes"][0];
    assert_eq!(class["patients"].as_array().unwrap().len(), class["patients_words"].as_array().unwrap().len());
    assert_eq!(code_in(&class["patients_words"].to_string()), None);
}

#[test]
fn text_figures_lead_with_words_and_keep_their_exact_bounds() {
    let text = stdout(&["paths", ALL, "--limit", "1"]);
    assert!(
        text.contains(
            "\n  probability  33–53% (exact bounds 0.3375 to 0.5225, worked out from approximate figures)\n  duration     \
             at least 27 months (worked out from approximate figures); 1 step has no length given by the source\n"
        ),
        "{text}"
    );
    // The steps of unknown length outcomes can reach: the first few by id, then how many more.
    let outcomes = stdout(&["outcomes", ALL]);
    assert!(
        outcomes
            .contains("\n  (with no length: lumbar_puncture, refractory_salvage, reinduction_intensive, and 2 more)\n"),
        "{outcomes}"
    );
}
