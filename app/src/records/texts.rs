//! The kinds' texts in the user's language, from `locales/kinds/<locale>.json`
//! (tables made by `app/build.rs`): a kind's names, its fields' labels and
//! hints, its title pattern, and the labels of choices. The generic pages
//! look them up by the names in the spec.
//!
//! Per kind (`<kind>.…`): `name` ("Kỳ họp", a heading), `one` ("kỳ họp", in a
//! sentence), `lead`, `title` (a pattern: `{field}` is replaced by the
//! field's value as shown), `fields.<field>`, `hints.<field>`. Per choice
//! set: `choices.<set>.<value>`.

use serde_json::Value;

use super::check::value_to_text;
use super::spec::{FieldSpec, FieldType, KindSpec};
use crate::calendar::IsoDate;
use crate::i18n::Locale;
use crate::sync::client::ClientState;
use crate::sync::model::{Fields, field_value};

include!(concat!(env!("OUT_DIR"), "/kind_texts.rs"));

fn texts(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::vi => VI,
        Locale::en => EN,
    }
}

/// Every key (`a.b.c`, `c` empty for `a.b`) and its text in a language.
pub fn table(locale: Locale) -> impl Iterator<Item = (String, &'static str)> {
    KEYS.iter()
        .map(|key| key.trim_end_matches('\u{1f}').replace('\u{1f}', "."))
        .zip(texts(locale).iter().copied())
}

/// The text at `a.b.c` (`c` empty for `a.b`).
pub fn lookup(locale: Locale, a: &str, b: &str, c: &str) -> Option<&'static str> {
    const SEPARATOR: u8 = 0x1f;
    let wanted = || {
        a.bytes()
            .chain(std::iter::once(SEPARATOR))
            .chain(b.bytes())
            .chain(std::iter::once(SEPARATOR))
            .chain(c.bytes())
    };
    let index = KEYS
        .binary_search_by(|key| key.bytes().cmp(wanted()))
        .ok()?;
    texts(locale).get(index).copied()
}

/// A kind's text (`name`, `one`, `lead`), or its key when missing (a test
/// checks that none is).
pub fn kind_text(locale: Locale, spec: &KindSpec, key: &'static str) -> &'static str {
    lookup(locale, spec.kind.as_str(), key, "").unwrap_or(key)
}

/// The label of a field.
pub fn field_label(locale: Locale, spec: &KindSpec, field: &str) -> String {
    lookup(locale, spec.kind.as_str(), "fields", field)
        // The review fields every reviewed kind has.
        .or_else(|| lookup(locale, "common", "fields", field))
        .map(str::to_owned)
        .unwrap_or_else(|| field.to_owned())
}

/// A field's hint, if it has one.
pub fn field_hint(locale: Locale, spec: &KindSpec, field: &FieldSpec) -> Option<&'static str> {
    let hint = lookup(locale, spec.kind.as_str(), "hints", field.name);
    match field.ty {
        // Dates and document numbers share their hints.
        FieldType::Date => hint.or_else(|| lookup(locale, "common", "hints", "date")),
        FieldType::DocNumber => hint.or_else(|| lookup(locale, "common", "hints", "doc_number")),
        _ => hint,
    }
}

/// The label of a choice code (the code itself if unknown).
pub fn choice_label(locale: Locale, set: &str, value: &str) -> String {
    lookup(locale, "choices", set, value)
        .map(str::to_owned)
        .unwrap_or_else(|| value.to_owned())
}

/// A term number as documents write it: 18 → "XVIII".
pub fn roman(mut number: u64) -> String {
    const NUMERALS: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for (value, numeral) in NUMERALS {
        while number >= value {
            text.push_str(numeral);
            number -= value;
        }
    }
    text
}

/// A value as people read it: dates dd/mm/yyyy, choices by label, yes/no in
/// words, numbers as the language writes them, terms in Roman numerals. Links are shown
/// by the pages (they need the linked record); here they stay ids.
pub fn display_value(locale: Locale, spec: &KindSpec, field: &str, value: &Value) -> String {
    let Some(field) = spec.field(field) else {
        return match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
    };
    match (field.ty, value) {
        (_, Value::Null) => lookup(locale, "common", "values", "empty")
            .unwrap_or_default()
            .to_owned(),
        (FieldType::Choice(set), Value::String(code)) => choice_label(locale, set.name, code),
        (FieldType::YesNo, Value::Bool(yes)) => {
            lookup(locale, "common", "values", if *yes { "yes" } else { "no" })
                .unwrap_or_default()
                .to_owned()
        }
        (FieldType::Integer { roman: true, .. }, Value::Number(number)) => number
            .as_u64()
            .map(roman)
            .unwrap_or_else(|| number.to_string()),
        (FieldType::Date, Value::String(text)) => IsoDate::parse(text)
            .map(IsoDate::display)
            .unwrap_or_else(|_| text.clone()),
        // Years and ordinals as they are ("2020"); counts and amounts with
        // thousands grouped as the language groups them.
        (FieldType::Integer { max, .. }, Value::Number(number)) => {
            crate::numbers::format(locale, number, max >= 10_000)
        }
        (FieldType::Decimal { .. }, Value::Number(number)) => {
            crate::numbers::format(locale, number, true)
        }
        (ty, value) => value_to_text(locale, ty, value).replace('\n', ", "),
    }
}

/// A record's title from its kind's pattern ("Kỳ họp thứ {number} (khóa
/// {term})"), read leniently: a missing value leaves its place empty, and
/// so does a link (see [`shown_title`], which has the linked records).
pub fn record_title(locale: Locale, spec: &KindSpec, fields: &Fields) -> String {
    fill_pattern(
        locale,
        spec,
        fields,
        kind_text(locale, spec, "title"),
        &|_| None,
    )
}

/// A record's title with its links shown by the linked records' own titles
/// ("Xếp loại năm 2020 — Nguyễn Văn An: Hoàn thành tốt nhiệm vụ"), as this
/// replica has them: what lists, headings and search show.
pub fn shown_title(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    fields: &Fields,
) -> String {
    let pattern = kind_text(locale, spec, "title");
    fill_pattern(locale, spec, fields, pattern, &|id| {
        linked_plain_title(state, locale, id)
    })
}

/// How a picker offers a record: its kind's `option` pattern, which adds
/// what tells records of the same title apart (a document's date and
/// subject), else its title.
pub fn option_title(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    fields: &Fields,
) -> String {
    let pattern = lookup(locale, spec.kind.as_str(), "option", "")
        .unwrap_or_else(|| kind_text(locale, spec, "title"));
    fill_pattern(locale, spec, fields, pattern, &|id| {
        linked_plain_title(state, locale, id)
    })
}

/// The title of the live record `id`, its own links left out (one level:
/// titles never chase links in a circle).
fn linked_plain_title(state: &ClientState, locale: Locale, id: &str) -> Option<String> {
    let id = crate::sync::model::RecordId::parse(id).ok()?;
    let record = state.records.get(&id).filter(|record| !record.deleted())?;
    let spec = state.registry.get(record.kind)?;
    Some(record_title(locale, spec, record.fields()))
}

fn fill_pattern(
    locale: Locale,
    spec: &KindSpec,
    fields: &Fields,
    pattern: &str,
    linked: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut title = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        title.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            title.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let value = field_value(fields, name);
        match (spec.field(name).map(|field| field.ty), value) {
            (_, Value::Null) => {}
            (Some(FieldType::Link(_)), Value::String(id)) => {
                if let Some(linked) = linked(id) {
                    title.push_str(&linked);
                }
            }
            (Some(FieldType::Links { .. }), _) => {}
            _ => title.push_str(&display_value(locale, spec, name, value)),
        }
        rest = &after[close + 1..];
    }
    title.push_str(rest);
    crate::error::clip(title.trim(), TITLE_MAX)
}

/// Titles longer than this (a petition's text) are cut with "…".
pub const TITLE_MAX: usize = 120;
