//! The shape of the catalogue: every word of the interface, grouped by where it is shown.
//! Each language fills one of these in its own file (`en.rs`, `fr.rs`); [`for_lang`] picks one
//! by a deck's language tag, English when there is none for it.

pub use super::en::EN;
pub use super::fr::FR;

/// Every language the interface speaks, first the default. Adding a language: copy `en.rs` to
/// `xx.rs`, translate every string, add `pub mod xx;` in `words/mod.rs` and its `WORDS` here.
pub const LANGUAGES: &[&Strings] = &[&EN, &FR];

/// The strings for a language tag (`fr`, `fr-CA`, …); English when no language matches.
pub fn for_lang(lang: &str) -> &'static Strings {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .copied()
        .find(|s| s.tag == primary)
        .unwrap_or(&EN)
}

/// A message flashed in the status line for a moment (which one; the words are in
/// [`Flashes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    NoSuchSlide,
    NoChecklist,
    NoPrompt,
    PromptHasNoMinutes,
    NoAnswer,
    NoContentNote,
    NoteSaved,
    /// `t` on a prompt while another prompt's timer ran: that one is paused.
    OtherTimerPaused,
    /// `T` (big countdown) with no timer started on this slide.
    NoTimer,
    /// `i` (the join page) while the session is not shared.
    NotSharing,
    /// Clearing the room's input while participation is open.
    CloseRoomFirst,
}

/// A phrase with a count in it: `{n}` stands for the number. Which form is used is the
/// language's rule ([`Strings::plural`]), the one place plurals are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural {
    pub one: &'static str,
    pub many: &'static str,
}

/// Every interface string of one language.
#[derive(Debug)]
pub struct Strings {
    /// The language's primary tag (`en`, `fr`): decks whose `language` starts with it get it.
    pub tag: &'static str,
    /// Whether a count takes the plural form (English: all but 1; French: 2 and more).
    pub plural: fn(u64) -> bool,
    pub discuss: &'static str,
    /// A break's label (a prompt with `kind = "break"`), beside its symbol and timer.
    pub break_label: &'static str,
    pub follow_up: &'static str,
    pub debrief: &'static str,
    pub did_you_know: &'static str,
    pub times_up: &'static str,
    pub left: &'static str,
    pub low: &'static str,
    pub paused: &'static str,
    pub start_timer: &'static str,
    pub overtime: &'static str,
    pub enlarge: &'static str,
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub overview_title: &'static str,
    pub overview_hint: &'static str,
    pub search_title: &'static str,
    pub search_hint: &'static str,
    pub no_results: &'static str,
    pub support_title: &'static str,
    pub content_note_title: &'static str,
    pub close_hint: &'static str,
    /// The audience screen's join page (`i`): title, how to, and how to hide it.
    pub join_title: &'static str,
    pub join_how: &'static str,
    pub join_hint: &'static str,
    pub more_below: &'static str,
    pub more_above: &'static str,
    pub go_to: &'static str,
    pub help_key_hint: &'static str,
    pub slides_context: &'static str,
    pub panel_context: &'static str,
    /// The help's section of the room's keys (participation from phones).
    pub room_context: &'static str,
    pub list_context: &'static str,
    pub help_context: &'static str,
    pub digits_row: (&'static str, &'static str),
    pub checklist_overlay_hint: &'static str,
    pub note_prompt: &'static str,
    pub recording: &'static str,
    pub matches: Plural,
    pub not_recording: &'static str,
    pub note_hint: &'static str,
    /// The status line after a first `q` while recording.
    pub quit_confirm: &'static str,
    /// What each command does, for the help overlay.
    pub commands: Commands,
    /// The status line's brief messages.
    pub flashes: Flashes,
    /// Ahead of / behind the plan (console and report).
    pub pace: PaceWords,
    /// The presenter console.
    pub console: ConsoleWords,
    /// The terminal follower.
    pub follow: FollowWords,
    /// `convene report`.
    pub report: ReportWords,
    /// `convene export`.
    pub export: ExportWords,
    /// The session's start and end.
    pub session: SessionWords,
    /// The elements checklist panel.
    pub checklist: ChecklistWords,
    /// Notices of the running presenter (status line, console).
    pub notices: NoticeWords,
    /// The participants' web page (sent to it as JSON, by these names in camelCase).
    pub web: WebWords,
    /// The room's participation on the facilitator's screens and, when chosen, the audience's.
    pub room: RoomWords,
}

/// The room's participation (issue 17): what the console and the checklist panel show the
/// facilitator, and the boxes the audience sees when the facilitator chooses.
#[derive(Debug)]
pub struct RoomWords {
    /// The console's participation line: its label, then open or closed.
    pub room: &'static str,
    pub open: &'static str,
    pub closed: &'static str,
    /// Before the join code ("Join code K7Q2": the status line, the console, the join page).
    pub join_code: &'static str,
    /// Participants who sent anything (or, in the panel, ticked or voted on this case).
    pub took_part: Plural,
    /// The three verdicts a participant can vote.
    pub trafficking: &'static str,
    pub not_trafficking: &'static str,
    pub not_enough_information: &'static str,
    /// The console's votes line label.
    pub votes: &'static str,
    /// The console: what of the room the audience screen shows now (the current case's
    /// totals, a response, or both).
    pub totals_shown: &'static str,
    pub response_shown: &'static str,
    pub both_shown: &'static str,
    /// The panel's legend for the count beside each row.
    pub ticked_by_room: &'static str,
    /// The audience's boxes: the room's totals, and one response.
    pub room_says: &'static str,
    pub from_the_room: &'static str,
    /// The totals box: before the ticked rows.
    pub ticked: &'static str,
    /// The console's response queue.
    pub responses: Plural,
    pub kept_count: Plural,
    pub kept: &'static str,
    pub on_screen: &'static str,
}

/// What each command does (help overlay and README's key table), by the command's name.
#[derive(Debug)]
pub struct Commands {
    pub next: &'static str,
    pub prev: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub overview: &'static str,
    pub search: &'static str,
    pub blank: &'static str,
    pub support: &'static str,
    pub checklist: &'static str,
    pub focus: &'static str,
    pub framework: &'static str,
    pub answer: &'static str,
    pub timer: &'static str,
    pub note: &'static str,
    pub help: &'static str,
    pub close: &'static str,
    pub quit: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub select: &'static str,
    pub content_note: &'static str,
    pub countdown: &'static str,
    pub notes_down: &'static str,
    pub notes_up: &'static str,
    pub join: &'static str,
    pub room: &'static str,
    pub room_totals: &'static str,
    pub responses_up: &'static str,
    pub responses_down: &'static str,
    pub response_show: &'static str,
    pub response_keep: &'static str,
    pub room_clear: &'static str,
    /// `select` in the checklist.
    pub tick: &'static str,
    /// `select` in overview and search.
    pub choose: &'static str,
}

/// The status line's brief messages, one per [`Flash`].
#[derive(Debug)]
pub struct Flashes {
    pub no_such_slide: &'static str,
    pub no_checklist: &'static str,
    pub no_prompt: &'static str,
    pub prompt_has_no_minutes: &'static str,
    pub no_answer: &'static str,
    pub no_content_note: &'static str,
    pub note_saved: &'static str,
    pub other_timer_paused: &'static str,
    pub no_timer: &'static str,
    pub not_sharing: &'static str,
    pub close_room_first: &'static str,
}

/// Pacing in words; `{t}` stands for a time (m:ss).
#[derive(Debug)]
pub struct PaceWords {
    pub ahead: &'static str,
    pub behind: &'static str,
    pub on_time: &'static str,
}

/// The presenter console's words.
#[derive(Debug)]
pub struct ConsoleWords {
    pub now: &'static str,
    pub notes: &'static str,
    pub no_notes: &'static str,
    pub next: &'static str,
    pub then: &'static str,
    pub step: &'static str,
    pub on_this_slide: &'static str,
    pub end: &'static str,
    pub pacing: &'static str,
    pub slide: &'static str,
    pub section: &'static str,
    pub deck: &'static str,
    pub over: &'static str,
    pub no_plan: &'static str,
    pub elapsed: &'static str,
    pub timer: &'static str,
    pub join: &'static str,
    /// Label of the web address for participants' phones.
    pub phones: &'static str,
    pub followers: Plural,
    pub open_network: &'static str,
    pub this_machine: &'static str,
    pub not_sharing: &'static str,
    pub captured: &'static str,
    pub audience_sees: &'static str,
    pub blank: &'static str,
    pub support: &'static str,
    pub content_note: &'static str,
    pub more: &'static str,
}

/// The session report's words; `{…}` stand for values filled in.
#[derive(Debug)]
pub struct ReportWords {
    pub title: &'static str,
    pub date: &'static str,
    pub deck: &'static str,
    pub deck_file: &'static str,
    pub duration: &'static str,
    pub interrupted: &'static str,
    pub ended: &'static str,
    pub no_clean_end: &'static str,
    pub recorded_by: &'static str,
    pub time_by_section: &'static str,
    pub time_by_slide: &'static str,
    pub prompts: &'static str,
    pub no_prompts: &'static str,
    /// The breaks (prompts with `kind = "break"`): a section of their own, not discussions.
    pub breaks: &'static str,
    pub no_breaks: &'static str,
    pub case_studies: &'static str,
    /// The room's participation from phones: its section, what it holds, and its words.
    pub room: &'static str,
    pub room_intro: &'static str,
    /// "Votes: {trafficking} trafficking · {not} not trafficking · {unknown} not enough information"
    pub room_votes: &'static str,
    pub room_ticked: &'static str,
    pub room_kept: &'static str,
    pub teaching_aid: &'static str,
    pub no_cases: &'static str,
    pub ticked: &'static str,
    pub flags: &'static str,
    pub verdicts: &'static str,
    pub against_key: &'static str,
    pub revealed: &'static str,
    pub not_revealed: &'static str,
    pub ticks_match: &'static str,
    pub agreed: &'static str,
    pub missed: &'static str,
    pub extra: &'static str,
    /// Ticked rows the key calls defensible (a matter of judgement).
    pub fair: &'static str,
    pub not_shown_cases: &'static str,
    pub notes: &'static str,
    pub no_notes: &'static str,
    pub notes_intro: &'static str,
    pub not_in_deck: &'static str,
    pub not_in_deck_intro: &'static str,
    pub time_on_it: &'static str,
    pub none: &'static str,
    pub not_shown: &'static str,
    pub not_timed: &'static str,
    pub col_section: &'static str,
    pub col_planned: &'static str,
    pub col_actual: &'static str,
    pub col_pace: &'static str,
    pub col_slide: &'static str,
    pub col_prompt: &'static str,
    pub col_timed: &'static str,
    pub indicated: &'static str,
    pub incomplete: &'static str,
    pub no_rule: &'static str,
    pub of_planned: &'static str,
    pub no_plan: &'static str,
    /// "resumed N time(s) (the time in between is not counted)".
    pub resumed: Plural,
}

/// The handouts' and the facilitator's guide's words (`convene export`).
#[derive(Debug, Clone, Copy)]
pub struct ExportWords {
    pub handout: &'static str,
    pub guide: &'static str,
    pub guide_warning: &'static str,
    pub by: &'static str,
    pub content_note: &'static str,
    pub support: &'static str,
    pub did_you_know: &'static str,
    pub discuss: &'static str,
    /// A break's heading (no note lines under it).
    pub break_label: &'static str,
    pub follow_ups: &'static str,
    pub your_notes: &'static str,
    pub worksheet: &'static str,
    /// Between a label and what it labels: `": "` in English, `" : "` in French.
    pub colon: &'static str,
    pub flags: &'static str,
    pub what_else: &'static str,
    pub answer_key: &'static str,
    pub key_flags: &'static str,
    pub with_these: &'static str,
    pub debrief: &'static str,
    pub speaker_notes: &'static str,
    pub planned: &'static str,
    pub minutes: &'static str,
}

/// The terminal follower's words.
#[derive(Debug)]
pub struct FollowWords {
    pub live: &'static str,
    pub behind: Plural,
    pub behind_step: &'static str,
    pub back_to_live: &'static str,
    pub waiting: &'static str,
    pub connecting: &'static str,
    pub busy: &'static str,
    pub ended: &'static str,
    pub incompatible: &'static str,
    /// Why the presenter cannot be followed: a deck without slides, too large, not convene.
    pub refused_empty: &'static str,
    pub refused_large: &'static str,
    pub refused_garbage: &'static str,
    pub quit_hint: &'static str,
    pub slide: &'static str,
    pub of: &'static str,
    pub blank: &'static str,
    pub back: &'static str,
    pub checklist: &'static str,
    pub nothing_ticked: &'static str,
    pub answer_key: &'static str,
    pub connected: &'static str,
    pub timer_started: &'static str,
    pub timer_paused: &'static str,
    pub flag_set: &'static str,
}

impl Strings {
    /// `p` with `n` in it, in the form the language's plural rule chooses.
    pub fn count(&self, n: u64, p: &Plural) -> String {
        let form = if (self.plural)(n) { p.many } else { p.one };
        form.replace("{n}", &n.to_string())
    }

    /// What a command does, for the help overlay. `command` is the command's stable name, the
    /// one the config file's `[keys]` table uses (`next`, `prev`, … `content-note`); empty for
    /// an unknown name.
    pub fn describe(&self, command: &str) -> &'static str {
        let c = &self.commands;
        match command {
            "next" => c.next,
            "prev" => c.prev,
            "first" => c.first,
            "last" => c.last,
            "overview" => c.overview,
            "search" => c.search,
            "blank" => c.blank,
            "support" => c.support,
            "checklist" => c.checklist,
            "focus" => c.focus,
            "framework" => c.framework,
            "answer" => c.answer,
            "timer" => c.timer,
            "note" => c.note,
            "help" => c.help,
            "close" => c.close,
            "quit" => c.quit,
            "up" => c.up,
            "down" => c.down,
            "select" => c.select,
            "content-note" => c.content_note,
            "countdown" => c.countdown,
            "notes-down" => c.notes_down,
            "notes-up" => c.notes_up,
            "join" => c.join,
            "room" => c.room,
            "room-totals" => c.room_totals,
            "responses-up" => c.responses_up,
            "responses-down" => c.responses_down,
            "response-show" => c.response_show,
            "response-keep" => c.response_keep,
            "room-clear" => c.room_clear,
            "tick" => c.tick,
            "choose" => c.choose,
            _ => "",
        }
    }

    /// The words of a flashed message.
    pub fn flash(&self, f: Flash) -> &'static str {
        let w = &self.flashes;
        match f {
            Flash::NoSuchSlide => w.no_such_slide,
            Flash::NoChecklist => w.no_checklist,
            Flash::NoPrompt => w.no_prompt,
            Flash::PromptHasNoMinutes => w.prompt_has_no_minutes,
            Flash::NoAnswer => w.no_answer,
            Flash::NoContentNote => w.no_content_note,
            Flash::NoteSaved => w.note_saved,
            Flash::OtherTimerPaused => w.other_timer_paused,
            Flash::NoTimer => w.no_timer,
            Flash::NotSharing => w.not_sharing,
            Flash::CloseRoomFirst => w.close_room_first,
        }
    }
}

/// The participants' web page's words: the page receives them as JSON (`camelCase` keys) in
/// the page itself, so a phone shows the catalogue's words, not a copy of them.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebWords {
    pub live: &'static str,
    pub reconnecting: &'static str,
    pub stopped: &'static str,
    pub connecting: &'static str,
    pub back: &'static str,
    pub forward: &'static str,
    pub return_live: &'static str,
    pub support: &'static str,
    pub close: &'static str,
    pub language: &'static str,
    pub theme: &'static str,
    pub blank: &'static str,
    pub support_title: &'static str,
    pub support_lead: &'static str,
    pub call: &'static str,
    pub did_you_know: &'static str,
    pub discuss: &'static str,
    pub break_label: &'static str,
    pub debrief: &'static str,
    pub minutes: &'static str,
    pub left: &'static str,
    pub over: &'static str,
    pub paused: &'static str,
    pub verdict: &'static str,
    pub flags: &'static str,
    pub answer: &'static str,
    pub ticked: &'static str,
    pub not_ticked: &'static str,
    pub looking_back: &'static str,
    pub slide: &'static str,
    pub of: &'static str,
    pub content_note: &'static str, // Taking part (issue 17) and the facilitator's phone.
    pub take_part: &'static str,
    pub take_part_lead: &'static str,
    pub code_label: &'static str,
    pub join: &'static str,
    pub change_code: &'static str,
    pub tick_lead: &'static str,
    pub vote_question: &'static str,
    pub vote_trafficking: &'static str,
    pub vote_not: &'static str,
    pub vote_unsure: &'static str,
    pub response_label: &'static str,
    pub send: &'static str,
    pub chars_left: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub wrong_code: &'static str,
    pub closed: &'static str,
    pub too_fast: &'static str,
    pub too_long: &'static str,
    pub empty: &'static str,
    pub not_here: &'static str,
    pub too_many: &'static str,
    pub busy: &'static str,
    pub not_sent: &'static str,
    pub room_totals: &'static str,
    pub from_the_room: &'static str,
    pub remote_title: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub blank_button: &'static str,
    pub support_button: &'static str,
    pub back_to_slide: &'static str,
    pub timer_button: &'static str,
    pub notes: &'static str,
    pub no_notes: &'static str,
    pub next_slide: &'static str,
    pub last_slide: &'static str,
    pub elapsed: &'static str,
    pub step: &'static str,
    pub screen_blank: &'static str,
    pub screen_support: &'static str,
    pub checklist_button: &'static str,
    pub answer_button: &'static str,
    pub framework_button: &'static str,
    pub room: &'static str,
    pub room_open: &'static str,
    pub room_close: &'static str,
    pub room_is_open: &'static str,
    pub room_is_closed: &'static str,
    pub join_code: &'static str,
    pub totals_show: &'static str,
    pub totals_hide: &'static str,
    pub responses: &'static str,
    pub no_responses: &'static str,
    pub show_on_screen: &'static str,
    pub take_down: &'static str,
    pub keep: &'static str,
    pub kept: &'static str,
    pub on_screen: &'static str,
    pub votes: &'static str,
    pub participants: &'static str,
    pub on_this_case: &'static str,
}

/// The elements checklist panel's words; the counts are plurals ("2 agreed", « 2 concordants »).
#[derive(Debug)]
pub struct ChecklistWords {
    pub framework: &'static str,
    pub switch_hint: &'static str,
    pub satisfied: &'static str,
    pub missing_group: &'static str,
    pub indicated: &'static str,
    pub not_yet: &'static str,
    pub no_rule: &'static str,
    pub missing: &'static str,
    pub agreed: &'static str,
    pub missed: &'static str,
    pub extra: &'static str,
    pub fair: &'static str,
    pub evidence: &'static str,
    pub key: &'static str,
    pub focus: &'static str,
    pub agreed_count: Plural,
    pub missed_count: Plural,
    pub extra_count: Plural,
    pub fair_count: Plural,
    /// A collapsed group's heading: "{n}/{total} ticked" ({total}: the group's rows).
    pub ticked_count: Plural,
}

/// Notices of the running presenter: the status line's and the console's, `{…}` filled in.
#[derive(Debug)]
pub struct NoticeWords {
    /// A live reload that did not finish within its time cap ({secs}).
    pub reload_too_slow: &'static str,
    /// The reload thread could not be started.
    pub reload_not_started: &'static str,
    /// The journal is written again after a failure.
    pub recording_again: &'static str,
    /// After `--resume`: what the deck no longer has ({ids}).
    pub resumed_unmapped: &'static str,
    /// After `--resume`: damaged journal lines skipped.
    pub resumed_skipped: Plural,
    /// Sharing could not start or stopped ({error}).
    pub not_sharing: &'static str,
    /// Sharing on loopback ({join}).
    pub sharing_local: &'static str,
    /// Sharing on the network ({join}).
    pub sharing_network: &'static str,
    /// Beside the phones' address.
    pub phones: &'static str,
    /// The state is over the wire's limit ({kib}).
    pub view_too_large: &'static str,
    /// The deck is over the wire's limit for followers ({mib} of {max}).
    pub deck_too_large: &'static str,
}

/// The session's start and end (never lose the room's place), and a few words of the room.
/// `{…}` stand for values filled in.
#[derive(Debug)]
pub struct SessionWords {
    /// "Resume at slide {slide} ({minutes} min in)?"
    pub resume_offer: &'static str,
    /// The keys under the resume offer.
    pub resume_offer_keys: &'static str,
    /// What the audience sees while the big countdown is up (the console's banner).
    pub countdown_title: &'static str,
    /// The status line on a case slide whose checklist is hidden: "{key}: elements".
    pub elements_hint: &'static str,
    /// `convene` run without a terminal.
    pub no_terminal: &'static str,
    /// A follower's own keys (`?` on `convene follow`): only the ones it takes.
    pub follower_keys: [(&'static str, &'static str); 6],
    /// Printed after quitting: "Session saved to {path}".
    pub session_saved: &'static str,
    /// Printed after quitting: "To resume where you left off: {command}".
    pub resume_with: &'static str,
    /// `--remote`, on the normal screen before presenting: what the address is.
    pub remote_title: &'static str,
    /// `--remote`: keep the address private.
    pub remote_private: &'static str,
    /// `--remote`: the prompt to start.
    pub remote_enter: &'static str,
}

impl Strings {
    /// The offer to resume a recent session: "Resume at slide 27 (41 min in)?".
    pub fn resume_offer(&self, slide: usize, minutes: u64) -> String {
        self.session
            .resume_offer
            .replace("{slide}", &slide.to_string())
            .replace("{minutes}", &minutes.to_string())
    }

    pub fn countdown_title(&self) -> &'static str {
        self.session.countdown_title
    }

    pub fn elements_hint(&self, key: &str) -> String {
        self.session.elements_hint.replace("{key}", key)
    }

    pub fn no_terminal(&self) -> &'static str {
        self.session.no_terminal
    }

    pub fn follower_keys(&self) -> [(&'static str, &'static str); 6] {
        self.session.follower_keys
    }

    pub fn resume_offer_keys(&self) -> &'static str {
        self.session.resume_offer_keys
    }

    pub fn session_saved(&self, path: &str) -> String {
        self.session.session_saved.replace("{path}", path)
    }

    pub fn resume_with(&self, command: &str) -> String {
        self.session.resume_with.replace("{command}", command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_each_language() {
        let p = Plural {
            one: "{n} x",
            many: "{n} xs",
        };
        assert_eq!(EN.count(0, &p), "0 xs");
        assert_eq!(EN.count(1, &p), "1 x");
        assert_eq!(EN.count(2, &p), "2 xs");
        assert_eq!(FR.count(0, &p), "0 x");
        assert_eq!(FR.count(1, &p), "1 x");
        assert_eq!(FR.count(2, &p), "2 xs");
        assert_eq!(EN.count(1, &EN.matches), "1 matching slide");
        assert_eq!(FR.count(1, &FR.matches), "1 diapositive trouvée");
        assert_eq!(FR.count(3, &FR.matches), "3 diapositives trouvées");
    }

    #[test]
    fn a_language_tag_picks_its_words() {
        assert_eq!(for_lang("fr-CA").tag, "fr");
        assert_eq!(for_lang("FR").tag, "fr");
        assert_eq!(for_lang("en").tag, "en");
        assert_eq!(for_lang("").tag, "en");
        assert_eq!(for_lang("sw").tag, "en");
    }

    #[test]
    fn every_language_fills_every_string() {
        // The struct makes every string required; this checks none was left empty, and that a
        // plural keeps its number.
        for s in LANGUAGES {
            let dump = format!("{s:?}");
            assert!(
                !dump.contains("\"\""),
                "{}: an empty string in {dump}",
                s.tag
            );
            for p in [&s.matches, &s.console.followers, &s.follow.behind] {
                assert!(
                    p.one.contains("{n}") && p.many.contains("{n}"),
                    "{}: {p:?}",
                    s.tag
                );
            }
        }
    }
}
