//! The real terminal: the guard that always restores it, the wall clock, and the two threads
//! that turn the outside world into messages (terminal events, signals).
//!
//! The presenter's run loop (`crate::run`) and the terminal follower (`crate::share::follow`)
//! both use these; nothing else in the crate touches the terminal or reads the clock.

use crate::present::app::Millis;
use crate::present::ui::View;
use crate::present::ui::theme::{Theme, ThemeName};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use std::io::{BufWriter, Stdout};
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
        // `ratatui::restore` prints its error with `eprintln!`, which panics when the terminal
        // is gone (its window was closed): a panic in a drop aborts. Nothing to tell a terminal
        // that is not there.
        let _ = ratatui::try_restore();
    }
}

/// The largest screen drawn, in columns and rows. A terminal can claim 65535×65535 (a buffer of
/// 4 Gi cells, twice); beyond this, convene draws in the top-left corner.
pub const MAX_COLS: u16 = 640;
pub const MAX_ROWS: u16 = 320;

/// A terminal size clamped to [`MAX_COLS`]×[`MAX_ROWS`].
pub fn clamp_size(width: u16, height: u16) -> (u16, u16) {
    (width.min(MAX_COLS), height.min(MAX_ROWS))
}

/// The presenter's terminal: ratatui over a buffered stdout. `std::io::stdout()` alone passes a
/// frame on in 1 KiB writes (it buffers by line, and a frame has no newline): each wakes the
/// terminal to parse a piece. Buffered, a frame leaves in one write when ratatui flushes it.
pub type Term = ratatui::Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Room for a whole frame: a full repaint of 120×35 with colours is about 20 KiB; a larger one
/// is written in pieces of this size.
const FRAME_BUFFER: usize = 64 << 10;

/// Start the terminal (raw mode, alternate screen, ratatui's panic hook) with a fixed viewport
/// of the clamped size: ratatui never sizes its buffers from the terminal itself, so a huge
/// claimed size allocates nothing. Call [`resize`] on every resize event.
pub fn init() -> std::io::Result<Term> {
    let probe = ratatui::try_init()?;
    let size = probe.size()?;
    drop(probe);
    let (w, h) = clamp_size(size.width, size.height);
    ratatui::Terminal::with_options(
        CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, std::io::stdout())),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
        },
    )
}

/// Resize a terminal made by [`init`] to `(width, height)`, clamped.
pub fn resize(terminal: &mut Term, width: u16, height: u16) -> std::io::Result<()> {
    let (w, h) = clamp_size(width, height);
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    if terminal.get_frame().area() != area {
        terminal.resize(area)?;
    }
    Ok(())
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

/// Deliver SIGTERM, SIGHUP and SIGINT — and, on Unix, SIGQUIT, SIGUSR1, SIGALRM and SIGXFSZ,
/// whose default action kills without restoring the terminal — to `tx` (wrapped by `wrap`) so
/// the loop quits cleanly and the guard restores the terminal.
///
/// Windows has no such signals: in raw mode crossterm delivers Ctrl-C as a key (the keymap's
/// quit), so this does nothing there. (Closing the console window is not handled yet.)
#[cfg(not(unix))]
pub fn forward_signals<M: Send + 'static>(
    _tx: mpsc::Sender<M>,
    _wrap: fn(i32) -> M,
) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
pub fn forward_signals<M: Send + 'static>(
    tx: mpsc::Sender<M>,
    wrap: fn(i32) -> M,
) -> std::io::Result<()> {
    let set = [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
        signal_hook::consts::SIGUSR1,
        signal_hook::consts::SIGALRM,
        signal_hook::consts::SIGXFSZ,
    ];
    let mut signals = signal_hook::iterator::Signals::new(set)?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(wrap(sig));
        }
    });
    Ok(())
}

/// Job control (Unix): deliver SIGTSTP (`suspend`) and SIGCONT (`resumed`) to `tx`. The loop
/// answers SIGTSTP with [`suspend`] and SIGCONT by redrawing everything.
#[cfg(unix)]
pub fn forward_job_control<M: Clone + Send + 'static>(
    tx: mpsc::Sender<M>,
    suspend: M,
    resumed: M,
) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTSTP,
        signal_hook::consts::SIGCONT,
    ])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            let msg = if sig == signal_hook::consts::SIGTSTP {
                suspend.clone()
            } else {
                resumed.clone()
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Suspend (Ctrl-Z, SIGTSTP): give the shell its terminal back (main screen, cursor, cooked
/// mode), stop, and on `fg` take it again (raw mode, alternate screen). The caller redraws.
#[cfg(unix)]
pub fn suspend() -> std::io::Result<()> {
    use ratatui::crossterm::{cursor, execute, terminal};
    let mut out = std::io::stdout();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    // SIGSTOP cannot be caught: this thread stops here until SIGCONT.
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    terminal::enable_raw_mode()?;
    execute!(out, terminal::EnterAlternateScreen, cursor::Hide)
}

/// Read terminal events on a thread and send them to `tx`; `closed` when input ends.
///
/// (Reading them on the loop's own thread instead was tried for issue 11: it saved no
/// measurable time per key, and crossterm's poll with a timeout spins through the last
/// millisecond of every wait.)
pub fn forward_input<M: Send + 'static>(tx: mpsc::Sender<M>, wrap: fn(Event) -> M, closed: M) {
    // Start crossterm's event source here, before the first frame: it is what catches
    // SIGWINCH, and a resize before it exists (while the thread below starts) would be lost.
    let _ = event::poll(std::time::Duration::ZERO);
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(wrap(ev)).is_err() {
                        return;
                    }
                }
                // A signal (SIGCONT after a suspend) interrupts the wait: not the end of input.
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    let _ = tx.send(closed);
                    return;
                }
            }
        }
    });
}

/// Clear the screen and make the next draw repaint every cell (after a suspend). Unlike
/// `Terminal::clear`, it never asks the terminal where its cursor is (a query some terminals
/// never answer).
pub fn repaint(terminal: &mut Term) -> std::io::Result<()> {
    use ratatui::crossterm::{execute, terminal as ct};
    execute!(std::io::stdout(), ct::Clear(ct::ClearType::All))?;
    let area = terminal.get_frame().area();
    terminal.resize(area)
}
