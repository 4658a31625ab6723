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

#[test]
fn hostile_strings_cannot_leave_their_place() {
    let text = include_str!("../../tests/fixtures/hostile/hostile-page.json");
    let p: PathwayFile = serde_json::from_str(text).expect("the hostile fixture parses");
    let html = String::from_utf8(page(&p).unwrap()).unwrap();
    // The page's own elements only: two scripts (the data and the code), one style, no image.
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("<style>").count(), 1);
    assert_eq!(html.matches("</style>").count(), 1);
    for injected in ["<img", "<svg onload", "<a href=\"javascript", "<b>", "<!--", "]]>"] {
        assert!(!html.contains(injected), "{injected}");
    }
    // No raw bidirectional override anywhere in the file (HTML and SVG write references).
    assert!(!html.contains(['\u{202e}', '\u{2066}', '\u{2067}']));
    // The data reads back exactly, and holds no raw line separator (which older script
    // parsers take for a line break) nor `<`, `>`, `&`.
    let start = html.find("id=\"carepath-data\">").unwrap() + "id=\"carepath-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    assert!(!html[start..end].contains(['\u{2028}', '\u{2029}', '<', '>', '&']));
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["pathway"]["title"], p.title);
    assert_eq!(data["factors"][2]["id"], p.factors[2].id);
    assert_eq!(data["factors"][2]["values"][0], "</script><img src=x onerror=alert(9)>");
    // The javascript: address is shown as text, not linked.
    assert!(html.contains("(address given as text: <bdi>javascript:alert(4)</bdi>)"));
}
