//! `convene check`: load each deck, print every diagnostic, exit 0 (no errors), 1 (errors).
//!
//! Human output (the default) goes to stderr, rustc style, followed by one summary line per
//! deck (`deck.toml: 2 errors, 1 warning`). `--format json` prints one JSON array of every
//! diagnostic of every deck on stdout instead (the summary lines stay on stderr). `--strict`
//! turns warnings into errors.

use crate::deck::diag::{Diagnostic, LineIndex, Severity};
use crate::deck::load;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// `convene check`'s flags.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Deck files to check.
    #[arg(required = true)]
    pub decks: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Warn about slides that do not fit a screen of this many columns and rows (repeatable,
    /// e.g. `--size 80x24 --size 120x35`; default 100x30).
    #[arg(long = "size", value_name = "WxH", value_parser = parse_size)]
    pub size: Vec<(u16, u16)>,
}

impl CheckArgs {
    /// The screen sizes to check slides against.
    pub fn sizes(&self) -> Vec<(u16, u16)> {
        if self.size.is_empty() {
            vec![DEFAULT_CHECK_SIZE]
        } else {
            self.size.clone()
        }
    }
}

/// The screen size `check` measures slides against by default: a projector at 100×30.
pub const DEFAULT_CHECK_SIZE: (u16, u16) = (100, 30);

/// Parse `WxH` (e.g. `80x24`).
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("`{s}` is not a size: write columns x rows, e.g. 80x24"))?;
    let w: u16 = w
        .trim()
        .parse()
        .map_err(|_| format!("`{w}` is not a number of columns"))?;
    let h: u16 = h
        .trim()
        .parse()
        .map_err(|_| format!("`{h}` is not a number of rows"))?;
    if w < 10 || h < 5 {
        return Err(format!("{w}x{h} is too small to present on; try 80x24"));
    }
    Ok((w, h))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    #[default]
    Human,
    Json,
}

/// One diagnostic for `--format json`. Lines and columns are 1-based; columns count
/// characters; the end is just past the span. Locations are `null` for whole-file problems.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub hint: Option<String>,
    pub label: Option<String>,
}

/// What checking one deck found.
struct Report {
    source: String,
    diagnostics: Vec<Diagnostic>,
    slides: Option<usize>,
}

/// Warnings for slides whose fully revealed content is taller than the screen at each size:
/// the same layout as presenting (`ui::slide::lines`, `ui::slide_room`), with the checklist
/// beside case slides where the width allows.
pub fn overflow(
    deck: &crate::deck::Deck,
    slide_spans: &[std::ops::Range<usize>],
    sizes: &[(u16, u16)],
) -> Vec<Diagnostic> {
    use crate::present::ui::{slide, slide_room, theme::Theme};
    use crate::words::strings;
    let strings = strings::for_lang(&deck.meta.language);
    let theme = Theme::mono();
    let no_timers = |_: usize| None;
    let cx = slide::SlideCtx {
        strings,
        theme: &theme,
        timers: &no_timers,
        now: 0,
    };
    let mut out = Vec::new();
    for (i, s) in deck.slides.iter().enumerate() {
        for &(w, h) in sizes {
            let (area_w, rows) = slide_room(w, h, s.checklist);
            // Most slides are far from full: a cheap bound spares them the layout.
            if height_bound(s, usize::from(slide::text_width(area_w)))
                .is_some_and(|b| b <= usize::from(rows))
            {
                continue;
            }
            let last = s.visible(s.step_count() - 1);
            let lines = slide::lines(s, last, slide::text_width(area_w), &cx).len();
            let over = lines.saturating_sub(usize::from(rows));
            if over == 0 {
                continue;
            }
            let mut d = Diagnostic::warning(format!(
                "slide `{}` does not fit at {w}x{h}: {} too many",
                s.id,
                plural(over, "line")
            ))
            .label(format!("{lines} lines of text, room for {rows}"))
            .hint(
                "shorten the text, split the slide in two, or move detail into `notes`; \
                 when presenting, the newest step stays in view and the rest scrolls",
            );
            if let Some(span) = slide_spans.get(i) {
                d = d.at(span.clone());
            }
            out.push(d);
        }
    }
    out
}

/// Warnings for a deck that followers could not follow: its public part over the wire's deck
/// limit, or a case slide whose view — every row ticked, the answer key revealed, every
/// prompt's timer started — over the state limit. (The limits are far past any real deck; the
/// loader's size caps alone do not keep a pathological one under them.)
pub fn unshareable(
    deck: &crate::deck::Deck,
    slide_spans: &[std::ops::Range<usize>],
) -> Vec<Diagnostic> {
    use crate::present::app::{Action, App, Timer, update};
    use crate::share::wire;
    let mut out = Vec::new();
    let line = wire::encode_deck(deck).len();
    if line > wire::DECK_LINE_MAX {
        out.push(
            Diagnostic::warning(format!(
                "this deck is too large to share: {} MiB as sent to followers, the most they take \
                 is {} MiB",
                line.div_ceil(1 << 20),
                wire::DECK_LINE_MAX >> 20
            ))
            .hint(
                "it presents, but `convene follow` cannot follow it: split it into several decks",
            ),
        );
    }
    let Some(cl) = &deck.checklist else {
        return out;
    };
    use crate::deck::checklist::CaseState;
    // A state's JSON is the sum of its parts: the ticks of a whole checklist add the same
    // bytes on every case slide, so they are measured once (the work stays linear in the
    // deck, however many rows and slides it has).
    let everything = CaseState::default().flipped(cl);
    let mut app = App::new(deck.clone(), 0);
    let state_at = |app: &mut App, i: usize, case: CaseState| -> usize {
        update(app, &Action::GoTo { slide: i }, 0);
        let s = &deck.slides[i];
        app.step = s.step_count() - 1;
        app.cases.insert(s.id.to_string(), case);
        for p in 0..s.prompts().len() {
            app.timers.insert(
                (s.id.to_string(), p),
                Timer {
                    total_ms: u64::MAX / 4,
                    used_ms: u64::MAX / 8,
                    running_since: None,
                },
            );
        }
        let n = wire::encode_state(&wire::ViewState::from_app(app)).len();
        app.timers.clear();
        n
    };
    let ticks = deck
        .slides
        .iter()
        .position(|s| s.checklist)
        .map_or(0, |first| {
            let all = state_at(&mut app, first, everything.clone());
            let none = state_at(&mut app, first, CaseState::default());
            all.saturating_sub(none)
        });
    for (i, s) in deck.slides.iter().enumerate() {
        if !s.checklist && s.prompts().is_empty() {
            continue;
        }
        let case = CaseState {
            revealed: s.answer().is_some(),
            ..CaseState::default()
        };
        let state = state_at(&mut app, i, case) + if s.checklist { ticks } else { 0 };
        if state > wire::STATE_LINE_MAX {
            let mut d = Diagnostic::warning(format!(
                "slide `{}` could not be shared in full: with every row ticked its view is {} KiB, \
                 followers take at most {} KiB",
                s.id,
                state.div_ceil(1 << 10),
                wire::STATE_LINE_MAX >> 10
            ))
            .hint("fewer checklist rows or prompts: followers would fall behind on this slide");
            if let Some(span) = slide_spans.get(i) {
                d = d.at(span.clone());
            }
            out.push(d);
        }
    }
    out
}

/// An upper bound on a fully revealed slide's height at text width `w`, without laying it out
/// (`None` for columns, which are laid out for real). Greedy wrapping fills every line but the
/// last past half the width, so a text of width `t` takes at most `2t/w + 1` lines.
fn height_bound(s: &crate::deck::Slide, w: usize) -> Option<usize> {
    use unicode_width::UnicodeWidthStr;
    if !s.columns().is_empty() {
        return None;
    }
    let lines = |t: &str, indent: usize| 2 * t.width() / w.saturating_sub(indent).max(1) + 1;
    let mut n = lines(&s.title, 0) + s.subtitle().map_or(0, |t| lines(t, 0)) + 1;
    n += s.body.iter().map(|p| lines(p, 0) + 1).sum::<usize>();
    n += s
        .bullets
        .iter()
        .map(|b| lines(&b.text, 2) + b.children.iter().map(|c| lines(c, 6)).sum::<usize>())
        .sum::<usize>()
        + 1;
    n += s.callout().map_or(0, |c| lines(&c.text, 4) + 3);
    n += s
        .prompts()
        .iter()
        .map(|p| lines(&p.text, 4) + p.follow_ups.iter().map(|f| lines(f, 6)).sum::<usize>() + 3)
        .sum::<usize>();
    n += s.debrief().map_or(0, |d| lines(d, 4) + 3);
    Some(n)
}

fn check_one(path: &std::path::Path, strict: bool, sizes: &[(u16, u16)]) -> Report {
    let loaded = load::read_deck(path).and_then(|bytes| {
        let result = load::load_bytes(&bytes);
        result.map(|l| (l, bytes))
    });
    let mut report = match loaded {
        Ok((l, bytes)) => {
            let mut diagnostics = l.warnings;
            diagnostics.extend(overflow(&l.deck, &l.slide_spans, sizes));
            if let Err(e) = load::translation(&l.deck, path) {
                let mut d = Diagnostic::error(e)
                    .label("this translation")
                    .hint("name a deck file beside this one with the same slide ids in another language, or delete the line");
                if let Some(span) = l.translation_span.clone() {
                    d = d.at(span);
                }
                diagnostics.push(d);
            }
            diagnostics.extend(unshareable(&l.deck, &l.slide_spans));
            diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
            Report {
                source: load::normalise(&String::from_utf8_lossy(&bytes)).into_owned(),
                diagnostics,
                slides: Some(l.deck.slides.len()),
            }
        }
        Err(e) => {
            let name = path.display().to_string();
            let (source, diagnostics) = e.diagnostics(&name);
            Report {
                source: source.to_owned(),
                diagnostics,
                slides: None,
            }
        }
    };
    if strict {
        for d in &mut report.diagnostics {
            d.severity = Severity::Error;
        }
        // Keep the file order once warnings are errors too.
        report
            .diagnostics
            .sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
    }
    report
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The summary line for one deck, e.g. `deck.toml: 2 errors, 1 warning`.
fn summary(name: &str, report: &Report) -> String {
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    match (errors, warnings, report.slides) {
        (0, 0, Some(n)) => format!("{name}: ok ({})", plural(n, "slide")),
        (0, w, _) => format!("{name}: {}", plural(w, "warning")),
        (e, 0, _) => format!("{name}: {}", plural(e, "error")),
        (e, w, _) => format!("{name}: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// Run the check; returns the process exit code. Output goes to the given writers so tests can
/// capture it.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write, color: bool) -> i32 {
    let mut failed = false;
    let mut json: Vec<JsonDiagnostic> = Vec::new();
    for path in &args.decks {
        let name = path.display().to_string();
        let report = check_one(path, args.strict, &args.sizes());
        failed |= report.diagnostics.iter().any(Diagnostic::is_error);
        match args.format {
            CheckFormat::Human => {
                let text = load::render_all(&report.diagnostics, &name, &report.source, color);
                let _ = err.write_all(text.as_bytes());
            }
            CheckFormat::Json => {
                let index = LineIndex::new(&report.source);
                json.extend(report.diagnostics.iter().map(|d| {
                    let loc = d.location(&report.source, &index);
                    JsonDiagnostic {
                        file: name.clone(),
                        severity: d.severity,
                        message: d.message.clone(),
                        line: loc.map(|l| l.0.0),
                        column: loc.map(|l| l.0.1),
                        end_line: loc.map(|l| l.1.0),
                        end_column: loc.map(|l| l.1.1),
                        hint: d.hint.clone(),
                        label: d.label.clone(),
                    }
                }));
            }
        }
        let _ = writeln!(err, "{}", summary(&name, &report));
    }
    if args.format == CheckFormat::Json {
        match serde_json::to_string_pretty(&json) {
            Ok(text) => {
                let _ = writeln!(out, "{text}");
            }
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the JSON report: {e}");
                return 1;
            }
        }
    }
    let _ = out.flush();
    let _ = err.flush();
    i32::from(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cheap bound is never below the real height, so skipping the layout never hides an
    /// overflow.
    #[test]
    fn height_bound_is_an_upper_bound_on_the_bundled_decks() {
        use crate::present::ui::{slide, theme::Theme};
        use crate::words::strings;
        for src in [
            crate::deck::bundled::AWARENESS_EN,
            crate::deck::bundled::AWARENESS_FR,
            crate::organize::new::STARTER,
        ] {
            let deck = crate::deck::load_str(src).expect("loads").deck;
            let theme = Theme::mono();
            let no_timers = |_: usize| None;
            let cx = slide::SlideCtx {
                strings: strings::for_lang(&deck.meta.language),
                theme: &theme,
                timers: &no_timers,
                now: 0,
            };
            for s in &deck.slides {
                for w in [20u16, 40, 60, 76, 84] {
                    let real = slide::lines(s, s.visible(s.step_count() - 1), w, &cx).len();
                    if let Some(bound) = height_bound(s, usize::from(w)) {
                        assert!(bound >= real, "{} at {w}: bound {bound} < {real}", s.id);
                    }
                }
            }
        }
    }
}
