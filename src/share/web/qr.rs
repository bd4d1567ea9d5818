//! The join address as a QR code, drawn with half blocks (two modules per character cell).

use qrcode::{Color, EcLevel, QrCode};

/// The QR code of `text` as lines of `▀`, `▄`, `█` and spaces, dark modules drawn as ink,
/// with a quiet zone of one module (terminals are dark on light or light on dark: the caller
/// draws it in the theme's colours). Empty when the text does not fit a QR code.
pub fn half_blocks(text: &str) -> Vec<String> {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L) else {
        return Vec::new();
    };
    let w = code.width();
    let colors = code.to_colors();
    let quiet = 1;
    let size = w + 2 * quiet;
    let dark = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= w + quiet || y >= w + quiet {
            return false;
        }
        colors[(y - quiet) * w + (x - quiet)] == Color::Dark
    };
    (0..size.div_ceil(2))
        .map(|row| {
            (0..size)
                .map(|x| match (dark(x, row * 2), dark(x, row * 2 + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lan_address_fits_80x24() {
        let lines = half_blocks("http://192.168.100.200:7878/");
        // Version 2 (25 modules) + quiet zone: 27 columns, 14 rows.
        assert!(lines.len() <= 14, "{}", lines.len());
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        assert!(lines.iter().any(|l| l.contains('█')));
    }
}
