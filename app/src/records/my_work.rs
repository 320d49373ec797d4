//! "Việc của tôi": what waits for the signed-in person across every kind —
//! the records submitted to a kind they review ("Chờ tôi duyệt", counted in
//! the navigation), and the records they made that a reviewer returned,
//! with the comment. Over the replica, so it reads offline; through the
//! registry, so no kind is named.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use super::review::{self, State};
use super::spec::KindSpec;
use super::texts::{kind_text, shown_title};
use super::view::record_path;
use crate::auth::model::{Identity, Role};
use crate::auth::state::use_auth;
use crate::i18n::{Locale, use_i18n};
use crate::sync::client::{ClientState, LocalRecord};
use crate::sync::model::field_value;
use crate::sync::replica::use_replica;
use crate::ui::page_title;

/// One record on the page: its kind, and the record as the replica has it.
type Row<'a> = (&'static KindSpec, &'a LocalRecord);

/// When the record last changed on the server (its step), for the order.
fn changed_at(record: &LocalRecord) -> i64 {
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
pub fn reviews_any(registry: &crate::records::spec::Registry, role: Role) -> bool {
    registry.all().any(|spec| review::reviews(spec, role))
}

/// A row of one of the page's tables: kind, linked title, who and when,
/// and for a returned record the comment.
fn row_view(
    locale: Locale,
    state: &ClientState,
    (spec, record): Row<'_>,
    comment: bool,
) -> impl IntoView + use<> {
    let fields = record.fields();
    let title = shown_title(state, locale, spec, fields);
    let stamp = record.server.as_ref().map(|server| {
        format!(
            "{} · {}",
            server.updated.display_name,
            crate::ui::date_time(server.updated.at)
        )
    });
    let note = comment.then(|| {
        let note = field_value(fields, review::NOTE)
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let empty = note.is_empty();
        view! {
            <td role="cell" data-label=td_string!(locale, my_work.col_comment) class:empty=empty>
                {note}
            </td>
        }
    });
    view! {
        <tr role="row">
            <th scope="row" role="rowheader">
                <a href=record_path(spec, record.id)>{title}</a>
            </th>
            <td role="cell" data-label=td_string!(locale, my_work.col_kind)>{kind_text(locale, spec, "one")}</td>
            <td role="cell" data-label=td_string!(locale, my_work.col_when)>{stamp}</td>
            {note}
        </tr>
    }
}

/// A section of the page: heading, then its records or what it means that
/// there are none.
fn section_view(
    locale: Locale,
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    rows: Vec<AnyView>,
    comment: bool,
) -> impl IntoView + use<> {
    let body = if rows.is_empty() {
        view! { <p class="empty-note">{empty}</p> }.into_any()
    } else {
        let count = rows.len();
        view! {
            <div class="table-scroll">
                <table class="data-table record-list" role="table" aria-labelledby=id>
                    <caption class="visually-hidden">
                        {td_string!(locale, my_work.count, count = crate::numbers::count(locale, count)).to_string()}
                    </caption>
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">{td_string!(locale, my_work.col_record)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, my_work.col_kind)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, my_work.col_when)}</th>
                            {comment.then(|| view! {
                                <th scope="col" role="columnheader">{td_string!(locale, my_work.col_comment)}</th>
                            })}
                        </tr>
                    </thead>
                    <tbody role="rowgroup">{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="my-work" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {body}
        </section>
    }
}

/// `/my-work`.
#[component]
pub fn MyWorkPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let replica = use_replica();
    let ready = move || replica.status().ready;
    let sections = move || {
        let locale = i18n.get_locale();
        let identity = auth.identity()?;
        if !ready() {
            return Some(
                view! { <p class="loading">{td_string!(locale, records.loading)}</p> }.into_any(),
            );
        }
        let registry = replica.with(|state| state.registry);
        let waiting = reviews_any(registry, identity.role).then(|| {
            let rows = replica.with(|state| {
                awaiting_review(state, identity.role)
                    .into_iter()
                    .map(|row| row_view(locale, state, row, false).into_any())
                    .collect::<Vec<_>>()
            });
            section_view(
                locale,
                "waiting-heading",
                td_string!(locale, my_work.waiting),
                td_string!(locale, my_work.waiting_empty),
                rows,
                false,
            )
        });
        let writes = registry
            .all()
            .any(|spec| spec.review.is_some() && spec.writable_by(identity.role));
        let returned = writes.then(|| {
            let rows = replica.with(|state| {
                returned_to(state, &identity)
                    .into_iter()
                    .map(|row| row_view(locale, state, row, true).into_any())
                    .collect::<Vec<_>>()
            });
            section_view(
                locale,
                "returned-heading",
                td_string!(locale, my_work.returned),
                td_string!(locale, my_work.returned_empty),
                rows,
                true,
            )
        });
        Some(view! { {waiting} {returned} }.into_any())
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), nav.my_work)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), nav.my_work)}</h1>
            <p>{move || td_string!(i18n.get_locale(), my_work.lead)}</p>
        </header>
        {sections}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;
    use crate::records::body::Body;
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
