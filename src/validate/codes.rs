//! Clinical code rules: every code on a node, an agent or a factor names its system by URI and
//! has the shape its system gives it, check digit included (CP095). One [`Lint`] with its check
//! and its tests right below it.

use crate::diag::{Rule, RuleGroup, Severity, Sink, Subject};
use crate::model::{Code, LOINC, RXNORM, SNOMED_CT};

use super::{Check, Context, Lint};

#[cfg(test)]
use super::fixture::{assert_fires, run, sub, MINIMAL};

/// CP095 `clinical-code`: a code's system is a URI and its code fits the system.
pub static CLINICAL_CODE: Lint = Lint {
    rule: &Rule {
        code: "CP095",
        name: "clinical-code",
        group: RuleGroup::Text,
        severity: Severity::Error,
        summary: "A clinical code names its system by URI, and a SNOMED CT, LOINC or RxNorm code has its system's \
                  shape and check digit.",
        rationale: "Codes tell a health record what a step, drug or factor is; a system written as a name \
                    (`SNOMED-CT`) matches nothing in a record, and a mistyped digit names another concept or none, \
                    silently. SNOMED CT identifiers end in a Verhoeff check digit and LOINC codes in a mod-10 one, \
                    so most typos can be caught here.",
        fix: "Write the system's URI (`http://snomed.info/sct`, `http://loinc.org`, \
              `http://www.nlm.nih.gov/research/umls/rxnorm`) and copy the code from the terminology's browser, \
              as a string.",
        bad: r#""codes": [{ "system": "SNOMED-CT", "code": "73211008" }]"#,
        good: r#""codes": [{ "system": "http://snomed.info/sct", "code": "73211009", "display": "Diabetes mellitus" }]"#,
    },
    check: Check::Pathway(clinical_code),
};

/// The URI of a system written by a common name, for the help.
fn known_uri(system: &str) -> Option<&'static str> {
    let key: String = system.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "snomed" | "snomedct" | "sct" | "snomedctus" => Some(SNOMED_CT),
        "loinc" => Some(LOINC),
        "rxnorm" | "rxcui" => Some(RXNORM),
        "icd10" => Some("http://hl7.org/fhir/sid/icd-10"),
        "icd10cm" => Some("http://hl7.org/fhir/sid/icd-10-cm"),
        "atc" => Some("http://www.whocc.no/atc"),
        "ucum" => Some("http://unitsofmeasure.org"),
        _ => None,
    }
}

/// Whether a system is an absolute URI: `scheme:rest`, no spaces.
fn is_uri(system: &str) -> bool {
    let Some((scheme, rest)) = system.split_once(':') else { return false };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !system.chars().any(char::is_whitespace)
}

/// The Verhoeff check of a string of digits (its last digit the check digit).
fn verhoeff_ok(digits: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, b) in digits.bytes().rev().enumerate() {
        c = D[usize::from(c)][usize::from(P[i % 8][usize::from(b - b'0')])];
    }
    c == 0
}

/// The LOINC mod-10 check digit of the digits before the hyphen.
fn loinc_check_digit(base: &str) -> u32 {
    let mut sum = 0;
    for (i, b) in base.bytes().rev().enumerate() {
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 { (2 * d) / 10 + (2 * d) % 10 } else { d };
    }
    (10 - sum % 10) % 10
}

/// What is wrong with a code, in a sentence that follows "code `X` of SYSTEM", or `None`.
fn code_problem(code: &Code) -> Option<String> {
    let c = code.code.as_str();
    if c.trim().is_empty() {
        return Some("is empty".into());
    }
    if c.trim() != c {
        return Some("has spaces around it".into());
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match code.system.as_str() {
        SNOMED_CT => {
            if !digits(c) || !(6..=18).contains(&c.len()) || c.starts_with('0') {
                Some("is not a SNOMED CT identifier (6 to 18 digits, no leading zero)".into())
            } else if !verhoeff_ok(c) {
                Some("fails the SNOMED CT check digit (Verhoeff): a digit is mistyped or missing".into())
            } else {
                None
            }
        }
        LOINC => match c.split_once('-') {
            Some((base, check)) if digits(base) && base.len() <= 7 && check.len() == 1 && digits(check) => {
                let expected = loinc_check_digit(base);
                (check != expected.to_string())
                    .then(|| format!("fails the LOINC check digit: `{base}-{expected}` has the right one"))
            }
            _ => Some("is not a LOINC code (up to 7 digits, a hyphen, a check digit: `30525-0`)".into()),
        },
        RXNORM => (!digits(c)).then(|| "is not an RxNorm concept id (digits only)".into()),
        _ => None,
    }
}

fn node(id: &str) -> Subject {
    Subject::Node { id: id.to_string() }
}

fn clinical_code(cx: &Context, sink: &mut Sink) {
    let p = &cx.loaded.pathway;
    let mut all: Vec<(String, String, Subject, &Code)> = Vec::new();
    for (i, n) in p.nodes.iter().enumerate() {
        for (j, code) in n.codes.iter().enumerate() {
            all.push((format!("/nodes/{i}/codes/{j}"), format!("node `{}`", n.id), node(&n.id), code));
        }
        for (k, agent) in n.agents.iter().enumerate() {
            for (j, code) in agent.codes.iter().enumerate() {
                all.push((
                    format!("/nodes/{i}/agents/{k}/codes/{j}"),
                    format!("agent {} of `{}`", agent.name, n.id),
                    node(&n.id),
                    code,
                ));
            }
        }
    }
    for (i, f) in p.factors.iter().enumerate() {
        for (j, code) in f.codes.iter().enumerate() {
            all.push((
                format!("/factors/{i}/codes/{j}"),
                format!("factor `{}`", f.id),
                Subject::Factor { id: f.id.clone() },
                code,
            ));
        }
    }
    for (pointer, owner, subject, code) in all {
        if !is_uri(&code.system) {
            let help = match known_uri(&code.system) {
                Some(uri) => format!("write the system as its URI: `{uri}`"),
                None => "write the code system's URI, e.g. `http://snomed.info/sct` or `http://loinc.org`".into(),
            };
            sink.push(
                cx.diag(
                    &CLINICAL_CODE,
                    format!("{pointer}/system"),
                    format!("code system `{}` of {owner} is not a URI", code.system),
                )
                .with_help(help)
                .with_subject(subject),
            );
        } else if let Some(problem) = code_problem(code) {
            sink.push(
                cx.diag(
                    &CLINICAL_CODE,
                    format!("{pointer}/code"),
                    format!("code `{}` of {owner} {problem}", code.code),
                )
                .with_help("copy the code from the terminology's own browser, as a string")
                .with_subject(subject),
            );
        }
    }
}

#[test]
fn cp095_clinical_code() {
    assert_fires(&CLINICAL_CODE, |t| {
        sub(
            t,
            r#""label": "Vincristine","#,
            r#""label": "Vincristine", "codes": [{ "system": "SNOMED-CT", "code": "73211009" }],"#,
        )
    });
}

#[test]
fn cp095_check_digits_catch_typos_and_known_codes_pass() {
    for good in ["73211009", "22298006", "38341003", "195967001", "44054006"] {
        assert!(verhoeff_ok(good), "{good}");
    }
    for typo in ["73211008", "73211090", "22289006"] {
        assert!(!verhoeff_ok(typo), "{typo}");
    }
    assert_eq!(loinc_check_digit("30525"), 0);
    assert_eq!(loinc_check_digit("2160"), 0);
    assert_eq!(loinc_check_digit("718"), 7);
}

#[test]
fn cp095_says_what_is_wrong_with_each_code() {
    let with = |codes: &str| {
        run(&MINIMAL.replacen(r#""label": "Induction","#, &format!(r#""label": "Induction", "codes": [{codes}],"#), 1))
    };
    let one = |codes: &str| with(codes).into_iter().map(|(code, _, _, message)| (code, message)).collect::<Vec<_>>();
    let said = |message: &str| vec![("CP095", message.to_string())];
    assert_eq!(one(r#"{ "system": "http://snomed.info/sct", "code": "73211009" }"#), vec![]);
    assert_eq!(one(r#"{ "system": "http://loinc.org", "code": "30525-0", "display": "Age" }"#), vec![]);
    assert_eq!(
        one(r#"{ "system": "snomed ct", "code": "73211009" }"#),
        said("code system `snomed ct` of node `induction` is not a URI")
    );
    assert_eq!(
        one(r#"{ "system": "http://snomed.info/sct", "code": "73211008" }"#),
        said("code `73211008` of node `induction` fails the SNOMED CT check digit (Verhoeff): a digit is mistyped or missing")
    );
    assert_eq!(
        one(r#"{ "system": "http://loinc.org", "code": "30525-3" }"#),
        said("code `30525-3` of node `induction` fails the LOINC check digit: `30525-0` has the right one")
    );
    assert_eq!(
        one(r#"{ "system": "http://loinc.org", "code": "30525" }"#),
        said(
            "code `30525` of node `induction` is not a LOINC code (up to 7 digits, a hyphen, a check digit: `30525-0`)"
        )
    );
    assert_eq!(
        one(r#"{ "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "RX123" }"#),
        said("code `RX123` of node `induction` is not an RxNorm concept id (digits only)")
    );
    assert_eq!(
        one(r#"{ "system": "urn:oid:1.2.3", "code": " x" }"#),
        said("code ` x` of node `induction` has spaces around it")
    );
}
