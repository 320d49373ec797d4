//! A record's page: read first for everyone, with who created and changed
//! it; the form for writers while review allows; the computed values, the
//! links both ways, the review panel and the history.

use crate::pages::records::field_input::FieldInput;
use crate::pages::records::inputs::{Creating, FormValues};
use crate::pages::records::list::{Marks, RowState, link_items};
use crate::pages::records::view::{
    JUST_CREATED, JUST_DELETED, can_write, computed_text, computed_values, errors_of,
    escape_closes, focus_first_error, focus_first_input, focus_id, linked_title, record_path,
    shown_value, stamps,
};
use crate::records::listing::has_value;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::Value;

use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::pages::records::history_view::HistorySection;
use crate::pages::records::review_panel::ReviewPanel;
use crate::records::review;
use crate::records::spec::{FieldType, KindSpec};
use crate::records::texts::{display_value, field_label, kind_text, shown_title};
use crate::sync::client::{ClientState, EditError, ProblemDetail};
use crate::sync::model::{Conflict, Fields, RecordId, field_value};
use crate::sync::status::SaveError;
use crate::text::sort_key;
use crate::web::replica::use_replica;
use crate::web::session::use_auth;

/// Under a record's values, the records each computed value was counted
/// from, as links ("Được tính từ các hồ sơ sau (2)").
pub(super) fn counted_from(
    locale: Locale,
    state: &ClientState,
    spec: &'static KindSpec,
    fields: &Fields,
) -> Option<AnyView> {
    let sections: Vec<AnyView> = computed_values(state, spec, fields)
        .into_iter()
        .filter_map(|computed| {
            let (kind, ids) = computed.from?;
            let other = state.registry.get(kind)?;
            // In the order the kind gives them (a target's: by date).
            let links: Vec<(String, String)> = ids
                .iter()
                .filter_map(|id| state.records.get(id))
                .map(|record| {
                    let title = shown_title(state, locale, other, record.fields());
                    (title, record_path(other, record.id))
                })
                .collect();
            let count = links.len();
            let heading_id = format!("counted-{}", computed.field);
            let heading = td_string!(
                locale,
                records.counted_from,
                field = field_label(locale, spec, computed.field),
                count = count
            )
            .to_string();
            Some(
                view! {
                    <section class="counted" aria-labelledby=heading_id.clone()>
                        <h2 id=heading_id.clone()>{heading}</h2>
                        {(count > 0).then(|| view! { <ul class="links">{link_items(links)}</ul> })}
                    </section>
                }
                .into_any(),
            )
        })
        .collect();
    (!sections.is_empty()).then(|| sections.into_view().into_any())
}

/// A record's values as a definition list (for readers).
pub(super) fn details(
    locale: Locale,
    state: &ClientState,
    spec: &'static KindSpec,
    fields: &Fields,
) -> impl IntoView {
    // Personal data the server withholds from this role: said so, not "empty".
    let withheld = use_auth()
        .identity_untracked()
        .is_some_and(|identity| !spec.shows_personal_data(identity.role));
    let computed = computed_values(state, spec, fields);
    spec.fields
        .iter()
        .map(|field| {
            let value = field_value(fields, field.name);
            let computed = computed
                .iter()
                .find(|computed| computed.field == field.name);
            let shown = match (field.ty, value) {
                _ if computed.is_some() => {
                    computed_text(locale, state, spec, field, computed).into_any()
                }
                (_, Value::Null) if field.personal && withheld => {
                    crate::records::texts::lookup(locale, "common", "values", "withheld")
                        .unwrap_or_default()
                        .into_any()
                }
                (FieldType::Link(_), Value::String(id)) => match linked_title(state, locale, id) {
                    Some((title, path)) => view! { <A href=path>{title}</A> }.into_any(),
                    None => shown_value(state, locale, spec, field, value).into_any(),
                },
                (FieldType::Links { .. }, Value::Array(ids)) => {
                    let items = ids
                        .iter()
                        .filter_map(Value::as_str)
                        .filter_map(|id| linked_title(state, locale, id))
                        .collect::<Vec<_>>();
                    view! { <ul class="links">{link_items(items)}</ul> }.into_any()
                }
                (FieldType::LongText { .. }, Value::String(text)) => {
                    let lines = text
                        .lines()
                        .map(|line| view! { <p>{line.to_owned()}</p> })
                        .collect_view();
                    view! { <div class="long-text">{lines}</div> }.into_any()
                }
                _ => shown_value(state, locale, spec, field, value).into_any(),
            };
            view! {
                <div>
                    <dt>{field_label(locale, spec, field.name)}</dt>
                    <dd>{shown}</dd>
                </div>
            }
        })
        .collect_view()
}

/// The records of other kinds that link to `id`, by kind and field, each
/// under a phrase of its own ("Các lượt tiếp về vụ việc này (2)"), with a
/// link to add one already linked here (for writers). A kind nothing links
/// to yet is left out for those who may not add one; `None` when nothing
/// is left.
pub(super) fn backlinks(
    locale: Locale,
    state: &ClientState,
    spec: &'static KindSpec,
    id: RecordId,
) -> Option<AnyView> {
    let role = use_auth()
        .identity_untracked()
        .map(|identity| identity.role);
    let wanted = id.to_string();
    let sections: Vec<AnyView> = state
        .registry
        .links_to(spec.kind)
        .filter(|(other, _)| role.is_some_and(|role| other.readable_by(role)))
        .filter_map(|(other, field)| {
            let mut linked: Vec<(Vec<u32>, String, String)> = state
                .live(other.kind)
                .filter(|record| has_value(record.fields(), field.name, &wanted))
                .map(|record| {
                    let title = shown_title(state, locale, other, record.fields());
                    (sort_key(&title), title, record_path(other, record.id))
                })
                .collect();
            linked.sort_unstable();
            let linked: Vec<(String, String)> = linked
                .into_iter()
                .map(|(_, title, path)| (title, path))
                .collect();
            let writable = role.is_some_and(|role| other.writable_by(role));
            if linked.is_empty() && !writable {
                return None;
            }
            let heading_id = format!("links-{}-{}", other.path, field.name);
            let heading =
                crate::records::texts::lookup(locale, other.kind.as_str(), "backlinks", field.name)
                    .map(str::to_owned)
                    .unwrap_or_else(|| {
                        format!(
                            "{} — {}",
                            kind_text(locale, other, "name"),
                            field_label(locale, other, field.name)
                        )
                    });
            let count = linked.len();
            let add = writable.then(|| {
                let href = format!("/{}/new?{}={wanted}", other.path, field.name);
                let text = td_string!(locale, records.add, one = kind_text(locale, other, "one"))
                    .to_string();
                view! { <A href=href attr:class="button secondary">{text}</A> }
            });
            let list =
                (!linked.is_empty()).then(|| view! { <ul class="links">{link_items(linked)}</ul> });
            Some(
                view! {
                    <section class="backlinks" aria-labelledby=heading_id.clone()>
                        <h3 id=heading_id.clone()>{heading} " (" {count} ")"</h3>
                        {list}
                        {add}
                    </section>
                }
                .into_any(),
            )
        })
        .collect();
    (!sections.is_empty()).then(|| sections.into_view().into_any())
}

/// Whether a rule between fields asks for `name` with the other values as
/// they are: the record without it is refused as "required" there.
pub(super) fn required_by_rules(spec: &KindSpec, fields: &Fields, name: &str) -> bool {
    let mut without = fields.clone();
    without.remove(name);
    crate::records::check::validate(spec, &without).is_err_and(|errors| {
        errors
            .iter()
            .any(|error| error.field == name && error.code == "required")
    })
}

/// `/<kind>/new` and `/<kind>/<id>`: one record. An existing record opens
/// as a page to read — its values, who created and last changed it, the
/// records linked to it — with "Sửa" for those who may edit, which turns it
/// into the form; a save returns to the page and says so. Deleting is set
/// apart at the foot of the page and asks first.
///
/// With `created`, it is the form of a new record only, in a dialog over
/// another form (a link field's "Thêm … mới"): saved, it gives the new id to
/// `created`; cancelled, it calls `cancelled`.
#[component]
pub fn RecordPage(
    spec: &'static KindSpec,
    #[prop(optional)] new: bool,
    #[prop(optional)] created: Option<Callback<RecordId>>,
    #[prop(optional)] cancelled: Option<Callback<()>>,
) -> impl IntoView {
    let embedded = created.is_some();
    let new = new || embedded;
    let i18n = use_i18n();
    let replica = use_replica();
    let auth = use_auth();
    let writable = can_write(spec);
    let params = use_params_map();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let list_path = format!("/{}", spec.path);
    let list = StoredValue::new(list_path.clone());
    let go = move |path: String| {
        navigate.with_value(|navigate| {
            navigate(
                &path,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        })
    };
    let new_id = RecordId::new();
    let id = Memo::new(move |_| {
        if new {
            Some(new_id)
        } else {
            params.with(|params| params.get("id").and_then(|id| RecordId::parse(&id).ok()))
        }
    });
    let values = FormValues::new(spec);
    if new && !embedded {
        // A new record linked from another one: `?matter=<id>`.
        query.with_untracked(|query| {
            for field in spec
                .fields
                .iter()
                .filter(|field| field.ty.target().is_some())
            {
                if let (Some(linked), Some(signal)) =
                    (query.get(field.name), values.signal(field.name))
                    && RecordId::parse(&linked).is_ok()
                {
                    signal.set(linked);
                }
            }
        });
    }
    if new {
        // Who enters it, where the kind says so ("Người tiếp").
        if let Some(identity) = auth.identity_untracked() {
            for field in spec.fields.iter().filter(|field| field.signed_in) {
                if let Some(signal) = values.signal(field.name) {
                    signal.set(identity.display_name.clone());
                }
            }
        }
    }
    let editing = RwSignal::new(new);
    let just_created = !new && JUST_CREATED.with(std::cell::Cell::take) == id.get_untracked();
    let saved = RwSignal::new(just_created);
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let ready = move || replica.status().ready;
    let record = Memo::new(move |_| {
        let id = id.get()?;
        replica.with(|state| {
            state
                .records
                .get(&id)
                .filter(|r| r.kind == spec.kind)
                .cloned()
        })
    });
    // Where the record stands in review, and whether the signed-in role may
    // change it as it stands (an approved record only by reopening it).
    let review_state = Memo::new(move |_| {
        record.with(|record| {
            record.as_ref().map_or(review::State::Draft, |record| {
                review::State::of(record.fields())
            })
        })
    });
    let review_note = Memo::new(move |_| {
        record.with(|record| {
            record.as_ref().and_then(|record| {
                field_value(record.fields(), review::NOTE)
                    .as_str()
                    .map(str::to_owned)
            })
        })
    });
    let may_edit = Signal::derive(move || {
        auth.identity()
            .is_some_and(|identity| review::may_edit(spec, identity.role, review_state.get()))
    });
    let marks = Memo::new(move |_| {
        let Some(id) = id.get() else {
            return RowState::Synced;
        };
        replica.with(|state| Marks::of(state).state(id))
    });
    // What the form holds, as it would be saved, while it is open.
    let typed = Memo::new(move |_| {
        editing
            .get()
            .then(|| values.fields_tracked(i18n.get_locale()))
    });
    // The fields that must be filled with what the form holds now.
    let required_now = Memo::new(move |_| {
        let Some(fields) = typed.get() else {
            return Vec::new();
        };
        spec.fields
            .iter()
            .filter(|field| {
                field.required
                    || (!matches!(field.ty, FieldType::YesNo)
                        && required_by_rules(spec, &fields, field.name))
            })
            .map(|field| field.name)
            .collect::<Vec<&'static str>>()
    });
    // Another record with the same number in the kind's series: (title, path).
    let same_number = Memo::new(move |_| {
        let fields = typed.get()?;
        let id = id.get()?;
        let locale = i18n.get_locale();
        replica.with(|state| {
            state
                .live(spec.kind)
                .find(|other| other.id != id && spec.same_number(&fields, other.fields()))
                .map(|other| {
                    (
                        shown_title(state, locale, spec, other.fields()),
                        record_path(spec, other.id),
                    )
                })
        })
    });
    // The user's own values of the fields in conflict, and whose value won.
    let conflicts = Memo::new(move |_| {
        let Some(id) = id.get() else {
            return Vec::new();
        };
        replica.with(|state| {
            state
                .problems
                .values()
                .filter(|problem| problem.record_id == id)
                .filter_map(|problem| match &problem.detail {
                    ProblemDetail::Conflict {
                        conflict:
                            Conflict::Field {
                                field,
                                mine,
                                theirs_by,
                                ..
                            },
                        ..
                    } => Some((
                        field.clone(),
                        mine.clone(),
                        theirs_by.as_ref().map(|by| by.display_name.clone()),
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    let conflict_of = move |name: &'static str| {
        Signal::derive(move || {
            let locale = i18n.get_locale();
            conflicts.with(|list| {
                list.iter()
                    .find(|(field, ..)| field == name)
                    .map(|(_, mine, by)| {
                        let value = display_value(locale, spec, name, mine);
                        let name = by
                            .clone()
                            .unwrap_or_else(|| td_string!(locale, problems.someone).to_owned());
                        td_string!(locale, records.conflict_mine, value = value, name = name)
                            .to_string()
                    })
            })
        })
    };
    let stopped = move || replica.status().editing_stopped();
    let save_failed = move |failure: SaveError| {
        let locale = i18n.get_locale_untracked();
        let one = kind_text(locale, spec, "one");
        match failure {
            SaveError::Edit(EditError::Invalid(fields)) => {
                error.set(Some(AppError::Invalid { fields }))
            }
            SaveError::Edit(EditError::Deleted) | SaveError::Edit(EditError::NotFound) => {
                notice.set(Some(
                    td_string!(locale, records.not_found, one = one).to_string(),
                ));
            }
            SaveError::Edit(other) => notice.set(Some(other.to_string())),
            SaveError::NotReady => notice.set(Some(td_string!(locale, records.loading).to_owned())),
            SaveError::Storage(trouble) => {
                notice.set(Some(crate::pages::sync::trouble_text(locale, &trouble)));
            }
        }
    };
    // "Sửa": the form, filled with the record as it is now.
    let start_editing = move |_| {
        if let Some(record) = record.get_untracked() {
            values.fill(i18n.get_locale_untracked(), record.fields());
        }
        error.set(None);
        notice.set(None);
        saved.set(false);
        editing.set(true);
        focus_first_input("main .record-form");
    };
    let cancel = move |_| {
        if let Some(cancelled) = cancelled {
            cancelled.run(());
            return;
        }
        if new {
            go(list.get_value());
            return;
        }
        error.set(None);
        notice.set(None);
        editing.set(false);
        focus_id("record-edit");
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() || !writable.get_untracked() {
            return;
        }
        notice.set(None);
        let Some(id) = id.get_untracked() else { return };
        let locale = i18n.get_locale_untracked();
        let fields = values.fields(locale);
        let ambiguous = values.ambiguous(locale);
        let refused = match replica.registry().validate(spec.kind, &fields) {
            Err(mut refused) => {
                // Kept as typed, a number read two ways is also "not a
                // number": the question about it is what the person sees.
                refused.retain(|error| !ambiguous.iter().any(|a| a.field == error.field));
                refused.extend(ambiguous);
                refused
            }
            Ok(()) => ambiguous,
        };
        if !refused.is_empty() {
            error.set(Some(AppError::Invalid { fields: refused }));
            focus_first_error();
            return;
        }
        error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = replica.save(spec.kind, id, fields).await;
            busy.try_set(false);
            match result {
                // A new record's own page, saying it was saved; an edited
                // one's page again.
                Ok(()) if new => match created {
                    Some(created) => created.run(id),
                    None => {
                        JUST_CREATED.with(|created| created.set(Some(id)));
                        go(record_path(spec, id));
                    }
                },
                Ok(()) => {
                    editing.try_set(false);
                    saved.try_set(true);
                    focus_id("record-edit");
                }
                Err(failure) => save_failed(failure),
            }
        });
    };
    let close_confirmation = move || {
        confirming.set(false);
        focus_id("record-delete");
    };
    let delete = move |_| {
        let Some(id) = id.get_untracked() else { return };
        let title = heading_untracked(i18n.get_locale_untracked(), replica, spec, id);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = replica.delete(id).await;
            busy.try_set(false);
            confirming.try_set(false);
            match result {
                Ok(()) => {
                    JUST_DELETED.with(|deleted| *deleted.borrow_mut() = Some(title));
                    go(list.get_value());
                }
                Err(failure) => save_failed(failure),
            }
        });
    };
    let heading = move || {
        let locale = i18n.get_locale();
        match record.get() {
            Some(record) if !new => {
                replica.with(|state| shown_title(state, locale, spec, record.fields()))
            }
            // An existing record before the replica has it: the kind's name.
            None if !new => kind_text(locale, spec, "name").to_owned(),
            _ => kind_text(locale, spec, "new").to_owned(),
        }
    };
    // An existing record's page appears once the replica has it.
    let present =
        move || new || record.with(|record| record.as_ref().is_some_and(|r| !r.deleted()));
    let text = move |pick: fn(Locale) -> &'static str| move || pick(i18n.get_locale());
    let one = move || kind_text(i18n.get_locale(), spec, "one");
    let alert = crate::web::ui::alert_text(error);
    let online = use_context::<ReadSignal<crate::web::connection::Connection>>();
    let online = move || {
        online.is_some_and(|state| {
            matches!(state.get(), crate::web::connection::Connection::Online(_))
        })
    };

    // A linked record being created in place (not from a dialog's own form).
    let creating = RwSignal::new(None::<Creating>);
    let id_prefix = if embedded { "new-" } else { "" };
    let inputs = move || {
        let readonly = !writable.get();
        let form = values.values;
        form.with_value(|values| {
            values
                .iter()
                .map(|(field, value)| {
                    let name = field.name;
                    view! {
                        <FieldInput
                            spec=spec
                            field=field
                            value=*value
                            errors=errors_of(error, spec, field)
                            readonly=readonly
                            conflict=conflict_of(field.name)
                            form=form
                            required=Signal::derive(move || required_now.with(|now| now.contains(&name)))
                            same_number=Signal::derive(move || {
                                spec.series
                                    .filter(|series| series.field == name)
                                    .and_then(|_| same_number.get())
                            })
                            id_prefix=id_prefix
                            creating=(!embedded).then_some(creating)
                        />
                    }
                })
                .collect_view()
        })
    };
    let form = move || {
        view! {
            <form class="form record-form" on:submit=submit novalidate>
                <p class="form-legend">{text(|locale| td_string!(locale, records.required_legend))}</p>
                <div class="form-grid">{inputs}</div>
                <div class="form-alert" role="alert">
                    {move || alert.get().map(|message| view! { <p>{message}</p> })}
                    {move || match error.get() {
                        Some(AppError::Invalid { fields }) => {
                            Some(view! { <p>{summary(i18n.get_locale(), spec, &fields)}</p> })
                        }
                        _ => None,
                    }}
                    {move || notice.get().map(|message| view! { <p>{message}</p> })}
                </div>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || busy.get() || stopped()>
                        {text(|locale| td_string!(locale, records.save))}
                    </button>
                    <button type="button" class="secondary" on:click=cancel>
                        {text(|locale| td_string!(locale, records.cancel))}
                    </button>
                </div>
            </form>
        }
    };
    let read_view = move || {
        let locale = i18n.get_locale();
        let fields = record
            .with(|record| record.as_ref().map(|r| r.fields().clone()))
            .unwrap_or_default();
        let (list, counted) = replica.with(|state| {
            (
                details(locale, state, spec, &fields).into_any(),
                counted_from(locale, state, spec, &fields),
            )
        });
        let edit = may_edit.get().then(|| {
            view! {
                <p class="record-toolbar">
                    <button type="button" id="record-edit" class="primary" disabled=stopped on:click=start_editing>
                        {text(|locale| td_string!(locale, records.edit))}
                    </button>
                </p>
            }
        });
        view! {
            {edit}
            <dl class="details">{list}</dl>
            {counted}
        }
    };
    let related = move || {
        let locale = i18n.get_locale();
        let id = id.get()?;
        if new {
            return None;
        }
        let sections = replica.with(|state| backlinks(locale, state, spec, id))?;
        Some(
            view! {
                <section class="related" aria-labelledby="related-heading">
                    <h2 id="related-heading">{td_string!(locale, records.related)}</h2>
                    {sections}
                </section>
            }
            .into_any(),
        )
    };
    // Deleting, at the foot of the page and apart from everything else.
    let danger = move || {
        if new || editing.get() || !may_edit.get() {
            return None;
        }
        Some(view! {
            <section class="danger-zone" aria-labelledby="delete-heading">
                <h2 id="delete-heading">{move || td_string!(i18n.get_locale(), records.delete, one = one()).to_string()}</h2>
                <p>{text(|locale| td_string!(locale, records.delete_lead))}</p>
                <button
                    type="button"
                    id="record-delete"
                    class="danger"
                    disabled=move || busy.get() || stopped()
                    on:click=move |_| {
                        confirming.set(true);
                        focus_id("delete-keep");
                    }
                >
                    {move || td_string!(i18n.get_locale(), records.delete_button, one = one()).to_string()}
                </button>
            </section>
        }
        .into_any())
    };
    let confirmation = move || {
        confirming.get().then(|| {
            view! {
                <div class="dialog-backdrop">
                    <div
                        class="dialog"
                        role="alertdialog"
                        aria-modal="true"
                        aria-labelledby="delete-question"
                        aria-describedby="delete-detail"
                        on:keydown=escape_closes(close_confirmation)
                    >
                        <h2 id="delete-question">
                            {move || td_string!(i18n.get_locale(), records.delete_question, one = one()).to_string()}
                        </h2>
                        <p id="delete-detail">
                            {move || {
                                let locale = i18n.get_locale();
                                if online() {
                                    td_string!(locale, records.delete_online)
                                } else {
                                    td_string!(locale, records.delete_offline)
                                }
                            }}
                        </p>
                        <div class="form-actions">
                            <button type="button" class="danger" on:click=delete disabled=move || busy.get()>
                                {text(|locale| td_string!(locale, records.confirm_delete))}
                            </button>
                            <button type="button" id="delete-keep" class="secondary" on:click=move |_| close_confirmation()>
                                {text(|locale| td_string!(locale, records.keep))}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    };

    // The dialog of a linked record created in place: its kind's own form.
    let close_creation = move || {
        if let Some(Creating { button, .. }) = creating.get_untracked() {
            creating.set(None);
            focus_id(button);
        }
    };
    let creation = move || {
        let Creating { target, value, .. } = creating.get()?;
        let done = Callback::new(move |id: RecordId| {
            value.set(id.to_string());
            close_creation();
        });
        let gave_up = Callback::new(move |()| close_creation());
        let form = view! { <RecordPage spec=target created=done cancelled=gave_up /> }.into_any();
        Some(view! {
            <div class="dialog-backdrop">
                <div
                    class="dialog dialog-form"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="new-linked-heading"
                    on:keydown=escape_closes(close_creation)
                >
                    <h2 id="new-linked-heading">{move || kind_text(i18n.get_locale(), target, "new")}</h2>
                    {form}
                </div>
            </div>
        })
    };

    if embedded {
        return view! { {form} }.into_any();
    }
    // The page's parts are erased (`into_any`: this header half, and the
    // review panel, related records and delete section below): one view
    // type of the whole page nests deeper than rustc's layout query allows.
    let top = view! {
        <Title text=move || page_title(i18n.get_locale(), &heading()) />
        <header class="page-header">
            <p class="breadcrumb">
                <A href=list_path.clone()>
                    {move || {
                        let locale = i18n.get_locale();
                        td_string!(locale, records.back, many = kind_text(locale, spec, "many")).to_string()
                    }}
                </A>
            </p>
            <h1>{heading}</h1>
            {move || {
                let locale = i18n.get_locale();
                record.with(|record| record.as_ref().and_then(|record| stamps(locale, record)))
                    .filter(|_| !new)
                    .map(|line| view! { <p class="record-stamps">{line}</p> })
            }}
        </header>
        <div class="save-status" role="status">
            {move || saved.get().then(|| {
                let locale = i18n.get_locale();
                view! { <p class="notice saved">{td_string!(locale, records.saved, one = kind_text(locale, spec, "one")).to_string()}</p> }
            })}
        </div>
        <Show when=move || marks.get() == RowState::Problem>
            <p class="notice" role="note">
                {text(|locale| td_string!(locale, records.has_problem))} " "
                <A href="/conflicts">{text(|locale| td_string!(locale, records.see_problems))}</A>
            </p>
        </Show>
        <Show when=move || marks.get() == RowState::Pending>
            <p class="notice" role="note">
                {move || {
                    let locale = i18n.get_locale();
                    if online() {
                        td_string!(locale, records.pending_online)
                    } else {
                        td_string!(locale, records.pending_here)
                    }
                }}
            </p>
        </Show>
        <Show when=move || !writable.get()>
            <p class="notice">{move || td_string!(i18n.get_locale(), records.read_only, one = one()).to_string()}</p>
        </Show>
    }
    .into_any();
    view! {
        {top}
        <Show
            when=present
            fallback=move || {
                let locale = i18n.get_locale();
                if ready() {
                    view! { <p class="notice">{td_string!(locale, records.not_found, one = one()).to_string()}</p> }.into_any()
                } else {
                    view! { <p class="loading">{td_string!(locale, records.loading)}</p> }.into_any()
                }
            }
        >
            {move || if editing.get() { form().into_any() } else { read_view().into_any() }}
            {move || {
                (!new && !editing.get() && spec.review.is_some()).then(|| {
                    view! {
                        <ReviewPanel
                            spec=spec
                            id=Signal::from(id)
                            state=Signal::from(review_state)
                            note=Signal::from(review_note)
                        />
                    }
                    .into_any()
                })
            }}
            {related}
            {move || {
                id.get().filter(|_| !new && !editing.get()).map(|id| {
                    view! { <HistorySection spec=spec id=id /> }.into_any()
                })
            }}
            {danger}
        </Show>
        {confirmation}
        {creation}
    }
    .into_any()
}

/// The title of record `id` as the replica has it now (what "Đã xóa" names).
pub(super) fn heading_untracked(
    locale: Locale,
    replica: crate::web::replica::Replica,
    spec: &'static KindSpec,
    id: RecordId,
) -> String {
    replica.with_untracked(|state| {
        state
            .records
            .get(&id)
            .map(|record| shown_title(state, locale, spec, record.fields()))
            .unwrap_or_default()
    })
}

/// "Chưa lưu: 3 trường cần sửa — Khóa, Ngày bế mạc, Địa điểm." with the
/// fields named in form order.
pub(super) fn summary(locale: Locale, spec: &KindSpec, errors: &[FieldError]) -> String {
    let mut fields: Vec<(usize, String)> = errors
        .iter()
        .map(|error| {
            let position = spec
                .fields
                .iter()
                .position(|field| field.name == error.field)
                .unwrap_or(usize::MAX);
            (position, field_label(locale, spec, &error.field))
        })
        .collect();
    fields.sort_unstable();
    fields.dedup();
    let names = fields
        .into_iter()
        .map(|(_, name)| name)
        .collect::<Vec<_>>()
        .join(", ");
    td_string!(
        locale,
        records.invalid_summary,
        count = errors.len(),
        fields = names
    )
    .to_string()
}
