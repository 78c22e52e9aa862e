//! A small seeded random number generator of our own (PCG-XSH-RR 32), so that the same seed
//! gives the same weights and the same mini-batch order natively, in wasm, on every machine.
//!
//! It uses only integer arithmetic; floats are made from the top 24 bits, which every f32 can
//! hold exactly. No `rand`, no `getrandom`: nothing depends on the platform's entropy.

/// PCG-XSH-RR with 64-bit state and 32-bit output (O'Neill, 2014).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    increment: u64,
}

const MULTIPLIER: u64 = 6364136223846793005;

impl Rng {
    /// A generator for `seed`; `stream` picks one of 2^63 independent sequences, so that the
    /// weights and the batch order of one seed do not share numbers.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Rng { state: 0, increment: (stream << 1) | 1 };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.increment);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Uniform in [0, 1), a multiple of 2^-24.
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform in [low, high).
    pub fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.next_f32()
    }

    /// Uniform integer in [0, n), without modulo bias (Lemire's method). `n` must be > 0.
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u64::from(self.next_u32()) * u64::from(n);
            if (product as u32) >= threshold {
                return (product >> 32) as u32;
            }
        }
    }

    /// Fisher-Yates shuffle in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below((i + 1) as u32) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_streams_differ() {
        let a: Vec<u32> = (0..8)
            .map({
                let mut r = Rng::new(42, 1);
                move |_| r.next_u32()
            })
            .collect();
        let b: Vec<u32> = (0..8)
            .map({
                let mut r = Rng::new(42, 1);
                move |_| r.next_u32()
            })
            .collect();
        let c: Vec<u32> = (0..8)
            .map({
                let mut r = Rng::new(42, 2);
                move |_| r.next_u32()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn floats_stay_in_range_and_cover_it() {
        let mut r = Rng::new(7, 0);
        let xs: Vec<f32> = (0..10_000).map(|_| r.uniform(-0.5, 0.5)).collect();
        assert!(xs.iter().all(|&x| (-0.5..0.5).contains(&x)));
        let mean = xs.iter().sum::<f32>() / xs.len() as f32;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!(xs.iter().any(|&x| x < -0.45) && xs.iter().any(|&x| x > 0.45));
    }

    #[test]
    fn below_is_in_range_and_shuffle_is_a_permutation() {
        let mut r = Rng::new(3, 0);
        assert!((0..1000).all(|_| r.below(7) < 7));
        let mut v: Vec<u32> = (0..100).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
