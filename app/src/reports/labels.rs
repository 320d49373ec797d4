//! What the report and the Overview call each figure, and the order they
//! group them in (part I's): shared by the Overview, the statistics
//! workbook and their tests.

use leptos_i18n::td_string;

use super::figures::Part;
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
