//! The pages every kind of record gets from its spec: the list (sort,
//! filters, search), the record page (details for readers, the form for
//! writers, its links both ways) and the field inputs. They read the browser
//! replica and write to it first, so they work the same with or without a
//! network; the sync loop sends the changes.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::Value;

use super::check::{ambiguity, value_from_text, value_to_text};
use super::history_view::HistorySection;
use super::review;
use super::review_panel::{self, ReviewPanel};
use super::search::{Query, search_texts, warm_search_texts};
use super::spec::{Computed, FieldSpec, FieldType, KindSpec, Seen};
use super::texts::{
    choice_label, display_value, field_hint, field_label, kind_text, option_title, shown_title,
};
use crate::auth::state::use_auth;
use crate::calendar::IsoDate;
use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, use_i18n};
use crate::sync::client::{ClientState, EditError, ProblemDetail};
use crate::sync::model::{Conflict, Fields, RecordId, RecordKind, field_value, set_field};
use crate::sync::replica::{SaveError, use_replica};
use crate::text::{nfc, sort_key};
use crate::ui::{field_message, page_title};

/// Rows shown before "show more".
const PAGE: usize = 100;

/// What a list's address asks to narrow it to the records behind one
/// figure: `?figure=sessions_by_type:regular&year=2020&period=h1` (the
/// Overview's numbers link there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureAsked {
    pub figure: String,
    pub year: String,
    pub period: String,
}

/// The records behind a figure, as a list shows them: what to say above the
/// rows, and which.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRows {
    /// "Kỳ họp thường lệ — Năm 2020".
    pub label: String,
    pub ids: std::collections::HashSet<RecordId>,
}

/// Finds the records behind a figure, over what this replica holds (only
/// what its role may read); `None` when the address names no figure there
/// is. The pages that own the figures provide it (as context): records
/// name no page above them.
#[derive(Clone, Copy)]
pub struct FigureFilter(pub fn(&ClientState, Locale, &FigureAsked) -> Option<FigureRows>);

/// The page of a record of any kind.
pub fn record_path(spec: &KindSpec, id: RecordId) -> String {
    format!("/{}/{id}", spec.path)
}

fn can_write(spec: &'static KindSpec) -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.identity()
            .is_some_and(|identity| spec.writable_by(identity.role))
    })
}

/// The title of the record `id` as this replica has it.
fn linked_title(state: &ClientState, locale: Locale, id: &str) -> Option<(String, String)> {
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
        super::texts::lookup(locale, "common", "values", "missing_link")
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

/// What a list sorts by, for one record.
#[derive(Debug, Clone, PartialEq)]
enum SortValue {
    Missing,
    Number(f64),
    /// `text::sort_key`: Vietnamese order (ISO dates sort as text).
    Text(Vec<u32>),
}

impl SortValue {
    fn of(field: Option<&FieldSpec>, value: &Value) -> Self {
        match (field.map(|f| f.ty), value) {
            (_, Value::Null) => SortValue::Missing,
            (_, Value::Number(number)) => SortValue::Number(number.as_f64().unwrap_or_default()),
            (_, Value::Bool(yes)) => SortValue::Number(f64::from(u8::from(*yes))),
            (_, Value::String(text)) => SortValue::Text(sort_key(text)),
            (_, other) => SortValue::Text(sort_key(&other.to_string())),
        }
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (SortValue::Missing, SortValue::Missing) => Ordering::Equal,
            (SortValue::Missing, _) => Ordering::Less,
            (_, SortValue::Missing) => Ordering::Greater,
            (SortValue::Number(a), SortValue::Number(b)) => a.total_cmp(b),
            (SortValue::Number(_), SortValue::Text(_)) => Ordering::Less,
            (SortValue::Text(_), SortValue::Number(_)) => Ordering::Greater,
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
        }
    }
}

/// Whether a record's value for `field` is `wanted` (or, for a list of
/// links, holds it).
fn has_value(fields: &Fields, field: &str, wanted: &str) -> bool {
    if field == review::FIELD {
        // A draft holds no value.
        return review::State::of(fields).code() == wanted;
    }
    match field_value(fields, field) {
        Value::String(text) => text == wanted,
        Value::Array(items) => items.iter().any(|item| item.as_str() == Some(wanted)),
        Value::Bool(yes) => yes.to_string() == wanted,
        _ => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Synced,
    Pending,
    Problem,
}

/// Which records have problems or unsent changes.
struct Marks {
    problems: BTreeSet<RecordId>,
    pending: BTreeSet<RecordId>,
}

impl Marks {
    fn of(state: &ClientState) -> Self {
        Marks {
            problems: state.problems.values().map(|p| p.record_id).collect(),
            pending: state.outbox.values().map(|m| m.record_id).collect(),
        }
    }

    fn state(&self, id: RecordId) -> RowState {
        if self.problems.contains(&id) {
            RowState::Problem
        } else if self.pending.contains(&id) {
            RowState::Pending
        } else {
            RowState::Synced
        }
    }
}

/// `/<kind>`: the kind's records in the replica, filtered and sorted.
#[component]
pub fn KindListPage(spec: &'static KindSpec) -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let writable = can_write(spec);
    let kind = spec.kind;
    let shown = RwSignal::new(PAGE);
    // Sorting: a field and a direction (true: descending); none = the spec's order.
    let sort = RwSignal::new(None::<(&'static str, bool)>);
    let year = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let address = use_query_map();
    // The filters the kind offers, its review state among them; the address
    // may choose one (`?review=submitted`, where "Việc của tôi" links).
    let filters: Vec<(&'static FieldSpec, RwSignal<String>)> = spec
        .fields
        .iter()
        .chain(spec.review_fields())
        .filter(|field| field.filter)
        .map(|field| {
            let chosen = address.with_untracked(|query| query.get(field.name).unwrap_or_default());
            (field, RwSignal::new(chosen))
        })
        .collect();
    let filters = StoredValue::new(filters);
    // Whether the filters are unfolded on a phone.
    let filters_open = RwSignal::new(false);
    // The records behind a figure the address names, if it names one.
    let figure_filter = use_context::<FigureFilter>();
    let narrowed = Memo::new(move |_| {
        let asked = address.with(|query| {
            let figure = query.get("figure")?;
            Some(FigureAsked {
                figure,
                year: query.get("year").unwrap_or_default(),
                period: query.get("period").unwrap_or_default(),
            })
        })?;
        let FigureFilter(find) = figure_filter?;
        let locale = i18n.get_locale();
        // An unknown figure (a stale or mistyped address) narrows nothing,
        // and says so: `Some(None)`.
        Some(replica.with(|state| find(state, locale, &asked)))
    });
    // Folded search texts in the order of `live`, kept between searches and
    // visits (see `search`): made again only for records that changed.
    let searching = Memo::new(move |_| query.with(|q| !q.trim().is_empty()));
    let haystacks = Memo::new(move |_| {
        if !searching.get() {
            return Arc::new(Vec::new());
        }
        let locale = i18n.get_locale();
        replica.with(|state| search_texts(state, spec, locale, usize::MAX).0)
    });
    // The matching ids in order.
    let order = Memo::new(move |_| {
        let wanted_year: Option<i32> = year.with(|y| y.parse().ok());
        let wanted: Vec<(&'static str, String)> = filters.with_value(|filters| {
            filters
                .iter()
                .filter_map(|(field, value)| {
                    let value = value.get();
                    (!value.is_empty()).then_some((field.name, value))
                })
                .collect()
        });
        let query = query.with(|q| Query::parse(q));
        let locale = i18n.get_locale();
        let haystacks = haystacks.get();
        let sort_by: Vec<(&'static str, bool)> = match sort.get() {
            Some(chosen) => vec![chosen],
            None => spec.order.to_vec(),
        };
        let narrowed = narrowed.get();
        replica.with(|state| {
            let mut keyed: Vec<(bool, Vec<SortValue>, RecordId)> = state
                .live(kind)
                .enumerate()
                .filter(|(index, record)| {
                    let fields = record.fields();
                    narrowed
                        .as_ref()
                        .and_then(Option::as_ref)
                        .is_none_or(|rows| rows.ids.contains(&record.id))
                        && wanted_year.is_none_or(|y| spec.year_of(fields) == Some(y))
                        && wanted
                            .iter()
                            .all(|(field, value)| has_value(fields, field, value))
                        && (query.is_empty()
                            || haystacks
                                .get(*index)
                                .is_some_and(|text| query.matches(text)))
                })
                .map(|(_, record)| {
                    let fields = record.fields();
                    let keys = sort_by
                        .iter()
                        .map(|(name, _)| SortValue::of(spec.field(name), field_value(fields, name)))
                        .collect();
                    // Words typed with diacritics: the records that have
                    // them as typed come first.
                    let inexact = !query.exactly(locale, spec, record);
                    (inexact, keys, record.id)
                })
                .collect();
            keyed.sort_unstable_by(|(a_inexact, a, a_id), (b_inexact, b, b_id)| {
                if a_inexact != b_inexact {
                    return a_inexact.cmp(b_inexact);
                }
                for (index, (_, descending)) in sort_by.iter().enumerate() {
                    let ordering = a[index].cmp(&b[index]);
                    let ordering = if *descending {
                        ordering.reverse()
                    } else {
                        ordering
                    };
                    if ordering.is_ne() {
                        return ordering;
                    }
                }
                b_id.cmp(a_id)
            });
            keyed.into_iter().map(|(_, _, id)| id).collect::<Vec<_>>()
        })
    });
    let years = Memo::new(move |_| {
        replica.with(|state| {
            let mut years: Vec<i32> = state
                .live(kind)
                .filter_map(|record| spec.year_of(record.fields()))
                .collect();
            years.sort_unstable_by(|a, b| b.cmp(a));
            years.dedup();
            years
        })
    });
    let total = Memo::new(move |_| replica.with(|state| state.live(kind).count()));
    let ready = move || replica.status().ready;
    // Printed, a list is every matching row, not the first page of them.
    #[cfg(feature = "csr")]
    {
        let printing = window_event_listener(leptos::ev::beforeprint, move |_| {
            shown.set(usize::MAX);
        });
        on_cleanup(move || printing.remove());
    }
    // Coming from a record just deleted: said, with its title.
    let deleted = JUST_DELETED.with(|deleted| deleted.borrow_mut().take());
    // Once the list shows, the search texts are made in the background, a
    // slice at a time, so that the first search does not wait for them.
    Effect::new(move |warming: Option<bool>| {
        if warming == Some(true) || !ready() {
            return warming.unwrap_or(false);
        }
        warm_search_texts(replica, spec, i18n.get_locale_untracked());
        true
    });
    let text = move |pick: fn(Locale) -> &'static str| move || pick(i18n.get_locale());
    let name = move || kind_text(i18n.get_locale(), spec, "name");

    let header_cell = move |field: &'static str, label: String| {
        let state = move || match sort.get() {
            Some((name, true)) if name == field => "descending",
            Some((name, false)) if name == field => "ascending",
            None if spec.order.first().map(|(name, _)| *name) == Some(field) => {
                if spec.order[0].1 {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        view! {
            <th scope="col" role="columnheader" aria-sort=state>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| {
                        let descending = !matches!(state(), "descending");
                        sort.set(Some((field, descending)));
                        shown.set(PAGE);
                    }
                >
                    {label}
                </button>
            </th>
        }
    };

    let table = move || {
        let locale = i18n.get_locale();
        if !ready() {
            return view! { <p class="loading">{td_string!(locale, records.loading)}</p> }
                .into_any();
        }
        let many = kind_text(locale, spec, "many");
        if total.get() == 0 {
            return view! {
                <section class="empty-state" aria-labelledby="empty-records">
                    <h2 id="empty-records">{td_string!(locale, records.empty_title, many = many).to_string()}</h2>
                    <p>{td_string!(locale, records.empty_body, many = many).to_string()}</p>
                </section>
            }
            .into_any();
        }
        let (matching, rows) = order.with(|ids| {
            let limit = shown.get().min(ids.len());
            let rows = replica.with(|state| {
                let marks = Marks::of(state);
                ids[..limit]
                    .iter()
                    .filter_map(|id| state.records.get(id))
                    .map(|record| {
                        let fields = record.fields();
                        let computed = computed_values(state, spec, fields);
                        // (label, value): on a phone each row is a card
                        // and each cell says what it is.
                        let cells: Vec<(String, String)> = spec
                            .columns
                            .iter()
                            .filter_map(|name| spec.field(name))
                            .map(|field| {
                                let value = field_value(fields, field.name);
                                let computed = computed.iter().find(|c| c.field == field.name);
                                let shown = if computed.is_some() {
                                    computed_text(locale, state, spec, field, computed)
                                } else if value.is_null() {
                                    String::new()
                                } else {
                                    shown_value(state, locale, spec, field, value)
                                };
                                (field_label(locale, spec, field.name), shown)
                            })
                            .collect();
                        let reviewed = spec.review.map(|_| review::State::of(fields));
                        (
                            record.id,
                            shown_title(state, locale, spec, fields),
                            cells,
                            reviewed,
                            marks.state(record.id),
                        )
                    })
                    .collect::<Vec<_>>()
            });
            (ids.len(), rows)
        });
        let limit = rows.len();
        // The sync state has a column only while a row shown is not synced:
        // most of the time every row is, and the kinds' own status columns
        // are what the list is read by.
        let unsynced = rows
            .iter()
            .any(|(.., row_state)| *row_state != RowState::Synced);
        let lines = rows
            .into_iter()
            .map(|(id, title, cells, reviewed, row_state)| {
                let badge = match row_state {
                    RowState::Synced => None,
                    RowState::Pending => Some(("pending", td_string!(locale, records.state_pending))),
                    RowState::Problem => Some(("problem", td_string!(locale, records.state_problem))),
                };
                let state_cell = unsynced.then(|| {
                    let empty = badge.is_none();
                    view! {
                        <td role="cell" data-label=td_string!(locale, records.col_state) class:empty=empty>
                            {badge.map(|(class, text)| view! { <span class="badge" data-state=class>{text}</span> })}
                        </td>
                    }
                });
                view! {
                    <tr role="row">
                        <th scope="row" role="rowheader">
                            // A plain link (the router takes its clicks):
                            // `<A>` would add a memo per row for `aria-current`,
                            // which a record row never needs.
                            <a href=record_path(spec, id)>{title}</a>
                        </th>
                        {cells
                            .into_iter()
                            .map(|(label, cell)| {
                                let empty = cell.is_empty();
                                view! { <td role="cell" data-label=label class:empty=empty>{cell}</td> }
                            })
                            .collect_view()}
                        {reviewed.map(|reviewed| view! {
                            <td role="cell" data-label=field_label(locale, spec, review::FIELD)>
                                <span class="badge" data-review=reviewed.code()>
                                    {review_panel::state_name(locale, reviewed)}
                                </span>
                            </td>
                        })}
                        {state_cell}
                    </tr>
                }
            })
            .collect_view();
        let headers = spec
            .columns
            .iter()
            .map(|field| header_cell(field, field_label(locale, spec, field)))
            .collect_view();
        let caption = if matching == 0 {
            td_string!(locale, records.no_match, many = many).to_string()
        } else {
            td_string!(
                locale,
                records.count,
                shown = crate::numbers::count(locale, limit),
                total = crate::numbers::count(locale, matching),
                many = many
            )
            .to_string()
        };
        view! {
            <div class="table-scroll">
                // The roles are the table's own, said again: on a phone
                // the rows are laid out as cards (CSS), which browsers may
                // otherwise take as no table at all.
                <table class="data-table record-list" role="table">
                    <caption>{caption}</caption>
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">{kind_text(locale, spec, "name")}</th>
                            {headers}
                            {spec.review.map(|_| view! {
                                <th scope="col" role="columnheader">{field_label(locale, spec, review::FIELD)}</th>
                            })}
                            {unsynced.then(|| view! { <th scope="col" role="columnheader">{td_string!(locale, records.col_state)}</th> })}
                        </tr>
                    </thead>
                    <tbody role="rowgroup">{lines}</tbody>
                </table>
            </div>
            <Show when=move || { limit < matching }>
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {text(|locale| td_string!(locale, records.more))}
                </button>
            </Show>
        }
        .into_any()
    };

    let filter_controls = move || {
        let locale = i18n.get_locale();
        // (element id, label, options, the chosen value): the year, then
        // the fields the spec offers as filters.
        let mut controls: Vec<FilterControl> = Vec::new();
        if spec.year.is_some() {
            let options = years
                .get()
                .into_iter()
                .map(|y| (y.to_string(), y.to_string()))
                .collect();
            controls.push((
                "filter-year".into(),
                td_string!(locale, records.filter_year).into(),
                options,
                year,
            ));
        }
        for (field, value) in filters.get_value() {
            let options: Vec<(String, String)> = match field.ty {
                FieldType::Choice(set) => set
                    .values
                    .iter()
                    .map(|code| ((*code).to_owned(), choice_label(locale, set.name, code)))
                    .collect(),
                FieldType::Link(target) | FieldType::Links { kind: target, .. } => {
                    link_options(target, locale)
                }
                FieldType::YesNo => [true, false]
                    .into_iter()
                    .map(|yes| {
                        (
                            yes.to_string(),
                            display_value(locale, spec, field.name, &Value::Bool(yes)),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            controls.push((
                format!("filter-{}", field.name),
                field_label(locale, spec, field.name),
                options,
                value,
            ));
        }
        let all = td_string!(locale, records.filter_all);
        let values: Vec<RwSignal<String>> = controls.iter().map(|(.., value)| *value).collect();
        let toggle_text = move || {
            let locale = i18n.get_locale();
            let chosen = values
                .iter()
                .filter(|value| value.with(|value| !value.is_empty()))
                .count();
            if chosen == 0 {
                td_string!(locale, records.filters_button).to_string()
            } else {
                td_string!(locale, records.filters_button_chosen, count = chosen).to_string()
            }
        };
        let has_selects = !controls.is_empty();
        let selects = controls
            .into_iter()
            .map(|(id, label, options, value)| {
                view! {
                    <div class="field">
                        <label for=id.clone()>{label}</label>
                        <select id=id on:change=move |event| { value.set(event_target_value(&event)); shown.set(PAGE); }>
                            {option_views(Some(all), options, value)}
                        </select>
                    </div>
                }
            })
            .collect_view();
        // On a phone the selects fold behind one button (CSS shows it only
        // there), so that the first record is near the top; the search
        // stays in view.
        let toggle = has_selects.then(|| {
            view! {
                <button
                    type="button"
                    class="secondary filters-toggle"
                    aria-controls="filter-fields"
                    aria-expanded=move || filters_open.get().to_string()
                    on:click=move |_| filters_open.update(|open| *open = !*open)
                >
                    {toggle_text}
                </button>
            }
        });
        view! {
            <div class="filters" role="search" aria-label=td_string!(locale, records.filters)>
                {toggle}
                <div class="filter-fields" id="filter-fields" class:open=move || filters_open.get()>
                    {selects}
                </div>
                <div class="field search">
                    <label for="filter-text">{td_string!(locale, records.search)}</label>
                    <input
                        id="filter-text"
                        type="search"
                        autocomplete="off"
                        aria-describedby="filter-text-hint"
                        prop:value=move || query.get()
                        on:input=move |event| { query.set(event_target_value(&event)); shown.set(PAGE); }
                    />
                    <p class="hint" id="filter-text-hint">{td_string!(locale, records.search_hint)}</p>
                </div>
            </div>
        }
    };

    view! {
        <Title text=move || page_title(i18n.get_locale(), name()) />
        <header class="page-header">
            <h1>{name}</h1>
            <p>{move || kind_text(i18n.get_locale(), spec, "lead")}</p>
        </header>
        <Show when=move || writable.get()>
            <p class="actions">
                <A href=format!("/{}/new", spec.path) attr:class="button">
                    {move || {
                        let locale = i18n.get_locale();
                        td_string!(locale, records.add, one = kind_text(locale, spec, "one")).to_string()
                    }}
                </A>
                <A href=super::deleted::deleted_path(spec) attr:class="button secondary">
                    {move || {
                        let locale = i18n.get_locale();
                        let count = replica.with(|state| super::deleted::deleted_records(state, spec).len());
                        td_string!(locale, deleted.link, count = crate::numbers::count(locale, count)).to_string()
                    }}
                </A>
            </p>
        </Show>
        <div class="save-status" role="status">
            {deleted.map(|title| {
                let title = StoredValue::new(title);
                view! {
                    <p class="notice saved">
                        {move || td_string!(i18n.get_locale(), records.deleted, title = title.get_value()).to_string()}
                    </p>
                }
            })}
        </div>
        {move || {
            narrowed
                .get()
                .map(|rows| {
                    let locale = i18n.get_locale();
                    let text = match rows {
                        None => td_string!(locale, records.figure_unknown).to_string(),
                        Some(rows) => td_string!(
                            locale,
                            records.figure_rows,
                            figure = rows.label,
                            count = crate::numbers::format(locale, &serde_json::Number::from(rows.ids.len()), true)
                        )
                        .to_string(),
                    };
                    view! {
                        <p class="notice figure-rows">
                            <span>{text}</span>
                            " "
                            <a href=format!("/{}", spec.path)>{td_string!(locale, records.figure_clear)}</a>
                        </p>
                    }
                })
        }}
        <Show when=move || { ready() && total.get() > 0 }>{filter_controls}</Show>
        {table}
    }
}

/// A filter above a list: element id, label, (code, label) options, and the
/// chosen code.
type FilterControl = (String, String, Vec<(String, String)>, RwSignal<String>);

/// The `<option>`s of a select bound to `value`: an empty first one when
/// `empty` names it, then (code, label) in order.
fn option_views(
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

/// `<li>` links to records: (title, path).
fn link_items(links: Vec<(String, String)>) -> impl IntoView {
    links
        .into_iter()
        .map(|(title, path)| view! { <li><A href=path>{title}</A></li> })
        .collect_view()
}

/// The records a link to `target` may point to: (id, what tells it apart),
/// in Vietnamese order.
fn link_options(target: RecordKind, locale: Locale) -> Vec<(String, String)> {
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
struct FormValues {
    values: StoredValue<Vec<(&'static FieldSpec, RwSignal<String>)>>,
}

impl FormValues {
    fn new(spec: &'static KindSpec) -> Self {
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

    fn signal(&self, name: &str) -> Option<RwSignal<String>> {
        self.values.with_value(|values| {
            values
                .iter()
                .find(|(field, _)| field.name == name)
                .map(|(_, signal)| *signal)
        })
    }

    fn fill(&self, locale: Locale, fields: &Fields) {
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
    fn fields(&self, locale: Locale) -> Fields {
        self.read(locale, false)
    }

    /// The same, tracking every field (for what follows the typing).
    fn fields_tracked(&self, locale: Locale) -> Fields {
        self.read(locale, true)
    }

    fn read(&self, locale: Locale, tracked: bool) -> Fields {
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
    fn ambiguous(&self, locale: Locale) -> Vec<FieldError> {
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

/// What a kind's own input for a field gets (`kind_inputs::widget`): where
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
            let missing = super::texts::lookup(locale, "common", "values", "missing_link")
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
const PICKED_WRITTEN_OUT_ABOVE: usize = 32;

/// A link's picker is filtered by typing when it offers more than this many
/// records.
const PICKER_FILTER_ABOVE: usize = 8;

/// The translated errors of one field, for its input: a rule between
/// fields in the kind's own words ("Ngày trả lời không được trước ngày
/// nhận."), anything else by its code.
fn errors_of(
    error: RwSignal<Option<AppError>>,
    spec: &'static KindSpec,
    field: &'static FieldSpec,
) -> Signal<Vec<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let locale = i18n.get_locale();
        error.with(|error| {
            crate::ui::errors_for(error, field.name)
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
    if let Some(text) = super::texts::lookup(locale, spec.kind.as_str(), "rules", &error.code) {
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

/// One field's input, chosen by its type, with its label, hint and errors.
#[component]
fn FieldInput(
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
    let own = super::kind_inputs::widget(spec.kind, field.name);
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
                #[cfg(feature = "csr")]
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
                        <crate::shell::icons::CalendarIcon />
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

/// The values `spec` computes for a record from what this replica holds,
/// as the signed-in role sees it, today (none for most kinds).
fn computed_values(state: &ClientState, spec: &KindSpec, fields: &Fields) -> Vec<Computed> {
    let Some(compute) = spec.compute else {
        return Vec::new();
    };
    let role = use_auth()
        .identity_untracked()
        .map(|identity| identity.role);
    let today = IsoDate::from_unix_ms_in_vietnam(crate::ui::now_ms());
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
fn computed_text(
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

/// Under a record's values, the records each computed value was counted
/// from, as links ("Được tính từ các hồ sơ sau (2)").
fn counted_from(
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
fn details(
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
                    super::texts::lookup(locale, "common", "values", "withheld")
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
fn backlinks(
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
                super::texts::lookup(locale, other.kind.as_str(), "backlinks", field.name)
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

thread_local! {
    /// The record just created: its page, opened next, says it was saved.
    static JUST_CREATED: std::cell::Cell<Option<RecordId>> = const { std::cell::Cell::new(None) };
    /// The title of the record just deleted: its list, opened next, says so.
    static JUST_DELETED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
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
    #[cfg(feature = "csr")]
    {
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
    #[cfg(not(feature = "csr"))]
    let _ = id;
}

/// Who created a record and who changed it last, and when, as the server
/// stamped them; `None` for a record the server has not taken yet.
fn stamps(locale: Locale, record: &crate::sync::client::LocalRecord) -> Option<String> {
    let server = record.server.as_ref()?;
    let created = td_string!(
        locale,
        records.created_by,
        name = server.created.display_name.clone(),
        time = crate::ui::date_time(server.created.at)
    )
    .to_string();
    if server.version <= 1 {
        return Some(created);
    }
    let changed = td_string!(
        locale,
        records.changed_by,
        name = server.updated.display_name.clone(),
        time = crate::ui::date_time(server.updated.at)
    )
    .to_string();
    Some(format!("{created} · {changed}"))
}

/// Whether a rule between fields asks for `name` with the other values as
/// they are: the record without it is refused as "required" there.
fn required_by_rules(spec: &KindSpec, fields: &Fields, name: &str) -> bool {
    let mut without = fields.clone();
    without.remove(name);
    super::check::validate(spec, &without).is_err_and(|errors| {
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
                notice.set(Some(crate::sync::pages::trouble_text(locale, &trouble)));
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
    let alert = crate::ui::alert_text(error);
    let online = use_context::<ReadSignal<crate::shell::connection::Connection>>();
    let online = move || {
        online.is_some_and(|state| {
            matches!(state.get(), crate::shell::connection::Connection::Online(_))
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
fn heading_untracked(
    locale: Locale,
    replica: crate::sync::replica::Replica,
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
fn summary(locale: Locale, spec: &KindSpec, errors: &[FieldError]) -> String {
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

/// Moves focus to the first input marked invalid (after a refused save).
fn focus_first_error() {
    #[cfg(feature = "csr")]
    {
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
}

/// Moves focus to the first input of the form `scope` selects (after
/// "Sửa", in the page's form; in a dialog's, when it opens).
fn focus_first_input(scope: &'static str) {
    #[cfg(not(feature = "csr"))]
    let _ = scope;
    #[cfg(feature = "csr")]
    {
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
                <crate::auth::pages::Guarded access=access(spec)>{page(spec)}</crate::auth::pages::Guarded>
            }
            .into_any(),
            None => view! { <crate::shell::pages::NotFoundPage /> }.into_any(),
        }
    }
}

/// `/:kind` — the list of the kind whose path this is.
#[component]
pub fn KindRoute() -> impl IntoView {
    kind_page(
        |spec| spec.read,
        |spec| view! { <KindListPage spec=spec /> }.into_any(),
    )
}

/// `/:kind/:id` — one record (`new` for a new one).
#[component]
pub fn RecordRoute() -> impl IntoView {
    let params = use_params_map();
    let replica = use_replica();
    move || {
        let (path, id) = params.with(|params| {
            (
                params.get("kind").unwrap_or_default(),
                params.get("id").unwrap_or_default(),
            )
        });
        match replica.registry().by_path(&path) {
            Some(spec) if id == "new" => view! {
                <crate::auth::pages::Guarded access=spec.write>
                    <RecordPage spec=spec new=true />
                </crate::auth::pages::Guarded>
            }
            .into_any(),
            Some(spec) => view! {
                <crate::auth::pages::Guarded access=spec.read>
                    <RecordPage spec=spec />
                </crate::auth::pages::Guarded>
            }
            .into_any(),
            None => view! { <crate::shell::pages::NotFoundPage /> }.into_any(),
        }
    }
}

/// `/:kind/:id`: a record's pages load as a separate WebAssembly chunk the
/// first time a record is opened, so the sign-in and overview pages do not
/// wait for them (a kind's list is `shell::KindListRoute`, the same way).
/// The chunks are cut out of the release build by `cargo xtask` (wasm-split,
/// the `split` feature); the service worker keeps them for offline use with
/// the rest of the build.
#[derive(Debug)]
pub struct RecordPages;

#[cfg(feature = "split")]
#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for RecordPages {
    fn data() -> Self {
        Self
    }

    fn view(this: Self) -> AnyView {
        let RecordPages = this;
        RecordRoute().into_any()
    }
}

// Without the split step (debug builds, the server) the same routes, linked
// in: a `#[lazy]` function compiled in needs the split step to load at all.
#[cfg(not(feature = "split"))]
impl leptos_router::LazyRoute for RecordPages {
    fn data() -> Self {
        Self
    }

    async fn view(this: Self) -> AnyView {
        let RecordPages = this;
        RecordRoute().into_any()
    }
}
