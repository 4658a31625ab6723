//! Branches: chances with Synthea's engine semantics, first-match decisions, counted loops.

use serde_json::Value;

use super::super::conditions::Cond;
use super::super::gmf::{Chance, ComplexOption, State, Transition};
use super::super::ids::clean;
use super::super::report::LineKind;
use super::lengths::{tidy, ZERO};
use super::{Broken, Builder};
use crate::model::NodeKind;

impl<'m> Builder<'m> {
    /// Whether the transition of `s` closes a counted loop: its conditions test an attribute a
    /// `Counter` state counts, and that state and `s` are on one loop of the module.
    pub(super) fn tests_counter(&self, s: &State) -> bool {
        let t = &s.transition;
        let counters = &self.built.factors.set_by_module().counters;
        let mut tested = std::collections::BTreeSet::new();
        match t {
            Transition::Conditional(o) => tested = attributes_tested(o),
            Transition::Complex(o) => o
                .iter()
                .filter_map(|(c, _)| c.as_ref())
                .for_each(|c| super::super::conditions::tested_attributes(c, &mut tested)),
            _ => {}
        }
        self.module.states.values().any(|c| {
            c.kind == "Counter"
                && c.fields
                    .get("attribute")
                    .and_then(super::super::gmf::text_of)
                    .is_some_and(|a| tested.contains(&a) && counters.contains(&a))
                && self.reaches(&s.name, &c.name)
                && self.reaches(&c.name, &s.name)
        })
    }

    /// Whether the module's transitions lead from the state `from` to the state `to`.
    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            let Some(state) = self.module.states.get(at) else { continue };
            for next in state.transition.targets() {
                if next == to {
                    return true;
                }
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        false
    }

    /// Ways on with no figures and the given note on the node, each target once.
    pub(super) fn chances_quiet(
        &mut self,
        from: &str,
        options: &[(Chance, String)],
        s: &'m State,
        note: &str,
    ) -> Result<(), Broken> {
        let mut seen = Vec::new();
        for (_, t) in options {
            let to = self.resolve(t, s)?;
            if !seen.contains(&to) {
                self.edge(from, &to, None, None, None, s);
                seen.push(to);
            }
        }
        if let Some(n) = self.built.nodes.iter_mut().find(|n| n.id == from) {
            n.note = Some(note.to_owned());
            if n.kind == NodeKind::Decision {
                n.kind = NodeKind::Phase;
                n.duration = Some(ZERO);
            }
        }
        Ok(())
    }

    /// Chance edges, with Synthea's engine semantics: the options are tried in order against
    /// one draw, so figures past a total of 1 are never reached and what they leave short of 1
    /// goes to the last option.
    pub(super) fn chances(
        &mut self,
        from: &str,
        options: &[(Chance, String)],
        s: &'m State,
        note: Option<String>,
    ) -> Result<(), Broken> {
        let fixed: Option<Vec<f64>> =
            options.iter().map(|(c, _)| if let Chance::Fixed(p) = c { Some(*p) } else { None }).collect();
        let mut targets = Vec::new();
        for (_, t) in options {
            targets.push(
                self.resolve(self.module.states.get_key_value(t.as_str()).map_or(t.as_str(), |(k, _)| k.as_str()), s)?,
            );
        }
        let Some(figures) = fixed else {
            let attributes: Vec<String> = options
                .iter()
                .filter_map(|(c, _)| match c {
                    Chance::Attribute { attribute, default } => Some(match default {
                        Some(d) => format!("`{attribute}` (default {d})"),
                        None => format!("`{attribute}`"),
                    }),
                    Chance::Fixed(_) => None,
                })
                .collect();
            if let Some(n) = self.built.nodes.iter_mut().find(|n| n.id == from) {
                n.note = Some(format!("interpretation: the chances of the ways on are read at simulation time from {}; no figure is given", attributes.join(", ")));
            }
            self.line(
                LineKind::Approximated,
                &s.name,
                format!("chances read from {}: no figures", attributes.join(", ")),
            );
            let mut seen = Vec::new();
            for to in targets {
                if !seen.contains(&to) {
                    self.edge(from, &to, None, None, None, s);
                    seen.push(to);
                }
            }
            return Ok(());
        };
        let total: f64 = figures.iter().sum();
        let mut before = 0.0_f64;
        let mut effective = Vec::with_capacity(figures.len());
        for p in &figures {
            let p = p.max(0.0);
            effective.push((before + p).min(1.0) - before.min(1.0));
            before += p;
        }
        let n = effective.len();
        if n > 0 && (total - 1.0).abs() > 1e-9 {
            let last = clean(options.last().map_or("", |(_, t)| t.as_str()));
            if total < 1.0 {
                effective[n - 1] += 1.0 - total;
                self.line(
                    LineKind::Finding,
                    &s.name,
                    format!(
                        "its chances add up to {}: Synthea's engine gives the missing {} to the last option, “{last}”",
                        tidy(total),
                        tidy(1.0 - total)
                    ),
                );
            } else {
                self.line(LineKind::Finding, &s.name, format!("its chances add up to {}: Synthea's engine never reaches past 1, so in order its options get {}", tidy(total), effective.iter().map(|p| tidy(*p).to_string()).collect::<Vec<_>>().join(", ")));
            }
        }
        for (i, to) in targets.iter().enumerate() {
            let edge_note = if (effective[i] - figures[i]).abs() > 1e-12 {
                Some(format!("interpretation: the module gives {}; Synthea's engine makes it {} (its options are tried in order against one draw)", tidy(figures[i]), tidy(effective[i])))
            } else {
                note.clone()
            };
            self.edge(from, to, None, Some(tidy(effective[i])), edge_note, s);
        }
        Ok(())
    }

    /// A decision with first-match order: option k holds when its condition does and no
    /// earlier one's does; the last option is `else` (Synthea's engine gives it every patient
    /// no condition matched). Options whose chances split go through a chance step.
    pub(super) fn decision(
        &mut self,
        from: &str,
        is_decision: bool,
        options: &[ComplexOption],
        s: &'m State,
    ) -> Result<(), Broken> {
        let decision = if is_decision {
            from.to_owned()
        } else {
            let id = self.unique.take(&format!("{from}_which_way"));
            let label = format!("{}: which way", Self::label(s));
            let i = self.node(id.clone(), NodeKind::Decision, label, s);
            self.built.nodes[i].note =
                Some("interpretation: the conditions of the module's transition, as a decision after the step".into());
            self.edge(from, &id, None, None, None, s);
            id
        };
        let mut earlier: Vec<Cond> = Vec::new();
        let mut ways = 0;
        for (k, (condition, chances)) in options.iter().enumerate() {
            let own = match condition {
                Some(c) => self.built.factors.translate(c, &s.name),
                None => Cond::Always,
            };
            let last = k + 1 == options.len();
            let mut parts = vec![own.clone()];
            parts.extend(earlier.iter().cloned().map(Cond::not));
            let first_match = Cond::and(parts);
            let taken = !matches!(first_match, Cond::Never);
            if !taken && !last {
                self.line(
                    LineKind::Finding,
                    &s.name,
                    format!("option {} is never taken: the options before it take every patient it would", k + 1),
                );
                earlier.push(own);
                continue;
            }
            let when = if last || own == Cond::Always { "else".to_owned() } else { expr(&first_match) };
            let strict = match &own {
                Cond::Expr(e, _) => Some(e.clone()),
                Cond::Always => Some("else".to_owned()),
                Cond::Never => None,
            };
            if last && condition.is_some() && own != Cond::Always {
                self.line(LineKind::Finding, &s.name, format!("its last option has a condition (`{}`) that not every remaining patient meets: Synthea's engine gives the others this option anyway", strict.clone().unwrap_or_default()));
            }
            let target = if chances.is_empty() {
                self.line(
                    LineKind::Finding,
                    &s.name,
                    format!(
                        "option {} has no distributions: Synthea's engine has no state to go to; an exit added",
                        k + 1
                    ),
                );
                let id = self.unique.take(&format!("{decision}_stops_{}", k + 1));
                let i = self.node(id.clone(), NodeKind::Outcome, format!("{} (module stops)", Self::label(s)), s);
                self.built.nodes[i].outcome = Some(crate::model::OutcomeCategory::Exit);
                id
            } else if chances.len() == 1 {
                self.resolve(&chances[0].1, s)?
            } else {
                let id = self.unique.take(&format!("{decision}_chance_{}", k + 1));
                let label = format!("{}: chance {}", Self::label(s), k + 1);
                let i = self.node(id.clone(), NodeKind::Phase, label, s);
                self.built.nodes[i].duration = Some(ZERO);
                self.built.nodes[i].note = Some(
                    "interpretation: the chances of one option of the module's complex transition, a step of no length"
                        .into(),
                );
                self.chances(&id, chances, s, None)?;
                id
            };
            self.edge(&decision, &target, Some(when), None, None, s);
            if let Some(slot) = self.built.strict.last_mut() {
                *slot = strict;
            }
            ways += 1;
            earlier.push(own.clone());
            if own == Cond::Always && !last {
                self.line(
                    LineKind::Finding,
                    &s.name,
                    format!(
                        "option {} has no condition, so the {} after it are never taken",
                        k + 1,
                        options.len() - k - 1
                    ),
                );
                break;
            }
        }
        if ways < 2 {
            self.line(LineKind::Finding, &s.name, "its conditions leave only one way on");
        }
        Ok(())
    }
}

/// The attributes the conditions of a condition list test.
pub(super) fn attributes_tested(options: &[(Option<Value>, String)]) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for c in options.iter().filter_map(|(c, _)| c.as_ref()) {
        super::super::conditions::tested_attributes(c, &mut out);
    }
    out
}

fn expr(c: &Cond) -> String {
    match c {
        Cond::Expr(e, _) => e.clone(),
        Cond::Always => "else".into(),
        Cond::Never => String::new(),
    }
}
