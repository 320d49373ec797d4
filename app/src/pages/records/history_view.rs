//! A record's history on its page: every change from the server's change
//! log, newest first — what was done (created, edited, a review step,
//! deleted, restored, a conflict settled), by whom and when, and each field
//! old → new as a person reads it (labels, dd/mm/yyyy, choices by name,
//! linked records by their titles). Read from the server when it answers
//! and kept in the replica (`Replica::keep_history`), so the last one seen
//! is there offline.

use leptos::prelude::*;
use leptos_i18n::td_string;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::AppError;
use crate::i18n::{Locale, use_i18n};
use crate::records::history::{
    ChangeOperation, HistoryChange, HistoryEntry, HistoryPage, MAX_HISTORY,
};
use crate::records::review::{self, State, Step};
use crate::records::spec::KindSpec;
use crate::records::texts::{choice_label, field_label};
use crate::sync::client::ClientState;
use crate::sync::model::RecordId;
use crate::web::replica::{Replica, use_replica};

/// A history as kept in the replica: for which view (a role's history is
/// cut for that role) and when it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept {
    view: Option<String>,
    at: i64,
    page: HistoryPage,
}

/// What the section shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    /// From the server now (`kept_at: None`) or kept when it was last read.
    Page {
        page: HistoryPage,
        kept_at: Option<i64>,
    },
    /// Offline with nothing kept.
    NotKept,
    Failed(AppError),
}

/// Reads the history from the server and keeps it; offline (or signed
/// out), the copy kept when it was last read for this view.
async fn load(replica: Replica, spec: &'static KindSpec, id: RecordId) -> Shown {
    let view = replica.with_untracked(|state| state.meta.view.clone());
    match crate::records::api::history(spec.kind, id, None, Some(MAX_HISTORY)).await {
        Ok(page) => {
            let kept = Kept {
                view,
                at: crate::platform::now_ms(),
                page: page.clone(),
            };
            if let Ok(text) = serde_json::to_string(&kept) {
                replica.keep_history(id, text).await;
            }
            Shown::Page {
                page,
                kept_at: None,
            }
        }
        // Not on the server yet: created here and not sent.
        Err(AppError::NotFound { .. }) => Shown::Page {
            page: HistoryPage {
                entries: Vec::new(),
                more: false,
            },
            kept_at: None,
        },
        Err(error @ (AppError::Unreachable { .. } | AppError::Unauthenticated)) => {
            let kept = replica
                .kept_history(id)
                .await
                .and_then(|text| serde_json::from_str::<Kept>(&text).ok())
                .filter(|kept| kept.view == view);
            match kept {
                Some(kept) => Shown::Page {
                    page: kept.page,
                    kept_at: Some(kept.at),
                },
                None if matches!(error, AppError::Unreachable { .. }) => Shown::NotKept,
                None => Shown::Failed(error),
            }
        }
        Err(error) => Shown::Failed(error),
    }
}

/// What a change did, as the history names it.
pub(super) fn action(locale: Locale, entry: &HistoryEntry) -> String {
    let step = entry
        .changes
        .iter()
        .find(|change| change.field == review::FIELD && !change.withheld)
        .and_then(|change| {
            let from = State::from_value(&change.old)?;
            let to = State::from_value(&change.new)?;
            Step::between(from, to)
        });
    let text = match (entry.operation, step) {
        (ChangeOperation::Create, _) => td_string!(locale, history.create),
        (ChangeOperation::Delete, _) => td_string!(locale, history.delete),
        (ChangeOperation::Restore, _) => td_string!(locale, history.restore),
        (ChangeOperation::Update, Some(Step::Submit)) => td_string!(locale, history.step_submit),
        (ChangeOperation::Update, Some(Step::Withdraw)) => {
            td_string!(locale, history.step_withdraw)
        }
        (ChangeOperation::Update, Some(Step::Approve)) => td_string!(locale, history.step_approve),
        (ChangeOperation::Update, Some(Step::Return)) => td_string!(locale, history.step_return),
        (ChangeOperation::Update, Some(Step::Reopen)) => td_string!(locale, history.step_reopen),
        (ChangeOperation::Update, None) => td_string!(locale, history.update),
    };
    if entry.settles {
        format!("{text} ({})", td_string!(locale, history.settled))
    } else {
        text.to_owned()
    }
}

/// A value of a change as a person reads it.
fn value_text(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    change: &HistoryChange,
    value: &Value,
) -> String {
    if change.withheld {
        return td_string!(locale, history.withheld).to_owned();
    }
    if change.field == review::FIELD {
        // No state is a draft.
        let state = State::from_value(value).unwrap_or(State::Draft);
        return choice_label(locale, review::STATES.name, state.code());
    }
    match spec.field(&change.field) {
        Some(field) => crate::pages::records::view::shown_value(state, locale, spec, field, value),
        None => match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        },
    }
}

fn entry_view(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    entry: &HistoryEntry,
) -> impl IntoView + use<> {
    let when = crate::messages::date_time(entry.at);
    // An edit made offline reached the server later: both times are said.
    let offline = (entry.at - entry.made_at > 60_000).then(|| {
        let made = crate::messages::date_time(entry.made_at);
        view! {
            <span class="history-offline">
                {format!(" ({})", td_string!(locale, history.made_offline, time = made))}
            </span>
        }
    });
    let rows = entry
        .changes
        .iter()
        .filter(|change| entry.operation != ChangeOperation::Delete || !change.new.is_null())
        .map(|change| {
            let label = field_label(locale, spec, &change.field);
            let (before, after) = if entry.operation == ChangeOperation::Create {
                (
                    String::new(),
                    value_text(state, locale, spec, change, &change.new),
                )
            } else {
                (
                    value_text(state, locale, spec, change, &change.old),
                    value_text(state, locale, spec, change, &change.new),
                )
            };
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td>{before}</td>
                    <td>{after}</td>
                </tr>
            }
        })
        .collect_view();
    let table =
        (!entry.changes.is_empty() && entry.operation != ChangeOperation::Delete).then(|| {
            view! {
                <div class="table-scroll">
                    <table class="history-changes">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, history.field)}</th>
                                <th scope="col">{td_string!(locale, history.before)}</th>
                                <th scope="col">{td_string!(locale, history.after)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        });
    view! {
        <li class="history-entry">
            <p class="history-head">
                <strong>{action(locale, entry)}</strong>
                {format!(" · {} · {}", entry.by.display_name, when)}
                {offline}
            </p>
            {table}
        </li>
    }
}

/// The record's history, shown when asked for.
#[component]
pub fn HistorySection(spec: &'static KindSpec, id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let shown: RwSignal<Option<Shown>> = RwSignal::new(None);
    let ask = move |_| {
        shown.set(Some(Shown::Loading));
        leptos::task::spawn_local(async move {
            let found = load(replica, spec, id).await;
            shown.set(Some(found));
        });
    };
    let heading_id = format!("history-{id}");
    let labelled_by = heading_id.clone();
    let body = move || {
        let locale = i18n.get_locale();
        match shown.get() {
            None => ().into_any(),
            Some(Shown::Loading) => {
                view! { <p class="muted">{td_string!(locale, history.loading)}</p> }.into_any()
            }
            Some(Shown::NotKept) => {
                view! { <p class="notice">{td_string!(locale, history.not_kept)}</p> }.into_any()
            }
            Some(Shown::Failed(error)) => {
                let message = crate::messages::error_message(locale, &error);
                view! {
                    <p class="notice error" role="alert">
                        {td_string!(locale, history.failed, error = message)}
                    </p>
                }
                .into_any()
            }
            Some(Shown::Page { page, kept_at }) => {
                let kept = kept_at.map(|at| {
                    let time = crate::messages::date_time(at);
                    view! { <p class="notice">{td_string!(locale, history.kept, time = time)}</p> }
                });
                let more = page.more.then(|| {
                    let count = crate::numbers::count(locale, page.entries.len());
                    view! { <p class="muted">{td_string!(locale, history.more, count = count)}</p> }
                });
                let entries = if page.entries.is_empty() {
                    view! { <p class="muted">{td_string!(locale, history.empty)}</p> }.into_any()
                } else {
                    replica.with(|state| {
                        let items = page
                            .entries
                            .iter()
                            .map(|entry| entry_view(state, locale, spec, entry))
                            .collect_view();
                        view! { <ol class="history-list">{items}</ol> }.into_any()
                    })
                };
                view! { {kept} {entries} {more} }.into_any()
            }
        }
    };
    view! {
        <section class="record-history" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || td_string!(i18n.get_locale(), history.heading)}</h2>
            <button
                type="button"
                class="secondary"
                disabled=move || matches!(shown.get(), Some(Shown::Loading))
                on:click=ask
            >
                {move || {
                    let locale = i18n.get_locale();
                    if shown.get().is_some() {
                        td_string!(locale, history.reload)
                    } else {
                        td_string!(locale, history.show)
                    }
                }}
            </button>
            <div role="status">{body}</div>
        </section>
    }
}
