//! A record's review in the user's language: what each step's button says,
//! what each state means for the reader, the states' names, and why a
//! step's comment cannot go.

use leptos_i18n::td_string;

use super::review::{self, NOTE_MAX, State, Step};
use super::texts::choice_label;
use crate::i18n::Locale;

/// What a step's button says.
pub fn step_label(locale: Locale, step: Step) -> &'static str {
    match step {
        Step::Submit => td_string!(locale, review.submit),
        Step::Withdraw => td_string!(locale, review.withdraw),
        Step::Approve => td_string!(locale, review.approve),
        Step::Return => td_string!(locale, review.send_back),
        Step::Reopen => td_string!(locale, review.reopen),
    }
}

/// What a state means for the person reading the page.
pub fn state_lead(locale: Locale, state: State) -> &'static str {
    match state {
        State::Draft => td_string!(locale, review.lead_draft),
        State::Submitted => td_string!(locale, review.lead_submitted),
        State::Approved => td_string!(locale, review.lead_approved),
        State::Returned => td_string!(locale, review.lead_returned),
    }
}

/// The name of a review state ("Chờ duyệt").
pub fn state_name(locale: Locale, state: State) -> String {
    choice_label(locale, review::STATES.name, state.code())
}

/// Why the comment typed for a step cannot go: `None` when it can.
pub fn note_problem(locale: Locale, step: Step, note: &str) -> Option<&'static str> {
    let note = note.trim();
    if step.needs_note() && note.is_empty() {
        return Some(td_string!(locale, review.note_required));
    }
    (note.chars().count() > NOTE_MAX).then(|| td_string!(locale, review.note_too_long))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_return_needs_a_comment_and_no_comment_is_too_long() {
        for locale in [Locale::vi, Locale::en] {
            assert!(note_problem(locale, Step::Return, "  ").is_some());
            assert!(note_problem(locale, Step::Reopen, "").is_some());
            assert_eq!(note_problem(locale, Step::Return, "Bổ sung số liệu"), None);
            assert_eq!(note_problem(locale, Step::Approve, ""), None);
            let long = "đ".repeat(NOTE_MAX + 1);
            assert!(note_problem(locale, Step::Return, &long).is_some());
            assert_eq!(
                note_problem(locale, Step::Return, &"đ".repeat(NOTE_MAX)),
                None
            );
        }
    }
}
