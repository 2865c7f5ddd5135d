//! Recursive types: a field or variant that leads back to its own type
//! (without a `Vec` or map in between) is boxed, found by strongly connected
//! components (Tarjan), linear in the number of types and edges.

use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|def| direct_targets(&def.kind)).collect();
    let component = strongly_connected(&edges);
    for (id, def) in types.iter_mut().enumerate() {
        let in_cycle = |ty: &TypeRef| matches!(ty, TypeRef::Named(target) if component[*target] == component[id]);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| f.boxed = in_cycle(&f.ty)),
            TypeKind::OneOf(o) => o.variants.iter_mut().for_each(|v| v.boxed = in_cycle(&v.ty)),
            _ => {}
        }
    }
}

/// Types contained by value (not behind a `Vec` or map).
fn direct_targets(kind: &TypeKind) -> Vec<TypeId> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::OneOf(o) => o.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        // An `anyOf` holds its JSON, not its alternatives; nothing holds a form.
        TypeKind::Enum(_)
        | TypeKind::Constrained(_)
        | TypeKind::AnyOf(_)
        | TypeKind::Form(_)
        | TypeKind::External(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
/// Returns each node's component number; a self-loop shares its own number.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; count], vec![0; count], vec![UNSEEN; count]);
    let mut on_stack = vec![false; count];
    let (mut stack, mut next_index, mut next_component) = (Vec::new(), 0, 0);
    for root in 0..count {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_leaves_chains_apart() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 is not in it; 4 → 4 is a self-loop.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
