//! The whole-binary benchmark: the real `convene` (built with the `bench` profile, i.e.
//! optimised like `--release`) in a pseudo-terminal, through the same harness as the
//! end-to-end tests (`tests/common/mod.rs`).
//!
//! Run it with:
//!
//! ```text
//! cargo bench --bench pty                      # every section
//! cargo bench --bench pty -- big               # only the sections whose name contains "big"
//! PRESENTERM=/path/to/presenterm cargo bench --bench pty -- presenterm
//! CONVENE=/tmp/convene-main cargo bench --bench pty   # measure another build of convene
//! ```
//!
//! It measures issue 2's speed targets and prints one table. Sections:
//!
//! - `reference`: the pty's own round trip (`cat` echoing a byte), `convene --version` (process
//!   start and exit with no work at all) and `check` of the bundled deck;
//! - `bundled`: process start → first complete frame (the status line shows `1/N`), bundled
//!   deck, 120×35 and 80×24; keypress → next frame (Right/Left alternately, until `2/N` / `1/N`
//!   is on screen); End/Home; peak memory (`VmHWM` from `/proc/<pid>/status` just before
//!   quitting, Linux only);
//! - `big`: a generated 10,000-slide deck: `convene check` wall time, start → first frame
//!   (≤ 60 ms), End/Home latency compared with the bundled deck's, and peak memory against the
//!   deck file's size (≤ 4×);
//! - `reload`: save by rename → the new text on screen;
//! - `presenterm` (only with `PRESENTERM` set, issue 11): convene and presenterm on the same 300
//!   generated slides (the TOML deck and its Markdown twin), at 120×35, with the same keys;
//!   prints both presenters' keypress → frame, CPU per key, start → first frame and peak
//!   memory, and the ratio of the keypress medians (target ≤ 1.0). presenterm asks the terminal
//!   what it can draw before its first frame; the harness answers as a plain VT220 would.
//!
//! Times are taken on the harness's reader thread, at the moment the bytes that completed the
//! frame came out of the pty (the screen is parsed after each read), so they include the pty's
//! round trip but not the test thread's wake-up.

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
    // `cargo test --benches` runs bench binaries without `--bench`: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("pty benchmark: run with `cargo bench --bench pty [-- SECTION]`");
        return;
    }
    // `cargo bench --bench pty -- big` runs the sections whose name contains "big".
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |section: &str| only.as_deref().is_none_or(|o| section.contains(o));
    println!(
        "convene pty benchmark — binary {}, {} CPU(s), load average {}\n",
        convene_bin(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );
    let mut table = Table::default();
    let pace = Some(PACE);
    let n = bundled_slides();

    if wanted("reference") {
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
    }

    let mut small_jumps = None;
    if wanted("bundled") {
        // 1. Start → first frame, bundled deck, projector size.
        let s = starts(&[], 120, 35);
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
        table.memory("peak memory (VmHWM), bundled", k.hwm, Some(MB10));
        small_jumps = Some(median(&k.jumps));
        let k = keys_session(&[], n, None);
        table.row("keypress → frame, keys back to back", &k.keys, None);
        let k = keys_session(&["--no-record"], n, pace);
        table.row("keypress → frame, --no-record", &k.keys, None);
    }

    if wanted("big") {
        // 4. A generated 10,000-slide deck.
        let small_jumps = small_jumps.unwrap_or_else(|| median(&keys_session(&[], n, pace).jumps));
        let dir = Scratch::new("bench-big");
        let text = big_deck(BIG_SLIDES);
        let file_size = text.len() as u64;
        let big = dir.write("big.toml", text);
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
            Some(ms(60.0)),
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
            Some(small_jumps * 2),
        );
        table.row(
            "10,000 slides: keypress → frame (→/←)",
            &k.keys,
            Some(ms(2.0)),
        );
        table.memory(
            &format!(
                "10,000 slides: peak memory (VmHWM), deck {:.1} MB",
                file_size as f64 / MIB
            ),
            k.hwm,
            Some(file_size * 4),
        );
        table.ratio(
            "10,000 slides: peak memory ÷ deck file size",
            k.hwm.map(|h| h as f64 / file_size as f64),
            4.0,
        );
    }

    if wanted("reload") {
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
    }

    let presenterm = std::env::var("PRESENTERM").ok().filter(|p| !p.is_empty());
    match &presenterm {
        Some(bin) if wanted("presenterm") => presenterm_comparison(&mut table, bin),
        None if only.as_deref() == Some("presenterm") => {
            println!("PRESENTERM is not set: nothing to compare with");
        }
        _ => {}
    }

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
    if presenterm.is_none() {
        println!(
            "Set PRESENTERM=/path/to/presenterm to compare with presenterm on the same 300 slides."
        );
    }
}

const MIB: f64 = 1024.0 * 1024.0;
const MB10: u64 = 10 * 1024 * 1024;

/// The bundled deck's slide count, read from its first frame.
fn bundled_slides() -> usize {
    let mut app = convene(120, 35, &["--no-record"]);
    app.wait_for(|s| position(s).is_some(), TIMEOUT);
    let n = app.with_screen(position).map_or(0, |p| p.1);
    quit(&mut app);
    n
}

/// The slides both presenters show in the comparison with presenterm (issue 11).
const TWIN_SLIDES: usize = 300;
/// Sessions per presenter, alternated so both meet the same load.
const TWIN_SESSIONS: usize = 3;

#[derive(Clone, Copy)]
enum Twin<'a> {
    Convene,
    Presenterm(&'a str),
}

impl Twin<'_> {
    fn spawn(self, file: &str) -> Pty {
        // Both ask the terminal something before their first frame (presenterm what it can
        // draw, convene its background colour) and get the answers a plain VT220 gives.
        let b = Pty::builder().size(120, 35).answer_queries();
        match self {
            Twin::Convene => b.program(convene_bin()).args(["present", file]).spawn(),
            Twin::Presenterm(bin) => b.program(bin).args([file]).spawn(),
        }
    }

    /// Slide `n` is on screen: its title and the position (convene's status line `n/N`,
    /// presenterm's footer `n / N`) — both drawn last, at the bottom.
    fn at(self, n: usize) -> impl FnMut(&vt100::Screen) -> bool + Send + 'static {
        let title = format!("Slide number {n}");
        let footer = format!("{n} / {TWIN_SLIDES}");
        let convene = matches!(self, Twin::Convene);
        move |s| {
            let placed = if convene {
                position(s) == Some((n, TWIN_SLIDES))
            } else {
                common::shows(s, &footer)
            };
            placed && common::shows(s, &title)
        }
    }
}

#[derive(Default)]
struct TwinRuns {
    starts: Vec<Duration>,
    keys: Vec<Duration>,
    cpu_per_key: Vec<Duration>,
    hwm: Option<u64>,
}

/// One session of `who` on `file`: start → slide 1, then Right/Left `KEY_ROUNDS` times, `PACE`
/// apart, then the peak memory; quit.
fn twin_session(who: Twin<'_>, file: &str, out: &mut TwinRuns) {
    let mut app = who.spawn(file);
    let hit = app.wait_for(who.at(1), TIMEOUT);
    out.starts
        .push(hit.saturating_duration_since(app.started()));
    std::thread::sleep(PACE);
    let cpu_before = cpu_time(app.pid());
    for i in 0..KEY_ROUNDS {
        let (key, want) = if i % 2 == 0 {
            (keys::RIGHT, 2)
        } else {
            (keys::LEFT, 1)
        };
        out.keys.push(app.send_and_time(key, who.at(want), TIMEOUT));
        std::thread::sleep(PACE);
    }
    if let (Some(a), Some(b)) = (cpu_before, cpu_time(app.pid())) {
        out.cpu_per_key
            .push(b.saturating_sub(a) / KEY_ROUNDS as u32);
    }
    out.hwm = out.hwm.max(peak_memory(&app));
    app.type_text("q");
    let code = app.wait_exit(TIMEOUT);
    assert_eq!(code, 0, "{file}: exited with {code}");
}

/// Issue 11: convene and presenterm on the same 300 slides at 120×35, the same keys, timed
/// from the same raw pty bytes; prints both and the ratio.
fn presenterm_comparison(table: &mut Table, presenterm: &str) {
    let dir = Scratch::new("bench-twin");
    let toml = dir.write("twin.toml", big_deck(TWIN_SLIDES));
    let md = dir.write("twin.md", markdown_twin(TWIN_SLIDES));
    let (toml, md) = (toml.display().to_string(), md.display().to_string());
    let (mut c, mut p) = (TwinRuns::default(), TwinRuns::default());
    for _ in 0..TWIN_SESSIONS {
        twin_session(Twin::Convene, &toml, &mut c);
        twin_session(Twin::Presenterm(presenterm), &md, &mut p);
    }
    let version = Command::new(presenterm)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let label = |what: &str, who: &str| format!("{TWIN_SLIDES} slides, {who}: {what}");
    for (who, r) in [("convene", &c), (version.as_str(), &p)] {
        table.row(&label("keypress → frame (→/←)", who), &r.keys, None);
        table.row(&label("  … CPU time per key", who), &r.cpu_per_key, None);
        table.row(&label("start → first frame", who), &r.starts, None);
        table.memory(&label("peak memory (VmHWM)", who), r.hwm, None);
    }
    let ratio = median(&c.keys).as_secs_f64() / median(&p.keys).as_secs_f64().max(1e-9);
    table.ratio(
        &format!("{TWIN_SLIDES} slides: keypress → frame, convene ÷ presenterm (medians)"),
        Some(ratio),
        1.0,
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
    let mut app = Pty::builder()
        .program(convene_bin())
        .size(80, 24)
        .args(&args)
        .spawn();
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
        let mut app = convene(cols, rows, args);
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
    let mut app = convene(120, 35, args);
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

/// The binary measured: `CONVENE=/path` (another build, e.g. main's, to compare with), else
/// the one Cargo built for this bench.
fn convene_bin() -> String {
    std::env::var("CONVENE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| BIN.to_owned())
}

/// [`convene_bin`] `ARGS…` in a `cols`×`rows` pty.
/// convene in a pty that answers its start-up query as a terminal does (a VT220's answers: no
/// background colour, then device attributes), so that no start waits out the query's timeout
/// (`BACKGROUND_QUERY_TIMEOUT`, 150 ms), which no real terminal makes it do.
fn convene(cols: u16, rows: u16, args: &[&str]) -> Pty {
    Pty::builder()
        .program(convene_bin())
        .size(cols, rows)
        .args(args)
        .answer_queries()
        .spawn()
}

/// Run convene to completion (outside a pty), expecting success.
fn run_ok(args: &[&str]) {
    let out = Command::new(convene_bin())
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

/// What one generated slide says: the same words for convene's TOML and presenterm's Markdown.
struct Generated {
    title: String,
    body: String,
    first: String,
    notes: String,
}

fn generated(i: usize) -> Generated {
    Generated {
        title: format!("Slide number {i}"),
        body: format!(
            "This is the body of slide {i}. It says a few things about the topic, enough to wrap \
             over two lines at a projector width of one hundred and twenty columns."
        ),
        first: format!("First point of {i}"),
        notes: format!("Speaker notes for slide {i}."),
    }
}

/// A deck of `n` content slides, each with a body, bullets (one nested list) and notes.
fn big_deck(n: usize) -> String {
    let mut s = String::from(
        "format = 1\n\n[deck]\ntitle = \"Ten thousand slides\"\nlanguage = \"en\"\n\n",
    );
    for i in 1..=n {
        let g = generated(i);
        let _ = write!(
            s,
            "[[slides]]\nid = \"s{i}\"\nsection = \"Part {part}\"\ntitle = \"{title}\"\n\
             body = \"\"\"\n{body}\n\"\"\"\n\
             bullets = [\"{first}\", {{ text = \"Second point\", bullets = [\"a detail\", \"another\"] }}]\n\
             notes = \"{notes}\"\n\n",
            part = i / 100 + 1,
            title = g.title,
            body = g.body,
            first = g.first,
            notes = g.notes,
        );
    }
    s
}

/// [`big_deck`]'s Markdown twin for presenterm: the same slides, titles, bodies, bullets and
/// speaker notes (the section has no Markdown form and is left out).
fn markdown_twin(n: usize) -> String {
    let mut s = String::new();
    for i in 1..=n {
        let g = generated(i);
        if i > 1 {
            s.push_str("<!-- end_slide -->\n\n");
        }
        let _ = write!(
            s,
            "{title}\n{rule}\n\n{body}\n\n* {first}\n* Second point\n    * a detail\n    * another\n\n\
             <!-- speaker_note: {notes} -->\n\n",
            title = g.title,
            rule = "=".repeat(g.title.len()),
            body = g.body,
            first = g.first,
            notes = g.notes,
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

    fn memory(&mut self, what: &str, bytes: Option<u64>, limit: Option<u64>) {
        let mb = |b: u64| b as f64 / MIB;
        let (value, verdict) = match bytes {
            Some(b) => {
                let verdict = match limit {
                    None => String::new(),
                    Some(l) if b <= l => "ok".to_owned(),
                    Some(l) => format!("MISSED by {:.1} MB", mb(b - l)),
                };
                (format!("{:.1} MB", mb(b)), verdict)
            }
            None => ("n/a".to_owned(), "(no /proc)".to_owned()),
        };
        self.rows.push([
            what.to_owned(),
            "1".to_owned(),
            value,
            String::new(),
            String::new(),
            limit.map_or_else(String::new, |l| format!("≤ {:.1} MB", mb(l))),
            verdict,
        ]);
    }

    fn ratio(&mut self, what: &str, value: Option<f64>, limit: f64) {
        let (shown, verdict) = match value {
            Some(v) if v <= limit => (format!("{v:.2}×"), "ok".to_owned()),
            Some(v) => (format!("{v:.2}×"), format!("MISSED by {:.2}×", v - limit)),
            None => ("n/a".to_owned(), String::new()),
        };
        self.rows.push([
            what.to_owned(),
            "1".to_owned(),
            shown,
            String::new(),
            String::new(),
            format!("≤ {limit:.1}×"),
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
