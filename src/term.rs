//! The terminal: guard, signals and the run loop.

use crate::cli::PresentArgs;

pub fn present(_args: &PresentArgs) -> i32 {
    0
}
