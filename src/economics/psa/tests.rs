//! Tests of `carepath psa` against answers worked out here by other means: analytic means and
//! quadrature, the outcome engine at the same figures, and the same run on one and two threads.

use super::*;
use crate::condition::PathwayConditions;
use crate::model::Probability;

fn load(name: &str) -> PathwayFile {
    let path = format!("{}/tests/fixtures/economics/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    crate::load::load_text(crate::source::SourceText::new(&path, &text)).map_err(|d| d.message).unwrap().pathway
}

fn run(pathway: &PathwayFile, samples: usize, seed: u64) -> Result<Psa, PsaError> {
    psa(pathway, &PathwayConditions::new(pathway), &Profile::default(), BaseRule::File, samples, seed)
}

fn summary_of<'a>(psa: &'a Psa, pathway: &PathwayFile, key: &str) -> &'a Summary {
    psa.groups[0].summaries.iter().find(|s| s.quantity.key(pathway) == key).unwrap()
}

/// |mean − want| within three standard errors of the mean.
fn within_three_se(s: &Summary, samples: usize, want: f64) {
    let se = s.sd / (samples as f64).sqrt();
    assert!(
        (s.mean - want).abs() < 3.0 * se,
        "{:?}: mean {} vs analytic {want} (3 SE = {})",
        s.quantity,
        s.mean,
        3.0 * se
    );
}

#[test]
fn a_two_branch_tree_gives_the_beta_mean_and_the_gamma_mean() {
    let pathway = load("psa/two-branch.json");
    let n = 20_000;
    let psa = run(&pathway, n, 11).unwrap();
    // Beta(4, 6): mean 4 / 10. Gamma(9, 1/3): mean 3 months, the treatment taken once.
    within_three_se(summary_of(&psa, &pathway, "ending:cured"), n, 0.4);
    within_three_se(summary_of(&psa, &pathway, "ending:not_cured"), n, 0.6);
    within_three_se(summary_of(&psa, &pathway, "months"), n, 9.0 / 3.0);
    // The two branches add up to 1 in every sample.
    let g = &psa.groups[0];
    let (cured, not) = (&g.samples[0], &g.samples[1]);
    assert!(cured.iter().zip(not).all(|(a, b)| (a + b - 1.0).abs() < 1e-12));
    let keys: Vec<String> = g.summaries.iter().map(|s| s.quantity.key(&pathway)).collect();
    assert_eq!(keys, ["ending:cured", "ending:not_cured", "months"]);
}

/// ∫∫ f(p, q) over p ~ U(0.6, 0.9), q ~ Beta(5, 5), by the midpoint rule on a 600 × 600 grid.
fn expect_loop(f: impl Fn(f64, f64) -> f64) -> f64 {
    let k = 600;
    // Beta(5, 5) density: q⁴ (1 − q)⁴ / B(5, 5), B(5, 5) = 4! 4! / 9! = 1 / 630.
    let density = |q: f64| 630.0 * q.powi(4) * (1.0 - q).powi(4);
    let mut total = 0.0;
    for i in 0..k {
        let p = 0.6 + 0.3 * (i as f64 + 0.5) / k as f64;
        for j in 0..k {
            let q = (j as f64 + 0.5) / k as f64;
            total += f(p, q) * density(q) / (k * k) as f64;
        }
    }
    total
}

#[test]
fn a_relapse_loop_gives_the_means_worked_out_by_quadrature() {
    let pathway = load("psa/relapse-loop.json");
    let n = 20_000;
    let psa = run(&pathway, n, 5).unwrap();
    // Remission with chance p, then cured with q or back to induction: cured p q / (1 − p (1 − q)).
    within_three_se(summary_of(&psa, &pathway, "ending:cured"), n, expect_loop(|p, q| p * q / (1.0 - p * (1.0 - q))));
    // Induction once per pass: 1 / (1 − p (1 − q)) months.
    within_three_se(summary_of(&psa, &pathway, "months"), n, expect_loop(|p, q| 1.0 / (1.0 - p * (1.0 - q))));
    // Relapse at least once: the first pass goes remission → relapse, p (1 − q); mean 0.75 × 0.5.
    within_three_se(summary_of(&psa, &pathway, "passing:relapse"), n, 0.375);
    within_three_se(summary_of(&psa, &pathway, "passing:remission"), n, 0.75);
}

#[test]
fn each_sample_is_what_the_outcome_engine_gives_at_its_figures() {
    let pathway = load("psa/relapse-loop.json");
    let psa = run(&pathway, 20, 3).unwrap();
    let flow_nodes = |id: &str| pathway.nodes.iter().position(|n| n.id == id).unwrap();
    for i in 0..20 {
        let mut exact = pathway.clone();
        for (f, figure) in psa.figures.iter().enumerate() {
            if let ParameterKind::Probability { edge } = figure.parameter.kind {
                exact.edges[edge].probability = Some(Probability::exact(psa.values[f][i]).into());
            }
        }
        let flow = PathwayGraph::new(&exact);
        for (q, key, node) in [(1, "ending:cured", "cured"), (3, "passing:relapse", "relapse")] {
            let want = crate::outcomes::reach_chance(&flow, &|_| None, &[flow_nodes(node)]).unwrap();
            let got = psa.groups[0].samples[q][i];
            assert_eq!(psa.groups[0].summaries[q].quantity.key(&pathway), key);
            assert!(
                (got - want.low).abs() < 1e-9 && (want.high - want.low).abs() < 1e-12,
                "sample {i} {key}: {got} vs {want:?}"
            );
        }
    }
}

#[test]
fn one_thread_and_two_give_the_same_bits() {
    let pathway = load("psa/relapse-loop.json");
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| run(&pathway, 5_000, 42).unwrap())
    };
    let (one, two) = (on(1), on(2));
    let bits = |p: &Psa| -> Vec<u64> {
        p.groups[0].samples.iter().flatten().chain(p.values.iter().flatten()).map(|x| x.to_bits()).collect()
    };
    assert_eq!(bits(&one), bits(&two));
    assert_eq!(one, two);
    assert_ne!(bits(&one), bits(&on_seed(&pathway, 43)));
}

fn on_seed(pathway: &PathwayFile, seed: u64) -> Psa {
    run(pathway, 5_000, seed).unwrap()
}

#[test]
fn without_a_distribution_or_with_an_undrawn_range_it_says_what_to_add() {
    let plain = load("two-branch.json");
    assert!(matches!(run(&plain, 10, 1), Err(PsaError::NothingDrawn)));
    let err = run(&plain, 1, 1).unwrap_err().to_string();
    assert_eq!(err, "--samples 1 is not between 2 and 10,000,000");
    // A drawn branch beside two others, one without a base: their proportions are unknown.
    let mut three = load("three-branch.json");
    let with: Vec<usize> = (0..three.edges.len()).filter(|&e| three.edges[e].probability.is_some()).collect();
    let mut drawn = three.edges[with[0]].probability.as_deref().copied().unwrap();
    drawn.distribution = Some(crate::model::Distribution::Uniform {});
    three.edges[with[0]].probability = Some(drawn.into());
    assert!(run(&three, 10, 1).is_ok());
    let mut none = three.edges[with[2]].probability.as_deref().copied().unwrap();
    none.base = None;
    three.edges[with[2]].probability = Some(none.into());
    let err = run(&three, 10, 1).unwrap_err().to_string();
    assert!(err.starts_with("this figure has a range but no base value: p.treatment.none;"), "{err}");
    assert!(run_midpoint(&three).is_ok());
}

fn run_midpoint(pathway: &PathwayFile) -> Result<Psa, PsaError> {
    psa(pathway, &PathwayConditions::new(pathway), &Profile::default(), BaseRule::Midpoint, 10, 1)
}

#[test]
fn percentiles_interpolate_between_order_statistics() {
    let xs: Vec<f64> = (1..=5).map(f64::from).collect();
    let s = summary(Quantity::Months, &xs);
    // Type 7: h = (n − 1) p; 2.5% → 1 + 0.1 × 1, 97.5% → 4 + 0.9 × 1.
    assert_eq!((s.mean, s.median), (3.0, 3.0));
    assert!((s.p025 - 1.1).abs() < 1e-12 && (s.p975 - 4.9).abs() < 1e-12, "{s:?}");
    assert!((s.sd - 2.5f64.sqrt()).abs() < 1e-12);
}
