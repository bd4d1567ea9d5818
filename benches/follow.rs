//! Follow mode's speed: how long a slide change takes to reach every follower, and what
//! sharing adds to the presenter's work per keypress.
//!
//! ```text
//! cargo bench --bench follow
//! ```
//!
//! Followers are threads in this process on loopback, each reading newline-delimited JSON and
//! decoding every line as `convene follow` does, so they compete with the presenter for the
//! same CPUs (a harder case than followers on other machines). Rows:
//!
//! 1. slide change → all N followers have decoded it (N = 1, 50, 200): from the `publish` call
//!    to the moment the last follower decoded the new slide;
//! 2. `ViewState::from_app` + `publish` (what the run loop adds after each update), with 0 and
//!    200 followers connected and idle;
//! 3. for scale: one full frame of the presenter (`ui::draw` at 120×35 into a buffer).

use convene::deck::Deck;
use convene::present::app::{Action, App, update};
use convene::present::ui::{self, View};
use convene::share::server::Share;
use convene::share::wire::{self, Incoming, LineRead, ViewState};
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const ROUNDS: usize = 100;
const TIMEOUT: Duration = Duration::from_secs(30);

fn deck() -> Deck {
    match convene::deck::bundled::deck(convene::words::Lang::En) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.render("bundled deck", false)),
    }
}

/// Followers that report, per slide, when the last of them decoded it.
struct Followers {
    /// Per follower: the newest slide decoded.
    seen: Vec<Arc<AtomicUsize>>,
    /// Signalled whenever any follower decodes a state.
    changed: Arc<(Mutex<()>, Condvar)>,
}

impl Followers {
    fn connect(addr: SocketAddr, n: usize) -> Self {
        let changed = Arc::new((Mutex::new(()), Condvar::new()));
        let seen = (0..n)
            .map(|_| {
                let slot = Arc::new(AtomicUsize::new(usize::MAX));
                let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
                (&s).write_all(&wire::hello_line())
                    .unwrap_or_else(|e| panic!("hello: {e}"));
                let mine = Arc::clone(&slot);
                let changed = Arc::clone(&changed);
                thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn(move || {
                        let mut r = BufReader::new(&s);
                        let mut line = Vec::new();
                        while let Ok(LineRead::Line) =
                            wire::read_line(&mut r, wire::DECK_LINE_MAX, &mut line)
                        {
                            if let Ok(Incoming::State(st)) = wire::decode(&line) {
                                mine.store(st.slide, Ordering::SeqCst);
                                let _g = changed.0.lock();
                                changed.1.notify_all();
                            }
                        }
                    })
                    .unwrap_or_else(|e| panic!("spawn: {e}"));
                slot
            })
            .collect();
        Followers { seen, changed }
    }

    /// Wait until every follower has decoded `slide`.
    fn wait_all(&self, slide: usize) {
        let deadline = Instant::now() + TIMEOUT;
        let mut g = self.changed.0.lock().unwrap_or_else(|e| e.into_inner());
        while !self.seen.iter().all(|s| s.load(Ordering::SeqCst) == slide) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "followers did not all reach slide {slide}");
            g = self
                .changed
                .1
                .wait_timeout(g, left.min(Duration::from_millis(5)))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

fn local() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        max: at(1.0),
    }
}

fn row(name: &str, s: &Stats) {
    println!("{name:<58} {:>12?} {:>12?} {:>12?}", s.median, s.p95, s.max);
}

/// Slide changes until every one of `n` followers decoded each.
fn reach_all(n: usize) -> Stats {
    let d = deck();
    let share = Share::start(local(), &d).unwrap_or_else(|e| panic!("share: {e}"));
    let followers = Followers::connect(share.local_addr(), n);
    let deadline = Instant::now() + TIMEOUT;
    while share.follower_count() < n {
        assert!(Instant::now() < deadline, "followers did not connect");
        thread::sleep(Duration::from_millis(5));
    }
    let mut app = App::new(d, 0);
    let slides = app.deck.slides.len();
    let mut times = Vec::with_capacity(ROUNDS);
    for i in 0..=ROUNDS {
        let target = (i % (slides - 1)) + 1;
        let target = if app.slide == target { 0 } else { target };
        update(&mut app, &Action::GoTo { slide: target }, i as u64);
        let start = Instant::now();
        share.publish(&ViewState::from_app(&app));
        followers.wait_all(target);
        // The first round includes the deck's arrival: left out.
        if i > 0 {
            times.push(start.elapsed());
        }
    }
    stats(times)
}

/// `from_app` + `publish` per keypress-like update, with `n` idle followers.
fn publish_cost(n: usize) -> Stats {
    let d = deck();
    let share = Share::start(local(), &d).unwrap_or_else(|e| panic!("share: {e}"));
    let followers = Followers::connect(share.local_addr(), n);
    let mut app = App::new(d, 0);
    let slides = app.deck.slides.len();
    let mut times = Vec::with_capacity(ROUNDS);
    for i in 0..ROUNDS {
        update(&mut app, &Action::GoTo { slide: i % slides }, i as u64);
        let start = Instant::now();
        share.publish(&ViewState::from_app(&app));
        times.push(start.elapsed());
        // Like a presenter pressing keys: let the followers take it before the next one.
        if n > 0 {
            followers.wait_all(i % slides);
        }
    }
    stats(times)
}

fn frame_cost() -> Stats {
    let mut app = App::new(deck(), 0);
    update(
        &mut app,
        &Action::Resize {
            width: 120,
            height: 35,
        },
        0,
    );
    let view = View::default();
    let area = ratatui::layout::Rect::new(0, 0, 120, 35);
    let slides = app.deck.slides.len();
    let mut times = Vec::with_capacity(ROUNDS);
    for i in 0..ROUNDS {
        update(&mut app, &Action::GoTo { slide: i % slides }, 0);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        let start = Instant::now();
        ui::draw(&app, &view, area, &mut buf);
        times.push(start.elapsed());
    }
    stats(times)
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("follow benchmark: run with `cargo bench --bench follow`");
        return;
    }
    println!(
        "convene follow benchmark — loopback, followers as threads, {} CPU(s), {ROUNDS} rounds\n",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("{:<58} {:>12} {:>12} {:>12}", "", "median", "p95", "max");
    for n in [1, 50, 200] {
        row(
            &format!("slide change → all {n} follower(s) decoded it"),
            &reach_all(n),
        );
    }
    row("from_app + publish, no follower", &publish_cost(0));
    row("from_app + publish, 200 followers", &publish_cost(200));
    row(
        "for scale: one presenter frame (ui::draw 120×35)",
        &frame_cost(),
    );
    println!("\ntarget (issue 6): a slide change reaches 200 followers within 100 ms");
}
