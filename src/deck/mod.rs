//! Decks: the file format, the loader with its diagnostics, and the validated model.
//! Nothing in this module knows about terminals.

pub mod bundled;
pub mod checklist;
pub mod diag;
pub mod load;
pub mod model;
pub mod sanitize;
pub mod schema;
pub mod source;

pub use load::{LoadError, Loaded, load_bytes, load_path, load_str};
pub use model::*;
