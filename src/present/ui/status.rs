//! The status line: deck title and section on the left; timer, position `n/N`, elapsed time and
//! the help key on the right. Pending digits and one-line messages replace the left side.

use super::View;
use super::slide::{prompt_label, timer_text};
use crate::present::app::{App, TimerPhase, clock};
use crate::words::strings::Strings;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// How many columns the right side (REC, timer, position, clock, help) takes in a status line
/// `width` wide: what a follower's badge on the left must leave free.
pub fn right_width(app: &App, view: &View, strings: &Strings, width: u16) -> u16 {
    u16::try_from(Line::from(right_spans(app, view, strings, width)).width()).unwrap_or(width)
}

pub fn render(app: &App, view: &View, strings: &Strings, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    super::fill_style(buf, area, th.status);
    let n = app.slide_count();
    let right = right_spans(app, view, strings, area.width);
    let right = Line::from(right);
    let rw = right.width() as u16;
    render_left(app, strings, th, area, rw, buf);
    if rw <= area.width {
        right.render(
            Rect {
                x: area.x + area.width - rw,
                width: rw,
                ..area
            },
            buf,
        );
    } else {
        // Very narrow: the position alone.
        Line::styled(format!("{}/{}", app.slide + 1, n), th.status).render(area, buf);
    }
}

fn right_spans<'a>(app: &App, view: &View, strings: &Strings, width: u16) -> Vec<Span<'a>> {
    let th = &view.theme;
    let area = Rect::new(0, 0, width, 1);
    let n = app.slide_count();
    let mut right: Vec<Span> = Vec::new();
    // While participation is open, the code late-comers type on their phones.
    if let Some(code) = super::room::status_code(app, strings) {
        right.push(Span::styled(
            code,
            th.status.add_modifier(ratatui::style::Modifier::BOLD),
        ));
        right.push(Span::styled("  ", th.status));
    }
    match app.recording {
        crate::present::app::Recording::Off => {}
        crate::present::app::Recording::On => {
            right.push(Span::styled(format!("● {}", strings.recording), th.status));
            right.push(Span::styled("  ", th.status));
        }
        crate::present::app::Recording::Failed => {
            right.push(Span::styled(
                format!(" ⚠ {} ", strings.not_recording),
                th.status_bad,
            ));
            right.push(Span::styled("  ", th.status));
        }
    }
    if let Some((kind, t)) = app.running_prompt_timer() {
        let text = timer_text(Some(t), None, strings, app.now).unwrap_or_default();
        let style = match t.phase(app.now) {
            TimerPhase::Low => th.status_warn,
            TimerPhase::Over => th.status_bad,
            TimerPhase::Running => th.status,
        };
        right.push(Span::styled(
            format!(" {}: {text} ", prompt_label(kind, strings)),
            style,
        ));
        right.push(Span::styled("  ", th.status));
    }
    // A slim progress bar on wide screens; the `n/N` beside it says the same in text.
    if area.width >= PROGRESS_MIN_WIDTH && n > 1 {
        right.push(Span::styled(progress_bar(app.slide, n), th.status));
        right.push(Span::styled(" ", th.status));
    }
    // The position padded to the width of the total, so nothing shifts from 9/43 to 10/43.
    let digits = n.to_string().len();
    right.push(Span::styled(
        format!("{:>digits$}/{}", app.slide + 1, n),
        th.status.add_modifier(ratatui::style::Modifier::BOLD),
    ));
    right.push(Span::styled(
        format!("  {}", clock(app.elapsed())),
        th.status,
    ));
    // Short of room, the help hint goes first; "● REC" and the position stay (the deck title
    // on the left gives way before them).
    let with_hint = Line::from(right.clone()).width() + strings.help_key_hint.width() + 3;
    if with_hint + 12 <= usize::from(area.width) {
        right.push(Span::styled(
            format!("  {} ", strings.help_key_hint),
            th.status,
        ));
    } else {
        right.push(Span::styled(" ", th.status));
    }
    right
}

fn render_left(
    app: &App,
    strings: &Strings,
    th: &super::theme::Theme,
    area: Rect,
    rw: u16,
    buf: &mut Buffer,
) {
    let left_text = if app.confirm_quit {
        format!(" {}", strings.quit_confirm)
    } else if !app.digits.is_empty() {
        format!(" {} {}_", strings.go_to, app.digits)
    } else if let Some(f) = app.flash {
        format!(" {}", strings.flash(f))
    } else if let Some(n) = &app.notice {
        format!(" {n}")
    } else if let Some(e) = &app.reload_error {
        format!(" ⚠ {e}")
    } else if let Some(key) = elements_key(app, area.width) {
        // A narrow projector: say that this case has a checklist, and how to open it.
        let place = app
            .current()
            .section
            .as_deref()
            .unwrap_or(&app.deck.meta.title);
        format!(" {} · {place}", strings.elements_hint(&key))
    } else {
        let mut s = format!(" {}", app.deck.meta.title);
        if let Some(sec) = &app.current().section {
            s.push_str(" · ");
            s.push_str(sec);
            // Short of room, the section (where we are) matters more than the deck's title.
            if s.width() + 1 > usize::from(area.width.saturating_sub(rw + 1)) {
                s = format!(" {sec}");
            }
        }
        s
    };
    let left_w = area.width.saturating_sub(rw + 1);
    let left = fit(&left_text, usize::from(left_w));
    let left_style = if app.confirm_quit {
        th.status_warn
    } else {
        th.status
    };
    Line::styled(left, left_style).render(
        Rect {
            width: left_w,
            ..area
        },
        buf,
    );
}

/// On a case slide whose checklist is not shown (narrower than the side panel needs), the key
/// that opens it (`c` unless remapped).
fn elements_key(app: &App, width: u16) -> Option<String> {
    use crate::present::app::keymap::{Command, Context, key_label};
    if width >= crate::present::app::PANEL_SIDE_MIN_WIDTH
        || app.deck.checklist.is_none()
        || !app.current().checklist
        || app.panel_shown().is_some()
    {
        return None;
    }
    app.keys
        .iter()
        .find(|b| b.context == Context::Slide && b.command == Command::Checklist)
        .and_then(|b| b.keys.first())
        .map(key_label)
}

/// From this width the status line shows a progress bar.
pub const PROGRESS_MIN_WIDTH: u16 = 100;
const PROGRESS_CELLS: usize = 10;

/// `▰▰▰▱▱▱▱▱▱▱` (`###-------` in ASCII): how far through the deck slide `i` of `n` is.
pub fn progress_bar(i: usize, n: usize) -> String {
    let done = if n <= 1 {
        PROGRESS_CELLS
    } else {
        ((i * PROGRESS_CELLS) + (n - 1) / 2) / (n - 1)
    }
    .min(PROGRESS_CELLS);
    let (on, off) = ('▰', '▱');
    std::iter::repeat_n(on, done)
        .chain(std::iter::repeat_n(off, PROGRESS_CELLS - done))
        .collect()
}

/// Cut text to `w` columns with an ellipsis.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if out.width() + cw + 1 > w {
            break;
        }
        out.push(ch);
    }
    if w > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::progress_bar;

    #[test]
    fn progress_runs_from_empty_to_full() {
        assert_eq!(progress_bar(0, 43), "▱▱▱▱▱▱▱▱▱▱");
        assert_eq!(progress_bar(21, 43), "▰▰▰▰▰▱▱▱▱▱");
        assert_eq!(progress_bar(42, 43), "▰▰▰▰▰▰▰▰▰▰");
        let ascii: String = progress_bar(5, 11)
            .chars()
            .map(|c| crate::present::ui::glyphs::fold(&c.to_string()).unwrap_or(c))
            .collect();
        assert_eq!(ascii, "#####-----");
    }
}
