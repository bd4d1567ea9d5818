//! The room's participation (issue 17): anonymous ticks, votes and short responses from
//! participants' phones, moderated by the facilitator. Pure state, changed only through
//! `update` (see [`super::Action::Room`]); nothing here reads a clock, a socket or a file.
//!
//! Privacy by design:
//! - a participant is a random token their page holds ([`Participant`]); no name, no address.
//!   Tokens live in this state only: [`Room::totals`] and [`Room::kept`] (what the journal
//!   records) hold none;
//! - input is accepted only while participation is open, with the join code shown on the
//!   projector, within caps ([`MAX_PARTICIPANTS`], [`MAX_RESPONSES`], [`MAX_RESPONSE_CHARS`])
//!   and a rate limit ([`RESPONSES_PER_MINUTE`]);
//! - response text is cleaned by the one cleaner (`deck::sanitize::clean_line`) before it is
//!   stored, so it is safe for a terminal; the web escapes it by showing it as text only.

use super::Millis;
pub use crate::deck::checklist::Row;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The most participants a session takes (a hall of a few hundred, with margin).
pub const MAX_PARTICIPANTS: usize = 1000;
/// The most responses held in the queue (the oldest not kept go first past it).
pub const MAX_RESPONSES: usize = 500;
/// The longest response, in characters.
pub const MAX_RESPONSE_CHARS: usize = 280;
/// Responses one participant may send in a minute.
pub const RESPONSES_PER_MINUTE: usize = 3;
/// The longest participant token accepted (a page sends 32 hex digits: 128 bits).
pub const MAX_TOKEN_CHARS: usize = 64;

/// A participant: the random token their page holds for the session (never stored elsewhere).
pub type Participant = String;

/// A participant's verdict on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Trafficking,
    NotTrafficking,
    NotEnoughInformation,
}

/// What a participant sent (through the web view, as an action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Input {
    /// Tick or untick a row on the case slide `slide_id`.
    Tick { slide_id: String, row: Row },
    /// Vote on the case slide `slide_id` (a new vote replaces the participant's last).
    Vote { slide_id: String, vote: Vote },
    /// A short response or question on the prompt slide `slide_id`.
    Respond { slide_id: String, text: String },
}

impl Input {
    /// The slide this input is for.
    pub fn slide_id(&self) -> &str {
        let (Input::Tick { slide_id, .. }
        | Input::Vote { slide_id, .. }
        | Input::Respond { slide_id, .. }) = self;
        slide_id
    }
}

/// Why input was refused (the page is told; nothing changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refused {
    Closed,
    WrongCode,
    BadToken,
    TooMany,
    TooLong,
    Empty,
    TooFast,
    NotHere,
}

/// One case's input, per participant (counts are derived: [`RoomCase::totals`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomCase {
    ticks: BTreeMap<Participant, BTreeSet<Row>>,
    votes: BTreeMap<Participant, Vote>,
}

/// A case's totals: what the console shows, the audience sees when the facilitator chooses,
/// and the journal records. No participant in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// How many participants ticked each row.
    pub rows: BTreeMap<String, usize>,
    pub trafficking: usize,
    pub not_trafficking: usize,
    pub not_enough_information: usize,
    /// How many participants ticked or voted (each once).
    #[serde(default)]
    pub took_part: usize,
}

impl Totals {
    /// These totals and `other`'s together.
    pub fn plus(&self, other: &Totals) -> Totals {
        let mut t = self.clone();
        for (k, n) in &other.rows {
            *t.rows.entry(k.clone()).or_default() += n;
        }
        t.trafficking += other.trafficking;
        t.not_trafficking += other.not_trafficking;
        t.not_enough_information += other.not_enough_information;
        t.took_part += other.took_part;
        t
    }

    /// These totals without `other`'s (never below zero; rows at zero dropped).
    pub fn minus(&self, other: &Totals) -> Totals {
        let mut t = self.clone();
        for (k, n) in &other.rows {
            if let Some(v) = t.rows.get_mut(k) {
                *v = v.saturating_sub(*n);
            }
        }
        t.rows.retain(|_, n| *n > 0);
        t.trafficking = t.trafficking.saturating_sub(other.trafficking);
        t.not_trafficking = t.not_trafficking.saturating_sub(other.not_trafficking);
        t.not_enough_information = t
            .not_enough_information
            .saturating_sub(other.not_enough_information);
        t.took_part = t.took_part.saturating_sub(other.took_part);
        t
    }
}

impl RoomCase {
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for rows in self.ticks.values() {
            for r in rows {
                *t.rows.entry(row_key(*r)).or_default() += 1;
            }
        }
        for v in self.votes.values() {
            match v {
                Vote::Trafficking => t.trafficking += 1,
                Vote::NotTrafficking => t.not_trafficking += 1,
                Vote::NotEnoughInformation => t.not_enough_information += 1,
            }
        }
        t.took_part = self
            .ticks
            .keys()
            .chain(self.votes.keys())
            .collect::<BTreeSet<_>>()
            .len();
        t
    }
}

/// The row a [`row_key`] names, if it names one.
pub fn row_of_key(key: &str) -> Option<Row> {
    match key.strip_prefix('f') {
        Some(f) => f.parse().ok().map(Row::Flag),
        None => {
            let (g, i) = key.split_once('.')?;
            Some(Row::Item(g.parse().ok()?, i.parse().ok()?))
        }
    }
}

/// A row's key in [`Totals::rows`]: `g.i` for an item, `f` followed by the flag's index.
pub fn row_key(r: Row) -> String {
    match r {
        Row::Item(group, item) => format!("{group}.{item}"),
        Row::Flag(flag) => format!("f{flag}"),
    }
}

/// A response in the facilitator's queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Its number in the session (stable while the queue changes).
    pub id: u64,
    pub slide_id: String,
    pub at: Millis,
    /// Cleaned, at most [`MAX_RESPONSE_CHARS`].
    pub text: String,
    /// Marked to keep (the journal records kept responses only).
    pub kept: bool,
    #[serde(skip)]
    from: Participant,
}

/// The room's participation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Room {
    /// Whether participants' input is accepted now.
    pub open: bool,
    /// The join code shown on the projector (chosen outside `update`: it is random).
    pub code: Option<String>,
    /// Input per case slide, by slide id.
    pub cases: BTreeMap<String, RoomCase>,
    pub responses: Vec<Response>,
    /// Whether the audience screen shows the current case's totals.
    pub show_totals: bool,
    /// The response on the audience screen, by id.
    pub on_screen: Option<u64>,
    /// The response selected in the console's queue (an index into `responses`).
    pub cursor: usize,
    /// The verdict on the newest participant input (`Ok` taken, `Err` why not): the share
    /// reads it after `update` to answer the page that sent it. Never journaled.
    pub last: Option<Result<(), Refused>>,
    /// What the journal had counted on each case before this session's own input (a resumed
    /// session, a replay): the room's totals are these plus the live input, so a crash loses
    /// no count. (A participant who votes again after a resume counts again: tokens are never
    /// journaled.)
    pub recorded: BTreeMap<String, Totals>,
    /// Everyone who sent something (the cap applies to this).
    participants: BTreeSet<Participant>,
    next_id: u64,
    /// Bumped by every [`Room::clear`]: pages forget what they sent (their ticks toggle).
    pub cleared: u64,
}

impl Room {
    /// Open participation with this join code (a new code replaces the old one).
    pub fn open(&mut self, code: &str) {
        self.code = Some(
            code.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(12)
                .collect(),
        );
        self.open = true;
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// Forget every tick, vote and response (kept ones too), and who sent them.
    pub fn clear(&mut self) {
        self.cases.clear();
        self.recorded.clear();
        self.responses.clear();
        self.participants.clear();
        self.on_screen = None;
        self.show_totals = false;
        self.cursor = 0;
        self.cleared = self.cleared.wrapping_add(1);
    }

    /// Take a participant's input, if it may be taken. `is_case` / `is_prompt` say whether
    /// the slide it names is a case slide / has a prompt, and `valid_row` whether a row
    /// exists.
    #[allow(clippy::too_many_arguments)]
    pub fn take(
        &mut self,
        who: &str,
        code: &str,
        input: &Input,
        now: Millis,
        is_case: impl Fn(&str) -> bool,
        is_prompt: impl Fn(&str) -> bool,
        valid_row: impl Fn(Row) -> bool,
    ) -> Result<(), Refused> {
        if !self.open {
            return Err(Refused::Closed);
        }
        if self.code.as_deref() != Some(code) {
            return Err(Refused::WrongCode);
        }
        if who.is_empty()
            || who.chars().count() > MAX_TOKEN_CHARS
            || !who.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(Refused::BadToken);
        }
        if !self.participants.contains(who) && self.participants.len() >= MAX_PARTICIPANTS {
            return Err(Refused::TooMany);
        }
        match input {
            Input::Tick { slide_id, row } => {
                if !is_case(slide_id) || !valid_row(*row) {
                    return Err(Refused::NotHere);
                }
                let rows = self
                    .cases
                    .entry(slide_id.clone())
                    .or_default()
                    .ticks
                    .entry(who.to_owned())
                    .or_default();
                if !rows.remove(row) {
                    rows.insert(*row);
                }
            }
            Input::Vote { slide_id, vote } => {
                if !is_case(slide_id) {
                    return Err(Refused::NotHere);
                }
                self.cases
                    .entry(slide_id.clone())
                    .or_default()
                    .votes
                    .insert(who.to_owned(), *vote);
            }
            Input::Respond { slide_id, text } => {
                if !is_prompt(slide_id) {
                    return Err(Refused::NotHere);
                }
                let text = crate::deck::sanitize::clean_line(text).trim().to_owned();
                if text.is_empty() {
                    return Err(Refused::Empty);
                }
                if text.chars().count() > MAX_RESPONSE_CHARS {
                    return Err(Refused::TooLong);
                }
                let recent = self
                    .responses
                    .iter()
                    .filter(|r| r.from == who && now.saturating_sub(r.at) < 60_000)
                    .count();
                if recent >= RESPONSES_PER_MINUTE {
                    return Err(Refused::TooFast);
                }
                if self.responses.len() >= MAX_RESPONSES {
                    // The oldest response not kept and not on screen makes room.
                    let on = self.on_screen;
                    match self
                        .responses
                        .iter()
                        .position(|r| !r.kept && Some(r.id) != on)
                    {
                        Some(i) => {
                            self.responses.remove(i);
                            self.cursor = self.cursor.saturating_sub(usize::from(i < self.cursor));
                        }
                        None => return Err(Refused::TooMany),
                    }
                }
                self.next_id += 1;
                self.responses.push(Response {
                    id: self.next_id,
                    slide_id: slide_id.clone(),
                    at: now,
                    text,
                    kept: false,
                    from: who.to_owned(),
                });
            }
        }
        self.participants.insert(who.to_owned());
        Ok(())
    }

    /// The totals of a case slide (empty when nobody took part): what the journal had counted
    /// before, plus the live input.
    pub fn totals(&self, slide_id: &str) -> Totals {
        let live = self.cases.get(slide_id).map(RoomCase::totals);
        match (self.recorded.get(slide_id), live) {
            (Some(before), Some(live)) => before.plus(&live),
            (Some(before), None) => before.clone(),
            (None, live) => live.unwrap_or_default(),
        }
    }

    /// Every case's totals, by slide id: what the journal records of the room and the report
    /// shows.
    pub fn all_totals(&self) -> BTreeMap<String, Totals> {
        self.recorded
            .keys()
            .chain(self.cases.keys())
            .map(|id| (id.clone(), self.totals(id)))
            .collect()
    }

    /// Whether anything came from the room (live or recorded).
    pub fn has_input(&self) -> bool {
        !self.cases.is_empty() || !self.recorded.is_empty() || !self.responses.is_empty()
    }

    /// Take a case's totals as the journal recorded them. What was counted before this
    /// session's live input is the recorded total less the live input: live, that leaves it
    /// as it was (the record is the room's own numbers); in a replay (no live input), the whole.
    pub fn record_totals(&mut self, slide_id: &str, totals: Totals) {
        let before = match self.cases.get(slide_id) {
            Some(c) => totals.minus(&c.totals()),
            None => totals,
        };
        self.recorded.insert(slide_id.to_owned(), before);
    }

    /// A response as the journal recorded it (kept or no longer kept): the queue gains it, or
    /// its copy there takes its mark. Replay rebuilds the kept responses from these.
    pub fn record_response(&mut self, response: &Response) {
        match self.responses.iter_mut().find(|r| r.id == response.id) {
            Some(r) => r.kept = response.kept,
            None => {
                let at = self.responses.partition_point(|r| r.id < response.id);
                let mut r = response.clone();
                r.text = crate::deck::sanitize::clean_line(&r.text)
                    .chars()
                    .take(MAX_RESPONSE_CHARS)
                    .collect();
                self.responses.insert(at, r);
                if at <= self.cursor && self.responses.len() > 1 {
                    self.cursor += 1;
                }
            }
        }
        self.next_id = self.next_id.max(response.id);
    }

    /// The selected response in the queue.
    pub fn selected(&self) -> Option<&Response> {
        self.responses.get(self.cursor)
    }

    /// The responses the facilitator kept (the journal records these, and the report shows
    /// them): slide, time and text, no participant.
    pub fn kept(&self) -> Vec<&Response> {
        self.responses.iter().filter(|r| r.kept).collect()
    }

    /// Move the queue's selection.
    pub fn move_cursor(&mut self, delta: i32) {
        let n = self.responses.len();
        if n == 0 {
            self.cursor = 0;
            return;
        }
        let next = i64::try_from(self.cursor).unwrap_or(0) + i64::from(delta);
        self.cursor = usize::try_from(next.clamp(0, n as i64 - 1)).unwrap_or(0);
    }

    /// Select the response with this id, if it is still in the queue.
    pub fn select(&mut self, id: u64) {
        if let Some(i) = self.responses.iter().position(|r| r.id == id) {
            self.cursor = i;
        }
    }

    /// Put the selected response on the audience screen, or take it down.
    pub fn toggle_on_screen(&mut self) {
        let selected = self.responses.get(self.cursor).map(|r| r.id);
        self.on_screen = if self.on_screen.is_some() && self.on_screen == selected {
            None
        } else {
            selected
        };
    }

    /// Mark the selected response kept, or not.
    pub fn toggle_kept(&mut self) {
        if let Some(r) = self.responses.get_mut(self.cursor) {
            r.kept = !r.kept;
        }
    }

    /// The response on the audience screen, if any.
    pub fn shown_response(&self) -> Option<&Response> {
        let id = self.on_screen?;
        self.responses.iter().find(|r| r.id == id)
    }

    /// Whether participation has been opened or holds anything: until then every screen
    /// looks as it does without the room.
    pub fn engaged(&self) -> bool {
        self.open || self.code.is_some() || !self.cases.is_empty() || !self.responses.is_empty()
    }

    /// How many participants sent anything this session.
    pub fn participant_count(&self) -> usize {
        self.participants.len()
    }

    /// How many participants ticked or voted on the case slide `slide_id`.
    pub fn took_part(&self, slide_id: &str) -> usize {
        let before = self.recorded.get(slide_id).map_or(0, |t| t.took_part);
        before
            + self.cases.get(slide_id).map_or(0, |c| {
                c.ticks
                    .keys()
                    .chain(c.votes.keys())
                    .collect::<BTreeSet<_>>()
                    .len()
            })
    }

    /// How many participants ticked each row of the case slide `slide_id`, by row: what
    /// [`Room::totals`] counts, without a string per tick (the screens count every frame).
    pub fn row_counts(&self, slide_id: &str) -> BTreeMap<Row, usize> {
        // What the journal had counted (a resume), or the presenter showed (a follower).
        let mut out: BTreeMap<Row, usize> = self
            .recorded
            .get(slide_id)
            .into_iter()
            .flat_map(|t| t.rows.iter())
            .filter_map(|(k, n)| row_of_key(k).map(|r| (r, *n)))
            .collect();
        for rows in self
            .cases
            .get(slide_id)
            .into_iter()
            .flat_map(|c| c.ticks.values())
        {
            for r in rows {
                *out.entry(*r).or_default() += 1;
            }
        }
        out
    }

    /// The votes on the case slide `slide_id`: trafficking, not trafficking, not enough
    /// information.
    pub fn vote_counts(&self, slide_id: &str) -> [usize; 3] {
        let mut out = self.recorded.get(slide_id).map_or([0; 3], |t| {
            [t.trafficking, t.not_trafficking, t.not_enough_information]
        });
        for v in self
            .cases
            .get(slide_id)
            .into_iter()
            .flat_map(|c| c.votes.values())
        {
            out[match v {
                Vote::Trafficking => 0,
                Vote::NotTrafficking => 1,
                Vote::NotEnoughInformation => 2,
            }] += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Room {
        let mut r = Room::default();
        r.open("K7Q2");
        r
    }

    fn take(r: &mut Room, who: &str, input: &Input, now: Millis) -> Result<(), Refused> {
        r.take(
            who,
            "K7Q2",
            input,
            now,
            |s| s == "case",
            |s| s == "prompt",
            |row| matches!(row, Row::Item(0..=2, 0..=3) | Row::Flag(0)),
        )
    }

    fn vote(v: Vote) -> Input {
        Input::Vote {
            slide_id: "case".into(),
            vote: v,
        }
    }

    fn say(text: &str) -> Input {
        Input::Respond {
            slide_id: "prompt".into(),
            text: text.into(),
        }
    }

    #[test]
    fn ticks_and_votes_count_each_participant_once() {
        let mut r = room();
        let tick = Input::Tick {
            slide_id: "case".into(),
            row: Row::Item(0, 1),
        };
        assert_eq!(take(&mut r, "aaaa", &tick, 1), Ok(()));
        assert_eq!(take(&mut r, "bbbb", &tick, 1), Ok(()));
        assert_eq!(take(&mut r, "aaaa", &vote(Vote::Trafficking), 1), Ok(()));
        assert_eq!(
            take(&mut r, "aaaa", &vote(Vote::NotEnoughInformation), 2),
            Ok(())
        );
        assert_eq!(take(&mut r, "bbbb", &vote(Vote::Trafficking), 2), Ok(()));
        let t = r.totals("case");
        assert_eq!(t.rows.get("0.1"), Some(&2));
        assert_eq!(
            (t.trafficking, t.not_enough_information),
            (1, 1),
            "a new vote replaces"
        );
        // Ticking again unticks.
        assert_eq!(take(&mut r, "aaaa", &tick, 3), Ok(()));
        assert_eq!(r.totals("case").rows.get("0.1"), Some(&1));
        // The totals hold no participant.
        let json = serde_json::to_string(&r.all_totals()).unwrap_or_default();
        assert!(!json.contains("aaaa") && !json.contains("bbbb"), "{json}");
    }

    #[test]
    fn closed_wrong_code_bad_token_and_wrong_slide_change_nothing() {
        let mut r = room();
        let before = r.clone();
        let bad = r.take(
            "aaaa",
            "0000",
            &vote(Vote::Trafficking),
            1,
            |_| true,
            |_| true,
            |_| true,
        );
        assert_eq!(bad, Err(Refused::WrongCode));
        assert_eq!(
            take(&mut r, "a b", &vote(Vote::Trafficking), 1),
            Err(Refused::BadToken)
        );
        assert_eq!(
            take(&mut r, &"a".repeat(65), &vote(Vote::Trafficking), 1),
            Err(Refused::BadToken)
        );
        let elsewhere = Input::Vote {
            slide_id: "prompt".into(),
            vote: Vote::Trafficking,
        };
        assert_eq!(take(&mut r, "aaaa", &elsewhere, 1), Err(Refused::NotHere));
        let no_row = Input::Tick {
            slide_id: "case".into(),
            row: Row::Flag(9),
        };
        assert_eq!(take(&mut r, "aaaa", &no_row, 1), Err(Refused::NotHere));
        assert_eq!(r, before);
        r.close();
        assert_eq!(
            take(&mut r, "aaaa", &vote(Vote::Trafficking), 1),
            Err(Refused::Closed)
        );
    }

    #[test]
    fn responses_are_cleaned_capped_and_rate_limited() {
        let mut r = room();
        assert_eq!(
            take(&mut r, "aaaa", &say("  \u{1b}[2Jwho \u{202e}pays?\n "), 1),
            Ok(())
        );
        assert_eq!(r.responses[0].text, "who pays?");
        assert_eq!(
            take(&mut r, "aaaa", &say(&"x".repeat(281)), 2),
            Err(Refused::TooLong)
        );
        assert_eq!(take(&mut r, "aaaa", &say(&"é".repeat(280)), 2), Ok(()));
        assert_eq!(
            take(&mut r, "aaaa", &say(" \u{7} "), 2),
            Err(Refused::Empty)
        );
        assert_eq!(take(&mut r, "aaaa", &say("third"), 3), Ok(()));
        assert_eq!(
            take(&mut r, "aaaa", &say("fourth"), 4),
            Err(Refused::TooFast)
        );
        assert_eq!(take(&mut r, "bbbb", &say("another phone"), 4), Ok(()));
        assert_eq!(take(&mut r, "aaaa", &say("a minute later"), 60_002), Ok(()));
    }

    #[test]
    fn the_queue_keeps_what_is_kept_and_on_screen_when_full() {
        let mut r = room();
        for i in 0..MAX_RESPONSES {
            assert_eq!(
                take(&mut r, &format!("p{i}"), &say(&format!("r{i}")), 1),
                Ok(())
            );
        }
        r.toggle_kept();
        r.move_cursor(1);
        r.toggle_on_screen();
        assert_eq!(take(&mut r, "late", &say("newest"), 2), Ok(()));
        assert_eq!(r.responses.len(), MAX_RESPONSES);
        assert_eq!(r.responses[0].text, "r0", "kept stays");
        assert_eq!(
            r.shown_response().map(|x| x.text.as_str()),
            Some("r1"),
            "on screen stays"
        );
        assert!(
            r.responses.iter().all(|x| x.text != "r2"),
            "the oldest other goes"
        );
        assert_eq!(r.kept().len(), 1);
        r.toggle_on_screen();
        assert_eq!(r.on_screen, None, "the same key takes it down");
        r.clear();
        assert_eq!(r.responses.len() + r.cases.len(), 0);
    }

    #[test]
    fn participants_are_capped() {
        let mut r = room();
        for i in 0..MAX_PARTICIPANTS {
            assert_eq!(
                take(&mut r, &format!("p{i}"), &vote(Vote::Trafficking), 1),
                Ok(())
            );
        }
        assert_eq!(
            take(&mut r, "one-more", &vote(Vote::Trafficking), 1),
            Err(Refused::BadToken)
        );
        assert_eq!(
            take(&mut r, "onemore", &vote(Vote::Trafficking), 1),
            Err(Refused::TooMany)
        );
        assert_eq!(
            take(&mut r, "p0", &vote(Vote::NotTrafficking), 1),
            Ok(()),
            "a known one may change"
        );
        assert_eq!(r.totals("case").trafficking, MAX_PARTICIPANTS - 1);
    }
}
