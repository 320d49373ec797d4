//! What waits for the signed-in person across every kind ("Việc của tôi"):
//! the records submitted to a kind their role reviews, and the records they
//! made that a reviewer returned. Over the replica's records, through the
//! registry: no kind is named.

use super::review::{self, State};
use super::spec::{KindSpec, Registry};
use crate::auth::model::{Identity, Role};
use crate::sync::client::{ClientState, LocalRecord};

/// One record on the page: its kind, and the record as the replica has it.
pub type Row<'a> = (&'static KindSpec, &'a LocalRecord);

/// When the record last changed on the server (its step), for the order.
pub fn changed_at(record: &LocalRecord) -> i64 {
    record
        .server
        .as_ref()
        .map_or(i64::MAX, |server| server.updated.at)
}

/// The submitted records of the kinds `role` reviews, the longest waiting
/// first.
pub fn awaiting_review(state: &ClientState, role: Role) -> Vec<Row<'_>> {
    let mut rows: Vec<Row<'_>> = in_state(state, State::Submitted)
        .filter(|(spec, _)| review::reviews(spec, role))
        .collect();
    rows.sort_by_key(|(_, record)| (changed_at(record), record.id));
    rows
}

/// How many records wait for `role`'s review (the navigation's count).
pub fn awaiting_count(state: &ClientState, role: Role) -> usize {
    in_state(state, State::Submitted)
        .filter(|(spec, _)| review::reviews(spec, role))
        .count()
}

/// The live records in `wanted`, with their kind's spec, in one pass over
/// the replica (the state read first: most records are in another).
fn in_state(state: &ClientState, wanted: State) -> impl Iterator<Item = Row<'_>> {
    state
        .live_all()
        .filter(move |record| State::of(record.fields()) == wanted)
        .filter_map(|record| Some((state.registry.get(record.kind)?, record)))
}

/// The returned records `identity` made, of kinds it still writes, the
/// latest returned first. (The one who made a record is who it goes back
/// to: the server stamps the creator; the submitter is not kept apart.)
pub fn returned_to<'a>(state: &'a ClientState, identity: &Identity) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = in_state(state, State::Returned)
        .filter(|(spec, record)| {
            spec.review.is_some()
                && spec.writable_by(identity.role)
                && record
                    .server
                    .as_ref()
                    .is_some_and(|server| server.created.username == identity.username)
        })
        .collect();
    rows.sort_by_key(|(_, record)| std::cmp::Reverse((changed_at(record), record.id)));
    rows
}

/// Whether `role` reviews any kind (and so has "Chờ tôi duyệt").
pub fn reviews_any(registry: &Registry, role: Role) -> bool {
    registry.all().any(|spec| review::reviews(spec, role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;
    use crate::records::body::Body;
    use crate::records::review::State;
    use crate::sync::model::field_value;
    use crate::sync::model::{ClientId, Document, RecordId, Stamp};

    fn document(
        spec: &'static KindSpec,
        fields: crate::sync::model::Fields,
        by: &str,
        at: i64,
    ) -> LocalRecord {
        let stamp = Stamp {
            username: by.to_owned(),
            display_name: by.to_owned(),
            at,
        };
        LocalRecord::synced(Document {
            kind: spec.kind,
            id: RecordId::new(),
            version: 2,
            deleted: false,
            fields,
            created: stamp.clone(),
            updated: stamp,
        })
    }

    fn with_state(
        fields: crate::sync::model::Fields,
        state: State,
        note: Option<&str>,
    ) -> crate::sync::model::Fields {
        let mut fields = fields;
        crate::sync::model::set_field(&mut fields, review::FIELD, state.value());
        if let Some(note) = note {
            crate::sync::model::set_field(&mut fields, review::NOTE, note.into());
        }
        fields
    }

    #[test]
    fn a_leader_waits_on_submitted_records_and_their_writer_sees_them_returned() {
        let task = crate::kinds::task::Task::sample().to_fields();
        let meeting = crate::kinds::sc_meeting::ScMeeting::sample().to_fields();
        let mut state = ClientState::new(ClientId::new(), &REGISTRY);
        let records = [
            document(
                &crate::kinds::task::SPEC,
                with_state(task.clone(), State::Submitted, None),
                "chuyenvien",
                20,
            ),
            document(
                &crate::kinds::task::SPEC,
                with_state(task.clone(), State::Submitted, None),
                "chuyenvien",
                10,
            ),
            document(
                &crate::kinds::task::SPEC,
                with_state(task.clone(), State::Draft, None),
                "chuyenvien",
                5,
            ),
            document(
                &crate::kinds::task::SPEC,
                with_state(task.clone(), State::Returned, Some("Bổ sung")),
                "chuyenvien",
                7,
            ),
            document(
                &crate::kinds::task::SPEC,
                with_state(task, State::Returned, None),
                "nguoikhac",
                8,
            ),
            document(
                &crate::kinds::sc_meeting::SPEC,
                with_state(meeting, State::Submitted, None),
                "chuyenvien",
                30,
            ),
        ];
        for record in records {
            state.records.insert(record.id, record);
        }
        let leader = awaiting_review(&state, Role::OfficeLeader);
        assert_eq!(leader.len(), 3);
        assert_eq!(awaiting_count(&state, Role::OfficeLeader), 3);
        let times: Vec<i64> = leader
            .iter()
            .map(|(_, record)| changed_at(record))
            .collect();
        assert_eq!(times, [10, 20, 30], "the longest waiting first");
        // The Standing Committee reviews its own outputs only.
        let committee = awaiting_review(&state, Role::StandingCommittee);
        assert_eq!(committee.len(), 1);
        assert_eq!(committee[0].0.kind, crate::kinds::sc_meeting::KIND);
        assert_eq!(awaiting_count(&state, Role::Staff), 0);
        assert!(!reviews_any(&REGISTRY, Role::Staff));
        assert!(reviews_any(&REGISTRY, Role::StandingCommittee));
        let staff = Identity {
            username: "chuyenvien".into(),
            display_name: "Chuyên viên".into(),
            role: Role::Staff,
        };
        let returned = returned_to(&state, &staff);
        assert_eq!(returned.len(), 1, "only what they made");
        assert_eq!(
            field_value(returned[0].1.fields(), review::NOTE).as_str(),
            Some("Bổ sung")
        );
        // A role that no longer writes the kind has nothing returned to it.
        let reader = Identity {
            role: Role::StandingCommittee,
            ..staff
        };
        assert!(returned_to(&state, &reader).is_empty());
    }
}
