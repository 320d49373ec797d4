//! The pages that serve every kind: the list (`list`), the record page
//! (`record_page`: detail and form) with its field inputs (`field_input`,
//! `inputs`, and the kinds' own in `kind_inputs`), what both show (`view`),
//! the routes (`routes`), history, the change log and the deleted records,
//! "Việc của tôi", the search page and the review panel.

pub mod change_log;
pub mod deleted;
pub mod field_input;
pub mod history_view;
pub mod inputs;
pub mod kind_inputs;
pub mod list;
pub mod my_work;
pub mod record_page;
pub mod review_panel;
pub mod routes;
pub mod search_page;
pub mod view;
