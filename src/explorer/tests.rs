//! The explorer page's bytes: self-contained, deterministic, small, escaped, one control per
//! factor. (What its script does is tested in a real browser: tests/browser.rs.)

use super::*;

fn all() -> PathwayFile {
    let text = include_str!("../../pathways/adult-all.json");
    serde_json::from_str(text).expect("the ALL pathway parses")
}

#[test]
fn the_all_page_is_self_contained_deterministic_and_under_a_megabyte() {
    let p = all();
    let a = page(&p).unwrap();
    let b = page(&p).unwrap();
    assert_eq!(a, b);
    assert!(a.len() < 1_000_000, "{} bytes", a.len());
    let html = String::from_utf8(a).unwrap();
    for fetch in ["src=", "@import", "<link", "<iframe", "<img", "<object", "<embed"] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    // The only references are to the SVG's own markers.
    assert!(html.split("url(").skip(1).all(|rest| rest.starts_with('#')));
    assert_eq!(html.matches("data-factor=").count(), p.factors.len());
    assert_eq!(html.matches("<script").count(), 2);
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("Not medical advice."));
}
