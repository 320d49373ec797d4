//! The one platform difference below the pages: the clock, benchmark marks
//! and the Unicode tables — the browser's in the wasm build (`browser.rs`),
//! Rust's elsewhere (`native.rs`), the same functions in both.

#[cfg_attr(feature = "csr", path = "browser.rs")]
#[cfg_attr(not(feature = "csr"), path = "native.rs")]
mod imp;

pub use imp::*;
