//! The loader: bytes → spanned TOML document → [`source`](super::source) types → validated
//! [`Deck`], or every diagnostic that could be found.
//!
//! Four stages, each reporting all it can:
//!
//! 1. **Bytes**: size (at most [`MAX_DECK_BYTES`]), UTF-8, NUL bytes, an empty file.
//! 2. **TOML syntax** (`toml::de::DeTable::parse`): the first syntax error. A parser cannot
//!    reliably go on past a syntax error (recovery invents follow-on errors), so this is the one
//!    stage that stops at its first problem.
//! 3. **Schema**: each top-level piece — `format`, `[deck]`, `[checklist]`, every `[[slides]]`
//!    table — is deserialized on its own. When a piece fails, the offending key or list item is
//!    removed and the piece is tried again, so every unknown key, wrong type, bad value and
//!    missing field is reported, not just the first.
//! 4. **Meaning**: ids, references between the checklist and answer keys, minutes, empty slides,
//!    and warnings, on every piece that parsed cleanly.
//!
//! Knows nothing about terminals. Every string is sanitised here, once, so nothing downstream
//! (rendering, the follower wire, exports) can be handed a control character.

use super::diag::{Diagnostic, LineIndex, did_you_mean};
use super::model::*;
use super::sanitize::{clean, clean_line};
use super::source::*;
use compact_str::CompactString;
use serde::de::DeserializeOwned;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

/// Decks larger than this are refused before parsing (the bundled deck is ~100 KB; a
/// 10,000-slide deck is a few MB).
pub const MAX_DECK_BYTES: usize = 16 * 1024 * 1024;

/// The deck format version this convene reads.
pub const FORMAT_VERSION: i64 = 1;

/// Planned minutes (deck, slide or prompt) must lie in `0..=MAX_MINUTES`.
pub const MAX_MINUTES: f64 = 24.0 * 60.0;

/// At most this many schema errors are reported for one piece (one slide, `[deck]`, …).
const MAX_ERRORS_PER_PIECE: usize = 50;

/// The longest list in a deck (bullets, prompts, rows, …). A real slide has a handful; a list
/// past this is refused whole, with one error naming this limit, instead of being checked item
/// by item (15 MB of `bullets = [1,1,…]` took `check` 48 s).
pub const MAX_LIST_ITEMS: usize = 10_000;

/// Where the format is documented, for hints.
const DOCS: &str = "docs/deck-format.md";

/// A deck that loaded, with any warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub deck: Deck,
    pub warnings: Vec<Diagnostic>,
    /// Where each slide's `id` is in the source (for checks that need a slide's location,
    /// such as overflow at a screen size).
    pub slide_spans: Vec<Range<usize>>,
    /// Where `[deck] translation` is, if given.
    pub translation_span: Option<Range<usize>>,
}

/// Why a deck did not load: either the file could not be read as text, or the text has errors
/// (with their spans into `source`).
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    /// Problems found in `source` (errors first, then warnings; each group in file order).
    Invalid {
        source: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// Human-readable rendering of every problem, for stderr.
    pub fn render(&self, file: &str, color: bool) -> String {
        match self {
            LoadError::Io(e) => render_all(&[io_diagnostic(e, file)], file, "", color),
            LoadError::Invalid {
                source,
                diagnostics,
            } => render_all(diagnostics, file, source, color),
        }
    }

    /// The source text and every diagnostic (an I/O error becomes one diagnostic without a
    /// location), e.g. for `convene check --format json`.
    pub fn diagnostics(&self, file: &str) -> (&str, Vec<Diagnostic>) {
        match self {
            LoadError::Io(e) => ("", vec![io_diagnostic(e, file)]),
            LoadError::Invalid {
                source,
                diagnostics,
            } => (source.as_str(), diagnostics.clone()),
        }
    }

    /// The first error as one line, `file:line:col: message` (for the live-reload status line).
    pub fn one_line(&self, file: &str) -> String {
        match self {
            LoadError::Io(e) => format!("{file}: {}", io_diagnostic(e, file).message),
            LoadError::Invalid {
                source,
                diagnostics,
            } => {
                let d = diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .or(diagnostics.first());
                match d {
                    Some(d) => match d.line_col(source) {
                        Some((l, c)) => format!("{file}:{l}:{c}: {}", d.message),
                        None => format!("{file}: {}", d.message),
                    },
                    None => format!("{file}: invalid deck"),
                }
            }
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.one_line("deck"))
    }
}

impl std::error::Error for LoadError {}

/// An I/O error as a diagnostic an organizer can act on.
pub fn io_diagnostic(e: &std::io::Error, file: &str) -> Diagnostic {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => Diagnostic::error(format!("cannot find the deck file `{file}`"))
            .hint("check the file name and the folder you are in (`ls` lists the files here)"),
        ErrorKind::PermissionDenied => {
            Diagnostic::error(format!("no permission to read the deck file `{file}`"))
                .hint("check the file's permissions, or copy the deck somewhere you can read it")
        }
        ErrorKind::InvalidInput => Diagnostic::error(format!(
            "not a regular file: `{file}` is a device, pipe or socket, not a deck file"
        ))
        .hint("convene reads decks from regular files only"),
        ErrorKind::IsADirectory => {
            Diagnostic::error(format!("`{file}` is a folder, not a deck file"))
                .hint("name the deck's `.toml` file inside the folder")
        }
        _ => Diagnostic::error(format!("cannot read the deck file `{file}`: {e}"))
            .hint("check that the file exists and is a text file"),
    }
}

/// Render a list of diagnostics, one after another, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render_with(file, source, &index, color));
        out.push_str("\n\n");
    }
    out
}

/// Read and load a deck file. Files over [`MAX_DECK_BYTES`] are refused without reading them.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_bytes(&read_deck(path)?)
}

/// Read a deck file's bytes, refusing files over [`MAX_DECK_BYTES`] before reading them.
///
/// Only regular files are read: a FIFO would block the caller until something writes to it and
/// a device (`/dev/zero`) never ends, so both are refused before they are opened.
pub fn read_deck(path: &Path) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path).map_err(LoadError::Io)?;
    if meta.is_dir() {
        return Err(LoadError::Io(std::io::ErrorKind::IsADirectory.into()));
    }
    if !meta.is_file() {
        return Err(LoadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a device, pipe or socket); convene reads decks from \
             regular files only",
        )));
    }
    let file = std::fs::File::open(path).map_err(LoadError::Io)?;
    let len = file.metadata().map_err(LoadError::Io)?.len();
    if len > MAX_DECK_BYTES as u64 {
        return Err(too_big(len));
    }
    // Sized from the metadata (one more byte to see the end), not grown by doubling: a 3.8 MB
    // deck read into a growing buffer holds 4 MiB, with a copy at each step.
    let mut bytes = Vec::with_capacity(usize::try_from(len).map_or(0, |n| n + 1));
    file.take(MAX_DECK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(LoadError::Io)?;
    Ok(bytes)
}

/// The deck `[deck] translation` names (relative to `deck_path`'s folder), checked: it loads,
/// is in another language and has exactly the same slide ids. `Ok(None)` when none is named;
/// `Err` says what is wrong in one line (which file, which ids).
pub fn translation(deck: &Deck, deck_path: &Path) -> Result<Option<Deck>, String> {
    let Some(name) = deck.meta.translation.as_deref() else {
        return Ok(None);
    };
    let path = deck_path.parent().unwrap_or(Path::new("")).join(name);
    let shown = path.display().to_string();
    let other = read_deck(&path)
        .and_then(|bytes| load_bytes(&bytes))
        .map_err(|e| format!("the translation {}", e.one_line(&shown)))?
        .deck;
    if other.meta.language == deck.meta.language {
        return Err(format!(
            "the translation {shown} is in the same language (`{}`) as this deck: set its \
             `[deck] language`",
            deck.meta.language
        ));
    }
    let ids = |d: &Deck| -> std::collections::BTreeSet<String> {
        d.slides.iter().map(|s| s.id.to_string()).collect()
    };
    let (here, there) = (ids(deck), ids(&other));
    let list = |v: Vec<&String>| -> String {
        let n = v.len();
        let mut s: Vec<String> = v.into_iter().take(5).map(|i| format!("`{i}`")).collect();
        if n > 5 {
            s.push(format!("and {} more", n - 5));
        }
        s.join(", ")
    };
    let only_here: Vec<&String> = here.difference(&there).collect();
    let only_there: Vec<&String> = there.difference(&here).collect();
    if only_here.is_empty() && only_there.is_empty() {
        return Ok(Some(other));
    }
    let mut parts = Vec::new();
    if !only_here.is_empty() {
        parts.push(format!("missing there: {}", list(only_here)));
    }
    if !only_there.is_empty() {
        parts.push(format!("not in this deck: {}", list(only_there)));
    }
    Err(format!(
        "the translation {shown} has other slide ids ({}): both decks need the same ids",
        parts.join("; ")
    ))
}

/// The text without a leading byte-order mark, with CRLF line endings as LF. A lone carriage
/// return stays (the parser reports it, with its location). Diagnostics' spans point into this
/// text, so render them against it.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    }
}

/// Windows refuses to open a folder as a file with "access denied", where Linux opens it and
/// fails on reading: report both as "is a folder".
pub fn folder_error(e: std::io::Error, path: &Path) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::PermissionDenied && path.is_dir() {
        std::io::ErrorKind::IsADirectory.into()
    } else {
        e
    }
}

fn too_big(len: u64) -> LoadError {
    const MB: f64 = 1024.0 * 1024.0;
    // Sizes are far below 2^52, so the conversion is exact enough for a message.
    #[allow(clippy::cast_precision_loss)]
    let size = len as f64 / MB;
    LoadError::Invalid {
        source: String::new(),
        diagnostics: vec![
            Diagnostic::error(format!(
                "the file is {size:.1} MB; convene reads decks of at most {} MB",
                MAX_DECK_BYTES / (1024 * 1024)
            ))
            .hint("is this the right file? A very large deck can be split into several decks"),
        ],
    }
}

/// Load a deck from raw bytes: refuses oversized input and text that is not UTF-8, with a
/// located error.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() > MAX_DECK_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(e) => {
            // Show the text up to the bad byte so the location has a source line.
            let offset = e.valid_up_to();
            let source = String::from_utf8_lossy(bytes).into_owned();
            let d = if bytes.contains(&0) {
                Diagnostic::error("this is not a text file: it contains binary data")
                    .label("not text")
                    .hint("check the file name: a deck is a `.toml` text file")
            } else {
                Diagnostic::error("the deck is not saved as UTF-8 text")
                    .label("this byte is not UTF-8")
                    .hint(
                        "the file is probably in another encoding (e.g. Windows-1252): \
                         save it as UTF-8 in your editor (\"Save with encoding\" or \"Save As\")",
                    )
            };
            Err(LoadError::Invalid {
                diagnostics: vec![d.at(offset..offset + '\u{FFFD}'.len_utf8())],
                source,
            })
        }
    }
}

/// Load a deck from text. A UTF-8 byte-order mark and Windows (CRLF) line endings, as Notepad
/// saves, are read as if absent: same diagnostics, same lines and columns.
pub fn load_str(text: &str) -> Result<Loaded, LoadError> {
    load_str_with(text, Parse::InParts)
}

/// How [`load_str_with`] parses the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parse {
    /// The whole document into one tree, then each piece (the reference behaviour).
    Whole,
    /// Piece by piece: the part before the first `[[slides]]` header, then each slide's part,
    /// converted and dropped before the next is parsed, so the parse tree of the whole document
    /// (three times its size) never exists. Any syntax error, or any shape this cannot split
    /// (a table reopened after the slides, `slides` written another way), falls back to
    /// [`Parse::Whole`]: the result and every diagnostic are the same either way
    /// (`tests/loader_props.rs` checks it).
    InParts,
}

/// [`load_str`], choosing how the document is parsed (for the tests that compare the two).
pub fn load_str_with(text: &str, how: Parse) -> Result<Loaded, LoadError> {
    let text = &*normalise(text);
    let invalid = |diagnostics| LoadError::Invalid {
        source: text.to_owned(),
        diagnostics,
    };
    if text.len() > MAX_DECK_BYTES {
        return Err(too_big(text.len() as u64));
    }
    if let Some(pos) = text.find('\0') {
        return Err(invalid(vec![
            Diagnostic::error("the deck contains a NUL character")
                .at(pos..pos + 1)
                .label("NUL character")
                .hint(
                    "delete it (most editors do not show it); if the whole file looks garbled, \
                     check that you named the deck's `.toml` file",
                ),
        ]));
    }
    let mut cx = Cx::default();
    let parted = match how {
        Parse::InParts => cx.split_parts(text),
        Parse::Whole => None,
    };
    let (pieces, placeholders) = match parted {
        Some(done) => done,
        None => {
            // The whole document at once: a deck with a syntax error anywhere (its exact first
            // error), or an unusual shape (see `Cx::split_parts`).
            cx = Cx::default();
            let root = DeTable::parse(text).map_err(|e| invalid(vec![syntax_error(&e, text)]))?;
            if root.get_ref().is_empty() {
                return Err(invalid(vec![
                    Diagnostic::error("the deck file is empty").hint(format!(
                        "a deck starts with `format = 1`, a `[deck]` table with a `title`, and \
                         `[[slides]]` tables; see {DOCS}"
                    )),
                ]));
            }
            let placeholders = find_placeholders(root.get_ref(), text);
            (cx.split(root), placeholders)
        }
    };
    let mut deck = cx.convert(pieces);
    if let Some(deck) = deck.as_mut() {
        mark_placeholders(deck);
    }
    cx.diags.extend(placeholders);
    let slide_spans = std::mem::take(&mut cx.slide_spans);
    let translation_span = cx.translation.take();
    let mut diags = cx.diags;
    diags.sort_by_key(|d| (!d.is_error(), d.span.as_ref().map(|s| (s.start, s.end))));
    match deck {
        Some(deck) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            deck,
            warnings: diags,
            slide_spans,
            translation_span,
        }),
        _ => {
            if !diags.iter().any(Diagnostic::is_error) {
                diags.insert(0, Diagnostic::error("the deck could not be read"));
            }
            Err(invalid(diags))
        }
    }
}

/// Read the deck at `path` and load it as it is read, part by part (the text before the first
/// `[[slides]]`, then each slide's part), so that at most one slide's part of the file is held
/// at a time instead of the whole file (3.8 MB for 10,000 slides, alive until the deck was
/// built). `on_bytes` is given every byte read, in order (for the journal's hash).
///
/// Only for a deck that loads without an error, as [`load_bytes`] loads it (the same deck):
/// `None` for anything else — an error of any kind, or anything the parts cannot show
/// faithfully (a byte-order mark, a carriage return, a NUL, text that is not UTF-8, a file
/// over [`MAX_DECK_BYTES`], a shape [`Parse::InParts`] parses whole). The caller then reads and
/// loads the file whole ([`read_deck`], [`load_bytes`]), which reports every diagnostic against
/// its text. The warnings are not kept (the presenter does not show them; `check` loads whole).
pub fn load_path_lean(path: &Path, on_bytes: impl FnMut(&[u8])) -> Option<Deck> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_DECK_BYTES as u64 {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    lean_from(file.take(MAX_DECK_BYTES as u64 + 1), LEAN_CHUNK, on_bytes)
}

/// The beginning of a deck: its head and first slides, and how many slides it has in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Beginning {
    /// The deck's `[deck]` and `[checklist]`, and its first slides only.
    pub deck: Deck,
    /// The number of `[[slides]]` the whole file has.
    pub slides: usize,
}

/// Read the deck at `path` to its end, but convert only its head and its first `first`
/// slides (at least one: a deck has one): what a large deck's first frame needs, in a fraction of loading it (the later
/// slides' parts are only counted, by the header scan, never parsed). `on_bytes` is given
/// every byte, as for [`load_path_lean`].
///
/// `None` whenever [`load_path_lean`] would give up on the part read, and for a deck whose
/// first slides have an error. A `Some` promises nothing about the slides not converted: the
/// caller must load the deck whole ([`load_path_lean`]) before anything needs them, and refuse
/// it if that fails.
pub fn load_path_beginning(
    path: &Path,
    first: usize,
    on_bytes: impl FnMut(&[u8]),
) -> Option<Beginning> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_DECK_BYTES as u64 {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let (deck, slides) = lean_read(
        file.take(MAX_DECK_BYTES as u64 + 1),
        LEAN_CHUNK,
        Some(first),
        on_bytes,
    )?;
    Some(Beginning { deck, slides })
}

/// How much [`load_path_lean`] reads at a time.
const LEAN_CHUNK: usize = 64 * 1024;

/// [`load_path_lean`] from any reader, `chunk` bytes a read.
fn lean_from(r: impl Read, chunk: usize, on_bytes: impl FnMut(&[u8])) -> Option<Deck> {
    lean_read(r, chunk, None, on_bytes).map(|(deck, _)| deck)
}

/// Load as read from any reader, `chunk` bytes a read, converting every slide or only the
/// `first` ones; the deck, and the number of slides the file has.
fn lean_read(
    mut r: impl Read,
    chunk: usize,
    first: Option<usize>,
    mut on_bytes: impl FnMut(&[u8]),
) -> Option<(Deck, usize)> {
    let mut lean = Lean {
        first: first.map(|n| n.max(1)),
        ..Lean::default()
    };
    lean.cx.lean = true;
    // The file from `lean.base` on: the part being read, and the lines read after it.
    let mut buf: Vec<u8> = Vec::with_capacity(2 * chunk);
    let mut total = 0usize;
    loop {
        let have = buf.len();
        buf.resize(have + chunk, 0);
        let n = loop {
            match r.read(&mut buf[have..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        };
        buf.truncate(have + n);
        let new = &buf[have..];
        on_bytes(new);
        total += n;
        if total > MAX_DECK_BYTES || new.contains(&0) || new.contains(&b'\r') {
            return None;
        }
        let end = n == 0;
        // Whole lines only (a line break never falls inside a UTF-8 character), all at the end.
        let complete = if end {
            buf.len()
        } else {
            buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        let done = lean.lines(&buf[..complete], end)?;
        buf.drain(..done);
        if end {
            return lean.finish();
        }
    }
}

/// The state of [`lean_from`] between reads.
#[derive(Default)]
struct Lean {
    cx: Cx,
    p: Pieces,
    scan: HeaderScan,
    /// Where the buffer starts in the file.
    base: usize,
    /// How much of the buffer was scanned for headers (whole lines).
    scanned: usize,
    /// The head (the text before the first header) was read.
    in_slides: bool,
    /// The next slide's index.
    index: usize,
    /// Convert only this many slides; the parts after them are counted, not read.
    first: Option<usize>,
    /// The slides' parts counted, not read.
    skipped: usize,
}

impl Lean {
    /// Scan the whole lines `buf` holds past those already scanned; read and convert each part
    /// that ends (at a header, or at the end of the file); the number of bytes of `buf` done
    /// with. `None`: load the file whole.
    fn lines(&mut self, buf: &[u8], end: bool) -> Option<usize> {
        let mut at = self.scanned;
        let mut part_start = 0;
        // Text, or the deck is loaded whole (which says where it is not); as text, line ends
        // are found a word at a time.
        let new = std::str::from_utf8(&buf[at..]).ok()?;
        while at < buf.len() {
            let line_end = new[at - self.scanned..]
                .find('\n')
                .map_or(buf.len(), |i| at + i + 1);
            if self.scan.line(&buf[at..line_end]) {
                self.part(&buf[part_start..at], self.base + part_start)?;
                part_start = at;
            }
            at = line_end;
        }
        if end {
            if !self.in_slides {
                return None;
            }
            self.part(&buf[part_start..], self.base + part_start)?;
            part_start = buf.len();
        }
        self.scanned = at - part_start;
        self.base += part_start;
        Some(part_start)
    }

    /// The head, or one slide's part, `start` bytes into the file.
    fn part(&mut self, bytes: &[u8], start: usize) -> Option<()> {
        if self.in_slides && self.first.is_some_and(|n| self.index >= n) {
            self.skipped += 1;
            return Some(());
        }
        let text = std::str::from_utf8(bytes).ok()?;
        if self.in_slides {
            return self
                .cx
                .slide_part(&mut self.p, text, start, &mut self.index, None);
        }
        self.in_slides = true;
        if text.starts_with('\u{FEFF}') {
            return None;
        }
        for (k, v) in DeTable::parse(text).ok()?.into_inner() {
            // Anything but these three is an error (or `slides` written another way).
            if !matches!(k.get_ref().as_ref(), "format" | "deck" | "checklist") {
                return None;
            }
            self.cx.entry(&mut self.p, k, v);
        }
        self.p.has_slides_key = true;
        Some(())
    }

    /// The deck, when it has no error, and the number of slides the file has.
    fn finish(mut self) -> Option<(Deck, usize)> {
        let slides = self.index + self.skipped;
        self.cx.split_done(&mut self.p);
        let mut deck = self.cx.convert(self.p)?;
        if self.cx.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        mark_placeholders(&mut deck);
        // Grown by doubling (the number of slides is not known beforehand).
        deck.slides.shrink_to_fit();
        Some((deck, slides))
    }
}

// ---------------------------------------------------------------------------------------------
// Placeholders: `{{…}}` in any text marks something organizers must fill in (local services,
// reading lists). `check` warns about each one left (so `--strict` fails), `export` says they
// remain, and the presenter shows them as "[TO FILL IN: …]".

/// The message of every placeholder warning (see [`Loaded::placeholders`]).
pub const PLACEHOLDER_MESSAGE: &str = "placeholder left to fill in";

impl Loaded {
    /// The placeholder warnings: `{{…}}` left in the deck.
    pub fn placeholders(&self) -> Vec<&Diagnostic> {
        self.warnings
            .iter()
            .filter(|d| d.message.starts_with(PLACEHOLDER_MESSAGE))
            .collect()
    }
}

/// Byte ranges of `{{…}}` in `s` (an unclosed `{{` runs to the end).
fn placeholder_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|r| r.find("{{")) {
        let start = from + i;
        let end = s[start + 2..]
            .find("}}")
            .map_or(s.len(), |j| start + 2 + j + 2);
        out.push(start..end);
        from = end;
    }
    out
}

/// A warning for every `{{…}}` in a string value of the document, located in `text`.
fn find_placeholders(root: &DeTable<'_>, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for v in root.values() {
        find_placeholders_in(v, text, &mut out);
    }
    out
}

/// [`find_placeholders`] in one value (and everything in it).
fn find_placeholders_in(v: &Spanned<DeValue<'_>>, text: &str, out: &mut Vec<Diagnostic>) {
    match v.get_ref() {
        DeValue::String(_) => {
            let span = v.span();
            let Some(raw) = text.get(span.clone()) else {
                return;
            };
            if !raw.contains("{{") {
                return;
            }
            for r in placeholder_ranges(raw) {
                let inner = raw[r.clone()].trim_start_matches('{').trim_end_matches('}');
                out.push(
                    Diagnostic::warning(format!(
                        "{PLACEHOLDER_MESSAGE}: {{{{{}}}}}",
                        clean_line(inner.trim())
                    ))
                    .at(span.start + r.start..span.start + r.end)
                    .label("organizers fill this in")
                    .hint(
                        "replace `{{…}}` with your own text (e.g. a local service's name and \
                         phone number), or delete the line; see decks/README.md",
                    ),
                );
            }
        }
        DeValue::Array(a) => a.iter().for_each(|x| find_placeholders_in(x, text, out)),
        DeValue::Table(t) => t.values().for_each(|x| find_placeholders_in(x, text, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing in parts (`Parse::InParts`).

/// Where each top-level `[[slides]]` header line starts, outside strings and comments. A line
/// taken for a header that is inside a multi-line string leaves the part before it with an
/// unterminated string (a syntax error: the whole document is then parsed instead); a header
/// missed leaves two slides in one part, which is read as two.
fn slide_headers(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut scan = HeaderScan::default();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| line_start + i + 1);
        if scan.line(&bytes[line_start..line_end]) {
            out.push(line_start);
        }
        line_start = line_end;
    }
    out
}

/// [`slide_headers`] line by line: whether each line, given in order with its newline, is a
/// `[[slides]]` header (the state carried from line to line: in a multi-line string or not).
#[derive(Default)]
struct HeaderScan {
    state: In,
}

#[derive(Clone, Copy, PartialEq, Default)]
enum In {
    #[default]
    Code,
    Basic,
    Literal,
}

impl HeaderScan {
    fn line(&mut self, line: &[u8]) -> bool {
        let header = self.state == In::Code && is_slides_header(line);
        let mut i = 0;
        while i < line.len() {
            // To the next byte that can change the state (most bytes cannot), a run at a time.
            let rest = &line[i..];
            let next = match self.state {
                In::Basic => rest.iter().position(|&b| b == b'\\' || b == b'"'),
                In::Literal => rest.iter().position(|&b| b == b'\''),
                In::Code => rest.iter().position(|&b| matches!(b, b'#' | b'"' | b'\'')),
            };
            let Some(skip) = next else { break };
            i += skip;
            let b = line[i];
            match self.state {
                In::Basic => match b {
                    b'\\' => i += 1,
                    b'"' if line[i..].starts_with(b"\"\"\"") => {
                        // Up to two more quotes belong to the string.
                        i += 3;
                        while i < line.len() && line[i] == b'"' {
                            i += 1;
                        }
                        self.state = In::Code;
                        continue;
                    }
                    _ => {}
                },
                In::Literal => {
                    if line[i..].starts_with(b"\'\'\'") {
                        i += 3;
                        while i < line.len() && line[i] == b'\'' {
                            i += 1;
                        }
                        self.state = In::Code;
                        continue;
                    }
                }
                In::Code => match b {
                    b'#' => break,
                    b'"' if line[i..].starts_with(b"\"\"\"") => {
                        self.state = In::Basic;
                        i += 3;
                        continue;
                    }
                    b'\'' if line[i..].starts_with(b"\'\'\'") => {
                        self.state = In::Literal;
                        i += 3;
                        continue;
                    }
                    b'"' => {
                        // A one-line string: to its closing quote.
                        i += 1;
                        while i < line.len() && line[i] != b'"' {
                            i += if line[i] == b'\\' { 2 } else { 1 };
                        }
                    }
                    b'\'' => {
                        i += 1;
                        while i < line.len() && line[i] != b'\'' {
                            i += 1;
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        header
    }
}

/// `[[slides]]` alone on its line (spaces and a comment allowed).
fn is_slides_header(line: &[u8]) -> bool {
    let s = match std::str::from_utf8(line) {
        Ok(s) => s.trim_start_matches([' ', '\t']),
        Err(_) => return false,
    };
    let Some(rest) = s.strip_prefix("[[") else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix("slides") else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix("]]") else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('#') || rest.starts_with('\n') || rest.starts_with("\r\n")
}

/// Move every span in `v` (keys too) `by` bytes on: from a part's start to the whole file's.
fn shift(v: &mut Spanned<DeValue<'_>>, by: usize) {
    let span = v.span();
    let inner = std::mem::replace(v.get_mut(), DeValue::Boolean(false));
    let inner = match inner {
        DeValue::Array(mut a) => {
            a.iter_mut().for_each(|x| shift(x, by));
            DeValue::Array(a)
        }
        DeValue::Table(t) => {
            let mut moved = DeTable::new();
            for (k, mut x) in t {
                shift(&mut x, by);
                let ks = k.span();
                moved.insert(Spanned::new(ks.start + by..ks.end + by, k.into_inner()), x);
            }
            DeValue::Table(moved)
        }
        other => other,
    };
    *v = Spanned::new(span.start + by..span.end + by, inner);
}

/// `{{x}}` → `[TO FILL IN: x]` (`[À COMPLÉTER : x]` in French).
fn mark_text<S: std::ops::Deref<Target = str> + From<String>>(s: &mut S, french: bool) {
    if !s.contains("{{") {
        return;
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut last = 0;
    for r in placeholder_ranges(s) {
        out.push_str(&s[last..r.start]);
        let inner = s[r.clone()]
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim();
        out.push_str(if french {
            "[À COMPLÉTER : "
        } else {
            "[TO FILL IN: "
        });
        out.push_str(inner);
        out.push(']');
        last = r.end;
    }
    out.push_str(&s[last..]);
    *s = out.into();
}

/// [`mark_text`] of an optional text.
fn mark_opt<S: std::ops::Deref<Target = str> + From<String>>(s: &mut Option<S>, french: bool) {
    if let Some(s) = s {
        mark_text(s, french);
    }
}

/// Shows every placeholder of the deck as one, in the deck's language.
fn mark_placeholders(deck: &mut Deck) {
    let fr = deck.meta.language.starts_with("fr");
    let bullets = |b: &mut Vec<Bullet>| {
        for b in b {
            mark_text(&mut b.text, fr);
            b.children.iter_mut().for_each(|c| mark_text(c, fr));
        }
    };
    mark_opt(&mut deck.meta.subtitle, fr);
    mark_opt(&mut deck.meta.content_note, fr);
    deck.meta.support.iter_mut().for_each(|s| mark_text(s, fr));
    for s in &mut deck.slides {
        mark_text(&mut s.title, fr);
        s.body.iter_mut().for_each(|p| mark_text(p, fr));
        bullets(&mut s.bullets);
        mark_opt(&mut s.notes, fr);
        let Some(x) = &mut s.extras else { continue };
        mark_opt(&mut x.subtitle, fr);
        for c in &mut x.columns {
            mark_text(&mut c.heading, fr);
            bullets(&mut c.bullets);
        }
        if let Some(c) = &mut x.callout {
            mark_text(&mut c.text, fr);
        }
        for p in &mut x.prompts {
            mark_text(&mut p.text, fr);
            p.follow_ups.iter_mut().for_each(|f| mark_text(f, fr));
        }
        mark_opt(&mut x.debrief, fr);
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 2: TOML syntax errors, in words an organizer can act on.

/// Turn a TOML syntax error into a diagnostic with a span, a plain message and a hint.
/// The span of the start of the line with the most nesting (dots in its key, open brackets),
/// for a "nested too deeply" error the parser does not place.
fn deepest_line(text: &str) -> Range<usize> {
    let mut best = (0usize, 0usize);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let key = line.split('=').next().unwrap_or("");
        let depth = key.matches('.').count() + line.matches(['[', '{']).count();
        if depth > best.0 {
            best = (depth, offset);
        }
        offset += line.len();
    }
    let start = best.1 + text[best.1..].len() - text[best.1..].trim_start().len();
    start..(start + 1).min(text.len())
}

fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let raw = e.message().trim();
    let (what, expected) = match raw.split_once(", expected ") {
        Some((w, x)) => (w, Some(x)),
        None => (raw, None),
    };
    let mut span = e.span().unwrap_or(0..0);
    let deep = matches!(
        what,
        "cannot recurse further; max recursion depth met" | "recursion limit"
    );
    if deep && span.start == 0 {
        // The parser gives no place for this one: point at the most deeply nested line.
        span = deepest_line(text);
    }
    let found = text
        .get(span.start.min(text.len())..span.end.min(text.len()))
        .unwrap_or("");
    let pos = span.start.min(text.len());
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let before_on_line = text.get(line_start..pos).unwrap_or("");
    let rest_of_line = text.get(pos..line_end).unwrap_or("").trim_end();
    let at_line_start = before_on_line.trim().is_empty();
    let looks_like_new_entry = rest_of_line.starts_with('[') && !rest_of_line.starts_with("[\"")
        || rest_of_line
            .split_once('=')
            .is_some_and(|(k, _)| !k.trim().is_empty() && !k.contains(['"', '\'', ',']));
    let quote_expected = expected.is_some_and(|x| x.starts_with("`\"`") || x.starts_with("`'`"));
    let (message, label, hint): (String, Option<String>, String) = match what {
        "invalid basic string" | "invalid literal string" if quote_expected => (
            "this text has no closing quote".into(),
            Some("the text should end here".into()),
            "end the text with a quote on the same line; for text over several lines, use three \
             quotes: \"\"\" … \"\"\""
                .into(),
        ),
        "invalid basic string" | "invalid literal string" => (
            "this text contains a character that is not allowed in TOML text".into(),
            Some("not allowed here".into()),
            "delete it (it may be invisible in your editor); write a tab as \\t".into(),
        ),
        "invalid multi-line basic string" | "invalid multi-line literal string" => (
            "a text opened with three quotes is never closed".into(),
            Some("the file ends here".into()),
            "add the closing \"\"\" where the text ends".into(),
        ),
        "invalid boolean" => (
            format!("`{}` is not a value TOML understands", found.trim()),
            Some("write true or false".into()),
            "yes/no values are written `true` or `false`, in lowercase, without quotes".into(),
        ),
        "string values must be quoted" => {
            let bare = found.trim();
            if matches!(
                bare,
                "True" | "False" | "TRUE" | "FALSE" | "yes" | "no" | "Yes" | "No"
            ) {
                (
                    format!("`{bare}` is not a value TOML understands"),
                    Some("write true or false".into()),
                    "yes/no values are written `true` or `false`, in lowercase, without quotes"
                        .into(),
                )
            } else if bare.contains(['“', '”', '‘', '’', '«', '»']) {
                (
                    "text must be in straight quotes".into(),
                    Some("curly quotes are not quotes in TOML".into()),
                    "use straight quotes \"…\" instead of curly quotes “…” (word processors \
                     change them; use a plain text editor)"
                        .into(),
                )
            } else {
                (
                    "text must be in quotes".into(),
                    Some("add quotes around this text".into()),
                    format!("write it as \"{}\"", shorten(bare, 40)),
                )
            }
        }
        "missing comma between array elements" if at_line_start && looks_like_new_entry => (
            "a list above is never closed".into(),
            Some("expected `]` before this line".into()),
            "close the list that starts above with `]`".into(),
        ),
        "missing comma between array elements" => (
            "missing comma between list items".into(),
            Some("expected `,` before this".into()),
            "separate list items with commas: [\"a\", \"b\"]".into(),
        ),
        "extra comma in array" => (
            "two commas in a row in a list".into(),
            Some("extra comma".into()),
            "remove one of the commas".into(),
        ),
        "unclosed array" => (
            "this list is never closed".into(),
            Some("expected `]`".into()),
            "close the list with `]`".into(),
        ),
        "unclosed inline table" => (
            "this `{ … }` table is never closed".into(),
            Some("expected `}`".into()),
            "close it with `}`; a `{ … }` table must fit on one line".into(),
        ),
        "unclosed table" => (
            "this table header is missing its closing `]`".into(),
            Some("expected `]`".into()),
            "write the header as `[name]`, e.g. `[deck]`".into(),
        ),
        "unclosed array table" => (
            "this header is missing its closing `]]`".into(),
            Some("expected `]]`".into()),
            "write the header as `[[slides]]`".into(),
        ),
        "key with no value" | "missing assignment between key-value pairs" => (
            "`=` is missing after the key".into(),
            Some("expected `=`".into()),
            "write `key = value`, e.g. `title = \"Welcome\"`".into(),
        ),
        "missing value" | "missing value for key" => (
            "a value is missing after `=`".into(),
            Some("expected a value".into()),
            "write a value after `=`: text in \"quotes\", a number, true or false, or a list \
             in [brackets]"
                .into(),
        ),
        "extra `=`" | "extra assignment between key-value pairs" => (
            "`=` appears twice".into(),
            Some("extra `=`".into()),
            "write `key = value` with a single `=`".into(),
        ),
        "duplicate key" => {
            let before = text.get(..span.start).unwrap_or("");
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let header = before[line_start..].trim_start().starts_with('[');
            if header {
                (
                    format!("the table `[{found}]` appears twice"),
                    Some("second time".into()),
                    format!(
                        "merge the two `[{found}]` tables into one; lists of tables (like \
                         slides) use double brackets: `[[slides]]`"
                    ),
                )
            } else {
                (
                    format!("`{found}` is set twice in the same table"),
                    Some("set again here".into()),
                    "each key may appear once per table: delete one, or start a new slide with \
                     `[[slides]]` above it"
                        .into(),
                )
            }
        }
        "unexpected key or value" | "unexpected content"
            if rest_of_line.starts_with(',')
                && before_on_line.ends_with(|c: char| c.is_ascii_digit()) =>
        {
            (
                "numbers use a dot for decimals".into(),
                Some("a comma here".into()),
                "write 2.5, not 2,5".into(),
            )
        }
        "unexpected key or value" | "unexpected content" => (
            "unexpected text after the value".into(),
            Some("expected the end of the line".into()),
            "put each `key = value` on its own line; `#` starts a comment; an apostrophe \
             inside 'single quotes' ends the text: use \"double quotes\" instead"
                .into(),
        ),
        w if w.contains("escape") || w.contains("unicode") => (
            match before_on_line.rfind('\\') {
                Some(b) => format!(
                    "`{}` is not a valid escape",
                    before_on_line[b..].chars().take(2).collect::<String>()
                ),
                None => "this is not a valid escape".into(),
            },
            Some("a backslash starts an escape in \"quoted\" text".into()),
            "write \\\\ for a backslash, or use 'single quotes' for text with backslashes".into(),
        ),
        "cannot recurse further; max recursion depth met" | "recursion limit" => (
            "lists or tables are nested too deeply".into(),
            Some("too deep".into()),
            "a deck needs only a few levels of nesting; check for runaway brackets".into(),
        ),
        "carriage return must be followed by newline" => (
            "a stray carriage-return character".into(),
            Some("here".into()),
            "save the file with ordinary line endings (LF, or Windows CRLF)".into(),
        ),
        "invalid unquoted key" | "unquoted keys cannot be empty" | "invalid key-value pair" => (
            "this is not a valid key".into(),
            Some("expected a key".into()),
            "keys are words like `title`, made of letters, digits, `-` and `_`, followed by \
             `= value`"
                .into(),
        ),
        "missing comma between key-value pairs" => (
            "missing comma inside `{ … }`".into(),
            Some("expected `,`".into()),
            "separate the fields with commas: { id = \"x\", label = \"X\" }".into(),
        ),
        w if w.starts_with("invalid ") || w.starts_with("unexpected leading zero") => (
            "this value is not valid TOML".into(),
            expected.map(|x| format!("expected {x}")),
            "text goes in \"quotes\"; numbers look like 5 or 2.5; yes/no values are true or \
             false"
                .into(),
        ),
        _ => (
            first_upper_clause(what),
            expected.map(|x| format!("expected {x}")),
            format!("check the TOML syntax on this line; see {DOCS}"),
        ),
    };
    let mut d = Diagnostic::error(message).at(span).hint(hint);
    if let Some(label) = label {
        d = d.label(label);
    }
    d
}

fn first_upper_clause(s: &str) -> String {
    s.trim().trim_end_matches('.').to_owned()
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 3: the schema, piece by piece.

/// One step of a path into the document: a key or a list index.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The top-level pieces that deserialized without errors, each converted to the model as soon
/// as it is read (a slide's source form lives only while it is converted: the list of 10,000
/// `SlideSrc` never exists).
#[derive(Default)]
struct Pieces {
    format: Option<Spanned<i64>>,
    meta: Option<Meta>,
    checklist: Option<Checklist>,
    /// `[checklist]` exists but had errors: references to it cannot be checked.
    checklist_broken: bool,
    slides: Vec<Slide>,
    /// The meaning stage's diagnostics of `[deck]`, `[checklist]` and the slides, kept apart
    /// from the schema errors so that [`Cx::convert`] reports them in the order it always has
    /// (schema, format, deck, checklist, duplicate ids, slides, totals).
    meta_diags: Vec<Diagnostic>,
    checklist_diags: Vec<Diagnostic>,
    slide_diags: Vec<Diagnostic>,
    /// `id`s of slides that had errors, for the duplicate-id check.
    broken_slide_ids: Vec<Spanned<String>>,
    /// Some piece had errors: whole-deck totals are not meaningful.
    incomplete: bool,
    /// The file has a `slides` key.
    has_slides_key: bool,
    has_format: bool,
    has_deck: bool,
}

const TOP_LEVEL: [&str; 4] = ["format", "deck", "checklist", "slides"];

fn contains(span: &Range<usize>, pos: usize) -> bool {
    span.start <= pos && (pos < span.end || span.start == pos)
}

/// The path to the deepest node at byte `pos`, and whether `pos` is on a key (rather than a
/// value).
/// The first list longer than [`MAX_LIST_ITEMS`] in `v`: its span and length.
fn overlong_list(v: &Spanned<DeValue<'_>>) -> Option<(Range<usize>, usize)> {
    match v.get_ref() {
        DeValue::Array(a) if a.len() > MAX_LIST_ITEMS => Some((v.span(), a.len())),
        DeValue::Array(a) => a.iter().find_map(overlong_list),
        DeValue::Table(t) => t.values().find_map(overlong_list),
        _ => None,
    }
}

fn locate(v: &Spanned<DeValue<'_>>, pos: usize) -> Option<(Vec<Seg>, bool)> {
    match v.get_ref() {
        DeValue::Table(t) => {
            for (k, child) in t {
                let key = Seg::Key(k.get_ref().to_string());
                if contains(&k.span(), pos) {
                    return Some((vec![key], true));
                }
                if let Some((mut path, at_key)) = locate(child, pos) {
                    path.insert(0, key);
                    return Some((path, at_key));
                }
            }
        }
        DeValue::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                if let Some((mut path, at_key)) = locate(child, pos) {
                    path.insert(0, Seg::Index(i));
                    return Some((path, at_key));
                }
            }
        }
        _ => {}
    }
    contains(&v.span(), pos).then(|| (Vec::new(), false))
}

fn child<'a, 'i>(v: &'a Spanned<DeValue<'i>>, seg: &Seg) -> Option<&'a Spanned<DeValue<'i>>> {
    match (v.get_ref(), seg) {
        (DeValue::Table(t), Seg::Key(k)) => t.get(k.as_str()),
        (DeValue::Array(a), Seg::Index(i)) => a.get(*i),
        _ => None,
    }
}

fn node_at<'a, 'i>(v: &'a Spanned<DeValue<'i>>, path: &[Seg]) -> Option<&'a Spanned<DeValue<'i>>> {
    path.iter().try_fold(v, |cur, seg| child(cur, seg))
}

/// Remove the node at `path` from its parent table or list. False when there is nothing to
/// remove (an empty path: the piece itself).
fn remove_at(v: &mut Spanned<DeValue<'_>>, path: &[Seg]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = v;
    for seg in parents {
        let next = match (cur.get_mut(), seg) {
            (DeValue::Table(t), Seg::Key(k)) => t.get_mut(k.as_str()),
            (DeValue::Array(a), Seg::Index(i)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return false,
        }
    }
    match (cur.get_mut(), last) {
        (DeValue::Table(t), Seg::Key(k)) => t.remove(k.as_str()).is_some(),
        (DeValue::Array(a), Seg::Index(i)) if *i < a.len() => {
            let mut kept = DeArray::new();
            for (j, item) in a.iter().enumerate() {
                if j != *i {
                    kept.push(item.clone());
                }
            }
            *a = kept;
            true
        }
        _ => false,
    }
}

/// The `id = "…"` of a raw table, if it is text.
fn raw_id(v: &Spanned<DeValue<'_>>) -> Option<Spanned<String>> {
    let id = v.get_ref().as_table()?.get("id")?;
    Some(Spanned::new(id.span(), id.get_ref().as_str()?.to_owned()))
}

/// Names in backticks, in order: "unknown field `a`, expected `b` or `c`" → [a, b, c].
fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn join_ticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys of a path, joined with dots (list indices left out): `slides.prompts`.
fn dotted(path: &[Seg]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// What kind of table a path names, in words.
fn describe_table(path: &[Seg]) -> String {
    let d = dotted(path);
    match d.as_str() {
        "" => "the top level of the deck".into(),
        "deck" => "`[deck]`".into(),
        "checklist" => "`[checklist]`".into(),
        "checklist.groups" => "a checklist group (`[[checklist.groups]]`)".into(),
        "checklist.groups.items" => "a checklist item".into(),
        "checklist.flags" => "a checklist flag (`[[checklist.flags]]`)".into(),
        "checklist.frameworks" => "a framework (`[[checklist.frameworks]]`)".into(),
        "checklist.frameworks.rules" => "a framework rule".into(),
        "slides" => "a slide (`[[slides]]`)".into(),
        "slides.prompts" => "a prompt (`[[slides.prompts]]`)".into(),
        "slides.bullets" | "slides.columns.bullets" => "a bullet".into(),
        "slides.columns" => "a column".into(),
        "slides.callout" => "the callout".into(),
        _ => format!("`[{d}]`"),
    }
}

/// A value type from serde's "expected …" text, in words.
fn describe_expected(x: &str) -> String {
    match x {
        "a string" | "string" => "text in \"quotes\"".into(),
        "a boolean" | "bool" => "true or false".into(),
        "f64" | "f32" | "a float" => "a number".into(),
        "i64" | "i32" | "u64" | "u32" | "an integer" => "a whole number".into(),
        "a sequence" => "a list in [brackets]".into(),
        x if x.starts_with("struct ") || x == "a map" => "a table".into(),
        x if x.starts_with("a string, or a table") => {
            "text in \"quotes\" or a table like { text = \"…\", bullets = [\"…\"] }".into()
        }
        x => x.into(),
    }
}

/// A found value from serde's "invalid type: …" text, in words.
fn describe_found(x: &str) -> String {
    if x.starts_with("integer") || x.starts_with("floating point") {
        "a number".into()
    } else if x.starts_with("string") {
        "text".into()
    } else if let Some(b) = x.strip_prefix("boolean ") {
        b.into()
    } else if x == "sequence" {
        "a list".into()
    } else if x == "map" {
        "a table".into()
    } else {
        x.into()
    }
}

/// How to write a value of the expected type for `key`.
fn type_hint(key: &str, expected: &str, item_of_list: bool, table_path: &str) -> String {
    if item_of_list {
        return match expected {
            x if x.starts_with("a string, or a table") => {
                "write each bullet as text in quotes, or as { text = \"…\", bullets = [\"…\"] } \
                 for sub-bullets"
                    .to_owned()
            }
            "a string" => format!("each item of `{key}` is text in quotes: {key} = [\"…\", \"…\"]"),
            x if x.starts_with("struct ") => {
                format!("write each item of `{key}` as a `[[{table_path}]]` table")
            }
            _ => format!("see {DOCS} for what `{key}` holds"),
        };
    }
    match expected {
        "a string" => format!("write {key} = \"…\", with the text in quotes"),
        "a boolean" => format!("write {key} = true or {key} = false, without quotes"),
        "f64" | "f32" | "a float" => format!("write a number without quotes, e.g. {key} = 5"),
        "i64" if key == "format" => "write format = 1".into(),
        "i64" | "i32" | "u64" | "u32" => format!("write a whole number without quotes: {key} = 1"),
        "a sequence" => format!("write a list: {key} = [\"…\", \"…\"]"),
        x if x.starts_with("struct ") => {
            format!("`{key}` is a table: write `[{table_path}]` on its own line, then its fields")
        }
        _ => format!("see {DOCS} for what `{key}` holds"),
    }
}

/// A template for a missing required field.
fn missing_hint(field: &str) -> String {
    match field {
        "id" => "add id = \"…\": a short name of letters, digits, `-` or `_`, e.g. \
                 id = \"welcome\""
            .into(),
        "title" | "label" | "text" | "heading" | "say" => format!("add {field} = \"…\""),
        "items" => "add items = [{ id = \"…\", label = \"…\" }]".into(),
        "rules" => "add rules = [{ say = \"Not all elements identified yet.\" }]".into(),
        "format" => "add format = 1 as the first line of the deck".into(),
        _ => format!("add {field} = …; see {DOCS}"),
    }
}

/// Turn a serde error met while deserializing a piece into a diagnostic.
fn schema_diagnostic(
    e: &toml::de::Error,
    span: Range<usize>,
    prefix: &[Seg],
    loc: Option<&(Vec<Seg>, bool)>,
) -> Diagnostic {
    let raw = e.message().trim();
    let mut path = prefix.to_vec();
    if let Some((p, _)) = loc {
        path.extend(p.iter().cloned());
    }
    let at_key = loc.is_some_and(|(_, k)| *k);
    // The field the value belongs to, and whether the value is an item of a list.
    let last_key = path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.clone()),
        Seg::Index(_) => None,
    });
    let key = last_key.unwrap_or_default();
    let item_of_list = matches!(path.last(), Some(Seg::Index(_)));
    let d = if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let (word, expected) = names
            .split_first()
            .map_or(("", &[][..]), |(w, x)| (w.as_str(), x));
        let table = if at_key {
            &path[..path.len().saturating_sub(1)]
        } else {
            &path[..]
        };
        let hint = match did_you_mean(word, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if expected.is_empty() => format!("see {DOCS}"),
            None => format!("allowed here: {}", join_ticked(expected)),
        };
        Diagnostic::error(format!("unknown field `{word}`"))
            .label(format!("not a field of {}", describe_table(table)))
            .hint(hint)
    } else if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let what = if item_of_list {
            format!("each item of `{key}`")
        } else {
            format!("`{key}`")
        };
        let table_path = dotted(&path);
        Diagnostic::error(format!(
            "{what} must be {}, not {}",
            describe_expected(expected),
            describe_found(found)
        ))
        .label(format!("this is {}", describe_found(found)))
        .hint(type_hint(&key, expected, item_of_list, &table_path))
    } else if let Some(rest) = raw.strip_prefix("missing field ") {
        let name = backticked(rest).into_iter().next().unwrap_or_default();
        Diagnostic::error(format!(
            "missing field `{name}` in {}",
            describe_table(&path)
        ))
        .label(format!("this needs `{name}`"))
        .hint(missing_hint(&name))
    } else if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        let (word, expected) = names
            .split_first()
            .map_or(("", &[][..]), |(w, x)| (w.as_str(), x));
        let what = match key.as_str() {
            "kind" if dotted(&path).starts_with("slides.prompts") => "prompt kind".to_owned(),
            "kind" => "slide kind".to_owned(),
            "level" => "rule level".to_owned(),
            k => format!("value for `{k}`"),
        };
        let hint = match did_you_mean(word, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? (one of {})", join_ticked(expected)),
            None => format!("use one of {}", join_ticked(expected)),
        };
        Diagnostic::error(format!("unknown {what} `{word}`"))
            .label(format!("not a {what}"))
            .hint(hint)
    } else {
        let message = raw.split(", expected").next().unwrap_or(raw);
        Diagnostic::error(format!("bad value for `{key}`: {message}"))
            .hint(format!("see {DOCS} for what `{key}` holds"))
    };
    d.at(span)
}

fn missing_field_name(raw: &str) -> Option<String> {
    raw.strip_prefix("missing field ")
        .and_then(|r| backticked(r).into_iter().next())
}

// ---------------------------------------------------------------------------------------------
// Stage 4: meaning.

/// Conversion context: collects diagnostics.
#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
    /// Where `[deck] minutes` is, for the "minutes do not add up" warning.
    deck_minutes: Option<Range<usize>>,
    /// Where each converted slide's id is, in order.
    slide_spans: Vec<Range<usize>>,
    /// Where `[deck] translation` is.
    translation: Option<Range<usize>>,
    /// Loading as read ([`load_path_lean`]): any error means the file is loaded whole, which
    /// finds and places every diagnostic; so here a piece is tried once (no copy kept to retry
    /// with), with one error that says only that it failed, and a slide's spans are left
    /// where its part put them (the deck built is the same: spans only place diagnostics).
    lean: bool,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A valid id close to `id`: lower case, runs of other characters become one `-`.
fn slug(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Minutes for a message: `5`, `2.5`.
fn fmt_minutes(m: f64) -> String {
    let s = format!("{m:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Cx {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Deserialize one piece, reporting every schema error in it: after each error the
    /// offending key or list item is removed and the piece is tried again. `None` when the
    /// piece had any error.
    fn piece<T: DeserializeOwned>(
        &mut self,
        mut v: Spanned<DeValue<'_>>,
        prefix: &[Seg],
    ) -> Option<T> {
        // Keys removed so far, with the span of their table: a later "missing field" error
        // for one of them is a consequence, not a new problem.
        let mut removed: Vec<(Range<usize>, String)> = Vec::new();
        if let Some((span, n)) = overlong_list(&v) {
            self.err(
                Diagnostic::error(format!(
                    "this list has {n} items; convene reads lists of at most {MAX_LIST_ITEMS} \
                     (limit MAX_LIST_ITEMS)"
                ))
                .at(span.start..span.start.saturating_add(1).min(span.end))
                .hint("is this the right file? Split a very long list over several slides"),
            );
            return None;
        }
        if self.lean {
            let t = T::deserialize(ValueDeserializer::from(v)).ok();
            if t.is_none() {
                self.err(Diagnostic::error("this piece has an error"));
            }
            return t;
        }
        let mut failed = false;
        for _ in 0..MAX_ERRORS_PER_PIECE {
            let e = match T::deserialize(ValueDeserializer::from(v.clone())) {
                Ok(t) => return (!failed).then_some(t),
                Err(e) => e,
            };
            failed = true;
            let span = e.span().unwrap_or_else(|| v.span());
            let loc = locate(&v, span.start);
            let consequence = missing_field_name(e.message())
                .is_some_and(|name| removed.iter().any(|(s, k)| *s == span && *k == name));
            let d = schema_diagnostic(&e, span, prefix, loc.as_ref());
            let suggested = d
                .hint
                .as_deref()
                .and_then(|h| h.strip_prefix("did you mean `"))
                .and_then(|h| h.split('`').next())
                .map(str::to_owned);
            if !consequence {
                self.err(d);
            }
            let Some((path, _)) = loc else { break };
            let parent_span = node_at(&v, &path[..path.len().saturating_sub(1)]).map(Spanned::span);
            if let (Some(Seg::Key(k)), Some(ps)) = (path.last(), parent_span) {
                // A misspelt key stands for the key it resembles: that one is not "missing".
                if let Some(s) = suggested {
                    removed.push((ps.clone(), s));
                }
                removed.push((ps, k.clone()));
            }
            if !remove_at(&mut v, &path) {
                break;
            }
        }
        None
    }

    /// Split the document into its top-level pieces and deserialize each. The slides come
    /// last, as in parts (they are converted as they are read, against the checklist).
    fn split(&mut self, root: Spanned<DeTable<'_>>) -> Pieces {
        let mut p = Pieces::default();
        let mut slides = None;
        for (k, v) in root.into_inner() {
            if k.get_ref().as_ref() == "slides" {
                slides = Some((k, v));
            } else {
                self.entry(&mut p, k, v);
            }
        }
        if let Some((k, v)) = slides {
            self.entry(&mut p, k, v);
        }
        self.split_done(&mut p);
        p
    }

    /// Run `f` with the diagnostics it reports set aside in `into`.
    fn aside<R>(&mut self, into: &mut Vec<Diagnostic>, f: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::take(&mut self.diags);
        let r = f(self);
        into.append(&mut std::mem::replace(&mut self.diags, outer));
        r
    }

    /// [`Cx::split`] part by part, with the placeholders of every part (see [`Parse::InParts`]);
    /// `None` when the document has to be parsed whole.
    fn split_parts(&mut self, text: &str) -> Option<(Pieces, Vec<Diagnostic>)> {
        let starts = slide_headers(text);
        let first = *starts.first()?;
        let head = DeTable::parse(&text[..first]).ok()?.into_inner();
        if head.contains_key("slides") {
            return None;
        }
        let mut p = Pieces::default();
        // One slide a header, mostly: no doubling of a list of 10,000 slides.
        p.slides.reserve_exact(starts.len());
        let mut placeholders = Vec::new();
        // In the order the whole document's table gives: keys sort before or after `slides`.
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for (k, v) in head {
            if k.get_ref().as_ref() < "slides" {
                before.push((k, v));
            } else {
                after.push((k, v));
            }
        }
        for (k, v) in before {
            find_placeholders_in(&v, text, &mut placeholders);
            self.entry(&mut p, k, v);
        }
        p.has_slides_key = true;
        let mut index = 0;
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        for (start, end) in starts.iter().copied().zip(ends) {
            let found = Some((text, &mut placeholders));
            self.slide_part(&mut p, &text[start..end], start, &mut index, found)?;
        }
        for (k, v) in after {
            find_placeholders_in(&v, text, &mut placeholders);
            self.entry(&mut p, k, v);
        }
        self.split_done(&mut p);
        Some((p, placeholders))
    }

    /// One slide's part of the document (`part`, from its `[[slides]]` header to the next,
    /// `start` bytes into the file), each slide in it read and converted; the placeholders of
    /// the part into `found` (with the whole text) if given. `None` when the part does not parse
    /// or holds more than slides: the document is then parsed whole.
    fn slide_part(
        &mut self,
        p: &mut Pieces,
        part: &str,
        start: usize,
        index: &mut usize,
        mut found: Option<(&str, &mut Vec<Diagnostic>)>,
    ) -> Option<()> {
        let mut part = DeTable::parse(part).ok()?.into_inner();
        let slides = part.remove("slides")?;
        if !part.is_empty() {
            return None;
        }
        let DeValue::Array(list) = slides.into_inner() else {
            return None;
        };
        for mut item in list {
            if !self.lean {
                shift(&mut item, start);
            }
            if let Some((text, out)) = found.as_mut() {
                find_placeholders_in(&item, text, out);
            }
            self.slide_piece(p, *index, item);
            *index += 1;
        }
        Some(())
    }

    /// One slide of the `slides` list, the `index`-th, converted.
    fn slide_piece(&mut self, p: &mut Pieces, index: usize, item: Spanned<DeValue<'_>>) {
        let id = raw_id(&item);
        let prefix = [Seg::Key("slides".to_owned()), Seg::Index(index)];
        match self.piece::<SlideSrc>(item, &prefix) {
            Some(s) => {
                let refs = if p.checklist_broken {
                    Refs::Unknown
                } else {
                    match &p.checklist {
                        Some(c) => Refs::Checklist(c),
                        None => Refs::NoChecklist,
                    }
                };
                let slide = self.aside(&mut p.slide_diags, |cx| cx.slide(s, refs));
                p.slides.push(slide);
            }
            None => {
                p.incomplete = true;
                p.broken_slide_ids.extend(id);
            }
        }
    }

    /// One top-level entry of the document.
    fn entry(
        &mut self,
        p: &mut Pieces,
        k: Spanned<toml::de::DeString<'_>>,
        v: Spanned<DeValue<'_>>,
    ) {
        let key = k.get_ref().to_string();
        let prefix = [Seg::Key(key.clone())];
        match key.as_str() {
            "format" => {
                p.has_format = true;
                p.format = self.piece(v, &prefix);
                p.incomplete |= p.format.is_none();
            }
            "deck" => {
                p.has_deck = true;
                let meta = self.piece(v, &prefix);
                p.incomplete |= meta.is_none();
                p.meta = meta.map(|m| self.aside(&mut p.meta_diags, |cx| cx.meta(m)));
            }
            "checklist" => {
                let checklist = self.piece(v, &prefix);
                p.checklist_broken = checklist.is_none();
                p.incomplete |= p.checklist_broken;
                p.checklist =
                    checklist.map(|c| self.aside(&mut p.checklist_diags, |cx| cx.checklist(c)));
            }
            "slides" => {
                p.has_slides_key = true;
                let span = v.span();
                match v.into_inner() {
                    DeValue::Array(list) => {
                        for (i, item) in list.into_iter().enumerate() {
                            self.slide_piece(p, i, item);
                        }
                    }
                    _ => {
                        p.incomplete = true;
                        self.err(
                            Diagnostic::error("`slides` must be a list of slides")
                                .at(span)
                                .label("not a list")
                                .hint(
                                    "write each slide as a `[[slides]]` table, with its \
                                     fields on the lines below",
                                ),
                        );
                    }
                }
            }
            other => {
                p.incomplete = true;
                let table_like = v.get_ref().is_table() || v.get_ref().is_array();
                let hint = match did_you_mean(other, TOP_LEVEL) {
                    Some("slides") if table_like => {
                        "did you mean `slides`? Each slide starts with `[[slides]]`".to_owned()
                    }
                    Some(s) => format!("did you mean `{s}`?"),
                    None if table_like => format!(
                        "the deck has these tables: `[deck]`, `[checklist]`, `[[slides]]`; \
                         see {DOCS}"
                    ),
                    None => format!(
                        "settings like this one belong in a table, e.g. under `[deck]` or \
                         a `[[slides]]`; see {DOCS}"
                    ),
                };
                self.err(
                    Diagnostic::error(format!("unknown field `{}`", clean_line(other)))
                        .at(k.span())
                        .label(format!("not a field of {}", describe_table(&[])))
                        .hint(hint),
                );
            }
        }
    }

    /// The checks that need every top-level entry seen.
    fn split_done(&mut self, p: &mut Pieces) {
        if !p.has_format {
            p.incomplete = true;
            self.err(
                Diagnostic::error("the deck does not say which format version it uses")
                    .at(0..0)
                    .label("add `format = 1` here")
                    .hint(missing_hint("format")),
            );
        }
        if !p.has_deck {
            p.incomplete = true;
            self.err(
                Diagnostic::error("the deck has no `[deck]` table")
                    .hint("add a `[deck]` table with at least title = \"…\" (after `format = 1`)"),
            );
        }
    }

    fn check_id(&mut self, what: &str, id: &Spanned<String>) {
        let raw = id.get_ref();
        if !valid_id(raw) {
            let s = slug(raw);
            let hint = if s.is_empty() {
                "ids name things in answer keys, journals and links: e.g. `case-rosa`".to_owned()
            } else {
                format!("try `{s}`")
            };
            let message = if raw.is_empty() {
                format!("the {what} id is empty")
            } else {
                format!("{what} id `{}` is not a valid id", clean_line(raw))
            };
            self.err(
                Diagnostic::error(message)
                    .at(id.span())
                    .label("use only letters, digits, `-` or `_`")
                    .hint(hint),
            );
        }
    }

    /// Report a duplicate id, pointing at its first use too.
    fn duplicate(&mut self, what: &str, id: &Spanned<String>, first: Range<usize>, hint: &str) {
        self.duplicate_msg(
            format!("duplicate {what} `{}`", clean_line(id.get_ref())),
            id,
            first,
            hint,
        );
    }

    fn duplicate_msg(
        &mut self,
        message: String,
        id: &Spanned<String>,
        first: Range<usize>,
        hint: &str,
    ) {
        self.err(
            Diagnostic::error(message)
                .at(id.span())
                .label("used again here")
                .also(first, "first used here")
                .hint(hint),
        );
    }

    fn minutes(&mut self, m: Option<&Spanned<f64>>) -> Option<f64> {
        let m = m?;
        let v = *m.get_ref();
        if !(0.0..=MAX_MINUTES).contains(&v) {
            self.err(
                Diagnostic::error(format!(
                    "planned minutes must be between 0 and {}, not {}",
                    fmt_minutes(MAX_MINUTES),
                    fmt_minutes(v)
                ))
                .at(m.span())
                .label("out of range")
                .hint("planned minutes are a number like 5 or 2.5"),
            );
            return None;
        }
        Some(v)
    }

    /// Check the pieces and build the deck (`None` when `[deck]` is missing or broken).
    fn convert(&mut self, mut p: Pieces) -> Option<Deck> {
        if let Some(f) = &p.format
            && *f.get_ref() != FORMAT_VERSION
        {
            self.err(
                Diagnostic::error(format!(
                    "unsupported deck format {}; this version of convene reads format \
                         {FORMAT_VERSION}",
                    f.get_ref()
                ))
                .at(f.span())
                .label("unsupported format")
                .hint("write format = 1, or update convene to read newer decks"),
            );
        }
        self.diags.append(&mut p.meta_diags);
        self.diags.append(&mut p.checklist_diags);
        // Duplicate slide ids, across slides that parsed and slides that did not: the ids
        // sorted by text, then by place (an index of 4 bytes a slide, not a map of them all).
        let n = p.slides.len();
        let id_at = |i: usize| -> (&str, Range<usize>) {
            match p.slides.get(i) {
                Some(s) => (s.id.as_str(), self.slide_spans[i].clone()),
                None => {
                    let id = &p.broken_slide_ids[i - n];
                    (id.get_ref().as_str(), id.span())
                }
            }
        };
        let mut order: Vec<usize> = (0..n + p.broken_slide_ids.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            let (ia, sa) = id_at(a);
            let (ib, sb) = id_at(b);
            ia.cmp(ib).then(sa.start.cmp(&sb.start))
        });
        let mut dups = Vec::new();
        let mut first: Option<(&str, Range<usize>)> = None;
        for &i in &order {
            let (id, span) = id_at(i);
            match &first {
                Some((f, first_span)) if *f == id => {
                    dups.push((Spanned::new(span, id.to_owned()), first_span.clone()));
                }
                _ => first = Some((id, span)),
            }
        }
        drop(order);
        dups.sort_by_key(|(id, _)| id.span().start);
        for (id, first) in dups {
            self.duplicate(
                "slide id",
                &id,
                first,
                "give every slide its own id (ids link the journal, answer keys and \
                 translations to the slide)",
            );
        }
        self.diags.append(&mut p.slide_diags);
        let slides = p.slides;
        if slides.is_empty() && p.broken_slide_ids.is_empty() && !p.incomplete {
            self.err(
                Diagnostic::error("the deck has no slides")
                    .hint("add a slide: a `[[slides]]` table with an `id` and a `title`"),
            );
        }
        let deck = Deck {
            meta: p.meta?,
            checklist: p.checklist,
            slides,
        };
        if !p.incomplete {
            self.deck_warnings(&deck);
        }
        Some(deck)
    }
}

/// What answer keys and `checklist = true` can be checked against.
#[derive(Clone, Copy)]
enum Refs<'a> {
    Checklist(&'a Checklist),
    NoChecklist,
    /// The checklist has errors of its own: references are not checked.
    Unknown,
}

impl Cx {
    fn meta(&mut self, m: Spanned<MetaSrc>) -> Meta {
        let m = m.into_inner();
        if clean_line(m.title.get_ref()).trim().is_empty() {
            self.err(
                Diagnostic::error("the deck title is empty")
                    .at(m.title.span())
                    .label("no text")
                    .hint("write the workshop's title between the quotes"),
            );
        }
        let language = match &m.language {
            Some(l) => {
                let v = clean_line(l.get_ref());
                if !matches!(v.as_str(), "en" | "fr") {
                    self.diags.push(
                        Diagnostic::warning(format!("no interface translation for language `{v}`"))
                            .at(l.span())
                            .label("not `en` or `fr`")
                            .hint(
                                "the interface (status line, help) will be in English; `en` and \
                                 `fr` are built in",
                            ),
                    );
                }
                v
            }
            None => "en".to_owned(),
        };
        self.deck_minutes = m.minutes.as_ref().map(Spanned::span);
        Meta {
            title: clean_line(m.title.get_ref()),
            subtitle: m.subtitle.as_deref().map(clean_line),
            language,
            minutes: self.minutes(m.minutes.as_ref()),
            content_note: m.content_note.as_deref().map(clean),
            support: m.support.iter().map(|s| clean_line(s)).collect(),
            author: m.author.as_deref().map(clean_line),
            theme: m.theme,
            translation: m.translation.map(|t| {
                self.translation = Some(t.span());
                if t.get_ref().trim().is_empty() {
                    self.err(
                        Diagnostic::error("`translation` is empty")
                            .at(t.span())
                            .label("no file name")
                            .hint("name the translated deck's file, e.g. `translation = \"awareness.fr.toml\"`, or delete the line"),
                    );
                }
                clean_line(t.get_ref())
            }),
        }
    }

    fn checklist(&mut self, c: Spanned<ChecklistSrc>) -> Checklist {
        let span = c.span();
        let c = c.into_inner();
        // Framework ids first: groups, items and flags may name them.
        let framework_ids: Vec<String> = c
            .frameworks
            .iter()
            .map(|f| f.id.get_ref().clone())
            .collect();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_spans: Vec<Range<usize>> = Vec::new();
        for g in &c.groups {
            self.check_id("group", &g.id);
            if let Some(i) = groups.iter().position(|x| &x.id == g.id.get_ref()) {
                self.duplicate(
                    "checklist group",
                    &g.id,
                    group_spans[i].clone(),
                    "each group needs its own id",
                );
            }
            let group_fws = self.frameworks_of(&g.frameworks, &framework_ids, &[]);
            let mut items: Vec<Item> = Vec::new();
            let mut item_spans: Vec<Range<usize>> = Vec::new();
            for it in g.items.get_ref() {
                self.check_id("item", &it.id);
                if let Some(i) = items.iter().position(|x| &x.id == it.id.get_ref()) {
                    self.duplicate_msg(
                        format!(
                            "duplicate item `{}` in group `{}`",
                            clean_line(it.id.get_ref()),
                            clean_line(g.id.get_ref())
                        ),
                        &it.id,
                        item_spans[i].clone(),
                        "each item in a group needs its own id",
                    );
                }
                let short = self.short_text(it.short.as_ref(), &it.label, "short label");
                items.push(Item {
                    id: it.id.get_ref().clone(),
                    label: clean_line(&it.label),
                    short,
                    frameworks: self.frameworks_of(&it.frameworks, &framework_ids, &group_fws),
                });
                item_spans.push(it.id.span());
            }
            if items.is_empty() {
                self.err(
                    Diagnostic::error(format!(
                        "checklist group `{}` has no items",
                        clean_line(g.id.get_ref())
                    ))
                    .at(g.items.span())
                    .label("empty list")
                    .hint("add items like { id = \"recruitment\", label = \"Recruitment\" }"),
                );
            }
            groups.push(Group {
                id: g.id.get_ref().clone(),
                label: clean_line(&g.label),
                question: g.question.as_deref().map(clean_line),
                items,
                frameworks: group_fws,
            });
            group_spans.push(g.id.span());
        }
        if groups.is_empty() {
            self.err(
                Diagnostic::error("the checklist has no groups")
                    .at(span.clone())
                    .hint("add `[[checklist.groups]]` tables (e.g. ACT, MEANS, PURPOSE)"),
            );
        }
        let mut flags: Vec<Flag> = Vec::new();
        let mut flag_spans: Vec<Range<usize>> = Vec::new();
        for f in &c.flags {
            self.check_id("flag", &f.id);
            if let Some(i) = flags.iter().position(|x| &x.id == f.id.get_ref()) {
                self.duplicate(
                    "checklist flag",
                    &f.id,
                    flag_spans[i].clone(),
                    "each flag needs its own id",
                );
            }
            let short = self.short_text(f.short.as_ref(), &f.label, "short label");
            flags.push(Flag {
                id: f.id.get_ref().clone(),
                label: clean_line(&f.label),
                short,
                frameworks: self.frameworks_of(&f.frameworks, &framework_ids, &[]),
            });
            flag_spans.push(f.id.span());
        }
        let group_ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
        let flag_ids: Vec<String> = flags.iter().map(|f| f.id.clone()).collect();
        let mut frameworks: Vec<Framework> = Vec::new();
        let mut framework_spans: Vec<Range<usize>> = Vec::new();
        for (fi, fw) in c.frameworks.iter().enumerate() {
            self.check_id("framework", &fw.id);
            if let Some(i) = frameworks.iter().position(|x| &x.id == fw.id.get_ref()) {
                self.duplicate(
                    "framework",
                    &fw.id,
                    framework_spans[i].clone(),
                    "each framework needs its own id",
                );
            }
            let mut rules = Vec::new();
            for r in fw.rules.get_ref() {
                let r = r.get_ref();
                let all = r
                    .all
                    .iter()
                    .filter_map(|x| self.condition(x, &groups, fi, fw.id.get_ref()))
                    .collect::<Vec<_>>();
                let any = r
                    .any
                    .iter()
                    .filter_map(|x| self.condition(x, &groups, fi, fw.id.get_ref()))
                    .collect::<Vec<_>>();
                let fl = r
                    .flags
                    .iter()
                    .filter_map(|f| {
                        let i = self.resolve(f, &flag_ids, "flag", "checklist flag")?;
                        if !in_frameworks(&flags[i].frameworks, fi) {
                            self.not_in_framework(f, "flag", fw.id.get_ref());
                            return None;
                        }
                        Some(i)
                    })
                    .collect::<Vec<_>>();
                let conditional = !r.all.is_empty() || !r.any.is_empty() || !r.flags.is_empty();
                rules.push(Rule {
                    all,
                    any,
                    flags: fl,
                    say: clean_line(&r.say),
                    level: r.level.unwrap_or(if conditional {
                        Level::Indicated
                    } else {
                        Level::Incomplete
                    }),
                });
            }
            let unconditional = |r: &Spanned<RuleSrc>| {
                let r = r.get_ref();
                r.all.is_empty() && r.any.is_empty() && r.flags.is_empty()
            };
            let fw_rules = fw.rules.get_ref();
            match fw_rules.iter().position(unconditional) {
                None => {
                    let d = Diagnostic::error(format!(
                        "framework `{}` has no fallback rule",
                        clean_line(fw.id.get_ref())
                    ))
                    .hint(
                        "end the rules with one that has no conditions, e.g. \
                         { say = \"Not all elements identified yet.\" }",
                    );
                    self.err(match fw_rules.last() {
                        Some(last) => d
                            .at(last.span())
                            .label("the last rule has conditions, so sometimes no rule applies"),
                        None => d.at(fw.rules.span()).label("no rules"),
                    });
                }
                Some(f) => {
                    for r in &fw_rules[f + 1..] {
                        self.diags.push(
                            Diagnostic::warning("this rule never applies")
                                .at(r.span())
                                .label("comes after a rule without conditions")
                                .also(fw_rules[f].span(), "this rule always matches first")
                                .hint(
                                    "rules are tried in order and the first match wins: move \
                                     the rule without conditions to the end",
                                ),
                        );
                    }
                }
            }
            let mut questions = Vec::new();
            for (gid, q) in &fw.questions {
                match group_ids.iter().position(|g| g == gid) {
                    Some(g) => questions.push((g, clean_line(q))),
                    None => {
                        let hint = match did_you_mean(gid, group_ids.iter().map(String::as_str)) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("the checklist's groups: {}", join_ticked(&group_ids)),
                        };
                        self.err(
                            Diagnostic::error(format!(
                                "`questions` of framework `{}` names unknown checklist group `{}`",
                                clean_line(fw.id.get_ref()),
                                clean_line(gid)
                            ))
                            .at(fw.id.span())
                            .label("in this framework")
                            .hint(hint),
                        );
                    }
                }
            }
            frameworks.push(Framework {
                id: fw.id.get_ref().clone(),
                label: clean_line(&fw.label),
                rules,
                questions,
            });
            framework_spans.push(fw.id.span());
        }
        if frameworks.is_empty() {
            self.err(
                Diagnostic::error("the checklist has no frameworks")
                    .at(span)
                    .hint("add a `[[checklist.frameworks]]` table with ordered rules"),
            );
        }
        let short_disclaimer = match &c.disclaimer {
            Some(d) => self.short_text(c.short_disclaimer.as_ref(), d, "short disclaimer"),
            None => {
                if let Some(s) = &c.short_disclaimer {
                    self.diags.push(
                        Diagnostic::warning("a short disclaimer without a `disclaimer`")
                            .at(s.span())
                            .label("shortens nothing")
                            .hint("add `disclaimer = \"…\"` in full, or leave this out"),
                    );
                }
                None
            }
        };
        Checklist {
            title: clean_line(&c.title),
            disclaimer: c.disclaimer.as_deref().map(clean_line),
            short_disclaimer,
            groups,
            flags,
            frameworks,
        }
    }

    /// A checklist text's shorter form (`short`, `short_disclaimer`), cleaned: an error when
    /// empty, a warning when it is no shorter than the text it stands for.
    fn short_text(
        &mut self,
        short: Option<&Spanned<String>>,
        full: &str,
        what: &str,
    ) -> Option<String> {
        use unicode_width::UnicodeWidthStr;
        let s = short?;
        let text = clean_line(s.get_ref());
        if text.trim().is_empty() {
            self.err(
                Diagnostic::error(format!("the {what} is empty"))
                    .at(s.span())
                    .label("no text")
                    .hint("write a few words, or leave it out to use the full text"),
            );
            return None;
        }
        if text.width() >= clean_line(full).width() {
            self.diags.push(
                Diagnostic::warning(format!("this {what} is no shorter than the full text"))
                    .at(s.span())
                    .label("not shorter")
                    .hint(
                        "the panel shows it when room is short: make it shorter, or leave it out",
                    ),
            );
        }
        Some(text)
    }

    /// Resolve a `frameworks = [...]` list to indices. An item's list must stay within its
    /// group's (`within`, empty: any framework).
    fn frameworks_of(
        &mut self,
        list: &[Spanned<String>],
        known: &[String],
        within: &[usize],
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for f in list {
            let Some(i) = self.resolve(f, known, "framework", "framework") else {
                continue;
            };
            if !in_frameworks(within, i) {
                self.err(
                    Diagnostic::error(format!(
                        "framework `{}` does not use this item's group",
                        clean_line(f.get_ref())
                    ))
                    .at(f.span())
                    .label("not among the group's `frameworks`")
                    .hint("add the framework to the group's `frameworks`, or remove it here"),
                );
                continue;
            }
            if !out.contains(&i) {
                out.push(i);
            }
        }
        // Inherit the group's frameworks when none of its own are given.
        if list.is_empty() {
            within.to_vec()
        } else {
            out
        }
    }

    /// Resolve a rule condition: a group id, or `group.item`, used by framework `fw`.
    fn condition(
        &mut self,
        x: &Spanned<String>,
        groups: &[Group],
        fw: usize,
        fw_id: &str,
    ) -> Option<Cond> {
        let raw = x.get_ref();
        let found = match raw.split_once('.') {
            None => groups
                .iter()
                .position(|g| g.id == *raw)
                .map(|g| (Cond::Group(g), in_frameworks(&groups[g].frameworks, fw))),
            Some((g, i)) => groups.iter().position(|x| x.id == g).and_then(|gi| {
                let ii = groups[gi].items.iter().position(|x| x.id == i)?;
                Some((
                    Cond::Item(gi, ii),
                    in_frameworks(&groups[gi].items[ii].frameworks, fw)
                        && in_frameworks(&groups[gi].frameworks, fw),
                ))
            }),
        };
        match found {
            Some((c, true)) => Some(c),
            Some((_, false)) => {
                let what = if raw.contains('.') { "item" } else { "group" };
                self.not_in_framework(x, what, fw_id);
                None
            }
            None => {
                let known: Vec<String> =
                    groups
                        .iter()
                        .map(|g| g.id.clone())
                        .chain(groups.iter().flat_map(|g| {
                            g.items.iter().map(move |i| format!("{}.{}", g.id, i.id))
                        }))
                        .collect();
                let hint = match crate::deck::diag::did_you_mean_item(
                    raw,
                    known.iter().map(String::as_str),
                ) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "a rule names a group (e.g. `act`) or an item as `group.item` \
                             (e.g. `purpose.organs`)"
                        .to_owned(),
                };
                self.err(
                    Diagnostic::error(format!(
                        "unknown checklist group or item `{}`",
                        clean_line(raw)
                    ))
                    .at(x.span())
                    .label("no group or item has this id")
                    .hint(hint),
                );
                None
            }
        }
    }

    fn not_in_framework(&mut self, x: &Spanned<String>, what: &str, fw_id: &str) {
        self.err(
            Diagnostic::error(format!(
                "framework `{}` does not use checklist {what} `{}`",
                clean_line(fw_id),
                clean_line(x.get_ref())
            ))
            .at(x.span())
            .label(format!(
                "this {what}'s `frameworks` leave out `{}`",
                clean_line(fw_id)
            ))
            .hint(format!(
                "add `{}` to the {what}'s `frameworks`, or name something this framework uses",
                clean_line(fw_id)
            )),
        );
    }

    /// Resolve an id against a list, with a did-you-mean error when unknown.
    fn resolve(
        &mut self,
        id: &Spanned<String>,
        known: &[String],
        what: &str,
        long: &str,
    ) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| k == id.get_ref()) {
            return Some(i);
        }
        let hint = match did_you_mean(id.get_ref(), known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => format!("the checklist defines no {what}s"),
            None => format!("the checklist's {what}s: {}", join_ticked(known)),
        };
        self.err(
            Diagnostic::error(format!("unknown {long} `{}`", clean_line(id.get_ref())))
                .at(id.span())
                .label(format!("no {what} has this id"))
                .hint(hint),
        );
        None
    }

    fn bullets(list: &[BulletSrc]) -> Vec<Bullet> {
        list.iter()
            .map(|b| Bullet {
                text: clean_line(&b.text).into(),
                children: b.bullets.iter().map(|c| clean_line(c).into()).collect(),
            })
            .collect()
    }

    fn slide(&mut self, s: SlideSrc, refs: Refs<'_>) -> Slide {
        self.check_id("slide", &s.id);
        self.slide_spans.push(s.id.span());
        let kind = s.kind.as_ref().map_or(SlideKind::Content, |k| *k.get_ref());
        let body: Vec<CompactString> = s
            .body
            .as_deref()
            .map(|b| {
                clean(b)
                    .split("\n\n")
                    .map(|p| {
                        p.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|p| !p.is_empty())
                    .map(CompactString::from)
                    .collect()
            })
            .unwrap_or_default();
        let title = s.title.as_deref().map(clean_line).unwrap_or_default();
        let bullets = Self::bullets(&s.bullets);
        let columns: Vec<Column> = s
            .columns
            .iter()
            .map(|c| Column {
                heading: clean_line(&c.heading).into(),
                bullets: Self::bullets(&c.bullets),
            })
            .collect();
        let callout = s.callout.as_ref().map(|c| Callout {
            label: c.label.as_deref().map(|l| clean_line(l).into()),
            text: clean(&c.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
        });
        let mut prompts: Vec<Prompt> = Vec::with_capacity(s.prompts.len());
        for p in &s.prompts {
            let kind = p
                .kind
                .as_ref()
                .map_or(PromptKind::Discuss, |k| *k.get_ref());
            if p.minutes.is_none() {
                self.diags.push(match kind {
                    PromptKind::Discuss => {
                        Diagnostic::warning("this prompt has no planned minutes")
                            .at(p.text.span())
                            .label("no `minutes` for this prompt")
                            .hint(
                                "add minutes = 5 (or another number) under the prompt, so the \
                             facilitator gets a countdown",
                            )
                    }
                    PromptKind::Break => Diagnostic::warning("this break has no planned minutes")
                        .at(p.text.span())
                        .label("no `minutes` for this break")
                        .hint(
                            "add minutes = 10 (or another number) under the break, so the room \
                             sees when it ends",
                        ),
                });
            }
            // A prompt planned longer than its whole slide: one of the two numbers is wrong.
            if let (Some(pm), Some(sm)) = (&p.minutes, &s.minutes)
                && pm.get_ref() > sm.get_ref()
            {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "this prompt plans {} minutes, more than its slide's {}",
                        fmt_minutes(*pm.get_ref()),
                        fmt_minutes(*sm.get_ref())
                    ))
                    .at(pm.span())
                    .label("longer than the slide")
                    .also(sm.span(), "the slide's minutes")
                    .hint("the slide's minutes include its discussion: raise them or shorten the prompt"),
                );
            }
            prompts.push(Prompt {
                kind,
                text: clean_line(p.text.get_ref()).into(),
                minutes: self.minutes(p.minutes.as_ref()),
                follow_ups: p.follow_ups.iter().map(|f| clean_line(f).into()).collect(),
            });
        }
        let subtitle = s.subtitle.as_deref().map(clean_line);
        let empty = title.trim().is_empty()
            && body.is_empty()
            && bullets.is_empty()
            && columns.is_empty()
            && callout.is_none()
            && prompts.is_empty()
            && subtitle.as_deref().is_none_or(|t| t.trim().is_empty());
        if empty {
            self.err(
                Diagnostic::error(format!(
                    "slide `{}` has nothing to show",
                    clean_line(s.id.get_ref())
                ))
                .at(s.id.span())
                .label("this slide is empty")
                .hint(
                    "give it a `title`, a `body`, `bullets`, `columns`, a `callout` or `prompts`",
                ),
            );
        }
        let checklist = match refs {
            Refs::Checklist(c) => Some(c),
            _ => None,
        };
        let show_checklist = s
            .checklist
            .as_ref()
            .map_or(kind == SlideKind::Case, |c| *c.get_ref());
        if let (Some(c), Refs::NoChecklist) = (&s.checklist, refs)
            && *c.get_ref()
        {
            self.err(
                Diagnostic::error("`checklist = true` but the deck has no `[checklist]`")
                    .at(c.span())
                    .label("there is no checklist to show")
                    .hint("define the checklist under `[checklist]`, or remove this line"),
            );
        }
        let has_answer = !s.answer.is_empty()
            || !s.answer_flags.is_empty()
            || !s.defensible.is_empty()
            || !s.defensible_flags.is_empty()
            || !s.answers.is_empty();
        let answer = if has_answer {
            match refs {
                Refs::NoChecklist => {
                    let span = s
                        .answer
                        .first()
                        .or(s.answer_flags.first())
                        .map_or(s.id.span(), Spanned::span);
                    self.err(
                        Diagnostic::error("an answer key needs the deck's `[checklist]`")
                            .at(span)
                            .label("there is no checklist to answer")
                            .hint(
                                "define the checklist under `[checklist]`, or remove `answer` \
                                 and `answer_flags`",
                            ),
                    );
                    None
                }
                Refs::Unknown => None,
                Refs::Checklist(cl) => {
                    if !show_checklist {
                        let span = s
                            .answer
                            .first()
                            .or(s.answer_flags.first())
                            .map_or(s.id.span(), Spanned::span);
                        self.diags.push(
                            Diagnostic::warning("this slide has an answer key but does not show the checklist")
                                .at(span)
                                .label("answer key")
                                .hint("add kind = \"case\" or checklist = true to the slide, or remove the answer key"),
                        );
                    }
                    Some(self.answer(&s, cl))
                }
            }
        } else {
            if show_checklist && checklist.is_some() && kind == SlideKind::Case {
                let span = s.kind.as_ref().map_or(s.id.span(), Spanned::span);
                self.diags.push(
                    Diagnostic::warning(format!(
                        "case `{}` has no answer key",
                        clean_line(s.id.get_ref())
                    ))
                    .at(span)
                    .label("a case without `answer`")
                    .hint(
                        "add answer = [\"group.item\", …] (e.g. \"act.recruitment\") so the \
                         facilitator can compare the group's findings",
                    ),
                );
            }
            None
        };
        if let Some(r) = &s.reveal
            && *r.get_ref()
            && s.bullets.is_empty()
        {
            self.diags.push(
                Diagnostic::warning("`reveal = true` on a slide without bullets does nothing")
                    .at(r.span())
                    .label("nothing to reveal")
                    .hint("reveal shows `bullets` one per step; remove the line or add bullets"),
            );
        }
        Slide {
            id: s.id.get_ref().as_str().into(),
            section: s.section.as_deref().map(|x| clean_line(x).into()),
            kind,
            title: title.into(),
            body,
            bullets,
            reveal: s.reveal.as_ref().is_some_and(|r| *r.get_ref()),
            notes: s.notes.as_deref().map(|x| clean(x).into()),
            checklist: show_checklist && checklist.is_some(),
            extras: Extras {
                subtitle: subtitle.map(CompactString::from),
                columns,
                callout,
                minutes: self.minutes(s.minutes.as_ref()),
                prompts,
                answer,
                debrief: s.debrief.as_deref().map(|x| clean_line(x).into()),
            }
            .boxed(),
        }
    }

    fn answer(&mut self, s: &SlideSrc, cl: &Checklist) -> Answer {
        let mut key = self.key(
            [&s.answer, &s.defensible],
            [&s.answer_flags, &s.defensible_flags],
            cl,
            None,
        );
        let framework_ids: Vec<String> = cl.frameworks.iter().map(|f| f.id.clone()).collect();
        let mut seen: Vec<(usize, Range<usize>)> = Vec::new();
        for a in &s.answers {
            let Some(fw) = self.resolve(&a.framework, &framework_ids, "framework", "framework")
            else {
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(f, _)| *f == fw) {
                self.duplicate_msg(
                    format!(
                        "two answer keys for framework `{}`",
                        clean_line(a.framework.get_ref())
                    ),
                    &a.framework,
                    first.clone(),
                    "give each framework one `[[slides.answers]]` table",
                );
                continue;
            }
            seen.push((fw, a.framework.span()));
            let k = self.key(
                [&a.answer, &a.defensible],
                [&a.answer_flags, &a.defensible_flags],
                cl,
                Some((fw, a.framework.get_ref())),
            );
            key.by_framework.push((fw, k));
        }
        key
    }

    /// One answer key: `items` = [expected, defensible] as `group.item`, `flags` likewise. A
    /// framework's own key (`fw`) may name only what that framework uses.
    fn key(
        &mut self,
        items: [&Vec<Spanned<String>>; 2],
        flags: [&Vec<Spanned<String>>; 2],
        cl: &Checklist,
        fw: Option<(usize, &str)>,
    ) -> Answer {
        let all_items: Vec<String> = cl
            .groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| format!("{}.{}", g.id, i.id)))
            .collect();
        let mut out: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
        let mut seen: Vec<(&str, Range<usize>)> = Vec::new();
        for (list, out) in items.iter().zip(out.iter_mut()) {
            for a in list.iter() {
                if let Some((_, first)) = seen.iter().find(|(x, _)| *x == a.get_ref()) {
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "`{}` is listed twice",
                            clean_line(a.get_ref())
                        ))
                        .at(a.span())
                        .label("listed again")
                        .also(first.clone(), "first listed here")
                        .hint("remove one of them"),
                    );
                    continue;
                }
                seen.push((a.get_ref(), a.span()));
                let found = a.get_ref().split_once('.').and_then(|(g, i)| {
                    let gi = cl.groups.iter().position(|x| x.id == g)?;
                    let ii = cl.groups[gi].items.iter().position(|x| x.id == i)?;
                    Some((gi, ii))
                });
                match found {
                    Some((g, i)) => {
                        if let Some((f, fw_id)) = fw
                            && !in_frameworks(&cl.groups[g].items[i].frameworks, f)
                        {
                            self.not_in_framework(a, "item", fw_id);
                            continue;
                        }
                        out.push((g, i));
                    }
                    None => {
                        let hint = match crate::deck::diag::did_you_mean_item(
                            a.get_ref(),
                            all_items.iter().map(String::as_str),
                        ) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if !a.get_ref().contains('.') => {
                                "answer keys name items as `group.item`, e.g. \
                                     `act.recruitment`"
                                    .to_owned()
                            }
                            None => {
                                format!("the checklist's items: {}", join_ticked(&all_items))
                            }
                        };
                        self.err(
                            Diagnostic::error(format!(
                                "answer key names unknown checklist item `{}`",
                                clean_line(a.get_ref())
                            ))
                            .at(a.span())
                            .label("no checklist item has this id")
                            .hint(hint),
                        );
                    }
                }
            }
        }
        let flag_ids: Vec<String> = cl.flags.iter().map(|f| f.id.clone()).collect();
        let mut flag_out: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
        for (list, out) in flags.iter().zip(flag_out.iter_mut()) {
            for f in list.iter() {
                let Some(i) = self.resolve(f, &flag_ids, "flag", "checklist flag") else {
                    continue;
                };
                if let Some((fi, fw_id)) = fw
                    && !in_frameworks(&cl.flags[i].frameworks, fi)
                {
                    self.not_in_framework(f, "flag", fw_id);
                    continue;
                }
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        let [items, defensible] = out;
        let [flags, defensible_flags] = flag_out;
        Answer {
            items,
            flags,
            defensible,
            defensible_flags,
            by_framework: Vec::new(),
        }
    }

    /// Warnings about the deck as a whole (only when every piece parsed).
    fn deck_warnings(&mut self, deck: &Deck) {
        let (Some(planned), Some(span)) = (deck.meta.minutes, self.deck_minutes.clone()) else {
            return;
        };
        let timed = deck.slides.iter().filter(|s| s.minutes().is_some()).count();
        if timed == 0 {
            return;
        }
        let total = deck.planned_minutes();
        if (total - planned).abs() > 0.01 {
            let untimed = deck.slides.len() - timed;
            let mut hint = format!(
                "change the slides' `minutes`, or set minutes = {} under `[deck]`",
                fmt_minutes(total)
            );
            if untimed > 0 {
                hint.push_str(&format!(
                    " ({untimed} slide{} no `minutes`)",
                    if untimed == 1 { " has" } else { "s have" }
                ));
            }
            self.diags.push(
                Diagnostic::warning(format!(
                    "the slides' minutes add up to {}, but the deck plans {}",
                    fmt_minutes(total),
                    fmt_minutes(planned)
                ))
                .at(span)
                .label(format!(
                    "{} minutes {} than planned",
                    fmt_minutes((total - planned).abs()),
                    if total > planned { "more" } else { "fewer" }
                ))
                .hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_decks_are_parsed_in_parts_and_unusual_ones_whole() {
        // The bundled decks take the path in parts (not the fallback) …
        for lang in [crate::words::Lang::En, crate::words::Lang::Fr] {
            let text = crate::deck::bundled::source(lang);
            assert!(Cx::default().split_parts(text).is_some(), "{lang:?}");
        }
        let deck = "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n\
                    body = \"\"\"\n[[slides]]\n\"\"\"\n[[slides]]\nid = \"b\"\ntitle = \"B\"\n";
        assert_eq!(slide_headers(deck).len(), 2, "not the one in the string");
        let (p, _) = Cx::default().split_parts(deck).expect("in parts");
        assert_eq!(p.slides.len(), 2);
        // … a table reopened after the slides, or a syntax error, the whole document.
        let late = format!("{deck}[checklist]\ntitle = \"C\"\n");
        assert!(Cx::default().split_parts(&late).is_none());
        let broken = format!("{deck}[[slides]]\nid = \n");
        assert!(Cx::default().split_parts(&broken).is_none());
        assert_eq!(
            slide_headers("a = 1\n  [[ slides ]] # x\n[[slides.prompts]]\n"),
            vec![6]
        );
    }

    /// [`lean_from`] on `bytes`, `chunk` bytes a read: the deck, and every byte it was given.
    fn lean(bytes: &[u8], chunk: usize) -> (Option<Deck>, Vec<u8>) {
        let mut seen = Vec::new();
        let deck = lean_from(bytes, chunk, |b| seen.extend_from_slice(b));
        (deck, seen)
    }

    /// Loading as read gives the deck loading whole gives, or leaves it to loading whole (the
    /// same at every size of read); true when it took it.
    fn assert_lean_same(bytes: &[u8], what: &str) -> bool {
        let whole = load_bytes(bytes).ok().map(|l| l.deck);
        let mut taken = None;
        // A byte a read for the small decks (a read is a step in debug builds).
        let first = if bytes.len() < 4096 { 1 } else { 7 };
        for chunk in [first, 64, LEAN_CHUNK] {
            let (deck, seen) = lean(bytes, chunk);
            if let Some(deck) = &deck {
                assert_eq!(Some(deck), whole.as_ref(), "{what}, chunk {chunk}");
                assert_eq!(seen, bytes, "{what}, chunk {chunk}: every byte hashed");
            }
            let t = deck.is_some();
            assert!(taken.is_none_or(|x| x == t), "{what}: chunk {chunk}");
            taken = Some(t);
            // (Not at 7 bytes a read for the large ones: the slowest case, and no other.)
            if chunk >= 64 || bytes.len() < 4096 {
                assert_beginning(bytes, chunk, whole.as_ref(), t, what);
            }
        }
        taken == Some(true)
    }

    /// The beginning read (the head and the first slides, the rest counted) is the whole
    /// deck's beginning, for any number of first slides; it is read whenever the whole deck is
    /// read as it is read (its parts are a subset).
    fn assert_beginning(bytes: &[u8], chunk: usize, whole: Option<&Deck>, lean: bool, what: &str) {
        for first in [1, 3] {
            let mut seen = Vec::new();
            let begun = lean_read(bytes, chunk, Some(first), |b| seen.extend_from_slice(b));
            assert!(
                begun.is_some() || !lean,
                "{what}, chunk {chunk}, first {first}: begun"
            );
            let (Some((deck, slides)), Some(whole)) = (begun, whole) else {
                continue;
            };
            let what = format!("{what}, chunk {chunk}, first {first}");
            assert_eq!(seen, bytes, "{what}: every byte hashed");
            assert_eq!(deck.meta, whole.meta, "{what}");
            assert_eq!(deck.checklist, whole.checklist, "{what}");
            let n = first.min(whole.slides.len());
            assert_eq!(deck.slides, whole.slides[..n], "{what}");
            // Counted by the header scan: the same as read, for a deck read as it is read.
            if lean {
                assert_eq!(slides, whole.slides.len(), "{what}");
            }
        }
    }

    #[test]
    fn a_deck_loaded_as_it_is_read_is_the_deck_loaded_whole() {
        let root = env!("CARGO_MANIFEST_DIR");
        let (mut lean_decks, mut n) = (0, 0);
        for dir in [
            "decks",
            "tests/invalid_decks",
            "tests/warning_decks",
            "tests/crlf_bom_decks",
        ] {
            let entries = std::fs::read_dir(format!("{root}/{dir}")).expect("the folder");
            for e in entries.flatten() {
                let path = e.path();
                if path.extension().is_some_and(|x| x == "toml") {
                    let bytes = std::fs::read(&path).expect("read the deck");
                    let shown = path.display().to_string();
                    let took = assert_lean_same(&bytes, &shown);
                    if dir == "decks" {
                        assert!(took, "{shown} is loaded as it is read");
                    }
                    lean_decks += usize::from(took);
                    n += 1;
                    // Cut short at every tenth of its length: mostly broken decks.
                    for k in 1..10 {
                        let cut = bytes.len() * k / 10;
                        lean_decks += usize::from(assert_lean_same(&bytes[..cut], &shown));
                    }
                }
            }
        }
        assert!(
            n > 60 && lean_decks > 10,
            "{n} decks, {lean_decks} loaded as read"
        );
        // Headers in strings and comments, a checklist, placeholders, and a slide at the very
        // end without a newline.
        let tricky = r#"format = 1
[deck]
title = "T"
minutes = 3
[checklist]
title = "K"
[[checklist.groups]]
id = "act"
label = "A"
items = [{ id = "r", label = "R" }]
[[checklist.frameworks]]
id = "f"
label = "F"
rules = [{ say = "s" }]
[[slides]]
id = "a"
title = "A {{x}}"
body = """
[[slides]]
"""
minutes = 1
# [[slides]]
[[slides]]  # b
id = "b"
title = '''
[[slides]]
'''
[[slides]]
id = "c"
kind = "case"
answer = ["act.r"]
title = "C""#;
        assert!(assert_lean_same(tricky.as_bytes(), "tricky"));
        // A duplicate id, a table after the slides, a BOM, CRLF: loaded whole.
        for other in [
            tricky.replace("id = \"c\"", "id = \"a\""),
            format!("{tricky}\n[deck]\ntitle = \"again\"\n"),
            format!("\u{FEFF}{tricky}"),
            tricky.replace('\n', "\r\n"),
        ] {
            assert!(
                !assert_lean_same(other.as_bytes(), "loaded whole"),
                "{other}"
            );
        }
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        match load_str(text) {
            Err(LoadError::Invalid { diagnostics, .. }) => diagnostics,
            Err(e) => panic!("{e:?}"),
            Ok(l) => panic!("loaded: {:?}", l.deck.meta.title),
        }
    }

    fn messages(text: &str) -> Vec<String> {
        errors(text).into_iter().map(|d| d.message).collect()
    }

    const MIN: &str = "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n";

    #[test]
    fn placeholders_warn_at_their_place_and_show_as_placeholders() {
        let text = "format = 1\n[deck]\ntitle = \"T\"\nsupport = [\"Local: {{add yours}}\"]\n\
                    # {{in a comment: not a placeholder}}\n\
                    [[slides]]\nid = \"a\"\ntitle = \"x {{one}} y {{two\"\n";
        let l = load_str(text).expect("loads");
        let p = l.placeholders();
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0].line_col(text), Some((4, 20)));
        assert!(p[0].message.ends_with("{{add yours}}"), "{}", p[0].message);
        assert_eq!(l.deck.meta.support, ["Local: [TO FILL IN: add yours]"]);
        assert_eq!(
            l.deck.slides[0].title,
            "x [TO FILL IN: one] y [TO FILL IN: two]"
        );
        let fr = text.replace("[deck]\n", "[deck]\nlanguage = \"fr\"\n");
        let l = load_str(&fr).expect("loads");
        assert_eq!(l.deck.meta.support, ["Local: [À COMPLÉTER : add yours]"]);
    }

    #[test]
    fn minimal_deck_loads() {
        let l = load_str(MIN).expect("loads");
        assert_eq!(l.deck.slides.len(), 1);
        assert_eq!(l.deck.meta.language, "en");
        assert!(l.warnings.is_empty());
    }

    #[test]
    fn unknown_field_has_suggestion() {
        let e = errors(&MIN.replace("title = \"A\"", "titel = \"A\""));
        assert_eq!(e[0].message, "unknown field `titel`");
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn duplicate_ids_point_at_both() {
        let text = format!("{MIN}[[slides]]\nid = \"a\"\ntitle = \"B\"\n");
        let e = errors(&text);
        assert_eq!(e[0].message, "duplicate slide id `a`");
        assert_eq!(e[0].line_col(&text), Some((8, 6)));
        assert_eq!(e[0].related.len(), 1);
        assert_eq!(e[0].related[0].0, 46..49);
    }

    #[test]
    fn every_schema_error_in_every_slide_is_reported() {
        let text = format!(
            "{MIN}[[slides]]\nid = \"b\"\ntitel = \"B\"\nminutes = \"5\"\nkind = \"cas\"\n\
             [[slides]]\nid = \"c\"\nbulets = [\"x\"]\n[[slides.prompts]]\ntxt = \"?\"\n"
        );
        let m = messages(&text);
        assert_eq!(
            m,
            [
                "unknown field `titel`",
                "`minutes` must be a number, not text",
                "unknown slide kind `cas`",
                "unknown field `bulets`",
                "unknown field `txt`",
            ],
            "{m:#?}"
        );
    }

    #[test]
    fn removing_a_required_field_does_not_report_it_missing() {
        let text = format!("{MIN}[[slides]]\nid = 5\ntitle = \"B\"\n");
        assert_eq!(
            messages(&text),
            ["`id` must be text in \"quotes\", not a number"]
        );
    }

    #[test]
    fn semantic_checks_run_beside_schema_errors() {
        let text = format!("{MIN}[[slides]]\nid = \"a\"\ntitle = 3\n[[slides]]\nid = \"z\"\n");
        let m = messages(&text);
        assert!(m.contains(&"duplicate slide id `a`".to_owned()), "{m:?}");
        assert!(
            m.contains(&"slide `z` has nothing to show".to_owned()),
            "{m:?}"
        );
        assert!(
            m.iter().any(|x| x.starts_with("`title` must be text")),
            "{m:?}"
        );
    }

    #[test]
    fn missing_format_and_deck() {
        let m = messages("[[slides]]\nid = \"a\"\ntitle = \"A\"\n");
        assert_eq!(
            m,
            [
                "the deck has no `[deck]` table",
                "the deck does not say which format version it uses",
            ]
        );
    }

    #[test]
    fn minutes_warning_says_the_totals() {
        let text = "format = 1\n[deck]\ntitle = \"T\"\nminutes = 90\n[[slides]]\nid = \"a\"\ntitle = \"A\"\nminutes = 80\n";
        let l = load_str(text).expect("loads");
        assert_eq!(
            l.warnings[0].message,
            "the slides' minutes add up to 80, but the deck plans 90"
        );
    }

    #[test]
    fn text_is_sanitised() {
        let l = load_str(&MIN.replace("\"A\"", "\"A\\u001b[2J\\u202E!\"")).expect("loads");
        assert_eq!(l.deck.slides[0].title, "A!");
    }

    #[test]
    fn prompts_are_discussions_unless_marked_as_a_break() {
        let text = format!(
            "{MIN}minutes = 13\n[[slides.prompts]]\ntext = \"Why?\"\nminutes = 3\n\
             [[slides.prompts]]\nkind = \"break\"\ntext = \"Back soon\"\nminutes = 10\n\
             [[slides.prompts]]\nkind = \"discuss\"\ntext = \"And?\"\nminutes = 0\n"
        );
        let l = load_str(&text).expect("loads");
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
        let kinds: Vec<PromptKind> = l.deck.slides[0].prompts().iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [PromptKind::Discuss, PromptKind::Break, PromptKind::Discuss]
        );
        assert_eq!(l.deck.slides[0].prompts()[1].minutes, Some(10.0));
    }

    #[test]
    fn an_unknown_prompt_kind_is_named_with_the_kinds_there_are() {
        let text = format!("{MIN}[[slides.prompts]]\nkind = \"brake\"\ntext = \"Back soon\"\n");
        let e = errors(&text);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "unknown prompt kind `brake`");
        assert_eq!(e[0].line_col(&text), Some((8, 8)));
        assert_eq!(
            e[0].hint.as_deref(),
            Some("did you mean `break`? (one of `discuss`, `break`)")
        );
        // The slide's own `kind` keeps its words.
        let e = errors(&MIN.replace("title = \"A\"", "kind = \"break\""));
        assert_eq!(e[0].message, "unknown slide kind `break`");
    }

    #[test]
    fn a_break_without_minutes_warns_as_a_break() {
        let text = format!("{MIN}[[slides.prompts]]\nkind = \"break\"\ntext = \"Back soon\"\n");
        let l = load_str(&text).expect("loads");
        assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
        assert_eq!(l.warnings[0].message, "this break has no planned minutes");
        assert!(
            l.warnings[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("minutes = 10")),
            "{:?}",
            l.warnings[0].hint
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("My Slide!"), "my-slide");
        assert_eq!(slug("  "), "");
        assert_eq!(fmt_minutes(2.5), "2.5");
        assert_eq!(fmt_minutes(90.0), "90");
    }

    #[test]
    fn the_bundled_pair_names_each_other_as_translations() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
        for (file, other) in [("awareness.toml", "fr"), ("awareness.fr.toml", "en")] {
            let path = root.join(file);
            let deck = read_deck(&path)
                .and_then(|b| load_bytes(&b))
                .map(|l| l.deck)
                .unwrap_or_else(|e| panic!("{}", e.one_line(file)));
            match translation(&deck, &path) {
                Ok(Some(t)) => assert_eq!(t.meta.language, other, "{file}"),
                other => panic!("{file}: {other:?}"),
            }
        }
        let mut deck = load_str(include_str!("../../tests/fixtures/small-deck.toml"))
            .map(|l| l.deck)
            .unwrap_or_else(|e| panic!("{}", e.one_line("small")));
        assert_eq!(translation(&deck, &root.join("x.toml")), Ok(None));
        deck.meta.translation = Some("nope.toml".into());
        let e = translation(&deck, &root.join("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(e.contains("nope.toml"), "{e}");
    }
}
