//! convene: a terminal presenter for community workshops.
//!
//! See `ARCHITECTURE.md` for the map: `deck` (format, loader, model — no terminal code),
//! `app` (state, actions, the pure `update`, the keymap), `ui` (rendering as a function of
//! state), `term` (the terminal guard and the run loop).

pub mod app;
pub mod bundled;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod config;
pub mod deck;
pub mod export;
pub mod follow;
pub mod journal;
pub mod new;
pub mod report;
pub mod schema;
pub mod sessions;
pub mod share;
pub mod term;
pub mod ui;
pub mod watch;
pub mod wire;
