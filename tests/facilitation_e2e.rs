//! End to end, in a pseudo-terminal: a facilitator runs a whole case study on the bundled deck
//! with the keyboard alone — jump to the case, tick what the group finds, switch framework,
//! reveal the answer key, start the discussion timer and watch it move.

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, TIMEOUT, keys, position, shows, status_line};

/// The timer shown in the status line (`Discuss: 4:59 left`), if any.
fn status_timer(screen: &vt100::Screen) -> Option<String> {
    let line = status_line(screen);
    let start = line.find("Discuss: ")?;
    let rest = &line[start..];
    let end = rest.find(" left").map(|i| i + 5)?;
    Some(rest[..end].to_owned())
}

#[test]
fn a_whole_case_study_from_the_keyboard() {
    let mut app = Pty::spawn(120, 35, &["--lang", "en"]);
    app.wait_for(|s| position(s) == Some((1, 43)), TIMEOUT);

    // Jump to the first case (slide 35) with digits then Enter.
    app.go_to(35);
    app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 35), TIMEOUT);
    app.wait_text("Case study: Rosa");
    // At 120 columns the checklist sits beside the case, unticked.
    app.wait_text("Key elements of trafficking");
    app.wait_text("ACT — missing");
    app.wait_text("○ Not yet");

    // Into the checklist; tick an ACT, a MEANS and a PURPOSE.
    app.send(keys::TAB);
    app.wait_text("▶ Key elements");
    app.send(b" ");
    app.wait_text("☑ Recruitment");
    app.wait_text("ACT ✓ satisfied");
    for _ in 0..5 {
        app.send(keys::DOWN);
    }
    app.send(b" ");
    app.wait_text("☑ Threat, force or coercion");
    for _ in 0..7 {
        app.send(keys::DOWN);
    }
    app.send(b" ");
    app.wait_text("☑ Forced labour or services");
    // Up/Down moved inside the checklist, never the slide.
    assert_eq!(app.with_screen(position).map(|p| p.0), Some(35));
    // All three elements under the Protocol.
    app.wait_text("● Indicated");

    // Switch framework: the label, the rows and the verdict follow at once. The Code needs
    // its safety test (s. 279.04(1)); MEANS are evidence, not required.
    app.send(b"f");
    app.wait_text("Criminal Code");
    app.wait_text("○ Not yet");
    app.wait_text("missing: SAFETY TEST");
    // Short of room, the groups out of focus are one line each with their tick count.
    app.wait_text("▸ MEANS ✓ 1/3 ticked");
    // The cursor stayed on "Forced labour"; the safety test is four rows down.
    for _ in 0..4 {
        app.send(keys::DOWN);
    }
    app.send(b" ");
    app.wait_text("SAFETY TEST ✓ satisfied");
    app.wait_text("● Indicated");

    // Reveal the answer key beside the group's ticks: the safety test is "also fair" here.
    app.send(b"a");
    app.wait_text("agreed");
    app.wait_text("missed");
    app.wait_text("also fair");

    // Back to the slide, start the discussion timer, and watch it count down.
    app.send_esc();
    app.wait_for(|s| !shows(s, "▶ Key elements"), TIMEOUT);
    app.send(b"t");
    app.wait_text("Discuss");
    app.wait_for(|s| status_timer(s).is_some(), TIMEOUT);
    let first = app.with_screen(status_timer).expect("timer shown");
    app.wait_for(
        move |s| status_timer(s).is_some_and(|t| t != first),
        TIMEOUT,
    );
    // Pause: the countdown says so.
    app.send(b"t");
    app.wait_text("paused");

    // Leaving and coming back keeps the ticks.
    app.go_to(36);
    app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 36), TIMEOUT);
    app.go_to(35);
    app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 35), TIMEOUT);
    app.wait_text("☑ Recruitment");

    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();
}

#[test]
fn safety_keys_work_over_a_case_study() {
    let mut app = Pty::spawn(80, 24, &["--lang", "en"]);
    app.wait_for(|s| position(s) == Some((1, 43)), TIMEOUT);
    app.go_to(35);
    app.wait_text("Case study: Rosa");
    // At 80 columns the checklist does not cover the case uninvited; `c` opens it full screen.
    assert!(!app.with_screen(|s| shows(s, "Key elements of trafficking")));
    app.send(b"c");
    app.wait_text("Key elements of trafficking");
    // The support screen shows over anything; Esc returns to where we were.
    app.send(b"s");
    app.wait_text("1-833-900-1010");
    app.send_esc();
    app.wait_text("Key elements of trafficking");
    // Blank, and any key returns.
    app.send(b"b");
    app.wait_for(|s| s.contents().trim().is_empty(), TIMEOUT);
    app.send(b"x");
    app.wait_text("Key elements of trafficking");
    app.send_quit();
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}
