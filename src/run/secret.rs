//! Secrets the session makes from the operating system's randomness (never from a clock):
//! the remote console's token and the room's join code. Chosen here, outside `update`, and
//! handed to it in an action, so `update` stays pure and a replay sees the same values.

use std::io;

/// Letters and digits that cannot be read as one another on a projector (no 0/O, 1/I/L,
/// 2/Z, 5/S, 8/B).
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// How many characters a join code has (25⁴ = 390,625 codes: a shared Wi-Fi outside the room
/// cannot guess it in the time a case takes, and a room can type it on a phone).
pub const CODE_LEN: usize = 4;

/// `n` random bytes from the operating system.
fn random_bytes(n: usize) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(bytes)
}

/// A 128-bit token as 32 lower-case hex digits (the remote console's private URL).
pub fn token() -> io::Result<String> {
    Ok(random_bytes(16)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A join code of [`CODE_LEN`] characters from [`CODE_ALPHABET`], each uniform (rejection
/// sampling: bytes past the largest multiple of the alphabet's length are drawn again).
pub fn join_code() -> io::Result<String> {
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut code = String::with_capacity(CODE_LEN);
    while code.len() < CODE_LEN {
        for b in random_bytes(CODE_LEN * 2)? {
            if usize::from(b) < limit && code.len() < CODE_LEN {
                code.push(char::from(CODE_ALPHABET[usize::from(b) % n]));
            }
        }
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_128_bits_of_hex_and_differs_each_time() {
        let (a, b) = (token().unwrap_or_default(), token().unwrap_or_default());
        assert_eq!(a.len(), 32);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn a_join_code_uses_only_unambiguous_characters() {
        for _ in 0..200 {
            let code = join_code().unwrap_or_default();
            assert_eq!(code.len(), CODE_LEN);
            assert!(code.bytes().all(|c| CODE_ALPHABET.contains(&c)), "{code}");
        }
        let codes: std::collections::BTreeSet<String> =
            (0..50).map(|_| join_code().unwrap_or_default()).collect();
        assert!(codes.len() > 40, "codes repeat too often: {codes:?}");
    }
}
