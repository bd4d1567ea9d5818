//! The in-process screen harness the rendering tests share (`snapshots`, `ascii`,
//! `checklist_panel`): views, a session reached through `update` with an injected clock, and a
//! drawn screen as text. Drawing goes through `ui::render` into a `TestBackend` terminal,
//! exactly as the presenter draws. (The pty harness for the real binary is `tests/common`.)
#![allow(dead_code)] // each test file uses a part

use convene::deck::Deck;
use convene::present::app::{Action, App, Millis, update};
use convene::present::ui::glyphs;
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The fixed start of every session (ms since the epoch).
pub const T0: Millis = 1_000_000;
/// A fixed "now" for screens without a timer: 5 min 7 s into the session.
pub const NOW: Millis = T0 + 5 * 60_000 + 7_000;

/// Monochrome, Unicode symbols: what text snapshots show.
pub fn mono() -> View {
    View {
        theme: Theme::mono(),
        glyphs: &glyphs::UNICODE,
    }
}

/// Monochrome, ASCII only (`--ascii`, the classic Windows console).
pub fn ascii() -> View {
    View {
        theme: Theme::mono(),
        glyphs: &glyphs::ASCII,
    }
}

/// A session on `deck` at `slide` (first step), sized `width`×`height`, the clock at [`NOW`].
pub fn session(deck: Deck, slide: usize, (width, height): (u16, u16)) -> App {
    let mut app = App::new(deck, T0);
    update(&mut app, &Action::Resize { width, height }, T0);
    update(&mut app, &Action::GoTo { slide }, T0);
    update(&mut app, &Action::Clock, NOW);
    app
}

/// Draw the app as the presenter does, at the size it was last told about.
pub fn terminal(app: &App, view: &View) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| ui::render(app, view, f))
        .expect("draw into the test backend");
    terminal
}

/// A buffer as plain lines, one per row.
pub fn lines(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}
