//! rungs: a static-site generator for engineering career ladders.
//!
//! Data flows one way: `content/` files → raw structs → validated [`content::model::Ladder`]
//! → page views → output files. `build` runs that pipeline; `serve` wraps the same `build`.
//!
//! Shared leaves every stage may use: `diag` (problems and their wording), `text` (slugs,
//! editor litter, UTF-8 decoding, the one HTML escaper), `fsx` (reading the site's files
//! safely) and `content::routes` (every URL and id of the generated site).

#![warn(missing_docs, unreachable_pub)]

pub mod build;
pub(crate) mod changes;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod external;
pub(crate) mod fsx;
pub(crate) mod git;
pub mod init;
pub mod labels;
pub mod lint;
pub(crate) mod output_dir;
pub mod render;
pub mod report;
pub mod serve;
pub(crate) mod term;
pub(crate) mod text;
pub(crate) mod updated;
pub(crate) mod versions;
pub mod worddiff;
pub(crate) mod yaml;
