//! Login throttling: failed sign-ins are counted per account and per client
//! address over a sliding window; past the limit, further attempts are
//! refused until the oldest failure leaves the window. Kept in memory: a
//! restart forgets the counts, which only helps the legitimate user.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The limits. Per address is higher: an office shares one address behind NAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub per_account: usize,
    pub per_address: usize,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 20,
        }
    }
}

/// Most keys remembered; beyond this the oldest-looking entries are dropped
/// first when pruning, so a flood of made-up names cannot exhaust memory.
const MAX_KEYS: usize = 50_000;

#[derive(Debug, Default)]
pub struct LoginThrottle {
    policy: ThrottlePolicy,
    accounts: HashMap<String, VecDeque<Instant>>,
    addresses: HashMap<String, VecDeque<Instant>>,
}

impl LoginThrottle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// `Ok` if an attempt may be made now; otherwise how long to wait.
    pub fn check(&mut self, account: &str, address: &str, now: Instant) -> Result<(), Duration> {
        let window = self.policy.window;
        let wait_account = wait(
            self.accounts.get_mut(account),
            self.policy.per_account,
            window,
            now,
        );
        let wait_address = wait(
            self.addresses.get_mut(address),
            self.policy.per_address,
            window,
            now,
        );
        match wait_account.max(wait_address) {
            Some(duration) => Err(duration),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt against the account and the address.
    pub fn record_failure(&mut self, account: &str, address: &str, now: Instant) {
        if self.accounts.len() + self.addresses.len() > MAX_KEYS {
            self.prune(now);
        }
        let window = self.policy.window;
        for (map, key) in [
            (&mut self.accounts, account),
            (&mut self.addresses, address),
        ] {
            let failures = map.entry(key.to_owned()).or_default();
            forget_old(failures, window, now);
            failures.push_back(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the address's:
    /// one good password must not unlock guessing at every other account).
    pub fn record_success(&mut self, account: &str) {
        self.accounts.remove(account);
    }

    fn prune(&mut self, now: Instant) {
        let window = self.policy.window;
        for map in [&mut self.accounts, &mut self.addresses] {
            map.retain(|_, failures| {
                forget_old(failures, window, now);
                !failures.is_empty()
            });
        }
        if self.accounts.len() + self.addresses.len() > MAX_KEYS {
            // Still full of live entries: forget the account counts (the
            // address limit keeps holding the flood back).
            self.accounts.clear();
        }
    }
}

fn forget_old(failures: &mut VecDeque<Instant>, window: Duration, now: Instant) {
    while failures
        .front()
        .is_some_and(|first| now.saturating_duration_since(*first) >= window)
    {
        failures.pop_front();
    }
}

fn wait(
    failures: Option<&mut VecDeque<Instant>>,
    limit: usize,
    window: Duration,
    now: Instant,
) -> Option<Duration> {
    let failures = failures?;
    forget_old(failures, window, now);
    if failures.len() < limit {
        return None;
    }
    // Blocked until enough failures age out to get back under the limit.
    let release = failures[failures.len() - limit];
    Some((release + window).saturating_duration_since(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            window: Duration::from_secs(60),
            per_account: 3,
            per_address: 5,
        }
    }

    #[test]
    fn an_account_is_locked_after_its_limit_and_released_by_the_window() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for second in 0..3 {
            let now = start + Duration::from_secs(second);
            assert!(throttle.check("an", "10.0.0.1", now).is_ok());
            throttle.record_failure("an", "10.0.0.1", now);
        }
        let now = start + Duration::from_secs(10);
        assert_eq!(
            throttle.check("an", "10.0.0.1", now),
            Err(Duration::from_secs(50))
        );
        // Another account from the same address is still allowed.
        assert!(throttle.check("binh", "10.0.0.1", now).is_ok());
        // The oldest failure leaves the window after 60 s.
        assert!(
            throttle
                .check("an", "10.0.0.1", start + Duration::from_secs(60))
                .is_ok()
        );
    }

    #[test]
    fn an_address_is_locked_after_failures_on_many_accounts() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for name in ["a1", "a2", "a3", "a4", "a5"] {
            assert!(throttle.check(name, "10.0.0.9", now).is_ok());
            throttle.record_failure(name, "10.0.0.9", now);
        }
        assert!(throttle.check("a6", "10.0.0.9", now).is_err());
        assert!(throttle.check("a6", "10.0.0.10", now).is_ok());
    }

    #[test]
    fn success_clears_the_account_but_not_the_address() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for _ in 0..2 {
            throttle.record_failure("an", "10.0.0.1", now);
        }
        throttle.record_success("an");
        for _ in 0..2 {
            throttle.record_failure("an", "10.0.0.1", now);
        }
        assert!(throttle.check("an", "10.0.0.1", now).is_ok());
        throttle.record_failure("an", "10.0.0.1", now);
        // Five failures from the address in all: the address is now locked.
        assert!(throttle.check("other", "10.0.0.1", now).is_err());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
        let now = Instant::now();
        for index in 0..(MAX_KEYS + 10) {
            throttle.record_failure(&format!("name{index}"), &format!("ip{}", index % 7), now);
        }
        assert!(throttle.accounts.len() + throttle.addresses.len() <= MAX_KEYS + 10);
    }
}
