//! What the user sees of sync: the status in the top bar (connection,
//! pending changes, last sync, conflicts), the storage notices (quota
//! warning, full storage with the export of pending changes), and the
//! conflicts screen where each problem is settled.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use serde_json::Value;

use crate::error::AppError;
use crate::i18n::{Locale, use_i18n};
use crate::messages::{clock_time, date_time, error_message, field_message, page_title};
use crate::platform::now_ms;
use crate::records::spec::Registry;
use crate::sync::client::{Problem, ProblemDetail, Resolution};
use crate::sync::model::{
    Conflict, Fields, Operation, Overruled, RecordId, RecordKind, Rejection, ReviewRule, Stamp,
};
use crate::sync::status::{QUOTA_WARNING, SaveError, StorageKind, Trouble};
use crate::web::connection::Connection;
use crate::web::replica::use_replica;

/// The message for a sync or storage trouble.
pub fn trouble_text(locale: Locale, trouble: &Trouble) -> String {
    match trouble {
        Trouble::OutboxFull => td_string!(locale, sync.outbox_full).to_owned(),
        Trouble::SessionExpired => td_string!(locale, sync.session_expired).to_owned(),
        Trouble::NewBuild => td_string!(locale, sync.new_build).to_owned(),
        Trouble::Server(error) => td_string!(
            locale,
            sync.server_refused,
            message = error_message(locale, error)
        )
        .to_string(),
        Trouble::Busy(at) => {
            td_string!(locale, sync.server_busy, time = clock_time(*at)).to_string()
        }
        Trouble::Storage(detail, kind) => match kind {
            StorageKind::Unavailable => td_string!(locale, sync.storage_unavailable).to_owned(),
            StorageKind::Blocked => td_string!(locale, sync.storage_blocked).to_owned(),
            StorageKind::Full => td_string!(locale, sync.storage_full).to_owned(),
            StorageKind::Damaged => {
                td_string!(locale, sync.storage_damaged, detail = detail.clone()).to_string()
            }
            StorageKind::ChangedElsewhere => td_string!(locale, sync.storage_changed).to_owned(),
            StorageKind::Other => {
                td_string!(locale, sync.storage_other, detail = detail.clone()).to_string()
            }
        },
    }
}

/// "HH:MM" today, "dd/mm/yyyy HH:MM" before.
fn when(ms: i64) -> String {
    let day = |ms| crate::calendar::IsoDate::from_unix_ms_in_vietnam(ms);
    if day(ms) == day(now_ms()) {
        clock_time(ms)
    } else {
        date_time(ms)
    }
}

/// The connection and sync state, always visible in the top bar.
#[component]
pub fn SyncStatusBar() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let connection = expect_context::<ReadSignal<Connection>>();
    let status = replica.status_signal();
    // The handshake reaching the server again is the moment to retry.
    Effect::new(move |_| {
        if matches!(connection.get(), Connection::Online(_)) {
            replica.kick();
        }
    });
    // One source of truth: the connection follows the last real exchange
    // (handshake or sync round), so it can never contradict the sync text.
    let state = move || {
        let status = status.get();
        if !status.online {
            "offline"
        } else {
            match connection.get() {
                Connection::Checking => "checking",
                Connection::Online(_) => "online",
                Connection::Unreachable => "unreachable",
            }
        }
    };
    let connection_text = move || {
        let locale = i18n.get_locale();
        match state() {
            "offline" => td_string!(locale, status.offline),
            "unreachable" => td_string!(locale, status.unreachable),
            "checking" => td_string!(locale, status.checking),
            _ => td_string!(locale, status.online),
        }
    };
    let counts = move || {
        replica.with(|state| {
            (
                state.outbox.len(),
                state.problems.len(),
                state.meta.last_synced_at,
            )
        })
    };
    let sync_text = move || {
        let locale = i18n.get_locale();
        let status = status.get();
        let (pending, _, last) = counts();
        if !status.ready {
            td_string!(locale, sync.opening).to_owned()
        } else if pending > 0 {
            td_string!(
                locale,
                sync.pending,
                count = crate::numbers::count(locale, pending)
            )
            .to_string()
        } else if status.syncing {
            td_string!(locale, sync.syncing).to_owned()
        } else if let Some(at) = last {
            td_string!(locale, sync.synced_at, time = when(at)).to_string()
        } else {
            td_string!(locale, sync.never).to_owned()
        }
    };
    let problems = move || counts().1;
    view! {
        <div class="sync-bar">
            <p
                class="connection"
                role="status"
                aria-label=move || td_string!(i18n.get_locale(), status.connection_label)
                data-state=state
            >
                {connection_text}
            </p>
            <Show when=move || status.with(|status| status.ready)>
                <p
                    class="sync-state"
                    role="status"
                    aria-label=move || td_string!(i18n.get_locale(), sync.label)
                    data-pending=move || counts().0.to_string()
                >
                    {sync_text}
                </p>
            </Show>
            <Show when=move || { problems() > 0 }>
                <A href="/conflicts" attr:class="problems-link">
                    {move || td_string!(i18n.get_locale(), sync.problems, count = problems()).to_string()}
                </A>
            </Show>
        </div>
    }
}

/// Storage warnings and troubles, above the page.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let status = replica.status_signal();
    let export = move |_| replica.export_pending();
    let export_button = move || {
        view! {
            <button type="button" class="secondary" on:click=export>
                {move || td_string!(i18n.get_locale(), sync.export)}
            </button>
        }
    };
    let trouble = move || {
        let status = status.get();
        let trouble = status.trouble.clone()?;
        // The expired session has its own dialog; a new build its banner.
        if matches!(trouble, Trouble::NewBuild | Trouble::SessionExpired) {
            return None;
        }
        let locale = i18n.get_locale();
        let exportable = matches!(
            trouble,
            Trouble::OutboxFull | Trouble::Storage(_, StorageKind::Damaged)
        );
        Some(view! {
            <div class="banner warning" role="alert">
                <span>{trouble_text(locale, &trouble)}</span>
                {exportable.then(export_button)}
            </div>
        })
    };
    let warning = move || {
        let status = status.get();
        if matches!(status.trouble, Some(Trouble::OutboxFull)) {
            return None;
        }
        let share = status
            .used_share()
            .filter(|share| *share >= QUOTA_WARNING)?;
        let percent = (share * 100.0).round() as u32;
        Some(view! {
            <div class="banner warning" role="status">
                <span>{td_string!(i18n.get_locale(), sync.quota_warning, percent = percent).to_string()}</span>
                {export_button()}
            </div>
        })
    };
    let evicted = move || {
        let status = status.get();
        (status.evicted > 0).then(|| {
            view! {
                <p class="notice">
                    {td_string!(i18n.get_locale(), sync.evicted, count = status.evicted).to_string()}
                </p>
            }
        })
    };
    let damaged = move || {
        let status = status.get();
        (status.damaged > 0).then(|| {
            view! {
                <p class="notice">
                    {td_string!(i18n.get_locale(), sync.damaged, count = status.damaged).to_string()}
                </p>
            }
        })
    };
    view! { {trouble} {warning} {evicted} {damaged} }
}

/// Above the page while someone has settled a conflict over the user's
/// values and the user has not looked: a line that says how many and leads
/// to the conflicts page, where each is told.
#[component]
pub fn OverruledNotice() -> impl IntoView {
    let i18n = use_i18n();
    let notices = use_replica().notices();
    let location = leptos_router::hooks::use_location();
    let count = move || notices.with(Vec::len);
    let shown = move || count() > 0 && location.pathname.get() != "/conflicts";
    view! {
        <Show when=shown>
            <p class="banner info" role="status">
                <span>
                    {move || td_string!(i18n.get_locale(), sync.overruled, count = count()).to_string()}
                </span>
                " "
                <A href="/conflicts">{move || td_string!(i18n.get_locale(), sync.overruled_open)}</A>
            </p>
        </Show>
    }
}

/// A record's title, its kind's field labels and values, from the registry.
fn record_title(locale: Locale, registry: &Registry, kind: RecordKind, fields: &Fields) -> String {
    match registry.get(kind) {
        Some(spec) => crate::records::texts::record_title(locale, spec, fields),
        None => kind.to_string(),
    }
}

fn field_label(locale: Locale, registry: &Registry, kind: RecordKind, field: &str) -> String {
    match registry.get(kind) {
        Some(spec) => crate::records::texts::field_label(locale, spec, field),
        None => field.to_owned(),
    }
}

fn show_value(
    locale: Locale,
    registry: &Registry,
    kind: RecordKind,
    field: &str,
    value: &Value,
) -> String {
    match registry.get(kind) {
        Some(spec) => crate::records::texts::display_value(locale, spec, field, value),
        None => value.to_string(),
    }
}

fn record_path(registry: &Registry, kind: RecordKind, id: RecordId) -> String {
    match registry.get(kind) {
        Some(spec) => crate::pages::records::view::record_path(spec, id),
        None => "/".to_owned(),
    }
}

/// "Trần Văn Quảng": whose value the other one is.
fn whose(locale: Locale, stamp: Option<&Stamp>) -> String {
    match stamp {
        Some(stamp) => stamp.display_name.clone(),
        None => td_string!(locale, problems.someone).to_owned(),
    }
}

fn who(locale: Locale, stamp: Option<&Stamp>) -> String {
    match stamp {
        Some(stamp) => td_string!(
            locale,
            problems.by_at,
            name = stamp.display_name.clone(),
            time = date_time(stamp.at)
        )
        .to_string(),
        None => td_string!(locale, problems.someone).to_owned(),
    }
}

/// `/conflicts`: every problem waiting for the user, each with its choices.
#[component]
pub fn ConflictsPage() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let message = RwSignal::new(None::<String>);
    let problems = Memo::new(move |_| {
        replica.with(|state| {
            let mut problems: Vec<(Problem, Fields)> = state
                .problems
                .values()
                .map(|problem| {
                    let fields = state
                        .records
                        .get(&problem.record_id)
                        .map(|record| {
                            record.server.as_ref().map_or_else(
                                || record.fields().clone(),
                                |server| server.fields.clone(),
                            )
                        })
                        .unwrap_or_default();
                    (problem.clone(), fields)
                })
                .collect();
            problems.sort_by_key(|(problem, _)| problem.mine_at);
            problems
        })
    });
    let settle = move |key: String, resolution: Resolution| {
        leptos::task::spawn_local(async move {
            let locale = i18n.get_locale_untracked();
            let text = match replica.resolve(key, resolution).await {
                Ok(()) => td_string!(locale, problems.resolved).to_owned(),
                Err(SaveError::Edit(crate::sync::client::EditError::Invalid(fields))) => fields
                    .iter()
                    .map(|error| field_message(locale, error))
                    .collect::<Vec<_>>()
                    .join(" "),
                Err(SaveError::Storage(trouble)) => trouble_text(locale, &trouble),
                Err(other) => error_message(
                    locale,
                    &AppError::Conflict {
                        message: format!("{other:?}"),
                    },
                ),
            };
            message.try_set(Some(text));
        });
    };
    let list = move || {
        let locale = i18n.get_locale();
        let all = problems.get();
        if all.is_empty() {
            return view! { <p class="empty-note">{td_string!(locale, problems.empty)}</p> }
                .into_any();
        }
        all.into_iter()
            .map(|(problem, fields)| {
                problem_card(locale, replica.registry(), problem, fields, settle)
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), problems.title)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), problems.title)}</h1>
            <p>{move || td_string!(i18n.get_locale(), problems.lead)}</p>
        </header>
        <p class="sr-status" role="status">{move || message.get()}</p>
        <div class="problems">{list}</div>
        <OverruledList message />
    }
}

/// What others chose over the user's values, each told with a button that
/// says it was seen (the server then forgets it).
#[component]
fn OverruledList(message: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let notices = replica.notices();
    let seen = move |ids: Vec<i64>| {
        leptos::task::spawn_local(async move {
            let locale = i18n.get_locale_untracked();
            let text = match replica.dismiss_notices(ids).await {
                Ok(()) => td_string!(locale, notices.seen_done).to_owned(),
                Err(error) => error_message(locale, &error),
            };
            message.try_set(Some(text));
        });
    };
    let cards = move || {
        let locale = i18n.get_locale();
        let registry = replica.registry();
        notices
            .get()
            .into_iter()
            .map(|notice| {
                let fields = replica.with_untracked(|state| {
                    state
                        .records
                        .get(&notice.record_id)
                        .map(|record| record.fields().clone())
                });
                let title = match &fields {
                    Some(fields) => record_title(locale, registry, notice.kind, fields),
                    None => registry.get(notice.kind).map_or_else(
                        || notice.kind.to_string(),
                        |spec| crate::records::texts::kind_text(locale, spec, "name").to_owned(),
                    ),
                };
                let (name, time) = (notice.by.display_name.clone(), date_time(notice.by.at));
                let body = match &notice.overruled {
                    Overruled::Replaced { field, yours, now } => {
                        let label = field_label(locale, registry, notice.kind, field);
                        view! {
                            <p class="problem-field">
                                {td_string!(locale, problems.field, field = label).to_string()}
                            </p>
                            <dl class="versions">
                                <div>
                                    <dt>{td_string!(locale, notices.yours)}</dt>
                                    <dd>
                                        <strong>{show_value(locale, registry, notice.kind, field, yours)}</strong>
                                    </dd>
                                </div>
                                <div>
                                    <dt>{td_string!(locale, notices.chosen, name = name.clone()).to_string()}</dt>
                                    <dd>
                                        <strong>{show_value(locale, registry, notice.kind, field, now)}</strong>
                                        <span class="by">
                                            {td_string!(locale, problems.by_at, name = name.clone(), time = time.clone()).to_string()}
                                        </span>
                                    </dd>
                                </div>
                            </dl>
                        }
                        .into_any()
                    }
                    Overruled::Deleted => view! {
                        <p>{td_string!(locale, notices.deleted, name = name.clone(), time = time.clone()).to_string()}</p>
                    }
                    .into_any(),
                    Overruled::Restored => view! {
                        <p>{td_string!(locale, notices.restored, name = name.clone(), time = time.clone()).to_string()}</p>
                    }
                    .into_any(),
                };
                let heading_id = format!("notice-{}", notice.id);
                let labelled_by = heading_id.clone();
                let path = record_path(registry, notice.kind, notice.record_id);
                let id = notice.id;
                view! {
                    <section class="card problem" aria-labelledby=labelled_by>
                        <h3 id=heading_id>{title}</h3>
                        {body}
                        <div class="choices">
                            <A href=path attr:class="button secondary">
                                {td_string!(locale, notices.open_record)}
                            </A>
                            <button type="button" on:click=move |_| seen(vec![id])>
                                {td_string!(locale, notices.seen)}
                            </button>
                        </div>
                    </section>
                }
            })
            .collect_view()
    };
    let all = move |_| {
        seen(notices.with_untracked(|notices| notices.iter().map(|notice| notice.id).collect()))
    };
    view! {
        <Show when=move || notices.with(|notices| !notices.is_empty())>
            <section class="overruled" aria-labelledby="overruled-heading">
                <h2 id="overruled-heading">
                    {move || td_string!(i18n.get_locale(), notices.title, count = notices.with(Vec::len)).to_string()}
                </h2>
                <p>{move || td_string!(i18n.get_locale(), notices.lead)}</p>
                <div class="problems">{cards}</div>
                <Show when=move || notices.with(|notices| notices.len() > 1)>
                    <button type="button" class="secondary" on:click=all>
                        {move || td_string!(i18n.get_locale(), notices.seen_all)}
                    </button>
                </Show>
            </section>
        </Show>
    }
}

fn problem_card(
    locale: Locale,
    registry: &'static Registry,
    problem: Problem,
    fields: Fields,
    settle: impl Fn(String, Resolution) + Copy + 'static,
) -> impl IntoView {
    let kind = problem.kind;
    let title = record_title(locale, registry, kind, &fields);
    let heading_id = format!("problem-{}", problem.key.replace('/', "-"));
    let (section_label, section_id) = (heading_id.clone(), heading_id.clone());
    let key = problem.key.clone();
    let button_owned = move |text: String, resolution: Resolution| {
        let key = key.clone();
        view! {
            <button type="button" on:click=move |_| settle(key.clone(), resolution.clone())>
                {text}
            </button>
        }
    };
    let button = {
        let button_owned = button_owned.clone();
        move |text: &'static str, resolution: Resolution| button_owned(text.to_owned(), resolution)
    };
    let mine_when =
        td_string!(locale, problems.you_at, time = date_time(problem.mine_at)).to_string();
    let body = match &problem.detail {
        ProblemDetail::Conflict {
            conflict:
                Conflict::Field {
                    field,
                    mine,
                    theirs,
                    theirs_by,
                    ..
                },
            ..
        } => {
            let label = field_label(locale, registry, kind, field);
            let other = RwSignal::new(
                match registry.get(kind).and_then(|spec| spec.field(field)) {
                    Some(spec_field) => {
                        crate::records::check::value_to_text(locale, spec_field.ty, mine)
                    }
                    None => crate::records::check::value_to_text(
                        locale,
                        crate::records::spec::FieldType::Text { max: 0 },
                        mine,
                    ),
                },
            );
            let input_id = format!("{heading_id}-other");
            let field_name = field.clone();
            let key = problem.key.clone();
            let use_other = move |_| {
                let typed = crate::text::nfc(&other.get_untracked());
                let value = match registry.get(kind).and_then(|spec| spec.field(&field_name)) {
                    Some(field) => crate::records::check::value_from_text(locale, field.ty, &typed),
                    None => Value::String(typed),
                };
                settle(key.clone(), Resolution::Edited(value));
            };
            view! {
                <p class="problem-field">
                    {td_string!(locale, problems.field, field = label.clone()).to_string()}
                </p>
                <dl class="versions">
                    <div>
                        <dt>{td_string!(locale, problems.mine)}</dt>
                        <dd>
                            <strong>{show_value(locale, registry, kind, field, mine)}</strong>
                            <span class="by">{mine_when.clone()}</span>
                        </dd>
                    </div>
                    <div>
                        <dt>{td_string!(locale, problems.theirs, name = whose(locale, theirs_by.as_ref())).to_string()}</dt>
                        <dd>
                            <strong>{show_value(locale, registry, kind, field, theirs)}</strong>
                            <span class="by">{who(locale, theirs_by.as_ref())}</span>
                        </dd>
                    </div>
                </dl>
                <div class="choices">
                    {button(td_string!(locale, problems.keep_mine), Resolution::Mine)}
                    {button_owned(
                        td_string!(locale, problems.keep_theirs, name = whose(locale, theirs_by.as_ref())).to_string(),
                        Resolution::Theirs,
                    )}
                </div>
                <div class="field inline">
                    <label for=input_id.clone()>{td_string!(locale, problems.other_value)}</label>
                    <input
                        id=input_id
                        type="text"
                        prop:value=move || other.get()
                        on:input=move |event| other.set(event_target_value(&event))
                    />
                    <button type="button" class="secondary" on:click=use_other>
                        {td_string!(locale, problems.use_other)}
                    </button>
                </div>
            }
            .into_any()
        }
        ProblemDetail::Conflict {
            conflict: Conflict::DeletedThere { by },
            ..
        } => view! {
            <p>
                {td_string!(
                    locale,
                    problems.deleted_there,
                    name = by.display_name.clone(),
                    time = date_time(by.at)
                )
                    .to_string()}
            </p>
            <div class="choices">
                {button(td_string!(locale, problems.restore), Resolution::Mine)}
                {button(td_string!(locale, problems.accept_delete), Resolution::Theirs)}
            </div>
        }
        .into_any(),
        ProblemDetail::Conflict {
            conflict:
                Conflict::EditedThere {
                    by,
                    fields: changed,
                },
            ..
        } => {
            let changed = changed
                .iter()
                .map(|field| field_label(locale, registry, kind, field))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <p>
                    {td_string!(
                        locale,
                        problems.edited_there,
                        name = by.display_name.clone(),
                        time = date_time(by.at),
                        fields = changed
                    )
                        .to_string()}
                </p>
                <div class="choices">
                    {button(td_string!(locale, problems.delete_anyway), Resolution::Mine)}
                    {button(td_string!(locale, problems.keep_record), Resolution::Theirs)}
                </div>
            }
            .into_any()
        }
        ProblemDetail::Rejected { reason, operation } => {
            let reason_text = match reason {
                Rejection::Forbidden => td_string!(locale, problems.reason_forbidden).to_owned(),
                Rejection::NotFound => td_string!(locale, problems.reason_not_found).to_owned(),
                Rejection::KindMismatch { .. } => {
                    td_string!(locale, problems.reason_kind).to_owned()
                }
                Rejection::Review { rule } => match rule {
                    ReviewRule::Approved => td_string!(locale, problems.reason_approved),
                    ReviewRule::Submitted => td_string!(locale, problems.reason_submitted),
                    ReviewRule::NotReviewer => td_string!(locale, problems.reason_not_reviewer),
                    ReviewRule::Transition => td_string!(locale, problems.reason_transition),
                }
                .to_owned(),
                Rejection::Invalid { fields } => {
                    let details = fields
                        .iter()
                        .map(|error| {
                            format!(
                                "{}: {}",
                                field_label(locale, registry, kind, &error.field),
                                field_message(locale, error)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!("{} {details}", td_string!(locale, problems.reason_invalid))
                }
            };
            let changes = match operation {
                Operation::Put { changes } | Operation::Restore { changes } => changes
                    .iter()
                    .map(|change| {
                        format!(
                            "{}: {}",
                            field_label(locale, registry, kind, &change.field),
                            show_value(locale, registry, kind, &change.field, &change.new)
                        )
                    })
                    .collect::<Vec<_>>(),
                Operation::Delete { .. } => {
                    vec![td_string!(locale, problems.deleted_by_you).to_owned()]
                }
            };
            let path = record_path(registry, kind, problem.record_id);
            view! {
                <p>{td_string!(locale, problems.rejected, reason = reason_text).to_string()}</p>
                <p class="by">
                    {td_string!(locale, problems.your_change, time = date_time(problem.mine_at)).to_string()}
                </p>
                <ul class="changes">
                    {changes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <div class="choices">
                    <A href=path attr:class="button secondary">
                        {td_string!(locale, problems.open_record)}
                    </A>
                    {button(td_string!(locale, problems.dismiss), Resolution::Theirs)}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card problem" aria-labelledby=section_label>
            <h2 id=section_id>{title}</h2>
            {body}
        </section>
    }
}
