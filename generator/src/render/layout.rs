//! The layout of the runtime's item macros (`crate::support::json_object!
//! { .. }`): prettyplease prints a macro's tokens as one flowing paragraph,
//! so these are laid out here instead, a line per entry of each braced
//! list, the way a person writes a `macro_rules!` call.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::{Item, ItemMacro, MacroDelimiter};

/// The file as formatted Rust: prettyplease for the items, this module's
/// layout for the runtime's braced macros between them.
pub(super) fn unparse_file(mut file: syn::File) -> String {
    if !file.items.iter().any(laid_out_here) {
        return prettyplease::unparse(&file);
    }
    let items = std::mem::take(&mut file.items);
    // Inner attributes go with the first run of ordinary items.
    let mut first = Some(file);
    let mut text = String::new();
    let mut run = Vec::new();
    let mut flush = |text: &mut String, run: &mut Vec<Item>| {
        if !run.is_empty() || first.as_ref().is_some_and(|file| !file.attrs.is_empty()) {
            let mut file =
                first.take().unwrap_or_else(|| syn::parse2(TokenStream::new()).expect("an empty file parses"));
            file.items = std::mem::take(run);
            text.push_str(&prettyplease::unparse(&file));
        }
    };
    for item in items {
        match item {
            Item::Macro(mac) if laid_out_here_macro(&mac) => {
                flush(&mut text, &mut run);
                macro_item(&mut text, &mac);
            }
            item => run.push(item),
        }
    }
    flush(&mut text, &mut run);
    text
}

fn laid_out_here(item: &Item) -> bool {
    matches!(item, Item::Macro(mac) if laid_out_here_macro(mac))
}

/// A braced call of a `crate::support` macro, without attributes.
fn laid_out_here_macro(mac: &ItemMacro) -> bool {
    let segments: Vec<String> = mac.mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    mac.attrs.is_empty()
        && mac.ident.is_none()
        && matches!(mac.mac.delimiter, MacroDelimiter::Brace(_))
        && segments.len() == 3
        && segments[0] == "crate"
        && segments[1] == "support"
}

fn macro_item(text: &mut String, mac: &ItemMacro) {
    let path: Vec<String> = mac.mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    text.push_str(&path.join("::"));
    text.push_str("! {\n");
    block(text, mac.mac.tokens.clone(), 1);
    text.push_str("}\n");
}

/// The tokens of a braced body at `depth`: runs of tokens on a line each,
/// and a braced group as ` {`, one line per comma-separated entry, `}`.
fn block(text: &mut String, tokens: TokenStream, depth: usize) {
    let mut line = Vec::new();
    for tree in tokens {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                indent(text, depth);
                head(text, std::mem::take(&mut line), depth);
                let entries = entries(group.stream());
                if entries.is_empty() {
                    text.push_str(if text.ends_with(' ') || text.ends_with('\n') { "{}\n" } else { " {}\n" });
                    continue;
                }
                text.push_str(if text.ends_with(' ') || text.ends_with('\n') { "{\n" } else { " {\n" });
                for entry in entries {
                    indent(text, depth + 1);
                    inline(text, entry);
                    text.push_str(",\n");
                }
                indent(text, depth);
                text.push_str("}\n");
            }
            tree => line.push(tree),
        }
    }
    if !line.is_empty() {
        indent(text, depth);
        inline(text, line);
        text.push('\n');
    }
}

/// The line before a braced list; when it is too long for one line, a
/// parenthesised list in it (`new`'s arguments) gets a line per entry.
fn head(text: &mut String, tokens: Vec<TokenTree>, depth: usize) {
    let mut one_line = String::new();
    inline(&mut one_line, tokens.clone());
    let split = tokens
        .iter()
        .position(|tree| matches!(tree, TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis));
    match split {
        Some(at) if depth * 4 + one_line.len() > WIDTH => {
            let mut tokens = tokens;
            let rest = tokens.split_off(at + 1);
            let Some(TokenTree::Group(list)) = tokens.pop() else { unreachable!("the list is at `at`") };
            inline(text, tokens);
            text.push_str("(\n");
            for entry in entries(list.stream()) {
                indent(text, depth + 1);
                inline(text, entry);
                text.push_str(",\n");
            }
            indent(text, depth);
            text.push(')');
            inline(text, rest);
        }
        _ => text.push_str(&one_line),
    }
}

/// The longest line `head` writes whole, as rustfmt's `max_width`.
const WIDTH: usize = 100;

/// The comma-separated entries of a list, without their commas; a comma
/// between a type's generic arguments (`BTreeMap<String, i64>`) is not one.
fn entries(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut entries = vec![Vec::new()];
    let mut angles = Angles::default();
    for tree in tokens {
        angles.step(&tree);
        match &tree {
            TokenTree::Punct(punct) if punct.as_char() == ',' && angles.depth == 0 => entries.push(Vec::new()),
            _ => entries.last_mut().expect("never empty").push(tree),
        }
    }
    entries.retain(|entry| !entry.is_empty());
    entries
}

/// Which `<` and `>` are a type's generic brackets (`Vec<String>`), not
/// arrows: a `<` right after a name opens one, and a `>` closes one while
/// one is open, unless it ends `=>` or `->`. (The macros' bodies hold no
/// comparisons, which this would take for brackets.)
#[derive(Default)]
struct Angles {
    depth: usize,
    after_ident: bool,
    /// The previous token was a `=` or `-` joined to the next.
    after_joint: bool,
}

/// What a token did to the generic brackets.
#[derive(PartialEq)]
enum Angle {
    Open,
    Close,
    Other,
}

impl Angles {
    fn step(&mut self, tree: &TokenTree) -> Angle {
        let angle = match tree {
            TokenTree::Punct(punct) if punct.as_char() == '<' && self.after_ident => Angle::Open,
            TokenTree::Punct(punct) if punct.as_char() == '>' && self.depth > 0 && !self.after_joint => Angle::Close,
            _ => Angle::Other,
        };
        match angle {
            Angle::Open => self.depth += 1,
            Angle::Close => self.depth -= 1,
            Angle::Other => {}
        }
        self.after_ident = matches!(tree, TokenTree::Ident(_));
        self.after_joint = matches!(tree, TokenTree::Punct(punct) if punct.spacing() == Spacing::Joint && matches!(punct.as_char(), '=' | '-'));
        angle
    }
}

fn indent(text: &mut String, depth: usize) {
    for _ in 0..depth {
        text.push_str("    ");
    }
}

/// Tokens on one line, spaced as rustfmt spaces them: none before `,`,
/// `;` or `:`, none around `::` or a range's `..=`, none inside
/// delimiters or a type's generic brackets, or between a name and its
/// `(..)`, `[..]` or `<..>`.
fn inline(text: &mut String, tokens: Vec<TokenTree>) {
    let mut glued = true;
    let mut after_ident = false;
    let mut angles = Angles::default();
    for tree in tokens {
        let angle = angles.step(&tree);
        let tight = angle != Angle::Other
            || match &tree {
                TokenTree::Punct(punct) => matches!(punct.as_char(), ',' | ';' | ':' | '.' | '?'),
                TokenTree::Group(group) => {
                    after_ident && matches!(group.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket)
                }
                _ => false,
            };
        after_ident = matches!(tree, TokenTree::Ident(_));
        if !glued && !tight {
            text.push(' ');
        }
        glued = false;
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace if group.stream().is_empty() => ("{", "}"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                text.push_str(open);
                inline(text, group.stream().into_iter().collect());
                text.push_str(close);
            }
            TokenTree::Punct(punct) => {
                // Joint punctuation glues on, and so do the ends of `::` and `..=`.
                glued = punct.spacing() == Spacing::Joint
                    || angle == Angle::Open
                    || (punct.as_char() == ':' && text.ends_with(':'))
                    || (punct.as_char() == '=' && text.ends_with(".."));
                text.push(punct.as_char());
            }
            TokenTree::Ident(ident) => text.push_str(&ident.to_string()),
            TokenTree::Literal(literal) => text.push_str(&literal.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn runtime_macros_get_a_line_per_entry_and_other_items_stay_prettyplease() {
        let file: syn::File = syn::parse2(quote! {
            pub struct Pet { pub name: String }
            crate::support::json_object! {
                Pet {
                    required name = "name",
                    defaulted r#type = "type" or default_pet_type,
                }
                other keys: kept in extra
            }
            crate::support::string_enum!(Kind);
            other::json_object! { A { b } }
            fn f() -> u8 { 1 }
        })
        .unwrap();
        let text = unparse_file(file);
        assert_eq!(
            text,
            "pub struct Pet {\n    pub name: String,\n}\n\
             crate::support::json_object! {\n    Pet {\n        required name = \"name\",\n        \
             defaulted r#type = \"type\" or default_pet_type,\n    }\n    other keys: kept in extra\n}\n\
             crate::support::string_enum!(Kind);\nother::json_object! {\n    A { b }\n}\nfn f() -> u8 {\n    1\n}\n"
        );
    }

    #[test]
    fn paths_and_groups_are_spaced_as_rust() {
        let mut text = String::new();
        inline(&mut text, quote!(a::b(c, d) = [e; 2]: f).into_iter().collect());
        assert_eq!(text, "a::b(c, d) = [e; 2]: f");
    }

    #[test]
    fn generic_brackets_are_tight_and_their_commas_split_no_entry() {
        let body = quote! {
            Params(owner: String, tags: Vec<Vec<String>>) {
                counts: std::collections::BTreeMap<String, i64> = None => Some,
                clear: Nullable<i64> = Absent => Nullable::Value,
            }
        };
        let mut text = String::new();
        block(&mut text, body, 0);
        assert_eq!(
            text,
            "Params(owner: String, tags: Vec<Vec<String>>) {\n    \
             counts: std::collections::BTreeMap<String, i64> = None => Some,\n    clear: Nullable<i64> = Absent => Nullable::Value,\n}\n"
        );
    }

    #[test]
    fn ranges_are_tight_and_empty_braces_are_a_pair() {
        let mut text = String::new();
        inline(&mut text, quote!(Status4XX = (400..=499) {}, Other = _ { x: y }).into_iter().collect());
        assert_eq!(text, "Status4XX = (400..=499) {}, Other = _ { x: y }");
    }
}
