//! The facilitator's phone (`--remote`): the presenter console on a phone, behind a private
//! URL with a random 128-bit token (`/remote/<token>`).
//!
//! Two things live here, both private to the token-protected endpoints:
//! - [`encode_remote_state`]: what the remote page shows, built from the whole `App` (speaker
//!   notes, the next slide, the timer, pacing, the checklist with its answer key, the room's
//!   totals, join code and responses queue). It is sent **only** on `/remote/<token>/events`;
//!   `share::wire` (everything else) never sees it.
//! - [`RemoteDo`]: the closed set of commands the page may send, each mapped to the `Action`s
//!   a key would give ([`RemoteDo::asks`]), so the remote can do nothing a key cannot.

use super::ask::Ask;
use super::wire::{Screen, VERSION, ViewState};
use crate::deck::checklist::{self, Row};
use crate::present::app::pacing::{self, Pacing};
use crate::present::app::room::Totals;
use crate::present::app::{Action, App, OverlayKind, RoomOp};
use serde::{Deserialize, Serialize};

/// The most responses the remote state carries (the newest; the one on screen always).
pub const REMOTE_RESPONSES: usize = 100;

/// What the remote page may ask, as JSON `{"do":"next"}`, `{"do":"tick","row":3}`….
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum RemoteDo {
    Next,
    Prev,
    /// Blank the audience screen (`close` brings it back).
    Blank,
    /// The support resources on the audience screen.
    Support,
    /// Close what is over the slide (blank, support…).
    Close,
    /// Start or pause the current prompt's timer.
    Timer,
    /// Show or hide the checklist on the audience screen.
    Checklist,
    /// Tick or untick row `row` (an index into the rows the remote state lists).
    Tick {
        row: usize,
    },
    /// Reveal or hide the answer key.
    Answer,
    /// The next framework.
    Framework,
    /// Open participation (the run loop draws the join code: [`Ask::OpenRoom`]).
    RoomOpen,
    RoomClose,
    /// Show or hide the current case's totals on the audience screen.
    Totals,
    /// Put response `id` on the audience screen, or take it down.
    Show {
        id: u64,
    },
    /// Keep response `id` for the record, or not.
    Keep {
        id: u64,
    },
}

impl RemoteDo {
    /// The asks this command makes, in order (a response's command selects it first).
    pub fn asks(self) -> Vec<Ask> {
        let act = |a: Action| Ask::Remote(a);
        let room = |op: RoomOp| Ask::Remote(Action::Room { op });
        let open = |overlay: OverlayKind| act(Action::Open { overlay });
        match self {
            RemoteDo::Next => vec![act(Action::Next)],
            RemoteDo::Prev => vec![act(Action::Prev)],
            RemoteDo::Blank => vec![open(OverlayKind::Blank)],
            RemoteDo::Support => vec![open(OverlayKind::Support)],
            RemoteDo::Close => vec![act(Action::Close)],
            RemoteDo::Timer => vec![act(Action::ToggleTimer)],
            RemoteDo::Checklist => vec![act(Action::ToggleChecklist)],
            RemoteDo::Tick { row } => vec![act(Action::Tick { row })],
            RemoteDo::Answer => vec![act(Action::ToggleAnswer)],
            RemoteDo::Framework => vec![act(Action::CycleFramework)],
            RemoteDo::RoomOpen => vec![Ask::OpenRoom],
            RemoteDo::RoomClose => vec![room(RoomOp::Close)],
            RemoteDo::Totals => vec![room(RoomOp::ToggleTotals)],
            RemoteDo::Show { id } => {
                vec![room(RoomOp::Select { id }), room(RoomOp::ToggleOnScreen)]
            }
            RemoteDo::Keep { id } => vec![room(RoomOp::Select { id }), room(RoomOp::ToggleKept)],
        }
    }
}

#[derive(Serialize)]
struct RemoteOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    language: &'a str,
    deck_title: &'a str,
    slide: usize,
    slides: usize,
    slide_id: &'a str,
    title: &'a str,
    step: usize,
    steps: usize,
    /// The next slide's title (none on the last).
    next: Option<&'a str>,
    notes: Option<&'a str>,
    /// What the audience screen shows over the slide.
    screen: Screen,
    /// The current prompt's timer, if started.
    timer: Option<RemoteTimer>,
    /// Whether the slide has a prompt (the timer button does something).
    has_prompt: bool,
    elapsed_ms: u64,
    /// "behind by 2:00", in the deck's language.
    pace: String,
    slide_spent_ms: u64,
    slide_plan_ms: Option<u64>,
    checklist: Option<RemoteChecklist>,
    room: RemoteRoom<'a>,
}

#[derive(Serialize)]
struct RemoteTimer {
    remaining_ms: i64,
    total_ms: u64,
    running: bool,
}

#[derive(Serialize)]
struct RemoteChecklist {
    title: String,
    framework: String,
    verdict: String,
    /// Whether the audience screen shows the checklist.
    shown: bool,
    has_answer: bool,
    revealed: bool,
    /// In the order `tick` counts them (the panel's rows under this framework).
    rows: Vec<RemoteRow>,
}

#[derive(Serialize)]
struct RemoteRow {
    group: Option<String>,
    label: String,
    ticked: bool,
    /// In the answer key, once revealed.
    answer: Option<bool>,
    /// How many participants ticked it.
    room: usize,
}

#[derive(Serialize)]
struct RemoteRoom<'a> {
    open: bool,
    code: Option<&'a str>,
    show_totals: bool,
    /// The current case's totals (always: this is the facilitator's own view).
    totals: Option<Totals>,
    on_screen: Option<u64>,
    /// Participants who sent anything this session, and who ticked or voted on this case.
    participants: usize,
    took_part: Option<usize>,
    /// Responses in the queue (all of them).
    count: usize,
    /// The newest [`REMOTE_RESPONSES`] and the one on screen, oldest first.
    responses: Vec<RemoteResponse<'a>>,
}

#[derive(Serialize)]
struct RemoteResponse<'a> {
    id: u64,
    slide_id: &'a str,
    at: u64,
    text: &'a str,
    kept: bool,
}

/// The remote page's state: the console on a phone. Private: only the token-protected stream
/// sends it.
pub fn encode_remote_state(app: &App, pacing_state: &Pacing) -> Vec<u8> {
    let s = app.current();
    let words = crate::words::strings::for_lang(&app.deck.meta.language);
    let figures = pacing::pacing(app, pacing_state);
    let timer = app.current_timer().map(|t| RemoteTimer {
        remaining_ms: t.remaining(app.now),
        total_ms: t.total_ms,
        running: t.running(),
    });
    let case = app.case().cloned().unwrap_or_default();
    let cl_rows = |cl: &crate::deck::Checklist, totals: &Totals| {
        let answer = s.answer().filter(|_| case.revealed);
        checklist::rows_for(cl, app.framework)
            .into_iter()
            .map(|row| {
                let (group, label, ticked, in_answer) = match row {
                    Row::Item(g, i) => (
                        cl.groups.get(g).map(|x| x.label.clone()),
                        cl.groups
                            .get(g)
                            .and_then(|x| x.items.get(i))
                            .map(|x| x.label.clone())
                            .unwrap_or_default(),
                        case.items.contains(&(g, i)),
                        answer.map(|a| a.items.contains(&(g, i))),
                    ),
                    Row::Flag(f) => (
                        None,
                        cl.flags.get(f).map(|x| x.label.clone()).unwrap_or_default(),
                        case.flags.contains(&f),
                        answer.map(|a| a.flags.contains(&f)),
                    ),
                };
                RemoteRow {
                    group,
                    label,
                    ticked,
                    answer: in_answer,
                    room: totals
                        .rows
                        .get(&crate::present::app::room::row_key(row))
                        .copied()
                        .unwrap_or(0),
                }
            })
            .collect()
    };
    let is_case = app.deck.checklist.is_some() && s.checklist;
    let totals = is_case.then(|| app.room.totals(&s.id));
    let checklist = match (&app.deck.checklist, &totals) {
        (Some(cl), Some(totals)) => Some(RemoteChecklist {
            title: cl.title.clone(),
            framework: cl
                .frameworks
                .get(app.framework)
                .map(|f| f.label.clone())
                .unwrap_or_default(),
            verdict: checklist::evaluate(cl, app.framework, &case).say,
            shown: app.panel_shown().is_some(),
            has_answer: s.answer().is_some(),
            revealed: case.revealed,
            rows: cl_rows(cl, totals),
        }),
        _ => None,
    };
    let r = &app.room;
    let first = r.responses.len().saturating_sub(REMOTE_RESPONSES);
    let responses = r
        .responses
        .iter()
        .enumerate()
        .filter(|(i, x)| *i >= first || Some(x.id) == r.on_screen)
        .map(|(_, x)| RemoteResponse {
            id: x.id,
            slide_id: &x.slide_id,
            at: x.at,
            text: &x.text,
            kept: x.kept,
        })
        .collect();
    let out = RemoteOut {
        v: VERSION,
        kind: "remote",
        language: &app.deck.meta.language,
        deck_title: &app.deck.meta.title,
        slide: app.slide,
        slides: app.deck.slides.len(),
        slide_id: &s.id,
        title: &s.title,
        step: app.step,
        steps: s.step_count(),
        next: app.deck.slides.get(app.slide + 1).map(|n| n.title.as_str()),
        notes: s.notes.as_deref(),
        screen: ViewState::from_app(app).overlay,
        timer,
        has_prompt: !s.prompts().is_empty(),
        elapsed_ms: app.elapsed(),
        pace: figures.pace().words(words),
        slide_spent_ms: figures.slide.0,
        slide_plan_ms: figures.slide.1,
        checklist,
        room: RemoteRoom {
            open: r.open,
            code: r.code.as_deref(),
            show_totals: r.show_totals,
            totals,
            on_screen: r.on_screen,
            participants: r.participant_count(),
            took_part: is_case.then(|| r.took_part(&s.id)),
            count: r.responses.len(),
            responses,
        },
    };
    let mut line = serde_json::to_vec(&out).unwrap_or_default();
    line.push(b'\n');
    line
}

/// Whether `given` is `expected`, in time that does not depend on where they differ.
pub fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc") && !same_token("ab", "abc") && !same_token("", "a"));
    }

    #[test]
    fn commands_parse_and_map_to_keys_actions() {
        let d: RemoteDo =
            serde_json::from_str(r#"{"do":"tick","row":3}"#).unwrap_or(RemoteDo::Next);
        assert_eq!(d, RemoteDo::Tick { row: 3 });
        assert_eq!(d.asks(), vec![Ask::Remote(Action::Tick { row: 3 })]);
        assert!(serde_json::from_str::<RemoteDo>(r#"{"do":"quit"}"#).is_err());
        assert!(serde_json::from_str::<RemoteDo>(r#"{"do":"tick"}"#).is_err());
        assert_eq!(RemoteDo::RoomOpen.asks(), vec![Ask::OpenRoom]);
        assert_eq!(RemoteDo::Show { id: 4 }.asks().len(), 2);
    }
}
