//! The pages of the shell: the map of the sections under the Overview and
//! the in-app 404. The Overview and the Báo cáo page are `reports`'.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::use_i18n;
use crate::messages::page_title;
use crate::navigation::{Entry, Section, navigation};

/// The map of the workbook's sections under the overview: the sections
/// the signed-in role may open.
#[component]
pub fn SectionMap() -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::web::session::use_auth();
    let cards = move || {
        navigation(&crate::kinds::REGISTRY)
            .into_iter()
            .flat_map(|(_, entries)| entries)
            .filter(|entry| {
                !matches!(entry, Entry::Section(Section::Overview)) && auth.allows(entry.access())
            })
            .map(|entry| {
                view! {
                    <li>
                        <A href=entry.path()>
                            <strong>{move || entry.title(i18n.get_locale())}</strong>
                            <span>{move || entry.lead(i18n.get_locale())}</span>
                        </A>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="overview-sections" aria-labelledby="overview-sections">
            <h2 id="overview-sections">
                {move || td_string!(i18n.get_locale(), overview.sections)}
            </h2>
            <ul class="section-cards">{cards}</ul>
        </section>
    }
}

/// Any address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let title = move || td_string!(i18n.get_locale(), not_found.title);
    view! {
        <Title text=move || page_title(i18n.get_locale(), title()) />
        <div class="not-found">
            <h1>{title}</h1>
            <p>
                {move || {
                    td_string!(
                        i18n.get_locale(), not_found.body, path = location.pathname.get()
                    )
                }}
            </p>
            <p>
                <A href="/">{move || td_string!(i18n.get_locale(), not_found.home)}</A>
            </p>
        </div>
    }
}
