//! Rebuilds the binary when the embedded dataset changes.

fn main() {
    println!("cargo:rerun-if-changed=../../data");
}
