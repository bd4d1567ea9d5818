//! The real terminal: the guard that always restores it, the wall clock, and the two threads
//! that turn the outside world into messages (terminal events, signals).
//!
//! The presenter's run loop (`crate::run`) and the terminal follower (`crate::share::follow`)
//! both use these; nothing else in the crate touches the terminal or reads the clock.

use crate::present::app::Millis;
use crate::present::ui::View;
use crate::present::ui::theme::{Theme, ThemeName};
use ratatui::crossterm::event::{self, Event};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

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

/// How to draw, from the environment and the chosen theme.
pub fn view_from_env(theme: Option<ThemeName>) -> View {
    let term = std::env::var("TERM").unwrap_or_default();
    View {
        theme: Theme::named(
            theme.unwrap_or_default(),
            crate::present::ui::theme::no_color(),
        ),
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
