//! The whole-binary benchmark: the real `convene` (built with the `bench` profile, i.e.
//! optimised like `--release`) in a pseudo-terminal, through the same harness as the
//! end-to-end tests (`tests/common/mod.rs`).
//!
//! Run it with:
//!
//! ```text
//! cargo bench --bench pty
//! ```
//!
//! It measures issue 2's speed targets and prints one table:
//!
//! 1. process start → first complete frame (the status line shows `1/N`), bundled deck, 120×35;
//! 2. keypress → next frame: Right/Left alternately, time until `2/N` / `1/N` is on screen;
//! 3. peak memory: `VmHWM` from `/proc/<pid>/status` just before quitting (Linux only);
//! 4. a generated 10,000-slide deck: `convene check` wall time, start → first frame, and
//!    End/Home latency compared with the bundled deck's.
//!
//! Times are taken on the harness's reader thread, at the moment the bytes that completed the
//! frame came out of the pty (the screen is parsed after each read), so they include the pty's
//! round trip but not the test thread's wake-up. Two reference rows help read the rest: the
//! pty's own round trip (`cat` echoing a byte) and `convene --version` (process start and exit
//! with no work at all).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{BIN, Pty, Scratch, keys, position};
use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

/// Waits are generous here too: a loaded machine should give slow numbers, not a crash.
const TIMEOUT: Duration = Duration::from_secs(30);
const START_RUNS: usize = 30;
const KEY_ROUNDS: usize = 200;
const JUMP_ROUNDS: usize = 60;
const BIG_SLIDES: usize = 10_000;

fn main() {
    println!(
        "convene pty benchmark — binary {BIN}, {} CPU(s), load average {}\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );
    let mut table = Table::default();
    let pace = Some(PACE);

    // References: what any program pays here.
    table.row("pty round trip (cat echoes a byte)", &pty_echo(), None);
    table.row(
        "`convene --version` wall time (exec + exit)",
        &wall(|| run_ok(&["--version"]), START_RUNS),
        None,
    );
    table.row(
        "`convene check decks/awareness.toml` wall time",
        &wall(|| run_ok(&["check", "decks/awareness.toml"]), START_RUNS),
        None,
    );

    // 1. Start → first frame, bundled deck, projector size.
    let s = starts(&[], 120, 35);
    let n = s.slides;
    table.row(
        "start → first frame, bundled, 120×35",
        &s.wall,
        Some(ms(10.0)),
    );
    table.row("  … CPU time used by then", &s.cpu, None);
    let s = starts(&["--no-record"], 120, 35);
    table.row("start → first frame, bundled, --no-record", &s.wall, None);
    table.row("  … CPU time used by then", &s.cpu, None);
    let s = starts(&[], 80, 24);
    table.row("start → first frame, bundled, 80×24", &s.wall, None);

    // 2. Keypress → frame; 3. peak memory.
    let k = keys_session(&[], n, pace);
    table.row(
        "keypress → frame (→/←), bundled, 120×35",
        &k.keys,
        Some(ms(2.0)),
    );
    table.row("  … CPU time per key", &k.cpu_per_key, None);
    table.row("End / Home → frame, bundled", &k.jumps, Some(ms(2.0)));
    table.memory("peak memory (VmHWM), bundled", k.hwm, true);
    let small_jumps = k.jumps;
    let k = keys_session(&[], n, None);
    table.row("keypress → frame, keys back to back", &k.keys, None);
    let k = keys_session(&["--no-record"], n, pace);
    table.row("keypress → frame, --no-record", &k.keys, None);

    // 4. A generated 10,000-slide deck.
    let dir = Scratch::new("bench-big");
    let big = dir.write("big.toml", big_deck(BIG_SLIDES));
    let big = big.display().to_string();
    let checks = wall(|| run_ok(&["check", &big]), 10);
    table.row(
        "10,000 slides: `convene check` wall time",
        &checks,
        Some(ms(300.0)),
    );
    let s = starts(&["present", &big], 120, 35);
    assert_eq!(s.slides, BIG_SLIDES);
    table.row(
        "10,000 slides: start → first frame",
        &s.wall,
        Some(ms(300.0)),
    );
    table.row("  … CPU time used by then", &s.cpu, None);
    let total: Vec<Duration> = checks.iter().zip(&s.wall).map(|(a, b)| *a + *b).collect();
    table.row(
        "10,000 slides: check + start → first frame",
        &total,
        Some(ms(300.0)),
    );
    let k = keys_session(&["present", &big], BIG_SLIDES, pace);
    table.row(
        "10,000 slides: End / Home → frame",
        &k.jumps,
        Some(median(&small_jumps) * 2),
    );
    table.row(
        "10,000 slides: keypress → frame (→/←)",
        &k.keys,
        Some(ms(2.0)),
    );
    table.memory("10,000 slides: peak memory (VmHWM)", k.hwm, false);

    // 5. Live reload: save by rename → the new text on screen (issue 7: within 300 ms).
    table.row(
        "live reload: save (rename) → frame, native watch",
        &reload_latency(&[]),
        Some(ms(300.0)),
    );
    table.row(
        "live reload: save (rename) → frame, --poll",
        &reload_latency(&["--poll"]),
        Some(ms(300.0)),
    );

    print!("{}", table.render());
    println!(
        "\nKeys are sent {PACE:?} apart (a fast presenter), except in the back-to-back row, \
         where each key is sent as soon as the previous frame is on screen.\n\
         The target for End/Home on the big deck is twice the bundled deck's median \
         (\"as fast as on a small deck\"). CPU times are the process's own (all threads, \
         /proc/<pid>/task/*/schedstat), so they do not grow when the machine is busy.\n\
         Load average at the end: {}",
        load_average()
    );
}

/// Present a small deck file and save it again and again by rename (as editors do), timing
/// each save until its new title is on screen.
fn reload_latency(flags: &[&str]) -> Vec<Duration> {
    let dir = Scratch::new("bench-reload");
    let deck = |n: usize| {
        format!(
            "format = 1\n[deck]\ntitle = \"Reload\"\n\n\
             [[slides]]\nid = \"one\"\ntitle = \"Version {n}\"\n"
        )
    };
    let path = dir.write("deck.toml", deck(0));
    let mut args: Vec<String> = vec!["present".into(), "--no-record".into()];
    args.extend(flags.iter().map(|f| (*f).to_owned()));
    args.push(path.display().to_string());
    let mut app = Pty::builder().size(80, 24).args(&args).spawn();
    app.wait_for(|s| common::shows(s, "Version 0"), TIMEOUT);
    let mut out = Vec::new();
    for n in 1..=20 {
        let tmp = dir.write(".deck.toml.swp", deck(n));
        let want = format!("Version {n}");
        let start = std::time::Instant::now();
        std::fs::rename(&tmp, &path).expect("rename");
        let shown = app.wait_for(move |s| common::shows(s, &want), TIMEOUT);
        out.push(shown.saturating_duration_since(start));
        // Editors do not save many times a second; let the watcher settle.
        std::thread::sleep(Duration::from_millis(150));
    }
    quit(&mut app);
    out
}

/// The gap between keys in the paced runs.
const PACE: Duration = Duration::from_millis(40);

struct Starts {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
    slides: usize,
}

/// Start the binary `START_RUNS` times (after a few warm-up runs) and time process start →
/// `1/N` on screen, and the CPU time it used by then.
fn starts(args: &[&str], cols: u16, rows: u16) -> Starts {
    let mut out = Starts {
        wall: Vec::with_capacity(START_RUNS),
        cpu: Vec::with_capacity(START_RUNS),
        slides: 0,
    };
    for run in 0..START_RUNS + 3 {
        let mut app = Pty::spawn(cols, rows, args);
        let hit = app.wait_for(|s| position(s).is_some_and(|(n, _)| n == 1), TIMEOUT);
        let cpu = cpu_time(app.pid());
        out.slides = app.with_screen(position).map_or(0, |p| p.1);
        if run >= 3 {
            out.wall.push(hit.saturating_duration_since(app.started()));
            out.cpu.extend(cpu);
        }
        quit(&mut app);
    }
    out
}

struct Keys {
    keys: Vec<Duration>,
    cpu_per_key: Vec<Duration>,
    jumps: Vec<Duration>,
    hwm: Option<u64>,
}

/// One session at 120×35: Right/Left alternately, then End/Home alternately, `pace` apart
/// (or back to back); then the peak memory.
fn keys_session(args: &[&str], n: usize, pace: Option<Duration>) -> Keys {
    let mut app = Pty::spawn(120, 35, args);
    wait_position(&app, 1, n);
    let gap = || {
        if let Some(p) = pace {
            std::thread::sleep(p);
        }
    };
    gap();
    let cpu_before = cpu_time(app.pid());
    let mut keys_lat = Vec::with_capacity(KEY_ROUNDS);
    for i in 0..KEY_ROUNDS {
        let (key, want) = if i % 2 == 0 {
            (keys::RIGHT, 2)
        } else {
            (keys::LEFT, 1)
        };
        keys_lat.push(app.send_and_time(key, at(want, n), TIMEOUT));
        gap();
    }
    let cpu_per_key = match (cpu_before, cpu_time(app.pid())) {
        (Some(a), Some(b)) => vec![b.saturating_sub(a) / KEY_ROUNDS as u32],
        _ => Vec::new(),
    };
    let mut jumps = Vec::with_capacity(JUMP_ROUNDS * 2);
    for _ in 0..JUMP_ROUNDS {
        jumps.push(app.send_and_time(keys::END, at(n, n), TIMEOUT));
        gap();
        jumps.push(app.send_and_time(keys::HOME, at(1, n), TIMEOUT));
        gap();
    }
    let hwm = peak_memory(&app);
    quit(&mut app);
    Keys {
        keys: keys_lat,
        cpu_per_key,
        jumps,
        hwm,
    }
}

/// CPU time the process has used so far, all threads (Linux schedstat; `None` elsewhere).
fn cpu_time(pid: u32) -> Option<Duration> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut ns: u64 = 0;
    for t in tasks.flatten() {
        let s = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
        ns += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn ms(x: f64) -> Duration {
    Duration::from_secs_f64(x / 1000.0)
}

/// A predicate: the status line shows `n/total`.
fn at(n: usize, total: usize) -> impl FnMut(&vt100::Screen) -> bool + Send + 'static {
    move |s| position(s) == Some((n, total))
}

fn wait_position(app: &Pty, n: usize, total: usize) {
    app.wait_for(at(n, total), TIMEOUT);
}

fn quit(app: &mut Pty) {
    app.type_text("q");
    let code = app.wait_exit(TIMEOUT);
    assert_eq!(code, 0, "convene exited with {code}");
}

/// The pty's own round trip: `cat` in raw mode echoes each byte back.
fn pty_echo() -> Vec<Duration> {
    let mut app = Pty::builder()
        .program("sh")
        .args(["-c", "stty raw -echo; printf 'ready\\r\\n'; exec cat"])
        .spawn();
    app.wait_for(|s| s.contents().contains("ready"), TIMEOUT);
    let mut out = Vec::with_capacity(KEY_ROUNDS);
    for i in 0..KEY_ROUNDS {
        let ch = char::from(b'a' + (i % 26) as u8);
        // Each byte lands at the cursor: wait for that cell and the cursor moving past it.
        let col = u16::try_from(i % 70).unwrap_or(0);
        if col == 0 && i > 0 {
            app.send(b"\r\n");
        }
        let (byte, expect) = ([ch as u8], ch.to_string());
        out.push(app.send_and_time(
            &byte,
            move |s| {
                let (row, cur) = s.cursor_position();
                cur == col + 1 && s.cell(row, col).is_some_and(|c| c.contents() == expect)
            },
            TIMEOUT,
        ));
    }
    out
}

/// Run convene to completion (outside a pty), expecting success.
fn run_ok(args: &[&str]) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run convene");
    assert!(
        out.status.success(),
        "convene {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Wall time of `f`, `runs` times after one warm-up.
fn wall(mut f: impl FnMut(), runs: usize) -> Vec<Duration> {
    f();
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

/// Peak resident set size in bytes, from `/proc/<pid>/status` (Linux).
fn peak_memory(app: &Pty) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", app.pid())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A deck of `n` content slides, each with a body, bullets and notes.
fn big_deck(n: usize) -> String {
    let mut s = String::from(
        "format = 1\n\n[deck]\ntitle = \"Ten thousand slides\"\nlanguage = \"en\"\n\n",
    );
    for i in 1..=n {
        let _ = write!(
            s,
            "[[slides]]\nid = \"s{i}\"\nsection = \"Part {part}\"\ntitle = \"Slide number {i}\"\n\
             body = \"\"\"\nThis is the body of slide {i}. It says a few things about the topic, \
             enough to wrap over two lines at a projector width of one hundred and twenty columns.\n\"\"\"\n\
             bullets = [\"First point of {i}\", {{ text = \"Second point\", bullets = [\"a detail\", \"another\"] }}]\n\
             notes = \"Speaker notes for slide {i}.\"\n\n",
            part = i / 100 + 1
        );
    }
    s
}

fn median(v: &[Duration]) -> Duration {
    percentile(v, 50.0)
}

fn percentile(v: &[Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let mut s = v.to_vec();
    s.sort();
    let idx = ((p / 100.0) * (s.len() - 1) as f64).round() as usize;
    s[idx.min(s.len() - 1)]
}

#[derive(Default)]
struct Table {
    rows: Vec<[String; 7]>,
}

impl Table {
    fn row(&mut self, what: &str, v: &[Duration], target: Option<Duration>) {
        let med = median(v);
        let (verdict, tgt) = match target {
            Some(t) if med <= t => ("ok".to_owned(), format!("≤ {}", fmt_d(t))),
            Some(t) => (
                format!("MISSED by {}", fmt_d(med - t)),
                format!("≤ {}", fmt_d(t)),
            ),
            None => (String::new(), String::new()),
        };
        self.rows.push([
            what.to_owned(),
            v.len().to_string(),
            fmt_d(med),
            fmt_d(percentile(v, 95.0)),
            fmt_d(v.iter().max().copied().unwrap_or_default()),
            tgt,
            verdict,
        ]);
    }

    fn memory(&mut self, what: &str, bytes: Option<u64>, target: bool) {
        let (value, verdict) = match bytes {
            Some(b) => {
                let mb = b as f64 / (1024.0 * 1024.0);
                let verdict = if !target {
                    String::new()
                } else if mb <= 10.0 {
                    "ok".to_owned()
                } else {
                    format!("MISSED by {:.1} MB", mb - 10.0)
                };
                (format!("{mb:.1} MB"), verdict)
            }
            None => ("n/a".to_owned(), "(no /proc)".to_owned()),
        };
        self.rows.push([
            what.to_owned(),
            "1".to_owned(),
            value,
            String::new(),
            String::new(),
            if target { "≤ 10 MB" } else { "" }.to_owned(),
            verdict,
        ]);
    }

    fn render(&self) -> String {
        let head = ["measure", "n", "median", "p95", "max", "target", ""];
        let mut w = head.map(|h| h.chars().count());
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        let line = |cells: [&str; 7]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = w[i] - c.chars().count();
                if i == 0 || i >= 5 {
                    let _ = write!(s, "{c}{}  ", " ".repeat(pad));
                } else {
                    let _ = write!(s, "{}{c}  ", " ".repeat(pad));
                }
            }
            s.trim_end().to_owned() + "\n"
        };
        let mut out = line(head);
        out.push_str(&"─".repeat(w.iter().sum::<usize>() + 2 * 6));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]]));
        }
        out
    }
}

fn fmt_d(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}
