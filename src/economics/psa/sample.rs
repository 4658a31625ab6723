//! Seeded random draws for `carepath psa`, bit-identical on every machine and thread count.
//!
//! Sample `i` of a run with seed `s` draws from its own generator, xoshiro256++ seeded by
//! SplitMix64 from `s` and `i` ([`Rng::for_sample`]): no draw depends on which thread runs the
//! sample or on what other samples drew. The arithmetic is IEEE 754 (`+ − × ÷` and `sqrt` are
//! correctly rounded everywhere) and every logarithm, exponential and power is `libm`'s (a port
//! of musl's), not the platform's. The methods: uniform draws from the top 53 bits; the normal
//! by Marsaglia's polar method; the gamma by Marsaglia and Tsang (2000), with U^(1/k) for a
//! shape k below 1; the beta as X / (X + Y) of two gammas; a Dirichlet set as gammas
//! normalised by their sum; the lognormal as exp of a normal.

use crate::model::Resolved;

/// xoshiro256++ (Blackman and Vigna), one per sample.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

/// SplitMix64's step: the next state and its output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The generator of sample `index` of a run seeded `seed`.
    pub fn for_sample(seed: u64, index: u64) -> Rng {
        let mut mix = index;
        let mut state = seed ^ splitmix64(&mut mix);
        let s = [splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state)];
        Rng { s }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on the open interval (0, 1): never 0, so its logarithm is finite.
    pub fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Marsaglia's polar method).
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.open01() - 1.0;
            let v = 2.0 * self.open01() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * libm::log(s) / s).sqrt();
            }
        }
    }

    /// Gamma with shape `k` > 0 and scale 1 (Marsaglia and Tsang).
    pub fn gamma(&mut self, k: f64) -> f64 {
        if k < 1.0 {
            let u = self.open01();
            return self.gamma(k + 1.0) * libm::pow(u, 1.0 / k);
        }
        let d = k - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open01();
            if u < 1.0 - 0.0331 * x * x * x * x || libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v)) {
                return d * v;
            }
        }
    }

    /// One draw of `d` (for a Dirichlet branch: its gamma, to be normalised by the caller).
    pub fn draw(&mut self, d: &Resolved) -> f64 {
        match *d {
            Resolved::Beta { alpha, beta } => {
                let x = self.gamma(alpha);
                let y = self.gamma(beta);
                x / (x + y)
            }
            Resolved::Dirichlet { alpha } => self.gamma(alpha),
            Resolved::Gamma { shape, scale } => self.gamma(shape) * scale,
            Resolved::Lognormal { meanlog, sdlog } => libm::exp(meanlog + sdlog * self.normal()),
            Resolved::Uniform { low, high } => low + (high - low) * self.open01(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mean and variance of `n` draws of `d` from sample generators 0..n.
    fn moments(d: Resolved, n: u64) -> (f64, f64) {
        let xs: Vec<f64> = (0..n).map(|i| Rng::for_sample(7, i).draw(&d)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        (mean, var)
    }

    #[test]
    fn draws_have_the_distributions_moments_within_four_standard_errors() {
        let n = 40_000;
        let cases = [
            (Resolved::Beta { alpha: 8.0, beta: 2.0 }, 0.8, 8.0 * 2.0 / (100.0 * 11.0)),
            (Resolved::Beta { alpha: 0.5, beta: 0.5 }, 0.5, 0.25 / 2.0),
            (Resolved::Gamma { shape: 4.0, scale: 0.5 }, 2.0, 4.0 * 0.25),
            (Resolved::Gamma { shape: 0.3, scale: 2.0 }, 0.6, 0.3 * 4.0),
            (Resolved::Uniform { low: 0.2, high: 0.6 }, 0.4, 0.16 / 12.0),
            (
                Resolved::Lognormal { meanlog: 0.0, sdlog: 0.25 },
                libm::exp(0.03125),
                (libm::exp(0.0625) - 1.0) * libm::exp(0.0625),
            ),
        ];
        for (d, mean, var) in cases {
            let (m, v) = moments(d, n);
            let se = (var / n as f64).sqrt();
            assert!((m - mean).abs() < 4.0 * se, "{d:?}: mean {m}, want {mean} ± {}", 4.0 * se);
            assert!((v - var).abs() / var < 0.05, "{d:?}: variance {v}, want {var}");
        }
    }

    const PINNED_BITS: u64 = 5_226_295_891_941_712_017;
    const PINNED_BETA: u64 = 4_598_133_103_332_936_596;

    #[test]
    fn the_generators_give_their_reference_outputs() {
        // SplitMix64 from state 0 (Vigna's splitmix64.c): 0xE220A8397B1DCDAF.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        // xoshiro256++ from state [1, 2, 3, 4]: rotl(1 + 4, 23) + 1.
        let mut rng = Rng { s: [1, 2, 3, 4] };
        assert_eq!(rng.next_u64(), (5u64 << 23) + 1);
    }

    #[test]
    fn a_sample_draws_the_same_bits_whoever_runs_it() {
        let d = Resolved::Beta { alpha: 3.0, beta: 5.0 };
        let a: Vec<u64> = (0..100).map(|i| Rng::for_sample(42, i).draw(&d).to_bits()).collect();
        let b: Vec<u64> = (0..100).rev().map(|i| Rng::for_sample(42, i).draw(&d).to_bits()).collect();
        assert_eq!(a, b.into_iter().rev().collect::<Vec<_>>());
        assert_ne!(Rng::for_sample(42, 0).next_u64(), Rng::for_sample(43, 0).next_u64());
        assert_ne!(Rng::for_sample(42, 0).next_u64(), Rng::for_sample(42, 1).next_u64());
        // Pinned: the first bits and draws of seed 1, sample 0, so that a change of method shows.
        let mut rng = Rng::for_sample(1, 0);
        assert_eq!(rng.next_u64(), PINNED_BITS);
        assert_eq!(Rng::for_sample(1, 0).draw(&d).to_bits(), PINNED_BETA);
    }
}
