//! The form's field inputs: each field type's generic input, a kind's own
//! (`crate::pages::records::kind_inputs`) where it has one, the picker of linked records
//! and the creation of a linked record in place.

use crate::pages::records::view::focus_first_input;

use leptos::prelude::*;
use leptos_i18n::td_string;
use serde_json::Value;

use crate::error::FieldError;
use crate::i18n::{Locale, use_i18n};
use crate::records::check::{ambiguity, value_from_text, value_to_text};
use crate::records::spec::{FieldSpec, FieldType, KindSpec};
use crate::records::texts::{choice_label, kind_text, option_title};
use crate::sync::model::{Fields, RecordKind, field_value, set_field};
use crate::text::{nfc, sort_key};
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// The records a link to `target` may point to: (id, what tells it apart),
/// in Vietnamese order.
pub(super) fn link_options(target: RecordKind, locale: Locale) -> Vec<(String, String)> {
    let replica = use_replica();
    replica.with(|state| {
        let Some(spec) = state.registry.get(target) else {
            return Vec::new();
        };
        let mut options: Vec<(Vec<u32>, String, String)> = state
            .live(target)
            .map(|record| {
                let title = option_title(state, locale, spec, record.fields());
                (sort_key(&title), record.id.to_string(), title)
            })
            .collect();
        options.sort_unstable();
        options
            .into_iter()
            .map(|(_, id, title)| (id, title))
            .collect()
    })
}

/// The typed text of every field of a form.
#[derive(Clone, Copy)]
pub(super) struct FormValues {
    pub(super) values: StoredValue<Vec<(&'static FieldSpec, RwSignal<String>)>>,
}

impl FormValues {
    pub(super) fn new(spec: &'static KindSpec) -> Self {
        let values = spec
            .fields
            .iter()
            .map(|field| {
                let start = match field.ty {
                    // A required choice starts at its first value.
                    FieldType::Choice(set) if field.required => {
                        set.values.first().copied().unwrap_or_default().to_owned()
                    }
                    FieldType::YesNo => "false".to_owned(),
                    _ => String::new(),
                };
                (field, RwSignal::new(start))
            })
            .collect();
        FormValues {
            values: StoredValue::new(values),
        }
    }

    pub(super) fn signal(&self, name: &str) -> Option<RwSignal<String>> {
        self.values.with_value(|values| {
            values
                .iter()
                .find(|(field, _)| field.name == name)
                .map(|(_, signal)| *signal)
        })
    }

    pub(super) fn fill(&self, locale: Locale, fields: &Fields) {
        self.values.with_value(|values| {
            for (field, signal) in values {
                let value = field_value(fields, field.name);
                let text = match (field.ty, value) {
                    (FieldType::YesNo, Value::Null) => "false".to_owned(),
                    (FieldType::Choice(_), Value::Null) if field.required => continue,
                    (ty, value) => value_to_text(locale, ty, value),
                };
                signal.set(text);
            }
        });
    }

    /// The record body the form holds, as it will be stored.
    pub(super) fn fields(&self, locale: Locale) -> Fields {
        self.read(locale, false)
    }

    /// The same, tracking every field (for what follows the typing).
    pub(super) fn fields_tracked(&self, locale: Locale) -> Fields {
        self.read(locale, true)
    }

    pub(super) fn read(&self, locale: Locale, tracked: bool) -> Fields {
        let mut fields = Fields::new();
        self.values.with_value(|values| {
            for (field, signal) in values {
                let typed = if tracked {
                    signal.get()
                } else {
                    signal.get_untracked()
                };
                let text = nfc(&typed);
                let mut value = value_from_text(locale, field.ty, &text);
                crate::sync::model::normalise_value(&mut value);
                set_field(&mut fields, field.name, value);
            }
        });
        fields
    }
}

impl FormValues {
    /// The number fields whose typed text reads two ways (see
    /// `check::ambiguity`): not saved until the person says which.
    pub(super) fn ambiguous(&self, locale: Locale) -> Vec<FieldError> {
        self.values.with_value(|values| {
            values
                .iter()
                .filter(|(field, signal)| {
                    signal.with_untracked(|text| ambiguity(locale, field.ty, text).is_some())
                })
                .map(|(field, _)| {
                    FieldError::new(field.name, "ambiguous_number", "the number reads two ways")
                })
                .collect()
        })
    }
}

/// What a kind's own input for a field gets (`crate::pages::records::kind_inputs::widget`): where
/// the field's typed text lives, how it is labelled and described, and the
/// rest of the form.
#[derive(Clone)]
pub struct WidgetContext {
    pub spec: &'static KindSpec,
    pub field: &'static FieldSpec,
    /// The id the field's label points to.
    pub id: String,
    /// The text the form reads (`check::value_from_text`).
    pub value: RwSignal<String>,
    pub readonly: bool,
    /// Every field's typed text.
    pub form: StoredValue<Vec<(&'static FieldSpec, RwSignal<String>)>>,
    /// The ids of the hint and the errors, for `aria-describedby`.
    pub described_by: Signal<Option<String>>,
    /// `Some("true")` while the field has errors.
    pub invalid: Signal<Option<&'static str>>,
    /// `Some("true")` while the field must be filled (`aria-required`).
    pub required: Signal<Option<&'static str>>,
    /// Where a link field asks for the record it links to to be created in
    /// place; `None` in a form that is itself such a creation.
    pub creating: Option<RwSignal<Option<Creating>>>,
}

/// A record being created from a link field ("Thêm văn bản mới…"), in a
/// dialog over the form: the kind, the field's value to set to the new
/// record, and the button to give focus back to.
#[derive(Debug, Clone)]
pub struct Creating {
    pub target: &'static KindSpec,
    pub value: RwSignal<String>,
    pub button: String,
}

impl WidgetContext {
    /// The typed text of another field of the form.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.form.with_value(|fields| {
            fields
                .iter()
                .find(|(field, _)| field.name == name)
                .map(|(_, value)| value.get())
        })
    }
}

/// The one-line input of a text, a number or a document number (a number
/// with the keyboard of its kind on a phone). Kinds' own widgets may build
/// on it.
pub fn text_input(context: WidgetContext) -> AnyView {
    let WidgetContext {
        field,
        id,
        value,
        readonly,
        described_by,
        invalid,
        required,
        ..
    } = context;
    let inputmode = match field.ty {
        FieldType::Integer { .. } => Some("numeric"),
        FieldType::Decimal { .. } => Some("decimal"),
        _ => None,
    };
    view! {
        <input
            id=id
            type="text"
            autocomplete="off"
            inputmode=inputmode
            readonly=readonly
            aria-invalid=invalid
            aria-required=required
            aria-describedby=described_by
            prop:value=move || value.get()
            on:input=move |event| value.set(event_target_value(&event))
        />
    }
    .into_any()
}

/// The select of a choice or a link: a choice's codes, or the records a link
/// may point to by title. Kinds' own widgets may build on it.
pub fn select_input(context: WidgetContext) -> AnyView {
    let i18n = use_i18n();
    let WidgetContext {
        field,
        id,
        value,
        readonly,
        described_by,
        invalid,
        required,
        creating,
        ..
    } = context;
    // A link's target created in place, by those who may write it.
    let add = match (field.ty, creating) {
        (FieldType::Link(target), Some(creating)) if !readonly => {
            use_replica().registry().get(target).map(|target| {
                let auth = use_auth();
                let may = move || {
                    auth.identity()
                        .is_some_and(|identity| target.writable_by(identity.role))
                };
                let button = format!("{id}-add");
                let label_id = format!("{id}-label");
                let open = {
                    let button = button.clone();
                    move |_| {
                        creating.set(Some(Creating {
                            target,
                            value,
                            button: button.clone(),
                        }));
                        focus_first_input(".dialog .record-form");
                    }
                };
                view! {
                    <Show when=may>
                        <button
                            type="button"
                            class="secondary add-linked"
                            id=button.clone()
                            aria-describedby=label_id.clone()
                            on:click=open.clone()
                        >
                            {move || {
                                let locale = i18n.get_locale();
                                td_string!(locale, records.add_linked, one = kind_text(locale, target, "one")).to_string()
                            }}
                        </button>
                    </Show>
                }
            })
        }
        _ => None,
    };
    // A long list of records is filtered by typing (with or without
    // diacritics): every word typed is in the option's text.
    let query = RwSignal::new(String::new());
    let long = Memo::new(move |_| match field.ty {
        FieldType::Link(target) => {
            use_replica().with(|state| state.live(target).nth(PICKER_FILTER_ABOVE).is_some())
        }
        _ => false,
    });
    let all = Memo::new(move |_| {
        let locale = i18n.get_locale();
        match field.ty {
            FieldType::Choice(set) => set
                .values
                .iter()
                .map(|code| ((*code).to_owned(), choice_label(locale, set.name, code)))
                .collect(),
            FieldType::Link(target) => link_options(target, locale),
            _ => Vec::<(String, String)>::new(),
        }
    });
    // On a phone a closed select shows only the start of a long title: the
    // chosen record is written out whole under it (the select itself says
    // it to assistive technology).
    let picked = move || {
        let FieldType::Link(_) = field.ty else {
            return None;
        };
        let current = value.get();
        let label = all.with(|options| {
            options
                .iter()
                .find(|(code, _)| *code == current)
                .map(|(_, label)| label.clone())
        })?;
        (label.chars().count() > PICKED_WRITTEN_OUT_ABOVE)
            .then(|| view! { <p class="picked-full" aria-hidden="true">{label}</p> })
    };
    let options = move || {
        let locale = i18n.get_locale();
        let mut options = all.get();
        let current = value.get();
        let words: Vec<String> = query.with(|query| {
            crate::text::fold(query)
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        });
        if !words.is_empty() {
            // The chosen record stays, whatever is typed.
            options.retain(|(code, label)| {
                let label = crate::text::fold(label);
                *code == current || words.iter().all(|word| label.contains(word.as_str()))
            });
        }
        // A link to a record this replica lacks stays choosable.
        if !current.is_empty() && !options.iter().any(|(id, _)| *id == current) {
            let missing = crate::records::texts::lookup(locale, "common", "values", "missing_link")
                .unwrap_or_default();
            options.push((current, missing.to_owned()));
        }
        let empty = (!field.required || matches!(field.ty, FieldType::Link(_)))
            .then(|| td_string!(locale, records.none_chosen));
        option_views(empty, options, value)
    };
    let filter = {
        let (filter_id, label_id) = (format!("{id}-filter"), format!("{id}-label"));
        move || {
            (long.get() && !readonly).then(|| {
                let locale = i18n.get_locale();
                view! {
                    <input
                        type="search"
                        class="picker-filter"
                        id=filter_id.clone()
                        autocomplete="off"
                        aria-label=td_string!(locale, records.picker_filter)
                        aria-describedby=label_id.clone()
                        placeholder=td_string!(locale, records.picker_filter_hint)
                        prop:value=move || query.get()
                        on:input=move |event| query.set(event_target_value(&event))
                    />
                }
            })
        }
    };
    view! {
        {filter}
        <select
            id=id
            disabled=readonly
            aria-invalid=invalid
            aria-required=required
            aria-describedby=described_by
            on:change=move |event| value.set(event_target_value(&event))
        >
            {options}
        </select>
        {picked}
        {add}
    }
    .into_any()
}

/// A chosen record's title longer than this is written out under its
/// select on a phone.
pub(super) const PICKED_WRITTEN_OUT_ABOVE: usize = 32;

/// A link's picker is filtered by typing when it offers more than this many
/// records.
pub(super) const PICKER_FILTER_ABOVE: usize = 8;

/// The `<option>`s of a select bound to `value`: an empty first one when
/// `empty` names it, then (code, label) in order.
pub(super) fn option_views(
    empty: Option<&'static str>,
    options: Vec<(String, String)>,
    value: RwSignal<String>,
) -> impl IntoView {
    empty
        .map(|label| (String::new(), label.to_owned()))
        .into_iter()
        .chain(options)
        .map(|(code, label)| {
            let selected = code.clone();
            view! { <option value=code selected=move || value.get() == selected>{label}</option> }
        })
        .collect_view()
}
