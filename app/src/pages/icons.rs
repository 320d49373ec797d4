//! Inline SVG icons (decorative: hidden from assistive technology; the text
//! beside them carries the meaning).

use leptos::prelude::*;

/// The product mark: a red book with a star.
#[component]
pub fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand-mark" viewBox="0 0 64 64" width="36" height="36" aria-hidden="true" focusable="false">
            <rect width="64" height="64" rx="12" fill="#fff8e7" />
            <path d="M16 14h26a6 6 0 0 1 6 6v30H22a6 6 0 0 1-6-6z" fill="#8b1a1a" />
            <path d="M22 44h26v6H22a3 3 0 0 1 0-6z" fill="#f2c14e" />
            <path
                d="M32 19l2.4 5 5.4.6-4 3.7 1.1 5.4L32 31l-4.9 2.7 1.1-5.4-4-3.7 5.4-.6z"
                fill="#f2c14e"
            />
        </svg>
    }
}

/// Three bars, for the menu button.
#[component]
pub fn MenuIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
                d="M3 6h18M3 12h18M3 18h18"
                stroke="currentColor"
                stroke-width="2"
                stroke-linecap="round"
            />
        </svg>
    }
}

/// A calendar page, for the button that opens a date picker.
#[component]
pub fn CalendarIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <rect x="3.5" y="5" width="17" height="15" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M3.5 10h17M8 3v4M16 3v4" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
    }
}
