//! The smallest Leptos app worth the name: a counter. `cargo xtask bench`
//! compares the front end's first-load transfer with this one's.

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0);
    view! {
        <button on:click=move |_| set_count.update(|count| *count += 1)>
            "Bấm: " {count}
        </button>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(Counter);
}
