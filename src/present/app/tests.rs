//! Unit tests of `update`: navigation, jumps, overlays, timers, checklist state.

use super::*;
use crate::deck::load_str;

const DECK: &str = include_str!("../../../tests/fixtures/small-deck.toml");

fn app() -> App {
    let deck = load_str(DECK).expect("test deck loads").deck;
    App::new(deck, 1_000)
}

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a, app.now);
    }
}

#[test]
fn next_reveals_steps_then_moves_on() {
    let mut a = app();
    run(&mut a, &[Action::Next]);
    assert_eq!((a.slide, a.step), (1, 0));
    run(&mut a, &[Action::Next, Action::Next]);
    assert_eq!((a.slide, a.step), (1, 2));
    run(&mut a, &[Action::Next]);
    assert_eq!((a.slide, a.step), (2, 0));
    // prompt, then its follow-up
    run(&mut a, &[Action::Next, Action::Next]);
    assert_eq!((a.slide, a.step), (2, 2));
    run(&mut a, &[Action::Next, Action::Next]);
    assert_eq!(a.slide, 3, "stays on the last slide");
}

#[test]
fn prev_goes_back_to_the_fully_revealed_previous_slide() {
    let mut a = app();
    run(&mut a, &[Action::GoTo { slide: 2 }, Action::Prev]);
    assert_eq!((a.slide, a.step), (1, 2));
    run(&mut a, &[Action::First, Action::Prev]);
    assert_eq!((a.slide, a.step), (0, 0));
}

#[test]
fn first_last_and_goto() {
    let mut a = app();
    run(&mut a, &[Action::Last]);
    assert_eq!(a.slide, 3);
    run(&mut a, &[Action::First]);
    assert_eq!(a.slide, 0);
    run(&mut a, &[Action::GoTo { slide: 99 }]);
    assert_eq!(a.slide, 0);
    assert_eq!(a.flash, Some(Flash::NoSuchSlide));
}

#[test]
fn digits_then_enter_jump() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    let key = |c| Key {
        code: c,
        ctrl: false,
    };
    for code in [KeyCode::Char('3'), KeyCode::Enter] {
        let action = resolve(&a, key(code)).expect("bound");
        update(&mut a, &action, 2_000);
    }
    assert_eq!(a.slide, 2);
    assert!(a.digits.is_empty());
    // Enter without digits is "next".
    let action = resolve(&a, key(KeyCode::Enter)).expect("bound");
    assert_eq!(action, Action::Next);
    // "0" then Enter names no slide.
    for code in [KeyCode::Char('0'), KeyCode::Enter] {
        let action = resolve(&a, key(code)).expect("bound");
        update(&mut a, &action, 2_000);
    }
    assert_eq!(a.slide, 2);
    assert_eq!(a.flash, Some(Flash::NoSuchSlide));
}

#[test]
fn other_keys_cancel_pending_digits() {
    let mut a = app();
    run(&mut a, &[Action::Digit { digit: 4 }, Action::Next]);
    assert!(a.digits.is_empty());
    assert_eq!(a.slide, 1);
}

#[test]
fn blank_returns_on_any_key() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    run(
        &mut a,
        &[Action::Open {
            overlay: OverlayKind::Blank,
        }],
    );
    assert_eq!(a.overlay, Overlay::Blank);
    let action = resolve(
        &a,
        Key {
            code: KeyCode::Char('x'),
            ctrl: false,
        },
    );
    assert_eq!(action, Some(Action::Close));
    run(&mut a, &[Action::Close]);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.slide, 0, "returning from blank does not advance");
}

#[test]
fn overview_picks_a_slide() {
    let mut a = app();
    run(
        &mut a,
        &[
            Action::Open {
                overlay: OverlayKind::Overview,
            },
            Action::Move { delta: 2 },
            Action::Move { delta: 10 },
            Action::Pick,
        ],
    );
    assert_eq!(a.slide, 3);
    assert_eq!(a.overlay, Overlay::None);
}

#[test]
fn search_finds_text_and_jumps() {
    let mut a = app();
    run(
        &mut a,
        &[
            Action::Open {
                overlay: OverlayKind::Search,
            },
            Action::SearchInput {
                text: "DISC".into(),
            },
        ],
    );
    match &a.overlay {
        Overlay::Search { results, .. } => assert_eq!(results, &vec![2]),
        o => panic!("{o:?}"),
    }
    run(
        &mut a,
        &[
            Action::SearchBackspace,
            Action::SearchInput { text: "c".into() },
            Action::Pick,
        ],
    );
    assert_eq!(a.slide, 2);
}

#[test]
fn timer_counts_down_goes_low_and_overtime() {
    let mut a = app();
    update(&mut a, &Action::GoTo { slide: 2 }, 1_000);
    // No prompt visible yet: `t` reveals the first prompt and starts its timer.
    update(&mut a, &Action::ToggleTimer, 10_000);
    assert_eq!(a.step, 1);
    let t = *a.current_timer().expect("timer");
    assert!(t.running());
    assert_eq!(t.remaining(10_000), 300_000);
    assert_eq!(t.phase(10_000 + 239_000), TimerPhase::Running);
    assert_eq!(t.phase(10_000 + 240_000), TimerPhase::Low, "20% left");
    assert_eq!(t.phase(10_000 + 300_000), TimerPhase::Over);
    assert_eq!(
        t.remaining(10_000 + 330_000),
        -30_000,
        "keeps counting overtime"
    );
    // Pause keeps the time used.
    update(&mut a, &Action::ToggleTimer, 70_000);
    let t = *a.current_timer().expect("timer");
    assert!(!t.running());
    assert_eq!(t.remaining(999_999), 240_000);
    // Resume.
    update(&mut a, &Action::ToggleTimer, 100_000);
    assert_eq!(
        a.current_timer().expect("timer").remaining(110_000),
        230_000
    );
}

#[test]
fn timer_without_prompt_flashes() {
    let mut a = app();
    update(&mut a, &Action::ToggleTimer, 2_000);
    assert_eq!(a.flash, Some(Flash::NoPrompt));
    assert!(a.timers.is_empty());
}

#[test]
fn checklist_ticks_are_kept_per_slide() {
    let mut a = app();
    a.size = (120, 35);
    run(&mut a, &[Action::GoTo { slide: 3 }]);
    assert_eq!(
        a.panel_shown(),
        Some(true),
        "case slides show the panel beside the slide"
    );
    run(&mut a, &[Action::Focus, Action::Move { delta: 1 }]);
    assert_eq!(a.key_context(), Context::Panel);
    let row = a.cursor;
    run(&mut a, &[Action::Tick { row }, Action::Tick { row: 0 }]);
    let ticked = a.case().expect("state").clone();
    assert_eq!(ticked.items.len(), 2);
    run(&mut a, &[Action::First, Action::Last]);
    assert_eq!(a.focus, Focus::Slide, "leaving the slide returns focus");
    assert_eq!(
        a.case(),
        Some(&ticked),
        "ticks survive leaving and returning"
    );
}

#[test]
fn narrow_terminals_do_not_cover_the_case_uninvited() {
    let mut a = app();
    a.size = (80, 24);
    run(&mut a, &[Action::GoTo { slide: 3 }]);
    assert_eq!(a.panel_shown(), None);
    run(&mut a, &[Action::ToggleChecklist]);
    assert_eq!(a.panel_shown(), Some(false), "an overlay when opened");
    assert_eq!(a.focus, Focus::Panel);
    run(&mut a, &[Action::Close]);
    assert_eq!(a.panel_shown(), None);
    assert_eq!(a.focus, Focus::Slide);
}

#[test]
fn narrow_checklist_keeps_the_readme_focus_rules() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    a.size = (80, 24);
    run(&mut a, &[Action::GoTo { slide: 3 }]);
    press(&mut a, KeyCode::Char('c'), false);
    assert_eq!(a.panel_shown(), Some(false));
    // Tab inside it does not close it; Space ticks instead of revealing the next step.
    press(&mut a, KeyCode::Tab, false);
    assert_eq!((a.panel_shown(), a.focus), (Some(false), Focus::Panel));
    let step = a.step;
    press(&mut a, KeyCode::Char(' '), false);
    assert_eq!(a.step, step);
    assert_eq!(a.case().map(|c| c.items.len()), Some(1), "Space ticked");
    press(&mut a, KeyCode::Esc, false);
    assert_eq!((a.panel_shown(), a.focus), (None, Focus::Slide));
    // Tab from the slide opens it too.
    press(&mut a, KeyCode::Tab, false);
    assert_eq!((a.panel_shown(), a.focus), (Some(false), Focus::Panel));
    press(&mut a, KeyCode::Char('c'), false);
    assert_eq!(a.panel_shown(), None);
}

#[test]
fn checklist_on_a_slide_without_one_flashes() {
    let mut a = app();
    run(&mut a, &[Action::ToggleChecklist]);
    assert_eq!(a.flash, Some(Flash::NoChecklist));
    run(&mut a, &[Action::Tick { row: 0 }]);
    assert!(a.cases.is_empty());
}

#[test]
fn framework_cycles_and_answer_reveals() {
    let mut a = app();
    run(&mut a, &[Action::CycleFramework]);
    assert_eq!(a.framework, 1);
    run(&mut a, &[Action::CycleFramework]);
    assert_eq!(a.framework, 0);
    run(&mut a, &[Action::ToggleAnswer]);
    assert_eq!(a.flash, Some(Flash::NoAnswer));
    run(&mut a, &[Action::Last, Action::ToggleAnswer]);
    assert!(a.case().expect("state").revealed);
}

#[test]
fn quit_sets_the_flag() {
    let mut a = app();
    run(&mut a, &[Action::Quit]);
    assert!(a.quit);
}

#[test]
fn clock_moves_time_only() {
    let mut a = app();
    let before = (a.slide, a.step, a.overlay.clone());
    update(&mut a, &Action::Clock, 61_000);
    assert_eq!(a.elapsed(), 60_000);
    assert_eq!((a.slide, a.step, a.overlay.clone()), before);
}

#[test]
fn actions_round_trip_through_json() {
    let actions = vec![
        Action::Next,
        Action::GoTo { slide: 3 },
        Action::Open {
            overlay: OverlayKind::Support,
        },
        Action::Tick { row: 2 },
        Action::SearchInput { text: "é".into() },
        Action::Resize {
            width: 80,
            height: 24,
        },
    ];
    for a in actions {
        let json = serde_json::to_string(&a).expect("serialises");
        let back: Action = serde_json::from_str(&json).expect("parses");
        assert_eq!(a, back);
    }
}

#[test]
fn notes_are_captured_on_the_current_slide() {
    let mut a = app();
    run(
        &mut a,
        &[
            Action::GoTo { slide: 2 },
            Action::StartNote,
            Action::NoteInput {
                text: "Group says: debt\u{1b}[2J".into(),
            },
            Action::NoteBackspace,
            Action::SaveNote,
        ],
    );
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.notes.len(), 1);
    assert_eq!(a.notes[0].slide_id, "three");
    assert_eq!(
        a.notes[0].text, "Group says: debt[2",
        "control characters never stored"
    );
    // Esc cancels; an empty note is not saved.
    run(
        &mut a,
        &[
            Action::StartNote,
            Action::NoteInput { text: "x".into() },
            Action::Close,
        ],
    );
    run(&mut a, &[Action::StartNote, Action::SaveNote]);
    assert_eq!(a.notes.len(), 1);
}

#[test]
fn note_keys_type_text_rather_than_navigate() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    run(&mut a, &[Action::StartNote]);
    let q = resolve(
        &a,
        Key {
            code: KeyCode::Char('q'),
            ctrl: false,
        },
    );
    assert_eq!(q, Some(Action::NoteInput { text: "q".into() }));
    let enter = resolve(
        &a,
        Key {
            code: KeyCode::Enter,
            ctrl: false,
        },
    );
    assert_eq!(enter, Some(Action::SaveNote));
}

#[test]
fn reload_keeps_the_place_by_id_and_the_ticks() {
    let mut a = app();
    run(
        &mut a,
        &[Action::GoTo { slide: 3 }, Action::Tick { row: 0 }],
    );
    // The organizer deletes slide "one" and edits the case title.
    let edited = DECK.replace("title = \"Case\"", "title = \"Case, edited\"");
    // Drop slide "one": from its table to the next slide's.
    let start = edited.find("[[slides]]\nid = \"one\"").expect("slide one");
    let end = start
        + 1
        + edited[start + 1..]
            .find("[[slides]]")
            .expect("a next slide");
    let edited = format!("{}{}", &edited[..start], &edited[end..]);
    let deck = load_str(&edited).expect("edited deck loads").deck;
    run(
        &mut a,
        &[Action::Reload {
            deck: std::sync::Arc::new(deck),
        }],
    );
    assert_eq!(a.slide, 2, "same slide id, new index");
    assert_eq!(a.current().title, "Case, edited");
    assert_eq!(a.case().map(|c| c.items.len()), Some(1), "ticks kept");
}

#[test]
fn a_failed_reload_keeps_the_deck_and_shows_the_error_until_a_good_one() {
    let mut a = app();
    run(
        &mut a,
        &[
            Action::Next,
            Action::ReloadFailed {
                error: "deck.toml:7:1: expected `=`".into(),
            },
        ],
    );
    assert_eq!(a.slide, 1);
    assert_eq!(
        a.reload_error.as_deref(),
        Some("deck.toml:7:1: expected `=`")
    );
    run(&mut a, &[Action::Next]);
    assert!(a.reload_error.is_some(), "stays until the next good save");
    let deck = a.deck.clone();
    run(&mut a, &[Action::Reload { deck }]);
    assert!(a.reload_error.is_none());
}

#[test]
fn remapped_keys_resolve_through_the_apps_table() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    let w = Key {
        code: KeyCode::Char('w'),
        ctrl: false,
    };
    let b = Key {
        code: KeyCode::Char('b'),
        ctrl: false,
    };
    assert_eq!(resolve(&a, w), None);
    a.keys = crate::present::settings::apply(&[(Command::Blank, vec![w])]);
    assert_eq!(
        resolve(&a, w),
        Some(Action::Open {
            overlay: OverlayKind::Blank
        })
    );
    assert_eq!(resolve(&a, b), None);
}

#[test]
fn a_deck_may_choose_its_theme() {
    use crate::present::ui::theme::ThemeName;
    assert_eq!(app().deck.meta.theme, None);
    let deck = load_str(&DECK.replacen("[deck]\n", "[deck]\ntheme = \"high-contrast\"\n", 1))
        .expect("loads")
        .deck;
    assert_eq!(deck.meta.theme, Some(ThemeName::HighContrast));
}

fn press(a: &mut App, code: ratatui::crossterm::event::KeyCode, ctrl: bool) {
    if let Some(action) = resolve(a, Key { code, ctrl }) {
        let now = a.now;
        update(a, &action, now);
    }
}

#[test]
fn q_past_the_first_slide_while_recording_asks_once_more() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    a.recording = Recording::On;
    // On the first slide, `q` quits at once.
    press(&mut a, KeyCode::Char('q'), false);
    assert!(a.quit);
    let mut a = app();
    a.recording = Recording::On;
    run(&mut a, &[Action::GoTo { slide: 2 }]);
    press(&mut a, KeyCode::Char('q'), false);
    assert!(a.confirm_quit && !a.quit, "asks");
    // Any other key cancels, and does nothing else.
    press(&mut a, KeyCode::Right, false);
    assert!(!a.confirm_quit && !a.quit);
    assert_eq!(
        (a.slide, a.step),
        (2, 0),
        "the key that cancels is not applied"
    );
    press(&mut a, KeyCode::Char('q'), false);
    press(&mut a, KeyCode::Char('q'), false);
    assert!(a.quit, "q again quits");
    // Ctrl-C quits at once; not recording, `q` quits at once.
    let mut a = app();
    a.recording = Recording::On;
    run(&mut a, &[Action::GoTo { slide: 2 }]);
    press(&mut a, KeyCode::Char('c'), true);
    assert!(a.quit);
    let mut a = app();
    run(&mut a, &[Action::GoTo { slide: 2 }]);
    press(&mut a, KeyCode::Char('q'), false);
    assert!(a.quit);
}

const TWO_PROMPTS: &str = r#"
format = 1
[deck]
title = "Timers"
[[slides]]
id = "six"
title = "Six"
[[slides.prompts]]
text = "First?"
minutes = 5
[[slides.prompts]]
text = "Second?"
minutes = 2
[[slides]]
id = "plain"
title = "Plain"
[[slides]]
id = "other"
title = "Other"
[[slides.prompts]]
text = "Elsewhere?"
minutes = 3
"#;

fn timers_app() -> App {
    App::new(load_str(TWO_PROMPTS).expect("deck loads").deck, 0)
}

#[test]
fn leaving_a_slide_pauses_its_timer_and_it_never_shows_elsewhere() {
    let mut a = timers_app();
    update(&mut a, &Action::ToggleTimer, 1_000);
    assert!(a.current_timer().is_some_and(Timer::running));
    // Two slides on: the timer of slide 1 is neither shown nor running.
    update(&mut a, &Action::GoTo { slide: 1 }, 61_000);
    assert_eq!(
        a.running_timer(),
        None,
        "no timer shows on a slide without prompts"
    );
    update(&mut a, &Action::GoTo { slide: 2 }, 62_000);
    update(&mut a, &Action::Next, 62_000);
    assert_eq!(a.running_timer(), None, "another slide's timer never shows");
    let six = a.timers[&("six".to_owned(), 0)];
    assert!(!six.running());
    assert_eq!(
        six.elapsed(500_000),
        60_000,
        "paused when its slide was left"
    );
    // Back on its slide, `t` goes on from where it stopped.
    update(&mut a, &Action::GoTo { slide: 0 }, 100_000);
    update(&mut a, &Action::Next, 100_000);
    update(&mut a, &Action::Prev, 100_000);
    update(&mut a, &Action::ToggleTimer, 100_000);
    assert_eq!(a.current_timer().map(|t| t.elapsed(110_000)), Some(70_000));
}

#[test]
fn t_on_another_prompt_pauses_the_running_one_and_says_so() {
    let mut a = timers_app();
    update(&mut a, &Action::ToggleTimer, 1_000);
    assert_eq!(a.flash, None);
    update(&mut a, &Action::Next, 2_000);
    assert_eq!(a.current_prompt(), Some(1));
    // The first prompt's timer still shows in the status line while it runs.
    assert!(a.running_timer().is_some_and(Timer::running));
    update(&mut a, &Action::ToggleTimer, 3_000);
    assert_eq!(a.flash, Some(Flash::OtherTimerPaused));
    assert!(!a.timers[&("six".to_owned(), 0)].running());
    assert!(a.timers[&("six".to_owned(), 1)].running());
    assert_eq!(a.timers.values().filter(|t| t.running()).count(), 1);
    // Pausing the running one says nothing.
    update(&mut a, &Action::ToggleTimer, 4_000);
    assert_eq!(a.flash, None);
}

#[test]
fn the_big_countdown_needs_a_timer_and_any_key_returns() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = timers_app();
    update(
        &mut a,
        &Action::Open {
            overlay: OverlayKind::Countdown,
        },
        1_000,
    );
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.flash, Some(Flash::NoTimer));
    update(&mut a, &Action::ToggleTimer, 1_000);
    press(&mut a, KeyCode::Char('T'), false);
    assert_eq!(a.overlay, Overlay::Countdown);
    press(&mut a, KeyCode::Char('x'), false);
    assert_eq!(a.overlay, Overlay::None, "any key returns");
    assert_eq!(a.slide, 0, "and does nothing else");
}

#[test]
fn the_join_screen_needs_a_share_and_the_same_key_or_esc_takes_it_down() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    press(&mut a, KeyCode::Char('i'), false);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.flash, Some(Flash::NotSharing));
    update(
        &mut a,
        &Action::Sharing {
            url: "http://10.0.0.2:7878/\u{1b}[2J".into(),
        },
        1_000,
    );
    assert_eq!(a.join_url.as_deref(), Some("http://10.0.0.2:7878/"));
    press(&mut a, KeyCode::Char('i'), false);
    assert_eq!(a.overlay, Overlay::Join);
    press(&mut a, KeyCode::Right, false);
    assert_eq!(
        (a.overlay.clone(), a.slide),
        (Overlay::Join, 0),
        "keys wait"
    );
    press(&mut a, KeyCode::Char('i'), false);
    assert_eq!(a.overlay, Overlay::None, "the same key");
    press(&mut a, KeyCode::Char('i'), false);
    press(&mut a, KeyCode::Esc, false);
    assert_eq!(a.overlay, Overlay::None, "or Esc");
}

#[test]
fn the_rooms_input_enters_through_update_and_only_where_it_belongs() {
    use room::{Input, Row, Vote};
    let mut a = app();
    let input = |who: &str, code: &str, input: Input| Action::Room {
        op: RoomOp::Input {
            participant: who.into(),
            code: code.into(),
            input,
        },
    };
    let vote = Input::Vote {
        slide_id: "case".into(),
        vote: Vote::Trafficking,
    };
    update(&mut a, &input("aaaa", "", vote.clone()), 1_000);
    assert!(a.room.cases.is_empty(), "closed: nothing taken");
    let open = Action::Room {
        op: RoomOp::Open {
            code: "K7Q2".into(),
        },
    };
    assert_eq!(a.room.last, Some(Err(room::Refused::Closed)), "the verdict");
    update(&mut a, &open, 1_000);
    assert!(!a.room.open, "not shared: no phone can reach the room");
    assert_eq!(a.flash, Some(Flash::NotSharing));
    let url = "http://192.168.1.20:7878/".to_owned();
    update(&mut a, &Action::Sharing { url }, 1_000);
    update(&mut a, &open, 1_000);
    assert!(a.room.open);
    update(&mut a, &input("aaaa", "K7Q2", vote.clone()), 1_000);
    assert_eq!(
        a.room.last,
        Some(Err(room::Refused::NotHere)),
        "only the slide on screen takes input"
    );
    let go = |a: &mut App, id: &str| {
        let slide = a.deck.position(id).unwrap_or(usize::MAX);
        update(a, &Action::GoTo { slide }, 1_000);
    };
    go(&mut a, "case");
    update(&mut a, &input("aaaa", "0000", vote.clone()), 1_000);
    assert!(a.room.cases.is_empty(), "wrong code");
    assert_eq!(a.room.last, Some(Err(room::Refused::WrongCode)));
    update(&mut a, &input("aaaa", "K7Q2", vote.clone()), 1_000);
    assert_eq!(a.room.last, Some(Ok(())));
    let tick = Input::Tick {
        slide_id: "case".into(),
        row: Row::Item(0, 0),
    };
    update(&mut a, &input("bbbb", "K7Q2", tick), 1_000);
    let no_row = Input::Tick {
        slide_id: "case".into(),
        row: Row::Item(99, 0),
    };
    update(&mut a, &input("bbbb", "K7Q2", no_row), 1_000);
    let on_a_slide_without_checklist = Input::Vote {
        slide_id: "one".into(),
        vote: Vote::Trafficking,
    };
    update(
        &mut a,
        &input("bbbb", "K7Q2", on_a_slide_without_checklist),
        1_000,
    );
    let t = a.room.totals("case");
    assert_eq!((t.trafficking, t.rows.get("0.0")), (1, Some(&1)));
    assert_eq!(a.room.cases.len(), 1);
    let say = Input::Respond {
        slide_id: "three".into(),
        text: "who pays the debt?".into(),
    };
    update(&mut a, &input("cccc", "K7Q2", say.clone()), 1_000);
    assert_eq!(a.room.last, Some(Err(room::Refused::NotHere)));
    go(&mut a, "three");
    update(&mut a, &input("cccc", "K7Q2", say), 1_000);
    for op in [
        RoomOp::ToggleKept,
        RoomOp::ToggleOnScreen,
        RoomOp::ToggleTotals,
    ] {
        update(&mut a, &Action::Room { op }, 1_000);
    }
    assert_eq!(a.room.kept().len(), 1);
    assert!(a.room.show_totals);
    assert_eq!(
        a.room.shown_response().map(|r| r.text.as_str()),
        Some("who pays the debt?")
    );
    // Serialisable like every action (the journal's format).
    let json = serde_json::to_string(&input("aaaa", "K7Q2", vote)).unwrap_or_default();
    let back: Action = serde_json::from_str(&json).unwrap_or(Action::Clock);
    assert!(matches!(back, Action::Room { .. }), "{json}");
    update(&mut a, &Action::Room { op: RoomOp::Clear }, 1_000);
    assert_eq!(a.flash, Some(Flash::CloseRoomFirst), "open: not cleared");
    assert!(!a.room.responses.is_empty());
    update(&mut a, &Action::Room { op: RoomOp::Close }, 1_000);
    update(&mut a, &Action::Room { op: RoomOp::Clear }, 1_000);
    assert!(a.room.cases.is_empty() && a.room.responses.is_empty());
}

#[test]
fn the_rooms_keys_open_with_the_code_it_has_and_moderate() {
    let mut a = app();
    let key = |ch: char| keymap::Key {
        code: ratatui::crossterm::event::KeyCode::Char(ch),
        ctrl: false,
    };
    // `p` on a room that never opened asks for a code the run loop draws (empty here).
    let open = resolve(&a, key('p'));
    assert_eq!(
        open,
        Some(Action::Room {
            op: RoomOp::Open {
                code: String::new()
            }
        })
    );
    let url = "http://192.168.1.20:7878/".to_owned();
    update(&mut a, &Action::Sharing { url }, 0);
    update(&mut a, &open.unwrap_or(Action::Clock), 0);
    assert!(!a.room.open, "an empty code opens nothing");
    let op = RoomOp::Open {
        code: "K7Q2".into(),
    };
    update(&mut a, &Action::Room { op }, 0);
    assert_eq!(
        resolve(&a, key('p')),
        Some(Action::Room { op: RoomOp::Close })
    );
    update(&mut a, &Action::Room { op: RoomOp::Close }, 0);
    // Opened again, the room keeps its code (phones and the projector still show it).
    assert_eq!(
        resolve(&a, key('p')),
        Some(Action::Room {
            op: RoomOp::Open {
                code: "K7Q2".into()
            }
        })
    );
    for (ch, op) in [
        ('v', RoomOp::ToggleTotals),
        ('{', RoomOp::Move { delta: -1 }),
        ('}', RoomOp::Move { delta: 1 }),
        ('r', RoomOp::ToggleOnScreen),
        ('m', RoomOp::ToggleKept),
        ('X', RoomOp::Clear),
    ] {
        assert_eq!(resolve(&a, key(ch)), Some(Action::Room { op }), "{ch}");
    }
}

#[test]
fn what_the_journal_records_of_the_room_rebuilds_its_numbers_and_kept_responses() {
    let mut a = app();
    let totals = room::Totals {
        rows: [("0.0".to_owned(), 4)].into_iter().collect(),
        trafficking: 3,
        not_trafficking: 1,
        not_enough_information: 2,
        took_part: 6,
    };
    let op = RoomOp::Totals {
        slide_id: "case".into(),
        totals: totals.clone(),
    };
    update(&mut a, &Action::Room { op }, 5);
    assert_eq!(a.room.totals("case"), totals, "recorded totals are shown");
    assert!(a.room.has_input());
    let mut kept = room::Response::default();
    kept.id = 7;
    kept.slide_id = "three".into();
    kept.at = 9;
    kept.text = "who pays\u{1b}[2J the debt?".into();
    kept.kept = true;
    let op = RoomOp::Kept {
        response: kept.clone(),
    };
    update(&mut a, &Action::Room { op: op.clone() }, 10);
    update(&mut a, &Action::Room { op }, 11);
    assert_eq!(a.room.kept().len(), 1, "the same response once");
    assert!(
        !a.room.kept()[0].text.contains('\u{1b}'),
        "cleaned again: a journal is outside input"
    );
    kept.kept = false;
    let unkept = RoomOp::Kept { response: kept };
    update(&mut a, &Action::Room { op: unkept }, 12);
    assert!(a.room.kept().is_empty());
}

#[test]
fn after_a_resume_the_rooms_earlier_counts_stay_and_new_input_adds_to_them() {
    let mut a = app();
    let url = "http://192.168.1.20:7878/".to_owned();
    update(&mut a, &Action::Sharing { url }, 0);
    let case = a.deck.position("case").unwrap_or(0);
    update(&mut a, &Action::GoTo { slide: case }, 0);
    // What the journal had counted before the crash.
    let before = room::Totals {
        rows: [("0.0".to_owned(), 2)].into_iter().collect(),
        trafficking: 3,
        ..room::Totals::default()
    };
    let op = RoomOp::Totals {
        slide_id: "case".into(),
        totals: before,
    };
    update(&mut a, &Action::Room { op }, 1);
    let open = RoomOp::Open {
        code: "K7Q2".into(),
    };
    update(&mut a, &Action::Room { op: open }, 2);
    let op = RoomOp::Input {
        participant: "new1".into(),
        code: "K7Q2".into(),
        input: room::Input::Vote {
            slide_id: "case".into(),
            vote: room::Vote::Trafficking,
        },
    };
    update(&mut a, &Action::Room { op }, 3);
    let now = a.room.totals("case");
    assert_eq!((now.trafficking, now.rows.get("0.0")), (4, Some(&2)));
    // The loop journals the room's numbers; applying that record changes nothing live.
    let op = RoomOp::Totals {
        slide_id: "case".into(),
        totals: now.clone(),
    };
    update(&mut a, &Action::Room { op }, 4);
    assert_eq!(a.room.totals("case"), now, "not counted twice");
    assert_eq!(a.room.all_totals().get("case"), Some(&now));
}

#[test]
fn the_session_clock_next_changes_on_the_next_whole_second_since_the_start() {
    let mut app = app();
    // Not on a whole second of the wall clock: the session's seconds count from its start.
    app.started = 10_250;
    assert_eq!(app.next_second(10_250), 11_250);
    assert_eq!(app.next_second(11_249), 11_250);
    assert_eq!(app.next_second(11_250), 12_250);
    assert_eq!(app.next_second(72_000), 72_250);
    // A wall clock set back before the start: the first second after it.
    assert_eq!(app.next_second(3_000), 11_250);
}

#[test]
fn a_decks_beginning_counts_every_slide_until_the_whole_deck_replaces_it_in_place() {
    let whole = load_str(DECK).expect("test deck loads").deck;
    let mut begun = whole.clone();
    begun.slides.truncate(2);
    let mut a = App::beginning(begun, whole.slides.len(), 1_000);
    assert!(a.reading());
    assert_eq!((a.slide_count(), a.deck.slides.len()), (4, 2));
    // The status line counts all of them.
    let view = crate::present::ui::View::default();
    let area = ratatui::layout::Rect::new(0, 0, 80, 1);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    let strings = crate::words::strings::for_lang("en");
    crate::present::ui::status::render(&a, &view, strings, area, &mut buf);
    let line: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(line.contains("1/4"), "{line}");
    run(&mut a, &[Action::Next]);
    assert_eq!(a.slide, 1);
    // The whole deck, in place: the same slide and step, and the count is the deck's.
    let generation = a.deck_generation;
    run(
        &mut a,
        &[Action::Reload {
            deck: std::sync::Arc::new(whole),
        }],
    );
    assert!(!a.reading());
    assert_eq!((a.slide, a.step, a.slide_count()), (1, 0, 4));
    assert_ne!(
        a.deck_generation, generation,
        "a follower would see the new deck"
    );
    run(&mut a, &[Action::Last]);
    assert_eq!(a.slide, 3);
    // A "beginning" that is the whole deck is not being read.
    let small = load_str(DECK).expect("test deck loads").deck;
    assert!(!App::beginning(small, 4, 1_000).reading());
}
