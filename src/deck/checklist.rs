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

use crate::deck::model::{Answer, Checklist, Level};

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

/// One selectable row of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Row {
    /// Item `.1` of group `.0`.
    Item(usize, usize),
    /// Flag `.0`.
    Flag(usize),
}

/// The panel's selectable rows, in display order: every group's items, group by group, then
/// the flags. The panel cursor is an index into this list.
pub fn rows(cl: &Checklist) -> Vec<Row> {
    let items = cl
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.items.len()).map(move |i| Row::Item(g, i)));
    let flags = (0..cl.flags.len()).map(Row::Flag);
    items.chain(flags).collect()
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

/// Whether group `g` has at least one ticked item that exists.
fn group_satisfied(cl: &Checklist, st: &CaseState, g: usize) -> bool {
    st.items
        .range((g, 0)..=(g, usize::MAX))
        .any(|&(g, i)| item_exists(cl, g, i))
}

/// Evaluates the rules of framework `framework` in order and returns the first match: every
/// group in `all` has at least one ticked item and every flag in `flags` is set. A rule naming
/// a group that does not exist never matches.
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
        .find(|(_, r)| {
            r.all.iter().all(|&g| group_satisfied(cl, st, g))
                && r.flags.iter().all(|f| st.flags.contains(f))
        })
        .map(|(i, r)| Verdict {
            rule: Some(i),
            say: r.say.clone(),
            level: r.level,
        })
        .unwrap_or(no_match)
}

/// For each group, whether it has at least one ticked item.
pub fn group_status(cl: &Checklist, st: &CaseState) -> Vec<bool> {
    (0..cl.groups.len())
        .map(|g| group_satisfied(cl, st, g))
        .collect()
}

/// Labels of the groups with nothing ticked, in checklist order ("missing: MEANS").
pub fn missing<'a>(cl: &'a Checklist, st: &CaseState) -> Vec<&'a str> {
    cl.groups
        .iter()
        .enumerate()
        .filter(|&(g, _)| !group_satisfied(cl, st, g))
        .map(|(_, group)| group.label.as_str())
        .collect()
}

/// Like [`missing`], but only groups that some `Indicated` rule of the framework asks for: under
/// the Criminal Code, MEANS is supporting evidence, not a missing element. With a framework
/// index that does not exist, this is [`missing`].
pub fn missing_for<'a>(cl: &'a Checklist, framework: usize, st: &CaseState) -> Vec<&'a str> {
    let Some(fw) = cl.frameworks.get(framework) else {
        return missing(cl, st);
    };
    let needed: BTreeSet<usize> = fw
        .rules
        .iter()
        .filter(|r| r.level == Level::Indicated)
        .flat_map(|r| r.all.iter().copied())
        .collect();
    cl.groups
        .iter()
        .enumerate()
        .filter(|&(g, _)| needed.contains(&g) && !group_satisfied(cl, st, g))
        .map(|(_, group)| group.label.as_str())
        .collect()
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

    /// True when every ticked row is in the key and every key row is ticked.
    pub fn all_agreed(&self) -> bool {
        self.count(Mark::Missed) == 0 && self.count(Mark::Extra) == 0
    }
}

fn compare_sets<K: Ord + Copy>(key: &BTreeSet<K>, ticked: &BTreeSet<K>) -> BTreeMap<K, Mark> {
    let mut out = BTreeMap::new();
    for &k in key.union(ticked) {
        let mark = match (key.contains(&k), ticked.contains(&k)) {
            (true, true) => Mark::Agreed,
            (true, false) => Mark::Missed,
            _ => Mark::Extra,
        };
        out.insert(k, mark);
    }
    out
}

/// Compares the ticks with an answer key: agreed, missed and extra items and flags.
pub fn compare(answer: &Answer, st: &CaseState) -> Comparison {
    let key_items: BTreeSet<(usize, usize)> = answer.items.iter().copied().collect();
    let key_flags: BTreeSet<usize> = answer.flags.iter().copied().collect();
    Comparison {
        items: compare_sets(&key_items, &st.items),
        flags: compare_sets(&key_flags, &st.flags),
    }
}

/// The checklist of the bundled deck (mirroring `deck-sketch.toml`), for tests here and in the
/// panel widget.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::deck::model::{Checklist, Flag, Framework, Group, Item, Level, Rule};

    pub const ACT: usize = 0;
    pub const MEANS: usize = 1;
    pub const PURPOSE: usize = 2;
    pub const MINOR: usize = 0;
    pub const PROTOCOL: usize = 0;
    pub const CANADA: usize = 1;

    fn group(id: &str, label: &str, question: &str, items: &[(&str, &str)]) -> Group {
        Group {
            id: id.into(),
            label: label.into(),
            question: Some(question.into()),
            items: items
                .iter()
                .map(|&(id, label)| Item {
                    id: id.into(),
                    label: label.into(),
                })
                .collect(),
        }
    }

    fn rule(all: &[usize], flags: &[usize], say: &str, level: Level) -> Rule {
        Rule {
            all: all.to_vec(),
            flags: flags.to_vec(),
            say: say.into(),
            level,
        }
    }

    pub fn checklist() -> Checklist {
        Checklist {
            title: "Key elements of trafficking".into(),
            disclaimer: Some("A teaching aid, not a legal determination.".into()),
            groups: vec![
                group(
                    "act",
                    "ACT",
                    "What was done?",
                    &[
                        ("recruitment", "Recruitment"),
                        ("transportation", "Transportation"),
                        ("transfer", "Transfer"),
                        ("harbouring", "Harbouring"),
                        ("receipt", "Receipt of persons"),
                    ],
                ),
                group(
                    "means",
                    "MEANS",
                    "How was it done?",
                    &[
                        ("threat", "Threat or coercion"),
                        ("abduction", "Abduction"),
                        ("fraud", "Fraud or deception"),
                        ("abuse", "Abuse of power or of a position of vulnerability"),
                    ],
                ),
                group(
                    "purpose",
                    "PURPOSE",
                    "Why was it done?",
                    &[("exploitation", "Exploitation")],
                ),
            ],
            flags: vec![Flag {
                id: "minor".into(),
                label: "The person is under 18".into(),
            }],
            frameworks: vec![
                Framework {
                    id: "protocol".into(),
                    label: "UN Trafficking Protocol, art. 3".into(),
                    rules: vec![
                        rule(
                            &[ACT, MEANS, PURPOSE],
                            &[],
                            "All three elements: this indicates trafficking in persons.",
                            Level::Indicated,
                        ),
                        rule(
                            &[ACT, PURPOSE],
                            &[MINOR],
                            "A child: act and purpose are enough — no means needed (art. 3(c)).",
                            Level::Indicated,
                        ),
                        rule(
                            &[ACT, PURPOSE],
                            &[],
                            "An adult: act and purpose, but no means identified yet.",
                            Level::Incomplete,
                        ),
                        rule(
                            &[],
                            &[],
                            "Not all elements identified yet.",
                            Level::Incomplete,
                        ),
                    ],
                },
                Framework {
                    id: "canada".into(),
                    label: "Criminal Code of Canada, s. 279.01".into(),
                    rules: vec![
                        rule(
                            &[ACT, PURPOSE],
                            &[],
                            "Act and exploitation (s. 279.04): indicates the offence; means support the case.",
                            Level::Indicated,
                        ),
                        rule(
                            &[],
                            &[],
                            "Not all elements identified yet.",
                            Level::Incomplete,
                        ),
                    ],
                },
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;

    fn state(items: &[(usize, usize)], flags: &[usize]) -> CaseState {
        CaseState {
            items: items.iter().copied().collect(),
            flags: flags.iter().copied().collect(),
            revealed: false,
        }
    }

    // Item shorthands (group, item) in the fixture.
    const RECRUIT: (usize, usize) = (ACT, 0);
    const HARBOUR: (usize, usize) = (ACT, 3);
    const THREAT: (usize, usize) = (MEANS, 0);
    const FRAUD: (usize, usize) = (MEANS, 2);
    const ABUSE: (usize, usize) = (MEANS, 3);
    const EXPLOIT: (usize, usize) = (PURPOSE, 0);

    #[test]
    fn rule_evaluation_table() {
        let cl = checklist();
        use Level::{Incomplete as No, Indicated as Yes};
        // (case, framework, items, flags, expected rule, expected level)
        type Case<'a> = (
            &'a str,
            usize,
            &'a [(usize, usize)],
            &'a [usize],
            usize,
            Level,
        );
        #[rustfmt::skip]
        let table: &[Case] = &[
            // UN Protocol, art. 3
            ("nothing ticked", PROTOCOL, &[], &[], 3, No),
            ("adult: act, means, purpose", PROTOCOL, &[RECRUIT, THREAT, EXPLOIT], &[], 0, Yes),
            ("adult: several of each", PROTOCOL, &[RECRUIT, HARBOUR, FRAUD, ABUSE, EXPLOIT], &[], 0, Yes),
            ("adult without means: act + purpose is not enough", PROTOCOL, &[HARBOUR, EXPLOIT], &[], 2, No),
            ("child: act + purpose suffice (3(c))", PROTOCOL, &[RECRUIT, EXPLOIT], &[MINOR], 1, Yes),
            ("child with means: still the first rule", PROTOCOL, &[RECRUIT, THREAT, EXPLOIT], &[MINOR], 0, Yes),
            ("child without purpose", PROTOCOL, &[RECRUIT, THREAT], &[MINOR], 3, No),
            ("child without act", PROTOCOL, &[THREAT, EXPLOIT], &[MINOR], 3, No),
            ("means only", PROTOCOL, &[THREAT, FRAUD], &[], 3, No),
            ("act and means, no purpose (smuggling-like)", PROTOCOL, &[RECRUIT, FRAUD], &[], 3, No),
            ("under-18 flag alone", PROTOCOL, &[], &[MINOR], 3, No),
            // Criminal Code of Canada
            ("nothing ticked", CANADA, &[], &[], 1, No),
            ("act + purpose, no means", CANADA, &[HARBOUR, EXPLOIT], &[], 0, Yes),
            ("act + means + purpose", CANADA, &[HARBOUR, THREAT, EXPLOIT], &[], 0, Yes),
            ("child: act + purpose", CANADA, &[RECRUIT, EXPLOIT], &[MINOR], 0, Yes),
            ("act + means, no purpose", CANADA, &[RECRUIT, THREAT], &[], 1, No),
            ("purpose only", CANADA, &[EXPLOIT], &[], 1, No),
        ];
        for &(case, fw, items, flags, rule, level) in table {
            let v = evaluate(&cl, fw, &state(items, flags));
            let fw_id = &cl.frameworks[fw].id;
            assert_eq!(v.rule, Some(rule), "{fw_id}: {case}");
            assert_eq!(v.level, level, "{fw_id}: {case}");
            assert_eq!(v.say, cl.frameworks[fw].rules[rule].say, "{fw_id}: {case}");
        }
    }

    #[test]
    fn consent_never_matters() {
        // There is no consent item (art. 3(b): consent is irrelevant once means are used;
        // art. 3(c): a child's case needs no means). The checklist's only inputs are the
        // groups and the under-18 flag, so the verdict for every combination of groups is
        // fixed by them alone. Check the Protocol's whole truth table.
        let cl = checklist();
        for mask in 0u8..16 {
            let (act, means, purpose, minor) =
                (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0);
            let mut st = CaseState::default();
            if act {
                st.toggle_item(ACT, 1);
            }
            if means {
                st.toggle_item(MEANS, 1);
            }
            if purpose {
                st.toggle_item(PURPOSE, 0);
            }
            if minor {
                st.toggle_flag(MINOR);
            }
            let expected = act && purpose && (means || minor);
            assert_eq!(
                evaluate(&cl, PROTOCOL, &st).indicated(),
                expected,
                "act={act} means={means} purpose={purpose} minor={minor}"
            );
            assert_eq!(
                evaluate(&cl, CANADA, &st).indicated(),
                act && purpose,
                "canada: act={act} means={means} purpose={purpose} minor={minor}"
            );
        }
    }

    #[test]
    fn out_of_range_indices_do_not_panic_or_match() {
        let cl = checklist();
        let st = state(&[RECRUIT, THREAT, EXPLOIT], &[MINOR]);
        let v = evaluate(&cl, 7, &st);
        assert_eq!(v.rule, None);
        assert_eq!(v.level, Level::Incomplete);
        assert!(!v.indicated());
        // Stale ticks (items that no longer exist) satisfy nothing.
        let stale = state(&[(ACT, 99), (9, 0), EXPLOIT, THREAT], &[42]);
        assert_eq!(evaluate(&cl, PROTOCOL, &stale).rule, Some(3));
        assert_eq!(group_status(&cl, &stale), vec![false, true, true]);
        // A rule naming a group that does not exist never matches.
        let mut odd = cl.clone();
        odd.frameworks[CANADA].rules[0].all.push(17);
        assert_eq!(
            evaluate(&odd, CANADA, &state(&[RECRUIT, EXPLOIT], &[])).rule,
            Some(1)
        );
        // A framework with no fallback: no rule.
        odd.frameworks[CANADA].rules.pop();
        assert_eq!(evaluate(&odd, CANADA, &CaseState::default()).rule, None);
    }

    #[test]
    fn retain_valid_drops_stale_ticks() {
        let cl = checklist();
        let mut st = state(&[(ACT, 99), (9, 0), EXPLOIT], &[42, MINOR]);
        st.retain_valid(&cl);
        assert_eq!(st, state(&[EXPLOIT], &[MINOR]));
    }

    #[test]
    fn group_status_and_missing() {
        let cl = checklist();
        let st = state(&[HARBOUR, EXPLOIT], &[]);
        assert_eq!(group_status(&cl, &st), vec![true, false, true]);
        assert_eq!(missing(&cl, &st), vec!["MEANS"]);
        assert_eq!(missing_for(&cl, PROTOCOL, &st), vec!["MEANS"]);
        // Under the Criminal Code, MEANS is not a required element.
        assert_eq!(missing_for(&cl, CANADA, &st), Vec::<&str>::new());
        let empty = CaseState::default();
        assert_eq!(missing(&cl, &empty), vec!["ACT", "MEANS", "PURPOSE"]);
        assert_eq!(missing_for(&cl, CANADA, &empty), vec!["ACT", "PURPOSE"]);
        assert_eq!(missing_for(&cl, 9, &empty), vec!["ACT", "MEANS", "PURPOSE"]);
        let full = state(&[RECRUIT, ABUSE, EXPLOIT], &[]);
        assert_eq!(group_status(&cl, &full), vec![true, true, true]);
        assert!(missing(&cl, &full).is_empty());
    }

    #[test]
    fn rows_are_items_group_by_group_then_flags() {
        let cl = checklist();
        let rows = rows(&cl);
        assert_eq!(rows.len(), 5 + 4 + 1 + 1);
        assert_eq!(rows[0], Row::Item(ACT, 0));
        assert_eq!(rows[4], Row::Item(ACT, 4));
        assert_eq!(rows[5], Row::Item(MEANS, 0));
        assert_eq!(rows[9], Row::Item(PURPOSE, 0));
        assert_eq!(rows[10], Row::Flag(MINOR));
    }

    #[test]
    fn toggling_rows() {
        let cl = checklist();
        let rows = rows(&cl);
        let mut st = CaseState::default();
        assert!(toggle_row(&mut st, rows[3]));
        assert!(toggle_row(&mut st, rows[10]));
        assert!(st.is_ticked(Row::Item(ACT, 3)));
        assert!(st.is_ticked(Row::Flag(MINOR)));
        assert_eq!(st, state(&[HARBOUR], &[MINOR]));
        assert!(!toggle_row(&mut st, rows[3]));
        assert!(!st.toggle_flag(MINOR));
        assert_eq!(st, CaseState::default());
    }

    #[test]
    fn case_state_round_trips_through_json() {
        let st = CaseState {
            revealed: true,
            ..state(&[HARBOUR, EXPLOIT], &[MINOR])
        };
        let json = serde_json::to_string(&st).expect("serialise");
        let back: CaseState = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, st);
    }

    #[test]
    fn comparison_with_the_answer_key() {
        // The sketch's Rosa: harbouring, threat, exploitation.
        let key = Answer {
            items: vec![HARBOUR, THREAT, EXPLOIT],
            flags: vec![],
        };
        let st = state(&[HARBOUR, FRAUD, EXPLOIT], &[MINOR]);
        let c = compare(&key, &st);
        assert_eq!(c.mark(Row::Item(ACT, 3)), Some(Mark::Agreed));
        assert_eq!(c.mark(Row::Item(PURPOSE, 0)), Some(Mark::Agreed));
        assert_eq!(c.mark(Row::Item(MEANS, 0)), Some(Mark::Missed));
        assert_eq!(c.mark(Row::Item(MEANS, 2)), Some(Mark::Extra));
        assert_eq!(c.mark(Row::Flag(MINOR)), Some(Mark::Extra));
        assert_eq!(c.mark(Row::Item(ACT, 0)), None);
        assert_eq!(
            (
                c.count(Mark::Agreed),
                c.count(Mark::Missed),
                c.count(Mark::Extra)
            ),
            (2, 1, 2)
        );
        assert!(!c.all_agreed());

        // A child case whose key includes the flag.
        let key = Answer {
            items: vec![RECRUIT, EXPLOIT],
            flags: vec![MINOR],
        };
        let c = compare(&key, &state(&[RECRUIT, EXPLOIT], &[]));
        assert_eq!(c.mark(Row::Flag(MINOR)), Some(Mark::Missed));
        let c = compare(&key, &state(&[RECRUIT, EXPLOIT], &[MINOR]));
        assert!(c.all_agreed());
        assert_eq!(c.count(Mark::Agreed), 3);

        // Nothing ticked, empty key: nothing to mark.
        let c = compare(&Answer::default(), &CaseState::default());
        assert_eq!(c, Comparison::default());
        assert!(c.all_agreed());
    }

    mod props {
        use super::super::fixture::*;
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn evaluate_never_panics_and_returns_a_rule_of_the_framework(
                items in proptest::collection::btree_set((0usize..5, 0usize..7), 0..20),
                flags in proptest::collection::btree_set(0usize..3, 0..3),
                fw in 0usize..4,
            ) {
                let cl = checklist();
                let st = CaseState { items, flags, revealed: false };
                let v = evaluate(&cl, fw, &st);
                match cl.frameworks.get(fw) {
                    Some(framework) => {
                        // Both frameworks end in a fallback, so some rule always matches.
                        let rule = v.rule.expect("a rule");
                        prop_assert!(rule < framework.rules.len());
                        prop_assert_eq!(&v.say, &framework.rules[rule].say);
                        prop_assert_eq!(v.level, framework.rules[rule].level);
                        // Every earlier rule really did not match, and this one did.
                        let status = group_status(&cl, &st);
                        let holds = |r: &crate::deck::model::Rule| {
                            r.all.iter().all(|&g| status.get(g).copied().unwrap_or(false))
                                && r.flags.iter().all(|f| st.flags.contains(f))
                        };
                        prop_assert!(holds(&framework.rules[rule]));
                        prop_assert!(framework.rules[..rule].iter().all(|r| !holds(r)));
                    }
                    None => prop_assert_eq!(v.rule, None),
                }
                let _ = missing(&cl, &st);
                let _ = missing_for(&cl, fw, &st);
            }
        }
    }
}
