//! The interface language: Vietnamese unless the user chose English. The
//! choice is kept in localStorage (small, harmless to lose), never taken from
//! the browser's language: an office's shared machines often run English
//! browsers, and the office works in Vietnamese.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Html;

use crate::i18n::{Locale, STORAGE_KEY, locale_from_stored, stored_value, use_i18n};

fn load() -> Option<String> {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get::<String>(STORAGE_KEY).ok()
}

fn save(locale: Locale) {
    use gloo_storage::{LocalStorage, Storage};
    // Losing the choice (storage blocked or full) only means Vietnamese on
    // the next visit; nothing else depends on it.
    if let Err(error) = LocalStorage::set(STORAGE_KEY, stored_value(locale)) {
        leptos::logging::warn!("could not remember the language: {error}");
    }
}

/// The language to start with: the remembered choice, else Vietnamese.
pub fn stored_locale() -> Locale {
    locale_from_stored(load().as_deref())
}

/// Keeps `<html lang>` equal to the interface language, so screen readers,
/// hyphenation and spell checking follow it.
#[component]
pub fn HtmlLang() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Html attr:lang=move || stored_value(i18n.get_locale()) attr:dir="ltr" /> }
}

/// The two language buttons in the top bar.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |locale: Locale| {
        i18n.set_locale(locale);
        save(locale);
    };
    let option = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="button"
                lang=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| choose(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div
            class="language"
            role="group"
            aria-label=move || td_string!(i18n.get_locale(), app.language)
        >
            // Each language is named in itself, whatever the interface speaks.
            {option(Locale::vi, td_string!(Locale::vi, app.lang_vi), "vi")}
            {option(Locale::en, td_string!(Locale::en, app.lang_en), "en")}
        </div>
    }
}
