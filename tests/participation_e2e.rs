//! Issue 17 end to end: the real binary in a pseudo-terminal, phones as raw HTTP clients. The
//! room opens with `p` (a join code drawn and shown), votes and ticks arrive over HTTP, the
//! facilitator chooses what the projector shows (`v`), the journal keeps the totals (never a
//! participant), the report shows them; `--remote` prints its private address before full
//! screen and its token alone drives the presentation.
//!
//! The real-browser half is in `tests/browser.rs`; the API's limits in
//! `tests/participation_api.rs`.

// Unix only: the harness drives a Unix pseudo-terminal.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, keys, shows};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// The speaker notes of the fixture's first slide.
const NOTE: &str = "private: speaker notes never leave the laptop";

/// The tests' one small deck: slide 4 is the case, 3 has the prompts.
const DECK: &str = include_str!("fixtures/small-deck.toml");

/// A port nobody listens on now (bound and released: a small race, fine on a test machine).
fn free_addr() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    l.local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"))
        .to_string()
}

/// One request, the whole response (the share closes after each).
fn http(addr: &str, request: &str) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match TcpStream::connect(addr) {
            Ok(mut s) => {
                let _ = s.set_read_timeout(Some(TIMEOUT));
                let _ = s.write_all(request.as_bytes());
                let mut out = Vec::new();
                let _ = s.read_to_end(&mut out);
                return String::from_utf8_lossy(&out).into_owned();
            }
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("connect {addr}: {e}"),
        }
    }
}

fn post(addr: &str, path: &str, body: &str) -> String {
    http(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn status(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// Read an event stream for a moment: everything it sent.
fn stream(addr: &str, path: &str, want: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let _ = s.set_read_timeout(Some(Duration::from_millis(300)));
    let _ = s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    let deadline = Instant::now() + TIMEOUT;
    let mut seen = Vec::new();
    let mut buf = [0u8; 16 << 10];
    while Instant::now() < deadline && !String::from_utf8_lossy(&seen).contains(want) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// A participant's input on the case slide, as the page sends it: the answer's status.
fn send(addr: &str, who: &str, code: &str, input: &str) -> u16 {
    let body = format!(r#"{{"participant":"{who}","code":"{code}","input":{input}}}"#);
    status(&post(addr, "/room", &body))
}

fn vote(addr: &str, who: &str, code: &str, vote: &str) -> u16 {
    let input = format!(r#"{{"kind":"vote","slide_id":"case","vote":"{vote}"}}"#);
    send(addr, who, code, &input)
}

fn tick(addr: &str, who: &str, code: &str) -> u16 {
    let input = r#"{"kind":"tick","slide_id":"case","row":{"Item":[0,0]}}"#;
    send(addr, who, code, input)
}

/// The remote's action `what` with `token`: the answer's status.
fn act(addr: &str, token: &str, what: &str) -> u16 {
    let body = format!(r#"{{"do":"{what}"}}"#);
    status(&post(addr, &format!("/remote/{token}/action"), &body))
}

const PHONE_A: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const PHONE_B: &str = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";

#[test]
fn the_room_votes_from_phones_and_the_facilitator_chooses_what_the_projector_shows() {
    let home = Scratch::new("participation-e2e");
    let deck = home.write("deck.toml", DECK).display().to_string();
    let journal = home.path().join("session.jsonl");
    let addr = free_addr();
    let journal_arg = journal.display().to_string();
    let mut app = Pty::builder()
        .size(120, 35)
        .args([&deck, "--share", &addr, "--journal", &journal_arg])
        .home(home.path())
        .spawn();
    app.wait_position(1);
    app.go_to(4);
    app.wait_position(4);
    // Closed: phones are refused, and nothing is counted.
    assert_eq!(vote(&addr, PHONE_A, "ACDE", "trafficking"), 409);
    let code = app.open_room();
    assert_eq!(
        vote(&addr, PHONE_A, "ZZZZ", "trafficking"),
        403,
        "wrong code"
    );
    assert_eq!(vote(&addr, PHONE_A, &code, "trafficking"), 200);
    assert_eq!(vote(&addr, PHONE_B, &code, "not_trafficking"), 200);
    assert_eq!(tick(&addr, PHONE_A, &code), 200);
    assert_eq!(tick(&addr, PHONE_B, &code), 200);
    // Nothing of it on the projector until the facilitator chooses.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !shows(&app.with_screen(|s| s.clone()), "The room says"),
        "{}",
        app.describe()
    );
    let public = stream(&addr, "/events", "event: state");
    assert!(!public.contains("not_trafficking\":1"), "{public}");
    assert!(
        !public.contains(&code),
        "the join code never goes to phones: {public}"
    );
    app.send(b"v");
    app.wait_text("The room says");
    app.wait_text("2 took part");
    // Off again with the same key.
    app.send(b"v");
    app.wait_for(|s| !shows(s, "The room says"), TIMEOUT);
    // Leaving the case journals its totals at once; quitting ends the journal.
    app.go_to(3);
    app.wait_position(3);
    app.send(b"q");
    app.wait_text("Press q again to quit");
    app.send(b"q");
    assert_eq!(app.wait_exit(TIMEOUT), 0);
    app.assert_restored();

    let text = std::fs::read_to_string(&journal).unwrap_or_default();
    assert!(text.contains("\"totals\""), "{text}");
    for secret in [PHONE_A, PHONE_B, "\"participant\""] {
        assert!(
            !text.contains(secret),
            "no participant in the journal: {text}"
        );
    }
    // The report shows the room's numbers, from the journal alone.
    let out = common::command(&home)
        .args(["report", &journal_arg])
        .output()
        .unwrap_or_else(|e| panic!("report: {e}"));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("The room, from phones"), "{report}");
    assert!(
        report.contains("Votes: trafficking 1 · not trafficking 1 · not enough information 0"),
        "{report}"
    );
    assert!(report.contains("ACT: Recruitment (2)"), "{report}");
}

#[test]
fn the_facilitators_phone_drives_the_presentation_with_its_token_only() {
    let home = Scratch::new("remote-e2e");
    let deck = home.write("deck.toml", DECK).display().to_string();
    let addr = free_addr();
    let mut app = Pty::builder()
        .size(100, 60)
        .args([&deck, "--remote", "--share", &addr, "--no-record"])
        .home(home.path())
        .spawn();
    // On the normal screen, before presenting: the private address, its QR code, and Enter.
    app.wait_text("Press Enter to start presenting");
    let screen = app.screen_text();
    assert!(
        !app.with_screen(|s| s.alternate_screen()),
        "not yet full screen"
    );
    let token: String = screen
        .split("/remote/")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_hexdigit).collect())
        .unwrap_or_default();
    assert_eq!(token.len(), 32, "a 128-bit token in the address:\n{screen}");
    assert!(
        screen.contains('▀') || screen.contains('▄'),
        "its QR code:\n{screen}"
    );
    app.send(keys::ENTER);
    app.wait_position(1);

    // Without the token: 403, nothing changes.
    let wrong = "0".repeat(32);
    assert_eq!(act(&addr, &wrong, "next"), 403);
    assert_eq!(
        status(&http(
            &addr,
            &format!("GET /remote/{wrong} HTTP/1.1\r\nHost: x\r\n\r\n")
        )),
        403
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(app.with_screen(common::position).map(|p| p.0), Some(1));

    // The remote's stream has the notes; the audience's never.
    let remote = stream(&addr, &format!("/remote/{token}/events"), NOTE);
    assert!(remote.contains(NOTE), "{remote}");
    let public = stream(&addr, "/events", "event: state");
    assert!(!public.contains(NOTE), "{public}");

    // With it: Next as a key would; the laptop's keys keep working.
    assert_eq!(act(&addr, &token, "next"), 200);
    app.wait_position(2);
    app.send(b"G");
    app.wait_position(4);
    assert_eq!(act(&addr, &token, "prev"), 200);
    app.wait_position(3);
    app.send(keys::CTRL_C);
    assert_eq!(app.wait_exit(TIMEOUT), 0);
}
