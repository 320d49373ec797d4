//! Lines the process log writes about requests, kept few and short: a
//! value that comes from a request is escaped and clipped, and each kind of
//! line is written at most a few times a minute, with a count of the lines
//! held back — so a flood of bad requests costs the log a few lines, not a
//! disk (2,000 requests with a 60 KB header once wrote 120 MB).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most characters of a request's value in a log line.
pub const MAX_LOGGED_CHARS: usize = 200;

/// A request's value as a log line may show it: control and bidi
/// characters escaped, at most [`MAX_LOGGED_CHARS`] characters.
pub fn logged(value: &str) -> String {
    crate::store::log_text(value, MAX_LOGGED_CHARS)
}

/// How many lines of one kind per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogPace {
    pub window: Duration,
    pub lines: u32,
}

impl Default for LogPace {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            lines: 10,
        }
    }
}

#[derive(Debug)]
struct Window {
    started: Instant,
    written: u32,
    held_back: u64,
}

/// Per kind of line (a fixed name, never a request's value, so the map
/// stays as small as the code's list of kinds).
#[derive(Debug, Default)]
pub struct LogGate {
    pace: LogPace,
    windows: Mutex<HashMap<&'static str, Window>>,
}

impl LogGate {
    pub fn new(pace: LogPace) -> Self {
        Self {
            pace,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Whether a line of `kind` may be written now; `Some(n)`: yes, and `n`
    /// lines of that kind were held back since the last one written.
    pub fn admit(&self, kind: &'static str, now: Instant) -> Option<u64> {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let window = windows.entry(kind).or_insert(Window {
            started: now,
            written: 0,
            held_back: 0,
        });
        if now.saturating_duration_since(window.started) >= self.pace.window {
            window.started = now;
            window.written = 0;
        }
        if window.written >= self.pace.lines {
            window.held_back += 1;
            return None;
        }
        window.written += 1;
        Some(std::mem::take(&mut window.held_back))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_of_line_is_written_a_few_times_a_window_then_counted() {
        let gate = LogGate::new(LogPace {
            window: Duration::from_secs(60),
            lines: 3,
        });
        let start = Instant::now();
        let written = (0..2_000)
            .filter(|_| gate.admit("refused", start).is_some())
            .count();
        assert_eq!(written, 3);
        // Another kind has its own count.
        assert_eq!(gate.admit("other", start), Some(0));
        // The next window's first line says how many were held back.
        let later = start + Duration::from_secs(61);
        assert_eq!(gate.admit("refused", later), Some(1_997));
        assert_eq!(gate.admit("refused", later), Some(0));
    }

    #[test]
    fn logged_values_are_short_and_show_hidden_characters() {
        let origin = format!("http://\u{202e}evil\n{}", "x".repeat(60_000));
        let shown = logged(&origin);
        assert!(shown.chars().count() <= MAX_LOGGED_CHARS + 1, "{shown}");
        assert!(shown.starts_with("http://\\u{202e}evil\\u{000a}x"));
    }
}
