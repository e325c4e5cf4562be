//! The browser app's entry point, built by trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    bidmark::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Bidmark web app runs in a browser: build it with `make run`.");
    std::process::exit(2);
}
