//! The real terminal: the guard that always restores it, the wall clock, and the two threads
//! that turn the outside world into messages (terminal events, signals).
//!
//! The presenter's run loop (`crate::run`) and the terminal follower (`crate::share::follow`)
//! both use these; nothing else in the crate touches the terminal or reads the clock.

use crate::present::app::Millis;
use crate::present::ui::View;
use crate::present::ui::theme::{Theme, ThemeName};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::io::{BufWriter, Stdout};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

pub mod ahead;

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
        ahead::close();
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

/// ratatui over a buffered stdout. `std::io::stdout()` alone passes a frame on in 1 KiB writes
/// (it buffers by line, and a frame has no newline): each wakes the terminal to parse a piece.
/// Buffered, a frame leaves in one write when it is flushed.
pub type Ratatui = ratatui::Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// The presenter's terminal: ratatui's (which the follower draws through, `Deref`), and the
/// presenter's own frames ([`Term::draw_frame`]): drawn into a buffer, compared with what the
/// screen shows row by row, and only the rows that changed written, whole, in one write.
///
/// (ratatui's `Terminal::draw` compares every cell of the two buffers and then positions and
/// styles each changed cell on its own: about half the instructions of a keypress went to it.)
pub struct Term {
    inner: Ratatui,
    /// What the screen shows, as the last frame drew it; `None` when unknown (at the start,
    /// after a resize or a repaint): the next frame writes every row.
    shown: Option<Buffer>,
    next: Buffer,
    /// The frame's bytes, kept between frames (no allocation per frame).
    out: Vec<u8>,
    cursor_hidden: bool,
}

impl std::ops::Deref for Term {
    type Target = Ratatui;
    fn deref(&self) -> &Ratatui {
        &self.inner
    }
}

impl std::ops::DerefMut for Term {
    fn deref_mut(&mut self) -> &mut Ratatui {
        &mut self.inner
    }
}

impl Term {
    /// Draw one frame: `render` fills a cleared buffer of the screen's size; the rows that differ
    /// from what the screen shows are written, inside synchronized output (DEC mode 2026: a
    /// terminal that knows it shows the whole frame at once, so a projector never shows half of
    /// one; others ignore it), in one write.
    ///
    /// A frame equal to the one on screen writes nothing (after a frame drawn ahead, see
    /// [`ahead`], the loop's own frame of the same state is that).
    pub fn draw_frame(&mut self, render: impl FnOnce(Rect, &mut Buffer)) -> std::io::Result<()> {
        use std::io::Write;
        self.adopt();
        let area = self.inner.get_frame().area();
        if self.next.area == area {
            self.next.reset();
        } else {
            self.next = Buffer::empty(area);
        }
        render(area, &mut self.next);
        if !self.cursor_hidden {
            self.inner.hide_cursor()?;
            self.cursor_hidden = true;
        }
        self.out.clear();
        if encode_frame(self.shown.as_ref(), &self.next, &mut self.out) > 0 {
            let w = self.inner.backend_mut();
            w.write_all(&self.out)?;
            w.flush()?;
        }
        let drawn = std::mem::replace(&mut self.next, Buffer::empty(Rect::ZERO));
        if let Some(old) = self.shown.replace(drawn) {
            self.next = old;
        }
        Ok(())
    }
}

/// One frame's bytes into `out`: synchronized output around the rows of `next` that differ
/// from `shown` (every row when there is no `shown` of the same area), each written whole.
/// Returns how many rows it wrote.
fn encode_frame(shown: Option<&Buffer>, next: &Buffer, out: &mut Vec<u8>) -> usize {
    let area = next.area;
    out.extend_from_slice(b"\x1b[?2026h");
    let width = usize::from(area.width).max(1);
    let shown = shown.filter(|s| s.area == area);
    let mut rows = 0;
    for (i, cells) in next.content.chunks(width).enumerate() {
        let old = shown.and_then(|s| s.content.get(i * width..(i + 1) * width));
        if old.is_some_and(|old| same_row(old, cells)) {
            continue;
        }
        encode_row(cells, area.x, area.y + i as u16, out);
        rows += 1;
    }
    out.extend_from_slice(b"\x1b[0m\x1b[?2026l");
    rows
}

/// Whether two rows show the same ([`Cell`](ratatui::buffer::Cell)'s `==`, inlined here and
/// with the one-byte symbols of most cells compared directly: it runs over every cell of the
/// screen on every frame).
fn same_row(a: &[ratatui::buffer::Cell], b: &[ratatui::buffer::Cell]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            #[allow(deprecated)]
            let flags = a.skip == b.skip && a.diff_option == b.diff_option;
            a.fg == b.fg
                && a.bg == b.bg
                && a.modifier == b.modifier
                && flags
                && match (a.symbol().as_bytes(), b.symbol().as_bytes()) {
                    ([x], [y]) => x == y,
                    (x, y) => x == y,
                }
        })
}

/// The bytes that draw one row of cells whole, at row `y` from column `x`: the cursor placed at
/// its start, the style set from SGR 0, then each cell's text, styles only where they change.
///
/// Like ratatui's own writer, the cursor is placed again after a wide character (the terminal
/// and the buffer could disagree on its width) and after a cell a widget asked to be skipped.
fn encode_row(cells: &[ratatui::buffer::Cell], x: u16, y: u16, out: &mut Vec<u8>) {
    use ratatui::buffer::CellDiffOption;
    out.reserve(cells.len() + 64);
    // The cell whose style the terminal has now (`None`: as after SGR 0).
    let mut pen: Option<&ratatui::buffer::Cell> = None;
    let mut at: Option<u16> = None;
    let mut covered = 0u16;
    for (i, cell) in cells.iter().enumerate() {
        let x = x + i as u16;
        if covered > 0 {
            covered -= 1;
            continue;
        }
        #[allow(deprecated)]
        let skip = matches!(cell.diff_option, CellDiffOption::Skip)
            || (cell.skip && matches!(cell.diff_option, CellDiffOption::None));
        if skip {
            at = None;
            continue;
        }
        if at != Some(x) {
            move_to(out, x, y);
        }
        let restyle =
            pen.is_none_or(|p| p.fg != cell.fg || p.bg != cell.bg || p.modifier != cell.modifier);
        if restyle {
            let from = pen.map(|p| (p.fg, p.bg, p.modifier));
            set_style(out, from, (cell.fg, cell.bg, cell.modifier));
            pen = Some(cell);
        }
        let symbol = cell.symbol();
        let w = match (symbol.as_bytes(), cell.diff_option) {
            (_, CellDiffOption::ForcedWidth(w)) => {
                out.extend_from_slice(symbol.as_bytes());
                w.get()
            }
            ([b], _) => {
                out.push(*b);
                1
            }
            _ => {
                out.extend_from_slice(symbol.as_bytes());
                u16::try_from(unicode_width::UnicodeWidthStr::width(symbol)).unwrap_or(0)
            }
        };
        if w == 1 {
            at = Some(x + 1);
        } else {
            at = None;
            covered = w.saturating_sub(1);
        }
    }
}

/// CUP: the cursor to column `x`, row `y` (0-based).
fn move_to(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(b"\x1b[");
    push_num(out, y + 1);
    out.push(b';');
    push_num(out, x + 1);
    out.push(b'H');
}

fn push_num(out: &mut Vec<u8>, n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// SGR from the pen `from` (`None`: as after SGR 0) to `to`. A change of modifiers starts
/// again from SGR 0 (no attribute has to be turned off one by one).
fn set_style(
    out: &mut Vec<u8>,
    from: Option<(Color, Color, Modifier)>,
    to: (Color, Color, Modifier),
) {
    let (fg, bg, modifier) = to;
    let (mut old_fg, mut old_bg) = (Color::Reset, Color::Reset);
    out.extend_from_slice(b"\x1b[");
    let mut first = true;
    let mut param = |out: &mut Vec<u8>, p: &[u8]| {
        if !first {
            out.push(b';');
        }
        first = false;
        out.extend_from_slice(p);
    };
    match from {
        Some((f, b, m)) if m == modifier => (old_fg, old_bg) = (f, b),
        _ => {
            param(out, b"0");
            for (flag, code) in [
                (Modifier::BOLD, &b"1"[..]),
                (Modifier::DIM, b"2"),
                (Modifier::ITALIC, b"3"),
                (Modifier::UNDERLINED, b"4"),
                (Modifier::SLOW_BLINK, b"5"),
                (Modifier::RAPID_BLINK, b"6"),
                (Modifier::REVERSED, b"7"),
                (Modifier::HIDDEN, b"8"),
                (Modifier::CROSSED_OUT, b"9"),
            ] {
                if modifier.contains(flag) {
                    param(out, code);
                }
            }
        }
    }
    if fg != old_fg {
        param(out, b"");
        push_color(out, fg, false);
    }
    if bg != old_bg {
        param(out, b"");
        push_color(out, bg, true);
    }
    out.push(b'm');
}

/// The SGR parameters of a colour (the eight colours and their bright forms by their own
/// codes, as every terminal reads them).
fn push_color(out: &mut Vec<u8>, c: Color, background: bool) {
    let base: u16 = if background { 40 } else { 30 };
    let named = |out: &mut Vec<u8>, i: u16| {
        if i < 8 {
            push_num(out, base + i);
        } else {
            push_num(out, base + 60 + i - 8);
        }
    };
    match c {
        Color::Reset => push_num(out, base + 9),
        Color::Black => named(out, 0),
        Color::Red => named(out, 1),
        Color::Green => named(out, 2),
        Color::Yellow => named(out, 3),
        Color::Blue => named(out, 4),
        Color::Magenta => named(out, 5),
        Color::Cyan => named(out, 6),
        Color::Gray => named(out, 7),
        Color::DarkGray => named(out, 8),
        Color::LightRed => named(out, 9),
        Color::LightGreen => named(out, 10),
        Color::LightYellow => named(out, 11),
        Color::LightBlue => named(out, 12),
        Color::LightMagenta => named(out, 13),
        Color::LightCyan => named(out, 14),
        Color::White => named(out, 15),
        Color::Indexed(i) => {
            push_num(out, base + 8);
            out.extend_from_slice(b";5;");
            push_num(out, u16::from(i));
        }
        Color::Rgb(r, g, b) => {
            push_num(out, base + 8);
            out.extend_from_slice(b";2;");
            push_num(out, u16::from(r));
            out.push(b';');
            push_num(out, u16::from(g));
            out.push(b';');
            push_num(out, u16::from(b));
        }
    }
}

/// Room for a whole frame: a full repaint of 120×35 with colours is about 20 KiB; a larger one
/// is written in pieces of this size.
const FRAME_BUFFER: usize = 64 << 10;

/// Start the terminal (raw mode, alternate screen, ratatui's panic hook) with a fixed viewport
/// of the clamped size: ratatui never sizes its buffers from the terminal itself, so a huge
/// claimed size allocates nothing. Call [`resize`] on every resize event.
pub fn init() -> std::io::Result<Term> {
    let probe = ratatui::try_init()?;
    // Before ratatui's hook restores the terminal, nothing more may be drawn ahead.
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ahead::close();
        restore(info);
    }));
    let size = probe.size()?;
    drop(probe);
    let (w, h) = clamp_size(size.width, size.height);
    let inner = ratatui::Terminal::with_options(
        CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, std::io::stdout())),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )?;
    Ok(Term {
        inner,
        shown: None,
        next: Buffer::empty(Rect::ZERO),
        out: Vec::with_capacity(FRAME_BUFFER),
        cursor_hidden: false,
    })
}

/// Resize a terminal made by [`init`] to `(width, height)`, clamped.
pub fn resize(terminal: &mut Term, width: u16, height: u16) -> std::io::Result<()> {
    let (w, h) = clamp_size(width, height);
    let area = Rect::new(0, 0, w, h);
    if terminal.inner.get_frame().area() != area {
        // ratatui clears the screen.
        terminal.adopt();
        terminal.shown = None;
        terminal.inner.resize(area)?;
    }
    Ok(())
}

/// How to draw, from the environment, the chosen theme (`auto` should be resolved first with
/// [`resolve_theme`]; unresolved, it draws dark) and `--ascii`.
pub fn view_from_env(theme: Option<ThemeName>, ascii: bool) -> View {
    let ascii = ascii || ascii_from_env(|k| std::env::var(k).ok(), cfg!(windows));
    let no_color = crate::present::ui::theme::no_color();
    let name = theme.unwrap_or_default();
    let theme = if name == ThemeName::HighContrast && !no_color {
        Theme::high_contrast_with(truecolor())
    } else {
        Theme::named(name, no_color)
    };
    View {
        theme,
        glyphs: if ascii {
            &crate::present::ui::glyphs::ASCII
        } else {
            &crate::present::ui::glyphs::UNICODE
        },
    }
}

/// Whether the terminal lacks the glyphs (box lines, symbols, quadrant blocks), from its
/// environment (`get` reads a variable): `CONVENE_ASCII=1` forces ASCII and `CONVENE_ASCII=0`
/// forces Unicode; else the Linux console (`TERM=linux`) and, on Windows, the classic console
/// (conhost) draw ASCII. Windows Terminal says itself with `WT_SESSION`; VS Code's, WezTerm's
/// and mintty's terminals with `TERM_PROGRAM` or `TERM`; ConEmu with `ConEmuANSI`.
pub fn ascii_from_env(get: impl Fn(&str) -> Option<String>, windows: bool) -> bool {
    let set = |k: &str| get(k).is_some_and(|v| !v.is_empty());
    match get("CONVENE_ASCII").as_deref() {
        Some("0") => return false,
        Some(v) if !v.is_empty() => return true,
        _ => {}
    }
    if get("TERM").as_deref() == Some("linux") {
        return true;
    }
    windows
        && !["WT_SESSION", "TERM_PROGRAM", "TERM", "ConEmuANSI"]
            .into_iter()
            .any(set)
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
/// Windows has no such signals: its console sends control events instead, delivered here as
/// the signal a Unix terminal would send ([`signal_of_console_event`]), so the same path quits,
/// ends the journal and restores the console. In raw mode Ctrl-C arrives as a key (the keymap's
/// quit); before it, and Ctrl-Break always, come as events.
#[cfg(windows)]
pub fn forward_signals<M: Send + 'static>(
    tx: mpsc::Sender<M>,
    wrap: fn(i32) -> M,
) -> std::io::Result<()> {
    console_events::install(Box::new(move |sig| ahead::send(&tx, wrap(sig))))
}

#[cfg(not(any(unix, windows)))]
pub fn forward_signals<M: Send + 'static>(
    _tx: mpsc::Sender<M>,
    _wrap: fn(i32) -> M,
) -> std::io::Result<()> {
    Ok(())
}

/// The Windows console's control events (`wincon.h`), numbered here so that their meaning is
/// tested on every platform.
pub mod console_event {
    pub const CTRL_C: u32 = 0;
    pub const CTRL_BREAK: u32 = 1;
    /// The console window is being closed.
    pub const CTRL_CLOSE: u32 = 2;
    pub const CTRL_LOGOFF: u32 = 5;
    pub const CTRL_SHUTDOWN: u32 = 6;
}

/// What a Windows console control event means, as the Unix signal a terminal would send for
/// it (the run loop exits with 128 + that number): Ctrl-C is SIGINT (130), Ctrl-Break SIGQUIT
/// (131), closing the window SIGHUP (129, as a closed terminal on Unix), logging off or shutting
/// down SIGTERM (143). Any other event is not convene's (`None`: the next handler gets it).
pub fn signal_of_console_event(event: u32) -> Option<i32> {
    match event {
        console_event::CTRL_C => Some(2),
        console_event::CTRL_BREAK => Some(3),
        console_event::CTRL_CLOSE => Some(1),
        console_event::CTRL_LOGOFF | console_event::CTRL_SHUTDOWN => Some(15),
        _ => None,
    }
}

/// The exit status for a quit by signal `sig`: 128 + its number, as shells report it (129 for
/// a closed terminal or window, 130 for Ctrl-C, 143 for SIGTERM).
pub fn exit_status_of_signal(sig: i32) -> i32 {
    128 + sig
}

/// Whether Windows ends the process as soon as the handler of `event` returns (closing the
/// window, logging off, shutting down; after 5 s at most for a close), so the handler has to
/// wait for the loop to end the journal.
pub fn console_event_ends_process(event: u32) -> bool {
    matches!(
        event,
        console_event::CTRL_CLOSE | console_event::CTRL_LOGOFF | console_event::CTRL_SHUTDOWN
    )
}

/// The console control handler (Windows): `SetConsoleCtrlHandler` from windows-sys, already in
/// the tree. (The `ctrlc` crate's handler returns at once and does not say which event came, so
/// a closed window would end the process before the journal's end record is written.)
#[cfg(windows)]
pub mod console_events {
    use std::sync::Mutex;
    use std::time::Duration;

    /// Sends a signal number to the run loop; false once nobody listens.
    pub type Deliver = Box<dyn Fn(i32) -> bool + Send>;

    static DELIVER: Mutex<Option<Deliver>> = Mutex::new(None);

    /// How long the handler of a closing event waits: the run loop quits, ends the journal and
    /// returns from `main` meanwhile, which ends the process (Windows allows 5 s for a close).
    pub const CLOSE_GRACE: Duration = Duration::from_millis(4500);

    /// Send events to `deliver` from now on (replacing an earlier one) and install the handler.
    pub fn install(deliver: Deliver) -> std::io::Result<()> {
        set(deliver);
        // SAFETY: `handler` is a plain function with the signature Windows calls, valid for the
        // whole run of the process; adding a handler has no other precondition.
        let ok =
            unsafe { windows_sys::Win32::System::Console::SetConsoleCtrlHandler(Some(handler), 1) };
        if ok == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    /// Where [`handle`] delivers (without installing the handler: for tests).
    pub fn set(deliver: Deliver) {
        if let Ok(mut d) = DELIVER.lock() {
            *d = Some(deliver);
        }
    }

    unsafe extern "system" fn handler(event: u32) -> windows_sys::core::BOOL {
        windows_sys::core::BOOL::from(handle(event, CLOSE_GRACE))
    }

    /// Deliver `event` as its signal; true when it was delivered (handled). For an event that
    /// ends the process, wait up to `grace` first, so that the loop can finish.
    pub fn handle(event: u32, grace: Duration) -> bool {
        let Some(sig) = super::signal_of_console_event(event) else {
            return false;
        };
        let sent = DELIVER
            .lock()
            .ok()
            .and_then(|d| d.as_ref().map(|deliver| deliver(sig)))
            .unwrap_or(false);
        if sent && super::console_event_ends_process(event) {
            std::thread::sleep(grace);
        }
        sent
    }
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
            let _ = ahead::send(&tx, wrap(sig));
        }
    });
    Ok(())
}

/// Job control (Unix): deliver SIGTSTP (`suspend`) and SIGCONT (`resumed`) to `tx`. The loop
/// answers SIGTSTP with [`suspend`] and SIGCONT by redrawing everything.
#[cfg(unix)]
pub fn forward_job_control<M: Send + 'static>(
    tx: mpsc::Sender<M>,
    suspend: fn() -> M,
    resumed: fn() -> M,
) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTSTP,
        signal_hook::consts::SIGCONT,
    ])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            let msg = if sig == signal_hook::consts::SIGTSTP {
                suspend()
            } else {
                resumed()
            };
            if !ahead::send(&tx, msg) {
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
                // A frame drawn ahead for this key goes out first (see `ahead`).
                Ok(ev) => {
                    if !ahead::on_event(&tx, ev, wrap) {
                        return;
                    }
                }
                // A signal (SIGCONT after a suspend) interrupts the wait: not the end of input.
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    let _ = ahead::send(&tx, closed);
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
    terminal.adopt();
    execute!(std::io::stdout(), ct::Clear(ct::ClearType::All))?;
    terminal.shown = None;
    let area = terminal.inner.get_frame().area();
    terminal.inner.resize(area)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    /// A buffer with text in several styles, wide characters, box lines and blank rows.
    fn frame(seed: u16, area: Rect) -> Buffer {
        let mut buf = Buffer::empty(area);
        let styles = [
            Style::default(),
            Style::default().fg(Color::Red).bg(Color::Rgb(1, 2, 3)),
            Style::default()
                .fg(Color::Indexed(200))
                .add_modifier(Modifier::BOLD),
            Style::default()
                .bg(Color::LightBlue)
                .add_modifier(Modifier::REVERSED | Modifier::ITALIC),
        ];
        crate::present::ui::fill_style(&mut buf, area, Style::default().bg(Color::Black));
        for y in 0..area.height {
            if (y + seed).is_multiple_of(3) {
                continue;
            }
            let text = match (y + seed) % 4 {
                0 => format!("Slide {seed} line {y} ─── 中文 ok"),
                1 => "👩 wide then narrow".to_owned(),
                2 => format!("{}", seed * 7 + y),
                _ => "plain".to_owned(),
            };
            let x = (seed + y) % 5;
            buf.set_string(x, y, text, styles[usize::from((seed + y) % 4)]);
        }
        buf
    }

    /// What a terminal shows after the bytes: each cell's text and colours.
    fn screen(bytes: &[u8], area: Rect) -> Vec<(String, vt100::Color, vt100::Color, bool, bool)> {
        let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut p = vt100::Parser::new(nz(area.height), nz(area.width), 0);
        p.process(bytes);
        let s = p.screen();
        let mut out = Vec::new();
        for y in 0..area.height {
            for x in 0..area.width {
                if let Some(c) = s.cell(y, x) {
                    out.push((
                        c.contents().to_owned(),
                        c.fgcolor(),
                        c.bgcolor(),
                        c.bold(),
                        c.inverse(),
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn frames_written_row_by_row_show_what_a_full_repaint_shows() {
        let area = Rect::new(0, 0, 40, 9);
        let mut shown: Option<Buffer> = None;
        let mut stream = Vec::new();
        for seed in [0u16, 1, 1, 2, 5, 4, 4, 3] {
            let next = frame(seed, area);
            let mut out = Vec::new();
            encode_frame(shown.as_ref(), &next, &mut out);
            stream.extend_from_slice(&out);
            // The same frame from nothing (every row written).
            let mut fresh = Vec::new();
            encode_frame(None, &next, &mut fresh);
            assert_eq!(screen(&stream, area), screen(&fresh, area), "frame {seed}");
            assert!(out.starts_with(b"\x1b[?2026h") && out.ends_with(b"\x1b[?2026l"));
            shown = Some(next);
        }
        // A frame equal to the one shown writes no row.
        let next = frame(3, area);
        let mut out = Vec::new();
        assert_eq!(encode_frame(shown.as_ref(), &next, &mut out), 0);
        assert_eq!(out, b"\x1b[?2026h\x1b[0m\x1b[?2026l");
        // What a full repaint shows is the buffer: its text, cell by cell.
        let got = screen(&stream, area);
        for y in 0..area.height {
            let line: String = (0..area.width)
                .map(|x| got[usize::from(y * area.width + x)].0.clone())
                .collect::<String>();
            let want: String = (0..area.width)
                .map(|x| next[(x, y)].symbol().to_owned())
                .collect::<String>();
            assert_eq!(line.replace(' ', ""), want.replace(' ', ""), "row {y}");
        }
    }

    #[test]
    fn ascii_is_chosen_for_terminals_without_the_glyphs() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        // Windows: the classic console has none of the variables; Windows Terminal sets WT_SESSION.
        assert!(ascii_from_env(env(&[]), true));
        assert!(!ascii_from_env(env(&[("WT_SESSION", "0b6c…")]), true));
        assert!(!ascii_from_env(env(&[("TERM_PROGRAM", "vscode")]), true));
        assert!(!ascii_from_env(env(&[("TERM", "xterm-256color")]), true));
        assert!(ascii_from_env(env(&[("WT_SESSION", "")]), true));
        // Unix: Unicode, except the Linux console.
        assert!(!ascii_from_env(env(&[]), false));
        assert!(!ascii_from_env(env(&[("TERM", "xterm-256color")]), false));
        assert!(ascii_from_env(env(&[("TERM", "linux")]), false));
        // The override, both ways, everywhere.
        assert!(ascii_from_env(env(&[("CONVENE_ASCII", "1")]), false));
        assert!(!ascii_from_env(env(&[("CONVENE_ASCII", "0")]), true));
        assert!(!ascii_from_env(
            env(&[("CONVENE_ASCII", "0"), ("TERM", "linux")]),
            false
        ));
        assert!(!ascii_from_env(env(&[("CONVENE_ASCII", "")]), false));
    }

    #[test]
    fn console_events_quit_with_the_status_unix_gives_their_signal() {
        // (event, signal, exit status the run loop gives it: 128 + signal)
        let table = [
            (console_event::CTRL_C, 2, 130),
            (console_event::CTRL_BREAK, 3, 131),
            (console_event::CTRL_CLOSE, 1, 129),
            (console_event::CTRL_LOGOFF, 15, 143),
            (console_event::CTRL_SHUTDOWN, 15, 143),
        ];
        for (event, sig, status) in table {
            assert_eq!(signal_of_console_event(event), Some(sig), "event {event}");
            assert_eq!(exit_status_of_signal(sig), status, "event {event}");
        }
        // Events 3 and 4 are not sent to consoles; nothing else is convene's.
        for event in [3, 4, 7, 100] {
            assert_eq!(signal_of_console_event(event), None, "event {event}");
        }
        assert!(console_event_ends_process(console_event::CTRL_CLOSE));
        assert!(!console_event_ends_process(console_event::CTRL_C));
        assert!(!console_event_ends_process(console_event::CTRL_BREAK));
    }

    /// Runs under Wine: the handler Windows calls delivers the event as its signal into the
    /// loop's channel, and passes on an event when nobody listens.
    #[cfg(windows)]
    #[test]
    fn the_console_handler_delivers_events_into_the_loop_channel() {
        use std::time::Duration;
        let (tx, rx) = mpsc::channel::<i32>();
        console_events::set(Box::new(move |sig| tx.send(sig).is_ok()));
        assert!(console_events::handle(
            console_event::CTRL_BREAK,
            Duration::ZERO
        ));
        assert_eq!(rx.try_recv(), Ok(3));
        assert!(console_events::handle(
            console_event::CTRL_CLOSE,
            Duration::ZERO
        ));
        assert_eq!(rx.try_recv(), Ok(1));
        assert!(
            !console_events::handle(99, Duration::ZERO),
            "not convene's event"
        );
        drop(rx);
        assert!(
            !console_events::handle(console_event::CTRL_C, Duration::ZERO),
            "nobody listens: Windows' default (end the process)"
        );
    }
}
