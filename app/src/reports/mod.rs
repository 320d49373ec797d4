//! The year's figures and the report drawn from them: the periods a report
//! covers (`period`), every figure as a pure function over the records
//! (`figures`), and part I of the year-end report drafted from them in the
//! office's sentences (`draft`); the whole report laid out as the office
//! signs it (`document`), as Word and Excel files (`export`); what is open
//! past its deadline or its legal time limit, and the settlement rates
//! (`follow_up`); what each figure is called (`labels`) and how the office
//! writes numbers (`office`). Compiled for the browser (the Overview and
//! the report, offline, over the replica: `crate::pages::reports`) and for
//! the server (`hdnd report`) alike. It names kinds; nothing below it names
//! it.

pub mod document;
pub mod draft;
pub mod export;
pub mod figures;
pub mod follow_up;
pub mod labels;
pub mod office;
pub mod period;

pub use figures::{Figures, Pool, Report, report};
pub use period::{PeriodAsked, PeriodError, Span, resolve};

#[cfg(test)]
mod tests;
