//! Rendering: a function of the application state, drawn with ratatui widgets.
//!
//! ```text
//! ┌──────────────────────────────────────────────┬───────────────────┐
//! │ slide (slide.rs: pre-wrapped lines, centred  │ checklist panel   │ ← beside the slide at
//! │ at a readable width)                         │ (checklist.rs)    │   ≥ 100 columns, else a
//! │                                              │                   │   full-screen overlay
//! ├──────────────────────────────────────────────┴───────────────────┤
//! │ status: deck · section                  timer · n/N · elapsed · ?│ ← status.rs
//! └──────────────────────────────────────────────────────────────────┘
//! ```
//! Overlays (help, overview, search, support, content note, blank) are an enum in the state and
//! draw over the slide area (overlay.rs).

pub mod checklist;
pub mod overlay;
pub mod slide;
pub mod status;
pub mod strings;
pub mod theme;

use crate::app::{App, Overlay};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use theme::Theme;

/// Below this size no layout works: the screen asks to be enlarged.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

/// Options that are not state: how to draw.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub theme: Theme,
    /// Use Unicode symbols (☐/☑); else ASCII (`[ ]`/`[x]`).
    pub unicode: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            theme: Theme::default(),
            unicode: true,
        }
    }
}

/// Draw the whole screen.
pub fn render(app: &App, view: &View, frame: &mut Frame) {
    let area = frame.area();
    draw(app, view, area, frame.buffer_mut());
}

/// Draw into a buffer (the testable core of [`render`]).
pub fn draw(app: &App, view: &View, area: Rect, buf: &mut Buffer) {
    let strings = strings::for_lang(&app.deck.meta.language);
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.overlay == Overlay::Blank {
        // Nothing at all: a black screen.
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        overlay::too_small(area, buf, strings, &view.theme);
        return;
    }
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    let status_area = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    status::render(app, view, strings, status_area, buf);

    match &app.overlay {
        Overlay::None | Overlay::Blank | Overlay::Note { .. } => {}
        Overlay::Help { scroll } => return overlay::help(app, view, strings, *scroll, main, buf),
        Overlay::Support => return overlay::support(app, view, strings, main, buf),
        Overlay::ContentNote => return overlay::content_note(app, view, strings, main, buf),
        Overlay::Overview { cursor } => {
            return overlay::overview(app, view, strings, *cursor, main, buf);
        }
        Overlay::Search {
            query,
            results,
            cursor,
        } => return overlay::search(app, view, strings, query, results, *cursor, main, buf),
    }

    match app.panel_shown() {
        Some(true) => {
            let panel_w = (main.width / 3).max(34).min(main.width / 2);
            let slide_area = Rect {
                width: main.width - panel_w,
                ..main
            };
            let panel_area = Rect {
                x: main.x + main.width - panel_w,
                width: panel_w,
                ..main
            };
            draw_slide(app, view, strings, slide_area, buf);
            draw_panel(app, view, panel_area, buf);
        }
        Some(false) => draw_panel(app, view, main, buf),
        None => draw_slide(app, view, strings, main, buf),
    }
    if let Overlay::Note { text } = &app.overlay {
        overlay::note_input(view, strings, text, main, buf);
    }
}

fn draw_panel(app: &App, view: &View, area: Rect, buf: &mut Buffer) {
    let Some(cl) = &app.deck.checklist else {
        return;
    };
    let empty = crate::checklist::CaseState::default();
    let state = app.case().unwrap_or(&empty);
    let answer = if state.revealed {
        app.current().answer.as_ref()
    } else {
        None
    };
    let panel = checklist::ChecklistPanel {
        checklist: cl,
        state,
        framework: app.framework,
        cursor: (app.focus == crate::app::Focus::Panel).then_some(app.cursor),
        answer,
        lang: &app.deck.meta.language,
        theme: &view.theme,
        unicode: view.unicode,
    };
    panel.render(area, buf);
}

/// The slide's lines as laid out for an area (also used for overflow checks).
pub fn slide_lines(app: &App, view: &View, width: u16) -> Vec<Line<'static>> {
    let strings = strings::for_lang(&app.deck.meta.language);
    let s = app.current();
    let timers = |i: usize| app.timers.get(&(s.id.clone(), i)).copied();
    let cx = slide::SlideCtx {
        strings,
        theme: &view.theme,
        timers: &timers,
        now: app.now,
    };
    slide::lines(s, s.visible(app.step), slide::text_width(width), &cx)
}

fn draw_slide(app: &App, view: &View, strings: &strings::Strings, area: Rect, buf: &mut Buffer) {
    let tw = slide::text_width(area.width).min(area.width);
    let lines = slide_lines(app, view, area.width);
    let x = area.x + (area.width - tw) / 2;
    let top_pad: u16 = if area.height > 12 { 1 } else { 0 };
    let avail = area.height.saturating_sub(top_pad);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let centred = matches!(
        app.current().kind,
        crate::deck::SlideKind::Title | crate::deck::SlideKind::Section
    );
    if total <= avail {
        let y = if centred {
            area.y + (area.height - total) / 2
        } else {
            area.y + top_pad
        };
        Paragraph::new(lines).render(Rect::new(x, y, tw, total), buf);
        return;
    }
    // Too tall: keep the newest revealed content in view, and say there is more.
    let body_h = avail.saturating_sub(1);
    let rect = Rect::new(x, area.y + top_pad, tw, body_h);
    let marker_y;
    let text = if app.step > 0 {
        let skip = lines.len() - usize::from(body_h);
        marker_y = area.y + top_pad;
        let mut v: Vec<Line> = lines.into_iter().skip(skip).collect();
        if !v.is_empty() {
            v[0] = Line::styled(strings.more_above, view.theme.dim);
        }
        v
    } else {
        marker_y = area.y + top_pad + body_h;
        lines
    };
    Paragraph::new(text).render(rect, buf);
    if app.step == 0 {
        Line::styled(strings.more_below, view.theme.dim).render(Rect::new(x, marker_y, tw, 1), buf);
    }
}
