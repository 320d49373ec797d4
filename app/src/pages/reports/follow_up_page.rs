//! "Theo dõi, đôn đốc" (`/follow-up`): what is open past its deadline or
//! its legal time limit (`crate::reports::follow_up`), with days overdue, counted
//! per addressee or owner; what falls due within a week; and the chosen
//! period's settlement rates. Over the replica, for what the role reads:
//! offline too.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::i18n::{Locale, use_i18n};
use crate::messages::page_title;
use crate::pages::records::view::record_path;
use crate::pages::reports::picker::{PeriodPicker, compute, period_label, today, use_chosen};
use crate::records::texts::{kind_text, shown_title};
use crate::reports::follow_up::{
    Basis, FollowUp, KINDS, Rate, by_owner, open_items, settlement_rates,
};
use crate::sync::client::ClientState;
use crate::web::replica::use_replica;

/// The open items of what the replica holds, on today's date.
pub fn items(state: &ClientState) -> Vec<FollowUp> {
    let records = KINDS.into_iter().flat_map(|kind| {
        state
            .live(kind)
            .map(move |record| (kind, record.id, record.fields()))
    });
    open_items(records, today())
}

/// How many records are overdue (the navigation's count).
pub fn overdue_count(state: &ClientState) -> usize {
    items(state).iter().filter(|item| item.is_overdue()).count()
}

fn basis_text(locale: Locale, basis: Basis) -> &'static str {
    match basis {
        Basis::Deadline => td_string!(locale, follow_up.basis_deadline),
        Basis::Complaint => td_string!(locale, follow_up.basis_complaint),
        Basis::Denunciation => td_string!(locale, follow_up.basis_denunciation),
        Basis::CitizenPetition => td_string!(locale, follow_up.basis_citizen_petition),
        Basis::Letter => td_string!(locale, follow_up.basis_letter),
        Basis::VoterPetition => td_string!(locale, follow_up.basis_voter_petition),
    }
}

fn owner_text(locale: Locale, owner: &Option<String>) -> String {
    owner
        .clone()
        .unwrap_or_else(|| td_string!(locale, follow_up.office).to_owned())
}

fn rows_view(locale: Locale, state: &ClientState, items: &[&FollowUp]) -> impl IntoView + use<> {
    items
        .iter()
        .filter_map(|item| {
            let spec = state.registry.get(item.kind)?;
            let record = state.records.get(&item.id)?;
            let title = shown_title(state, locale, spec, record.fields());
            let days = if item.is_overdue() {
                td_string!(locale, follow_up.days_over, count = crate::numbers::count(locale, item.days as usize))
                    .to_string()
            } else {
                td_string!(locale, follow_up.days_left, count = crate::numbers::count(locale, (-item.days) as usize))
                    .to_string()
            };
            Some(view! {
                <tr role="row">
                    <th scope="row" role="rowheader">
                        <a href=record_path(spec, item.id)>{title}</a>
                    </th>
                    <td role="cell" data-label=td_string!(locale, follow_up.col_kind)>
                        {kind_text(locale, spec, "name")}
                    </td>
                    <td role="cell" data-label=td_string!(locale, follow_up.col_owner)>
                        {owner_text(locale, &item.owner)}
                    </td>
                    <td role="cell" class="nowrap" data-label=td_string!(locale, follow_up.col_due)>{item.due.display()}</td>
                    <td role="cell" class="nowrap" data-label=td_string!(locale, follow_up.col_days)>{days}</td>
                    <td role="cell" data-label=td_string!(locale, follow_up.col_basis)>
                        {basis_text(locale, item.basis)}
                    </td>
                </tr>
            })
        })
        .collect_view()
}

fn table_view(
    locale: Locale,
    state: &ClientState,
    id: &'static str,
    heading: String,
    empty: &'static str,
    items: &[&FollowUp],
) -> impl IntoView + use<> {
    let body = if items.is_empty() {
        view! { <p class="empty-note">{empty}</p> }.into_any()
    } else {
        let rows = rows_view(locale, state, items);
        view! {
            <div class="table-scroll">
                <table class="data-table record-list" role="table" aria-labelledby=id>
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_record)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_kind)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_owner)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_due)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_days)}</th>
                            <th scope="col" role="columnheader">{td_string!(locale, follow_up.col_basis)}</th>
                        </tr>
                    </thead>
                    <tbody role="rowgroup">{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="my-work" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {body}
        </section>
    }
}

/// The settlement rates of a period, each "settled / of (share)".
pub fn rates_view(locale: Locale, rates: &[Rate]) -> impl IntoView + use<> {
    let lines = rates
        .iter()
        .map(|rate| {
            let label = match rate.key {
                "petitions" => td_string!(locale, follow_up.rate_petitions),
                _ => td_string!(locale, follow_up.rate_recommendations),
            };
            let value = match rate.percent() {
                Some(share) => td_string!(
                    locale,
                    follow_up.rate_value,
                    settled = crate::numbers::count(locale, rate.settled as usize),
                    of = crate::numbers::count(locale, rate.of as usize),
                    share = share_in(locale, &share)
                )
                .to_string(),
                None => td_string!(locale, follow_up.rate_none).to_owned(),
            };
            view! {
                <dt>{label}</dt>
                <dd>{value}</dd>
            }
        })
        .collect_view();
    view! { <dl class="details rates">{lines}</dl> }
}

/// A share as the interface's language writes it ("88,9%" / "88.9%").
pub(super) fn share_in(locale: Locale, office: &str) -> String {
    match locale {
        Locale::vi => office.to_owned(),
        Locale::en => office.replace(',', "."),
    }
}

/// On "Việc của tôi": the records the signed-in person made that are
/// overdue or fall due within a week.
#[component]
pub fn MyDue() -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::web::session::use_auth();
    let replica = use_replica();
    move || {
        let locale = i18n.get_locale();
        let identity = auth.identity()?;
        if !replica.status().ready {
            return None;
        }
        let mine: Vec<FollowUp> = replica.with(|state| {
            items(state)
                .into_iter()
                .filter(|item| item.is_overdue() || item.is_due_soon())
                .filter(|item| {
                    state
                        .records
                        .get(&item.id)
                        .and_then(|record| record.server.as_ref())
                        .is_some_and(|server| server.created.username == identity.username)
                })
                .collect()
        });
        let writes = replica.with(|state| {
            KINDS.iter().any(|kind| {
                state
                    .registry
                    .get(*kind)
                    .is_some_and(|spec| spec.writable_by(identity.role))
            })
        });
        if !writes {
            return None;
        }
        let heading = td_string!(
            locale,
            follow_up.mine,
            count = crate::numbers::count(locale, mine.len())
        )
        .to_string();
        let refs: Vec<&FollowUp> = mine.iter().collect();
        Some(replica.with(|state| {
            view! {
                {table_view(locale, state, "follow-up-mine", heading, td_string!(locale, follow_up.mine_empty), &refs)}
            }
            .into_any()
        }))
    }
}

/// `/follow-up`.
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let replica = use_replica();
    let chosen = use_chosen();
    let ready = move || replica.status().ready;
    let open = Memo::new(move |_| replica.with(items));
    let lists = move || {
        let locale = i18n.get_locale();
        if !ready() {
            return view! { <p class="loading">{td_string!(locale, records.loading)}</p> }
                .into_any();
        }
        let open = open.get();
        let overdue: Vec<&FollowUp> = open.iter().filter(|item| item.is_overdue()).collect();
        let soon: Vec<&FollowUp> = open.iter().filter(|item| item.is_due_soon()).collect();
        let owners = by_owner(
            &overdue
                .iter()
                .map(|item| (*item).clone())
                .collect::<Vec<_>>(),
        )
        .into_iter()
        .map(|(owner, count)| {
            view! {
                <tr role="row">
                    <th scope="row" role="rowheader">{owner_text(locale, &owner)}</th>
                    <td role="cell" data-label=td_string!(locale, follow_up.col_count)>
                        {crate::numbers::count(locale, count)}
                    </td>
                </tr>
            }
        })
        .collect_view();
        let overdue_heading = td_string!(
            locale,
            follow_up.overdue,
            count = crate::numbers::count(locale, overdue.len())
        )
        .to_string();
        let soon_heading = td_string!(
            locale,
            follow_up.soon,
            count = crate::numbers::count(locale, soon.len())
        )
        .to_string();
        replica.with(|state| {
            let overdue_table = table_view(
                locale,
                state,
                "follow-up-overdue",
                overdue_heading,
                td_string!(locale, follow_up.overdue_empty),
                &overdue,
            );
            let soon_table = table_view(
                locale,
                state,
                "follow-up-soon",
                soon_heading,
                td_string!(locale, follow_up.soon_empty),
                &soon,
            );
            let per_owner = (!overdue.is_empty()).then(|| {
                view! {
                    <section class="my-work" aria-labelledby="follow-up-owners">
                        <h2 id="follow-up-owners">{td_string!(locale, follow_up.per_owner)}</h2>
                        <div class="table-scroll">
                            <table class="data-table" aria-labelledby="follow-up-owners">
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(locale, follow_up.col_owner)}</th>
                                        <th scope="col">{td_string!(locale, follow_up.col_count)}</th>
                                    </tr>
                                </thead>
                                <tbody>{owners}</tbody>
                            </table>
                        </div>
                    </section>
                }
            });
            view! { {overdue_table} {per_owner} {soon_table} }.into_any()
        })
    };
    let rates = move || {
        let locale = i18n.get_locale();
        let (year, period) = chosen.get();
        let computed = replica.with(|state| compute(state, year, period));
        computed.map(|(span, figures)| {
            let heading = replica.with(|state| period_label(locale, state, &span));
            view! {
                <section class="my-work" aria-labelledby="follow-up-rates">
                    <h2 id="follow-up-rates">
                        {td_string!(locale, follow_up.rates, period = heading).to_string()}
                    </h2>
                    {rates_view(locale, &settlement_rates(&figures))}
                </section>
            }
        })
    };
    view! {
        <Title text=move || page_title(i18n.get_locale(), td_string!(i18n.get_locale(), nav.follow_up)) />
        <header class="page-header">
            <h1>{move || td_string!(i18n.get_locale(), nav.follow_up)}</h1>
            <p>{move || td_string!(i18n.get_locale(), follow_up.lead)}</p>
        </header>
        {lists}
        <PeriodPicker base="/follow-up" id="follow-up" />
        {rates}
    }
}
