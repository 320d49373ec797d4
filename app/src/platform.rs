//! The one platform difference below the pages: the clock, benchmark marks
//! and the Unicode tables. This is the platform off the browser (the server,
//! the command line, the tests): the system clock, no marks, and the
//! `unicode-normalization` crate's tables. `platform/browser.rs` is the same
//! API in the browser, declared as `platform` instead in the wasm build.

use unicode_normalization::UnicodeNormalization;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

/// Benchmarks' marks are the browser's: nothing here.
pub fn mark(_name: &str) {}

/// Date and time parts of a Unix-millisecond instant, in UTC: (year,
/// month, day, hour, minute).
pub fn local_parts(ms: i64) -> (i64, u32, u32, u32, u32) {
    // Civil-from-days (Howard Hinnant).
    let seconds = ms.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (in_day / 3600) as u32,
        ((in_day % 3600) / 60) as u32,
    )
}

/// `text` in NFC.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// `text` decomposed (NFD).
pub fn nfd(text: &str) -> String {
    text.nfd().collect()
}

/// `text` in capitals.
pub fn upper(text: &str) -> String {
    text.to_uppercase()
}

/// `text` in lower case, decomposed, without combining diacritics, đ as d.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// A combining mark (Unicode category M).
pub fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Whether `text` is surely NFC without normalising it (the quick check; a
/// "maybe" is normalised in full).
pub fn surely_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}
