//! End-to-end tests: the real `convene` binary in a pseudo-terminal, driven with keys and read
//! back through a terminal emulator (see `tests/common/mod.rs`), the way a new user would try
//! it. They cover issue 2's "Done when": the bundled deck starts at `1/N`; Right, digits+Enter,
//! End and Home move; `q`, Ctrl-C, SIGTERM and SIGHUP exit and leave the terminal restored
//! (main screen, cursor shown, raw mode off); resizing redraws; a tiny terminal asks to be
//! enlarged; a broken deck is reported with its location and never takes over the screen; the
//! overlays (help, content note, blank, overview, search, support) open and close.
//!
//! Waits have generous timeouts (CI machines are slow); nothing asserts on timing.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, keys, position};

/// A small deck with known titles (overview and search need to know where things are).
const SMALL_DECK: &str = r#"format = 1

[deck]
title = "Harness deck"
language = "en"
content_note = "This deck exists for the end-to-end tests."
support = ["Test line: 1-800-555-0100"]

[[slides]]
id = "one"
kind = "title"
title = "First slide"

[[slides]]
id = "two"
title = "Second slide"
body = "Plain text."

[[slides]]
id = "three"
title = "Third slide about otters"
bullets = ["Otters hold hands", "Otters sleep floating"]

[[slides]]
id = "four"
title = "Fourth slide"
body = "A giraffe walks into the workshop."

[[slides]]
id = "five"
title = "Fifth slide"
body = "The end."
"#;

const SMALL_DECK_SLIDES: usize = 5;

/// A deck whose line 7 is a TOML syntax error (an unterminated string).
const DECK_WITH_SYNTAX_ERROR_ON_LINE_7: &str = "format = 1

[deck]
title = \"Broken\"

[[slides]]
id = \"one
title = \"x\"
";

/// Wait for the status line to show `n/total` (any total when `total` is `None`), and return
/// the total.
#[track_caller]
fn wait_position(app: &Pty, n: usize, total: Option<usize>) -> usize {
    app.wait_for(
        move |s| position(s).is_some_and(|(a, b)| a == n && total.is_none_or(|t| t == b)),
        TIMEOUT,
    );
    app.with_screen(position).expect("position shown").1
}

/// The program has taken over the terminal: alternate screen, hidden cursor, raw mode.
#[track_caller]
fn assert_full_screen(app: &Pty) {
    let (alt, hidden) = app.with_screen(|s| (s.alternate_screen(), s.hide_cursor()));
    assert!(alt, "not on the alternate screen\n{}", app.describe());
    assert!(hidden, "the cursor is not hidden\n{}", app.describe());
    if let Some(mode) = app.line_mode() {
        assert!(mode.is_raw(), "the terminal is not in raw mode: {mode:?}");
    }
}

fn small_deck(dir: &Scratch) -> String {
    dir.write("small.toml", SMALL_DECK).display().to_string()
}

#[test]
fn the_harness_sees_a_cooked_terminal_before_the_program_starts() {
    // The baseline "restored" is compared with: if this failed, the raw-mode checks would prove
    // nothing.
    let app = Pty::spawn(80, 24, &[]);
    if let Some(mode) = app.initial_line_mode() {
        assert!(mode.canonical && mode.echo, "{mode:?}");
    }
    wait_position(&app, 1, None);
}

#[test]
fn the_harness_detects_a_terminal_left_in_a_mess() {
    // A program that takes over the terminal and exits without restoring it: the checks the
    // tests below rely on must fail for it.
    let mut bad = Pty::builder()
        .program("sh")
        .args(["-c", "stty raw -echo; printf '\\033[?1049h\\033[?25lmessy'"])
        .spawn();
    assert_eq!(bad.wait_exit(TIMEOUT), 0);
    assert!(bad.output_contains(b"\x1b[?1049h"));
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bad.assert_restored()));
    assert!(
        failed.is_err(),
        "assert_restored passed for a messy terminal"
    );
    if let Some(mode) = bad.line_mode() {
        assert!(mode.is_raw(), "{mode:?}");
    }
}

#[test]
fn bundled_deck_navigates_and_q_restores_the_terminal() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    assert!(n >= 5, "the bundled deck has only {n} slides");
    assert_full_screen(&app);

    app.send(keys::RIGHT);
    wait_position(&app, 2, Some(n));

    app.go_to(5);
    wait_position(&app, 5, Some(n));

    app.send(keys::END);
    wait_position(&app, n, Some(n));

    app.send(keys::HOME);
    wait_position(&app, 1, Some(n));

    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn bundled_deck_at_projector_size() {
    let mut app = Pty::spawn(120, 35, &[]);
    let n = wait_position(&app, 1, None);
    // The status line is the bottom row of the 35.
    let rows = app.screen_rows();
    assert_eq!(rows.len(), 35);
    assert_eq!(common::parse_position(&rows[34]), Some((1, n)));
    // …with the elapsed time as m:ss.
    let is_clock = |t: &str| {
        t.split_once(':').is_some_and(|(m, s)| {
            !m.is_empty()
                && m.chars().all(|c| c.is_ascii_digit())
                && s.len() == 2
                && s.chars().all(|c| c.is_ascii_digit())
        })
    };
    assert!(
        rows[34].split_whitespace().any(is_clock),
        "no m:ss clock in the status line: {:?}",
        rows[34]
    );
    app.send(keys::LEFT); // nothing before the first slide
    app.send(keys::RIGHT);
    wait_position(&app, 2, Some(n));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn digits_then_enter_beyond_the_deck_stays_put() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    app.send(keys::RIGHT);
    wait_position(&app, 2, Some(n));
    app.type_text(&format!("{}", n + 1));
    app.send(keys::ENTER);
    // The jump is refused with a message; the position does not change.
    app.wait_for(|s| common::status_line(s).contains("no slide"), TIMEOUT);
    assert_eq!(app.with_screen(position), Some((2, n)));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    app.send(keys::CTRL_C);
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn sigterm_exits_143_and_restores_the_terminal() {
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    assert_full_screen(&app);
    app.signal("TERM");
    assert_eq!(app.wait_exit(TIMEOUT), 128 + 15);
    app.assert_restored();
}

#[test]
fn sighup_exits_129_and_restores_the_terminal() {
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    app.signal("HUP");
    assert_eq!(app.wait_exit(TIMEOUT), 128 + 1);
    app.assert_restored();
}

#[test]
fn sigterm_while_an_overlay_is_open_still_restores() {
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    app.type_text("?");
    app.wait_text("Keys");
    app.signal("TERM");
    assert_eq!(app.wait_exit(TIMEOUT), 143);
    app.assert_restored();
}

#[test]
fn resizing_redraws() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    app.go_to(3);
    wait_position(&app, 3, Some(n));

    // Bigger: the status line must appear on the new bottom row (a row that did not exist).
    app.resize(120, 35);
    app.wait_for(
        move |s| common::parse_position(&common::rows(s)[34]) == Some((3, n)),
        TIMEOUT,
    );
    // Smaller again.
    app.resize(60, 20);
    app.wait_for(
        move |s| common::parse_position(&common::rows(s)[19]) == Some((3, n)),
        TIMEOUT,
    );
    // Still responsive at the new size.
    app.send(keys::END);
    wait_position(&app, n, Some(n));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_and_recovers() {
    let mut app = Pty::spawn(20, 5, &[]);
    app.wait_text("Enlarge the terminal");
    assert!(!app.exited(), "exited at 20×5\n{}", app.describe());
    assert_full_screen(&app);

    // Keys still work while too small, and the state shows once there is room.
    app.send(keys::RIGHT);
    app.resize(80, 24);
    wait_position(&app, 2, None);

    // Shrinking again shows the message again (no panic on the way down).
    app.resize(12, 3);
    app.wait_text("Enlarge");
    assert!(!app.exited(), "exited at 12×3\n{}", app.describe());
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn a_broken_deck_is_reported_and_never_takes_over_the_screen() {
    let dir = Scratch::new("broken");
    let deck = dir.write("broken.toml", DECK_WITH_SYNTAX_ERROR_ON_LINE_7);
    let mut app = Pty::builder()
        .args(["present", &deck.display().to_string()])
        .spawn();
    assert_eq!(app.wait_exit(TIMEOUT), 1);
    let text = app.with_screen(common::flat_text);
    assert!(
        text.contains("broken.toml:7:"),
        "no `broken.toml:7:` location in:\n{}",
        app.describe()
    );
    assert!(
        !app.output_contains(b"\x1b[?1049h"),
        "entered the alternate screen for a deck that does not load"
    );
    assert!(
        !app.output_contains(b"\x1b[?25l"),
        "hid the cursor for a deck that does not load"
    );
    app.assert_restored();
}

#[test]
fn a_missing_deck_exits_1_with_a_message() {
    let dir = Scratch::new("missing");
    let missing = dir.path().join("nope.toml").display().to_string();
    let mut app = Pty::builder().args(["present", &missing]).spawn();
    assert_eq!(app.wait_exit(TIMEOUT), 1);
    assert!(
        app.screen_text().contains("nope.toml"),
        "the message does not name the file\n{}",
        app.describe()
    );
    assert!(!app.output_contains(b"\x1b[?1049h"));
}

#[test]
fn check_reports_a_syntax_error_on_line_7() {
    let dir = Scratch::new("check");
    let deck = dir.write("deck.toml", DECK_WITH_SYNTAX_ERROR_ON_LINE_7);
    let out = common::command(&dir)
        .arg("check")
        .arg(&deck)
        .output()
        .expect("run convene check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(stderr.contains("deck.toml:7:"), "stderr:\n{stderr}");
}

#[test]
fn check_accepts_the_bundled_deck_file() {
    let dir = Scratch::new("check-ok");
    let out = common::command(&dir)
        .args(["check", "decks/awareness.toml"])
        .output()
        .expect("run convene check");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_overlay_opens_and_esc_closes_it() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    app.type_text("?");
    app.wait_text("Keys");
    app.wait_text("show the content note again");
    app.send_esc();
    app.wait_no_text("show the content note again");
    // Back on the same slide, and keys navigate again.
    app.send(keys::RIGHT);
    wait_position(&app, 2, Some(n));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn help_shows_the_content_note_again() {
    let dir = Scratch::new("note");
    let deck = small_deck(&dir);
    let mut app = Pty::builder().args(["present", &deck]).spawn();
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.type_text("?");
    app.wait_text("Keys");
    app.type_text("c");
    app.wait_text("This deck exists for the end-to-end tests.");
    app.send_esc();
    app.wait_no_text("This deck exists for the end-to-end tests.");
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn blank_hides_everything_and_any_key_returns() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    app.type_text("b");
    app.wait_for(|s| s.contents().trim().is_empty(), TIMEOUT);
    // "Any key" returns to where we were; it does not also act.
    app.type_text("x");
    wait_position(&app, 1, Some(n));
    // The clicker's "blank" key works the same way.
    app.type_text(".");
    app.wait_for(|s| position(s).is_none(), TIMEOUT);
    app.send(keys::RIGHT);
    wait_position(&app, 1, Some(n));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn overview_enter_jumps_to_the_chosen_slide() {
    let dir = Scratch::new("overview");
    let deck = small_deck(&dir);
    let mut app = Pty::builder().args(["present", &deck]).spawn();
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.type_text("o");
    app.wait_text("Overview");
    app.wait_text("Fifth slide");
    app.send(keys::DOWN);
    app.send(keys::DOWN);
    app.send(keys::ENTER);
    wait_position(&app, 3, Some(SMALL_DECK_SLIDES));
    app.wait_text("Third slide about otters");
    app.wait_no_text("Overview");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn search_typing_a_word_and_enter_jumps() {
    let dir = Scratch::new("search");
    let deck = small_deck(&dir);
    let mut app = Pty::builder().args(["present", &deck]).spawn();
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.type_text("/");
    app.wait_text("Search");
    app.type_text("giraffe");
    app.wait_text("Fourth slide");
    app.send(keys::ENTER);
    wait_position(&app, 4, Some(SMALL_DECK_SLIDES));
    app.wait_text("A giraffe walks into the workshop.");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn search_with_no_match_says_so_and_esc_returns() {
    let dir = Scratch::new("search-none");
    let deck = small_deck(&dir);
    let mut app = Pty::builder().args(["present", &deck]).spawn();
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.type_text("/");
    app.wait_text("Search");
    app.type_text("zebra");
    app.wait_text("no slide matches");
    app.send_esc();
    app.wait_no_text("no slide matches");
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn support_screen_shows_the_hotline_and_esc_returns() {
    let mut app = Pty::spawn(80, 24, &[]);
    let n = wait_position(&app, 1, None);
    app.send(keys::RIGHT);
    wait_position(&app, 2, Some(n));
    app.type_text("s");
    app.wait_text("1-833-900-1010");
    app.send_esc();
    app.wait_no_text("1-833-900-1010");
    wait_position(&app, 2, Some(n));
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn support_screen_is_one_key_away_at_projector_size() {
    let dir = Scratch::new("support");
    let deck = small_deck(&dir);
    let mut app = Pty::builder()
        .size(120, 35)
        .args(["present", &deck])
        .env("NO_COLOR", "1")
        .spawn();
    wait_position(&app, 1, Some(SMALL_DECK_SLIDES));
    app.type_text("s");
    app.wait_text("1-800-555-0100");
    app.send(b"q");
    app.wait_no_text("1-800-555-0100");
    assert!(
        !app.exited(),
        "`q` on the support screen should close it, not quit"
    );
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn the_home_directory_is_isolated() {
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    let home = app.home().to_path_buf();
    assert!(home.starts_with(std::env::temp_dir()), "{}", home.display());
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    // Whatever the program keeps between runs (session journals) went to the scratch home.
    let sessions = home.join(".local/state/convene/sessions");
    let journals: Vec<_> = std::fs::read_dir(&sessions)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(
        journals
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "jsonl")),
        "no session journal in {}: {journals:?}",
        sessions.display()
    );
    drop(app);
    assert!(!home.exists(), "the scratch home was not removed");
}

#[test]
fn sigint_exits_130_and_restores_the_terminal() {
    // Ctrl-C in raw mode is a key (exit 0, above); a SIGINT from elsewhere is a signal.
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    app.signal("INT");
    assert_eq!(app.wait_exit(TIMEOUT), 128 + 2);
    app.assert_restored();
}

#[test]
fn idle_is_idle() {
    // Nothing changes but the clock: about one redraw a second, not a redraw loop. A window of
    // L seconds holds at most floor(L) + 1 clock ticks; one more frame of slack keeps this from
    // being flaky, and a polling loop (tens of frames a second) still fails it. The window is
    // measured, so a slow machine can only see fewer frames per second, never more.
    let mut app = Pty::spawn(80, 24, &[]);
    wait_position(&app, 1, None);
    let frames = |app: &Pty| {
        app.transcript()
            .windows(6)
            .filter(|w| *w == b"\x1b[?25l")
            .count()
    };
    let before = frames(&app);
    let window = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let secs = window.elapsed().as_secs();
    let drawn = frames(&app) - before;
    assert!(
        drawn as u64 <= secs + 2,
        "{drawn} redraws in {secs} idle seconds"
    );
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn deck_text_cannot_send_escape_sequences_to_the_terminal() {
    // TOML `\u` escapes decode to real control characters; none may reach the terminal.
    let dir = Scratch::new("escapes");
    let deck = dir.write(
        "evil.toml",
        r#"format = 1

[deck]
title = "Evil \u001b]0;pwned-title\u0007 deck"
language = "en"

[[slides]]
id = "one"
title = "Hello \u001b[31mred\u001b[0m \u009b31m c1"
body = "Bidi \u202e override \u2066 isolate and bell \u0007 here"
"#,
    );
    let mut app = Pty::builder()
        .args(["present", &deck.display().to_string()])
        .spawn();
    wait_position(&app, 1, Some(1));
    app.wait_text("override");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    // convene's own background-colour queries (`--theme auto`) end with BEL: not deck text.
    let mut out = app.transcript();
    for query in [&b"\x1b]10;?\x07"[..], &b"\x1b]11;?\x07"[..]] {
        while let Some(i) = out.windows(query.len()).position(|w| w == query) {
            out.drain(i..i + query.len());
        }
    }
    let has = |needle: &[u8]| out.windows(needle.len()).any(|w| w == needle);
    assert!(
        !has(b"]0;pwned-title"),
        "an OSC sequence from the deck reached the terminal"
    );
    assert!(
        !has(b"\x1b[31mred"),
        "an SGR sequence from the deck reached the terminal"
    );
    assert!(!has(b"\x07"), "a BEL from the deck reached the terminal");
    assert!(
        !has("\u{9b}".as_bytes()),
        "a C1 CSI from the deck reached the terminal"
    );
    assert!(
        !has("\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
    assert!(
        !has("\u{2066}".as_bytes()),
        "a bidi isolate reached the terminal"
    );
}

/// Send `count` × Right in one write, then as many Left, on a deck of 1,000 one-step slides:
/// every key must count exactly once (slide `count + 1`, then slide 1 again). A `?` after
/// each burst is the marker: once help is open, every arrow before it has been handled.
/// (`--no-record`: with the journal each key waits for a disk sync, and this is about reading
/// input, not about the disk.)
fn burst_of_arrows(count: usize) {
    let dir = Scratch::new("burst");
    let mut deck = String::from("format = 1\n\n[deck]\ntitle = \"Many\"\n\n");
    for i in 1..=1000 {
        deck.push_str(&format!(
            "[[slides]]\nid = \"s{i}\"\ntitle = \"Slide {i}\"\n\n"
        ));
    }
    let deck = dir.write("many.toml", deck);
    let mut app = Pty::builder()
        .args(["present", "--no-record", &deck.display().to_string()])
        .spawn();
    wait_position(&app, 1, Some(1000));
    for (key, want) in [(keys::RIGHT, count + 1), (keys::LEFT, 1)] {
        app.send(&key.repeat(count));
        app.type_text("?");
        app.wait_text("show the content note again");
        assert_eq!(
            app.with_screen(position),
            Some((want, 1000)),
            "{}",
            app.describe()
        );
        app.send_esc();
        app.wait_no_text("show the content note again");
    }
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn a_burst_of_keys_counts_every_key() {
    // 300 arrows, 900 bytes: under the 1 KiB crossterm reads at once.
    burst_of_arrows(300);
}

#[test]
fn a_burst_of_keys_over_1_kib_counts_every_key() {
    // 700 arrows, 2,100 bytes. crossterm's default mio source (edge-triggered epoll) reads
    // 1,024 bytes and returns the first event without draining the terminal; the rest stayed
    // unread, with no new readiness edge, until more input arrived (the presenter stopped at
    // slide 342). convene turns on crossterm's `use-dev-tty` source (level-triggered poll),
    // which this test guards.
    burst_of_arrows(700);
}

#[test]
fn no_color_output_carries_no_colour_codes() {
    // NO_COLOR=1: the whole session (a content slide, a case with the checklist, a running
    // timer, the help) writes no SGR colour parameters at all: only bold, reverse, underline.
    let mut app = Pty::builder()
        .size(120, 35)
        .args(["--no-record", "--lang", "en"])
        .env("NO_COLOR", "1")
        .spawn();
    wait_position(&app, 1, None);
    app.go_to(35);
    app.wait_text("Key elements of trafficking");
    app.type_text("t");
    app.wait_text("left");
    app.type_text("?");
    app.wait_text("show the content note again");
    app.send_esc();
    app.wait_no_text("show the content note again");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    let out = String::from_utf8_lossy(&app.transcript()).into_owned();
    // Every SGR sequence, ESC [ params m: no colour parameter (30–49, 90–107, 38;…, 48;…).
    for seq in out.split("\x1b[").skip(1) {
        let Some(end) = seq.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !seq[end..].starts_with('m') {
            continue;
        }
        for p in seq[..end].split(';').filter(|p| !p.is_empty()) {
            let n: u32 = p.parse().unwrap_or(0);
            let colour = ((30..=49).contains(&n) && n != 39 && n != 49) || (90..=107).contains(&n);
            assert!(!colour, "colour parameter {n} in ESC[{}m", &seq[..end]);
        }
    }
}

#[test]
fn every_frame_is_one_synchronized_update() {
    // DEC mode 2026 around each frame: a terminal that knows it shows whole frames only (a
    // projector never shows half a slide); the begin and end marks pair up, one per frame.
    let mut app = Pty::builder()
        .size(100, 30)
        .args(["--no-record", "--lang", "en"])
        .spawn();
    wait_position(&app, 1, None);
    app.send(keys::RIGHT);
    wait_position(&app, 2, None);
    app.send(keys::RIGHT);
    wait_position(&app, 3, None);
    app.type_text("q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    let out = app.transcript();
    let count = |needle: &[u8]| out.windows(needle.len()).filter(|w| *w == needle).count();
    let (begin, end) = (count(b"\x1b[?2026h"), count(b"\x1b[?2026l"));
    assert!(begin >= 3, "{begin} synchronized frames for three slides");
    assert_eq!(begin, end, "every begin has its end");
}
