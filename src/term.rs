//! The terminal: the guard that always restores it, signals, and the run loop.
//!
//! Data flow: a reader thread turns terminal events into messages, a signal thread turns
//! SIGTERM/SIGHUP/SIGINT into a quit message; the main loop resolves keys to actions
//! (`app::resolve`), applies them (`app::update`, the clock read here and passed in), and draws
//! (`ui::render`). Nothing redraws while nothing changes, except the clock once a second.

use crate::app::{self, Action, App, Millis, keymap};
use crate::bundled;
use crate::cli::PresentArgs;
use crate::deck::{self, Deck};
use crate::journal::{self, Journal};
use crate::ui::theme::{Theme, ThemeName};
use crate::ui::{self, View};
use ratatui::crossterm::event::{self, Event};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wall-clock milliseconds: the one clock read, outside `update`.
pub fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Restores the terminal when dropped (normal exit and unwinding); `ratatui::init`'s panic hook
/// covers panics before the drop runs. Create it right after `ratatui::try_init`.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

enum Msg {
    Term(Event),
    Signal(i32),
    InputClosed,
    DeckChanged,
}

/// The most input handled between two frames.
const MAX_BATCH: usize = 256;

/// Wait this long after the last change event before reloading (editors write in bursts).
const RELOAD_DEBOUNCE: Duration = Duration::from_millis(80);

/// The deck being presented, with what the journal needs to know about it.
pub struct DeckSource {
    pub deck: Deck,
    /// An absolute path, or `(bundled:en)` / `(bundled:fr)`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Load the deck named on the command line, or the bundled one; `Err` is the rendered error.
pub fn load_deck(args: &PresentArgs) -> Result<DeckSource, String> {
    match &args.deck {
        Some(path) => {
            let shown = path.display().to_string();
            let color =
                anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
            let bytes =
                std::fs::read(path).map_err(|e| deck::LoadError::Io(e).render(&shown, color))?;
            let deck = deck::load_bytes(&bytes)
                .map(|l| l.deck)
                .map_err(|e| e.render(&shown, color))?;
            let name = std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string();
            Ok(DeckSource { deck, name, bytes })
        }
        None => {
            let lang = bundled::language(args.lang);
            let deck = bundled::deck(lang).map_err(|e| e.render(bundled::name(lang), false))?;
            Ok(DeckSource {
                deck,
                name: bundled::name(lang).to_owned(),
                bytes: bundled::source(lang).as_bytes().to_vec(),
            })
        }
    }
}

/// Open the session: a new journal, or the replay of one being resumed.
fn open_session(
    args: &PresentArgs,
    now: Millis,
) -> Result<(App, Option<Journal>, Option<String>), String> {
    if let Some(resume) = &args.resume {
        // Which journal: the one named, else the newest of this deck.
        let path = match resume {
            Some(p) => p.clone(),
            None => {
                let name = match &args.deck {
                    Some(p) => std::fs::canonicalize(p)
                        .unwrap_or_else(|_| p.clone())
                        .display()
                        .to_string(),
                    None => bundled::name(bundled::language(args.lang)).to_owned(),
                };
                let dir = args.journal_dir();
                journal::newest_for(&dir, &journal::stem_for(&name)).ok_or_else(|| {
                    format!(
                        "error: no journal of this deck to resume in {}\n  = help: name one: `convene present --resume PATH` (`convene sessions` lists them)\n",
                        dir.display()
                    )
                })?
            }
        };
        let records = journal::read(&path).map_err(|e| format!("error: {e}\n"))?;
        let (deck, start) = if args.deck.is_some() {
            let src = load_deck(args)?;
            let start =
                journal::Record::start(now, &src.name, &src.bytes, &src.deck.meta.title, true);
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
        let records = journal::read(&path).map_err(|e| format!("error: {e}\n"))?;
        let journal::Replayed { app, unmapped } = journal::replay(deck, &records);
        let notice = (!unmapped.is_empty()).then(|| {
            format!(
                "resumed; not in this deck any more: {}",
                unmapped.join(", ")
            )
        });
        return Ok((app, j, notice));
    }
    let src = load_deck(args)?;
    let app = App::new(src.deck, now);
    if args.no_record {
        return Ok((app, None, None));
    }
    let start = journal::Record::start(now, &src.name, &src.bytes, &app.deck.meta.title, false);
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
    Ok((app, Some(j), None))
}

/// How to draw, from the environment and the chosen theme.
pub fn view_from_env(theme: Option<ThemeName>) -> View {
    let term = std::env::var("TERM").unwrap_or_default();
    View {
        theme: Theme::named(theme.unwrap_or_default(), crate::ui::theme::no_color()),
        unicode: term != "linux" && std::env::var_os("CONVENE_ASCII").is_none(),
    }
}

/// Deliver SIGTERM, SIGHUP and SIGINT to `tx` (wrapped by `wrap`) so the loop quits cleanly and
/// the guard restores the terminal.
pub fn forward_signals<M: Send + 'static>(
    tx: mpsc::Sender<M>,
    wrap: fn(i32) -> M,
) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(wrap(sig));
        }
    });
    Ok(())
}

/// Read terminal events on a thread and send them to `tx`; `closed` when input ends.
pub fn forward_input<M: Send + 'static>(tx: mpsc::Sender<M>, wrap: fn(Event) -> M, closed: M) {
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(wrap(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(closed);
                    return;
                }
            }
        }
    });
}

/// The command line, with the config file's defaults filled in where a flag was not given
/// (flags win). Returns the key table too. A config file with mistakes is an error: it names
/// the file, line and column.
fn with_config(
    args: &PresentArgs,
) -> Result<(PresentArgs, Vec<crate::config::OwnedBinding>), String> {
    let Some(path) = crate::config::path() else {
        return Ok((args.clone(), crate::config::apply(&[])));
    };
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let cfg = crate::config::load(&path).map_err(|e| e.render(color))?;
    let mut args = args.clone();
    args.config_theme = cfg.theme;
    args.bell |= cfg.bell == Some(true);
    if args.share.is_none() && args.presenter {
        args.share = cfg.share.as_deref().and_then(|s| s.parse().ok());
    }
    if args.journal_dir.is_none() {
        args.journal_dir = cfg.journal_dir.clone();
    }
    Ok((args, crate::config::apply(&cfg.keys)))
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
    let args = &args;
    let (mut app, journal, notice) = match open_session(args, now_ms()) {
        Ok(s) => s,
        Err(msg) => {
            anstream::eprint!("{msg}");
            return 1;
        }
    };
    app.keys = keys;
    // The theme: the flag, else the deck's own, else the config file's.
    let theme = args.theme.or(app.deck.meta.theme).or(args.config_theme);
    match run(app, journal, notice, view_from_env(theme), args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("convene: terminal error: {e}");
            1
        }
    }
}

fn run(
    mut app: App,
    mut journal: Option<Journal>,
    notice: Option<String>,
    view: View,
    args: &PresentArgs,
) -> std::io::Result<i32> {
    let (tx, rx) = mpsc::channel::<Msg>();

    // Live reload of a deck named on the command line.
    let _watcher = match &args.deck {
        Some(path) => {
            let watch_tx = tx.clone();
            crate::watch::watch(path, args.poll, move || {
                let _ = watch_tx.send(Msg::DeckChanged);
            })
            .ok()
        }
        None => None,
    };

    // Signals first, so a SIGTERM during start-up is not lost.
    forward_signals(tx.clone(), Msg::Signal)?;

    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;

    forward_input(tx, Msg::Term, Msg::InputClosed);

    // The first actions: the terminal's size, whether we record, and any resume notice.
    let size = terminal.size()?;
    // Journal records of actions applied since the last frame (written after the frame).
    let mut pending: Vec<journal::Record> = Vec::new();
    let mut opening = vec![
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        Action::SetRecording {
            recording: if journal.is_some() {
                app::Recording::On
            } else {
                app::Recording::Off
            },
        },
    ];
    if let Some(text) = notice {
        opening.push(Action::Notice { text });
    }
    for action in opening {
        let now = now_ms();
        app::update(&mut app, &action, now);
        pending.push(journal::Record::action(&app, &action, now));
    }
    // Follow mode: the console shares on 127.0.0.1:7878 unless told where.
    let share_addr = args.share.or_else(|| {
        args.presenter
            .then(|| std::net::SocketAddr::from(([127, 0, 0, 1], crate::wire::DEFAULT_PORT)))
    });
    let mut presenting = share_addr.map(|a| crate::share::Presenting::start(a, &app));
    if !args.presenter {
        if let Some(text) = presenting
            .as_ref()
            .and_then(crate::share::Presenting::notice)
        {
            app::update(&mut app, &Action::Notice { text }, now_ms());
        }
    } else if presenting.is_none() {
        presenting = Some(crate::share::Presenting::without_share(&app));
    }
    let mut exit_code = 0;
    let mut reload_at: Option<Millis> = None;
    let mut timer_was_over = false;
    loop {
        if let Some(p) = presenting.as_mut() {
            p.sync(&app);
        }
        terminal.draw(|f| match presenting.as_ref().filter(|_| args.presenter) {
            Some(p) => {
                let area = f.area();
                ui::console::render_console(&app, &view, &p.info, area, f.buffer_mut());
            }
            None => ui::render(&app, &view, f),
        })?;
        // Record what was just shown, durably, before the next key is read.
        if let Some(j) = journal.as_mut() {
            let failed = j.append_all(&pending).is_err();
            pending.clear();
            if failed && app.recording != app::Recording::Failed {
                app::update(
                    &mut app,
                    &Action::SetRecording {
                        recording: app::Recording::Failed,
                    },
                    now_ms(),
                );
                continue;
            }
        } else {
            pending.clear();
        }
        if args.bell {
            let over = app
                .running_timer()
                .is_some_and(|t| t.phase(app.now) == app::TimerPhase::Over);
            if over && !timer_was_over {
                use std::io::Write;
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
            timer_was_over = over;
        }
        // Sleep until something happens, the clock's next whole second, or a pending reload.
        let now = now_ms();
        let since = now.saturating_sub(app.started);
        let mut wait = Duration::from_millis(1000 - since % 1000);
        if let Some(at) = reload_at {
            wait = wait.min(Duration::from_millis(at.saturating_sub(now)));
        }
        let msg = rx.recv_timeout(wait);
        if let (Some(at), Some(path)) = (reload_at, &args.deck)
            && now_ms() >= at
        {
            reload_at = None;
            let action = match deck::load_path(path) {
                Ok(l) => Action::Reload {
                    deck: Box::new(l.deck),
                },
                Err(e) => Action::ReloadFailed {
                    error: e.one_line(&path.display().to_string()),
                },
            };
            let now = now_ms();
            app::update(&mut app, &action, now);
            pending.push(journal::Record::action(&app, &action, now));
        }
        // Handle everything already waiting before drawing again: a burst of keys (a held
        // clicker, a paste) costs one frame, not one frame per key.
        let mut batch = vec![msg];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(m) => batch.push(Ok(m)),
                Err(_) => break,
            }
        }
        for msg in batch {
            let action = match msg {
                Ok(Msg::DeckChanged) => {
                    reload_at = Some(now_ms() + RELOAD_DEBOUNCE.as_millis() as u64);
                    None
                }
                Ok(Msg::Term(Event::Key(k))) => {
                    keymap::key_of(&k).and_then(|key| app::resolve(&app, key))
                }
                Ok(Msg::Term(Event::Resize(w, h))) => Some(Action::Resize {
                    width: w,
                    height: h,
                }),
                Ok(Msg::Term(_)) => None,
                Ok(Msg::Signal(sig)) => {
                    exit_code = 128 + sig;
                    Some(Action::Quit)
                }
                Ok(Msg::InputClosed) | Err(RecvTimeoutError::Disconnected) => Some(Action::Quit),
                Err(RecvTimeoutError::Timeout) => Some(Action::Clock),
            };
            if let Some(action) = action {
                let now = now_ms();
                app::update(&mut app, &action, now);
                // The clock's ticks change nothing worth recording.
                if action != Action::Clock {
                    pending.push(journal::Record::action(&app, &action, now));
                }
            }
            if app.quit {
                break;
            }
        }
        if app.quit {
            break;
        }
    }
    if let Some(j) = journal.as_mut() {
        let _ = j.append_all(&pending);
        let _ = j.end(now_ms());
    }
    drop(terminal);
    Ok(exit_code)
}
