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

#[test]
fn every_sample_is_valid_fills_every_field_and_round_trips() {
    let listed: Vec<_> = samples()
        .into_iter()
        .map(|(spec, _, _)| spec.kind)
        .collect();
    let registered: Vec<_> = REGISTRY.all().map(|spec| spec.kind).collect();
    assert_eq!(listed, registered);
    for (spec, fields, back) in samples() {
        assert_eq!(validate(spec, &fields), Ok(()), "{}", spec.kind);
        let filled: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
        let declared: BTreeSet<&str> = spec.fields.iter().map(|field| field.name).collect();
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
        for (a, b, c, text) in table(locale) {
            assert_eq!(crate::text::nfc(text), *text, "{a}.{b}.{c} is not NFC");
        }
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
