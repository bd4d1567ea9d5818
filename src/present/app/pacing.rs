//! Pacing: time spent per slide, and where the session stands against the deck's plan.
//! Computed here once, for the presenter console and for the report.

use super::{App, Millis};
use crate::words::strings::Strings;

/// Time spent on each slide, fed by [`Pacing::observe`] after every update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pacing {
    /// Milliseconds credited per slide.
    spent: Vec<u64>,
    /// The slide on screen at the last observation, and when.
    at: Option<(usize, Millis)>,
}

impl Pacing {
    /// Start from known times per slide (e.g. rebuilt from a session journal).
    pub fn with_spent(spent: Vec<u64>) -> Self {
        Pacing { spent, at: None }
    }

    /// Record where the app is now: the time since the last observation goes to the slide that
    /// was on screen then. Call after every `update` (the clock tick included).
    pub fn observe(&mut self, app: &App) {
        if let Some((slide, since)) = self.at {
            let d = app.now.saturating_sub(since);
            if self.spent.len() <= slide {
                self.spent.resize(slide + 1, 0);
            }
            self.spent[slide] = self.spent[slide].saturating_add(d);
        }
        self.at = Some((app.slide, app.now));
    }

    /// Time spent on `slide`, up to `now` if it is the one on screen.
    pub fn spent(&self, slide: usize, now: Millis) -> u64 {
        let base = self.spent.get(slide).copied().unwrap_or(0);
        match self.at {
            Some((s, since)) if s == slide => base.saturating_add(now.saturating_sub(since)),
            _ => base,
        }
    }
}

/// Planned minutes as milliseconds (finite, not negative, at most a million minutes).
pub fn minutes_ms(m: Option<f64>) -> Option<u64> {
    m.filter(|m| m.is_finite() && *m >= 0.0)
        .map(|m| (m.min(1e6) * 60_000.0).round() as u64)
}

/// Ahead of the plan, behind it (by milliseconds), or on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Ahead(u64),
    Behind(u64),
    OnTime,
}

impl Pace {
    /// `actual` against `planned`; within `tolerance` milliseconds counts as on time.
    pub fn of(actual: u64, planned: u64, tolerance: u64) -> Pace {
        if actual.abs_diff(planned) <= tolerance {
            Pace::OnTime
        } else if actual > planned {
            Pace::Behind(actual - planned)
        } else {
            Pace::Ahead(planned - actual)
        }
    }

    /// "ahead by m:ss" / "behind by m:ss" / "on time", in the catalogue's language.
    pub fn words(self, w: &Strings) -> String {
        match self {
            Pace::Ahead(by) => w.pace.ahead.replace("{t}", &super::clock(by)),
            Pace::Behind(by) => w.pace.behind.replace("{t}", &super::clock(by)),
            Pace::OnTime => w.pace.on_time.to_owned(),
        }
    }
}

/// Within this many milliseconds of the plan, the console says "on time".
pub const ON_TIME_MS: u64 = 15_000;

/// Pacing figures for the current position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacingFigures {
    /// (spent, plan) on the current slide; plan `None` when the slide has none.
    pub slide: (u64, Option<u64>),
    /// (spent, plan) in the current section, if the slide has one.
    pub section: Option<(u64, u64)>,
    /// (elapsed, plan) for the deck; plan 0 when the deck has no plan.
    pub deck: (u64, u64),
    /// Elapsed minus where the plan says the session should be: positive = behind.
    pub delta: i64,
}

/// Compute the pacing figures. The plan's position is the planned start of the current slide
/// plus the time spent on it, capped at its plan.
pub fn pacing(app: &App, p: &Pacing) -> PacingFigures {
    let slides = &app.deck.slides;
    let cur = app.slide.min(slides.len().saturating_sub(1));
    let plan = |i: usize| slides.get(i).and_then(|s| minutes_ms(s.minutes()));
    let spent_here = p.spent(cur, app.now);
    let slide_plan = plan(cur);
    let section = slides.get(cur).and_then(|s| s.section.clone()).map(|name| {
        let same = |i: &usize| slides[*i].section.as_deref() == Some(name.as_str());
        let first = (0..=cur).rev().take_while(same).last().unwrap_or(cur);
        let last = (cur..slides.len()).take_while(same).last().unwrap_or(cur);
        let spent = (first..=last).map(|i| p.spent(i, app.now)).sum::<u64>();
        let planned = (first..=last).filter_map(plan).sum::<u64>();
        (spent, planned)
    });
    let deck_plan = minutes_ms(app.deck.meta.minutes)
        .filter(|m| *m > 0)
        .unwrap_or_else(|| (0..slides.len()).filter_map(plan).sum());
    let before: u64 = (0..cur).filter_map(plan).sum();
    let expected = before + slide_plan.map_or(spent_here, |m| spent_here.min(m));
    let elapsed = app.elapsed();
    let delta = i64::try_from(elapsed).unwrap_or(i64::MAX) - i64::try_from(expected).unwrap_or(0);
    PacingFigures {
        slide: (spent_here, slide_plan),
        section: section.filter(|(_, planned)| *planned > 0),
        deck: (elapsed, deck_plan),
        delta,
    }
}

impl PacingFigures {
    /// Where the session stands against the plan (within [`ON_TIME_MS`] is on time).
    pub fn pace(&self) -> Pace {
        let d = self.delta.unsigned_abs();
        if d <= ON_TIME_MS {
            Pace::OnTime
        } else if self.delta > 0 {
            Pace::Behind(d)
        } else {
            Pace::Ahead(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_within_the_tolerance_is_on_time() {
        assert_eq!(Pace::of(60_000, 60_000, 0), Pace::OnTime);
        assert_eq!(Pace::of(75_000, 60_000, 15_000), Pace::OnTime);
        assert_eq!(Pace::of(75_001, 60_000, 15_000), Pace::Behind(15_001));
        assert_eq!(Pace::of(30_000, 60_000, 0), Pace::Ahead(30_000));
        let en = &crate::words::strings::EN;
        let fr = &crate::words::strings::FR;
        assert_eq!(Pace::Ahead(30_000).words(en), "ahead by 0:30");
        assert_eq!(Pace::Behind(90_000).words(fr), "en retard de 1:30");
        assert_eq!(Pace::OnTime.words(fr), "dans les temps");
    }

    #[test]
    fn planned_minutes_are_bounded() {
        assert_eq!(minutes_ms(Some(2.5)), Some(150_000));
        assert_eq!(minutes_ms(Some(-1.0)), None);
        assert_eq!(minutes_ms(Some(f64::NAN)), None);
        assert_eq!(minutes_ms(Some(1e300)), Some(60_000_000_000));
    }
}
