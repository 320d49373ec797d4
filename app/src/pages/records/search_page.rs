//! Search across everything from the top bar: the box in the bar, and the
//! results page (`/search?q=`) — the records of every kind the role reads
//! that have every word typed (with or without diacritics; typed with them,
//! the exact spelling first), grouped by kind, the matching words marked,
//! each opening its record. Over the replica (`crate::records::finder`): offline too.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::pages::records::view::record_path;
use crate::paths::search_path;
use crate::records::finder::{Found, highlight, search};
use crate::records::search::{Query, written};
use crate::records::texts::{kind_text, shown_title};
use crate::sync::client::ClientState;
use crate::text::fold;
use crate::web::replica::use_replica;

/// The longest query looked up (characters); the rest is ignored.
const MAX_QUERY: usize = 200;

/// The search box in the top bar: Enter opens the results. Focusing it
/// brings the word index up to date in the background, while the first
/// words are typed.
#[component]
pub fn TopSearch() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let replica = use_replica();
    let text = RwSignal::new(String::new());
    let warm = move |_| {
        let locale = i18n.get_locale_untracked();
        // After the focus is shown.
        leptos::task::spawn_local(async move {
            replica.with_untracked(|state| crate::records::finder::refresh(state, locale));
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        navigate(
            &search_path(&text.get_untracked()),
            NavigateOptions::default(),
        );
    };
    view! {
        <form
            class="top-search"
            role="search"
            aria-label=move || td_string!(i18n.get_locale(), search.region)
            on:submit=submit
        >
            <input
                type="search"
                name="q"
                maxlength=MAX_QUERY
                aria-label=move || td_string!(i18n.get_locale(), search.label)
                placeholder=move || td_string!(i18n.get_locale(), search.placeholder)
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
                on:focus=warm
            />
            <button type="submit" class="top-search-go">
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                <span class="top-search-label">{move || td_string!(i18n.get_locale(), search.go)}</span>
            </button>
        </form>
    }
}

/// A text with the query's words marked.
fn marked(text: &str, words: &[String]) -> impl IntoView + use<> {
    highlight(text, words)
        .into_iter()
        .map(|(piece, mark)| {
            if mark {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

/// A kind's group of results.
fn group_view(
    state: &ClientState,
    locale: Locale,
    query: &Query,
    found: &Found,
) -> impl IntoView + use<> {
    let spec = found.spec;
    let heading_id = format!("search-{}", spec.kind);
    let labelled_by = heading_id.clone();
    let heading = format!(
        "{} ({})",
        kind_text(locale, spec, "name"),
        crate::numbers::count(locale, found.total)
    );
    let items = found
        .ids
        .iter()
        .filter_map(|id| {
            let record = state.records.get(id)?;
            let title = shown_title(state, locale, spec, record.fields());
            let in_title = query
                .words
                .iter()
                .all(|word| fold(&title).contains(word.as_str()));
            // Where the words are, when the title does not say: the written
            // value that has most of them (the first of those).
            let snippet = (!in_title)
                .then(|| {
                    let mut best: Option<(usize, std::borrow::Cow<'_, str>)> = None;
                    for value in written(locale, spec, record) {
                        let folded = fold(&value);
                        let has = query
                            .words
                            .iter()
                            .filter(|word| folded.contains(word.as_str()))
                            .count();
                        if has > 0 && best.as_ref().is_none_or(|(most, _)| has > *most) {
                            best = Some((has, value));
                        }
                    }
                    best.map(|(_, value)| value)
                })
                .flatten()
                .map(|value| {
                    let value: String = value.chars().take(240).collect();
                    view! { <p class="search-snippet">{marked(&value, &query.words)}</p> }
                });
            Some(view! {
                <li>
                    <a href=record_path(spec, *id)>{marked(&title, &query.words)}</a>
                    {snippet}
                </li>
            })
        })
        .collect_view();
    let more = (found.total > found.ids.len()).then(|| {
        view! {
            <p class="hint">
                {td_string!(
                    locale,
                    search.more,
                    shown = crate::numbers::count(locale, found.ids.len()),
                    total = crate::numbers::count(locale, found.total)
                )
                    .to_string()}
            </p>
        }
    });
    view! {
        <section class="search-group" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            <ul class="search-results">{items}</ul>
            {more}
        </section>
    }
}

/// `/search?q=`.
#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let asked = Memo::new(move |_| {
        query_map.with(|query| {
            query
                .get("q")
                .unwrap_or_default()
                .chars()
                .take(MAX_QUERY)
                .collect::<String>()
        })
    });
    let typed = RwSignal::new(asked.get_untracked());
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        typed.set(text.clone());
        navigate(
            &search_path(&text),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let results = move || {
        let locale = i18n.get_locale();
        let query = Query::parse(&asked.get());
        if query.is_empty() {
            return view! { <p class="hint">{td_string!(locale, search.hint)}</p> }.into_any();
        }
        if !replica.status().ready {
            return view! { <p class="loading">{td_string!(locale, records.loading)}</p> }
                .into_any();
        }
        replica.with(|state| {
            crate::platform::mark("hdnd-search-start");
            let found = search(state, locale, &query);
            crate::platform::mark("hdnd-search-done");
            let total: usize = found.iter().map(|found| found.total).sum();
            let summary = if total == 0 {
                td_string!(locale, search.none).to_owned()
            } else {
                td_string!(
                    locale,
                    search.found,
                    count = crate::numbers::count(locale, total),
                    kinds = crate::numbers::count(locale, found.len())
                )
                .to_string()
            };
            let groups = found
                .iter()
                .map(|found| group_view(state, locale, &query, found))
                .collect_view();
            view! {
                <p role="status" class="search-summary">{summary}</p>
                {groups}
            }
            .into_any()
        })
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), search.title)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), search.title)}</h1>
            <p>{move || td_string!(i18n.get_locale(), search.lead)}</p>
        </header>
        <div class="field search-field">
            <label for="search-all">{move || td_string!(i18n.get_locale(), search.page_label)}</label>
            <input
                id="search-all"
                type="search"
                maxlength=MAX_QUERY
                prop:value=move || typed.get()
                on:input=on_input
            />
        </div>
        <div class="search-page">{results}</div>
    }
}
