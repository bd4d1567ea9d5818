//! The elements checklist panel: groups of tick boxes, flags, the verdict of the current
//! framework, the answer key when revealed, and the disclaimer.
//!
//! Pure rendering of [`crate::checklist`] results. Every signal that has a colour also has a
//! symbol or a word (☑/☐, "✓ satisfied" / "— missing", "● Indicated:" / "○ Not yet:",
//! "✓ agreed" / "✗ missed" / "+ extra"), with ASCII fallbacks when `unicode` is false. The
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

use crate::checklist::{self, CaseState, Comparison, Mark, Row};
use crate::deck::model::{Answer, Checklist, Level};
use crate::ui::theme::Theme;

/// The panel. Build one per frame; it borrows everything.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistPanel<'a> {
    pub checklist: &'a Checklist,
    pub state: &'a CaseState,
    /// Index into `checklist.frameworks`.
    pub framework: usize,
    /// The selected row (index into [`checklist::rows`]) when the panel has focus.
    pub cursor: Option<usize>,
    /// The case's answer key: `Some` only once revealed.
    pub answer: Option<&'a Answer>,
    /// Interface language for the panel's own words: `fr…` is French, anything else English.
    pub lang: &'a str,
    pub theme: &'a Theme,
    /// ☐/☑ and box-drawing borders when true; `[ ]`/`[x]` and ASCII borders when false.
    pub unicode: bool,
}

/// The panel's own words in one language.
struct Words {
    framework: &'static str,
    switch_hint: &'static str,
    satisfied: &'static str,
    missing_group: &'static str,
    indicated: &'static str,
    not_yet: &'static str,
    no_rule: &'static str,
    missing: &'static str,
    agreed: &'static str,
    missed: &'static str,
    extra: &'static str,
    key: &'static str,
    focus: &'static str,
    french: bool,
}

const EN: Words = Words {
    framework: "Framework: ",
    switch_hint: " (f: switch)",
    satisfied: "satisfied",
    missing_group: "missing",
    indicated: "Indicated:",
    not_yet: "Not yet:",
    no_rule: "no rule of this framework matches.",
    missing: "missing: ",
    agreed: "agreed",
    missed: "missed",
    extra: "extra",
    key: "Answer key: ",
    focus: "[focus]",
    french: false,
};

const FR: Words = Words {
    framework: "Cadre : ",
    switch_hint: " (f : changer)",
    satisfied: "présent",
    missing_group: "manquant",
    indicated: "Indiqué :",
    not_yet: "Pas encore :",
    no_rule: "aucune règle de ce cadre ne s’applique.",
    missing: "manquant : ",
    agreed: "concordant",
    missed: "manqué",
    extra: "en trop",
    key: "Corrigé : ",
    focus: "[focus]",
    french: true,
};

impl Words {
    fn for_lang(lang: &str) -> &'static Words {
        if lang.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("fr")) {
            &FR
        } else {
            &EN
        }
    }

    /// "2 agreed" / "2 concordants" (French plural from 2).
    fn count(&self, n: usize, word: &str) -> String {
        if self.french && n >= 2 && word != FR.extra {
            format!("{n} {word}s")
        } else {
            format!("{n} {word}")
        }
    }
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
    focus: Option<&'static str>,
    rule: &'static str,
    more_above: &'static str,
    more_below: &'static str,
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
    focus: Some("▶"),
    rule: "─",
    more_above: "▲",
    more_below: "▼",
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
    focus: None,
    rule: "-",
    more_above: "^",
    more_below: "v",
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
}

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// Appends a wrapped paragraph: `first` spans, then `text` wrapped so that continuation lines
/// are indented by `indent` columns, then `suffix` kept together on the last line (or on a
/// line of its own when it does not fit).
#[allow(clippy::too_many_arguments)]
fn para(
    out: &mut Vec<Laid>,
    width: usize,
    first: Vec<Span<'static>>,
    indent: usize,
    text: &str,
    style: Style,
    suffix: Vec<Span<'static>>,
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
    if !suffix.is_empty() {
        let suffix_w = width_of(&suffix);
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

fn blank(out: &mut Vec<Laid>) {
    out.push(Laid {
        line: Line::default(),
        row: None,
    });
}

impl ChecklistPanel<'_> {
    fn words(&self) -> &'static Words {
        Words::for_lang(self.lang)
    }

    fn symbols(&self) -> &'static Symbols {
        if self.unicode { &UNICODE } else { &ASCII }
    }

    /// Rows needed to show everything, borders included, at a given outer width.
    pub fn content_height(&self, width: u16) -> u16 {
        let c = self.content(width.saturating_sub(2));
        u16::try_from(c.body.len() + c.footer.len() + 2).unwrap_or(u16::MAX)
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
        };
        vec![Span::styled(format!("  {sym} {word}"), style)]
    }

    /// Lays out the content for an inner width.
    fn content(&self, width: u16) -> Content {
        let width = usize::from(width);
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let cl = self.checklist;
        let comparison: Option<Comparison> = self
            .answer
            .map(|answer| checklist::compare(answer, self.state));
        let selected = self.cursor;
        let mut body = Vec::new();
        let mut anchors = Vec::new();
        let mut row_index = 0usize;

        // The framework line.
        if let Some(fw) = cl.frameworks.get(self.framework) {
            para(
                &mut body,
                width,
                vec![Span::styled(w.framework, t.dim)],
                2,
                &fw.label,
                t.accent,
                vec![Span::styled(w.switch_hint, t.dim)],
                None,
            );
        }

        let mut push_row = |body: &mut Vec<Laid>,
                            anchors: &mut Vec<usize>,
                            anchor: Option<usize>,
                            row: Row,
                            label: &str| {
            let here = row_index;
            row_index += 1;
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
            para(
                body,
                width,
                first,
                indent,
                label,
                t.base,
                self.mark_suffix(mark),
                Some(here),
            );
        };

        let status = checklist::group_status(cl, self.state);
        for (g, group) in cl.groups.iter().enumerate() {
            blank(&mut body);
            let header_start = body.len();
            let ok = status.get(g).copied().unwrap_or(false);
            let suffix = if ok {
                Span::styled(format!(" {} {}", s.satisfied, w.satisfied), t.ok)
            } else {
                Span::styled(format!(" {} {}", s.missing, w.missing_group), t.warn)
            };
            para(
                &mut body,
                width,
                Vec::new(),
                0,
                &group.label,
                t.title,
                vec![suffix],
                None,
            );
            if let Some(q) = &group.question {
                para(
                    &mut body,
                    width,
                    vec![Span::raw("  ")],
                    2,
                    q,
                    t.dim,
                    vec![],
                    None,
                );
            }
            for (i, item) in group.items.iter().enumerate() {
                let anchor = (i == 0).then_some(header_start);
                push_row(
                    &mut body,
                    &mut anchors,
                    anchor,
                    Row::Item(g, i),
                    &item.label,
                );
            }
        }
        if !cl.flags.is_empty() {
            blank(&mut body);
            for (f, flag) in cl.flags.iter().enumerate() {
                push_row(&mut body, &mut anchors, None, Row::Flag(f), &flag.label);
            }
        }

        // The footer: verdict, missing groups, key summary, disclaimer.
        let mut footer = Vec::new();
        footer.push(Laid {
            line: Line::styled(s.rule.repeat(width), t.border),
            row: None,
        });
        let verdict = checklist::evaluate(cl, self.framework, self.state);
        let (sym, word) = if verdict.indicated() {
            (s.indicated, w.indicated)
        } else {
            (s.incomplete, w.not_yet)
        };
        let say = if verdict.rule.is_some() {
            verdict.say.as_str()
        } else {
            w.no_rule
        };
        let lead = format!("{sym} {word} ");
        para(
            &mut footer,
            width,
            vec![Span::styled(lead, self.level_style(verdict.level))],
            sym.width() + 1,
            say,
            t.base,
            vec![],
            None,
        );
        if !verdict.indicated() {
            let missing = checklist::missing_for(cl, self.framework, self.state);
            if !missing.is_empty() {
                para(
                    &mut footer,
                    width,
                    vec![Span::styled(w.missing, t.warn)],
                    2,
                    &missing.join(", "),
                    t.warn,
                    vec![],
                    None,
                );
            }
        }
        if let Some(c) = &comparison {
            let sep = Span::styled(" · ", t.dim);
            let spans = vec![
                Span::styled(
                    format!("{} {}", s.agreed, w.count(c.count(Mark::Agreed), w.agreed)),
                    t.ok,
                ),
                sep.clone(),
                Span::styled(
                    format!("{} {}", s.missed, w.count(c.count(Mark::Missed), w.missed)),
                    t.bad,
                ),
                sep,
                Span::styled(
                    format!("{} {}", s.extra, w.count(c.count(Mark::Extra), w.extra)),
                    t.warn,
                ),
            ];
            // Wrap as plain text, then restyle by segment: keep it simple and let the
            // summary wrap at its separators when narrow.
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            if w.key.width() + text.width() <= width {
                let mut line = vec![Span::styled(w.key, t.accent)];
                line.extend(spans);
                footer.push(Laid {
                    line: Line::from(line),
                    row: None,
                });
            } else {
                para(
                    &mut footer,
                    width,
                    vec![Span::styled(w.key, t.accent)],
                    2,
                    "",
                    t.base,
                    vec![],
                    None,
                );
                for span in spans.into_iter().filter(|s| s.content != " · ") {
                    let style = span.style;
                    para(
                        &mut footer,
                        width,
                        vec![Span::raw("  ")],
                        4,
                        &span.content,
                        style,
                        vec![],
                        None,
                    );
                }
            }
        }
        if let Some(d) = cl.disclaimer.as_deref().filter(|d| !d.trim().is_empty()) {
            para(&mut footer, width, Vec::new(), 0, d, t.dim, vec![], None);
        }

        Content {
            body,
            anchors,
            footer,
        }
    }

    fn block(&self) -> Block<'static> {
        let (w, s, t) = (self.words(), self.symbols(), self.theme);
        let focused = self.cursor.is_some();
        let set = match (self.unicode, focused) {
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
        let mut c = self.content(inner.width);
        let height = usize::from(inner.height);
        let selected = self.cursor;
        let sel = self.theme.selected;

        // Everything fits, or the footer can be pinned under at least 3 rows, or nothing is
        // pinned and it all scrolls as one list.
        let (body_area, footer_area, scrolled): (Rect, Option<Rect>, Vec<Laid>);
        let total = c.body.len() + c.footer.len();
        if total <= height || height >= c.footer.len() + 3 {
            let footer_h = c.footer.len().min(height);
            let body_h = if total <= height {
                c.body.len()
            } else {
                height - footer_h
            };
            let body_h16 = u16::try_from(body_h).unwrap_or(inner.height);
            let footer_h16 = u16::try_from(footer_h).unwrap_or(0);
            body_area = Rect::new(inner.x, inner.y, inner.width, body_h16);
            footer_area = Some(Rect::new(
                inner.x,
                inner.y.saturating_add(body_h16),
                inner.width,
                footer_h16,
            ));
            scrolled = std::mem::take(&mut c.body);
        } else {
            body_area = inner;
            footer_area = None;
            let mut all = std::mem::take(&mut c.body);
            all.append(&mut c.footer);
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
        let border_x = inner.right();
        if border_x < area.right() && view > 0 {
            let style = self.theme.accent;
            if offset > 0 {
                if let Some(cell) = buf.cell_mut((border_x, body_area.top())) {
                    cell.set_symbol(s.more_above).set_style(style);
                }
            }
            if offset + view < scrolled.len() {
                if let Some(cell) = buf.cell_mut((border_x, body_area.bottom().saturating_sub(1))) {
                    cell.set_symbol(s.more_below).set_style(style);
                }
            }
        }
    }
}

impl Widget for ChecklistPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        (&self).render(area, buf);
    }
}
