//! "Việc của tôi": what waits for the signed-in person across every kind —
//! the records submitted to a kind they review ("Chờ tôi duyệt", counted in
//! the navigation), and the records they made that a reviewer returned,
//! with the comment. Over the replica, so it reads offline; through the
//! registry, so no kind is named.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::pages::records::view::record_path;
use crate::records::review;
use crate::records::texts::{kind_text, shown_title};
use crate::records::work::reviews_any;
use crate::records::work::{Row, awaiting_review, returned_to};
use crate::sync::client::ClientState;
use crate::sync::model::field_value;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

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
            crate::messages::date_time(server.updated.at)
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
