//! Keeps repeated refusals from flooding the security log: the first event of
//! a kind from one source is written at once; repeats within the window are
//! only counted, and one summary entry ("repeated N more times") is written
//! when the window is over. So a flood of refused requests costs at most two
//! entries per source and window, and memory stays bounded however many
//! sources there are.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::auth::model::{SecurityEventKind, repeated_detail};
use crate::backend::NewSecurityEvent;

/// Sources remembered at once; past this, new sources share one entry.
const MAX_SOURCES: usize = 10_000;

/// The shared key of sources beyond [`MAX_SOURCES`].
const OVERFLOW: &str = "*";

/// One source's refusals within the current window.
#[derive(Debug)]
struct Episode {
    started: Instant,
    repeats: u64,
    /// The first event, written at once; the summary repeats its fields.
    first: NewSecurityEvent,
}

#[derive(Debug)]
pub struct LogLimiter {
    window: Duration,
    episodes: HashMap<(SecurityEventKind, String), Episode>,
}

impl LogLimiter {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            episodes: HashMap::new(),
        }
    }

    /// The entries to write for `event` from `source` now: the event itself
    /// when it opens a window (after the summary of the previous window, if
    /// it had repeats), nothing when it only repeats.
    pub fn admit(
        &mut self,
        source: &str,
        event: NewSecurityEvent,
        now: Instant,
    ) -> Vec<NewSecurityEvent> {
        let mut key = (event.kind, source.to_owned());
        if !self.episodes.contains_key(&key) && self.episodes.len() >= MAX_SOURCES {
            let mut written = self.due(now);
            if self.episodes.len() >= MAX_SOURCES {
                key.1 = OVERFLOW.to_owned();
            }
            written.extend(self.admit_key(key, event, now));
            return written;
        }
        self.admit_key(key, event, now)
    }

    fn admit_key(
        &mut self,
        key: (SecurityEventKind, String),
        event: NewSecurityEvent,
        now: Instant,
    ) -> Vec<NewSecurityEvent> {
        let mut written = Vec::new();
        if let Some(episode) = self.episodes.get_mut(&key) {
            if now.saturating_duration_since(episode.started) < self.window {
                episode.repeats += 1;
                return written;
            }
            if let Some(episode) = self.episodes.remove(&key) {
                written.extend(summary(episode));
            }
        }
        self.episodes.insert(
            key,
            Episode {
                started: now,
                repeats: 0,
                first: event.clone(),
            },
        );
        written.push(event);
        written
    }

    /// Summaries of the windows that are over (to write), forgetting them.
    pub fn due(&mut self, now: Instant) -> Vec<NewSecurityEvent> {
        let window = self.window;
        let ended: Vec<_> = self
            .episodes
            .iter()
            .filter(|(_, episode)| now.saturating_duration_since(episode.started) >= window)
            .map(|(key, _)| key.clone())
            .collect();
        ended
            .into_iter()
            .filter_map(|key| self.episodes.remove(&key))
            .filter_map(summary)
            .collect()
    }

    /// Summaries of every open window (at shutdown).
    pub fn drain(&mut self) -> Vec<NewSecurityEvent> {
        self.episodes
            .drain()
            .filter_map(|(_, e)| summary(e))
            .collect()
    }
}

fn summary(episode: Episode) -> Option<NewSecurityEvent> {
    (episode.repeats > 0).then(|| NewSecurityEvent {
        detail: repeated_detail(episode.repeats),
        ..episode.first
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::EventSource;

    fn refused(address: &str) -> NewSecurityEvent {
        NewSecurityEvent {
            kind: SecurityEventKind::LoginThrottled,
            source: EventSource {
                actor: None,
                origin: address.to_owned(),
            },
            subject: Some("admin".to_owned()),
            detail: "retry after 900 s".to_owned(),
        }
    }

    #[test]
    fn a_flood_from_one_source_is_one_entry_and_one_summary_per_window() {
        let mut limiter = LogLimiter::new(Duration::from_secs(60));
        let start = Instant::now();
        let mut written = Vec::new();
        for _ in 0..1_000 {
            written.extend(limiter.admit("admin", refused("10.0.0.1"), start));
        }
        assert_eq!(written, [refused("10.0.0.1")]);
        assert!(limiter.due(start + Duration::from_secs(59)).is_empty());
        let summaries = limiter.due(start + Duration::from_secs(60));
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].detail, "repeated 999 more times");
        assert_eq!(summaries[0].subject.as_deref(), Some("admin"));
        // The next window starts afresh.
        let later = start + Duration::from_secs(61);
        assert_eq!(
            limiter.admit("admin", refused("10.0.0.1"), later),
            [refused("10.0.0.1")]
        );
        assert!(limiter.drain().is_empty(), "no repeats: no summary");
    }

    #[test]
    fn a_repeat_after_the_window_writes_the_summary_first() {
        let mut limiter = LogLimiter::new(Duration::from_secs(60));
        let start = Instant::now();
        limiter.admit("an", refused("10.0.0.1"), start);
        limiter.admit("an", refused("10.0.0.1"), start);
        let written = limiter.admit("an", refused("10.0.0.1"), start + Duration::from_secs(90));
        assert_eq!(written.len(), 2);
        assert_eq!(written[0].detail, "repeated 1 more times");
        assert_eq!(written[1], refused("10.0.0.1"));
    }

    #[test]
    fn sources_and_kinds_are_counted_apart() {
        let mut limiter = LogLimiter::new(Duration::from_secs(60));
        let now = Instant::now();
        assert_eq!(limiter.admit("a", refused("1"), now).len(), 1);
        assert_eq!(limiter.admit("b", refused("2"), now).len(), 1);
        let mut other = refused("1");
        other.kind = SecurityEventKind::AccessDenied;
        assert_eq!(limiter.admit("a", other, now).len(), 1);
        assert_eq!(limiter.admit("a", refused("1"), now).len(), 0);
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_sources() {
        let mut limiter = LogLimiter::new(Duration::from_secs(60));
        let now = Instant::now();
        let mut written = 0;
        for index in 0..(MAX_SOURCES + 5_000) {
            written += limiter
                .admit(&format!("name{index}"), refused("10.0.0.9"), now)
                .len();
        }
        assert!(limiter.episodes.len() <= MAX_SOURCES + 1);
        // Every new source up to the bound, then one shared entry.
        assert_eq!(written, MAX_SOURCES + 1);
        let summaries = limiter.drain();
        assert!(
            summaries
                .iter()
                .any(|summary| summary.detail == "repeated 4999 more times")
        );
    }
}
