//! A whole room voting at once (issue 17): 300 participants send their vote within the same
//! second through the HTTP API (`POST /room`, as the page does) to a share whose inbox is a
//! mini run loop applying each vote through the one `update` (`tests/room_loop`).
//!
//! ```text
//! cargo bench --bench participation
//! ```
//!
//! Each participant is a thread with its own connection, released together by a barrier; a
//! `503 busy` (more asks waiting for the run loop than `Limits::max_asks`) is retried after a
//! short pause, as the page does. Every round each participant changes its vote, so the round
//! is right only if **every vote was counted exactly once** (asserted: the totals hold all 300
//! votes of the round and nothing else). Printed: the time from release to the last answer,
//! the answers' 50th/95th percentile and the retries.

#[path = "../tests/room_loop/mod.rs"]
mod room_loop;

use convene::deck::bundled;
use convene::present::app::Action;
use convene::words::Lang;
use room_loop::{CODE, Loop, Setup, send_vote};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

const PARTICIPANTS: usize = 300;
const ROUNDS: usize = 5;
const VOTES: [&str; 3] = ["trafficking", "not_trafficking", "not_enough_information"];

fn main() {
    let deck = bundled::deck(Lang::En).unwrap_or_else(|e| panic!("{}", e.render("en", false)));
    let case = deck
        .slides
        .iter()
        .position(|s| s.checklist)
        .unwrap_or_else(|| panic!("a case slide"));
    let cid = deck.slides[case].id.clone();
    let l = Loop::start(deck, Setup::default());
    l.key(Action::GoTo { slide: case });
    l.open_room();
    let addr = l.addr;
    for round in 0..ROUNDS {
        let vote = VOTES[round % VOTES.len()];
        let go = Arc::new(Barrier::new(PARTICIPANTS + 1));
        let phones: Vec<_> = (0..PARTICIPANTS)
            .map(|i| {
                let (go, cid) = (Arc::clone(&go), cid.clone());
                thread::Builder::new()
                    .stack_size(128 * 1024)
                    .spawn(move || {
                        let who = format!("{i:032x}");
                        go.wait();
                        let start = Instant::now();
                        let mut retries = 0;
                        loop {
                            match send_vote(addr, &who, CODE, &cid, vote) {
                                (200, _) => return (start.elapsed(), retries),
                                (503, r) if r == "busy" && retries < 50 => {
                                    retries += 1;
                                    thread::sleep(Duration::from_millis(10 + (i as u64 % 20)));
                                }
                                other => panic!("participant {i}: {other:?}"),
                            }
                        }
                    })
                    .unwrap_or_else(|e| panic!("spawn: {e}"))
            })
            .collect();
        go.wait();
        let t0 = Instant::now();
        let mut times: Vec<(Duration, usize)> = phones
            .into_iter()
            .map(|p| p.join().unwrap_or_else(|_| panic!("a participant failed")))
            .collect();
        let all = t0.elapsed();
        let t = l.with(|a| a.room.totals(&cid));
        let counted = [t.trafficking, t.not_trafficking, t.not_enough_information];
        let mut want = [0; 3];
        want[round % VOTES.len()] = PARTICIPANTS;
        assert_eq!(
            counted, want,
            "round {round}: every vote counted exactly once"
        );
        times.sort();
        let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)].0;
        let retries: usize = times.iter().map(|t| t.1).sum();
        println!(
            "round {round}: {PARTICIPANTS} votes in {all:?} (answer p50 {:?}, p95 {:?}, max {:?}; {retries} retries after busy)",
            pct(50),
            pct(95),
            pct(100),
        );
    }
}
