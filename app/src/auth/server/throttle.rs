//! Password-guess throttling (sign-in and the current-password check of a
//! password change): attempts are counted per account and per client address
//! over a sliding window *when they are admitted*, before their hash is
//! checked, so a burst of simultaneous guesses cannot slip past the limit
//! while the first ones are still hashing. A correct password takes its
//! attempt back. Past the limit, attempts are refused until the oldest one
//! leaves the window. Kept in memory: a restart forgets the counts, which
//! only helps the legitimate user.

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

/// An attempt that was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// How long until an attempt is admitted again.
    pub wait: Duration,
    /// The address's limit was hit (else the account's).
    pub by_address: bool,
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

    /// Admits an attempt and counts it at once against the account and the
    /// address; or refuses it with how long to wait and which limit it hit.
    pub fn admit(&mut self, account: &str, address: &str, now: Instant) -> Result<(), Refusal> {
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
        match (wait_account, wait_address) {
            (None, None) => {}
            (account_wait, address_wait) => {
                let by_address = address_wait > account_wait;
                return Err(Refusal {
                    wait: account_wait.max(address_wait).unwrap_or_default(),
                    by_address,
                });
            }
        }
        if self.accounts.len() + self.addresses.len() > MAX_KEYS {
            self.prune(now);
        }
        for (map, key) in [
            (&mut self.accounts, account),
            (&mut self.addresses, address),
        ] {
            let attempts = map.entry(key.to_owned()).or_default();
            forget_old(attempts, window, now);
            attempts.push_back(now);
        }
        Ok(())
    }

    /// A correct password clears the account's count and takes back its own
    /// attempt from the address (the address keeps its failures: one good
    /// password must not unlock guessing at every other account).
    pub fn record_success(&mut self, account: &str, address: &str, admitted_at: Instant) {
        self.accounts.remove(account);
        if let Some(attempts) = self.addresses.get_mut(address)
            && let Some(position) = attempts.iter().rposition(|at| *at == admitted_at)
        {
            attempts.remove(position);
        }
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
        if self.addresses.len() > MAX_KEYS {
            // A flood from more addresses than that: forget them too, so
            // memory stays bounded whatever comes.
            self.addresses.clear();
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
            assert!(throttle.admit("an", "10.0.0.1", now).is_ok());
        }
        let now = start + Duration::from_secs(10);
        assert_eq!(
            throttle.admit("an", "10.0.0.1", now),
            Err(Refusal {
                wait: Duration::from_secs(50),
                by_address: false
            })
        );
        // Another account from the same address is still allowed.
        assert!(throttle.admit("binh", "10.0.0.1", now).is_ok());
        // The oldest attempt leaves the window after 60 s.
        assert!(
            throttle
                .admit("an", "10.0.0.1", start + Duration::from_secs(60))
                .is_ok()
        );
    }

    #[test]
    fn attempts_count_when_admitted_so_a_burst_gets_no_more_than_the_limit() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        // Thirty attempts arrive before any of them has been checked.
        let admitted = (0..30)
            .filter(|_| throttle.admit("an", "10.0.0.1", now).is_ok())
            .count();
        assert_eq!(admitted, 3);
    }

    #[test]
    fn an_address_is_locked_after_attempts_on_many_accounts() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for name in ["a1", "a2", "a3", "a4", "a5"] {
            assert!(throttle.admit(name, "10.0.0.9", now).is_ok());
        }
        let refusal = throttle.admit("a6", "10.0.0.9", now).unwrap_err();
        assert!(refusal.by_address);
        assert!(throttle.admit("a6", "10.0.0.10", now).is_ok());
    }

    #[test]
    fn success_clears_the_account_and_takes_back_only_its_own_attempt() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for _ in 0..2 {
            throttle.admit("an", "10.0.0.1", now).unwrap();
        }
        let good = now + Duration::from_secs(1);
        throttle.admit("an", "10.0.0.1", good).unwrap();
        throttle.record_success("an", "10.0.0.1", good);
        for _ in 0..2 {
            throttle.admit("an", "10.0.0.1", now).unwrap();
        }
        // The two failures before the success still count for the address:
        // with the two after, one more reaches its limit of five.
        throttle.admit("an", "10.0.0.1", now).unwrap();
        assert!(throttle.admit("other", "10.0.0.1", now).is_err());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
        let now = Instant::now();
        for index in 0..(MAX_KEYS + 10) {
            let _ = throttle.admit(&format!("name{index}"), &format!("ip{index}"), now);
        }
        assert!(throttle.accounts.len() + throttle.addresses.len() <= MAX_KEYS + 10);
    }
}
