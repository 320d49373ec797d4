//! "Nhật ký thay đổi" (`/changes`): every record change from the server's
//! change log, newest first, filtered by person, kind and day — for the
//! office leader with the values old → new, for the administrator without
//! any (the server withholds them: `crate::records::history::HistoryEntry::for_role`).
//! Read from the server: offline it says so.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::calendar::IsoDate;
use crate::error::AppError;
use crate::i18n::{Locale, use_i18n};
use crate::messages::{date_time, error_message, page_title};
use crate::pages::records::view::record_path;
use crate::records::history::{HistoryChange, HistoryEntry};
use crate::records::texts::{field_label, kind_text, shown_title};
use crate::sync::client::ClientState;
use crate::sync::model::RecordKind;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;
use crate::web::ui::TextField;

/// Entries asked for at a time.
const PAGE: u32 = 50;

/// A day typed into a filter (dd/mm/yyyy or yyyy-mm-dd); empty is none.
fn typed_day(text: &str) -> Result<Option<IsoDate>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    IsoDate::parse_typed(text).map(Some).map_err(|_| ())
}

/// What changed, in a few words: "Địa điểm: Hội trường A → Hội trường B";
/// only the field's name when its values are withheld.
fn change_text(
    state: &ClientState,
    locale: Locale,
    entry: &HistoryEntry,
    change: &HistoryChange,
) -> String {
    let Some(spec) = state.registry.get(entry.kind) else {
        return change.field.clone();
    };
    let label = field_label(locale, spec, &change.field);
    if change.withheld {
        return label;
    }
    let shown = |value: &serde_json::Value| match spec.field(&change.field) {
        Some(field) => crate::pages::records::view::shown_value(state, locale, spec, field, value),
        None => value.to_string(),
    };
    if change.old.is_null() {
        format!("{label}: {}", shown(&change.new))
    } else {
        format!("{label}: {} → {}", shown(&change.old), shown(&change.new))
    }
}

/// `/changes`.
#[component]
pub fn ChangeLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let replica = use_replica();
    let username = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let from_errors = RwSignal::new(Vec::<String>::new());
    let to_errors = RwSignal::new(Vec::<String>::new());
    let entries = RwSignal::new(Vec::<HistoryEntry>::new());
    let more = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);

    let load = move |before: Option<u64>| {
        let locale = i18n.get_locale_untracked();
        let bad_day = || vec![td_string!(locale, changes.bad_day).to_owned()];
        let from_day = typed_day(&from.get_untracked());
        let to_day = typed_day(&to.get_untracked());
        from_errors.set(if from_day.is_err() {
            bad_day()
        } else {
            Vec::new()
        });
        to_errors.set(if to_day.is_err() {
            bad_day()
        } else {
            Vec::new()
        });
        let (Ok(from_day), Ok(to_day)) = (from_day, to_day) else {
            return;
        };
        let name = username.get_untracked().trim().to_owned();
        let kind = RecordKind::parse(&kind.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = crate::records::api::changes(
                (!name.is_empty()).then_some(name),
                kind,
                from_day,
                to_day,
                before,
                Some(PAGE),
            )
            .await;
            match auth.check(answer) {
                Ok(page) => {
                    entries.try_update(|entries| {
                        if before.is_none() {
                            entries.clear();
                        }
                        entries.extend(page.entries);
                    });
                    more.try_set(page.more);
                    error.try_set(None);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
            loaded.try_set(true);
        });
    };
    load(None);

    let title = move || td_string!(i18n.get_locale(), nav.changes);
    let kinds = move || {
        let locale = i18n.get_locale();
        replica
            .registry()
            .all()
            .map(|spec| {
                let name = spec.kind.as_str().to_owned();
                view! { <option value=name>{kind_text(locale, spec, "name")}</option> }
            })
            .collect_view()
    };
    let rows = move || {
        let locale = i18n.get_locale();
        let list = entries.get();
        replica.with(|state| {
            list.iter()
                .map(|entry| {
                    let spec = state.registry.get(entry.kind);
                    let kind_name = spec.map_or_else(
                        || entry.kind.as_str().to_owned(),
                        |spec| kind_text(locale, spec, "name").to_owned(),
                    );
                    // The record by its title when this browser holds it.
                    let record = match (spec, state.records.get(&entry.record_id)) {
                        (Some(spec), Some(record)) => {
                            let title = shown_title(state, locale, spec, record.fields());
                            view! { <a href=record_path(spec, entry.record_id)>{title}</a> }
                                .into_any()
                        }
                        _ => view! { <code>{entry.record_id.to_string()}</code> }.into_any(),
                    };
                    let changed = entry
                        .changes
                        .iter()
                        .map(|change| {
                            view! { <li>{change_text(state, locale, entry, change)}</li> }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <td>{date_time(entry.at)}</td>
                            <td>{entry.by.display_name.clone()}</td>
                            <td>{kind_name}</td>
                            <td>{record}</td>
                            <td>{crate::pages::records::history_view::action(locale, entry)}</td>
                            <td><ul class="change-fields">{changed}</ul></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        load(None);
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <header class="page-header">
            <h1>{title}</h1>
            <p>{move || td_string!(i18n.get_locale(), changes.lead)}</p>
        </header>
        <form class="filters change-filters" on:submit=submit>
            <TextField
                id="changes-user"
                label=Signal::derive(move || td_string!(i18n.get_locale(), changes.user).to_owned())
                value=username
                errors=Signal::derive(Vec::new)
            />
            <div class="field">
                <label for="changes-kind">{move || td_string!(i18n.get_locale(), changes.kind)}</label>
                <select id="changes-kind" on:change=move |event| kind.set(event_target_value(&event))>
                    <option value="">{move || td_string!(i18n.get_locale(), changes.all_kinds)}</option>
                    {kinds}
                </select>
            </div>
            <TextField
                id="changes-from"
                label=Signal::derive(move || td_string!(i18n.get_locale(), changes.from).to_owned())
                value=from
                errors=from_errors
                hint=Signal::derive(move || td_string!(i18n.get_locale(), changes.day_hint).to_owned())
            />
            <TextField
                id="changes-to"
                label=Signal::derive(move || td_string!(i18n.get_locale(), changes.to).to_owned())
                value=to
                errors=to_errors
                hint=Signal::derive(move || td_string!(i18n.get_locale(), changes.day_hint).to_owned())
            />
            <div class="form-actions">
                <button type="submit" class="primary">
                    {move || td_string!(i18n.get_locale(), changes.apply)}
                </button>
            </div>
        </form>
        <div role="alert" class="form-alert">
            {move || {
                error
                    .get()
                    .map(|error| {
                        let locale = i18n.get_locale();
                        let text = match error {
                            AppError::Unreachable { .. } => td_string!(locale, changes.offline).to_owned(),
                            other => error_message(locale, &other),
                        };
                        view! { <p>{text}</p> }
                    })
            }}
        </div>
        <Show when=move || loaded.get() && entries.with(Vec::is_empty) && error.with(Option::is_none)>
            <p>{move || td_string!(i18n.get_locale(), changes.empty)}</p>
        </Show>
        <div class="table-scroll">
            <table class="data-table change-log">
                <caption>{move || td_string!(i18n.get_locale(), changes.table)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_time)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_person)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_kind)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_record)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_action)}</th>
                        <th scope="col">{move || td_string!(i18n.get_locale(), changes.col_fields)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Show when=move || more.get()>
            <button
                type="button"
                class="secondary"
                on:click=move |_| load(entries.with_untracked(|list| list.last().map(|entry| entry.seq)))
            >
                {move || td_string!(i18n.get_locale(), changes.more)}
            </button>
        </Show>
    }
}
