//! The Overview (`overview`), Báo cáo (`report_page`) and "Theo dõi, đôn
//! đốc" (`follow_up_page`), with the period picker they share (`picker`).

pub mod follow_up_page;
pub mod overview;
pub mod picker;
pub mod report_page;
