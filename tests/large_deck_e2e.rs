//! A large deck (over `run::BEGIN_FROM_BYTES`) is presented from its beginning while the rest
//! is read on a thread (issue 11: the 10,000-slide deck's first frame). The real binary in a
//! pseudo-terminal: the first frame counts every slide, a key pressed while the rest is read
//! applies to the whole deck, and a deck whose rest has an error is refused after its first
//! slide was shown, with the diagnostics of the deck loaded whole and no journal left behind.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, keys, position};
use std::fmt::Write as _;
use std::time::Duration;

/// Slides enough for a file well over the threshold (about 1.9 MB), so that in a debug build
/// reading its rest takes long enough for a key to arrive while it is read.
const SLIDES: usize = 6000;

/// Reading a large deck in a debug build on a loaded machine: generous.
const LONG: Duration = Duration::from_secs(60);

/// A deck of `n` slides; the last one's extra line is `last` (e.g. a mistake).
fn large_deck(n: usize, last: &str) -> String {
    let mut s = String::from("format = 1\n\n[deck]\ntitle = \"Large\"\nlanguage = \"en\"\n\n");
    for i in 1..=n {
        let _ = write!(
            s,
            "[[slides]]\nid = \"s{i}\"\ntitle = \"Slide number {i}\"\nbody = \"\"\"\n\
             The body of slide {i}, long enough to wrap on a narrow projector, with a few \
             words more about the topic of the day and what the group makes of it.\n\"\"\"\n\
             bullets = [\"First point of {i}\", \"Second point\"]\nnotes = \"Notes {i}.\"\n{}\n",
            if i == n { last } else { "" }
        );
    }
    assert!(s.len() as u64 > convene::run::BEGIN_FROM_BYTES * 4);
    s
}

/// The journals under `dir` (any depth).
fn journals(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "jsonl") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_large_decks_first_frame_counts_every_slide_and_a_key_pressed_meanwhile_waits_for_them() {
    let home = Scratch::new("large");
    let text = large_deck(SLIDES, "");
    let deck = home.write("large.toml", &text);
    let journal = home.path().join("large.jsonl");
    let mut app = Pty::builder()
        .size(120, 35)
        .arg("present")
        .arg(deck.as_os_str())
        .arg("--journal")
        .arg(journal.as_os_str())
        .home(home.path())
        .answer_queries()
        .spawn();
    // The first frame: the first slide, counted among all of them.
    app.wait_for(|s| position(s) == Some((1, SLIDES)), LONG);
    // Pressed while the rest is (most likely still) read: the last slide of the whole deck,
    // not of the beginning the first frame came from.
    app.send(keys::END);
    app.wait_for(|s| position(s) == Some((SLIDES, SLIDES)), LONG);
    app.wait_text(&format!("Slide number {SLIDES}"));
    app.send(keys::LEFT);
    app.wait_for(|s| position(s) == Some((SLIDES - 1, SLIDES)), TIMEOUT);
    app.send(b"q");
    app.wait_text("Press q again");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
    // The journal names the file by the hash of all of it, records the keys, and no reload:
    // the whole deck replacing its beginning is not a change of deck.
    let recorded = std::fs::read_to_string(&journal).expect("the journal");
    let hash = convene::record::journal::deck_hash(text.as_bytes());
    let start = recorded.lines().next().unwrap_or_default();
    assert!(
        start.contains(&format!("\"deck_hash\":\"{hash}\"")),
        "{start}"
    );
    assert!(recorded.contains("\"last\""), "{recorded}");
    assert!(!recorded.contains("\"kind\":\"reload\""), "{recorded}");
    // Replayed, it is where the session stopped.
    let records = convene::record::journal::read(&journal).expect("read the journal");
    let whole = convene::deck::load_bytes(text.as_bytes())
        .expect("the deck")
        .deck;
    let replayed = convene::record::journal::replay(whole, &records);
    assert_eq!(replayed.app.slide, SLIDES - 2);
}

#[test]
fn a_large_deck_whose_rest_has_an_error_is_refused_with_the_same_diagnostics() {
    let home = Scratch::new("large-broken");
    let text = large_deck(SLIDES, "minutes = \"ten\"");
    let deck = home.write("broken.toml", &text);
    // What the deck loaded whole says (no terminal: the deck is loaded, then refused).
    let whole = common::command(&home)
        .args(["present"])
        .arg(deck.as_os_str())
        .output()
        .expect("run convene");
    assert_eq!(whole.status.code(), Some(1));
    let expected = String::from_utf8_lossy(&whole.stderr).into_owned();
    let line = text
        .lines()
        .position(|l| l.starts_with("minutes"))
        .map_or(0, |i| i + 1);
    assert!(
        expected.contains(&format!("broken.toml:{line}:")),
        "{expected}"
    );

    let mut app = Pty::builder()
        .size(120, 35)
        .arg("present")
        .arg(deck.as_os_str())
        .home(home.path())
        .env("NO_COLOR", "1")
        .answer_queries()
        .spawn();
    let code = app.wait_status(LONG).exit_code();
    assert_eq!(code, 1, "{}", app.describe());
    app.assert_restored();
    let out = String::from_utf8_lossy(&app.transcript()).replace("\r\n", "\n");
    // Its first slide was shown, counted among all of them (read from the output, not the
    // screen: the screen is the normal one again by now).
    assert!(out.contains("Slide number 1"), "{out}");
    assert!(out.contains(&format!("1/{SLIDES}")), "{out}");
    assert!(
        out.contains(&expected),
        "the diagnostics of the deck loaded whole:\n{expected}\nin:\n{out}"
    );
    assert!(!out.contains("Session saved"), "{out}");
    assert_eq!(journals(home.path()), Vec::<std::path::PathBuf>::new());
}
