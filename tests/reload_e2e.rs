//! End to end, in a pseudo-terminal: an organizer previews a deck while editing it. A save by
//! rename (as many editors do) shows at once at the same slide; a save that does not parse
//! keeps the last good deck on screen with a one-line `file:line:col` error, until the next
//! good save.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, keys, position, shows, status_line};

const DECK: &str = r#"format = 1

[deck]
title = "Preview"

[[slides]]
id = "one"
title = "First slide"

[[slides]]
id = "two"
title = "Second slide"
"#;

/// Save like an editor that writes a temporary file and renames it over the deck.
fn save_by_rename(dir: &Scratch, name: &str, text: &str) {
    let tmp = dir.write(&format!(".{name}.swp"), text);
    std::fs::rename(&tmp, dir.path().join(name)).expect("rename over the deck");
}

#[test]
fn saves_show_at_the_same_slide_and_broken_saves_keep_the_last_good_deck() {
    let dir = Scratch::new("reload");
    let deck = dir.write("deck.toml", DECK);
    let mut app = Pty::builder()
        .args(["present", "--no-record", &deck.display().to_string()])
        .spawn();
    app.wait_for(|s| position(s) == Some((1, 2)), TIMEOUT);
    app.send(keys::RIGHT);
    app.wait_text("Second slide");

    // A new slide before the current one: the screen stays on "two", now 3/3.
    let edited = DECK.replace(
        "[[slides]]\nid = \"two\"",
        "[[slides]]\nid = \"new\"\ntitle = \"Inserted\"\n\n[[slides]]\nid = \"two\"",
    );
    let edited = edited.replace("Second slide", "Second slide, edited");
    save_by_rename(&dir, "deck.toml", &edited);
    app.wait_text("Second slide, edited");
    app.wait_for(|s| position(s) == Some((3, 3)), TIMEOUT);

    // A broken save: the slide stays, the status line names the file, line and column.
    let broken = edited.replace("title = \"Inserted\"", "title = \"Inserted");
    save_by_rename(&dir, "deck.toml", &broken);
    app.wait_for(|s| status_line(s).contains("deck.toml:"), TIMEOUT);
    assert!(app.with_screen(|s| shows(s, "Second slide, edited")));
    let status = app.with_screen(status_line);
    assert!(status.contains('⚠'), "{status}");
    // Keys still work on the last good deck.
    app.send(keys::LEFT);
    app.wait_text("Inserted");

    // The next good save clears the error.
    save_by_rename(&dir, "deck.toml", &edited);
    app.wait_for(|s| !status_line(s).contains("deck.toml:"), TIMEOUT);
    app.wait_text("Inserted");

    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn polling_sees_saves_too() {
    let dir = Scratch::new("reload-poll");
    let deck = dir.write("deck.toml", DECK);
    let mut app = Pty::builder()
        .args([
            "present",
            "--no-record",
            "--poll",
            &deck.display().to_string(),
        ])
        .spawn();
    app.wait_for(|s| position(s) == Some((1, 2)), TIMEOUT);
    save_by_rename(
        &dir,
        "deck.toml",
        &DECK.replace("First slide", "First, polled"),
    );
    app.wait_text("First, polled");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn a_reload_journals_a_reference_not_the_deck() {
    // Issue 13, finding 4: every reload copied the whole deck (notes, answer keys) into the
    // journal, and resume replayed those copies instead of the file.
    let dir = Scratch::new("reload-journal");
    let deck = dir.write("deck.toml", DECK);
    let journal = dir.path().join("s.jsonl");
    let mut app = Pty::builder()
        .args([
            "present",
            "--journal",
            &journal.display().to_string(),
            &deck.display().to_string(),
        ])
        .spawn();
    app.wait_for(|s| position(s) == Some((1, 2)), TIMEOUT);
    let edited = DECK.replace(
        "title = \"Second slide\"",
        "title = \"Second slide\"\nnotes = \"SECRET-ANSWER-KEY\"",
    );
    let edited = edited.replace("First slide", "First, saved");
    save_by_rename(&dir, "deck.toml", &edited);
    app.wait_text("First, saved");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    let text = std::fs::read_to_string(&journal).expect("journal");
    assert!(!text.contains("SECRET-ANSWER-KEY"), "{text}");
    let reload = text
        .lines()
        .find(|l| l.contains(r#""kind":"reload""#))
        .unwrap_or_else(|| panic!("a reload record: {text}"));
    let hash = convene::record::journal::deck_hash(edited.as_bytes());
    assert!(
        reload.contains(&hash) && reload.contains("deck.toml"),
        "{reload}"
    );
}

#[cfg(unix)]
#[test]
fn a_deck_replaced_by_a_fifo_is_refused_without_freezing() {
    // Issue 13, finding 6: reloads ran on the UI thread and a FIFO froze the presenter until
    // something wrote to it.
    let dir = Scratch::new("reload-fifo");
    let deck = dir.write("deck.toml", DECK);
    let mut app = Pty::builder()
        .args(["present", "--no-record", &deck.display().to_string()])
        .spawn();
    app.wait_for(|s| position(s) == Some((1, 2)), TIMEOUT);
    std::fs::remove_file(&deck).expect("rm");
    let made = std::process::Command::new("mkfifo")
        .arg(&deck)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo (coreutils) could not make {}", deck.display());
    app.wait_for(
        |s| status_line(s).contains('⚠') && status_line(s).contains("deck.toml"),
        TIMEOUT,
    );
    // Keys still answer.
    app.send(keys::RIGHT);
    app.wait_text("Second slide");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}
