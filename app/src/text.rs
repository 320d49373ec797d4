//! Text as records keep it: Unicode NFC (some Vietnamese keyboards type
//! decomposed letters) without surrounding white space. The form, the
//! replica and the server normalise with these same functions, so what is
//! validated is exactly what is stored.

/// `text` in Unicode NFC: the browser's own `String.prototype.normalize` in
/// the wasm build (no tables in the download), the `unicode-normalization`
/// crate elsewhere.
pub fn nfc(text: &str) -> String {
    #[cfg(feature = "csr")]
    {
        js_sys::JsString::from(text).normalize("NFC").into()
    }
    #[cfg(not(feature = "csr"))]
    {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }
}

/// NFC, then trimmed: the form of every text value in a record. Text that
/// is already in that form — nearly all of it — is returned as it is,
/// without a copy.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if surely_nfc(text) {
        return Cow::Borrowed(text.trim());
    }
    let composed = nfc(text);
    let trimmed = composed.trim();
    if trimmed.len() == composed.len() {
        Cow::Owned(composed)
    } else {
        Cow::Owned(trimmed.to_owned())
    }
}

/// `text` as search compares it: lower case, without diacritics, đ as d —
/// "Tiếp công dân" and "tiep cong dan" fold alike, so do "HĐND" and "hdnd"
/// (DOMAIN.md, "Search").
pub fn fold(text: &str) -> String {
    #[cfg(feature = "csr")]
    {
        // The browser's own tables: no Unicode case or decomposition data
        // in the download.
        let marks = js_sys::RegExp::new("[\\u0300-\\u036f]", "g");
        let d_bar = js_sys::RegExp::new("đ", "g");
        js_sys::JsString::from(text)
            .to_lower_case()
            .normalize("NFD")
            .replace_by_pattern(&marks, "")
            .replace_by_pattern(&d_bar, "d")
            .into()
    }
    #[cfg(not(feature = "csr"))]
    {
        use unicode_normalization::UnicodeNormalization;
        text.to_lowercase()
            .nfd()
            .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
            .map(|c| if c == 'đ' { 'd' } else { c })
            .collect()
    }
}

/// Whether `text` is certainly NFC already, by the quick check (ASCII is;
/// so is precomposed Vietnamese). A "maybe" is normalised in full.
fn surely_nfc(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    #[cfg(feature = "csr")]
    {
        false
    }
    #[cfg(not(feature = "csr"))]
    {
        unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_is_composed_and_white_space_trimmed() {
        // "Hội" typed as H, o, combining circumflex, combining dot below, i.
        let decomposed = "  Ho\u{0302}\u{0323}i tru\u{031b}o\u{031b}\u{0300}ng \u{3000}\n";
        assert_eq!(normalise(decomposed), "Hội trường");
        assert_eq!(normalise("Hội trường"), "Hội trường");
        assert_eq!(
            normalise(&format!("Hội trường{}", " ".repeat(100))),
            "Hội trường"
        );
        assert_eq!(normalise(" \t "), "");
        // Already normal: borrowed, not copied.
        assert!(matches!(
            normalise("Kỳ họp thứ 8"),
            std::borrow::Cow::Borrowed("Kỳ họp thứ 8")
        ));
        assert_eq!(normalise("  ascii  "), "ascii");
    }

    #[test]
    fn search_folds_case_diacritics_and_d_bar() {
        assert_eq!(fold("Tiếp công dân"), "tiep cong dan");
        assert_eq!(fold("HĐND"), "hdnd");
        assert_eq!(fold("Ho\u{0302}\u{0323}i đồng"), "hoi dong");
    }
}
