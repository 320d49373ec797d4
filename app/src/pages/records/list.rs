//! A kind's list: sort (Vietnamese order), filters (also from the
//! address), search with or without diacritics, paging, and the records
//! behind a figure when the address names one (`?figure=`).

use crate::pages::records::inputs::link_options;
use crate::pages::records::inputs::option_views;
use crate::pages::records::view::{JUST_DELETED, can_write, record_path, shown_value};
use crate::pages::records::view::{computed_text, computed_values};
use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde_json::Value;

use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::records::listing::{self, Asked};
use crate::records::review;
use crate::records::search::{Query, search_texts};
use crate::records::spec::{FieldSpec, FieldType, KindSpec};
use crate::records::texts::{choice_label, display_value, field_label, kind_text, shown_title};
use crate::sync::client::ClientState;
use crate::sync::model::{RecordId, field_value};
use crate::web::replica::use_replica;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowState {
    Synced,
    Pending,
    Problem,
}

/// Which records have problems or unsent changes.
pub(super) struct Marks {
    problems: BTreeSet<RecordId>,
    pending: BTreeSet<RecordId>,
}

impl Marks {
    pub(super) fn of(state: &ClientState) -> Self {
        Marks {
            problems: state.problems.values().map(|p| p.record_id).collect(),
            pending: state.outbox.values().map(|m| m.record_id).collect(),
        }
    }

    pub(super) fn state(&self, id: RecordId) -> RowState {
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
    // "Xem thêm" presses since the list last changed (`listing::shown`).
    let more = RwSignal::new(0_usize);
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
        let texts = haystacks.get();
        let chosen: Vec<(&'static str, bool)> = sort.get().into_iter().collect();
        let narrowed = narrowed.get();
        let asked = Asked {
            only: narrowed
                .as_ref()
                .and_then(Option::as_ref)
                .map(|rows| &rows.ids),
            year: year.with(|y| y.parse().ok()),
            filters: &wanted,
            query: &query,
            texts: &texts,
            sort: &chosen,
            locale: i18n.get_locale(),
        };
        replica.with(|state| listing::order(state, spec, &asked))
    });
    let years = Memo::new(move |_| replica.with(|state| listing::years(state, spec)));
    let total = Memo::new(move |_| replica.with(|state| state.live(kind).count()));
    let ready = move || replica.status().ready;
    // Printed, a list is every matching row, not the first page of them.
    {
        let printing = window_event_listener(leptos::ev::beforeprint, move |_| {
            more.set(usize::MAX);
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
                        more.set(0);
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
            let limit = listing::shown(ids.len(), more.get());
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
                                    {crate::records::review_texts::state_name(locale, reviewed)}
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
                <button type="button" class="secondary" on:click=move |_| more.update(|n| *n = n.saturating_add(1))>
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
                        <select id=id on:change=move |event| { value.set(event_target_value(&event)); more.set(0); }>
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
                        on:input=move |event| { query.set(event_target_value(&event)); more.set(0); }
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
                <A href=crate::pages::records::deleted::deleted_path(spec) attr:class="button secondary">
                    {move || {
                        let locale = i18n.get_locale();
                        let count = replica.with(|state| crate::pages::records::deleted::deleted_records(state, spec).len());
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
pub(super) type FilterControl = (String, String, Vec<(String, String)>, RwSignal<String>);

/// `<li>` links to records: (title, path).
pub(super) fn link_items(links: Vec<(String, String)>) -> impl IntoView {
    links
        .into_iter()
        .map(|(title, path)| view! { <li><A href=path>{title}</A></li> })
        .collect_view()
}

/// Records folded per slice while warming: some 10 ms in the browser.
pub(super) const WARM_SLICE: usize = 800;

/// Makes the kind's search texts in the background, a slice at a time, so
/// that the first search of a long list does not wait for them.
pub(super) fn warm_search_texts(
    replica: crate::web::replica::Replica,
    spec: &'static KindSpec,
    locale: Locale,
) {
    use crate::web::browser::{next_frame, next_task};
    leptos::task::spawn_local(async move {
        // Not before the list is on screen: the first slice waits for the
        // frame that paints it and runs in the task after.
        next_frame().await;
        loop {
            next_task().await;
            if replica.with(|state| search_texts(state, spec, locale, WARM_SLICE).1) {
                break;
            }
        }
    });
}
