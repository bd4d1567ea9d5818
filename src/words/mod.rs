//! Words: every string of the interface, in English and French, and the language they are in.
//!
//! The bottom of the house: it uses nothing else in the crate. The ui, the presenter console,
//! the follower, reports and exports all take their words from here.

pub mod en;
pub mod fr;
pub mod strings;

/// A language of the interface and of the bundled decks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Fr,
}
