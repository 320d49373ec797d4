//! What the status bar shows of the replica and its sync, and why an edit
//! was not made: plain data, kept by the browser's replica (`web::replica`)
//! and read by the pages.

use crate::error::AppError;
use crate::sync::client::EditError;

/// Warn when the origin has used this share of its quota.
pub const QUOTA_WARNING: f64 = 0.8;

/// Why the replica cannot take an edit or sync now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// Browser storage failed (the kind says how).
    Storage(String, StorageKind),
    /// The outbox cannot grow: editing stops until changes are sent.
    OutboxFull,
    /// The session ended: sign in again to send the pending changes.
    SessionExpired,
    /// The server runs a newer build: reload before syncing.
    NewBuild,
    /// The server refused the push for a reason the user must report.
    Server(AppError),
    /// The server asked to wait (its limit on one account's changes): sync
    /// goes on by itself at this time (Unix milliseconds).
    Busy(i64),
}

/// The kinds of storage failure, for the message shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    Unavailable,
    Blocked,
    Full,
    Damaged,
    ChangedElsewhere,
    Other,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncStatus {
    /// The replica of the signed-in user is loaded.
    pub ready: bool,
    /// The browser says it has a network.
    pub online: bool,
    /// The last call to the server got an answer (`None`: not tried yet).
    pub reachable: Option<bool>,
    /// A push or pull is running.
    pub syncing: bool,
    /// This tab holds the sync lock.
    pub leader: bool,
    pub trouble: Option<Trouble>,
    /// Bytes used and the quota, from `navigator.storage.estimate()`.
    pub usage: Option<(f64, f64)>,
    /// Whether the browser granted persistent storage.
    pub persisted: Option<bool>,
    /// Records dropped from the cache to make room (the server keeps them).
    pub evicted: usize,
    /// Damaged record entries found when loading (fetched again).
    pub damaged: usize,
}

impl SyncStatus {
    /// The share of the quota in use, when known.
    pub fn used_share(&self) -> Option<f64> {
        self.usage
            .filter(|(_, quota)| *quota > 0.0)
            .map(|(usage, quota)| usage / quota)
    }

    /// Nothing known yet but what the browser says of its network, so the
    /// bar says "Mất mạng" from the first paint of a page opened offline,
    /// before the local copy has loaded.
    pub fn fresh(online: bool) -> Self {
        Self {
            online,
            ..Self::default()
        }
    }

    pub fn editing_stopped(&self) -> bool {
        matches!(self.trouble, Some(Trouble::OutboxFull))
            || matches!(
                self.trouble,
                Some(Trouble::Storage(
                    _,
                    StorageKind::Unavailable | StorageKind::Blocked
                ))
            )
    }
}

/// Why an edit was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The replica is still opening (or nobody is signed in).
    NotReady,
    Edit(EditError),
    /// Storage refused it; the message says why.
    Storage(Trouble),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_warning_starts_at_eighty_percent_and_full_storage_stops_editing() {
        let mut status = SyncStatus::default();
        assert_eq!(status.used_share(), None);
        status.usage = Some((79.0, 100.0));
        assert!(
            status
                .used_share()
                .is_some_and(|share| share < QUOTA_WARNING)
        );
        status.usage = Some((80.0, 100.0));
        assert!(
            status
                .used_share()
                .is_some_and(|share| share >= QUOTA_WARNING)
        );
        // A quota of zero (unknown) never divides.
        status.usage = Some((10.0, 0.0));
        assert_eq!(status.used_share(), None);

        assert!(!status.editing_stopped());
        status.trouble = Some(Trouble::OutboxFull);
        assert!(status.editing_stopped());
        status.trouble = Some(Trouble::Storage(String::new(), StorageKind::Full));
        assert!(
            !status.editing_stopped(),
            "a full cache still takes edits (after eviction)"
        );
        status.trouble = Some(Trouble::Storage(String::new(), StorageKind::Unavailable));
        assert!(status.editing_stopped());
    }
}
