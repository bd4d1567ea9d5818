//! A slide as lines of text at a given width: the pure layout step between the deck model and
//! the screen. Everything is pre-wrapped with textwrap (measured with unicode-width, as ratatui
//! measures), so the height is known before drawing — `convene check` uses the same function to
//! warn about slides that overflow.
//!
//! ```text
//!   Title                                  ← bold, accent; title/section kinds are centred
//!   Subtitle
//!
//!   Body paragraph, wrapped at a readable width …
//!
//!   • Bullet                               ← revealed one per step with `reveal = true`
//!     ◦ nested bullet
//!   Heading A           │ Heading B        ← columns side by side, stacked when narrow
//!   ┌ Did you know? ─────────────────┐     ← callout, once all bullets are shown
//!   ┌ Discuss ─────────────── 4:12 ──┐     ← prompts, follow-ups, debrief: one per step
//!   ┌ ◷ Break ─────────────── 9:30 ──┐     ← a prompt with `kind = "break"`: word and symbol
//! ```

use super::theme::Theme;
use crate::deck::{Bullet, PromptKind, Slide, SlideKind, Visible};
use crate::present::app::{Timer, TimerPhase, clock};
use crate::words::strings::Strings;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The widest a line of slide text gets, for readability on wide screens.
pub const MAX_TEXT_WIDTH: u16 = 84;

/// The symbol a break carries beside its word, wherever its timer shows (colour is never the
/// only signal). The web page's script shows the same one.
pub const BREAK_SYMBOL: &str = "◷";

/// A prompt's label, in the catalogue's words: "Discuss", or "◷ Break" for a break.
pub fn prompt_label(kind: PromptKind, strings: &Strings) -> String {
    match kind {
        PromptKind::Discuss => strings.discuss.to_owned(),
        PromptKind::Break => format!("{BREAK_SYMBOL} {}", strings.break_label),
    }
}

/// Everything the layout needs besides the slide.
pub struct SlideCtx<'a> {
    pub strings: &'a Strings,
    pub theme: &'a Theme,
    /// The timer of each visible prompt, if started.
    pub timers: &'a dyn Fn(usize) -> Option<Timer>,
    pub now: u64,
}

/// The text width for an area width: margins of 2–4 columns, at most [`MAX_TEXT_WIDTH`].
pub fn text_width(area_width: u16) -> u16 {
    let margin = if area_width >= 60 {
        4
    } else if area_width >= 20 {
        2
    } else {
        0
    };
    area_width
        .saturating_sub(margin * 2)
        .clamp(1, MAX_TEXT_WIDTH)
}

/// Lay out a slide at `width` columns with `visible` content.
pub fn lines(slide: &Slide, visible: Visible, width: u16, cx: &SlideCtx) -> Vec<Line<'static>> {
    let w = usize::from(width.max(1));
    let th = cx.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    let centred = matches!(slide.kind, SlideKind::Title | SlideKind::Section);

    let push_wrapped = |out: &mut Vec<Line<'static>>, text: &str, style: Style| {
        for l in wrap(text, w, "", "") {
            let line = Line::styled(l, style);
            out.push(if centred { line.centered() } else { line });
        }
    };

    if !slide.title.is_empty() {
        push_wrapped(&mut out, &slide.title, th.title);
        if !centred && slide.kind == SlideKind::Case {
            // nothing extra: the panel carries the case's identity
        }
    }
    if let Some(sub) = slide.subtitle() {
        push_wrapped(&mut out, sub, th.accent);
    }
    if !out.is_empty() {
        out.push(Line::default());
    }
    for p in &slide.body {
        push_wrapped(&mut out, p, th.base);
        out.push(Line::default());
    }
    let shown = visible.bullets.min(slide.bullets.len());
    if shown > 0 {
        bullets(&mut out, &slide.bullets[..shown], w, th);
        out.push(Line::default());
    }
    if !slide.columns().is_empty() {
        columns(&mut out, slide, w, th);
        out.push(Line::default());
    }
    if let Some(c) = slide.callout()
        && visible.bullets >= slide.bullets.len()
    {
        let label = c.label.as_deref().unwrap_or(cx.strings.did_you_know);
        let body = wrap(&c.text, w.saturating_sub(4).max(1), "", "")
            .into_iter()
            .map(|l| Line::styled(l, th.base))
            .collect();
        out.extend(boxed(label, None, body, w, th.accent, th));
        out.push(Line::default());
    }
    for (i, p) in slide.prompts().iter().take(visible.prompts).enumerate() {
        let inner = w.saturating_sub(4).max(1);
        let mut body: Vec<Line<'static>> = wrap(&p.text, inner, "", "")
            .into_iter()
            .map(|l| Line::styled(l, th.base.add_modifier(Modifier::BOLD)))
            .collect();
        let ups = if i + 1 == visible.prompts {
            visible.follow_ups
        } else {
            p.follow_ups.len()
        };
        for f in p.follow_ups.iter().take(ups) {
            for l in wrap(f, inner, "→ ", "  ") {
                body.push(Line::styled(l, th.base));
            }
        }
        let timer = (cx.timers)(i);
        let right = timer_span(timer.as_ref(), p.minutes, cx);
        let style = match timer.map(|t| t.phase(cx.now)) {
            Some(TimerPhase::Low) => th.warn,
            Some(TimerPhase::Over) => th.bad,
            _ => th.accent,
        };
        let label = prompt_label(p.kind, cx.strings);
        out.extend(boxed(&label, right, body, w, style, th));
        out.push(Line::default());
    }
    if visible.debrief
        && let Some(d) = slide.debrief()
    {
        let body = wrap(d, w.saturating_sub(4).max(1), "", "")
            .into_iter()
            .map(|l| Line::styled(l, th.base))
            .collect();
        out.extend(boxed(cx.strings.debrief, None, body, w, th.accent, th));
        out.push(Line::default());
    }
    while out.last().is_some_and(|l| l.width() == 0) {
        out.pop();
    }
    out
}

/// The text for a prompt's timer: `4:12 left`, `0:45 left — almost done`, `time's up +1:03`.
pub fn timer_text(
    timer: Option<&Timer>,
    minutes: Option<f64>,
    strings: &Strings,
    now: u64,
) -> Option<String> {
    match timer {
        Some(t) => {
            let left = t.remaining(now);
            let mut s = if left > 0 {
                format!("{} {}", clock(left as u64 + 999), strings.left)
            } else {
                format!("{} +{}", strings.times_up, clock(left.unsigned_abs()))
            };
            if t.phase(now) == TimerPhase::Low {
                s = format!("{s} — {}", strings.low);
            }
            if !t.running() {
                s = format!("{s} ({})", strings.paused);
            }
            Some(s)
        }
        None => {
            minutes.map(|m| format!("{} · {}", clock((m * 60_000.0) as u64), strings.start_timer))
        }
    }
}

fn timer_span(timer: Option<&Timer>, minutes: Option<f64>, cx: &SlideCtx) -> Option<Span<'static>> {
    let text = timer_text(timer, minutes, cx.strings, cx.now)?;
    let style = match timer.map(|t| t.phase(cx.now)) {
        Some(TimerPhase::Low) => cx.theme.warn,
        Some(TimerPhase::Over) => cx.theme.bad,
        Some(TimerPhase::Running) => cx.theme.accent,
        None => cx.theme.dim,
    };
    Some(Span::styled(format!(" {text} "), style))
}

fn bullets(out: &mut Vec<Line<'static>>, list: &[Bullet], w: usize, th: &Theme) {
    for b in list {
        for l in wrap(&b.text, w, "• ", "  ") {
            out.push(Line::styled(l, th.base));
        }
        for c in &b.children {
            for l in wrap(c, w, "    ◦ ", "      ") {
                out.push(Line::styled(l, th.base));
            }
        }
    }
}

fn columns(out: &mut Vec<Line<'static>>, slide: &Slide, w: usize, th: &Theme) {
    let n = slide.columns().len();
    let gap = 3;
    let side_by_side = n > 1 && w >= 20 * n + gap * (n - 1);
    if !side_by_side {
        for c in slide.columns() {
            for l in wrap(&c.heading, w, "", "") {
                out.push(Line::styled(l, th.title));
            }
            bullets(out, &c.bullets, w, th);
            out.push(Line::default());
        }
        out.pop();
        return;
    }
    let cw = (w - gap * (n - 1)) / n;
    let cols: Vec<Vec<Line<'static>>> = slide
        .columns()
        .iter()
        .map(|c| {
            let mut lines: Vec<Line<'static>> = wrap(&c.heading, cw, "", "")
                .into_iter()
                .map(|l| Line::styled(l, th.title))
                .collect();
            lines.push(Line::styled("─".repeat(cw), th.border));
            bullets(&mut lines, &c.bullets, cw, th);
            lines
        })
        .collect();
    let height = cols.iter().map(Vec::len).max().unwrap_or(0);
    for row in 0..height {
        let mut spans: Vec<Span<'static>> = Vec::new();
        for (ci, col) in cols.iter().enumerate() {
            let line = col.get(row).cloned().unwrap_or_default();
            let lw = line.width();
            spans.extend(styled_spans(line));
            if ci + 1 < n {
                spans.push(Span::raw(" ".repeat(cw.saturating_sub(lw) + 1)));
                spans.push(Span::styled("│", th.border));
                spans.push(Span::raw(" ".repeat(gap - 2)));
            }
        }
        out.push(Line::from(spans));
    }
}

/// A line's spans with the line's own style folded into each, so they keep it when moved
/// into another line.
fn styled_spans(line: Line<'static>) -> Vec<Span<'static>> {
    let style = line.style;
    line.spans
        .into_iter()
        .map(|span| {
            let inner = span.style;
            span.style(style.patch(inner))
        })
        .collect()
}

/// Draw a box around `body`, with `label` in the top border and `right` at its end.
fn boxed(
    label: &str,
    right: Option<Span<'static>>,
    body: Vec<Line<'static>>,
    w: usize,
    style: Style,
    th: &Theme,
) -> Vec<Line<'static>> {
    if w < 6 {
        let mut out = vec![Line::styled(
            label.to_owned(),
            style.add_modifier(Modifier::BOLD),
        )];
        out.extend(body);
        if let Some(r) = right {
            out.push(Line::from(r));
        }
        return out;
    }
    let inner = w - 4;
    let mut out = Vec::with_capacity(body.len() + 2);
    let label = truncate(label, inner.saturating_sub(2));
    let mut top = vec![
        Span::styled("┌ ", style),
        Span::styled(label.clone(), style.add_modifier(Modifier::BOLD)),
        Span::styled(" ", style),
    ];
    let used = 3 + label.width();
    let right_w = right.as_ref().map_or(0, |r| r.width());
    if let Some(r) = right.filter(|_| used + right_w + 2 <= w) {
        top.push(Span::styled("─".repeat(w - used - right_w - 2), style));
        top.push(r);
        top.push(Span::styled("─┐", style));
    } else {
        top.push(Span::styled("─".repeat(w.saturating_sub(used + 1)), style));
        top.push(Span::styled("┐", style));
    }
    out.push(Line::from(top));
    for line in body {
        let lw = line.width();
        let mut spans = vec![Span::styled("│ ", style)];
        spans.extend(styled_spans(line));
        spans.push(Span::raw(" ".repeat(inner.saturating_sub(lw))));
        spans.push(Span::styled(" │", style));
        out.push(Line::from(spans));
    }
    out.push(Line::styled(format!("└{}┘", "─".repeat(w - 2)), style));
    let _ = th;
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// Wrap text to `w` columns with the given first-line and continuation indents.
pub fn wrap(text: &str, w: usize, first: &str, rest: &str) -> Vec<String> {
    let w = w.max(first.width() + 1).max(rest.width() + 1);
    // Never split at hyphens: phone numbers (1-833-900-1010) and ids must stay whole.
    let opts = textwrap::Options::new(w)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, opts)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn phone_numbers_never_split_at_hyphens() {
        // From the width the number fits in (narrower, a long word must break somewhere).
        for w in 14..60 {
            for line in wrap(
                "Canadian Human Trafficking Hotline: 1-833-900-1010 (24/7)",
                w,
                "",
                "",
            ) {
                assert!(
                    !line.ends_with('-'),
                    "split at a hyphen at width {w}: {line:?}"
                );
            }
        }
    }
}
