//! Basalt's one integration-test binary: every scenario talks HTTP to a real
//! server on a free loopback port (see `basalt_testkit::TestServer`).

#[macro_use]
mod support;

mod admin_changes;
mod admin_collections;
mod admin_schema;
mod admin_sql;
mod auth_admin;
mod auth_bunbase;
mod auth_email;
mod auth_fluxbase;
mod auth_hidden;
mod auth_lockout;
mod auth_oauth;
mod auth_rules;
mod auth_support;
mod auth_teenybase;
mod auth_test_key;
mod auth_tokens;
mod auto_create;
mod ayb_bad_input;
mod ayb_batch;
mod ayb_expand;
mod ayb_records;
mod ayb_schema;
mod errors;
mod fluxbase_bad_input;
mod fluxbase_client;
mod fluxbase_http;
mod fluxbase_tables;
mod fluxbase_writes;
mod maintenance;
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
mod teeny_reads;
mod teeny_rules;
mod teeny_writes;
