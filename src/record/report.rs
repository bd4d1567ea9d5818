//! `convene report`: a session journal turned into what a facilitator sends a coordinator —
//! date, deck, duration against plan, time per section and slide, discussion prompts and their
//! timed durations, breaks (apart: they are not discussions), each case's ticks and verdicts against the answer key, and the captured notes.
//!
//! The journal is replayed step by step ([`journal::replay_with`]); time on a slide is the time
//! between arriving on it and leaving it, and the time between a crash and a resume does not
//! count. Everything is gathered into one plain structure first, then written as Markdown (pipe
//! tables; reads well on a code host and converts cleanly with pandoc) or as one self-contained
//! HTML file. Deck text and notes are escaped for both.

use crate::deck::checklist::{self, CaseState, Mark, Row};
use crate::deck::{Deck, Level, PromptKind};
use crate::present::app::pacing::Pace;
use crate::present::app::{Millis, clock};
use crate::record::journal::{self, Record};
use crate::words::strings::{self, ReportWords, Strings};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

/// The output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Markdown,
    Html,
}

/// Everything the report says, before formatting. Text is raw (escaped when written).
#[derive(Debug, Default)]
struct Data {
    title: String,
    language: String,
    deck_path: String,
    version: String,
    started: Millis,
    /// `started` as the report shows it: local time with its zone.
    started_text: String,
    duration: u64,
    planned: Option<u64>,
    resumes: usize,
    ended: bool,
    sections: Vec<Timing>,
    slides: Vec<SlideTiming>,
    prompts: Vec<PromptRow>,
    /// Breaks (prompts with `kind = "break"`) shown or timed: not discussions.
    breaks: Vec<PromptRow>,
    /// Whether the deck plans a break at all (the section shows only then).
    has_breaks: bool,
    cases: Vec<CaseReport>,
    cases_not_shown: Vec<String>,
    disclaimer: Option<String>,
    has_checklist: bool,
    has_flags: bool,
    notes: Vec<(String, Vec<(u64, String)>)>,
    /// The room's participation: per case (title, vote line, ticked rows with counts), and
    /// the kept responses (slide title, time since the start, text). Empty: no section.
    room: Vec<(String, String, Vec<String>)>,
    kept: Vec<(String, u64, String)>,
    /// Slide ids no longer in the deck, with the time spent on them (if any).
    unmapped: Vec<(String, Option<u64>)>,
}

#[derive(Debug)]
struct Timing {
    name: String,
    planned: Option<u64>,
    actual: u64,
    shown: bool,
}

#[derive(Debug)]
struct SlideTiming {
    number: usize,
    section: String,
    timing: Timing,
}

#[derive(Debug)]
struct PromptRow {
    slide: String,
    text: String,
    planned: Option<u64>,
    timed: Option<u64>,
}

#[derive(Debug)]
struct CaseReport {
    title: String,
    /// (group label, ticked item labels)
    groups: Vec<(String, Vec<String>)>,
    flags: Vec<String>,
    /// (framework label, level, what the rule says)
    verdicts: Vec<(String, Option<Level>, String)>,
    /// The ticks against the answer key, under each framework (a case can have its own key per
    /// framework); empty when the case has no key.
    answer: Vec<AnswerReport>,
}

#[derive(Debug)]
struct AnswerReport {
    framework: String,
    revealed: bool,
    agreed: Vec<String>,
    missed: Vec<String>,
    extra: Vec<String>,
    /// Ticked rows the key calls defensible.
    fair: Vec<String>,
}

/// "Against the answer key under {framework} ({state}):".
fn against(w: &ReportWords, a: &AnswerReport, state: &str) -> String {
    w.against_key
        .replace("{framework}", &a.framework)
        .replace("{state}", state)
}

fn minutes_ms(m: f64) -> u64 {
    (m.max(0.0) * 60_000.0).round() as u64
}

impl Data {
    /// The catalogue's words in the session's language.
    fn words(&self) -> &'static Strings {
        strings::for_lang(&self.language)
    }
}

/// A checklist row's label: "GROUP: item" or the flag's (empty for a row the deck lacks).
fn row_label(cl: &crate::deck::Checklist, row: Row) -> String {
    match row {
        Row::Item(g, i) => cl
            .groups
            .get(g)
            .and_then(|grp| {
                grp.items
                    .get(i)
                    .map(|it| format!("{}: {}", grp.label, it.label))
            })
            .unwrap_or_default(),
        Row::Flag(f) => cl
            .flags
            .get(f)
            .map(|fl| fl.label.clone())
            .unwrap_or_default(),
    }
}

/// Collects the report's content by replaying the journal.
fn gather(records: &[Record], deck: &Deck) -> Data {
    let first = journal::first_start(records);
    let mut data = Data {
        title: deck.meta.title.clone(),
        language: deck.meta.language.clone(),
        ..Data::default()
    };
    if let Some(Record::Start {
        t,
        deck_path,
        version,
        ..
    }) = first
    {
        data.started = *t;
        data.deck_path = deck_path.clone();
        data.version = version.clone();
    } else if let Some(r) = records.first() {
        data.started = r.t();
    }
    data.resumes = records
        .iter()
        .filter(|r| matches!(r, Record::Start { resumed: true, .. }))
        .count();
    data.ended = matches!(records.last(), Some(Record::End { .. }));
    data.duration = journal::presented_ms(records);

    // Step by step: time per slide id, slides shown, prompts shown.
    let mut time: HashMap<String, u64> = HashMap::new();
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut prompts_shown: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut cur: Option<(String, Millis)> = None;
    let mut prev_t = data.started;
    let mut seen_start = false;
    let replayed = journal::replay_with(deck.clone(), records, |app, record| {
        let t = record.t().max(prev_t);
        // Where the presenter was, as recorded (the deck may have changed since).
        let here = match (record, &cur) {
            (Record::Action { slide_id, .. } | Record::Reload { slide_id, .. }, _) => {
                slide_id.clone()
            }
            (_, Some((id, _))) => id.clone(),
            (_, None) => app
                .deck
                .slides
                .get(app.slide)
                .map(|s| s.id.to_string())
                .unwrap_or_default(),
        };
        let is_resume = matches!(record, Record::Start { .. }) && seen_start;
        seen_start |= matches!(record, Record::Start { .. });
        match cur.take() {
            // The time between the last record and a resume is not counted.
            Some((id, since)) if is_resume => {
                *time.entry(id).or_default() += prev_t.saturating_sub(since);
                cur = Some((here.clone(), t));
            }
            Some((id, since)) if id != here => {
                *time.entry(id).or_default() += t.saturating_sub(since);
                cur = Some((here.clone(), t));
            }
            Some(kept) => cur = Some(kept),
            None => cur = Some((here.clone(), t)),
        }
        shown.insert(here.clone());
        if let Some(slide) = app.deck.slides.get(app.slide).filter(|s| s.id == here) {
            for p in 0..slide.visible(app.step).prompts {
                prompts_shown.insert((here.clone(), p));
            }
        }
        prev_t = t;
    });
    if let Some((id, since)) = cur {
        *time.entry(id).or_default() += prev_t.saturating_sub(since);
    }
    let app = replayed.app;
    data.unmapped = replayed
        .unmapped
        .into_iter()
        .map(|id| {
            let t = time.get(&id).copied();
            (id, t)
        })
        .collect();

    // Plan.
    let slide_plan = deck.planned_minutes();
    data.planned = deck
        .meta
        .minutes
        .or((slide_plan > 0.0).then_some(slide_plan))
        .map(minutes_ms);

    // Sections and slides (a slide without a section belongs to the one before it).
    let mut section = String::new();
    for (i, s) in deck.slides.iter().enumerate() {
        if let Some(name) = &s.section {
            section = name.to_string();
        }
        let timing = Timing {
            name: s.title.to_string(),
            planned: s.minutes().map(minutes_ms),
            actual: time.get(s.id.as_str()).copied().unwrap_or(0),
            shown: shown.contains(s.id.as_str()),
        };
        match data.sections.last_mut() {
            Some(sec) if sec.name == section => {
                sec.planned = match (sec.planned, timing.planned) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
                sec.actual += timing.actual;
                sec.shown |= timing.shown;
            }
            _ => data.sections.push(Timing {
                name: section.clone(),
                planned: timing.planned,
                actual: timing.actual,
                shown: timing.shown,
            }),
        }
        data.slides.push(SlideTiming {
            number: i + 1,
            section: section.clone(),
            timing,
        });
    }

    // Prompts and breaks: shown or timed.
    for s in &deck.slides {
        for (p, prompt) in s.prompts().iter().enumerate() {
            let key = (s.id.to_string(), p);
            let timed = app.timers.get(&key).map(|t| t.elapsed(app.now));
            data.has_breaks |= prompt.kind == PromptKind::Break;
            let rows = match prompt.kind {
                PromptKind::Discuss => &mut data.prompts,
                PromptKind::Break => &mut data.breaks,
            };
            if timed.is_some() || prompts_shown.contains(&key) {
                rows.push(PromptRow {
                    slide: s.title.to_string(),
                    text: prompt.text.to_string(),
                    planned: prompt.minutes.map(minutes_ms),
                    timed,
                });
            }
        }
    }

    // Cases.
    if let Some(cl) = &deck.checklist {
        // Only case slides are cases (a slide that shows the checklist to introduce it is not).
        let is_case =
            |s: &&crate::deck::Slide| s.checklist && s.kind == crate::deck::SlideKind::Case;
        data.has_checklist = deck.slides.iter().any(|s| is_case(&s));
        data.disclaimer = cl.disclaimer.clone();
        data.has_flags = !cl.flags.is_empty();
        let empty = CaseState::default();
        let label = |row: Row| row_label(cl, row);
        for s in deck.slides.iter().filter(is_case) {
            let state = app.cases.get(s.id.as_str());
            if state.is_none() && !shown.contains(s.id.as_str()) {
                data.cases_not_shown.push(s.title.to_string());
                continue;
            }
            let st = state.unwrap_or(&empty);
            let groups = cl
                .groups
                .iter()
                .enumerate()
                .map(|(g, grp)| {
                    let ticked = grp
                        .items
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| st.items.contains(&(g, *i)))
                        .map(|(_, it)| it.label.clone())
                        .collect();
                    (grp.label.clone(), ticked)
                })
                .collect();
            let flags = cl
                .flags
                .iter()
                .enumerate()
                .filter(|(f, _)| st.flags.contains(f))
                .map(|(_, fl)| fl.label.clone())
                .collect();
            let verdicts = cl
                .frameworks
                .iter()
                .enumerate()
                .map(|(fi, fw)| {
                    let v = checklist::evaluate(cl, fi, st);
                    (fw.label.clone(), v.rule.map(|_| v.level), v.say)
                })
                .collect();
            let answer = s
                .answer()
                .map(|key| {
                    cl.frameworks
                        .iter()
                        .enumerate()
                        .map(|(fi, fw)| {
                            let cmp = checklist::compare(cl, key, fi, st);
                            let with = |mark: Mark| {
                                cmp.items
                                    .iter()
                                    .filter(|(_, m)| **m == mark)
                                    .map(|(&(g, i), _)| label(Row::Item(g, i)))
                                    .chain(
                                        cmp.flags
                                            .iter()
                                            .filter(|(_, m)| **m == mark)
                                            .map(|(&f, _)| label(Row::Flag(f))),
                                    )
                                    .filter(|l| !l.is_empty())
                                    .collect()
                            };
                            AnswerReport {
                                framework: fw.label.clone(),
                                revealed: st.revealed,
                                agreed: with(Mark::Agreed),
                                missed: with(Mark::Missed),
                                extra: with(Mark::Extra),
                                fair: with(Mark::Fair),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            data.cases.push(CaseReport {
                title: s.title.to_string(),
                groups,
                flags,
                verdicts,
                answer,
            });
        }
    }

    // The room: totals per case (in deck order) and the kept responses, as journaled.
    let rw = &strings::for_lang(&deck.meta.language).report;
    // A row as the journal names it (`g.i`, `fN`), labelled as the cases above are.
    let key_label = |key: &str| -> String {
        let row = crate::present::app::room::row_of_key(key);
        deck.checklist
            .as_ref()
            .zip(row)
            .map(|(cl, row)| row_label(cl, row))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| key.to_owned())
    };
    let totals = app.room.all_totals();
    for s in &deck.slides {
        let Some(t) = totals.get(s.id.as_str()) else {
            continue;
        };
        let votes = rw
            .room_votes
            .replace("{trafficking}", &t.trafficking.to_string())
            .replace("{not}", &t.not_trafficking.to_string())
            .replace("{unknown}", &t.not_enough_information.to_string());
        let rows = t
            .rows
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{} ({n})", key_label(k)))
            .collect();
        data.room.push((s.title.to_string(), votes, rows));
    }
    data.kept = app
        .room
        .kept()
        .into_iter()
        .map(|r| {
            let title = deck
                .position(&r.slide_id)
                .map(|i| deck.slides[i].title.to_string())
                .unwrap_or_else(|| r.slide_id.clone());
            (title, r.at.saturating_sub(data.started), r.text.clone())
        })
        .collect();

    // Notes by slide, in deck order; notes on slides the deck no longer has come last.
    let mut by_slide: BTreeMap<usize, Vec<(u64, String)>> = BTreeMap::new();
    let mut orphans: Vec<(String, Vec<(u64, String)>)> = Vec::new();
    for n in &app.notes {
        let entry = (n.at.saturating_sub(data.started), n.text.clone());
        match deck.position(&n.slide_id) {
            Some(i) => by_slide.entry(i).or_default().push(entry),
            None => match orphans.iter_mut().find(|(id, _)| *id == n.slide_id) {
                Some((_, v)) => v.push(entry),
                None => orphans.push((n.slide_id.clone(), vec![entry])),
            },
        }
    }
    data.notes = by_slide
        .into_iter()
        .map(|(i, v)| (deck.slides[i].title.to_string(), v))
        .chain(
            orphans
                .into_iter()
                .map(|(id, v)| (format!("{id} (no longer in the deck)"), v)),
        )
        .collect();
    data
}

/// "ahead by m:ss" / "behind by m:ss" / "on time"; empty without a plan.
fn pace(w: &Strings, planned: Option<u64>, actual: u64) -> String {
    let Some(planned) = planned else {
        return String::new();
    };
    // Compare whole seconds, as displayed.
    Pace::of(actual / 1000 * 1000, planned / 1000 * 1000, 0).words(w)
}

fn level_word(w: &ReportWords, level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Indicated) => w.indicated,
        Some(Level::Incomplete) => w.incomplete,
        None => w.no_rule,
    }
}

fn opt_clock(ms: Option<u64>) -> String {
    ms.map_or_else(|| "—".to_owned(), clock)
}

/// The report of a session, its start in the computer's time zone.
pub fn report(records: &[Record], deck: &Deck, format: ReportFormat) -> String {
    report_in(records, deck, format, &jiff::tz::TimeZone::system())
}

/// [`report`] with the session's start shown in `zone` (tests and snapshots use UTC, so they
/// do not depend on the zone of the machine running them).
pub fn report_in(
    records: &[Record],
    deck: &Deck,
    format: ReportFormat,
    zone: &jiff::tz::TimeZone,
) -> String {
    let mut data = gather(records, deck);
    data.started_text = stamp_in(data.started, zone);
    match format {
        ReportFormat::Markdown => markdown(&data),
        ReportFormat::Html => html(&data),
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Escapes text for Markdown (GitHub and pandoc): one line, control characters dropped, and
/// every character that could start markup escaped with a backslash.
pub fn md(text: &str) -> String {
    let line = crate::deck::sanitize::clean_line(text);
    let mut out = String::with_capacity(line.len() + 8);
    let mut at_start = true;
    let mut chars = line.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '^'
            | '$' | '@' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            d if at_start && d.is_ascii_digit() => {
                // "1. " or "1) " at the start would make an ordered list.
                out.push(d);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_digit() {
                        out.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if let Some(&p @ ('.' | ')')) = chars.peek() {
                    chars.next();
                    if chars.peek().is_none_or(|c| *c == ' ') {
                        out.push('\\');
                    }
                    out.push(p);
                }
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

/// A table's header (name, right-aligned) and rows.
type Table = (Vec<(&'static str, bool)>, Vec<Vec<String>>);

/// The rows of the "section" table, with text escaped by `esc` (Markdown or HTML).
fn section_table(d: &Data, esc: fn(&str) -> String) -> Table {
    let lang = d.words();
    let w = &lang.report;
    let rows: Vec<Vec<String>> = d
        .sections
        .iter()
        .map(|s| {
            vec![
                if s.name.is_empty() {
                    "(no section)".to_owned()
                } else {
                    esc(&s.name)
                },
                opt_clock(s.planned),
                if s.shown {
                    clock(s.actual)
                } else {
                    w.not_shown.to_owned()
                },
                if s.shown {
                    pace(lang, s.planned, s.actual)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    (
        vec![
            (w.col_section, false),
            (w.col_planned, true),
            (w.col_actual, true),
            (w.col_pace, false),
        ],
        rows,
    )
}

/// The rows of the "slide" table, with text escaped by `esc` (Markdown or HTML).
fn slide_table(d: &Data, esc: fn(&str) -> String) -> Table {
    let lang = d.words();
    let w = &lang.report;
    let rows: Vec<Vec<String>> = d
        .slides
        .iter()
        .map(|s| {
            let t = &s.timing;
            vec![
                s.number.to_string(),
                esc(&s.section),
                esc(&t.name),
                opt_clock(t.planned),
                if t.shown {
                    clock(t.actual)
                } else {
                    w.not_shown.to_owned()
                },
                if t.shown {
                    pace(lang, t.planned, t.actual)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    (
        vec![
            ("#", true),
            (w.col_section, false),
            (w.col_slide, false),
            (w.col_planned, true),
            (w.col_actual, true),
            (w.col_pace, false),
        ],
        rows,
    )
}

/// The rows of the "prompt" table, with text escaped by `esc` (Markdown or HTML).
fn prompt_table(d: &Data, esc: fn(&str) -> String) -> Table {
    let lang = d.words();
    let w = &lang.report;
    let rows: Vec<Vec<String>> = d
        .prompts
        .iter()
        .map(|p| {
            vec![
                esc(&p.slide),
                esc(&p.text),
                opt_clock(p.planned),
                p.timed.map_or_else(|| w.not_timed.to_owned(), clock),
            ]
        })
        .collect();
    (
        vec![
            (w.col_slide, false),
            (w.col_prompt, false),
            (w.col_planned, true),
            (w.col_timed, true),
        ],
        rows,
    )
}

/// The rows of the "breaks" table: the slide, planned and timed (a break's text says nothing
/// worth a column).
fn break_table(d: &Data, esc: fn(&str) -> String) -> Table {
    let w = &d.words().report;
    let rows: Vec<Vec<String>> = d
        .breaks
        .iter()
        .map(|p| {
            vec![
                esc(&p.slide),
                opt_clock(p.planned),
                p.timed.map_or_else(|| w.not_timed.to_owned(), clock),
            ]
        })
        .collect();
    (
        vec![
            (w.col_slide, false),
            (w.col_planned, true),
            (w.col_timed, true),
        ],
        rows,
    )
}

fn md_table(out: &mut String, head: &[(&str, bool)], rows: &[Vec<String>]) {
    let _ = writeln!(
        out,
        "| {} |",
        head.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(" | ")
    );
    let _ = writeln!(
        out,
        "|{}|",
        head.iter()
            .map(|(_, right)| if *right { " ---: " } else { " --- " })
            .collect::<Vec<_>>()
            .join("|")
    );
    for row in rows {
        let cells: Vec<&str> = row
            .iter()
            .map(|c| if c.is_empty() { " " } else { c.as_str() })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn list_or_none(w: &ReportWords, items: &[String], esc: fn(&str) -> String) -> String {
    if items.is_empty() {
        w.none.to_owned()
    } else {
        items.iter().map(|s| esc(s)).collect::<Vec<_>>().join(", ")
    }
}

fn markdown(d: &Data) -> String {
    let s = d.words();
    let w = &s.report;
    let mut o = String::new();
    let _ = writeln!(o, "# {}: {}\n", md(w.title), md(&d.title));
    let _ = writeln!(o, "- **{}:** {}", md(w.date), d.started_text);
    let _ = writeln!(o, "- **{}:** {}", md(w.deck), md(&d.title));
    if !d.deck_path.is_empty() {
        let _ = writeln!(o, "- **{}:** {}", md(w.deck_file), md(&d.deck_path));
    }
    let _ = writeln!(o, "- **{}:** {}", md(w.duration), md(&duration_line(d)));
    if d.resumes > 0 {
        let resumed = s.count(d.resumes as u64, &w.resumed);
        let _ = writeln!(o, "- **{}:** {}", md(w.interrupted), md(&resumed));
    }
    if !d.ended {
        let _ = writeln!(o, "- **{}:** {}", md(w.ended), md(w.no_clean_end));
    }
    if !d.version.is_empty() {
        let _ = writeln!(o, "- **{}:** convene {}", md(w.recorded_by), md(&d.version));
    }
    o.push('\n');

    let _ = writeln!(o, "## {}\n", md(w.time_by_section));
    let (head, rows) = section_table(d, md);
    md_table(&mut o, &head, &rows);

    let _ = writeln!(o, "## {}\n", md(w.time_by_slide));
    let (head, rows) = slide_table(d, md);
    md_table(&mut o, &head, &rows);

    let _ = writeln!(o, "## {}\n", md(w.prompts));
    if d.prompts.is_empty() {
        let _ = writeln!(o, "{}\n", md(w.no_prompts));
    } else {
        let (head, rows) = prompt_table(d, md);
        md_table(&mut o, &head, &rows);
    }

    if d.has_breaks {
        let _ = writeln!(o, "## {}\n", md(w.breaks));
        if d.breaks.is_empty() {
            let _ = writeln!(o, "{}\n", md(w.no_breaks));
        } else {
            let (head, rows) = break_table(d, md);
            md_table(&mut o, &head, &rows);
        }
    }

    if d.has_checklist {
        let _ = writeln!(o, "## {}\n", md(w.case_studies));
        // The disclaimer once: the deck's own, else the built-in one.
        let _ = writeln!(
            o,
            "*{}*\n",
            md(d.disclaimer.as_deref().unwrap_or(w.teaching_aid))
        );
        if d.cases.is_empty() {
            let _ = writeln!(o, "{}\n", md(w.no_cases));
        }
        for c in &d.cases {
            let _ = writeln!(o, "### {}\n", md(&c.title));
            let _ = writeln!(o, "{}\n", md(w.ticked));
            for (g, items) in &c.groups {
                let _ = writeln!(o, "- **{}:** {}", md(g), list_or_none(w, items, md));
            }
            if d.has_flags {
                let _ = writeln!(
                    o,
                    "- **{}:** {}",
                    md(w.flags),
                    list_or_none(w, &c.flags, md)
                );
            }
            let _ = writeln!(o, "\n{}\n", md(w.verdicts));
            for (fw, level, say) in &c.verdicts {
                let _ = write!(o, "- **{}** ({})", md(fw), md(level_word(w, *level)));
                if !say.is_empty() {
                    let _ = write!(o, ": {}", md(say));
                }
                o.push('\n');
            }
            for a in &c.answer {
                let state = if a.revealed {
                    w.revealed
                } else {
                    w.not_revealed
                };
                let _ = writeln!(o, "\n{}\n", md(&against(w, a, state)));
                if a.missed.is_empty() && a.extra.is_empty() {
                    let _ = writeln!(o, "- {}", md(w.ticks_match));
                }
                let _ = writeln!(
                    o,
                    "- **{}:** {}",
                    md(w.agreed),
                    list_or_none(w, &a.agreed, md)
                );
                let _ = writeln!(
                    o,
                    "- **{}:** {}",
                    md(w.missed),
                    list_or_none(w, &a.missed, md)
                );
                let _ = writeln!(
                    o,
                    "- **{}:** {}",
                    md(w.extra),
                    list_or_none(w, &a.extra, md)
                );
                if !a.fair.is_empty() {
                    let _ = writeln!(o, "- **{}:** {}", md(w.fair), list_or_none(w, &a.fair, md));
                }
            }
            o.push('\n');
        }
        if !d.cases_not_shown.is_empty() {
            let list = list_or_none(w, &d.cases_not_shown, md);
            let _ = writeln!(o, "{}\n", w.not_shown_cases.replace("{list}", &list));
        }
    }

    if !d.room.is_empty() || !d.kept.is_empty() {
        let _ = writeln!(o, "## {}\n\n{}\n", md(w.room), md(w.room_intro));
        for (title, votes, rows) in &d.room {
            let _ = writeln!(o, "### {}\n\n- {}", md(title), md(votes));
            let _ = writeln!(
                o,
                "- **{}:** {}\n",
                md(w.room_ticked),
                list_or_none(w, rows, md)
            );
        }
        if !d.kept.is_empty() {
            let _ = writeln!(o, "### {}\n", md(w.room_kept));
            for (slide, at, text) in &d.kept {
                let _ = writeln!(o, "- \\[+{}\\] {}: {}", clock(*at), md(slide), md(text));
            }
            o.push('\n');
        }
    }

    let _ = writeln!(o, "## {}\n", md(w.notes));
    if d.notes.is_empty() {
        let _ = writeln!(o, "{}\n", md(w.no_notes));
    } else {
        let _ = writeln!(o, "{}\n", md(w.notes_intro));
    }
    for (slide, notes) in &d.notes {
        let _ = writeln!(o, "### {}\n", md(slide));
        for (at, text) in notes {
            let _ = writeln!(o, "- \\[+{}\\] {}", clock(*at), md(text));
        }
        o.push('\n');
    }

    if !d.unmapped.is_empty() {
        let _ = writeln!(o, "## {}\n", md(w.not_in_deck));
        let _ = writeln!(o, "{}\n", md(w.not_in_deck_intro));
        for (id, t) in &d.unmapped {
            match t {
                Some(t) => {
                    let on_it = w.time_on_it.replace("{t}", &clock(*t));
                    let _ = writeln!(o, "- {} ({})", md(id), md(&on_it));
                }
                None => {
                    let _ = writeln!(o, "- {}", md(id));
                }
            }
        }
        o.push('\n');
    }
    while o.ends_with("\n\n") {
        o.pop();
    }
    o
}

fn duration_line(d: &Data) -> String {
    let s = d.words();
    let w = &s.report;
    match d.planned {
        Some(p) => w
            .of_planned
            .replace("{actual}", &clock(d.duration))
            .replace("{planned}", &clock(p))
            .replace("{pace}", &pace(s, Some(p), d.duration)),
        None => w.no_plan.replace("{actual}", &clock(d.duration)),
    }
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Escapes text for HTML element content and attribute values; control characters dropped.
pub fn h(text: &str) -> String {
    crate::deck::sanitize::escape_html(crate::deck::sanitize::clean_line(text).trim())
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;\
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b;background:#fff}\
table{border-collapse:collapse;margin:1rem 0;width:100%}\
th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#eee}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
.aid{font-style:italic;color:#444}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\
dt{font-weight:bold}dd{margin:0}\
@media print{body{margin:0;max-width:none}}";

fn html_table(out: &mut String, head: &[(&str, bool)], rows: &[Vec<String>]) {
    out.push_str("<table>\n<thead><tr>");
    for (hd, right) in head {
        let _ = write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            if *right { " class=\"n\"" } else { "" },
            hd
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for ((_, right), cell) in head.iter().zip(row) {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                if *right { " class=\"n\"" } else { "" },
                cell
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn html(d: &Data) -> String {
    let s = d.words();
    let w = &s.report;
    let mut o = String::new();
    let lang = if d
        .language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !d.language.is_empty()
    {
        d.language.as_str()
    } else {
        "en"
    };
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        h(w.title),
        h(&d.title)
    );
    let _ = writeln!(o, "<h1>{}: {}</h1>\n<dl>", h(w.title), h(&d.title));
    let dt = |o: &mut String, term: &str, value: &str| {
        let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", h(term), value);
    };
    dt(&mut o, w.date, &d.started_text);
    dt(&mut o, w.deck, &h(&d.title));
    if !d.deck_path.is_empty() {
        dt(&mut o, w.deck_file, &h(&d.deck_path));
    }
    dt(&mut o, w.duration, &h(&duration_line(d)));
    if d.resumes > 0 {
        dt(
            &mut o,
            w.interrupted,
            &h(&s.count(d.resumes as u64, &w.resumed)),
        );
    }
    if !d.ended {
        dt(&mut o, w.ended, &h(w.no_clean_end));
    }
    if !d.version.is_empty() {
        dt(&mut o, w.recorded_by, &format!("convene {}", h(&d.version)));
    }
    o.push_str("</dl>\n");

    let _ = writeln!(o, "<h2>{}</h2>", h(w.time_by_section));
    let (head, rows) = section_table(d, h);
    html_table(&mut o, &head, &rows);

    let _ = writeln!(o, "<h2>{}</h2>", h(w.time_by_slide));
    let (head, rows) = slide_table(d, h);
    html_table(&mut o, &head, &rows);

    let _ = writeln!(o, "<h2>{}</h2>", h(w.prompts));
    if d.prompts.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", h(w.no_prompts));
    } else {
        let (head, rows) = prompt_table(d, h);
        html_table(&mut o, &head, &rows);
    }

    if d.has_breaks {
        let _ = writeln!(o, "<h2>{}</h2>", h(w.breaks));
        if d.breaks.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", h(w.no_breaks));
        } else {
            let (head, rows) = break_table(d, h);
            html_table(&mut o, &head, &rows);
        }
    }

    if d.has_checklist {
        let _ = writeln!(o, "<h2>{}</h2>", h(w.case_studies));
        let _ = writeln!(
            o,
            "<p class=\"aid\">{}</p>",
            h(d.disclaimer.as_deref().unwrap_or(w.teaching_aid))
        );
        if d.cases.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", h(w.no_cases));
        }
        for c in &d.cases {
            let _ = writeln!(o, "<h3>{}</h3>\n<p>{}</p>\n<ul>", h(&c.title), h(w.ticked));
            let li = |o: &mut String, term: &str, value: &str| {
                let _ = writeln!(o, "<li><strong>{}:</strong> {}</li>", h(term), value);
            };
            for (g, items) in &c.groups {
                li(&mut o, g, &list_or_none(w, items, h));
            }
            if d.has_flags {
                li(&mut o, w.flags, &list_or_none(w, &c.flags, h));
            }
            let _ = writeln!(o, "</ul>\n<p>{}</p>\n<ul>", h(w.verdicts));
            for (fw, level, say) in &c.verdicts {
                let _ = write!(
                    o,
                    "<li><strong>{}</strong> ({})",
                    h(fw),
                    h(level_word(w, *level))
                );
                if !say.is_empty() {
                    let _ = write!(o, ": {}", h(say));
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ul>\n");
            for a in &c.answer {
                let state = if a.revealed {
                    w.revealed
                } else {
                    w.not_revealed
                };
                let _ = writeln!(o, "<p>{}</p>\n<ul>", h(&against(w, a, state)));
                if a.missed.is_empty() && a.extra.is_empty() {
                    let _ = writeln!(o, "<li>{}</li>", h(w.ticks_match));
                }
                li(&mut o, w.agreed, &list_or_none(w, &a.agreed, h));
                li(&mut o, w.missed, &list_or_none(w, &a.missed, h));
                li(&mut o, w.extra, &list_or_none(w, &a.extra, h));
                if !a.fair.is_empty() {
                    li(&mut o, w.fair, &list_or_none(w, &a.fair, h));
                }
                o.push_str("</ul>\n");
            }
        }
        if !d.cases_not_shown.is_empty() {
            let list = list_or_none(w, &d.cases_not_shown, h);
            let _ = writeln!(o, "<p>{}</p>", w.not_shown_cases.replace("{list}", &list));
        }
    }

    if !d.room.is_empty() || !d.kept.is_empty() {
        let _ = writeln!(o, "<h2>{}</h2>\n<p>{}</p>", h(w.room), h(w.room_intro));
        for (title, votes, rows) in &d.room {
            let _ = writeln!(o, "<h3>{}</h3>\n<ul>\n<li>{}</li>", h(title), h(votes));
            let ticked = list_or_none(w, rows, h);
            let _ = writeln!(
                o,
                "<li><strong>{}:</strong> {ticked}</li>",
                h(w.room_ticked)
            );
            o.push_str("</ul>\n");
        }
        if !d.kept.is_empty() {
            let _ = writeln!(o, "<h3>{}</h3>\n<ul>", h(w.room_kept));
            for (slide, at, text) in &d.kept {
                let _ = writeln!(o, "<li>[+{}] {}: {}</li>", clock(*at), h(slide), h(text));
            }
            o.push_str("</ul>\n");
        }
    }

    let _ = writeln!(o, "<h2>{}</h2>", h(w.notes));
    if d.notes.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", h(w.no_notes));
    } else {
        let _ = writeln!(o, "<p>{}</p>", h(w.notes_intro));
    }
    for (slide, notes) in &d.notes {
        let _ = writeln!(o, "<h3>{}</h3>\n<ul>", h(slide));
        for (at, text) in notes {
            let _ = writeln!(o, "<li>[+{}] {}</li>", clock(*at), h(text));
        }
        o.push_str("</ul>\n");
    }

    if !d.unmapped.is_empty() {
        let _ = writeln!(
            o,
            "<h2>{}</h2>\n<p>{}</p>\n<ul>",
            h(w.not_in_deck),
            h(w.not_in_deck_intro)
        );
        for (id, t) in &d.unmapped {
            match t {
                Some(t) => {
                    let on_it = w.time_on_it.replace("{t}", &clock(*t));
                    let _ = writeln!(o, "<li>{} ({})</li>", h(id), h(&on_it));
                }
                None => {
                    let _ = writeln!(o, "<li>{}</li>", h(id));
                }
            }
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// When the session started, in `zone` with the zone's name ("2025-06-15 11:06 EDT"): a
/// facilitator reads the report where the workshop was. UTC when the time is out of range.
pub fn stamp_in(ms: Millis, zone: &jiff::tz::TimeZone) -> String {
    match i64::try_from(ms)
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
    {
        Some(ts) => ts
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string(),
        None => journal::utc_stamp(ms),
    }
}

// ---------------------------------------------------------------------------------------------
// The command

/// `convene report [JOURNAL] [--format markdown|html] [-o FILE]`: returns the exit code.
/// Without a journal, the newest that recorded real work ([`journal::newest_worked`]) in
/// [`journal::default_dir`]; the deck is the one the journal names. Writes to `output` durably, or to stdout.
pub fn run_report(journal: Option<PathBuf>, format: ReportFormat, output: Option<PathBuf>) -> i32 {
    let path = match journal {
        Some(p) => p,
        None => {
            let dir = journal::default_dir();
            match journal::newest_worked(&dir, None) {
                Some(p) => p,
                None => {
                    eprintln!(
                        "convene: no session journal found in {}.\n\
                         Present a deck first (`convene present`), or name a journal: \
                         `convene report PATH`. `convene sessions` lists the journals.",
                        dir.display()
                    );
                    return 1;
                }
            }
        }
    };
    let records = match journal::read_all(&path) {
        Ok(c) => {
            if let Some(note) = c.skipped_note(&path) {
                eprintln!("convene: warning: {note}");
            }
            c.records
        }
        Err(e) => {
            eprintln!("convene: {e}");
            return 1;
        }
    };
    if journal::first_start(&records).is_none() {
        eprintln!(
            "convene: {} has no start record: it is empty or not a convene journal.",
            path.display()
        );
        return 1;
    }
    let session = match journal::load_deck_of(&records) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("convene: {}", msg.trim_end());
            return 1;
        }
    };
    if let Some(w) = &session.warning {
        eprintln!("convene: warning: {w}");
    }
    let text = report(&records, &session.deck, format);
    // `-o -` is standard output.
    let output = output.filter(|p| p.as_os_str() != "-");
    if let Some(out) = &output
        && crate::record::durable::same_file(out, &path)
    {
        eprintln!(
            "convene: refusing to write the report over its own journal ({}); name another \
             file with -o, e.g. -o report.md",
            out.display()
        );
        return 1;
    }
    match output {
        Some(out) => match crate::record::durable::write_output(&out, text.as_bytes()) {
            Ok(()) => {
                eprintln!("convene: wrote {}", out.display());
                0
            }
            Err(e) => {
                eprintln!("convene: could not write {}: {e}", out.display());
                1
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            let mut text = text;
            if !text.ends_with('\n') {
                text.push('\n');
            }
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("convene: could not write the report: {e}");
                    1
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_date_is_local_time_with_its_zone() {
        // 2025-06-15 15:06 UTC.
        let ms = 1_750_000_000_000;
        let utc = stamp_in(ms, &jiff::tz::TimeZone::UTC);
        assert_eq!(utc, "2025-06-15 15:06 UTC");
        let toronto = stamp_in(ms, &jiff::tz::TimeZone::fixed(jiff::tz::offset(-4)));
        assert!(toronto.starts_with("2025-06-15 11:06 "), "{toronto}");
        assert!(toronto.ends_with("-04"), "{toronto}");
    }

    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("a|b *c* _d_ <e>"), r"a\|b \*c\* \_d\_ \<e\>");
        assert_eq!(md("1. first"), r"1\. first");
        assert_eq!(md("- item"), r"\- item");
        assert_eq!(md("# head"), r"\# head");
        assert_eq!(md("x\u{1b}[2Jy\nz"), "xy z");
        assert_eq!(md("$5 @bob [link](x)"), r"\$5 \@bob \[link\](x)");
        assert_eq!(md("2024 was"), "2024 was");
        assert_eq!(md("0.1.0"), "0.1.0");
        assert_eq!(md("2)"), r"2\)");
    }

    #[test]
    fn html_escapes_everything() {
        assert_eq!(
            h("<script>alert('x')</script> & \""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"
        );
    }

    #[test]
    fn pace_words() {
        let en = &strings::EN;
        assert_eq!(pace(en, None, 5_000), "");
        assert_eq!(pace(en, Some(60_000), 30_000), "ahead by 0:30");
        assert_eq!(pace(en, Some(60_000), 90_500), "behind by 0:30");
        assert_eq!(pace(en, Some(60_000), 60_400), "on time");
        assert_eq!(
            pace(&strings::FR, Some(60_000), 90_500),
            "en retard de 0:30"
        );
    }
}
