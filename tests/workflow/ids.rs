//! Ids made from names, for criteria, bids and evaluators.

use bidmark::workflow::slug;

#[test]
fn slug_makes_short_unique_ids() {
    let none = |_: &str| false;
    assert_eq!(slug("Technical competence", &none), "technical-competence");
    assert_eq!(slug("  Ann  O'Neil ", &none), "ann-o-neil");
    assert_eq!(slug("!!!", &none), "item");
    assert_eq!(slug("one two three four five", &none), "one-two-three-four");
    assert_eq!(slug("서림시 통합민원", &none), "서림시-통합민원");
    let taken = |c: &str| c == "team" || c == "team-2";
    assert_eq!(slug("Team", &taken), "team-3");
}
