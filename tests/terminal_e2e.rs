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

/// Issue 11's keypress fast path: frames drawn ahead (shown by the input thread the moment a
/// key is read) are exactly the frames the loop then draws. Keys come in bursts a few
/// milliseconds apart, some faster than a frame, so that drawn-ahead frames, the loop's own,
/// and keys racing both all occur. Replaying the raw output frame by frame (each ends with
/// synchronized output's end), a frame on the same slide as the one before it would be a
/// correction of a wrong frame drawn ahead: none may differ above the status line (whose clock
/// ticks). Every slide shown is one the keys pass through, in order, and the last screen is the
/// last key's slide, as the loop draws it.
#[test]
fn frames_drawn_ahead_are_the_frames_the_loop_draws() {
    use std::fmt::Write as _;
    let dir = Scratch::new("ahead");
    let mut deck = String::from("format = 1\n[deck]\ntitle = \"Ahead\"\n\n");
    for i in 1..=12 {
        let _ = write!(
            deck,
            "[[slides]]\nid = \"s{i}\"\ntitle = \"Slide number {i}\"\nbody = \"The body of slide {i}, \
             long enough to wrap over more than one line of the screen at this width.\"\n\
             bullets = [\"Point {i}\", \"Another point\"]\n\n"
        );
    }
    let path = dir.write("ahead.toml", deck);
    let path = path.display().to_string();
    let mut app = Pty::spawn(80, 24, &["present", "--no-record", &path]);
    app.wait_for(|s| position(s) == Some((1, 12)), TIMEOUT);
    std::thread::sleep(Duration::from_millis(200));
    let start = app.transcript().len();

    // (key, gap after it in ms): runs forward and back at several paces.
    let mut plan: Vec<(&[u8], u64)> = Vec::new();
    for (n, gap) in [(5, 5), (3, 0), (4, 2), (6, 20), (2, 1), (5, 5)] {
        for _ in 0..n {
            plan.push((common::keys::RIGHT, gap));
        }
        for _ in 0..n - 1 {
            plan.push((common::keys::LEFT, gap));
        }
    }
    let mut at = 1usize;
    let mut path_taken = vec![1usize];
    for (key, gap) in &plan {
        app.send(key);
        at = if *key == common::keys::RIGHT {
            (at + 1).min(12)
        } else {
            at.saturating_sub(1).max(1)
        };
        path_taken.push(at);
        std::thread::sleep(Duration::from_millis(*gap));
    }
    app.wait_for(move |s| position(s) == Some((at, 12)), TIMEOUT);
    std::thread::sleep(Duration::from_millis(300));

    let bytes = app.transcript();
    let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
    let mut parser = vt100::Parser::new(nz(24), nz(80), 0);
    parser.process(&bytes[..start]);
    let end = b"\x1b[?2026l";
    let mut rest = &bytes[start..];
    // Each frame after the first key: (slide shown, rows above the status line, formatted).
    let mut frames: Vec<(usize, Vec<String>)> = Vec::new();
    while let Some(i) = rest.windows(end.len()).position(|w| w == end) {
        parser.process(&rest[..i + end.len()]);
        rest = &rest[i + end.len()..];
        let screen = parser.screen();
        let Some((n, _)) = position(screen) else {
            panic!("a frame without a position:\n{}", screen.contents());
        };
        let body: Vec<String> = screen.rows_formatted(0, 80).take(23).collect();
        frames.push((n, body));
    }
    assert!(!frames.is_empty(), "no frame after the keys");
    for pair in frames.windows(2) {
        let ((a, body_a), (b, body_b)) = (&pair[0], &pair[1]);
        if a == b {
            assert_eq!(
                body_a, body_b,
                "slide {a} was drawn twice, differently: a frame drawn ahead was wrong"
            );
        }
    }
    // The slides shown follow the keys' path, in order (a burst may skip some).
    let mut from = 0;
    for (n, _) in &frames {
        match path_taken[from..].iter().position(|p| p == n) {
            Some(k) => from += k,
            None => panic!("slide {n} shown out of the keys' order {path_taken:?}"),
        }
    }
    assert_eq!(frames.last().map(|f| f.0), Some(at));
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}
