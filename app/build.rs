//! Generates the `i18n` module from the translation files in `../locales`
//! (Vietnamese first and default, then English). A missing or misspelt key is
//! a compile error in every component that uses it.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let config = Config::new("vi")?
        .add_locale("en")?
        .locales_path("../locales")
        // Lets `td_string!` fill `{{ placeholders }}` with any Display value.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
