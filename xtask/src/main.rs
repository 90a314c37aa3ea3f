//! `cargo xtask`: development tasks. `synth` writes a valid synthetic dataset of any size in
//! the real data format, the same for the same seed, for benchmarks and scale tests.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Development tasks for attache")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write a synthetic dataset.
    #[command(after_help = "Examples:\n  cargo xtask synth --events 10000 --out /tmp/synth")]
    Synth {
        /// How many events.
        #[arg(long)]
        events: usize,
        /// How many partners.
        #[arg(long, default_value_t = 40)]
        partners: usize,
        /// Seed for the generator: the same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write (created; must not hold a dataset already).
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Synth {
            events,
            partners,
            seed,
            out,
        } => xtask::synth(events, partners.max(1), seed, &out),
    }
}
