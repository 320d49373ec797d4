//! Numbers as each language writes them: Vietnamese "1.234,5" (a dot between
//! thousands, a decimal comma), English "1,234.5". What a person types is
//! read the way their language reads it; a separator that can only be a
//! decimal point is one ("95.5" in Vietnamese, "95,5" in English), and a
//! value that reads as two different numbers ("1,234" in Vietnamese: one
//! point two three four, or one thousand two hundred thirty-four typed the
//! English way) is never guessed: the caller gets both and asks.

use serde_json::{Number, Value};

use crate::i18n::Locale;

/// What a typed text says as a number.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    /// One number, as the record body holds it (a whole number as an integer).
    Number(Value),
    /// Two readings of one separator, to ask about: `grouped` takes it as a
    /// thousands separator, `decimal` as the decimal mark.
    Either { grouped: Value, decimal: Value },
    /// Not a number at all (letters, a misplaced separator, "1.23.4").
    NotANumber,
}

/// The decimal mark and the thousands separator of a language.
pub fn marks(locale: Locale) -> (char, char) {
    match locale {
        Locale::vi => (',', '.'),
        Locale::en => ('.', ','),
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// A thousands grouping is valid when the first group has one to three
/// digits (not a lone leading zero) and every later one exactly three.
fn grouped_ok(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    let leading_zero = first.starts_with('0') && !rest.is_empty();
    (1..=3).contains(&first.len()) && !leading_zero && rest.iter().all(|group| group.len() == 3)
}

/// The body's value of a plain number written `-1234.5` (ASCII digits, an
/// optional fraction).
fn value_of(negative: bool, whole: &str, fraction: &str) -> Option<Value> {
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    let sign = if negative && (whole != "0" || !fraction.is_empty()) {
        "-"
    } else {
        ""
    };
    if fraction.is_empty()
        && let Ok(number) = format!("{sign}{whole}").parse::<i64>()
    {
        return Some(Value::from(number));
    }
    let text = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    // JSON's own number reader: no second float parser in the download.
    serde_json::from_str::<Number>(&text)
        .ok()
        .map(Value::Number)
}

/// Reads what a person typed in `locale`. A lone mark before exactly three
/// digits is read as the language reads it when that is its thousands
/// separator ("1.234" in Vietnamese); when it is the language's decimal mark
/// ("1,234" in Vietnamese) the typist may have meant thousands the English
/// way, and both readings come back. (Records keep at most two decimals, so
/// the decimal reading of three digits is never stored silently either.)
pub fn read(locale: Locale, text: &str) -> Reading {
    let (decimal_mark, group_mark) = marks(locale);
    let text = text.trim();
    let (negative, body) = match text.chars().next() {
        Some('-' | '−') => (
            true,
            text[text.chars().next().map_or(0, char::len_utf8)..].trim_start(),
        ),
        Some('+') => (false, text[1..].trim_start()),
        _ => (false, text),
    };
    // Digit runs and the single separators between them.
    let mut runs: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    for (at, c) in body.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if !(c == '.' || c == ',' || is_space(c)) {
            return Reading::NotANumber;
        }
        runs.push(&body[start..at]);
        seps.push(if is_space(c) { ' ' } else { c });
        start = at + c.len_utf8();
    }
    runs.push(&body[start..]);
    // ",5" as "0,5": a leading decimal mark.
    if runs.len() > 1 && runs[0].is_empty() && seps[0] == decimal_mark && seps.len() == 1 {
        runs[0] = "0";
    }
    if runs.iter().any(|run| run.is_empty()) {
        return Reading::NotANumber;
    }
    let marks_used: Vec<char> = seps.iter().copied().filter(|c| *c != ' ').collect();
    let Some(&last) = marks_used.last() else {
        // Digits, perhaps grouped by spaces.
        return if grouped_ok(&runs) || runs.len() == 1 {
            value_of(negative, &runs.concat(), "")
                .map(Reading::Number)
                .unwrap_or(Reading::NotANumber)
        } else {
            Reading::NotANumber
        };
    };
    let both = marks_used.iter().any(|c| *c != last);
    let last_at = seps.iter().rposition(|c| *c == last).unwrap_or_default();
    if both {
        // "1.234,5" or "1,234.5": the last mark is the decimal one, it comes
        // once, and the other one groups thousands before it.
        let before = &seps[..last_at];
        if before.contains(&last) {
            return Reading::NotANumber;
        }
        let groups = &runs[..=last_at];
        if !grouped_ok(groups) || last_at + 2 != runs.len() {
            return Reading::NotANumber;
        }
        return value_of(negative, &groups.concat(), runs[last_at + 1])
            .map(Reading::Number)
            .unwrap_or(Reading::NotANumber);
    }
    let times = marks_used.len();
    if times > 1 {
        // "1.234.567": only thousands separators come more than once.
        return if grouped_ok(&runs) {
            value_of(negative, &runs.concat(), "")
                .map(Reading::Number)
                .unwrap_or(Reading::NotANumber)
        } else {
            Reading::NotANumber
        };
    }
    // One mark. After it: the fraction, or the last group of thousands.
    if last_at + 2 != runs.len() {
        // Spaces after the mark ("1,5 000") are not a number.
        return Reading::NotANumber;
    }
    let head = &runs[..=last_at];
    if head.len() > 1 && !grouped_ok(head) {
        return Reading::NotANumber;
    }
    let tail = runs[last_at + 1];
    let as_decimal = value_of(negative, &head.concat(), tail);
    let can_group = tail.len() == 3 && head.len() == 1 && grouped_ok(&[head[0], tail]);
    let as_grouped = can_group
        .then(|| value_of(negative, &format!("{}{tail}", head[0]), ""))
        .flatten();
    match (as_grouped, as_decimal) {
        (Some(grouped), _) if last == group_mark => Reading::Number(grouped),
        (Some(grouped), Some(decimal)) => Reading::Either { grouped, decimal },
        (None, Some(decimal)) => Reading::Number(decimal),
        (Some(grouped), None) => Reading::Number(grouped),
        (None, None) => Reading::NotANumber,
    }
}

/// A number as `locale` writes it for reading: whole numbers without
/// decimals, the language's decimal mark, and thousands grouped when
/// `group` (not for years and ordinals: "2020", "Phiên họp thứ 1050").
pub fn format(locale: Locale, number: &Number, group: bool) -> String {
    let text = plain(number);
    let Some(text) = text else {
        return number.to_string();
    };
    let (decimal_mark, group_mark) = marks(locale);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
    out.push_str(sign);
    if group && whole.len() > 3 {
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index) % 3 == 0 {
                out.push(group_mark);
            }
            out.push(digit);
        }
    } else {
        out.push_str(whole);
    }
    if !fraction.is_empty() {
        out.push(decimal_mark);
        out.push_str(fraction);
    }
    out
}

/// A count as `locale` writes it, thousands grouped ("20.000 kỳ họp",
/// "20,000 sessions").
pub fn count(locale: Locale, count: usize) -> String {
    format(locale, &Number::from(count), true)
}

/// A number as a form's input shows it: the language's decimal mark and no
/// grouping, so that reading it back gives the same number ("1234,5").
pub fn to_input(locale: Locale, number: &Number) -> String {
    format(locale, number, false)
}

/// The number's digits as `-1234.5` (no exponent, no trailing ".0"); `None`
/// for what JSON writes with an exponent.
fn plain(number: &Number) -> Option<String> {
    if let Some(whole) = number.as_i64() {
        return Some(whole.to_string());
    }
    if let Some(whole) = number.as_u64() {
        return Some(whole.to_string());
    }
    let text = number.to_string();
    if text.contains(['e', 'E']) {
        return None;
    }
    let text = match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    };
    Some(if text == "-0" { "0".to_owned() } else { text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn number(value: Value) -> Reading {
        Reading::Number(value)
    }

    #[test]
    fn each_language_reads_what_its_people_type() {
        let table: &[(Locale, &str, Reading)] = &[
            // Vietnamese: dot between thousands, decimal comma.
            (Locale::vi, "1.234,5", number(json!(1234.5))),
            (Locale::vi, "95,5", number(json!(95.5))),
            (Locale::vi, "1.234", number(json!(1234))),
            (Locale::vi, "1.234.567", number(json!(1234567))),
            (Locale::vi, "1.234.567,25", number(json!(1234567.25))),
            (Locale::vi, "1 234,5", number(json!(1234.5))),
            (Locale::vi, ",5", number(json!(0.5))),
            (Locale::vi, "-3,25", number(json!(-3.25))),
            (Locale::vi, "−3,25", number(json!(-3.25))),
            (Locale::vi, "10", number(json!(10))),
            (Locale::vi, "10,0", number(json!(10))),
            (Locale::vi, " 8 ", number(json!(8))),
            // A dot that cannot group thousands is a decimal point: never ×10.
            (Locale::vi, "95.5", number(json!(95.5))),
            (Locale::vi, "1234.5", number(json!(1234.5))),
            (Locale::vi, "0.125", number(json!(0.125))),
            (Locale::vi, "12.34", number(json!(12.34))),
            // Both marks: the last one is the decimal mark.
            (Locale::vi, "1,234.5", number(json!(1234.5))),
            // A comma before three digits: 1,234 or 1234 typed the English way.
            (
                Locale::vi,
                "1,234",
                Reading::Either {
                    grouped: json!(1234),
                    decimal: json!(1.234),
                },
            ),
            // English: comma between thousands, decimal point.
            (Locale::en, "1,234.5", number(json!(1234.5))),
            (Locale::en, "95.5", number(json!(95.5))),
            (Locale::en, "1,234", number(json!(1234))),
            (Locale::en, "1,234,567.5", number(json!(1234567.5))),
            (Locale::en, "95,5", number(json!(95.5))),
            (Locale::en, "1.234,5", number(json!(1234.5))),
            (Locale::en, ".5", number(json!(0.5))),
            (
                Locale::en,
                "1.234",
                Reading::Either {
                    grouped: json!(1234),
                    decimal: json!(1.234),
                },
            ),
            // Not numbers, in either language.
            (Locale::vi, "tám", Reading::NotANumber),
            (Locale::vi, "1.23.4", Reading::NotANumber),
            (Locale::vi, "1,2,3", Reading::NotANumber),
            (Locale::vi, "1.234,5,6", Reading::NotANumber),
            (Locale::vi, "1,234.567.8", Reading::NotANumber),
            (Locale::vi, "12.34,5", Reading::NotANumber),
            (Locale::vi, "5,", Reading::NotANumber),
            (Locale::vi, "1..2", Reading::NotANumber),
            (Locale::vi, "1e5", Reading::NotANumber),
            (Locale::vi, "", Reading::NotANumber),
            (Locale::vi, "-", Reading::NotANumber),
            (Locale::en, "0,123,456", Reading::NotANumber),
            (Locale::en, "1,5 000", Reading::NotANumber),
        ];
        for (locale, typed, expected) in table {
            assert_eq!(&read(*locale, typed), expected, "{locale:?} {typed:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let table: &[(Locale, Value, bool, &str)] = &[
            (Locale::vi, json!(1234.5), true, "1.234,5"),
            (Locale::en, json!(1234.5), true, "1,234.5"),
            (Locale::vi, json!(1234567), true, "1.234.567"),
            (Locale::en, json!(1234567), true, "1,234,567"),
            (Locale::vi, json!(10.0), true, "10"),
            (Locale::vi, json!(2.0), false, "2"),
            (Locale::vi, json!(95.5), true, "95,5"),
            (Locale::vi, json!(-1234.25), true, "-1.234,25"),
            (Locale::vi, json!(2020), false, "2020"),
            (Locale::vi, json!(999), true, "999"),
            (Locale::en, json!(0.5), true, "0.5"),
        ];
        for (locale, value, group, expected) in table {
            let Value::Number(number) = value else {
                unreachable!()
            };
            assert_eq!(
                format(*locale, number, *group),
                *expected,
                "{locale:?} {value}"
            );
        }
    }

    #[test]
    fn counts_are_grouped_from_four_digits() {
        assert_eq!(count(Locale::vi, 999), "999");
        assert_eq!(count(Locale::vi, 2_000), "2.000");
        assert_eq!(count(Locale::vi, 100_000), "100.000");
        assert_eq!(count(Locale::en, 20_000), "20,000");
    }

    #[test]
    fn what_an_input_shows_reads_back_as_the_same_number() {
        for locale in [Locale::vi, Locale::en] {
            for value in [
                json!(1234.5),
                json!(0.25),
                json!(1000000),
                json!(-7.5),
                json!(95),
            ] {
                let Value::Number(number) = &value else {
                    unreachable!()
                };
                let shown = to_input(locale, number);
                assert_eq!(
                    read(locale, &shown),
                    Reading::Number(value.clone()),
                    "{locale:?} {shown}"
                );
            }
        }
    }
}
