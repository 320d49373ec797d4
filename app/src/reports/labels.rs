//! What the report and the Overview call each figure, and the order they
//! group them in (part I's): shared by the Overview, the statistics
//! workbook and their tests.

use leptos_i18n::td_string;

use super::figures::{MonthRow, Part};
use crate::i18n::Locale;
use crate::kinds::{
    award, conference, council_session, document, letter, opinion_matter, party_member,
    party_rating, reception_matter, recommendation, resolution, sc_meeting, supervision, task,
    visit, voter_contact, voter_petition,
};
use crate::records::spec::{FieldType, Registry};
use crate::records::texts::choice_label;
use crate::sync::model::RecordKind;

/// One line of the Overview.
#[derive(Clone, Copy)]
pub enum Line {
    /// A count; `sub` is a "of which" under the line before.
    Count {
        key: &'static str,
        kind: RecordKind,
        sub: bool,
    },
    /// A breakdown by a field of `kind`: one line per part that is not zero.
    Parts {
        key: &'static str,
        kind: RecordKind,
        field: &'static str,
    },
}

const fn count(key: &'static str, kind: RecordKind) -> Line {
    Line::Count {
        key,
        kind,
        sub: false,
    }
}

const fn sub(key: &'static str, kind: RecordKind) -> Line {
    Line::Count {
        key,
        kind,
        sub: true,
    }
}

const fn parts(key: &'static str, kind: RecordKind, field: &'static str) -> Line {
    Line::Parts { key, kind, field }
}

/// The groups of the Overview, as part I of the report orders them.
pub const GROUPS: &[(&str, &[Line])] = &[
    (
        "group_sessions",
        &[
            count("sessions", council_session::KIND),
            parts("sessions_by_type", council_session::KIND, "session_type"),
            count("resolutions", resolution::KIND),
            sub("resolutions_normative", resolution::KIND),
        ],
    ),
    (
        "group_standing",
        &[
            count("sc_meetings", sc_meeting::KIND),
            parts("sc_meetings_by_type", sc_meeting::KIND, "meeting_type"),
            count("opinion_documents", document::KIND),
            count("opinion_matters", opinion_matter::KIND),
            parts("opinion_matters_by_result", opinion_matter::KIND, "result"),
            parts("opinion_matters_by_field", opinion_matter::KIND, "field"),
            parts(
                "opinion_matters_by_committee",
                opinion_matter::KIND,
                "committee",
            ),
        ],
    ),
    (
        "group_supervision",
        &[
            count("supervisions", supervision::KIND),
            parts("supervisions_by_body", supervision::KIND, "body"),
            parts("supervisions_by_form", supervision::KIND, "form"),
            count("recommendations", recommendation::KIND),
            sub("recommendations_overdue", recommendation::KIND),
            parts("recommendations_by_status", recommendation::KIND, "status"),
        ],
    ),
    (
        "group_voters",
        &[
            count("voter_contacts", voter_contact::KIND),
            parts("voter_contacts_by_timing", voter_contact::KIND, "timing"),
            count("petitions_collected", voter_petition::KIND),
            sub("petitions_forwarded", voter_petition::KIND),
            sub("petitions_answered", voter_petition::KIND),
            sub("petitions_settled", voter_petition::KIND),
            parts("petitions_by_type", voter_petition::KIND, "petition_type"),
            parts("petitions_by_field", voter_petition::KIND, "field"),
        ],
    ),
    (
        "group_reception",
        &[
            count("visits", visit::KIND),
            sub("group_visits", visit::KIND),
            count("citizens_received", visit::KIND),
            parts("visits_by_kind", visit::KIND, "visit_kind"),
            count("reception_matters", reception_matter::KIND),
            parts(
                "reception_matters_by_type",
                reception_matter::KIND,
                "matter_type",
            ),
            count("letters", letter::KIND),
            sub("letters_eligible", letter::KIND),
            parts("letters_by_handling", letter::KIND, "handling"),
        ],
    ),
    (
        "group_conferences",
        &[
            count("conferences", conference::KIND),
            sub("conferences_hosted", conference::KIND),
        ],
    ),
    (
        "group_party",
        &[
            count("party_members", party_member::KIND),
            sub("party_members_provincial_standing", party_member::KIND),
            sub("party_members_provincial_committee", party_member::KIND),
            parts("party_member_ratings", party_rating::KIND, "rating"),
            count("awards", award::KIND),
        ],
    ),
    (
        "group_tasks",
        &[
            count("tasks_done", task::KIND),
            count("tasks_overdue", task::KIND),
        ],
    ),
];

/// What the interface calls a figure (a count, a breakdown, a group).
pub fn figure_label(locale: Locale, key: &str) -> Option<&'static str> {
    macro_rules! labels {
        ($($name:ident),* $(,)?) => {
            match key {
                $(stringify!($name) => Some(td_string!(locale, figures.$name)),)*
                _ => None,
            }
        };
    }
    labels!(
        sessions,
        sessions_by_type,
        resolutions,
        resolutions_normative,
        sc_meetings,
        sc_meetings_by_type,
        opinion_documents,
        opinion_matters,
        opinion_matters_by_result,
        opinion_matters_by_field,
        opinion_matters_by_committee,
        supervisions,
        supervisions_by_body,
        supervisions_by_form,
        recommendations,
        recommendations_by_status,
        recommendations_overdue,
        voter_contacts,
        voter_contacts_by_timing,
        petitions_collected,
        petitions_forwarded,
        petitions_answered,
        petitions_settled,
        petitions_by_status,
        petitions_by_type,
        petitions_by_field,
        visits,
        citizens_received,
        group_visits,
        visits_by_kind,
        reception_matters,
        reception_matters_by_type,
        letters,
        letters_eligible,
        letters_by_handling,
        conferences,
        conferences_hosted,
        conference_list,
        party_members,
        party_members_provincial_standing,
        party_members_provincial_committee,
        party_member_ratings,
        party_organisation_ratings,
        awards,
        tasks_done,
        tasks_overdue,
        unapproved,
        targets,
        targets_met,
        targets_exceeded,
        targets_not_met,
        targets_unknown,
        target_list,
        overdue,
        group_sessions,
        group_standing,
        group_supervision,
        group_voters,
        group_reception,
        group_conferences,
        group_party,
        group_tasks,
    )
}

/// A part's name: its choice's label, the catalogue record's name, or
/// "not recorded".
pub fn part_label(
    locale: Locale,
    registry: &Registry,
    kind: RecordKind,
    field: &str,
    part: &Part,
) -> String {
    if part.key == "none" {
        return td_string!(locale, overview.not_recorded).to_owned();
    }
    let spec = registry.get(kind);
    match spec
        .and_then(|spec| spec.field(field))
        .map(|field| field.ty)
    {
        Some(FieldType::Choice(set)) => choice_label(locale, set.name, &part.key),
        _ => part.label.clone().unwrap_or_else(|| part.key.clone()),
    }
}

/// One series of the months' chart: its figure key, its kind, its count in a month.
pub type Series = (&'static str, RecordKind, fn(&MonthRow) -> u64);

pub const SERIES: &[Series] = &[
    ("visits", visit::KIND, |row| row.visits),
    ("petitions_collected", voter_petition::KIND, |row| {
        row.petitions_collected
    }),
    ("opinion_matters", opinion_matter::KIND, |row| {
        row.opinion_matters
    }),
    ("sc_meetings", sc_meeting::KIND, |row| row.sc_meetings),
    ("letters", letter::KIND, |row| row.letters),
    ("sessions", council_session::KIND, |row| row.sessions),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;
    use crate::reports::figures::Figures;

    /// Every figure the Overview can show, and every group, has a name in
    /// both languages, and each line names a figure and a field that exist.
    #[test]
    fn every_line_names_a_figure_and_a_field_that_exist_with_a_label_in_both_languages() {
        let figures = Figures::default();
        let lists = [
            "conference_list",
            "party_organisation_ratings",
            "target_list",
            "overdue",
        ];
        let keys = Figures::COUNT_KEYS
            .iter()
            .chain(Figures::PARTS_KEYS)
            .chain(&lists)
            .chain(GROUPS.iter().map(|(group, _)| group))
            .chain(SERIES.iter().map(|(key, _, _)| key));
        for key in keys {
            for locale in [Locale::vi, Locale::en] {
                let label = figure_label(locale, key);
                assert!(
                    label.is_some_and(|label| !label.is_empty()),
                    "{key} has no label in {locale:?}"
                );
            }
        }
        for (group, lines) in GROUPS {
            assert!(!lines.is_empty(), "{group} is empty");
            for line in *lines {
                match line {
                    Line::Count { key, kind, .. } => {
                        assert!(
                            figures.count(key).is_some(),
                            "{group}: {key} is not a count"
                        );
                        assert!(
                            REGISTRY.get(*kind).is_some(),
                            "{group}: {key} names no kind"
                        );
                    }
                    Line::Parts { key, kind, field } => {
                        assert!(
                            figures.parts(key).is_some(),
                            "{group}: {key} is not a breakdown"
                        );
                        let spec = REGISTRY.get(*kind);
                        assert!(
                            spec.and_then(|spec| spec.field(field)).is_some(),
                            "{group}: {key} breaks down by {field}, which its kind does not have"
                        );
                    }
                }
            }
        }
        for (key, kind, _) in SERIES {
            assert!(
                figures.count(key).is_some() && REGISTRY.get(*kind).is_some(),
                "{key}"
            );
        }
    }
}
