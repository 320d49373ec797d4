//! What requests may hold in memory at once, shared by everyone: the bytes
//! of request bodies being read (one budget for all of them, so a crowd of
//! slow uploads cannot take the server's memory), and the pull answers being
//! built or sent (a few per user and a cap in all, each page at most a few
//! MiB, so readers that ask much and read nothing hold little).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits; the defaults suit one office's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetLimits {
    /// Bytes of request bodies held at once, all requests together. A body
    /// that finds the budget spent waits (it is not read further) until
    /// room is made or its deadline passes.
    pub body_bytes: usize,
    /// Pulls being answered at once by one user, and by everyone.
    pub pulls_per_user: usize,
    pub pulls: usize,
}

impl Default for BudgetLimits {
    fn default() -> Self {
        Self {
            body_bytes: 64 * 1024 * 1024,
            pulls_per_user: 4,
            pulls: 32,
        }
    }
}

/// The shared budgets.
#[derive(Debug)]
pub struct Budgets {
    limits: BudgetLimits,
    body_bytes: Arc<Semaphore>,
    pulls: Arc<Semaphore>,
    pulls_by_user: Arc<Mutex<HashMap<i64, usize>>>,
}

/// A pull's place among those being answered; given back when dropped
/// (when its answer has been sent, or the connection is gone).
#[derive(Debug)]
pub struct PullPermit {
    _total: OwnedSemaphorePermit,
    user: i64,
    by_user: Arc<Mutex<HashMap<i64, usize>>>,
}

impl Drop for PullPermit {
    fn drop(&mut self) {
        let mut by_user = lock(&self.by_user);
        if let Some(count) = by_user.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                by_user.remove(&self.user);
            }
        }
    }
}

/// Counters only: a panic elsewhere cannot leave them inconsistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Budgets {
    pub fn new(limits: BudgetLimits) -> Self {
        Self {
            limits,
            body_bytes: Arc::new(Semaphore::new(limits.body_bytes)),
            pulls: Arc::new(Semaphore::new(limits.pulls)),
            pulls_by_user: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Room for `bytes` more of a request body; waits while the budget is
    /// spent. A body larger than the whole budget can never be read.
    pub async fn body_bytes(&self, bytes: usize) -> Option<OwnedSemaphorePermit> {
        let bytes = u32::try_from(bytes).ok()?;
        if bytes as usize > self.limits.body_bytes {
            return None;
        }
        self.body_bytes.clone().acquire_many_owned(bytes).await.ok()
    }

    /// A place for one more pull of `user`, or `None` when the user (or
    /// everyone together) already has as many as allowed.
    pub fn pull(&self, user: i64) -> Option<PullPermit> {
        let mut by_user = lock(&self.pulls_by_user);
        let count = by_user.entry(user).or_default();
        if *count >= self.limits.pulls_per_user {
            return None;
        }
        let total = self.pulls.clone().try_acquire_owned().ok()?;
        *count += 1;
        Some(PullPermit {
            _total: total,
            user,
            by_user: self.pulls_by_user.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulls_are_capped_per_user_and_in_all_and_given_back() {
        let budgets = Budgets::new(BudgetLimits {
            body_bytes: 1024,
            pulls_per_user: 2,
            pulls: 3,
        });
        let first = budgets.pull(1).unwrap();
        let _second = budgets.pull(1).unwrap();
        assert!(budgets.pull(1).is_none(), "a third for one user");
        let _other = budgets.pull(2).unwrap();
        assert!(budgets.pull(3).is_none(), "a fourth in all");
        drop(first);
        let _third = budgets.pull(3).unwrap();
        assert!(budgets.pull(1).is_none(), "the total is spent again");
    }

    #[tokio::test]
    async fn body_bytes_wait_for_room_and_a_body_over_the_budget_never_fits() {
        let budgets = Arc::new(Budgets::new(BudgetLimits {
            body_bytes: 1000,
            pulls_per_user: 1,
            pulls: 1,
        }));
        assert!(budgets.body_bytes(1001).await.is_none());
        let held = budgets.body_bytes(800).await.unwrap();
        let waiting = {
            let budgets = budgets.clone();
            tokio::spawn(async move { budgets.body_bytes(500).await.is_some() })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "waits while the budget is spent");
        drop(held);
        assert!(waiting.await.unwrap());
    }
}
