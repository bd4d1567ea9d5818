//! The organizer's commands: `check`, `new`, `export` and `config`.
//!
//! May use: `words`, `deck`, `present`, `record`. Must not use: `share`, `run`, `cli`.

pub mod check;
pub mod config;
pub mod export;
pub mod new;
