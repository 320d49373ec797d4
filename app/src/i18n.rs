//! The user-facing texts: the module leptos_i18n makes from `locales/*.json`
//! (app/build.rs), with its items here as `crate::i18n::…`.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::*;
