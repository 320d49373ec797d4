//! The generic half of every kind of record: the spec a kind declares
//! (`spec`), its typed body (`body`), the one validation (`check`), the
//! kinds' texts (`texts`) and the
//! pages — list, record (detail and form), field inputs — that serve every
//! kind (`pages`). The kinds themselves are declarations in `crate::kinds`.

pub mod api;
pub mod body;
pub mod change_log;
pub mod check;
pub mod decide;
pub mod deleted;
pub mod field_input;
pub mod figures;
pub mod finder;
pub mod history;
pub mod history_view;
pub mod inputs;
pub mod list;
pub mod my_work;
pub mod pages;
pub mod push;
pub mod record_page;
pub mod review;
pub mod review_panel;
pub mod search;
pub mod search_page;
pub mod spec;
pub mod texts;
pub mod view;
