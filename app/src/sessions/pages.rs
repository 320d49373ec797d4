//! The council-session screens: the list and the form (new, edit, delete).
//! Both read the browser replica and write to it first, so they work the
//! same with or without a network; the sync loop sends the changes.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::Value;

use super::model::{CouncilSession, SessionType, field_from_text, roman};
use crate::auth::state::use_auth;
use crate::calendar::IsoDate;
use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, use_i18n};
use crate::sync::client::{ClientState, EditError, LocalRecord};
use crate::sync::model::{Fields, RecordId, RecordKind, field_value, set_field};
use crate::sync::replica::{SaveError, use_replica};
use crate::text::nfc;
use crate::ui::{TextField, alert_text, field_texts, page_title};

/// Rows shown before "show more".
const PAGE: usize = 100;
const KIND: RecordKind = RecordKind::CouncilSession;

pub fn type_name(locale: Locale, session_type: SessionType) -> &'static str {
    match session_type {
        SessionType::Regular => td_string!(locale, sessions.type_regular),
        SessionType::Thematic => td_string!(locale, sessions.type_thematic),
        SessionType::Extraordinary => td_string!(locale, sessions.type_extraordinary),
    }
}

/// The label of a session field.
pub fn field_label(locale: Locale, field: &str) -> String {
    match field {
        "term" => td_string!(locale, sessions.field_term),
        "number" => td_string!(locale, sessions.field_number),
        "session_type" => td_string!(locale, sessions.field_session_type),
        "starts_on" => td_string!(locale, sessions.field_starts_on),
        "ends_on" => td_string!(locale, sessions.field_ends_on),
        "place" => td_string!(locale, sessions.field_place),
        "agenda" => td_string!(locale, sessions.field_agenda),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// A field's value as people read it (dates dd/mm/yyyy, types by name).
pub fn display_value(locale: Locale, field: &str, value: &Value) -> String {
    match value {
        Value::Null => td_string!(locale, problems.empty_value).to_owned(),
        Value::String(text) if field == "session_type" => SessionType::parse(text)
            .map(|kind| type_name(locale, kind).to_owned())
            .unwrap_or_else(|| text.clone()),
        Value::String(text) if field.ends_with("_on") => IsoDate::parse(text)
            .map(IsoDate::display)
            .unwrap_or_else(|_| text.clone()),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// "Kỳ họp thứ 11 (khóa XVIII)", from whatever the body holds.
pub fn session_title(locale: Locale, fields: &Fields) -> String {
    let number = field_value(fields, "number").as_u64().unwrap_or_default();
    let term = field_value(fields, "term").as_u64().unwrap_or_default() as u32;
    td_string!(
        locale,
        sessions.title_full,
        number = number,
        term = roman(term)
    )
    .to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Synced,
    Pending,
    Problem,
}

/// The records with problems or pending edits, looked up once per list.
struct Marks {
    problems: std::collections::BTreeSet<RecordId>,
    pending: std::collections::BTreeSet<RecordId>,
}

impl Marks {
    fn of(state: &ClientState) -> Self {
        Marks {
            problems: state
                .problems
                .values()
                .map(|problem| problem.record_id)
                .collect(),
            pending: state
                .outbox
                .values()
                .map(|mutation| mutation.record_id)
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: RecordId,
    number: u64,
    term: u64,
    session_type: Option<SessionType>,
    starts_on: Option<IsoDate>,
    ends_on: Option<IsoDate>,
    place: String,
    state: RowState,
}

impl Row {
    /// Read leniently: a record the app cannot fully read is still listed.
    fn of(record: &LocalRecord, marks: &Marks) -> Self {
        let fields = record.fields();
        let date = |name| {
            field_value(fields, name)
                .as_str()
                .and_then(|text| IsoDate::parse(text).ok())
        };
        let row_state = if marks.problems.contains(&record.id) {
            RowState::Problem
        } else if marks.pending.contains(&record.id) {
            RowState::Pending
        } else {
            RowState::Synced
        };
        Row {
            id: record.id,
            number: field_value(fields, "number").as_u64().unwrap_or_default(),
            term: field_value(fields, "term").as_u64().unwrap_or_default(),
            session_type: field_value(fields, "session_type")
                .as_str()
                .and_then(SessionType::parse),
            starts_on: date("starts_on"),
            ends_on: date("ends_on"),
            place: field_value(fields, "place")
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            state: row_state,
        }
    }
}

fn can_write() -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.identity()
            .is_some_and(|identity| KIND.writable_by(identity.role))
    })
}

/// What the list is sorted by, read for every record (a full `Row` is made
/// only for the rows shown: a replica holds tens of thousands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SortKey {
    starts_on: Option<IsoDate>,
    term: u64,
    number: u64,
    id: RecordId,
}

impl SortKey {
    fn of(record: &LocalRecord) -> Self {
        let fields = record.fields();
        SortKey {
            starts_on: field_value(fields, "starts_on")
                .as_str()
                .and_then(|text| IsoDate::parse(text).ok()),
            term: field_value(fields, "term").as_u64().unwrap_or_default(),
            number: field_value(fields, "number").as_u64().unwrap_or_default(),
            id: record.id,
        }
    }
}

/// `/sessions`: every session in the replica, newest first.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let writable = can_write();
    let shown = RwSignal::new(PAGE);
    let order = Memo::new(move |_| {
        replica.with(|state| {
            let mut keys: Vec<SortKey> = state.live(KIND).map(SortKey::of).collect();
            keys.sort_unstable_by(|a, b| {
                b.starts_on
                    .cmp(&a.starts_on)
                    .then(b.term.cmp(&a.term))
                    .then(b.number.cmp(&a.number))
                    .then(b.id.cmp(&a.id))
            });
            keys
        })
    });
    let ready = move || replica.status().ready;
    let text = move |pick: fn(Locale) -> &'static str| move || pick(i18n.get_locale());
    let body = move || {
        let locale = i18n.get_locale();
        if !ready() {
            return view! { <p class="loading">{td_string!(locale, sessions.loading)}</p> }
                .into_any();
        }
        // Rows are made for the records shown only. Read from the replica
        // (not the memo) so an edit that keeps the order still shows.
        let (total, shown_rows) = order.with(|keys| {
            let limit = shown.get().min(keys.len());
            let rows = replica.with(|state| {
                let marks = Marks::of(state);
                keys[..limit]
                    .iter()
                    .filter_map(|key| state.records.get(&key.id))
                    .map(|record| Row::of(record, &marks))
                    .collect::<Vec<_>>()
            });
            (keys.len(), rows)
        });
        if total == 0 {
            return view! {
                <section class="empty-state" aria-labelledby="empty-sessions">
                    <h2 id="empty-sessions">{td_string!(locale, sessions.empty_title)}</h2>
                    <p>{td_string!(locale, sessions.empty_body)}</p>
                </section>
            }
            .into_any();
        }
        let limit = shown_rows.len();
        let lines = shown_rows
            .into_iter()
            .map(|row| {
                let title =
                    td_string!(locale, sessions.title_value, number = row.number).to_string();
                let period = match (row.starts_on, row.ends_on) {
                    (Some(from), Some(to)) if from == to => from.display(),
                    (Some(from), Some(to)) => format!("{} – {}", from.display(), to.display()),
                    _ => String::new(),
                };
                let (state_class, state_text) = match row.state {
                    RowState::Synced => ("synced", td_string!(locale, sessions.state_synced)),
                    RowState::Pending => ("pending", td_string!(locale, sessions.state_pending)),
                    RowState::Problem => ("problem", td_string!(locale, sessions.state_problem)),
                };
                view! {
                    <tr>
                        <th scope="row">
                            <A href=format!("/sessions/{}", row.id)>{title}</A>
                        </th>
                        <td>{roman(row.term as u32)}</td>
                        <td>{row.session_type.map(|kind| type_name(locale, kind))}</td>
                        <td>{period}</td>
                        <td>{row.place}</td>
                        <td>
                            <span class="badge" data-state=state_class>{state_text}</span>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="data-table">
                    <caption>
                        {td_string!(locale, sessions.count, shown = limit, total = total)}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, sessions.col_session)}</th>
                            <th scope="col">{td_string!(locale, sessions.col_term)}</th>
                            <th scope="col">{td_string!(locale, sessions.col_type)}</th>
                            <th scope="col">{td_string!(locale, sessions.col_period)}</th>
                            <th scope="col">{td_string!(locale, sessions.col_place)}</th>
                            <th scope="col">{td_string!(locale, sessions.col_state)}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <Show when=move || { limit < total }>
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {text(|locale| td_string!(locale, sessions.more))}
                </button>
            </Show>
        }
        .into_any()
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), nav.sessions)) />
        <header class="page-header">
            <h1>{text(|locale| td_string!(locale, nav.sessions))}</h1>
            <p>{text(|locale| td_string!(locale, sessions.lead))}</p>
        </header>
        <Show when=move || writable.get()>
            <p class="actions">
                <A href="/sessions/new" attr:class="button">
                    {text(|locale| td_string!(locale, sessions.add))}
                </A>
            </p>
        </Show>
        {body}
    }
}

/// The form's values as typed.
#[derive(Clone, Copy)]
struct FormValues {
    term: RwSignal<String>,
    number: RwSignal<String>,
    session_type: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    place: RwSignal<String>,
    agenda: RwSignal<String>,
}

impl FormValues {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            term: text(),
            number: text(),
            session_type: RwSignal::new(SessionType::Regular.as_str().to_owned()),
            starts_on: text(),
            ends_on: text(),
            place: text(),
            agenda: text(),
        }
    }

    fn fill(&self, fields: &Fields) {
        let text = |name| match field_value(fields, name) {
            Value::Null => String::new(),
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        self.term.set(text("term"));
        self.number.set(text("number"));
        if let Some(kind) = field_value(fields, "session_type").as_str() {
            self.session_type.set(kind.to_owned());
        }
        let day = |name| {
            let text = text(name);
            IsoDate::parse(&text).map(IsoDate::display).unwrap_or(text)
        };
        self.starts_on.set(day("starts_on"));
        self.ends_on.set(day("ends_on"));
        self.place.set(text("place"));
        self.agenda.set(text("agenda"));
    }

    /// The typed session, or every field's problem: the typed text becomes
    /// a record body and goes through the very check the server runs.
    fn parse(&self) -> Result<CouncilSession, Vec<FieldError>> {
        let mut fields = Fields::new();
        for (name, value) in [
            ("term", self.term),
            ("number", self.number),
            ("session_type", self.session_type),
            ("starts_on", self.starts_on),
            ("ends_on", self.ends_on),
            ("place", self.place),
            ("agenda", self.agenda),
        ] {
            let text = nfc(&value.get_untracked());
            set_field(&mut fields, name, field_from_text(name, &text));
        }
        CouncilSession::from_fields(&fields)
    }
}

/// `/sessions/new` and `/sessions/:id`: one session's form.
#[component]
pub fn SessionFormPage(#[prop(optional)] new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let writable = can_write();
    let params = use_params_map();
    let navigate = StoredValue::new_local(use_navigate());
    let go_to_list =
        move || navigate.with_value(|navigate| navigate("/sessions", Default::default()));
    let new_id = RecordId::new();
    let id = Memo::new(move |_| {
        if new {
            Some(new_id)
        } else {
            params.with(|params| params.get("id").and_then(|id| RecordId::parse(&id).ok()))
        }
    });
    let values = FormValues::new();
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let ready = move || replica.status().ready;
    let record = Memo::new(move |_| {
        let id = id.get()?;
        replica.with(|state| state.records.get(&id).cloned())
    });
    let has_problem = Memo::new(move |_| {
        let Some(id) = id.get() else { return false };
        replica.with(|state| {
            state
                .problems
                .values()
                .any(|problem| problem.record_id == id)
        })
    });
    // Fill the form once, when the replica has the record.
    Effect::new(move |filled: Option<bool>| {
        if filled == Some(true) || new {
            return true;
        }
        match record.get() {
            Some(record) => {
                values.fill(record.fields());
                true
            }
            None => false,
        }
    });

    let stopped = move || replica.status().editing_stopped();
    let save_failed = move |failure: SaveError| {
        let locale = i18n.get_locale_untracked();
        match failure {
            SaveError::Edit(EditError::Invalid(fields)) => {
                error.set(Some(AppError::Invalid { fields }));
            }
            SaveError::Edit(EditError::Deleted) | SaveError::Edit(EditError::NotFound) => {
                notice.set(Some(td_string!(locale, sessions.not_found).to_owned()));
            }
            SaveError::Edit(other) => notice.set(Some(other.to_string())),
            SaveError::NotReady => {
                notice.set(Some(td_string!(locale, sessions.loading).to_owned()))
            }
            SaveError::Storage(trouble) => {
                notice.set(Some(crate::sync::pages::trouble_text(locale, &trouble)));
            }
        }
    };
    let submit = {
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if busy.get_untracked() || !writable.get_untracked() {
                return;
            }
            notice.set(None);
            let Some(id) = id.get_untracked() else { return };
            let session = match values.parse() {
                Ok(session) => session,
                Err(fields) => {
                    error.set(Some(AppError::Invalid { fields }));
                    return;
                }
            };
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = replica.save(KIND, id, session.to_fields()).await;
                busy.try_set(false);
                match result {
                    Ok(()) => go_to_list(),
                    Err(failure) => save_failed(failure),
                }
            });
        }
    };
    let delete = move |_| {
        let Some(id) = id.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = replica.delete(id).await;
            busy.try_set(false);
            confirming.try_set(false);
            match result {
                Ok(()) => go_to_list(),
                Err(failure) => save_failed(failure),
            }
        });
    };

    let heading = move || {
        let locale = i18n.get_locale();
        match record.get() {
            Some(record) if !new => session_title(locale, record.fields()),
            _ => td_string!(locale, sessions.new_title).to_owned(),
        }
    };
    let label = move |pick: fn(Locale) -> &'static str| {
        Signal::derive(move || pick(i18n.get_locale()).to_owned())
    };
    let text = move |pick: fn(Locale) -> &'static str| move || pick(i18n.get_locale());
    let field_errors = move |field| field_texts(error, field);
    let alert = alert_text(error);
    let readonly = !writable.get_untracked();
    let type_errors = field_errors("session_type");
    let agenda_errors = field_errors("agenda");
    let missing = move || {
        !new && ready() && record.with(|record| record.as_ref().is_none_or(|r| r.deleted()))
    };
    let type_options = move || {
        SessionType::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option value=kind.as_str() selected=move || values.session_type.get() == kind.as_str()>
                    {move || type_name(i18n.get_locale(), kind)}
                </option>
            }
        })
        .collect_view()
    };

    view! {
        <Title text=move || page_title(i18n.get_locale(), &heading()) />
        <header class="page-header">
            <p class="breadcrumb">
                <A href="/sessions">{text(|locale| td_string!(locale, sessions.back))}</A>
            </p>
            <h1>{heading}</h1>
        </header>
        <Show when=move || has_problem.get()>
            <p class="notice" role="note">
                {text(|locale| td_string!(locale, sessions.has_problem))} " "
                <A href="/conflicts">{text(|locale| td_string!(locale, sessions.see_problems))}</A>
            </p>
        </Show>
        <Show when=move || !writable.get()>
            <p class="notice">{text(|locale| td_string!(locale, sessions.read_only))}</p>
        </Show>
        <Show
            when=move || !missing()
            fallback=move || view! { <p class="notice">{text(|locale| td_string!(locale, sessions.not_found))}</p> }
        >
            <form class="form record-form" on:submit=submit novalidate>
                <div class="form-grid">
                    <TextField
                        id="session-term"
                        label=label(|locale| td_string!(locale, sessions.field_term))
                        value=values.term
                        errors=field_errors("term")
                        kind="number"
                        hint=label(|locale| td_string!(locale, sessions.term_hint))
                        readonly=readonly
                    />
                    <TextField
                        id="session-number"
                        label=label(|locale| td_string!(locale, sessions.field_number))
                        value=values.number
                        errors=field_errors("number")
                        kind="number"
                        readonly=readonly
                    />
                    <div class="field">
                        <label for="session-type">
                            {text(|locale| td_string!(locale, sessions.field_session_type))}
                        </label>
                        <select
                            id="session-type"
                            disabled=readonly
                            aria-invalid=move || (!type_errors.with(Vec::is_empty)).then_some("true")
                            on:change=move |event| values.session_type.set(event_target_value(&event))
                        >
                            {type_options}
                        </select>
                        <Show when=move || !type_errors.with(Vec::is_empty)>
                            <p class="field-error">{move || type_errors.get().join(" ")}</p>
                        </Show>
                    </div>
                    <TextField
                        id="session-starts-on"
                        label=label(|locale| td_string!(locale, sessions.field_starts_on))
                        value=values.starts_on
                        errors=field_errors("starts_on")
                        hint=label(|locale| td_string!(locale, sessions.date_hint))
                        readonly=readonly
                    />
                    <TextField
                        id="session-ends-on"
                        label=label(|locale| td_string!(locale, sessions.field_ends_on))
                        value=values.ends_on
                        errors=field_errors("ends_on")
                        hint=label(|locale| td_string!(locale, sessions.date_hint))
                        readonly=readonly
                    />
                </div>
                <TextField
                    id="session-place"
                    label=label(|locale| td_string!(locale, sessions.field_place))
                    value=values.place
                    errors=field_errors("place")
                    readonly=readonly
                />
                <div class="field">
                    <label for="session-agenda">
                        {text(|locale| td_string!(locale, sessions.field_agenda))}
                    </label>
                    <textarea
                        id="session-agenda"
                        rows="6"
                        readonly=readonly
                        aria-describedby="session-agenda-hint"
                        aria-invalid=move || (!agenda_errors.with(Vec::is_empty)).then_some("true")
                        prop:value=move || values.agenda.get()
                        on:input=move |event| values.agenda.set(event_target_value(&event))
                    ></textarea>
                    <p class="hint" id="session-agenda-hint">
                        {text(|locale| td_string!(locale, sessions.agenda_hint))}
                    </p>
                    <Show when=move || !agenda_errors.with(Vec::is_empty)>
                        <p class="field-error">{move || agenda_errors.get().join(" ")}</p>
                    </Show>
                </div>
                <div class="form-alert" role="alert">
                    {move || alert.get().map(|message| view! { <p>{message}</p> })}
                    {move || notice.get().map(|message| view! { <p>{message}</p> })}
                </div>
                <Show when=move || writable.get()>
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || busy.get() || stopped()>
                            {text(|locale| td_string!(locale, sessions.save))}
                        </button>
                        <Show when=move || !new && record.with(Option::is_some)>
                            <button
                                type="button"
                                class="danger"
                                disabled=move || busy.get() || stopped()
                                on:click=move |_| confirming.set(true)
                            >
                                {text(|locale| td_string!(locale, sessions.delete))}
                            </button>
                        </Show>
                    </div>
                </Show>
                <Show when=move || confirming.get()>
                    <div class="confirm" role="alertdialog" aria-labelledby="delete-question">
                        <p id="delete-question">{text(|locale| td_string!(locale, sessions.delete_question))}</p>
                        <button type="button" class="danger" on:click=delete disabled=move || busy.get()>
                            {text(|locale| td_string!(locale, sessions.confirm_delete))}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                            {text(|locale| td_string!(locale, sessions.keep))}
                        </button>
                    </div>
                </Show>
            </form>
        </Show>
    }
}
