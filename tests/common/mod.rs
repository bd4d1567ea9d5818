//! A pseudo-terminal harness for end-to-end tests (and the pty benchmark) of the real `convene`
//! binary.
//!
//! [`Pty`] spawns the binary Cargo built for this test target (`CARGO_BIN_EXE_convene`) inside a
//! pseudo-terminal of a fixed size, with a clean environment (`TERM=xterm-256color`,
//! `LANG=en_CA.UTF-8`, and a throw-away `HOME` with XDG directories inside it so nothing ever
//! touches the real home). A reader thread feeds everything the program writes into a
//! [`vt100::Parser`]; tests send bytes ([`keys`]) and wait until the parsed screen satisfies a
//! predicate ([`Pty::wait_for`]). Every wait has a timeout; nothing in here sleeps to decide
//! whether something happened.
//!
//! ```ignore
//! mod common;
//! use common::{Pty, keys, TIMEOUT};
//!
//! let mut app = Pty::builder().size(80, 24).spawn();
//! app.wait_for(|s| common::position(s).is_some(), TIMEOUT);
//! app.send(keys::RIGHT);
//! app.wait_for(|s| common::position(s).is_some_and(|(n, _)| n == 2), TIMEOUT);
//! app.send(b"q");
//! assert_eq!(app.wait_exit(TIMEOUT), 0);
//! ```
//!
//! Predicates run on the reader thread after each chunk of output is parsed, so the [`Instant`]
//! a wait returns is the moment the bytes that completed the screen arrived (the pty benchmark
//! relies on this), not the moment the waiting thread woke up.
//!
//! Notes for authors of new tests:
//! - wait for the first frame before sending keys (keys typed before the program switches the
//!   terminal to raw mode are echoed by the line discipline);
//! - send escape sequences whole (`keys::RIGHT`, not `ESC` then `[C`), and after a lone
//!   [`keys::ESC`] use [`Pty::send_esc`], which leaves a gap so the program does not read ESC and
//!   the next key as Alt+key; better still, wait for the effect of the Esc before the next key;
//! - a bare pty never answers queries such as the cursor position (`ESC[6n`): a program that
//!   sends one would hang here (convene does not), unless the builder's `answer_queries` is on;
//! - the whole output is kept ([`Pty::transcript`]) for checks on raw escape sequences.

#![allow(dead_code)] // Each test target uses a different part of the harness.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The default timeout for waits: generous, because CI machines are slow and loaded.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The real binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_convene");

/// Key sequences as a terminal (xterm, normal cursor-key mode) sends them.
pub mod keys {
    pub const RIGHT: &[u8] = b"\x1b[C";
    pub const LEFT: &[u8] = b"\x1b[D";
    pub const UP: &[u8] = b"\x1b[A";
    pub const DOWN: &[u8] = b"\x1b[B";
    pub const HOME: &[u8] = b"\x1b[H";
    pub const END: &[u8] = b"\x1b[F";
    pub const PAGE_UP: &[u8] = b"\x1b[5~";
    pub const PAGE_DOWN: &[u8] = b"\x1b[6~";
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const TAB: &[u8] = b"\t";
    pub const BACKSPACE: &[u8] = b"\x7f";
    pub const CTRL_C: &[u8] = b"\x03";
    pub const F1: &[u8] = b"\x1bOP";
}

/// A scratch directory under the system temp dir, unique per call, removed on drop.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Create `$TMPDIR/convene-test-<pid>-<n>-<label>`.
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("convene-test-{}-{n}-{label}", std::process::id()));
        // A leftover from an earlier run with the same pid would only confuse us.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        Scratch { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write a file (creating parent directories) and return its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent directory");
        }
        std::fs::write(&p, contents).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Point `HOME` and the XDG base directories inside `home` (created as needed).
fn isolated_home_env(home: &Path) -> Vec<(String, PathBuf)> {
    let dirs = [
        ("HOME", home.to_path_buf()),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_STATE_HOME", home.join(".local/state")),
        ("XDG_CACHE_HOME", home.join(".cache")),
        ("XDG_RUNTIME_DIR", home.join(".run")),
    ];
    for (_, d) in &dirs {
        let _ = std::fs::create_dir_all(d);
    }
    dirs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The environment every spawned program gets (on top of an empty one).
fn base_env(home: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("TERM".into(), "xterm-256color".into()),
        ("LANG".into(), "en_CA.UTF-8".into()),
        ("RUST_BACKTRACE".into(), "1".into()),
    ];
    // Keep PATH (for anything the program might exec) and coverage tooling's variables.
    for key in ["PATH", "LLVM_PROFILE_FILE"] {
        if let Ok(v) = std::env::var(key) {
            env.push((key.into(), v));
        }
    }
    for (k, v) in isolated_home_env(home) {
        env.push((k, v.display().to_string()));
    }
    env
}

/// A `std::process::Command` for the binary with the same isolated environment as [`Pty`]
/// (for subcommands that do not need a terminal, such as `check`).
pub fn command(home: &Scratch) -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.env_clear()
        .envs(base_env(home.path()))
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Builder for [`Pty`]: size, arguments, environment, working directory, home.
#[derive(Debug)]
pub struct PtyBuilder {
    cols: u16,
    rows: u16,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cwd: PathBuf,
    home: Option<PathBuf>,
    answer_queries: bool,
}

impl PtyBuilder {
    /// Terminal size in columns × rows (default 80×24).
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.args.push(arg.as_ref().to_string_lossy().into_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    /// Set (or override) an environment variable, e.g. `NO_COLOR=1`.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Working directory (default: the crate root, so `decks/…` and `tests/…` paths work).
    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = dir.into();
        self
    }

    /// Use this directory as `HOME` (with XDG dirs inside) instead of a fresh one removed on
    /// drop — for tests that run the program twice against the same state (e.g. resume).
    pub fn home(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Some(dir.into());
        self
    }

    /// Answer the terminal queries a bare pty leaves unanswered — device attributes (`ESC[c`,
    /// as a VT220 without graphics), the cursor position (`ESC[6n`, from the screen model) and
    /// the status report (`ESC[5n`) — for programs that wait for the answers (presenterm, and
    /// convene's background-colour query, which a VT220's answer to the device attributes
    /// settles at once, in the pty benchmark). convene's tests leave this off.
    pub fn answer_queries(mut self) -> Self {
        self.answer_queries = true;
        self
    }

    /// Run another program than convene (e.g. to test the harness itself).
    pub fn program(mut self, program: impl Into<PathBuf>) -> Self {
        self.program = program.into();
        self
    }

    /// Start the program; panics with the reason if it cannot be started.
    pub fn spawn(self) -> Pty {
        let (own_home, home) = match &self.home {
            Some(h) => (None, h.clone()),
            None => {
                let s = Scratch::new("home");
                let p = s.path().to_path_buf();
                (Some(s), p)
            }
        };
        let mut cmd = CommandBuilder::new(&self.program);
        cmd.args(&self.args);
        cmd.env_clear();
        for (k, v) in base_env(&home).into_iter().chain(self.env) {
            cmd.env(k, v);
        }
        cmd.cwd(&self.cwd);

        let pair = native_pty_system()
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("openpty: {e:#}"));
        let cooked = line_mode(pair.master.as_ref());

        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser: vt100::Parser::new(nz(self.rows), nz(self.cols), 0),
                transcript: Vec::new(),
                eof: false,
                watch: None,
            }),
            changed: Condvar::new(),
        });
        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("pty reader: {e:#}"));
        let writer: SharedWriter = Arc::new(Mutex::new(
            pair.master
                .take_writer()
                .unwrap_or_else(|e| panic!("pty writer: {e:#}")),
        ));
        let answers = self.answer_queries.then(|| Arc::clone(&writer));

        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {}: {e:#}", self.program.display()));
        // Our copy of the slave must go, or the reader never sees end-of-file.
        drop(pair.slave);

        let thread_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || read_loop(&mut *reader, &thread_shared, answers.as_ref()))
            .expect("spawn the pty reader thread");

        Pty {
            master: pair.master,
            writer,
            child,
            shared,
            status: None,
            started,
            initial_line_mode: cooked,
            size: (self.cols, self.rows),
            _home: own_home,
            home,
        }
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).expect("non-zero")
}

/// A predicate waited for, evaluated by the reader thread after each chunk.
struct Watch {
    pred: Box<dyn FnMut(&vt100::Screen) -> bool + Send>,
    hit: Option<Instant>,
}

struct State {
    parser: vt100::Parser,
    /// Everything the program wrote, raw.
    transcript: Vec<u8>,
    /// The pty closed (every process holding the terminal has exited).
    eof: bool,
    watch: Option<Watch>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking predicate poisons the lock; the state itself is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The pty's input side, shared by the test (keys) and the reader thread (answers to queries).
type SharedWriter = Arc<Mutex<Box<dyn Write + Send>>>;

/// Answers to the queries found in `out` (see [`PtyBuilder::answer_queries`]).
fn answers_to(out: &[u8], screen: &vt100::Screen) -> Vec<u8> {
    let mut reply = Vec::new();
    for (i, w) in out.windows(3).enumerate() {
        match w {
            b"\x1b[c" => reply.extend_from_slice(b"\x1b[?62;22c"),
            b"\x1b[6" if out.get(i + 3) == Some(&b'n') => {
                let (row, col) = screen.cursor_position();
                reply.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
            }
            b"\x1b[5" if out.get(i + 3) == Some(&b'n') => reply.extend_from_slice(b"\x1b[0n"),
            _ => {}
        }
    }
    reply
}

fn read_loop(reader: &mut (dyn Read + Send), shared: &Shared, answers: Option<&SharedWriter>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => 0,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // EIO: the slave side is closed.
            Err(_) => 0,
        };
        let arrived = Instant::now();
        let mut st = shared.lock();
        if n == 0 {
            st.eof = true;
            drop(st);
            shared.changed.notify_all();
            return;
        }
        st.parser.process(&buf[..n]);
        st.transcript.extend_from_slice(&buf[..n]);
        if let Some(w) = answers {
            let reply = answers_to(&buf[..n], st.parser.screen());
            if !reply.is_empty() {
                let mut w = w.lock().unwrap_or_else(|e| e.into_inner());
                let _ = w.write_all(&reply).and_then(|()| w.flush());
            }
        }
        let State { parser, watch, .. } = &mut *st;
        if let Some(w) = watch
            && w.hit.is_none()
            && (w.pred)(parser.screen())
        {
            w.hit = Some(arrived);
        }
        drop(st);
        shared.changed.notify_all();
    }
}

/// Whether the terminal's line discipline is in canonical ("cooked") mode with echo — as it
/// is before a full-screen program starts and must be again after it exits. `None` where the
/// pty does not expose its termios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineMode {
    pub canonical: bool,
    pub echo: bool,
}

impl LineMode {
    pub fn is_raw(&self) -> bool {
        !self.canonical && !self.echo
    }
}

fn line_mode(master: &dyn MasterPty) -> Option<LineMode> {
    #[cfg(unix)]
    {
        let t = master.get_termios()?;
        // Names rather than bit values: the values differ between platforms.
        let set = |name: &str| t.local_flags.iter_names().any(|(n, _)| n == name);
        Some(LineMode {
            canonical: set("ICANON"),
            echo: set("ECHO"),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = master;
        None
    }
}

/// A program running in a pseudo-terminal. Killed (SIGHUP, then SIGKILL) on drop if still running.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: SharedWriter,
    child: Box<dyn Child + Send + Sync>,
    shared: Arc<Shared>,
    status: Option<ExitStatus>,
    started: Instant,
    initial_line_mode: Option<LineMode>,
    size: (u16, u16),
    _home: Option<Scratch>,
    home: PathBuf,
}

impl Pty {
    /// A builder for `convene` at 80×24 in the crate root, with no arguments.
    pub fn builder() -> PtyBuilder {
        PtyBuilder {
            cols: 80,
            rows: 24,
            program: PathBuf::from(BIN),
            args: Vec::new(),
            env: Vec::new(),
            cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            home: None,
            answer_queries: false,
        }
    }

    /// `convene ARGS…` at `cols`×`rows`.
    pub fn spawn(cols: u16, rows: u16, args: &[&str]) -> Pty {
        Pty::builder().size(cols, rows).args(args).spawn()
    }

    /// When the process was started (just before the spawn).
    pub fn started(&self) -> Instant {
        self.started
    }

    /// The process id (for signals and `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child process id")
    }

    /// The `HOME` the program runs with.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Current size as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Send raw bytes (keys) to the program.
    #[track_caller]
    pub fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .unwrap_or_else(|e| panic!("write to the pty: {e}"));
    }

    /// Type text as keystrokes (one write).
    #[track_caller]
    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Send a lone Esc, then leave a short gap so the next key is not read together with it as
    /// Alt+key. (Pacing, not synchronisation: still wait for the Esc's effect if it matters.)
    #[track_caller]
    pub fn send_esc(&mut self) {
        self.send(keys::ESC);
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Send a signal by name (`TERM`, `HUP`, `INT`, `KILL`, …) with the shell's `kill` builtin
    /// (`/bin/kill` is not on every minimal system; `sh` is).
    #[track_caller]
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("sh")
            .args(["-c", "kill -s \"$0\" \"$1\"", name, &self.pid().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("run kill: {e}"));
        assert!(
            status.success(),
            "kill -s {name} {} failed: {status}",
            self.pid()
        );
    }

    /// Resize the terminal (the program gets SIGWINCH). The screen model is resized first, so
    /// whatever the program draws for the new size lands in a screen of that size.
    #[track_caller]
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.shared.lock().parser.set_size(nz(rows), nz(cols));
        self.claim_size(cols, rows);
        self.size = (cols, rows);
    }

    /// Resize the pty only, not the screen model: for sizes too large to model (65535×65535),
    /// to see that the program survives them. Follow with [`Pty::resize`] to a real size.
    #[track_caller]
    pub fn claim_size(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("resize the pty: {e:#}"));
    }

    /// Run `f` on the current screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.shared.lock().parser.screen())
    }

    /// The screen's text, rows separated by newlines.
    pub fn screen_text(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// The screen's rows.
    pub fn screen_rows(&self) -> Vec<String> {
        self.with_screen(rows)
    }

    /// Everything the program has written so far, raw.
    pub fn transcript(&self) -> Vec<u8> {
        self.shared.lock().transcript.clone()
    }

    /// Whether the raw output ever contained `needle` (e.g. `b"\x1b[?1049h"`).
    pub fn output_contains(&self, needle: &[u8]) -> bool {
        let st = self.shared.lock();
        st.transcript.windows(needle.len()).any(|w| w == needle)
    }

    /// The terminal's line mode before the program started (the baseline for "restored").
    pub fn initial_line_mode(&self) -> Option<LineMode> {
        self.initial_line_mode
    }

    /// The terminal's line mode now (read from the pty's termios; `None` where unsupported).
    pub fn line_mode(&self) -> Option<LineMode> {
        line_mode(self.master.as_ref())
    }

    /// Wait until `pred` holds for the screen; returns when the output that made it true
    /// arrived. Panics after `timeout`, showing the screen.
    #[track_caller]
    pub fn wait_for(
        &self,
        pred: impl FnMut(&vt100::Screen) -> bool + Send + 'static,
        timeout: Duration,
    ) -> Instant {
        match self.try_wait_for(pred, timeout) {
            Some(t) => t,
            None => panic!(
                "timed out after {timeout:?} waiting for the screen\n{}",
                self.describe()
            ),
        }
    }

    /// Wait for the screen to show `text` (possibly wrapped).
    #[track_caller]
    pub fn wait_text(&self, text: &str) {
        let text = text.to_owned();
        self.wait_for(move |s| shows(s, &text), TIMEOUT);
    }

    /// Wait for the screen to stop showing `text`.
    #[track_caller]
    pub fn wait_no_text(&self, text: &str) {
        let text = text.to_owned();
        self.wait_for(move |s| !shows(s, &text), TIMEOUT);
    }

    /// Wait for the status line to show slide `n` (of any total); returns the total.
    #[track_caller]
    pub fn wait_position(&self, n: usize) -> usize {
        self.wait_for(move |s| position(s).is_some_and(|(a, _)| a == n), TIMEOUT);
        self.with_screen(position).map_or(0, |(_, total)| total)
    }

    /// Jump to slide `n` (1-based) as a presenter does: its number, then Enter.
    /// Open the room's participation (`p`) and read the join code the screen then shows
    /// ("Join code K7Q2").
    pub fn open_room(&mut self) -> String {
        self.type_text("p");
        self.wait_text("Join code");
        let code: String = self
            .screen_text()
            .split("Join code ")
            .nth(1)
            .map(|r| r.chars().take_while(char::is_ascii_alphanumeric).collect())
            .unwrap_or_default();
        assert_eq!(code.len(), 4, "a join code on screen:\n{}", self.describe());
        code
    }

    pub fn go_to(&mut self, n: usize) {
        self.type_text(&n.to_string());
        self.send(keys::ENTER);
    }

    /// [`Pty::wait_for`] without the panic: `None` on timeout.
    pub fn try_wait_for(
        &self,
        mut pred: impl FnMut(&vt100::Screen) -> bool + Send + 'static,
        timeout: Duration,
    ) -> Option<Instant> {
        let mut st = self.shared.lock();
        if pred(st.parser.screen()) {
            return Some(Instant::now());
        }
        st.watch = Some(Watch {
            pred: Box::new(pred),
            hit: None,
        });
        self.await_watch(st, timeout)
    }

    /// Send `bytes` and wait for `pred`, which must not already hold: returns the time from
    /// just before the write to the arrival of the output that made it true. For latency
    /// measurements (no race between the write and installing the predicate).
    #[track_caller]
    pub fn send_and_time(
        &mut self,
        bytes: &[u8],
        pred: impl FnMut(&vt100::Screen) -> bool + Send + 'static,
        timeout: Duration,
    ) -> Duration {
        self.shared.lock().watch = Some(Watch {
            pred: Box::new(pred),
            hit: None,
        });
        let sent = Instant::now();
        self.send(bytes);
        let st = self.shared.lock();
        match self.await_watch(st, timeout) {
            Some(t) => t.saturating_duration_since(sent),
            None => panic!(
                "timed out after {timeout:?} waiting for the screen after sending {bytes:?}\n{}",
                self.describe()
            ),
        }
    }

    fn await_watch(&self, mut st: MutexGuard<'_, State>, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(hit) = st.watch.as_ref().and_then(|w| w.hit) {
                st.watch = None;
                return Some(hit);
            }
            let now = Instant::now();
            if now >= deadline || st.eof {
                st.watch = None;
                return None;
            }
            st = self
                .shared
                .changed
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The screen, the status line, whether the program still runs, and the last bytes of
    /// output: for failure messages.
    pub fn describe(&self) -> String {
        let st = self.shared.lock();
        let screen = st.parser.screen();
        let (rows_n, cols_n) = screen.size();
        let mut out = format!(
            "── screen {cols_n}×{rows_n} (alternate: {}, cursor hidden: {}, eof: {}) ──\n",
            screen.alternate_screen(),
            screen.hide_cursor(),
            st.eof
        );
        for (i, row) in rows(screen).iter().enumerate() {
            out.push_str(&format!("{i:>3}│{row}\n"));
        }
        let tail_from = st.transcript.len().saturating_sub(300);
        out.push_str(&format!(
            "── last output bytes ──\n{:?}\n",
            String::from_utf8_lossy(&st.transcript[tail_from..])
        ));
        out
    }

    /// Press `q` to quit, and press it again when convene asks (past the first slide while
    /// recording, one `q` only asks "Quit? Press q again").
    pub fn send_quit(&mut self) {
        self.send(b"q");
        let asked = |s: &vt100::Screen| shows(s, "q again") || shows(s, "de nouveau sur q");
        let settled = self.try_wait_for(move |s| asked(s) || !s.alternate_screen(), TIMEOUT);
        if settled.is_some() && self.with_screen(|s| s.alternate_screen() && asked(s)) {
            self.send(b"q");
        }
    }

    /// Whether the program has exited (without waiting).
    pub fn exited(&mut self) -> bool {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status.is_some()
    }

    /// Wait for the program to exit and for its last output to be read; returns the exit
    /// status. Panics after `timeout`.
    #[track_caller]
    pub fn wait_status(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        while !self.exited() {
            if Instant::now() >= deadline {
                panic!(
                    "the program did not exit within {timeout:?}\n{}",
                    self.describe()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // The exit closed the terminal: wait for the reader to drain what was written last.
        let mut st = self.shared.lock();
        while !st.eof {
            let now = Instant::now();
            if now >= deadline {
                drop(st);
                panic!(
                    "the program exited but the pty did not close within {timeout:?}\n{}",
                    self.describe()
                );
            }
            st = self
                .shared
                .changed
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(st);
        self.status.clone().expect("exit status")
    }

    /// Wait for the program to exit; returns its exit code. Panics after `timeout`, or if a
    /// signal killed it (a program that handles the signal exits with a code instead).
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let status = self.wait_status(timeout);
        if let Some(sig) = status.signal() {
            panic!("the program was killed by {sig}\n{}", self.describe());
        }
        status.exit_code()
    }

    /// Assert the terminal is as the program found it: main screen, cursor visible, and (where
    /// the pty exposes termios) the same line mode as before the program started.
    #[track_caller]
    pub fn assert_restored(&self) {
        let (alt, hidden) = self.with_screen(|s| (s.alternate_screen(), s.hide_cursor()));
        assert!(!alt, "still on the alternate screen\n{}", self.describe());
        assert!(!hidden, "the cursor is still hidden\n{}", self.describe());
        let (before, now) = (self.initial_line_mode, self.line_mode());
        // Linux always exposes the pty's termios: make sure the check really ran there.
        if cfg!(target_os = "linux") {
            assert!(before.is_some() && now.is_some(), "termios unavailable");
        }
        if let (Some(before), Some(now)) = (before, now) {
            assert_eq!(
                now, before,
                "raw mode was not turned off (termios line mode)"
            );
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !self.exited() {
            // SIGHUP, then SIGKILL after a grace period (portable-pty's `kill`).
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen's rows as text.
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    let cols = screen.size().1.get();
    screen.rows(0, cols).collect()
}

/// The bottom row (convene's status line).
pub fn status_line(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// The slide position `n/N` shown in the status line, if any.
pub fn position(screen: &vt100::Screen) -> Option<(usize, usize)> {
    parse_position(&status_line(screen))
}

/// The last `n/N` token in a line.
pub fn parse_position(line: &str) -> Option<(usize, usize)> {
    line.split_whitespace().rev().find_map(|tok| {
        let (a, b) = tok.split_once('/')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    })
}

/// The screen's text with all whitespace (including line breaks) collapsed to single spaces:
/// for finding a phrase that may have been wrapped.
pub fn flat_text(screen: &vt100::Screen) -> String {
    screen
        .contents()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the screen shows `text` (possibly wrapped over several lines).
pub fn shows(screen: &vt100::Screen, text: &str) -> bool {
    let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat_text(screen).contains(&want)
}
