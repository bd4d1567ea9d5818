//! `convene check`: load each deck, print every diagnostic, exit 0 (no errors), 1 (errors).

use crate::cli::{CheckArgs, CheckFormat};
use crate::deck::{self, LoadError};
use std::io::Write;

/// Run the check; returns the process exit code. Output goes to the given writers so tests can
/// capture it.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write, color: bool) -> i32 {
    let mut failed = false;
    for path in &args.decks {
        let name = path.display().to_string();
        match deck::load_path(path) {
            Ok(loaded) => {
                let source = std::fs::read_to_string(path).unwrap_or_default();
                let _ = write!(err, "{}", deck::load::render_all(&loaded.warnings, &name, &source, color));
                if args.strict && !loaded.warnings.is_empty() {
                    failed = true;
                }
            }
            Err(e @ LoadError::Io(_)) => {
                let _ = write!(err, "{}", e.render(&name, color));
                failed = true;
            }
            Err(e) => {
                let _ = write!(err, "{}", e.render(&name, color));
                failed = true;
            }
        }
    }
    let _ = (CheckFormat::Json, out);
    i32::from(failed)
}
