//! The user-facing texts: the module leptos_i18n makes from `locales/*.json`
//! (app/build.rs), with its items here as `crate::i18n::…`; and how the
//! chosen language is remembered (a value in localStorage, read by the
//! language switch).

mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::*;

/// localStorage key of the chosen language.
pub const STORAGE_KEY: &str = "hdnd.lang";

/// The locale for a stored value; anything unknown falls back to Vietnamese.
pub fn locale_from_stored(value: Option<&str>) -> Locale {
    match value {
        Some("en") => Locale::en,
        _ => Locale::vi,
    }
}

pub fn stored_value(locale: Locale) -> &'static str {
    match locale {
        Locale::vi => "vi",
        Locale::en => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_the_default_for_anything_unknown() {
        assert_eq!(locale_from_stored(None), Locale::vi);
        assert_eq!(locale_from_stored(Some("fr")), Locale::vi);
        assert_eq!(locale_from_stored(Some("")), Locale::vi);
        assert_eq!(locale_from_stored(Some("en")), Locale::en);
    }

    #[test]
    fn stored_values_round_trip() {
        for locale in [Locale::vi, Locale::en] {
            assert_eq!(locale_from_stored(Some(stored_value(locale))), locale);
        }
    }
}
