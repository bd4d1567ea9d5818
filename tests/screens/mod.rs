//! The in-process screen harness the rendering tests share (`snapshots`, `ascii`,
//! `checklist_panel`): views, a session reached through `update` with an injected clock, and a
//! drawn screen as text. Drawing goes through `ui::render` into a `TestBackend` terminal,
//! exactly as the presenter draws. (The pty harness for the real binary is `tests/common`.)
#![allow(dead_code)] // each test file uses a part

use convene::deck::Deck;
use convene::present::app::{Action, App, Millis, update};
use convene::present::ui::glyphs;
use convene::present::ui::theme::Theme;
use convene::present::ui::{self, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The fixed start of every session (ms since the epoch).
pub const T0: Millis = 1_000_000;
/// A fixed "now" for screens without a timer: 5 min 7 s into the session.
pub const NOW: Millis = T0 + 5 * 60_000 + 7_000;

/// Monochrome, Unicode symbols: what text snapshots show.
pub fn mono() -> View {
    View {
        theme: Theme::mono(),
        glyphs: &glyphs::UNICODE,
    }
}

/// Monochrome, ASCII only (`--ascii`, the classic Windows console).
pub fn ascii() -> View {
    View {
        theme: Theme::mono(),
        glyphs: &glyphs::ASCII,
    }
}

/// A session on `deck` at `slide` (first step), sized `width`×`height`, the clock at [`NOW`].
pub fn session(deck: Deck, slide: usize, (width, height): (u16, u16)) -> App {
    let mut app = App::new(deck, T0);
    update(&mut app, &Action::Resize { width, height }, T0);
    update(&mut app, &Action::GoTo { slide }, T0);
    update(&mut app, &Action::Clock, NOW);
    app
}

/// Draw the app as the presenter does, at the size it was last told about.
pub fn terminal(app: &App, view: &View) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| ui::render(app, view, f))
        .expect("draw into the test backend");
    terminal
}

/// A buffer as plain lines, one per row.
pub fn lines(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The room's participation (issue 17), reached through `update` as the phones reach it
// ---------------------------------------------------------------------------------------------

use convene::present::app::RoomOp;
use convene::present::app::room::{Input, Row, Vote};

/// The join code the room is opened with.
pub const CODE: &str = "K7Q2";

/// A response long enough to wrap and be cut (280 characters, the most a phone may send).
pub const LONG_RESPONSE: &str = "What happens to the person after they leave? Do they get \
    help with housing, with a work permit, with money to live on while they find another job, \
    and who pays for it when the employer kept their passport and wages for months and they \
    have nobody else here to ask?";

/// Open participation with [`CODE`] (the session is shared: phones reach the room only so).
pub fn open_room(app: &mut App) {
    if app.join_url.is_none() {
        let url = "http://192.168.1.23:7878/".to_owned();
        update(app, &Action::Sharing { url }, NOW);
    }
    let code = CODE.to_owned();
    update(
        app,
        &Action::Room {
            op: RoomOp::Open { code },
        },
        NOW,
    );
}

/// What participant `who` (a page token) sends, with the right code, while its slide was on
/// screen (only the slide on screen takes input); the app returns to where it was.
pub fn send(app: &mut App, who: &str, input: Input) {
    let back = app.slide;
    app.slide = app.deck.position(input.slide_id()).unwrap_or(back);
    let op = RoomOp::Input {
        participant: who.to_owned(),
        code: CODE.to_owned(),
        input,
    };
    update(app, &Action::Room { op }, NOW);
    app.slide = back;
}

/// A moderation step.
pub fn moderate(app: &mut App, op: RoomOp) {
    update(app, &Action::Room { op }, NOW);
}

/// Sixteen phones on the case slide `case` of the bundled checklist: recruitment ticked by 12,
/// harbouring by 9, coercion by 7, forced labour by 4, the under-18 flag by 1; votes:
/// trafficking 9, not trafficking 2, not enough information 5.
pub fn room_on_case(app: &mut App, case: &str) {
    for p in 0..16usize {
        let who = format!("a{p:02}b2c3d4");
        for (row, by) in [
            (Row::Item(0, 0), 12),
            (Row::Item(0, 3), 9),
            (Row::Item(1, 0), 7),
            (Row::Item(2, 1), 4),
            (Row::Flag(0), 1),
        ] {
            if p < by {
                let slide_id = case.to_owned();
                send(app, &who, Input::Tick { slide_id, row });
            }
        }
        let vote = match p {
            0..9 => Vote::Trafficking,
            9..11 => Vote::NotTrafficking,
            _ => Vote::NotEnoughInformation,
        };
        let slide_id = case.to_owned();
        send(app, &who, Input::Vote { slide_id, vote });
    }
}

/// Responses on the prompt slide `prompt`, one phone each, oldest first.
pub fn responses(app: &mut App, prompt: &str, texts: &[&str]) {
    for (i, text) in texts.iter().enumerate() {
        let input = Input::Respond {
            slide_id: prompt.to_owned(),
            text: (*text).to_owned(),
        };
        send(app, &format!("r{i:02}f00d"), input);
    }
}

/// The responses the room snapshots use (the third is [`LONG_RESPONSE`]).
pub const RESPONSES: [&str; 6] = [
    "Restaurants: long shifts, cash wages.",
    "Farms nearby hire seasonal workers whose permit is tied to one employer.",
    LONG_RESPONSE,
    "Construction sites where workers live in housing the boss owns.",
    "Nail salons? I am not sure.",
    "Les serres : des heures très longues, logement fourni par l'employeur.",
];

/// A room with data everywhere: the case's ticks and votes, six responses on `forms`; the
/// second kept, the third selected and on screen, then the fourth kept and selected.
pub fn full_room(app: &mut App, case: &str) {
    open_room(app);
    room_on_case(app, case);
    responses(app, "forms", &RESPONSES);
    moderate(app, RoomOp::Move { delta: 1 });
    moderate(app, RoomOp::ToggleKept);
    moderate(app, RoomOp::Move { delta: 1 });
    moderate(app, RoomOp::ToggleOnScreen);
    moderate(app, RoomOp::Move { delta: 1 });
    moderate(app, RoomOp::ToggleKept);
}
