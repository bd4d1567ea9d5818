//! The elements checklist panel: groups of tick boxes, flags, the verdict of the current
//! framework, the answer key when revealed, and the disclaimer.
//!
//! Pure rendering of [`crate::deck::checklist`] results. Every signal that has a colour also has a
//! symbol or a word (☑/☐, "✓ satisfied" / "— missing", "● Indicated:" / "○ Not yet:",
//! "✓ agreed" / "✗ missed" / "+ extra"), with ASCII fallbacks when the view's glyphs are ASCII. The
//! widget never panics, whatever the area; when the content is taller than the area, the
//! footer (verdict, missing groups, key summary, disclaimer) stays pinned at the bottom and the
//! rows scroll so the selected one is visible.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

use crate::deck::checklist::{self, CaseState, Comparison, Mark, Row};
use crate::deck::model::{Answer, Checklist, Level};
use crate::present::ui::glyphs::Glyphs;
use crate::present::ui::room::Tally;
use crate::present::ui::theme::Theme;
use crate::words::strings::{self, ChecklistWords, Strings};

/// The panel. Build one per frame; it borrows everything.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistPanel<'a> {
    pub checklist: &'a Checklist,
    pub state: &'a CaseState,
    /// Index into `checklist.frameworks`.
    pub framework: usize,
    /// The selected row (index into [`checklist::rows_for`] of `framework`) when the panel has
    /// focus.
    pub cursor: Option<usize>,
    /// The case's answer key: `Some` only once revealed.
    pub answer: Option<&'a Answer>,
    /// Interface language for the panel's own words: `fr…` is French, anything else English.
    pub lang: &'a str,
    pub theme: &'a Theme,
    /// The view's symbol table: ☐/☑ and box-drawing borders, or (ASCII) `[ ]`/`[x]` and ASCII
    /// borders — multi-column stand-ins the per-cell fold of [`Glyphs::finish`] cannot make.
    pub glyphs: &'a Glyphs,
    /// The room's counts (issue 17): beside each row how many participants ticked it, and a
    /// legend in the footer. `None` draws the panel as it is without the room.
    pub room: Option<&'a Tally>,
}

/// Symbols, with ASCII fallbacks.
struct Symbols {
    ticked: &'static str,
    unticked: &'static str,
    cursor: &'static str,
    satisfied: &'static str,
    missing: &'static str,
    indicated: &'static str,
    incomplete: &'static str,
    agreed: &'static str,
    missed: &'static str,
    extra: &'static str,
    fair: &'static str,
    focus: Option<&'static str>,
    rule: &'static str,
    separator: &'static str,
    question_separator: &'static str,
    more_above: &'static str,
    more_below: &'static str,
    /// Before the heading of the group the accordion shows open, and of one collapsed.
    open: &'static str,
    closed: &'static str,
    /// Before a row's count of participants who ticked it (and the legend).
    room: &'static str,
}

const UNICODE: Symbols = Symbols {
    ticked: "☑",
    unticked: "☐",
    cursor: "›",
    satisfied: "✓",
    missing: "—",
    indicated: "●",
    incomplete: "○",
    agreed: "✓",
    missed: "✗",
    extra: "+",
    fair: "≈",
    focus: Some("▶"),
    rule: "─",
    separator: " · ",
    question_separator: " · ",
    more_above: "▲",
    more_below: "▼",
    open: "▾",
    closed: "▸",
    room: crate::present::ui::room::COUNT,
};

const ASCII: Symbols = Symbols {
    ticked: "[x]",
    unticked: "[ ]",
    cursor: ">",
    satisfied: "*",
    missing: "-",
    indicated: "*",
    incomplete: "o",
    agreed: "=",
    missed: "!",
    extra: "+",
    fair: "~",
    focus: None,
    rule: "-",
    separator: ", ",
    question_separator: " - ",
    more_above: "^",
    more_below: "v",
    open: "-",
    closed: "+",
    room: "#",
};

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_FOCUS_BORDER: border::Set = border::Set {
    top_left: "#",
    top_right: "#",
    bottom_left: "#",
    bottom_right: "#",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "=",
    horizontal_bottom: "=",
};

/// One laid-out line of the panel, and the selectable row it belongs to.
struct Laid {
    line: Line<'static>,
    row: Option<usize>,
}

/// The panel's content at one width: the scrolling rows and the footer.
struct Content {
    body: Vec<Laid>,
    /// For each selectable row, the first body line to show with it (its group header for a
    /// group's first item, otherwise its own first line).
    anchors: Vec<usize>,
    footer: Vec<Laid>,
    /// The rows the footer is given: enough for its tallest verdict under this framework, so
    /// ticking never moves the rows above it.
    footer_room: usize,
}

/// Per-frame measures shared by every compaction level (see [`ChecklistPanel::measures`]).
struct Measures {
    bound: usize,
    now: Option<Comparison>,
    flipped: Option<Comparison>,
}

/// Compaction levels, least compact first: everything (questions on their own lines, blank
/// lines between groups) …
const ROOMY: u8 = 0;
/// … each group's question on its heading line when it fits there, else left out …
const INLINE_QUESTION: u8 = 1;
/// … no blank lines between groups …
const NO_BLANKS: u8 = 2;
/// … no questions, no blank line before the flags, the deck's short labels and short
/// disclaimer …
const SHORT: u8 = 3;
/// … the accordion: only the group in focus (the cursor's) open, every other group one
/// heading line with its tick count ("▸ MEANS ✓ 1/5 ticked"); without focus (nothing can be
/// ticked then), each heading with only its ticked rows, and the rows the answer key marks …
const ACCORDION: u8 = 4;
/// … and, without focus, the headings alone.
const HEADINGS: u8 = 5;

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// Appends a wrapped paragraph: `first` spans, then `text` wrapped so that continuation lines
/// are indented by `indent` columns, then `suffix` kept together on the last line (or on a
/// line of its own when it does not fit). Whether the suffix fits is judged as if it were
/// `suffix_room` columns wide when that is wider, so a suffix that changes (a mark, a status)
/// never rewraps the paragraph.
#[allow(clippy::too_many_arguments)]
fn para(
    out: &mut Vec<Laid>,
    width: usize,
    first: Vec<Span<'static>>,
    indent: usize,
    text: &str,
    style: Style,
    suffix: Vec<Span<'static>>,
    suffix_room: usize,
    row: Option<usize>,
) {
    let width = width.max(1);
    let first_w = width_of(&first);
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    if text.is_empty() {
        lines.push(first);
    } else {
        let initial = " ".repeat(first_w);
        let subsequent = " ".repeat(indent);
        let opts = textwrap::Options::new(width.max(first_w + 1).max(indent + 1))
            .initial_indent(&initial)
            .subsequent_indent(&subsequent);
        let mut first = Some(first);
        for (n, piece) in textwrap::wrap(text, opts).into_iter().enumerate() {
            let (lead, strip) = match (n, first.take()) {
                (0, Some(f)) => (f, first_w),
                (_, f) => {
                    first = f;
                    (vec![Span::raw(subsequent.clone())], indent)
                }
            };
            let rest = piece.get(strip..).unwrap_or(piece.trim_start()).to_string();
            let mut spans = lead;
            spans.push(Span::styled(rest, style));
            lines.push(spans);
        }
        if let Some(f) = first {
            // Nothing came out of the wrapper (whitespace only): keep the prefix.
            lines.push(f);
        }
    }
    if !suffix.is_empty() || suffix_room > 0 {
        let suffix_w = width_of(&suffix).max(suffix_room);
        match lines.last_mut() {
            Some(last) if width_of(last) + suffix_w <= width => last.extend(suffix),
            _ => {
                let mut spans = vec![Span::raw(" ".repeat(indent))];
                // A suffix on its own line does not need its leading spaces.
                let mut suffix = suffix;
                if let Some(s) = suffix.first_mut() {
                    s.content = s.content.trim_start().to_string().into();
                }
                spans.extend(suffix);
                lines.push(spans);
            }
        }
    }
    out.extend(lines.into_iter().map(|spans| Laid {
        line: Line::from(spans),
        row,
    }));
}

/// Appends `lead` then `segments` separated by `sep`, each segment kept whole: a segment that
/// does not fit starts a new line indented by `indent`.
fn flow(
    out: &mut Vec<Laid>,
    width: usize,
    lead: Span<'static>,
    segments: &[Span<'static>],
    sep: Span<'static>,
    indent: usize,
) {
    let mut line = vec![lead];
    let mut has_segment = false;
    for seg in segments {
        let used = width_of(&line);
        let sep_w = if has_segment { sep.content.width() } else { 0 };
        if used + sep_w + seg.content.width() > width && used > indent {
            out.push(Laid {
                line: Line::from(std::mem::take(&mut line)),
                row: None,
            });
            line.push(Span::raw(" ".repeat(indent)));
        } else if has_segment {
            line.push(sep.clone());
        }
        line.push(seg.clone());
        has_segment = true;
    }
    out.push(Laid {
        line: Line::from(line),
        row: None,
    });
}

fn blank(out: &mut Vec<Laid>) {
    out.push(Laid {
        line: Line::default(),
        row: None,
    });
}

impl ChecklistPanel<'_> {
    fn strings(&self) -> &'static Strings {
        strings::for_lang(self.lang)
    }

    fn words(&self) -> &'static ChecklistWords {
        &self.strings().checklist
    }

    fn symbols(&self) -> &'static Symbols {
        if self.glyphs.ascii { &ASCII } else { &UNICODE }
    }

    /// Rows needed to show everything at the roomiest layout (questions on their own lines,
    /// blank lines between groups), borders included, at a given outer width. Like every
    /// height here it does not depend on what is ticked: it counts the footer's tallest
    /// verdict and the widest marks.
    pub fn content_height(&self, width: u16) -> u16 {
        self.height_at(width, ROOMY)
    }

    /// The fewest rows that still show every row without scrolling (questions and blank lines
    /// left out, short labels), borders included. Between this and [`Self::content_height`]
    /// the panel compacts; below it, the groups out of focus collapse to one line each.
    pub fn compact_height(&self, width: u16) -> u16 {
        self.height_at(width, SHORT)
    }

    /// The rows the accordion needs (every heading, the group in focus open, the flags and
    /// the footer; without focus, the headings alone), borders included; below it, the rows
    /// scroll.
    pub fn accordion_height(&self, width: u16) -> u16 {
        self.height_at(width, HEADINGS)
    }

    fn height_at(&self, width: u16, level: u8) -> u16 {
        let inner = width.saturating_sub(2 + 2 * PAD);
        let c = self.content(inner, level, &self.measures(inner));
        u16::try_from(c.body.len() + c.footer_room + 2).unwrap_or(u16::MAX)
    }

    fn level_style(&self, level: Level) -> Style {
        match level {
            Level::Indicated => self.theme.ok,
            Level::Incomplete => self.theme.warn,
        }
    }

    fn mark_suffix(&self, mark: Option<Mark>) -> Vec<Span<'static>> {
        let (w, s) = (self.words(), self.symbols());
        let Some(mark) = mark else {
            return Vec::new();
        };
        let (sym, word, style) = match mark {
            Mark::Agreed => (s.agreed, w.agreed, self.theme.ok),
            Mark::Missed => (s.missed, w.missed, self.theme.bad),
            Mark::Extra => (s.extra, w.extra, self.theme.warn),
            Mark::Fair => (s.fair, w.fair, self.theme.ok),
        };
        vec![Span::styled(format!("  {sym} {word}"), style)]
    }

    /// `◉ 12` at the right of a row the room ticked (nothing for none).
    fn count_text(&self, n: usize) -> String {
        if n == 0 {
            return String::new();
        }
        format!("{} {n}", self.symbols().room)
    }

    /// How many participants ticked `row`.
    fn room_count(&self, row: Row) -> usize {
        self.room
            .and_then(|r| r.rows.get(&row).copied())
            .unwrap_or(0)
    }

    /// The room's legend: `◉ ticked by the room · 14 took part`.
    fn room_lines(&self, out: &mut Vec<Laid>, width: usize) {
        let Some(r) = self.room else {
            return;
        };
        let (st, s, t) = (self.strings(), self.symbols(), self.theme);
        let segments = [
            Span::styled(st.room.ticked_by_room, t.accent),
            Span::styled(st.count(r.took_part as u64, &st.room.took_part), t.base),
        ];
        flow(
            out,
            width,
            Span::styled(format!("{} ", s.room), t.accent),
            &segments,
            Span::styled(s.separator, t.dim),
            2,
        );
    }

    /// The group whose items the accordion shows: the group of the row under the cursor.
    fn focused_group(&self) -> Option<usize> {
        let row = checklist::rows_for(self.checklist, self.framework)
            .get(self.cursor?)
            .copied()?;
        match row {
            Row::Item(g, _) => Some(g),
            Row::Flag(_) => None,
        }
    }

    /// The verdict's lines (and what the nearest rule still needs, when not indicated).
    fn verdict_lines(&self, out: &mut Vec<Laid>, width: usize, level: Level, say: &str) {
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let indicated = level == Level::Indicated;
        let (sym, word) = if indicated {
            (s.indicated, w.indicated)
        } else {
            (s.incomplete, w.not_yet)
        };
        para(
            out,
            width,
            vec![Span::styled(
                format!("{sym} {word} "),
                self.level_style(level),
            )],
            sym.width() + 1,
            say,
            t.base,
            vec![],
            0,
            None,
        );
    }

    fn missing_lines(&self, out: &mut Vec<Laid>, width: usize, missing: &[String]) {
        if missing.is_empty() {
            return;
        }
        let (w, t) = (self.words(), self.theme);
        para(
            out,
            width,
            vec![Span::styled(w.missing, t.warn)],
            2,
            &missing.join(", "),
            t.warn,
            vec![],
            0,
            None,
        );
    }

    /// The answer key's summary: `counts` are (agreed, missed, extra, fair).
    fn key_lines(&self, out: &mut Vec<Laid>, width: usize, counts: [usize; 4]) {
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let st = self.strings();
        let [agreed, missed, extra, fair] = counts;
        let n = |c: usize| c as u64;
        let mut parts = vec![
            (s.agreed, st.count(n(agreed), &w.agreed_count), t.ok),
            // Nothing missed, nothing extra: neutral, not an alarm.
            (
                s.missed,
                st.count(n(missed), &w.missed_count),
                if missed == 0 { t.dim } else { t.bad },
            ),
            (
                s.extra,
                st.count(n(extra), &w.extra_count),
                if extra == 0 { t.dim } else { t.warn },
            ),
        ];
        if fair > 0 {
            parts.push((s.fair, st.count(n(fair), &w.fair_count), t.ok));
        }
        let segments: Vec<Span<'static>> = parts
            .into_iter()
            .map(|(sym, text, style)| Span::styled(format!("{sym} {text}"), style))
            .collect();
        flow(
            out,
            width,
            Span::styled(w.key, t.accent),
            &segments,
            Span::styled(s.separator, t.dim),
            2,
        );
    }

    /// The most lines the verdict, the missing line and the key's summary can take under this
    /// framework, whatever is ticked: the footer is given that much room, so a tick that
    /// changes the verdict never moves the rows above it.
    fn footer_bound(&self, width: usize) -> usize {
        let cl = self.checklist;
        let mut scratch = Vec::new();
        let mut count = |f: &mut dyn FnMut(&mut Vec<Laid>)| {
            scratch.clear();
            f(&mut scratch);
            scratch.len()
        };
        let mut verdict = 0;
        match cl.frameworks.get(self.framework) {
            Some(fw) if !fw.rules.is_empty() => {
                // What the nearest rule can still need: at most every condition of one rule.
                let missing = fw
                    .rules
                    .iter()
                    .filter(|r| r.level == Level::Indicated)
                    .map(|r| {
                        let mut all: Vec<String> = r
                            .all
                            .iter()
                            .map(|&c| checklist::cond_label(cl, c))
                            .collect();
                        if !r.any.is_empty() {
                            let any: Vec<String> = r
                                .any
                                .iter()
                                .map(|&c| checklist::cond_label(cl, c))
                                .collect();
                            all.push(any.join(" or "));
                        }
                        count(&mut |out| self.missing_lines(out, width, &all))
                    })
                    .max()
                    .unwrap_or(0);
                for r in &fw.rules {
                    let lines = count(&mut |out| self.verdict_lines(out, width, r.level, &r.say));
                    let extra = if r.level == Level::Indicated {
                        0
                    } else {
                        missing
                    };
                    verdict = verdict.max(lines + extra);
                }
            }
            _ => {
                let no_rule = self.words().no_rule;
                let all: Vec<String> = cl.groups.iter().map(|g| g.label.clone()).collect();
                verdict = count(&mut |out| {
                    self.verdict_lines(out, width, Level::Incomplete, no_rule);
                    self.missing_lines(out, width, &all);
                });
            }
        }
        let key = match self.answer {
            Some(a) => {
                let most = checklist::rows(cl).len();
                let fair = if a.defensible.is_empty() && a.defensible_flags.is_empty() {
                    0
                } else {
                    most
                };
                count(&mut |out| self.key_lines(out, width, [most, most, most, fair]))
            }
            None => 0,
        };
        verdict + key
    }

    /// Lays out the content for an inner width at a compaction `level` (see [`ROOMY`] …
    /// [`ACCORDION`]): the panel uses the least compact level that fits its area. Nothing
    /// here moves when a row is ticked: rows are laid out for their widest mark, headings for
    /// their widest status, and the footer is given room for its tallest verdict
    /// (`footer_room`).
    /// What every compaction level shares at one inner width: the footer's bound and the
    /// comparisons with the answer key (computed once per frame, not once per level).
    fn measures(&self, width: u16) -> Measures {
        let cl = self.checklist;
        let compare = |st: &CaseState| {
            self.answer
                .map(|answer| checklist::compare(cl, answer, self.framework, st))
        };
        // A row's mark depends only on whether it is ticked: the state with every row
        // flipped gives each row its other mark.
        let flipped = self.state.flipped(cl);
        Measures {
            bound: self.footer_bound(usize::from(width)),
            now: compare(self.state),
            flipped: compare(&flipped),
        }
    }

    fn content(&self, width: u16, level: u8, m: &Measures) -> Content {
        let width = usize::from(width);
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let cl = self.checklist;
        let comparison = m.now.as_ref();
        // Each row is laid out for the wider of the two marks it can have (ticked or not).
        // The room's column is as wide as the most a count can be (everyone who took part).
        let count_room = match self.room {
            Some(r) => self.count_text(r.took_part.max(1)).width() + 1,
            None => 0,
        };
        let mark_room = |row: Row| -> usize {
            let now = comparison.and_then(|c| c.mark(row));
            let other = m.flipped.as_ref().and_then(|c| c.mark(row));
            width_of(&self.mark_suffix(now)).max(width_of(&self.mark_suffix(other)))
        };
        let short = level >= SHORT;
        let accordion = level >= ACCORDION;
        let open = self.focused_group();
        let selected = self.cursor;
        let mut body = Vec::new();
        let mut anchors = Vec::new();
        let mut row_index = 0usize;

        // The framework line: pinned in the footer, so `f` always shows what changed.
        let mut framework_lines = Vec::new();
        if let Some(fw) = cl.frameworks.get(self.framework) {
            // Short of room, the label and its key say what it is without "Framework:".
            let lead = if short { "" } else { w.framework };
            para(
                &mut framework_lines,
                width,
                vec![Span::styled(lead, t.dim)],
                2,
                &fw.label,
                t.accent,
                vec![Span::styled(w.switch_hint, t.dim)],
                0,
                None,
            );
        }

        let push_row = |body: &mut Vec<Laid>,
                        anchors: &mut Vec<usize>,
                        here: usize,
                        anchor: Option<usize>,
                        row: Row,
                        label: &str| {
            let is_selected = selected == Some(here);
            let ticked = self.state.is_ticked(row);
            let marker = if is_selected { s.cursor } else { " " };
            let (tick, tick_style) = if ticked {
                (s.ticked, t.accent)
            } else {
                (s.unticked, t.base)
            };
            let first = vec![
                Span::styled(format!("{marker} "), t.accent),
                Span::styled(tick, tick_style),
                Span::raw(" "),
            ];
            let indent = width_of(&first);
            anchors.push(anchor.unwrap_or(body.len()));
            let mark = comparison.as_ref().and_then(|c| c.mark(row));
            // The room's count in a column of its own at the right, on the row's first line.
            let text_w = width.saturating_sub(count_room).max(indent + 1);
            let start = body.len();
            para(
                body,
                text_w,
                first,
                indent,
                label,
                t.base,
                self.mark_suffix(mark),
                mark_room(row),
                Some(here),
            );
            if count_room > 0
                && let Some(laid) = body.get_mut(start)
            {
                let count = self.count_text(self.room_count(row));
                let pad = (text_w + count_room)
                    .saturating_sub(width_of(&laid.line.spans) + count.width());
                laid.line.spans.push(Span::raw(" ".repeat(pad)));
                laid.line.spans.push(Span::styled(count, t.accent));
            }
        };

        let fw = self.framework;
        let status = checklist::group_status(cl, fw, self.state);
        for (g, group) in cl.groups.iter().enumerate() {
            // Only the rows this framework uses.
            let items: Vec<usize> = (0..group.items.len())
                .filter(|&i| checklist::uses_item(cl, fw, g, i))
                .collect();
            if items.is_empty() {
                continue;
            }
            if level < NO_BLANKS {
                blank(&mut body);
            }
            let header_start = body.len();
            let ok = status.get(g).copied().unwrap_or(false);
            let required = checklist::required(cl, fw, g);
            let status_of = |ok: bool| match (ok, required) {
                (true, _) => (s.satisfied, w.satisfied, t.ok),
                (false, true) => (s.missing, w.missing_group, t.warn),
                // Evidence, not an element (MEANS under the Criminal Code).
                (false, false) => (s.missing, w.evidence, t.dim),
            };
            let is_open = !accordion || open == Some(g);
            let ticked = items
                .iter()
                .filter(|&&i| self.state.items.contains(&(g, i)))
                .count();
            let total = items.len();
            // The heading's status: "✓ satisfied" open; collapsed, the symbol and the count
            // ("✓ 1/5 ticked", "— 0/5 ticked"), with the word only for evidence ("— not
            // required · 0/3 ticked").
            let status_text = |ok: bool, n: usize| -> String {
                let (sym, word, _) = status_of(ok);
                if is_open {
                    format!(" {sym} {word}")
                } else {
                    let count = self
                        .strings()
                        .count(n as u64, &w.ticked_count)
                        .replace("{total}", &total.to_string());
                    if ok || required {
                        format!(" {sym} {count}")
                    } else {
                        format!(" {sym} {word}{}{count}", s.separator)
                    }
                }
            };
            // Laid out for the widest status the heading can have, so a tick never rewraps it.
            let mut header_room = (0..=total)
                .flat_map(|n| [status_text(true, n), status_text(false, n)])
                .map(|t| t.width())
                .max()
                .unwrap_or(0);
            let mut header_suffix = vec![Span::styled(status_text(ok, ticked), status_of(ok).2)];
            let mut lead = Vec::new();
            if accordion {
                let arrow = if is_open { s.open } else { s.closed };
                lead.push(Span::styled(format!("{arrow} "), t.accent));
            }
            let question = cl
                .frameworks
                .get(fw)
                .and_then(|f| f.questions.iter().find(|(qg, _)| *qg == g))
                .map(|(_, q)| q.as_str())
                .or(group.question.as_deref())
                .filter(|q| !q.trim().is_empty());
            if let Some(q) = question.filter(|_| (INLINE_QUESTION..SHORT).contains(&level)) {
                let inline = format!("{}{q}", s.question_separator);
                if group.label.width() + header_room + inline.width() <= width {
                    header_room += inline.width();
                    header_suffix.push(Span::styled(inline, t.dim));
                }
            }
            let lead_w = width_of(&lead);
            para(
                &mut body,
                width,
                lead,
                lead_w,
                &group.label,
                t.title,
                header_suffix,
                header_room,
                None,
            );
            if let Some(q) = question.filter(|_| level == ROOMY) {
                para(
                    &mut body,
                    width,
                    vec![Span::raw("  ")],
                    2,
                    q,
                    t.dim,
                    vec![],
                    0,
                    None,
                );
            }
            for (n, &i) in items.iter().enumerate() {
                let summary = self.cursor.is_none()
                    && level == ACCORDION
                    && (self.state.items.contains(&(g, i))
                        || comparison
                            .as_ref()
                            .is_some_and(|c| c.mark(Row::Item(g, i)).is_some()));
                if !is_open && !summary {
                    // Collapsed: the row exists (the cursor walks it) but has no line.
                    anchors.push(header_start);
                    row_index += 1;
                    continue;
                }
                let anchor = (n == 0).then_some(header_start);
                let item = &group.items[i];
                let label = match &item.short {
                    Some(sh) if short => sh.as_str(),
                    _ => item.label.as_str(),
                };
                push_row(
                    &mut body,
                    &mut anchors,
                    row_index,
                    anchor,
                    Row::Item(g, i),
                    label,
                );
                row_index += 1;
            }
        }
        let flags: Vec<usize> = (0..cl.flags.len())
            .filter(|&f| checklist::uses_flag(cl, fw, f))
            .collect();
        if !flags.is_empty() {
            if level < SHORT {
                blank(&mut body);
            }
            for f in flags {
                let flag = &cl.flags[f];
                let label = match &flag.short {
                    Some(sh) if short => sh.as_str(),
                    _ => flag.label.as_str(),
                };
                push_row(
                    &mut body,
                    &mut anchors,
                    row_index,
                    None,
                    Row::Flag(f),
                    label,
                );
                row_index += 1;
            }
        }

        // The footer: verdict, missing groups, key summary, disclaimer.
        let mut footer = Vec::new();
        footer.push(Laid {
            line: Line::styled(s.rule.repeat(width), t.border),
            row: None,
        });
        footer.append(&mut framework_lines);
        self.room_lines(&mut footer, width);
        let fixed = footer.len();
        let verdict = checklist::evaluate(cl, self.framework, self.state);
        let say = if verdict.rule.is_some() {
            verdict.say.as_str()
        } else {
            w.no_rule
        };
        let verdict_level = if verdict.indicated() {
            Level::Indicated
        } else {
            Level::Incomplete
        };
        self.verdict_lines(&mut footer, width, verdict_level, say);
        if !verdict.indicated() {
            let missing = checklist::missing_for(cl, self.framework, self.state);
            self.missing_lines(&mut footer, width, &missing);
        }
        if let Some(c) = &comparison {
            self.key_lines(
                &mut footer,
                width,
                [
                    c.count(Mark::Agreed),
                    c.count(Mark::Missed),
                    c.count(Mark::Extra),
                    c.count(Mark::Fair),
                ],
            );
        }
        let varying = footer.len() - fixed;
        let disclaimer = if short {
            cl.short_disclaimer.as_deref().or(cl.disclaimer.as_deref())
        } else {
            cl.disclaimer.as_deref()
        };
        let before = footer.len();
        if let Some(d) = disclaimer.filter(|d| !d.trim().is_empty()) {
            para(&mut footer, width, Vec::new(), 0, d, t.dim, vec![], 0, None);
        }
        let disclaimer_lines = footer.len() - before;
        let footer_room = fixed + m.bound.max(varying) + disclaimer_lines;

        Content {
            body,
            anchors,
            footer,
            footer_room,
        }
    }

    fn block(&self) -> Block<'static> {
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let focused = self.cursor.is_some();
        let set = match (!self.glyphs.ascii, focused) {
            (true, true) => border::DOUBLE,
            (true, false) => border::PLAIN,
            (false, true) => ASCII_FOCUS_BORDER,
            (false, false) => ASCII_BORDER,
        };
        let mut title = Vec::new();
        if focused {
            title.push(Span::styled(
                format!(" {} ", s.focus.unwrap_or(w.focus)),
                t.accent,
            ));
        } else {
            title.push(Span::raw(" "));
        }
        title.push(Span::styled(self.checklist.title.clone(), t.title));
        title.push(Span::raw(" "));
        Block::default()
            .borders(Borders::ALL)
            .border_set(set)
            .border_style(if focused { t.accent } else { t.border })
            .padding(ratatui::widgets::Padding::horizontal(PAD))
            .title(Line::from(title))
    }
}

/// The scroll offset that keeps `cursor`'s lines (and its group header when it fits) inside a
/// viewport of `height` lines.
fn scroll_for(lines: &[Laid], anchors: &[usize], cursor: Option<usize>, height: usize) -> usize {
    let total = lines.len();
    if total <= height || height == 0 {
        return 0;
    }
    let Some(cursor) = cursor else {
        return 0;
    };
    let Some(first) = lines.iter().position(|l| l.row == Some(cursor)) else {
        return 0;
    };
    let last = lines
        .iter()
        .rposition(|l| l.row == Some(cursor))
        .unwrap_or(first);
    let anchor = anchors.get(cursor).copied().unwrap_or(first).min(first);
    let top = if last + 1 - anchor <= height {
        anchor
    } else {
        first
    };
    // Show the row as low as needed, and never above its anchor.
    let offset = (last + 1).saturating_sub(height).min(top);
    offset.min(total - height)
}

fn draw_lines(buf: &mut Buffer, area: Rect, lines: &[Laid], selected: Option<usize>, sel: Style) {
    for (y, laid) in (area.top()..area.bottom()).zip(lines) {
        buf.set_line(area.x, y, &laid.line, area.width);
        if selected.is_some() && laid.row == selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), sel);
        }
    }
}

/// Columns of space between the border and the text, on each side.
const PAD: u16 = 1;

impl Widget for &ChecklistPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let block = self.block();
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        let height = usize::from(inner.height);
        // The least compact level that fits. Heights do not depend on what is ticked, so a
        // tick never changes the level, and the row under the cursor stays where it is.
        let m = self.measures(inner.width);
        let mut c = self.content(inner.width, ROOMY, &m);
        for level in INLINE_QUESTION..=HEADINGS {
            if c.body.len() + c.footer_room <= height {
                break;
            }
            c = self.content(inner.width, level, &m);
        }
        let selected = self.cursor;
        let sel = self.theme.selected;
        let footer_room = c.footer_room.max(c.footer.len());

        // Everything fits, or the footer can be pinned under at least 3 rows, or nothing is
        // pinned and it all scrolls as one list (the footer padded to its room).
        let (body_area, footer_area, scrolled): (Rect, Option<Rect>, Vec<Laid>);
        let total = c.body.len() + footer_room;
        if total <= height || height >= footer_room + 3 {
            let footer_h = c.footer.len().min(height);
            let body_h = if total <= height {
                c.body.len()
            } else {
                height - footer_room
            };
            let body_h16 = u16::try_from(body_h).unwrap_or(inner.height);
            let footer_h16 = u16::try_from(footer_h).unwrap_or(0);
            body_area = Rect::new(inner.x, inner.y, inner.width, body_h16);
            footer_area = Some(Rect::new(
                inner.x,
                inner.y.saturating_add(body_h16),
                inner.width,
                footer_h16.min(inner.height.saturating_sub(body_h16)),
            ));
            scrolled = std::mem::take(&mut c.body);
        } else {
            body_area = inner;
            footer_area = None;
            let mut all = std::mem::take(&mut c.body);
            let pad = footer_room - c.footer.len();
            all.append(&mut c.footer);
            all.extend((0..pad).map(|_| Laid {
                line: Line::default(),
                row: None,
            }));
            scrolled = all;
        }

        let view = usize::from(body_area.height);
        let offset = scroll_for(&scrolled, &c.anchors, selected, view);
        let visible = scrolled.get(offset..).unwrap_or(&[]);
        draw_lines(buf, body_area, visible, selected, sel);
        if let Some(fa) = footer_area {
            draw_lines(buf, fa, &c.footer, None, sel);
        }

        // Scroll hints on the right border.
        let s = self.symbols();
        // The right border: past the inner area and its padding.
        let border_x = inner.right() + PAD.min(area.right().saturating_sub(inner.right()));
        if border_x < area.right() && view > 0 {
            let style = self.theme.accent;
            if offset > 0
                && let Some(cell) = buf.cell_mut((border_x, body_area.top()))
            {
                cell.set_symbol(s.more_above).set_style(style);
            }
            if offset + view < scrolled.len()
                && let Some(cell) = buf.cell_mut((border_x, body_area.bottom().saturating_sub(1)))
            {
                cell.set_symbol(s.more_below).set_style(style);
            }
        }
    }
}

impl Widget for ChecklistPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        (&self).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::checklist::fixture::{self, ACT, CANADA, MEANS, MINOR, PROTOCOL, PURPOSE};
    use crate::present::ui::glyphs;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};

    const HARBOUR: (usize, usize) = (ACT, 3);
    const RECRUIT: (usize, usize) = (ACT, 0);
    const THREAT: (usize, usize) = (MEANS, 0);
    const FRAUD: (usize, usize) = (MEANS, 2);
    const EXPLOIT: (usize, usize) = (PURPOSE, 0);

    fn state(items: &[(usize, usize)], flags: &[usize]) -> CaseState {
        CaseState {
            items: items.iter().copied().collect(),
            flags: flags.iter().copied().collect(),
            revealed: false,
        }
    }

    fn checklist_fr() -> Checklist {
        fixture::checklist_fr()
    }

    struct Case {
        checklist: Checklist,
        state: CaseState,
        framework: usize,
        cursor: Option<usize>,
        answer: Option<Answer>,
        lang: &'static str,
        theme: Theme,
        glyphs: &'static Glyphs,
        room: Option<Tally>,
    }

    impl Case {
        fn new(state: CaseState) -> Self {
            Case {
                checklist: fixture::checklist(),
                state,
                framework: PROTOCOL,
                cursor: None,
                answer: None,
                lang: "en",
                theme: Theme::dark(),
                glyphs: &glyphs::UNICODE,
                room: None,
            }
        }

        fn panel(&self) -> ChecklistPanel<'_> {
            ChecklistPanel {
                checklist: &self.checklist,
                state: &self.state,
                framework: self.framework,
                cursor: self.cursor,
                answer: self.answer.as_ref(),
                lang: self.lang,
                theme: &self.theme,
                glyphs: self.glyphs,
                room: self.room.as_ref(),
            }
        }

        fn terminal(&self, w: u16, h: u16) -> Terminal<TestBackend> {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
            let panel = self.panel();
            terminal
                .draw(|f| f.render_widget(panel, f.area()))
                .expect("draw");
            terminal
        }

        fn buffer(&self, w: u16, h: u16) -> Buffer {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            self.panel().render(buf.area, &mut buf);
            buf
        }
    }

    fn rosa_key() -> Answer {
        Answer {
            items: vec![HARBOUR, THREAT, EXPLOIT],
            flags: vec![],
            defensible: vec![(MEANS, 3)],
            ..Answer::default()
        }
    }

    /// The text of each buffer line.
    fn lines(buf: &Buffer) -> Vec<String> {
        let a = buf.area;
        (a.top()..a.bottom())
            .map(|y| {
                (a.left()..a.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    fn scenarios() -> Vec<(&'static str, Case)> {
        let mut out = Vec::new();
        out.push(("empty", Case::new(CaseState::default())));

        let mut partial = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        partial.cursor = Some(6); // MEANS: Abduction
        out.push(("partial_focus", partial));

        out.push((
            "child_rule",
            Case::new(state(&[RECRUIT, EXPLOIT], &[MINOR])),
        ));

        let mut canada = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        canada.framework = CANADA;
        out.push(("canada_act_purpose", canada));

        let mut revealed = Case::new(CaseState {
            revealed: true,
            ..state(&[HARBOUR, FRAUD, EXPLOIT], &[])
        });
        revealed.answer = Some(rosa_key());
        revealed.cursor = Some(0);
        out.push(("answer_revealed", revealed));

        let mut ascii = Case::new(CaseState {
            revealed: true,
            ..state(&[HARBOUR, FRAUD, EXPLOIT], &[MINOR])
        });
        ascii.glyphs = &glyphs::ASCII;
        ascii.cursor = Some(17); // the under-18 flag
        ascii.answer = Some(rosa_key());
        out.push(("ascii", ascii));

        let mut fr = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        fr.checklist = checklist_fr();
        fr.lang = "fr";
        fr.cursor = Some(1);
        out.push(("french", fr));

        let mut fr_child = Case::new(state(&[RECRUIT, EXPLOIT], &[MINOR]));
        fr_child.checklist = checklist_fr();
        fr_child.lang = "fr";
        out.push(("french_child_rule", fr_child));
        out
    }

    #[test]
    fn snapshots_side_panel_and_overlay() {
        for (name, case) in scenarios() {
            for (w, h, layout) in [(40, 30, "side"), (80, 24, "overlay")] {
                let terminal = case.terminal(w, h);
                insta::assert_snapshot!(format!("{name}_{layout}_{w}x{h}"), terminal.backend());
            }
        }
    }

    #[test]
    fn never_panics_at_any_size() {
        let cases = scenarios();
        // Unfocused; focused with the key revealed; ASCII, focused on the flag.
        let sample = [&cases[0].1, &cases[4].1, &cases[5].1];
        for w in 0..60u16 {
            for h in 0..40u16 {
                for case in sample {
                    let _ = case.buffer(w, h);
                }
            }
        }
        // Offset areas, areas larger than the buffer, areas partly outside it.
        let case = &cases[4].1;
        let mut buf = Buffer::empty(Rect::new(2, 3, 20, 10));
        for area in [
            Rect::new(5, 4, 30, 30),
            Rect::new(0, 0, 100, 100),
            Rect::new(21, 12, 5, 5),
            Rect::new(200, 200, 5, 5),
            Rect::new(2, 3, 1, 1),
        ] {
            case.panel().render(area, &mut buf);
        }
        // An out-of-range framework and cursor.
        let mut odd = Case::new(state(&[HARBOUR], &[]));
        odd.framework = 9;
        odd.cursor = Some(99);
        let text = lines(&odd.buffer(40, 30)).join("\n");
        assert!(
            text.contains("Not yet: no rule of this framework"),
            "{text}"
        );
    }

    #[test]
    fn the_selected_row_is_always_visible_reversed_and_marked() {
        let cl = fixture::checklist();
        let rows = checklist::rows_for(&cl, PROTOCOL);
        for (w, h) in [(40, 30), (40, 16), (80, 12), (30, 8), (80, 24)] {
            for (cursor, &row) in rows.iter().enumerate() {
                let mut case = Case::new(state(&[HARBOUR], &[]));
                case.cursor = Some(cursor);
                let buf = case.buffer(w, h);
                let text = lines(&buf);
                let (label, short) = match row {
                    Row::Item(g, i) => (&cl.groups[g].items[i].label, &cl.groups[g].items[i].short),
                    Row::Flag(f) => (&cl.flags[f].label, &cl.flags[f].short),
                };
                // The full label, or the short one when room is short.
                let first_word = label.split(' ').next().unwrap_or_default();
                let short_word = short
                    .as_deref()
                    .and_then(|s| s.split(' ').next())
                    .unwrap_or(first_word);
                let y = text
                    .iter()
                    .position(|l| {
                        l.contains("› ") && (l.contains(first_word) || l.contains(short_word))
                    })
                    .unwrap_or_else(|| {
                        panic!(
                            "{w}x{h} cursor {cursor}: no › {first_word}\n{}",
                            text.join("\n")
                        )
                    });
                let y = u16::try_from(y).expect("small");
                assert!(
                    buf[(2, y)].modifier.contains(Modifier::REVERSED),
                    "{w}x{h} cursor {cursor}: selected row is not reversed"
                );
                // Exactly one row is selected.
                assert_eq!(text.iter().filter(|l| l.contains('›')).count(), 1);
            }
        }
    }

    #[test]
    fn content_height_fits_everything_then_the_panel_compacts_then_scrolls() {
        let mut case = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        case.cursor = Some(0);
        for w in [30u16, 40, 60, 80] {
            let h = case.panel().content_height(w);
            let lines_at = |h: u16| lines(&case.buffer(w, h));
            let full = lines_at(h);
            let text = full.join("\n");
            // Everything, questions on their own lines, nothing hidden.
            assert!(
                full.iter().any(|l| l.contains("  What was done?")),
                "{w}x{h}\n{text}"
            );
            assert!(text.contains("under 18"), "{w}x{h}\n{text}");
            assert!(text.contains("A teaching aid"), "{w}x{h}\n{text}");
            assert!(
                !text.contains('▼') && !text.contains('▲'),
                "{w}x{h}\n{text}"
            );
            // One line less: still every row, more compact.
            let text = lines_at(h - 1).join("\n");
            assert!(!text.contains('▼'), "{w}x{}\n{text}", h - 1);
            assert!(text.contains("under 18"), "{w}x{}\n{text}", h - 1);
            // At the compact height, still every row (short labels); one less and the groups
            // out of focus collapse to one line each, with their tick count.
            let compact = case.panel().compact_height(w);
            assert!(compact < h, "{w}: {compact} < {h}");
            let text = lines_at(compact).join("\n");
            assert!(
                text.contains("under 18") && !text.contains('▼') && !text.contains('▸'),
                "{w}x{compact}\n{text}"
            );
            let text = lines_at(compact - 1).join("\n");
            assert!(!text.contains('▼'), "{w}x{}\n{text}", compact - 1);
            assert!(text.contains("▾ ACT"), "{w}x{}\n{text}", compact - 1);
            assert!(text.contains("Recruitment"), "{w}x{}\n{text}", compact - 1);
            assert!(text.contains("▸ MEANS"), "{w}x{}\n{text}", compact - 1);
            assert!(text.contains("0/6 ticked"), "{w}x{}\n{text}", compact - 1);
            assert!(!text.contains("Abduction"), "{w}x{}\n{text}", compact - 1);
            assert!(text.contains("under 18"), "{w}x{}\n{text}", compact - 1);
            // At the accordion's height nothing scrolls; one less and the rows scroll and
            // say so, the footer (framework, verdict, disclaimer) pinned.
            let accordion = case.panel().accordion_height(w);
            assert!(accordion < compact, "{w}: {accordion} < {compact}");
            let text = lines_at(accordion).join("\n");
            assert!(!text.contains('▼'), "{w}x{accordion}\n{text}");
            let text = lines_at(accordion - 1).join("\n");
            assert!(text.contains('▼'), "{w}x{}\n{text}", accordion - 1);
            if w >= 40 {
                assert!(text.contains("Not yet:"), "{w}\n{text}");
                assert!(text.contains("switch"), "{w}\n{text}");
                assert!(text.contains("A teaching aid"), "{w}\n{text}");
            }
        }
        // Narrower means taller.
        assert!(case.panel().content_height(30) > case.panel().content_height(80));
        assert_eq!(
            case.panel().content_height(0),
            case.panel().content_height(1)
        );
    }

    #[test]
    fn scrolled_to_the_last_row_shows_a_hint_above() {
        let mut case = Case::new(state(&[HARBOUR, EXPLOIT], &[MINOR]));
        case.cursor = Some(17);
        // One row short of the accordion: the rows scroll.
        let h = case.panel().accordion_height(40) - 1;
        let text = lines(&case.buffer(40, h)).join("\n");
        assert!(text.contains('▲') && !text.contains('▼'), "{text}");
        assert!(text.contains("› ☑ The person is under 18"), "{text}");
        insta::assert_snapshot!("scrolled_to_flag_40", text);
    }

    #[test]
    fn focus_is_shown_by_border_and_text() {
        let mut case = Case::new(CaseState::default());
        let unfocused = lines(&case.buffer(40, 30));
        assert!(
            unfocused[0].starts_with("┌ Key elements"),
            "{}",
            unfocused[0]
        );
        case.cursor = Some(0);
        let focused = lines(&case.buffer(40, 30));
        assert!(focused[0].starts_with("╔ ▶ Key elements"), "{}", focused[0]);
        case.glyphs = &glyphs::ASCII;
        let ascii = lines(&case.buffer(40, 30));
        assert!(
            ascii[0].starts_with("# [focus] Key elements"),
            "{}",
            ascii[0]
        );
    }

    #[test]
    fn ticks_and_group_status_use_symbols_and_words() {
        let case = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        let text = lines(&case.buffer(60, 40)).join("\n");
        assert!(text.contains("☑ Harbouring"), "{text}");
        assert!(text.contains("☐ Recruitment"), "{text}");
        assert!(text.contains("ACT ✓ satisfied"), "{text}");
        assert!(text.contains("MEANS — missing"), "{text}");
        assert!(
            text.contains("○ Not yet: Act and purpose, no means"),
            "{text}"
        );
        assert!(text.contains("missing: MEANS"), "{text}");
        let mut ascii = case;
        ascii.glyphs = &glyphs::ASCII;
        ascii.answer = Some(rosa_key());
        for (w, h) in [(60, 40), (40, 30), (80, 24), (40, 12)] {
            ascii.cursor = Some(17);
            let text = lines(&ascii.buffer(w, h)).join("\n");
            assert!(text.contains("[ ] The person is under 18"), "{text}");
            // The deck's own text here is ASCII, so everything on screen must be.
            assert!(text.is_ascii(), "{w}x{h}\n{text}");
        }
        ascii.cursor = Some(0);
        let text = lines(&ascii.buffer(40, 60)).join("\n");
        assert!(text.contains("[x] Harbouring  = agreed"), "{text}");
        assert!(text.contains("[ ] Threat or use of force"), "{text}");
        assert!(text.contains("MEANS - missing"), "{text}");
    }

    #[test]
    fn the_verdict_follows_the_framework() {
        let mut case = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        let text = lines(&case.buffer(60, 40)).join("\n");
        assert!(text.contains("○ Not yet:"), "{text}");
        case.framework = CANADA;
        let text = lines(&case.buffer(60, 40)).join("\n");
        assert!(
            text.contains("○ Not yet: Act and a purpose, but not the safety test"),
            "{text}"
        );
        // Under the Criminal Code, MEANS is evidence, not a missing element; the safety test
        // is what is missing, and the rows differ.
        assert!(text.contains("missing: SAFETY TEST"), "{text}");
        assert!(text.contains("MEANS — not required"), "{text}");
        assert!(text.contains("influence over"), "{text}");
        assert!(!text.contains("Abduction"), "{text}");
        assert!(text.contains("Criminal Code of Canada"), "{text}");
    }

    #[test]
    fn the_answer_key_marks_and_summary() {
        let mut case = Case::new(state(&[HARBOUR, FRAUD, EXPLOIT], &[]));
        case.answer = Some(rosa_key());
        let text = lines(&case.buffer(80, 40)).join("\n");
        assert!(text.contains("☑ Harbouring  ✓ agreed"), "{text}");
        assert!(
            text.contains("☐ Threat or use of force or other forms of coercion  ✗ missed"),
            "{text}"
        );
        assert!(text.contains("☑ Fraud  + extra"), "{text}");
        assert!(
            text.contains("Answer key: ✓ 2 agreed · ✗ 1 missed · + 1 extra"),
            "{text}"
        );
        // Without the key, no marks.
        case.answer = None;
        let text = lines(&case.buffer(80, 40)).join("\n");
        assert!(
            !text.contains("agreed") && !text.contains("missed"),
            "{text}"
        );
    }

    /// Each span of the verdict line with its foreground colour: the colour is always paired
    /// with a symbol and a word.
    fn verdict_styles(buf: &Buffer, needle: &str) -> String {
        let text = lines(buf);
        let Some(y) = text.iter().position(|l| l.contains(needle)) else {
            panic!("no {needle}:\n{}", text.join("\n"));
        };
        let y = u16::try_from(y).expect("small");
        let a = buf.area;
        // Inside the borders only.
        let mut spans: Vec<(String, Color)> = Vec::new();
        for x in a.left() + 1..a.right() - 1 {
            let cell = &buf[(x, y)];
            match spans.last_mut() {
                Some((s, fg)) if *fg == cell.fg => s.push_str(cell.symbol()),
                _ => spans.push((cell.symbol().to_string(), cell.fg)),
            }
        }
        spans
            .iter()
            .map(|(s, fg)| format!("{:?} fg={fg:?}", s.trim_end()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn verdict_colour_is_paired_with_a_symbol() {
        let indicated = Case::new(state(&[RECRUIT, THREAT, EXPLOIT], &[]));
        let not_yet = Case::new(state(&[RECRUIT], &[]));
        let dump = format!(
            "{}\n--\n{}",
            verdict_styles(&indicated.buffer(80, 30), "Indicated:"),
            verdict_styles(&not_yet.buffer(80, 30), "Not yet:")
        );
        insta::assert_snapshot!("verdict_styles", dump);
        let b = indicated.buffer(80, 30);
        let text = lines(&b);
        let y = text
            .iter()
            .position(|l| l.contains("● Indicated:"))
            .expect("verdict");
        let y = u16::try_from(y).expect("small");
        let x = text[usize::from(y)]
            .chars()
            .position(|c| c == '●')
            .expect("symbol");
        let x = u16::try_from(x).expect("small");
        let (symbol, word) = (&b[(x, y)], &b[(x + 2, y)]);
        assert_eq!(symbol.fg, Color::LightGreen);
        assert_eq!(symbol.fg, word.fg, "symbol and word share the colour");
        // Without colour, the symbol and the word still say it.
        let mut mono = Case::new(state(&[RECRUIT, THREAT, EXPLOIT], &[]));
        mono.theme = Theme::mono();
        let text = lines(&mono.buffer(80, 30)).join("\n");
        assert!(
            text.contains("● Indicated: Act, means and purpose"),
            "{text}"
        );
    }

    #[test]
    fn french_labels() {
        let mut case = Case::new(state(&[HARBOUR, EXPLOIT], &[]));
        case.checklist = checklist_fr();
        case.lang = "fr-CA";
        case.answer = Some(rosa_key());
        let text = lines(&case.buffer(80, 40)).join("\n");
        assert!(text.contains("Cadre : Protocole"), "{text}");
        assert!(text.contains("(f : changer)"), "{text}");
        assert!(text.contains("ACTE ✓ présent"), "{text}");
        assert!(text.contains("MOYENS — manquant"), "{text}");
        assert!(text.contains("○ Pas encore : Acte et but"), "{text}");
        assert!(text.contains("manquant : MOYENS"), "{text}");
        assert!(text.contains("✓ concordant"), "{text}");
        assert!(
            text.contains("Corrigé : ✓ 2 concordants · ✗ 1 manqué · + 0 en trop"),
            "{text}"
        );
        case.state.flags.insert(MINOR);
        case.state.items.remove(&HARBOUR);
        case.state.items.insert(RECRUIT);
        let text = lines(&case.buffer(80, 40)).join("\n");
        assert!(text.contains("● Indiqué : Un enfant"), "{text}");
    }
}
