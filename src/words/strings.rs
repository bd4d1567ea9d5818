//! Interface text, in one place, in each supported language. The interface follows the deck's
//! language (`[deck] language`); anything but `fr` gets English.

/// A message flashed in the status line for a moment (which one; the words are below).
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
}

pub struct Strings {
    pub discuss: &'static str,
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
    pub more_below: &'static str,
    pub more_above: &'static str,
    pub go_to: &'static str,
    pub help_key_hint: &'static str,
    pub slides_context: &'static str,
    pub panel_context: &'static str,
    pub list_context: &'static str,
    pub help_context: &'static str,
    pub digits_row: (&'static str, &'static str),
    pub checklist_overlay_hint: &'static str,
    pub note_prompt: &'static str,
    pub recording: &'static str,
    pub matches: &'static str,
    pub not_recording: &'static str,
    pub note_hint: &'static str,
    /// The status line after a first `q` while recording.
    pub quit_confirm: &'static str,
}

pub const EN: Strings = Strings {
    discuss: "Discuss",
    follow_up: "Follow-up",
    debrief: "Debrief",
    did_you_know: "Did you know?",
    times_up: "time's up",
    left: "left",
    low: "almost done",
    paused: "paused",
    start_timer: "t: start timer",
    overtime: "over",
    enlarge: "Enlarge the terminal",
    help_title: "Keys",
    help_footer: "c: show the content note again · Esc: close",
    overview_title: "Overview",
    overview_hint: "↑↓ choose · Enter go · Esc close",
    search_title: "Search",
    search_hint: "type to search · ↑↓ choose · Enter go · Esc close",
    no_results: "no slide matches",
    support_title: "Support",
    content_note_title: "Content note",
    close_hint: "Esc: return",
    more_below: "▼ more below",
    more_above: "▲ more above",
    go_to: "go to slide",
    help_key_hint: "? help",
    slides_context: "On a slide",
    panel_context: "In the checklist (Tab)",
    list_context: "In overview and search",
    help_context: "In this help",
    digits_row: (
        "1-9… Enter",
        "jump to slide N (type the number, then Enter)",
    ),
    checklist_overlay_hint: "Tab or Esc: back to the slide",
    note_prompt: "Note",
    recording: "REC",
    matches: "matching slides",
    not_recording: "NOT RECORDING",
    note_hint: "Enter: save · Esc: cancel",
    quit_confirm: "Quit? Press q again to quit · any other key: stay",
};

pub const FR: Strings = Strings {
    discuss: "Discussion",
    follow_up: "Relance",
    debrief: "Retour en groupe",
    did_you_know: "Le saviez-vous?",
    times_up: "temps écoulé",
    left: "restant",
    low: "bientôt fini",
    paused: "en pause",
    start_timer: "t : lancer la minuterie",
    overtime: "dépassé",
    enlarge: "Agrandissez le terminal",
    help_title: "Touches",
    help_footer: "c : revoir la mise en garde · Échap : fermer",
    overview_title: "Vue d'ensemble",
    overview_hint: "↑↓ choisir · Entrée aller · Échap fermer",
    search_title: "Recherche",
    search_hint: "tapez pour chercher · ↑↓ choisir · Entrée aller · Échap fermer",
    no_results: "aucune diapositive ne correspond",
    support_title: "Ressources d'aide",
    content_note_title: "Mise en garde",
    close_hint: "Échap : revenir",
    more_below: "▼ suite plus bas",
    more_above: "▲ début plus haut",
    go_to: "aller à la diapositive",
    help_key_hint: "? aide",
    slides_context: "Sur une diapositive",
    panel_context: "Dans la grille (Tab)",
    list_context: "Vue d'ensemble et recherche",
    help_context: "Dans cette aide",
    digits_row: (
        "1-9… Entrée",
        "aller à la diapositive N (tapez le numéro, puis Entrée)",
    ),
    checklist_overlay_hint: "Tab ou Échap : retour à la diapositive",
    note_prompt: "Remarque",
    recording: "ENR",
    matches: "diapositives trouvées",
    not_recording: "ENREGISTREMENT ARRÊTÉ",
    note_hint: "Entrée : enregistrer · Échap : annuler",
    quit_confirm: "Quitter ? Appuyez de nouveau sur q · toute autre touche : rester",
};

/// The strings for a language tag.
pub fn for_lang(lang: &str) -> &'static Strings {
    if lang.starts_with("fr") { &FR } else { &EN }
}

impl Strings {
    /// What a command does, for the help overlay. `command` is the command's stable name, the
    /// one the config file's `[keys]` table uses (`next`, `prev`, … `content-note`).
    pub fn describe(&self, command: &str) -> &'static str {
        let fr = std::ptr::eq(self, &FR);
        let (en, fr_text) = match command {
            "next" => (
                "next step (reveal), else next slide",
                "étape suivante, sinon diapositive suivante",
            ),
            "prev" => ("previous step", "étape précédente"),
            "first" => ("first slide", "première diapositive"),
            "last" => ("last slide", "dernière diapositive"),
            "overview" => ("overview of all slides", "vue d'ensemble"),
            "search" => ("search slide text", "chercher dans les diapositives"),
            "blank" => (
                "blank the screen (any key returns)",
                "écran noir (une touche pour revenir)",
            ),
            "support" => ("support resources", "ressources d'aide"),
            "checklist" => (
                "show / hide the elements checklist",
                "afficher / masquer la grille des éléments",
            ),
            "focus" => (
                "move focus between slide and checklist",
                "passer de la diapositive à la grille",
            ),
            "framework" => ("switch checklist framework", "changer de cadre juridique"),
            "answer" => ("reveal the case's answer key", "révéler le corrigé du cas"),
            "timer" => (
                "start / pause the prompt timer",
                "lancer / arrêter la minuterie",
            ),
            "note" => (
                "capture a note (Enter saves, Esc cancels)",
                "noter une remarque (Entrée enregistre, Échap annule)",
            ),
            "help" => ("this help", "cette aide"),
            "close" => ("close an overlay", "fermer"),
            "quit" => ("quit", "quitter"),
            "up" => ("move up", "monter"),
            "down" => ("move down", "descendre"),
            "select" => (
                "tick (checklist) / choose (lists)",
                "cocher (grille) / choisir (listes)",
            ),
            "content-note" => ("show the content note again", "revoir la mise en garde"),
            "tick" => ("tick / untick", "cocher / décocher"),
            "notes-down" => (
                "presenter console: scroll the speaker notes down",
                "console : faire défiler les notes vers le bas",
            ),
            "notes-up" => (
                "presenter console: scroll the speaker notes up",
                "console : faire défiler les notes vers le haut",
            ),
            "choose" => ("choose", "choisir"),
            "countdown" => (
                "the prompt timer in large digits (any key returns)",
                "la minuterie en grands chiffres (une touche pour revenir)",
            ),
            _ => ("", ""),
        };
        if fr { fr_text } else { en }
    }

    pub fn flash(&self, f: Flash) -> &'static str {
        let fr = std::ptr::eq(self, &FR);
        let (en, fr_text) = match f {
            Flash::NoSuchSlide => (
                "no slide with that number",
                "aucune diapositive à ce numéro",
            ),
            Flash::NoChecklist => (
                "no checklist on this slide",
                "pas de grille sur cette diapositive",
            ),
            Flash::NoPrompt => (
                "no discussion prompt on this slide",
                "pas de question de discussion ici",
            ),
            Flash::PromptHasNoMinutes => (
                "this prompt has no planned minutes",
                "cette question n'a pas de durée prévue",
            ),
            Flash::NoAnswer => (
                "this slide has no answer key",
                "pas de corrigé pour cette diapositive",
            ),
            Flash::NoContentNote => (
                "this deck has no content note",
                "ce jeu n'a pas de mise en garde",
            ),
            Flash::NoteSaved => ("note saved", "remarque enregistrée"),
            Flash::NoTimer => (
                "no timer started on this slide (t starts one)",
                "aucune minuterie lancée ici (t en lance une)",
            ),
            Flash::OtherTimerPaused => (
                "the other prompt's timer is paused",
                "la minuterie de l'autre question est en pause",
            ),
        };
        if fr { fr_text } else { en }
    }
}

/// Words of the session's start and end (issue 14: never lose the room's place).
impl Strings {
    fn is_fr(&self) -> bool {
        std::ptr::eq(self, &FR)
    }

    /// The offer to resume a recent session: "Resume at slide 27 (41 min in)?".
    pub fn resume_offer(&self, slide: usize, minutes: u64) -> String {
        if self.is_fr() {
            format!("Reprendre à la diapositive {slide} ({minutes} min écoulées) ?")
        } else {
            format!("Resume at slide {slide} ({minutes} min in)?")
        }
    }

    /// What the audience sees while the big countdown is up (the console's banner).
    pub fn countdown_title(&self) -> &'static str {
        if self.is_fr() {
            "la minuterie en grand"
        } else {
            "the timer in large digits"
        }
    }

    /// The status line on a case slide whose checklist is hidden: "c: elements".
    pub fn elements_hint(&self, key: &str) -> String {
        if self.is_fr() {
            format!("{key} : éléments")
        } else {
            format!("{key}: elements")
        }
    }

    /// `convene` run without a terminal.
    pub fn no_terminal(&self) -> &'static str {
        if self.is_fr() {
            "convene a besoin d'un terminal pour présenter ; pour vérifier un jeu, lancez convene check FICHIER"
        } else {
            "convene needs a terminal to present; to check a deck, run convene check FILE"
        }
    }

    /// A follower's own keys (`?` on `convene follow`): only the ones it takes.
    pub fn follower_keys(&self) -> [(&'static str, &'static str); 6] {
        if self.is_fr() {
            [
                ("← →", "revoir les diapositives précédentes / avancer"),
                ("Home g", "première diapositive"),
                ("l End", "revenir au direct"),
                ("s", "ressources d'aide (sur cet écran seulement)"),
                ("?", "cette aide (Échap : fermer)"),
                ("q Ctrl-C", "quitter"),
            ]
        } else {
            [
                ("← →", "look back / forward again"),
                ("Home g", "first slide"),
                ("l End", "back to live"),
                ("s", "support resources (on this screen only)"),
                ("?", "this help (Esc: close)"),
                ("q Ctrl-C", "quit"),
            ]
        }
    }

    /// The keys under the resume offer.
    pub fn resume_offer_keys(&self) -> &'static str {
        if self.is_fr() {
            "Entrée : reprendre · n : nouvelle séance"
        } else {
            "Enter: resume · n: new session"
        }
    }

    /// Printed on the normal screen after quitting: where the record is.
    pub fn session_saved(&self, path: &str) -> String {
        if self.is_fr() {
            format!("Séance enregistrée dans {path}")
        } else {
            format!("Session saved to {path}")
        }
    }

    /// Printed after quitting: how to go back to the same place.
    pub fn resume_with(&self, command: &str) -> String {
        if self.is_fr() {
            format!("Pour reprendre là où vous en étiez : {command}")
        } else {
            format!("To resume where you left off: {command}")
        }
    }
}
