//! The house's one rule: dependencies point down only.
//!
//! Every file under `src/` belongs to a room (the folder under `src/`; `main.rs` and `cli.rs`
//! are the top). A room may use the rooms below it, never one above it nor a sibling on its own
//! level: this test reads every `crate::room` path in the source and fails on one that points
//! up or sideways, naming the file and line.

use std::path::{Path, PathBuf};

/// The rooms, bottom first; rooms on one level must not use each other.
const LEVELS: &[&[&str]] = &[
    &["words"],
    &["deck"],
    &["present"],
    &["record", "share"],
    &["run", "organize"],
    &["cli"],
];

fn level_of(room: &str) -> Option<usize> {
    LEVELS.iter().position(|l| l.contains(&room))
}

fn room_of(file: &Path, src: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    match first.as_str() {
        "main.rs" | "cli.rs" | "lib.rs" => "cli".to_owned(),
        other => other.trim_end_matches(".rs").to_owned(),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `crate::NAME` (and `convene::NAME` in the binary) on a line, with the name.
fn uses(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["crate::", "convene::"] {
        let mut rest = line;
        while let Some(i) = rest.find(prefix) {
            let after = &rest[i + prefix.len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
            rest = after;
        }
    }
    found
}

/// (file:line, from room, to room) for every use that points up or sideways.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for file in files {
        let from = room_of(&file, src);
        let Some(from_level) = level_of(&from) else {
            bad.push(format!(
                "{}: room `{from}` is not in LEVELS (add it)",
                file.display()
            ));
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for to in uses(line) {
                if to == from {
                    continue;
                }
                let Some(to_level) = level_of(&to) else {
                    continue; // a function or type at the crate root, not a room
                };
                if to_level >= from_level {
                    bad.push(format!(
                        "{}:{}: `{from}` uses `{to}`, which is {}",
                        file.display(),
                        n + 1,
                        if to_level == from_level {
                            "on its own level"
                        } else {
                            "above it"
                        }
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn no_room_uses_a_room_above_it_or_beside_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = violations(&src);
    assert!(
        bad.is_empty(),
        "dependencies must point down:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_room_is_a_folder_with_a_module_doc() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for room in LEVELS
        .iter()
        .flat_map(|l| l.iter())
        .filter(|r| **r != "cli")
    {
        let m = src.join(room).join("mod.rs");
        let text = std::fs::read_to_string(&m).unwrap_or_default();
        assert!(
            text.starts_with("//!"),
            "{} must exist and start with a module doc saying what the room owns",
            m.display()
        );
    }
}

#[test]
fn the_check_catches_an_upward_use() {
    // The check itself can fail: a scratch tree where `deck` uses `present`.
    let dir = std::env::temp_dir().join(format!("convene-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let deck = dir.join("deck");
    assert!(std::fs::create_dir_all(&deck).is_ok());
    assert!(std::fs::write(deck.join("mod.rs"), "use crate::present::app::App;\n").is_ok());
    assert!(std::fs::write(dir.join("cli.rs"), "use crate::deck::Deck;\n").is_ok());
    let bad = violations(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(
        bad[0].contains("`deck` uses `present`, which is above it"),
        "{bad:?}"
    );
}
