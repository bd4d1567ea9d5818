//! The record of a session: the journal (JSON lines of the same `Action`s, locked and synced),
//! replay and resume, the report afterwards, the list of sessions, and durable writes.
//!
//! May use: `words`, `deck`, `present` (the state it records). Must not use: `share`, `run`,
//! `organize`, `cli`.

pub mod durable;
pub mod journal;
pub mod report;
pub mod sessions;
