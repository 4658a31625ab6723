//! Writes a synthetic pathway to standard output, for benchmarks and comparisons.
//!
//! Usage: `cargo run --release --example synth -- SHAPE SIZE [SEED] [--lines]`
//! where SHAPE is `layered` (SIZE = depth, width 2), `random`, `loops`, `chain` or
//! `bare-chain` (SIZE = nodes). Pretty JSON as carepath writes files, except with `--lines`
//! and for `bare-chain`: one node or edge per line (`synth::to_json_lines`), as a generator
//! script writes big files (a 100,000-node bare chain: 9.8 MB; `chain`: 23 MB, 37 MB pretty).

fn main() {
    let (flags, args): (Vec<String>, Vec<String>) = std::env::args().skip(1).partition(|a| a.starts_with("--"));
    let usage = "usage: synth layered|random|loops|chain|bare-chain SIZE [SEED] [--lines]";
    let (Some(shape), Some(size), true) =
        (args.first(), args.get(1).and_then(|s| s.parse::<usize>().ok()), flags.iter().all(|f| f == "--lines"))
    else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let pathway = match shape.as_str() {
        "layered" => carepath::synth::layered(2, size),
        "random" => carepath::synth::random_dag(size, seed),
        "loops" => carepath::synth::with_relapse_loops(size, seed, 7),
        "chain" => carepath::synth::chain(size),
        "bare-chain" => carepath::synth::bare_chain(size),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let lines = !flags.is_empty() || shape == "bare-chain";
    let text = if lines { carepath::synth::to_json_lines(&pathway) } else { carepath::synth::to_json(&pathway) };
    match text {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot serialise the pathway: {e}");
            std::process::exit(2);
        }
    }
}
