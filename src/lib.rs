//! convene: a terminal presenter for community workshops.
//!
//! The house, one room per capability; dependencies point down only (`tests/layers.rs`
//! checks it):
//!
//! ```text
//!   cli ─────────────── parse and dispatch (main.rs, cli.rs)
//!   run     organize ── the running presenter · the organizer's commands
//!   record  share ───── the session's record · sharing with the room
//!   present ─────────── state + pure update, keymap, ui widgets, settings, the terminal
//!   deck ────────────── format, loader, diagnostics, model, checklist rules, bundled decks
//!   words ───────────── every interface string, English and French
//! ```
//!
//! See `ARCHITECTURE.md` for the data flow.

pub mod cli;
pub mod deck;
pub mod organize;
pub mod present;
pub mod record;
pub mod run;
pub mod share;
pub mod words;
