//! The Overview (Tổng quan): a period's figures, grouped as the report
//! groups them, counted in the browser from the replica — so offline too,
//! and for each role over what that role may read. Every number opens the
//! list of the records behind it (`/<kind>?figure=<key>&year=…&period=…`,
//! which [`figure_rows`] answers for the list); the months as a chart with
//! its table; the targets; what is overdue.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use serde_json::Number;

use crate::i18n::{Locale, use_i18n};
use crate::kinds::{conference, plan_target, recommendation, voter_petition};
use crate::messages::page_title;
use crate::pages::records::list::{FigureAsked, FigureRows};
use crate::pages::records::view::record_path;
use crate::pages::reports::picker::{
    PeriodPicker, asked, compute, list_href, month_name, period_label, reads, use_chosen,
};
use crate::records::texts::{choice_label, shown_title};
use crate::reports::figures::{Count, Figures, MonthRow, Part};
use crate::reports::labels::{GROUPS, Line, SERIES, Series, figure_label, part_label};
use crate::reports::period::Span;
use crate::sync::client::ClientState;
use crate::sync::model::{RecordId, RecordKind};
use crate::web::session::use_auth;

/// For a list whose address names a figure: the records behind it and what
/// to say about them (provided to the lists as their `FigureFilter`).
pub fn figure_rows(
    state: &ClientState,
    locale: Locale,
    asked_for: &FigureAsked,
) -> Option<FigureRows> {
    let (year, period) = asked(&asked_for.year, &asked_for.period);
    let (span, figures) = compute(state, year, period)?;
    let ids = figures.ids(&asked_for.figure)?;
    let (name, code) = match asked_for.figure.split_once(':') {
        Some((name, code)) => (name, Some(code)),
        None => (asked_for.figure.as_str(), None),
    };
    let mut label = figure_label(locale, name)?.to_owned();
    if let Some(code) = code {
        let line = GROUPS
            .iter()
            .flat_map(|(_, lines)| lines.iter())
            .find_map(|line| match line {
                Line::Parts { key, kind, field } if *key == name => Some((*kind, *field)),
                _ => None,
            });
        let part = figures
            .parts(name)
            .and_then(|parts| parts.iter().find(|part| part.key == code));
        if let (Some((kind, field)), Some(part)) = (line, part) {
            label = format!(
                "{label}: {}",
                part_label(locale, state.registry, kind, field, part)
            );
        }
    }
    Some(FigureRows {
        label: format!("{label} — {}", period_label(locale, state, &span)),
        ids: ids.into_iter().collect::<HashSet<_>>(),
    })
}

/// A count as the interface writes it ("1.234" / "1,234").
fn number(locale: Locale, value: u64) -> String {
    crate::numbers::format(locale, &Number::from(value), true)
}

fn decimal(locale: Locale, value: f64) -> String {
    Number::from_f64(value)
        .map(|n| crate::numbers::format(locale, &n, true))
        .unwrap_or_default()
}

/// `/`: the Overview.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let replica = crate::web::replica::use_replica();
    let chosen = use_chosen();
    let role = move || auth.identity().map(|identity| identity.role);
    let ready = move || replica.status().ready;
    let shown = Memo::new(move |_| {
        let (year, period) = chosen.get();
        replica.with(|state| compute(state, year, period))
    });
    let body = move || {
        let locale = i18n.get_locale();
        if !ready() {
            return view! { <p class="loading">{td_string!(locale, records.loading)}</p> }
                .into_any();
        }
        let role = role();
        let Some((span, figures)) = shown.get() else {
            return view! { <p class="notice">{td_string!(locale, overview.no_period)}</p> }
                .into_any();
        };
        replica.with(|state| {
            let readable: Vec<RecordKind> = state
                .registry
                .all()
                .map(|spec| spec.kind)
                .filter(|kind| reads(state, role, *kind))
                .collect();
            if readable.is_empty() {
                return ().into_any();
            }
            let days = td_string!(
                locale,
                overview.period_days,
                from = span.from.display(),
                to = span.to.display()
            )
            .to_string();
            let heading = period_label(locale, state, &span);
            let empty = !GROUPS.iter().flat_map(|(_, lines)| lines.iter()).any(|line| match line {
                Line::Count { key, .. } => figures.count(key).is_some_and(|c| c.value > 0),
                Line::Parts { .. } => false,
            });
            let groups = GROUPS
                .iter()
                .filter(|(_, lines)| {
                    lines.iter().any(|line| match line {
                        Line::Count { kind, .. } | Line::Parts { kind, .. } => readable.contains(kind),
                    })
                })
                .map(|(group, lines)| group_view(locale, state, &readable, &figures, &span, group, lines))
                .collect_view();
            let conferences = readable
                .contains(&conference::KIND)
                .then(|| conferences_view(locale, state, &figures))
                .flatten();
            let targets = readable
                .contains(&plan_target::KIND)
                .then(|| targets_view(locale, state, &figures, &span));
            let overdue = overdue_view(locale, state, &figures);
            let rates = (readable.contains(&voter_petition::KIND)
                || readable.contains(&recommendation::KIND))
            .then(|| {
                let rates = crate::reports::follow_up::settlement_rates(&figures);
                view! {
                    <section class="card" aria-labelledby="overview-rates">
                        <h2 id="overview-rates">{td_string!(locale, overview.rates)}</h2>
                        {crate::pages::reports::follow_up_page::rates_view(locale, &rates)}
                        <p><a href="/follow-up">{td_string!(locale, overview.follow_up_link)}</a></p>
                    </section>
                }
            });
            let months = months_view(locale, state, &readable, &figures, &span);
            view! {
                <section class="overview-period" aria-labelledby="overview-period-heading">
                    <h2 id="overview-period-heading">{heading}</h2>
                    <p class="hint">{days}</p>
                    {empty.then(|| view! { <p class="notice">{td_string!(locale, overview.nothing_in_period)}</p> })}
                    <div class="figure-groups">{groups}</div>
                </section>
                {conferences}
                {targets}
                {months}
                {rates}
                {overdue}
            }
            .into_any()
        })
    };

    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), nav.overview)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), nav.overview)}</h1>
            <p>{move || td_string!(i18n.get_locale(), overview.lead)}</p>
        </header>
        <PeriodPicker base="/" id="overview" />
        {body}
    }
}

/// A figure as a link to its records: the label, then the number.
fn figure_link(href: String, label: String, value: String, class: &'static str) -> impl IntoView {
    view! {
        <li class=class>
            <a href=href>
                <span class="figure-label">{label}</span>
                <span class="figure-value">{value}</span>
            </a>
        </li>
    }
}

fn group_view(
    locale: Locale,
    state: &ClientState,
    readable: &[RecordKind],
    figures: &Figures,
    span: &Span,
    group: &str,
    lines: &[Line],
) -> impl IntoView {
    let id = format!("overview-{group}");
    let title = figure_label(locale, group).unwrap_or_default();
    let items = lines
        .iter()
        .filter_map(|line| match *line {
            Line::Count { key, kind, sub } => {
                if !readable.contains(&kind) {
                    return None;
                }
                let Count { value, .. } = figures.count(key)?;
                // "Of which" lines only where there is something.
                if sub && *value == 0 {
                    return None;
                }
                Some(
                    figure_link(
                        list_href(state, kind, key, span.year, &span.code),
                        figure_label(locale, key).unwrap_or(key).to_owned(),
                        number(locale, *value),
                        if sub { "figure sub" } else { "figure" },
                    )
                    .into_any(),
                )
            }
            Line::Parts { key, kind, field } => {
                if !readable.contains(&kind) {
                    return None;
                }
                let shown: Vec<&Part> = figures
                    .parts(key)?
                    .iter()
                    .filter(|part| part.value > 0)
                    .collect();
                if shown.is_empty() {
                    return None;
                }
                let heading = figure_label(locale, key).unwrap_or(key);
                let items = shown
                    .into_iter()
                    .map(|part| {
                        figure_link(
                            list_href(
                                state,
                                kind,
                                &format!("{key}:{}", part.key),
                                span.year,
                                &span.code,
                            ),
                            part_label(locale, state.registry, kind, field, part),
                            number(locale, part.value),
                            "figure",
                        )
                    })
                    .collect_view();
                let heading_id = format!("overview-{key}");
                Some(
                    view! {
                        <li class="figure-parts">
                            <span id=heading_id.clone() class="parts-heading">{heading}</span>
                            <ul aria-labelledby=heading_id>{items}</ul>
                        </li>
                    }
                    .into_any(),
                )
            }
        })
        .collect_view();
    view! {
        <section class="figure-group card" aria-labelledby=id.clone()>
            <h3 id=id.clone()>{title}</h3>
            <ul class="figure-lines">{items}</ul>
        </section>
    }
}

fn record_link(state: &ClientState, locale: Locale, id: RecordId) -> Option<(String, String)> {
    let record = state.records.get(&id).filter(|record| !record.deleted())?;
    let spec = state.registry.get(record.kind)?;
    Some((
        record_path(spec, id),
        shown_title(state, locale, spec, record.fields()),
    ))
}

fn conferences_view(locale: Locale, state: &ClientState, figures: &Figures) -> Option<AnyView> {
    if figures.conference_list.is_empty() {
        return None;
    }
    let items = figures
        .conference_list
        .iter()
        .filter_map(|item| {
            let (href, title) = record_link(state, locale, item.id)?;
            let role = if item.hosted {
                td_string!(locale, overview.hosted)
            } else {
                td_string!(locale, overview.attended)
            };
            let kind = choice_label(locale, conference::CONFERENCE_KIND.name, &item.kind);
            Some(view! {
                <li>
                    <a href=href>{title}</a>
                    <span class="hint">{format!(" — {kind}; {role}")}</span>
                </li>
            })
        })
        .collect_view();
    Some(
        view! {
            <section class="card" aria-labelledby="overview-conference-list">
                <h2 id="overview-conference-list">{figure_label(locale, "conference_list")}</h2>
                <ul class="plain-list">{items}</ul>
            </section>
        }
        .into_any(),
    )
}

fn targets_view(
    locale: Locale,
    state: &ClientState,
    figures: &Figures,
    span: &Span,
) -> impl IntoView {
    let met = figures.targets_met.value + figures.targets_exceeded.value;
    let summary = (figures.targets.value > 0).then(|| {
        let share =
            crate::reports::office::office_percent(met, figures.targets.value).unwrap_or_default();
        let share = crate::pages::reports::follow_up_page::share_in(locale, &share);
        td_string!(
            locale,
            overview.targets_summary,
            met = number(locale, met),
            total = number(locale, figures.targets.value),
            share = share
        )
        .to_string()
    });
    let rows = figures
        .target_list
        .iter()
        .filter_map(|item| {
            let (href, _) = record_link(state, locale, item.id)?;
            let result = match &item.result {
                Some(code) => choice_label(locale, plan_target::TARGET_RESULT.name, code),
                None => td_string!(locale, overview.target_pending).to_owned(),
            };
            let actual = item.actual.map(|actual| decimal(locale, actual)).unwrap_or_default();
            let state_attr = item.result.clone().unwrap_or_else(|| "pending".into());
            Some(view! {
                <tr role="row">
                    <th scope="row" role="rowheader"><a href=href>{item.text.clone()}</a></th>
                    <td role="cell" data-label=td_string!(locale, overview.target_planned)>{decimal(locale, item.planned)}</td>
                    <td role="cell" data-label=td_string!(locale, overview.target_actual)>{actual}</td>
                    <td role="cell" data-label=td_string!(locale, overview.target_result)>
                        <span class="badge" data-state=state_attr>{result}</span>
                    </td>
                </tr>
            })
        })
        .collect_view();
    let href = list_href(
        state,
        plan_target::KIND,
        "target_list",
        span.year,
        &span.code,
    );
    view! {
        <section class="card" aria-labelledby="overview-targets">
            <h2 id="overview-targets">{td_string!(locale, overview.targets_heading, year = span.year).to_string()}</h2>
            {match summary {
                Some(summary) => view! { <p><a href=href>{summary}</a></p> }.into_any(),
                None => view! { <p class="hint">{td_string!(locale, overview.targets_none)}</p> }.into_any(),
            }}
            {(figures.targets.value > 0).then(|| view! {
                <div class="table-scroll">
                    <table class="data-table record-list" role="table">
                        <caption class="visually-hidden">{td_string!(locale, overview.targets_heading, year = span.year).to_string()}</caption>
                        <thead role="rowgroup">
                            <tr role="row">
                                <th scope="col" role="columnheader">{td_string!(locale, overview.target)}</th>
                                <th scope="col" role="columnheader">{td_string!(locale, overview.target_planned)}</th>
                                <th scope="col" role="columnheader">{td_string!(locale, overview.target_actual)}</th>
                                <th scope="col" role="columnheader">{td_string!(locale, overview.target_result)}</th>
                            </tr>
                        </thead>
                        <tbody role="rowgroup">{rows}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

fn overdue_view(locale: Locale, state: &ClientState, figures: &Figures) -> Option<AnyView> {
    let items: Vec<_> = figures
        .overdue
        .iter()
        .filter_map(|item| {
            let (href, title) = record_link(state, locale, item.id)?;
            let spec = state.registry.get(item.kind)?;
            let kind = crate::records::texts::kind_text(locale, spec, "one");
            let late = td_string!(
                locale,
                overview.overdue_by,
                deadline = item.deadline.display(),
                days = number(locale, u64::try_from(item.days).unwrap_or(0))
            )
            .to_string();
            Some(view! {
                <li>
                    <a href=href>{title}</a>
                    <span class="hint">{format!(" — {kind}; {late}")}</span>
                </li>
            })
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(
        view! {
            <section class="card" aria-labelledby="overview-overdue">
                <h2 id="overview-overdue">
                    {td_string!(locale, overview.overdue_heading, count = number(locale, items.len() as u64)).to_string()}
                </h2>
                <ul class="plain-list">{items}</ul>
            </section>
        }
        .into_any(),
    )
}

/// The months as bars, one series at a time, with the table of them all.
fn months_view(
    locale: Locale,
    state: &ClientState,
    readable: &[RecordKind],
    figures: &Figures,
    span: &Span,
) -> Option<AnyView> {
    let series: Vec<Series> = SERIES
        .iter()
        .copied()
        .filter(|(_, kind, _)| readable.contains(kind))
        .collect();
    if series.is_empty() || figures.by_month.len() < 2 {
        return None;
    }
    let rows = figures.by_month.clone();
    let chosen = RwSignal::new(0usize);
    let names: Vec<(&'static str, &'static str)> = series
        .iter()
        .map(|(key, ..)| (*key, figure_label(locale, key).unwrap_or(key)))
        .collect();
    let month_of =
        |row: &MonthRow| -> u8 { row.month.get(5..).and_then(|m| m.parse().ok()).unwrap_or(1) };
    let chart = {
        let rows = rows.clone();
        let series = series.clone();
        let names = names.clone();
        move || {
            let index = chosen.get().min(series.len() - 1);
            let (_, _, pick) = series[index];
            let values: Vec<u64> = rows.iter().map(pick).collect();
            let top = values.iter().copied().max().unwrap_or(0).max(1);
            let width = 420.0;
            let height = 220.0;
            let base = 190.0;
            let slot = width / rows.len() as f64;
            let bar = (slot * 0.6).max(4.0);
            let bars = rows
                .iter()
                .zip(&values)
                .enumerate()
                .map(|(i, (row, value))| {
                    let h = (*value as f64 / top as f64) * 160.0;
                    let x = slot * i as f64 + (slot - bar) / 2.0;
                    let month = month_of(row);
                    let tip = format!("{}: {}", month_name(locale, month), number(locale, *value));
                    view! {
                        <g>
                            <title>{tip}</title>
                            <rect x=format!("{x:.1}") y=format!("{:.1}", base - h) width=format!("{bar:.1}") height=format!("{h:.1}") rx="2" />
                            <text x=format!("{:.1}", x + bar / 2.0) y=format!("{:.1}", base - h - 4.0) class="bar-value">{number(locale, *value)}</text>
                            <text x=format!("{:.1}", x + bar / 2.0) y="210" class="bar-month">{month.to_string()}</text>
                        </g>
                    }
                })
                .collect_view();
            let title =
                td_string!(locale, overview.chart_title, series = names[index].1).to_string();
            view! {
                <svg class="month-chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=title>
                    <line x1="0" y1=base.to_string() x2=width.to_string() y2=base.to_string() class="axis" />
                    {bars}
                </svg>
            }
        }
    };
    let options = names
        .iter()
        .enumerate()
        .map(|(index, (_, label))| view! { <option value=index.to_string()>{*label}</option> })
        .collect_view();
    let head = names
        .iter()
        .map(|(_, label)| view! { <th scope="col" role="columnheader">{*label}</th> })
        .collect_view();
    let body = rows
        .iter()
        .map(|row| {
            let month = month_of(row);
            let period = format!("m{month:02}");
            let cells = series
                .iter()
                .map(|(key, kind, pick)| {
                    let value = pick(row);
                    let href = list_href(state, *kind, key, span.year, &period);
                    let label = format!(
                        "{} — {}: {}",
                        month_name(locale, month),
                        figure_label(locale, key).unwrap_or(key),
                        number(locale, value)
                    );
                    view! {
                        <td role="cell" data-label=figure_label(locale, key).unwrap_or(key)>
                            {if value > 0 {
                                view! { <a href=href aria-label=label>{number(locale, value)}</a> }.into_any()
                            } else {
                                view! { <span>{number(locale, 0)}</span> }.into_any()
                            }}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr role="row">
                    <th scope="row" role="rowheader">{month_name(locale, month)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    Some(
        view! {
            <section class="card" aria-labelledby="overview-months">
                <h2 id="overview-months">{td_string!(locale, overview.months_heading)}</h2>
                <div class="field chart-series">
                    <label for="chart-series">{td_string!(locale, overview.chart_series)}</label>
                    <select id="chart-series" on:change=move |event| {
                        if let Ok(index) = event_target_value(&event).parse() {
                            chosen.set(index);
                        }
                    }>
                        {options}
                    </select>
                </div>
                {chart}
                <details class="chart-table">
                    <summary>{td_string!(locale, overview.chart_table)}</summary>
                    <div class="table-scroll">
                        <table class="data-table" role="table">
                            <caption class="visually-hidden">{td_string!(locale, overview.months_heading)}</caption>
                            <thead role="rowgroup">
                                <tr role="row">
                                    <th scope="col" role="columnheader">{td_string!(locale, overview.month)}</th>
                                    {head}
                                </tr>
                            </thead>
                            <tbody role="rowgroup">{body}</tbody>
                        </table>
                    </div>
                </details>
            </section>
        }
        .into_any(),
    )
}
