//! The generic half of every kind of record: the spec a kind declares
//! (`spec`), its typed body (`body`), the one validation (`check`), the
//! review rules and the push decision (`review`, `decide`, `push`), the
//! history (`history`), the kinds' texts (`texts`, `review_texts`), search
//! (`search`, `finder`) and what waits for a person (`work`). Its pages are
//! `crate::pages::records`; the kinds themselves are declarations in
//! `crate::kinds`.

pub mod api;
pub mod body;
pub mod check;
pub mod decide;
pub mod figures;
pub mod finder;
pub mod history;
pub mod listing;
pub mod push;
pub mod review;
pub mod review_texts;
pub mod search;
pub mod spec;
pub mod texts;
pub mod work;
