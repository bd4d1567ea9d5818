//! Follow mode on real sockets: what a follower receives (never a speaker note, a captured
//! note or an unrevealed answer key), many followers at once with misbehaving ones among them,
//! the connection cap, and a follower reconnecting to a restarted presenter.
//!
//! Timing is measured in `benches/follow.rs`; here every wait has a generous timeout and no
//! assertion depends on how fast the machine is.

use convene::deck::{Deck, load_str};
use convene::present::app::{Action, App, OverlayKind, update};
use convene::share::follow::{Link, Net, network};
use convene::share::server::{Options, Share};
use convene::share::wire::{self, Incoming, LineRead, ViewState};
use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

const NOTE_A: &str = "MARKER-NOTE-a41f";
const NOTE_B: &str = "MARKER-NOTE-b77c";
const CAPTURED: &str = "MARKER-CAPTURED-c903";
const TYPING: &str = "MARKER-TYPING-d15e";
const SEARCH: &str = "marker-search-e2aa";

/// Two case slides with different answer keys: `act.harbouring` + flag on case A, and
/// `means.deception` + `purpose.labour` on case B, which is never revealed.
const DECK: &str = r#"
format = 1
[deck]
title = "Privacy deck"
minutes = 30

[checklist]
title = "Elements"
[[checklist.groups]]
id = "act"
label = "ACT"
items = [{ id = "recruitment", label = "Recruitment" }, { id = "harbouring", label = "Harbouring" }]
[[checklist.groups]]
id = "means"
label = "MEANS"
items = [{ id = "threat", label = "Threat" }, { id = "deception", label = "Deception" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "sexual", label = "Sexual exploitation" }, { id = "labour", label = "Forced labour" }]
[[checklist.flags]]
id = "minor"
label = "Under 18"
[[checklist.frameworks]]
id = "protocol"
label = "Protocol"
rules = [{ all = ["act", "means", "purpose"], say = "indicated" }, { say = "not yet" }]

[[slides]]
id = "intro"
title = "Intro"
notes = "MARKER-NOTE-a41f: say hello"
minutes = 5
[[slides.prompts]]
text = "What do you think?"
minutes = 3

[[slides]]
id = "case-a"
kind = "case"
title = "Case A"
body = "Story A."
answer = ["act.harbouring", "purpose.sexual"]
answer_flags = ["minor"]
notes = "MARKER-NOTE-b77c: the key is harbouring"
minutes = 10

[[slides]]
id = "case-b"
kind = "case"
title = "Case B"
body = "Story B."
answer = ["means.deception", "purpose.labour"]
minutes = 10

[[slides]]
id = "end"
title = "The end"
minutes = 5
"#;

fn deck() -> Deck {
    match load_str(DECK) {
        Ok(l) => l.deck,
        Err(e) => panic!("{}", e.render("privacy deck", false)),
    }
}

fn local() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

fn start(deck: &Deck, opts: Options) -> Share {
    Share::start_with(local(), deck, opts).unwrap_or_else(|e| panic!("start share: {e}"))
}

/// A raw follower: connect and send the hello.
fn follower(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    (&s).write_all(&wire::hello_line())
        .unwrap_or_else(|e| panic!("hello: {e}"));
    s
}

/// Everything a raw follower receives, until the server closes the connection; readable
/// while it is still arriving.
struct Collector {
    bytes: Arc<Mutex<Vec<u8>>>,
    handle: thread::JoinHandle<()>,
}

fn collect(s: TcpStream) -> Collector {
    let bytes = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&bytes);
    let handle = thread::spawn(move || {
        let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
        let mut chunk = [0u8; 16 * 1024];
        while let Ok(n @ 1..) = (&s).read(&mut chunk) {
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend_from_slice(&chunk[..n]);
        }
    });
    Collector { bytes, handle }
}

impl Collector {
    fn has(&self, needle: &[u8]) -> bool {
        let b = self.bytes.lock().unwrap_or_else(PoisonError::into_inner);
        b.windows(needle.len()).any(|w| w == needle)
    }

    fn ends_with(&self, tail: &[u8]) -> bool {
        let b = self.bytes.lock().unwrap_or_else(PoisonError::into_inner);
        b.ends_with(tail)
    }

    fn finish(self) -> Vec<u8> {
        let _ = self.handle.join();
        std::mem::take(&mut *self.bytes.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let until = Instant::now() + WAIT;
    while !f() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(10));
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn followers_never_receive_notes_or_unrevealed_answers() {
    let d = deck();
    let share = start(&d, Options::default());
    let addr = share.local_addr();
    // One follower from the start, one that joins in the middle.
    let early = collect(follower(addr));
    wait_until("the first follower", || share.follower_count() == 1);

    let mut t = 1_000_000;
    let mut app = App::new(d.clone(), t);
    let mut act = |app: &mut App, a: Action| {
        t += 1_000;
        update(app, &a, t);
        share.publish(&ViewState::from_app(app));
    };
    act(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    act(&mut app, Action::ToggleTimer);
    act(&mut app, Action::StartNote);
    act(
        &mut app,
        Action::NoteInput {
            text: TYPING.into(),
        },
    );
    act(&mut app, Action::NoteBackspace);
    act(&mut app, Action::SaveNote);
    act(&mut app, Action::StartNote);
    act(
        &mut app,
        Action::NoteInput {
            text: CAPTURED.into(),
        },
    );
    act(&mut app, Action::SaveNote);
    assert!(app.notes.iter().any(|n| n.text == CAPTURED));
    act(
        &mut app,
        Action::Open {
            overlay: OverlayKind::Search,
        },
    );
    act(
        &mut app,
        Action::SearchInput {
            text: SEARCH.into(),
        },
    );
    act(&mut app, Action::Close);
    act(
        &mut app,
        Action::Open {
            overlay: OverlayKind::Help,
        },
    );
    act(&mut app, Action::Close);
    // Case B: ticks, never revealed.
    act(&mut app, Action::GoTo { slide: 2 });
    act(&mut app, Action::Tick { row: 3 });
    let late = collect(follower(addr));
    wait_until("the second follower", || share.follower_count() == 2);
    // Case A: ticks, then the answer revealed.
    act(&mut app, Action::GoTo { slide: 1 });
    act(&mut app, Action::Tick { row: 1 });
    act(&mut app, Action::ToggleAnswer);
    // Latest wins: a follower may skip a state that is replaced at once; wait until both have
    // this one, so the test can check it arrived.
    wait_until("the revealed answer", || {
        early.has(b"\"answer\":{") && late.has(b"\"answer\":{")
    });
    act(
        &mut app,
        Action::Open {
            overlay: OverlayKind::Blank,
        },
    );
    act(&mut app, Action::Close);
    act(&mut app, Action::Last);
    // Both followers get the newest state, then sharing stops.
    let last = wire::encode_state(&ViewState::from_app(&app));
    wait_until("the newest state", || {
        early.ends_with(&last) && late.ends_with(&last)
    });
    drop(share);

    for (name, c) in [("early", early), ("late", late)] {
        let bytes = c.finish();
        for marker in [NOTE_A, NOTE_B, CAPTURED, TYPING, SEARCH, "MARKER"] {
            assert!(!contains(&bytes, marker), "{name} received {marker}");
        }
        // Speaker notes and answer keys are absent from the deck line itself.
        let mut lines = bytes.split_inclusive(|&b| b == b'\n');
        let deck_line = lines.next().unwrap_or_default();
        match wire::decode(deck_line) {
            Ok(Incoming::Deck(got)) => {
                assert_eq!(got.slides.len(), d.slides.len());
                assert!(
                    got.slides
                        .iter()
                        .all(|s| s.notes.is_none() && s.answer().is_none())
                );
            }
            other => panic!("{name}: the first line is not the deck: {other:?}"),
        }
        assert!(!contains(deck_line, "\"notes\":\""), "{name}");
        assert!(!contains(deck_line, "\"answer\":{"), "{name}");

        // Every state: an answer only on case A after the reveal, and only case A's key.
        let mut revealed_seen = false;
        let mut states = 0;
        let mut last_seen = Vec::new();
        for line in lines {
            match wire::decode(line) {
                Ok(Incoming::State(s)) => {
                    states += 1;
                    if let Some(a) = &s.answer {
                        assert_eq!(s.slide_id, "case-a", "{name}: an answer on {}", s.slide_id);
                        assert!(s.case.as_ref().is_some_and(|c| c.revealed));
                        assert_eq!(a.items, vec![(0, 1), (2, 0)]);
                        assert_eq!(a.flags, vec![0]);
                        revealed_seen = true;
                    } else {
                        assert!(
                            s.slide_id != "case-a" || !s.case.as_ref().is_some_and(|c| c.revealed),
                            "{name}: a revealed case without its key"
                        );
                    }
                    assert_ne!(s.overlay, wire::Screen::ContentNote);
                    last_seen = line.to_vec();
                }
                Ok(Incoming::Bye) => {}
                other => panic!("{name}: unexpected line {other:?}"),
            }
        }
        assert!(states > 0, "{name} got no state");
        assert!(revealed_seen, "{name} never saw the revealed answer");
        assert_eq!(last_seen, last, "{name}: the newest state arrives");
        // Case B's key (deception + forced labour) never appears.
        assert!(!contains(&bytes, "[[1,1],[2,1]]"), "{name}");
    }
}

/// A reader that decodes lines and records the newest state's slide.
struct Reader {
    slide: Arc<AtomicUsize>,
    handle: thread::JoinHandle<()>,
}

fn reader(s: TcpStream) -> Reader {
    reader_max(s, wire::DECK_LINE_MAX)
}

fn reader_max(s: TcpStream, max: usize) -> Reader {
    let slide = Arc::new(AtomicUsize::new(usize::MAX));
    let seen = Arc::clone(&slide);
    let handle = thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(move || {
            let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
            let mut r = BufReader::new(&s);
            let mut line = Vec::new();
            while let Ok(LineRead::Line) = wire::read_line(&mut r, max, &mut line) {
                if let Ok(Incoming::State(st)) = wire::decode(&line) {
                    seen.store(st.slide, Ordering::SeqCst);
                }
            }
        })
        .unwrap_or_else(|e| panic!("spawn reader: {e}"));
    Reader { slide, handle }
}

#[test]
fn two_hundred_followers_and_bad_ones_do_not_slow_the_presenter() {
    let d = deck();
    let share = start(&d, Options::default());
    let addr = share.local_addr();
    let readers: Vec<Reader> = (0..200).map(|_| reader(follower(addr))).collect();
    wait_until("200 followers", || share.follower_count() == 200);

    // One that never reads, one that sends garbage after its hello, one that sends only
    // garbage, one that says nothing.
    let stuck = follower(addr);
    let chatty = follower(addr);
    let stop = Arc::new(AtomicBool::new(false));
    let chatter = {
        let stop = Arc::clone(&stop);
        let c = chatty.try_clone().unwrap_or_else(|e| panic!("{e}"));
        thread::spawn(move || {
            let junk = [0xffu8; 4096];
            let _ = c.set_write_timeout(Some(Duration::from_millis(100)));
            while !stop.load(Ordering::SeqCst) {
                if (&c).write_all(&junk).is_err() {
                    thread::sleep(Duration::from_millis(10));
                }
            }
        })
    };
    let mut garbage = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    garbage
        // Not a hello and not HTTP (HTTP gets the web view: tests/web.rs).
        .write_all(b"hello? \x00\x01\r\n\r\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let silent = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    wait_until("the stuck and chatty followers", || {
        share.follower_count() == 202
    });

    // The presenter keeps working.
    let mut app = App::new(d.clone(), 1_000_000);
    let mut costs = Vec::new();
    let until = Instant::now() + Duration::from_secs(2);
    let mut t = 1_000_000;
    while Instant::now() < until {
        t += 10;
        let action = if t % 70 == 0 {
            Action::First
        } else {
            Action::Next
        };
        update(&mut app, &action, t);
        let state = ViewState::from_app(&app);
        let started = Instant::now();
        share.publish(&state);
        costs.push(started.elapsed());
    }
    update(&mut app, &Action::GoTo { slide: 2 }, t + 10);
    share.publish(&ViewState::from_app(&app));
    costs.sort();
    let worst = costs.last().copied().unwrap_or_default();
    eprintln!(
        "{} publishes with 202 followers: median {:?}, worst {worst:?}",
        costs.len(),
        costs[costs.len() / 2]
    );
    // Not a benchmark (see benches/follow.rs): a publish that waited on a socket would take
    // the whole write timeout (2 s).
    assert!(worst < Duration::from_secs(1), "publish blocked: {worst:?}");

    // Every well-behaved follower gets the newest state.
    wait_until("all followers on slide 3", || {
        readers.iter().all(|r| r.slide.load(Ordering::SeqCst) == 2)
    });

    // The garbage client was closed without a byte; the silent one after the hello timeout.
    let _ = garbage.set_read_timeout(Some(WAIT));
    let mut buf = Vec::new();
    let _ = garbage.read_to_end(&mut buf);
    assert!(buf.is_empty(), "garbage got {} bytes", buf.len());
    let _ = silent.set_read_timeout(Some(WAIT));
    let mut buf = Vec::new();
    let _ = (&silent).read_to_end(&mut buf);
    assert!(buf.is_empty());

    stop.store(true, Ordering::SeqCst);
    let _ = chatter.join();
    drop(stuck);
    drop(chatty);
    drop(share);
    for r in readers {
        let _ = r.handle.join();
    }
}

/// A deck whose line (about 10 MB) is larger than socket buffers take (about 4 MB on Linux's
/// defaults): a follower that never reads cannot take it all.
fn big_deck() -> Deck {
    let mut d = deck();
    let body = "word ".repeat(2_000);
    let template = d.slides[3].clone();
    for i in 0..1_000 {
        let mut s = template.clone();
        s.id = format!("filler-{i}").into();
        s.body = vec![body.as_str().into()];
        d.slides.push(s);
    }
    d
}

#[test]
fn a_follower_that_stops_reading_is_dropped_and_the_others_go_on() {
    let d = big_deck();
    let opts = Options {
        write_timeout: Duration::from_millis(500),
        deck_timeout: Duration::from_millis(1500),
        ..Options::default()
    };
    let share = start(&d, opts);
    let addr = share.local_addr();
    let good = reader_max(follower(addr), 64 << 20);
    let stuck = follower(addr);
    wait_until("two followers", || share.follower_count() == 2);
    // New states keep coming (whatever the buffers took of the deck, they fill up).
    let mut app = App::new(d, 0);
    let mut slide = 0;
    wait_until("the stuck follower to be dropped", || {
        slide = (slide + 1) % 20;
        update(&mut app, &Action::GoTo { slide }, 0);
        share.publish(&ViewState::from_app(&app));
        share.follower_count() == 1
    });
    update(&mut app, &Action::GoTo { slide: 30 }, 0);
    share.publish(&ViewState::from_app(&app));
    wait_until("the good follower on slide 31", || {
        good.slide.load(Ordering::SeqCst) == 30
    });
    drop(stuck);
    drop(share);
    let _ = good.handle.join();
}

#[test]
fn the_connection_cap_turns_extra_followers_away() {
    assert_eq!(Options::default().max_followers, 256);
    let d = deck();
    let opts = Options {
        max_followers: 4,
        keepalive: Duration::from_millis(100),
        ..Options::default()
    };
    let share = start(&d, opts);
    let addr = share.local_addr();
    let mut admitted: Vec<TcpStream> = (0..4).map(|_| follower(addr)).collect();
    wait_until("four followers", || share.follower_count() == 4);

    let extra = follower(addr);
    let _ = extra.set_read_timeout(Some(WAIT));
    let mut got = Vec::new();
    let _ = (&extra).read_to_end(&mut got);
    match wire::decode(&got) {
        Ok(Incoming::Busy(msg)) => assert!(msg.contains('4'), "{msg}"),
        other => panic!("expected a busy line, got {other:?}"),
    }
    assert_eq!(
        got.iter().filter(|&&b| b == b'\n').count(),
        1,
        "one line, then closed"
    );
    assert_eq!(share.follower_count(), 4);

    // One leaves; the keepalive finds out, and a newcomer gets in.
    drop(admitted.pop());
    wait_until("the leaver to be noticed", || share.follower_count() == 3);
    let newcomer = follower(addr);
    let mut r = BufReader::new(&newcomer);
    let mut line = Vec::new();
    let _ = newcomer.set_read_timeout(Some(WAIT));
    assert_eq!(
        wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line).ok(),
        Some(LineRead::Line)
    );
    assert!(matches!(wire::decode(&line), Ok(Incoming::Deck(_))));
}

#[test]
fn a_follower_reconnects_to_a_restarted_presenter() {
    let d = deck();
    let share = start(&d, Options::default());
    let addr = share.local_addr();
    let (tx, rx) = mpsc::channel::<Net>();
    let stop = Arc::new(AtomicBool::new(false));
    let net = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || network(addr.to_string(), |n| tx.send(n).is_ok(), &stop))
    };
    let next = |what: &str, f: &dyn Fn(&Net) -> bool| {
        let until = Instant::now() + WAIT;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(n) if f(&n) => return n,
                Ok(_) => {}
                Err(e) => panic!("waiting for {what}: {e}"),
            }
        }
    };
    next("the deck", &|n| matches!(n, Net::Deck(_)));
    let mut app = App::new(d.clone(), 0);
    update(&mut app, &Action::GoTo { slide: 1 }, 0);
    share.publish(&ViewState::from_app(&app));
    next("a state", &|n| matches!(n, Net::State(s) if s.slide == 1));

    drop(share);
    next("the goodbye", &|n| matches!(n, Net::Lost(Link::Ended)));

    // The presenter starts again on the same port.
    let share = Share::start(addr, &d).unwrap_or_else(|e| panic!("restart on {addr}: {e}"));
    next("the deck again", &|n| matches!(n, Net::Deck(_)));
    update(&mut app, &Action::Last, 0);
    share.publish(&ViewState::from_app(&app));
    next(
        "the new state",
        &|n| matches!(n, Net::State(s) if s.slide == 3),
    );

    stop.store(true, Ordering::SeqCst);
    drop(share);
    let _ = net.join();
}

#[test]
fn presenting_sync_publishes_states_and_reloaded_decks() {
    let mut app = App::new(deck(), 0);
    let mut p = convene::share::server::Presenting::start(local(), &app);
    let addr = match p.share() {
        Some(s) => s.local_addr(),
        None => panic!("no share: {:?}", p.info.share_error),
    };
    let c = collect(follower(addr));
    wait_until("the follower", || {
        p.sync(&app);
        p.info.followers == 1
    });
    update(&mut app, &Action::GoTo { slide: 3 }, 5_000);
    p.observe(&app);
    p.sync(&app);
    // A live reload changed the deck: followers get the new one. (Issue 13, finding 14: the
    // share notices it by the reload's generation number, not by comparing whole decks.)
    let mut reloaded = (*app.deck).clone();
    reloaded.meta.title = "Reloaded title".into();
    let gen_before = app.deck_generation;
    update(
        &mut app,
        &Action::Reload {
            deck: std::sync::Arc::new(reloaded),
        },
        5_000,
    );
    assert_eq!(app.deck_generation, gen_before + 1);
    p.sync(&app);
    wait_until("the reloaded deck", || c.has(b"Reloaded title"));
    let pacing = convene::present::app::pacing::pacing(&app, &p.info.pacing);
    assert_eq!(pacing.slide.0, 0, "just arrived on slide 4");
    drop(p);
    let bytes = c.finish();
    let decks = bytes
        .split_inclusive(|&b| b == b'\n')
        .filter(|l| matches!(wire::decode(l), Ok(Incoming::Deck(_))))
        .count();
    assert_eq!(decks, 2);
}

#[test]
fn a_slow_hello_neither_holds_a_slot_nor_outlives_its_deadline() {
    // Issue 13, finding 5: the hello timeout was per read, and a connection still saying hello
    // took a follower slot: a client dripping a byte now and then locked the room out.
    let d = deck();
    let opts = Options {
        max_followers: 1,
        hello_timeout: Duration::from_millis(400),
        ..Options::default()
    };
    let share = start(&d, opts);
    let addr = share.local_addr();
    let drip = TcpStream::connect(addr).expect("connect");
    let dripper = {
        let drip = drip.try_clone().expect("clone");
        thread::spawn(move || {
            let began = Instant::now();
            for _ in 0..50 {
                if (&drip).write_all(b" ").is_err() {
                    break;
                }
                thread::sleep(Duration::from_millis(100));
            }
            began.elapsed()
        })
    };
    thread::sleep(Duration::from_millis(50));
    // A real follower gets in although a connection is still "saying hello".
    let real = follower(addr);
    let _ = real.set_read_timeout(Some(WAIT));
    let mut r = BufReader::new(&real);
    let mut line = Vec::new();
    assert_eq!(
        wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line).ok(),
        Some(LineRead::Line)
    );
    assert!(
        matches!(wire::decode(&line), Ok(Incoming::Deck(_))),
        "not busy"
    );
    wait_until("one follower counted", || share.follower_count() == 1);
    // The dripper is cut off at the deadline (well before its 5 s of drips end).
    let _ = drip.set_read_timeout(Some(WAIT));
    let mut rest = Vec::new();
    let _ = (&drip).read_to_end(&mut rest);
    let dripped = dripper.join().expect("join");
    assert!(dripped < Duration::from_secs(4), "dripped for {dripped:?}");
    assert_eq!(share.follower_count(), 1);
}

#[test]
fn a_deck_too_large_to_follow_is_said_on_both_sides() {
    // Issue 13, finding 9: a deck over the wire's limit was never accepted; the follower waited
    // forever and the console counted it again at every retry.
    let mut big = deck();
    big.slides[0].body = vec!["x".repeat(wire::DECK_LINE_MAX + 1).into()];
    let app = App::new(big, 0);
    let mut p = convene::share::server::Presenting::start(local(), &app);
    p.sync(&app);
    let err = p.info.share_error.clone().unwrap_or_default();
    assert!(
        err.contains("too large to follow"),
        "the console says so: {err:?}"
    );
    let addr = match p.share() {
        Some(s) => s.local_addr(),
        None => panic!("no share"),
    };
    let s = follower(addr);
    let _ = s.set_read_timeout(Some(WAIT));
    let mut r = BufReader::new(&s);
    let mut line = Vec::new();
    assert_eq!(
        wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line).ok(),
        Some(LineRead::Line)
    );
    match wire::decode(&line) {
        Ok(Incoming::Busy(m)) => assert!(m.starts_with(wire::DECK_TOO_LARGE), "{m}"),
        other => panic!("expected the reason, got {other:?}"),
    }
}
