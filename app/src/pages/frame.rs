//! The frame every page sits in: the skip link, the top bar (the menu
//! button of narrow screens, the office's name, the search box, sync's
//! status, the language and the user), the navigation with its counts, the
//! notices above the page, the version line and the dialog that asks for
//! the password again. The shell puts the routes inside it.

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::A;

use crate::i18n::{Locale, use_i18n};
use crate::navigation::{Entry, Section, navigation};
use crate::pages::auth::{SessionExpiredDialog, UserMenu};
use crate::pages::icons::{BrandMark, MenuIcon};
use crate::pages::language::LanguageSwitch;
use crate::pages::sync::{OverruledNotice, StorageNotice, SyncStatusBar};
use crate::web::connection::{NewBuildBanner, OfficeName, VersionLine};
use crate::web::session::use_auth;

/// The frame around `routes`, for the signed-in user or nobody. A plain
/// function over the routes' own type, not a component with `Children`:
/// boxing and type-erasing the routes cost the first load 862 bytes of
/// brotli.
pub fn frame(routes: impl IntoView + 'static) -> impl IntoView {
    let office = expect_context::<OfficeName>();
    let auth = use_auth();
    let signed_in = move || auth.is_signed_in();
    let i18n = use_i18n();
    let text = move |pick: fn(crate::i18n::Locale) -> &'static str| move || pick(i18n.get_locale());

    // On narrow screens the navigation is a drawer; choosing a link in it
    // closes it (clicks bubble up from the link to the drawer).
    let (menu_open, set_menu_open) = signal(false);
    let close_after_link = move |event: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let on_link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a").ok().flatten())
            .is_some();
        if on_link {
            set_menu_open.set(false);
        }
    };

    // Escape closes the open drawer and returns focus to its button.
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && menu_open.get_untracked() {
            set_menu_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                // Focus can only fail on a detached element; nothing to do then.
                let _ = button.focus();
            }
        }
    });
    on_cleanup(move || escape.remove());

    let focus_main = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                // Focus can only fail on a detached element; nothing to do then.
                let _ = main.focus();
            }
        }
    };

    view! {
        <div class="app">
            <a class="skip-link" href="#main" on:click=focus_main>
                {text(|locale| td_string!(locale, app.skip_to_content))}
            </a>
            <header class="topbar">
                <button
                    type="button"
                    class="menu-toggle"
                    hidden=move || !signed_in()
                    node_ref=menu_button
                    aria-controls="sidebar"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    <MenuIcon />
                    <span>{text(|locale| td_string!(locale, app.menu))}</span>
                </button>
                <A href="/" attr:class="brand">
                    <BrandMark />
                    <span class="brand-text">
                        <span class="brand-name">{text(|locale| td_string!(locale, app.name))}</span>
                        <span class="brand-office">
                            {move || {
                                office
                                    .0
                                    .get()
                                    .unwrap_or_else(|| td_string!(i18n.get_locale(), app.office).to_owned())
                            }}
                        </span>
                    </span>
                </A>
                <Show when=signed_in>
                    <crate::pages::records::search_page::TopSearch />
                </Show>
                <div class="topbar-tools">
                    <SyncStatusBar />
                    <LanguageSwitch />
                    <UserMenu />
                </div>
            </header>
            <Show when=signed_in>
                <aside
                    id="sidebar"
                    class="sidebar"
                    data-open=move || menu_open.get().to_string()
                    on:click=close_after_link
                >
                    <MainNav />
                </aside>
            </Show>
            <main id="main" tabindex="-1">
                <NewBuildBanner />
                <Show when=signed_in>
                    <StorageNotice />
                    <OverruledNotice />
                </Show>
                {routes}
            </main>
            <footer>
                <VersionLine />
            </footer>
            <SessionExpiredDialog />
        </div>
    }
}

/// The main navigation, grouped as in `crate::navigation`, showing only
/// the sections the signed-in user's role may see.
#[component]
fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let groups = move || {
        navigation(&crate::kinds::REGISTRY)
            .into_iter()
            .enumerate()
            .filter_map(|(index, (group, sections))| {
                let sections: Vec<Entry> = sections
                    .into_iter()
                    .filter(|section| auth.allows(section.access()))
                    .collect();
                if sections.is_empty() {
                    return None;
                }
                Some((index, group, sections))
            })
            .map(|(index, group, sections)| {
                let heading_id = format!("nav-group-{index}");
                let heading = group.map(|group| {
                    view! {
                        <h2 id=heading_id.clone()>{move || group.title(i18n.get_locale())}</h2>
                    }
                });
                let labelled_by = group.map(|_| heading_id.clone());
                let links = sections
                    .into_iter()
                    .map(|section| {
                        let waiting = match section {
                            Entry::Section(Section::MyWork) => Some(view! { <WaitingCount /> }.into_any()),
                            Entry::Section(Section::FollowUp) => Some(view! { <OverdueCount /> }.into_any()),
                            _ => None,
                        };
                        view! {
                            <li>
                                <A href=section.path() exact=matches!(section, Entry::Section(Section::Overview | Section::MyWork))>
                                    {move || section.title(i18n.get_locale())}
                                </A>
                                {waiting}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="nav-group">
                        {heading}
                        <ul aria-labelledby=labelled_by>{links}</ul>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <nav aria-label=move || td_string!(i18n.get_locale(), app.main_nav)>{groups}</nav>
    }
}

/// A count beside a navigation link, counted over the replica, so it holds
/// offline and follows sync: "Chờ tôi duyệt: 3" beside "Việc của tôi",
/// "Quá hạn: 2" beside "Theo dõi, đôn đốc". Not a link of its own: the one
/// beside it opens the page. `None` draws nothing.
#[component]
fn NavCount(
    id: &'static str,
    count: Memo<Option<usize>>,
    /// What is counted ("Chờ tôi duyệt"), read before the number.
    name: fn(Locale) -> &'static str,
    /// The whole sentence, as a tooltip ("Chờ tôi duyệt: 3 bản ghi").
    label: fn(Locale, String) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let count = count.get()?;
        let locale = i18n.get_locale();
        let number = crate::numbers::count(locale, count);
        let title = label(locale, number.clone());
        Some(view! {
            <span class="nav-count" id=id data-zero=(count == 0).to_string() title=title>
                <span class="visually-hidden">{name(locale)}": "</span>
                {number}
            </span>
        })
    }
}

/// How many records are overdue (`reports::follow_up`), for a role that
/// reads records.
#[component]
fn OverdueCount() -> impl IntoView {
    let replica = crate::web::replica::use_replica();
    let count = Memo::new(move |_| {
        replica.with(|state| {
            (!state.records.is_empty())
                .then(|| crate::pages::reports::follow_up_page::overdue_count(state))
        })
    });
    view! {
        <NavCount
            id="nav-overdue"
            count=count
            name=|locale| td_string!(locale, nav.overdue)
            label=|locale, count| td_string!(locale, nav.overdue_count, count = count).to_string()
        />
    }
}

/// How many records wait for the role's review, for a role that reviews a
/// kind.
#[component]
fn WaitingCount() -> impl IntoView {
    let auth = use_auth();
    let replica = crate::web::replica::use_replica();
    let count = Memo::new(move |_| {
        let role = auth.identity().map(|identity| identity.role)?;
        if !crate::records::work::reviews_any(&crate::kinds::REGISTRY, role) {
            return None;
        }
        Some(replica.with(|state| crate::records::work::awaiting_count(state, role)))
    });
    view! {
        <NavCount
            id="nav-waiting"
            count=count
            name=|locale| td_string!(locale, nav.waiting)
            label=|locale, count| td_string!(locale, nav.waiting_count, count = count).to_string()
        />
    }
}
