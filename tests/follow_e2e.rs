//! Follow mode end to end: the real binary as presenter (`present --presenter --share`) and
//! as follower (`follow`, `follow --plain`), each in its own pseudo-terminal (the harness in
//! `tests/common/mod.rs`), plus raw socket clients.
//!
//! Every wait has a timeout; reconnecting waits allow for the follower's backoff (at most
//! 5 s between attempts).

// Unix only: these tests drive the binary in a Unix pseudo-terminal (the harness uses `sh`,
// `stty` and signals). `.ci/cross` runs the tests that need no terminal under Wine.
#![cfg(unix)]

mod common;

use common::{Pty, Scratch, TIMEOUT, keys, position, shows};
use convene::share::wire::{self, Incoming, LineRead};
use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// Long enough for a follower's backoff and a loaded CI machine.
const RECONNECT: Duration = Duration::from_secs(30);

const NOTE: &str = "MARKER-e2e-NOTE-5b1d";

const DECK: &str = r#"
format = 1
[deck]
title = "Follow e2e"
minutes = 20

[checklist]
title = "Elements"
[[checklist.groups]]
id = "act"
label = "ACT"
items = [{ id = "recruitment", label = "Recruitment" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "exploitation", label = "Exploitation" }]
[[checklist.frameworks]]
id = "protocol"
label = "Protocol"
rules = [{ all = ["act", "purpose"], say = "indicated" }, { say = "not yet" }]

[[slides]]
id = "one"
title = "First slide"
notes = "MARKER-e2e-NOTE-5b1d say welcome"
minutes = 5

[[slides]]
id = "two"
title = "Second slide"
bullets = ["Alpha point", "Beta point"]
notes = "MARKER-e2e-NOTE-5b1d second"
minutes = 5

[[slides]]
id = "case"
kind = "case"
title = "A case"
body = "A story."
answer = ["act.recruitment"]
notes = "MARKER-e2e-NOTE-5b1d the key"
minutes = 5

[[slides]]
id = "end"
title = "Last slide"
minutes = 5
"#;

/// A port nobody listens on now (bound and released: a small race, fine on a test machine).
fn free_addr() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = l.local_addr().unwrap_or_else(|e| panic!("addr: {e}"));
    addr.to_string()
}

fn deck_file(dir: &Scratch) -> String {
    dir.write("follow.toml", DECK).display().to_string()
}

fn presenter(deck: &str, addr: &str) -> Pty {
    Pty::builder()
        .size(100, 30)
        .args([
            "present",
            deck,
            "--presenter",
            "--share",
            addr,
            "--no-record",
        ])
        .spawn()
}

fn follower(addr: &str) -> Pty {
    Pty::builder().size(80, 24).args(["follow", addr]).spawn()
}

#[track_caller]
fn wait_position(app: &Pty, n: usize, timeout: Duration) {
    app.wait_for(
        move |s| position(s).is_some_and(|(a, b)| a == n && b == 4),
        timeout,
    );
}

#[track_caller]
fn wait_text(app: &Pty, text: &str, timeout: Duration) {
    let text = text.to_owned();
    app.wait_for(move |s| shows(s, &text), timeout);
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_follower_mirrors_the_presenter_and_never_shows_notes() {
    let dir = Scratch::new("follow-e2e");
    let deck = deck_file(&dir);
    let addr = free_addr();
    let mut pres = presenter(&deck, &addr);
    wait_text(&pres, "Speaker notes", TIMEOUT);
    // The notes are on the presenter's screen…
    wait_text(&pres, NOTE, TIMEOUT);
    wait_text(&pres, &format!("convene follow {addr}"), TIMEOUT);

    let mut fol = follower(&addr);
    wait_text(&fol, "LIVE", RECONNECT);
    wait_position(&fol, 1, TIMEOUT);
    wait_text(&fol, "First slide", TIMEOUT);
    wait_text(&pres, "1 follower", TIMEOUT);

    // The presenter advances; the follower shows the same slide.
    pres.send(keys::RIGHT);
    wait_position(&pres, 2, TIMEOUT);
    wait_position(&fol, 2, TIMEOUT);
    wait_text(&fol, "Alpha point", TIMEOUT);

    // The follower looks back on its own, then returns to live.
    fol.send(keys::LEFT);
    wait_position(&fol, 1, TIMEOUT);
    wait_text(&fol, "1 slide behind", TIMEOUT);
    pres.send(keys::RIGHT);
    wait_position(&pres, 3, TIMEOUT);
    wait_text(&fol, "2 slides behind", TIMEOUT);
    fol.send(b"l");
    wait_position(&fol, 3, TIMEOUT);
    wait_text(&fol, "LIVE", TIMEOUT);

    // The presenter blanks the screen: the follower goes black.
    pres.send(b"b");
    fol.wait_for(|s| s.contents().trim().is_empty(), TIMEOUT);
    pres.send(b" ");
    wait_text(&fol, "A case", TIMEOUT);

    // The presenter quits: the follower waits; the presenter starts again: it reconnects.
    pres.send_quit();
    assert_eq!(pres.wait_exit(TIMEOUT), 0);
    pres.assert_restored();
    fol.wait_for(
        |s| shows(s, "stopped sharing") || shows(s, "waiting for the presenter"),
        TIMEOUT,
    );
    let mut pres = presenter(&deck, &addr);
    wait_text(&pres, "Speaker notes", TIMEOUT);
    wait_text(&fol, "LIVE", RECONNECT);
    wait_position(&fol, 1, TIMEOUT);
    pres.send(keys::RIGHT);
    wait_position(&fol, 2, TIMEOUT);

    fol.send_quit();
    assert_eq!(fol.wait_exit(TIMEOUT), 0);
    fol.assert_restored();
    assert!(
        !contains(&fol.transcript(), "MARKER"),
        "a speaker note reached the follower's terminal"
    );
    pres.send_quit();
    assert_eq!(pres.wait_exit(TIMEOUT), 0);
}

#[test]
fn a_follower_started_first_waits_for_the_presenter() {
    let dir = Scratch::new("follow-e2e-wait");
    let deck = deck_file(&dir);
    let addr = free_addr();
    let mut fol = follower(&addr);
    wait_text(
        &fol,
        &format!("waiting for the presenter at {addr}"),
        TIMEOUT,
    );
    let mut pres = presenter(&deck, &addr);
    wait_text(&fol, "LIVE", RECONNECT);
    wait_position(&fol, 1, TIMEOUT);
    // Ctrl-C quits the follower and restores the terminal.
    fol.send(keys::CTRL_C);
    assert_eq!(fol.wait_exit(TIMEOUT), 0);
    fol.assert_restored();
    pres.send_quit();
    assert_eq!(pres.wait_exit(TIMEOUT), 0);
}

#[test]
fn the_plain_follower_prints_slides_as_text() {
    let dir = Scratch::new("follow-e2e-plain");
    let deck = deck_file(&dir);
    let addr = free_addr();
    let mut pres = presenter(&deck, &addr);
    wait_text(&pres, "Speaker notes", TIMEOUT);

    let home = Scratch::new("plain-home");
    let mut child = common::command(&home)
        .args(["follow", &addr, "--plain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let out = Arc::new(Mutex::new(Vec::<u8>::new()));
    let reader = {
        let out = Arc::clone(&out);
        let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                out.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend_from_slice(&chunk[..n]);
            }
        })
    };
    let has = |text: &str| {
        let b = out.lock().unwrap_or_else(PoisonError::into_inner);
        contains(&b, text)
    };
    let wait = |text: &str| {
        let until = Instant::now() + RECONNECT;
        while !has(text) {
            assert!(Instant::now() < until, "plain output never showed {text:?}");
            thread::sleep(Duration::from_millis(20));
        }
    };
    wait(&format!("Connected to {addr}."));
    wait("--- Slide 1 of 4 ---\nFirst slide\n");
    pres.send(keys::RIGHT);
    wait("--- Slide 2 of 4 ---\nSecond slide\n- Alpha point\n- Beta point\n");

    // SIGINT ends it with the conventional code.
    let status = std::process::Command::new("kill")
        .args(["-s", "INT", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(status.success());
    let until = Instant::now() + TIMEOUT;
    let code = loop {
        if let Ok(Some(s)) = child.try_wait() {
            break s.code();
        }
        assert!(Instant::now() < until, "the plain follower did not exit");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(130));
    let _ = reader.join();
    let bytes = out.lock().unwrap_or_else(PoisonError::into_inner).clone();
    assert!(!contains(&bytes, "MARKER"), "a speaker note was printed");
    assert!(
        !bytes.contains(&0x1b),
        "escape sequences in plain output: {:?}",
        String::from_utf8_lossy(&bytes)
    );
    pres.send_quit();
    assert_eq!(pres.wait_exit(TIMEOUT), 0);
}

#[test]
fn two_hundred_raw_followers_and_garbage_while_the_presenter_works() {
    let dir = Scratch::new("follow-e2e-load");
    let deck = deck_file(&dir);
    let addr = free_addr();
    let mut pres = presenter(&deck, &addr);
    wait_text(&pres, "Speaker notes", TIMEOUT);

    let newest: Vec<Arc<AtomicUsize>> = (0..200)
        .map(|_| {
            let slot = Arc::new(AtomicUsize::new(usize::MAX));
            let s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect: {e}"));
            (&s).write_all(&wire::hello_line())
                .unwrap_or_else(|e| panic!("hello: {e}"));
            let mine = Arc::clone(&slot);
            thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
                    let mut r = BufReader::new(&s);
                    let mut line = Vec::new();
                    while let Ok(LineRead::Line) =
                        wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line)
                    {
                        if let Ok(Incoming::State(st)) = wire::decode(&line) {
                            mine.store(st.slide, Ordering::SeqCst);
                        }
                    }
                })
                .unwrap_or_else(|e| panic!("spawn: {e}"));
            slot
        })
        .collect();
    let mut garbage = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let _ = garbage.write_all(&[0xff; 900]);
    let _ = garbage.write_all(b"\n{\"hello\":\"convene\"\n");
    wait_text(&pres, "200 followers", TIMEOUT);

    // The presenter keeps working: each key shows at once.
    for n in [2, 3, 4, 3, 2, 3, 4] {
        let key = if n > position_of(&pres) {
            keys::RIGHT
        } else {
            keys::LEFT
        };
        pres.send(key);
        wait_position(&pres, n, TIMEOUT);
    }
    let until = Instant::now() + TIMEOUT;
    while !newest.iter().all(|s| s.load(Ordering::SeqCst) == 3) {
        assert!(
            Instant::now() < until,
            "not every follower reached the last slide"
        );
        thread::sleep(Duration::from_millis(20));
    }
    // The garbage client was closed.
    let _ = garbage.set_read_timeout(Some(TIMEOUT));
    let mut rest = Vec::new();
    let _ = garbage.read_to_end(&mut rest);
    assert!(rest.is_empty());

    pres.send_quit();
    assert_eq!(pres.wait_exit(TIMEOUT), 0);
}

fn position_of(app: &Pty) -> usize {
    app.with_screen(position).map_or(0, |p| p.0)
}

/// Read the web view's event stream (GET /events) until `want` appears in it, or time out;
/// the stream sends the newest state again every few seconds, so a later change arrives.
fn events_until(addr: &str, want: &str, timeout: Duration) -> Result<String, String> {
    let deadline = Instant::now() + timeout;
    let mut seen = String::new();
    while Instant::now() < deadline {
        let Ok(mut s) = TcpStream::connect(addr) else {
            thread::sleep(Duration::from_millis(100));
            continue;
        };
        let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
        let _ = s.write_all(b"GET /events HTTP/1.1\r\nHost: test\r\n\r\n");
        let mut buf = [0u8; 16 << 10];
        while Instant::now() < deadline {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                    if seen.contains(want) {
                        return Ok(seen);
                    }
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break,
            }
        }
    }
    Err(seen)
}

/// The deck's own `[deck] translation` reaches the phones: read after the first frame (start-up
/// does not wait for a second deck), then offered beside the deck's language; a translation
/// that cannot be read is named on screen and the session goes on.
#[test]
fn the_decks_own_translation_reaches_the_phones_after_the_first_frame() {
    let dir = Scratch::new("translation-e2e");
    let fr = DECK.replace(
        "title = \"Follow e2e\"\n",
        "title = \"Suivi e2e\"\nlanguage = \"fr\"\n",
    );
    dir.write("follow.fr.toml", fr);
    let en = DECK.replace(
        "title = \"Follow e2e\"\n",
        "title = \"Follow e2e\"\ntranslation = \"follow.fr.toml\"\n",
    );
    let deck = dir.write("follow.toml", en).display().to_string();
    let addr = free_addr();
    let app = presenter(&deck, &addr);
    wait_text(&app, "First slide", TIMEOUT);
    let stream = events_until(&addr, "Suivi e2e", RECONNECT)
        .unwrap_or_else(|seen| panic!("no French view reached the phones:\n{seen}"));
    assert!(stream.contains("\"language\":\"fr\""), "{stream}");
    assert!(stream.contains("Follow e2e"), "the deck's own language too");
    drop(app);

    // A translation that is not there: said on screen, presenting goes on.
    let broken = DECK.replace(
        "title = \"Follow e2e\"\n",
        "title = \"Follow e2e\"\ntranslation = \"missing.fr.toml\"\n",
    );
    let deck = dir.write("broken.toml", broken).display().to_string();
    let addr = free_addr();
    let mut app = presenter(&deck, &addr);
    wait_text(&app, "the translation /", TIMEOUT);
    app.send(keys::RIGHT);
    wait_text(&app, "Second slide", TIMEOUT);
}

/// Issue 17 with `--presenter`: the projector is a follower window on the same laptop. It shows
/// the open room's join code (only followers on this machine get it: phones never do), the
/// room's totals once the facilitator shows them, and nothing of the room before.
#[test]
fn the_projector_window_shows_the_join_code_and_only_the_totals_the_facilitator_chose() {
    let dir = Scratch::new("follow-room");
    let deck = deck_file(&dir);
    let addr = free_addr();
    let mut app = presenter(&deck, &addr);
    wait_text(&app, "First slide", TIMEOUT);
    let projector = Pty::builder().size(100, 30).args(["follow", &addr]).spawn();
    wait_text(&projector, "First slide", RECONNECT);
    app.send(b"3\r");
    wait_text(&projector, "A case", TIMEOUT);
    let code = app.open_room();
    wait_text(&projector, "Join code", TIMEOUT);
    assert!(
        projector
            .screen_text()
            .contains(&format!("Join code {code}")),
        "{}",
        projector.describe()
    );
    for who in ["a1a1a1a1", "b2b2b2b2"] {
        let body = format!(
            r#"{{"participant":"{who}","code":"{code}","input":{{"kind":"vote","slide_id":"case","vote":"trafficking"}}}}"#
        );
        let mut s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = s.set_read_timeout(Some(TIMEOUT));
        let req = format!(
            "POST /room HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let _ = s.write_all(req.as_bytes());
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    }
    thread::sleep(Duration::from_millis(300));
    assert!(
        !projector.screen_text().contains("The room says"),
        "not before the facilitator chooses: {}",
        projector.describe()
    );
    app.send(b"v");
    wait_text(&projector, "The room says", TIMEOUT);
    wait_text(&projector, "2 took part", TIMEOUT);
    // The web view (phones) never has the code.
    let stream = events_until(&addr, "\"open\":true", TIMEOUT).unwrap_or_else(|s| s);
    assert!(stream.contains("\"open\":true"), "{stream}");
    assert!(!stream.contains(&code), "{stream}");
}
