//! Snapshots of whole rendered screens, drawn through ratatui's `TestBackend` exactly as the
//! presenter draws them (`ui::render` into a `Terminal`), at the two sizes the product is
//! designed for: 80×24 (a laptop terminal) and 120×35 (a projector).
//!
//! Every screen is reached through `update` with a fixed, injected clock, so elapsed time and
//! timers are deterministic. Text snapshots use the monochrome theme (colour is invisible in a
//! text snapshot anyway); one set uses ASCII symbols; a style dump with the dark theme checks
//! that where colour carries meaning (timer low / time's up), a word carries it too.
//!
//! Write or update snapshots with `INSTA_UPDATE=always cargo test --test snapshots`, then read
//! every changed `.snap` file as a user would before committing it.

use convene::deck::{Deck, load_str};
use convene::present::app::{Action, App, Millis, OverlayKind, update};
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

mod screens;
use screens::{NOW, ascii, lines as text, mono, terminal};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 35);
const SIZES: [(u16, u16); 2] = [SMALL, LARGE];

fn bundled() -> Deck {
    convene::deck::bundled::deck(convene::words::Lang::En).expect("the bundled deck loads")
}

/// A session on the bundled deck, sized to the terminal, at slide `id` (first step).
fn session(id: &str, (w, h): (u16, u16)) -> App {
    session_on(bundled(), id, (w, h))
}

fn session_on(deck: Deck, id: &str, size: (u16, u16)) -> App {
    let slide = deck
        .position(id)
        .unwrap_or_else(|| panic!("no slide with id {id:?}"));
    screens::session(deck, slide, size)
}

/// Apply actions at `now`.
fn act(app: &mut App, actions: &[Action], now: Millis) {
    for a in actions {
        update(app, a, now);
    }
}

fn next(app: &mut App, times: usize) {
    for _ in 0..times {
        update(app, &Action::Next, NOW);
    }
}

fn screen_text(app: &App, view: &View) -> String {
    text(terminal(app, view).backend().buffer()).join("\n")
}

/// Snapshot the screen under `name_WxH`, and return its text for further checks.
fn snap(name: &str, app: &App, view: &View) -> String {
    let (w, h) = app.size;
    let terminal = terminal(app, view);
    let name = format!("{name}_{w}x{h}");
    insta::assert_snapshot!(name, terminal.backend());
    text(terminal.backend().buffer()).join("\n")
}

fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

fn n_slides() -> usize {
    bundled().slides.len()
}

// ---------------------------------------------------------------------------------------------
// Slides
// ---------------------------------------------------------------------------------------------

#[test]
fn title_slide() {
    for size in SIZES {
        let app = session("title", size);
        let s = snap("title", &app, &mono());
        assert!(s.contains("Raising Awareness about Trafficking in Persons"));
        assert!(
            status_line(&s).contains(&format!("1/{}", n_slides())),
            "{s}"
        );
        assert!(status_line(&s).contains("5:07"), "elapsed time: {s}");
    }
}

#[test]
fn content_slide_bullets_revealed_partially_then_fully() {
    for size in SIZES {
        let mut app = session("what-is", size);
        next(&mut app, 1);
        let s = snap("bullets_partial", &app, &mono());
        assert!(s.contains("often involves moving people"));
        assert!(
            !s.contains("exploits people who are vulnerable"),
            "third bullet not yet revealed"
        );
        next(&mut app, 2);
        let s = snap("bullets_full", &app, &mono());
        assert!(s.contains("human beings first"));
    }
}

#[test]
fn columns_slide_with_callout() {
    for size in SIZES {
        let app = session("vs-smuggling", size);
        let s = snap("columns", &app, &mono());
        assert!(s.contains("A trafficked person") && s.contains("A smuggled person"));
        assert!(s.contains("Did you know?"));
    }
}

#[test]
fn callout_appears_once_the_bullets_are_all_shown() {
    for size in SIZES {
        let mut app = session("protocol-approach", size);
        let steps = app.current().bullets.len();
        next(&mut app, steps.saturating_sub(1));
        let s = snap("callout", &app, &mono());
        assert!(s.contains("Its place"), "{s}");
    }
}

#[test]
fn section_slide() {
    for size in SIZES {
        let app = session("learn-section", size);
        let s = snap("section", &app, &mono());
        assert!(
            s.contains("What it is, its forms, and how it differs from smuggling"),
            "{s}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Discussion prompts and timers
// ---------------------------------------------------------------------------------------------

/// The prompt slide used for timers: the 3-minute warm-up prompt on `agenda`.
fn prompt_session(size: (u16, u16)) -> App {
    let mut app = session("agenda", size);
    next(&mut app, 1);
    assert_eq!(app.current().prompts()[0].minutes, Some(3.0));
    app
}

/// Start the timer at `NOW` and let `secs` seconds pass.
fn timer_after(size: (u16, u16), secs: u64) -> App {
    let mut app = prompt_session(size);
    act(&mut app, &[Action::ToggleTimer], NOW);
    act(&mut app, &[Action::Clock], NOW + secs * 1000);
    app
}

#[test]
fn prompt_timer_not_started() {
    for size in SIZES {
        let app = prompt_session(size);
        let s = snap("prompt_timer_not_started", &app, &mono());
        assert!(s.contains("Discuss"));
        assert!(s.contains("3:00 · t: start timer"), "{s}");
    }
}

#[test]
fn prompt_timer_running() {
    for size in SIZES {
        let app = timer_after(size, 30);
        let s = snap("prompt_timer_running", &app, &mono());
        assert!(s.contains("2:30 left"), "{s}");
        assert!(status_line(&s).contains("2:30 left"), "{s}");
    }
}

#[test]
fn prompt_timer_low() {
    for size in SIZES {
        // 3:00 total, 2:30 used: 0:30 left, exactly 1/6 < 20%.
        let app = timer_after(size, 150);
        let s = snap("prompt_timer_low", &app, &mono());
        assert!(s.contains("0:30 left — almost done"), "{s}");
        assert!(status_line(&s).contains("almost done"), "{s}");
    }
}

#[test]
fn prompt_timer_paused() {
    for size in SIZES {
        let mut app = timer_after(size, 45);
        act(&mut app, &[Action::ToggleTimer], NOW + 45_000);
        act(&mut app, &[Action::Clock], NOW + 300_000);
        let s = snap("prompt_timer_paused", &app, &mono());
        assert!(s.contains("2:15 left (paused)"), "{s}");
    }
}

#[test]
fn prompt_timer_times_up_and_overtime() {
    for size in SIZES {
        let app = timer_after(size, 195);
        let s = snap("prompt_timer_over", &app, &mono());
        assert!(s.contains("time's up +0:15"), "{s}");
        assert!(status_line(&s).contains("time's up +0:15"), "{s}");
    }
}

#[test]
fn prompt_with_follow_ups() {
    for size in SIZES {
        let mut app = timer_after(size, 30);
        act(&mut app, &[Action::Next, Action::Next], NOW + 40_000);
        let s = snap("prompt_follow_ups", &app, &mono());
        assert!(s.contains("→ What might those images leave out?"), "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// The break: a prompt with `kind = "break"`
// ---------------------------------------------------------------------------------------------

/// The bundled deck's `break` slide (English or French), its break shown, its timer started at
/// `NOW` and 30 seconds gone.
fn break_session(lang: convene::words::Lang, size: (u16, u16)) -> App {
    let deck = convene::deck::bundled::deck(lang).expect("the bundled deck loads");
    let mut app = session_on(deck, "break", size);
    next(&mut app, 1);
    assert_eq!(
        app.current().prompts()[0].kind,
        convene::deck::PromptKind::Break
    );
    act(&mut app, &[Action::ToggleTimer], NOW);
    act(&mut app, &[Action::Clock], NOW + 30_000);
    app
}

#[test]
fn break_slide_says_break_with_its_symbol_and_timer() {
    use convene::words::Lang;
    for size in SIZES {
        // Before the timer starts: the break's label and its planned 10 minutes.
        let mut app = session("break", size);
        next(&mut app, 1);
        let s = screen_text(&app, &mono());
        assert!(s.contains("┌ ◷ Break ─"), "{s}");
        assert!(s.contains("10:00 · t: start timer"), "{s}");
        assert!(!s.contains("Discuss"), "a break is not a discussion: {s}");

        let app = break_session(Lang::En, size);
        let s = snap("break_slide", &app, &mono());
        assert!(s.contains("┌ ◷ Break ─"), "{s}");
        assert!(s.contains("9:30 left"), "{s}");
        assert!(status_line(&s).contains("◷ Break: 9:30 left"), "{s}");
        assert!(!s.contains("Discuss"), "{s}");

        let s = screen_text(&break_session(Lang::Fr, size), &mono());
        assert!(s.contains("┌ ◷ Pause ─"), "{s}");
        assert!(status_line(&s).contains("◷ Pause: 9:30 restant"), "{s}");
        assert!(!s.contains("Discussion"), "{s}");
    }
}

#[test]
fn a_break_is_labelled_as_one_on_the_countdown_the_console_and_a_follower() {
    use convene::present::ui::console::{ConsoleInfo, render_console};
    use convene::share::follow::{Follower, Net};
    use convene::share::wire::{ViewState, public_deck};
    use convene::words::Lang;
    for (w, h) in SIZES {
        let mut app = break_session(Lang::En, (w, h));
        // The large countdown names it a break.
        act(
            &mut app,
            &[Action::Open {
                overlay: OverlayKind::Countdown,
            }],
            NOW + 30_000,
        );
        let s = screen_text(&app, &mono());
        assert!(s.contains("◷ Break: 9:30 left"), "{s}");
        act(&mut app, &[Action::Close], NOW + 30_000);

        // The console's timer line says "◷ Break", not "Timer".
        let info = ConsoleInfo::default();
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        render_console(&app, &mono(), &info, buf.area, &mut buf);
        let s = buffer_text(&buf);
        assert!(s.contains("◷ Break: 9:30 left"), "{s}");
        assert!(!s.contains("Timer: "), "{s}");

        // A follower draws the same box.
        let mut f = Follower::new("127.0.0.1:7878".into());
        f.resize(w, h, NOW);
        f.on_net(Net::Connected, NOW);
        f.on_net(Net::Deck(Box::new(public_deck(&app.deck))), NOW);
        f.on_net(Net::State(Box::new(ViewState::from_app(&app))), NOW);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        f.draw(&mono(), buf.area, &mut buf);
        let s = buffer_text(&buf);
        assert!(s.contains("┌ ◷ Break ─"), "{s}");
        assert!(!s.contains("Discuss"), "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Case slides and the checklist panel
// ---------------------------------------------------------------------------------------------

const CASE: &str = "case-domestic-worker";

/// Rows of the bundled checklist: ACT 0-4, MEANS 5-10, PURPOSE 11-16, the under-18 flag 17.
/// Rosa's key: recruitment 0, harbouring 3, receipt 4, coercion 5, abuse 9, forced labour 12.
/// The group ticks recruitment, harbouring, coercion, fraud (extra) and forced labour.
const TICKS: [usize; 5] = [0, 3, 5, 7, 12];

fn ticked(size: (u16, u16)) -> App {
    let mut app = session(CASE, size);
    if size.0 < convene::present::app::PANEL_SIDE_MIN_WIDTH {
        act(&mut app, &[Action::ToggleChecklist], NOW);
    } else {
        act(&mut app, &[Action::Focus], NOW);
    }
    for row in TICKS {
        act(&mut app, &[Action::Tick { row }], NOW);
    }
    app
}

#[test]
fn case_slide_with_the_panel_beside_it() {
    let app = session(CASE, LARGE);
    assert_eq!(app.panel_shown(), Some(true));
    let s = snap("case_panel_side", &app, &mono());
    assert!(s.contains("Case study: Rosa") && s.contains("ACT"));
}

#[test]
fn case_slide_alone_when_narrow() {
    let app = session(CASE, SMALL);
    assert_eq!(app.panel_shown(), None);
    let s = snap("case_no_panel", &app, &mono());
    assert!(s.contains("Case study: Rosa") && !s.contains("MEANS"));
}

#[test]
fn case_panel_as_an_overlay_when_narrow() {
    let mut app = session(CASE, SMALL);
    act(&mut app, &[Action::ToggleChecklist], NOW);
    assert_eq!(app.panel_shown(), Some(false));
    let s = snap("case_panel_overlay", &app, &mono());
    assert!(s.contains("ACT") && !s.contains("Case study: Rosa"));
}

#[test]
fn case_panel_with_ticks() {
    for size in SIZES {
        let app = ticked(size);
        let s = snap("case_panel_ticked", &app, &mono());
        assert!(s.contains("☑"), "{s}");
    }
}

#[test]
fn case_panel_ticks_under_the_criminal_code() {
    for size in SIZES {
        let mut app = ticked(size);
        act(&mut app, &[Action::CycleFramework], NOW);
        let s = snap("case_panel_criminal_code", &app, &mono());
        assert!(
            s.contains("s. 279.01"),
            "the verdict follows the framework: {s}"
        );
    }
}

#[test]
fn case_panel_answer_revealed() {
    for size in SIZES {
        let mut app = ticked(size);
        act(&mut app, &[Action::ToggleAnswer], NOW);
        let s = snap("case_panel_answer", &app, &mono());
        assert!(s.contains("agreed") && s.contains("missed"), "{s}");
    }
}

#[test]
fn case_prompt_and_debrief_beside_the_panel() {
    let mut app = session(CASE, LARGE);
    let steps = app.current().step_count();
    next(&mut app, steps - 1);
    let s = snap("case_debrief", &app, &mono());
    assert!(s.contains("Debrief"), "{s}");
}

// ---------------------------------------------------------------------------------------------
// Overlays
// ---------------------------------------------------------------------------------------------

fn open(app: &mut App, overlay: OverlayKind) {
    act(app, &[Action::Open { overlay }], NOW);
}

#[test]
fn overview() {
    for size in SIZES {
        let mut app = session("title", size);
        open(&mut app, OverlayKind::Overview);
        let s = snap("overview", &app, &mono());
        assert!(s.contains("Overview"));
        // Mid-deck: the list is windowed around the cursor.
        let mut app = session(CASE, size);
        open(&mut app, OverlayKind::Overview);
        act(&mut app, &[Action::Move { delta: 1 }], NOW);
        let s = snap("overview_mid_deck", &app, &mono());
        assert!(s.contains("Case study: Rosa"), "{s}");
    }
}

#[test]
fn help() {
    for size in SIZES {
        let mut app = session("title", size);
        open(&mut app, OverlayKind::Help);
        let s = snap("help", &app, &mono());
        assert!(s.contains("Keys") && s.contains("next step"), "{s}");
    }
    let mut app = session("title", SMALL);
    open(&mut app, OverlayKind::Help);
    act(&mut app, &[Action::Move { delta: 500 }], NOW);
    let s = snap("help_scrolled_to_the_end", &app, &mono());
    assert!(s.contains("more above"), "{s}");
}

fn search(size: (u16, u16), query: &str) -> App {
    let mut app = session("title", size);
    open(&mut app, OverlayKind::Search);
    for ch in query.chars() {
        act(
            &mut app,
            &[Action::SearchInput {
                text: ch.to_string(),
            }],
            NOW,
        );
    }
    app
}

#[test]
fn search_with_results() {
    for size in SIZES {
        let mut app = search(size, "border");
        act(&mut app, &[Action::Move { delta: 1 }], NOW);
        let s = snap("search_results", &app, &mono());
        assert!(s.contains("/ border"), "{s}");
        assert!(!s.contains("no slide matches"), "{s}");
    }
}

#[test]
fn search_without_results() {
    for size in SIZES {
        let app = search(size, "xylophone");
        let s = snap("search_no_results", &app, &mono());
        assert!(s.contains("no slide matches"), "{s}");
    }
}

#[test]
fn support_screen() {
    for size in SIZES {
        let mut app = session("what-is", size);
        open(&mut app, OverlayKind::Support);
        let s = snap("support", &app, &mono());
        assert!(s.contains("1-833-900-1010"), "{s}");
        assert!(s.contains("911"), "{s}");
    }
}

#[test]
fn content_note() {
    for size in SIZES {
        let mut app = session("title", size);
        open(&mut app, OverlayKind::ContentNote);
        let s = snap("content_note", &app, &mono());
        assert!(s.contains("Content note") && s.contains("step out"), "{s}");
    }
}

#[test]
fn blank_screen_is_blank() {
    for size in SIZES {
        let mut app = session("what-is", size);
        open(&mut app, OverlayKind::Blank);
        let s = snap("blank", &app, &mono());
        assert!(s.chars().all(|c| c == ' ' || c == '\n'), "{s}");
    }
}

#[test]
fn note_input() {
    for size in SIZES {
        let mut app = session("agenda", size);
        act(
            &mut app,
            &[
                Action::StartNote,
                Action::NoteInput {
                    text: "strangers, chains, border crossings".into(),
                },
            ],
            NOW,
        );
        let s = snap("note_input", &app, &mono());
        assert!(s.contains("strangers, chains, border crossings"), "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// The status line
// ---------------------------------------------------------------------------------------------

#[test]
fn status_line_with_pending_digits() {
    for size in SIZES {
        let mut app = session("title", size);
        act(
            &mut app,
            &[Action::Digit { digit: 1 }, Action::Digit { digit: 2 }],
            NOW,
        );
        let s = snap("status_digits", &app, &mono());
        assert!(status_line(&s).contains("go to slide 12_"), "{s}");
    }
}

#[test]
fn status_line_with_a_message() {
    for size in SIZES {
        let mut app = session("title", size);
        act(&mut app, &[Action::ToggleChecklist], NOW);
        let s = snap("status_flash", &app, &mono());
        assert!(
            status_line(&s).contains("no checklist on this slide"),
            "{s}"
        );
    }
}

#[test]
fn status_line_shows_position_and_section() {
    for size in SIZES {
        let app = session(CASE, size);
        let s = screen_text(&app, &mono());
        let pos = app.slide + 1;
        let status = status_line(&s);
        assert!(status.contains(&format!("{pos}/{}", n_slides())), "{s}");
        if size == LARGE {
            assert!(status.contains("Case studies"), "{status}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Too small
// ---------------------------------------------------------------------------------------------

#[test]
fn too_small() {
    for size in [(20, 5), (29, 24), (80, 7)] {
        let app = session("title", size);
        let s = snap("too_small", &app, &mono());
        assert!(s.contains("Enlarge"), "{size:?}: {s}");
    }
    // The smallest usable screen draws a slide, not the message.
    let app = session("what-is", (ui::MIN_WIDTH, ui::MIN_HEIGHT));
    let s = snap("smallest_usable", &app, &mono());
    assert!(!s.contains("Enlarge"), "{s}");
}

// ---------------------------------------------------------------------------------------------
// ASCII symbols (terminals without ☐/☑)
// ---------------------------------------------------------------------------------------------

#[test]
fn ascii_symbols() {
    let mut app = ticked(LARGE);
    act(&mut app, &[Action::ToggleAnswer], NOW);
    let s = snap("ascii_case_panel_answer", &app, &ascii());
    assert!(s.contains("[x]") && !s.contains("☑"), "{s}");

    let mut app = ticked(SMALL);
    act(&mut app, &[Action::ToggleAnswer], NOW);
    let s = snap("ascii_case_panel_answer", &app, &ascii());
    assert!(s.contains("[x]") && !s.contains("☑"), "{s}");

    for size in SIZES {
        let app = timer_after(size, 150);
        snap("ascii_prompt_timer_low", &app, &ascii());
        let app = session("vs-smuggling", size);
        snap("ascii_columns", &app, &ascii());
    }
}

// ---------------------------------------------------------------------------------------------
// Inline decks: stable shapes independent of the bundled deck's wording
// ---------------------------------------------------------------------------------------------

const INLINE: &str = r#"
format = 1

[deck]
title = "Inline"
language = "en"

[[slides]]
id = "long"
title = "A slide with a very long title that has to wrap over more than one line at eighty columns"
body = "Supercalifragilisticexpialidociousandthenagainsomemorelettersthatnevertakeabreakatall and a normal ending."
bullets = [
  { text = "Parent bullet", bullets = ["Nested child one", "Nested child two, which is long enough to wrap onto a second line at eighty columns wide"] },
  "Second bullet",
]

[[slides]]
id = "wide"
title = "多言語のスライド 🌍 with wide characters"
bullets = ["日本語の箇条書きです、とても長い文章で折り返しが必要になります。もう少し長くします。", "Emoji 🎉 and combining é marks"]

[[slides]]
id = "tall"
title = "Too many bullets"
bullets = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five", "twenty-six", "twenty-seven", "twenty-eight", "twenty-nine", "thirty", "thirty-one", "thirty-two", "thirty-three"]
reveal = true

[[slides]]
id = "prompt"
title = "Two prompts"
[[slides.prompts]]
text = "First question?"
minutes = 1
[[slides.prompts]]
text = "Second question?"
minutes = 5
"#;

fn inline() -> Deck {
    match load_str(INLINE) {
        Ok(l) => l.deck,
        Err(e) => panic!("{}", e.render("inline", false)),
    }
}

#[test]
fn inline_long_words_and_nesting() {
    for size in SIZES {
        let app = session_on(inline(), "long", size);
        let s = snap("inline_long", &app, &mono());
        assert!(s.contains("◦ Nested child one"), "{s}");
    }
}

#[test]
fn inline_wide_characters() {
    for size in SIZES {
        let app = session_on(inline(), "wide", size);
        let s = snap("inline_wide", &app, &mono());
        assert!(s.contains("多"), "{s}");
    }
}

#[test]
fn inline_overflow_markers() {
    for size in SIZES {
        let app = session_on(inline(), "tall", size);
        let shown = app.current().bullets.len();
        let mut app = app;
        next(&mut app, shown - 1);
        let s = snap("inline_overflow_end", &app, &mono());
        assert!(s.contains("more above"), "{s}");
        assert!(
            s.contains("thirty-three"),
            "the newest bullet stays in view: {s}"
        );
    }
}

#[test]
fn inline_two_prompts_one_at_a_time() {
    for size in SIZES {
        let mut app = session_on(inline(), "prompt", size);
        next(&mut app, 1);
        let first = screen_text(&app, &mono());
        assert!(first.contains("First question?") && !first.contains("Second question?"));
        next(&mut app, 1);
        act(&mut app, &[Action::ToggleTimer], NOW);
        act(&mut app, &[Action::Clock], NOW + 61_000);
        let s = snap("inline_two_prompts", &app, &mono());
        assert!(
            s.contains("First question?") && s.contains("3:59 left"),
            "{s}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Where colour carries meaning, a word does too
// ---------------------------------------------------------------------------------------------

/// Runs of cells with the same style on rows `rows`, as `row: fg bg modifiers | text`.
fn style_dump(buf: &Buffer, rows: impl IntoIterator<Item = u16>) -> String {
    let mut out = String::new();
    for y in rows {
        let mut run: Option<(Color, Color, Modifier, String)> = None;
        let mut flush = |run: &mut Option<(Color, Color, Modifier, String)>| {
            if let Some((fg, bg, m, t)) = run.take().filter(|r| !r.3.trim().is_empty()) {
                out.push_str(&format!("{y:>2}: fg={fg:?} bg={bg:?} mod={m:?} | {t}\n"));
            }
        };
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let key = (c.fg, c.bg, c.modifier);
            match &mut run {
                Some((fg, bg, m, t)) if (*fg, *bg, *m) == key => t.push_str(c.symbol()),
                _ => {
                    flush(&mut run);
                    run = Some((c.fg, c.bg, c.modifier, c.symbol().to_owned()));
                }
            }
        }
        flush(&mut run);
    }
    out
}

/// The rows of the prompt box (top border to bottom border) and the status line.
fn timer_rows(buf: &Buffer) -> Vec<u16> {
    let lines = text(buf);
    let top = lines
        .iter()
        .position(|l| l.contains("┌ Discuss"))
        .expect("a prompt box on screen") as u16;
    let bottom = (top..buf.area.height)
        .find(|&y| lines[usize::from(y)].contains('└'))
        .expect("the prompt box closes");
    (top..=bottom).chain([buf.area.height - 1]).collect()
}

/// Cells whose foreground is `color`, as text.
fn cells_in(buf: &Buffer, y: u16, color: Color) -> String {
    (0..buf.area.width)
        .map(|x| &buf[(x, y)])
        .filter(|c| c.fg == color)
        .map(|c| c.symbol())
        .collect()
}

/// The text of row `y` drawn on background `color`.
fn cells_on(buf: &Buffer, y: u16, color: Color) -> String {
    (0..buf.area.width)
        .map(|x| &buf[(x, y)])
        .filter(|c| c.bg == color)
        .map(|c| c.symbol())
        .collect()
}

#[test]
fn timer_colours_come_with_words() {
    let dark = dark();
    let warn = Theme::dark().warn.fg.expect("warn has a colour");
    let bad = Theme::dark().bad.fg.expect("bad has a colour");
    // The status line marks states with a strong background instead.
    let status_warn = Theme::dark().status_warn.bg.expect("a background");
    let status_bad = Theme::dark().status_bad.bg.expect("a background");
    let mut dump = String::new();
    for (state, secs) in [("running", 30), ("low", 150), ("over", 195)] {
        let app = timer_after(LARGE, secs);
        let terminal = terminal(&app, &dark);
        let buf = terminal.backend().buffer();
        let rows = timer_rows(buf);
        dump.push_str(&format!("== {state}\n"));
        dump.push_str(&style_dump(buf, rows.iter().copied()));

        let top = rows[0];
        let status = buf.area.height - 1;
        match state {
            "running" => {
                assert!(cells_in(buf, top, warn).is_empty(), "no warning colour yet");
                assert!(cells_in(buf, top, bad).is_empty());
                assert!(cells_on(buf, status, status_warn).is_empty());
            }
            "low" => {
                // The prompt box border and the status timer turn the warning colour, and that
                // coloured text itself says so.
                assert!(cells_in(buf, top, warn).contains("almost done"), "{dump}");
                assert!(
                    cells_in(buf, top, warn).contains("┌"),
                    "the box border: {dump}"
                );
                assert!(
                    cells_on(buf, status, status_warn).contains("almost done"),
                    "{dump}"
                );
            }
            "over" => {
                assert!(cells_in(buf, top, bad).contains("time's up"), "{dump}");
                assert!(
                    cells_in(buf, top, bad).contains("┌"),
                    "the box border: {dump}"
                );
                assert!(
                    cells_on(buf, status, status_bad).contains("time's up"),
                    "{dump}"
                );
                assert!(cells_in(buf, top, warn).is_empty());
            }
            _ => unreachable!(),
        }
        // In monochrome the same words are there: colour is never the only signal.
        let s = screen_text(&app, &mono());
        let word = match state {
            "low" => Some("almost done"),
            "over" => Some("time's up"),
            _ => None,
        };
        if let Some(word) = word {
            assert!(s.contains(word) && status_line(&s).contains(word), "{s}");
        }
    }
    insta::assert_snapshot!("timer_styles_dark_120x35", dump);
}

// ---------------------------------------------------------------------------------------------
// Styles that once went missing: line-level styles must survive layout into boxes and columns
// (`slide::columns` and `slide::boxed` used to move `line.spans` out of lines built with
// `Line::styled`, dropping the line-level style).
// ---------------------------------------------------------------------------------------------

fn dark() -> View {
    View {
        theme: Theme::dark(),
        glyphs: &convene::present::ui::glyphs::UNICODE,
    }
}

/// The style of the first cell of `needle` on screen.
fn style_of(buf: &Buffer, needle: &str) -> (Color, Modifier) {
    let lines = text(buf);
    for (y, l) in lines.iter().enumerate() {
        if let Some(byte) = l.find(needle) {
            let x = l[..byte].chars().count() as u16;
            let c = &buf[(x, y as u16)];
            return (c.fg, c.modifier);
        }
    }
    panic!("{needle:?} not on screen");
}

#[test]
fn column_headings_have_the_title_style() {
    let app = session("vs-smuggling", LARGE);
    let t = terminal(&app, &dark());
    let title = Theme::dark().title;
    let (fg, m) = style_of(t.backend().buffer(), "A trafficked person");
    assert_eq!(Some(fg), title.fg);
    assert!(m.contains(Modifier::BOLD));
}

#[test]
fn prompt_question_is_bold() {
    let app = prompt_session(LARGE);
    let t = terminal(&app, &dark());
    let (_, m) = style_of(t.backend().buffer(), "When people hear");
    assert!(m.contains(Modifier::BOLD));
}

/// One case slide with the checklist (ticks, the answer revealed) and a discussion timer almost
/// done, drawn in every theme: a dump of the styles on the rows where colour carries meaning
/// (the verdict, the answer marks, the timer, the status line), and, for every theme, the words
/// and symbols that say the same without colour.
#[test]
fn every_theme_styles_where_colour_carries_meaning() {
    let mut dump = String::new();
    for (name, theme) in [
        ("dark", Theme::dark()),
        ("light", Theme::light()),
        ("high-contrast", Theme::high_contrast()),
        ("mono (NO_COLOR)", Theme::mono()),
    ] {
        let mut app = session("case-domestic-worker", LARGE);
        for row in [0, 5, 12] {
            act(&mut app, &[Action::Tick { row }], NOW);
        }
        act(&mut app, &[Action::ToggleAnswer, Action::ToggleTimer], NOW);
        // 6 minutes planned: 5:00 in, 1:00 left is under 20 %.
        act(&mut app, &[Action::Clock], NOW + 300_000);
        let view = View {
            theme,
            glyphs: &convene::present::ui::glyphs::UNICODE,
        };
        let t = terminal(&app, &view);
        let buf = t.backend().buffer();
        let lines = text(buf);
        let rows: Vec<u16> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                [
                    "Indicated",
                    "Not yet",
                    "agreed",
                    "missed",
                    "almost done",
                    "Answer key",
                ]
                .iter()
                .any(|w| l.contains(w))
            })
            .map(|(y, _)| y as u16)
            .chain([buf.area.height - 1])
            .collect();
        for word in ["● Indicated", "✓ agreed", "✗ missed", "almost done", "☑"] {
            assert!(
                lines.iter().any(|l| l.contains(word)),
                "{name}: {word:?} missing\n{}",
                lines.join("\n")
            );
        }
        dump.push_str(&format!("== {name}\n"));
        dump.push_str(&style_dump(buf, rows));
    }
    insta::assert_snapshot!("theme_styles_120x35", dump);
}

#[test]
fn big_countdown_full_screen() {
    for size in [(60, 20), SMALL, LARGE, (200, 50)] {
        let mut app = timer_after(size, 30);
        act(
            &mut app,
            &[Action::Open {
                overlay: OverlayKind::Countdown,
            }],
            NOW + 30_000,
        );
        let s = snap("big_countdown", &app, &mono());
        assert!(s.contains("Discuss: 2:30 left"), "{s}");
        assert!(!s.contains("? help"), "full screen, no status line: {s}");
    }
}

#[test]
fn the_status_line_keeps_rec_and_never_shifts_between_9_and_10() {
    let ids: Vec<String> = bundled().slides.iter().map(|s| s.id.to_string()).collect();
    let mut ends = Vec::new();
    for i in [8, 9] {
        let mut app = session(&ids[i], SMALL);
        act(
            &mut app,
            &[Action::SetRecording {
                recording: convene::present::app::Recording::On,
            }],
            NOW,
        );
        let s = screen_text(&app, &mono());
        let line = status_line(&s).to_owned();
        assert!(line.contains("● REC"), "{line}");
        let slash = line.find(&format!("/{}", n_slides())).expect("position");
        ends.push((line[..slash].chars().count(), line.find("● REC")));
    }
    assert_eq!(ends[0], ends[1], "9/43 and 10/43 end in the same column");
}

// ---------------------------------------------------------------------------------------------
// The room as it really is (issue 14): case slides with the panel, the presenter console and a
// follower at every size a hall offers.

const ROOM_SIZES: [(u16, u16); 4] = [(60, 20), SMALL, LARGE, (200, 50)];

fn buffer_text(buf: &Buffer) -> String {
    text(buf).join("\n")
}

#[test]
fn room_case_slide_with_the_panel_at_every_size() {
    for size in ROOM_SIZES {
        let app = ticked(size);
        let s = snap("room_case_panel", &app, &mono());
        assert!(s.contains("☑"), "ticks show at {size:?}: {s}");
        if size.0 < convene::present::app::PANEL_SIDE_MIN_WIDTH {
            // Narrow: the case says it has a checklist, and `c` brings it.
            let plain = session(CASE, size);
            let s = screen_text(&plain, &mono());
            assert!(status_line(&s).contains("c: elements"), "{s}");
        }
    }
}

#[test]
fn room_console_on_a_case_slide_at_every_size() {
    use convene::present::ui::console::{ConsoleInfo, render_console};
    for (w, h) in ROOM_SIZES {
        let app = ticked((w, h));
        let info = ConsoleInfo {
            join: vec!["convene follow 192.168.1.23:7878".into()],
            followers: 2,
            loopback: false,
            share_error: None,
            pacing: Default::default(),
            ..Default::default()
        };
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        terminal
            .draw(|f| {
                let area = f.area();
                render_console(&app, &mono(), &info, area, f.buffer_mut());
            })
            .expect("draw");
        insta::assert_snapshot!(format!("room_console_case_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn room_follower_on_a_case_slide_at_every_size() {
    use convene::share::follow::{Follower, Net};
    use convene::share::wire::{ViewState, public_deck};
    for (w, h) in ROOM_SIZES {
        let pres = ticked((w, h));
        let mut f = Follower::new("127.0.0.1:7878".into());
        f.resize(w, h, NOW);
        f.on_net(Net::Connected, NOW);
        f.on_net(Net::Deck(Box::new(public_deck(&pres.deck))), NOW);
        f.on_net(Net::State(Box::new(ViewState::from_app(&pres))), NOW);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        f.draw(&mono(), buf.area, &mut buf);
        let s = buffer_text(&buf);
        // The badge sits in the status line, never over the panel or a border.
        let last = s.lines().last().unwrap_or_default().to_owned();
        assert!(last.contains("LIVE"), "{s}");
        assert!(
            !s.lines().take(h as usize - 1).any(|l| l.contains("LIVE")),
            "{s}"
        );
        insta::assert_snapshot!(format!("room_follower_case_{w}x{h}"), s);
    }
}

#[test]
fn a_follower_opens_support_and_its_own_help_privately() {
    use convene::share::follow::{Follower, Net, Private};
    use convene::share::wire::{ViewState, public_deck};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let pres = session(CASE, SMALL);
    let mut f = Follower::new("127.0.0.1:7878".into());
    f.resize(80, 24, NOW);
    f.on_net(Net::Deck(Box::new(public_deck(&pres.deck))), NOW);
    f.on_net(Net::State(Box::new(ViewState::from_app(&pres))), NOW);
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    f.on_key(key('s'), NOW);
    assert_eq!(f.private, Some(Private::Support));
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 24));
    f.draw(&mono(), buf.area, &mut buf);
    assert!(buffer_text(&buf).contains("1-833-900-1010"));
    // A new state from the presenter does not close it; `s` again does.
    f.on_net(Net::State(Box::new(ViewState::from_app(&pres))), NOW);
    assert_eq!(f.private, Some(Private::Support));
    f.on_key(key('s'), NOW);
    assert_eq!(f.private, None);
    f.on_key(key('?'), NOW);
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 24));
    f.draw(&mono(), buf.area, &mut buf);
    let s = buffer_text(&buf);
    insta::assert_snapshot!("room_follower_help_80x24", s);
    assert!(s.contains("back to live") && !s.contains("timer"), "{s}");
    f.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), NOW);
    assert_eq!(f.private, None);
}

/// The row of the first screen line containing `needle`.
fn row_of(screen: &str, needle: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(needle))
}

#[test]
fn no_jump_on_reveal_the_case_title_stays_on_its_row() {
    for size in [SMALL, LARGE] {
        let mut app = session(CASE, size);
        let steps = app.current().step_count();
        let first = row_of(&screen_text(&app, &mono()), "Case study: Rosa");
        assert!(first.is_some(), "title shown at {size:?}");
        for _ in 1..steps {
            next(&mut app, 1);
            let s = screen_text(&app, &mono());
            if let Some(row) = row_of(&s, "Case study: Rosa") {
                assert_eq!(
                    Some(row),
                    first,
                    "the title moved at step {} {size:?}\n{s}",
                    app.step
                );
            }
        }
    }
}

#[test]
fn at_60x20_the_title_stays_and_more_above_has_a_row_of_its_own() {
    let mut app = session(CASE, (60, 20));
    let steps = app.current().step_count();
    next(&mut app, steps - 1);
    let s = snap("room_case_fully_revealed", &app, &mono());
    assert!(s.contains("Case study: Rosa"), "{s}");
    if let Some(row) = row_of(&s, "▲ more above") {
        let line = s.lines().nth(row).unwrap_or_default();
        assert_eq!(line.trim(), "▲ more above", "the marker shares no row: {s}");
        // The line after it starts a paragraph or a bullet (nothing cut mid-sentence).
        let after = s.lines().nth(row + 1).unwrap_or_default().trim();
        assert!(
            after
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || "•▸-*◦┌╭╔".contains(c)),
            "{s}"
        );
    }
}

#[test]
fn speaker_notes_scroll_with_a_key_when_they_do_not_fit() {
    use convene::present::ui::console::{ConsoleInfo, render_console};
    let info = ConsoleInfo {
        join: Vec::new(),
        followers: 0,
        loopback: true,
        share_error: None,
        pacing: Default::default(),
        ..Default::default()
    };
    let console = |app: &App| {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 24));
        render_console(app, &mono(), &info, buf.area, &mut buf);
        text(&buf).join("\n")
    };
    let mut app = session(CASE, SMALL);
    let before = console(&app);
    assert!(before.contains("▼ more >"), "{before}");
    assert!(!before.contains("If someone discloses"), "{before}");
    // Rosa's notes are long (the follow-ups are answered in them): scroll to their end.
    for _ in 0..30 {
        act(&mut app, &[Action::ScrollNotes { delta: 3 }], NOW);
    }
    let after = console(&app);
    assert!(after.contains("If someone discloses"), "{after}");
    assert!(after.contains("Speaker notes ▲ <"), "{after}");
    // A new slide starts at the top of its notes.
    let steps = app.current().step_count();
    next(&mut app, steps);
    assert_eq!(app.notes_scroll, 0);
}

/// Share the session at `url` and open the join page (`i`).
fn share_and_join(app: &mut App, url: &str) {
    let open = Action::Open {
        overlay: OverlayKind::Join,
    };
    act(app, &[Action::Sharing { url: url.into() }, open], NOW);
}

/// The join screen (`i`): the address and a QR code large enough to scan from the room, whole
/// (every module drawn: read back from the screen, it is the address's code).
#[test]
fn join_screen_shows_the_address_and_a_whole_qr_code() {
    let url = "http://192.168.100.200:7878/";
    for size in SIZES {
        let mut app = session("what-is", size);
        open(&mut app, OverlayKind::Join);
        assert_eq!(
            app.overlay,
            convene::present::app::Overlay::None,
            "not shared: nothing to show"
        );
        share_and_join(&mut app, url);
        let s = snap("join", &app, &mono());
        assert!(s.contains(url) && s.contains("Follow on your phone"), "{s}");
        // Read the modules back: two columns a module at 120×35, half blocks at 80×24.
        let lines: Vec<&str> = s.lines().filter(|l| l.contains(['█', '▀', '▄'])).collect();
        let m = convene::present::ui::qr::Modules::of(url, 2).expect("fits a QR code");
        let inner = m.size - 4;
        // Every row starts where the first (a finder pattern's top, dark) does.
        let start = lines
            .first()
            .and_then(|l| l.chars().position(|ch| matches!(ch, '█' | '▀')))
            .unwrap_or(0);
        let read: Vec<Vec<bool>> = if size == LARGE {
            lines
                .iter()
                .map(|l| {
                    let c: Vec<char> = l.chars().collect();
                    (0..inner)
                        .map(|x| c.get(start + 2 * x) == Some(&'█'))
                        .collect()
                })
                .collect()
        } else {
            let mut rows = Vec::new();
            for l in &lines {
                let c: Vec<char> = l.chars().collect();
                let cells: Vec<char> = (0..inner)
                    .map(|x| *c.get(start + x).unwrap_or(&' '))
                    .collect();
                rows.push(cells.iter().map(|&ch| matches!(ch, '█' | '▀')).collect());
                rows.push(cells.iter().map(|&ch| matches!(ch, '█' | '▄')).collect());
            }
            rows.truncate(inner);
            rows
        };
        let want: Vec<Vec<bool>> = (0..inner)
            .map(|y| (0..inner).map(|x| m.dark(x + 2, y + 2)).collect())
            .collect();
        assert_eq!(
            read, want,
            "the code on screen at {size:?} is the address's"
        );
        // The same key or Esc takes it down.
        act(&mut app, &[Action::Close], NOW);
        assert_eq!(app.overlay, convene::present::app::Overlay::None);
    }
}

// ---------------------------------------------------------------------------------------------
// The room's participation (issue 17): what phones sent, on the facilitator's screens, and on
// the audience's only when the facilitator chooses
// ---------------------------------------------------------------------------------------------

use convene::present::app::RoomOp;
use screens::{CODE, LONG_RESPONSE, RESPONSES, full_room, moderate};

fn console_screen(app: &App, view: &View) -> Terminal<TestBackend> {
    use convene::present::ui::console::{ConsoleInfo, render_console};
    let info = ConsoleInfo {
        join: vec!["convene follow 192.168.1.23:7878".into()],
        followers: 2,
        web: vec!["http://192.168.1.23:7878/".into()],
        ..Default::default()
    };
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| {
            let area = f.area();
            render_console(app, view, &info, area, f.buffer_mut());
        })
        .expect("draw");
    terminal
}

/// The room on the case slide, its panel shown (focused at 120, as an overlay at 80).
fn room_case(size: (u16, u16)) -> App {
    let mut app = ticked(size);
    full_room(&mut app, CASE);
    app
}

#[test]
fn room_console_with_counts_votes_and_the_queue() {
    for size in SIZES {
        let app = room_case(size);
        let terminal = console_screen(&app, &mono());
        let (w, h) = size;
        insta::assert_snapshot!(format!("room_console_{w}x{h}"), terminal.backend());
        let s = buffer_text(terminal.backend().buffer());
        assert!(
            s.contains("Room: open · Join code K7Q2 · 22 took part"),
            "{s}"
        );
        assert!(
            s.contains("Votes: Trafficking 9 · Not trafficking 2 · Not enough information 5"),
            "{s}"
        );
        assert!(s.contains("6 responses · ★ 2 kept · ▶ 4/6"), "{s}");
        // The selected response is marked by more than colour, kept and on-screen ones in words.
        assert!(s.contains("▶ ★ kept · Construction sites"), "{s}");
        assert!(s.contains("▣ on screen · What happens"), "{s}");
        // The status line carries the code for late-comers.
        assert!(status_line(&s).contains("Join code K7Q2"), "{s}");
    }
}

/// Whether the screen has a line with `label` and, after it on the same line, `count`.
fn row_shows(s: &str, label: &str, count: &str) -> bool {
    s.lines()
        .any(|l| l.find(label).is_some_and(|i| l[i..].contains(count)))
}

#[test]
fn room_console_panel_counts_beside_rows() {
    // The console at projector size with the panel open on the ACT group: the counts beside
    // the checklist's rows, and the legend.
    let mut app = room_case(LARGE);
    act(&mut app, &[Action::Move { delta: -100 }], NOW);
    let s = buffer_text(console_screen(&app, &mono()).backend().buffer());
    assert!(row_shows(&s, "☑ Recruitment", "◉ 12"), "{s}");
    assert!(row_shows(&s, "☑ Harbouring", "◉ 9"), "{s}");
    assert!(
        !row_shows(&s, "☐ Transportation", "◉"),
        "no count for none: {s}"
    );
    assert!(s.contains("◉ ticked by the room · 16 took part"), "{s}");
}

#[test]
fn room_checklist_panel_with_counts() {
    use convene::deck::checklist::Row;
    use convene::present::ui::checklist::ChecklistPanel;
    use convene::present::ui::room::Tally;
    let app = room_case(LARGE);
    let cl = app.deck.checklist.as_ref().expect("the bundled checklist");
    let counts = Tally::of(&app, CASE);
    assert_eq!(counts.rows.get(&Row::Item(0, 0)), Some(&12));
    assert_eq!((counts.votes, counts.took_part), ([9, 2, 5], 16));
    // The same counts as the totals the journal records.
    let totals = app.room.totals(CASE);
    assert_eq!(totals.rows.get("0.0"), Some(&12));
    assert_eq!(totals.rows.len(), counts.rows.len());
    let empty = convene::deck::checklist::CaseState::default();
    let view = mono();
    for (w, h) in [(45, 34), (34, 23)] {
        let panel = ChecklistPanel {
            checklist: cl,
            state: app.case().unwrap_or(&empty),
            framework: app.framework,
            cursor: Some(app.cursor),
            answer: None,
            lang: "en",
            theme: &view.theme,
            glyphs: view.glyphs,
            room: Some(&counts),
        };
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        terminal
            .draw(|f| f.render_widget(panel, f.area()))
            .expect("draw");
        insta::assert_snapshot!(format!("room_panel_counts_{w}x{h}"), terminal.backend());
        let s = buffer_text(terminal.backend().buffer());
        assert!(s.contains("◉ 4") && s.contains("16 took part"), "{s}");
    }
}

#[test]
fn room_audience_with_the_totals_shown() {
    for size in SIZES {
        let mut app = session(CASE, size);
        full_room(&mut app, CASE);
        // Taken down: this test is about the totals alone.
        moderate(&mut app, RoomOp::Move { delta: -1 });
        moderate(&mut app, RoomOp::ToggleOnScreen);
        assert_eq!(app.room.on_screen, None);
        let before = screen_text(&app, &mono());
        assert!(!before.contains("The room says"), "{before}");
        moderate(&mut app, RoomOp::ToggleTotals);
        let s = snap("room_audience_totals", &app, &mono());
        assert!(
            s.contains("The room says…") && s.contains("16 took part"),
            "{s}"
        );
        assert!(s.contains("Not enough information"), "{s}");
        assert!(s.contains("Case study: Rosa"), "the case stays: {s}");
        if size == SMALL {
            // No panel: the box names the ticked rows with their counts.
            assert!(s.contains("Ticked: Recruitment ◉ 12"), "{s}");
        } else {
            // The panel beside shows the counts by its rows.
            assert!(row_shows(&s, "Recruitment", "◉ 12"), "{s}");
        }
        assert!(
            !s.contains("Restaurants"),
            "no response unless one is on screen: {s}"
        );
    }
}

#[test]
fn room_audience_with_a_response_on_screen() {
    for size in SIZES {
        let mut app = session("forms", size);
        full_room(&mut app, CASE);
        let s = snap("room_audience_response", &app, &mono());
        assert!(s.contains("From the room"), "{s}");
        assert!(
            s.contains("What happens to the person after they leave?"),
            "{s}"
        );
        assert!(s.contains("Forms of trafficking"), "the slide stays: {s}");
        assert!(!s.contains("Restaurants"), "only the one on screen: {s}");
        assert!(!s.contains("The room says"), "no totals off a case: {s}");
        assert!(status_line(&s).contains("Join code K7Q2"), "{s}");
    }
}

#[test]
fn room_join_screen_with_the_code() {
    let url = "http://192.168.100.200:7878/";
    for size in SIZES {
        let mut app = session("what-is", size);
        screens::open_room(&mut app);
        share_and_join(&mut app, url);
        let s = snap("room_join", &app, &mono());
        assert!(
            s.contains(url) && s.contains(&format!("Join code {CODE}")),
            "{s}"
        );
        assert!(
            s.contains('█') || s.contains('▀'),
            "the QR code still fits: {s}"
        );
        // Closed: the code goes from the join screen and the status line.
        moderate(&mut app, RoomOp::Close);
        let s = screen_text(&app, &mono());
        assert!(!s.contains("Join code"), "{s}");
    }
}

/// The audience never sees what phones sent unless the facilitator chose it: every response
/// and every count stays off the screen until put on it, and goes when taken down.
#[test]
fn room_audience_shows_nothing_from_phones_unless_chosen() {
    for size in [SMALL, LARGE, (60, 20), (200, 50)] {
        for id in ["forms", CASE] {
            let mut app = session(id, size);
            full_room(&mut app, CASE);
            // Nothing chosen: take the response down.
            moderate(&mut app, RoomOp::Move { delta: -1 });
            moderate(&mut app, RoomOp::ToggleOnScreen);
            let s = screen_text(&app, &mono());
            for text in RESPONSES {
                let start: String = text.chars().take(20).collect();
                assert!(!s.contains(&start), "{id} {size:?}: {start:?} shown\n{s}");
            }
            for never in [
                "The room says",
                "From the room",
                "◉",
                "took part",
                "Trafficking 9",
            ] {
                assert!(!s.contains(never), "{id} {size:?}: {never:?} shown\n{s}");
            }
            // The totals on: only on the case, and still no response.
            moderate(&mut app, RoomOp::ToggleTotals);
            let s = screen_text(&app, &mono());
            assert_eq!(
                s.contains("The room says"),
                id == CASE,
                "{id} {size:?}\n{s}"
            );
            assert!(
                !s.contains("Restaurants") && !s.contains("What happens"),
                "{s}"
            );
            // A response on: that one only.
            moderate(&mut app, RoomOp::ToggleOnScreen);
            let s = screen_text(&app, &mono());
            assert!(
                s.contains("What happens to the person"),
                "{id} {size:?}\n{s}"
            );
            assert!(!s.contains("Restaurants"), "{s}");
        }
    }
    assert!(LONG_RESPONSE.chars().count() <= 280);
}

/// Before participation is opened, the room changes nothing on any screen.
#[test]
fn room_never_opened_changes_nothing() {
    for size in SIZES {
        let app = ticked(size);
        let mut with_input = app.clone();
        // Input while closed is refused, so the room stays empty.
        screens::room_on_case(&mut with_input, CASE);
        assert!(!with_input.room.engaged());
        assert_eq!(
            screen_text(&app, &mono()),
            screen_text(&with_input, &mono())
        );
        let a = buffer_text(console_screen(&app, &mono()).backend().buffer());
        let b = buffer_text(console_screen(&with_input, &mono()).backend().buffer());
        assert_eq!(a, b);
        assert!(!a.contains("Room:"), "{a}");
    }
}

/// The room in French: the catalogue's words, plurals by the French rule, at 80×24.
#[test]
fn room_in_french() {
    let deck = convene::deck::bundled::deck(convene::words::Lang::Fr).expect("the French deck");
    let mut app = session_on(deck, CASE, SMALL);
    act(&mut app, &[Action::ToggleChecklist], NOW);
    full_room(&mut app, CASE);
    let console = console_screen(&app, &mono());
    insta::assert_snapshot!("room_console_fr_80x24", console.backend());
    let s = buffer_text(console.backend().buffer());
    assert!(
        s.contains("Salle : ouverte · Code d'accès K7Q2 · 22 ont participé"),
        "{s}"
    );
    assert!(s.contains("6 réponses · ★ 2 gardées"), "{s}");
    act(&mut app, &[Action::ToggleChecklist], NOW);
    moderate(&mut app, RoomOp::ToggleTotals);
    let s = snap("room_audience_fr", &app, &mono());
    assert!(
        s.contains("La salle dit…") && s.contains("Pas assez d'information"),
        "{s}"
    );
    assert!(s.contains("De la salle"), "{s}");
}

/// In colour, the queue's marks still carry their symbols and words; the selected response is
/// reversed (not only coloured) and marked ▶; with NO_COLOR (mono) the same words show.
#[test]
fn room_marks_are_never_colour_alone() {
    for view in [dark(), mono()] {
        let app = room_case(LARGE);
        let t = console_screen(&app, &view);
        let buf = t.backend().buffer();
        let (_, m) = style_of(buf, "Construction sites");
        assert!(
            m.contains(Modifier::REVERSED),
            "the selected response is reversed"
        );
        let s = buffer_text(buf);
        assert!(s.contains("▶ ★ kept · Construction sites"), "{s}");
        assert!(s.contains("▣ on screen · What happens"), "{s}");
        assert!(s.contains("▣ audience sees a response"), "{s}");
    }
    // The audience's boxes are titled in words, whatever the theme.
    let mut app = session(CASE, SMALL);
    full_room(&mut app, CASE);
    moderate(&mut app, RoomOp::ToggleTotals);
    for view in [dark(), mono()] {
        let s = screen_text(&app, &view);
        assert!(
            s.contains("The room says…") && s.contains("From the room"),
            "{s}"
        );
    }
}

/// Where the panel beside the slide has no room for every row (100×30: its groups collapse),
/// the room's box names the ticked rows with their counts; on a small screen with a response
/// on screen too, each verdict keeps its count on its line.
#[test]
fn room_audience_names_the_rows_when_the_panel_cannot() {
    let mut app = session(CASE, (100, 30));
    full_room(&mut app, CASE);
    moderate(&mut app, RoomOp::ToggleTotals);
    assert_eq!(app.panel_shown(), Some(true));
    let s = screen_text(&app, &mono());
    assert!(s.contains("▸ ACT"), "the panel's groups collapse: {s}");
    assert!(s.contains("Ticked: Recruitment ◉ 12"), "{s}");
    let mut app = session(CASE, (60, 20));
    full_room(&mut app, CASE);
    moderate(&mut app, RoomOp::ToggleTotals);
    let s = snap("room_audience_small", &app, &mono());
    assert!(
        s.contains("The room says…") && s.contains("From the room"),
        "{s}"
    );
    for verdict in [
        "Trafficking 9",
        "Not trafficking 2",
        "Not enough information 5",
    ] {
        assert!(s.contains(verdict), "{verdict:?} whole: {s}");
    }
}
