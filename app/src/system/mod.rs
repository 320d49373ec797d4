//! The system feature: the client–server handshake (build and database facts).

pub mod api;
pub mod model;
