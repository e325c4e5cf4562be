//! The criteria tree's questions, answered in one place: the scale a criterion is
//! scored on, where a criterion sits (its parent, its siblings), what lies below it,
//! the scored criteria in order, and the words for each kind of criterion.
//!
//! Validation, the grid, the workflow, the analyses and the award report all ask these
//! questions; answering them here means one rule of scale inheritance, not five copies
//! that could drift apart. (The reference engine keeps its own transcription on
//! purpose: see `scoring::reference`.)

use super::types::{Criterion, Evaluation, Kind, Scale};

/// The rule of scale inheritance, one step down the tree: a criterion's own `scale`,
/// else the scale that applies above it. At the top, "above" is the evaluation's
/// `scale` ([`Evaluation::default_scale`]: 0 to 3 when it sets none). A `scale` on a
/// group applies to every criterion below it that sets none (docs/format.md).
pub fn own_or<'a>(c: &'a Criterion, inherited: &'a Scale) -> &'a Scale {
    c.scale.as_ref().unwrap_or(inherited)
}

/// The scale a criterion is scored on: its own, else its nearest group's, else the
/// evaluation's. An id that is not in the tree gets the evaluation's scale. When an id
/// is used twice (an invalid file), the first in tree order answers.
pub fn scale_of(e: &Evaluation, id: &str) -> Scale {
    fn go(nodes: &[Criterion], id: &str, inherited: &Scale) -> Option<Scale> {
        for n in nodes {
            let own = own_or(n, inherited);
            if n.id == id {
                return Some(own.clone());
            }
            if let Some(s) = go(n.children(), id, own) {
                return Some(s);
            }
        }
        None
    }
    let default = e.default_scale();
    go(&e.criteria, id, &default).unwrap_or(default)
}

/// The scale of every node of the tree, in the order of [`Evaluation::walk`], found in
/// one pass (for callers that need every criterion's, such as the grid).
pub fn scales(e: &Evaluation) -> Vec<Scale> {
    fn go(nodes: &[Criterion], inherited: &Scale, out: &mut Vec<Scale>) {
        for n in nodes {
            let own = own_or(n, inherited);
            out.push(own.clone());
            go(n.children(), own, out);
        }
    }
    let mut out = Vec::new();
    go(&e.criteria, &e.default_scale(), &mut out);
    out
}

/// The group that holds a criterion: `None` at the top level, and for an unknown id.
pub fn parent<'a>(e: &'a Evaluation, id: &str) -> Option<&'a Criterion> {
    fn go<'a>(nodes: &'a [Criterion], id: &str) -> Option<&'a Criterion> {
        nodes.iter().find_map(|n| {
            if n.children().iter().any(|c| c.id == id) {
                Some(n)
            } else {
                go(n.children(), id)
            }
        })
    }
    go(&e.criteria, id)
}

/// The list of criteria that holds `id` (the top level, or its group's children), the
/// criterion itself included; `None` for an unknown id.
pub fn siblings<'a>(e: &'a Evaluation, id: &str) -> Option<&'a [Criterion]> {
    fn go<'a>(nodes: &'a [Criterion], id: &str) -> Option<&'a [Criterion]> {
        if nodes.iter().any(|n| n.id == id) {
            return Some(nodes);
        }
        nodes.iter().find_map(|n| go(n.children(), id))
    }
    go(&e.criteria, id)
}

/// [`siblings`], to change: the list that holds `id`, so that an edit can reorder it,
/// take from it or reweigh it.
pub fn siblings_mut<'a>(nodes: &'a mut Vec<Criterion>, id: &str) -> Option<&'a mut Vec<Criterion>> {
    if nodes.iter().any(|n| n.id == id) {
        return Some(nodes);
    }
    nodes
        .iter_mut()
        .filter_map(|n| n.children.as_mut())
        .find_map(|children| siblings_mut(children, id))
}

/// The criterion with this id, anywhere in the tree, to change.
pub fn find_mut<'a>(nodes: &'a mut [Criterion], id: &str) -> Option<&'a mut Criterion> {
    for n in nodes {
        if n.id == id {
            return Some(n);
        }
        if let Some(found) = n.children.as_mut().and_then(|ch| find_mut(ch, id)) {
            return Some(found);
        }
    }
    None
}

/// Takes a criterion (and everything below it) out of the tree.
pub fn take(nodes: &mut Vec<Criterion>, id: &str) -> Option<Criterion> {
    let list = siblings_mut(nodes, id)?;
    let i = list.iter().position(|n| n.id == id)?;
    Some(list.remove(i))
}

/// Every node of a tree, depth first.
pub fn all(nodes: &[Criterion]) -> Vec<&Criterion> {
    let mut out = Vec::new();
    let mut stack: Vec<&Criterion> = nodes.iter().rev().collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(n.children().iter().rev());
    }
    out
}

/// The ids of a criterion and of everything below it, in tree order.
pub fn subtree_ids(c: &Criterion) -> Vec<String> {
    let mut out = vec![c.id.clone()];
    for ch in c.children() {
        out.extend(subtree_ids(ch));
    }
    out
}

/// The ids of the criterion `id` and of everything below it; empty for an unknown id.
pub fn subtree(e: &Evaluation, id: &str) -> Vec<String> {
    e.criterion(id).map(subtree_ids).unwrap_or_default()
}

/// The scored criteria, in tree order: the cells every evaluator scores for each bid.
pub fn scored(e: &Evaluation) -> Vec<&Criterion> {
    e.walk()
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.kind == Kind::Scored)
        .collect()
}

/// A kind as a word inside a sentence: "a pass/fail criterion", "only scored criteria".
pub fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::Group => "group",
        Kind::Scored => "scored",
        Kind::Price => "price",
        Kind::PassFail => "pass/fail",
        Kind::Measured => "measured",
    }
}

/// A kind as a noun inside a sentence: "Added the scored criterion …".
pub fn kind_noun(k: Kind) -> &'static str {
    match k {
        Kind::Group => "group",
        Kind::Scored => "scored criterion",
        Kind::Price => "price criterion",
        Kind::PassFail => "pass/fail criterion",
        Kind::Measured => "measured criterion",
    }
}

/// A kind as a label of its own, at the start of a cell or a tag: "Pass or fail".
pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Group => "Group",
        Kind::Scored => "Scored",
        Kind::Price => "Price",
        Kind::PassFail => "Pass or fail",
        Kind::Measured => "Measured",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dec;

    fn scale(min: i64, max: i64) -> Scale {
        Scale {
            min: Dec(min.into()),
            max: Dec(max.into()),
            labels: Default::default(),
        }
    }

    /// Quality (1–5) › Delivery (no scale) › Approach, and Method (0–10 of its own);
    /// Social value at the top level; Price; a pass/fail criterion. The evaluation's
    /// scale is 0–4.
    fn tree() -> Evaluation {
        serde_json::from_value(serde_json::json!({
            "format": "bidmark/evaluation", "version": 1, "title": "Tree",
            "scale": {"min": "0", "max": "4"},
            "criteria": [
                {"id": "quality", "name": "Quality", "kind": "group", "weight": "60",
                 "scale": {"min": "1", "max": "5"},
                 "children": [
                    {"id": "delivery", "name": "Delivery", "kind": "group", "weight": "100",
                     "children": [
                        {"id": "approach", "name": "Approach", "kind": "scored", "weight": "50"},
                        {"id": "method", "name": "Method", "kind": "scored", "weight": "50",
                         "scale": {"min": "0", "max": "10"}}
                     ]}
                 ]},
                {"id": "social", "name": "Social value", "kind": "scored", "weight": "10"},
                {"id": "price", "name": "Price", "kind": "price", "weight": "30",
                 "method": "lowest_over_bid"},
                {"id": "insured", "name": "Insured", "kind": "pass_fail"}
            ]
        }))
        .expect("a well-formed tree")
    }

    #[test]
    fn a_scale_is_inherited_through_two_levels_of_groups() {
        let e = tree();
        assert_eq!(scale_of(&e, "approach"), scale(1, 5));
        assert_eq!(scale_of(&e, "delivery"), scale(1, 5));
    }

    #[test]
    fn a_criterion_with_its_own_scale_keeps_it() {
        let e = tree();
        assert_eq!(scale_of(&e, "method"), scale(0, 10));
        assert_eq!(
            own_or(e.criterion("method").unwrap(), &scale(1, 5)),
            &scale(0, 10)
        );
    }

    #[test]
    fn outside_any_group_with_a_scale_the_evaluations_applies() {
        let mut e = tree();
        assert_eq!(scale_of(&e, "social"), scale(0, 4));
        e.scale = None;
        assert_eq!(scale_of(&e, "social"), Scale::default());
    }

    #[test]
    fn an_unknown_id_gets_the_evaluations_scale() {
        let e = tree();
        assert_eq!(scale_of(&e, "nowhere"), scale(0, 4));
    }

    #[test]
    fn every_nodes_scale_in_tree_order() {
        let e = tree();
        let found = scales(&e);
        let one_by_one: Vec<Scale> = e.walk().iter().map(|(_, c)| scale_of(&e, &c.id)).collect();
        assert_eq!(found, one_by_one);
        assert_eq!(
            found,
            [(1, 5), (1, 5), (1, 5), (0, 10), (0, 4), (0, 4), (0, 4)].map(|(lo, hi)| scale(lo, hi))
        );
    }

    #[test]
    fn the_parent_of_a_criterion() {
        let e = tree();
        assert_eq!(
            parent(&e, "approach").map(|p| p.id.as_str()),
            Some("delivery")
        );
        assert_eq!(
            parent(&e, "delivery").map(|p| p.id.as_str()),
            Some("quality")
        );
        assert_eq!(parent(&e, "social"), None, "the top level has no parent");
        assert_eq!(parent(&e, "nowhere"), None);
    }

    #[test]
    fn the_siblings_of_a_criterion_include_it() {
        let e = tree();
        fn ids(s: Option<&[Criterion]>) -> Option<Vec<&str>> {
            s.map(|s| s.iter().map(|c| c.id.as_str()).collect())
        }
        assert_eq!(
            ids(siblings(&e, "method")),
            Some(vec!["approach", "method"])
        );
        assert_eq!(
            ids(siblings(&e, "price")),
            Some(vec!["quality", "social", "price", "insured"])
        );
        assert_eq!(ids(siblings(&e, "nowhere")), None);
    }

    #[test]
    fn siblings_to_change_are_the_same_list() {
        let mut e = tree();
        let list = siblings_mut(&mut e.criteria, "approach").expect("known");
        list.swap(0, 1);
        assert_eq!(
            siblings(&e, "approach").unwrap()[1].id,
            "approach",
            "the change is made in the tree"
        );
        assert!(siblings_mut(&mut e.criteria, "nowhere").is_none());
    }

    #[test]
    fn a_criterion_found_to_change_and_taken_out() {
        let mut e = tree();
        find_mut(&mut e.criteria, "method").expect("known").name = "Methods".into();
        assert_eq!(e.criterion("method").unwrap().name, "Methods");
        assert!(find_mut(&mut e.criteria, "nowhere").is_none());
        let delivery = take(&mut e.criteria, "delivery").expect("known");
        assert_eq!(delivery.children().len(), 2);
        assert!(e.criterion("approach").is_none());
        assert!(take(&mut e.criteria, "delivery").is_none(), "already taken");
    }

    #[test]
    fn the_ids_of_a_subtree() {
        let e = tree();
        assert_eq!(
            subtree(&e, "quality"),
            ["quality", "delivery", "approach", "method"]
        );
        assert_eq!(subtree(&e, "social"), ["social"]);
        assert_eq!(
            subtree_ids(e.criterion("delivery").unwrap()),
            ["delivery", "approach", "method"]
        );
        assert!(subtree(&e, "nowhere").is_empty());
    }

    #[test]
    fn the_scored_criteria_in_tree_order() {
        let e = tree();
        let ids: Vec<&str> = scored(&e).iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["approach", "method", "social"]);
    }

    #[test]
    fn words_for_each_kind() {
        let kinds = [Kind::Group, Kind::Scored, Kind::Price, Kind::PassFail];
        assert_eq!(
            kinds.map(kind_words),
            ["group", "scored", "price", "pass/fail"]
        );
        assert_eq!(
            kinds.map(kind_noun),
            [
                "group",
                "scored criterion",
                "price criterion",
                "pass/fail criterion"
            ]
        );
        assert_eq!(
            kinds.map(kind_label),
            ["Group", "Scored", "Price", "Pass or fail"]
        );
    }
}
