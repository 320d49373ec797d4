//! What the record pages share: a record's address, values as shown,
//! focus and dialogs, field errors, the notes carried from one page to the
//! next (a record just created or deleted).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::calendar::IsoDate;
use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, use_i18n};
use crate::messages::field_message;
use crate::records::spec::{Computed, FieldSpec, FieldType, KindSpec, Seen};
use crate::records::texts::{display_value, shown_title};
use crate::sync::client::ClientState;
use crate::sync::model::{Fields, RecordId};
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// The page of a record of any kind.
pub fn record_path(spec: &KindSpec, id: RecordId) -> String {
    format!("/{}/{id}", spec.path)
}

pub(super) fn can_write(spec: &'static KindSpec) -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.identity()
            .is_some_and(|identity| spec.writable_by(identity.role))
    })
}

/// The title of the record `id` as this replica has it.
pub(super) fn linked_title(
    state: &ClientState,
    locale: Locale,
    id: &str,
) -> Option<(String, String)> {
    let id = RecordId::parse(id).ok()?;
    let record = state.records.get(&id).filter(|record| !record.deleted())?;
    let spec = state.registry.get(record.kind)?;
    Some((
        shown_title(state, locale, spec, record.fields()),
        record_path(spec, id),
    ))
}

/// A value as a list cell or a detail shows it; links by their titles.
pub(super) fn shown_value(
    state: &ClientState,
    locale: Locale,
    spec: &KindSpec,
    field: &FieldSpec,
    value: &Value,
) -> String {
    let missing = || {
        crate::records::texts::lookup(locale, "common", "values", "missing_link")
            .unwrap_or_default()
            .to_owned()
    };
    match (field.ty, value) {
        (FieldType::Link(_), Value::String(id)) => linked_title(state, locale, id)
            .map(|(title, _)| title)
            .unwrap_or_else(missing),
        (FieldType::Links { .. }, Value::Array(ids)) => ids
            .iter()
            .filter_map(Value::as_str)
            .map(|id| {
                linked_title(state, locale, id)
                    .map(|(title, _)| title)
                    .unwrap_or_else(missing)
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => display_value(locale, spec, field.name, value),
    }
}

/// The translated errors of one field, for its input: a rule between
/// fields in the kind's own words ("Ngày trả lời không được trước ngày
/// nhận."), anything else by its code.
pub(super) fn errors_of(
    error: RwSignal<Option<AppError>>,
    spec: &'static KindSpec,
    field: &'static FieldSpec,
) -> Signal<Vec<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let locale = i18n.get_locale();
        error.with(|error| {
            crate::messages::errors_for(error, field.name)
                .iter()
                .map(|error| field_error_text(locale, spec, field, error))
                .collect()
        })
    })
}

/// One field error as the form says it (see `errors_of`).
pub fn field_error_text(
    locale: Locale,
    spec: &KindSpec,
    field: &FieldSpec,
    error: &FieldError,
) -> String {
    if let Some(text) =
        crate::records::texts::lookup(locale, spec.kind.as_str(), "rules", &error.code)
    {
        return text.to_owned();
    }
    match (field.ty, error.code.as_str()) {
        // "not_a_number" of a decimal field: not "a whole number".
        (FieldType::Decimal { .. }, "not_a_number") => {
            td_string!(locale, errors.not_a_decimal).to_owned()
        }
        _ => field_message(locale, error),
    }
}

thread_local! {
    /// The record just created: its page, opened next, says it was saved.
    pub(super) static JUST_CREATED: std::cell::Cell<Option<RecordId>> = const { std::cell::Cell::new(None) };
    /// The title of the record just deleted: its list, opened next, says so.
    pub(super) static JUST_DELETED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// A dialog's key handler: Escape closes it (`close` gives focus back).
pub(super) fn escape_closes(
    close: impl Fn() + Copy + 'static,
) -> impl Fn(leptos::ev::KeyboardEvent) + Copy {
    move |event| {
        if event.key() == "Escape" {
            event.prevent_default();
            close();
        }
    }
}

/// Moves focus to the element `id` once the page has drawn it.
pub(super) fn focus_id(id: impl Into<String>) {
    let id: String = id.into();
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Focus can only fail on a detached element; nothing to do then.
            let _ = element.focus();
        }
    });
}

/// Who created a record and who changed it last, and when, as the server
/// stamped them; `None` for a record the server has not taken yet.
pub(super) fn stamps(locale: Locale, record: &crate::sync::client::LocalRecord) -> Option<String> {
    let server = record.server.as_ref()?;
    let created = td_string!(
        locale,
        records.created_by,
        name = server.created.display_name.clone(),
        time = crate::messages::date_time(server.created.at)
    )
    .to_string();
    if server.version <= 1 {
        return Some(created);
    }
    let changed = td_string!(
        locale,
        records.changed_by,
        name = server.updated.display_name.clone(),
        time = crate::messages::date_time(server.updated.at)
    )
    .to_string();
    Some(format!("{created} · {changed}"))
}

/// Moves focus to the first input marked invalid (after a refused save).
pub(super) fn focus_first_error() {
    use wasm_bindgen::JsCast;
    request_animation_frame(|| {
        if let Some(element) = document()
            .query_selector("form [aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Focus can only fail on a detached element; nothing to do then.
            let _ = element.focus();
        }
    });
}

/// Moves focus to the first input of the form `scope` selects (after
/// "Sửa", in the page's form; in a dialog's, when it opens).
pub(super) fn focus_first_input(scope: &'static str) {
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let selector =
            format!("{scope} input:not([tabindex=\"-1\"]), {scope} select, {scope} textarea");
        if let Some(element) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Focus can only fail on a detached element; nothing to do then.
            let _ = element.focus();
        }
    });
}

/// The page of the kind whose path the address's `:kind` is, for the roles
/// `access` gives the kind; the app's 404 for a path no kind has.
pub fn kind_page(
    access: fn(&KindSpec) -> crate::auth::model::Access,
    page: fn(&'static KindSpec) -> AnyView,
) -> impl IntoView {
    let params = use_params_map();
    let replica = use_replica();
    move || {
        let path = params.with(|params| params.get("kind").unwrap_or_default());
        match replica.registry().by_path(&path) {
            Some(spec) => view! {
                <crate::pages::auth::Guarded access=access(spec)>{page(spec)}</crate::pages::auth::Guarded>
            }
            .into_any(),
            None => view! { <crate::pages::sections::NotFoundPage /> }.into_any(),
        }
    }
}

/// The values `spec` computes for a record from what this replica holds,
/// as the signed-in role sees it, today (none for most kinds).
pub(super) fn computed_values(
    state: &ClientState,
    spec: &KindSpec,
    fields: &Fields,
) -> Vec<Computed> {
    let Some(compute) = spec.compute else {
        return Vec::new();
    };
    let role = use_auth()
        .identity_untracked()
        .map(|identity| identity.role);
    let today = IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
    compute(
        &Seen {
            held: state,
            role,
            today,
        },
        fields,
    )
}

/// A computed value as shown, or why it cannot be ("" when there is none).
pub(super) fn computed_text(
    locale: Locale,
    state: &ClientState,
    spec: &KindSpec,
    field: &FieldSpec,
    computed: Option<&Computed>,
) -> String {
    match computed.map(|computed| &computed.value) {
        Some(Some(value)) => shown_value(state, locale, spec, field, value),
        Some(None) => td_string!(locale, records.computed_unseen).to_owned(),
        None => String::new(),
    }
}
