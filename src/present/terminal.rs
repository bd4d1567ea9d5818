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

/// How to draw, from the environment and the chosen theme (`auto` should be resolved first
/// with [`resolve_theme`]; unresolved, it draws dark).
pub fn view_from_env(theme: Option<ThemeName>) -> View {
    let term = std::env::var("TERM").unwrap_or_default();
    let no_color = crate::present::ui::theme::no_color();
    let name = theme.unwrap_or_default();
    let theme = if name == ThemeName::HighContrast && !no_color {
        Theme::high_contrast_with(truecolor())
    } else {
        Theme::named(name, no_color)
    };
    View {
        theme,
        unicode: term != "linux" && std::env::var_os("CONVENE_ASCII").is_none(),
    }
}

/// Whether the terminal says it draws 24-bit colour (`COLORTERM=truecolor` or `24bit`).
pub fn truecolor() -> bool {
    std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit")
}

/// How long the terminal has to answer "what is your background colour?" (OSC 11). Terminals
/// that cannot answer are detected at once (they answer the device-attributes query sent after
/// it); this bounds the wait for one that answers neither.
pub const BACKGROUND_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(150);

/// `auto` (the default) becomes `light` on a light background and `dark` otherwise; any other
/// theme is kept. The terminal is asked only when both stdin and stdout are terminals, colour is
/// on and `CONVENE_THEME_QUERY` is not `0`; call it before raw-mode input starts.
pub fn resolve_theme(theme: Option<ThemeName>) -> ThemeName {
    use std::io::IsTerminal;
    match theme.unwrap_or_default() {
        ThemeName::Auto => {
            let ask = std::io::stdout().is_terminal()
                && std::io::stdin().is_terminal()
                && !crate::present::ui::theme::no_color()
                && std::env::var_os("CONVENE_THEME_QUERY").is_none_or(|v| v != "0");
            let mut options = terminal_colorsaurus::QueryOptions::default();
            options.timeout = BACKGROUND_QUERY_TIMEOUT;
            match ask.then(|| terminal_colorsaurus::theme_mode(options)) {
                Some(Ok(terminal_colorsaurus::ThemeMode::Light)) => ThemeName::Light,
                _ => ThemeName::Dark,
            }
        }
        other => other,
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
