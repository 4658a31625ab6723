//! Writes a synthetic pathway to standard output, for benchmarks and comparisons.
//!
//! Usage: `cargo run --release --example synth -- SHAPE SIZE [SEED]`
//! where SHAPE is `layered` (SIZE = depth, width 2), `random`, `loops` or `chain` (SIZE = nodes).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: synth layered|random|loops|chain SIZE [SEED]";
    let (Some(shape), Some(size)) = (args.first(), args.get(1).and_then(|s| s.parse::<usize>().ok())) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let pathway = match shape.as_str() {
        "layered" => carepath::synth::layered(2, size),
        "random" => carepath::synth::random_dag(size, seed),
        "loops" => carepath::synth::with_relapse_loops(size, seed, 7),
        "chain" => carepath::synth::chain(size),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    match carepath::synth::to_json(&pathway) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot serialise the pathway: {e}");
            std::process::exit(2);
        }
    }
}
