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

/// Wait this long after the last change event before reloading (editors write in bursts).
const RELOAD_DEBOUNCE: Duration = Duration::from_millis(80);

/// Load the deck named on the command line, or the bundled one.
pub fn load_deck(args: &PresentArgs) -> Result<Deck, String> {
    match &args.deck {
        Some(path) => {
            let name = path.display().to_string();
            let color =
                anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
            deck::load_path(path)
                .map(|l| l.deck)
                .map_err(|e| e.render(&name, color))
        }
        None => bundled::deck(bundled::language(args.lang))
            .map_err(|e| e.render("(bundled deck)", false)),
    }
}

/// How to draw, from the environment and the chosen theme.
pub fn view_from_env(theme: Option<ThemeName>) -> View {
    let term = std::env::var("TERM").unwrap_or_default();
    View {
        theme: Theme::named(theme.unwrap_or_default(), crate::ui::theme::no_color()),
        unicode: term != "linux" && std::env::var_os("CONVENE_ASCII").is_none(),
    }
}

/// `convene present`: returns the exit code.
pub fn present(args: &PresentArgs) -> i32 {
    let deck = match load_deck(args) {
        Ok(d) => d,
        Err(msg) => {
            anstream::eprint!("{msg}");
            return 1;
        }
    };
    match run(deck, view_from_env(args.theme), args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("convene: terminal error: {e}");
            1
        }
    }
}

fn run(deck: Deck, view: View, args: &PresentArgs) -> std::io::Result<i32> {
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
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    let sig_tx = tx.clone();
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = sig_tx.send(Msg::Signal(sig));
        }
    });

    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;

    let input_tx = tx;
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if input_tx.send(Msg::Term(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = input_tx.send(Msg::InputClosed);
                    return;
                }
            }
        }
    });

    let start = now_ms();
    let mut app = App::new(deck, start);
    let size = terminal.size()?;
    app::update(
        &mut app,
        &Action::Resize {
            width: size.width,
            height: size.height,
        },
        start,
    );
    let mut exit_code = 0;
    let mut reload_at: Option<Millis> = None;
    let mut timer_was_over = false;
    loop {
        terminal.draw(|f| ui::render(&app, &view, f))?;
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
        if let (Some(at), Some(path)) = (reload_at, &args.deck) {
            if now_ms() >= at {
                reload_at = None;
                let action = match deck::load_path(path) {
                    Ok(l) => Action::Reload {
                        deck: Box::new(l.deck),
                    },
                    Err(e) => Action::ReloadFailed {
                        error: e.one_line(&path.display().to_string()),
                    },
                };
                app::update(&mut app, &action, now_ms());
            }
        }
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
            app::update(&mut app, &action, now_ms());
        }
        if app.quit {
            break;
        }
    }
    drop(terminal);
    Ok(exit_code)
}
