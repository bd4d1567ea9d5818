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
//! draw over the slide area (overlay.rs). What the room's phones sent shows only when the
//! facilitator chooses: boxes at the bottom of the slide area (room.rs).

pub mod ahead;
pub mod checklist;
pub mod console;
pub mod glyphs;
pub mod overlay;
pub mod qr;
pub mod room;
pub mod slide;
pub mod status;
pub mod theme;

use crate::present::app::{App, Overlay};
use crate::words::strings;
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
    /// The symbols the terminal can draw ([`glyphs::UNICODE`] or [`glyphs::ASCII`]).
    pub glyphs: &'static glyphs::Glyphs,
}

impl Default for View {
    fn default() -> Self {
        View {
            theme: Theme::default(),
            glyphs: &glyphs::UNICODE,
        }
    }
}

/// Draw the whole screen.
pub fn render(app: &App, view: &View, frame: &mut Frame) {
    let area = frame.area();
    draw(app, view, area, frame.buffer_mut());
}

/// `Buffer::set_style` by rows of the buffer's cells: the same result, without an index
/// computed (and bounds-checked) for each of the screen's cells — it runs over the whole screen
/// on every frame.
pub fn fill_style(buf: &mut Buffer, area: Rect, style: ratatui::style::Style) {
    let area = buf.area.intersection(area);
    let width = usize::from(buf.area.width);
    for y in area.top()..area.bottom() {
        let start = usize::from(y - buf.area.y) * width + usize::from(area.x - buf.area.x);
        let end = start + usize::from(area.width);
        if let Some(row) = buf.content.get_mut(start..end) {
            for cell in row {
                cell.set_style(style);
            }
        }
    }
}

/// Draw into a buffer (the testable core of [`render`]).
pub fn draw(app: &App, view: &View, area: Rect, buf: &mut Buffer) {
    draw_screen(app, view, area, buf);
    view.glyphs.finish(area, buf);
}

fn draw_screen(app: &App, view: &View, area: Rect, buf: &mut Buffer) {
    let strings = strings::for_lang(&app.deck.meta.language);
    if area.width == 0 || area.height == 0 {
        return;
    }
    fill_style(buf, area, view.theme.base);
    if app.overlay == Overlay::Blank {
        // Nothing at all: a black screen.
        return;
    }
    if app.overlay == Overlay::Countdown {
        // The whole screen for the back row.
        return overlay::countdown(app, view, strings, area, buf);
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        if app.confirm_quit {
            // No status line to ask in: ask on the whole screen.
            let lines: Vec<Line> =
                slide::wrap(strings.quit_confirm, usize::from(area.width), "", "")
                    .into_iter()
                    .map(|l| Line::styled(l, view.theme.warn).centered())
                    .collect();
            Paragraph::new(lines).render(area, buf);
        } else {
            overlay::too_small(area, buf, strings, &view.theme);
        }
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
        Overlay::None | Overlay::Blank | Overlay::Countdown | Overlay::Note { .. } => {}
        Overlay::Help { scroll } => return overlay::help(app, view, strings, *scroll, main, buf),
        Overlay::Support => return overlay::support(app, view, strings, main, buf),
        Overlay::Join => return overlay::join(app, view, strings, main, buf),
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

    // The room's counts on this case, when the facilitator shows them (counted once a frame).
    let tally = room::panel_counts(app, false);
    let tally = tally.as_ref();
    match app.panel_shown() {
        Some(true) => {
            let panel_w = side_panel_width(main.width);
            let slide_area = Rect {
                width: main.width - panel_w,
                ..main
            };
            let panel_area = Rect {
                x: main.x + main.width - panel_w,
                width: panel_w,
                ..main
            };
            // The room's box names the ticked rows when the panel has no room for every row.
            let every_row = draw_panel(app, view, tally, panel_area, buf);
            let slide_area = room::audience(app, view, strings, slide_area, tally, !every_row, buf);
            draw_slide(app, view, strings, slide_area, buf);
        }
        Some(false) => {
            let panel_area = room::audience(app, view, strings, main, tally, false, buf);
            draw_panel(app, view, tally, panel_area, buf);
        }
        None => {
            let slide_area = room::audience(app, view, strings, main, tally, true, buf);
            draw_slide(app, view, strings, slide_area, buf);
        }
    }
    if let Overlay::Note { text } = &app.overlay {
        overlay::note_input(view, strings, text, main, buf);
    }
}

/// The checklist panel; `tally`: the room's counts beside its rows (while shown to the room).
/// Returns whether the area holds every row (no group collapsed, no scrolling).
fn draw_panel(
    app: &App,
    view: &View,
    tally: Option<&room::Tally>,
    area: Rect,
    buf: &mut Buffer,
) -> bool {
    let Some(cl) = &app.deck.checklist else {
        return false;
    };
    let empty = crate::deck::checklist::CaseState::default();
    let state = app.case().unwrap_or(&empty);
    let answer = if state.revealed {
        app.current().answer()
    } else {
        None
    };
    let panel = checklist::ChecklistPanel {
        checklist: cl,
        state,
        framework: app.framework,
        cursor: (app.focus == crate::present::app::Focus::Panel).then_some(app.cursor),
        answer,
        lang: &app.deck.meta.language,
        theme: &view.theme,
        glyphs: view.glyphs,
        room: tally,
    };
    panel.render(area, buf);
    area.height >= panel.compact_height(area.width)
}

/// The width of the checklist panel beside the slide in a slide area `width` wide: three
/// eighths (45 columns at 120, room for the Criminal Code's verdicts without scrolling), at
/// least 34, at most 66, never more than half.
pub fn side_panel_width(width: u16) -> u16 {
    (width / 8 * 3 + width % 8 * 3 / 8)
        .clamp(34, 66)
        .min(width / 2)
}

/// The rows left above the slide text in a slide area `height` tall.
fn top_padding(height: u16) -> u16 {
    if height > 12 { 1 } else { 0 }
}

/// How many rows a slide has for its text on a terminal of `width`×`height`, and the width it
/// is laid out at, with the checklist beside it or not: the same arithmetic as [`draw`], for
/// `convene check --size`.
pub fn slide_room(width: u16, height: u16, panel_beside: bool) -> (u16, u16) {
    let main_h = height.saturating_sub(1);
    let area_w = if panel_beside && width >= crate::present::app::PANEL_SIDE_MIN_WIDTH {
        width - side_panel_width(width)
    } else {
        width
    };
    (area_w, main_h.saturating_sub(top_padding(main_h)))
}

/// The slide's lines as laid out for an area (also used for overflow checks).
pub fn slide_lines(app: &App, view: &View, width: u16) -> Vec<Line<'static>> {
    slide_lines_at(app, view, width, app.step)
}

/// [`slide_lines`] at reveal step `step` of the current slide.
fn slide_lines_at(app: &App, view: &View, width: u16, step: usize) -> Vec<Line<'static>> {
    let strings = strings::for_lang(&app.deck.meta.language);
    let s = app.current();
    let timers = |i: usize| app.timers.get(&(s.id.to_string(), i)).copied();
    let cx = slide::SlideCtx {
        strings,
        theme: &view.theme,
        timers: &timers,
        now: app.now,
    };
    slide::lines(s, s.visible(step), slide::text_width(width), &cx)
}

/// Title and section slides get big letters when the title fits in at most this many lines.
const BIG_TITLE_MAX_LINES: usize = 3;

/// The title in big letters (tui-big-text, quadrant pixels: 4×4 cells a character), if the
/// font has every character and it fits; `None` falls back to bold text.
fn big_title(title: &str, width: u16, height: u16, view: &View) -> Option<Vec<String>> {
    use font8x8::UnicodeFonts;
    if !view.glyphs.big_titles || width < 60 || height < 16 || title.is_empty() {
        return None;
    }
    let covered = title.chars().all(|c| {
        c == ' ' || font8x8::BASIC_FONTS.get(c).is_some() || font8x8::LATIN_FONTS.get(c).is_some()
    });
    if !covered {
        return None;
    }
    let per_line = usize::from(width / 4);
    let lines = slide::wrap(title, per_line, "", "");
    let fits = lines.len() <= BIG_TITLE_MAX_LINES
        && lines
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= per_line)
        && lines.len() * 4 + 4 <= usize::from(height);
    fits.then_some(lines)
}

fn draw_slide(app: &App, view: &View, strings: &strings::Strings, area: Rect, buf: &mut Buffer) {
    let tw = slide::text_width(area.width).min(area.width);
    let x = area.x + (area.width - tw) / 2;
    let top_pad = top_padding(area.height);
    let avail = area.height.saturating_sub(top_pad);
    let current = app.current();
    let centred = matches!(
        current.kind,
        crate::deck::SlideKind::Title | crate::deck::SlideKind::Section
    );
    if centred
        && let Some(big) = big_title(&current.title, area.width.saturating_sub(4), avail, view)
    {
        let mut rest_app_slide = current.clone();
        rest_app_slide.title.clear();
        let timers = |i: usize| app.timers.get(&(current.id.to_string(), i)).copied();
        let cx = slide::SlideCtx {
            strings,
            theme: &view.theme,
            timers: &timers,
            now: app.now,
        };
        let rest = slide::lines(&rest_app_slide, current.visible(app.step), tw, &cx);
        let big_h = (big.len() * 4) as u16;
        let rest_h = rest.len() as u16;
        let total = big_h + 1 + rest_h;
        if total <= avail {
            let y = area.y + (area.height - total) / 2;
            let big_text = tui_big_text::BigText::builder()
                .pixel_size(tui_big_text::PixelSize::Quadrant)
                .style(view.theme.title)
                .lines(big.into_iter().map(Line::from).collect::<Vec<_>>())
                .centered()
                .build();
            big_text.render(Rect::new(area.x, y, area.width, big_h), buf);
            Paragraph::new(rest).render(Rect::new(x, y + big_h + 1, tw, rest_h), buf);
            return;
        }
    }
    let lines = slide_lines(app, view, area.width);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    // No jump on reveal: place the slide as it will be fully revealed, so revealed steps add
    // below and nothing above them moves.
    let last_step = current.step_count().saturating_sub(1);
    let placed = if app.step < last_step {
        // (Not a clone of the app at that step: that copied the whole deck on every frame.)
        u16::try_from(slide_lines_at(app, view, area.width, last_step).len()).unwrap_or(u16::MAX)
    } else {
        total
    };
    let total_for_place = if placed <= avail {
        placed.max(total)
    } else {
        total
    };
    if total <= avail {
        let total = total_for_place;
        let y = if centred {
            area.y + (area.height - total) / 2
        } else {
            // Short slides sit a little above the middle (the optical centre), long ones at the top.
            area.y + top_pad + (avail - total) / 3
        };
        Paragraph::new(lines).render(Rect::new(x, y, tw, total), buf);
        return;
    }
    // Too tall, after a reveal: the title stays, then "▲ more above" on a row of its own, then
    // the newest revealed content, from the start of a paragraph (never mid-sentence).
    let title_n = lines
        .iter()
        .position(|l| l.width() == 0)
        .unwrap_or(0)
        .min(3);
    let tail_room = usize::from(avail).saturating_sub(title_n + 1);
    if app.step > 0 && title_n > 0 && tail_room >= 3 {
        let need = lines.len().saturating_sub(tail_room).max(title_n + 1);
        let text =
            |i: usize| -> String { lines[i].spans.iter().map(|s| s.content.as_ref()).collect() };
        let starts = |i: usize| {
            let t = text(i);
            let t = t.trim_start();
            !t.is_empty() && (lines[i - 1].width() == 0 || t.starts_with(['•', '▸', '-', '*', '◦']))
        };
        let skip = (need..lines.len()).find(|&i| starts(i)).unwrap_or(need);
        let mut v: Vec<Line> = lines[..title_n].to_vec();
        v.push(Line::styled(strings.more_above, view.theme.dim));
        v.extend(lines.into_iter().skip(skip).take(tail_room));
        let h = u16::try_from(v.len()).unwrap_or(avail).min(avail);
        Paragraph::new(v).render(Rect::new(x, area.y + top_pad, tw, h), buf);
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
