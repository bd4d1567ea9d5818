//! The follow-mode protocol: what a presenter sends to followers, and nothing more.
//!
//! Newline-delimited JSON over TCP, versioned by a `v` field on every line.
//!
//! ```text
//! follower → presenter   {"hello":"convene","v":1}\n            (once; the presenter reads at
//!                                                                most HELLO_MAX bytes of it and
//!                                                                nothing the follower sends after)
//! presenter → follower   {"v":1,"type":"deck","deck":{…}}\n      on connect (and if the deck changes)
//!                        {"v":1,"type":"state",…}\n             snapshots; the newest wins
//!                        {"v":1,"type":"busy","message":"…"}\n  the session is full; then closed
//!                        {"v":1,"type":"ping"}\n                keepalive before the first state
//!                        {"v":1,"type":"bye"}\n                 the presenter stopped sharing
//! ```
//!
//! Privacy is decided here, in two functions: [`public_deck`] leaves out speaker notes, answer
//! keys and the pacing plan; [`ViewState::from_app`] takes only what the audience sees — never
//! captured notes, the note being typed, the presenter's help, overview or search. The answer
//! key of the current slide goes out only while the presenter has it revealed.
//!
//! A follower trusts nothing it receives: [`decode`] caps sizes, sanitises every string (control
//! characters never reach the follower's terminal) and rejects a deck with no slides; [`apply`]
//! clamps every index and time.

use crate::deck::checklist::CaseState;
use crate::deck::sanitize::{clean, clean_line};
use crate::deck::{Answer, Bullet, Deck, Slide};
use crate::present::app::room::{Row, Totals, row_key};
use crate::present::app::{App, Focus, Millis, Overlay, PanelVis, Timer};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead};

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;
/// The port `convene present --presenter` shares on and `convene follow` connects to.
pub const DEFAULT_PORT: u16 = 7878;
/// The most the presenter reads of a follower's hello (and all it ever reads).
pub const HELLO_MAX: usize = 1024;
/// The longest deck line a follower accepts. Real decks are far below it (the bundled one is
/// ~100 KB), but the loader's caps do not keep every valid deck under it: JSON can be ~7× the
/// TOML (16 MiB of one-letter bullets is 108 MiB as sent; `tests/shareable.rs`). `convene
/// check` warns about such a deck; presenting it, the console says so and followers are told
/// why they cannot follow.
pub const DECK_LINE_MAX: usize = 48 << 20;
/// The longest state line (the presenter never sends a longer one: the console says followers
/// are behind; a follower ignores it). `convene check` warns about a case slide whose view
/// could exceed it (thousands of rows all ticked).
pub const STATE_LINE_MAX: usize = 64 << 10;
/// How a `busy` line starts when the presenter's deck is too large to follow.
pub const DECK_TOO_LARGE: &str = "this deck is too large to follow";
/// Timers longer than this are clamped (a week), so no arithmetic on them can overflow.
const TIME_MAX: u64 = 7 * 24 * 3_600_000;

/// The hello a follower sends, newline included.
pub fn hello_line() -> Vec<u8> {
    format!("{{\"hello\":\"convene\",\"v\":{VERSION}}}\n").into_bytes()
}

#[derive(Deserialize)]
struct Hello {
    hello: String,
    v: u32,
}

/// The protocol version a hello line announces, or `None` when it is not a convene hello.
pub fn parse_hello(line: &[u8]) -> Option<u32> {
    let h: Hello = serde_json::from_slice(trim_newline(line)).ok()?;
    (h.hello == "convene").then_some(h.v)
}

/// What the audience sees over the slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    None,
    Blank,
    Support,
    ContentNote,
    /// The prompt timer in large digits.
    Countdown,
    /// The phones' address and its QR code (`join_url`).
    Join,
}

/// The checklist panel's visibility, evaluated by each follower at its own width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelMode {
    Auto,
    Shown,
    Hidden,
}

/// A started timer of a prompt on the current slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptTimer {
    pub prompt: usize,
    /// Times on the presenter's clock; [`apply`] moves them to the follower's.
    pub timer: Timer,
}

/// One snapshot of what the audience sees. Everything a follower needs besides the deck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewState {
    /// The deck's title and slide count (a follower checks it holds the same deck).
    pub title: String,
    pub slides: usize,
    /// Current slide (0-based), its id, and the reveal step.
    pub slide: usize,
    pub slide_id: String,
    pub step: usize,
    pub overlay: Screen,
    pub panel: PanelMode,
    /// The panel as the presenter sees it: `Some(true)` beside the slide, `Some(false)` over it.
    pub panel_shown: Option<bool>,
    /// The checklist row the presenter is on, while the panel has focus.
    pub panel_cursor: Option<usize>,
    /// Ticks of the current slide.
    pub case: Option<CaseState>,
    pub framework: usize,
    /// The current slide's answer key, only while the presenter has it revealed.
    pub answer: Option<Answer>,
    /// Started timers of the prompts visible on the current slide.
    pub timers: Vec<PromptTimer>,
    /// When the session started and when this snapshot was taken (presenter's clock, ms).
    pub started_ms: Millis,
    pub now_ms: Millis,
    /// The phones' address, while the join screen is up.
    #[serde(default)]
    pub join_url: Option<String>,
    /// The room's participation as the audience may see it (issue 17): `None` while the room
    /// is closed and shows nothing (older presenters never send it; older followers ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<RoomView>,
}

/// What the audience may see of the room's participation: whether it is open, what the current
/// slide takes, and only what the facilitator chose to show. Never the join code, a
/// participant's token, or a response the facilitator did not put on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    /// Whether participants' input is accepted now.
    #[serde(default)]
    pub open: bool,
    /// The current slide takes ticks and a vote (a case slide with the checklist).
    #[serde(default)]
    pub case: bool,
    /// The current slide takes a short response (a discussion prompt is showing).
    #[serde(default)]
    pub respond: bool,
    /// The current case's totals, only while the facilitator shows them.
    #[serde(default)]
    pub totals: Option<Totals>,
    /// The text of the response the facilitator put on screen, if any.
    #[serde(default)]
    pub on_screen: Option<String>,
    /// The join code, for the projector only: sent to followers on the presenter's own machine
    /// (a `--presenter` projector window), never to phones nor to followers elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// How many times the facilitator cleared the room: a page that sees it change forgets
    /// the ticks and vote it sent (a tick toggles, so a stale mark would invert the next one).
    #[serde(default)]
    pub cleared: u64,
}

impl RoomView {
    /// The room's public part at `app`'s current slide; `None` when there is nothing to say.
    pub fn from_app(app: &App) -> Option<RoomView> {
        let r = &app.room;
        let s = app.current();
        let case = app.deck.checklist.is_some() && s.checklist;
        let v = s.visible(app.step);
        let respond = s
            .prompts()
            .iter()
            .take(v.prompts)
            .any(|p| p.kind == crate::deck::PromptKind::Discuss);
        let totals = (r.show_totals && case).then(|| r.totals(&s.id));
        let on_screen = r.shown_response().map(|x| clean_line(&x.text));
        if !r.open && totals.is_none() && on_screen.is_none() {
            return None;
        }
        Some(RoomView {
            open: r.open,
            case: case && r.open,
            respond: respond && r.open,
            totals,
            on_screen,
            code: None,
            cleared: r.cleared,
        })
    }

    fn sanitise(&mut self) {
        self.on_screen = self.on_screen.as_deref().map(clean_line);
        if let Some(t) = &mut self.totals {
            t.rows = std::mem::take(&mut t.rows)
                .into_iter()
                .take(4096)
                .map(|(k, n)| (clean_line(&k), n))
                .collect();
        }
    }
}

impl ViewState {
    /// What the audience sees of the presenter's state. Leaves out captured notes, the note
    /// being typed, search, overview and help, and every answer key but a revealed one.
    pub fn from_app(app: &App) -> ViewState {
        let s = app.current();
        let overlay = match app.overlay {
            Overlay::Blank => Screen::Blank,
            Overlay::Countdown => Screen::Countdown,
            Overlay::Support => Screen::Support,
            Overlay::ContentNote if app.deck.meta.content_note.is_some() => Screen::ContentNote,
            Overlay::Join if app.join_url.is_some() => Screen::Join,
            _ => Screen::None,
        };
        let case = app.case().cloned();
        let answer = case
            .as_ref()
            .filter(|c| c.revealed)
            .and_then(|_| s.answer().cloned());
        let visible = s.visible(app.step).prompts;
        let timers = (0..visible)
            .filter_map(|p| {
                app.timers.get(&(s.id.to_string(), p)).map(|t| PromptTimer {
                    prompt: p,
                    timer: *t,
                })
            })
            .collect();
        let panel_shown = app.panel_shown();
        ViewState {
            title: app.deck.meta.title.clone(),
            slides: app.deck.slides.len(),
            slide: app.slide,
            slide_id: s.id.to_string(),
            step: app.step,
            overlay,
            panel: match app.panel {
                PanelVis::Auto => PanelMode::Auto,
                PanelVis::Shown => PanelMode::Shown,
                PanelVis::Hidden => PanelMode::Hidden,
            },
            panel_shown,
            panel_cursor: (app.focus == Focus::Panel && panel_shown.is_some())
                .then_some(app.cursor),
            case,
            framework: app.framework,
            answer,
            timers,
            started_ms: app.started,
            now_ms: app.now,
            join_url: app.join_url.clone().filter(|_| overlay == Screen::Join),
            room: RoomView::from_app(app),
        }
    }

    /// The state with its snapshot time left out: two states with equal keys look the same
    /// on every follower (times are absolute, so a ticking clock does not change the key).
    pub fn key(&self) -> ViewState {
        ViewState {
            now_ms: 0,
            ..self.clone()
        }
    }

    /// Clamp what came off the wire: strings sanitised, times bounded.
    fn sanitise(&mut self) {
        self.title = clean_line(&self.title);
        self.slide_id = clean_line(&self.slide_id);
        self.join_url = self.join_url.as_deref().map(clean_line);
        if let Some(r) = &mut self.room {
            r.sanitise();
        }
        self.started_ms = self.started_ms.min(self.now_ms);
        for t in &mut self.timers {
            t.timer.total_ms = t.timer.total_ms.min(TIME_MAX);
            t.timer.used_ms = t.timer.used_ms.min(TIME_MAX);
            t.timer.running_since = t.timer.running_since.map(|s| s.min(self.now_ms));
        }
    }
}

/// Move a presenter-clock time onto the follower's clock (`offset` = follower − presenter),
/// never later than `now`.
fn shift(t: Millis, offset: i128, now: Millis) -> Millis {
    let v = (i128::from(t) + offset).clamp(0, i128::from(now));
    u64::try_from(v).unwrap_or(0)
}

/// Show a snapshot on a follower's local app (built on the public deck). `app.now` must be
/// the follower's current time: times are moved from the presenter's clock to it. Every
/// index is clamped; a snapshot for another deck moves to the slide with the same id if any.
pub fn apply(state: &ViewState, app: &mut App) {
    let n = app.deck.slides.len();
    if n == 0 {
        return;
    }
    let slide = match app.deck.slides.get(state.slide) {
        Some(s) if s.id == state.slide_id => state.slide,
        _ => app
            .deck
            .position(&state.slide_id)
            .unwrap_or(state.slide.min(n - 1)),
    };
    let steps = app.deck.slides[slide].step_count();
    app.slide = slide;
    app.step = state.step.min(steps.saturating_sub(1));
    app.overlay = match state.overlay {
        Screen::None => Overlay::None,
        Screen::Blank => Overlay::Blank,
        Screen::Countdown => Overlay::Countdown,
        Screen::Support => Overlay::Support,
        Screen::ContentNote if app.deck.meta.content_note.is_some() => Overlay::ContentNote,
        Screen::ContentNote => Overlay::None,
        Screen::Join if state.join_url.is_some() => Overlay::Join,
        Screen::Join => Overlay::None,
    };
    app.join_url = state.join_url.as_deref().map(clean_line);
    app.panel = match state.panel {
        PanelMode::Auto => PanelVis::Auto,
        PanelMode::Shown => PanelVis::Shown,
        PanelMode::Hidden => PanelVis::Hidden,
    };
    let rows = app
        .deck
        .checklist
        .as_ref()
        .map_or(0, |cl| crate::deck::checklist::rows(cl).len());
    match state.panel_cursor {
        Some(c) if rows > 0 => {
            app.focus = Focus::Panel;
            app.cursor = c.min(rows - 1);
        }
        _ => {
            app.focus = Focus::Slide;
            app.cursor = 0;
        }
    }
    let frameworks = app
        .deck
        .checklist
        .as_ref()
        .map_or(0, |cl| cl.frameworks.len());
    app.framework = state.framework.min(frameworks.saturating_sub(1));
    let id = app.deck.slides[slide].id.to_string();
    match (&state.case, &app.deck.checklist) {
        (Some(case), Some(cl)) => {
            let mut case = case.clone();
            case.retain_valid(cl);
            app.cases.insert(id.clone(), case);
        }
        _ => {
            app.cases.remove(&id);
        }
    }
    let revealed = app.cases.get(&id).is_some_and(|c| c.revealed);
    // The follower's own copy (not shared): `make_mut` clones nothing.
    std::sync::Arc::make_mut(&mut app.deck).slides[slide]
        .extras_mut()
        .answer = state.answer.clone().filter(|_| revealed);

    let offset = i128::from(app.now) - i128::from(state.now_ms);
    let now = app.now;
    app.started = shift(state.started_ms, offset, now);
    let prompts = app.deck.slides[slide].prompts().len();
    // Only the presenter's timers of this slide: a timer the presenter no longer has (paused
    // on leaving its slide, or by a resume) must not go on counting here.
    app.timers.clear();
    for t in state.timers.iter().filter(|t| t.prompt < prompts) {
        let timer = Timer {
            total_ms: t.timer.total_ms.min(TIME_MAX),
            used_ms: t.timer.used_ms.min(TIME_MAX),
            running_since: t.timer.running_since.map(|s| shift(s, offset, now)),
        };
        app.timers.insert((id.clone(), t.prompt), timer);
    }
    apply_room(state.room.as_ref(), &id, app);
    app.flash = None;
    app.digits.clear();
}

/// The room as the audience may see it, on a follower (the projector of `--presenter`): open
/// or not, the current case's totals when the facilitator shows them, the response on screen.
/// Nothing else of the room ever reaches a follower, so nothing else is kept.
fn apply_room(view: Option<&RoomView>, slide_id: &str, app: &mut App) {
    use crate::present::app::room::{Response, Room};
    let mut room = Room::default();
    if let Some(v) = view {
        room.open = v.open;
        room.code = v.code.as_deref().map(|c| {
            c.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(12)
                .collect()
        });
        if let Some(t) = &v.totals {
            room.record_totals(slide_id, t.clone());
            room.show_totals = true;
        }
        if let Some(text) = &v.on_screen {
            let mut r = Response::default();
            r.id = 1;
            r.slide_id = slide_id.to_owned();
            r.text = clean_line(text);
            room.record_response(&r);
            room.on_screen = Some(1);
        }
    }
    app.room = room;
}

/// The deck as followers get it: no speaker notes, no answer keys, no pacing plan.
pub fn public_deck(deck: &Deck) -> Deck {
    let mut d = deck.clone();
    d.meta.minutes = None;
    d.meta.translation = None;
    for s in &mut d.slides {
        s.notes = None;
        if let Some(x) = &mut s.extras {
            x.answer = None;
            x.minutes = None;
        }
    }
    d
}

/// What a phone's web page gets on each change: the current slide cut to its revealed steps,
/// in every language the presenter offers, and nothing else. Built only from [`public_deck`]s
/// and a [`ViewState`], so it can hold nothing the terminal follower could not see — and less:
/// no later slide, no unrevealed step, the checklist only while the facilitator shows it.
pub fn encode_web_state(state: &ViewState, decks: &[Deck]) -> Vec<u8> {
    encode_web_state_for(state, decks, 0)
}

/// [`encode_web_state`] for the share numbered `share` (a number drawn when it started, not a
/// secret): a page that sees it change knows the presenter started again, and forgets what it
/// sent to the room before (the new session never saw it).
pub fn encode_web_state_for(state: &ViewState, decks: &[Deck], share: u64) -> Vec<u8> {
    let views: Vec<WebView> = decks
        .iter()
        .map(|d| web_view(state, &public_deck(d)))
        .collect();
    line(&WebOut {
        v: VERSION,
        kind: "web",
        slide: state.slide,
        slides: state.slides,
        slide_id: &state.slide_id,
        step: state.step,
        // The page is already joined: it shows the slide under the room's join screen.
        screen: match state.overlay {
            Screen::Join => Screen::None,
            s => s,
        },
        room: state.room.as_ref(),
        share,
        views,
    })
}

#[derive(Serialize)]
struct WebOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    slide: usize,
    slides: usize,
    slide_id: &'a str,
    step: usize,
    screen: Screen,
    /// The room's public part (see [`RoomView`]); absent while closed and showing nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<&'a RoomView>,
    /// Which share sent it (see [`encode_web_state_for`]); 0 when not said.
    #[serde(skip_serializing_if = "is_zero")]
    share: u64,
    views: Vec<WebView>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct WebView {
    language: String,
    deck_title: String,
    support: Vec<String>,
    content_note: Option<String>,
    slide: Option<WebSlide>,
    /// While the room is open on a case slide: the rows a participant may tick, those of the
    /// framework the facilitator shows (the same rows as the panel).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    room_rows: Vec<WebRoomRow>,
}

#[derive(Serialize)]
struct WebRoomRow {
    /// What the page sends back to tick it (`{"Item":[g,i]}` or `{"Flag":f}`).
    row: Row,
    /// Its key in the totals' `rows`.
    key: String,
    /// The group's label (the flags' heading for a flag).
    group: Option<String>,
    label: String,
}

#[derive(Serialize)]
struct WebSlide {
    section: Option<CompactString>,
    kind: crate::deck::SlideKind,
    title: CompactString,
    subtitle: Option<String>,
    body: Vec<CompactString>,
    bullets: Vec<Bullet>,
    columns: Vec<crate::deck::Column>,
    callout: Option<crate::deck::Callout>,
    prompts: Vec<WebPrompt>,
    debrief: Option<String>,
    checklist: Option<WebChecklist>,
}

#[derive(Serialize)]
struct WebPrompt {
    /// `discuss` or `break`: the page labels a break as one (word and symbol).
    kind: crate::deck::PromptKind,
    text: CompactString,
    follow_ups: Vec<CompactString>,
    minutes: Option<f64>,
    /// A started timer: what is left when this event was built, and whether it runs.
    remaining_ms: Option<i64>,
    running: bool,
}

#[derive(Serialize)]
struct WebChecklist {
    title: String,
    groups: Vec<WebGroup>,
    flags: Vec<WebRow>,
    framework: String,
    verdict: String,
    level: crate::deck::Level,
    /// Whether the answer key is revealed (rows then carry `answer`).
    revealed: bool,
}

#[derive(Serialize)]
struct WebGroup {
    label: String,
    question: Option<String>,
    items: Vec<WebRow>,
}

#[derive(Serialize)]
struct WebRow {
    label: String,
    ticked: bool,
    /// In the revealed answer key (`None` until it is revealed).
    answer: Option<bool>,
}

fn web_view(state: &ViewState, deck: &Deck) -> WebView {
    let slide = deck
        .position(&state.slide_id)
        .or_else(|| (deck.slides.len() == state.slides).then_some(state.slide))
        .and_then(|i| deck.slides.get(i))
        .map(|s| web_slide(state, deck, s));
    WebView {
        language: deck.meta.language.clone(),
        deck_title: deck.meta.title.clone(),
        support: deck.meta.support.clone(),
        content_note: deck.meta.content_note.clone(),
        slide,
        room_rows: room_rows(state, deck),
    }
}

fn room_rows(state: &ViewState, deck: &Deck) -> Vec<WebRoomRow> {
    let (Some(cl), Some(room)) = (&deck.checklist, &state.room) else {
        return Vec::new();
    };
    if !room.case && room.totals.is_none() {
        return Vec::new();
    }
    crate::deck::checklist::rows_for(cl, state.framework)
        .into_iter()
        .filter_map(|row| {
            let (group, label) = match row {
                Row::Item(g, i) => {
                    let grp = cl.groups.get(g)?;
                    (Some(grp.label.clone()), grp.items.get(i)?.label.clone())
                }
                Row::Flag(f) => (None, cl.flags.get(f)?.label.clone()),
            };
            Some(WebRoomRow {
                row,
                key: row_key(row),
                group,
                label,
            })
        })
        .collect()
}

fn web_slide(state: &ViewState, deck: &Deck, s: &Slide) -> WebSlide {
    let v = s.visible(state.step);
    let prompts = s
        .prompts()
        .iter()
        .take(v.prompts)
        .enumerate()
        .map(|(i, p)| {
            let shown = if i + 1 == v.prompts {
                v.follow_ups
            } else {
                p.follow_ups.len()
            };
            let timer = state.timers.iter().find(|t| t.prompt == i).map(|t| t.timer);
            WebPrompt {
                kind: p.kind,
                text: p.text.clone(),
                follow_ups: p.follow_ups.iter().take(shown).cloned().collect(),
                minutes: p.minutes.filter(|m| m.is_finite()),
                remaining_ms: timer.map(|t| t.remaining(state.now_ms)),
                running: timer.is_some_and(|t| t.running_since.is_some()),
            }
        })
        .collect();
    let checklist = match (&deck.checklist, &state.case) {
        (Some(cl), case) if s.checklist && state.panel_shown.is_some() => {
            let empty = CaseState::default();
            let case = case.as_ref().unwrap_or(&empty);
            let answer = state.answer.as_ref().filter(|_| case.revealed);
            let verdict = crate::deck::checklist::evaluate(cl, state.framework, case);
            Some(WebChecklist {
                title: cl.title.clone(),
                groups: cl
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(g, grp)| WebGroup {
                        label: grp.label.clone(),
                        question: grp.question.clone(),
                        items: grp
                            .items
                            .iter()
                            .enumerate()
                            .map(|(i, it)| WebRow {
                                label: it.label.clone(),
                                ticked: case.items.contains(&(g, i)),
                                answer: answer.map(|a| a.items.contains(&(g, i))),
                            })
                            .collect(),
                    })
                    .collect(),
                flags: cl
                    .flags
                    .iter()
                    .enumerate()
                    .map(|(f, fl)| WebRow {
                        label: fl.label.clone(),
                        ticked: case.flags.contains(&f),
                        answer: answer.map(|a| a.flags.contains(&f)),
                    })
                    .collect(),
                framework: cl
                    .frameworks
                    .get(state.framework)
                    .map(|f| f.label.clone())
                    .unwrap_or_default(),
                verdict: verdict.say,
                level: verdict.level,
                revealed: answer.is_some(),
            })
        }
        _ => None,
    };
    WebSlide {
        section: s.section.clone(),
        kind: s.kind,
        title: s.title.clone(),
        subtitle: s.subtitle().map(str::to_owned),
        body: s.body.clone(),
        bullets: s.bullets.iter().take(v.bullets).cloned().collect(),
        columns: s.columns().to_vec(),
        callout: s
            .callout()
            .filter(|_| s.all_bullets_visible(state.step))
            .cloned(),
        prompts,
        debrief: s.debrief().filter(|_| v.debrief).map(str::to_owned),
        checklist,
    }
}

/// Everything a presenter can send.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Deck(Box<Deck>),
    State(Box<ViewState>),
    /// The session is full; the presenter's message.
    Busy(String),
    /// The presenter stopped sharing.
    Bye,
    /// Keepalive: nothing changed.
    Ping,
    /// A message type this version does not know (newer presenters may add some): ignored.
    Other,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// The presenter speaks another protocol version.
    Version(u32),
    /// Not a message of this protocol.
    Malformed(String),
    /// A deck with no slides.
    EmptyDeck,
    TooLong,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Version(v) => write!(
                f,
                "the presenter speaks follow protocol version {v}; this convene speaks {VERSION}: use the same convene version"
            ),
            WireError::Malformed(e) => write!(f, "not a convene message: {e}"),
            WireError::EmptyDeck => write!(f, "the presenter sent a deck with no slides"),
            WireError::TooLong => write!(f, "a message longer than the protocol allows"),
        }
    }
}

impl std::error::Error for WireError {}

#[derive(Serialize)]
struct DeckOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    deck: &'a Deck,
}

#[derive(Serialize)]
struct StateOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    state: &'a ViewState,
}

#[derive(Serialize)]
struct NoticeOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

#[derive(Deserialize)]
struct Head {
    v: u32,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct DeckIn {
    deck: Deck,
}

#[derive(Deserialize)]
struct BusyIn {
    #[serde(default)]
    message: String,
}

/// The deck line (public deck only, whatever is passed in), newline included.
pub fn encode_deck(deck: &Deck) -> Vec<u8> {
    let public = public_deck(deck);
    line(&DeckOut {
        v: VERSION,
        kind: "deck",
        deck: &public,
    })
}

/// A state line, newline included.
pub fn encode_state(state: &ViewState) -> Vec<u8> {
    line(&StateOut {
        v: VERSION,
        kind: "state",
        state,
    })
}

/// The line that refuses a connection when the session is full.
pub fn encode_busy(message: &str) -> Vec<u8> {
    line(&NoticeOut {
        v: VERSION,
        kind: "busy",
        message: Some(message),
    })
}

/// The keepalive line, sent when there is no state yet to send again.
pub fn encode_ping() -> Vec<u8> {
    line(&NoticeOut {
        v: VERSION,
        kind: "ping",
        message: None,
    })
}

/// The line that says the presenter stopped sharing.
pub fn encode_bye() -> Vec<u8> {
    line(&NoticeOut {
        v: VERSION,
        kind: "bye",
        message: None,
    })
}

fn line<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising these types cannot fail (string keys, no non-finite floats reach JSON as
    // errors: serde_json writes them as null); an empty line would be skipped by followers.
    let mut out = serde_json::to_vec(value).unwrap_or_default();
    out.push(b'\n');
    out
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Read one presenter line. Sizes are capped, strings sanitised, decks without slides refused.
pub fn decode(line: &[u8]) -> Result<Incoming, WireError> {
    let line = trim_newline(line);
    if line.len() > DECK_LINE_MAX {
        return Err(WireError::TooLong);
    }
    let head: Head =
        serde_json::from_slice(line).map_err(|e| WireError::Malformed(e.to_string()))?;
    if head.v != VERSION {
        return Err(WireError::Version(head.v));
    }
    let bad = |e: serde_json::Error| WireError::Malformed(e.to_string());
    match head.kind.as_str() {
        "deck" => {
            let mut d = serde_json::from_slice::<DeckIn>(line).map_err(bad)?.deck;
            if d.slides.is_empty() {
                return Err(WireError::EmptyDeck);
            }
            sanitise_deck(&mut d);
            Ok(Incoming::Deck(Box::new(d)))
        }
        "state" => {
            if line.len() > STATE_LINE_MAX {
                return Err(WireError::TooLong);
            }
            let mut s: ViewState = serde_json::from_slice(line).map_err(bad)?;
            s.sanitise();
            Ok(Incoming::State(Box::new(s)))
        }
        "busy" => {
            let b: BusyIn = serde_json::from_slice(line).map_err(bad)?;
            Ok(Incoming::Busy(clean_line(&b.message)))
        }
        "bye" => Ok(Incoming::Bye),
        "ping" => Ok(Incoming::Ping),
        _ => Ok(Incoming::Other),
    }
}

/// Make a received deck safe to show: every string cleaned as the loader cleans deck text,
/// presenter-only fields dropped (a presenter should never send them), numbers made finite.
pub fn sanitise_deck(d: &mut Deck) {
    let line = |s: &mut String| *s = clean_line(s);
    let text = |s: &mut String| *s = clean(s);
    let opt_line = |s: &mut Option<String>| {
        if let Some(s) = s {
            *s = clean_line(s);
        }
    };
    let opt_text = |s: &mut Option<String>| {
        if let Some(s) = s {
            *s = clean(s);
        }
    };
    let m = &mut d.meta;
    line(&mut m.title);
    opt_line(&mut m.subtitle);
    line(&mut m.language);
    m.minutes = None;
    opt_text(&mut m.content_note);
    m.support.iter_mut().for_each(text);
    opt_line(&mut m.author);
    if let Some(cl) = &mut d.checklist {
        line(&mut cl.title);
        opt_text(&mut cl.disclaimer);
        opt_line(&mut cl.short_disclaimer);
        for g in &mut cl.groups {
            line(&mut g.id);
            line(&mut g.label);
            opt_text(&mut g.question);
            for i in &mut g.items {
                line(&mut i.id);
                line(&mut i.label);
                opt_line(&mut i.short);
            }
        }
        for f in &mut cl.flags {
            line(&mut f.id);
            line(&mut f.label);
            opt_line(&mut f.short);
        }
        for fw in &mut cl.frameworks {
            line(&mut fw.id);
            line(&mut fw.label);
            fw.rules.iter_mut().for_each(|r| r.say = clean(&r.say));
        }
    }
    d.slides.iter_mut().for_each(sanitise_slide);
}

/// A slide's strings cleaned, its presenter-only fields dropped, its numbers made finite.
fn sanitise_slide(s: &mut Slide) {
    let line = |s: &mut CompactString| *s = clean_line(s).into();
    let text = |s: &mut CompactString| *s = clean(s).into();
    let opt_line = |s: &mut Option<CompactString>| {
        if let Some(s) = s {
            line(s);
        }
    };
    let opt_text = |s: &mut Option<CompactString>| {
        if let Some(s) = s {
            text(s);
        }
    };
    let bullets = |bs: &mut Vec<Bullet>| {
        for b in bs {
            text(&mut b.text);
            b.children.iter_mut().for_each(text);
        }
    };
    line(&mut s.id);
    opt_line(&mut s.section);
    line(&mut s.title);
    s.body.iter_mut().for_each(text);
    bullets(&mut s.bullets);
    s.notes = None;
    let Some(x) = &mut s.extras else {
        return;
    };
    opt_line(&mut x.subtitle);
    for c in &mut x.columns {
        line(&mut c.heading);
        bullets(&mut c.bullets);
    }
    if let Some(c) = &mut x.callout {
        opt_line(&mut c.label);
        text(&mut c.text);
    }
    x.answer = None;
    x.minutes = None;
    for p in &mut x.prompts {
        text(&mut p.text);
        p.minutes = p
            .minutes
            .filter(|m| m.is_finite())
            .map(|m| m.clamp(0.0, 10_000.0));
        p.follow_ups.iter_mut().for_each(text);
    }
    opt_text(&mut x.debrief);
}

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// A whole line is in the buffer (newline included).
    Line,
    /// The stream ended (the buffer holds any unterminated tail).
    Eof,
    /// More than `max` bytes without a newline; the buffer holds the first `max`.
    TooLong,
}

/// Read one line of at most `max` bytes (newline included) into `out`, never buffering more.
pub fn read_line(r: &mut impl BufRead, max: usize, out: &mut Vec<u8>) -> io::Result<LineRead> {
    out.clear();
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(LineRead::Eof);
        }
        let room = max - out.len();
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) if i < room => (i + 1, true),
            _ => (buf.len().min(room), false),
        };
        out.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            return Ok(LineRead::Line);
        }
        if out.len() >= max {
            return Ok(LineRead::TooLong);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::PromptKind;
    use crate::present::app::{Action, update};

    const NOTE: &str = "SECRET-NOTE-7f3a";
    const DECK: &str = r#"
format = 1
[deck]
title = "Wire deck"
content_note = "Be kind."
support = ["Hotline"]
minutes = 10

[checklist]
title = "Elements"
[[checklist.groups]]
id = "act"
label = "ACT"
items = [{ id = "recruitment", label = "Recruitment" }, { id = "transport", label = "Transport" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "exploitation", label = "Exploitation" }]
[[checklist.frameworks]]
id = "protocol"
label = "Protocol"
rules = [{ all = ["act", "purpose"], say = "indicated" }, { say = "not yet" }]

[[slides]]
id = "one"
title = "One"
notes = "SECRET-NOTE-7f3a"
minutes = 2

[[slides]]
id = "talk"
title = "Talk"
minutes = 3
[[slides.prompts]]
text = "Discuss?"
minutes = 5

[[slides]]
id = "case"
kind = "case"
title = "Case"
body = "A story."
answer = ["act.transport"]
minutes = 5
"#;

    fn deck() -> Deck {
        match crate::deck::load_str(DECK) {
            Ok(l) => l.deck,
            Err(e) => panic!("{}", e.render("wire", false)),
        }
    }

    #[test]
    fn public_deck_has_no_notes_answers_or_plan() {
        let d = deck();
        assert!(d.slides[0].notes.is_some() && d.slides[2].answer().is_some());
        let p = public_deck(&d);
        assert!(
            p.slides
                .iter()
                .all(|s| s.notes.is_none() && s.answer().is_none())
        );
        assert!(p.slides.iter().all(|s| s.minutes().is_none()) && p.meta.minutes.is_none());
        let line = String::from_utf8_lossy(&encode_deck(&d)).into_owned();
        assert!(!line.contains(NOTE), "{line}");
        assert!(line.contains("\"answer\":null") && !line.contains("\"answer\":{"));
        assert!(line.starts_with("{\"v\":1,\"type\":\"deck\",\"deck\":"));
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
    }

    #[test]
    fn state_round_trips_and_hides_presenter_only_overlays() {
        let mut app = App::new(deck(), 1_000);
        update(&mut app, &Action::Next, 2_000);
        update(&mut app, &Action::StartNote, 2_000);
        update(&mut app, &Action::NoteInput { text: NOTE.into() }, 2_000);
        let s = ViewState::from_app(&app);
        assert_eq!(s.overlay, Screen::None);
        let line = encode_state(&s);
        assert!(!String::from_utf8_lossy(&line).contains(NOTE));
        assert!(line.starts_with(b"{\"v\":1,\"type\":\"state\","));
        match decode(&line) {
            Ok(Incoming::State(back)) => assert_eq!(*back, s),
            other => panic!("{other:?}"),
        }
        for (kind, screen) in [
            (crate::present::app::OverlayKind::Blank, Screen::Blank),
            (crate::present::app::OverlayKind::Support, Screen::Support),
            (
                crate::present::app::OverlayKind::ContentNote,
                Screen::ContentNote,
            ),
            (crate::present::app::OverlayKind::Help, Screen::None),
            (crate::present::app::OverlayKind::Overview, Screen::None),
            (crate::present::app::OverlayKind::Search, Screen::None),
        ] {
            update(&mut app, &Action::Open { overlay: kind }, 3_000);
            assert_eq!(ViewState::from_app(&app).overlay, screen, "{kind:?}");
        }
    }

    #[test]
    fn answer_only_when_revealed_on_the_current_slide() {
        let mut app = App::new(deck(), 0);
        update(&mut app, &Action::GoTo { slide: 2 }, 0);
        assert_eq!(ViewState::from_app(&app).answer, None);
        update(&mut app, &Action::ToggleAnswer, 0);
        let s = ViewState::from_app(&app);
        assert_eq!(
            s.answer.as_ref().map(|a| a.items.clone()),
            Some(vec![(0, 1)])
        );
        update(&mut app, &Action::First, 0);
        assert_eq!(ViewState::from_app(&app).answer, None);
        update(&mut app, &Action::Last, 0);
        update(&mut app, &Action::ToggleAnswer, 0);
        assert_eq!(ViewState::from_app(&app).answer, None);
    }

    #[test]
    fn a_follower_keeps_no_timer_the_presenter_no_longer_runs() {
        let d = deck();
        let mut pres = App::new(d.clone(), 1_000_000);
        update(&mut pres, &Action::Next, 1_060_000);
        update(&mut pres, &Action::ToggleTimer, 1_060_000);
        let mut fol = App::new(public_deck(&d), 1_000_000);
        fol.now = 1_060_000;
        apply(&ViewState::from_app(&pres), &mut fol);
        assert!(fol.running_timer().is_some_and(|t| t.running()));
        // The presenter moves on (or resumes elsewhere): nothing counts down on the follower.
        update(&mut pres, &Action::Last, 1_070_000);
        apply(&ViewState::from_app(&pres), &mut fol);
        assert_eq!(fol.running_timer(), None);
        assert!(fol.timers.values().all(|t| !t.running()));
    }

    #[test]
    fn apply_mirrors_the_presenter_on_the_follower_clock() {
        let d = deck();
        let mut pres = App::new(d.clone(), 1_000_000);
        update(&mut pres, &Action::Next, 1_060_000);
        update(&mut pres, &Action::ToggleTimer, 1_060_000);
        update(&mut pres, &Action::Clock, 1_090_000);
        let s = ViewState::from_app(&pres);
        assert_eq!(s.timers.len(), 1);

        // The follower's clock is 500 s behind the presenter's.
        let mut fol = App::new(public_deck(&d), 500_000);
        fol.now = 590_000;
        apply(&s, &mut fol);
        assert_eq!((fol.slide, fol.step), (pres.slide, pres.step));
        assert_eq!(fol.elapsed(), pres.elapsed());
        let ft = fol.current_timer().copied();
        let pt = pres.current_timer().copied();
        assert_eq!(
            ft.map(|t| t.remaining(fol.now)),
            pt.map(|t| t.remaining(pres.now))
        );

        // Case slide: ticks, reveal, panel.
        update(&mut pres, &Action::Last, 1_100_000);
        update(&mut pres, &Action::Tick { row: 1 }, 1_100_000);
        update(&mut pres, &Action::ToggleAnswer, 1_100_000);
        apply(&ViewState::from_app(&pres), &mut fol);
        assert_eq!(fol.case(), pres.case());
        assert_eq!(fol.current().answer(), pres.current().answer());
        update(&mut pres, &Action::ToggleAnswer, 1_100_000);
        apply(&ViewState::from_app(&pres), &mut fol);
        assert_eq!(fol.current().answer(), None);
    }

    #[test]
    fn the_join_screen_reaches_followers_with_its_address_and_not_the_page() {
        let mut pres = App::new(deck(), 0);
        let url = "http://10.0.0.2:7878/".to_owned();
        update(&mut pres, &Action::Sharing { url: url.clone() }, 1);
        let st = ViewState::from_app(&pres);
        assert_eq!(st.join_url, None, "only while the join screen is up");
        let open = Action::Open {
            overlay: crate::present::app::OverlayKind::Join,
        };
        update(&mut pres, &open, 2);
        let st = ViewState::from_app(&pres);
        assert_eq!(
            (st.overlay, st.join_url.as_deref()),
            (Screen::Join, Some(url.as_str()))
        );
        let mut fol = App::new(public_deck(&deck()), 5);
        apply(&st, &mut fol);
        assert_eq!(fol.overlay, Overlay::Join);
        assert_eq!(fol.join_url, Some(url));
        // The page is already joined: it keeps showing the slide.
        let web = String::from_utf8(encode_web_state(&st, &[deck()])).unwrap_or_default();
        assert!(web.contains(r#""screen":"none""#), "{web}");
    }

    #[test]
    fn apply_clamps_hostile_states() {
        let d = public_deck(&deck());
        let mut fol = App::new(d, 5);
        let hostile = ViewState {
            title: "x".into(),
            slides: 999,
            slide: usize::MAX,
            slide_id: "nope".into(),
            step: usize::MAX,
            overlay: Screen::ContentNote,
            panel: PanelMode::Shown,
            panel_shown: Some(true),
            panel_cursor: Some(usize::MAX),
            case: Some(CaseState {
                items: [(usize::MAX, usize::MAX), (0, 0)].into_iter().collect(),
                flags: [usize::MAX].into_iter().collect(),
                revealed: true,
            }),
            framework: usize::MAX,
            answer: Some(Answer {
                items: vec![(usize::MAX, 3)],
                flags: vec![usize::MAX],
                ..Answer::default()
            }),
            timers: vec![PromptTimer {
                prompt: usize::MAX,
                timer: Timer {
                    total_ms: u64::MAX,
                    used_ms: u64::MAX,
                    running_since: Some(u64::MAX),
                },
            }],
            started_ms: u64::MAX,
            now_ms: 0,
            join_url: Some("\u{1b}[2Jhttp://x/".into()),
            room: None,
        };
        apply(&hostile, &mut fol);
        assert_eq!(fol.join_url.as_deref(), Some("http://x/"));
        assert_eq!(fol.slide, 2);
        assert!(fol.step < fol.current().step_count());
        assert_eq!(fol.case().map(|c| c.items.len()), Some(1));
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 120, 40));
        crate::present::ui::draw(
            &fol,
            &crate::present::ui::View::default(),
            buf.area,
            &mut buf,
        );
        let mut line = encode_state(&hostile);
        // Times are clamped on decode too.
        if let Ok(Incoming::State(s)) = decode(&line) {
            assert!(s.timers[0].timer.total_ms <= TIME_MAX);
        } else {
            panic!("state should decode");
        }
        line.truncate(10);
        assert!(decode(&line).is_err());
    }

    #[test]
    fn the_room_reaches_the_audience_only_as_chosen() {
        use crate::present::app::RoomOp;
        use crate::present::app::room::{Input, Vote};
        let mut app = App::new(deck(), 1_000);
        update(&mut app, &Action::GoTo { slide: 2 }, 1_000);
        // Closed and nothing shown: no room at all (the line is what it was before rooms).
        let st = ViewState::from_app(&app);
        assert_eq!(st.room, None);
        assert!(!String::from_utf8_lossy(&encode_state(&st)).contains("room"));
        let url = "http://10.0.0.2:7878/".to_owned();
        update(&mut app, &Action::Sharing { url }, 1_000);
        let room = |op| Action::Room { op };
        update(
            &mut app,
            &room(RoomOp::Open {
                code: "QQ77".into(),
            }),
            1_000,
        );
        let input = Input::Vote {
            slide_id: "case".into(),
            vote: Vote::Trafficking,
        };
        let from = |p: &str| RoomOp::Input {
            participant: p.into(),
            code: "QQ77".into(),
            input: input.clone(),
        };
        update(&mut app, &room(from("abcd")), 1_000);
        assert_eq!(app.room.last, Some(Ok(())));
        let st = ViewState::from_app(&app);
        let r = st.room.clone().unwrap_or_default();
        assert!(r.open && r.case && !r.respond && r.totals.is_none());
        let line = String::from_utf8_lossy(&encode_state(&st)).into_owned();
        let web = String::from_utf8_lossy(&encode_web_state(&st, &[deck()])).into_owned();
        for text in [&line, &web] {
            assert!(!text.contains("QQ77") && !text.contains("abcd"), "{text}");
            assert!(!text.contains("\"totals\":{"), "{text}");
        }
        assert!(
            web.contains("\"room_rows\":[{\"row\":{\"Item\":[0,0]}"),
            "{web}"
        );
        update(&mut app, &room(RoomOp::ToggleTotals), 1_000);
        let st = ViewState::from_app(&app);
        assert_eq!(
            st.room
                .as_ref()
                .and_then(|r| r.totals.as_ref())
                .map(|t| t.trafficking),
            Some(1)
        );
        // Followers read it back; an older presenter's line (no room) still decodes.
        match decode(&encode_state(&st)) {
            Ok(Incoming::State(back)) => assert_eq!(back.room, st.room),
            other => panic!("{other:?}"),
        }
        let mut old = st.clone();
        old.room = None;
        let old_line = encode_state(&old);
        assert!(matches!(decode(&old_line), Ok(Incoming::State(s)) if s.room.is_none()));
        // A hostile presenter's room text is cleaned on decode.
        let mut hostile = st.clone();
        hostile.room = Some(RoomView {
            on_screen: Some("\u{1b}[2Jhi\u{7}".into()),
            ..RoomView::default()
        });
        match decode(&encode_state(&hostile)) {
            Ok(Incoming::State(back)) => {
                assert_eq!(back.room.and_then(|r| r.on_screen).as_deref(), Some("hi"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_break_reaches_followers_and_phones_as_a_break() {
        let text = DECK.replacen(
            "text = \"Discuss?\"",
            "kind = \"break\"\ntext = \"Back soon\"",
            1,
        );
        let d = crate::deck::load_str(&text).expect("loads").deck;
        // The terminal follower's deck keeps the kind.
        match decode(&encode_deck(&d)) {
            Ok(Incoming::Deck(got)) => {
                assert_eq!(got.slides[1].prompts()[0].kind, PromptKind::Break);
            }
            other => panic!("{other:?}"),
        }
        // The phone's state says `break` for it, `discuss` otherwise.
        let mut app = App::new(d.clone(), 1_000);
        update(&mut app, &Action::GoTo { slide: 1 }, 1_000);
        update(&mut app, &Action::Next, 1_000);
        let web = String::from_utf8_lossy(&encode_web_state(&ViewState::from_app(&app), &[d]))
            .into_owned();
        assert!(
            web.contains("\"prompts\":[{\"kind\":\"break\",\"text\":\"Back soon\""),
            "{web}"
        );
        let mut app = App::new(deck(), 1_000);
        update(&mut app, &Action::GoTo { slide: 1 }, 1_000);
        update(&mut app, &Action::Next, 1_000);
        let web = String::from_utf8_lossy(&encode_web_state(&ViewState::from_app(&app), &[deck()]))
            .into_owned();
        assert!(
            web.contains("{\"kind\":\"discuss\",\"text\":\"Discuss?\""),
            "{web}"
        );
    }

    #[test]
    fn decode_sanitises_and_refuses() {
        let mut d = deck();
        d.slides[0].title = "evil\u{1b}[2J title\u{202e}".into();
        d.slides[0].notes = Some("leak".into());
        let line = encode_deck(&d);
        match decode(&line) {
            Ok(Incoming::Deck(got)) => {
                assert_eq!(got.slides[0].title, "evil title");
                assert!(got.slides[0].notes.is_none());
            }
            other => panic!("{other:?}"),
        }
        d.slides.clear();
        assert_eq!(decode(&encode_deck(&d)), Err(WireError::EmptyDeck));
        assert_eq!(
            decode(br#"{"v":2,"type":"deck"}"#),
            Err(WireError::Version(2))
        );
        assert_eq!(decode(br#"{"v":1,"type":"future"}"#), Ok(Incoming::Other));
        assert_eq!(decode(&encode_bye()), Ok(Incoming::Bye));
        assert_eq!(decode(&encode_ping()), Ok(Incoming::Ping));
        assert_eq!(
            decode(&encode_busy("full\u{7}")),
            Ok(Incoming::Busy("full".into()))
        );
        assert!(matches!(
            decode(b"\xff\xfe garbage"),
            Err(WireError::Malformed(_))
        ));
        assert!(decode(b"").is_err());
    }

    #[test]
    fn hello() {
        assert_eq!(parse_hello(&hello_line()), Some(VERSION));
        assert_eq!(parse_hello(b"{\"hello\":\"other\",\"v\":1}\n"), None);
        assert_eq!(parse_hello(b"GET / HTTP/1.1\r\n"), None);
    }

    #[test]
    fn read_line_is_bounded() {
        let mut out = Vec::new();
        let mut r = io::BufReader::with_capacity(4, &b"ab\ncdefghij\nk"[..]);
        assert_eq!(read_line(&mut r, 8, &mut out).ok(), Some(LineRead::Line));
        assert_eq!(out, b"ab\n");
        assert_eq!(read_line(&mut r, 8, &mut out).ok(), Some(LineRead::TooLong));
        assert_eq!(out.len(), 8);
        let mut r = io::BufReader::new(&b"xyz"[..]);
        assert_eq!(read_line(&mut r, 8, &mut out).ok(), Some(LineRead::Eof));
        assert_eq!(out, b"xyz");
        // Exactly max with the newline fits.
        let mut r = io::BufReader::new(&b"1234567\n"[..]);
        assert_eq!(read_line(&mut r, 8, &mut out).ok(), Some(LineRead::Line));
    }

    proptest::proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = decode(&bytes);
            let _ = parse_hello(&bytes);
        }
    }
}
