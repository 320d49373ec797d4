//! The platform in the browser (wasm32, feature `csr`): JavaScript's clock,
//! `performance` marks, and the browser's own Unicode tables (no case or
//! decomposition data in the download). `platform.rs` is the same API off the
//! browser; the crate declares one of the two as `platform`.

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Marks kept per name: a tab left open for days syncs thousands of times,
/// and the browser keeps every mark until it is cleared.
const MARKS_KEPT: u32 = 200;

/// A `performance` mark, so benchmarks can read how long steps took
/// (tests/bench/browser.mjs).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        if performance.get_entries_by_name(name).length() >= MARKS_KEPT {
            performance.clear_marks_with_mark_name(name);
        }
        let _ = performance.mark(name);
    }
}

/// Local date and time parts of a Unix-millisecond instant, in the user's
/// time zone: (year, month, day, hour, minute).
pub fn local_parts(ms: i64) -> (i64, u32, u32, u32, u32) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    (
        i64::from(date.get_full_year()),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
    )
}

/// `text` in NFC.
pub fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// `text` decomposed (NFD).
pub fn nfd(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFD").into()
}

/// `text` in capitals.
pub fn upper(text: &str) -> String {
    js_sys::JsString::from(text).to_upper_case().into()
}

/// `text` in lower case, decomposed, without combining diacritics, đ as d.
pub fn fold(text: &str) -> String {
    let marks = js_sys::RegExp::new("[\\u0300-\\u036f]", "g");
    let d_bar = js_sys::RegExp::new("đ", "g");
    js_sys::JsString::from(text)
        .to_lower_case()
        .normalize("NFD")
        .replace_by_pattern(&marks, "")
        .replace_by_pattern(&d_bar, "d")
        .into()
}

/// A combining mark (Unicode category M).
pub fn is_mark(c: char) -> bool {
    thread_local! {
        static MARK: js_sys::RegExp = js_sys::RegExp::new("^\\p{M}$", "u");
    }
    MARK.with(|mark| mark.test(c.encode_utf8(&mut [0; 4])))
}

/// Whether `text`, not ASCII, is surely NFC without normalising it: the
/// browser has no quick check, so never.
pub fn surely_nfc(_text: &str) -> bool {
    false
}
