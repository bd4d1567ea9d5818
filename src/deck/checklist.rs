//! The elements checklist: what the group has ticked on a case slide, which rule of a framework
//! that combination matches, and how it compares with the case's answer key.
//!
//! Pure logic, no terminal code: the panel widget (`ui::checklist`) renders what this module
//! computes, and the app keeps one [`CaseState`] per case slide (it is serialisable so the
//! session journal can record it and `--resume` can restore it).
//!
//! Indices everywhere point into the validated [`Checklist`]: groups and flags by position,
//! items as `(group, item)`. Nothing here panics on an index that does not exist (a stale
//! state after a live reload, a framework index past the end): such indices simply never
//! satisfy anything.
//!
//! There is deliberately no "consent" item or flag. Under the UN Protocol, art. 3(b), the
//! consent of a victim to the intended exploitation is irrelevant where any of the means has
//! been used, and under art. 3(c) a child's case needs no means at all; the Criminal Code says
//! no consent is valid (s. 279.01(2), s. 279.011(2)). So consent can never change a verdict,
//! and the checklist does not ask about it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::deck::model::{Answer, Checklist, Cond, Level, Rule, in_frameworks};

/// What the group has ticked on one case slide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    /// Ticked items as `(group index, item index)`.
    pub items: BTreeSet<(usize, usize)>,
    /// Set flags (indices into `Checklist::flags`).
    pub flags: BTreeSet<usize>,
    /// Whether the answer key has been revealed.
    pub revealed: bool,
}

impl CaseState {
    /// Ticks an item, or unticks it if it was ticked. Returns whether it is now ticked.
    pub fn toggle_item(&mut self, group: usize, item: usize) -> bool {
        toggle_in(&mut self.items, (group, item))
    }

    /// Sets a flag, or clears it if it was set. Returns whether it is now set.
    pub fn toggle_flag(&mut self, flag: usize) -> bool {
        toggle_in(&mut self.flags, flag)
    }

    /// Toggles whatever `row` is. Returns whether it is now ticked.
    pub fn toggle(&mut self, row: Row) -> bool {
        match row {
            Row::Item(g, i) => self.toggle_item(g, i),
            Row::Flag(f) => self.toggle_flag(f),
        }
    }

    /// Whether `row` is ticked.
    pub fn is_ticked(&self, row: Row) -> bool {
        match row {
            Row::Item(g, i) => self.items.contains(&(g, i)),
            Row::Flag(f) => self.flags.contains(&f),
        }
    }

    /// This state with every row of `cl` the other way round (ticked rows unticked, the rest
    /// ticked), the answer key as it is: each row's other mark in one comparison, and — from
    /// the empty state — everything ticked.
    pub fn flipped(&self, cl: &Checklist) -> CaseState {
        let mut out = CaseState {
            revealed: self.revealed,
            ..CaseState::default()
        };
        for row in rows(cl) {
            if !self.is_ticked(row) {
                out.toggle(row);
            }
        }
        out
    }

    /// Drops ticks that do not exist in `cl` (after a live reload changed the checklist).
    pub fn retain_valid(&mut self, cl: &Checklist) {
        self.items.retain(|&(g, i)| item_exists(cl, g, i));
        self.flags.retain(|&f| f < cl.flags.len());
    }
}

fn toggle_in<T: Ord>(set: &mut BTreeSet<T>, value: T) -> bool {
    if set.remove(&value) {
        false
    } else {
        set.insert(value);
        true
    }
}

fn item_exists(cl: &Checklist, group: usize, item: usize) -> bool {
    cl.groups.get(group).is_some_and(|g| item < g.items.len())
}

/// Whether `row` exists in `cl` (a row from outside — a participant's page — may not).
pub fn row_exists(cl: &Checklist, row: Row) -> bool {
    match row {
        Row::Item(g, i) => item_exists(cl, g, i),
        Row::Flag(f) => f < cl.flags.len(),
    }
}

/// Whether framework `fw` exists: with an index past the end, every row is used (the panel
/// then shows everything rather than nothing).
fn known(cl: &Checklist, fw: usize) -> bool {
    fw < cl.frameworks.len()
}

/// Whether framework `fw` uses group `g` (and it exists).
pub fn uses_group(cl: &Checklist, fw: usize, g: usize) -> bool {
    cl.groups
        .get(g)
        .is_some_and(|group| !known(cl, fw) || in_frameworks(&group.frameworks, fw))
}

/// Whether framework `fw` uses item `i` of group `g` (and it exists).
pub fn uses_item(cl: &Checklist, fw: usize, g: usize, i: usize) -> bool {
    uses_group(cl, fw, g)
        && cl.groups[g]
            .items
            .get(i)
            .is_some_and(|item| !known(cl, fw) || in_frameworks(&item.frameworks, fw))
}

/// Whether framework `fw` uses flag `f` (and it exists).
pub fn uses_flag(cl: &Checklist, fw: usize, f: usize) -> bool {
    cl.flags
        .get(f)
        .is_some_and(|flag| !known(cl, fw) || in_frameworks(&flag.frameworks, fw))
}

/// Whether framework `fw` uses `row`.
pub fn uses_row(cl: &Checklist, fw: usize, row: Row) -> bool {
    match row {
        Row::Item(g, i) => uses_item(cl, fw, g, i),
        Row::Flag(f) => uses_flag(cl, fw, f),
    }
}

/// One selectable row of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Row {
    /// Item `.1` of group `.0`.
    Item(usize, usize),
    /// Flag `.0`.
    Flag(usize),
}

/// Every row of the checklist, in display order: every group's items, group by group, then
/// the flags, whichever framework uses them.
pub fn rows(cl: &Checklist) -> Vec<Row> {
    let items = cl
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.items.len()).map(move |i| Row::Item(g, i)));
    let flags = (0..cl.flags.len()).map(Row::Flag);
    items.chain(flags).collect()
}

/// The panel's selectable rows under framework `fw`, in display order: [`rows`] without the
/// ones the framework does not use. The panel cursor is an index into this list.
pub fn rows_for(cl: &Checklist, fw: usize) -> Vec<Row> {
    rows(cl)
        .into_iter()
        .filter(|&r| uses_row(cl, fw, r))
        .collect()
}

/// Where the row under `cursor` in framework `from`'s rows is in framework `to`'s: the same
/// row if `to` uses it, else the nearest row before it that `to` uses (so switching
/// frameworks keeps the cursor in place).
pub fn cursor_after_switch(cl: &Checklist, from: usize, to: usize, cursor: usize) -> usize {
    let old = rows_for(cl, from);
    let new = rows_for(cl, to);
    let Some(&row) = old.get(cursor) else {
        return cursor.min(new.len().saturating_sub(1));
    };
    new.iter()
        .rposition(|&r| r <= row)
        .unwrap_or(0)
        .min(new.len().saturating_sub(1))
}

/// Toggles the item or flag of `row`. Returns whether it is now ticked.
pub fn toggle_row(st: &mut CaseState, row: Row) -> bool {
    st.toggle(row)
}

/// The verdict of a framework for a state: the first rule that matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Index of the matching rule in the framework, `None` when no rule matches (a framework
    /// without a fallback rule, or a framework index that does not exist).
    pub rule: Option<usize>,
    /// The rule's text (empty when no rule matches).
    pub say: String,
    /// The rule's level (`Incomplete` when no rule matches).
    pub level: Level,
}

impl Verdict {
    /// Whether a rule matched at the `Indicated` level.
    pub fn indicated(&self) -> bool {
        self.rule.is_some() && self.level == Level::Indicated
    }
}

/// Whether group `g` has at least one ticked item that framework `fw` uses.
fn group_satisfied(cl: &Checklist, fw: usize, st: &CaseState, g: usize) -> bool {
    st.items
        .range((g, 0)..=(g, usize::MAX))
        .any(|&(g, i)| uses_item(cl, fw, g, i))
}

/// Whether a rule condition holds under framework `fw`.
fn holds(cl: &Checklist, fw: usize, st: &CaseState, c: Cond) -> bool {
    match c {
        Cond::Group(g) => group_satisfied(cl, fw, st, g),
        Cond::Item(g, i) => st.items.contains(&(g, i)) && uses_item(cl, fw, g, i),
    }
}

/// Whether `rule` matches under framework `fw`: every `all` condition holds, one of `any`
/// does (when there are any), and every flag is set (and used by the framework).
pub fn rule_holds(cl: &Checklist, fw: usize, st: &CaseState, rule: &Rule) -> bool {
    rule.all.iter().all(|&c| holds(cl, fw, st, c))
        && (rule.any.is_empty() || rule.any.iter().any(|&c| holds(cl, fw, st, c)))
        && rule
            .flags
            .iter()
            .all(|&f| st.flags.contains(&f) && uses_flag(cl, fw, f))
}

/// Evaluates the rules of framework `framework` in order and returns the first match. Ticks
/// on rows the framework does not use count for nothing. A rule naming a group or item that
/// does not exist never matches.
pub fn evaluate(cl: &Checklist, framework: usize, st: &CaseState) -> Verdict {
    let no_match = Verdict {
        rule: None,
        say: String::new(),
        level: Level::Incomplete,
    };
    let Some(fw) = cl.frameworks.get(framework) else {
        return no_match;
    };
    fw.rules
        .iter()
        .enumerate()
        .find(|(_, r)| rule_holds(cl, framework, st, r))
        .map(|(i, r)| Verdict {
            rule: Some(i),
            say: r.say.clone(),
            level: r.level,
        })
        .unwrap_or(no_match)
}

/// For each group, whether it has at least one ticked item that framework `fw` uses.
pub fn group_status(cl: &Checklist, fw: usize, st: &CaseState) -> Vec<bool> {
    (0..cl.groups.len())
        .map(|g| group_satisfied(cl, fw, st, g))
        .collect()
}

/// Whether framework `fw` requires group `g`: some `Indicated` rule asks for the group as a
/// whole. Under the Criminal Code, MEANS is evidence (s. 279.04(2)), not required, so the
/// panel does not call it "missing". With a framework index that does not exist, every group
/// is required.
pub fn required(cl: &Checklist, fw: usize, g: usize) -> bool {
    let Some(framework) = cl.frameworks.get(fw) else {
        return true;
    };
    framework
        .rules
        .iter()
        .filter(|r| r.level == Level::Indicated)
        .any(|r| r.all.contains(&Cond::Group(g)))
}

/// Labels of the groups with nothing ticked, in checklist order ("missing: MEANS").
pub fn missing<'a>(cl: &'a Checklist, st: &CaseState) -> Vec<&'a str> {
    cl.groups
        .iter()
        .enumerate()
        .filter(|&(g, _)| !group_satisfied(cl, usize::MAX, st, g))
        .map(|(_, group)| group.label.as_str())
        .collect()
}

/// A rule condition as the "missing:" line names it: a group's label, or an item's short
/// label (else its label).
pub fn cond_label(cl: &Checklist, c: Cond) -> String {
    match c {
        Cond::Group(g) => cl
            .groups
            .get(g)
            .map(|g| g.label.clone())
            .unwrap_or_default(),
        Cond::Item(g, i) => cl
            .groups
            .get(g)
            .and_then(|group| group.items.get(i))
            .map(|item| item.short.as_ref().unwrap_or(&item.label).clone())
            .unwrap_or_default(),
    }
}

/// What is still missing for the nearest `Indicated` rule of the framework: of the rules whose
/// flags are set, the one with the fewest unmet conditions (the first on a tie), and those
/// conditions' labels ("missing: SAFETY TEST"). An unmet `any` list counts once: its group's
/// label when all of it is in one group, else its labels joined with " or ". Flags are facts
/// about the person, never "missing". With a framework index that does not exist, this is
/// [`missing`].
pub fn missing_for(cl: &Checklist, framework: usize, st: &CaseState) -> Vec<String> {
    let Some(fw) = cl.frameworks.get(framework) else {
        return missing(cl, st).into_iter().map(str::to_owned).collect();
    };
    let unmet = |r: &Rule| -> Vec<String> {
        let mut out: Vec<String> = r
            .all
            .iter()
            .filter(|&&c| !holds(cl, framework, st, c))
            .map(|&c| cond_label(cl, c))
            .collect();
        if !r.any.is_empty() && !r.any.iter().any(|&c| holds(cl, framework, st, c)) {
            let group_of = |c: &Cond| match *c {
                Cond::Group(g) | Cond::Item(g, _) => g,
            };
            let first = group_of(&r.any[0]);
            if r.any.iter().all(|c| group_of(c) == first) && r.any.len() > 1 {
                out.push(cond_label(cl, Cond::Group(first)));
            } else {
                let labels: Vec<String> = r.any.iter().map(|&c| cond_label(cl, c)).collect();
                out.push(labels.join(" or "));
            }
        }
        out
    };
    fw.rules
        .iter()
        .filter(|r| r.level == Level::Indicated)
        .filter(|r| {
            r.flags
                .iter()
                .all(|&f| st.flags.contains(&f) && uses_flag(cl, framework, f))
        })
        .map(unmet)
        .min_by_key(Vec::len)
        .unwrap_or_default()
}

/// How one row compares with the answer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    /// Ticked, and in the key.
    Agreed,
    /// In the key, not ticked.
    Missed,
    /// Ticked, not in the key.
    Extra,
    /// Ticked, and the key calls it defensible: "also fair".
    Fair,
}

/// The group's ticks against the answer key. Rows that are neither ticked nor in the key have
/// no mark.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub items: BTreeMap<(usize, usize), Mark>,
    pub flags: BTreeMap<usize, Mark>,
}

impl Comparison {
    /// The mark of a row, if it has one.
    pub fn mark(&self, row: Row) -> Option<Mark> {
        match row {
            Row::Item(g, i) => self.items.get(&(g, i)).copied(),
            Row::Flag(f) => self.flags.get(&f).copied(),
        }
    }

    /// How many rows (items and flags) carry `mark`.
    pub fn count(&self, mark: Mark) -> usize {
        self.items
            .values()
            .chain(self.flags.values())
            .filter(|&&m| m == mark)
            .count()
    }

    /// True when every ticked row is in the key (or defensible) and every key row is ticked.
    pub fn all_agreed(&self) -> bool {
        self.count(Mark::Missed) == 0 && self.count(Mark::Extra) == 0
    }
}

fn compare_sets<K: Ord + Copy>(
    key: &BTreeSet<K>,
    fair: &BTreeSet<K>,
    ticked: &BTreeSet<K>,
) -> BTreeMap<K, Mark> {
    let mut out = BTreeMap::new();
    for &k in key.union(ticked) {
        let mark = match (key.contains(&k), ticked.contains(&k)) {
            (true, true) => Mark::Agreed,
            (true, false) => Mark::Missed,
            _ if fair.contains(&k) => Mark::Fair,
            _ => Mark::Extra,
        };
        out.insert(k, mark);
    }
    out
}

/// Compares the ticks with the answer key under framework `fw` (its own key, if the case has
/// one for it): agreed, missed, extra and "also fair" rows. Only rows the framework uses are
/// compared, so a key can name every framework's items.
pub fn compare(cl: &Checklist, answer: &Answer, fw: usize, st: &CaseState) -> Comparison {
    let key = answer.for_framework(fw);
    let item_set = |list: &[(usize, usize)]| -> BTreeSet<(usize, usize)> {
        list.iter()
            .copied()
            .filter(|&(g, i)| uses_item(cl, fw, g, i))
            .collect()
    };
    let flag_set = |list: &[usize]| -> BTreeSet<usize> {
        list.iter()
            .copied()
            .filter(|&f| uses_flag(cl, fw, f))
            .collect()
    };
    let ticked_items: Vec<(usize, usize)> = st.items.iter().copied().collect();
    let ticked_flags: Vec<usize> = st.flags.iter().copied().collect();
    Comparison {
        items: compare_sets(
            &item_set(&key.items),
            &item_set(&key.defensible),
            &item_set(&ticked_items),
        ),
        flags: compare_sets(
            &flag_set(&key.flags),
            &flag_set(&key.defensible_flags),
            &flag_set(&ticked_flags),
        ),
    }
}

/// The checklist of the bundled decks, for tests here and in the panel widget.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::deck::model::Checklist;

    pub const ACT: usize = 0;
    pub const MEANS: usize = 1;
    pub const PURPOSE: usize = 2;
    pub const SAFETY: usize = 3;
    pub const MINOR: usize = 0;
    pub const PROTOCOL: usize = 0;
    pub const CANADA: usize = 1;

    fn load(text: &str) -> Checklist {
        crate::deck::load_str(text)
            .ok()
            .and_then(|l| l.deck.checklist)
            .expect("the bundled deck has a checklist")
    }

    /// The English deck's checklist.
    pub fn checklist() -> Checklist {
        load(crate::deck::bundled::AWARENESS_EN)
    }

    /// The French deck's checklist.
    pub fn checklist_fr() -> Checklist {
        load(crate::deck::bundled::AWARENESS_FR)
    }

    /// An item by `group.item` id.
    pub fn item(cl: &Checklist, id: &str) -> (usize, usize) {
        let (g, i) = id.split_once('.').expect("group.item");
        let gi = cl.groups.iter().position(|x| x.id == g).expect("group");
        let ii = cl.groups[gi]
            .items
            .iter()
            .position(|x| x.id == i)
            .expect("item");
        (gi, ii)
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;

    fn state(cl: &Checklist, items: &[&str], flags: &[usize]) -> CaseState {
        CaseState {
            items: items.iter().map(|id| item(cl, id)).collect(),
            flags: flags.iter().copied().collect(),
            revealed: false,
        }
    }

    #[test]
    fn flipped_turns_every_row_the_other_way_and_keeps_the_key() {
        let cl = checklist();
        let mut st = state(&cl, &["act.recruitment", "purpose.sexual"], &[MINOR]);
        st.revealed = true;
        let f = st.flipped(&cl);
        assert!(f.revealed);
        for row in rows(&cl) {
            assert_ne!(st.is_ticked(row), f.is_ticked(row), "{row:?}");
        }
        assert_eq!(f.flipped(&cl), st, "flipping twice is where we started");
        let all = CaseState::default().flipped(&cl);
        assert_eq!(all.items.len() + all.flags.len(), rows(&cl).len());
    }

    /// Every verdict of both frameworks, for both bundled decks (their rules are the same):
    /// adult and child, with and without the safety test, organ removal with and without
    /// means, ACT only, PURPOSE only. There is no consent input: "she agreed" adds nothing,
    /// so a case with consent present has the same ticks and the same verdict.
    #[test]
    fn every_verdict_of_both_frameworks() {
        use Level::{Incomplete as No, Indicated as Yes};
        type Case<'a> = (&'a str, usize, &'a [&'a str], &'a [usize], usize, Level);
        #[rustfmt::skip]
        let table: &[Case] = &[
            // UN Protocol, art. 3
            ("nothing ticked", PROTOCOL, &[], &[], 3, No),
            ("ACT only", PROTOCOL, &["act.recruitment"], &[], 3, No),
            ("PURPOSE only", PROTOCOL, &["purpose.forced-labour"], &[], 3, No),
            ("adult: act, means, purpose", PROTOCOL, &["act.recruitment", "means.coercion", "purpose.forced-labour"], &[], 0, Yes),
            ("consent present: same ticks, same verdict", PROTOCOL, &["act.recruitment", "means.deception", "purpose.sexual"], &[], 0, Yes),
            ("adult without means", PROTOCOL, &["act.harbouring", "purpose.sexual"], &[], 2, No),
            ("child: act + purpose suffice (3(c))", PROTOCOL, &["act.recruitment", "purpose.sexual"], &[MINOR], 1, Yes),
            ("child with means", PROTOCOL, &["act.recruitment", "means.fraud", "purpose.sexual"], &[MINOR], 0, Yes),
            ("child without purpose", PROTOCOL, &["act.recruitment", "means.coercion"], &[MINOR], 3, No),
            ("organ removal with means", PROTOCOL, &["act.transportation", "means.deception", "purpose.organs"], &[], 0, Yes),
            ("organ removal without means", PROTOCOL, &["act.transportation", "purpose.organs"], &[], 2, No),
            ("the Code's safety test counts for nothing here", PROTOCOL, &["act.recruitment", "safety.fear", "purpose.forced-labour"], &[], 2, No),
            ("a Code-only act counts for nothing here", PROTOCOL, &["act.movements", "means.coercion", "purpose.forced-labour"], &[], 3, No),
            // Criminal Code of Canada
            ("nothing ticked", CANADA, &[], &[], 8, No),
            ("ACT only", CANADA, &["act.recruitment"], &[], 8, No),
            ("PURPOSE only", CANADA, &["purpose.forced-labour"], &[], 8, No),
            ("adult: act + purpose, no safety test (a bad job)", CANADA, &["act.recruitment", "purpose.forced-labour"], &[], 7, No),
            ("adult: act + means + purpose, no safety test", CANADA, &["act.recruitment", "means.deception", "purpose.sexual"], &[], 7, No),
            ("adult: act + safety test + purpose", CANADA, &["act.harbouring", "safety.fear", "purpose.forced-labour"], &[], 2, Yes),
            ("consent present: same ticks, same verdict", CANADA, &["act.harbouring", "safety.fear", "purpose.sexual"], &[], 2, Yes),
            ("influence over movements is an act", CANADA, &["act.movements", "safety.fear", "purpose.sexual"], &[], 2, Yes),
            ("act + safety test, no purpose", CANADA, &["act.recruitment", "safety.fear"], &[], 8, No),
            ("child: act + purpose, no safety test", CANADA, &["act.recruitment", "purpose.forced-labour"], &[MINOR], 7, No),
            ("child, sexual: asks for the safety test", CANADA, &["act.recruitment", "purpose.sexual"], &[MINOR], 6, No),
            ("child, sexual, safety test: s. 279.011 and ss. 286.2(2)/286.3(2)", CANADA, &["act.recruitment", "safety.fear", "purpose.sexual"], &[MINOR], 0, Yes),
            ("child, labour, safety test: s. 279.011", CANADA, &["act.recruitment", "safety.fear", "purpose.forced-labour"], &[MINOR], 1, Yes),
            ("organ removal with coercion", CANADA, &["act.transportation", "means.coercion", "purpose.organs"], &[], 4, Yes),
            ("organ removal with deception", CANADA, &["act.transportation", "means.deception", "purpose.organs"], &[], 4, Yes),
            ("organ removal, child, with means", CANADA, &["act.transportation", "means.deception", "purpose.organs"], &[MINOR], 3, Yes),
            ("organ removal without means", CANADA, &["act.transportation", "purpose.organs"], &[], 5, No),
            ("organ removal with a means the Code does not name", CANADA, &["act.transportation", "means.trust", "purpose.organs"], &[], 5, No),
            ("organ removal, Protocol-only means ignored", CANADA, &["act.transportation", "means.fraud", "purpose.organs"], &[], 5, No),
        ];
        for (lang, cl) in [("en", checklist()), ("fr", checklist_fr())] {
            for &(case, fw, items, flags, rule, level) in table {
                let v = evaluate(&cl, fw, &state(&cl, items, flags));
                let fw_id = &cl.frameworks[fw].id;
                assert_eq!(v.rule, Some(rule), "{lang} {fw_id}: {case}");
                assert_eq!(v.level, level, "{lang} {fw_id}: {case}");
                assert_eq!(
                    v.say, cl.frameworks[fw].rules[rule].say,
                    "{lang} {fw_id}: {case}"
                );
            }
        }
    }

    #[test]
    fn no_consent_input_exists() {
        // Consent never changes a verdict (Protocol art. 3(b); Code s. 279.01(2)), so the
        // checklist does not ask about it.
        let cl = checklist();
        let ids = rows(&cl).into_iter().map(|r| match r {
            Row::Item(g, i) => cl.groups[g].items[i].id.clone(),
            Row::Flag(f) => cl.flags[f].id.clone(),
        });
        for id in ids {
            assert!(!id.contains("consent"), "{id}");
        }
    }

    #[test]
    fn the_protocol_truth_table() {
        let cl = checklist();
        for mask in 0u8..16 {
            let (act, means, purpose, minor) =
                (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0);
            let mut st = CaseState::default();
            if act {
                st.toggle_item(ACT, 1);
            }
            if means {
                st.toggle_item(MEANS, 0);
            }
            if purpose {
                st.toggle_item(PURPOSE, 1);
            }
            if minor {
                st.toggle_flag(MINOR);
            }
            assert_eq!(
                evaluate(&cl, PROTOCOL, &st).indicated(),
                act && purpose && (means || minor),
                "act={act} means={means} purpose={purpose} minor={minor}"
            );
            // Without the safety test, nothing is indicated under the Code.
            assert!(!evaluate(&cl, CANADA, &st).indicated());
        }
    }

    #[test]
    fn rows_differ_by_framework() {
        let cl = checklist();
        let p = rows_for(&cl, PROTOCOL);
        let c = rows_for(&cl, CANADA);
        let safety = Row::Item(SAFETY, 0);
        let movements = Row::Item(item(&cl, "act.movements").0, item(&cl, "act.movements").1);
        let (fg, fi) = item(&cl, "means.fraud");
        assert!(c.contains(&safety) && !p.contains(&safety));
        assert!(c.contains(&movements) && !p.contains(&movements));
        assert!(p.contains(&Row::Item(fg, fi)) && !c.contains(&Row::Item(fg, fi)));
        assert!(p.contains(&Row::Flag(MINOR)) && c.contains(&Row::Flag(MINOR)));
        assert_eq!(rows_for(&cl, 9), rows(&cl));
        // Switching keeps the cursor on the same row, or the nearest one before it.
        let harbour = p.iter().position(|&r| r == Row::Item(ACT, 3)).expect("row");
        let after = cursor_after_switch(&cl, PROTOCOL, CANADA, harbour);
        assert_eq!(c[after], Row::Item(ACT, 3));
        let fraud = p.iter().position(|&r| r == Row::Item(fg, fi)).expect("row");
        let after = cursor_after_switch(&cl, PROTOCOL, CANADA, fraud);
        assert!(c[after] < Row::Item(fg, fi));
        assert_eq!(cursor_after_switch(&cl, PROTOCOL, CANADA, 999), c.len() - 1);
    }

    #[test]
    fn missing_names_what_the_nearest_rule_needs() {
        let cl = checklist();
        let st = state(&cl, &["act.harbouring", "purpose.sexual"], &[]);
        assert_eq!(missing_for(&cl, PROTOCOL, &st), vec!["MEANS"]);
        assert_eq!(missing_for(&cl, CANADA, &st), vec!["SAFETY TEST"]);
        let child = state(&cl, &[], &[MINOR]);
        assert_eq!(missing_for(&cl, PROTOCOL, &child), vec!["ACT", "PURPOSE"]);
        let empty = CaseState::default();
        assert_eq!(
            missing_for(&cl, PROTOCOL, &empty),
            vec!["ACT", "MEANS", "PURPOSE"]
        );
        assert_eq!(
            missing_for(&cl, CANADA, &empty),
            vec!["ACT", "SAFETY TEST", "PURPOSE"]
        );
        // Organ removal under the Code: one of the named means.
        let organs = state(&cl, &["act.transportation", "purpose.organs"], &[]);
        assert_eq!(missing_for(&cl, CANADA, &organs), vec!["SAFETY TEST"]);
        assert_eq!(missing_for(&cl, 9, &empty).len(), 4);
        // MEANS is required under the Protocol, evidence under the Code.
        assert!(required(&cl, PROTOCOL, MEANS));
        assert!(!required(&cl, CANADA, MEANS));
        assert!(required(&cl, CANADA, SAFETY));
    }

    #[test]
    fn out_of_range_indices_do_not_panic_or_match() {
        let cl = checklist();
        let st = state(
            &cl,
            &["act.recruitment", "means.coercion", "purpose.sexual"],
            &[MINOR],
        );
        let v = evaluate(&cl, 7, &st);
        assert_eq!(v.rule, None);
        assert!(!v.indicated());
        let stale = CaseState {
            items: [(ACT, 99), (9, 0), (PURPOSE, 0), (MEANS, 0)]
                .into_iter()
                .collect(),
            flags: [42].into_iter().collect(),
            revealed: false,
        };
        assert_eq!(evaluate(&cl, PROTOCOL, &stale).rule, Some(3));
        assert_eq!(
            group_status(&cl, PROTOCOL, &stale),
            vec![false, true, true, false]
        );
        let mut odd = cl.clone();
        odd.frameworks[PROTOCOL].rules.pop();
        assert_eq!(evaluate(&odd, PROTOCOL, &CaseState::default()).rule, None);
    }

    #[test]
    fn retain_valid_drops_stale_ticks() {
        let cl = checklist();
        let mut st = CaseState {
            items: [(ACT, 99), (9, 0), (PURPOSE, 0)].into_iter().collect(),
            flags: [42, MINOR].into_iter().collect(),
            revealed: false,
        };
        st.retain_valid(&cl);
        assert_eq!(st.items, [(PURPOSE, 0)].into_iter().collect());
        assert_eq!(st.flags, [MINOR].into_iter().collect());
    }

    #[test]
    fn case_state_round_trips_through_json() {
        let cl = checklist();
        let st = CaseState {
            revealed: true,
            ..state(&cl, &["act.harbouring"], &[MINOR])
        };
        let json = serde_json::to_string(&st).expect("serialise");
        let back: CaseState = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, st);
    }

    #[test]
    fn comparison_with_defensible_items_and_framework_keys() {
        let cl = checklist();
        let (recruit, sexual, deception, fear, fraud) = (
            item(&cl, "act.recruitment"),
            item(&cl, "purpose.sexual"),
            item(&cl, "means.deception"),
            item(&cl, "safety.fear"),
            item(&cl, "means.fraud"),
        );
        let key = Answer {
            items: vec![recruit, sexual],
            flags: vec![MINOR],
            defensible: vec![deception, fraud],
            defensible_flags: vec![],
            by_framework: vec![(
                CANADA,
                Answer {
                    items: vec![recruit, sexual],
                    flags: vec![MINOR],
                    defensible: vec![fear, deception],
                    ..Answer::default()
                },
            )],
        };
        let st = CaseState {
            items: [recruit, sexual, deception, fear, fraud]
                .into_iter()
                .collect(),
            flags: [MINOR].into_iter().collect(),
            revealed: true,
        };
        let c = compare(&cl, &key, PROTOCOL, &st);
        assert_eq!(c.mark(Row::Item(recruit.0, recruit.1)), Some(Mark::Agreed));
        assert_eq!(
            c.mark(Row::Item(deception.0, deception.1)),
            Some(Mark::Fair)
        );
        assert_eq!(c.mark(Row::Item(fraud.0, fraud.1)), Some(Mark::Fair));
        // The Code's row is not compared under the Protocol.
        assert_eq!(c.mark(Row::Item(fear.0, fear.1)), None);
        assert!(c.all_agreed());
        let c = compare(&cl, &key, CANADA, &st);
        assert_eq!(c.mark(Row::Item(fear.0, fear.1)), Some(Mark::Fair));
        assert_eq!(c.mark(Row::Item(fraud.0, fraud.1)), None);
        assert_eq!(c.count(Mark::Fair), 2);
        let c = compare(&cl, &key, CANADA, &state(&cl, &["act.recruitment"], &[]));
        assert_eq!(c.count(Mark::Missed), 2);
        assert!(!c.all_agreed());
    }

    mod props {
        use super::super::fixture::*;
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn evaluate_never_panics_and_returns_a_rule_of_the_framework(
                items in proptest::collection::btree_set((0usize..5, 0usize..8), 0..20),
                flags in proptest::collection::btree_set(0usize..3, 0..3),
                fw in 0usize..4,
            ) {
                let cl = checklist();
                let st = CaseState { items, flags, revealed: false };
                let v = evaluate(&cl, fw, &st);
                match cl.frameworks.get(fw) {
                    Some(framework) => {
                        let rule = v.rule.expect("a rule");
                        prop_assert!(rule < framework.rules.len());
                        prop_assert_eq!(&v.say, &framework.rules[rule].say);
                        prop_assert!(rule_holds(&cl, fw, &st, &framework.rules[rule]));
                        prop_assert!(framework.rules[..rule].iter().all(|r| !rule_holds(&cl, fw, &st, r)));
                    }
                    None => prop_assert_eq!(v.rule, None),
                }
                let _ = missing(&cl, &st);
                let _ = missing_for(&cl, fw, &st);
                let _ = rows_for(&cl, fw);
            }
        }
    }
}
