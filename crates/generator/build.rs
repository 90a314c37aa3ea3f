//! Rebuilds the crate when the embedded templates change.

fn main() {
    println!("cargo:rerun-if-changed=../../templates");
}
