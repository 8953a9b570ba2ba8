//! Basalt's one integration-test binary: every scenario talks HTTP to a real
//! server on a free loopback port (see `basalt_testkit::TestServer`).

mod smoke;
