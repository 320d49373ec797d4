//! The application shell: top bar, navigation, routes, footer. Every page is
//! rendered in the browser; the server only sends the HTML shell that boots
//! the wasm (see ARCHITECTURE.md).

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::auth::model::Access;
use crate::pages::records::list::FigureFilter;
use crate::pages::records::routes::{KindRoute, RecordPages};
use crate::pages::sync::{ConflictsPage, OverruledNotice, StorageNotice, SyncStatusBar};

use crate::i18n::{I18nSubContextProvider, Locale, use_i18n};
use crate::navigation::{Entry, Section, navigation};
use crate::pages::admin::{SecurityLogPage, UsersPage};
use crate::pages::auth::{AccountPage, Guarded, LoginPage, SessionExpiredDialog, UserMenu};
use crate::pages::icons::{BrandMark, MenuIcon};
use crate::pages::language::{self, LanguageSwitch};
use crate::pages::lazy_page;
use crate::pages::sections::NotFoundPage;
use crate::web::connection::{NewBuildBanner, VersionLine, provide_connection};
use crate::web::session::{provide_auth, use_auth};

/// The root component, mounted on `<body>` by the frontend crate.
#[component]
pub fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    // The root is a sub-context provider because it takes the initial locale
    // and never consults the browser's language (see `language`).
    view! {
        <I18nSubContextProvider initial_locale=language::stored_locale()>
            <language::HtmlLang />
            <Router>
                <Layout />
            </Router>
        </I18nSubContextProvider>
    }
}

#[component]
fn Layout() -> impl IntoView {
    provide_connection();
    let office = expect_context::<crate::web::connection::OfficeName>();
    let auth = provide_auth();
    crate::web::replica::provide_replica(auth, &crate::kinds::REGISTRY);
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
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
                    <Route path=path!("/") view={Lazy::<OverviewRoute>::new()} />
                    <Route path=path!("/conflicts") view={Lazy::<ConflictsRoute>::new()} />
                    <Route path=path!("/my-work") view={Lazy::<MyWorkRoute>::new()} />
                    <Route path=path!("/follow-up") view={Lazy::<FollowUpRoute>::new()} />
                    <Route path=path!("/reports") view={Lazy::<ReportRoute>::new()} />
                    <Route path=path!("/admin") view={Lazy::<UsersRoute>::new()} />
                    <Route path=path!("/admin/security-log") view={Lazy::<SecurityLogRoute>::new()} />
                    <Route path=path!("/changes") view={Lazy::<ChangeLogRoute>::new()} />
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} />
                    <Route path=path!("/deleted/:kind") view={Lazy::<DeletedListRoute>::new()} />
                    // Every kind's pages, by the path its spec declares;
                    // after the fixed routes, which match first.
                    <Route path=path!("/:kind") view={Lazy::<KindListRoute>::new()} />
                    <Route path=path!("/:kind/:id") view={Lazy::<RecordPages>::new()} />
                </Routes>
            </main>
            <footer>
                <VersionLine />
            </footer>
            <SessionExpiredDialog />
        </div>
    }
}

lazy_page! {
    /// `/`: the overview of a period's figures (`pages::reports::overview`).
    OverviewRoute => view! {
        <Guarded access=Section::Overview.access()>
            <crate::pages::reports::overview::OverviewPage />
            <crate::pages::sections::SectionMap />
        </Guarded>
    }
}

lazy_page! {
    /// `/reports`: a period's report, with the file writers (`reports`).
    ReportRoute => {
        let office = expect_context::<crate::web::connection::OfficeName>().0;
        view! {
            <Guarded access=Section::Reports.access()>
                <crate::pages::reports::report_page::ReportPage office=Signal::from(office) />
            </Guarded>
        }
    }
}

lazy_page! {
    /// `/:kind`: a kind's list, which its address may narrow to the records
    /// behind one of the overview's figures (found by `reports`, which the
    /// records do not name).
    KindListRoute => {
        provide_context(FigureFilter(crate::pages::reports::overview::figure_rows));
        view! { <KindRoute /> }
    }
}

lazy_page! {
    /// `/account`: who I am, and my password.
    AccountRoute => view! { <Guarded access=Access::SignedIn><AccountPage /></Guarded> }
}

lazy_page! {
    /// `/my-work`: what waits for the user's review, and what came back to them.
    MyWorkRoute => view! {
        <Guarded access=Section::MyWork.access()>
            <crate::pages::records::my_work::MyWorkPage />
            <crate::pages::reports::follow_up_page::MyDue />
        </Guarded>
    }
}

lazy_page! {
    /// `/follow-up`: what is overdue, what falls due, the settlement rates.
    FollowUpRoute => view! {
        <Guarded access=Section::FollowUp.access()>
            <crate::pages::reports::follow_up_page::FollowUpPage />
        </Guarded>
    }
}

lazy_page! {
    /// `/conflicts`: the problems waiting for the user.
    ConflictsRoute => view! { <Guarded access=Access::SignedIn><ConflictsPage /></Guarded> }
}

lazy_page! {
    /// `/admin`: accounts and roles.
    UsersRoute => view! { <Guarded access=Section::Admin.access()><UsersPage /></Guarded> }
}

lazy_page! {
    /// `/changes`: the log of every record change (`records::change_log`).
    ChangeLogRoute => view! {
        <Guarded access=Section::Changes.access()><crate::pages::records::change_log::ChangeLogPage /></Guarded>
    }
}

lazy_page! {
    /// `/search?q=`: every kind's records found by the words typed.
    SearchRoute => view! {
        <Guarded access=Access::SignedIn><crate::pages::records::search_page::SearchPage /></Guarded>
    }
}

lazy_page! {
    /// `/deleted/:kind`: a kind's deleted records, to look at and restore.
    DeletedListRoute => view! { <crate::pages::records::deleted::DeletedRoute /> }
}

lazy_page! {
    /// `/admin/security-log`.
    SecurityLogRoute => view! { <Guarded access=Section::Admin.access()><SecurityLogPage /></Guarded> }
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
