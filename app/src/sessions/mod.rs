//! Kỳ họp HĐND — council sessions: the first record kind, kept in the replica
//! and synced like every kind after it.

pub mod model;
pub mod pages;
