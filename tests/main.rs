//! The one integration-test binary: builds real sites with the real `rungs` binary and
//! asserts on the parsed HTML and on exact messages.

mod support;

mod alignment;
mod assess;
mod browser;
mod chrome;
mod cli;
mod compare;
mod diff;
mod external;
mod fixture_ladder;
mod init;
mod injection;
mod items;
mod labels;
mod links;
mod lint;
mod loader_properties;
mod multi_track;
mod output_safety;
mod publish;
mod reader;
#[cfg(unix)]
mod reading;
mod serve;
mod shipped_ladder;
mod themes;
mod tracks;
mod updated;
