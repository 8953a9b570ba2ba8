//! Basalt's one integration-test binary: every scenario talks HTTP to a real
//! server on a free loopback port (see `basalt_testkit::TestServer`).

#[macro_use]
mod support;

mod admin_changes;
mod admin_collections;
mod admin_schema;
mod admin_sql;
mod auto_create;
mod errors;
mod pg_existing;
mod pg_faults;
mod pg_nodes;
mod records_crud;
mod records_many;
mod records_query;
mod records_stats;
mod records_validation;
mod rules;
mod smoke;
