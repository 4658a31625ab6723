//! CLI tests of `carepath paths` and `carepath outcomes`: exact output of every format on a
//! small hand-made fixture, filters, limits, counts and exit codes.

mod common;

use common::carepath;
use predicates::prelude::*;

const SMALL: &str = "tests/fixtures/paths/small.json";
const LOOP: &str = "tests/fixtures/paths/loop.json";
const ALL: &str = "pathways/adult-all.json";

fn stdout_of(args: &[&str]) -> String {
    let output = carepath().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn text_format() {
    assert_eq!(stdout_of(&["paths", SMALL]), TEXT);
}

#[test]
fn json_format_with_a_limit() {
    assert_eq!(stdout_of(&["paths", SMALL, "--format", "json", "--limit", "2"]), JSON);
    let value: serde_json::Value = serde_json::from_str(JSON).unwrap();
    assert_eq!(value["paths"].as_array().unwrap().len(), 2);
}

#[test]
fn csv_format() {
    assert_eq!(stdout_of(&["paths", SMALL, "--format", "csv"]), CSV);
}

#[test]
fn markdown_format() {
    assert_eq!(stdout_of(&["paths", SMALL, "--format", "markdown"]), MARKDOWN);
}

#[test]
fn csv_quotes_fields_per_rfc_4180() {
    // An id with a comma and a quote (only a naming warning) must come out quoted, quotes doubled.
    let text = std::fs::read_to_string(SMALL).unwrap().replace("\"cured\"", "\"cu,red\\\"x\"");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.json");
    std::fs::write(&file, text).unwrap();
    let out = stdout_of(&["paths", file.to_str().unwrap(), "--format", "csv", "--limit", "1"]);
    assert_eq!(
        out.lines().nth(1).unwrap(),
        "1,\"cu,red\"\"x\",long_term_remission,0.8,0.9,,true,false,25,26,0,false,lineage == B,Lineage: B,\"dx > lineage_check > induction_b > cr > maintenance > cu,red\"\"x\",true"
    );
}

/// (paths listed, of which feasible) by `paths --include-infeasible --format csv`.
fn listed_and_feasible(extra: &[&str]) -> (usize, usize) {
    let mut args = vec!["paths", ALL, "--include-infeasible", "--format", "csv", "--limit", "0"];
    args.extend_from_slice(extra);
    let csv = stdout_of(&args);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    (rows.len(), rows.iter().filter(|r| r.ends_with(",true")).count())
}

#[test]
fn count_of_the_adult_all_pathway() {
    // Every path of the graph, and the feasible ones: --count agrees with the listing both ways.
    let (all, feasible) = listed_and_feasible(&[]);
    assert_eq!(stdout_of(&["paths", ALL, "--count", "--include-infeasible"]), format!("{all}\n"));
    assert_eq!(stdout_of(&["paths", ALL, "--count"]), format!("{feasible}\n"));
    // Every path of the ALL pathway is feasible for some patient.
    assert_eq!((all, feasible), (204, 204));
    for extra in [["--through", "allo_sct"], ["--ends-in", "palliative"]] {
        let (all, feasible) = listed_and_feasible(&extra);
        let mut args = vec!["paths", ALL, "--count"];
        args.extend_from_slice(&extra);
        assert_eq!(stdout_of(&args), format!("{feasible}\n"), "{extra:?}");
        assert!(feasible <= all, "{extra:?}");
    }
    assert_eq!(stdout_of(&["paths", ALL, "--count", "--through", "allo_sct", "--include-infeasible"]), "92\n");
}

#[test]
fn limit_says_how_many_there_are_and_how_to_see_more() {
    let out = stdout_of(&["paths", ALL, "--limit", "1"]);
    assert!(
        out.starts_with(
            "path 1: ends in Long-term remission (cure) (long_term_remission_first_line, long_term_remission)\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "\nlisted 1 of 204 paths; use --limit N to list more, --limit 0 to list all, or --count for the number only\n{}\n",
            carepath::text::plain::SHORT_NOTICE
        )),
        "{out}"
    );
    let csv = carepath().args(["paths", ALL, "--format", "csv", "--limit", "2"]).assert().success();
    let output = csv.get_output();
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 3);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "note: listed 2 of 204 paths; use --limit N to list more, --limit 0 to list all, or --count for the number only\n"
    );
}

#[test]
fn loops_are_listed_up_to_max_visits() {
    assert_eq!(stdout_of(&["paths", LOOP, "--count"]), "2\n");
    assert_eq!(stdout_of(&["paths", LOOP, "--count", "--max-visits", "2"]), "4\n");
    let csv = stdout_of(&["paths", LOOP, "--format", "csv", "--max-visits", "2"]);
    let steps: Vec<&str> = csv.lines().skip(1).map(|l| l.rsplit(',').nth(1).unwrap()).collect();
    assert_eq!(
        steps,
        vec![
            "dx > treat > cured",
            "dx > treat > relapse > treat > cured",
            "dx > treat > relapse > treat > palliative",
            "dx > treat > palliative"
        ]
    );
}

#[test]
fn unknown_node_is_a_usage_error_with_a_suggestion() {
    carepath()
        .args(["paths", SMALL, "--through", "inductionb"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: --through `inductionb`: the pathway has no node with this id; did you mean `induction_b`?\n");
}

#[test]
fn unknown_category_lists_the_categories() {
    carepath().args(["paths", SMALL, "--ends-in", "cure"]).assert().code(2).stderr(
        "error: --ends-in `cure` is not an outcome category; use one of: remission, partial_remission, refractory, relapse, long_term_remission, palliative, death, exit\n",
    );
}

#[test]
fn invalid_file_exits_1_with_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, r#"{"id":"bad","title":"B","version":"1","sources":[],"nodes":[{"id":"s","kind":"start","label":"S"}],"edges":[{"from":"s","to":"nowhere"}]}"#).unwrap();
    for command in ["paths", "outcomes"] {
        carepath()
            .args([command, file.to_str().unwrap()])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("CP011(unknown-node)"))
            .stderr(predicate::str::contains("has validation errors; fix them first"));
    }
}

#[test]
fn missing_file_exits_2() {
    carepath()
        .args(["paths", "no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.json"));
    carepath().args(["outcomes", "no-such-file.json"]).assert().code(2);
}

#[test]
fn outcomes_json_of_the_loop() {
    let out = stdout_of(&["outcomes", LOOP, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The loop has no decision: one class of patients.
    assert_eq!(document["classes"].as_array().unwrap().len(), 1);
    assert_eq!(document["classes"][0]["patients"], serde_json::json!(["all patients"]));
    let value = &document["classes"][0]["outcomes"];
    let cured = &value["terminal"][0];
    assert_eq!(cured["id"], "cured");
    assert!((cured["probability"]["low"].as_f64().unwrap() - 5.0 / 7.0).abs() < 1e-12);
    assert!((cured["probability"]["high"].as_f64().unwrap() - 5.0 / 7.0).abs() < 1e-12);
    assert_eq!(value["passing_through"][0]["probability"]["low"], 0.3);
    assert_eq!(value["time_on_treatment_months"]["low"], 2.857142857143);
}

#[test]
fn outcomes_text_of_the_adult_all_pathway() {
    let out = stdout_of(&["outcomes", ALL]);
    // The page's about 80-90% remission and about half relapsing, widened by the file's 0.05.
    let approx = "worked out from approximate figures";
    assert!(
        out.contains(&format!(
            "\n  long_term_remission_first_line  long_term_remission  33–53% (exact bounds 0.3375 to 0.5225, {approx})\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "\n  first_remission                    remission          75–95% (exact bounds 0.75 to 0.95, {approx})\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "\n  relapse                            relapse            33–53% (exact bounds 0.3375 to 0.5225, {approx})\n"
        )),
        "{out}"
    );
    // Every class may reach a step of unknown length (the lumbar puncture at least): the time
    // is never a closed range that counts them as 0.
    assert!(
        out.contains(
            "\nExpected time on treatment: at least 20.5 months (worked out from approximate figures); 5 steps have no \
             length given by the source\n"
        ),
        "{out}"
    );
    for line in out.lines().filter(|l| l.starts_with("Expected time on treatment: ")) {
        assert!(line.starts_with("Expected time on treatment: at least "), "{line}");
    }
}

const TEXT: &str = r##"path 1: ends in Cured (cured, long_term_remission)
  probability  80–90% (exact bounds 0.8 to 0.9)
  duration     25–26 months
  conditions   Lineage: B
  1  dx             start         Diagnosis
  2  lineage_check  decision      B or T cell?
  3  induction_b    phase         Induction, B-cell
                                    Steroid: dexamethasone or prednisone
                                    if Philadelphia chromosome: yes: TKI: imatinib or dasatinib
  4  cr             outcome       Complete remission
  5  maintenance    phase         Maintenance
  6  cured          outcome       Cured

path 2: ends in Refractory (refractory, refractory)
  probability  10–20% (exact bounds 0.1 to 0.2)
  duration     1–2 months
  conditions   Lineage: B
  1  dx             start         Diagnosis
  2  lineage_check  decision      B or T cell?
  3  induction_b    phase         Induction, B-cell
                                    Steroid: dexamethasone or prednisone
                                    if Philadelphia chromosome: yes: TKI: imatinib or dasatinib
  4  refractory     outcome       Refractory

path 3: ends in Cured (cured, long_term_remission)
  probability  70% (exact 0.7)
  duration     24.92–25.38 months (exact bounds 24.9199 to 25.3799 months)
  conditions   Lineage: T
  1  dx             start         Diagnosis
  2  lineage_check  decision      B or T cell?
  3  induction_t    phase         Induction, T-cell
                                    Steroid: dexamethasone or prednisone
  4  cr             outcome       Complete remission
  5  maintenance    phase         Maintenance
  6  cured          outcome       Cured

path 4: ends in Refractory (refractory, refractory)
  probability  30% (exact 0.3)
  duration     0.92–1.38 months (exact bounds 0.9199 to 1.3799 months)
  conditions   Lineage: T
  1  dx             start         Diagnosis
  2  lineage_check  decision      B or T cell?
  3  induction_t    phase         Induction, T-cell
                                    Steroid: dexamethasone or prednisone
  4  refractory     outcome       Refractory

4 paths
Not medical advice: this shows a treatment pathway as its sources describe it.
"##;

const JSON: &str = r##"{
  "pathway": {"id":"small","title":"Small pathway","version":"1"},
  "paths": [
    {"conditions":"lineage == B","conditions_words":"Lineage: B","duration_months":{"approximate":false,"max":26.0,"min":25.0,"undated_steps":0},"feasible":true,"number":1,"outcome":{"category":"long_term_remission","id":"cured","label":"Cured"},"probability":{"approximate":false,"base":null,"high":0.9,"low":0.8,"quantified":true},"steps":[{"id":"dx","kind":"start","label":"Diagnosis"},{"id":"lineage_check","kind":"decision","label":"B or T cell?"},{"id":"induction_b","includes":[{"agents":[{"likelihood":"always","name":"dexamethasone"},{"likelihood":"always","name":"prednisone"}],"combine":"one_of","condition":null,"condition_words":null,"id":"steroid","likelihood":"always","text":"Steroid: dexamethasone or prednisone"},{"agents":[{"likelihood":"always","name":"imatinib"},{"likelihood":"always","name":"dasatinib"}],"combine":"one_of","condition":"ph_positive","condition_words":"Philadelphia chromosome: yes","id":"tki","likelihood":"always","text":"TKI: imatinib or dasatinib"}],"kind":"phase","label":"Induction, B-cell"},{"edge_probability":{"approximate":false,"base":null,"high":0.9,"low":0.8},"id":"cr","kind":"outcome","label":"Complete remission"},{"id":"maintenance","kind":"phase","label":"Maintenance"},{"id":"cured","kind":"outcome","label":"Cured"}]},
    {"conditions":"lineage == B","conditions_words":"Lineage: B","duration_months":{"approximate":false,"max":2.0,"min":1.0,"undated_steps":0},"feasible":true,"number":2,"outcome":{"category":"refractory","id":"refractory","label":"Refractory"},"probability":{"approximate":false,"base":null,"high":0.2,"low":0.1,"quantified":true},"steps":[{"id":"dx","kind":"start","label":"Diagnosis"},{"id":"lineage_check","kind":"decision","label":"B or T cell?"},{"id":"induction_b","includes":[{"agents":[{"likelihood":"always","name":"dexamethasone"},{"likelihood":"always","name":"prednisone"}],"combine":"one_of","condition":null,"condition_words":null,"id":"steroid","likelihood":"always","text":"Steroid: dexamethasone or prednisone"},{"agents":[{"likelihood":"always","name":"imatinib"},{"likelihood":"always","name":"dasatinib"}],"combine":"one_of","condition":"ph_positive","condition_words":"Philadelphia chromosome: yes","id":"tki","likelihood":"always","text":"TKI: imatinib or dasatinib"}],"kind":"phase","label":"Induction, B-cell"},{"edge_probability":{"approximate":false,"base":null,"high":0.2,"low":0.1},"id":"refractory","kind":"outcome","label":"Refractory"}]}
  ],
  "listed": 2,
  "total": 4,
  "total_exact": true,
  "truncated": true
}
"##;

const CSV: &str = concat!(
    "path,outcome,category,probability_low,probability_high,probability_base,quantified,probability_approximate,duration_min_months,duration_max_months,undated_steps,duration_approximate,conditions,conditions_words,steps,feasible\r\n",
    "1,cured,long_term_remission,0.8,0.9,,true,false,25,26,0,false,lineage == B,Lineage: B,dx > lineage_check > induction_b > cr > maintenance > cured,true\r\n",
    "2,refractory,refractory,0.1,0.2,,true,false,1,2,0,false,lineage == B,Lineage: B,dx > lineage_check > induction_b > refractory,true\r\n",
    "3,cured,long_term_remission,0.7,0.7,0.7,true,false,24.919917864476,25.379876796715,0,false,lineage == T,Lineage: T,dx > lineage_check > induction_t > cr > maintenance > cured,true\r\n",
    "4,refractory,refractory,0.3,0.3,0.3,true,false,0.919917864476,1.379876796715,0,false,lineage == T,Lineage: T,dx > lineage_check > induction_t > refractory,true\r\n",
);

const MARKDOWN: &str = r##"# Path guide: Small pathway

> **Not medical advice.** This guide describes a treatment pathway as its sources describe it. It does not recommend any treatment: only a care team that knows the patient can.

Pathway `small` (version 1). This guide holds 4 paths from the start to a final outcome, grouped by the outcome they end in. Every step of each path, what each phase includes on it, its exact figures and its conditions are in `carepath paths pathways/small.json --format json` (or `--format csv`), which, given the same options, numbers the paths as this guide does.

## How to read this guide

- A **path** is one way through the pathway from the start to a final outcome: the treatments, the decisions about the patient on the way, and what follows each step. Each patient follows one path.
- **Phases and their treatments** lists what each phase includes, once. *Usually*, *often*, *sometimes* and *rarely* say how often the source says a treatment is given; "if …" names the patients it is for; "one of" and "one or more of" introduce alternatives.
- **Paths by final outcome** draws the paths as a tree. Each item is a stretch of steps (joined by →) up to the next point where paths part; the items under it are the ways on from there. "If …" says which patients take a way; a way with no "if" depends on how treatment goes, with the source's chance where it gives one, or on a choice it hedges (*often*, *sometimes*). Each path ends with its number, its chance and its time on treatment. Where the ways on from a step are the same as from a step above, the guide does not repeat them: "from here on as on the way to path 4 above" matches each path with its twin there.
- A **range** such as 33–53% means the source's figures allow any value from 33% to 53%: it is not one estimate.
- **Not given by the source** means the source gives no figure, which is not the same as zero; "at most 53%" is what the other figures still allow.
- **At least**, as in "at least 27 months", means a step on the path has no length given by the source: the path lasts at least as long as its steps of known length.

## Phases and their treatments

### Induction, B-cell

Length: 1–2 months.

- **Steroid**: dexamethasone or prednisone
- if Philadelphia chromosome: yes: **TKI**: imatinib or dasatinib

### Induction, T-cell

Length: 4–6 weeks.

- **Steroid**: dexamethasone or prednisone

### Maintenance

Length: 2 years.

## Paths by final outcome

### Cured — long-term remission, 2 paths

- **Diagnosis**
  - if Lineage: B: **Induction, B-cell** → **Complete remission** (chance 80–90%) → **Maintenance** → **path 1**: 80–90%, 25–26 months
  - if Lineage: T: **Induction, T-cell** → **Complete remission** (chance 70%) → **Maintenance** → **path 3**: 70%, 24.92–25.38 months

### Refractory — no response to treatment, 2 paths

- **Diagnosis**
  - if Lineage: B: **Induction, B-cell** → **Refractory** (chance 10–20%) → **path 2**: 10–20%, 1–2 months
  - if Lineage: T: **Induction, T-cell** → **Refractory** (chance 30%) → **path 4**: 30%, 0.92–1.38 months
"##;

#[test]
fn through_a_component_that_is_never_a_step_says_so() {
    carepath().args(["paths", ALL, "--through", "vincristine"]).assert().code(2).stderr(
        "error: --through `vincristine`: no path steps through this node, nothing flows into it; it is a component of \
         `induction_standard`, `induction_reduced`, listed under those phases on their paths (use --through with the phase)\n",
    );
}

#[test]
fn a_component_under_else_shows_what_else_means() {
    // Regression: a component included under `else` was listed as "if else: B".
    let out = stdout_of(&["paths", "tests/fixtures/paths/include-else.json"]);
    assert!(
        out.contains("\n                          if CNS: yes: A\n                          if CNS: no: B\n"),
        "{out}"
    );
    let out = stdout_of(&["paths", "tests/fixtures/paths/include-else.json", "--patient", "cns=false"]);
    assert!(out.contains("\n                          B\n") && !out.contains("if "), "{out}");
}

#[test]
fn tiny_probabilities_are_never_shown_as_zero() {
    // Regression: 0.5^22 printed as "0", and a narrow range collapsed to one "0".
    assert_eq!(carepath::text::number::number(0.5f64.powi(22)), "2.38e-7");
    assert_eq!(carepath::text::number::number(0.00004), "4.00e-5");
    assert_eq!(carepath::text::number::number(0.0001), "0.0001");
    assert_eq!(carepath::text::number::number(0.0), "0");
}
