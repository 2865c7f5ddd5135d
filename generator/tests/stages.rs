//! The generator's stages only look back. Each top-level module of
//! `generator/src` may name only the modules listed for it below (earlier
//! stages and small leaves); and inside every module but `lower`, no file
//! names one that names it back. "Names" is any path the code uses
//! (`use crate::load::LoadedSpec`, `super::tree::apply(..)`, a child's
//! `bundle::bundle(..)`), outside comments, strings, `#[cfg(test)]`
//! modules and `quote!` (whose paths are the generated crate's).
//!
//! `cargo test -p generator --test stages -- --nocapture` prints the
//! graph it checked, file by file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module, in pipeline order, and what it may name. The
/// crate root (`lib.rs`) drives the stages and names them all.
const ALLOWED: &[(&str, &[&str])] = &[
    // Leaves.
    ("crate_name", &[]),
    ("ecma_regex", &[]),
    ("json_pointer", &[]),
    ("names", &[]),
    ("model", &[]),
    ("locate", &["json_pointer"]),
    ("diagnostic", &["locate"]),
    ("settings", &["diagnostic", "json_pointer", "locate"]),
    // Stages.
    ("load", &["diagnostic", "json_pointer", "locate", "names"]),
    ("check", &["diagnostic", "ecma_regex", "json_pointer", "load", "names"]),
    ("repair", &["check", "diagnostic", "json_pointer", "load", "locate"]),
    ("lower", &["diagnostic", "ecma_regex", "json_pointer", "load", "locate", "model", "names"]),
    ("emit", &["model", "names"]),
    ("render", &["emit", "model"]),
    ("write", &["render"]),
    ("build_script", &[]),
];

/// Modules whose files may name each other in a circle: lowering recurses
/// across its files (a schema holds objects, whose properties are schemas),
/// each file adding methods to one `Lowerer`.
const CIRCLES_ALLOWED: &[&str] = &["lower"];

#[test]
fn stages_only_look_back() {
    let graph = Graph::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut broken = Vec::new();
    for (module, names) in &graph.edges {
        let Some(top) = module.first() else { continue };
        let Some(may) = allowed.get(top.as_str()) else {
            broken.push(format!("{}: a top-level module missing from ALLOWED", graph.files[module]));
            continue;
        };
        for named in names {
            let Some(other) = named.first().filter(|other| *other != top) else { continue };
            if !may.contains(&other.as_str()) {
                broken.push(format!("{} names `{}`, which `{top}` may not", graph.files[module], join(named)));
            }
        }
    }
    for circle in graph.circles() {
        let top = &circle[0][0];
        if !CIRCLES_ALLOWED.contains(&top.as_str()) {
            let files: Vec<&str> = circle.iter().map(|module| graph.files[module].as_str()).collect();
            broken.push(format!("these files name each other in a circle: {}", files.join(", ")));
        }
    }
    for (module, names) in &graph.edges {
        let names: Vec<String> = names.iter().map(|named| join(named)).collect();
        println!("{} -> {}", join(module), names.join(", "));
    }
    assert!(
        broken.is_empty(),
        "stages that do not only look back (see generator/ARCHITECTURE.md):\n{}",
        broken.join("\n")
    );
}

/// The file-level import graph of a crate's source.
struct Graph {
    /// Module path (`["load", "bundle"]`) → its file, relative to `src/`.
    files: BTreeMap<Vec<String>, String>,
    /// Module → the other modules (files) it names; not the crate root.
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

impl Graph {
    fn read(src: &Path) -> Graph {
        let mut files = BTreeMap::new();
        for path in rust_files(src) {
            let relative = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
            if relative == "main.rs" || relative == "lib.rs" {
                continue;
            }
            let mut module: Vec<String> = relative.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            files.insert(module, relative);
        }
        let mut edges = BTreeMap::new();
        for (module, relative) in &files {
            let text = std::fs::read_to_string(src.join(relative)).unwrap();
            let code = without_blocks(&without_blocks(&code_only(&text), "#[cfg(test)]"), "quote!");
            let mut named = BTreeSet::new();
            for path in paths(&code) {
                if let Some(found) = resolve(&files, module, &path) {
                    if &found != module && !found.is_empty() {
                        named.insert(found);
                    }
                }
            }
            edges.insert(module.clone(), named);
        }
        Graph { files, edges }
    }

    /// The strongly connected sets of more than one file (Tarjan's).
    fn circles(&self) -> Vec<Vec<Vec<String>>> {
        struct State<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a Vec<String>, usize>,
            low: BTreeMap<&'a Vec<String>, usize>,
            stack: Vec<&'a Vec<String>>,
            found: Vec<Vec<Vec<String>>>,
        }
        fn visit<'a>(state: &mut State<'a>, node: &'a Vec<String>) {
            let number = state.index.len();
            state.index.insert(node, number);
            state.low.insert(node, number);
            state.stack.push(node);
            for next in &state.graph.edges[node] {
                if !state.index.contains_key(next) {
                    visit(state, next);
                    let low = state.low[node].min(state.low[next]);
                    state.low.insert(node, low);
                } else if state.stack.contains(&next) {
                    let low = state.low[node].min(state.index[next]);
                    state.low.insert(node, low);
                }
            }
            if state.low[node] == state.index[node] {
                let mut set = Vec::new();
                while let Some(member) = state.stack.pop() {
                    set.push(member.clone());
                    if member == node {
                        break;
                    }
                }
                if set.len() > 1 {
                    set.sort();
                    state.found.push(set);
                }
            }
        }
        let mut state =
            State { graph: self, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
        for node in self.edges.keys() {
            if !state.index.contains_key(node) {
                visit(&mut state, node);
            }
        }
        state.found
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
    found
}

fn join(module: &[String]) -> String {
    module.join("::")
}

/// The file with comments, strings and character literals blanked out.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut code = String::with_capacity(text.len());
    let mut index = 0;
    let word_before =
        |index: usize| index > 0 && (bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'_');
    while index < bytes.len() {
        let rest = &text[index..];
        if rest.starts_with("//") {
            index += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            let mut depth = 0;
            while index < bytes.len() {
                if text[index..].starts_with("/*") {
                    depth += 1;
                    index += 2;
                } else if text[index..].starts_with("*/") {
                    depth -= 1;
                    index += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    index += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(rest).filter(|_| !word_before(index)) {
            let opening = rest.find('"').unwrap() + 1;
            let closing = format!("\"{}", "#".repeat(hashes));
            index += opening + rest[opening..].find(&closing).unwrap() + closing.len();
            code.push_str("\"\"");
        } else if rest.starts_with('"') || (rest.starts_with("b\"") && !word_before(index)) {
            index += rest.find('"').unwrap() + 1;
            while bytes[index] != b'"' {
                index += if bytes[index] == b'\\' { 2 } else { 1 };
            }
            index += 1;
            code.push_str("\"\"");
        } else if let Some(length) = char_literal(rest) {
            index += length;
            code.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap();
            code.push(c);
            index += c.len_utf8();
        }
    }
    code
}

/// `r"`, `r#"`, `br##"`...: the number of `#`.
fn raw_string_start(rest: &str) -> Option<usize> {
    let rest = rest.strip_prefix('b').unwrap_or(rest).strip_prefix('r')?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    rest[hashes..].starts_with('"').then_some(hashes)
}

/// The length of a character literal at the start (`'a'`, `'\n'`,
/// `'\u{1F600}'`), not a lifetime.
fn char_literal(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix('\'')?;
    if let Some(escaped) = inner.strip_prefix('\\') {
        return Some(1 + 1 + escaped.find('\'')? + 1);
    }
    let c = inner.chars().next()?;
    inner[c.len_utf8()..].starts_with('\'').then(|| 1 + c.len_utf8() + 1)
}

/// The code with every `marker ... { .. }` (or `( .. )`, `[ .. ]`) block
/// cut out: `#[cfg(test)] mod tests { .. }`, `quote! { .. }`.
fn without_blocks(code: &str, marker: &str) -> String {
    let mut kept = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find(marker) {
        kept.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(open) = after[marker.len()..].find(['{', '(', '[']).map(|open| marker.len() + open) else {
            rest = "";
            break;
        };
        // `#[cfg(test)] use x;` has no block: only that item is cut.
        if let Some(end) = after[marker.len()..open].find(';').filter(|_| marker.starts_with("#[")) {
            rest = &after[marker.len() + end + 1..];
            continue;
        }
        let mut depth = 0;
        let mut end = after.len();
        for (offset, c) in after[open..].char_indices() {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    kept.push_str(rest);
    kept
}

/// Every path the code uses that starts with an identifier and `::`
/// (`crate::load::LoadedSpec`, `super::tree::apply`, `bundle::bundle`),
/// `use` trees expanded: `crate::{a, b::c}` is `crate::a` and `crate::b::c`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let tokens = tokenize(code);
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let starts_path = is_ident(&tokens[index])
            && tokens.get(index + 1).is_some_and(|t| t == "::")
            && (index == 0 || tokens[index - 1] != "::");
        if starts_path {
            index = tree(&tokens, index, Vec::new(), &mut found);
        } else {
            index += 1;
        }
    }
    found
}

/// Reads a path (tree) from `tokens[index]`, adding each full path to
/// `found`; returns the index after it.
fn tree(tokens: &[String], mut index: usize, mut prefix: Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
    loop {
        match tokens.get(index).map(String::as_str) {
            Some("{") => {
                index += 1;
                loop {
                    match tokens.get(index).map(String::as_str) {
                        Some("}") => return index + 1,
                        Some(",") => index += 1,
                        Some(_) => index = tree(tokens, index, prefix.clone(), found),
                        None => return index,
                    }
                }
            }
            Some(token) if is_ident(token) => {
                prefix.push(token.to_owned());
                index += 1;
                if tokens.get(index).is_some_and(|t| t == "::") {
                    index += 1;
                } else {
                    found.push(prefix);
                    return index;
                }
            }
            _ => {
                found.push(prefix);
                return index;
            }
        }
    }
}

fn is_ident(token: &str) -> bool {
    token.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::`, and every other character a token of its own.
fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(next, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                end = next + c.len_utf8();
                chars.next();
            }
            tokens.push(code[start..end].to_owned());
        } else if c == ':' && chars.peek().is_some_and(|&(_, next)| next == ':') {
            chars.next();
            tokens.push("::".to_owned());
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    tokens
}

/// The file module a path from `module` names: the longest prefix that is
/// a file. `crate::`, `super::` and `self::` paths, and paths through a
/// child module of `module`; `None` for anything else (other crates, local
/// items, enum variants).
fn resolve(files: &BTreeMap<Vec<String>, String>, module: &[String], path: &[String]) -> Option<Vec<String>> {
    let (mut base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (module.to_vec(), &path[1..]),
        Some("super") => {
            let supers = path.iter().take_while(|segment| *segment == "super").count();
            (module[..module.len().checked_sub(supers)?].to_vec(), &path[supers..])
        }
        Some(first) => {
            let mut child = module.to_vec();
            child.push(first.to_owned());
            if !files.contains_key(&child) {
                return None;
            }
            (module.to_vec(), path)
        }
        None => return None,
    };
    let mut found = base.clone();
    for segment in rest {
        base.push(segment.clone());
        if files.contains_key(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

#[test]
fn the_reader_finds_what_a_file_names() {
    let files: BTreeMap<Vec<String>, String> = [vec!["load"], vec!["load", "bundle"], vec!["check"], vec!["names"]]
        .into_iter()
        .map(|module| (module.iter().map(|s| s.to_string()).collect::<Vec<_>>(), module.join("/")))
        .collect();
    let code = code_only(
        r#"
        use crate::{check::Repairs, names};
        // crate::write is only mentioned
        let text = "crate::render";
        let c = '{';
        fn f<'a>(x: &'a str) { bundle::bundle(x); super::check::resolve(); }
        #[cfg(test)]
        mod tests { use crate::emit; }
        quote!(crate::support::read_fields);
        "#,
    );
    let code = without_blocks(&without_blocks(&code, "#[cfg(test)]"), "quote!");
    let module = vec!["load".to_owned()];
    let mut named: Vec<Vec<String>> = paths(&code).iter().filter_map(|path| resolve(&files, &module, path)).collect();
    named.sort();
    named.dedup();
    let named: Vec<String> = named.iter().map(|module| join(module)).collect();
    assert_eq!(named, ["check", "load::bundle", "names"]);
}
