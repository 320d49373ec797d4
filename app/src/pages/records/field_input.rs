//! One field of the form: its label, hint and errors around its input —
//! the kind's own (`crate::pages::records::kind_inputs`) where it has one, else the generic
//! input of its type (`crate::pages::records::inputs`).

use crate::pages::records::inputs::{
    Creating, WidgetContext, link_options, select_input, text_input,
};

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;

use crate::calendar::IsoDate;
use crate::i18n::use_i18n;
use crate::records::check::ambiguity;
use crate::records::spec::{FieldSpec, FieldType, KindSpec};
use crate::records::texts::{field_hint, field_label, kind_text};

/// One field's input, chosen by its type, with its label, hint and errors.
#[component]
pub(super) fn FieldInput(
    spec: &'static KindSpec,
    field: &'static FieldSpec,
    value: RwSignal<String>,
    errors: Signal<Vec<String>>,
    readonly: bool,
    /// While a conflict on this field is open: the user's own value, said.
    conflict: Signal<Option<String>>,
    /// Every field of the form (for a kind's own widget).
    form: StoredValue<Vec<(&'static FieldSpec, RwSignal<String>)>>,
    /// Whether it must be filled now: always, or because a rule between
    /// fields asks for it with what the form holds.
    required: Signal<bool>,
    /// For the number of a series: another record that has the number
    /// typed, (title, path) — said before saving, not refused.
    same_number: Signal<Option<(String, String)>>,
    /// Before every element id: a form in a dialog over another one must
    /// not repeat its ids.
    id_prefix: &'static str,
    /// See [`WidgetContext::creating`].
    creating: Option<RwSignal<Option<Creating>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{id_prefix}{}-{}", spec.path, field.name.replace('_', "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let hint = move || field_hint(i18n.get_locale(), spec, field);
    let has_hint = hint().is_some();
    let invalid = move || (!errors.with(Vec::is_empty)).then_some("true");
    // A number typed so that it reads two ways: the thousands reading, to
    // offer (the form does not save it as it is).
    let question_id = format!("{id}-question");
    let question =
        Memo::new(move |_| value.with(|text| ambiguity(i18n.get_locale(), field.ty, text)));
    let warning_id = format!("{id}-same");
    let described_by = {
        let (error_id, hint_id, question_id, warning_id) = (
            error_id.clone(),
            hint_id.clone(),
            question_id.clone(),
            warning_id.clone(),
        );
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if same_number.with(Option::is_some) {
                ids.push(warning_id.clone());
            }
            if question.with(Option::is_some) {
                ids.push(question_id.clone());
            }
            if !errors.with(Vec::is_empty) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    // A required field's label ends with a red "*", read out as
    // "(bắt buộc)"; a checkbox is never required (unticked is an answer).
    // The star sits beside the label, not in it: what the label says is
    // its text and, when required, "(bắt buộc)".
    let label = move || {
        let locale = i18n.get_locale();
        let spoken = required.get().then(|| {
            view! { <span class="visually-hidden">{format!(" ({})", td_string!(locale, records.required))}</span> }
        });
        view! { {field_label(locale, spec, field.name)} {spoken} }
    };
    let star = move || {
        required
            .get()
            .then(|| view! { <span class="required-mark" aria-hidden="true">"*"</span> })
    };
    let aria_required = Signal::derive(move || required.get().then_some("true"));
    let context = WidgetContext {
        spec,
        field,
        id: id.clone(),
        value,
        readonly,
        form,
        described_by: Signal::derive(described_by.clone()),
        invalid: Signal::derive(invalid),
        required: aria_required,
        creating,
    };
    // A kind's own widget first, whatever the type.
    let own = crate::pages::records::kind_inputs::widget(spec.kind, field.name);
    let input = match field.ty {
        _ if own.is_some() => own.map_or_else(|| ().into_any(), |widget| widget(context.clone())),
        FieldType::LongText { .. } => view! {
            <textarea
                id=id.clone()
                rows="5"
                readonly=readonly
                aria-invalid=invalid
                aria-required=aria_required
                aria-describedby=described_by.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            ></textarea>
        }
        .into_any(),
        FieldType::Choice(_) | FieldType::Link(_) => select_input(context.clone()),
        FieldType::Links { kind: target, .. } => {
            // Checkboxes in a group: keyboard-friendly and readable.
            let boxes = move || {
                let locale = i18n.get_locale();
                link_options(target, locale)
                    .into_iter()
                    .enumerate()
                    .map(|(index, (record, title))| {
                        let box_id = format!("{}-{index}", field.name);
                        let checked_id = record.clone();
                        let toggled_id = record.clone();
                        view! {
                            <label class="check" for=box_id.clone()>
                                <input
                                    type="checkbox"
                                    id=box_id.clone()
                                    disabled=readonly
                                    prop:checked=move || value.with(|v| v.lines().any(|line| line == checked_id))
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        value.update(|v| {
                                            let mut ids: Vec<String> = v
                                                .lines()
                                                .filter(|line| !line.is_empty() && *line != toggled_id)
                                                .map(str::to_owned)
                                                .collect();
                                            if on {
                                                ids.push(toggled_id.clone());
                                            }
                                            *v = ids.join("\n");
                                        });
                                    }
                                />
                                {title}
                            </label>
                        }
                    })
                    .collect_view()
            };
            view! {
                <div class="checks" role="group" aria-labelledby=format!("{id}-label") aria-describedby=described_by.clone()>
                    {boxes}
                </div>
            }
            .into_any()
        }
        FieldType::YesNo => view! {
            <input
                id=id.clone()
                type="checkbox"
                disabled=readonly
                aria-describedby=described_by.clone()
                prop:checked=move || value.get() == "true"
                on:change=move |event| value.set(event_target_checked(&event).to_string())
            />
        }
        .into_any(),
        // A date is typed as on screen; beside it, the browser's own
        // calendar for those who would rather pick (a pointer's way: the
        // keyboard's is typing, so it stays out of the tab order).
        FieldType::Date => {
            let typed = view! {
                <input
                    id=id.clone()
                    type="text"
                    autocomplete="off"
                    readonly=readonly
                    aria-invalid=invalid
                    aria-required=aria_required
                    aria-describedby=described_by.clone()
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
            };
            let picker = NodeRef::<leptos::html::Input>::new();
            let open = move |_| {
                if let Some(input) = picker.get_untracked() {
                    // Refused only without a user's click; typing still works.
                    let _ = input.show_picker();
                }
            };
            let picked = move |event: leptos::ev::Event| {
                if let Ok(day) = IsoDate::parse(&event_target_value(&event)) {
                    value.set(day.display());
                }
            };
            let iso = move || {
                value.with(|text| {
                    IsoDate::parse_typed(text)
                        .map(IsoDate::iso)
                        .unwrap_or_default()
                })
            };
            // Named for what it does; which date it picks, its label says
            // (a description: the label names one control only).
            let name = move || td_string!(i18n.get_locale(), records.pick_date);
            let label_id = format!("{id}-label");
            view! {
                <div class="date-input">
                    {typed}
                    <input
                        type="date"
                        class="date-picker"
                        tabindex="-1"
                        aria-hidden="true"
                        node_ref=picker
                        prop:value=iso
                        on:change=picked
                    />
                    <button
                        type="button"
                        class="date-button"
                        tabindex="-1"
                        disabled=readonly
                        aria-label=name
                        aria-describedby=label_id
                        title=name
                        on:click=open
                    >
                        <crate::pages::icons::CalendarIcon />
                    </button>
                </div>
            }
            .into_any()
        }
        FieldType::Text { .. }
        | FieldType::Integer { .. }
        | FieldType::Decimal { .. }
        | FieldType::DocNumber => text_input(context.clone()),
    };
    let is_group = matches!(field.ty, FieldType::Links { .. });
    let label_view = if is_group {
        view! { <p class="label-line"><span class="label" id=format!("{id}-label")>{label}</span> {star}</p> }.into_any()
    } else {
        view! { <p class="label-line"><label for=id.clone() id=format!("{id}-label")>{label}</label> {star}</p> }.into_any()
    };
    let class = match field.ty {
        FieldType::YesNo => "field check-field",
        FieldType::LongText { .. } | FieldType::Links { .. } => "field wide",
        FieldType::Text { max } if max >= 300 => "field wide",
        _ => "field",
    };
    view! {
        <div class=class>
            {label_view}
            {input}
            {move || hint().map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            {move || {
                let grouped = question.get()?;
                let locale = i18n.get_locale();
                let typed = value.get_untracked();
                let taken = grouped.clone();
                Some(view! {
                    <p class="field-question" id=question_id.clone()>
                        {td_string!(locale, records.number_two_ways, typed = typed, grouped = grouped.clone()).to_string()}
                        " "
                        <button
                            type="button"
                            class="link-button"
                            disabled=readonly
                            on:click=move |_| value.set(taken.clone())
                        >
                            {td_string!(locale, records.number_use, grouped = grouped).to_string()}
                        </button>
                    </p>
                })
            }}
            {move || {
                let (title, path) = same_number.get()?;
                let locale = i18n.get_locale();
                Some(view! {
                    <p class="field-warning" id=warning_id.clone()>
                        {td_string!(locale, records.same_number, one = kind_text(locale, spec, "one")).to_string()} " "
                        <A href=path>{title}</A>
                    </p>
                })
            }}
            {move || conflict.get().map(|text| view! { <p class="field-conflict" role="note">{text}</p> })}
            <Show when=move || !errors.with(Vec::is_empty)>
                <p class="field-error" id=error_id.clone()>{move || errors.get().join(" ")}</p>
            </Show>
        </div>
    }
}
