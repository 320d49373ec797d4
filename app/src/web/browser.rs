//! Small browser calls: timers, the sync lock, storage estimates, files.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Resolves at the next animation frame, before it paints: a task
/// started after it runs once what the page just changed is on screen.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets the browser handle what waits (input, painting) before going
/// on: for work done in slices.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Waits `ms`.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// Asks for the exclusive Web Lock `name`, held until the tab closes;
/// `on_acquired` runs when this tab gets it. Returns false where the
/// browser has no Web Locks (the tab then syncs on its own: pushes are
/// idempotent, so two syncing tabs cost time, never data).
pub fn hold_lock(name: &str, on_acquired: impl FnOnce() + 'static) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator: JsValue = window.navigator().into();
    let Some(locks) = get(&navigator, "locks") else {
        return false;
    };
    let Some(request) = get(&locks, "request").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        on_acquired();
        // Never settles: the lock is held for the life of the tab.
        js_sys::Promise::new(&mut |_, _| {}).into()
    });
    request
        .call2(&locks, &JsValue::from_str(name), &callback)
        .is_ok()
}

async fn call_storage(method: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let navigator: JsValue = window.navigator().into();
    let storage = get(&navigator, "storage")?;
    let function = get(&storage, method)?.dyn_into::<js_sys::Function>().ok()?;
    let promise = function
        .call0(&storage)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Bytes used and the quota of this origin.
pub async fn estimate() -> Option<(f64, f64)> {
    let estimate = call_storage("estimate").await?;
    let usage = get(&estimate, "usage")?.as_f64()?;
    let quota = get(&estimate, "quota")?.as_f64()?;
    Some((usage, quota))
}

/// Asks that the origin's storage not be evicted by the browser.
pub async fn persist() -> Option<bool> {
    if call_storage("persisted").await?.as_bool() == Some(true) {
        return Some(true);
    }
    call_storage("persist").await?.as_bool()
}

/// Offers `bytes` as a file download of type `mime`.
pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Offers `text` (JSON) as a file download.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    download_bytes(name, text.as_bytes(), "application/json")
}
