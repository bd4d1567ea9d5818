//! Application state and the one place it changes: [`update`].
//!
//! `update(&mut App, &Action, now)` is pure: no I/O, no clock reads (time is passed in as
//! milliseconds since the Unix epoch). The presenter's run loop, journal replay, the follower and
//! the tests all drive the same function, so a recorded list of actions rebuilds the exact state.
//! Keys become actions in [`resolve`], through the table in [`keymap`].

pub mod keymap;
pub mod pacing;
pub mod room;

use crate::deck::checklist::{self, CaseState};
use crate::deck::{Deck, PromptKind, Slide};
use keymap::{Command, Context, Key};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Milliseconds since the Unix epoch (injected; never read inside `update`).
pub type Millis = u64;

/// Everything that can change the state. Serialisable: the session journal records these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Reveal the next step, else go to the next slide.
    Next,
    /// Back one step, else to the previous slide (fully revealed).
    Prev,
    First,
    Last,
    /// Go to a slide (0-based), first step.
    GoTo {
        slide: usize,
    },
    /// A digit typed towards "digits then Enter".
    Digit {
        digit: u8,
    },
    Open {
        overlay: OverlayKind,
    },
    /// Close the overlay, or return focus to the slide.
    Close,
    /// Move in the current list (overview, search results) or the checklist.
    Move {
        delta: i32,
    },
    /// Pick the selected entry of the current list.
    Pick,
    /// Edit the search query.
    SearchInput {
        text: String,
    },
    SearchBackspace,
    /// Show/hide the checklist panel.
    ToggleChecklist,
    /// Move focus between the slide and the checklist.
    Focus,
    /// Tick or untick row `row` of the checklist on the current slide.
    Tick {
        row: usize,
    },
    CycleFramework,
    ToggleAnswer,
    /// Start or pause the timer of the current prompt.
    ToggleTimer,
    /// Open the one-line note input on the current slide.
    StartNote,
    /// Edit the note being typed.
    NoteInput {
        text: String,
    },
    NoteBackspace,
    /// Save the note being typed (Enter); Esc (`Close`) cancels it.
    SaveNote,
    /// The deck file was saved and loaded again: show it at the same slide (matched by id).
    /// Also how the whole deck replaces its beginning (see [`App::beginning`]).
    Reload {
        deck: std::sync::Arc<Deck>,
    },
    /// The deck file was saved but does not load: keep the last good deck, show this line.
    ReloadFailed {
        error: String,
    },
    /// Whether the session journal is recording (shown in the status line).
    SetRecording {
        recording: Recording,
    },
    /// A message for the status line until the next key (e.g. what a resume could not map).
    Notice {
        text: String,
    },
    /// The terminal changed size.
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passed (redraw the clock); changes nothing else.
    Clock,
    /// Scroll the presenter console's speaker notes (lines; reset on every new slide).
    ScrollNotes {
        delta: i32,
    },
    /// The session is shared: the address participants' phones open (shown by
    /// [`OverlayKind::Join`] on the audience screen).
    Sharing {
        url: String,
    },
    /// The room's participation (issue 17): a participant's input, or the facilitator's
    /// moderation (keys, the remote), or what the journal recorded of the room.
    Room {
        op: RoomOp,
    },
    /// `q` while recording past the first slide: ask once more in the status line.
    AskQuit,
    /// A key other than `q` after [`Action::AskQuit`]: keep presenting.
    CancelQuit,
    Quit,
}

/// What changes the room's participation ([`room::Room`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RoomOp {
    /// Accept input with this join code (random: chosen outside `update`).
    Open {
        code: String,
    },
    Close,
    /// Forget every tick, vote and response.
    Clear,
    /// A participant's input, from their page (token and the join code they typed).
    Input {
        participant: String,
        code: String,
        input: room::Input,
    },
    /// Show or hide the current case's totals on the audience screen.
    ToggleTotals,
    /// Move in the response queue.
    Move {
        delta: i32,
    },
    /// Put the selected response on the audience screen, or take it down.
    ToggleOnScreen,
    /// Mark the selected response kept (the journal records it), or not.
    ToggleKept,
    /// What the journal records of the room: a case's totals (no participant in them). Live,
    /// the run loop records these a few seconds after input arrives and when the slide
    /// changes; replay and resume rebuild the room's numbers from them.
    Totals {
        slide_id: String,
        totals: room::Totals,
    },
    /// What the journal records of a response the facilitator kept (or un-kept): its text,
    /// slide and time, no participant. Replay rebuilds the kept responses from these.
    Kept {
        response: room::Response,
    },
    /// Select the response with this id in the queue (the facilitator's phone names responses
    /// by id; nothing changes when it is gone).
    Select {
        id: u64,
    },
}

/// Full-screen overlays. One at a time; an enum, not a set of booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlayKind {
    Help,
    Overview,
    Search,
    Blank,
    Support,
    ContentNote,
    /// The running prompt timer, full screen in large digits (any key returns).
    Countdown,
    /// The phones' address and a large QR code on the audience screen, so the room can join.
    Join,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    /// The current prompt's timer in large digits for the back row; any key returns.
    Countdown,
    /// The key help, scrolled by `scroll` lines on small screens.
    Help {
        scroll: u16,
    },
    ContentNote,
    Blank,
    Support,
    Overview {
        cursor: usize,
    },
    Search {
        query: String,
        results: Vec<usize>,
        cursor: usize,
    },
    /// The one-line note input (the slide stays visible above it).
    Note {
        text: String,
    },
    /// The phones' address and its QR code, large, for the room to scan.
    Join,
}

/// A note captured during the session: what the group said, on which slide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub slide_id: String,
    /// When it was saved (ms since the epoch).
    pub at: Millis,
    pub text: String,
}

/// The longest note, in characters (one line of input).
pub const MAX_NOTE_CHARS: usize = 500;

/// The state of the session journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recording {
    #[default]
    Off,
    On,
    /// A write failed: the facilitator must know the record is incomplete.
    Failed,
}

/// Whether the checklist panel shows on the current slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelVis {
    /// Case slides show it beside the slide when there is room; never as an overlay uninvited.
    Auto,
    Shown,
    Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Slide,
    Panel,
}

/// A prompt's countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    pub total_ms: u64,
    /// Time counted before the current run.
    pub used_ms: u64,
    /// When the current run started, if running.
    pub running_since: Option<Millis>,
}

/// How a timer should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerPhase {
    Running,
    /// 20% or less left.
    Low,
    /// Zero reached; counting overtime.
    Over,
}

impl Timer {
    pub fn new(minutes: f64) -> Self {
        Timer {
            total_ms: (minutes.max(0.0) * 60_000.0) as u64,
            used_ms: 0,
            running_since: None,
        }
    }

    pub fn elapsed(&self, now: Millis) -> u64 {
        self.used_ms
            .saturating_add(self.running_since.map_or(0, |s| now.saturating_sub(s)))
    }

    /// Milliseconds left; negative in overtime. Saturates rather than overflowing on absurd
    /// clocks (a corrupted journal must not crash a replay).
    pub fn remaining(&self, now: Millis) -> i64 {
        let left = i128::from(self.total_ms) - i128::from(self.elapsed(now));
        i64::try_from(left).unwrap_or(if left < 0 { i64::MIN } else { i64::MAX })
    }

    pub fn running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn phase(&self, now: Millis) -> TimerPhase {
        let left = self.remaining(now);
        if left <= 0 {
            TimerPhase::Over
        } else if left.unsigned_abs().saturating_mul(5) <= self.total_ms {
            TimerPhase::Low
        } else {
            TimerPhase::Running
        }
    }

    fn toggle(&mut self, now: Millis) {
        match self.running_since.take() {
            Some(since) => self.used_ms = self.used_ms.saturating_add(now.saturating_sub(since)),
            None => self.running_since = Some(now),
        }
    }
}

/// Format milliseconds as `m:ss` (or `h:mm:ss`); negative values get a leading `+` meaning
/// overtime is shown by the caller.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The whole presenter state.
#[derive(Debug, Clone)]
pub struct App {
    /// Shared, not copied: a clone of the state (a frame prepared ahead, a replay) shares it.
    pub deck: std::sync::Arc<Deck>,
    /// Current slide (0-based) and reveal step.
    pub slide: usize,
    pub step: usize,
    pub overlay: Overlay,
    /// Digits typed towards a jump.
    pub digits: String,
    pub started: Millis,
    pub now: Millis,
    /// Terminal size, as last reported.
    pub size: (u16, u16),
    /// Checklist state per case slide, by slide id (so it survives reloads and resumes).
    pub cases: BTreeMap<String, CaseState>,
    pub framework: usize,
    pub panel: PanelVis,
    pub focus: Focus,
    /// Selected checklist row when the panel has focus.
    pub cursor: usize,
    /// Prompt timers by (slide id, prompt index).
    pub timers: BTreeMap<(String, usize), Timer>,
    /// Notes captured this session, in order.
    pub notes: Vec<Note>,
    /// A one-line message for the status line, cleared by the next action.
    pub flash: Option<Flash>,
    /// The last failed reload (`file:line:col: message`), until the next good one.
    pub reload_error: Option<String>,
    /// A message shown until the next key.
    pub notice: Option<String>,
    pub recording: Recording,
    /// `q` was pressed once: the status line asks to press it again (any other key cancels).
    pub confirm_quit: bool,
    /// Lines the console's speaker notes are scrolled by (0 on every new slide).
    pub notes_scroll: u16,
    pub quit: bool,
    /// The key table keys resolve through (the built-in one, or remapped by the config file);
    /// the help overlay lists the same table.
    pub keys: Vec<crate::present::settings::OwnedBinding>,
    /// Lower-cased searchable text per slide, built by the first search (about as large as the
    /// deck's text: a deck that is never searched never pays for it).
    search_text: std::sync::OnceLock<Vec<String>>,
    /// Bumped by every reload: lets the share notice a new deck without comparing decks.
    pub deck_generation: u64,
    /// The address participants' phones open, once the session is shared.
    pub join_url: Option<String>,
    /// The room's participation: ticks, votes and responses from phones.
    pub room: room::Room,
    /// A large deck's first slides are presented while the rest is read: the number of slides
    /// the deck has in all, until the whole deck arrives (a [`Action::Reload`]).
    reading: Option<usize>,
}

/// Messages shown briefly in the status line (codes: the words are in `crate::words`).
pub use crate::words::strings::Flash;

/// The width from which the checklist sits beside the slide rather than over it.
pub const PANEL_SIDE_MIN_WIDTH: u16 = 100;

impl App {
    pub fn new(deck: Deck, now: Millis) -> Self {
        let search_text = std::sync::OnceLock::new();
        App {
            deck: std::sync::Arc::new(deck),
            slide: 0,
            step: 0,
            overlay: Overlay::None,
            digits: String::new(),
            started: now,
            now,
            size: (80, 24),
            cases: BTreeMap::new(),
            framework: 0,
            panel: PanelVis::Auto,
            focus: Focus::Slide,
            cursor: 0,
            timers: BTreeMap::new(),
            notes: Vec::new(),
            flash: None,
            reload_error: None,
            notice: None,
            recording: Recording::Off,
            confirm_quit: false,
            notes_scroll: 0,
            quit: false,
            keys: crate::present::settings::apply(&[]),
            search_text,
            deck_generation: 0,
            join_url: None,
            room: room::Room::default(),
            reading: None,
        }
    }

    /// A session on the beginning of a deck (its head and first slides) while the rest is
    /// read: the status line counts all `slides`, and the whole deck comes as a
    /// [`Action::Reload`], in place.
    pub fn beginning(deck: Deck, slides: usize, now: Millis) -> Self {
        let mut app = App::new(deck, now);
        app.reading = (slides > app.deck.slides.len()).then_some(slides);
        app
    }

    /// The rest of the deck is still being read (see [`App::beginning`]).
    pub fn reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The number of slides the deck has (all of them while the rest is read).
    pub fn slide_count(&self) -> usize {
        self.reading.unwrap_or(self.deck.slides.len())
    }

    pub fn current(&self) -> &Slide {
        // `slide` is kept in range by `update`; a deck always has a slide (the loader checks).
        &self.deck.slides[self.slide.min(self.deck.slides.len().saturating_sub(1))]
    }

    pub fn elapsed(&self) -> u64 {
        self.now.saturating_sub(self.started)
    }

    /// When the session clock (the status line's whole seconds since `started`) next changes,
    /// seen at `now`: the loop's clock wakes then, and a frame drawn ahead holds until then.
    pub fn next_second(&self, now: Millis) -> Millis {
        let since = now.max(self.started).saturating_sub(self.started);
        self.started.saturating_add((since / 1000 + 1) * 1000)
    }

    /// The checklist state of the current slide (empty if none yet).
    pub fn case(&self) -> Option<&CaseState> {
        self.cases.get(self.current().id.as_str())
    }

    /// Whether the checklist panel is visible now, and whether beside the slide (`true`) or as
    /// an overlay (`false`).
    pub fn panel_shown(&self) -> Option<bool> {
        let slide = self.current();
        if self.deck.checklist.is_none() || !slide.checklist {
            return None;
        }
        let side = self.size.0 >= PANEL_SIDE_MIN_WIDTH;
        match self.panel {
            PanelVis::Auto if side => Some(true),
            PanelVis::Auto => None,
            PanelVis::Shown => Some(side),
            PanelVis::Hidden => None,
        }
    }

    /// The index of the last visible prompt on the current slide, if any.
    pub fn current_prompt(&self) -> Option<usize> {
        self.current().visible(self.step).prompts.checked_sub(1)
    }

    /// The timer of the current prompt.
    pub fn current_timer(&self) -> Option<&Timer> {
        let p = self.current_prompt()?;
        self.timers.get(&(self.current().id.to_string(), p))
    }

    /// The current prompt's timer, else a running timer of another prompt on this slide (for
    /// the status line when the prompt scrolled away). Timers belong to their prompt: a timer of
    /// another slide never shows (leaving a slide pauses its timers).
    pub fn running_timer(&self) -> Option<&Timer> {
        self.running_prompt_timer().map(|(_, t)| t)
    }

    /// [`running_timer`](Self::running_timer) with the kind of the prompt it belongs to, so
    /// a break's timer is labelled as a break wherever it shows (a discussion when the prompt
    /// is gone from the deck).
    pub fn running_prompt_timer(&self) -> Option<(PromptKind, &Timer)> {
        let s = self.current();
        let kind = |p: usize| s.prompts().get(p).map_or(PromptKind::Discuss, |p| p.kind);
        if let Some(p) = self.current_prompt()
            && let Some(t) = self.timers.get(&(s.id.to_string(), p))
        {
            return Some((kind(p), t));
        }
        self.timers
            .iter()
            .find(|((sid, _), t)| *sid == s.id && t.running())
            .map(|((_, p), t)| (kind(*p), t))
    }

    /// Pause every running timer at `now`; true when one was running.
    fn pause_timers(&mut self, now: Millis) -> bool {
        let mut any = false;
        for t in self.timers.values_mut().filter(|t| t.running()) {
            t.toggle(now);
            any = true;
        }
        any
    }

    /// The context keys are resolved in.
    pub fn key_context(&self) -> Context {
        match self.overlay {
            Overlay::Overview { .. } | Overlay::Search { .. } => Context::List,
            Overlay::Help { .. } => Context::Help,
            _ if self.focus == Focus::Panel && self.panel_shown().is_some() => Context::Panel,
            _ => Context::Slide,
        }
    }

    fn go_to(&mut self, slide: usize, step: usize) {
        let last = self.deck.slides.len().saturating_sub(1);
        let slide = slide.min(last);
        if slide != self.slide {
            // Timers belong to their prompt: leaving the slide pauses them (`t` on its return
            // goes on from where it stopped).
            self.pause_timers(self.now);
            self.notes_scroll = 0;
            self.panel = PanelVis::Auto;
            self.focus = Focus::Slide;
            self.cursor = 0;
        }
        self.slide = slide;
        self.step = step.min(self.deck.slides[slide].step_count() - 1);
    }

    /// Swap in a new version of the deck, keeping the place by slide id (else by index).
    fn reload(&mut self, deck: std::sync::Arc<Deck>) {
        if deck.slides.is_empty() {
            return;
        }
        let id = self.current().id.clone();
        let slide = deck
            .position(&id)
            .unwrap_or(self.slide.min(deck.slides.len() - 1));
        let frameworks = deck.checklist.as_ref().map_or(0, |c| c.frameworks.len());
        self.search_text = std::sync::OnceLock::new();
        self.reading = None;
        self.deck = deck;
        self.deck_generation = self.deck_generation.wrapping_add(1);
        self.slide = slide;
        self.step = self.step.min(self.deck.slides[slide].step_count() - 1);
        if self.framework >= frameworks {
            self.framework = 0;
        }
        if let Some(cl) = &self.deck.checklist {
            let rows = checklist::rows_for(cl, self.framework).len();
            self.cursor = self.cursor.min(rows.saturating_sub(1));
            for case in self.cases.values_mut() {
                case.retain_valid(cl);
            }
        }
        if matches!(
            self.overlay,
            Overlay::Overview { .. } | Overlay::Search { .. }
        ) {
            self.overlay = Overlay::None;
        }
        self.reload_error = None;
    }

    fn search(&self, query: &str) -> Vec<usize> {
        let q = query.to_lowercase();
        if q.trim().is_empty() {
            return Vec::new();
        }
        self.search_text
            .get_or_init(|| self.deck.slides.iter().map(searchable).collect())
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains(&q))
            .map(|(i, _)| i)
            .collect()
    }
}

/// All visible text of a slide, lower-cased (speaker notes excluded: search shows on screen).
fn searchable(s: &Slide) -> String {
    let mut t = String::new();
    let mut add = |x: &str| {
        t.push_str(&x.to_lowercase());
        t.push('\n');
    };
    add(&s.title);
    s.subtitle().map(&mut add);
    s.section.as_deref().map(&mut add);
    s.body.iter().for_each(|p| add(p));
    for b in s
        .bullets
        .iter()
        .chain(s.columns().iter().flat_map(|c| &c.bullets))
    {
        add(&b.text);
        b.children.iter().for_each(|c| add(c));
    }
    s.columns().iter().for_each(|c| add(&c.heading));
    if let Some(c) = s.callout() {
        add(&c.text);
    }
    for p in s.prompts() {
        add(&p.text);
        p.follow_ups.iter().for_each(|f| add(f));
    }
    t
}

/// Apply one action. Pure: the only inputs are the state, the action and `now`.
pub fn update(app: &mut App, action: &Action, now: Millis) {
    app.now = now.max(app.started);
    if !matches!(
        action,
        Action::Clock
            | Action::Resize { .. }
            | Action::Reload { .. }
            | Action::ReloadFailed { .. }
            | Action::SetRecording { .. }
            | Action::Notice { .. }
            | Action::Sharing { .. }
            | Action::Room {
                op: RoomOp::Input { .. }
            }
    ) {
        app.flash = None;
        app.notice = None;
        app.confirm_quit = false;
        if !matches!(action, Action::Digit { .. }) {
            app.digits.clear();
        }
    }
    let n = app.deck.slides.len();
    if n == 0 {
        app.quit |= matches!(action, Action::Quit);
        return;
    }
    match action {
        Action::Next => {
            if app.step + 1 < app.current().step_count() {
                app.step += 1;
            } else if app.slide + 1 < n {
                app.go_to(app.slide + 1, 0);
            }
        }
        Action::Prev => {
            if app.step > 0 {
                app.step -= 1;
            } else if app.slide > 0 {
                app.go_to(app.slide - 1, usize::MAX);
            }
        }
        Action::First => app.go_to(0, 0),
        Action::Last => app.go_to(n - 1, 0),
        Action::GoTo { slide } => {
            if *slide < n {
                app.go_to(*slide, 0);
            } else {
                app.flash = Some(Flash::NoSuchSlide);
            }
            app.overlay = Overlay::None;
        }
        Action::Digit { digit } => {
            if app.digits.len() < 9 && *digit < 10 {
                app.digits.push(char::from(b'0' + digit));
            }
        }
        Action::Open { overlay } => {
            app.overlay = match overlay {
                OverlayKind::Help => Overlay::Help { scroll: 0 },
                OverlayKind::Blank => Overlay::Blank,
                OverlayKind::Support => Overlay::Support,
                OverlayKind::ContentNote => {
                    if app.deck.meta.content_note.is_some() {
                        Overlay::ContentNote
                    } else {
                        app.flash = Some(Flash::NoContentNote);
                        Overlay::None
                    }
                }
                OverlayKind::Countdown => {
                    if app.running_timer().is_some() {
                        Overlay::Countdown
                    } else {
                        app.flash = Some(Flash::NoTimer);
                        Overlay::None
                    }
                }
                OverlayKind::Join => {
                    if app.join_url.is_some() {
                        Overlay::Join
                    } else {
                        app.flash = Some(Flash::NotSharing);
                        Overlay::None
                    }
                }
                OverlayKind::Overview => Overlay::Overview { cursor: app.slide },
                OverlayKind::Search => Overlay::Search {
                    query: String::new(),
                    results: Vec::new(),
                    cursor: 0,
                },
            }
        }
        Action::Close => {
            if app.overlay != Overlay::None {
                app.overlay = Overlay::None;
            } else if app.focus == Focus::Panel {
                app.focus = Focus::Slide;
                if app.size.0 < PANEL_SIDE_MIN_WIDTH {
                    app.panel = PanelVis::Hidden;
                }
            }
        }
        Action::Move { delta } => match &mut app.overlay {
            Overlay::Help { scroll } => {
                *scroll = u16::try_from((i64::from(*scroll) + i64::from(*delta)).clamp(0, 500))
                    .unwrap_or(0);
            }
            Overlay::Overview { cursor } => *cursor = step_index(*cursor, *delta, n),
            Overlay::Search {
                results, cursor, ..
            } => *cursor = step_index(*cursor, *delta, results.len()),
            _ => {
                if let Some(cl) = &app.deck.checklist {
                    app.cursor = step_index(
                        app.cursor,
                        *delta,
                        checklist::rows_for(cl, app.framework).len(),
                    );
                }
            }
        },
        Action::Pick => {
            let target = match &app.overlay {
                Overlay::Overview { cursor } => Some(*cursor),
                Overlay::Search {
                    results, cursor, ..
                } => results.get(*cursor).copied(),
                _ => None,
            };
            app.overlay = Overlay::None;
            if let Some(t) = target {
                app.go_to(t, 0);
            }
        }
        Action::SearchInput { text } => {
            if let Overlay::Search { query, .. } = &app.overlay {
                let mut q = query.clone();
                q.extend(text.chars().filter(|c| !c.is_control()));
                let results = app.search(&q);
                app.overlay = Overlay::Search {
                    query: q,
                    results,
                    cursor: 0,
                };
            }
        }
        Action::SearchBackspace => {
            if let Overlay::Search { query, .. } = &app.overlay {
                let mut q = query.clone();
                q.pop();
                let results = app.search(&q);
                app.overlay = Overlay::Search {
                    query: q,
                    results,
                    cursor: 0,
                };
            }
        }
        Action::ToggleChecklist => {
            if app.deck.checklist.is_none() || !app.current().checklist {
                app.flash = Some(Flash::NoChecklist);
            } else {
                let shown = app.panel_shown().is_some();
                app.panel = if shown {
                    PanelVis::Hidden
                } else {
                    PanelVis::Shown
                };
                if shown {
                    app.focus = Focus::Slide;
                } else if app.size.0 < PANEL_SIDE_MIN_WIDTH {
                    // As an overlay, the panel takes the keys at once.
                    app.focus = Focus::Panel;
                }
            }
        }
        Action::Focus => {
            if app.focus == Focus::Panel {
                // Full screen (narrow), the checklist keeps the focus: Tab "moves into it" as
                // the README says, and never closes it under the facilitator; Esc or `c` do.
                if app.size.0 >= PANEL_SIDE_MIN_WIDTH || app.panel_shown().is_none() {
                    app.focus = Focus::Slide;
                }
            } else if app.deck.checklist.is_some() && app.current().checklist {
                if app.panel_shown().is_none() {
                    app.panel = PanelVis::Shown;
                }
                app.focus = Focus::Panel;
            } else {
                app.flash = Some(Flash::NoChecklist);
            }
        }
        Action::Tick { row } => {
            let Some(cl) = &app.deck.checklist else {
                return;
            };
            if !app.current().checklist {
                return;
            }
            if let Some(r) = checklist::rows_for(cl, app.framework).get(*row).copied() {
                let id = app.current().id.to_string();
                app.cases.entry(id).or_default().toggle(r);
                app.cursor = *row;
            }
        }
        Action::CycleFramework => match &app.deck.checklist {
            Some(cl) if !cl.frameworks.is_empty() => {
                let next = (app.framework + 1) % cl.frameworks.len();
                app.cursor = checklist::cursor_after_switch(cl, app.framework, next, app.cursor);
                app.framework = next;
            }
            _ => app.flash = Some(Flash::NoChecklist),
        },
        Action::ToggleAnswer => {
            if app.current().answer().is_some() {
                let id = app.current().id.to_string();
                let case = app.cases.entry(id).or_default();
                case.revealed = !case.revealed;
                if app.panel_shown().is_none() {
                    app.panel = PanelVis::Shown;
                }
            } else {
                app.flash = Some(Flash::NoAnswer);
            }
        }
        Action::ToggleTimer => {
            if app.current_prompt().is_none() {
                if app.current().prompts().is_empty() {
                    app.flash = Some(Flash::NoPrompt);
                    return;
                }
                // Reveal the first prompt, then start its timer.
                let first = (0..app.current().step_count())
                    .find(|&s| app.current().visible(s).prompts > 0)
                    .unwrap_or(0);
                app.step = first;
            }
            let Some(p) = app.current_prompt() else {
                return;
            };
            let Some(minutes) = app.current().prompts()[p].minutes else {
                app.flash = Some(Flash::PromptHasNoMinutes);
                return;
            };
            let key = (app.current().id.to_string(), p);
            let starting = !app.timers.get(&key).is_some_and(Timer::running);
            // One timer runs at a time, and `t` on another prompt never silently replaces a
            // running one: it pauses it and says so.
            if starting && app.pause_timers(now) {
                app.flash = Some(Flash::OtherTimerPaused);
            }
            app.timers
                .entry(key)
                .or_insert_with(|| Timer::new(minutes))
                .toggle(now);
        }
        Action::StartNote => {
            app.overlay = Overlay::Note {
                text: String::new(),
            };
        }
        Action::NoteInput { text } => {
            if let Overlay::Note { text: current } = &mut app.overlay {
                for c in text.chars().filter(|c| !c.is_control()) {
                    if current.chars().count() < MAX_NOTE_CHARS {
                        current.push(c);
                    }
                }
            }
        }
        Action::NoteBackspace => {
            if let Overlay::Note { text } = &mut app.overlay {
                text.pop();
            }
        }
        Action::SaveNote => {
            if let Overlay::Note { text } = &app.overlay {
                let text = crate::deck::sanitize::clean_line(text).trim().to_owned();
                if !text.is_empty() {
                    app.notes.push(Note {
                        slide_id: app.current().id.to_string(),
                        at: app.now,
                        text,
                    });
                    app.flash = Some(Flash::NoteSaved);
                }
            }
            app.overlay = Overlay::None;
        }
        Action::Reload { deck } => app.reload(std::sync::Arc::clone(deck)),
        Action::ReloadFailed { error } => {
            app.reload_error = Some(crate::deck::sanitize::clean_line(error));
        }
        Action::SetRecording { recording } => app.recording = *recording,
        Action::Notice { text } => app.notice = Some(crate::deck::sanitize::clean_line(text)),
        Action::Resize { width, height } => app.size = (*width, *height),
        Action::Clock | Action::CancelQuit => {}
        Action::AskQuit => app.confirm_quit = true,
        Action::Room { op } => apply_room(app, op, now),
        Action::Sharing { url } => app.join_url = Some(crate::deck::sanitize::clean_line(url)),
        Action::ScrollNotes { delta } => {
            app.notes_scroll =
                u16::try_from((i64::from(app.notes_scroll) + i64::from(*delta)).clamp(0, 1000))
                    .unwrap_or(0);
        }
        Action::Quit => app.quit = true,
    }
}

fn apply_room(app: &mut App, op: &RoomOp, now: Millis) {
    let r = &mut app.room;
    match op {
        // Phones reach the room only through a share: opening without one would only mislead.
        RoomOp::Open { .. } if app.join_url.is_none() => app.flash = Some(Flash::NotSharing),
        RoomOp::Open { code } if code.is_empty() => {}
        RoomOp::Open { code } => r.open(code),
        RoomOp::Close => r.close(),
        // Clearing while the room still sends would leave half a count: close first.
        RoomOp::Clear if r.open => app.flash = Some(Flash::CloseRoomFirst),
        RoomOp::Clear => r.clear(),
        RoomOp::ToggleTotals => r.show_totals = !r.show_totals,
        RoomOp::Move { delta } => r.move_cursor(*delta),
        RoomOp::ToggleOnScreen => r.toggle_on_screen(),
        RoomOp::ToggleKept => r.toggle_kept(),
        RoomOp::Totals { slide_id, totals } => r.record_totals(slide_id, totals.clone()),
        RoomOp::Kept { response } => r.record_response(response),
        RoomOp::Select { id } => r.select(*id),
        RoomOp::Input {
            participant,
            code,
            input,
        } => {
            let deck = &app.deck;
            // Only the slide on screen takes input: the room answers what it is discussing.
            let current = deck.slides.get(app.slide).map(|s| s.id.as_str());
            let slide = |id: &str| {
                (Some(id) == current)
                    .then(|| deck.position(id).map(|i| &deck.slides[i]))
                    .flatten()
            };
            let cl = deck.checklist.as_ref();
            // Refusals change nothing; the share reads the verdict to answer the page.
            r.last = Some(r.take(
                participant,
                code,
                input,
                now,
                |id| slide(id).is_some_and(|s| s.checklist) && cl.is_some(),
                |id| slide(id).is_some_and(|s| !s.prompts().is_empty()),
                |row| cl.is_some_and(|c| crate::deck::checklist::row_exists(c, row)),
            ));
        }
    }
}

fn step_index(cur: usize, delta: i32, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let next = cur as i64 + i64::from(delta);
    next.clamp(0, len as i64 - 1) as usize
}

/// Turn a key into an action for the current state (the keymap plus context: typed digits,
/// search input, the blank screen's "any key returns").
pub fn resolve(app: &App, key: Key) -> Option<Action> {
    use ratatui::crossterm::event::KeyCode;
    // "Quit? q again": `q` (or Ctrl-C) quits, any other key keeps presenting.
    if app.confirm_quit {
        return Some(match (key.code, key.ctrl) {
            (KeyCode::Char('q' | 'Q'), false) | (KeyCode::Char('c'), true) => Action::Quit,
            _ => Action::CancelQuit,
        });
    }
    // The blank screen and the big countdown: any key returns (Ctrl-C still quits).
    if matches!(app.overlay, Overlay::Blank | Overlay::Countdown) {
        if key.ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        return Some(Action::Close);
    }
    if app.overlay == Overlay::Join {
        return match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => Some(Action::Quit),
            (KeyCode::Esc | KeyCode::Enter, _) => Some(Action::Close),
            _ => match crate::present::settings::lookup(&app.keys, key, Context::Slide) {
                Some(Command::Join | Command::Close) => Some(Action::Close),
                _ => None,
            },
        };
    }
    if matches!(app.overlay, Overlay::Support | Overlay::ContentNote) {
        return match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => Some(Action::Quit),
            (KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('s') | KeyCode::Enter, _) => {
                Some(Action::Close)
            }
            _ => None,
        };
    }
    if let Overlay::Note { .. } = app.overlay {
        return match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => Some(Action::Quit),
            (KeyCode::Char(ch), false) => Some(Action::NoteInput {
                text: ch.to_string(),
            }),
            (KeyCode::Backspace, _) => Some(Action::NoteBackspace),
            (KeyCode::Enter, _) => Some(Action::SaveNote),
            (KeyCode::Esc, _) => Some(Action::Close),
            _ => None,
        };
    }
    if let Overlay::Search { .. } = app.overlay {
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return Some(Action::Quit),
            (KeyCode::Char(ch), false) => {
                return Some(Action::SearchInput {
                    text: ch.to_string(),
                });
            }
            (KeyCode::Backspace, _) => return Some(Action::SearchBackspace),
            (KeyCode::Up, _) => return Some(Action::Move { delta: -1 }),
            (KeyCode::Down, _) => return Some(Action::Move { delta: 1 }),
            _ => {}
        }
    }
    let ctx = app.key_context();
    // Digits then Enter jumps, on the slide.
    if ctx == Context::Slide || ctx == Context::Panel {
        if let (KeyCode::Char(d @ '0'..='9'), false) = (key.code, key.ctrl) {
            return Some(Action::Digit {
                digit: d as u8 - b'0',
            });
        }
        if key.code == KeyCode::Enter && !app.digits.is_empty() {
            // Slide numbers are 1-based on screen; "0" names no slide.
            let n: usize = app.digits.parse().unwrap_or(0);
            let slide = n.checked_sub(1).unwrap_or(usize::MAX);
            return Some(Action::GoTo { slide });
        }
    }
    let lookup = |c| crate::present::settings::lookup(&app.keys, key, c);
    let command = match ctx {
        Context::Panel => lookup(Context::Panel).or_else(|| lookup(Context::Slide)),
        c => lookup(c),
    }?;
    Some(match command {
        Command::Next => Action::Next,
        Command::Prev => Action::Prev,
        Command::First => Action::First,
        Command::Last => Action::Last,
        Command::Overview => Action::Open {
            overlay: OverlayKind::Overview,
        },
        Command::Search => Action::Open {
            overlay: OverlayKind::Search,
        },
        Command::Blank => Action::Open {
            overlay: OverlayKind::Blank,
        },
        Command::Support => Action::Open {
            overlay: OverlayKind::Support,
        },
        Command::Help => Action::Open {
            overlay: OverlayKind::Help,
        },
        Command::ContentNote => Action::Open {
            overlay: OverlayKind::ContentNote,
        },
        Command::Countdown => Action::Open {
            overlay: OverlayKind::Countdown,
        },
        Command::Join => Action::Open {
            overlay: OverlayKind::Join,
        },
        Command::NotesDown => Action::ScrollNotes { delta: 3 },
        Command::NotesUp => Action::ScrollNotes { delta: -3 },
        Command::Checklist => Action::ToggleChecklist,
        Command::Focus => Action::Focus,
        Command::Framework => Action::CycleFramework,
        Command::Answer => Action::ToggleAnswer,
        Command::Timer => Action::ToggleTimer,
        Command::Note => Action::StartNote,
        Command::Room if app.room.open => Action::Room { op: RoomOp::Close },
        // The code is drawn outside `update` (it is random): an empty one is filled by the
        // run loop, which keeps the code the room already has.
        Command::Room => Action::Room {
            op: RoomOp::Open {
                code: app.room.code.clone().unwrap_or_default(),
            },
        },
        Command::RoomTotals => Action::Room {
            op: RoomOp::ToggleTotals,
        },
        Command::ResponsesUp => Action::Room {
            op: RoomOp::Move { delta: -1 },
        },
        Command::ResponsesDown => Action::Room {
            op: RoomOp::Move { delta: 1 },
        },
        Command::ResponseShow => Action::Room {
            op: RoomOp::ToggleOnScreen,
        },
        Command::ResponseKeep => Action::Room {
            op: RoomOp::ToggleKept,
        },
        Command::RoomClear => Action::Room { op: RoomOp::Clear },
        Command::Close => Action::Close,
        // Quitting by accident loses the room's place: past the first slide, while recording,
        // `q` asks once more. Ctrl-C always quits at once.
        Command::Quit if !key.ctrl && app.recording == Recording::On && app.slide > 0 => {
            Action::AskQuit
        }
        Command::Quit => Action::Quit,
        Command::Up => Action::Move { delta: -1 },
        Command::Down => Action::Move { delta: 1 },
        Command::Select => match ctx {
            Context::Panel => Action::Tick { row: app.cursor },
            _ => Action::Pick,
        },
    })
}

#[cfg(test)]
mod tests;
