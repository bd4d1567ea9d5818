//! The session journal: a crash-safe record of a presentation, as JSON lines.
//!
//! The first line is a [`Record::Start`]; then one [`Record::Action`] per action the presenter
//! applied (every action but [`Action::Clock`]), with the time it was applied and the slide and
//! step it left the presenter on; a clean exit adds [`Record::End`]. A resume appends a new
//! `Start` with `resumed: true` to the same file. Because the actions are the ones that drive
//! [`update`], [`replay`] rebuilds the exact state.
//!
//! Durability: each record is one `write_all` of a whole line followed by `sync_data`, so after a
//! crash at most the last line is torn, and [`read`] ignores a torn last line. A new journal's file
//! and folder are synced with its first append ([`Journal::create`]) — for the presenter,
//! right after the first frame is on screen, so start-up does not wait for the disk. An exclusive lock (`File::try_lock`) keeps a
//! second presenter from writing the same journal, and the error says which process holds it.
//!
//! Paths: [`default_dir`] (the user's state folder), [`new_path`] (one file per session, named
//! after the deck and the UTC start time) and [`newest_for`] (what `--resume` picks).

use crate::deck::Deck;
use crate::present::app::{Action, App, Millis, Overlay, update};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// A presenter started (or resumed) recording.
    Start {
        t: Millis,
        /// The deck file (absolute path), or `(bundled:en)` / `(bundled:fr)`.
        deck_path: String,
        /// [`deck_hash`] of the deck's source text.
        deck_hash: String,
        title: String,
        /// The convene version that wrote this record.
        version: String,
        /// The process writing the journal from here on (named when the journal is locked).
        pid: u32,
        resumed: bool,
    },
    /// An action applied at `t`, and where it left the presenter.
    Action {
        t: Millis,
        action: Action,
        /// The current slide's id after the action.
        slide_id: String,
        /// The reveal step after the action.
        step: usize,
    },
    /// The deck file was saved and loaded again at `t`: a reference to it (its path and the
    /// [`deck_hash`] of the text loaded), never the deck itself, and where the presenter was
    /// after it. Replay does not switch decks here: it presents the deck it was given (the
    /// file as it is now) and maps positions by slide id.
    Reload {
        t: Millis,
        deck_path: String,
        deck_hash: String,
        slide_id: String,
        step: usize,
    },
    /// The presenter quit cleanly.
    End { t: Millis },
}

/// The id of the slide `app` is on (empty for a deck without slides): records map by it.
fn slide_id(app: &App) -> String {
    app.deck
        .slides
        .get(app.slide)
        .map(|s| s.id.to_string())
        .unwrap_or_default()
}

impl Record {
    /// A start record for this process: version and pid filled in; `deck_hash` is the
    /// [`deck_hash`] of the deck's source (the file as read, or `bundled::source(lang)`): the
    /// presenter keeps the hash of the file it loaded, not its bytes.
    pub fn start(
        t: Millis,
        deck_path: &str,
        deck_hash: String,
        title: &str,
        resumed: bool,
    ) -> Record {
        Record::Start {
            t,
            deck_path: deck_path.to_owned(),
            deck_hash,
            title: title.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            pid: std::process::id(),
            resumed,
        }
    }

    /// The record of an action just applied to `app` at `t` (the same `t` given to `update`).
    pub fn action(app: &App, action: &Action, t: Millis) -> Record {
        Record::Action {
            t,
            action: action.clone(),
            slide_id: slide_id(app),
            step: app.step,
        }
    }

    /// The record of a reload just applied to `app` at `t`: the file's path and the hash of
    /// the bytes that were loaded.
    pub fn reload(app: &App, deck_path: &str, deck_hash: String, t: Millis) -> Record {
        Record::Reload {
            t,
            deck_path: deck_path.to_owned(),
            deck_hash,
            slide_id: slide_id(app),
            step: app.step,
        }
    }

    /// When this record was written.
    pub fn t(&self) -> Millis {
        match self {
            Record::Start { t, .. }
            | Record::Action { t, .. }
            | Record::Reload { t, .. }
            | Record::End { t } => *t,
        }
    }
}

/// The `deck_path` of a bundled deck.
pub fn bundled_path(lang: crate::words::Lang) -> &'static str {
    match lang {
        crate::words::Lang::En => "(bundled:en)",
        crate::words::Lang::Fr => "(bundled:fr)",
    }
}

/// A stable hash of a deck's source text: FNV-1a 64, as 16 lower-case hex digits.
pub fn deck_hash(source: &[u8]) -> String {
    let mut h = DeckHasher::default();
    h.update(source);
    h.finish()
}

/// [`deck_hash`] of a text given in pieces (read a part at a time): the same hash.
#[derive(Debug, Clone, Copy)]
pub struct DeckHasher(u64);

impl Default for DeckHasher {
    fn default() -> Self {
        DeckHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl DeckHasher {
    /// The next bytes of the text.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash of every byte given so far.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Why a journal could not be opened or read.
#[derive(Debug)]
pub enum JournalError {
    /// Another process holds the journal's lock; `pid` is the one named by the file's last
    /// start record, when it could be read.
    Locked { path: PathBuf, pid: Option<u32> },
    /// `create` found a file already there (not locked: nobody is writing it).
    Exists { path: PathBuf },
    /// A line before the last one is not a record (1-based line number).
    Corrupt {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Not a journal: not a regular file, or its first record is not a start record.
    NotAJournal { path: PathBuf },
    /// Over [`MAX_JOURNAL_BYTES`].
    TooBig { path: PathBuf, len: u64 },
    /// `--journal PATH` names something that is not a file (a folder, a dangling link).
    NotAFile { path: PathBuf, what: &'static str },
    /// The file system said no.
    Io {
        path: PathBuf,
        /// What we were doing, e.g. "open".
        doing: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Locked { path, pid } => {
                let who = match pid {
                    Some(pid) => format!("another convene (process {pid})"),
                    None => "another process".to_owned(),
                };
                write!(
                    f,
                    "the journal {} is in use by {who}. Close that presenter first (or end \
                     process {}), then try again; to present meanwhile, record to a new journal \
                     (leave out --resume, or pass --journal NEW.jsonl) or pass --no-record.",
                    path.display(),
                    pid.map_or_else(|| "it".to_owned(), |p| p.to_string()),
                )
            }
            JournalError::Exists { path } => write!(
                f,
                "the journal {} already exists. Continue it with `convene present --resume {}`, \
                 or choose another file with --journal.",
                path.display(),
                path.display()
            ),
            JournalError::Corrupt {
                path,
                line,
                message,
            } => write!(
                f,
                "{}:{line}: this line is not a journal record ({message}). The journal was \
                 changed or damaged; restore it from a copy, or delete that line to keep the rest.",
                path.display()
            ),
            JournalError::NotAJournal { path } => write!(
                f,
                "{} is not a convene journal (a journal is a regular file that starts with a \
                 start record); it was left as it is. Name a journal (`convene sessions` lists \
                 them).",
                path.display()
            ),
            JournalError::NotAFile { path, what } => write!(
                f,
                "cannot record to {}: it is {what}. Name a new file for the journal, e.g. \
                 --journal {}",
                path.display(),
                path.join("session.jsonl").display()
            ),
            JournalError::TooBig { path, len } => write!(
                f,
                "{} is {} MiB; convene reads journals of at most {} MiB",
                path.display(),
                len / (1024 * 1024),
                MAX_JOURNAL_BYTES / (1024 * 1024)
            ),
            JournalError::Io {
                path,
                doing,
                source,
            } => write!(f, "could not {doing} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(path: &Path, doing: &'static str) -> impl FnOnce(io::Error) -> JournalError + use<> {
    let path = path.to_owned();
    move |source| JournalError::Io {
        path,
        doing,
        source,
    }
}

/// Where a journal's bytes go: the file, or (in tests) a writer that fails on demand.
pub trait Store: Send + fmt::Debug {
    /// Append `bytes` at the end (may write part of them before failing).
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Make what was appended durable.
    fn sync(&mut self) -> io::Result<()>;
    /// Cut the store back to `len` bytes (drops a partly written record).
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

impl Store for File {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
}

/// An open journal, locked for this process until dropped.
///
/// A failed append never leaves half a record: the file is cut back to the end of the last
/// whole record (`good_len`), at once or, if that fails too, before the next append.
#[derive(Debug)]
pub struct Journal {
    file: Box<dyn Store>,
    path: PathBuf,
    /// Bytes of whole records written (the file's length when nothing is torn).
    good_len: u64,
    /// The file may hold a partial record past `good_len`.
    dirty: bool,
    /// Made by [`Journal::create`] and not synced yet: the next append syncs the
    /// start record with its own, and the folder (`Some(folder)`) or nothing else (`Some(None)`).
    unsynced: Option<Option<PathBuf>>,
}

impl Journal {
    /// Creates a new journal at `path` (and its folders), locks it and writes `start`. Fails
    /// with [`JournalError::Exists`] if the file exists, or [`JournalError::Locked`] if another
    /// process is writing it.
    ///
    /// Durable with the first [`Journal::append_all`] (or [`Journal::sync_new`]): the file's
    /// and its folder's syncs (about a millisecond) wait for it — for the presenter, right after
    /// its first frame, so start-up does not wait for the disk. Every check and failure happens
    /// here, and the start record is written (so a second presenter is told who holds the file).
    pub fn create(path: &Path, start: &Record) -> Result<Journal, JournalError> {
        let parent = parent_of(path);
        if let Some(dir) = &parent {
            fs::create_dir_all(dir).map_err(io_err(path, "create the folder of"))?;
        }
        let file = match OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(true)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                // A folder, or a link to nowhere, is not a journal to continue.
                match fs::symlink_metadata(path) {
                    Ok(m) if m.is_dir() => {
                        return Err(JournalError::NotAFile {
                            path: path.to_owned(),
                            what: "a folder",
                        });
                    }
                    Ok(m) if m.file_type().is_symlink() && fs::metadata(path).is_err() => {
                        return Err(JournalError::NotAFile {
                            path: path.to_owned(),
                            what: "a symbolic link to nothing",
                        });
                    }
                    Ok(m) if !m.is_file() && !m.file_type().is_symlink() => {
                        return Err(JournalError::NotAFile {
                            path: path.to_owned(),
                            what: "not a regular file",
                        });
                    }
                    _ => {}
                }
                // Say who is writing it, if anyone.
                if let Ok(f) = File::open(path)
                    && let Err(TryLockError::WouldBlock) = try_lock(&f)
                {
                    return Err(locked(path));
                }
                return Err(JournalError::Exists {
                    path: path.to_owned(),
                });
            }
            Err(e) => return Err(io_err(path, "create")(e)),
        };
        // From here on, a failure removes the file again: an empty file left behind would block
        // the path ("already exists").
        let remove = |e: JournalError| {
            let _ = fs::remove_file(path);
            e
        };
        lock(&file, path).map_err(remove)?;
        let mut journal = Journal {
            file: Box::new(file),
            path: path.to_owned(),
            good_len: 0,
            dirty: false,
            unsynced: Some(parent),
        };
        journal
            .append_unsynced(start)
            .map_err(io_err(path, "write"))
            .map_err(remove)?;
        Ok(journal)
    }

    /// Sync what [`Journal::create`] wrote (nothing to do otherwise).
    pub fn sync_new(&mut self) -> io::Result<()> {
        let Some(parent) = &self.unsynced else {
            return Ok(());
        };
        self.file.sync()?;
        if let Some(dir) = parent {
            sync_dir(dir)?;
        }
        self.unsynced = None;
        Ok(())
    }

    /// Whether [`Journal::create`]'s start record is still waiting for its sync.
    pub fn is_unsynced(&self) -> bool {
        self.unsynced.is_some()
    }

    /// Write `record` as one line without syncing (the start record of a new journal).
    fn append_unsynced(&mut self, record: &Record) -> io::Result<()> {
        let mut text = serde_json::to_string(record).map_err(io::Error::other)?;
        text.push('\n');
        self.file.append(text.as_bytes())?;
        self.good_len += text.len() as u64;
        Ok(())
    }

    /// Opens an existing journal to continue it: locks it, drops a torn last line, and appends
    /// `start` (which should have `resumed: true`). Read the records (with [`read`]) after this,
    /// so that nobody can write between reading and appending.
    pub fn open_append(path: &Path, start: &Record) -> Result<Journal, JournalError> {
        // A FIFO or device would block or never end: refused before opening.
        if !fs::metadata(path).map_err(io_err(path, "open"))?.is_file() {
            return Err(JournalError::NotAJournal {
                path: path.to_owned(),
            });
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(io_err(path, "open"))?;
        lock(&file, path)?;
        let bytes = read_bounded(&mut file, path)?;
        let scanned = scan(&bytes);
        // Only a journal is continued: anything else (a one-line file looks like "a journal
        // with a torn last line") is left as it is.
        if !matches!(scanned.records.first(), Some(Record::Start { .. })) {
            return Err(JournalError::NotAJournal {
                path: path.to_owned(),
            });
        }
        let mut len = bytes.len() as u64;
        if let Some(torn) = scanned.torn_at {
            file.set_len(torn as u64)
                .map_err(io_err(path, "repair the last line of"))?;
            len = torn as u64;
        } else if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            // A whole record whose newline was not written.
            file.write_all(b"\n").map_err(io_err(path, "write"))?;
            len += 1;
        }
        let synced = file.try_clone().map_err(io_err(path, "open"))?;
        let mut journal = Journal {
            file: Box::new(file),
            path: path.to_owned(),
            good_len: len,
            dirty: false,
            unsynced: None,
        };
        journal.append(start).map_err(io_err(path, "write"))?;
        synced.sync_all().map_err(io_err(path, "sync"))?;
        Ok(journal)
    }

    /// Appends one record as one line and syncs it to disk.
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        self.append_all(std::slice::from_ref(record))
    }

    /// Appends records, one line each, in one write and one sync: the run loop's batch of
    /// actions handled between two frames.
    /// The first append to a journal made by [`Journal::create`] also makes its start
    /// record durable (one sync for both, then the folder's).
    pub fn append_all(&mut self, records: &[Record]) -> io::Result<()> {
        if records.is_empty() {
            return self.sync_new();
        }
        let mut text = String::new();
        for record in records {
            text.push_str(&serde_json::to_string(record).map_err(io::Error::other)?);
            text.push('\n');
        }
        if self.dirty {
            self.file.truncate(self.good_len)?;
            self.dirty = false;
        }
        let written = self
            .file
            .append(text.as_bytes())
            .and_then(|()| self.file.sync());
        match written {
            Ok(()) => {
                self.good_len += text.len() as u64;
                // The file's sync covered the start record too; the folder's is left.
                if let Some(Some(dir)) = &self.unsynced {
                    sync_dir(dir)?;
                }
                self.unsynced = None;
                Ok(())
            }
            Err(e) => {
                // Cut the partial record off now, or before the next append.
                self.dirty = self.file.truncate(self.good_len).is_err();
                Err(e)
            }
        }
    }

    /// A journal writing to `store` (which holds `good_len` bytes of whole records), for tests
    /// that need writes to fail (a full disk). Not locked, and no start record is written.
    pub fn with_store(path: &Path, store: Box<dyn Store>, good_len: u64) -> Journal {
        Journal {
            file: store,
            path: path.to_owned(),
            good_len,
            dirty: false,
            unsynced: None,
        }
    }

    /// Records an action just applied to `app` at `t` (the `now` given to `update`). Does
    /// nothing for [`Action::Clock`].
    pub fn record(&mut self, app: &App, action: &Action, t: Millis) -> io::Result<()> {
        if matches!(action, Action::Clock) {
            return Ok(());
        }
        self.append(&Record::action(app, action, t))
    }

    /// Records a clean end.
    pub fn end(&mut self, t: Millis) -> io::Result<()> {
        self.append(&Record::End { t })
    }

    /// Close and remove a journal that records nothing worth keeping (a deck refused once its
    /// rest was read, after its first slides were shown).
    pub fn discard(self) -> io::Result<()> {
        let path = self.path.clone();
        drop(self);
        fs::remove_file(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn parent_of(path: &Path) -> Option<PathBuf> {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
}

/// Takes the exclusive lock without waiting.
// `File::try_lock` is stable since Rust 1.89 (and etcetera needs 1.87): Cargo.toml's
// `rust-version` must be raised to "1.89"; until then clippy's MSRV check is silenced here.
fn try_lock(file: &File) -> Result<(), TryLockError> {
    file.try_lock()
}

fn lock(file: &File, path: &Path) -> Result<(), JournalError> {
    match try_lock(file) {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(locked(path)),
        Err(TryLockError::Error(e)) => Err(io_err(path, "lock")(e)),
    }
}

fn locked(path: &Path) -> JournalError {
    let pid = read(path).ok().and_then(|records| {
        records.iter().rev().find_map(|r| match r {
            Record::Start { pid, .. } => Some(*pid),
            _ => None,
        })
    });
    JournalError::Locked {
        path: path.to_owned(),
        pid,
    }
}

/// Makes a new directory entry durable (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

struct Scanned {
    records: Vec<Record>,
    /// Byte offset where an unparseable last line starts.
    torn_at: Option<usize>,
    /// Unparseable lines before the last one (1-based), skipped.
    skipped: Vec<usize>,
}

/// Parses journal bytes: blank lines are skipped, an unparseable last line is torn, any other
/// unparseable line is skipped and its number kept.
fn scan(bytes: &[u8]) -> Scanned {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines.push((start, &bytes[start..i]));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        lines.push((start, &bytes[start..]));
    }
    let last_nonblank = lines.iter().rposition(|(_, l)| !l.trim_ascii().is_empty());
    let mut out = Scanned {
        records: Vec::new(),
        torn_at: None,
        skipped: Vec::new(),
    };
    for (n, &(offset, line)) in lines.iter().enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => out.records.push(r),
            Err(_) if Some(n) == last_nonblank => out.torn_at = Some(offset),
            Err(_) => out.skipped.push(n + 1),
        }
    }
    out
}

/// The largest journal read (a day of presenting is well under 1 MiB; reloads are recorded as
/// a reference, not the deck).
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// Reads at most [`MAX_JOURNAL_BYTES`] of an open journal, which must be a regular file.
fn read_bounded(file: &mut File, path: &Path) -> Result<Vec<u8>, JournalError> {
    let meta = file.metadata().map_err(io_err(path, "read"))?;
    if !meta.is_file() {
        return Err(JournalError::NotAJournal {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_JOURNAL_BYTES {
        return Err(JournalError::TooBig {
            path: path.to_owned(),
            len: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err(path, "read"))?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err(JournalError::TooBig {
            path: path.to_owned(),
            len: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// A journal as read: its records and the damaged lines skipped.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    pub records: Vec<Record>,
    /// Lines (1-based) before the last that are not records and were skipped.
    pub skipped: Vec<usize>,
}

impl Contents {
    /// What was skipped, in a sentence, when anything was.
    pub fn skipped_note(&self, path: &Path) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let lines: Vec<String> = self.skipped.iter().take(10).map(usize::to_string).collect();
        let more = if self.skipped.len() > 10 { ", …" } else { "" };
        Some(format!(
            "{} has {} damaged line{} (line {}{more}); skipped, the rest is used",
            path.display(),
            self.skipped.len(),
            if self.skipped.len() == 1 { "" } else { "s" },
            lines.join(", "),
        ))
    }
}

/// Reads a journal: a regular file of at most [`MAX_JOURNAL_BYTES`]. A torn (unparseable) last
/// line is ignored; an unparseable line elsewhere is skipped (see [`read_all`] to learn which).
pub fn read(path: &Path) -> Result<Vec<Record>, JournalError> {
    read_all(path).map(|c| c.records)
}

/// Reads a journal, and which damaged lines were skipped.
pub fn read_all(path: &Path) -> Result<Contents, JournalError> {
    // Not a regular file (a FIFO would block on open, a device never end): refused unopened.
    let meta = fs::metadata(path).map_err(io_err(path, "read"))?;
    if !meta.is_file() {
        return Err(JournalError::NotAJournal {
            path: path.to_owned(),
        });
    }
    let mut file = File::open(path).map_err(io_err(path, "read"))?;
    let bytes = read_bounded(&mut file, path)?;
    let s = scan(&bytes);
    Ok(Contents {
        records: s.records,
        skipped: s.skipped,
    })
}

/// The state a journal rebuilds.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// Ready to present: running timers paused, `quit` cleared, position mapped by slide id.
    pub app: App,
    /// Slide ids the journal names (position, checklist state, timers, notes) that the deck no
    /// longer has. Their state is kept (the report can still show it).
    pub unmapped: Vec<String>,
}

/// Rebuilds the state of a session: see [`replay_with`].
pub fn replay(deck: Deck, records: &[Record]) -> Replayed {
    replay_with(deck, records, |_, _| {})
}

/// Rebuilds the state of a session, calling `visit` after each record is applied.
///
/// `App::new(deck, first start t)`, then `update` with each action at its time. At each resume
/// (a `Start` after the first) and at the end, it does what the presenter did when it resumed:
/// timers still running are paused at the time of the last record before (a crash does not eat
/// the group's time), and `quit` and the flash message are cleared.
///
/// Decks can change between a crash and a resume, and navigation is recorded by index, so after
/// each action the position is set from the record's slide id and step (a no-op when the deck
/// did not change). While the presenter was on a slide the deck no longer has, ticks, answer
/// reveals and timers are skipped (they would land on the wrong slide), and notes keep the id of
/// the slide they were taken on.
pub fn replay_with(
    deck: Deck,
    records: &[Record],
    mut visit: impl FnMut(&App, &Record),
) -> Replayed {
    let t0 = records
        .iter()
        .find_map(|r| match r {
            Record::Start { t, .. } => Some(*t),
            _ => None,
        })
        .or_else(|| records.first().map(Record::t))
        .unwrap_or(0);
    let mut app = App::new(deck, t0);
    let mut last_t = t0;
    // The recorded position after the last action, and whether the deck has that slide.
    let mut last_pos: Option<(&str, usize)> = None;
    let mut mapped = true;
    let mut seen_start = false;
    for record in records {
        match record {
            Record::Start { t, .. } => {
                if seen_start {
                    resume_point(&mut app, last_t);
                }
                seen_start = true;
                last_t = last_t.max(*t);
            }
            Record::Action {
                t,
                action,
                slide_id,
                step,
            } => {
                let on_removed_slide = !mapped;
                // Older journals carried the whole reloaded deck: it is never used (it is not
                // the file named, and its text was never cleaned); the deck given is presented.
                let skip = matches!(action, Action::Reload { .. })
                    || on_removed_slide
                        && matches!(
                            action,
                            Action::Tick { .. } | Action::ToggleAnswer | Action::ToggleTimer
                        );
                if !skip {
                    let notes = app.notes.len();
                    update(&mut app, action, *t);
                    if on_removed_slide
                        && app.notes.len() > notes
                        && let (Some(note), Some((id, _))) = (app.notes.last_mut(), last_pos)
                    {
                        note.slide_id = id.to_owned();
                    }
                }
                mapped = sync_position(&mut app, slide_id, *step);
                last_pos = Some((slide_id, *step));
                last_t = last_t.max(*t);
            }
            Record::Reload {
                t, slide_id, step, ..
            } => {
                mapped = sync_position(&mut app, slide_id, *step);
                last_pos = Some((slide_id, *step));
                last_t = last_t.max(*t);
            }
            Record::End { t } => last_t = last_t.max(*t),
        }
        visit(&app, record);
    }
    resume_point(&mut app, last_t);

    let deck = &app.deck;
    let mut unmapped: Vec<String> = Vec::new();
    let ids = last_pos
        .map(|(id, _)| id)
        .into_iter()
        .chain(app.cases.keys().map(String::as_str))
        .chain(app.timers.keys().map(|(id, _)| id.as_str()))
        .chain(app.notes.iter().map(|n| n.slide_id.as_str()));
    for id in ids {
        if deck.position(id).is_none() && !unmapped.iter().any(|u| u == id) {
            unmapped.push(id.to_owned());
        }
    }
    Replayed { app, unmapped }
}

/// Pauses running timers at `t`.
pub fn pause_timers(app: &mut App, t: Millis) {
    for timer in app.timers.values_mut() {
        if let Some(since) = timer.running_since.take() {
            timer.used_ms += t.saturating_sub(since);
        }
    }
}

/// What the presenter does on resuming.
fn resume_point(app: &mut App, t: Millis) {
    pause_timers(app, t);
    app.quit = false;
    app.flash = None;
}

/// Moves to slide `id` at `step` (clamped), as `update` moves between slides. Returns false,
/// changing nothing, when the deck has no such slide.
fn sync_position(app: &mut App, id: &str, step: usize) -> bool {
    if app.deck.slides.get(app.slide).is_some_and(|s| s.id == id) {
        app.step = step.min(app.deck.slides[app.slide].step_count() - 1);
        return true;
    }
    let Some(i) = app.deck.position(id) else {
        return false;
    };
    app.slide = i;
    app.step = step.min(app.deck.slides[i].step_count() - 1);
    app.panel = crate::present::app::PanelVis::Auto;
    app.focus = crate::present::app::Focus::Slide;
    app.cursor = 0;
    // An overview opened on the old index follows the slide.
    if let Overlay::Overview { cursor } = &mut app.overlay {
        *cursor = (*cursor).min(app.deck.slides.len() - 1);
    }
    true
}

/// How many notes a journal's actions saved, without the deck (mirrors `update`'s note input).
pub fn count_notes(records: &[Record]) -> usize {
    let mut typing: Option<String> = None;
    let mut count = 0;
    for r in records {
        let Record::Action { action, .. } = r else {
            continue;
        };
        match action {
            Action::StartNote => typing = Some(String::new()),
            Action::NoteInput { text } => {
                if let Some(cur) = &mut typing {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        if cur.chars().count() < crate::present::app::MAX_NOTE_CHARS {
                            cur.push(c);
                        }
                    }
                }
            }
            Action::NoteBackspace => {
                if let Some(cur) = &mut typing {
                    cur.pop();
                }
            }
            Action::SaveNote => {
                if let Some(text) = typing.take()
                    && !crate::deck::sanitize::clean_line(&text).trim().is_empty()
                {
                    count += 1;
                }
            }
            Action::Open { .. } | Action::Close | Action::GoTo { .. } | Action::Pick => {
                typing = None;
            }
            _ => {}
        }
    }
    count
}

/// Time presented: from each start to the last record before the next start (or the end), so
/// the time between a crash and a resume does not count.
pub fn presented_ms(records: &[Record]) -> u64 {
    let mut total: u64 = 0;
    let mut segment: Option<(Millis, Millis)> = None;
    for r in records {
        match (r, &mut segment) {
            (Record::Start { t, .. }, seg) => {
                if let Some((from, to)) = seg.take() {
                    total = u64::saturating_add(total, to.saturating_sub(from));
                }
                segment = Some((*t, *t));
            }
            (_, Some((_, to))) => *to = (*to).max(r.t()),
            (_, None) => segment = Some((r.t(), r.t())),
        }
    }
    if let Some((from, to)) = segment {
        total = u64::saturating_add(total, to.saturating_sub(from));
    }
    total
}

/// The deck a journal last recorded, from its last start or reload record: (its absolute path
/// or `(bundled:…)`, the hash of its text).
pub fn last_deck(records: &[Record]) -> Option<(&str, &str)> {
    records.iter().rev().find_map(|r| match r {
        Record::Start {
            deck_path,
            deck_hash,
            ..
        }
        | Record::Reload {
            deck_path,
            deck_hash,
            ..
        } => Some((deck_path.as_str(), deck_hash.as_str())),
        _ => None,
    })
}

/// The hash of the deck text the journal last recorded ([`last_deck`]).
pub fn last_deck_hash(records: &[Record]) -> Option<String> {
    last_deck(records).map(|(_, hash)| hash.to_owned())
}

/// The deck a journal last recorded ([`last_deck`]): its absolute path, or `(bundled:…)`.
pub fn last_deck_path(records: &[Record]) -> Option<&str> {
    last_deck(records).map(|(path, _)| path)
}

/// The first start record of a journal.
pub fn first_start(records: &[Record]) -> Option<&Record> {
    records.iter().find(|r| matches!(r, Record::Start { .. }))
}

/// The deck a journal was recorded with, loaded again.
#[derive(Debug, Clone)]
pub struct SessionDeck {
    pub deck: Deck,
    /// The `deck_path` of the journal's last start record.
    pub deck_path: String,
    /// [`deck_hash`] of the deck's text as loaded now.
    pub deck_hash: String,
    /// Set when the deck's text differs from what the journal recorded (it was edited since).
    pub warning: Option<String>,
}

impl SessionDeck {
    /// A start record for presenting this deck from this process (for `--resume`: `resumed`).
    pub fn start_record(&self, t: Millis, resumed: bool) -> Record {
        Record::Start {
            t,
            deck_path: self.deck_path.clone(),
            deck_hash: self.deck_hash.clone(),
            title: self.deck.meta.title.clone(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            pid: std::process::id(),
            resumed,
        }
    }
}

/// Loads the deck named by the journal's last start record: `(bundled:en)` / `(bundled:fr)`
/// from the binary, otherwise the file. Warns (in `warning`) when the deck changed since.
pub fn load_deck_of(records: &[Record]) -> Result<SessionDeck, String> {
    let Some(Record::Start { deck_path, .. }) = records
        .iter()
        .rev()
        .find(|r| matches!(r, Record::Start { .. }))
    else {
        return Err(
            "the journal has no start record, so it does not say which deck was used".to_owned(),
        );
    };
    let recorded = last_deck_hash(records).unwrap_or_default();
    let bundled = match deck_path.as_str() {
        "(bundled:en)" => Some(crate::words::Lang::En),
        "(bundled:fr)" => Some(crate::words::Lang::Fr),
        _ => None,
    };
    let (bytes, deck) = match bundled {
        Some(lang) => {
            let source = crate::deck::bundled::source(lang);
            let deck = crate::deck::load_str(source)
                .map_err(|e| e.render(deck_path, false))?
                .deck;
            (source.as_bytes().to_vec(), deck)
        }
        None => {
            let bytes = crate::deck::load::read_deck(Path::new(deck_path)).map_err(|e| {
                format!(
                    "cannot read the deck this session used: {}. Put the deck back at that path \
                     to continue or report on this session.",
                    e.one_line(deck_path)
                )
            })?;
            let deck = crate::deck::load_bytes(&bytes)
                .map_err(|e| e.render(deck_path, false))?
                .deck;
            (bytes, deck)
        }
    };
    let hash = deck_hash(&bytes);
    let warning = (hash != recorded).then(|| {
        format!(
            "the deck {deck_path} changed since this session was recorded; slides are matched by \
             id, and times and ticks on slides it no longer has are listed separately"
        )
    });
    Ok(SessionDeck {
        deck,
        deck_path: deck_path.clone(),
        deck_hash: hash,
        warning,
    })
}

// ---------------------------------------------------------------------------------------------
// Paths

/// Where journals live by default: `$XDG_STATE_HOME/convene/sessions`, else
/// `~/.local/state/convene/sessions` (Linux and macOS, XDG); `%APPDATA%\convene\sessions` on
/// Windows. Falls back to `./convene-sessions` when there is no home folder.
pub fn default_dir() -> PathBuf {
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s
            .state_dir()
            .unwrap_or_else(|| s.data_dir())
            .join("convene")
            .join("sessions"),
        Err(_) => PathBuf::from("convene-sessions"),
    }
}

/// A file-name-safe stem for a deck: the file's stem for a path, `bundled-en` / `bundled-fr` for
/// `(bundled:en)` / `(bundled:fr)`. Use the same stem for [`new_path`] and [`newest_for`].
pub fn stem_for(deck_path: &str) -> String {
    let raw = if let Some(lang) = deck_path
        .strip_prefix("(bundled:")
        .and_then(|s| s.strip_suffix(')'))
    {
        format!("bundled-{lang}")
    } else {
        Path::new(deck_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        "deck".to_owned()
    } else {
        safe.to_owned()
    }
}

/// `<dir>/<deck_stem>-<YYYY-MM-DD>-<HHMMSS>Z.jsonl`, the time in UTC.
pub fn new_path(dir: &Path, deck_stem: &str, now: Millis) -> PathBuf {
    let (y, mo, d, h, mi, s) = utc_parts(now);
    dir.join(format!(
        "{deck_stem}-{y:04}-{mo:02}-{d:02}-{h:02}{mi:02}{s:02}Z.jsonl"
    ))
}

/// Creates a new journal in `dir` named by [`new_path`]; if that name is taken (two sessions in
/// the same second), tries `-2`, `-3`, … before the extension.
pub fn create_in(
    dir: &Path,
    deck_stem: &str,
    now: Millis,
    start: &Record,
) -> Result<Journal, JournalError> {
    let base = new_path(dir, deck_stem, now);
    let name = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for n in 1..=20 {
        let path = if n == 1 {
            base.clone()
        } else {
            dir.join(format!("{name}-{n}.jsonl"))
        };
        match Journal::create(&path, start) {
            Err(e @ (JournalError::Exists { .. } | JournalError::Locked { .. })) => last = Some(e),
            other => return other,
        }
    }
    Err(last.unwrap_or(JournalError::Exists { path: base }))
}

/// The sort key of a journal file name made by [`new_path`]: `(stem, "YYYY-MM-DD-HHMMSS",
/// suffix)`, or `None` for other names.
fn parse_name(name: &str) -> Option<(&str, &str, u32)> {
    let rest = name.strip_suffix(".jsonl")?;
    // "<stem>-YYYY-MM-DD-HHMMSSZ" or "…Z-<n>"
    let (rest, suffix) = match rest.rsplit_once("Z-") {
        Some((r, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (r, n.parse().ok()?)
        }
        _ => (rest.strip_suffix('Z')?, 1),
    };
    // rest = "<stem>-YYYY-MM-DD-HHMMSS": the stamp is the last 17 bytes.
    if rest.len() < 19 || !rest.is_char_boundary(rest.len() - 17) {
        return None;
    }
    let (stem_dash, stamp) = rest.split_at(rest.len() - 17);
    let stem = stem_dash.strip_suffix('-')?;
    let shape = stamp.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 | 10 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    (shape && !stem.is_empty()).then_some((stem, stamp, suffix))
}

/// Journals in `dir` named by [`new_path`], with their sort keys.
fn named_journals(dir: &Path) -> Vec<(String, String, u32, PathBuf)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let (stem, stamp, n) = parse_name(&name)?;
            Some((stem.to_owned(), stamp.to_owned(), n, e.path()))
        })
        .collect()
}

/// The newest journal of a deck in `dir` (by the start time in its name), for `--resume`.
pub fn newest_for(dir: &Path, deck_stem: &str) -> Option<PathBuf> {
    named_journals(dir)
        .into_iter()
        .filter(|(stem, ..)| stem == deck_stem)
        .max_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)))
        .map(|(.., path)| path)
}

/// The newest journal of any deck in `dir` (by the start time in its name).
pub fn newest(dir: &Path) -> Option<PathBuf> {
    named_journals(dir)
        .into_iter()
        .max_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)))
        .map(|(.., path)| path)
}

/// Whether a journal recorded real work: an action a facilitator took (a move, a tick, a
/// timer, a note…), not only the start-up's size and recording state or a quit.
pub fn has_work(records: &[Record]) -> bool {
    records.iter().any(|r| {
        matches!(r, Record::Action { action, .. } if !matches!(
            action,
            Action::Resize { .. }
                | Action::SetRecording { .. }
                | Action::Notice { .. }
                | Action::Reload { .. }
                | Action::ReloadFailed { .. }
                | Action::Clock
                | Action::AskQuit
                | Action::CancelQuit
                | Action::Quit
        ))
    })
}

/// The newest journal of the deck `deck` (its recorded name: an absolute path, or
/// `(bundled:…)`) in `dir` that recorded real work ([`has_work`]); else the newest that recorded
/// work with a deck of the same file name (the deck was moved: resuming says it differs); else
/// the newest of any kind. `--resume` must not pick the empty session a mistaken start left, nor
/// another folder's deck of the same name while this deck has a session.
pub fn newest_worked_for(dir: &Path, deck: &str) -> Option<PathBuf> {
    let stem = stem_for(deck);
    // One pass, newest first: each journal is read once.
    let mut same_name = None;
    for (path, records) in worked(dir, Some(&stem), None) {
        if last_deck_path(&records) == Some(deck) {
            return Some(path);
        }
        same_name.get_or_insert(path);
    }
    same_name.or_else(|| newest_for(dir, &stem))
}

/// Like [`newest_worked_for`] for any deck (`convene report` without a journal), or for one.
pub fn newest_worked(dir: &Path, deck_stem: Option<&str>) -> Option<PathBuf> {
    newest_with_work(dir, deck_stem, None, None)
        .map(|(path, _)| path)
        .or_else(|| match deck_stem {
            Some(stem) => newest_for(dir, stem),
            None => newest(dir),
        })
}

/// The newest journal in `dir` (of `deck_stem`, or of any deck) that recorded real work
/// ([`has_work`]), with the records read to know it, so a caller need not read it again.
/// With `deck`, only a journal whose deck was last that one ([`last_deck_path`]: two folders'
/// `workshop.toml` share a file name, not a session). Journals last written before `since` are
/// passed over unread (the resume offer looks only at recent sessions, and must not read a
/// folder of old ones at every start).
pub fn newest_with_work(
    dir: &Path,
    deck_stem: Option<&str>,
    deck: Option<&str>,
    since: Option<std::time::SystemTime>,
) -> Option<(PathBuf, Vec<Record>)> {
    worked(dir, deck_stem, since)
        .find(|(_, records)| deck.is_none_or(|d| last_deck_path(records) == Some(d)))
}

/// The journals in `dir` (of `deck_stem`, or of any deck) that recorded real work, newest
/// first, each read as it is reached (a caller that stops early reads no more); those last
/// written before `since` are passed over unread.
fn worked(
    dir: &Path,
    deck_stem: Option<&str>,
    since: Option<std::time::SystemTime>,
) -> impl Iterator<Item = (PathBuf, Vec<Record>)> {
    let mut all: Vec<_> = named_journals(dir)
        .into_iter()
        .filter(|(stem, ..)| deck_stem.is_none_or(|d| stem == d))
        .collect();
    all.sort_by(|a, b| (&b.1, b.2).cmp(&(&a.1, a.2)));
    all.into_iter()
        .map(|(.., path)| path)
        .filter(move |path| {
            since.is_none_or(|since| {
                fs::metadata(path)
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m >= since)
            })
        })
        .filter_map(|path| {
            let records = read(&path).ok().filter(|r| has_work(r))?;
            Some((path, records))
        })
}

/// Every `*.jsonl` file in `dir` (any name), unsorted.
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    Ok(fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl") && p.is_file())
        .collect())
}

/// Write a whole file durably (see [`crate::record::durable::write_durably`]): reports use it.
pub use crate::record::durable::write_durably;

// ---------------------------------------------------------------------------------------------
// Time

/// UTC calendar parts of a time: (year, month, day, hour, minute, second).
pub fn utc_parts(ms: Millis) -> (i64, u32, u32, u32, u32, u32) {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let sod = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        m,
        d,
        (sod / 3600) as u32,
        ((sod / 60) % 60) as u32,
        (sod % 60) as u32,
    )
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn utc_stamp(ms: Millis) -> String {
    let (y, mo, d, h, mi, _) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_values() {
        assert_eq!(deck_hash(b""), "cbf29ce484222325");
        assert_eq!(deck_hash(b"a"), "af63dc4c8601ec8c");
        assert_eq!(deck_hash(b"foobar"), "85944171f73967e8");
    }

    #[test]
    fn utc_calendar() {
        assert_eq!(utc_parts(0), (1970, 1, 1, 0, 0, 0));
        // 2000-02-29 12:34:56 UTC
        assert_eq!(utc_parts(951_827_696_000), (2000, 2, 29, 12, 34, 56));
        // 2026-12-31 23:59:59 UTC
        assert_eq!(utc_parts(1_798_761_599_000), (2026, 12, 31, 23, 59, 59));
        assert_eq!(utc_stamp(951_827_696_000), "2000-02-29 12:34 UTC");
    }

    #[test]
    fn names_round_trip_and_sort() {
        let dir = Path::new("/x");
        let p = new_path(dir, "awareness", 951_827_696_000);
        assert_eq!(p, Path::new("/x/awareness-2000-02-29-123456Z.jsonl"));
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert_eq!(
            parse_name(name),
            Some(("awareness", "2000-02-29-123456", 1))
        );
        assert_eq!(
            parse_name("my-deck-2000-02-29-123456Z-3.jsonl"),
            Some(("my-deck", "2000-02-29-123456", 3))
        );
        assert_eq!(parse_name("notes.jsonl"), None);
        assert_eq!(parse_name("x-2000-02-29-123456.jsonl"), None);
        assert_eq!(parse_name("-2000-02-29-123456Z.jsonl"), None);
    }

    #[test]
    fn stems() {
        assert_eq!(stem_for("(bundled:en)"), "bundled-en");
        assert_eq!(stem_for("/home/a/decks/my deck.toml"), "my_deck");
        assert_eq!(stem_for("/home/a/.toml"), "toml");
        assert_eq!(stem_for(""), "deck");
    }

    #[test]
    fn scan_torn_and_corrupt() {
        let good = br#"{"kind":"end","t":5}"#;
        let mut bytes = Vec::new();
        bytes.extend_from_slice(good);
        bytes.extend_from_slice(b"\n");
        bytes.extend_from_slice(good);
        bytes.extend_from_slice(b"\n{\"kind\":\"en");
        let s = scan(&bytes);
        assert_eq!((s.records.len(), s.torn_at), (2, Some(42)));

        // A damaged line in the middle is skipped, not fatal (issue 13, finding 1).
        let mut bad = b"garbage\n".to_vec();
        bad.extend_from_slice(good);
        let s = scan(&bad);
        assert_eq!((s.records.len(), s.skipped.clone()), (1, vec![1]));
    }

    #[test]
    fn presented_time_skips_the_gap_before_a_resume() {
        let start = |t, resumed| Record::Start {
            t,
            deck_path: String::new(),
            deck_hash: String::new(),
            title: String::new(),
            version: String::new(),
            pid: 1,
            resumed,
        };
        let recs = vec![
            start(1_000, false),
            Record::End { t: 61_000 },
            start(500_000, true),
            Record::End { t: 530_000 },
        ];
        assert_eq!(presented_ms(&recs), 90_000);
    }
}
