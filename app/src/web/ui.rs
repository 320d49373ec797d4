//! Widgets every form uses: fields that show their own errors in the user's
//! language (`crate::messages` has the texts) and the form's alert.

use leptos::prelude::*;

use crate::error::AppError;
use crate::messages::{error_message, errors_for, field_message};

/// The translated errors of one field of a form's last error, for a
/// [`TextField`]. Call inside a component (it reads the i18n context).
pub fn field_texts(error: RwSignal<Option<AppError>>, field: &'static str) -> Signal<Vec<String>> {
    let i18n = crate::i18n::use_i18n();
    Signal::derive(move || {
        let locale = i18n.get_locale();
        error.with(|error| {
            errors_for(error, field)
                .iter()
                .map(|error| field_message(locale, error))
                .collect()
        })
    })
}

/// A form's alert: the translated error, unless it is about fields (those
/// show beside their inputs).
pub fn alert_text(error: RwSignal<Option<AppError>>) -> Signal<Option<String>> {
    let i18n = crate::i18n::use_i18n();
    Signal::derive(move || {
        error
            .get()
            .filter(|error| !matches!(error, AppError::Invalid { .. }))
            .map(|error| error_message(i18n.get_locale(), &error))
    })
}

/// A labelled input that shows its field's errors and links them for
/// screen readers.
#[component]
pub fn TextField(
    /// The element id (also names the error paragraph).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    value: RwSignal<String>,
    /// The field's errors in the user's language.
    #[prop(into)]
    errors: Signal<Vec<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// An optional hint under the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if !errors.with(Vec::is_empty) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete=autocomplete
                readonly=readonly
                aria-invalid=move || (!errors.with(Vec::is_empty)).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <Show when=move || !errors.with(Vec::is_empty)>
                <p class="field-error" id=error_id.clone()>
                    {move || errors.get().join(" ")}
                </p>
            </Show>
        </div>
    }
}
