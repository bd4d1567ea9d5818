//! Presenting: the state and its one pure `update` (`app`), the keymap, drawing as a function
//! of state (`ui`), the presenter's settings file (`settings`), and the real terminal
//! (`terminal`: the guard, the clock, input and signal threads).
//!
//! May use: `words`, `deck`. Must not use: `record`, `share`, `run`, `organize`, `cli` — those
//! sit above it and use it.

pub mod app;
pub mod settings;
pub mod terminal;
pub mod ui;
