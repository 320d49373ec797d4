//! The figures the office counts from its records, declared once: a target
//! "Tính từ hồ sơ" names one of them, and the year's report counts with
//! the same ones. Each says its kind, the date that puts a record in a
//! period (DOMAIN.md, "How the office counts") and the values counted.

use crate::records::figures::Measure;
use crate::records::spec::ChoiceSet;

use super::{
    conference, council_session, letter, opinion_matter, sc_meeting, supervision, task, visit,
    voter_contact, voter_petition,
};

/// Every measure, in the order a target's picker offers them.
pub static MEASURES: &[Measure] = &[
    Measure {
        key: "regular_sessions",
        kind: council_session::KIND,
        date: "starts_on",
        only: &[("session_type", &["regular"])],
        sum: None,
    },
    Measure {
        key: "sessions",
        kind: council_session::KIND,
        date: "starts_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "regular_sc_meetings",
        kind: sc_meeting::KIND,
        date: "held_on",
        only: &[("meeting_type", &["regular"])],
        sum: None,
    },
    Measure {
        key: "sc_meetings",
        kind: sc_meeting::KIND,
        date: "held_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "opinion_matters",
        kind: opinion_matter::KIND,
        date: "received_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "supervisions",
        kind: supervision::KIND,
        date: "starts_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "council_supervisions",
        kind: supervision::KIND,
        date: "starts_on",
        only: &[("body", &["council"])],
        sum: None,
    },
    Measure {
        key: "sc_supervisions",
        kind: supervision::KIND,
        date: "starts_on",
        only: &[("body", &["standing_committee"])],
        sum: None,
    },
    Measure {
        key: "voter_contacts",
        kind: voter_contact::KIND,
        date: "held_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "petitions_collected",
        kind: voter_petition::KIND,
        date: "received_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "visits",
        kind: visit::KIND,
        date: "visited_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "scheduled_visits",
        kind: visit::KIND,
        date: "visited_on",
        only: &[("visit_kind", &["scheduled"])],
        sum: None,
    },
    Measure {
        key: "citizens_received",
        kind: visit::KIND,
        date: "visited_on",
        only: &[],
        sum: Some("people"),
    },
    Measure {
        key: "letters",
        kind: letter::KIND,
        date: "received_on",
        only: &[],
        sum: None,
    },
    Measure {
        key: "hosted_conferences",
        kind: conference::KIND,
        date: "starts_on",
        only: &[("role", &["host"])],
        sum: None,
    },
    Measure {
        key: "tasks_done",
        kind: task::KIND,
        date: "done_on",
        only: &[("status", &["done"])],
        sum: None,
    },
];

/// The keys of [`MEASURES`] as a choice set (a target's `measure`); a test
/// checks that both list the same keys in the same order.
pub static MEASURE_KEYS: ChoiceSet = ChoiceSet {
    name: "measure",
    values: &[
        "regular_sessions",
        "sessions",
        "regular_sc_meetings",
        "sc_meetings",
        "opinion_matters",
        "supervisions",
        "council_supervisions",
        "sc_supervisions",
        "voter_contacts",
        "petitions_collected",
        "visits",
        "scheduled_visits",
        "citizens_received",
        "letters",
        "hosted_conferences",
        "tasks_done",
    ],
};

/// The measure of a key.
pub fn measure(key: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|measure| measure.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;
    use crate::records::spec::FieldType;

    #[test]
    fn the_choice_set_lists_every_measure_in_order() {
        let keys: Vec<&str> = MEASURES.iter().map(|measure| measure.key).collect();
        assert_eq!(keys, MEASURE_KEYS.values);
    }

    /// A measure names fields its kind has, of the types it counts them by:
    /// a misspelt field would count nothing, silently.
    #[test]
    fn every_measure_names_real_fields_and_values() {
        for measure in MEASURES {
            let spec = REGISTRY.get(measure.kind).expect(measure.key);
            let date = spec.field(measure.date).expect(measure.date);
            assert_eq!(date.ty, FieldType::Date, "{}", measure.key);
            for (name, values) in measure.only {
                let field = spec
                    .field(name)
                    .unwrap_or_else(|| panic!("{}: {name}", measure.key));
                for value in *values {
                    let known = match field.ty {
                        FieldType::Choice(set) => set.contains(value),
                        FieldType::YesNo => ["true", "false"].contains(value),
                        _ => false,
                    };
                    assert!(known, "{}: {name} = {value}", measure.key);
                }
            }
            if let Some(name) = measure.sum {
                let field = spec.field(name).expect(name);
                assert!(
                    matches!(field.ty, FieldType::Integer { .. }),
                    "{}",
                    measure.key
                );
            }
        }
    }
}
