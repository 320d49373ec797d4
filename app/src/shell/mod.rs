//! The application's root: the language, the contexts every page uses, and
//! the routes — each path to its page, the pages most visits never open
//! loaded as chunks of their own (`lazy_page!`) — inside the frame
//! (`pages::frame`). Every page is rendered in the browser; the server only
//! sends the HTML shell that boots the wasm (see ARCHITECTURE.md).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::auth::model::Access;
use crate::pages::frame::frame;
use crate::pages::records::list::FigureFilter;
use crate::pages::records::routes::{KindRoute, RecordPages};
use crate::pages::sync::ConflictsPage;

use crate::i18n::I18nSubContextProvider;
use crate::navigation::Section;
use crate::pages::admin::{SecurityLogPage, UsersPage};
use crate::pages::auth::{AccountPage, Guarded, LoginPage};
use crate::pages::language;
use crate::pages::lazy_page;
use crate::pages::sections::NotFoundPage;
use crate::web::connection::provide_connection;
use crate::web::session::provide_auth;

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

/// The contexts every page uses (the connection, the signed-in user, the
/// replica), then the routes in the frame.
#[component]
fn Layout() -> impl IntoView {
    provide_connection();
    let auth = provide_auth();
    crate::web::replica::provide_replica(auth, &crate::kinds::REGISTRY);
    frame(view! {
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
    })
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
