//! Rebuilds the crate when the built-in dataset (embedded from `data/`) changes.

fn main() {
    println!("cargo:rerun-if-changed=../../data");
}
