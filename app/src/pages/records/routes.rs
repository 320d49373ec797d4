//! The routes of the kinds' pages (`/:kind`, `/:kind/:id`), loaded lazily
//! in release builds.

use crate::pages::records::list::KindListPage;
use crate::pages::records::record_page::RecordPage;
use crate::pages::records::view::kind_page;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::web::replica::use_replica;

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
                <crate::pages::auth::Guarded access=spec.write>
                    <RecordPage spec=spec new=true />
                </crate::pages::auth::Guarded>
            }
            .into_any(),
            Some(spec) => view! {
                <crate::pages::auth::Guarded access=spec.read>
                    <RecordPage spec=spec />
                </crate::pages::auth::Guarded>
            }
            .into_any(),
            None => view! { <crate::pages::sections::NotFoundPage /> }.into_any(),
        }
    }
}

crate::pages::lazy_page! {
    /// `/:kind/:id`: a record's pages load as a separate WebAssembly chunk
    /// the first time a record is opened, so the sign-in and overview pages
    /// do not wait for them (a kind's list is `shell::KindListRoute`, the
    /// same way). The chunks are cut out of the release build by `cargo
    /// xtask` (wasm-split, the `split` feature); the service worker keeps
    /// them for offline use with the rest of the build.
    RecordPages => RecordRoute()
}
