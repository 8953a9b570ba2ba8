//! Any input to the PocketBase-style filter parser (BunBase and AYB
//! `filter=`, access rules) either parses or is a 400 `invalid filter: …`.
#![no_main]

use basalt_query::parse::parse_filter;
use basalt_types::ErrorKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Err(e) = parse_filter(&input) {
        assert_eq!(e.kind, ErrorKind::BadRequest, "{}", e.message);
        assert!(e.message.starts_with("invalid filter: "), "{}", e.message);
    }
});
