//! Rendering: the validated ladder → HTML pages and static files, in memory.
//!
//! `theme` loads templates, `context` defines what templates see, `pages` renders.

pub mod context;
pub mod exports;
pub mod pages;
pub mod theme;
