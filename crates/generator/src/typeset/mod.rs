//! Typst, in-process: the `World` generated sources compile in, layout with located
//! diagnostics, and export to PDF, PNG and SVG.

mod compile;
pub(crate) mod export;
mod glyphs;
mod links;
mod world;

pub(crate) use compile::{LaidOut, layout};
pub(crate) use world::TemplateFiles;
