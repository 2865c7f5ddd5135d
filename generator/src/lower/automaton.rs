//! A pattern of anchored sequences of classes (`^[^@\s]+@[^@\s]+\.[^@\s]+$`,
//! or a prefix: `^https://`)
//! as a deterministic automaton over ASCII text ([`Automaton`]): the
//! sequences are read from the regex's syntax tree, each step a class and
//! how often it repeats, then made one automaton by the subset construction.
//! Anything else (groups that repeat, look-arounds, more than a few states)
//! is left to the regex.

use crate::model::Automaton;
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::collections::BTreeMap;

/// At most this many steps in all the sequences, and this many states in
/// the automaton: a state set is a `u64`, and accepting states are bits.
const MAX_STATES: usize = 63;

/// At most this many sequences.
const MAX_BRANCHES: usize = 8;

/// One character of the text: the ASCII characters it may be (bit `c`),
/// and whether it may repeat or be left out.
#[derive(Debug, Clone, Copy)]
struct Step {
    ascii: u128,
    repeats: bool,
    optional: bool,
}

/// The automaton of the `regex` crate's pattern `regex`, if it is one.
pub(super) fn automaton(regex: &str) -> Option<Automaton> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let branches = expand(&hir)?
        .into_iter()
        .map(|branch| {
            let (middle, rest) = match branch.as_slice() {
                [Atom::Start, middle @ .., Atom::End] => (middle, None),
                // `^https://`: what follows the steps is any text.
                [Atom::Start, middle @ ..] => (middle, Some(Step { ascii: u128::MAX, repeats: true, optional: true })),
                _ => return None,
            };
            let steps = middle.iter().map(|atom| match atom {
                Atom::Step(step) => Some(*step),
                Atom::Start | Atom::End => None,
            });
            steps.chain(rest.map(Some)).collect()
        })
        .collect::<Option<Vec<Vec<Step>>>>()?;
    if branches.iter().map(|steps| steps.len() + 1).sum::<usize>() > MAX_STATES {
        return None;
    }
    determinize(&branches)
}

/// What a branch is made of: the anchors (`^`, `$`) and steps.
#[derive(Debug, Clone, Copy)]
enum Atom {
    Start,
    End,
    Step(Step),
}

/// The branches a part of the regex stands for: an alternation is each of
/// its own, a concatenation each way of taking one of each part's
/// (regex-syntax factors `^$|^a$` into `^($|a$)`).
fn expand(hir: &Hir) -> Option<Vec<Vec<Atom>>> {
    let one = |atoms: Vec<Atom>| Some(vec![atoms]);
    let plain = |ascii: u128| Atom::Step(Step { ascii, repeats: false, optional: false });
    match hir.kind() {
        HirKind::Empty => one(Vec::new()),
        HirKind::Look(Look::Start) => one(vec![Atom::Start]),
        HirKind::Look(Look::End) => one(vec![Atom::End]),
        HirKind::Literal(literal) => {
            one(std::str::from_utf8(&literal.0).ok()?.chars().map(|c| plain(ascii_of(c))).collect())
        }
        HirKind::Class(class) => one(vec![plain(class_bits(class))]),
        HirKind::Capture(capture) => expand(&capture.sub),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(expand(branch)?);
            }
            (all.len() <= MAX_BRANCHES).then_some(all)
        }
        HirKind::Concat(parts) => {
            let mut all = vec![Vec::new()];
            for part in parts {
                let tails = expand(part)?;
                if all.len() * tails.len() > MAX_BRANCHES {
                    return None;
                }
                all = all
                    .iter()
                    .flat_map(|head| tails.iter().map(move |tail| [head.as_slice(), tail.as_slice()].concat()))
                    .collect();
            }
            if all.iter().any(|branch| branch.len() > MAX_STATES) {
                return None;
            }
            Some(all)
        }
        HirKind::Repetition(repetition) => {
            let ascii = match repetition.sub.kind() {
                HirKind::Class(class) => class_bits(class),
                HirKind::Literal(literal) => {
                    let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        return None;
                    };
                    ascii_of(c)
                }
                _ => return None,
            };
            let min = usize::try_from(repetition.min).ok()?;
            let optional = match repetition.max {
                Some(max) => usize::try_from(max).ok()?.checked_sub(min)?,
                None => 0,
            };
            if min + optional > MAX_STATES {
                return None;
            }
            let mut steps = vec![Step { ascii, repeats: false, optional: false }; min];
            match (repetition.max, steps.last_mut()) {
                // `a+`, `a{2,}`: the last of the required ones repeats.
                (None, Some(last)) => last.repeats = true,
                (None, None) => steps.push(Step { ascii, repeats: true, optional: true }),
                (Some(_), _) => {
                    steps.extend(std::iter::repeat_n(Step { ascii, repeats: false, optional: true }, optional))
                }
            }
            one(steps.into_iter().map(Atom::Step).collect())
        }
        _ => None,
    }
}

/// Bit `c` for an ASCII character, none for another (only the regex reads those).
fn ascii_of(c: char) -> u128 {
    if c.is_ascii() {
        1 << (c as u32)
    } else {
        0
    }
}

/// The ASCII characters of a class, as bits.
pub(super) fn class_bits(class: &Class) -> u128 {
    let holds = |c: u8| match class {
        Class::Unicode(class) => class.ranges().iter().any(|r| r.start() <= char::from(c) && char::from(c) <= r.end()),
        Class::Bytes(class) => class.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
    };
    (0..128u8).filter(|&c| holds(c)).fold(0u128, |bits, c| bits | 1 << c)
}

/// The subset construction over the branches' steps. A state of the
/// branches is a step about to be read (or the end of a branch); a state
/// of the automaton, a set of those.
fn determinize(branches: &[Vec<Step>]) -> Option<Automaton> {
    // Each branch's states, numbered one after another: its steps, then its end.
    let mut steps: Vec<Option<Step>> = Vec::new();
    let mut starts = Vec::new();
    for branch in branches {
        starts.push(steps.len());
        steps.extend(branch.iter().copied().map(Some));
        steps.push(None);
    }
    // From state `i`: itself, and past each optional step after it.
    let reach = |mut i: usize| {
        let mut set = 0u64;
        loop {
            set |= 1 << i;
            match steps[i] {
                Some(step) if step.optional => i += 1,
                _ => return set,
            }
        }
    };
    let (columns, width) = columns(&steps);
    let start = starts.iter().fold(0u64, |set, &i| set | reach(i));
    // The automaton's states by their sets: 0 is the empty set, 1 the start.
    let mut numbers = BTreeMap::from([(0u64, 0u8), (start, 1u8)]);
    let mut sets = vec![0u64, start];
    let mut table = Vec::new();
    let mut at = 0;
    while at < sets.len() {
        let set = sets[at];
        for column in 0..width {
            let c = columns.iter().position(|&col| usize::from(col) == column).expect("each column has a character");
            let mut next = 0u64;
            for (i, step) in steps.iter().enumerate() {
                let Some(step) = step.filter(|step| set >> i & 1 == 1 && step.ascii >> c & 1 == 1) else {
                    continue;
                };
                next |= reach(i + 1);
                if step.repeats {
                    next |= reach(i);
                }
            }
            let number = match numbers.get(&next) {
                Some(&number) => number,
                None => {
                    if sets.len() > MAX_STATES {
                        return None;
                    }
                    let number = u8::try_from(sets.len()).ok()?;
                    numbers.insert(next, number);
                    sets.push(next);
                    number
                }
            };
            table.push(number);
        }
        at += 1;
    }
    let ends = steps.iter().enumerate().filter(|(_, step)| step.is_none()).fold(0u64, |ends, (i, _)| ends | 1 << i);
    let accepting =
        sets.iter().enumerate().filter(|(_, set)| **set & ends != 0).fold(0u64, |bits, (s, _)| bits | 1 << s);
    Some(Automaton { columns, width: u8::try_from(width).ok()?, table, accepting })
}

/// ASCII characters that no step tells apart share a column: the column of
/// each, numbered in the order of their first character, and how many.
fn columns(steps: &[Option<Step>]) -> ([u8; 128], usize) {
    let mut columns = [0u8; 128];
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for (c, slot) in columns.iter_mut().enumerate() {
        let signature: Vec<bool> = steps.iter().flatten().map(|step| step.ascii >> c & 1 == 1).collect();
        let column = match seen.iter().position(|known| *known == signature) {
            Some(column) => column,
            None => {
                seen.push(signature);
                seen.len() - 1
            }
        };
        *slot = u8::try_from(column).expect("at most 128 columns");
    }
    (columns, seen.len())
}

#[cfg(test)]
mod tests {
    use super::automaton;
    use crate::model::Automaton;

    /// What the generated code's `support::automaton` does.
    fn run(automaton: &Automaton, text: &str) -> Option<bool> {
        let mut state = 1usize;
        for &byte in text.as_bytes() {
            if byte >= 128 {
                return None;
            }
            state = usize::from(
                automaton.table
                    [state * usize::from(automaton.width) + usize::from(automaton.columns[usize::from(byte)])],
            );
            if state == 0 {
                return Some(false);
            }
        }
        Some(automaton.accepting >> state & 1 == 1)
    }

    #[test]
    fn an_automaton_agrees_with_the_regex_on_every_short_text() {
        let alphabet = ['a', 'b', '@', '.', ' ', '1', '-'];
        let patterns = [
            r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
            r"^[a-b]+@[a-b]+\.[a-b]{1,2}$",
            r"^a?b*\d{2}$",
            r"^(ab)-?[0-9]{1,3}$",
            r"^a{2,}$",
            r"^[^.]*\.[^.]*$|^-$",
            r"^\w+([-.]\w+)$",
            "^(?:ab|c)d$",
            "^a-|^b$",
            "^[a-b]+",
        ];
        for pattern in patterns {
            let regex = regex::Regex::new(pattern).unwrap();
            let automaton = automaton(pattern).unwrap_or_else(|| panic!("{pattern} is an automaton"));
            let mut texts = vec![String::new()];
            for _ in 0..5 {
                let longer: Vec<String> =
                    texts.iter().flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}"))).collect();
                for text in texts.iter().chain(&longer) {
                    assert_eq!(run(&automaton, text), Some(regex.is_match(text)), "{pattern} on {text:?}");
                }
                texts = longer;
            }
            assert_eq!(run(&automaton, "é"), None, "beyond ASCII, the regex decides");
        }
    }

    #[test]
    fn what_is_not_a_sequence_of_classes_is_left_to_the_regex() {
        for pattern in ["[a-z]+", "a$", "^(ab)+$", "^(?:ab|c)+$", r"^a\b$", "^[a-z]{1,100}$", "(?m)^a$"] {
            assert_eq!(automaton(pattern), None, "{pattern}");
        }
    }
}
