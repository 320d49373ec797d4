//! Administration: accounts and roles, and the security log.

pub mod api;
pub mod texts;
