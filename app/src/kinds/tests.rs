//! Checks every registered kind: its spec is consistent, its typed body
//! agrees with it, its sample round-trips, and both languages have every
//! text the generic pages look up.

use std::collections::BTreeSet;

use super::{REGISTRY, samples};
use crate::auth::model::{RECORD_WRITERS, Role};
use crate::i18n::Locale;
use crate::records::check::validate;
use crate::records::spec::{Closed, FieldType};
use crate::records::texts::{lookup, table};

const ROLES: [Role; 6] = [
    Role::Staff,
    Role::ReceptionStaff,
    Role::OfficeLeader,
    Role::StandingCommittee,
    Role::Admin,
    Role::Viewer,
];

#[test]
fn kinds_and_paths_are_unique_and_specs_name_their_own_fields() {
    let mut kinds = BTreeSet::new();
    let mut paths = BTreeSet::new();
    for spec in REGISTRY.all() {
        assert!(kinds.insert(spec.kind), "{} twice", spec.kind);
        assert!(paths.insert(spec.path), "path {} twice", spec.path);
        assert!(
            spec.path
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            spec.path
        );
        assert!(
            ![
                "login",
                "account",
                "conflicts",
                "reports",
                "admin",
                "api",
                "pkg"
            ]
            .contains(&spec.path),
            "{} shadows a fixed route",
            spec.path
        );
        assert!(spec.fields.len() <= 64, "{}", spec.kind);
        let mut names = BTreeSet::new();
        for field in spec.fields {
            assert!(
                names.insert(field.name),
                "{}.{} twice",
                spec.kind,
                field.name
            );
            if let Some(target) = field.ty.target() {
                assert!(
                    REGISTRY.get(target).is_some(),
                    "{}.{} links to unknown {target}",
                    spec.kind,
                    field.name
                );
            }
            if let FieldType::Choice(set) = field.ty {
                assert!(!set.values.is_empty());
            }
            if field.filter {
                assert!(
                    matches!(
                        field.ty,
                        FieldType::Choice(_)
                            | FieldType::Link(_)
                            | FieldType::Links { .. }
                            | FieldType::YesNo
                    ),
                    "{}.{} cannot be a filter",
                    spec.kind,
                    field.name
                );
            }
        }
        let named = |name: &str| spec.field(name).is_some();
        for column in spec.columns {
            assert!(named(column), "{} column {column}", spec.kind);
        }
        for (field, _) in spec.order {
            assert!(named(field), "{} order {field}", spec.kind);
        }
        assert!(!spec.order.is_empty(), "{} has no order", spec.kind);
        if let Some(year) = spec.year {
            assert!(named(year), "{} year {year}", spec.kind);
        }
        match spec.closed {
            Closed::Never => {}
            Closed::DaysAfter { field, .. } => assert!(named(field)),
            Closed::StatusAfter { field, date, .. } => assert!(named(field) && named(date)),
        }
    }
}

/// (kind, field): what a sample leaves out because the kind's rules exclude
/// it with the sample's other values (an entered target has no measure; a
/// computed one no typed actual). The rules' own tests cover the other way.
const LEFT_OUT: &[(&str, &str)] = &[("plan_target", "measure")];

#[test]
fn every_sample_is_valid_fills_every_field_and_round_trips() {
    let listed: Vec<_> = samples()
        .into_iter()
        .map(|sample| sample.spec.kind)
        .collect();
    let registered: Vec<_> = REGISTRY.all().map(|spec| spec.kind).collect();
    assert_eq!(listed, registered);
    for super::Sample {
        spec, fields, back, ..
    } in samples()
    {
        assert_eq!(validate(spec, &fields), Ok(()), "{}", spec.kind);
        let filled: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
        let declared: BTreeSet<&str> = spec
            .fields
            .iter()
            .map(|field| field.name)
            .filter(|name| !LEFT_OUT.contains(&(spec.kind.as_str(), *name)))
            .collect();
        assert_eq!(
            filled, declared,
            "{}: the sample fills every field",
            spec.kind
        );
        assert_eq!(
            back.as_ref(),
            Ok(&fields),
            "{}: type and spec agree",
            spec.kind
        );
    }
}

#[test]
fn both_languages_have_every_text_of_every_kind() {
    for locale in [Locale::vi, Locale::en] {
        for spec in REGISTRY.all() {
            let kind = spec.kind.as_str();
            for key in ["name", "one", "many", "new", "lead", "title"] {
                let text = lookup(locale, kind, key, "");
                assert!(
                    text.is_some_and(|text| !text.trim().is_empty()),
                    "{locale:?} {kind}.{key}"
                );
            }
            for field in spec.fields {
                assert!(
                    lookup(locale, kind, "fields", field.name).is_some(),
                    "{locale:?} {kind}.fields.{}",
                    field.name
                );
                assert_eq!(
                    lookup(locale, kind, "hints", field.name).is_some(),
                    field.hint,
                    "{locale:?} {kind}.hints.{} (the spec's hint flag)",
                    field.name
                );
                // What a record linked to says of the records linking here.
                if field.ty.target().is_some() {
                    assert!(
                        lookup(locale, kind, "backlinks", field.name)
                            .is_some_and(|text| !text.trim().is_empty()),
                        "{locale:?} {kind}.backlinks.{}",
                        field.name
                    );
                }
                if let FieldType::Choice(set) = field.ty {
                    for value in set.values {
                        assert!(
                            lookup(locale, "choices", set.name, value).is_some(),
                            "{locale:?} choices.{}.{value}",
                            set.name
                        );
                    }
                }
            }
        }
        // Texts are stored as NFC, like records.
        for (key, text) in table(locale) {
            assert_eq!(crate::text::nfc(text), text, "{key} is not NFC");
        }
        assert!(table(locale).count() > 400);
    }
    for spec in REGISTRY.all() {
        let kind = spec.kind.as_str();
        assert_ne!(
            lookup(Locale::vi, kind, "name", ""),
            lookup(Locale::en, kind, "name", ""),
            "{kind}: English is not Vietnamese"
        );
    }
}

/// A rule between dates says it in the kind's own words: a matter's reply
/// date is not "the closing day" of a session. Every `(`code` on `field`)`
/// the kind's rules name has the kind's message, in both languages, and
/// the Vietnamese one names the field it is on.
#[test]
fn rules_between_dates_speak_of_the_kinds_own_fields() {
    let mut seen = 0;
    for sample in samples() {
        let kind = sample.spec.kind.as_str();
        for code in ["ends_before_start", "too_long_period"] {
            for (at, _) in sample.rules.match_indices(&format!("(`{code}` on `")) {
                let rest = &sample.rules[at + code.len() + 8..];
                let field = &rest[..rest.find('`').unwrap_or(0)];
                let label = lookup(Locale::vi, kind, "fields", field)
                    .unwrap_or_else(|| panic!("{kind}: no field {field}"))
                    .to_lowercase();
                let vi = lookup(Locale::vi, kind, "rules", code)
                    .unwrap_or_else(|| panic!("vi {kind}.rules.{code}"));
                assert!(
                    vi.to_lowercase().contains(&label),
                    "{kind}.rules.{code}: {vi} ({label})"
                );
                assert!(
                    lookup(Locale::en, kind, "rules", code).is_some(),
                    "en {kind}.rules.{code}"
                );
                seen += 1;
            }
        }
    }
    // Sessions, conferences (both rules), matters, supervisions, petitions,
    // units and terms.
    assert_eq!(seen, 9);
}

#[test]
fn the_push_gate_lets_in_every_role_that_writes_some_kind() {
    for role in ROLES {
        if REGISTRY.writes_any(role) {
            assert!(RECORD_WRITERS.allows(Some(role)), "{role}");
        }
    }
    assert!(!REGISTRY.writes_any(Role::Viewer));
}

#[test]
fn council_records_follow_the_domain_access_table() {
    let session = REGISTRY
        .get(crate::sync::model::RecordKind::new("council_session"))
        .expect("registered");
    for role in ROLES {
        assert_eq!(
            session.writable_by(role),
            matches!(role, Role::Staff | Role::OfficeLeader),
            "{role}"
        );
        assert_eq!(session.readable_by(role), role != Role::Admin, "{role}");
    }
}

/// docs/API.md's reference of every kind, made from the registry. The test
/// fails when the file differs; `HDND_WRITE_DOCS=1 cargo test -p app
/// docs_api` rewrites it.
fn kinds_reference() -> String {
    use crate::auth::model::Access;
    use crate::records::spec::{Closed, Group};
    use std::fmt::Write as _;

    let roles = |access: Access| -> String {
        match access {
            Access::Public => "anyone".into(),
            Access::SignedIn => "every role".into(),
            Access::Roles(roles) => roles
                .iter()
                .map(|role| format!("`{role}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    let label =
        |locale, kind: &str, field: &str| lookup(locale, kind, "fields", field).unwrap_or("");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- kinds:start — made from the registry (app/src/kinds/); `HDND_WRITE_DOCS=1 cargo test -p app docs_api` rewrites it -->"
    );
    let _ = writeln!(
        out,
        "\n| Kind | Tên | Name | Pages | Read (pulled) by | Written (pushed) by |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for spec in REGISTRY.all() {
        let kind = spec.kind.as_str();
        let _ = writeln!(
            out,
            "| [`{kind}`](#kind-{anchor}) | {} | {} | `/{}` | {} | {} |",
            lookup(Locale::vi, kind, "name", "").unwrap_or(""),
            lookup(Locale::en, kind, "name", "").unwrap_or(""),
            spec.path,
            roles(spec.read),
            roles(spec.write),
            anchor = kind.replace('_', "-"),
        );
    }
    // Each example gets its own id, and its links point at the examples of
    // the kinds they name: entered with each kind after the kinds it links
    // to (server/tests/kinds.rs does), they make a linked set. A link to the
    // record's own kind is left out: it would name the record itself.
    let kinds: Vec<crate::sync::model::RecordKind> = REGISTRY.all().map(|spec| spec.kind).collect();
    let example_id = |kind: crate::sync::model::RecordKind| {
        let index = kinds.iter().position(|k| *k == kind).unwrap_or_default();
        crate::sync::model::RecordId::example(1000 + index as u64).to_string()
    };
    for sample in samples() {
        let spec = sample.spec;
        let kind = spec.kind.as_str();
        let mut fields = sample.fields.clone();
        for field in spec.fields {
            match field.ty {
                FieldType::Link(target) | FieldType::Links { kind: target, .. }
                    if target == spec.kind =>
                {
                    fields.remove(field.name);
                }
                FieldType::Link(target) => {
                    fields.insert(field.name.into(), serde_json::json!(example_id(target)));
                }
                FieldType::Links { kind: target, .. } => {
                    fields.insert(field.name.into(), serde_json::json!([example_id(target)]));
                }
                _ => {}
            }
        }
        assert_eq!(validate(spec, &fields), Ok(()), "{kind}");
        let group = match spec.group {
            Group::Council => "council work",
            Group::Citizens => "voters and citizens",
            Group::Office => "the office",
            Group::Catalogues => "catalogue, kept by the administrator",
        };
        let _ = writeln!(
            out,
            "\n<a id=\"kind-{}\"></a>\n\n### Kind `{kind}` — {} ({})\n",
            kind.replace('_', "-"),
            lookup(Locale::vi, kind, "name", "").unwrap_or(""),
            lookup(Locale::en, kind, "name", "").unwrap_or("")
        );
        let closed = match spec.closed {
            Closed::Never => "stays in every browser".to_owned(),
            Closed::DaysAfter { field, days } => {
                format!("may leave a full browser cache {days} days after `{field}`")
            }
            Closed::StatusAfter {
                field,
                values,
                date,
                days,
            } => format!(
                "may leave a full browser cache when `{field}` is {} and `{date}` is over {days} days old",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        let _ = writeln!(
            out,
            "{} ({group}). Pulled by {}; pushed by {}. A record {closed}.\n",
            lookup(Locale::en, kind, "lead", "")
                .unwrap_or("")
                .trim_end_matches('.'),
            roles(spec.read),
            roles(spec.write),
        );
        let _ = writeln!(out, "| Field | Nhãn | Value | Required | Error `code`s |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for field in spec.fields {
            let (value, codes) = match field.ty {
                FieldType::Text { max } => (
                    format!("text on one line, at most {max} characters"),
                    "`not_text`, `control_character`, `invisible`, `too_long`".to_owned(),
                ),
                FieldType::LongText { max } => (
                    format!(
                        "text, several lines (new lines and tabs allowed), at most {max} characters"
                    ),
                    "`not_text`, `control_character`, `invisible`, `too_long`".to_owned(),
                ),
                FieldType::Integer { min, max, roman } => (
                    format!(
                        "whole number {min}–{max}{}",
                        if roman {
                            " (shown in Roman numerals)"
                        } else {
                            ""
                        }
                    ),
                    "`not_a_number`, `out_of_range`".to_owned(),
                ),
                FieldType::Decimal { min, max } => (
                    format!("number {min}–{max}, at most two decimals, without an exponent"),
                    "`not_a_number`, `too_precise`, `out_of_range`".to_owned(),
                ),
                FieldType::Date => (
                    "date, `YYYY-MM-DD`, from `1945-01-01` to `2100-12-31`".to_owned(),
                    "`not_a_date`, `date_out_of_range`".to_owned(),
                ),
                FieldType::Choice(set) => (
                    format!(
                        "one of {}",
                        set.values
                            .iter()
                            .map(|value| format!(
                                "`{value}` ({})",
                                lookup(Locale::vi, "choices", set.name, value).unwrap_or("")
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "`not_a_choice`".to_owned(),
                ),
                FieldType::YesNo => ("`true` or `false`".to_owned(), "`not_yes_no`".to_owned()),
                FieldType::Link(target) => (
                    format!(
                        "the `id` of an existing [`{target}`](#kind-{}) record",
                        target.as_str().replace('_', "-")
                    ),
                    "`not_a_link`, `unknown_link`".to_owned(),
                ),
                FieldType::Links { kind: target, max } => (
                    format!(
                        "a list of `id`s of existing [`{target}`](#kind-{}) records, each once, at most {max}",
                        target.as_str().replace('_', "-")
                    ),
                    "`not_a_link`, `too_many`, `duplicate_link`, `unknown_link`".to_owned(),
                ),
                FieldType::DocNumber => (
                    "a document's number and symbol, a string of at most 60 characters: 1–6 digits, optionally `/` and a four-digit year, then `/` and a symbol of letters (`Đ` included) and digits in parts joined by single hyphens, starting with a letter (see [Field types](#field-types)), e.g. `85/BC-HĐND`, `05/2025/NQ-HĐND`".to_owned(),
                    "`not_text`, `not_a_doc_number`".to_owned(),
                ),
            };
            let personal = if field.personal {
                " Personal data: pulls and push answers carry it only to `reception_staff` and `office_leader`."
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {value}.{personal} | {} | {}{codes} |",
                field.name,
                label(Locale::vi, kind, field.name),
                if field.required { "yes" } else { "no" },
                if field.required { "`required`, " } else { "" },
            );
        }
        let _ = writeln!(out, "\nRules between fields: {}\n", sample.rules);
        let changes: Vec<String> = fields
            .iter()
            .map(|(field, value)| {
                format!(
                    "    {{\"field\": \"{field}\", \"old\": null, \"new\": {}}}",
                    serde_json::to_string(value).unwrap_or_default()
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "Creating one (`POST /api/sync/push`):\n\n```json\n{{\"mutations\": [{{\n  \"client_id\": \"{}\", \"seq\": 1, \"kind\": \"{kind}\",\n  \"record_id\": \"{}\", \"base_version\": 0, \"at\": 1606780800000, \"op\": \"put\",\n  \"changes\": [\n{}\n  ]\n}}]}}\n```",
            crate::sync::model::ClientId::example(1),
            example_id(spec.kind),
            changes.join(",\n")
        );
        let mut targets: Vec<String> = Vec::new();
        for field in spec.fields {
            if let FieldType::Link(target) | FieldType::Links { kind: target, .. } = field.ty {
                let named = format!("[`{target}`](#kind-{})", target.as_str().replace('_', "-"));
                if target != spec.kind
                    && fields.contains_key(field.name)
                    && !targets.contains(&named)
                {
                    targets.push(named);
                }
            }
        }
        if !targets.is_empty() {
            let _ = writeln!(
                out,
                "\nIts links name the examples of {}: a link must name a record the server holds (else `unknown_link`), so those are pushed first.",
                targets.join(", ")
            );
        }
    }
    // What a target "computed from records" may count by.
    let _ = writeln!(
        out,
        "\n### Measures\n\nA [`plan_target`](#kind-plan-target) with `source: computed` names one of these as its `measure`; its actual is the measure's figure over the target's `year` (1 January to 31 December, by the date field named), and is shown, never stored.\n\n| `measure` | Đếm theo | Counts | Of kind | In the year by | Only where |\n|---|---|---|---|---|---|"
    );
    for measure in super::measures::MEASURES {
        let only: Vec<String> = measure
            .only
            .iter()
            .map(|(field, values)| {
                let values: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
                format!("`{field}` is {}", values.join(" or "))
            })
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | [`{}`](#kind-{}) | `{}` | {} |",
            measure.key,
            lookup(Locale::vi, "choices", "measure", measure.key).unwrap_or(""),
            measure.sum.map_or_else(
                || "records".to_owned(),
                |field| format!("the sum of `{field}`")
            ),
            measure.kind,
            measure.kind.as_str().replace('_', "-"),
            measure.date,
            if only.is_empty() {
                "—".to_owned()
            } else {
                only.join("; ")
            },
        );
    }
    let _ = write!(out, "\n<!-- kinds:end -->");
    out
}

#[test]
fn docs_api_lists_every_kind_as_the_registry_declares_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/API.md");
    let text = std::fs::read_to_string(path).expect("docs/API.md");
    let start = text
        .find("<!-- kinds:start")
        .expect("docs/API.md has <!-- kinds:start");
    let end = text
        .find("<!-- kinds:end -->")
        .expect("docs/API.md has <!-- kinds:end -->")
        + "<!-- kinds:end -->".len();
    let reference = kinds_reference();
    if std::env::var_os("HDND_WRITE_DOCS").is_some() {
        let updated = format!("{}{reference}{}", &text[..start], &text[end..]);
        std::fs::write(path, updated).expect("write docs/API.md");
        return;
    }
    assert!(
        text[start..end] == reference,
        "docs/API.md's kinds differ from the registry: run HDND_WRITE_DOCS=1 cargo test -p app docs_api"
    );
}

#[test]
fn a_second_number_of_a_series_is_the_same_number_only_within_its_series() {
    use serde_json::json;
    let fields = |pairs: &[(&str, serde_json::Value)]| -> crate::sync::model::Fields {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect()
    };
    let meeting =
        |number: u32, day: &str| fields(&[("number", json!(number)), ("held_on", json!(day))]);
    let sc = &super::sc_meeting::SPEC;
    // "Phiên họp thứ 50" twice in 2020; numbering starts again in 2021.
    assert!(sc.same_number(&meeting(50, "2020-03-02"), &meeting(50, "2020-12-03")));
    assert!(!sc.same_number(&meeting(50, "2020-03-02"), &meeting(50, "2021-01-05")));
    assert!(!sc.same_number(&meeting(50, "2020-03-02"), &meeting(51, "2020-03-02")));
    // Without a number there is nothing to compare.
    assert!(!sc.same_number(&fields(&[]), &fields(&[])));
    let resolution = &super::resolution::SPEC;
    let numbered = |number: &str| fields(&[("number", json!(number))]);
    assert!(resolution.same_number(&numbered("29/NQ-HĐND"), &numbered("29/NQ-HĐND")));
    assert!(!resolution.same_number(&numbered("29/NQ-HĐND"), &numbered("30/NQ-HĐND")));
    // A kind without a series never warns.
    let field = &super::field::SPEC;
    let named = fields(&[("name", json!("Kinh tế"))]);
    assert!(!field.same_number(&named, &named));
}
