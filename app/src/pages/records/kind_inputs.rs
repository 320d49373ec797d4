//! The kinds' own inputs, where the generic input of a field's type does
//! not fit: a plan target's actual and result, typed for an entered target
//! and counted from the records for a computed one. The form asks
//! [`widget`] for each field before choosing a generic input.

use leptos::prelude::*;

use crate::kinds::measures::MEASURE_KEYS;
use crate::kinds::plan_target::{self, AMOUNT, SPEC, TARGET_RESULT, compute, follows};
use crate::pages::records::inputs::{WidgetContext, select_input, text_input};
use crate::records::check::value_from_text;
use crate::records::spec::{Computed, Seen};
use crate::sync::model::{Fields, RecordKind};

/// A kind's own input for a field.
pub type Widget = fn(WidgetContext) -> AnyView;

/// The kind's own input for `field`, if it has one.
pub fn widget(kind: RecordKind, field: &str) -> Option<Widget> {
    match (kind, field) {
        (plan_target::KIND, "actual") => Some(actual_widget),
        (plan_target::KIND, "result") => Some(result_widget),
        _ => None,
    }
}

/// The result's select, with the result the figures give beside it and a
/// button to take it.
fn result_widget(context: WidgetContext) -> AnyView {
    use crate::records::texts::{choice_label, lookup};
    let i18n = crate::i18n::use_i18n();
    let (value, readonly) = (context.value, context.readonly);
    let figures = context.clone();
    let counted = context.clone();
    let entered = Memo::new(move |_| counted.text_of("source").as_deref() != Some("computed"));
    keep_apart(entered, value);
    let given = move || {
        let number = |name| {
            figures
                .text_of(name)
                .and_then(|text| value_from_text(i18n.get_locale(), AMOUNT, &text).as_f64())
        };
        Some(follows(number("planned")?, number("actual")?))
    };
    let aid = move || {
        let code = given()?;
        let locale = i18n.get_locale();
        Some(view! {
            <p class="hint">
                {lookup(locale, "plan_target", "widget", "follows").unwrap_or_default()} " "
                <strong>{choice_label(locale, TARGET_RESULT.name, code)}</strong> " "
                <button
                    type="button"
                    class="link-button"
                    disabled=readonly
                    on:click=move |_| value.set(code.to_owned())
                >
                    {lookup(locale, "plan_target", "widget", "use").unwrap_or_default()}
                </button>
            </p>
        })
    };
    let shown = computed_widget(context.clone(), "result");
    view! {
        <Show when=move || entered.get() fallback=shown>
            {select_input(context.clone())} {aid.clone()}
        </Show>
    }
    .into_any()
}

/// The actual's input for an entered target; for a computed one, the count.
fn actual_widget(context: WidgetContext) -> AnyView {
    let counted = context.clone();
    let entered = Memo::new(move |_| counted.text_of("source").as_deref() != Some("computed"));
    keep_apart(entered, context.value);
    let shown = computed_widget(context.clone(), "actual");
    view! {
        <Show when=move || entered.get() fallback=shown>
            {text_input(context.clone())}
        </Show>
    }
    .into_any()
}

/// While a target is computed its `field` holds nothing (the rules refuse a
/// typed one); what was typed comes back if it is entered again.
fn keep_apart(entered: Memo<bool>, value: RwSignal<String>) {
    let kept = StoredValue::new(String::new());
    Effect::new(move |_| {
        if entered.get() {
            if value.get_untracked().is_empty() {
                value.set(kept.get_value());
            }
        } else {
            let typed = value.get_untracked();
            if !typed.is_empty() {
                kept.set_value(typed);
                value.set(String::new());
            }
        }
    });
}

/// In the form of a computed target: `field` as counted from the records of
/// the target's year with what the form holds, read-only, with what it
/// counts ("Đếm từ hồ sơ: Phiên họp thường lệ của Thường trực HĐND").
fn computed_widget(
    context: WidgetContext,
    field: &'static str,
) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    use crate::records::texts::{choice_label, lookup};
    let i18n = crate::i18n::use_i18n();
    let replica = crate::web::replica::use_replica();
    let auth = crate::web::session::use_auth();
    move || {
        let locale = i18n.get_locale();
        let form = |name: &str| {
            let spec = SPEC.field(name)?;
            let value = value_from_text(locale, spec.ty, &context.text_of(name)?);
            (!value.is_null()).then(|| (name.to_owned(), value))
        };
        let fields: Fields = ["year", "planned", "source", "measure"]
            .into_iter()
            .filter_map(form)
            .collect();
        let role = auth.identity().map(|identity| identity.role);
        let today = crate::calendar::IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms());
        // (what is shown, whether it was counted, whether the actual was).
        let (shown, counted, actual_counted) = replica.with(|state| {
            let seen = Seen {
                held: state,
                role,
                today,
            };
            let all = compute(&seen, &fields);
            let actual_counted = all.iter().any(|c| c.field == "actual" && c.value.is_some());
            match all.into_iter().find(|computed| computed.field == field) {
                Some(Computed {
                    value: Some(value), ..
                }) => (
                    Some(crate::records::texts::display_value(
                        locale, &SPEC, field, &value,
                    )),
                    true,
                    actual_counted,
                ),
                Some(Computed { value: None, .. }) => (
                    lookup(locale, "plan_target", "widget", "unseen").map(str::to_owned),
                    false,
                    actual_counted,
                ),
                None => (None, false, actual_counted),
            }
        });
        let key = match (shown.is_some(), counted, actual_counted) {
            (_, true, _) => "counted",
            (true, false, _) => "",
            (false, _, true) => "pending_result",
            (false, _, false) => "choose_measure",
        };
        let how = fields
            .get("measure")
            .and_then(|value| value.as_str())
            .map(|code| choice_label(locale, MEASURE_KEYS.name, code));
        let lead = lookup(locale, "plan_target", "widget", key).unwrap_or_default();
        view! {
            // An `<output>`: labelled by the field's label like an input.
            <output class="computed" id=context.id.clone() aria-describedby=move || context.described_by.get()>
                {shown.map(|text| view! { <strong>{text}</strong> " " })}
                {lead}
                {counted.then_some(()).and(how).map(|how| view! { " " {how} })}
            </output>
        }
        .into_any()
    }
}
