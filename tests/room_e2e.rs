//! End to end, in a pseudo-terminal: the room as it really is (issue 14). Quitting by accident
//! asks once more; after quitting, the normal screen says where the session was saved and how
//! to resume it; starting the same deck again offers to resume; timers belong to their prompt.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, command, keys, position, shows, status_line};

const DECK: &str = r#"format = 1

[deck]
title = "Room deck"
language = "en"

[[slides]]
id = "one"
kind = "title"
title = "First slide"

[[slides]]
id = "two"
title = "Second slide"
[[slides.prompts]]
text = "What did you notice?"
minutes = 5

[[slides]]
id = "three"
title = "Third slide"
[[slides.prompts]]
text = "And here?"
minutes = 3

[[slides]]
id = "four"
title = "Fourth slide"
body = "The end."
"#;

fn spawn(home: &Scratch, deck: &str) -> Pty {
    Pty::builder()
        .size(80, 24)
        .args([deck])
        .home(home.path())
        .spawn()
}

#[test]
fn q_asks_once_more_then_quitting_says_how_to_resume_and_a_restart_offers_it() {
    let home = Scratch::new("room-quit");
    let deck = home.write("room.toml", DECK).display().to_string();
    let mut app = spawn(&home, &deck);
    app.wait_position(1);
    app.wait_text("● REC");
    app.go_to(3);
    app.wait_position(3);

    // One `q` asks; any other key cancels (and is not applied).
    app.send(b"q");
    app.wait_text("Press q again to quit");
    app.send(b"x");
    app.wait_for(|s| !shows(s, "Press q again"), TIMEOUT);
    assert!(!app.exited(), "a key other than q keeps presenting");
    assert_eq!(app.with_screen(position).map(|p| p.0), Some(3));

    // `q`, `q` quits; the normal screen says where the session is and how to resume.
    app.send(b"q");
    app.wait_text("Press q again to quit");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
    let out = String::from_utf8_lossy(&app.transcript()).into_owned();
    assert!(out.contains("Session saved to"), "{}", app.describe());
    assert!(out.contains("--resume"), "{}", app.describe());
    drop(app);

    // Starting the same deck again offers the session that just ended.
    let mut again = spawn(&home, &deck);
    again.wait_text("Resume at slide 3 (0 min in)?");
    again.wait_text("Enter: resume · n: new session");
    again.send(keys::ENTER);
    again.wait_position(3);
    again.wait_text("Third slide");
    again.send(keys::CTRL_C);
    assert_eq!(again.wait_exit(TIMEOUT), 0);
    drop(again);

    // `n` starts a new session at the first slide.
    let mut fresh = spawn(&home, &deck);
    fresh.wait_text("Resume at slide 3");
    fresh.send(b"n");
    fresh.wait_position(1);
    fresh.send_quit();
    assert_eq!(fresh.wait_exit(TIMEOUT), 0);
}

#[test]
fn ctrl_c_quits_at_once_past_the_first_slide() {
    let home = Scratch::new("room-ctrl-c");
    let deck = home.write("room.toml", DECK).display().to_string();
    let mut app = spawn(&home, &deck);
    app.wait_position(1);
    app.send(keys::RIGHT);
    app.wait_position(2);
    app.send(keys::CTRL_C);
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn a_timer_started_on_one_slide_never_shows_on_another() {
    let home = Scratch::new("room-timers");
    let deck = home.write("room.toml", DECK).display().to_string();
    let mut app = Pty::builder()
        .size(80, 24)
        .args(["--no-record", &deck])
        .home(home.path())
        .spawn();
    app.wait_position(1);
    app.send(keys::RIGHT);
    app.wait_position(2);
    // `t` reveals the prompt and starts its timer: the status line shows it.
    app.send(b"t");
    app.wait_for(
        |s| {
            status_line(s).contains("Discuss: 5:00 left") || status_line(s).contains("Discuss: 4:5")
        },
        TIMEOUT,
    );
    // `T` shows it full screen for the back row; any key returns.
    app.send(b"T");
    app.wait_text("left");
    app.wait_for(
        |s| shows(s, "Discuss: 5:00 left") || shows(s, "Discuss: 4:5"),
        TIMEOUT,
    );
    app.wait_for(|s| !s.contents().contains("? help"), TIMEOUT);
    app.send(b"x");
    app.wait_for(|s| status_line(s).contains("Discuss:"), TIMEOUT);
    // Two slides on (one with its own prompt, one without): no timer in the status line.
    app.go_to(3);
    app.wait_position(3);
    assert!(
        !app.with_screen(status_line).contains("Discuss:"),
        "{}",
        app.describe()
    );
    app.go_to(4);
    app.wait_position(4);
    assert!(
        !app.with_screen(status_line).contains("Discuss:"),
        "{}",
        app.describe()
    );
    // Back on its slide, it waits, paused, where it stopped.
    app.go_to(2);
    app.wait_position(2);
    app.send(keys::RIGHT);
    app.wait_text("(paused)");
    app.send(keys::CTRL_C);
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}

#[test]
fn without_a_terminal_convene_says_what_to_do() {
    let home = Scratch::new("room-no-tty");
    let deck = home.write("room.toml", DECK);
    let out = command(&home).arg(&deck).output().expect("run convene");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "convene needs a terminal to present; to check a deck, run convene check FILE"
        ),
        "{stderr}"
    );
}

#[test]
fn export_infers_the_format_from_the_extension() {
    let home = Scratch::new("room-export");
    let deck = home.write("room.toml", DECK);
    let md = home.path().join("handout.md");
    let out = command(&home)
        .arg("export")
        .arg(&deck)
        .arg("-o")
        .arg(&md)
        .output()
        .expect("run convene export");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&md).expect("handout written");
    assert!(text.starts_with('#') && !text.contains("<html"), "{text}");
}

#[test]
fn new_on_an_existing_file_suggests_a_free_name() {
    let home = Scratch::new("room-new");
    let deck = home.write("workshop.toml", DECK);
    home.write("workshop-2.toml", DECK);
    let out = command(&home)
        .arg("new")
        .arg(&deck)
        .output()
        .expect("run convene new");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("workshop-3.toml"), "{stderr}");
}

#[test]
fn check_warns_when_a_prompt_plans_more_than_its_slide() {
    let home = Scratch::new("room-check");
    let deck = home.write(
        "deck.toml",
        "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\nminutes = 5\n\
         [[slides.prompts]]\ntext = \"Talk?\"\nminutes = 10\n",
    );
    let out = command(&home)
        .arg("check")
        .arg(&deck)
        .output()
        .expect("run convene check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("this prompt plans 10 minutes, more than its slide's 5"),
        "{stderr}"
    );
}

/// The background colour (vt100's) of the cell at the top left.
fn top_left_bg(app: &Pty) -> vt100::Color {
    app.with_screen(|s| s.cell(0, 0).map_or(vt100::Color::Default, |c| c.bgcolor()))
}

#[test]
fn auto_theme_asks_the_terminal_and_a_white_background_gets_the_light_theme() {
    let home = Scratch::new("room-theme");
    let deck = home.write("room.toml", DECK).display().to_string();
    let mut app = Pty::builder()
        .size(80, 24)
        .args(["--no-record", &deck])
        .home(home.path())
        .spawn();
    // The queries (OSC 10 and 11) come first: answer as black on white, then the device attributes.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !app.output_contains(b"\x1b]11;?") {
        assert!(
            std::time::Instant::now() < deadline,
            "no OSC 11 query\n{}",
            app.describe()
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    app.send(b"\x1b]10;rgb:0000/0000/0000\x1b\\\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
    app.wait_position(1);
    // The light theme paints the background white; the dark one leaves the terminal's.
    assert_eq!(
        top_left_bg(&app),
        vt100::Color::Idx(15),
        "{}",
        app.describe()
    );
    app.send(keys::CTRL_C);
    assert_eq!(app.wait_exit(TIMEOUT), 0);

    // A terminal that does not answer: dark, after a short wait, never a hang.
    let mut quiet = Pty::builder()
        .size(80, 24)
        .args(["--no-record", &deck])
        .home(home.path())
        .spawn();
    quiet.wait_position(1);
    assert_eq!(
        top_left_bg(&quiet),
        vt100::Color::Default,
        "{}",
        quiet.describe()
    );
    quiet.send(keys::CTRL_C);
    assert_eq!(quiet.wait_exit(TIMEOUT), 0);
}
