//! The web view's speed (issue 16): the real `convene` (bench profile) in a pseudo-terminal,
//! sharing on loopback, with 300 simulated phones on `/events`.
//!
//! ```text
//! cargo bench --bench web            # everything
//! cargo bench --bench web -- room    # the room voting only (3 below)
//! ```
//!
//! Each simulated phone is a thread in this process with its own connection: it sends the
//! request a browser's `EventSource` sends, reads the Server-Sent Events and parses every
//! `state` event's JSON, as the page's script does. They share this machine's CPUs with the
//! presenter (a harder case than phones, which bring their own). The presenter is driven with
//! Right/Left as in `benches/pty.rs`, keys 40 ms apart, and each round measures:
//!
//! 1. keypress → frame: until the status line shows the new slide (raw pty bytes), in three
//!    kinds of session: not sharing, sharing with no phone, sharing with 300 phones;
//! 2. keypress → all 300 phones have parsed the event with the new slide.
//!
//! 3. issue 17, the room voting: on the bundled deck's first case slide with participation open
//!    (`p`), keypress (`v`: the room's totals on the audience screen, and off) → frame, with 300
//!    participants voting over `POST /room` in the same instant as each key, against the same
//!    session with nobody voting. Every participant's vote is counted once (the audience box
//!    says "300 took part" at the end, and every POST was answered 200).
//!
//! Targets: (2) at most 200 ms at the 95th percentile; (1) with 300 phones at most 1.2× the
//! median of the session that does not share; (3) voting at most 1.2× not voting. Sessions run with `--no-record` (the journal's
//! disk syncs, the same in all three, would only add noise) and alternate, so all meet the
//! same load.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Pty, keys, position, shows};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const PHONES: usize = 300;
const ROUNDS: usize = 100;
/// Sessions of each kind, alternated.
const SESSIONS: usize = 2;
const PACE: Duration = Duration::from_millis(40);
const TIMEOUT: Duration = Duration::from_secs(30);
const NONE: usize = usize::MAX;

/// What the phones have seen: per phone the newest slide parsed and when (ns since `base`).
struct Phones {
    slides: Vec<Arc<(AtomicUsize, AtomicU64)>>,
    changed: Arc<(Mutex<()>, Condvar)>,
    base: Instant,
}

impl Phones {
    fn connect(addr: SocketAddr, n: usize) -> Phones {
        let base = Instant::now();
        let changed = Arc::new((Mutex::new(()), Condvar::new()));
        let slides = (0..n)
            .map(|_| {
                let seen = Arc::new((AtomicUsize::new(NONE), AtomicU64::new(0)));
                let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
                let request = format!(
                    "GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\
                     Cache-Control: no-cache\r\nUser-Agent: convene-bench\r\n\r\n"
                );
                (&s).write_all(request.as_bytes())
                    .unwrap_or_else(|e| panic!("request: {e}"));
                let mine = Arc::clone(&seen);
                let changed = Arc::clone(&changed);
                thread::Builder::new()
                    .stack_size(128 * 1024)
                    .spawn(move || read_events(&s, &mine, &changed, base))
                    .unwrap_or_else(|e| panic!("spawn: {e}"));
                seen
            })
            .collect();
        Phones {
            slides,
            changed,
            base,
        }
    }

    /// Wait until every phone has parsed `slide`; returns when the last one did.
    fn wait_all(&self, slide: usize) -> Instant {
        let deadline = Instant::now() + TIMEOUT;
        let mut g = self.changed.0.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self
                .slides
                .iter()
                .all(|s| s.0.load(Ordering::SeqCst) == slide)
            {
                let last = self
                    .slides
                    .iter()
                    .map(|s| s.1.load(Ordering::SeqCst))
                    .max()
                    .unwrap_or(0);
                return self.base + Duration::from_nanos(last);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the phones did not all reach slide {slide}"
            );
            g = self
                .changed
                .1
                .wait_timeout(g, left.min(Duration::from_millis(5)))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// One phone: read the stream, parse each `state` event's JSON, note its slide and when.
fn read_events(
    s: &TcpStream,
    seen: &(AtomicUsize, AtomicU64),
    changed: &(Mutex<()>, Condvar),
    base: Instant,
) {
    let mut r = BufReader::new(s);
    let mut line = String::new();
    let mut state = false;
    loop {
        line.clear();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let l = line.trim_end();
        if let Some(event) = l.strip_prefix("event: ") {
            state = event == "state";
        } else if let Some(data) = l.strip_prefix("data: ")
            && state
        {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else {
                continue;
            };
            let Some(slide) = v["slide"].as_u64() else {
                continue;
            };
            let at = base.elapsed().as_nanos() as u64;
            let slide = usize::try_from(slide).unwrap_or(NONE);
            if seen.0.load(Ordering::SeqCst) != slide {
                seen.1.store(at, Ordering::SeqCst);
                seen.0.store(slide, Ordering::SeqCst);
                let _g = changed.0.lock();
                changed.1.notify_all();
            }
        }
    }
}

/// A port free right now on loopback.
fn free_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    l.local_addr().unwrap_or_else(|e| panic!("addr: {e}"))
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    NotSharing,
    SharingAlone,
    Phones,
}

#[derive(Default)]
struct Runs {
    frames: Vec<Duration>,
    phones: Vec<Duration>,
}

fn session(kind: Kind, out: &mut Runs) {
    let addr = free_port();
    let addr_arg = addr.to_string();
    let mut args = vec!["present", "--no-record"];
    if kind != Kind::NotSharing {
        args.extend(["--share", &addr_arg]);
    }
    let mut app = Pty::spawn(120, 35, &args);
    app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 1), TIMEOUT);
    let total = app.with_screen(position).map_or(0, |p| p.1);
    let phones = (kind == Kind::Phones).then(|| {
        let p = Phones::connect(addr, PHONES);
        p.wait_all(0);
        p
    });
    thread::sleep(PACE);
    for i in 0..ROUNDS {
        let (key, want) = if i % 2 == 0 {
            (keys::RIGHT, 2)
        } else {
            (keys::LEFT, 1)
        };
        let sent = Instant::now();
        out.frames.push(app.send_and_time(
            key,
            move |s| position(s) == Some((want, total)),
            TIMEOUT,
        ));
        if let Some(p) = &phones {
            let last = p.wait_all(want - 1);
            out.phones.push(last.saturating_duration_since(sent));
        }
        thread::sleep(PACE);
    }
    app.type_text("q");
    let code = app.wait_exit(TIMEOUT);
    assert_eq!(code, 0, "convene exited with {code}");
}

/// 300 participants, each a thread: at every release of the barrier each sends its vote (a
/// new connection, as a page's `fetch` does) and notes the answer's status.
struct Voters {
    go: Arc<std::sync::Barrier>,
    ok: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
    /// Asks answered "busy" (or not connected) and sent again, as the page does.
    retried: Arc<AtomicUsize>,
}

fn status_of(addr: SocketAddr, body: &str) -> u16 {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return 0;
    };
    let _ = s.set_read_timeout(Some(TIMEOUT));
    let req = format!(
        "POST /room HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(req.as_bytes()).is_err() {
        return 0;
    }
    let mut line = String::new();
    let _ = BufReader::new(&s).read_line(&mut line);
    line.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

impl Voters {
    fn start(addr: SocketAddr, code: &str, slide_id: &str, n: usize) -> Voters {
        let go = Arc::new(std::sync::Barrier::new(n + 1));
        let ok = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        let retried = Arc::new(AtomicUsize::new(0));
        for p in 0..n {
            let (go, ok, refused) = (Arc::clone(&go), Arc::clone(&ok), Arc::clone(&refused));
            let retried = Arc::clone(&retried);
            let who = format!("{p:032x}");
            let (code, slide_id) = (code.to_owned(), slide_id.to_owned());
            thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    for round in 0.. {
                        go.wait();
                        let vote = ["trafficking", "not_trafficking", "not_enough_information"]
                            [(p + round) % 3];
                        let body = format!(
                            r#"{{"participant":"{who}","code":"{code}","input":{{"kind":"vote","slide_id":"{slide_id}","vote":"{vote}"}}}}"#
                        );
                        // As the page does: "busy" (503) or no connection is tried again
                        // after a short wait, spread out; anything else is an answer.
                        let mut status = 0;
                        for attempt in 0..50u64 {
                            status = status_of(addr, &body);
                            if status != 503 && status != 0 {
                                break;
                            }
                            retried.fetch_add(1, Ordering::SeqCst);
                            let spread = (p as u64 * 7 + attempt * 13) % 50;
                            thread::sleep(Duration::from_millis(20 + spread));
                        }
                        if status == 200 {
                            ok.fetch_add(1, Ordering::SeqCst);
                        } else {
                            refused.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                })
                .unwrap_or_else(|e| panic!("spawn: {e}"));
        }
        Voters {
            go,
            ok,
            refused,
            retried,
        }
    }
}

/// A session on the first case slide with the room open; `voting`: 300 participants vote at
/// each key. Returns keypress → frame for `v` (the room's totals on and off).
fn room_session(voting: bool, out: &mut Vec<Duration>) {
    let deck = convene::deck::bundled::deck(convene::words::Lang::En)
        .unwrap_or_else(|e| panic!("{}", e.render("bundled", false)));
    let case = deck
        .slides
        .iter()
        .position(|s| s.checklist && s.kind == convene::deck::SlideKind::Case)
        .unwrap_or_else(|| panic!("the bundled deck has a case"));
    let addr = free_port();
    let addr_arg = addr.to_string();
    let mut app = Pty::spawn(
        120,
        35,
        &[
            "present",
            "--no-record",
            "--lang",
            "en",
            "--share",
            &addr_arg,
        ],
    );
    app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 1), TIMEOUT);
    app.go_to(case + 1);
    app.wait_for(
        move |s| position(s).is_some_and(|(n, _)| n == case + 1),
        TIMEOUT,
    );
    let code = app.open_room();
    let voters = voting.then(|| Voters::start(addr, &code, &deck.slides[case].id, PHONES));
    thread::sleep(PACE);
    for i in 0..ROUNDS {
        let on = i % 2 == 0;
        if let Some(v) = &voters {
            v.go.wait();
        }
        out.push(app.send_and_time(b"v", move |s| shows(s, "The room says") == on, TIMEOUT));
        thread::sleep(PACE);
    }
    if let Some(v) = &voters {
        // Every vote answered, and each participant counted once.
        let deadline = Instant::now() + TIMEOUT;
        while v.ok.load(Ordering::SeqCst) + v.refused.load(Ordering::SeqCst) < PHONES * ROUNDS
            && Instant::now() < deadline
        {
            thread::sleep(Duration::from_millis(10));
        }
        let (ok, refused) = (
            v.ok.load(Ordering::SeqCst),
            v.refused.load(Ordering::SeqCst),
        );
        assert_eq!(
            (ok, refused),
            (PHONES * ROUNDS, 0),
            "every vote is answered 200"
        );
        println!(
            "  {PHONES} × {ROUNDS} votes: all answered 200, {} tried again after \"busy\"",
            v.retried.load(Ordering::SeqCst)
        );
        app.type_text("v");
        app.wait_for(|s| shows(s, &format!("{PHONES} took part")), TIMEOUT);
    }
    app.type_text("q");
    let _ = app.try_wait_for(|s| shows(s, "Press q again"), Duration::from_secs(2));
    app.type_text("q");
    let code = app.wait_exit(TIMEOUT);
    assert_eq!(code, 0, "convene exited with {code}");
}

fn percentile(v: &[Duration], p: f64) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s.get(((s.len().max(1) - 1) as f64 * p).round() as usize)
        .copied()
        .unwrap_or_default()
}

fn row(name: &str, v: &[Duration], target: &str) {
    println!(
        "{name:<52} {:>4} {:>10.2?} {:>10.2?} {:>10.2?}  {target}",
        v.len(),
        percentile(v, 0.5),
        percentile(v, 0.95),
        percentile(v, 1.0)
    );
}

fn main() {
    // `cargo test --benches` runs bench binaries without `--bench`: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("web benchmark: run with `cargo bench --bench web`");
        return;
    }
    println!(
        "convene web benchmark — {PHONES} simulated phones on /events, {} CPU(s), load average {}\n",
        thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );
    // `cargo bench --bench web -- room`: the room's part only.
    if !std::env::args().any(|a| a == "room") {
        phones_part();
    }
    room_part();
    println!("load average at the end: {}", load_average());
}

fn phones_part() {
    let (mut alone, mut quiet, mut busy) = (Runs::default(), Runs::default(), Runs::default());
    for _ in 0..SESSIONS {
        session(Kind::NotSharing, &mut alone);
        session(Kind::SharingAlone, &mut quiet);
        session(Kind::Phones, &mut busy);
    }
    println!(
        "{:<52} {:>4} {:>10} {:>10} {:>10}  target",
        "measure", "n", "median", "p95", "max"
    );
    row("keypress → frame, not sharing", &alone.frames, "");
    row("keypress → frame, sharing, no phone", &quiet.frames, "");
    row(
        &format!("keypress → frame, sharing, {PHONES} phones"),
        &busy.frames,
        "",
    );
    let p95 = percentile(&busy.phones, 0.95);
    row(
        &format!("keypress → all {PHONES} phones parsed the slide"),
        &busy.phones,
        &format!(
            "p95 ≤ 200 ms: {}",
            if p95 <= Duration::from_millis(200) {
                "ok"
            } else {
                "MISSED"
            }
        ),
    );
    let ratio = |a: &Runs, b: &Runs| {
        percentile(&a.frames, 0.5).as_secs_f64() / percentile(&b.frames, 0.5).as_secs_f64()
    };
    let r = ratio(&busy, &alone);
    println!(
        "\nkeypress → frame with {PHONES} phones ÷ not sharing (medians): {r:.2}× (target ≤ 1.2×: {})",
        if r <= 1.2 { "ok" } else { "MISSED" }
    );
    println!(
        "keypress → frame with {PHONES} phones ÷ sharing with no phone (medians): {:.2}×",
        ratio(&busy, &quiet)
    );
}

fn room_part() {
    let (mut idle, mut voting) = (Vec::new(), Vec::new());
    for _ in 0..SESSIONS {
        room_session(false, &mut idle);
        room_session(true, &mut voting);
    }
    println!();
    row("keypress (v) → frame, room open, nobody voting", &idle, "");
    row(
        &format!("keypress (v) → frame, {PHONES} participants voting at each key"),
        &voting,
        "",
    );
    let r = percentile(&voting, 0.5).as_secs_f64() / percentile(&idle, 0.5).as_secs_f64();
    println!(
        "keypress → frame with {PHONES} voting ÷ nobody voting (medians): {r:.2}× (target ≤ 1.2×: {}); every vote counted once: ok",
        if r <= 1.2 { "ok" } else { "MISSED" }
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}
