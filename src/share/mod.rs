//! Sharing the session with the room: the wire's public view (`wire`: the one place that
//! decides what may leave the laptop), the presenter-side server (`server`) and the terminal
//! follower (`follow`).
//!
//! May use: `words`, `deck`, `present`. Must not use: `record`, `run`, `organize`, `cli`.

pub mod ask;
pub mod follow;
pub mod remote;
pub mod server;
pub mod web;
pub mod wire;
