//! The running presenter: the one place that ties presenting, the record and sharing together.
//!
//! ```text
//!  terminal events ─┐                      ┌─► record   (journal: the same Actions, synced)
//!  signals ─────────┼─► channel ─► read ─► resolve ─► update ─┼─► publish  (followers, web)
//!  deck saved ──────┘   (Msg)              (pure, clock in)  └─► draw     (ui::render)
//! ```
//!
//! [`present`] opens the session (a new journal, or the replay of one being resumed) and runs
//! [`Session::run`], a loop of named steps: **pace** (the console's pacing), **draw** the frame,
//! **publish** the public view,
//! **record** what the frame showed, **wait** for input (or the clock's next second, or a due
//! reload; with nothing waiting, it first **draws ahead** the frames of the next and previous
//! keys, which the input thread shows the moment it reads one: `present::terminal::ahead`),
//! **reload** the deck if its debounce ran out, then **resolve** each message to an
//! action and **apply** it through `app::update`. Nothing redraws while nothing changes, except
//! the clock once a second.

pub mod offer;
pub mod reload;
pub mod secret;

use crate::deck::bundled;
use crate::deck::{self, Deck};
use crate::present::app::{self, Action, App, Millis, keymap};
use crate::present::terminal::{
    Guard, Term, ahead, forward_input, forward_signals, now_ms, view_from_env,
};
use crate::present::ui::{self, View};
use crate::record::journal::{self, Journal};
use crate::share::server::Presenting;
use crate::words::Lang;
use clap::Args;
use ratatui::crossterm::event::Event;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// `convene present`'s flags (and the config file's defaults, filled in by `with_config`).
#[derive(Debug, Args, Default, Clone)]
pub struct PresentArgs {
    /// The deck to present (TOML). Without it, the bundled awareness deck.
    pub deck: Option<PathBuf>,
    /// Language of the bundled deck and of the interface: `en` or `fr` (default: from the locale).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Watch the deck by polling instead of change notifications (network or VM file systems).
    #[arg(long)]
    pub poll: bool,
    /// Ring the terminal bell when a discussion timer reaches zero.
    #[arg(long)]
    pub bell: bool,
    /// Resume a session after a crash or a quit: the newest journal of this deck, or JOURNAL.
    /// Returns to the same slide and step with ticks, flags, timers and notes.
    #[arg(long, value_name = "JOURNAL", num_args = 0..=1)]
    pub resume: Option<Option<PathBuf>>,
    /// Write the session journal here instead of the default folder
    /// (`~/.local/state/convene/sessions/`).
    #[arg(long, value_name = "PATH", conflicts_with = "no_record")]
    pub journal: Option<PathBuf>,
    /// Do not record this session.
    #[arg(long)]
    pub no_record: bool,
    /// Draw with ASCII only: no box lines, symbols, big letters or QR code (terminals without
    /// those glyphs). Chosen by itself on the classic Windows console and the Linux console;
    /// `CONVENE_ASCII=1` / `=0` in the environment forces it on / off.
    #[arg(long)]
    pub ascii: bool,
    /// The config file's theme (not a flag): used when neither `--theme` nor the deck chooses.
    #[arg(skip)]
    pub config_theme: Option<crate::present::ui::theme::ThemeName>,
    /// Folder for journals (from the config file's `journal_dir`; not a flag).
    #[arg(skip)]
    pub journal_dir: Option<PathBuf>,
    /// Colour theme: auto (default: asks the terminal for its background, light or dark), dark,
    /// light (bright rooms, washed-out projectors), high-contrast (true black and white with
    /// COLORTERM=truecolor). `NO_COLOR` turns colour off whatever the theme.
    #[arg(long, value_enum)]
    pub theme: Option<crate::present::ui::theme::ThemeName>,
    /// Show the presenter console (notes, next slide, pacing) and share the session on
    /// 127.0.0.1:7878 for `convene follow`.
    #[arg(long)]
    pub presenter: bool,
    /// Share the session with followers on ADDR (e.g. 0.0.0.0:7878 for the room's network).
    #[arg(long, value_name = "ADDR")]
    pub share: Option<std::net::SocketAddr>,
    /// Your phone as the presenter's remote (a laptop mirrored to the projector): before going
    /// full screen, print a private address (a random 128-bit token) and its QR code, and wait
    /// for Enter. Its page shows the notes, timer and pacing and drives the presentation.
    /// Shares on the room's network (0.0.0.0:7878) unless --share says where.
    #[arg(long)]
    pub remote: bool,
}

impl PresentArgs {
    /// Where journals go: the config file's `journal_dir`, else the default folder.
    pub fn journal_dir(&self) -> PathBuf {
        self.journal_dir
            .clone()
            .unwrap_or_else(crate::record::journal::default_dir)
    }
}

/// The deck being presented, with what the journal needs to know about it.
pub struct DeckSource {
    pub deck: Deck,
    /// An absolute path, or `(bundled:en)` / `(bundled:fr)`.
    pub name: String,
    /// The file's [`journal::deck_hash`]: the journal's start record names the deck by it.
    /// (Only the hash is kept: the file's bytes are dropped once it is loaded.)
    pub hash: String,
    /// A large deck: `deck` is only its beginning, and the rest is being read.
    pub rest: Option<Rest>,
}

/// The rest of a large deck, read on a thread while its beginning is presented: the whole deck
/// (its own hash: the file may have been saved in between), or the rendered error.
pub struct Rest {
    /// The number of slides the file has.
    pub slides: usize,
    /// The hash of the bytes the beginning came from (the journal's start record has it).
    pub begun_hash: String,
    thread: std::thread::JoinHandle<Result<DeckSource, String>>,
}

impl Rest {
    /// Wait for the whole deck.
    pub fn join(self) -> Result<DeckSource, String> {
        self.thread
            .join()
            .unwrap_or_else(|_| Err("error: the deck could not be read\n".to_owned()))
    }
}

impl DeckSource {
    /// The whole deck: waits for the rest if it is still being read.
    pub fn whole(self) -> Result<DeckSource, String> {
        match self.rest {
            Some(rest) => rest.join(),
            None => Ok(self),
        }
    }
}

/// A deck file at least this large is presented from its beginning while the rest is read:
/// loading it whole first would keep the first frame waiting (about 40 ms a MB here). Smaller
/// decks load whole in a few milliseconds, before the first frame, as always.
pub const BEGIN_FROM_BYTES: u64 = 256 * 1024;

/// How many slides the beginning of a large deck has: the first frame needs one.
const FIRST_SLIDES: usize = 8;

/// The name a deck file is recorded under: its canonical path.
fn deck_name(path: &std::path::Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// Load the deck named on the command line, or the bundled one; `Err` is the rendered error.
pub fn load_deck(args: &PresentArgs) -> Result<DeckSource, String> {
    match &args.deck {
        Some(path) => load_file(path),
        None => {
            let lang = bundled::language(args.lang);
            let deck = bundled::deck(lang).map_err(|e| e.render(bundled::name(lang), false))?;
            Ok(DeckSource {
                deck,
                name: bundled::name(lang).to_owned(),
                hash: journal::deck_hash(bundled::source(lang).as_bytes()),
                rest: None,
            })
        }
    }
}

/// Load a deck file whole; `Err` is the rendered error.
fn load_file(path: &std::path::Path) -> Result<DeckSource, String> {
    let shown = path.display().to_string();
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    // A deck without errors is loaded as it is read, never whole in memory (its peak);
    // anything else is read whole, for its diagnostics against the text.
    let mut hasher = journal::DeckHasher::default();
    let (deck, hash) = match deck::load::load_path_lean(path, |b| hasher.update(b)) {
        Some(deck) => (deck, hasher.finish()),
        None => {
            // Bounded, regular files only (`present /dev/zero` read without end).
            let bytes = deck::load::read_deck(path).map_err(|e| e.render(&shown, color))?;
            let deck = deck::load_bytes(&bytes)
                .map(|l| l.deck)
                .map_err(|e| e.render(&shown, color))?;
            (deck, journal::deck_hash(&bytes))
        }
    };
    Ok(DeckSource {
        deck,
        name: deck_name(path),
        hash,
        rest: None,
    })
}

/// [`load_deck`], except that a large deck file, presented on its own (not resumed, shared or
/// with the console: those need every slide at once), is given as its beginning, with the
/// rest read on a thread ([`Rest`]). Its first frame then waits for reading the file and
/// counting its slides, not for loading them all. A deck whose rest has an error is refused
/// when the rest is read (the session ends with the same diagnostics); one whose beginning
/// has an error is loaded whole, for them, as any deck is.
pub fn load_beginning(args: &PresentArgs) -> Result<DeckSource, String> {
    let Some(path) = args.deck.as_ref() else {
        return load_deck(args);
    };
    let alone = args.resume.is_none() && args.share.is_none() && !args.presenter && !args.remote;
    if !alone || std::fs::metadata(path).map_or(true, |m| m.len() < BEGIN_FROM_BYTES) {
        return load_deck(args);
    }
    let mut hasher = journal::DeckHasher::default();
    let Some(begun) = deck::load::load_path_beginning(path, FIRST_SLIDES, |b| hasher.update(b))
    else {
        return load_deck(args);
    };
    let hash = hasher.finish();
    let rest_of = path.clone();
    let thread = std::thread::Builder::new()
        .name("convene-rest".into())
        .spawn(move || load_file(&rest_of));
    let Ok(thread) = thread else {
        return load_deck(args);
    };
    Ok(DeckSource {
        deck: begun.deck,
        name: deck_name(path),
        hash: hash.clone(),
        rest: Some(Rest {
            slides: begun.slides,
            begun_hash: hash,
            thread,
        }),
    })
}

/// Open the session: a new journal, or the replay of one being resumed. `loaded` is the deck
/// already loaded from the command line, if it was (a 10,000-slide deck takes tens of
/// milliseconds to load: once is enough).
fn open_session(
    args: &PresentArgs,
    now: Millis,
    loaded: Option<DeckSource>,
) -> Result<Opened, String> {
    let load = |loaded: Option<DeckSource>| loaded.map_or_else(|| load_deck(args), Ok);
    if let Some(resume) = &args.resume {
        // Which journal: the one named, else the newest of this deck.
        let path = match resume {
            Some(p) => p.clone(),
            None => {
                let name = match &args.deck {
                    Some(p) => deck_name(p),
                    None => bundled::name(bundled::language(args.lang)).to_owned(),
                };
                let dir = args.journal_dir();
                journal::newest_worked_for(&dir, &name).ok_or_else(|| {
                    format!(
                        "error: no journal of this deck to resume in {}\n  = help: name one: `convene present --resume PATH` (`convene sessions` lists them)\n",
                        dir.display()
                    )
                })?
            }
        };
        let records = journal::read(&path).map_err(|e| format!("error: {e}\n"))?;
        let mut deck_note = None;
        let (deck, start) = if args.deck.is_some() {
            // A replay needs every slide.
            let src = load(loaded)?.whole()?;
            let start = journal::Record::start(
                now,
                &src.name,
                src.hash.clone(),
                &src.deck.meta.title,
                true,
            );
            deck_note = differs(&records, &src.name, &src.hash);
            if let Some(w) = &deck_note {
                eprintln!("warning: {w}");
            }
            (src.deck, start)
        } else {
            let sd = journal::load_deck_of(&records).map_err(|e| format!("error: {e}\n"))?;
            if let Some(w) = &sd.warning {
                eprintln!("warning: {w}");
            }
            let start = sd.start_record(now, true);
            (sd.deck, start)
        };
        let j = if args.no_record {
            None
        } else {
            Some(
                journal::Journal::open_append(&path, &start)
                    .map_err(|e| format!("error: {e}\n"))?,
            )
        };
        // Read again under the lock: the file is ours now.
        let contents = journal::read_all(&path).map_err(|e| format!("error: {e}\n"))?;
        let skipped = contents.skipped_note(&path);
        if let Some(note) = &skipped {
            eprintln!("warning: {note}");
        }
        let words = crate::words::strings::for_lang(&deck.meta.language);
        let journal::Replayed { app, unmapped } = journal::replay(deck, &contents.records);
        let mut notes: Vec<String> = deck_note.into_iter().collect();
        if !unmapped.is_empty() {
            notes.push(
                words
                    .notices
                    .resumed_unmapped
                    .replace("{ids}", &unmapped.join(", ")),
            );
        }
        if !contents.skipped.is_empty() {
            notes.push(words.count(
                contents.skipped.len() as u64,
                &words.notices.resumed_skipped,
            ));
        }
        let notice = (!notes.is_empty()).then(|| notes.join(" · "));
        return Ok(Opened {
            app,
            journal: j,
            notice,
            rest: None,
        });
    }
    let src = load(loaded)?;
    let (app, rest) = match src.rest {
        Some(rest) => (App::beginning(src.deck, rest.slides, now), Some(rest)),
        None => (App::new(src.deck, now), None),
    };
    if args.no_record {
        return Ok(Opened {
            app,
            journal: None,
            notice: None,
            rest,
        });
    }
    let start = journal::Record::start(now, &src.name, src.hash, &app.deck.meta.title, false);
    // Created (and every failure reported) now, synced with the first frame's records.
    let j = match &args.journal {
        Some(p) => journal::Journal::create(p, &start),
        None => journal::create_in(
            &args.journal_dir(),
            &journal::stem_for(&src.name),
            now,
            &start,
        ),
    }
    .map_err(|e| format!("error: {e}\n"))?;
    Ok(Opened {
        app,
        journal: Some(j),
        notice: None,
        rest,
    })
}

/// A session opened: the state, its journal, a notice for the status line, and the rest of a
/// deck still being read.
struct Opened {
    app: App,
    journal: Option<Journal>,
    notice: Option<String>,
    rest: Option<Rest>,
}

/// A plain warning when the deck being resumed with is not the one the journal last recorded
/// (another file, or the same file edited since).
fn differs(records: &[journal::Record], name: &str, hash: &str) -> Option<String> {
    let recorded_path = journal::last_deck_path(records)?;
    if recorded_path != name {
        return Some(format!(
            "this session was recorded with {recorded_path}, and you are resuming with {name}: \
             slides are matched by id"
        ));
    }
    (journal::last_deck_hash(records).as_deref() != Some(hash)).then(|| {
        format!(
            "{name} changed since this session was recorded; slides are matched by id, and \
             slides it no longer has are listed"
        )
    })
}

/// The command line, with the config file's defaults filled in where a flag was not given
/// (flags win). Returns the key table too. A config file with mistakes is an error: it names
/// the file, line and column.
fn with_config(
    args: &PresentArgs,
) -> Result<(PresentArgs, Vec<crate::present::settings::OwnedBinding>), String> {
    let Some(path) = crate::present::settings::path() else {
        return Ok((args.clone(), crate::present::settings::apply(&[])));
    };
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let cfg = crate::present::settings::load(&path).map_err(|e| e.render(color))?;
    let mut args = args.clone();
    args.config_theme = cfg.theme;
    args.bell |= cfg.bell == Some(true);
    args.ascii |= cfg.ascii == Some(true);
    if args.share.is_none() && args.presenter {
        args.share = cfg.share.as_deref().and_then(|s| s.parse().ok());
    }
    if args.journal_dir.is_none() {
        args.journal_dir = cfg.journal_dir.clone();
    }
    Ok((args, crate::present::settings::apply(&cfg.keys)))
}

/// `convene present`: returns the exit code.
pub fn present(args: &PresentArgs) -> i32 {
    let (args, keys) = match with_config(args) {
        Ok(x) => x,
        Err(msg) => {
            anstream::eprint!("{msg}");
            return 1;
        }
    };
    let mut args = args;
    // No terminal to present in (a pipe, a cron job, ssh without -t): say what to do instead of
    // "No such device or address". A deck with mistakes is still reported first.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return match load_deck(&args) {
            Err(msg) => {
                anstream::eprint!("{msg}");
                1
            }
            Ok(src) => {
                let strings = crate::words::strings::for_lang(&src.deck.meta.language);
                eprintln!("{}", strings.no_terminal());
                1
            }
        };
    }
    // The terminal's background is asked while the deck loads (the answer can take up to
    // `BACKGROUND_QUERY_TIMEOUT`, a round trip over ssh): the two wait for different things.
    // Asked unless the flag chose a theme (the deck's own or the config file's may; an answer
    // not needed is dropped). Nothing else uses the terminal until the answer is in.
    use crate::present::ui::theme::ThemeName;
    let asking = args
        .theme
        .is_none_or(|t| t == ThemeName::Auto)
        .then(|| {
            std::thread::Builder::new()
                .name("convene-theme".into())
                .spawn(|| crate::present::terminal::resolve_theme(Some(ThemeName::Auto)))
                .ok()
        })
        .flatten();
    let mut loaded = load_beginning(&args).ok();
    let asked = asking.and_then(|h| h.join().ok());
    // The theme: the flag, else the deck's own, else the config file's; `auto` as answered.
    let theme_of = |deck: &Deck| match (args.theme.or(deck.meta.theme).or(args.config_theme), asked)
    {
        (None | Some(ThemeName::Auto), Some(answer)) => answer,
        (chosen, _) => crate::present::terminal::resolve_theme(chosen),
    };
    // The same deck's last session ended a short while ago: offer to resume it (where it
    // stopped is found in the whole deck).
    let recent = loaded
        .as_ref()
        .and_then(|src| offer::recent(&args, &src.name, now_ms()));
    if recent.is_some() {
        loaded = loaded.and_then(|src| src.whole().ok());
    }
    if let (Some(src), Some((path, records))) = (&loaded, recent)
        && let Some(offer) = offer::offer_for(path, &records, src, now_ms())
    {
        let strings = crate::words::strings::for_lang(&src.deck.meta.language);
        let view = view_from_env(Some(theme_of(&src.deck)), args.ascii);
        match offer::ask(&offer, strings, &view) {
            Ok(offer::Choice::Resume) => args.resume = Some(Some(offer.path)),
            Ok(offer::Choice::New) => {}
            Ok(offer::Choice::Quit(code)) => return code,
            Err(e) => {
                eprintln!("convene: terminal error: {e}");
                return 1;
            }
        }
    }
    let Opened {
        mut app,
        journal,
        notice,
        rest,
    } = match open_session(&args, now_ms(), loaded) {
        Ok(s) => s,
        Err(msg) => {
            anstream::eprint!("{msg}");
            return 1;
        }
    };
    app.keys = keys;
    let view = view_from_env(Some(theme_of(&app.deck)), args.ascii);
    let saved = journal.as_ref().map(|j| j.path().to_path_buf());
    let strings = crate::words::strings::for_lang(&app.deck.meta.language);
    // `--remote`: the phone's private address, on the normal screen (never on a mirrored
    // projector's full screen), before presenting.
    let remote = if args.remote {
        let addr = *args.share.get_or_insert_with(|| {
            std::net::SocketAddr::from(([0, 0, 0, 0], crate::share::wire::DEFAULT_PORT))
        });
        match offer_remote(addr, strings, view.glyphs.ascii) {
            Ok(token) => Some(token),
            Err(code) => return code,
        }
    } else {
        None
    };
    let resume_args = args.clone();
    let mut session = Session::new(app, journal, view, args);
    session.remote = remote;
    session.rest = rest;
    match session.run(notice) {
        Ok(code) => {
            // Back on the normal screen: where the record is, and how to pick it up again (a
            // deck refused when its rest was read leaves none).
            if let Some(path) = saved.filter(|p| p.exists()) {
                use std::io::Write;
                let command = offer::resume_command(&resume_args, &path);
                let _ = writeln!(
                    std::io::stdout(),
                    "{}\n{}",
                    strings.session_saved(&path.display().to_string()),
                    strings.resume_with(&command)
                );
            }
            code
        }
        Err(e) => {
            // Never `eprintln!`: on a terminal that went away it panics.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "convene: terminal error: {e}");
            1
        }
    }
}

/// The remote's address for a share on `addr` with `token`: one per address of this machine.
pub fn remote_urls(addr: std::net::SocketAddr, token: &str) -> Vec<String> {
    use crate::share::server;
    server::addresses_for(addr, &server::local_addresses())
        .into_iter()
        .map(|a| format!("{}remote/{token}", server::web_url(a)))
        .collect()
}

/// `--remote`: draw the token, print the address and its QR code, wait for Enter. `Err` is
/// the exit code (no randomness, Ctrl-D or a closed input).
fn offer_remote(
    addr: std::net::SocketAddr,
    strings: &crate::words::strings::Strings,
    ascii: bool,
) -> Result<String, i32> {
    use std::io::{BufRead, Write};
    let token = secret::token().map_err(|e| {
        let _ = writeln!(
            std::io::stderr(),
            "convene: no random token for --remote: {e}"
        );
        1
    })?;
    let urls = remote_urls(addr, &token);
    let mut out = std::io::stdout().lock();
    let mut text = format!("\n{}\n\n", strings.session.remote_title);
    for url in &urls {
        text.push_str(&format!("    {url}\n"));
    }
    if !ascii && let Some(url) = urls.first() {
        // Dark ink on white whatever the terminal's colours (a phone reads it either way
        // round less surely); without colour (NO_COLOR), as the terminal draws it.
        let (ink, plain) = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            ("", "")
        } else {
            ("\x1b[30;107m", "\x1b[0m")
        };
        text.push('\n');
        let code = crate::present::ui::qr::Modules::of(url, 2).map(|m| m.half_blocks());
        for line in code.unwrap_or_default() {
            text.push_str(&format!("    {ink}{line}{plain}\n"));
        }
    }
    text.push_str(&format!(
        "\n{}\n{}\n",
        strings.session.remote_private, strings.session.remote_enter
    ));
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    drop(out);
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(n) if n > 0 => Ok(token),
        _ => Err(1),
    }
}

/// The recording state after an append: `Failed` when it failed, back `On` (with a notice)
/// when it worked again. True when the state changed.
fn record_outcome(app: &mut App, ok: bool, now: Millis) -> bool {
    match (ok, app.recording) {
        (false, app::Recording::On) => {
            let recording = app::Recording::Failed;
            app::update(app, &Action::SetRecording { recording }, now);
            true
        }
        (true, app::Recording::Failed) => {
            let recording = app::Recording::On;
            app::update(app, &Action::SetRecording { recording }, now);
            let words = crate::words::strings::for_lang(&app.deck.meta.language);
            let text = words.notices.recording_again.to_owned();
            app::update(app, &Action::Notice { text }, now);
            true
        }
        _ => false,
    }
}

/// What the facilitator's phone may do: what its page offers (move, blank, support, the
/// checklist, the answer, the timer, moderating the room) — never quit, reload, resize, type a
/// note, or speak for a participant.
fn remote_may(action: &Action) -> bool {
    use app::{OverlayKind as O, RoomOp as R};
    match action {
        Action::Next
        | Action::Prev
        | Action::First
        | Action::Last
        | Action::GoTo { .. }
        | Action::Close
        | Action::Tick { .. }
        | Action::ToggleChecklist
        | Action::CycleFramework
        | Action::ToggleAnswer
        | Action::ToggleTimer => true,
        Action::Open { overlay } => {
            matches!(overlay, O::Blank | O::Support | O::Join | O::Countdown)
        }
        Action::Room { op } => !matches!(op, R::Input { .. } | R::Totals { .. } | R::Kept { .. }),
        _ => false,
    }
}

/// What reaches the run loop.
enum Msg {
    Term(Event),
    Signal(i32),
    InputClosed,
    DeckChanged,
    /// Ctrl-Z or SIGTSTP: give the terminal back and stop (Unix job control only).
    #[cfg_attr(not(unix), allow(dead_code))]
    Suspend,
    /// SIGCONT (or back from a suspend): redraw everything.
    #[cfg_attr(not(unix), allow(dead_code))]
    Redraw,
    /// A reload finished on its thread (the number says which; only the newest is used).
    Loaded(u64, Box<Result<DeckSource, String>>),
    /// A phone's ask: a participant's input, or the remote's action (see `share::ask`).
    Ask(crate::share::ask::Request),
    /// The rest of a large deck was read (see [`Rest`]).
    Rest(Box<Result<DeckSource, String>>),
}

/// How long after the room's input arrives its totals are journaled (and at once when the
/// slide changes or the presenter quits): the journal keeps the room's numbers, not each tick.
const ROOM_RECORD_DELAY: Millis = 5_000;

/// Frames for the room's input alone come at most this often (ten a second is live enough for
/// counts): 300 phones voting at once would otherwise cost a frame per batch, and the
/// facilitator's next key would wait behind them (`cargo bench --bench web -- room`).
const ROOM_FRAME_GAP: Millis = 100;

/// The most input handled between two frames.
const MAX_BATCH: usize = 256;

/// While the rest of the deck is read, what waits for it: everything but the clock, the rest
/// itself and a closed channel.
fn holds(msg: &Result<Msg, RecvTimeoutError>) -> bool {
    !matches!(
        msg,
        Ok(Msg::Rest(_)) | Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected)
    )
}

/// Wait this long after the last change event before reloading (editors write in bursts).
const RELOAD_DEBOUNCE: Duration = Duration::from_millis(80);

/// A live reload that takes longer than this is given up: the presenter says so and keeps
/// the last good deck, and the late result is ignored. (Every deck the size and list caps
/// admit loads in well under a second; this catches what they cannot, such as a file on a
/// stalled network share.)
pub const RELOAD_TIME_CAP: Duration = Duration::from_secs(10);

/// Loads the deck again for a live reload (on the reload thread).
type Loader = fn(&std::path::Path) -> Result<DeckSource, String>;

fn load_for_reload(path: &std::path::Path) -> Result<DeckSource, String> {
    deck::load::read_deck(path)
        .and_then(|bytes| deck::load_bytes(&bytes).map(|l| (l.deck, journal::deck_hash(&bytes))))
        .map(|(deck, hash)| DeckSource {
            deck,
            name: deck_name(path),
            hash,
            rest: None,
        })
        .map_err(|e| e.one_line(&path.display().to_string()))
}

/// A presenting session: the state and everything the loop's steps share.
struct Session {
    app: App,
    journal: Option<Journal>,
    /// Journal records of actions applied since the last frame (written after the frame).
    pending: Vec<journal::Record>,
    presenting: Option<Presenting>,
    view: View,
    args: PresentArgs,
    /// When the debounce of a deck change runs out.
    reload_at: Option<Millis>,
    timer_was_over: bool,
    exit_code: i32,
    /// Suspend before the next frame (Ctrl-Z, SIGTSTP).
    suspend: bool,
    /// Clear and redraw the whole screen on the next frame (after a suspend, SIGCONT).
    redraw: bool,
    /// Where the reload thread sends what it loaded.
    tx: Option<mpsc::Sender<Msg>>,
    /// The number of the newest reload started.
    reload_gen: u64,
    /// The deck's translation is still to be offered to phones (after the first frame).
    translation_due: bool,
    /// When the newest reload is given up if it has not finished.
    reload_deadline: Option<Millis>,
    reload_cap: Duration,
    load: Loader,
    /// `--remote`: the token of the facilitator's phone.
    remote: Option<String>,
    /// When the room's totals are next journaled (input arrived since they last were).
    room_due: Option<Millis>,
    /// The room's totals as last journaled, by case slide.
    room_recorded: std::collections::BTreeMap<String, app::room::Totals>,
    /// The slide the room's totals were last looked at on (a change journals them at once).
    room_slide: usize,
    /// When the last frame was drawn.
    last_frame: Millis,
    /// Only the room's input came since the last frame: the next frame waits until then.
    room_frame_at: Option<Millis>,
    /// The rest of a large deck, still being read.
    rest: Option<Rest>,
    /// [`Rest::begun_hash`], once the rest is waited for on its thread.
    begun_hash: Option<String>,
    /// What came while the rest of the deck was read: applied, in order, once it is in (a key
    /// pressed in the first moment applies to the whole deck, not to its first slides).
    held: Vec<Result<Msg, RecvTimeoutError>>,
    /// The rest of the deck has an error: its diagnostics, printed once the terminal is
    /// restored (the session ends, as for a deck refused at the start).
    refused: Option<String>,
}

impl Session {
    fn new(app: App, journal: Option<Journal>, view: View, args: PresentArgs) -> Self {
        Session {
            app,
            journal,
            pending: Vec::new(),
            presenting: None,
            view,
            args,
            reload_at: None,
            timer_was_over: false,
            exit_code: 0,
            suspend: false,
            redraw: false,
            tx: None,
            reload_gen: 0,
            translation_due: false,
            reload_deadline: None,
            reload_cap: RELOAD_TIME_CAP,
            load: load_for_reload,
            remote: None,
            room_due: None,
            room_recorded: std::collections::BTreeMap::new(),
            room_slide: 0,
            last_frame: 0,
            room_frame_at: None,
            rest: None,
            begun_hash: None,
            held: Vec::new(),
            refused: None,
        }
    }

    /// Start the threads and the terminal, then loop until quit; returns the exit code.
    fn run(mut self, notice: Option<String>) -> std::io::Result<i32> {
        let (tx, rx) = mpsc::channel::<Msg>();
        self.tx = Some(tx.clone());
        // Live reload of a deck named on the command line.
        let _watcher = self.args.deck.as_ref().and_then(|path| {
            let watch_tx = tx.clone();
            reload::watch(path, self.args.poll, move || {
                let _ = ahead::send(&watch_tx, Msg::DeckChanged);
            })
            .ok()
        });
        // Signals first, so a SIGTERM during start-up is not lost.
        forward_signals(tx.clone(), Msg::Signal)?;
        #[cfg(unix)]
        crate::present::terminal::forward_job_control(tx.clone(), || Msg::Suspend, || Msg::Redraw)?;
        // The rest of a large deck comes into the loop like any message.
        if let Some(rest) = self.rest.take() {
            self.begun_hash = Some(rest.begun_hash.clone());
            let rest_tx = tx.clone();
            let waited = std::thread::Builder::new()
                .name("convene-rest-wait".into())
                .spawn(move || {
                    let _ = ahead::send(&rest_tx, Msg::Rest(Box::new(rest.join())));
                });
            if let Err(e) = waited {
                self.refused = Some(format!("error: the deck could not be read: {e}\n"));
            }
        }
        let looped = {
            let mut terminal = crate::present::terminal::init()?;
            let _guard = Guard;
            forward_input(tx, Msg::Term, Msg::InputClosed);
            let looped = if self.refused.is_some() {
                Ok(())
            } else {
                self.open(&mut terminal, notice)
                    .and_then(|()| self.run_loop(&mut terminal, &rx))
            };
            // The journal is ended whatever stopped the loop (a closed terminal window
            // included).
            self.finish();
            drop(terminal);
            looped
        };
        // A deck refused when its rest was read: its diagnostics, on the normal screen.
        if let Some(msg) = self.refused.take() {
            anstream::eprint!("{msg}");
            return Ok(1);
        }
        match looped {
            Ok(()) => Ok(self.exit_code),
            // The terminal went away (its window was closed): as for SIGHUP.
            Err(_) if self.exit_code == 0 => Ok(crate::present::terminal::exit_status_of_signal(1)),
            Err(_) => Ok(self.exit_code),
        }
    }

    /// The interface's words, in the deck's language.
    fn words(&self) -> &'static crate::words::strings::Strings {
        crate::words::strings::for_lang(&self.app.deck.meta.language)
    }

    /// The loop of named steps, until quit or the terminal fails.
    fn run_loop(&mut self, terminal: &mut Term, rx: &Receiver<Msg>) -> std::io::Result<()> {
        self.start_sharing();
        loop {
            if self.room_frame_at.is_none_or(|at| now_ms() >= at) {
                self.room_frame_at = None;
                if self.frame(terminal)? {
                    // Recording just failed or recovered: show it before anything else happens.
                    continue;
                }
            }
            let batch = self.wait(terminal, rx);
            self.reload_if_due();
            let mut room_only = !batch.is_empty();
            let was_reading = self.app.reading();
            for msg in batch {
                room_only &= matches!(&msg, Ok(Msg::Ask(r))
                    if matches!(r.ask, crate::share::ask::Ask::Room { .. }));
                if self.app.reading() && holds(&msg) {
                    self.held.push(msg);
                    continue;
                }
                if let Some(action) = self.resolve(msg) {
                    self.apply(action);
                }
                if self.app.quit {
                    break;
                }
            }
            // The whole deck is in: what waited for it, in order.
            if was_reading && !self.app.reading() && !self.app.quit {
                for msg in std::mem::take(&mut self.held) {
                    if let Some(action) = self.resolve(msg) {
                        self.apply(action);
                    }
                    if self.app.quit {
                        break;
                    }
                }
            }
            if self.app.quit {
                return Ok(());
            }
            // Participants' input alone waits for the next frame a moment; anything else
            // (a key, the clock, a signal) is drawn at once.
            self.room_frame_at = room_only.then(|| {
                self.room_frame_at
                    .unwrap_or(self.last_frame.saturating_add(ROOM_FRAME_GAP))
            });
        }
    }

    /// One frame's steps: pace, draw, publish, record. True when recording has just failed
    /// or recovered (the state changed and needs drawing again).
    fn frame(&mut self, terminal: &mut Term) -> std::io::Result<bool> {
        self.pace();
        #[cfg(unix)]
        if std::mem::take(&mut self.suspend) {
            crate::present::terminal::suspend()?;
            self.redraw = true;
        }
        if std::mem::take(&mut self.redraw) {
            // The size may have changed while stopped.
            let (w, h) = ratatui::crossterm::terminal::size()?;
            let (width, height) = crate::present::terminal::clamp_size(w, h);
            self.apply(Action::Resize { width, height });
            crate::present::terminal::repaint(terminal)?;
        }
        crate::present::terminal::resize(terminal, self.app.size.0, self.app.size.1)?;
        self.draw(terminal)?;
        self.last_frame = now_ms();
        self.publish();
        if std::mem::take(&mut self.translation_due) {
            self.offer_translation();
        }
        if self.record() {
            return Ok(true);
        }
        self.ring_bell();
        Ok(false)
    }

    /// The first actions: the terminal's size, whether we record, and any resume notice.
    fn open(&mut self, terminal: &mut Term, notice: Option<String>) -> std::io::Result<()> {
        // Asked again now that resizes are caught (see `forward_input`).
        let size = match ratatui::crossterm::terminal::size() {
            Ok((w, h)) => {
                let (width, height) = crate::present::terminal::clamp_size(w, h);
                ratatui::layout::Size { width, height }
            }
            Err(_) => terminal.get_frame().area().as_size(),
        };
        let recording = if self.journal.is_some() {
            app::Recording::On
        } else {
            app::Recording::Off
        };
        self.apply(Action::Resize {
            width: size.width,
            height: size.height,
        });
        self.apply(Action::SetRecording { recording });
        if let Some(text) = notice {
            self.apply(Action::Notice { text });
        }
        Ok(())
    }

    /// Follow mode: the console shares on 127.0.0.1:7878 unless told where.
    fn start_sharing(&mut self) {
        let presenter = self.args.presenter;
        let addr = self.args.share.or_else(|| {
            presenter.then(|| {
                std::net::SocketAddr::from(([127, 0, 0, 1], crate::share::wire::DEFAULT_PORT))
            })
        });
        self.presenting = addr.map(|a| Presenting::start(a, &self.app));
        // Phones' asks (participants' input, the remote's actions) come into the loop's own
        // channel, and are answered between frames like keys.
        if let (Some(share), Some(tx)) = (
            self.presenting.as_ref().and_then(Presenting::share),
            self.tx.clone(),
        ) {
            let tx = std::sync::Mutex::new(tx);
            share.set_inbox(std::sync::Arc::new(move |r| {
                tx.lock()
                    .map(|tx| ahead::send(&tx, Msg::Ask(r)))
                    .unwrap_or(false)
            }));
            share.set_remote_token(self.remote.clone());
        }
        // The deck's own translation is loaded after the first frame (`offer_translation`).
        self.translation_due = self.presenting.is_some() && self.args.deck.is_some();
        // The address the join screen (`i`) shows the room.
        if let Some(url) = self
            .presenting
            .as_ref()
            .and_then(|p| p.info.web.first().cloned())
        {
            self.apply(Action::Sharing { url });
        }
        if !presenter {
            let words = &self.words().notices;
            if let Some(text) = self.presenting.as_ref().and_then(|p| p.notice(words)) {
                app::update(&mut self.app, &Action::Notice { text }, now_ms());
            }
        } else if self.presenting.is_none() {
            self.presenting = Some(Presenting::without_share(&self.app));
        }
    }

    /// Offer phones the deck's own translation (`[deck] translation`; else the bundled pair's
    /// stays). Once, after the first frame: it reads and parses a second deck, which start-up
    /// need not wait for.
    fn offer_translation(&mut self) {
        let (Some(p), Some(path)) = (self.presenting.as_ref(), self.args.deck.as_ref()) else {
            return;
        };
        match deck::load::translation(&self.app.deck, path) {
            Ok(Some(t)) => p.set_translations(&[t]),
            Ok(None) => {}
            Err(text) => self.apply(Action::Notice { text }),
        }
    }

    /// Pace: the console's pacing notes the slide on screen (before the frame that shows it).
    fn pace(&mut self) {
        if let Some(p) = self.presenting.as_mut() {
            p.observe(&self.app);
        }
    }

    /// Publish: send followers and phones the public view of the state, if it changed — after
    /// the frame is out ([`Presenting::sync`] says why).
    fn publish(&mut self) {
        if let Some(p) = self.presenting.as_mut() {
            p.sync(&self.app);
        }
    }

    /// Draw: the audience screen, or the presenter console, as one synchronized update
    /// ([`Term::draw_frame`]: only the rows that changed are written).
    fn draw(&self, terminal: &mut Term) -> std::io::Result<()> {
        let console = self.presenting.as_ref().filter(|_| self.args.presenter);
        terminal.draw_frame(|area, buf| match console {
            Some(p) => ui::console::render_console(&self.app, &self.view, &p.info, area, buf),
            None => ui::draw(&self.app, &self.view, area, buf),
        })
    }

    /// Record what was just shown, durably, before the next key is read. True when recording
    /// has just failed or recovered (the state changed and needs drawing).
    ///
    /// A failed write is cut back by the journal to its last whole record, and what was pending
    /// stays pending: it is tried again on the next frame (the clock draws one a second), so a
    /// note typed while the disk was full is written when space returns.
    fn record(&mut self) -> bool {
        self.note_room(false);
        let Some(j) = self.journal.as_mut() else {
            self.pending.clear();
            return false;
        };
        if self.pending.is_empty()
            && self.app.recording != app::Recording::Failed
            && !j.is_unsynced()
        {
            return false;
        }
        let ok = j.append_all(&self.pending).is_ok();
        if ok {
            self.pending.clear();
        }
        record_outcome(&mut self.app, ok, now_ms())
    }
    /// `--bell`: ring once when the running timer runs out.
    fn ring_bell(&mut self) {
        if !self.args.bell {
            return;
        }
        let over = self
            .app
            .running_timer()
            .is_some_and(|t| t.phase(self.app.now) == app::TimerPhase::Over);
        if over && !self.timer_was_over {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        self.timer_was_over = over;
    }

    /// Wait: when nothing is waiting, draw ahead; then sleep until something happens, the
    /// clock's next whole second, or a pending reload; then take everything already waiting,
    /// so a burst of keys (a held clicker, a paste) costs one frame, not one frame per key.
    fn wait(&self, terminal: &mut Term, rx: &Receiver<Msg>) -> Vec<Result<Msg, RecvTimeoutError>> {
        // Read before looking at the inbox: frames drawn from this state are refused if any
        // message comes after the look.
        let epoch = ahead::epoch();
        let first = match rx.try_recv() {
            Ok(m) => Ok(m),
            Err(mpsc::TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
            Err(mpsc::TryRecvError::Empty) => {
                self.draw_ahead(terminal, epoch);
                rx.recv_timeout(self.wait_time())
            }
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(m) => batch.push(Ok(m)),
                Err(_) => break,
            }
        }
        batch
    }

    /// How long to sleep when nothing is waiting: until the clock's next whole second, a
    /// pending reload or its time cap, or the room's next frame.
    fn wait_time(&self) -> Duration {
        let now = now_ms();
        // At most a second, even when the wall clock was set back past the start.
        let tick = self.app.next_second(now).saturating_sub(now).min(1000);
        let mut wait = Duration::from_millis(tick);
        for at in [self.reload_at, self.reload_deadline, self.room_frame_at]
            .into_iter()
            .flatten()
        {
            wait = wait.min(Duration::from_millis(at.saturating_sub(now)));
        }
        wait
    }

    /// Draw ahead: the frames the next and previous keys lead to, ready for the input thread
    /// to show the moment it reads one of them ([`ahead`]). Only the audience screen (the
    /// console shows time on the slide), and only when the screen shows the state as it is.
    fn draw_ahead(&self, terminal: &mut Term, epoch: u64) {
        let size = (self.app.size.0, self.app.size.1);
        let area = terminal.get_frame().area();
        if self.args.presenter
            || self.app.reading()
            || self.suspend
            || self.redraw
            || self.room_frame_at.is_some()
            || (area.width, area.height) != size
        {
            return;
        }
        terminal.adopt();
        for a in ui::ahead::frames_ahead(&self.app, now_ms()) {
            let frame = terminal.prepare(a.keys, a.until, |area, buf| {
                ui::draw(&a.state, &self.view, area, buf);
            });
            // Each is offered as soon as it is drawn (the next slide's first).
            if !ahead::offer(epoch, frame) {
                return;
            }
        }
    }

    /// Reload: once the debounce ran out, load the deck again (a broken save keeps the last
    /// good deck and says where the mistake is).
    fn reload_if_due(&mut self) {
        if self.reload_deadline.is_some_and(|d| now_ms() >= d) {
            // Too slow: say so, keep the deck, and ignore the late result (a newer
            // generation is the newest now).
            self.reload_deadline = None;
            self.reload_gen += 1;
            let words = self.words();
            let secs = self.reload_cap.as_secs().max(1).to_string();
            self.apply(Action::ReloadFailed {
                error: words.notices.reload_too_slow.replace("{secs}", &secs),
            });
        }
        let (Some(at), Some(path)) = (self.reload_at, self.args.deck.clone()) else {
            return;
        };
        if now_ms() < at {
            return;
        }
        self.reload_at = None;
        // Loaded on a thread: a huge or pathological save never freezes the presenter (keys
        // and the clock go on), and the size cap and regular-file check of `read_deck` apply
        // (a FIFO or device is refused without being opened).
        let Some(tx) = self.tx.clone() else {
            return;
        };
        self.reload_gen += 1;
        let generation = self.reload_gen;
        let load = self.load;
        let spawned = std::thread::Builder::new()
            .name("convene-reload".into())
            .spawn(move || {
                let result = load(&path);
                let _ = ahead::send(&tx, Msg::Loaded(generation, Box::new(result)));
            });
        if spawned.is_err() {
            let words = self.words();
            self.apply(Action::ReloadFailed {
                error: words.notices.reload_not_started.to_owned(),
            });
        } else {
            self.reload_deadline =
                Some(now_ms().saturating_add(self.reload_cap.as_millis() as u64));
        }
    }

    /// A reload finished: show it (the journal records a reference, not the deck).
    fn reloaded(&mut self, generation: u64, result: Result<DeckSource, String>) {
        if generation != self.reload_gen {
            return; // a newer save is loading, or this one ran past its time cap
        }
        self.reload_deadline = None;
        match result {
            Ok(l) => {
                // The journal records a reference to the file (path and hash), not the deck:
                // speaker notes and answer keys stay out of it, and the record stays small.
                let now = now_ms();
                let action = Action::Reload {
                    deck: std::sync::Arc::new(l.deck),
                };
                app::update(&mut self.app, &action, now);
                self.pending
                    .push(journal::Record::reload(&self.app, &l.name, l.hash, now));
            }
            Err(error) => self.apply(Action::ReloadFailed { error }),
        }
    }

    /// The rest of the deck was read: the whole deck replaces its beginning, in place (not
    /// journaled: the start record names the file, which replay loads whole), or, if the file
    /// was saved in between, as a reload. If it has an error, the session ends with it, and its
    /// journal (which records nothing yet) is removed.
    fn rest_read(&mut self, result: Result<DeckSource, String>) {
        let now = now_ms();
        match result {
            Ok(src) => {
                let action = Action::Reload {
                    deck: std::sync::Arc::new(src.deck),
                };
                app::update(&mut self.app, &action, now);
                if self.begun_hash.as_deref() != Some(src.hash.as_str()) {
                    self.pending
                        .push(journal::Record::reload(&self.app, &src.name, src.hash, now));
                }
            }
            Err(msg) => {
                self.refused = Some(msg);
                self.app.quit = true;
            }
        }
    }

    /// Resolve: a message becomes an action (or nothing).
    fn resolve(&mut self, msg: Result<Msg, RecvTimeoutError>) -> Option<Action> {
        match msg {
            Ok(Msg::DeckChanged) => {
                self.reload_at = Some(now_ms() + RELOAD_DEBOUNCE.as_millis() as u64);
                None
            }
            #[cfg(unix)]
            Ok(Msg::Term(Event::Key(k)))
                if k.code == ratatui::crossterm::event::KeyCode::Char('z')
                    && k.modifiers
                        .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
            {
                self.suspend = true;
                None
            }
            Ok(Msg::Term(Event::Key(k))) => {
                keymap::key_of(&k).and_then(|key| app::resolve(&self.app, key))
            }
            Ok(Msg::Suspend) => {
                self.suspend = true;
                None
            }
            Ok(Msg::Redraw) => {
                self.redraw = true;
                None
            }
            Ok(Msg::Loaded(generation, result)) => {
                self.reloaded(generation, *result);
                None
            }
            Ok(Msg::Rest(result)) => {
                self.rest_read(*result);
                None
            }
            Ok(Msg::Term(Event::Resize(w, h))) => {
                let (width, height) = crate::present::terminal::clamp_size(w, h);
                Some(Action::Resize { width, height })
            }
            Ok(Msg::Term(_)) => None,
            Ok(Msg::Signal(sig)) => {
                self.exit_code = crate::present::terminal::exit_status_of_signal(sig);
                Some(Action::Quit)
            }
            Ok(Msg::Ask(request)) => {
                self.answer(request);
                None
            }
            Ok(Msg::InputClosed) | Err(RecvTimeoutError::Disconnected) => Some(Action::Quit),
            Err(RecvTimeoutError::Timeout) => Some(Action::Clock),
        }
    }

    /// Apply: the one mutation, `app::update`, with the clock read here; queue the journal
    /// record (the clock's ticks change nothing worth recording).
    fn apply(&mut self, action: Action) {
        let now = now_ms();
        let action = self.with_code(action);
        app::update(&mut self.app, &action, now);
        let recorded = match action {
            Action::Clock => None,
            // Which response is selected or on screen is the moment's, not the record's.
            Action::Room {
                op:
                    app::RoomOp::Move { .. } | app::RoomOp::ToggleOnScreen | app::RoomOp::Select { .. },
            } => None,
            // A kept response is journaled as itself (text, slide, time; no participant), so
            // replay has it: the queue it was selected in is not journaled.
            Action::Room {
                op: app::RoomOp::ToggleKept,
            } => self.app.room.selected().map(|r| Action::Room {
                op: app::RoomOp::Kept {
                    response: r.clone(),
                },
            }),
            a => Some(a),
        };
        if let Some(a) = recorded {
            self.pending
                .push(journal::Record::action(&self.app, &a, now));
        }
    }

    /// The room's totals into the journal: a few seconds after input arrived, at once when
    /// the slide changed (or `now`, at the end). Only cases whose numbers changed; the records
    /// carry totals, never a participant.
    fn note_room(&mut self, now: bool) {
        let slide_changed = self.app.slide != self.room_slide;
        self.room_slide = self.app.slide;
        let due = self.room_due.is_some_and(|d| now_ms() >= d);
        if self.room_due.is_none() || !(now || due || slide_changed) {
            return;
        }
        self.room_due = None;
        let changed: Vec<(String, app::room::Totals)> = self
            .app
            .room
            .cases
            .keys()
            .map(|id| (id.clone(), self.app.room.totals(id)))
            .filter(|(id, t)| self.room_recorded.get(id) != Some(t))
            .collect();
        for (slide_id, totals) in changed {
            self.room_recorded.insert(slide_id.clone(), totals.clone());
            self.apply(Action::Room {
                op: app::RoomOp::Totals { slide_id, totals },
            });
        }
    }

    /// Answer a phone's ask: a participant's input through `update` (not journaled: the
    /// room's totals are, see [`Session::note_room`]), or the remote's action as a key.
    fn answer(&mut self, request: crate::share::ask::Request) {
        use crate::share::ask::{Answer, Ask};
        let answer = match request.ask {
            Ask::Room {
                participant,
                code,
                input,
            } => {
                let counts = !matches!(input, app::room::Input::Respond { .. });
                let action = Action::Room {
                    op: app::RoomOp::Input {
                        participant,
                        code,
                        input,
                    },
                };
                app::update(&mut self.app, &action, now_ms());
                match self.app.room.last {
                    Some(Err(why)) => Answer::Refused(why),
                    _ => {
                        if counts && self.room_due.is_none() {
                            self.room_due = Some(now_ms().saturating_add(ROOM_RECORD_DELAY));
                            self.room_slide = self.app.slide;
                        }
                        Answer::Taken
                    }
                }
            }
            Ask::Remote(action) if remote_may(&action) => {
                self.apply(action);
                Answer::Taken
            }
            Ask::Remote(_) => Answer::Refused(app::room::Refused::NotHere),
            // The code is drawn here (`with_code`), or the room's own is kept.
            Ask::OpenRoom => {
                self.apply(Action::Room {
                    op: app::RoomOp::Open {
                        code: String::new(),
                    },
                });
                Answer::Taken
            }
        };
        let _ = request.reply.try_send(answer);
    }

    /// A room opened with no code gets one: the code it had (reopening keeps what the
    /// projector and the phones show), else a new random one (drawn here, outside `update`).
    fn with_code(&self, action: Action) -> Action {
        match action {
            Action::Room {
                op: app::RoomOp::Open { code },
            } if code.is_empty() => Action::Room {
                op: app::RoomOp::Open {
                    code: self
                        .app
                        .room
                        .code
                        .clone()
                        // The OS had no randomness to give: the room stays closed.
                        .or_else(|| secret::join_code().ok())
                        .unwrap_or_default(),
                },
            },
            other => other,
        }
    }

    /// Finish: what is still pending, and the end record.
    fn finish(&mut self) {
        if self.refused.is_some() {
            if let Some(j) = self.journal.take() {
                let _ = j.discard();
            }
            return;
        }
        self.note_room(true);
        if let Some(j) = self.journal.as_mut() {
            let _ = j.append_all(&self.pending);
            let _ = j.end(now_ms());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    static RELEASE: AtomicBool = AtomicBool::new(false);

    /// A loader that finishes only when the test says so, with another deck.
    fn slow_loader(_: &std::path::Path) -> Result<DeckSource, String> {
        while !RELEASE.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(2));
        }
        Ok(DeckSource {
            deck: bundled::deck(Lang::Fr).map_err(|_| "no deck".to_owned())?,
            name: "late.toml".into(),
            hash: journal::deck_hash(b""),
            rest: None,
        })
    }

    #[test]
    fn a_reload_past_its_time_cap_is_given_up_and_its_late_result_ignored() {
        // Issue 13, finding 6: the reload thread had no time cap.
        let deck = bundled::deck(Lang::En).expect("bundled deck");
        let title = deck.meta.title.clone();
        let args = PresentArgs {
            deck: Some("deck.toml".into()),
            ..PresentArgs::default()
        };
        let mut session = Session::new(App::new(deck, 0), None, View::default(), args);
        let (tx, rx) = mpsc::channel::<Msg>();
        session.tx = Some(tx);
        session.load = slow_loader;
        session.reload_cap = Duration::ZERO;
        session.reload_at = Some(0);
        session.reload_if_due(); // starts the slow load
        assert!(session.reload_deadline.is_some());
        session.reload_if_due(); // its cap (zero) has run out
        let error = session.app.reload_error.clone().unwrap_or_default();
        assert!(error.contains("took over 1 s to load"), "{error}");
        assert!(error.contains("last good version"), "{error}");
        // The late result arrives and changes nothing.
        RELEASE.store(true, Ordering::SeqCst);
        let late = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the late result");
        assert!(session.resolve(Ok(late)).is_none());
        assert_eq!(session.app.deck.meta.title, title, "the old deck stays");
        assert!(session.app.reload_error.is_some());
        // French words in a French deck.
        let fr = crate::words::strings::for_lang("fr")
            .notices
            .reload_too_slow;
        assert!(
            fr.contains("{secs}") && fr.contains("dernière version"),
            "{fr}"
        );
    }

    /// A session on the bundled deck, shared (as far as the app knows), at its first case.
    fn shared_session() -> (Session, usize, usize) {
        let deck = bundled::deck(Lang::En).expect("bundled deck");
        let case = deck.slides.iter().position(|s| s.checklist).unwrap_or(0);
        let prompt = deck
            .slides
            .iter()
            .position(|s| !s.prompts().is_empty())
            .unwrap_or(0);
        let mut session = Session::new(
            App::new(deck, 0),
            None,
            View::default(),
            PresentArgs::default(),
        );
        let url = "http://192.168.1.20:7878/".to_owned();
        session.apply(Action::Sharing { url });
        session.apply(Action::GoTo { slide: case });
        (session, case, prompt)
    }

    fn ask(session: &mut Session, ask: Ask) -> Option<Answer> {
        let (reply, answer) = mpsc::sync_channel(1);
        session.answer(Request { ask, reply });
        answer.try_recv().ok()
    }

    use crate::share::ask::{Answer, Ask, Request};

    #[test]
    fn phones_asks_are_answered_and_the_journal_keeps_the_rooms_numbers_not_its_people() {
        let (mut s, case, prompt) = shared_session();
        let key = keymap::Key {
            code: ratatui::crossterm::event::KeyCode::Char('p'),
            ctrl: false,
        };
        let open = app::resolve(&s.app, key).expect("p opens the room");
        s.apply(open);
        let code = s.app.room.code.clone().unwrap_or_default();
        assert!(
            s.app.room.open && code.len() == 4,
            "a code was drawn: {code}"
        );
        let case_id = s.app.deck.slides[case].id.clone();
        let who = "0123456789abcdef0123456789abcdef";
        let vote = |code: &str| Ask::Room {
            participant: who.into(),
            code: code.into(),
            input: app::room::Input::Vote {
                slide_id: case_id.to_string(),
                vote: app::room::Vote::Trafficking,
            },
        };
        assert_eq!(ask(&mut s, vote(&code)), Some(Answer::Taken));
        assert_eq!(
            ask(&mut s, vote("ZZZZ")),
            Some(Answer::Refused(app::room::Refused::WrongCode))
        );
        // Closed and opened again: the same code (the projector and the phones show it).
        s.apply(Action::Room {
            op: app::RoomOp::Close,
        });
        s.apply(app::resolve(&s.app, key).expect("p again"));
        assert_eq!(s.app.room.code.as_deref(), Some(code.as_str()));
        // The totals are journaled once due, or when the slide changes.
        assert!(s.room_due.is_some());
        s.note_room(false);
        assert!(
            !s.pending
                .iter()
                .any(|r| format!("{r:?}").contains("Totals")),
            "not yet due"
        );
        s.apply(Action::GoTo { slide: prompt });
        s.note_room(false);
        // A response, kept by the facilitator.
        let say = Ask::Room {
            participant: who.into(),
            code: code.clone(),
            input: app::room::Input::Respond {
                slide_id: s.app.deck.slides[prompt].id.to_string(),
                text: "Who holds her passport?".into(),
            },
        };
        assert_eq!(ask(&mut s, say), Some(Answer::Taken));
        s.apply(Action::Room {
            op: app::RoomOp::ToggleKept,
        });
        s.apply(Action::Room {
            op: app::RoomOp::ToggleOnScreen,
        });
        let journal: Vec<String> = s
            .pending
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        let all = journal.join("\n");
        assert!(!all.contains(who), "no participant token in the journal");
        assert!(
            !all.contains("\"input\""),
            "no participant input in the journal"
        );
        assert!(all.contains("\"totals\"") && all.contains("Who holds her passport?"));
        assert!(
            !all.contains("toggle_on_screen"),
            "the moment's selection is not kept"
        );
        // Replay rebuilds the room's numbers and what was kept.
        let deck = (*s.app.deck).clone();
        let replayed = journal::replay(deck, &s.pending).app;
        assert_eq!(replayed.room.totals(&case_id), s.app.room.totals(&case_id));
        assert_eq!(replayed.room.totals(&case_id).trafficking, 1);
        let kept: Vec<&str> = replayed
            .room
            .kept()
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(kept, ["Who holds her passport?"]);
    }

    #[test]
    fn the_remote_moves_and_moderates_but_cannot_quit_or_speak_for_the_room() {
        let (mut s, case, _) = shared_session();
        assert_eq!(ask(&mut s, Ask::Remote(Action::Next)), Some(Answer::Taken));
        assert_eq!(s.app.slide, case + 1, "advanced as a key would");
        assert!(
            s.pending.iter().any(|r| matches!(
                r,
                journal::Record::Action {
                    action: Action::Next,
                    ..
                }
            )),
            "journaled as a key would be"
        );
        for refused in [
            Action::Quit,
            Action::StartNote,
            Action::Notice { text: "x".into() },
            Action::Room {
                op: app::RoomOp::Input {
                    participant: "a".into(),
                    code: String::new(),
                    input: app::room::Input::Vote {
                        slide_id: String::new(),
                        vote: app::room::Vote::Trafficking,
                    },
                },
            },
        ] {
            assert_eq!(
                ask(&mut s, Ask::Remote(refused.clone())),
                Some(Answer::Refused(app::room::Refused::NotHere)),
                "{refused:?}"
            );
        }
        assert!(!s.app.quit);
        let open = Action::Room {
            op: app::RoomOp::Open {
                code: String::new(),
            },
        };
        assert_eq!(ask(&mut s, Ask::Remote(open)), Some(Answer::Taken));
        assert!(
            s.app.room.open,
            "the remote opens the room with a drawn code"
        );
    }

    #[test]
    fn recording_fails_then_recovers_and_says_so() {
        // Issue 13, finding 1: "⚠ NOT RECORDING" stayed after space returned.
        let deck = bundled::deck(Lang::En).expect("bundled deck");
        let mut app = App::new(deck, 0);
        app.recording = app::Recording::On;
        assert!(!record_outcome(&mut app, true, 1));
        assert!(record_outcome(&mut app, false, 2));
        assert_eq!(app.recording, app::Recording::Failed);
        assert!(
            !record_outcome(&mut app, false, 3),
            "still failing: no change"
        );
        assert!(record_outcome(&mut app, true, 4));
        assert_eq!(app.recording, app::Recording::On);
        assert!(
            app.notice
                .as_deref()
                .is_some_and(|n| n.contains("recording again"))
        );
    }
}

#[cfg(test)]
mod rest_tests {
    use super::*;

    /// A session on the bundled deck's first two slides, its beginning read from bytes whose
    /// hash is `begun`.
    fn begun_session(begun: &str) -> (Session, Deck) {
        let whole = bundled::deck(Lang::En).expect("bundled deck");
        let mut first = whole.clone();
        first.slides.truncate(2);
        let app = App::beginning(first, whole.slides.len(), 0);
        let mut session = Session::new(app, None, View::default(), PresentArgs::default());
        session.begun_hash = Some(begun.to_owned());
        (session, whole)
    }

    fn source(deck: Deck, hash: &str) -> DeckSource {
        DeckSource {
            deck,
            name: "/decks/large.toml".into(),
            hash: hash.into(),
            rest: None,
        }
    }

    #[test]
    fn the_rest_replaces_the_beginning_unjournaled_unless_the_file_changed_meanwhile() {
        // The same bytes: the whole deck, in place, and nothing for the journal.
        let (mut s, whole) = begun_session("h1");
        let n = whole.slides.len();
        s.rest_read(Ok(source(whole.clone(), "h1")));
        assert!(!s.app.reading());
        assert_eq!(s.app.deck.slides.len(), n);
        assert!(s.pending.is_empty(), "{:?}", s.pending);
        // Saved in between: journaled as a reload of the new bytes.
        let (mut s, whole) = begun_session("h1");
        s.rest_read(Ok(source(whole, "h2")));
        assert!(!s.app.reading());
        assert!(
            matches!(s.pending.as_slice(), [journal::Record::Reload { deck_hash, .. }] if deck_hash == "h2"),
            "{:?}",
            s.pending
        );
        // An error: the session ends with it.
        let (mut s, _) = begun_session("h1");
        s.rest_read(Err("error: broken\n".into()));
        assert!(s.app.quit);
        assert_eq!(s.refused.as_deref(), Some("error: broken\n"));
    }

    #[test]
    fn what_comes_while_the_rest_is_read_waits_for_it_but_the_clock_does_not() {
        assert!(holds(&Ok(Msg::DeckChanged)));
        assert!(holds(&Ok(Msg::Signal(15))));
        assert!(holds(&Ok(Msg::InputClosed)));
        assert!(!holds(&Err(RecvTimeoutError::Timeout)));
        assert!(!holds(&Err(RecvTimeoutError::Disconnected)));
        assert!(!holds(&Ok(Msg::Rest(Box::new(Err(String::new()))))));
    }
}
