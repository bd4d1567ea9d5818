//! The elements checklist panel in the room (issue 14): at 120×35 every case slide of both
//! bundled decks shows every heading, the group in focus, the flags and the verdict without
//! scrolling, under both frameworks; and at every size a tick never moves the row under the
//! cursor. Drawn through `TestBackend` exactly as the presenter draws, reached through
//! `update` and the keys (`Tab`, `c`, `↓`, `Space`, `f`, `a`).

use convene::deck::checklist::{self, Row};
use convene::deck::{Deck, bundled};
use convene::present::app::keymap::Key;
use convene::present::app::{App, PANEL_SIDE_MIN_WIDTH, resolve, update};
use convene::present::ui::{self, View};
use convene::words::{Lang, strings};
use ratatui::crossterm::event::KeyCode;

mod screens;
use screens::{T0, mono};

fn decks() -> Vec<(&'static str, Deck)> {
    [("en", Lang::En), ("fr", Lang::Fr)]
        .into_iter()
        .map(|(name, lang)| (name, bundled::deck(lang).expect("the bundled deck loads")))
        .collect()
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(a) = resolve(app, Key { code, ctrl: false }) {
        update(app, &a, T0);
    }
}

/// A session at `slide`, `w`×`h`, the checklist open with the focus in it (Tab beside the
/// slide, `c` when narrow).
fn on_case(deck: &Deck, slide: usize, size: (u16, u16)) -> App {
    screens::session(deck.clone(), slide, size)
}

fn open_panel(app: &mut App) {
    if app.size.0 < PANEL_SIDE_MIN_WIDTH && app.panel_shown().is_none() {
        press(app, KeyCode::Char('c'));
    }
    if app.key_context() != convene::present::app::keymap::Context::Panel {
        press(app, KeyCode::Tab);
    }
    assert!(
        app.panel_shown().is_some(),
        "the panel opens: {:?} {:?} slide {}",
        app.size,
        app.overlay,
        app.slide
    );
}

fn screen(app: &App, view: &View) -> Vec<String> {
    screens::lines(screens::terminal(app, view).backend().buffer())
}

fn case_slides(deck: &Deck) -> Vec<usize> {
    let v: Vec<usize> = (0..deck.slides.len())
        .filter(|&i| deck.slides[i].checklist)
        .collect();
    assert!(v.len() >= 3, "the bundled deck has case slides");
    v
}

/// The label the panel may show for a row (its short form or its full one), first word.
fn first_words(deck: &Deck, row: Row) -> Vec<String> {
    let cl = deck.checklist.as_ref().expect("checklist");
    let (label, short) = match row {
        Row::Item(g, i) => (&cl.groups[g].items[i].label, &cl.groups[g].items[i].short),
        Row::Flag(f) => (&cl.flags[f].label, &cl.flags[f].short),
    };
    [Some(label), short.as_ref()]
        .into_iter()
        .flatten()
        .map(|l| l.chars().take(14).collect())
        .collect()
}

fn panel_column(app: &App) -> usize {
    if app.size.0 >= PANEL_SIDE_MIN_WIDTH {
        usize::from(app.size.0 - ui::side_panel_width(app.size.0))
    } else {
        0
    }
}

/// The panel's part of each screen line.
fn panel_text(app: &App, lines: &[String]) -> Vec<String> {
    let x = panel_column(app);
    lines
        .iter()
        .take(lines.len().saturating_sub(1))
        .map(|l| l.chars().skip(x).collect())
        .collect()
}

/// Every way the panel is seen at 120×35 on a case slide: without focus, then with the
/// cursor on each row; before and after the answer key; under each framework.
#[test]
fn at_120x35_every_case_slide_shows_every_heading_the_flags_and_the_verdict() {
    for (name, deck) in decks() {
        let cl = deck.checklist.clone().expect("checklist");
        let words = &strings::for_lang(&deck.meta.language).checklist;
        for slide in case_slides(&deck) {
            for fw in 0..cl.frameworks.len() {
                for revealed in [false, true] {
                    let mut app = on_case(&deck, slide, (120, 35));
                    assert_eq!(app.panel_shown(), Some(true), "beside the slide");
                    for _ in 0..fw {
                        press(&mut app, KeyCode::Char('f'));
                    }
                    if revealed {
                        press(&mut app, KeyCode::Char('a'));
                    }
                    let rows = checklist::rows_for(&cl, fw);
                    // Unfocused, then focused on each row in turn (↓ from the first).
                    for cursor in std::iter::once(None).chain((0..rows.len()).map(Some)) {
                        if cursor == Some(0) {
                            press(&mut app, KeyCode::Tab);
                        } else if cursor.is_some() {
                            press(&mut app, KeyCode::Down);
                        }
                        assert_eq!(cursor.map(|_| app.cursor), cursor);
                        let lines = screen(&app, &mono());
                        let panel = panel_text(&app, &lines).join("\n");
                        let at = format!(
                            "{name} slide {} framework {fw} revealed {revealed} cursor {cursor:?}\n{}",
                            deck.slides[slide].id,
                            lines.join("\n")
                        );
                        for (g, group) in cl.groups.iter().enumerate() {
                            if checklist::uses_group(&cl, fw, g) {
                                assert!(
                                    panel.contains(&group.label),
                                    "heading {}: {at}",
                                    group.label
                                );
                            }
                        }
                        for (f, _) in cl.flags.iter().enumerate() {
                            if checklist::uses_flag(&cl, fw, f) {
                                let words = first_words(&deck, Row::Flag(f));
                                assert!(words.iter().any(|w| panel.contains(w)), "flag: {at}");
                            }
                        }
                        assert!(
                            panel.contains(words.indicated.trim())
                                || panel.contains(words.not_yet.trim()),
                            "verdict: {at}"
                        );
                        assert!(
                            panel.contains(
                                &cl.frameworks[fw].label.chars().take(12).collect::<String>()
                            ),
                            "framework: {at}"
                        );
                        // The group in focus: every one of its rows, and the cursor's.
                        if let Some(c) = cursor
                            && let Row::Item(g, _) = rows[c]
                        {
                            for &row in rows
                                .iter()
                                .filter(|r| matches!(r, Row::Item(rg, _) if *rg == g))
                            {
                                let words = first_words(&deck, row);
                                assert!(
                                    words.iter().any(|w| panel.contains(w)),
                                    "row {row:?}: {at}"
                                );
                            }
                        }
                        if cursor.is_some() {
                            assert!(panel.contains('›'), "the cursor: {at}");
                        }
                        assert!(
                            !panel.contains('▼') && !panel.contains('▲'),
                            "no scrolling: {at}"
                        );
                    }
                }
            }
        }
    }
}

/// The screen row the cursor (›) is on, and that line's text.
fn cursor_line(app: &App, view: &View) -> (usize, String) {
    let lines = screen(app, view);
    let panel = panel_text(app, &lines);
    let y = panel
        .iter()
        .position(|l| l.contains('›'))
        .unwrap_or_else(|| panic!("no cursor\n{}", lines.join("\n")));
    (y, panel[y].clone())
}

/// Space ticks the row under the cursor, and that row stays on the same screen row with the
/// same text except its tick box (and mark), at every size, on every case slide, under both
/// frameworks, before and after the answer key, in both languages, without colour.
#[test]
fn ticking_never_moves_the_row_under_the_cursor() {
    for (name, deck) in decks() {
        let cl = deck.checklist.clone().expect("checklist");
        for size in [(60, 20), (80, 24), (120, 35), (200, 50)] {
            // Every case slide (each has its own answer key, so its own marks) at the
            // projector's size; the first (Rosa: a key of seven rows) elsewhere, to keep the
            // test quick (it also runs under Wine).
            let mut slides = case_slides(&deck);
            if size != (120, 35) {
                slides.truncate(1);
            }
            for slide in slides {
                for fw in 0..cl.frameworks.len() {
                    for revealed in [false, true] {
                        let mut app = on_case(&deck, slide, size);
                        for _ in 0..fw {
                            press(&mut app, KeyCode::Char('f'));
                        }
                        if revealed {
                            press(&mut app, KeyCode::Char('a'));
                        }
                        open_panel(&mut app);
                        let n = checklist::rows_for(&cl, fw).len();
                        let view = mono();
                        for row in 0..n {
                            assert_eq!(app.cursor, row);
                            let at = format!(
                                "{name} {size:?} slide {} framework {fw} revealed {revealed} row {row}",
                                deck.slides[slide].id
                            );
                            let before = cursor_line(&app, &view);
                            // Tick, then untick: the row stays put both times.
                            for _ in 0..2 {
                                press(&mut app, KeyCode::Char(' '));
                                let after = cursor_line(&app, &view);
                                assert_eq!(
                                    before.0, after.0,
                                    "{at}: moved\n{}\n{}",
                                    before.1, after.1
                                );
                                // The same row: its text up to its mark, tick box aside.
                                let strip = |s: &str| -> String {
                                    let s = s.replace('☑', "☐");
                                    s.split("  ").next().unwrap_or_default().to_owned()
                                };
                                assert_eq!(strip(&before.1), strip(&after.1), "{at}");
                            }
                            // Leave some ticked, so later rows are ticked against varied
                            // verdicts.
                            if row % 2 == 0 {
                                press(&mut app, KeyCode::Char(' '));
                            }
                            press(&mut app, KeyCode::Down);
                        }
                    }
                }
            }
        }
    }
}

/// Phones ticking (issue 17) never move the row under the cursor either: with the room's
/// counts beside the rows (shown to the room), each phone's tick leaves every row where it
/// was, at every size, in both languages. The count column is as wide as the most a count can
/// be (everyone who took part), so counts growing from 1 to 12 change no layout.
#[test]
fn phones_ticking_never_move_the_row_under_the_cursor() {
    use convene::present::app::RoomOp;
    use convene::present::app::room::{Input, Vote};
    for (name, deck) in decks() {
        let cl = deck.checklist.clone().expect("checklist");
        let slide = case_slides(&deck)[0];
        let id = deck.slides[slide].id.clone();
        for size in [(60, 20), (80, 24), (120, 35), (200, 50)] {
            let mut app = on_case(&deck, slide, size);
            open_panel(&mut app);
            screens::open_room(&mut app);
            screens::moderate(&mut app, RoomOp::ToggleTotals);
            // Twelve phones vote first: the most a count can be is known.
            for p in 0..12 {
                let vote = Input::Vote {
                    slide_id: id.to_string(),
                    vote: Vote::Trafficking,
                };
                screens::send(&mut app, &format!("phone{p}"), vote);
            }
            let rows = checklist::rows(&cl);
            for _ in 0..3 {
                press(&mut app, KeyCode::Down);
            }
            let view = mono();
            let before = screen(&app, &view);
            let cursor = cursor_line(&app, &view);
            for (p, &row) in (0..12).flat_map(|p| rows.iter().take(4).map(move |r| (p, r))) {
                let tick = Input::Tick {
                    slide_id: id.to_string(),
                    row,
                };
                screens::send(&mut app, &format!("phone{p}"), tick);
                let after = cursor_line(&app, &view);
                let at = format!("{name} {size:?} phone {p} row {row:?}");
                assert_eq!(cursor.0, after.0, "{at}: moved\n{}\n{}", cursor.1, after.1);
            }
            let after = screen(&app, &view);
            assert_eq!(before.len(), after.len());
            let shown = after.join("\n");
            assert!(
                shown.contains("◉ 12"),
                "{name} {size:?}: the counts show\n{shown}"
            );
        }
    }
}
