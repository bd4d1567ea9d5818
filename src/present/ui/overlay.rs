//! Full-screen overlays over the slide area: help (generated from the key table), overview,
//! search, support resources, the content note, and the "enlarge the terminal" screen.

use super::slide::wrap;
use super::status::fit;
use super::theme::Theme;
use super::{MIN_HEIGHT, MIN_WIDTH, View};
use crate::present::app::App;
use crate::present::app::keymap::Context;
use crate::words::strings::Strings;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// A bordered, titled frame filling `area`; returns the inner area.
fn frame(title: &str, hint: &str, th: &Theme, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    super::fill_style(buf, area, th.base);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(th.border)
        .title(Line::styled(format!(" {title} "), th.title))
        .title_bottom(Line::styled(format!(" {hint} "), th.dim).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

pub fn too_small(area: Rect, buf: &mut Buffer, strings: &Strings, th: &Theme) {
    let w = usize::from(area.width.max(1));
    let mut lines: Vec<Line> = wrap(strings.enlarge, w, "", "")
        .into_iter()
        .map(|l| Line::styled(l, th.warn).centered())
        .collect();
    lines.extend(
        wrap(
            &format!("{}×{} → {MIN_WIDTH}×{MIN_HEIGHT}", area.width, area.height),
            w,
            "",
            "",
        )
        .into_iter()
        .map(|l| Line::styled(l, th.dim).centered()),
    );
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    Paragraph::new(lines).render(Rect::new(area.x, y, area.width, h), buf);
}

/// The help rows for one context, generated from the key table.
fn help_rows(
    table: &[crate::present::settings::OwnedBinding],
    ctx: Context,
    room: bool,
    strings: &Strings,
) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = table
        .iter()
        .filter(|b| b.context == ctx && crate::present::app::keymap::is_room(b.command) == room)
        .map(|b| {
            (
                b.keys_label(),
                strings.describe(crate::present::app::keymap::help_name(b.command, ctx)),
            )
        })
        .collect();
    if ctx == Context::Slide && !room {
        // Digits are resolved by pattern, not listed key by key.
        rows.insert(4, (strings.digits_row.0.to_owned(), strings.digits_row.1));
    }
    rows
}

/// The help sections: (heading, lines) per context, generated from the key table.
fn help_sections(
    table: &[crate::present::settings::OwnedBinding],
    strings: &Strings,
    view: &View,
    width: usize,
) -> Vec<Vec<Line<'static>>> {
    let th = &view.theme;
    // The room's keys are slide keys, listed apart (with the other sections, beside the
    // slide's in two columns).
    let sections = [
        (Context::Slide, false, strings.slides_context),
        (Context::Panel, false, strings.panel_context),
        (Context::Slide, true, strings.room_context),
        (Context::List, false, strings.list_context),
        (Context::Help, false, strings.help_context),
    ];
    let key_w = 25.min(width / 2);
    sections
        .into_iter()
        .map(|(ctx, room, heading)| {
            let mut out = vec![Line::styled(heading.to_owned(), th.title)];
            for (keys, what) in help_rows(table, ctx, room, strings) {
                let keys = view.glyphs.key_names(&keys);
                let desc_w = width.saturating_sub(key_w + 1).max(8);
                let desc = wrap(what, desc_w, "", "");
                let keys = wrap(&keys, key_w.max(4), "", "");
                for i in 0..desc.len().max(keys.len()) {
                    let k = keys.get(i).cloned().unwrap_or_default();
                    let pad =
                        key_w.saturating_sub(unicode_width::UnicodeWidthStr::width(k.as_str()));
                    out.push(Line::from(vec![
                        Span::styled(k, th.accent),
                        Span::raw(" ".repeat(pad + 1)),
                        Span::styled(desc.get(i).cloned().unwrap_or_default(), th.base),
                    ]));
                }
            }
            out
        })
        .collect()
}

/// Join sections with blank lines between them.
fn join_sections(sections: impl IntoIterator<Item = Vec<Line<'static>>>) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for s in sections {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.extend(s);
    }
    out
}

/// All help lines in one column at `width`.
pub fn help_lines(
    table: &[crate::present::settings::OwnedBinding],
    strings: &Strings,
    view: &View,
    width: usize,
) -> Vec<Line<'static>> {
    join_sections(help_sections(table, strings, view, width))
}

/// Wide enough for the help in two columns (slide keys left, the rest right).
const HELP_TWO_COLUMNS: u16 = 100;

pub fn help(app: &App, view: &View, strings: &Strings, scroll: u16, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    let inner = frame(strings.help_title, strings.help_footer, th, area, buf);
    if inner.width >= HELP_TWO_COLUMNS {
        let col_w = (inner.width - 3) / 2;
        let mut sections = help_sections(&app.keys, strings, view, usize::from(col_w)).into_iter();
        let left = sections.next().unwrap_or_default();
        let right = join_sections(sections);
        if left.len().max(right.len()) <= usize::from(inner.height) {
            Paragraph::new(left).render(
                Rect {
                    width: col_w,
                    ..inner
                },
                buf,
            );
            Paragraph::new(right).render(
                Rect {
                    x: inner.x + col_w + 3,
                    width: col_w,
                    ..inner
                },
                buf,
            );
            return;
        }
    }
    let lines = help_lines(&app.keys, strings, view, usize::from(inner.width));
    let h = usize::from(inner.height);
    let max_scroll = lines.len().saturating_sub(h);
    let scroll = usize::from(scroll).min(max_scroll);
    let more_below = scroll < max_scroll;
    let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    if scroll > 0 && !shown.is_empty() {
        shown[0] = Line::styled(strings.more_above, th.dim);
    }
    if more_below && let Some(last) = shown.last_mut() {
        *last = Line::styled(strings.more_below, th.dim);
    }
    Paragraph::new(shown).render(inner, buf);
}

fn centred_text(lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    Paragraph::new(lines).render(Rect::new(area.x, y, area.width, h), buf);
}

pub fn support(app: &App, view: &View, strings: &Strings, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    let inner = frame(strings.support_title, strings.close_hint, th, area, buf);
    // Each resource wraps under itself (hanging indent), in a block centred on the screen.
    let w = usize::from(inner.width.min(84));
    let mut lines = Vec::new();
    for s in &app.deck.meta.support {
        for l in wrap(s, w, "", "  ") {
            lines.push(Line::styled(l, th.base.add_modifier(Modifier::BOLD)));
        }
        lines.push(Line::default());
    }
    lines.pop();
    let block_w = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let x = inner.x + (inner.width.saturating_sub(block_w)) / 2;
    centred_text(
        lines,
        Rect {
            x,
            width: block_w.min(inner.width),
            ..inner
        },
        buf,
    );
}

pub fn content_note(app: &App, view: &View, strings: &Strings, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    let inner = frame(
        strings.content_note_title,
        strings.close_hint,
        th,
        area,
        buf,
    );
    let w = usize::from(inner.width.min(76));
    let mut lines = Vec::new();
    for p in app
        .deck
        .meta
        .content_note
        .as_deref()
        .unwrap_or("")
        .split("\n\n")
    {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        for l in wrap(&p, w, "", "") {
            lines.push(Line::styled(l, th.base).centered());
        }
        lines.push(Line::default());
    }
    lines.pop();
    centred_text(lines, inner, buf);
}

/// A list of slides (overview or search results), windowed around the cursor: drawing costs
/// the visible rows, not the deck size.
fn slide_list(app: &App, th: &Theme, items: &[usize], cursor: usize, area: Rect, buf: &mut Buffer) {
    let h = usize::from(area.height);
    if h == 0 || items.is_empty() {
        return;
    }
    let start = cursor
        .saturating_sub(h / 2)
        .min(items.len().saturating_sub(h));
    let num_w = app.deck.slides.len().to_string().len();
    let w = usize::from(area.width);
    for (row, (i, &slide)) in items.iter().enumerate().skip(start).take(h).enumerate() {
        let s = &app.deck.slides[slide];
        let marker = if i == cursor {
            "›"
        } else if slide == app.slide {
            "•"
        } else {
            " "
        };
        let title = if s.title.is_empty() { &s.id } else { &s.title };
        let section = s.section.as_deref().unwrap_or("");
        let left = format!("{marker} {:>num_w$}  {title}", slide + 1);
        let left_w = unicode_width::UnicodeWidthStr::width(left.as_str());
        let sec_w = w.saturating_sub(left_w + 3).min(30);
        let sec = if sec_w >= 8 {
            fit(section, sec_w)
        } else {
            String::new()
        };
        let sec_len = unicode_width::UnicodeWidthStr::width(sec.as_str());
        let pad = w.saturating_sub(left_w + sec_len);
        let style = if i == cursor { th.selected } else { th.base };
        let line = Line::from(vec![
            Span::styled(fit(&left, w), style),
            Span::styled(" ".repeat(pad), style),
            Span::styled(sec, if i == cursor { th.selected } else { th.dim }),
        ]);
        line.render(Rect::new(area.x, area.y + row as u16, area.width, 1), buf);
    }
}

pub fn overview(
    app: &App,
    view: &View,
    strings: &Strings,
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let th = &view.theme;
    let inner = frame(
        strings.overview_title,
        &view.glyphs.key_names(strings.overview_hint),
        th,
        area,
        buf,
    );
    // The overview lists every slide; windowing keeps the cost at the visible rows.
    let n = app.deck.slides.len();
    let h = usize::from(inner.height);
    let start = cursor.saturating_sub(h / 2).min(n.saturating_sub(h));
    let items: Vec<usize> = (start..n.min(start + h)).collect();
    slide_list(app, th, &items, cursor - start, inner, buf);
}

#[allow(clippy::too_many_arguments)]
pub fn search(
    app: &App,
    view: &View,
    strings: &Strings,
    query: &str,
    results: &[usize],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let th = &view.theme;
    let inner = frame(
        strings.search_title,
        &view.glyphs.key_names(strings.search_hint),
        th,
        area,
        buf,
    );
    if inner.height == 0 {
        return;
    }
    let input = Line::from(vec![
        Span::styled("/ ", th.accent),
        Span::styled(query.to_owned(), th.base.add_modifier(Modifier::BOLD)),
        Span::styled("▏", th.accent),
        Span::styled(
            if query.is_empty() {
                String::new()
            } else {
                format!(
                    "   {}",
                    strings.count(results.len() as u64, &strings.matches)
                )
            },
            th.dim,
        ),
    ]);
    input.render(Rect { height: 1, ..inner }, buf);
    let list = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    if results.is_empty() && !query.is_empty() {
        Line::styled(strings.no_results, th.dim).render(
            Rect {
                height: 1.min(list.height),
                ..list
            },
            buf,
        );
        return;
    }
    slide_list(app, th, results, cursor, list, buf);
}

/// The one-line note input: a box along the bottom of the slide area; the slide stays visible.
pub fn note_input(view: &View, strings: &Strings, text: &str, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    let h = 3.min(area.height);
    let rect = Rect {
        y: area.y + area.height - h,
        height: h,
        ..area
    };
    Clear.render(rect, buf);
    buf.set_style(rect, th.base);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(th.accent)
        .title(Line::styled(format!(" {} ", strings.note_prompt), th.title))
        .title_bottom(Line::styled(format!(" {} ", strings.note_hint), th.dim).right_aligned())
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(rect);
    block.render(rect, buf);
    // Show the end of a long note, so the cursor stays in view.
    let w = usize::from(inner.width.saturating_sub(1));
    let chars: Vec<char> = text.chars().collect();
    let mut start = chars.len();
    let mut used = 0;
    while start > 0 {
        let cw = unicode_width::UnicodeWidthChar::width(chars[start - 1]).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        start -= 1;
    }
    let visible: String = chars[start..].iter().collect();
    Line::from(vec![
        Span::styled(visible, th.base),
        Span::styled("▏", th.accent),
    ])
    .render(inner, buf);
}

/// The running prompt timer, full screen: the remaining time in the largest digits that fit
/// (8×8 cells per digit, else 4×4, else plain), coloured by phase and named in words (colour is
/// never the only signal), with the prompt's words under it.
pub fn countdown(app: &App, view: &View, strings: &Strings, area: Rect, buf: &mut Buffer) {
    use crate::present::app::{TimerPhase, clock};
    use ratatui::layout::Alignment;
    let th = &view.theme;
    let Some((kind, timer)) = app.running_prompt_timer() else {
        return;
    };
    let left = timer.remaining(app.now);
    let digits = if left > 0 {
        clock(left.unsigned_abs() + 999)
    } else {
        format!("+{}", clock(left.unsigned_abs()))
    };
    let style = match timer.phase(app.now) {
        TimerPhase::Running => th.title,
        TimerPhase::Low => th.warn,
        TimerPhase::Over => th.bad,
    };
    // The words the status line uses: "1:30 left", "almost done", "time's up +0:42", "paused".
    let caption = format!(
        "{}: {}",
        super::slide::prompt_label(kind, strings),
        super::slide::timer_text(Some(timer), None, strings, app.now).unwrap_or_default()
    );
    let n = digits.chars().count() as u16;
    // Larger than 8×8 when the screen allows (a projector at 200×50): each glyph pixel a block.
    let scale =
        (area.width.saturating_sub(2) / (n * 8).max(1)).min(area.height.saturating_sub(3) / 8);
    if scale >= 2 {
        let (big_w, big_h) = (n * 8 * scale, 8 * scale);
        let x0 = area.x + (area.width - big_w) / 2;
        let y0 = area.y + (area.height - big_h - 2) / 2;
        for (i, ch) in digits.chars().enumerate() {
            use font8x8::UnicodeFonts;
            let glyph = font8x8::BASIC_FONTS.get(ch).unwrap_or([0; 8]);
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..8u16 {
                    if bits & (1 << col) == 0 {
                        continue;
                    }
                    let x = x0 + (i as u16 * 8 + col) * scale;
                    let y = y0 + row as u16 * scale;
                    for dy in 0..scale {
                        for dx in 0..scale {
                            buf[(x + dx, y + dy)].set_symbol("█").set_style(style);
                        }
                    }
                }
            }
        }
        let w = usize::from(area.width);
        Paragraph::new(Line::styled(fit(&caption, w), th.dim))
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, y0 + big_h + 1, area.width, 1), buf);
        return;
    }
    let (pixel, big_h, big_w) = if area.width >= n * 8 + 2 && area.height >= 8 + 3 {
        (Some(tui_big_text::PixelSize::Full), 8, n * 8)
    } else if area.width >= n * 4 + 2 && area.height >= 4 + 3 {
        (Some(tui_big_text::PixelSize::Quadrant), 4, n * 4)
    } else {
        (None, 1, n)
    };
    let total = big_h + 2;
    let y = area.y + area.height.saturating_sub(total) / 2;
    let digits_area = Rect::new(
        area.x + area.width.saturating_sub(big_w) / 2,
        y,
        big_w.min(area.width),
        big_h.min(area.height),
    );
    match pixel {
        Some(px) => tui_big_text::BigText::builder()
            .pixel_size(px)
            .style(style)
            .lines(vec![Line::from(digits)])
            .build()
            .render(digits_area, buf),
        None => Paragraph::new(Line::styled(digits, style))
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, y, area.width, 1), buf),
    }
    let cap_y = y + big_h + 1;
    if cap_y < area.y + area.height {
        let w = usize::from(area.width);
        Paragraph::new(Line::styled(fit(&caption, w), th.dim))
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, cap_y, area.width, 1), buf);
    }
}

/// The join page (`i`): the phones' address and its QR code as large as the screen allows
/// (two columns a module, else half blocks), dark on light whatever the theme (cameras read
/// that best); without colour, in the terminal's own.
pub fn join(app: &App, view: &View, strings: &Strings, area: Rect, buf: &mut Buffer) {
    let th = &view.theme;
    let inner = frame(strings.join_title, strings.join_hint, th, area, buf);
    let Some(url) = app.join_url.as_deref() else {
        return;
    };
    let (w, h) = (usize::from(inner.width), usize::from(inner.height));
    let how = wrap(strings.join_how, w.min(76), "", "");
    // While participation is open, the code the phones ask for: beside the address when it
    // fits there (the QR code keeps its size), else under it.
    let mut address = vec![Line::styled(url.to_owned(), th.title).centered()];
    if let Some(code) = super::room::status_code(app, strings) {
        let badge = Span::styled(
            format!(" {code} "),
            th.title.add_modifier(Modifier::REVERSED),
        );
        if url.width() + 3 + badge.width() <= w {
            address[0] = Line::from(vec![
                Span::styled(url.to_owned(), th.title),
                Span::raw("   "),
                badge,
            ])
            .centered();
        } else {
            address.push(Line::from(badge).centered());
        }
    }
    let addr_h = address.len();
    // The code as large as fits with the address and how to join under it, else with the
    // address alone; a terminal without the block glyphs (ASCII) gets the words only.
    let (qr, with_how) = if !view.glyphs.qr {
        (Vec::new(), true)
    } else {
        match super::qr::fitting(url, 2, w, h.saturating_sub(addr_h + how.len())) {
            big if !big.is_empty() => (big, true),
            _ => (
                super::qr::fitting(url, 2, w, h.saturating_sub(addr_h)),
                false,
            ),
        }
    };
    let mut under = address;
    if with_how {
        under.extend(how.into_iter().map(|l| Line::styled(l, th.dim).centered()));
    }
    let ink = if th.color {
        Style::new().fg(Color::Black).bg(Color::White)
    } else {
        th.base
    };
    let mut lines: Vec<Line<'static>> = qr
        .into_iter()
        .map(|l| Line::from(Span::styled(l, ink)).centered())
        .collect();
    lines.extend(under);
    centred_text(lines, inner, buf);
}
