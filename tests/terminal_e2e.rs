//! Issue 13, findings 10 and 11, in a pseudo-terminal: absurd sizes, suspend and resume, fatal
//! signals. The terminal is always left as it was found.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, position};
use std::time::Duration;

/// Wait until the process has really stopped (SIGCONT sent before its SIGSTOP would be lost).
fn wait_stopped(app: &Pty) {
    let stat = format!("/proc/{}/stat", app.pid());
    let until = std::time::Instant::now() + TIMEOUT;
    if !std::path::Path::new(&stat).exists() {
        std::thread::sleep(Duration::from_millis(500));
        return;
    }
    while std::time::Instant::now() < until {
        let text = std::fs::read_to_string(&stat).unwrap_or_default();
        // The state follows the command name in parentheses: "pid (comm) T …".
        if text
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('T'))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the process did not stop");
}

#[test]
fn a_65535_square_resize_neither_aborts_nor_allocates_it() {
    let mut app = Pty::spawn(80, 24, &["present", "--no-record"]);
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    app.claim_size(65535, 65535);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!app.exited(), "it died on a 65535×65535 resize");
    app.resize(100, 30);
    app.wait_for(
        |s| common::parse_position(&common::rows(s)[29]).is_some(),
        TIMEOUT,
    );
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn a_follower_clamps_a_65535_square_resize_like_the_presenter() {
    // Nobody listens on this port: the follower waits for the presenter, drawing.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.to_string())
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let mut app = Pty::spawn(80, 24, &["follow", &addr]);
    app.wait_text("waiting for the presenter");
    app.claim_size(65535, 65535);
    // Give it the time to draw at that size (as the presenter's test does).
    std::thread::sleep(Duration::from_millis(300));
    assert!(!app.exited(), "it died on a 65535×65535 resize");
    // A real resize after it: the follower must still be there to redraw at 100×30 (before
    // the clamp it aborted allocating a 65535×65535 buffer).
    app.resize(100, 30);
    // Centred at 100 columns: "convene follow" (14 wide) starts at column 43, not 33.
    app.wait_for(
        |s| {
            common::rows(s)
                .iter()
                .any(|r| r.find("convene follow") == Some(43))
        },
        TIMEOUT,
    );
    assert!(!app.exited(), "it died on a 65535×65535 resize");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

/// Issue 13, finding 12's last part: a family emoji (a zero-width-joiner sequence), a skin tone
/// and an emoji variation selector in a checklist row. The terminal emulator (vt100, like many
/// terminals) adds up each character's width; so must the layout, or the panel's right border
/// moves on that row.
#[test]
fn an_emoji_sequence_reaches_the_screen_whole_and_the_border_stays() {
    let dir = Scratch::new("zwj-border");
    let deck = dir.write(
        "zwj.toml",
        "format = 1\n[deck]\ntitle = \"ZWJ\"\n[checklist]\ntitle = \"Elements\"\n\
         [[checklist.groups]]\nid = \"act\"\nlabel = \"ACT\"\n\
         items = [{ id = \"family\", label = \"\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Family \u{1F44B}\u{1F3FD} \u{2764}\u{FE0F} end\" }, \
         { id = \"plain\", label = \"Plain\" }]\n\
         [[checklist.frameworks]]\nid = \"p\"\nlabel = \"P\"\nrules = [{ say = \"Not yet.\" }]\n\
         [[slides]]\nid = \"case\"\ntitle = \"A case \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\"\nbody = \"Text.\"\nchecklist = true\n",
    );
    let deck = deck.display().to_string();
    let mut app = Pty::spawn(120, 35, &["present", &deck, "--no-record"]);
    app.wait_text("Family");
    app.wait_text("Plain");
    let (border, family, plain) = app.with_screen(|s| {
        let rows = common::rows(s);
        let row_of = |t: &str| rows.iter().position(|r| r.contains(t)).unwrap_or(0);
        let top = row_of("Elements");
        let right = (0..120u16)
            .rev()
            .find(|&c| s.cell(top as u16, c).is_some_and(|x| x.contents() == "┐"))
            .unwrap_or(0);
        let at = |r: usize| {
            s.cell(r as u16, right)
                .map(|x| x.contents().to_owned())
                .unwrap_or_default()
        };
        (right, at(row_of("Family")), at(row_of("Plain")))
    });
    // Every glyph reached the screen whole (before, the layout counted the family as 2
    // columns, the terminal drew 6, and the next cells were written over its last two).
    let row = app.with_screen(|s| {
        common::rows(s)
            .into_iter()
            .find(|r| r.contains("Family"))
            .unwrap_or_default()
    });
    assert!(
        row.contains("\u{1F468}\u{1F469}\u{1F467} Family \u{1F44B} \u{2764} end"),
        "{row:?}"
    );
    assert!(border > 60, "the panel's top-right corner");
    assert_eq!(plain, "│", "column {border}");
    assert_eq!(
        family, "│",
        "the border moved on the emoji row (column {border})"
    );
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn hangup_ends_the_journal_and_exits_129() {
    let home = Scratch::new("hup-journal");
    let journal = home.path().join("s.jsonl");
    let mut app = Pty::builder()
        .args(["present", "--journal", &journal.display().to_string()])
        .spawn();
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    app.signal("HUP");
    assert_eq!(app.wait_exit(TIMEOUT), 129);
    let text = std::fs::read_to_string(&journal).expect("journal");
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.contains(r#""kind":"end""#)),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn suspend_gives_the_terminal_back_and_fg_takes_it_again() {
    let mut app = Pty::spawn(80, 24, &["present", "--no-record"]);
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    app.signal("TSTP");
    app.wait_for(|s| !s.alternate_screen(), TIMEOUT);
    // Cooked mode again while stopped.
    let until = std::time::Instant::now() + TIMEOUT;
    while app.line_mode() != app.initial_line_mode() && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    app.assert_restored();
    wait_stopped(&app);
    app.signal("CONT");
    app.wait_for(|s| s.alternate_screen() && position(s).is_some(), TIMEOUT);
    assert!(
        app.line_mode().is_none_or(|m| m.is_raw()),
        "raw mode is back after fg"
    );
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[cfg(unix)]
#[test]
fn fatal_signals_restore_the_terminal_first() {
    for (name, n) in [("QUIT", 3), ("USR1", 10), ("ALRM", 14), ("XFSZ", 25)] {
        let mut app = Pty::spawn(80, 24, &["present", "--no-record"]);
        app.wait_for(|s| position(s).is_some(), TIMEOUT);
        app.signal(name);
        assert_eq!(app.wait_exit(TIMEOUT), 128 + n, "SIG{name}");
        app.assert_restored();
    }
}

#[cfg(unix)]
#[test]
fn ctrl_z_suspends_like_a_shell_job() {
    // In raw mode Ctrl-Z is a key, not a signal: convene suspends itself.
    let mut app = Pty::spawn(80, 24, &["present", "--no-record"]);
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    app.send(b"\x1a");
    app.wait_for(|s| !s.alternate_screen(), TIMEOUT);
    wait_stopped(&app);
    app.signal("CONT");
    app.wait_for(|s| s.alternate_screen() && position(s).is_some(), TIMEOUT);
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}
