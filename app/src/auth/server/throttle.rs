//! Password-guess throttling (sign-in and the current-password check of a
//! password change): guesses are counted per account and per client address
//! over a sliding window. A guess is let in only while the wrong ones in the
//! window and the ones still being checked stay under the limit, so a burst
//! of simultaneous guesses cannot slip past it while the first ones are
//! hashing; but only a *wrong* password counts once checked — a right one
//! takes its place back (and clears the account's count), and a guess kept
//! out only by checks still running is told to retry at once, not in 15
//! minutes (an office behind one address, one person with eight tabs).
//! Kept in memory: a restart forgets the counts, which only helps the
//! legitimate user.

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

/// A guess that was not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// How long until a guess is let in again.
    pub wait: Duration,
    /// The address's limit was hit (else the account's).
    pub by_address: bool,
    /// Only guesses still being checked stand in the way: a moment's wait
    /// may be enough (they may turn out right).
    pub checks_pending: bool,
}

/// How long a guess kept out only by checks in progress waits before
/// trying again.
pub const PENDING_WAIT: Duration = Duration::from_secs(1);

/// Most keys remembered; beyond this the oldest-looking entries are dropped
/// first when pruning, so a flood of made-up names cannot exhaust memory.
const MAX_KEYS: usize = 50_000;

/// The wrong guesses in the window and the guesses being checked.
#[derive(Debug, Default)]
struct Guesses {
    wrong: VecDeque<Instant>,
    checking: usize,
}

impl Guesses {
    fn forget_old(&mut self, window: Duration, now: Instant) {
        while self
            .wrong
            .front()
            .is_some_and(|first| now.saturating_duration_since(*first) >= window)
        {
            self.wrong.pop_front();
        }
    }

    fn is_empty(&self) -> bool {
        self.wrong.is_empty() && self.checking == 0
    }
}

#[derive(Debug, Default)]
pub struct LoginThrottle {
    policy: ThrottlePolicy,
    accounts: HashMap<String, Guesses>,
    addresses: HashMap<String, Guesses>,
}

impl LoginThrottle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// Lets a guess in and counts it at once, as being checked, against the
    /// account and the address; or refuses it with how long to wait and
    /// which limit it hit.
    pub fn admit(&mut self, account: &str, address: &str, now: Instant) -> Result<(), Refusal> {
        let window = self.policy.window;
        let on_account = refusal(
            self.accounts.get_mut(account),
            self.policy.per_account,
            window,
            now,
        );
        let on_address = refusal(
            self.addresses.get_mut(address),
            self.policy.per_address,
            window,
            now,
        );
        match (on_account, on_address) {
            (None, None) => {}
            (account_refusal, address_refusal) => {
                let by_address = address_refusal.map(|r| r.0) > account_refusal.map(|r| r.0);
                let (wait, pending) = if by_address {
                    address_refusal
                } else {
                    account_refusal
                }
                .unwrap_or_default();
                return Err(Refusal {
                    wait,
                    by_address,
                    checks_pending: pending,
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
            map.entry(key.to_owned()).or_default().checking += 1;
        }
        Ok(())
    }

    /// A guess let in turned out right: the account's count is cleared and
    /// the address's place taken back (the address keeps its wrong guesses:
    /// one good password must not unlock guessing at every other account).
    pub fn record_right(&mut self, account: &str, address: &str) {
        self.accounts.remove(account);
        if let Some(guesses) = self.addresses.get_mut(address) {
            guesses.checking = guesses.checking.saturating_sub(1);
        }
    }

    /// A guess let in turned out wrong (or was never finished): it counts
    /// against both for the window.
    pub fn record_wrong(&mut self, account: &str, address: &str, now: Instant) {
        for (map, key) in [
            (&mut self.accounts, account),
            (&mut self.addresses, address),
        ] {
            let guesses = map.entry(key.to_owned()).or_default();
            guesses.checking = guesses.checking.saturating_sub(1);
            guesses.wrong.push_back(now);
        }
    }

    fn prune(&mut self, now: Instant) {
        let window = self.policy.window;
        for map in [&mut self.accounts, &mut self.addresses] {
            map.retain(|_, guesses| {
                guesses.forget_old(window, now);
                !guesses.is_empty()
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

/// Why a key refuses a guess now: how long to wait, and whether only checks
/// in progress stand in the way.
fn refusal(
    guesses: Option<&mut Guesses>,
    limit: usize,
    window: Duration,
    now: Instant,
) -> Option<(Duration, bool)> {
    let guesses = guesses?;
    guesses.forget_old(window, now);
    let wrong = guesses.wrong.len();
    if wrong >= limit {
        // Blocked until enough wrong guesses age out to get under the limit.
        let release = guesses.wrong[wrong - limit];
        return Some(((release + window).saturating_duration_since(now), false));
    }
    (wrong + guesses.checking >= limit).then_some((PENDING_WAIT, true))
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

    fn wrong(throttle: &mut LoginThrottle, account: &str, address: &str, now: Instant) {
        throttle.admit(account, address, now).unwrap();
        throttle.record_wrong(account, address, now);
    }

    #[test]
    fn an_account_is_locked_after_its_limit_and_released_by_the_window() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for second in 0..3 {
            wrong(
                &mut throttle,
                "an",
                "10.0.0.1",
                start + Duration::from_secs(second),
            );
        }
        let now = start + Duration::from_secs(10);
        assert_eq!(
            throttle.admit("an", "10.0.0.1", now),
            Err(Refusal {
                wait: Duration::from_secs(50),
                by_address: false,
                checks_pending: false,
            })
        );
        // Another account from the same address is still allowed.
        assert!(throttle.admit("binh", "10.0.0.1", now).is_ok());
        // The oldest wrong guess leaves the window after 60 s.
        assert!(
            throttle
                .admit("an", "10.0.0.1", start + Duration::from_secs(60))
                .is_ok()
        );
    }

    #[test]
    fn guesses_count_when_let_in_so_a_burst_gets_no_more_than_the_limit() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        // Thirty guesses arrive before any of them has been checked.
        let admitted = (0..30)
            .filter(|_| throttle.admit("an", "10.0.0.1", now).is_ok())
            .count();
        assert_eq!(admitted, 3);
        // Those kept out are told to come back at once: the checks may
        // turn out right.
        assert_eq!(
            throttle.admit("an", "10.0.0.1", now),
            Err(Refusal {
                wait: PENDING_WAIT,
                by_address: false,
                checks_pending: true,
            })
        );
        // They were wrong: now the real wait.
        for _ in 0..3 {
            throttle.record_wrong("an", "10.0.0.1", now);
        }
        let refusal = throttle.admit("an", "10.0.0.1", now).unwrap_err();
        assert!(!refusal.checks_pending);
        assert_eq!(refusal.wait, Duration::from_secs(60));
    }

    #[test]
    fn right_passwords_in_a_burst_never_lock_anyone_out() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        // Eight tabs of one person, one office's address: each right
        // password gives its place back.
        let mut signed_in = 0;
        for _ in 0..8 {
            match throttle.admit("an", "10.0.0.1", now) {
                Ok(()) => {
                    throttle.record_right("an", "10.0.0.1");
                    signed_in += 1;
                }
                Err(refusal) => panic!("refused {refusal:?}"),
            }
        }
        assert_eq!(signed_in, 8);
        // Twenty-five colleagues behind the same address, right passwords.
        for person in 0..25 {
            let name = format!("nv{person}");
            throttle.admit(&name, "10.0.0.1", now).unwrap();
            throttle.record_right(&name, "10.0.0.1");
        }
    }

    #[test]
    fn an_address_is_locked_after_wrong_guesses_on_many_accounts() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for name in ["a1", "a2", "a3", "a4", "a5"] {
            wrong(&mut throttle, name, "10.0.0.9", now);
        }
        let refusal = throttle.admit("a6", "10.0.0.9", now).unwrap_err();
        assert!(refusal.by_address && !refusal.checks_pending);
        assert!(throttle.admit("a6", "10.0.0.10", now).is_ok());
    }

    #[test]
    fn a_right_password_clears_the_account_but_not_the_addresss_wrong_guesses() {
        let mut throttle = LoginThrottle::new(policy());
        let now = Instant::now();
        for _ in 0..2 {
            wrong(&mut throttle, "an", "10.0.0.1", now);
        }
        throttle.admit("an", "10.0.0.1", now).unwrap();
        throttle.record_right("an", "10.0.0.1");
        for _ in 0..2 {
            wrong(&mut throttle, "an", "10.0.0.1", now);
        }
        // The two wrong guesses before the right one still count for the
        // address: with the two after, one more reaches its limit of five.
        wrong(&mut throttle, "an", "10.0.0.1", now);
        assert!(throttle.admit("other", "10.0.0.1", now).is_err());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let mut throttle = LoginThrottle::new(ThrottlePolicy::default());
        let now = Instant::now();
        for index in 0..(MAX_KEYS + 10) {
            let (name, address) = (format!("name{index}"), format!("ip{index}"));
            if throttle.admit(&name, &address, now).is_ok() {
                throttle.record_wrong(&name, &address, now);
            }
        }
        assert!(throttle.accounts.len() + throttle.addresses.len() <= MAX_KEYS + 10);
    }
}
