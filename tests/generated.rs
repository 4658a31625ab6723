//! Generated files stay in sync with the code: the JSON Schema and the rules page.
//! Run with `UPDATE_GENERATED=1 cargo test --test generated` to rewrite them.

use std::path::Path;

fn check_or_update(path: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date; run `UPDATE_GENERATED=1 cargo test --test generated` and commit it",
        path.display()
    );
}

#[test]
fn schema_file_is_up_to_date() {
    check_or_update("schema/pathway.schema.json", &carepath::schema::pathway_schema().unwrap());
}

#[test]
fn rules_page_is_up_to_date() {
    check_or_update("docs/rules.md", &carepath::rules::rules_markdown());
}

#[test]
fn every_pathway_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&carepath::schema::pathway_schema().unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema itself is valid");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let instance: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 1, "one pathway today: adult-all");
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let schema: serde_json::Value = serde_json::from_str(&carepath::schema::pathway_schema().unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/adult-all.json")).unwrap();
    let mut bad: serde_json::Value = serde_json::from_str(&text).unwrap();
    bad["nodes"][0]["colour_typo"] = serde_json::json!("red");
    assert!(!validator.is_valid(&bad), "unknown node field must fail the schema");
    let mut bad: serde_json::Value = serde_json::from_str(&text).unwrap();
    bad["edges"][0]["probability"] = serde_json::json!({ "low": 0.5 });
    assert!(!validator.is_valid(&bad), "a range without `high` must fail the schema");
}
