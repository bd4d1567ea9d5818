//! End to end: the config file's key remapping drives both the keys and the help overlay, and
//! a config file with a mistake stops convene with a located error.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, command, position, shows};

#[test]
fn remapped_keys_work_and_help_lists_them() {
    let home = Scratch::new("config");
    home.write(".config/convene/config.toml", "[keys]\nblank = [\"w\"]\n");
    let mut app = Pty::builder()
        .args(["--no-record"])
        .home(home.path())
        .spawn();
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    // `w` blanks now; any key returns.
    app.send(b"w");
    app.wait_for(|s| s.contents().trim().is_empty(), TIMEOUT);
    app.send(b"x");
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    // The help lists `w` for blank (and no longer `b`).
    app.send(b"?");
    app.wait_for(|s| shows(s, "w blank the screen"), TIMEOUT);
    assert!(!app.with_screen(|s| shows(s, "b . blank the screen")));
    app.send_esc();
    app.wait_for(|s| !shows(s, "w blank the screen"), TIMEOUT);
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn a_broken_config_is_reported_with_its_location() {
    let home = Scratch::new("config-bad");
    home.write(
        ".config/convene/config.toml",
        "theme = \"light\"\nthem = 1\n",
    );
    let out = command(&home)
        .arg("--no-record")
        .output()
        .expect("run convene");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:2:1"), "{err}");
    assert!(err.contains("did you mean `theme`"), "{err}");
}
