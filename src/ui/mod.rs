//! Rendering: a function of the application state, drawn with ratatui widgets.

pub mod theme;
