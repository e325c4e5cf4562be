#![cfg(not(target_arch = "wasm32"))]
#[test]
fn stub() {}
