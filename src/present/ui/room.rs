//! The room's participation on screen (issue 17): what participants' phones sent, drawn from
//! [`crate::present::app::room::Room`] only.
//!
//! - The facilitator's console: a participation line (open with its join code, or closed; how
//!   many took part; whether the audience sees the totals), the current case's votes, and the
//!   queue of responses ([`console_lines`], [`queue_lines`]). The checklist panel puts each
//!   row's count beside it ([`panel_counts`]).
//! - The audience screen shows nothing from participants unless the facilitator chose it: the
//!   current case's totals in a box titled "The room says…" while `show_totals` is on, and the
//!   one response put on screen in a box titled "From the room" ([`audience`]).
//!
//! Until participation is opened or holds anything ([`Room::engaged`]), nothing here draws,
//! so every screen looks as it does without the room. Every mark has a symbol and a word
//! beside its colour (▶ selected, ★ kept, ▣ on screen, ◉ a count); ASCII mode folds the
//! symbols (`glyphs::FALLBACKS`). Response text was cleaned when it was taken; it is drawn as
//! text in spans, never as anything else.
//!
//! [`Room::engaged`]: crate::present::app::room::Room::engaged

use super::View;
use super::console::clip;
use super::slide::wrap;
use super::status::fit;
use crate::present::app::room::{Response, Row};
use crate::present::app::{App, Overlay};
use crate::words::strings::Strings;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// Before a count of participants (the checklist panel's rows, its legend).
pub const COUNT: &str = "◉";
/// Before the selected response in the console's queue.
pub const SELECTED: &str = "▶";
/// Before a kept response.
pub const KEPT: &str = "★";
/// Before what the audience sees now (the response on screen, the totals shown).
pub const ON_SCREEN: &str = "▣";
/// A vote bar's cell.
const BAR: &str = "█";

/// The most responses the console's queue lists at once (a window around the selection).
pub const QUEUE_ROWS: usize = 5;

/// Whether the current slide is a case participants can tick and vote on.
pub fn on_case(app: &App) -> bool {
    app.deck.checklist.is_some() && app.current().checklist
}

/// A case's counts as the screens draw them: counted by row (no string per tick), once per
/// screen and frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many participants ticked each row.
    pub rows: BTreeMap<Row, usize>,
    /// Trafficking, not trafficking, not enough information.
    pub votes: [usize; 3],
    /// Participants who ticked or voted on the case (the most a row's count can be).
    pub took_part: usize,
}

impl Tally {
    /// The case slide `slide_id`'s counts.
    pub fn of(app: &App, slide_id: &str) -> Self {
        let room = &app.room;
        Tally {
            rows: room.row_counts(slide_id),
            votes: room.vote_counts(slide_id),
            took_part: room.took_part(slide_id),
        }
    }
}

/// The current case's counts for the checklist panel: on the facilitator's console once the
/// room is engaged (`always`), on the audience's only while the facilitator shows the totals.
pub fn panel_counts(app: &App, always: bool) -> Option<Tally> {
    let room = &app.room;
    let shown = if always {
        room.engaged()
    } else {
        room.show_totals
    };
    (shown && on_case(app)).then(|| Tally::of(app, &app.current().id))
}

/// The three verdicts with their counts, in the catalogue's words.
pub fn votes<'a>(t: &Tally, w: &'a Strings) -> [(&'a str, usize); 3] {
    let [yes, no, unsure] = t.votes;
    [
        (w.room.trafficking, yes),
        (w.room.not_trafficking, no),
        (w.room.not_enough_information, unsure),
    ]
}

/// The status line's join code while participation is open: "Join code K7Q2".
pub fn status_code(app: &App, w: &Strings) -> Option<String> {
    let room = &app.room;
    match &room.code {
        Some(code) if room.open && !code.is_empty() => Some(format!("{} {code}", w.room.join_code)),
        _ => None,
    }
}

/// The console's participation lines: open or closed, the code, how many took part, whether
/// the audience sees the totals; then, on a case, its votes. Empty until the room is engaged.
pub fn console_lines(app: &App, w: &Strings, view: &View, width: usize) -> Vec<Line<'static>> {
    let room = &app.room;
    if !room.engaged() {
        return Vec::new();
    }
    let th = &view.theme;
    let rw = &w.room;
    let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
    if room.open {
        parts.push(vec![Span::styled(
            rw.open,
            th.ok.add_modifier(Modifier::BOLD),
        )]);
        if let Some(code) = room.code.as_deref().filter(|c| !c.is_empty()) {
            parts.push(vec![
                Span::styled(format!("{} ", rw.join_code), th.base),
                Span::styled(code.to_owned(), th.title),
            ]);
        }
    } else {
        parts.push(vec![Span::styled(
            rw.closed,
            th.dim.add_modifier(Modifier::BOLD),
        )]);
    }
    let count = w.count(room.participant_count() as u64, &rw.took_part);
    parts.push(vec![Span::styled(count, th.base)]);
    let case = on_case(app);
    // What the audience sees of the room now, even when the queue has no room to say it
    // (nothing while a full-screen overlay or the blank screen covers the slide).
    let visible = matches!(app.overlay, Overlay::None | Overlay::Note { .. });
    let shown = match (
        visible && room.show_totals && case,
        visible && room.shown_response().is_some(),
    ) {
        (true, true) => Some(rw.both_shown),
        (true, false) => Some(rw.totals_shown),
        (false, true) => Some(rw.response_shown),
        (false, false) => None,
    };
    if let Some(shown) = shown {
        parts.push(vec![Span::styled(format!("{ON_SCREEN} {shown}"), th.warn)]);
    }
    let flow = |label: &str, parts| {
        let label = Span::styled(format!("{label} "), th.accent);
        super::console::flow_parts(label, parts, view, width)
    };
    let mut lines = flow(rw.room, parts);
    if case {
        let t = Tally {
            votes: room.vote_counts(&app.current().id),
            ..Tally::default()
        };
        let votes = votes(&t, w)
            .iter()
            .map(|(label, n)| vec![Span::styled(format!("{label} {n}"), th.base)])
            .collect();
        lines.extend(flow(rw.votes, votes));
    }
    lines.into_iter().map(|l| clip(l, width)).collect()
}

/// The console's queue of responses: a heading ("12 responses · 2 kept · ▶ 5/12"), then up to
/// `rows` responses around the selection, oldest first (the newest at the bottom), each with
/// its marks in symbols and words. Empty without responses.
pub fn queue_lines(
    app: &App,
    w: &Strings,
    view: &View,
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let room = &app.room;
    let n = room.responses.len();
    if n == 0 || !room.engaged() {
        return Vec::new();
    }
    let th = &view.theme;
    let rw = &w.room;
    let cursor = room.cursor.min(n - 1);
    let kept = room.responses.iter().filter(|r| r.kept).count();
    let mut heading = vec![Span::styled(w.count(n as u64, &rw.responses), th.accent)];
    if kept > 0 {
        heading.push(Span::styled(
            format!(" · {KEPT} {}", w.count(kept as u64, &rw.kept_count)),
            th.dim,
        ));
    }
    heading.push(Span::styled(
        format!(" · {SELECTED} {}/{n}", cursor + 1),
        th.dim,
    ));
    let mut lines = vec![clip(Line::from(heading), width)];
    let rows = rows.max(1).min(n);
    let start = cursor.saturating_sub(rows / 2).min(n - rows);
    for (i, r) in room.responses.iter().enumerate().skip(start).take(rows) {
        lines.push(response_line(
            r,
            i == cursor,
            room.on_screen,
            w,
            view,
            width,
        ));
    }
    lines
}

fn response_line(
    r: &Response,
    selected: bool,
    on_screen: Option<u64>,
    w: &Strings,
    view: &View,
    width: usize,
) -> Line<'static> {
    let th = &view.theme;
    let rw = &w.room;
    let base = if selected { th.selected } else { th.base };
    let mut spans = vec![Span::styled(
        if selected {
            format!("{SELECTED} ")
        } else {
            "  ".to_owned()
        },
        th.accent,
    )];
    if on_screen == Some(r.id) {
        spans.push(Span::styled(
            format!("{ON_SCREEN} {} · ", rw.on_screen),
            th.warn.patch(base),
        ));
    }
    if r.kept {
        spans.push(Span::styled(
            format!("{KEPT} {} · ", rw.kept),
            th.accent.patch(base),
        ));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let text = fit(&safe(&r.text), width.saturating_sub(used));
    let pad = width.saturating_sub(used + text.width());
    spans.push(Span::styled(text, base));
    if selected {
        spans.push(Span::styled(" ".repeat(pad), base));
    }
    clip(Line::from(spans), width)
}

/// The audience's boxes, at the bottom of `area` (the slide's, or the panel's when it fills
/// the screen): the response on screen, and the case's `totals` while the facilitator shows
/// them ([`panel_counts`] without `always`), with the ticked rows when `rows` (no panel shows
/// their counts). Returns the area left above them; `area` itself when the facilitator chose
/// nothing to show.
pub fn audience(
    app: &App,
    view: &View,
    w: &Strings,
    area: Rect,
    totals: Option<&Tally>,
    rows: bool,
    buf: &mut Buffer,
) -> Rect {
    let room = &app.room;
    let response = room.shown_response();
    if response.is_none() && totals.is_none() {
        return area;
    }
    // The slide keeps at least two fifths of the area; each box needs its borders and a line.
    let budget = area.height * 3 / 5;
    let box_w = super::slide::text_width(area.width)
        .saturating_add(2)
        .min(area.width);
    let inner_w = usize::from(box_w.saturating_sub(4));
    if budget < 3 || inner_w < 4 {
        return area;
    }
    let x = area.x + (area.width - box_w) / 2;
    let mut bottom = area.y + area.height;
    let mut left = budget;
    if let Some(r) = response {
        // Keep room for a compact totals box above it when both show.
        let reserve = totals.map_or(0, |t| 2 + votes_flow(t, w, inner_w).len() as u16);
        let max_lines = usize::from(left.saturating_sub(2 + reserve)).max(1);
        let lines = response_text(&safe(&r.text), inner_w, max_lines, view);
        let h = u16::try_from(lines.len()).unwrap_or(0) + 2;
        if h <= left {
            bottom -= h;
            left -= h;
            let rect = Rect::new(x, bottom, box_w, h);
            boxed(w.room.from_the_room, None, lines, view, rect, buf);
        }
    }
    if let Some(t) = totals.filter(|_| left >= 3) {
        let took = w.count(t.took_part as u64, &w.room.took_part);
        let lines = totals_lines(app, t, w, view, inner_w, usize::from(left - 2), rows);
        let h = u16::try_from(lines.len()).unwrap_or(0) + 2;
        bottom -= h;
        let rect = Rect::new(x, bottom, box_w, h);
        boxed(w.room.room_says, Some(&took), lines, view, rect, buf);
    }
    Rect {
        height: bottom - area.y,
        ..area
    }
}

/// A response's text through the one cleaner once more: it was cleaned when taken, and a
/// response that reached the state another way (a journal, a future wire) is cleaned too.
fn safe(text: &str) -> String {
    crate::deck::sanitize::clean_line(text)
}

/// A response's text wrapped to `width`, at most `max` lines (the last ends in "…" when cut).
fn response_text(text: &str, width: usize, max: usize, view: &View) -> Vec<Line<'static>> {
    let style = view.theme.base.add_modifier(Modifier::BOLD);
    let mut lines = wrap(text, width, "", "");
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last}…"), width);
        }
    }
    lines.into_iter().map(|l| Line::styled(l, style)).collect()
}

/// The totals box's lines, at most `max`: a line per verdict with its bar and count (or the
/// three on one line when short of rows), then the ticked rows with their counts.
fn totals_lines(
    app: &App,
    t: &Tally,
    w: &Strings,
    view: &View,
    width: usize,
    max: usize,
    rows: bool,
) -> Vec<Line<'static>> {
    let th = &view.theme;
    let v = votes(t, w);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if max >= 3 {
        let label_w = v.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        let total: usize = v.iter().map(|(_, n)| n).sum();
        let digits = v
            .iter()
            .map(|(_, n)| n.to_string().len())
            .max()
            .unwrap_or(1);
        let bar_room = width.saturating_sub(label_w + 2 + digits + 1);
        for (label, n) in v {
            let cells = if total == 0 {
                0
            } else {
                (n * bar_room).div_ceil(total).min(bar_room)
            };
            let pad = label_w.saturating_sub(label.width()) + 2;
            let line = Line::from(vec![
                Span::styled(format!("{label}{}", " ".repeat(pad)), th.base),
                Span::styled(BAR.repeat(cells), th.accent),
                Span::styled(
                    format!("{}{n}", if cells > 0 { " " } else { "" }),
                    th.base.add_modifier(Modifier::BOLD),
                ),
            ]);
            lines.push(clip(line, width));
        }
    } else {
        for l in votes_flow(t, w, width) {
            lines.push(Line::styled(l, th.base));
        }
    }
    if rows && let Some(cl) = &app.deck.checklist {
        let ticked: Vec<String> = crate::deck::checklist::rows_for(cl, app.framework)
            .into_iter()
            .filter_map(|row| {
                let n = t.rows.get(&row).copied()?;
                let label = row_label(cl, row)?;
                (n > 0).then(|| format!("{label} {COUNT} {n}"))
            })
            .collect();
        // The ticked rows in what rows are left, the last cut with "…" when they run over;
        // none at all when no line is left (the votes never carry the mark).
        let room = max.saturating_sub(lines.len());
        let mut listed = if ticked.is_empty() {
            Vec::new()
        } else {
            flow(w.room.ticked, &ticked, width)
        };
        if listed.len() > room {
            listed.truncate(room);
            if let Some(last) = listed.last_mut() {
                *last = fit(&format!("{last}…"), width);
            }
        }
        lines.extend(listed.into_iter().map(|l| Line::styled(l, th.base)));
    }
    lines.truncate(max);
    lines
}

/// The votes on as few lines as fit, each verdict with its count kept whole.
fn votes_flow(t: &Tally, w: &Strings, width: usize) -> Vec<String> {
    let parts: Vec<String> = votes(t, w)
        .iter()
        .map(|(label, n)| format!("{label} {n}"))
        .collect();
    flow("", &parts, width)
}

/// `lead` then `segments` separated by " · ", each segment kept whole on a line (cut only
/// when wider than a line), continuation lines indented by two.
fn flow(lead: &str, segments: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = lead.to_owned();
    let mut first = true;
    for seg in segments {
        let sep = match (first, lead.is_empty()) {
            (true, true) => "",
            (true, false) => " ",
            _ => " · ",
        };
        if line.width() + sep.width() + seg.width() > width && line.trim().width() > 0 && !first {
            out.push(std::mem::replace(&mut line, "  ".to_owned()));
            line.push_str(seg);
        } else {
            line.push_str(sep);
            line.push_str(seg);
        }
        first = false;
    }
    out.push(line);
    out.into_iter().map(|l| fit(&l, width)).collect()
}

/// A row's label: the short one when the deck has it.
fn row_label(cl: &crate::deck::model::Checklist, row: crate::deck::checklist::Row) -> Option<&str> {
    use crate::deck::checklist::Row;
    let (label, short) = match row {
        Row::Item(g, i) => {
            let item = cl.groups.get(g)?.items.get(i)?;
            (&item.label, &item.short)
        }
        Row::Flag(f) => {
            let flag = cl.flags.get(f)?;
            (&flag.label, &flag.short)
        }
    };
    Some(short.as_deref().unwrap_or(label))
}

/// A rounded box titled `title` (and `right` at its top right), with `lines` inside.
fn boxed(
    title: &str,
    right: Option<&str>,
    lines: Vec<Line<'static>>,
    view: &View,
    area: Rect,
    buf: &mut Buffer,
) {
    let th = &view.theme;
    Clear.render(area, buf);
    super::fill_style(buf, area, th.base);
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(th.accent)
        .title(Line::styled(format!(" {title} "), th.title))
        .padding(ratatui::widgets::Padding::horizontal(1));
    if let Some(r) = right {
        block = block.title_top(Line::styled(format!(" {r} "), th.dim).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::app::room::{Input, Vote};
    use crate::present::app::{Action, RoomOp, update};

    const CASE: &str = "case-domestic-worker";

    fn app() -> App {
        let deck = crate::deck::bundled::deck(crate::words::Lang::En)
            .unwrap_or_else(|e| panic!("the bundled deck: {e}"));
        let mut app = App::new(deck, 0);
        // Shared: the room opens only so.
        let url = "http://192.168.1.23:7878/".to_owned();
        update(&mut app, &Action::Sharing { url }, 0);
        app
    }

    fn room(app: &mut App, op: RoomOp) {
        update(app, &Action::Room { op }, 1);
    }

    /// A participant's input while its slide is on screen (only that slide takes input).
    fn send(app: &mut App, who: &str, input: Input) {
        let back = app.slide;
        app.slide = app.deck.position(input.slide_id()).unwrap_or(back);
        let op = RoomOp::Input {
            participant: who.into(),
            code: "K7Q2".into(),
            input,
        };
        room(app, op);
        app.slide = back;
    }

    fn text(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn with_responses(n: usize) -> App {
        let mut a = app();
        room(
            &mut a,
            RoomOp::Open {
                code: "K7Q2".into(),
            },
        );
        for i in 0..n {
            let input = Input::Respond {
                slide_id: "forms".into(),
                text: format!("response number {i}"),
            };
            send(&mut a, &format!("p{i}"), input);
        }
        a
    }

    #[test]
    fn the_queue_is_a_window_around_the_selection() {
        let mut a = with_responses(12);
        let w = crate::words::strings::for_lang("en");
        let view = View::default();
        let t = text(&queue_lines(&a, w, &view, 80, 5));
        assert!(t.starts_with("12 responses · ▶ 1/12"), "{t}");
        assert!(t.contains("▶ response number 0") && t.contains("response number 4"));
        assert!(!t.contains("response number 5"), "{t}");
        room(&mut a, RoomOp::Move { delta: 100 });
        let t = text(&queue_lines(&a, w, &view, 80, 5));
        assert!(t.contains("▶ response number 11") && t.contains("response number 7"));
        assert!(!t.contains("response number 6"), "{t}");
        // One row: the selected one alone; never wider than asked.
        let lines = queue_lines(&a, w, &view, 20, 1);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.width() <= 20), "{}", text(&lines));
    }

    /// A response that reached the state without the cleaner (not through `take`) still never
    /// brings a control character to the screen, in the queue or on the audience screen.
    #[test]
    fn response_text_is_cleaned_again_on_screen() {
        let mut a = with_responses(1);
        let raw = serde_json::json!({
            "id": 99,
            "slide_id": "forms",
            "at": 1,
            "text": "\u{1b}[2J\u{1b}]0;pwned\u{7}ok\u{202e}",
            "kept": true,
        });
        let r: Response = serde_json::from_value(raw).unwrap_or_else(|e| panic!("a response: {e}"));
        a.room.responses.push(r);
        room(&mut a, RoomOp::Move { delta: 1 });
        room(&mut a, RoomOp::ToggleOnScreen);
        assert_eq!(a.room.on_screen, Some(99));
        let w = crate::words::strings::for_lang("en");
        let view = View::default();
        let queue = text(&queue_lines(&a, w, &view, 80, 5));
        let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
        crate::present::ui::draw(&a, &view, buf.area, &mut buf);
        let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(screen.contains("ok"), "{screen}");
        for shown in [queue, screen] {
            assert!(
                !shown
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn the_console_says_what_the_audience_sees_of_the_room() {
        let mut a = with_responses(2);
        let w = crate::words::strings::for_lang("en");
        let view = View::default();
        let line = |a: &App| text(&console_lines(a, w, &view, 200));
        assert!(!line(&a).contains("audience sees"), "{}", line(&a));
        room(&mut a, RoomOp::ToggleOnScreen);
        assert!(
            line(&a).contains("▣ audience sees a response"),
            "{}",
            line(&a)
        );
        // Blanked: the box is not drawn, and the console does not claim it is.
        let blank = crate::present::app::OverlayKind::Blank;
        update(&mut a, &Action::Open { overlay: blank }, 1);
        assert!(!line(&a).contains("audience sees"), "{}", line(&a));
        update(&mut a, &Action::Close, 1);
        let at = a.deck.position(CASE).unwrap_or(0);
        update(&mut a, &Action::GoTo { slide: at }, 1);
        room(&mut a, RoomOp::ToggleTotals);
        assert!(
            line(&a).contains("▣ audience sees totals and a response"),
            "{}",
            line(&a)
        );
    }

    #[test]
    fn closed_the_console_says_so_and_the_code_goes() {
        let mut a = with_responses(2);
        let w = crate::words::strings::for_lang("en");
        let view = View::default();
        assert_eq!(status_code(&a, w).as_deref(), Some("Join code K7Q2"));
        room(&mut a, RoomOp::Close);
        assert_eq!(status_code(&a, w), None);
        let t = text(&console_lines(&a, w, &view, 80));
        assert_eq!(t, "Room: closed · 2 took part");
        // Never opened: nothing at all.
        let fresh = app();
        assert!(console_lines(&fresh, w, &view, 80).is_empty());
        assert!(queue_lines(&fresh, w, &view, 80, 5).is_empty());
        assert!(panel_counts(&fresh, true).is_none());
    }

    #[test]
    fn the_audience_boxes_leave_the_area_alone_unless_chosen_and_fit_any_area() {
        let mut a = with_responses(3);
        let at = a.deck.position(CASE).unwrap_or(0);
        update(&mut a, &Action::GoTo { slide: at }, 1);
        for who in ["a1", "b2", "c3"] {
            let vote = Input::Vote {
                slide_id: CASE.into(),
                vote: Vote::NotEnoughInformation,
            };
            send(&mut a, who, vote);
        }
        let w = crate::words::strings::for_lang("en");
        let view = View::default();
        let area = Rect::new(2, 1, 80, 23);
        let mut buf = Buffer::empty(Rect::new(0, 0, 90, 30));
        let none = panel_counts(&a, false);
        assert_eq!(none, None, "the totals are not shown");
        assert_eq!(audience(&a, &view, w, area, None, true, &mut buf), area);
        assert_eq!(buf, Buffer::empty(buf.area), "nothing drawn");
        room(&mut a, RoomOp::ToggleTotals);
        room(&mut a, RoomOp::ToggleOnScreen);
        let shown = panel_counts(&a, false);
        assert_eq!(shown.as_ref().map(|t| t.votes), Some([0, 0, 3]));
        let left = audience(&a, &view, w, area, shown.as_ref(), true, &mut buf);
        assert!(left.height < area.height && left.height >= area.height * 2 / 5);
        // Every area, from nothing to the buffer's size: inside it, never a panic.
        for width in 0..=90 {
            for height in 0..=30 {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(Rect::new(0, 0, 90, 30));
                let rows = width % 2 == 0;
                let left = audience(&a, &view, w, area, shown.as_ref(), rows, &mut buf);
                assert!(left.height <= area.height && left.y == area.y);
            }
        }
    }
}
