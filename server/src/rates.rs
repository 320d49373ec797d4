//! How fast one account may write: a token bucket per user for mutations
//! and one for their bytes. The bursts hold a week of one person's work done
//! offline (sent at once when the browser is back online); past them, an
//! account gets a steady rate no person typing reaches, so one account —
//! a script, a stolen session — cannot fill the disk. Kept in memory: a
//! restart refills every bucket, which only helps legitimate users.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The buckets' sizes and refill rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// Mutations at once, and how many come back per second.
    pub mutations_burst: f64,
    pub mutations_per_second: f64,
    /// Bytes of mutation values (about their JSON size) at once, and per
    /// second.
    pub bytes_burst: f64,
    pub bytes_per_second: f64,
}

impl Default for RateLimits {
    /// A week offline of a busy clerk is about 2,500 edits and a few MB:
    /// 5,000 mutations and 32 MiB go through at once; then 1,800 mutations
    /// and 4 MiB an hour.
    fn default() -> Self {
        Self {
            mutations_burst: 5_000.0,
            mutations_per_second: 0.5,
            bytes_burst: 32.0 * 1024.0 * 1024.0,
            bytes_per_second: 4.0 * 1024.0 * 1024.0 / 3600.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    mutations: f64,
    bytes: f64,
    at: Instant,
}

/// The buckets of every user who pushed since the server started.
#[derive(Debug)]
pub struct Rates {
    limits: RateLimits,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

/// What a push may take now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The first `count` mutations (taken from the buckets).
    Take(usize),
    /// None: come back after this long.
    Wait(Duration),
}

impl Rates {
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn buckets(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Bucket>> {
        // Counters only: a panic elsewhere cannot leave them inconsistent.
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes from `user`'s buckets as many of the mutations (of these
    /// weights, in order) as they hold, at least one mutation however
    /// heavy when the buckets are full; at once, so simultaneous pushes
    /// cannot take more than the buckets hold.
    pub fn admit(&self, user: i64, weights: &[usize], now: Instant) -> Admission {
        let limits = self.limits;
        let mut buckets = self.buckets();
        let bucket = buckets.entry(user).or_insert(Bucket {
            mutations: limits.mutations_burst,
            bytes: limits.bytes_burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.mutations =
            (bucket.mutations + elapsed * limits.mutations_per_second).min(limits.mutations_burst);
        bucket.bytes = (bucket.bytes + elapsed * limits.bytes_per_second).min(limits.bytes_burst);
        bucket.at = now;
        let full = bucket.bytes >= limits.bytes_burst;
        let mut count = 0;
        let (mut mutations, mut bytes) = (0.0, 0.0);
        for weight in weights {
            let weight = *weight as f64;
            let heavy_but_first = count == 0 && full;
            if mutations + 1.0 > bucket.mutations
                || (bytes + weight > bucket.bytes && !heavy_but_first)
            {
                break;
            }
            mutations += 1.0;
            bytes += weight;
            count += 1;
        }
        if count == 0 {
            let first = weights.first().copied().unwrap_or(0) as f64;
            let need_mutations = (1.0 - bucket.mutations).max(0.0) / limits.mutations_per_second;
            let need_bytes =
                (first.min(limits.bytes_burst) - bucket.bytes).max(0.0) / limits.bytes_per_second;
            return Admission::Wait(Duration::from_secs_f64(
                need_mutations.max(need_bytes).max(1.0).ceil(),
            ));
        }
        bucket.mutations -= mutations;
        bucket.bytes = (bucket.bytes - bytes).max(0.0);
        Admission::Take(count)
    }

    /// Gives back what mutations taken but not written cost (retries the
    /// server had answered before, mutations left for the next push).
    pub fn refund(&self, user: i64, mutations: usize, bytes: usize) {
        let limits = self.limits;
        if let Some(bucket) = self.buckets().get_mut(&user) {
            bucket.mutations = (bucket.mutations + mutations as f64).min(limits.mutations_burst);
            bucket.bytes = (bucket.bytes + bytes as f64).min(limits.bytes_burst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> RateLimits {
        RateLimits {
            mutations_burst: 10.0,
            mutations_per_second: 1.0,
            bytes_burst: 1_000.0,
            bytes_per_second: 100.0,
        }
    }

    #[test]
    fn a_burst_goes_through_then_the_rate_holds_and_says_how_long_to_wait() {
        let rates = Rates::new(small());
        let start = Instant::now();
        assert_eq!(rates.admit(1, &[10; 6], start), Admission::Take(6));
        // Four left of the mutations.
        assert_eq!(rates.admit(1, &[10; 6], start), Admission::Take(4));
        assert_eq!(
            rates.admit(1, &[10], start),
            Admission::Wait(Duration::from_secs(1))
        );
        // Another user has a bucket of their own.
        assert_eq!(rates.admit(2, &[10], start), Admission::Take(1));
        // Three seconds later, three more.
        let later = start + Duration::from_secs(3);
        assert_eq!(rates.admit(1, &[10; 6], later), Admission::Take(3));
    }

    #[test]
    fn bytes_are_counted_too_and_one_heavy_mutation_passes_on_a_full_bucket() {
        let rates = Rates::new(small());
        let now = Instant::now();
        assert_eq!(rates.admit(1, &[400, 400, 400], now), Admission::Take(2));
        // 200 bytes left: a 400-byte mutation waits two seconds.
        assert_eq!(
            rates.admit(1, &[400], now),
            Admission::Wait(Duration::from_secs(2))
        );
        // Heavier than the whole bucket: it still goes, alone, when full.
        let rates = Rates::new(small());
        assert_eq!(rates.admit(1, &[5_000, 1], now), Admission::Take(1));
        assert!(matches!(rates.admit(1, &[1], now), Admission::Wait(_)));
    }

    #[test]
    fn refunds_come_back_but_never_past_the_burst() {
        let rates = Rates::new(small());
        let now = Instant::now();
        assert_eq!(rates.admit(1, &[1; 10], now), Admission::Take(10));
        rates.refund(1, 4, 4);
        assert_eq!(rates.admit(1, &[1; 10], now), Admission::Take(4));
        rates.refund(1, 1_000, 1_000_000);
        assert_eq!(rates.admit(1, &[1; 20], now), Admission::Take(10));
    }
}
