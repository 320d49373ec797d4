//! The pages: the kinds' list and record pages (`records`), the Overview,
//! the report and the follow-up (`reports`), sync's problems and status bar
//! (`sync`), sign-in and the account (`auth`), administration (`admin`), the
//! section map and the language switch, and the frame they sit in (`frame`:
//! the top bar, the navigation, the notices).

pub mod admin;
pub mod auth;
pub mod frame;
pub mod icons;
pub mod language;
pub mod records;
pub mod reports;
pub mod sections;
pub mod sync;

/// A page that loads as a WebAssembly chunk of its own the first time it is
/// opened, like a record's pages (`records::routes::RecordPages`): pages most
/// visits never open stay out of the download the app starts with.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $name:ident => $view:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let $name = this;
                ($view).into_any()
            }
        }

        // Without the split step (debug builds) the same page, linked in: a
        // `#[lazy]` function compiled in needs the split step to load at all.
        #[cfg(not(feature = "split"))]
        impl leptos_router::LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            async fn view(this: Self) -> AnyView {
                let $name = this;
                ($view).into_any()
            }
        }
    };
}
pub(crate) use lazy_page;
