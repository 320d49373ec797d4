//! What the Overview, Báo cáo and Theo dõi share: the period an address
//! asks for and its picker, the figures of a period over the replica, the
//! names of periods, and where a number links.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::auth::model::Role;
use crate::calendar::IsoDate;
use crate::i18n::{Locale, use_i18n};
use crate::kinds::council_session;
use crate::records::texts::shown_title;
use crate::reports::figures::{Figures, Pool, figures};
use crate::reports::period::{PeriodAsked, Span, resolve};
use crate::sync::client::ClientState;
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

/// Today in the office's time zone.
pub(super) fn today() -> IsoDate {
    IsoDate::from_unix_ms_in_vietnam(crate::platform::now_ms())
}

/// Every live record the replica holds (it holds only what its role may
/// read).
pub(super) fn live(state: &ClientState) -> Vec<(RecordKind, RecordId, &Fields)> {
    state
        .live_all()
        .map(|record| (record.kind, record.id, record.fields()))
        .collect()
}

/// Whether `role` reads the records of `kind`.
pub(super) fn reads(state: &ClientState, role: Option<Role>, kind: RecordKind) -> bool {
    state
        .registry
        .get(kind)
        .is_some_and(|spec| role.is_some_and(|role| spec.readable_by(role)))
}

/// The period an address asks for: `year` (default this year) and `period`
/// (default the whole year).
pub(super) fn asked(year: &str, period: &str) -> (i32, PeriodAsked) {
    let year = year
        .parse::<i32>()
        .ok()
        .filter(|year| (1945..=2100).contains(year))
        .unwrap_or_else(|| today().year());
    let period = if period.is_empty() {
        PeriodAsked::Year
    } else {
        PeriodAsked::parse(period).unwrap_or(PeriodAsked::Year)
    };
    (year, period)
}

/// A period's figures over the replica; `None` when the period cannot be
/// resolved (a session this replica does not hold).
pub(super) fn compute(
    state: &ClientState,
    year: i32,
    period: PeriodAsked,
) -> Option<(Span, Figures)> {
    crate::platform::mark("hdnd-figures-start");
    let records = live(state);
    let span = resolve(year, period, records.iter().copied()).ok()?;
    let pool = Pool::new(records);
    let figures = figures(&pool, &span, today());
    crate::platform::mark("hdnd-figures-done");
    Some((span, figures))
}

/// The most sessions of a year the period picker lists (the latest).
const SESSIONS_LISTED: usize = 50;

/// The name of a period in the interface's language: "Quý II năm 2020",
/// "Kỳ họp thứ 10 (…)".
pub fn period_label(locale: Locale, state: &ClientState, span: &Span) -> String {
    let year = span.year;
    let asked = PeriodAsked::parse(&span.code).unwrap_or(PeriodAsked::Year);
    match asked {
        PeriodAsked::Year => td_string!(locale, overview.period_year_of, year = year).to_string(),
        PeriodAsked::Half(1) => td_string!(locale, overview.period_h1_of, year = year).to_string(),
        PeriodAsked::Half(_) => td_string!(locale, overview.period_h2_of, year = year).to_string(),
        PeriodAsked::Quarter(quarter) => td_string!(
            locale,
            overview.period_quarter_of,
            quarter = crate::records::texts::roman(u64::from(quarter)),
            year = year
        )
        .to_string(),
        PeriodAsked::Month(month) => td_string!(
            locale,
            overview.period_month_of,
            month = month_name(locale, month),
            year = year
        )
        .to_string(),
        PeriodAsked::Session(id) => session_title(locale, state, id).unwrap_or_default(),
    }
}

pub(super) fn month_name(locale: Locale, month: u8) -> &'static str {
    match month {
        1 => td_string!(locale, overview.month_1),
        2 => td_string!(locale, overview.month_2),
        3 => td_string!(locale, overview.month_3),
        4 => td_string!(locale, overview.month_4),
        5 => td_string!(locale, overview.month_5),
        6 => td_string!(locale, overview.month_6),
        7 => td_string!(locale, overview.month_7),
        8 => td_string!(locale, overview.month_8),
        9 => td_string!(locale, overview.month_9),
        10 => td_string!(locale, overview.month_10),
        11 => td_string!(locale, overview.month_11),
        _ => td_string!(locale, overview.month_12),
    }
}

fn session_title(locale: Locale, state: &ClientState, id: RecordId) -> Option<String> {
    let record = state.records.get(&id).filter(|record| !record.deleted())?;
    let spec = state.registry.get(record.kind)?;
    Some(shown_title(state, locale, spec, record.fields()))
}

/// Where a number links: the list of `kind`, narrowed to the figure.
pub(super) fn list_href(
    state: &ClientState,
    kind: RecordKind,
    key: &str,
    year: i32,
    period: &str,
) -> String {
    let path = state.registry.get(kind).map_or("", |spec| spec.path);
    format!("/{path}?figure={key}&year={year}&period={period}")
}

/// The period an address asks for, as the page's address changes.
pub fn use_chosen() -> Memo<(i32, PeriodAsked)> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|query| {
            asked(
                &query.get("year").unwrap_or_default(),
                &query.get("period").unwrap_or_default(),
            )
        })
    })
}

/// The year and period selects of the Overview and the Báo cáo page; a
/// choice replaces `base`'s address (`?year=&period=`).
#[component]
pub fn PeriodPicker(base: &'static str, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let replica = crate::web::replica::use_replica();
    let navigate = use_navigate();
    let chosen = use_chosen();
    // The years to choose from: those holding records of an activity, and
    // this one.
    let years = Memo::new(move |_| {
        replica.with(|state| {
            let mut years: BTreeSet<i32> = BTreeSet::from([today().year(), chosen.get().0]);
            for (_, _, fields) in live(state) {
                for date in ["starts_on", "held_on", "received_on", "visited_on"] {
                    if let Some(day) = field_value(fields, date)
                        .as_str()
                        .and_then(|text| IsoDate::parse(text).ok())
                    {
                        years.insert(day.year());
                    }
                }
            }
            years.into_iter().rev().collect::<Vec<_>>()
        })
    });
    // The year's sessions, to report on one: a council holds a few a year;
    // past the last SESSIONS_LISTED of a year (a replica filled by a
    // script) the others stay reachable through their address.
    let sessions = Memo::new(move |_| {
        let (year, period) = chosen.get();
        let locale = i18n.get_locale();
        replica.with(|state| {
            let mut found: Vec<(IsoDate, RecordId)> = state
                .live(council_session::KIND)
                .filter_map(|record| {
                    let starts = field_value(record.fields(), "starts_on")
                        .as_str()
                        .and_then(|text| IsoDate::parse(text).ok())?;
                    (starts.year() == year).then_some((starts, record.id))
                })
                .collect();
            found.sort();
            let first = found.len().saturating_sub(SESSIONS_LISTED);
            let chosen_session = match period {
                PeriodAsked::Session(id) => found[..first]
                    .iter()
                    .find(|(_, found)| *found == id)
                    .copied(),
                _ => None,
            };
            chosen_session
                .into_iter()
                .chain(found[first..].iter().copied())
                .map(|(_, id)| (id, session_title(locale, state, id).unwrap_or_default()))
                .collect::<Vec<_>>()
        })
    });
    let go = move |year: i32, period: String| {
        navigate(
            &format!("{base}?year={year}&period={period}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go = StoredValue::new(go);

    move || {
        let locale = i18n.get_locale();
        let (year, period) = chosen.get();
        let code = period.code();
        let mut options: Vec<(String, String)> = vec![
            (
                "year".into(),
                td_string!(locale, overview.period_year).into(),
            ),
            ("h1".into(), td_string!(locale, overview.period_h1).into()),
            ("h2".into(), td_string!(locale, overview.period_h2).into()),
        ];
        for quarter in 1..=4u64 {
            options.push((
                format!("q{quarter}"),
                td_string!(
                    locale,
                    overview.period_quarter,
                    quarter = crate::records::texts::roman(quarter)
                )
                .to_string(),
            ));
        }
        for month in 1..=12u8 {
            options.push((format!("m{month:02}"), month_name(locale, month).to_owned()));
        }
        for (id, title) in sessions.get() {
            options.push((format!("session:{id}"), title));
        }
        let period_options = options
            .into_iter()
            .map(|(value, label)| {
                let selected = value == code;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view();
        let year_options = years
            .get()
            .into_iter()
            .map(|y| view! { <option value=y.to_string() selected=y == year>{y}</option> })
            .collect_view();
        view! {
            <div class="period-picker" role="group" aria-label=td_string!(locale, overview.period_picker)>
                <div class="field">
                    <label for=format!("{id}-year")>{td_string!(locale, overview.year)}</label>
                    <select
                        id=format!("{id}-year")
                        on:change=move |event| {
                            if let Ok(year) = event_target_value(&event).parse::<i32>() {
                                let period = chosen.get_untracked().1;
                                // A session belongs to its own year.
                                let period = match period {
                                    PeriodAsked::Session(_) => "year".to_owned(),
                                    other => other.code(),
                                };
                                go.with_value(|go| go(year, period));
                            }
                        }
                    >
                        {year_options}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("{id}-period")>{td_string!(locale, overview.period)}</label>
                    <select
                        id=format!("{id}-period")
                        on:change=move |event| {
                            let year = chosen.get_untracked().0;
                            go.with_value(|go| go(year, event_target_value(&event)));
                        }
                    >
                        {period_options}
                    </select>
                </div>
            </div>
        }
    }
}
