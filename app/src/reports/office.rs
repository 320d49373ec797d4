//! Numbers as the office writes them in its reports: "02", "1.234",
//! "92,5", "88,9%" — whatever the interface's language.

/// A whole number as the office writes it: below 10 with a leading zero
/// ("02"), thousands grouped with a dot ("1.234").
pub fn office_count(value: u64) -> String {
    if value < 10 {
        return format!("{value:02}");
    }
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A share as the office writes it: "88,9%", "100%" (one decimal, none
/// when it is whole).
pub fn office_percent(part: u64, whole: u64) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let tenths = (part as f64 * 1_000.0 / whole as f64).round() as u64;
    Some(if tenths.is_multiple_of(10) {
        format!("{}%", tenths / 10)
    } else {
        format!("{},{}%", tenths / 10, tenths % 10)
    })
}

/// A number that may have decimals, as the office writes it ("92,5",
/// "1.234").
pub fn office_decimal(value: f64) -> String {
    match serde_json::Number::from_f64(value) {
        Some(number) => crate::numbers::format(crate::i18n::Locale::vi, &number, true),
        None => String::new(),
    }
}
