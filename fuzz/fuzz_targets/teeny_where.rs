//! Any input to Teenybase's `where` grammar either parses or is a 400
//! `invalid filter: …`.
#![no_main]

use basalt_query::parse::parse_teeny_where;
use basalt_types::ErrorKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Err(e) = parse_teeny_where(&input) {
        assert_eq!(e.kind, ErrorKind::BadRequest, "{}", e.message);
    }
});
