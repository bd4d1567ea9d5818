//! ASCII mode (`--ascii`, the classic Windows console, the Linux console): every screen of the
//! bundled deck — every slide at every step, every overlay, the case slide with its checklist
//! and answer key, the presenter console with its QR code, the follower — drawn through
//! ratatui's `TestBackend` draws only ASCII (and the text's own letters: é, à, ç, œ, which
//! every console font has). Big titles become bold text, and the QR code gives way to the
//! address. Snapshots at 80×24 show a few of those screens.
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test ascii`, then read every changed
//! `.snap` before committing it.

use convene::deck::Deck;
use convene::present::app::{Action, App, OverlayKind, update};
use convene::present::ui::console::{ConsoleInfo, render_console};
use convene::present::ui::glyphs::{self, kept_letter};
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use convene::share::follow::{Follower, Link, Net, Private};
use convene::share::wire::{ViewState, public_deck};
use convene::words::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

mod screens;
use screens::{NOW, ascii, session};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 35), (200, 50)];
const CASE: &str = "case-domestic-worker";

fn deck(lang: Lang) -> Deck {
    convene::deck::bundled::deck(lang).expect("the bundled deck loads")
}

fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a, NOW);
    }
}

fn text(buf: &Buffer) -> String {
    screens::lines(buf).join("\n")
}

/// Every cell of `buf` is ASCII or a kept letter; else fail naming the screen and the cell.
fn assert_ascii(what: &str, buf: &Buffer) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            let ok = sym.chars().all(|c| c.is_ascii() || kept_letter(c));
            assert!(ok, "{what}: {sym:?} at column {x}, row {y}\n{}", text(buf));
        }
    }
}

fn draw(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    ui::draw(app, &ascii(), buf.area, &mut buf);
    buf
}

fn console_info() -> ConsoleInfo {
    let url = "http://192.168.1.23:7878/";
    ConsoleInfo {
        join: vec!["convene follow 192.168.1.23:7878".into()],
        followers: 3,
        loopback: false,
        web: vec![url.into()],
        qr: convene::present::ui::qr::half_blocks(url),
        ..Default::default()
    }
}

fn draw_console(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    render_console(app, &ascii(), &console_info(), buf.area, &mut buf);
    buf
}

/// Every slide at every step, alone and in the console, in both bundled languages.
#[test]
fn every_slide_at_every_step_is_ascii_in_the_room_and_in_the_console() {
    for lang in [Lang::En, Lang::Fr] {
        let deck = deck(lang);
        for size in SIZES {
            for (i, slide) in deck.slides.iter().enumerate() {
                let mut app = session(deck.clone(), i, size);
                for step in 0..slide.step_count() {
                    let what = format!("{lang:?} {size:?} slide {} step {step}", slide.id);
                    assert_ascii(&what, &draw(&app));
                    assert_ascii(&format!("console {what}"), &draw_console(&app));
                    act(&mut app, &[Action::Next]);
                }
            }
        }
    }
}

/// Every overlay, the quit question, a note being typed, the countdown, too small a screen.
#[test]
fn every_overlay_is_ascii() {
    let overlays = [
        OverlayKind::Help,
        OverlayKind::Overview,
        OverlayKind::Search,
        OverlayKind::Support,
        OverlayKind::ContentNote,
        OverlayKind::Blank,
        OverlayKind::Join,
    ];
    for size in SIZES {
        let d = deck(Lang::En);
        let prompt = d.position("far-from-home").expect("the prompt slide") + 1;
        for overlay in overlays {
            let mut app = session(d.clone(), 0, size);
            // Sharing, so that the join page has an address to show (and no QR code in ASCII).
            let url = "http://192.168.1.20:7878/".to_owned();
            act(
                &mut app,
                &[Action::Sharing { url }, Action::Open { overlay }],
            );
            if overlay == OverlayKind::Search {
                act(&mut app, &[Action::SearchInput { text: "r".into() }]);
            }
            assert_ascii(&format!("{overlay:?} {size:?}"), &draw(&app));
            assert_ascii(
                &format!("console {overlay:?} {size:?}"),
                &draw_console(&app),
            );
        }
        let mut app = session(d.clone(), 3, size);
        act(
            &mut app,
            &[
                Action::StartNote,
                Action::NoteInput {
                    text: "chains — “strangers” …".into(),
                },
            ],
        );
        assert_ascii(&format!("note {size:?}"), &draw(&app));
        let mut app = session(d.clone(), 3, size);
        act(&mut app, &[Action::AskQuit]);
        assert_ascii(&format!("quit {size:?}"), &draw(&app));
        let mut app = session(d.clone(), prompt, size);
        act(
            &mut app,
            &[
                Action::ToggleTimer,
                Action::Open {
                    overlay: OverlayKind::Countdown,
                },
            ],
        );
        assert_ascii(&format!("countdown {size:?}"), &draw(&app));
        act(
            &mut app,
            &[Action::Open {
                overlay: OverlayKind::Help,
            }],
        );
        update(&mut app, &Action::Clock, NOW + 150_000);
        assert_ascii(&format!("timer over {size:?}"), &draw(&app));
    }
    let app = session(deck(Lang::En), 0, (20, 5));
    assert_ascii("too small", &draw(&app));
}

/// The case slide with the checklist: ticked, focused, flagged, under both frameworks, with
/// the answer key, beside the slide and as an overlay.
fn case(size: (u16, u16)) -> App {
    let d = deck(Lang::En);
    let at = d.position(CASE).expect("the case slide");
    let mut app = session(d, at, size);
    if size.0 < convene::present::app::PANEL_SIDE_MIN_WIDTH {
        act(&mut app, &[Action::ToggleChecklist]);
    } else {
        act(&mut app, &[Action::Focus]);
    }
    for row in [0, 3, 5, 7, 12] {
        act(&mut app, &[Action::Tick { row }]);
    }
    app
}

#[test]
fn the_case_slide_and_its_checklist_are_ascii() {
    for size in [(80, 24), (99, 30), (120, 35), (200, 50)] {
        let mut app = case(size);
        assert_ascii(&format!("case {size:?}"), &draw(&app));
        assert_ascii(&format!("console case {size:?}"), &draw_console(&app));
        act(&mut app, &[Action::ToggleAnswer]);
        assert_ascii(&format!("case answer {size:?}"), &draw(&app));
        assert_ascii(
            &format!("console case answer {size:?}"),
            &draw_console(&app),
        );
        act(&mut app, &[Action::CycleFramework]);
        assert_ascii(&format!("case framework {size:?}"), &draw(&app));
    }
}

#[test]
fn the_follower_is_ascii() {
    for (w, h) in SIZES {
        let pres = case((w, h));
        let view = ascii();
        let mut f = Follower::new("127.0.0.1:7878".into());
        f.resize(w, h, NOW);
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        f.draw(&view, buf.area, &mut buf);
        assert_ascii("follower waiting", &buf);
        f.on_net(Net::Connected, NOW);
        f.on_net(Net::Deck(Box::new(public_deck(&pres.deck))), NOW);
        f.on_net(Net::State(Box::new(ViewState::from_app(&pres))), NOW);
        for private in [None, Some(Private::Help), Some(Private::Support)] {
            f.private = private;
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            f.draw(&view, buf.area, &mut buf);
            assert_ascii(&format!("follower {private:?} {w}x{h}"), &buf);
        }
        f.private = None;
        for link in [Link::Waiting, Link::Ended, Link::Busy] {
            f.on_net(Net::Lost(link.clone()), NOW + 1000);
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            f.draw(&view, buf.area, &mut buf);
            assert_ascii(&format!("follower {link:?} {w}x{h}"), &buf);
        }
    }
}

/// The title in bold text instead of quadrant letters; the address instead of the QR code.
#[test]
fn big_titles_become_bold_text_and_the_qr_code_the_address() {
    let d = deck(Lang::En);
    let unicode = View {
        theme: Theme::mono(),
        glyphs: &glyphs::UNICODE,
    };
    // The slides whose title Unicode draws in big letters (so not as text).
    let big: Vec<usize> = (0..d.slides.len())
        .filter(|&i| {
            let app = session(d.clone(), i, (120, 35));
            let mut buf = Buffer::empty(Rect::new(0, 0, 120, 35));
            ui::draw(&app, &unicode, buf.area, &mut buf);
            !text(&buf).contains(app.current().title.as_str())
        })
        .collect();
    assert!(!big.is_empty(), "no slide has a big title at 120x35");
    for i in big {
        let app = session(d.clone(), i, (120, 35));
        let buf = draw(&app);
        let title = app.current().title.as_str();
        let screen = text(&buf);
        let row = screen
            .lines()
            .position(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title:?} as text:\n{screen}"));
        let x = screen
            .lines()
            .nth(row)
            .and_then(|l| l.find(title))
            .unwrap_or(0);
        let cell = &buf[(
            u16::try_from(x).unwrap_or(0),
            u16::try_from(row).unwrap_or(0),
        )];
        assert!(
            cell.modifier.contains(ratatui::style::Modifier::BOLD),
            "{title:?} in bold"
        );
    }
    let app = session(d, 0, (120, 35));
    let console = text(&draw_console(&app));
    assert!(console.contains("http://192.168.1.23:7878/"), "{console}");
    let unicode_console = {
        let mut buf = Buffer::empty(Rect::new(0, 0, 120, 35));
        render_console(&app, &unicode, &console_info(), buf.area, &mut buf);
        text(&buf)
    };
    assert!(
        unicode_console.contains('█'),
        "Unicode draws the QR code: {unicode_console}"
    );
    assert!(!console.contains('#'), "ASCII draws no QR code: {console}");
}

fn snap(name: &str, buf: &Buffer) {
    insta::assert_snapshot!(name, text(buf));
}

#[test]
fn snapshots_at_80x24() {
    let size = (80, 24);
    let d = deck(Lang::En);
    snap("ascii_title_80x24", &draw(&session(d.clone(), 0, size)));
    let mut app = case(size);
    act(&mut app, &[Action::ToggleAnswer]);
    snap("ascii_case_checklist_answer_80x24", &draw(&app));
    let at = d.position(CASE).expect("the case slide");
    snap(
        "ascii_console_case_80x24",
        &draw_console(&session(d.clone(), at, size)),
    );
    let mut app = session(d, 0, size);
    act(
        &mut app,
        &[Action::Open {
            overlay: OverlayKind::Help,
        }],
    );
    snap("ascii_help_80x24", &draw(&app));
}

/// The room's participation (issue 17): counts, votes, the queue's marks, the audience's
/// boxes and the join code, in both languages, draw only ASCII.
#[test]
fn the_room_is_ascii() {
    use convene::present::app::RoomOp;
    for lang in [Lang::En, Lang::Fr] {
        for size in SIZES {
            let d = deck(lang);
            for id in [CASE, "forms"] {
                let at = d.position(id).expect("the slide");
                let mut app = session(d.clone(), at, size);
                if id == CASE {
                    act(&mut app, &[Action::Focus]);
                }
                screens::full_room(&mut app, CASE);
                screens::moderate(&mut app, RoomOp::ToggleTotals);
                let what = format!("room {lang:?} {size:?} {id}");
                assert_ascii(&what, &draw(&app));
                assert_ascii(&format!("console {what}"), &draw_console(&app));
                let url = "http://192.168.1.20:7878/".to_owned();
                act(
                    &mut app,
                    &[
                        Action::Sharing { url },
                        Action::Open {
                            overlay: OverlayKind::Join,
                        },
                    ],
                );
                let buf = draw(&app);
                assert_ascii(&format!("join {what}"), &buf);
                assert!(text(&buf).contains(screens::CODE), "{}", text(&buf));
            }
        }
    }
}

#[test]
fn room_snapshots_at_80x24() {
    use convene::present::app::RoomOp;
    let size = (80, 24);
    let d = deck(Lang::En);
    let at = d.position(CASE).expect("the case slide");
    let mut app = session(d, at, size);
    act(&mut app, &[Action::ToggleChecklist]);
    screens::full_room(&mut app, CASE);
    snap("ascii_room_console_80x24", &draw_console(&app));
    act(&mut app, &[Action::ToggleChecklist]);
    screens::moderate(&mut app, RoomOp::ToggleTotals);
    snap("ascii_room_audience_80x24", &draw(&app));
}
