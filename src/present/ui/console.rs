//! The presenter console (`convene present --presenter`): what the facilitator needs on the
//! laptop while the audience view (`convene follow`) is on the projector.
//!
//! ```text
//! ┌ AUDIENCE SEES: blank screen ─────────────────────────────────────┐ ← only when not the slide
//! │ Now 5/32 · compact slide          │ Speaker notes 5/32           │ ← side by side from 70
//! │ (or the checklist panel when it   │ wrapped notes of the current │   columns, else stacked
//! │  is shown, to tick items)         │ slide                        │   (notes first)
//! │ Next: 6/32 Title                                                 │
//! │ Pacing: slide 1:20/2:30 · section 5:00/8:00 · deck … · behind by │
//! │ Timer: 4:12 left                                                 │ ← when the slide has a prompt
//! │                                                                  │   ("◷ Break: 9:30 left" for a break)
//! │ Join: convene follow 192.168.1.5:7878 · 3 followers              │
//! │ ⚠ anyone on this network can connect                             │ ← non-loopback shares
//! │ Captured notes (5): latest few                                   │
//! ├──────────────────────────────────────────────────────────────────┤
//! │ status line (the same as the audience view: flash, digits, n/N)  │
//! └──────────────────────────────────────────────────────────────────┘
//! ```
//! When the height runs short, regions go in this order: captured notes, the share warning's
//! own line (it joins the share line), the share line, the next slide, the timer, the pacing;
//! the slide and notes area keeps what is left. Help, overview and search draw full screen as
//! in the audience view; the note input draws over the bottom.
//!
//! Pacing compares time spent with the deck's plan (`minutes` per slide): per slide, per
//! section (consecutive slides with the same `section`) and for the deck, and says "ahead by
//! m:ss" / "behind by m:ss" in words. Colour is a second signal only: a time budget turns to
//! the theme's `warn` style with 20% left and to `bad` with 5% left or over.

use super::View;
use super::checklist::ChecklistPanel;
use super::slide::{prompt_label, timer_text, wrap};
use super::status::fit;
use crate::deck::PromptKind;
use crate::present::app::pacing::{Pace, Pacing, pacing};
use crate::present::app::{App, Focus, Overlay, TimerPhase, clock};
use crate::words::strings::{self, Strings};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What the console shows besides the app state: the share and the pacing record.
#[derive(Debug, Clone, Default)]
pub struct ConsoleInfo {
    /// `convene follow …` lines for participants (empty when not sharing).
    pub join: Vec<String>,
    /// Followers connected now.
    pub followers: usize,
    /// Whether the share accepts only this machine.
    pub loopback: bool,
    /// The web view's addresses for participants' phones (`http://HOST:PORT/`).
    pub web: Vec<String>,
    /// The first web address as a QR code, in half-block lines (empty when not sharing).
    pub qr: Vec<String>,
    /// Why sharing is off, if it failed to start (e.g. the port is in use).
    pub share_error: Option<String>,
    /// Time spent per slide.
    pub pacing: Pacing,
}

/// From this width the slide and the notes sit side by side.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 70;

/// The style of a time budget: `warn` with 20% or less left, `bad` with 5% or less (or over).
fn budget_style(spent: u64, plan: u64, view: &View) -> Style {
    let th = &view.theme;
    if plan == 0 {
        return th.base;
    }
    let left = plan.saturating_sub(spent);
    if left * 20 <= plan {
        th.bad
    } else if left * 5 <= plan {
        th.warn
    } else {
        th.ok
    }
}

/// A block of lines with a priority: when the height runs short, the lowest goes first, after
/// shrinking to its compact form if it has one.
struct Block {
    lines: Vec<Line<'static>>,
    compact: Option<Vec<Line<'static>>>,
    priority: u8,
}

impl Block {
    fn lines_of(&self, compact: bool) -> &[Line<'static>] {
        match &self.compact {
            Some(c) if compact => c,
            _ => &self.lines,
        }
    }
}

/// Draw the presenter console.
pub fn render_console(app: &App, view: &View, info: &ConsoleInfo, area: Rect, buf: &mut Buffer) {
    draw_console(app, view, info, area, buf);
    view.glyphs.finish(area, buf);
}

fn draw_console(app: &App, view: &View, info: &ConsoleInfo, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let strings = strings::for_lang(&app.deck.meta.language);
    super::fill_style(buf, area, view.theme.base);
    // The presenter's own full-screen tools look as they do in the audience view.
    if matches!(
        app.overlay,
        Overlay::Help { .. } | Overlay::Overview { .. } | Overlay::Search { .. }
    ) || area.width < super::MIN_WIDTH
        || area.height < super::MIN_HEIGHT
    {
        // (A copy only to lift the blank screen: the state holds the deck and the room.)
        if app.overlay == Overlay::Blank {
            let mut shown = app.clone();
            shown.overlay = Overlay::None;
            super::draw(&shown, view, area, buf);
        } else {
            super::draw(app, view, area, buf);
        }
        return;
    }
    if app.deck.slides.is_empty() {
        return;
    }
    let w = strings::for_lang(&app.deck.meta.language);
    let width = usize::from(area.width);
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    super::status::render(
        app,
        view,
        strings,
        Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        },
        buf,
    );

    let mut top: Vec<Line<'static>> = Vec::new();
    if let Some(what) = match app.overlay {
        Overlay::Blank => Some(w.console.blank),
        Overlay::Countdown => Some(w.countdown_title()),
        Overlay::Support => Some(w.console.support),
        Overlay::Join => Some(w.join_title),
        Overlay::ContentNote => Some(w.console.content_note),
        _ => None,
    } {
        let text = fit(&format!(" {}: {what} ", w.console.audience_sees), width);
        top.push(Line::styled(
            text,
            view.theme.warn.add_modifier(Modifier::REVERSED),
        ));
    }

    let top_h = u16::try_from(top.len()).unwrap_or(0).min(main.height);
    let avail = main.height - top_h;
    let blocks = [
        Block {
            lines: next_lines(app, w, view, width),
            compact: None,
            priority: 40,
        },
        Block {
            lines: pacing_lines(app, info, w, view, width),
            compact: None,
            priority: 60,
        },
        Block {
            lines: timer_lines(app, strings, w, view, width),
            compact: None,
            priority: 50,
        },
        Block {
            lines: super::room::console_lines(app, w, view, width),
            compact: None,
            priority: 45,
        },
        Block {
            lines: super::room::queue_lines(
                app,
                w,
                view,
                width,
                (usize::from(avail) / 6).clamp(1, super::room::QUEUE_ROWS),
            ),
            compact: Some(super::room::queue_lines(app, w, view, width, 1)),
            priority: 35,
        },
        Block {
            lines: share_lines(info, w, view, width, true),
            // The share line alone, its warning folded into it.
            compact: Some(
                share_lines(info, w, view, width, false)
                    .into_iter()
                    .take(1)
                    .collect(),
            ),
            priority: 30,
        },
        Block {
            lines: captured_lines(app, w, view, width),
            compact: None,
            priority: 20,
        },
        Block {
            lines: qr_lines(info, view, width),
            compact: None,
            priority: 10,
        },
    ];
    // The slide and notes area wants at least this much before other regions may stay.
    let main_min: u16 = 8.min(avail);
    let mut keep: Vec<bool> = blocks.iter().map(|b| !b.lines.is_empty()).collect();
    let mut compact: Vec<bool> = vec![false; blocks.len()];
    let height_of = |keep: &[bool], compact: &[bool]| -> u16 {
        blocks
            .iter()
            .zip(keep.iter().zip(compact))
            .filter(|(_, (k, _))| **k)
            .map(|(b, (_, c))| u16::try_from(b.lines_of(*c).len()).unwrap_or(u16::MAX))
            .sum()
    };
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by_key(|&i| blocks[i].priority);
    // Lowest priority first; a block with a compact form (the share line folds its warning
    // into one line; the queue keeps the selected response) shrinks before it goes.
    for &i in &order {
        if height_of(&keep, &compact) + main_min <= avail {
            break;
        }
        if blocks[i].compact.is_some() && keep[i] && !compact[i] {
            compact[i] = true;
            if height_of(&keep, &compact) + main_min <= avail {
                break;
            }
        }
        keep[i] = false;
    }
    let bottom_h = height_of(&keep, &compact).min(avail);
    let main_h = avail - bottom_h;

    let mut y = main.y;
    if top_h > 0 {
        Paragraph::new(top).render(Rect::new(main.x, y, main.width, top_h), buf);
        y += top_h;
    }
    let centre = Rect::new(main.x, y, main.width, main_h);
    draw_centre(app, view, w, centre, buf);
    y += main_h;
    let mut bottom: Vec<Line<'static>> = Vec::new();
    for (b, (k, c)) in blocks.iter().zip(keep.iter().zip(&compact)) {
        if *k {
            bottom.extend(b.lines_of(*c).iter().cloned());
        }
    }
    if bottom_h > 0 {
        Paragraph::new(bottom).render(Rect::new(main.x, y, main.width, bottom_h), buf);
    }
    if let Overlay::Note { text } = &app.overlay {
        super::overlay::note_input(view, strings, text, main, buf);
    }
}

/// The slide (or checklist panel) and the speaker notes.
fn draw_centre(app: &App, view: &View, w: &Strings, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let n = app.deck.slides.len();
    let now_title = format!("{} {}/{}", w.console.now, app.slide + 1, n);
    let notes_title = w.console.notes.to_owned();
    if area.width >= THREE_COLUMNS_MIN_WIDTH && console_panel(app) {
        // A case slide at projector-console size: the case text and its Discuss box, the
        // checklist beside them, and the notes.
        let slide_w = area.width * 7 / 20;
        let panel_w = area.width * 7 / 20;
        let cols = [
            Rect {
                width: slide_w - 1,
                ..area
            },
            Rect {
                x: area.x + slide_w + 1,
                width: panel_w - 1,
                ..area
            },
            Rect {
                x: area.x + slide_w + panel_w + 2,
                width: area.width - slide_w - panel_w - 2,
                ..area
            },
        ];
        draw_current_as(app, view, &now_title, cols[0], buf, Part::Slide);
        draw_current_as(app, view, &now_title, cols[1], buf, Part::Panel);
        let sep_x = cols[2].x - 2;
        for yy in area.y..area.y + area.height {
            if let Some(cell) = buf.cell_mut((sep_x, yy)) {
                cell.set_symbol("│").set_style(view.theme.border);
            }
        }
        draw_notes(app, view, w, &notes_title, cols[2], buf);
        return;
    }
    if area.width >= SIDE_BY_SIDE_MIN_WIDTH {
        let left_w = area.width * 11 / 20;
        let left = Rect {
            width: left_w - 1,
            ..area
        };
        let sep = Rect {
            x: area.x + left_w,
            width: 1,
            ..area
        };
        let right = Rect {
            x: area.x + left_w + 2,
            width: area.width - left_w - 2,
            ..area
        };
        draw_current(app, view, &now_title, left, buf);
        for yy in sep.y..sep.y + sep.height {
            if let Some(cell) = buf.cell_mut((sep.x, yy)) {
                cell.set_symbol("│").set_style(view.theme.border);
            }
        }
        draw_notes(app, view, w, &notes_title, right, buf);
    } else {
        // Stacked: the notes first (the console's reason to exist), the slide below if room.
        let notes_h = if area.height >= 10 {
            area.height / 2
        } else {
            area.height
        };
        draw_notes(
            app,
            view,
            w,
            &notes_title,
            Rect {
                height: notes_h,
                ..area
            },
            buf,
        );
        if area.height > notes_h {
            draw_current(
                app,
                view,
                &now_title,
                Rect {
                    y: area.y + notes_h,
                    height: area.height - notes_h,
                    ..area
                },
                buf,
            );
        }
    }
}

fn heading(text: &str, view: &View, width: u16) -> Line<'static> {
    Line::styled(
        fit(text, usize::from(width)),
        view.theme.title.add_modifier(Modifier::UNDERLINED),
    )
}

/// The compact current slide, or the checklist panel while it is shown or has focus.
fn draw_current(app: &App, view: &View, title: &str, area: Rect, buf: &mut Buffer) {
    draw_current_as(app, view, title, area, buf, Part::Both);
}

/// What [`draw_current_as`] draws of a case slide with its checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The checklist under the slide (or alone, when it leaves too little room).
    Both,
    /// The slide alone (the checklist has a column of its own).
    Slide,
    /// The checklist alone.
    Panel,
}

/// Whether the console shows the checklist of the current slide.
fn console_panel(app: &App) -> bool {
    app.deck.checklist.is_some()
        && app.current().checklist
        && (app.panel_shown().is_some() || app.focus == Focus::Panel)
}

/// From this console width a case slide, its checklist and the notes get a column each.
const THREE_COLUMNS_MIN_WIDTH: u16 = 120;

fn draw_current_as(app: &App, view: &View, title: &str, area: Rect, buf: &mut Buffer, part: Part) {
    if area.height == 0 {
        return;
    }
    let panel = app
        .deck
        .checklist
        .as_ref()
        .filter(|_| part != Part::Slide && console_panel(app));
    let mut area = area;
    if let Some(cl) = panel {
        let empty = crate::deck::checklist::CaseState::default();
        let state = app.case().unwrap_or(&empty);
        let answer = state.revealed.then(|| app.current().answer()).flatten();
        let counts = super::room::panel_counts(app, true);
        let widget = ChecklistPanel {
            checklist: cl,
            state,
            framework: app.framework,
            cursor: (app.focus == Focus::Panel).then_some(app.cursor),
            answer,
            lang: &app.deck.meta.language,
            theme: &view.theme,
            glyphs: view.glyphs,
            room: counts.as_ref(),
        };
        // The panel at the bottom at its full height when it fits; the slide above it if at
        // least a few lines remain.
        let panel_h = widget.content_height(area.width).min(area.height);
        let slide_h = area.height - panel_h;
        if slide_h < 4 || part == Part::Panel {
            widget.render(area, buf);
            return;
        }
        widget.render(
            Rect {
                y: area.y + slide_h,
                height: panel_h,
                ..area
            },
            buf,
        );
        area.height = slide_h;
    }
    let mut lines = vec![heading(title, view, area.width)];
    // The slide laid out at exactly this width (no full-screen margins).
    let strings = strings::for_lang(&app.deck.meta.language);
    let s = app.current();
    let timers = |i: usize| app.timers.get(&(s.id.to_string(), i)).copied();
    let cx = super::slide::SlideCtx {
        strings,
        theme: &view.theme,
        timers: &timers,
        now: app.now,
    };
    let body = super::slide::lines(s, s.visible(app.step), area.width.max(1), &cx);
    let room = usize::from(area.height).saturating_sub(1);
    if body.len() > room && room >= 3 {
        // Too tall: the title, then the newest revealed content.
        let th = &view.theme;
        lines.push(body[0].clone());
        lines.push(Line::styled("…", th.dim));
        let tail = room - 2;
        lines.extend(body[body.len() - tail..].iter().cloned());
    } else {
        lines.extend(body);
    }
    Paragraph::new(lines).render(area, buf);
}

/// Re-flow hard-wrapped notes: a line joins the previous one unless it is blank, a list item,
/// or a new sentence that starts a new line in the source.
fn note_paragraphs(notes: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    for raw in notes.lines() {
        let line = raw.trim();
        if line.is_empty() {
            if joinable {
                out.push(String::new());
            }
            joinable = false;
            continue;
        }
        let list =
            line.starts_with(['-', '*', '•']) || line.starts_with(|c: char| c.is_ascii_digit());
        let new_sentence = out
            .last()
            .is_some_and(|p| p.ends_with(['.', '?', '!', ':']))
            && line.starts_with(|c: char| c.is_uppercase());
        match out.last_mut() {
            Some(p) if joinable && !list && !new_sentence => {
                p.push(' ');
                p.push_str(line);
            }
            _ => out.push(line.to_owned()),
        }
        joinable = true;
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn draw_notes(app: &App, view: &View, w: &Strings, title: &str, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let th = &view.theme;
    let mut lines = vec![heading(title, view, area.width)];
    let width = usize::from(area.width.max(1));
    match app
        .current()
        .notes
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        None => lines.push(Line::styled(w.console.no_notes, th.dim)),
        Some(notes) => {
            for p in note_paragraphs(notes) {
                if p.is_empty() {
                    lines.push(Line::default());
                    continue;
                }
                for l in wrap(&p, width, "", "  ") {
                    lines.push(Line::styled(l, th.base));
                }
            }
        }
    }
    let h = usize::from(area.height);
    // `>` / `<` scroll the notes (the heading stays); never past the last line.
    let body = lines.len().saturating_sub(1);
    let scroll = usize::from(app.notes_scroll).min(body.saturating_sub(1));
    if scroll > 0 {
        lines.drain(1..=scroll);
        lines[0] = heading(&format!("{title} ▲ <"), view, area.width);
    }
    if lines.len() > h && h >= 2 {
        lines.truncate(h - 1);
        lines.push(Line::styled(format!("{} >", w.console.more), th.dim));
    }
    Paragraph::new(lines).render(area, buf);
}

fn next_lines(app: &App, w: &Strings, view: &View, width: usize) -> Vec<Line<'static>> {
    let th = &view.theme;
    let slides = &app.deck.slides;
    let s = app.current();
    let steps = s.step_count();
    let after = match slides.get(app.slide + 1) {
        Some(n) => format!("{}/{} {}", app.slide + 2, slides.len(), n.title),
        None => w.console.end.to_owned(),
    };
    let text = if app.step + 1 < steps {
        format!(
            "{} {}/{} {} · {} {after}",
            w.console.step,
            app.step + 2,
            steps,
            w.console.on_this_slide,
            w.console.then
        )
    } else {
        after
    };
    let label = format!("{}: ", w.console.next);
    let rest = width.saturating_sub(label.chars().count());
    vec![Line::from(vec![
        Span::styled(label, th.accent),
        Span::styled(fit(&text, rest), th.base),
    ])]
}

/// `1:20/2:30` with a style by the budget left.
fn budget(spent: u64, plan: Option<u64>, view: &View) -> Span<'static> {
    match plan {
        Some(p) if p > 0 => Span::styled(
            format!("{}/{}", clock(spent), clock(p)),
            budget_style(spent, p, view),
        ),
        _ => Span::styled(clock(spent), view.theme.base),
    }
}

fn pacing_lines(
    app: &App,
    info: &ConsoleInfo,
    w: &Strings,
    view: &View,
    width: usize,
) -> Vec<Line<'static>> {
    let th = &view.theme;
    let f = pacing(app, &info.pacing);
    let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
    parts.push(vec![
        Span::styled(format!("{} ", w.console.slide), th.dim),
        budget(f.slide.0, f.slide.1, view),
    ]);
    if let Some((spent, plan)) = f.section {
        parts.push(vec![
            Span::styled(format!("{} ", w.console.section), th.dim),
            budget(spent, Some(plan), view),
        ]);
    }
    if f.deck.1 > 0 {
        parts.push(vec![
            Span::styled(format!("{} ", w.console.deck), th.dim),
            budget(f.deck.0, Some(f.deck.1), view),
        ]);
        let pace = f.pace();
        let style = match pace {
            Pace::Behind(by) => {
                let left = f.deck.1.saturating_sub(f.deck.0);
                // Red when the time left cannot absorb it, or 5% of the plan or less is left.
                if by >= left || left * 20 <= f.deck.1 {
                    th.bad
                } else {
                    th.warn
                }
            }
            Pace::Ahead(_) | Pace::OnTime => th.ok,
        };
        let text = pace.words(w);
        parts.push(vec![Span::styled(text, style.add_modifier(Modifier::BOLD))]);
    } else {
        parts.push(vec![Span::styled(
            format!(
                "{} {} ({})",
                w.console.elapsed,
                clock(f.deck.0),
                w.console.no_plan
            ),
            th.dim,
        )]);
    }
    if let Some(plan) = f.slide.1 {
        let over = f.slide.0.saturating_sub(plan);
        if over > 0 {
            parts[0].push(Span::styled(
                format!(" (+{} {})", clock(over), w.console.over),
                th.bad,
            ));
        }
    }
    let label = Span::styled(format!("{}: ", w.console.pacing), th.accent);
    flow_parts(label, parts, view, width)
}

/// `label` then `parts` on as few lines as fit, separated by " · ", each part kept whole;
/// continuation lines are indented under the first part.
pub(super) fn flow_parts(
    label: Span<'static>,
    parts: Vec<Vec<Span<'static>>>,
    view: &View,
    width: usize,
) -> Vec<Line<'static>> {
    let indent = label.width();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = vec![label];
    let mut cur_w = indent;
    for part in parts {
        let pw: usize = part.iter().map(Span::width).sum();
        let sep = if cur_w > indent { 3 } else { 0 };
        if cur_w + sep + pw > width && cur_w > indent {
            lines.push(Line::from(std::mem::take(&mut cur)));
            cur.push(Span::raw(" ".repeat(indent)));
            cur_w = indent;
        } else if sep > 0 {
            cur.push(Span::styled(" · ", view.theme.dim));
            cur_w += sep;
        }
        cur.extend(part);
        cur_w += pw;
    }
    lines.push(Line::from(cur));
    lines
}

fn timer_lines(
    app: &App,
    strings: &Strings,
    w: &Strings,
    view: &View,
    width: usize,
) -> Vec<Line<'static>> {
    let th = &view.theme;
    let Some(p) = app.current_prompt() else {
        return Vec::new();
    };
    let minutes = app.current().prompts().get(p).and_then(|p| p.minutes);
    let timer = app.current_timer();
    let Some(text) = timer_text(timer, minutes, strings, app.now) else {
        return Vec::new();
    };
    let style = match timer.map(|t| t.phase(app.now)) {
        Some(TimerPhase::Low) => th.warn,
        Some(TimerPhase::Over) => th.bad,
        Some(TimerPhase::Running) => th.ok,
        None => th.dim,
    };
    // A break says so (word and symbol) where a discussion says "Timer".
    let label = match app.current().prompts().get(p).map(|p| p.kind) {
        Some(kind @ PromptKind::Break) => format!("{}: ", prompt_label(kind, w)),
        _ => format!("{}: ", w.console.timer),
    };
    let rest = width.saturating_sub(label.chars().count());
    vec![Line::from(vec![
        Span::styled(label, th.accent),
        Span::styled(fit(&text, rest), style),
    ])]
}

fn share_lines(
    info: &ConsoleInfo,
    w: &Strings,
    view: &View,
    width: usize,
    full: bool,
) -> Vec<Line<'static>> {
    let th = &view.theme;
    if let Some(e) = &info.share_error {
        return vec![Line::styled(
            fit(&format!("{}: {e}", w.console.not_sharing), width),
            th.warn,
        )];
    }
    let Some(first) = info.join.first() else {
        return Vec::new();
    };
    let count = w.count(info.followers as u64, &w.console.followers);
    let others = info.join.len() - 1;
    let mut cmd = first.clone();
    if others > 0 {
        cmd.push_str(&format!(" (+{others})"));
    }
    let label = format!("{}: ", w.console.join);
    let mut spans = vec![
        Span::styled(label.clone(), th.accent),
        Span::styled(cmd.clone(), th.title),
        Span::styled(format!(" · {count}"), th.base),
    ];
    let scope = if info.loopback {
        Span::styled(format!(" · {}", w.console.this_machine), th.dim)
    } else {
        Span::styled(format!(" · {}", w.console.open_network), th.warn)
    };
    let used = label.chars().count() + cmd.chars().count() + count.chars().count() + 3;
    let mut lines = Vec::new();
    if let Some(url) = info.web.first() {
        lines.push(clip(
            Line::from(vec![
                Span::styled(format!("{}: ", w.console.phones), th.accent),
                Span::styled(url.clone(), th.title),
            ]),
            width,
        ));
    }
    if full && !info.loopback {
        lines.push(clip(Line::from(spans), width));
        lines.push(clip(
            Line::styled(w.console.open_network.to_owned(), th.warn),
            width,
        ));
    } else {
        if used + scope.width() <= width || !info.loopback {
            spans.push(scope);
        }
        lines.push(clip(Line::from(spans), width));
    }
    lines
}

/// The join QR code (dropped first when the height runs short, or when too narrow).
fn qr_lines(info: &ConsoleInfo, view: &View, width: usize) -> Vec<Line<'static>> {
    if !view.glyphs.qr || info.qr.iter().any(|l| l.chars().count() > width) {
        return Vec::new();
    }
    info.qr
        .iter()
        .map(|l| Line::styled(l.clone(), view.theme.base))
        .collect()
}

/// Cut a line's spans to `width` columns (the command must stay whole when it fits).
pub(super) fn clip(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for s in line.spans {
        let sw = s.width();
        if used + sw <= width {
            used += sw;
            out.push(s);
        } else {
            out.push(Span::styled(fit(&s.content, width - used), s.style));
            break;
        }
    }
    Line::from(out)
}

fn captured_lines(app: &App, w: &Strings, view: &View, width: usize) -> Vec<Line<'static>> {
    let th = &view.theme;
    if app.notes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        fit(
            &format!("{} ({})", w.console.captured, app.notes.len()),
            width,
        ),
        th.accent,
    )];
    for n in app.notes.iter().rev().take(3).rev() {
        let at = app
            .deck
            .position(&n.slide_id)
            .map_or_else(|| "?".to_owned(), |i| (i + 1).to_string());
        lines.push(Line::styled(
            fit(&format!("  {at} · {}", n.text), width),
            th.base,
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::app::{Action, Millis, update};
    use crate::present::ui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    const DECK: &str = r#"
format = 1
[deck]
title = "Console deck"
minutes = 20

[checklist]
title = "Elements"
[[checklist.groups]]
id = "act"
label = "ACT"
items = [{ id = "recruitment", label = "Recruitment" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "exploitation", label = "Exploitation" }]
[[checklist.frameworks]]
id = "protocol"
label = "Protocol"
rules = [{ all = ["act", "purpose"], say = "Both elements: indicated." }, { say = "Not all elements yet." }]

[[slides]]
id = "welcome"
section = "Welcome"
kind = "title"
title = "Welcome"
minutes = 2
notes = """
Say: welcome everyone and introduce yourself. This is a short
workshop about the elements checklist.
Housekeeping: washrooms, breaks.
"""

[[slides]]
id = "talk"
section = "Welcome"
title = "What comes to mind?"
bullets = ["First thought", "Second thought", "Third thought"]
reveal = true
minutes = 6
notes = """
Ask the question, then wait. Take three answers.
Write key words down with the note key.
"""
[[slides.prompts]]
text = "When people hear the word, what images come to mind?"
minutes = 4
follow_ups = ["Where do those images come from?"]

[[slides]]
id = "case"
section = "Practice"
kind = "case"
title = "Case: Rosa"
body = "Rosa was offered a job abroad."
answer = ["act.recruitment", "purpose.exploitation"]
minutes = 8
notes = "The key: recruitment and exploitation."

[[slides]]
id = "close"
section = "Practice"
title = "Thank you"
minutes = 4
"#;

    fn deck() -> crate::deck::Deck {
        match crate::deck::load_str(DECK) {
            Ok(l) => l.deck,
            Err(e) => panic!("{}", e.render("console", false)),
        }
    }

    const T0: Millis = 1_700_000_000_000;

    /// A session 9 minutes in, on the discussion slide with its timer running.
    fn session() -> (App, ConsoleInfo) {
        let mut app = App::new(deck(), T0);
        let mut info = ConsoleInfo {
            join: vec!["convene follow 192.168.1.23:7878".into()],
            followers: 3,
            loopback: false,
            web: Vec::new(),
            qr: Vec::new(),
            share_error: None,
            pacing: Pacing::default(),
        };
        let mut step = |app: &mut App, a: Action, t: Millis| {
            update(app, &a, T0 + t);
            info.pacing.observe(app);
        };
        step(
            &mut app,
            Action::Resize {
                width: 80,
                height: 24,
            },
            0,
        );
        step(&mut app, Action::Next, 180_000);
        step(&mut app, Action::Next, 240_000);
        step(&mut app, Action::Next, 300_000);
        step(&mut app, Action::ToggleTimer, 420_000);
        step(&mut app, Action::StartNote, 450_000);
        step(
            &mut app,
            Action::NoteInput {
                text: "films and news".into(),
            },
            450_000,
        );
        step(&mut app, Action::SaveNote, 460_000);
        step(&mut app, Action::Clock, 540_000);
        (app, info)
    }

    fn text(buf: &Buffer) -> String {
        let w = usize::from(buf.area.width);
        buf.content
            .chunks(w.max(1))
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn draw(app: &App, info: &ConsoleInfo, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
        let view = View {
            theme: Theme::dark(),
            glyphs: &crate::present::ui::glyphs::UNICODE,
        };
        terminal
            .draw(|f| render_console(app, &view, info, f.area(), f.buffer_mut()))
            .unwrap_or_else(|e| panic!("{e}"));
        terminal
    }

    fn snapshot(name: &str, app: &App, info: &ConsoleInfo, w: u16, h: u16) {
        let terminal = draw(app, info, w, h);
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("console__{name}_{w}x{h}"), terminal.backend());
        });
    }

    #[test]
    fn pacing_figures() {
        let (app, info) = session();
        let f = pacing(&app, &info.pacing);
        // 2 min planned for the first slide, 3 spent there: 6 min into slide two.
        assert_eq!(f.slide, (360_000, Some(360_000)));
        assert_eq!(f.section, Some((540_000, 480_000)));
        assert_eq!(f.deck, (540_000, 1_200_000));
        // Plan position: 2 + min(6, 6) = 8 min; elapsed 9: one minute behind.
        assert_eq!(f.delta, 60_000);
        let mut p = Pacing::default();
        let mut a = App::new(deck(), 0);
        p.observe(&a);
        update(&mut a, &Action::Last, 10_000);
        p.observe(&a);
        assert_eq!(p.spent(0, 10_000), 10_000);
        assert_eq!(p.spent(3, 15_000), 5_000);
        // Skipping ahead puts the session ahead of the plan.
        let f = pacing(&a, &p);
        assert!(f.delta < 0, "{f:?}");
    }

    #[test]
    fn budget_colours_turn_at_20_and_5_percent() {
        let view = View::default();
        let th = view.theme;
        assert_eq!(budget_style(0, 100_000, &view), th.ok);
        assert_eq!(budget_style(79_000, 100_000, &view), th.ok);
        assert_eq!(budget_style(80_000, 100_000, &view), th.warn);
        assert_eq!(budget_style(94_000, 100_000, &view), th.warn);
        assert_eq!(budget_style(95_000, 100_000, &view), th.bad);
        assert_eq!(budget_style(200_000, 100_000, &view), th.bad);
    }

    #[test]
    fn shows_what_the_facilitator_needs_at_80x24() {
        let (app, info) = session();
        let t = text(draw(&app, &info, 80, 24).backend().buffer());
        for needle in [
            "Speaker notes",
            "Ask the question, then wait.",
            "Next: step 5/5 on this slide · then 3/4 Case: Rosa",
            "behind by 1:00",
            "Timer: ",
            "convene follow 192.168.1.23:7878",
            "3 followers",
            "anyone on this network can connect",
            "films and news",
        ] {
            assert!(t.contains(needle), "missing {needle:?} in\n{t}");
        }
    }

    #[test]
    fn phones_address_and_qr_code() {
        let (app, mut info) = session();
        info.web = vec!["http://192.168.1.23:7878/".into()];
        info.qr = vec!["█▀▀▀▀▀█ ▄ █▀▀▀▀▀█".into(); 14];
        let t = text(draw(&app, &info, 80, 24).backend().buffer());
        assert!(t.contains("Phones: http://192.168.1.23:7878/"), "{t}");
        let t = text(draw(&app, &info, 120, 50).backend().buffer());
        assert!(
            t.contains("█▀▀▀▀▀█ ▄ █▀▀▀▀▀█"),
            "a tall console shows the QR code\n{t}"
        );
    }

    #[test]
    fn snapshots() {
        let (app, info) = session();
        snapshot("discussion", &app, &info, 80, 24);
        snapshot("discussion", &app, &info, 120, 35);

        // The case slide with the panel, on this machine only, the audience blanked.
        let (mut app, mut info) = session();
        update(&mut app, &Action::Last, T0 + 600_000);
        update(&mut app, &Action::Prev, T0 + 600_000);
        update(&mut app, &Action::Tick { row: 0 }, T0 + 660_000);
        update(
            &mut app,
            &Action::Open {
                overlay: crate::present::app::OverlayKind::Blank,
            },
            T0 + 700_000,
        );
        info.pacing.observe(&app);
        info.join = vec!["convene follow 127.0.0.1:7878".into()];
        info.loopback = true;
        info.followers = 1;
        snapshot("case_blank", &app, &info, 80, 24);
        update(
            &mut app,
            &Action::Resize {
                width: 120,
                height: 35,
            },
            T0 + 700_000,
        );
        // The checklist panel shows (with the slide above it) at this width; its own look is
        // snapshotted by ui::checklist, so this snapshot leaves it out.
        let t = text(draw(&app, &info, 120, 35).backend().buffer());
        assert!(
            t.contains("☑ Recruitment") && t.contains("Rosa was offered"),
            "{t}"
        );
        app.panel = crate::present::app::PanelVis::Hidden;
        snapshot("case_blank", &app, &info, 120, 35);
    }

    #[test]
    fn regions_drop_in_order_when_short() {
        let (app, info) = session();
        let at = |h: u16| text(draw(&app, &info, 80, h).backend().buffer());
        let t = at(15);
        assert!(
            !t.contains("films and news"),
            "captured notes go first\n{t}"
        );
        assert!(t.contains("⚠ anyone on this network can connect"), "{t}");
        let t = at(13);
        assert!(
            t.contains("convene follow 192.168.1.23:7878 · 3 followers · ⚠ anyone"),
            "the share warning joins the share line\n{t}"
        );
        let t = at(12);
        assert!(!t.contains("convene follow"), "{t}");
        assert!(t.contains("Next: "), "{t}");
        let t = at(11);
        assert!(!t.contains("Next: "), "{t}");
        assert!(t.contains("Timer: "), "{t}");
        let t = at(10);
        assert!(!t.contains("Timer: "), "{t}");
        assert!(t.contains("behind by"), "pacing stays longest\n{t}");
        assert!(t.contains("Speaker notes"), "{t}");
    }

    #[test]
    fn french() {
        let (mut app, info) = session();
        std::sync::Arc::make_mut(&mut app.deck).meta.language = "fr".into();
        let t = text(draw(&app, &info, 80, 24).backend().buffer());
        assert!(t.contains("Notes de l'animateur"), "{t}");
        assert!(t.contains("en retard de 1:00"), "{t}");
    }

    #[test]
    fn never_panics_at_any_size() {
        let (app, info) = session();
        let mut others = Vec::new();
        for overlay in [
            crate::present::app::OverlayKind::Help,
            crate::present::app::OverlayKind::Blank,
        ] {
            let mut a = app.clone();
            update(&mut a, &Action::Open { overlay }, T0);
            others.push(a);
        }
        let mut case = app.clone();
        update(&mut case, &Action::Last, T0);
        update(&mut case, &Action::Prev, T0);
        update(&mut case, &Action::Focus, T0);
        others.push(case);
        let empty_info = ConsoleInfo {
            share_error: Some("port 7878 is in use".into()),
            ..ConsoleInfo::default()
        };
        let view = View::default();
        for w in 0..=160 {
            for h in 0..=50 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                render_console(&app, &view, &info, buf.area, &mut buf);
                // The other states at a sample of sizes (every size would be slow in debug).
                if (w * 51 + h) % 5 == 0 {
                    let a = &others[usize::from(w + h) % others.len()];
                    render_console(a, &view, &empty_info, buf.area, &mut buf);
                }
            }
        }
    }

    #[test]
    fn notes_reflow() {
        let p = note_paragraphs("Say: hello there and\nwelcome.\nAsk: why?\n\n- one\n- two\nend");
        assert_eq!(
            p,
            vec![
                "Say: hello there and welcome.",
                "Ask: why?",
                "",
                "- one",
                "- two end"
            ]
        );
    }
}
