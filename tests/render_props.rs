//! Rendering and `update` never panic, whatever the terminal size, the deck text or the keys.
//!
//! - proptest: random action sequences (navigation, overlays, checklist, timers, resizes, clock
//!   jumps, reloads, typed keys through `resolve`) on the bundled deck and on generated decks
//!   with awkward text (very long words, wide CJK, emoji and ZWJ sequences, combining marks,
//!   zero-width characters, empty strings, many bullets), drawn after every action at the size
//!   the app was told about, then at random sizes from 0×0 to 200×60, also inside a larger
//!   buffer at an offset;
//! - `update` keeps its invariants: the slide and step in range, list cursors in range;
//! - a deterministic, exhaustive loop over every size 0..=200 × 0..=60 for key screens.
//!
//! Decks are built as the validated model directly (the loader's job is tested elsewhere), with
//! the loader's guarantees kept: at least one slide, unique ids, sanitised text, minutes in
//! 0..=24 h, checklist indices in range.

use convene::deck::{
    Answer, Bullet, Callout, Checklist, Column, Cond, Deck, Extras, Flag, Framework, Group, Item,
    Level, Meta, Prompt, PromptKind, Rule, Slide, SlideKind,
};
use convene::present::app::keymap::Key;
use convene::present::app::{Action, App, Millis, Overlay, OverlayKind, RoomOp, resolve, update};
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use proptest::prelude::*;
use proptest::test_runner::Config;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use std::sync::OnceLock;

const T0: Millis = 1_700_000_000_000;

fn bundled() -> Deck {
    static DECK: OnceLock<Deck> = OnceLock::new();
    DECK.get_or_init(|| {
        convene::deck::bundled::deck(convene::words::Lang::En).expect("the bundled deck loads")
    })
    .clone()
}

fn views() -> [View; 3] {
    [
        View {
            theme: Theme::dark(),
            glyphs: &convene::present::ui::glyphs::UNICODE,
        },
        View {
            theme: Theme::mono(),
            glyphs: &convene::present::ui::glyphs::ASCII,
        },
        View {
            theme: Theme::mono(),
            glyphs: &convene::present::ui::glyphs::UNICODE,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Generated text and decks
// ---------------------------------------------------------------------------------------------

const WORDS: [&str; 12] = [
    "a",
    "to",
    "the",
    "Trafficking",
    "persons",
    "x",
    "consent",
    "CAPITALS",
    "Mixed",
    "ok",
    "it's",
    "(art. 3)",
];

/// One awkward piece of text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&WORDS[..]).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => Just("Supercalifragilisticexpialidocious".repeat(7)),
        1 => Just("多言語のスライドです".to_owned()),
        1 => Just("長".repeat(90)),
        1 => Just("🌍🎉".to_owned()),
        1 => Just("👨‍👩‍👧‍👦".to_owned()),
        1 => Just("e\u{301}\u{302}\u{303}".to_owned()),
        1 => Just("\u{301}".to_owned()),
        1 => Just("\u{200B}\u{200D}\u{FE0F}".to_owned()),
        1 => Just("ｗｉｄｅ".to_owned()),
        1 => Just("—…→•◦☐☑".to_owned()),
        1 => Just("ﷺ".to_owned()),
        1 => Just("a-very-long-hyphenated-compound-word-that-never-ends-and-goes-on".to_owned()),
        1 => Just("   ".to_owned()),
    ]
}

/// A one-line text of a few pieces.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop_oneof![Just(" "), Just("")]), 0..8)
        .prop_map(|v| v.into_iter().map(|(p, sep)| format!("{p}{sep}")).collect())
}

/// Body text may hold newlines (the sanitiser keeps them).
fn body_text() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), prop_oneof![Just(" "), Just("\n")]), 0..4)
        .prop_map(|v| v.into_iter().map(|(p, sep)| format!("{p}{sep}")).collect())
}

fn bullet() -> impl Strategy<Value = Bullet> {
    (line(), prop::collection::vec(line(), 0..3)).prop_map(|(text, children)| Bullet {
        text: text.into(),
        children: children.into_iter().map(Into::into).collect(),
    })
}

fn bullets() -> impl Strategy<Value = Vec<Bullet>> {
    prop_oneof![
        6 => prop::collection::vec(bullet(), 0..5),
        // Many bullets: one generated text, numbered (cheap to generate, same stress).
        1 => (20usize..60, line()).prop_map(|(n, text)| {
            (0..n)
                .map(|i| Bullet {
                    text: format!("{i} {text}").into(),
                    children: vec![],
                })
                .collect()
        }),
    ]
}

fn minutes() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(0.0)),
        Just(Some(0.01)),
        (1u32..=10).prop_map(|m| Some(f64::from(m))),
        Just(Some(24.0 * 60.0)),
    ]
}

fn prompt() -> impl Strategy<Value = Prompt> {
    (
        line(),
        minutes(),
        prop::collection::vec(line(), 0..3),
        prop_oneof![Just(PromptKind::Discuss), Just(PromptKind::Break)],
    )
        .prop_map(|(text, minutes, follow_ups, kind)| Prompt {
            kind,
            text: text.into(),
            minutes,
            follow_ups: follow_ups.into_iter().map(Into::into).collect(),
        })
}

fn kind() -> impl Strategy<Value = SlideKind> {
    prop_oneof![
        Just(SlideKind::Title),
        Just(SlideKind::Section),
        Just(SlideKind::Content),
        Just(SlideKind::Case),
    ]
}

/// A slide without id, checklist flag or answer (those depend on the deck).
#[derive(Debug, Clone)]
struct SlideGen {
    kind: SlideKind,
    title: String,
    subtitle: Option<String>,
    section: Option<String>,
    body: Vec<String>,
    bullets: Vec<Bullet>,
    reveal: bool,
    columns: Vec<Column>,
    callout: Option<Callout>,
    prompts: Vec<Prompt>,
    debrief: Option<String>,
    checklist: bool,
}

fn slide_gen() -> impl Strategy<Value = SlideGen> {
    let head = (
        kind(),
        line(),
        prop::option::of(line()),
        prop::option::of(line()),
        prop::collection::vec(body_text(), 0..3),
    );
    let columns = prop::collection::vec(
        (line(), prop::collection::vec(bullet(), 0..4)).prop_map(|(heading, bullets)| Column {
            heading: heading.into(),
            bullets,
        }),
        0..4,
    );
    let callout = prop::option::of(
        (prop::option::of(line()), line()).prop_map(|(label, text)| Callout {
            label: label.map(Into::into),
            text: text.into(),
        }),
    );
    let rest = (
        bullets(),
        any::<bool>(),
        columns,
        callout,
        prop::collection::vec(prompt(), 0..3),
        prop::option::of(line()),
        any::<bool>(),
    );
    (head, rest).prop_map(
        |(
            (kind, title, subtitle, section, body),
            (bullets, reveal, columns, callout, prompts, debrief, checklist),
        )| SlideGen {
            kind,
            title,
            subtitle,
            section,
            body,
            bullets,
            reveal,
            columns,
            callout,
            prompts,
            debrief,
            checklist,
        },
    )
}

fn checklist() -> impl Strategy<Value = Checklist> {
    let groups = prop::collection::vec(
        (
            line(),
            prop::option::of(line()),
            prop::collection::vec(line(), 1..8),
        ),
        1..5,
    );
    let flags = prop::collection::vec(line(), 0..3);
    (line(), prop::option::of(line()), groups, flags, 1usize..4).prop_map(
        |(title, disclaimer, groups, flags, n_frameworks)| {
            let groups: Vec<Group> = groups
                .into_iter()
                .enumerate()
                .map(|(g, (label, question, items))| Group {
                    id: format!("g{g}"),
                    label,
                    question,
                    frameworks: vec![],
                    items: items
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| Item {
                            id: format!("i{i}"),
                            short: (i % 2 == 0)
                                .then(|| label.split(' ').next().unwrap_or("x").to_owned()),
                            label,
                            frameworks: vec![],
                        })
                        .collect(),
                })
                .collect();
            let n_groups = groups.len();
            let n_flags = flags.len();
            let frameworks = (0..n_frameworks)
                .map(|f| Framework {
                    id: format!("f{f}"),
                    label: format!("Framework {f} with a rather long label, art. 3(a)"),
                    questions: vec![],
                    rules: vec![
                        Rule {
                            all: (0..n_groups).map(Cond::Group).collect(),
                            any: vec![],
                            flags: vec![],
                            say: "All groups: indicated.".repeat(f + 1),
                            level: Level::Indicated,
                        },
                        Rule {
                            all: vec![Cond::Group(0)],
                            any: vec![],
                            flags: (0..n_flags.min(1)).collect(),
                            say: "The first group and the flag.".to_owned(),
                            level: Level::Indicated,
                        },
                        Rule {
                            all: vec![],
                            any: vec![],
                            flags: vec![],
                            say: "Not yet.".to_owned(),
                            level: Level::Incomplete,
                        },
                    ],
                })
                .collect();
            Checklist {
                title,
                short_disclaimer: disclaimer.as_ref().map(|_| "Short.".to_owned()),
                disclaimer,
                groups,
                flags: flags
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| Flag {
                        id: format!("flag{i}"),
                        short: (i % 2 == 1).then(|| "Short".to_owned()),
                        label,
                        frameworks: vec![],
                    })
                    .collect(),
                frameworks,
            }
        },
    )
}

fn deck() -> impl Strategy<Value = Deck> {
    (
        line(),
        prop::option::of(line()),
        prop_oneof![Just("en"), Just("fr")],
        prop::option::of(body_text()),
        prop::collection::vec(line(), 0..4),
        prop::option::of(checklist()),
        prop::collection::vec(slide_gen(), 1..8),
    )
        .prop_map(
            |(title, subtitle, language, content_note, support, checklist, slides)| {
                let slides = slides
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let in_checklist = checklist.is_some() && s.checklist;
                        let answer = (in_checklist && i % 2 == 0).then(|| {
                            let cl = checklist.as_ref().expect("checked above");
                            Answer {
                                items: cl
                                    .groups
                                    .iter()
                                    .enumerate()
                                    .flat_map(|(g, gr)| {
                                        (0..gr.items.len())
                                            .filter(move |it| (g + it + i) % 2 == 0)
                                            .map(move |it| (g, it))
                                    })
                                    .collect(),
                                flags: (0..cl.flags.len()).filter(|f| f % 2 == 0).collect(),
                                ..Answer::default()
                            }
                        });
                        Slide {
                            id: format!("s{i}").into(),
                            section: s.section.map(Into::into),
                            kind: s.kind,
                            title: s.title.into(),
                            body: s.body.into_iter().map(Into::into).collect(),
                            bullets: s.bullets,
                            reveal: s.reveal,
                            notes: None,
                            checklist: in_checklist,
                            extras: Extras {
                                subtitle: s.subtitle.map(Into::into),
                                columns: s.columns,
                                callout: s.callout,
                                minutes: None,
                                prompts: s.prompts,
                                answer,
                                debrief: s.debrief.map(Into::into),
                            }
                            .boxed(),
                        }
                    })
                    .collect();
                Deck {
                    meta: Meta {
                        title,
                        subtitle,
                        language: language.to_owned(),
                        minutes: None,
                        content_note,
                        support,
                        author: None,
                        theme: None,
                        translation: None,
                    },
                    checklist,
                    slides,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Actions, times and keys
// ---------------------------------------------------------------------------------------------

fn overlay_kind() -> impl Strategy<Value = OverlayKind> {
    prop_oneof![
        Just(OverlayKind::Help),
        Just(OverlayKind::Overview),
        Just(OverlayKind::Search),
        Just(OverlayKind::Blank),
        Just(OverlayKind::Support),
        Just(OverlayKind::ContentNote),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    let code = prop_oneof![
        Just(KeyCode::Right),
        Just(KeyCode::Left),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::F(1)),
        prop::sample::select(
            "0123456789 abcfgjklnoqst?/.Gé長"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
    ];
    (code, prop::bool::weighted(0.03)).prop_map(|(code, ctrl)| Key { code, ctrl })
}

/// One step of a session: an action (or a key resolved in the current state), and the time it
/// happens at.
#[derive(Debug, Clone)]
enum Input {
    Act(Action),
    Key(Key),
    /// Reload with a deck of its own (possibly fewer slides, no checklist…).
    Reload(usize),
    /// A participant's phone (one of a few) sends something.
    Phone(u8, Phone),
}

#[derive(Debug, Clone, Copy)]
enum When {
    /// Milliseconds after the previous step.
    After(u64),
    /// An arbitrary absolute time (before the start, far in the future…).
    At(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => Just(Action::Next),
        3 => Just(Action::Prev),
        1 => Just(Action::First),
        1 => Just(Action::Last),
        2 => (0usize..70).prop_map(|slide| Action::GoTo { slide }),
        1 => (0u8..=12).prop_map(|digit| Action::Digit { digit }),
        3 => overlay_kind().prop_map(|overlay| Action::Open { overlay }),
        2 => Just(Action::Close),
        3 => (-40i32..40).prop_map(|delta| Action::Move { delta }),
        1 => Just(Action::Move { delta: i32::MAX }),
        1 => Just(Action::Move { delta: i32::MIN }),
        1 => Just(Action::Pick),
        2 => piece().prop_map(|text| Action::SearchInput { text }),
        1 => Just(Action::SearchBackspace),
        2 => Just(Action::ToggleChecklist),
        2 => Just(Action::Focus),
        3 => prop_oneof![0usize..40, Just(usize::MAX)].prop_map(|row| Action::Tick { row }),
        1 => Just(Action::CycleFramework),
        2 => Just(Action::ToggleAnswer),
        3 => Just(Action::ToggleTimer),
        1 => Just(Action::StartNote),
        1 => line().prop_map(|text| Action::NoteInput { text }),
        1 => Just(Action::NoteBackspace),
        1 => Just(Action::SaveNote),
        1 => line().prop_map(|error| Action::ReloadFailed { error }),
        3 => (0u16..=200, 0u16..=60).prop_map(|(width, height)| Action::Resize { width, height }),
        1 => Just(Action::Resize { width: u16::MAX, height: u16::MAX }),
        3 => Just(Action::Clock),
        6 => room_op().prop_map(|op| Action::Room { op }),
        // Shared: the room opens only so.
        1 => Just(Action::Sharing { url: "http://192.168.1.23:7878/".into() }),
    ]
}

/// The join code sessions open the room with.
const CODE: &str = "K7Q2";

/// The facilitator's moderation of the room (issue 17).
fn room_op() -> impl Strategy<Value = RoomOp> {
    prop_oneof![
        2 => Just(RoomOp::Open { code: CODE.into() }),
        1 => Just(RoomOp::Close),
        1 => Just(RoomOp::Clear),
        3 => Just(RoomOp::ToggleTotals),
        3 => prop_oneof![-3i32..3, Just(i32::MAX), Just(i32::MIN)]
            .prop_map(|delta| RoomOp::Move { delta }),
        3 => Just(RoomOp::ToggleOnScreen),
        2 => Just(RoomOp::ToggleKept),
    ]
}

/// What a phone sends, about the slide on screen when it arrives.
#[derive(Debug, Clone)]
enum Phone {
    /// A row by its index among the checklist's rows (past the end: refused).
    Tick(usize),
    Vote(u8),
    Respond(String),
}

fn phone() -> impl Strategy<Value = (u8, Phone)> {
    let what = prop_oneof![
        3 => (0usize..24).prop_map(Phone::Tick),
        2 => (0u8..3).prop_map(Phone::Vote),
        2 => prop_oneof![
            line(),
            Just("x".repeat(280)),
            Just("\u{1b}[2J\u{202e}evil\u{7}".to_owned()),
        ]
        .prop_map(Phone::Respond),
    ];
    (0u8..8, what)
}

/// A phone's input as the action the share would hand `update`.
fn phone_action(app: &App, who: u8, what: &Phone) -> Action {
    use convene::present::app::room::{Input as In, Row, Vote};
    let slide_id = app.current().id.to_string();
    let input = match what {
        Phone::Tick(i) => {
            let rows = app
                .deck
                .checklist
                .as_ref()
                .map(convene::deck::checklist::rows)
                .unwrap_or_default();
            In::Tick {
                slide_id,
                row: rows.get(*i).copied().unwrap_or(Row::Flag(*i)),
            }
        }
        Phone::Vote(v) => In::Vote {
            slide_id,
            vote: match v {
                0 => Vote::Trafficking,
                1 => Vote::NotTrafficking,
                _ => Vote::NotEnoughInformation,
            },
        },
        Phone::Respond(text) => In::Respond {
            slide_id,
            text: text.clone(),
        },
    };
    Action::Room {
        op: RoomOp::Input {
            participant: format!("phone{who}"),
            code: CODE.into(),
            input,
        },
    }
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        6 => action().prop_map(Input::Act),
        3 => key().prop_map(Input::Key),
        1 => (0usize..4).prop_map(Input::Reload),
        3 => phone().prop_map(|(who, what)| Input::Phone(who, what)),
    ]
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        8 => (0u64..200_000).prop_map(When::After),
        1 => (0u64..=T0 * 2).prop_map(When::At),
        // Far in the future (absurd clocks are covered by `timer_far_in_the_future`).
        1 => (0u64..=1 << 53).prop_map(When::At),
    ]
}

fn session() -> impl Strategy<Value = Vec<(Input, When)>> {
    prop::collection::vec((input(), when()), 0..32)
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// What `update` must always keep true.
fn check_invariants(app: &App) -> Result<(), TestCaseError> {
    let n = app.deck.slides.len();
    prop_assert!(app.slide < n, "slide {} of {n}", app.slide);
    let steps = app.current().step_count();
    prop_assert!(app.step < steps, "step {} of {steps}", app.step);
    match &app.overlay {
        Overlay::Overview { cursor } => prop_assert!(*cursor < n, "overview cursor {cursor}"),
        Overlay::Search {
            results, cursor, ..
        } => {
            prop_assert!(
                *cursor < results.len().max(1),
                "search cursor {cursor} of {}",
                results.len()
            );
            prop_assert!(results.iter().all(|&r| r < n), "search results in range");
        }
        _ => {}
    }
    if let Some(cl) = &app.deck.checklist {
        let rows = convene::deck::checklist::rows(cl).len();
        prop_assert!(
            app.cursor < rows.max(1),
            "panel cursor {} of {rows}",
            app.cursor
        );
    }
    prop_assert!(app.digits.len() <= 9);
    let room = &app.room;
    prop_assert!(room.responses.len() <= convene::present::app::room::MAX_RESPONSES);
    prop_assert!(
        room.cursor < room.responses.len().max(1),
        "queue cursor {} of {}",
        room.cursor,
        room.responses.len()
    );
    prop_assert!(
        room.on_screen.is_none() || room.shown_response().is_some(),
        "the response on screen is in the queue"
    );
    Ok(())
}

/// Draw at `area` inside `buf` (resized to hold it), with every view.
fn draw_all(app: &App, area: Rect, buf: &mut Buffer) {
    let outer = Rect::new(0, 0, area.x + area.width, area.y + area.height);
    buf.resize(outer);
    for view in views() {
        buf.reset();
        ui::draw(app, &view, area, buf);
    }
    // The presenter console of the same state (the room's queue and counts draw there).
    buf.reset();
    let info = convene::present::ui::console::ConsoleInfo::default();
    convene::present::ui::console::render_console(app, &views()[1], &info, area, buf);
}

/// Apply a session, drawing after every step at the app's own size.
fn run(deck: Deck, reloads: &[Deck], steps: &[(Input, When)]) -> Result<App, TestCaseError> {
    let mut app = App::new(deck, T0);
    let mut now = T0;
    let mut buf = Buffer::empty(Rect::default());
    for (input, when) in steps {
        now = match *when {
            When::After(d) => now.saturating_add(d),
            When::At(t) => t,
        };
        let action = match input {
            Input::Act(a) => Some(a.clone()),
            Input::Key(k) => resolve(&app, *k),
            Input::Reload(i) => Some(Action::Reload {
                deck: std::sync::Arc::new(reloads[i % reloads.len()].clone()),
            }),
            Input::Phone(who, what) => Some(phone_action(&app, *who, what)),
        };
        if let Some(action) = action {
            update(&mut app, &action, now);
        }
        check_invariants(&app)?;
        // The presenter draws at the size it was last told (clamped to the property's range).
        let (w, h) = app.size;
        let view = &views()[0];
        buf.resize(Rect::new(0, 0, w.min(200), h.min(60)));
        buf.reset();
        ui::draw(&app, view, buf.area, &mut buf);
    }
    Ok(app)
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Shrinking a long session can take long; a found failure is reported either way.
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// The bundled deck: random sessions, then random sizes (also at an offset in the buffer).
    #[test]
    fn bundled_deck_sessions_render_at_any_size(
        steps in session(),
        sizes in prop::collection::vec((0u16..=200, 0u16..=60, 0u16..4, 0u16..4), 1..6),
    ) {
        let app = run(bundled(), &[bundled()], &steps)?;
        let mut buf = Buffer::empty(Rect::default());
        for (w, h, x, y) in sizes {
            draw_all(&app, Rect::new(0, 0, w, h), &mut buf);
            draw_all(&app, Rect::new(x, y, w, h), &mut buf);
        }
    }

    /// Generated decks with awkward text: random sessions, then random sizes.
    #[test]
    fn generated_deck_sessions_render_at_any_size(
        deck in deck(),
        reload in deck(),
        steps in session(),
        sizes in prop::collection::vec((0u16..=200, 0u16..=60), 1..5),
    ) {
        let app = run(deck, &[reload], &steps)?;
        let mut buf = Buffer::empty(Rect::default());
        for (w, h) in sizes {
            draw_all(&app, Rect::new(0, 0, w, h), &mut buf);
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// `update` alone: never panics and keeps its invariants (checked after every action in
    /// `run`), on both kinds of deck, with reloads to decks of other shapes.
    #[test]
    fn update_keeps_its_invariants(
        generated in deck(),
        other in deck(),
        use_bundled in any::<bool>(),
        steps in prop::collection::vec((input(), when()), 0..80),
    ) {
        let deck = if use_bundled { bundled() } else { generated };
        let mut app = App::new(deck, T0);
        let mut now = T0;
        let reloads = [other, bundled()];
        for (input, when) in &steps {
            now = match *when {
                When::After(d) => now.saturating_add(d),
                When::At(t) => t,
            };
            let action = match input {
                Input::Act(a) => Some(a.clone()),
                Input::Key(k) => resolve(&app, *k),
                Input::Reload(i) => Some(Action::Reload {
                    deck: std::sync::Arc::new(reloads[i % reloads.len()].clone()),
                }),
                Input::Phone(who, what) => Some(phone_action(&app, *who, what)),
            };
            if let Some(action) = action {
                update(&mut app, &action, now);
            }
            check_invariants(&app)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every size, deterministically, for key screens
// ---------------------------------------------------------------------------------------------

fn at(app: &mut App, id: &str) {
    let slide = app.deck.position(id).expect("slide id in the bundled deck");
    update(app, &Action::GoTo { slide }, T0);
}

/// Key screens of the bundled deck, each reached through `update`.
fn key_screens() -> Vec<(&'static str, App)> {
    let mut screens = Vec::new();

    let app = App::new(bundled(), T0);
    screens.push(("title", app));

    // A prompt with its timer in overtime, follow-ups shown.
    let mut app = App::new(bundled(), T0);
    at(&mut app, "far-from-home");
    update(&mut app, &Action::ToggleTimer, T0);
    update(&mut app, &Action::Next, T0);
    update(&mut app, &Action::Next, T0);
    update(&mut app, &Action::Clock, T0 + 200_000);
    screens.push(("prompt over time", app));

    let mut app = App::new(bundled(), T0);
    at(&mut app, "vs-smuggling");
    screens.push(("columns", app));

    // A case: ticks, answer revealed, last step (prompt, follow-ups, debrief).
    let mut app = App::new(bundled(), T0);
    at(&mut app, "case-domestic-worker");
    update(&mut app, &Action::Focus, T0);
    for row in [0, 3, 5, 7, 12, 17] {
        update(&mut app, &Action::Tick { row }, T0);
    }
    update(&mut app, &Action::ToggleAnswer, T0);
    update(&mut app, &Action::Last, T0);
    at(&mut app, "case-domestic-worker");
    for _ in 0..20 {
        update(&mut app, &Action::Next, T0);
    }
    update(&mut app, &Action::Prev, T0);
    screens.push(("case with panel", app));

    let mut app = App::new(bundled(), T0);
    update(
        &mut app,
        &Action::Open {
            overlay: OverlayKind::Help,
        },
        T0,
    );
    screens.push(("help", app));

    let mut app = App::new(bundled(), T0);
    at(&mut app, "agenda");
    update(
        &mut app,
        &Action::Open {
            overlay: OverlayKind::Overview,
        },
        T0,
    );
    screens.push(("overview", app));

    let mut app = App::new(bundled(), T0);
    update(
        &mut app,
        &Action::Open {
            overlay: OverlayKind::Search,
        },
        T0,
    );
    update(&mut app, &Action::SearchInput { text: "the".into() }, T0);
    screens.push(("search", app));
    screens
}

/// Whether to draw every one of the 201 × 61 sizes (`CONVENE_EVERY_SIZE=1`), or the
/// default deterministic set: every size in the small corner where layouts switch (up to
/// 40 × 14), every width at the heights where layouts change, every height at the widths where
/// they change. The default keeps the suite fast in debug builds; CI can run the full grid.
fn sizes() -> Vec<(u16, u16)> {
    let full = std::env::var_os("CONVENE_EVERY_SIZE").is_some_and(|v| v != "0");
    let mut out = Vec::new();
    for w in 0..=200u16 {
        for h in 0..=60u16 {
            let corner = w <= 40 && h <= 14;
            let row = matches!(h, 0 | 1 | 7 | 8 | 9 | 24 | 35);
            let col = matches!(
                w,
                0 | 1 | 29 | 30 | 31 | 59 | 60 | 80 | 99 | 100 | 101 | 120 | 200
            );
            if full || corner || row || col {
                out.push((w, h));
            }
        }
    }
    out
}

/// For one screen, draw at every size of [`sizes`], with the app told the size first (so the
/// panel switches between beside and overlay as in real use). One buffer is reused.
fn every_size(name: &str, app: &App) {
    let view = View {
        theme: Theme::dark(),
        glyphs: &convene::present::ui::glyphs::UNICODE,
    };
    at_sizes(name, app, sizes(), |app, _, area, buf| {
        ui::draw(app, &view, area, buf);
    });
}

/// Draw with `draw` (told the size's index) at each of `sizes`, the app told the size first;
/// fail naming the size of a panic.
fn at_sizes(
    name: &str,
    app: &App,
    sizes: impl IntoIterator<Item = (u16, u16)>,
    draw: impl Fn(&App, usize, Rect, &mut Buffer),
) {
    let mut app = app.clone();
    let mut buf = Buffer::empty(Rect::new(0, 0, 200, 60));
    for (i, (w, h)) in sizes.into_iter().enumerate() {
        update(
            &mut app,
            &Action::Resize {
                width: w,
                height: h,
            },
            T0,
        );
        let area = Rect::new(0, 0, w, h);
        buf.resize(area);
        buf.reset();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            draw(&app, i, area, &mut buf);
        }));
        assert!(result.is_ok(), "{name}: drawing at {w}×{h} panicked");
    }
}

#[test]
fn key_screens_render_at_every_size() {
    // Split over threads: the screens are independent.
    let handles: Vec<_> = key_screens()
        .into_iter()
        .map(|(name, app)| std::thread::spawn(move || every_size(name, &app)))
        .collect();
    for h in handles {
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    }
}

#[test]
fn the_checklist_overlay_renders_at_every_size() {
    // The panel as a full-screen overlay (narrow) or beside the slide (wide), opened with `c`.
    let mut app = App::new(bundled(), T0);
    at(&mut app, "case-partner");
    update(
        &mut app,
        &Action::Resize {
            width: 80,
            height: 24,
        },
        T0,
    );
    update(&mut app, &Action::ToggleChecklist, T0);
    update(&mut app, &Action::Move { delta: 100 }, T0);
    update(&mut app, &Action::CycleFramework, T0);
    every_size("checklist overlay", &app);
}

/// Found by the session property with unconstrained clock values: a timer started, then a
/// clock past `i64::MAX` ms, overflowed in `Timer::remaining`. Not a realistic time (ms since
/// the epoch), but a corrupted journal could replay one: it must saturate, not crash.
#[test]
fn timer_far_in_the_future() {
    let mut app = App::new(bundled(), T0);
    at(&mut app, "far-from-home");
    update(&mut app, &Action::ToggleTimer, T0);
    // 2^63 ms after the start: `elapsed as i64` is near i64::MIN.
    update(&mut app, &Action::Clock, T0 + (1 << 63) + 1_000);
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    ui::draw(&app, &View::default(), buf.area, &mut buf);
}

/// A room full of data (issue 17): the most participants a session takes, each ticking every
/// row and voting, the most responses, each as long as allowed (wide characters, words longer
/// than any line), the totals shown and the longest response on screen; drawn on the audience
/// screen and the presenter console at every size, on the case and on the prompt.
#[test]
fn a_full_room_renders_at_every_size() {
    use convene::present::app::room::{Input as In, MAX_PARTICIPANTS, MAX_RESPONSES, Vote};
    use convene::present::ui::console::{ConsoleInfo, render_console};
    let mut app = App::new(bundled(), T0);
    let room = |app: &mut App, op: RoomOp| update(app, &Action::Room { op }, T0);
    // Shared (the room opens only so).
    let url = "http://192.168.1.23:7878/".to_owned();
    update(&mut app, &Action::Sharing { url }, T0);
    room(&mut app, RoomOp::Open { code: CODE.into() });
    let cl = app.deck.checklist.clone().expect("the bundled checklist");
    let at = |app: &App, id: &str| app.deck.position(id).unwrap_or(0);
    let (case, forms) = (at(&app, "case-domestic-worker"), at(&app, "forms"));
    let rows = convene::deck::checklist::rows(&cl);
    let texts = [
        "字".repeat(140),
        "x".repeat(280),
        "Who pays? ".repeat(28),
        "é".repeat(280),
    ];
    for p in 0..MAX_PARTICIPANTS {
        let who = format!("p{p:04}");
        // Each input while its slide is on screen (only that slide takes input).
        let send = |app: &mut App, input: In| {
            app.slide = match &input {
                In::Respond { .. } => forms,
                _ => case,
            };
            let op = RoomOp::Input {
                participant: who.clone(),
                code: CODE.into(),
                input,
            };
            update(app, &Action::Room { op }, T0);
        };
        for &row in &rows {
            let slide_id = "case-domestic-worker".to_owned();
            send(&mut app, In::Tick { slide_id, row });
        }
        let vote = [
            Vote::Trafficking,
            Vote::NotTrafficking,
            Vote::NotEnoughInformation,
        ][p % 3];
        let slide_id = "case-domestic-worker".to_owned();
        send(&mut app, In::Vote { slide_id, vote });
        if p < MAX_RESPONSES {
            let slide_id = "forms".to_owned();
            let text = texts[p % texts.len()].clone();
            send(&mut app, In::Respond { slide_id, text });
        }
    }
    assert_eq!(app.room.participant_count(), MAX_PARTICIPANTS);
    assert_eq!(app.room.responses.len(), MAX_RESPONSES);
    assert_eq!(app.room.totals("case-domestic-worker").trafficking, 334);
    room(&mut app, RoomOp::ToggleTotals);
    room(&mut app, RoomOp::Move { delta: 2 });
    room(&mut app, RoomOp::ToggleOnScreen);
    room(&mut app, RoomOp::ToggleKept);
    room(&mut app, RoomOp::Move { delta: i32::MAX });
    room(&mut app, RoomOp::ToggleKept);
    assert!(app.room.shown_response().is_some());
    let mut screens = Vec::new();
    for (id, panel) in [("case-domestic-worker", true), ("forms", false)] {
        let mut a = app.clone();
        at(&mut a, id);
        if panel {
            update(&mut a, &Action::Focus, T0);
        }
        screens.push(a);
    }
    let handles: Vec<_> = screens
        .into_iter()
        .enumerate()
        .map(|(k, app)| {
            std::thread::spawn(move || {
                let info = ConsoleInfo::default();
                // A third of the sizes each (a different third per screen: a full room's
                // frames are slow in debug builds), and the two the product is designed for.
                let chosen = sizes()
                    .into_iter()
                    .enumerate()
                    .filter(|(i, s)| i % 3 == k || matches!(s, (80, 24) | (120, 35)))
                    .map(|(_, s)| s);
                at_sizes("a full room", &app, chosen, |app, i, area, buf| {
                    let view = &views()[i % 3];
                    buf.reset();
                    ui::draw(app, view, area, buf);
                    buf.reset();
                    render_console(app, view, &info, area, buf);
                });
            })
        })
        .collect();
    for h in handles {
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    }
}
