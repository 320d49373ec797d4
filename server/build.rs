//! The server embeds `target/site` (written by `cargo xtask`). This makes sure
//! the folder exists, so `cargo build`, `cargo clippy` and `cargo test` work on
//! a fresh clone before any site was built (the binary then says so at
//! start), and makes cargo rebuild the server whenever the site changes.

fn main() {
    let site = std::path::Path::new("../target/site");
    if let Err(error) = std::fs::create_dir_all(site) {
        println!("cargo::warning=cannot create {}: {error}", site.display());
    }
    println!("cargo::rerun-if-changed=../target/site");
}
