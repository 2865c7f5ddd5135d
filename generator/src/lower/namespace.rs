//! One namespace of type names per API module. Names are claimed in a fixed
//! order — names the generated code uses, then component schemas (by
//! pointer), then each operation's `<Op>Params` and `<Op>Response`, then
//! inline types (by pointer) — and a name already taken gets a number
//! (`UserName2`), or for an operation the word `Operation`. The order
//! depends on the spec alone, so the same spec gives the same names, and a
//! new schema renames nothing it does not collide with. Operations' method
//! names (`get_user`, from `getUser` and `get_user` alike) get `_2`, `_3`.

use crate::model::{Operation, TypeDef};
use crate::names;
use std::collections::BTreeSet;

/// Methods of `Api` and `Client` that are not operations.
const OWN_METHODS: &[&str] = &[
    "default_header",
    "finish",
    "invalid_body",
    "new",
    "on_answer",
    "on_request",
    "reconnect_events",
    "retry",
    "retry_on_429",
    "strict",
    "timeout",
    "unauthenticated",
    "with_credentials",
    "with_http_client",
];

/// Names the module's own items use: `Credentials` (types), `Api` and `Refusals` (server) and
/// `Client` (client) see the types through a glob import they would shadow.
const MODULE_ITEMS: &[&str] = &["Api", "Client", "Credentials", "Refusals"];

pub(super) fn assign(types: &mut [TypeDef], operations: &mut [Operation]) {
    let mut taken: BTreeSet<String> =
        names::RESERVED_TYPE_NAMES.iter().chain(MODULE_ITEMS).map(|name| (*name).to_owned()).collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    let from_components = |def: &TypeDef| def.origin.starts_with("/components/");
    order.sort_by(|&a, &b| {
        let key = |def: &TypeDef| (!from_components(def), def.origin.clone(), def.name.clone());
        key(&types[a]).cmp(&key(&types[b]))
    });
    let (components, inline): (Vec<usize>, Vec<usize>) = order.into_iter().partition(|&i| from_components(&types[i]));
    for index in components {
        types[index].name = claim(&mut taken, &types[index].name);
    }
    for operation in operations.iter_mut() {
        // `maxResults` and `MaxResults`: one field each in `<Op>Params`.
        let mut fields = BTreeSet::new();
        for parameter in &mut operation.parameters {
            parameter.rust_name = claim_field(&mut fields, &parameter.rust_name);
        }
        // A response variant's fields: `status`, `body`, then the headers.
        for response in &mut operation.responses {
            let mut fields: BTreeSet<String> = ["status", "body"].map(str::to_owned).into();
            for header in &mut response.headers {
                header.rust_name = claim_field(&mut fields, &header.rust_name);
            }
        }
    }
    let mut methods: BTreeSet<String> = OWN_METHODS.iter().map(|name| (*name).to_owned()).collect();
    for operation in operations.iter_mut() {
        let base = operation.method_name.clone();
        let mut candidate = base.clone();
        let mut counter = 1;
        // `x_request`, `x_pages`, `x_sparse` are methods too.
        let derived = |name: &str| ["", "_request", "_pages", "_sparse"].map(|suffix| format!("{name}{suffix}"));
        while derived(&candidate).iter().any(|name| methods.contains(name)) {
            counter += 1;
            candidate = format!("{base}_{counter}");
        }
        methods.extend(derived(&candidate));
        operation.method_name = candidate;
    }
    for operation in operations.iter_mut() {
        let base = operation.type_prefix.clone();
        let mut candidate = base.clone();
        let mut counter = 1;
        while taken.contains(&format!("{candidate}Params")) || taken.contains(&format!("{candidate}Response")) {
            counter += 1;
            candidate = if counter == 2 { format!("{base}Operation") } else { format!("{base}Operation{counter}") };
        }
        taken.insert(format!("{candidate}Params"));
        taken.insert(format!("{candidate}Response"));
        operation.type_prefix = candidate;
    }
    for index in inline {
        types[index].name = claim(&mut taken, &types[index].name);
    }
}

/// A field name: `name`, or `name_2`, `name_3`… whichever is free first.
fn claim_field(taken: &mut BTreeSet<String>, name: &str) -> String {
    first_free(taken, name, "_")
}

/// `name`, else `name{separator}2`, `…3`, whichever is not taken; now taken.
fn first_free(taken: &mut BTreeSet<String>, name: &str, separator: &str) -> String {
    let mut candidate = name.to_owned();
    let mut counter = 1;
    while taken.contains(&candidate) {
        counter += 1;
        candidate = format!("{name}{separator}{counter}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// `name`, or `name2`, `name3`… whichever is free first; now taken. A
/// keyword's `_` (`Self_`) only stays at the end of a whole name: names
/// built from parts (`Links` + `Self_` + `Href`) drop it.
fn claim(taken: &mut BTreeSet<String>, name: &str) -> String {
    let joined = name.replace('_', "");
    // `Self_` is what `Self` becomes; `LinksSelf_Href` is not what anything becomes.
    let name = if names::type_name(&joined) == name { name.to_owned() } else { joined };
    first_free(taken, &name, "")
}
