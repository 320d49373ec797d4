//! Text as records keep it: Unicode NFC (some Vietnamese keyboards type
//! decomposed letters) without surrounding white space. The form, the
//! replica and the server normalise with these same functions, so what is
//! validated is exactly what is stored.

/// `text` in Unicode NFC: the browser's own `String.prototype.normalize` in
/// the wasm build (no tables in the download), the `unicode-normalization`
/// crate elsewhere.
pub fn nfc(text: &str) -> String {
    crate::platform::nfc(text)
}

/// `text` in capitals (for the forms a searched word may be written in).
pub fn upper(text: &str) -> String {
    crate::platform::upper(text)
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
/// (DOMAIN.md, "Search"). Vietnamese text folds character by character
/// through a table made from the Unicode data at build time (a list of
/// 10,000 records folds in milliseconds, not a JavaScript call per value);
/// anything else takes the full path.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// Appends `text` folded to `out` (see [`fold`]): how the list builds one
/// search text per record without a string per value.
pub fn fold_into(text: &str, out: &mut String) {
    let start = out.len();
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII are copied as they are and lower-cased at the end.
        let ascii = rest.bytes().position(|byte| !byte.is_ascii());
        let (run, tail) = rest.split_at(ascii.unwrap_or(rest.len()));
        out.push_str(run);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        match quick_fold(c) {
            Some(QuickFold::To(letter)) => out.push(letter),
            Some(QuickFold::Same) => out.push(c),
            Some(QuickFold::Dropped) => {}
            None => {
                out.truncate(start);
                out.push_str(&full_fold(text));
                return;
            }
        }
        rest = chars.as_str();
    }
    // Only ASCII letters change; what the table gave is lower case already.
    if let Some(appended) = out.get_mut(start..) {
        appended.make_ascii_lowercase();
    }
}

include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// What one character folds to, when the table knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuickFold {
    To(char),
    Same,
    Dropped,
}

fn quick_fold(c: char) -> Option<QuickFold> {
    if c.is_ascii() {
        return Some(QuickFold::To(c.to_ascii_lowercase()));
    }
    let point = u32::from(c);
    let (start, bytes) = FOLD_BLOCKS
        .iter()
        .find(|(start, bytes)| (*start..*start + bytes.len() as u32).contains(&point))?;
    match bytes[(point - start) as usize] {
        0 => None,
        1 => Some(QuickFold::Same),
        2 => Some(QuickFold::Dropped),
        letter => Some(QuickFold::To(char::from(letter))),
    }
}

/// The full fold of `text`: the browser's own Unicode tables in the wasm
/// build (no case or decomposition data in the download), the
/// `unicode-normalization` crate elsewhere — the same steps build.rs takes
/// for the table.
fn full_fold(text: &str) -> String {
    crate::platform::fold(text)
}

/// `text` decomposed (NFD): the browser's own tables in the wasm build.
fn nfd(text: &str) -> String {
    crate::platform::nfd(text)
}

/// What `text` sorts by in Vietnamese order: letter by letter, with ă, â
/// after a, đ after d, ê after e, ô, ơ after o and ư after u (so "Đông"
/// comes after every "D…", not after "Z"), case aside; then, between words
/// that differ only there, by their tones (none, huyền, hỏi, ngã, sắc,
/// nặng). Compare keys with `Ord`.
pub fn sort_key(text: &str) -> Vec<u32> {
    // Primary: a letter's base and its quality (breve, circumflex, horn,
    // stroke) in one number; then a 0 and the tones, one per letter.
    let mut primary: Vec<u32> = Vec::with_capacity(text.len());
    let mut tones: Vec<u32> = Vec::with_capacity(text.len());
    let decomposed;
    let text = if text.is_ascii() {
        text
    } else {
        decomposed = nfd(text);
        decomposed.as_str()
    };
    for c in text.chars() {
        let base = primary.last().map(|last| last >> 2);
        let quality = match c {
            // Combining breve, circumflex, horn: how far after its base
            // the letter sorts (ă 1, â 2; ê, ô 1; ơ 2, ư 1).
            '\u{0306}' => Some(1),
            '\u{0302}' => Some(if base == Some(u32::from('a')) { 2 } else { 1 }),
            '\u{031b}' => Some(if base == Some(u32::from('o')) { 2 } else { 1 }),
            _ => None,
        };
        if let Some(rank) = quality {
            if let Some(last) = primary.last_mut() {
                *last = (*last & !0b11) | rank;
            }
            continue;
        }
        match c {
            // Tones, in the order dictionaries give them.
            '\u{0300}' | '\u{0309}' | '\u{0303}' | '\u{0301}' | '\u{0323}' => {
                let rank = match c {
                    '\u{0300}' => 1,
                    '\u{0309}' => 2,
                    '\u{0303}' => 3,
                    '\u{0301}' => 4,
                    _ => 5,
                };
                if let Some(last) = tones.last_mut() {
                    *last = rank;
                }
            }
            'đ' | 'Đ' => {
                primary.push((u32::from('d') << 2) | 1);
                tones.push(0);
            }
            c => {
                let lower = c.to_lowercase().next().unwrap_or(c);
                primary.push(u32::from(lower) << 2);
                tones.push(0);
            }
        }
    }
    primary.push(0);
    primary.extend(tones);
    primary
}

/// Whether `c` is not text a person writes in a record: a control character
/// (C0, DEL, C1 — but for a new line and a tab in long text), a direction
/// override, embedding, isolate or mark (which make "\u{202e}evil" show as
/// "live"), a line or paragraph separator, or a noncharacter.
pub fn is_hidden_control(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\t' => !multiline,
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        '\u{2028}' | '\u{2029}' | '\u{fdd0}'..='\u{fdef}' => true,
        c if c.is_control() => true,
        c => u32::from(c) & 0xfffe == 0xfffe,
    }
}

/// Whether `text` has a character that shows: not white space, not a
/// format character (zero-width space and joiners, the byte-order mark, the
/// soft hyphen, …), not a filler that renders as nothing, not a combining
/// mark on its own. A value made only of those satisfies no "required".
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_whitespace() && !is_hidden_control(c, true) && !is_invisible(c) && !is_mark(c)
    })
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{206f}'
        | '\u{2800}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}')
}

/// A combining mark (Unicode category M): the browser's own tables in the
/// wasm build, the `unicode-normalization` crate's elsewhere.
fn is_mark(c: char) -> bool {
    !c.is_ascii() && crate::platform::is_mark(c)
}

/// Whether `text` is certainly NFC already, by the quick check (ASCII is;
/// so is precomposed Vietnamese). A "maybe" is normalised in full.
fn surely_nfc(text: &str) -> bool {
    text.is_ascii() || crate::platform::surely_nfc(text)
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
    fn controls_direction_marks_and_noncharacters_are_not_text() {
        for c in [
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\r',
            '\u{202e}',
            '\u{2066}',
            '\u{200f}',
            '\u{061c}',
            '\u{2028}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{1ffff}',
        ] {
            assert!(is_hidden_control(c, true), "{:04x}", u32::from(c));
        }
        assert!(is_hidden_control('\n', false) && is_hidden_control('\t', false));
        assert!(!is_hidden_control('\n', true) && !is_hidden_control('\t', true));
        for c in ['a', 'ệ', 'Đ', '’', '–', '€', '😀', '\u{e000}'] {
            assert!(!is_hidden_control(c, false), "{c}");
        }
    }

    #[test]
    fn a_value_must_show_something() {
        for invisible in [
            "\u{200b}",
            "\u{feff}\u{200b}",
            "\u{ad}",
            "\u{301}",
            "\u{2060}\u{3164}",
            "\u{fe0f}",
            " \u{3000}",
            "\u{115f}\u{1160}",
            "\u{2800}",
        ] {
            assert!(!has_visible(invisible), "{invisible:?}");
        }
        for visible in ["a", "ệ", "1", "-", "\u{200b}x", "e\u{301}", "😀", "、"] {
            assert!(has_visible(visible), "{visible:?}");
        }
    }

    #[test]
    fn vietnamese_names_sort_in_vietnamese_order() {
        let mut names = vec![
            "Đỗ Văn Hùng",
            "Zô Thị A",
            "Dương Văn Bình",
            "Âu Thị Mai",
            "Ăng Văn Tư",
            "an Văn B",
            "Bùi Thị Lan",
            "Ơn Văn C",
            "Ông Văn D",
            "Ô Văn E",
            "Uông Thị F",
            "Ưng Văn G",
            "dung",
        ];
        names.sort_by_key(|name| sort_key(name));
        assert_eq!(
            names,
            [
                "an Văn B",
                "Ăng Văn Tư",
                "Âu Thị Mai",
                "Bùi Thị Lan",
                // u before ư
                "dung",
                "Dương Văn Bình",
                "Đỗ Văn Hùng",
                "Ô Văn E",
                "Ông Văn D",
                "Ơn Văn C",
                "Uông Thị F",
                "Ưng Văn G",
                "Zô Thị A",
            ]
        );
        // Tones only where the letters are the same: ma, mà, mả, mã, má, mạ.
        let mut tones = vec!["mạ", "má", "mã", "mả", "mà", "ma", "mác"];
        tones.sort_by_key(|word| sort_key(word));
        assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ", "mác"]);
        // Decomposed typing sorts as composed; case aside.
        assert_eq!(sort_key("Đo\u{0302}\u{0301}ng"), sort_key("đống"));
    }

    #[test]
    fn search_folds_case_diacritics_and_d_bar() {
        assert_eq!(fold("Tiếp công dân"), "tiep cong dan");
        assert_eq!(fold("HĐND"), "hdnd");
        assert_eq!(fold("Ho\u{0302}\u{0323}i đồng"), "hoi dong");
        assert_eq!(fold("Ủy ban – “Kỳ họp”"), "uy ban – “ky hop”");
        // Outside the table: the full path.
        assert_eq!(fold("Ωμέγα"), "ωμεγα");
        assert_eq!(fold("Ho\u{0302}\u{0323}i"), "hoi");
    }

    #[test]
    fn every_vietnamese_letter_folds_by_the_table() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            assert!(quick_fold(c).is_some(), "{c} takes the full path");
        }
    }

    proptest::proptest! {
        /// The table folds exactly as the full path does.
        #[test]
        fn the_table_folds_as_the_full_path(
            text in "[a-zA-Z0-9 .,/()\u{00}-\u{7f}\u{80}-\u{24f}\u{300}-\u{36f}\u{1e00}-\u{1eff}\u{2000}-\u{206f}\u{370}-\u{3ff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(fold(&text), full_fold(&text));
        }
    }
}
