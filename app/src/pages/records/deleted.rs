//! "Đã xóa" (`/deleted/:kind`): a kind's deleted records, for those who may
//! write the kind — each with who deleted it and when, its content to look
//! at, and "Khôi phục", which restores it as it was (a replica edit like
//! any other: offline too, synced, a conflict if someone changed it
//! meanwhile). The records come from the replica, which keeps a deleted
//! record as the server's tombstone.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::messages::{date_time, page_title};
use crate::pages::records::view::record_path;
use crate::records::spec::KindSpec;
use crate::records::texts::{field_label, kind_text, shown_title};
use crate::sync::client::{ClientState, EditError, LocalRecord};
use crate::sync::model::{RecordId, field_value};
use crate::sync::status::SaveError;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// The deleted records of a kind, the latest deleted first.
pub fn deleted_records<'a>(state: &'a ClientState, spec: &KindSpec) -> Vec<&'a LocalRecord> {
    let mut found: Vec<&LocalRecord> = state
        .records
        .values()
        .filter(|record| record.kind == spec.kind && record.deleted())
        .collect();
    found.sort_by_key(|record| {
        std::cmp::Reverse((
            record
                .server
                .as_ref()
                .map_or(i64::MAX, |server| server.updated.at),
            record.id.as_u128(),
        ))
    });
    found
}

/// Where a kind's deleted records are listed.
pub fn deleted_path(spec: &KindSpec) -> String {
    format!("/deleted/{}", spec.path)
}

/// `/deleted/:kind`, for those who write the kind.
#[component]
pub fn DeletedRoute() -> impl IntoView {
    crate::pages::records::view::kind_page(
        |spec| spec.write,
        |spec| view! { <DeletedPage spec=spec /> }.into_any(),
    )
}

#[component]
fn DeletedPage(spec: &'static KindSpec) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let auth = use_auth();
    let restored = RwSignal::new(None::<(RecordId, String)>);
    let failed = RwSignal::new(None::<String>);
    let restore = move |id: RecordId| {
        failed.set(None);
        let locale = i18n.get_locale_untracked();
        let title = replica.with_untracked(|state| {
            state
                .records
                .get(&id)
                .map(|record| shown_title(state, locale, spec, record.fields()))
                .unwrap_or_default()
        });
        leptos::task::spawn_local(async move {
            match replica.restore(id).await {
                Ok(()) => restored.set(Some((id, title))),
                Err(error) => failed.set(Some(match error {
                    SaveError::NotReady => td_string!(locale, records.loading).to_owned(),
                    SaveError::Storage(trouble) => {
                        crate::pages::sync::trouble_text(locale, &trouble)
                    }
                    SaveError::Edit(EditError::NotApplicable | EditError::NotFound) => {
                        td_string!(locale, deleted.gone).to_owned()
                    }
                    SaveError::Edit(other) => {
                        td_string!(locale, deleted.failed, error = other.to_string()).to_string()
                    }
                })),
            }
        });
    };
    let title = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            deleted.title,
            name = kind_text(locale, spec, "name")
        )
        .to_string()
    };
    let rows = move || {
        let locale = i18n.get_locale();
        let may_restore = auth
            .identity()
            .is_some_and(|identity| spec.writable_by(identity.role));
        replica.with(|state| {
            deleted_records(state, spec)
                .into_iter()
                .map(|record| {
                    let id = record.id;
                    let heading = shown_title(state, locale, spec, record.fields());
                    let (by, at) = match record.server.as_ref().filter(|server| server.deleted) {
                        Some(server) => (
                            server.updated.display_name.clone(),
                            date_time(server.updated.at),
                        ),
                        // Deleted here, not sent yet.
                        None => (
                            td_string!(locale, deleted.here).to_owned(),
                            td_string!(locale, deleted.pending).to_owned(),
                        ),
                    };
                    let content = spec
                        .fields
                        .iter()
                        .filter(|field| !field_value(record.fields(), field.name).is_null())
                        .map(|field| {
                            let value = crate::pages::records::view::shown_value(
                                state,
                                locale,
                                spec,
                                field,
                                field_value(record.fields(), field.name),
                            );
                            view! {
                                <dt>{field_label(locale, spec, field.name)}</dt>
                                <dd>{value}</dd>
                            }
                        })
                        .collect_view();
                    let label = td_string!(locale, deleted.restore_one, title = heading.clone())
                        .to_string();
                    view! {
                        <li class="deleted-record">
                            <h2>{heading}</h2>
                            <p class="record-stamps">
                                {td_string!(locale, deleted.by, name = by, time = at).to_string()}
                            </p>
                            <details>
                                <summary>{td_string!(locale, deleted.content)}</summary>
                                <dl class="details">{content}</dl>
                            </details>
                            <Show when=move || may_restore>
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-label=label.clone()
                                    on:click=move |_| restore(id)
                                >
                                    {td_string!(locale, deleted.restore)}
                                </button>
                            </Show>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || replica.with(|state| deleted_records(state, spec).is_empty());
    view! {
        <Title text=move || page_title(i18n.get_locale(), &title()) />
        <p class="breadcrumb">
            <A href=format!("/{}", spec.path)>
                {move || kind_text(i18n.get_locale(), spec, "name")}
            </A>
        </p>
        <header class="page-header">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), deleted.lead)}</p>
        </header>
        <div class="save-status" role="status">
            {move || {
                restored
                    .get()
                    .map(|(id, heading)| {
                        let locale = i18n.get_locale();
                        view! {
                            <p class="notice saved">
                                {td_string!(locale, deleted.restored, title = heading).to_string()} " "
                                <A href=record_path(spec, id)>{td_string!(locale, deleted.open)}</A>
                            </p>
                        }
                    })
            }}
        </div>
        <div role="alert" class="form-alert">
            {move || failed.get().map(|text| view! { <p>{text}</p> })}
        </div>
        <Show
            when=move || !empty()
            fallback=move || view! { <p>{move || td_string!(i18n.get_locale(), deleted.empty)}</p> }
        >
            <ul class="deleted-list">{rows}</ul>
        </Show>
    }
}
