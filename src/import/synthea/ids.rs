//! Names → ids: a state's name (`Follow Up (6 months)`, `Diet/Exercise`) as a lower
//! snake_case node id, a module's name as a kebab-case pathway id, and names cleaned of
//! invisible characters for labels.

/// The name without invisible characters (zero-width spaces and joiners, a byte-order mark,
/// control characters), trimmed.
pub(crate) fn clean(name: &str) -> String {
    name.chars()
        .filter(|&c| !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') && !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Lower snake_case: ASCII letters and digits, every other run of characters one `_`; an id
/// that would start with a digit starts with `n_`. Empty when the name has no letter or digit.
pub(crate) fn snake_id(name: &str) -> String {
    let mut id = String::new();
    let mut gap = false;
    for c in clean(name).chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !id.is_empty() {
                id.push('_');
            }
            gap = false;
            id.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert_str(0, "n_");
    }
    id
}

/// Kebab-case, for a pathway id and its file name (`Example Cancer Treatment` →
/// `example-cancer-treatment`).
pub(crate) fn kebab_id(name: &str) -> String {
    snake_id(name).replace('_', "-")
}

/// Hands out ids unique among those given so far: `id`, then `id_2`, `id_3`, ...
#[derive(Debug, Default)]
pub(crate) struct Unique {
    taken: std::collections::BTreeSet<String>,
}

impl Unique {
    pub(crate) fn take(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "state".to_owned() } else { wanted.to_owned() };
        let mut id = base.clone();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids() {
        assert_eq!(snake_id("Follow Up (6 months)"), "follow_up_6_months");
        assert_eq!(snake_id("Diet/Exercise"), "diet_exercise");
        assert_eq!(snake_id("Re\u{200b}view"), "review");
        assert_eq!(snake_id("2nd_Line"), "n_2nd_line");
        assert_eq!(snake_id("¿?"), "");
        assert_eq!(kebab_id("Example Cancer Treatment"), "example-cancer-treatment");
        assert_eq!(clean(" Re\u{200b}view\u{feff} "), "Review");
        let mut u = Unique::default();
        assert_eq!([u.take("a"), u.take("a"), u.take("a"), u.take("")], ["a", "a_2", "a_3", "state"]);
    }
}
