//! A `pattern` as the model holds it: the regex the `regex` crate reads
//! (`ecma_regex`), and whether it is one class over the whole text, or
//! else a small automaton, which the generated check runs instead of the
//! regex on ASCII text.

use crate::model::{ClassRun, Pattern};

/// The model's pattern of the spec's `source`.
pub(super) fn pattern(source: &str) -> Pattern {
    let regex = crate::ecma_regex::to_rust(source);
    let run = class_run(&regex);
    let automaton = if run.is_none() { super::automaton::automaton(&regex).map(Box::new) } else { None };
    Pattern { source: source.to_owned(), run, automaton, regex }
}

/// The [`ClassRun`] of the `regex` crate's pattern `regex`, if it is one.
pub(super) fn class_run(regex: &str) -> Option<ClassRun> {
    use regex_syntax::hir::{HirKind, Look};
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [start, run, end] = parts.as_slice() else {
        return None;
    };
    if !matches!(start.kind(), HirKind::Look(Look::Start)) || !matches!(end.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let HirKind::Repetition(repetition) = run.kind() else {
        return None;
    };
    let HirKind::Class(class) = repetition.sub.kind() else {
        return None;
    };
    Some(ClassRun { ascii: super::automaton::class_bits(class), min: repetition.min, max: repetition.max })
}

#[cfg(test)]
mod tests {
    use super::class_run;
    use crate::model::ClassRun;

    #[test]
    fn one_class_over_the_whole_text_is_a_class_run() {
        let bits = |chars: &str| chars.bytes().fold(0u128, |bits, c| bits | 1 << c);
        let word = bits("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
        assert_eq!(class_run(r"^[\w.@+-]+$"), Some(ClassRun { ascii: word | bits(".@+-"), min: 1, max: None }));
        assert_eq!(
            class_run("^[A-Z]{2}$"),
            Some(ClassRun { ascii: bits("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min: 2, max: Some(2) })
        );
        assert_eq!(class_run("^[^a]*$").map(|run| run.ascii), Some(!bits("a")));
        assert_eq!(class_run("^a{1,3}$"), None, "a literal is not a class");
        for other in ["[a-z]+", "^[a-z]+", "[a-z]+$", "^[a-z]+[0-9]$", "^([a-z])+$", "^[a-z]+$|^x$", "(?m)^[a-z]+$"] {
            assert_eq!(class_run(other), None, "{other}");
        }
    }
}
