//! The join address as a QR code: half blocks for the console (two modules per character
//! cell), or two columns a module for the audience screen (large enough to scan from the back).

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's modules, quiet zone included (`true` is dark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    pub size: usize,
    dark: Vec<bool>,
}

impl Modules {
    /// The code of `text` with a quiet zone of `quiet` modules; `None` when it does not fit.
    pub fn of(text: &str, quiet: usize) -> Option<Modules> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
        let w = code.width();
        let colors = code.to_colors();
        let size = w + 2 * quiet;
        let dark = (0..size * size)
            .map(|i| {
                let (x, y) = (i % size, i / size);
                x >= quiet
                    && y >= quiet
                    && x < w + quiet
                    && y < w + quiet
                    && colors[(y - quiet) * w + (x - quiet)] == Color::Dark
            })
            .collect();
        Some(Modules { size, dark })
    }

    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Lines of `▀`, `▄`, `█` and spaces: two modules a cell, `size` columns, `size/2` rows.
    pub fn half_blocks(&self) -> Vec<String> {
        (0..self.size.div_ceil(2))
            .map(|row| {
                (0..self.size)
                    .map(
                        |x| match (self.dark(x, row * 2), self.dark(x, row * 2 + 1)) {
                            (true, true) => '█',
                            (true, false) => '▀',
                            (false, true) => '▄',
                            (false, false) => ' ',
                        },
                    )
                    .collect()
            })
            .collect()
    }

    /// Lines of `██` and two spaces: one module is two columns by one row (square on most
    /// terminal fonts), `2 × size` columns, `size` rows.
    pub fn full_blocks(&self) -> Vec<String> {
        (0..self.size)
            .map(|y| {
                (0..self.size)
                    .map(|x| if self.dark(x, y) { "██" } else { "  " })
                    .collect()
            })
            .collect()
    }
}

/// The QR code of `text` as half-block lines with a quiet zone of one module, dark modules
/// drawn as ink (the caller draws it in the theme's colours). Empty when the text does not fit.
pub fn half_blocks(text: &str) -> Vec<String> {
    Modules::of(text, 1)
        .map(|m| m.half_blocks())
        .unwrap_or_default()
}

/// The largest drawing of `text`'s code (quiet zone of `quiet` modules) that fits in
/// `width` × `height` cells: two columns a module if it fits, else half blocks; empty if
/// neither fits.
pub fn fitting(text: &str, quiet: usize, width: usize, height: usize) -> Vec<String> {
    let Some(m) = Modules::of(text, quiet) else {
        return Vec::new();
    };
    if m.size * 2 <= width && m.size <= height {
        m.full_blocks()
    } else if m.size <= width && m.size.div_ceil(2) <= height {
        m.half_blocks()
    } else {
        Vec::new()
    }
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

    #[test]
    fn the_largest_drawing_that_fits() {
        let url = "http://192.168.100.200:7878/";
        // 25 modules + 2 × 2 quiet: 29. Two columns a module needs 58 × 29.
        let big = fitting(url, 2, 120, 30);
        assert_eq!(big.len(), 29);
        assert!(big.iter().all(|l| l.chars().count() == 58));
        let small = fitting(url, 2, 80, 20);
        assert_eq!(small.len(), 15, "half blocks at 80×24");
        assert!(fitting(url, 2, 20, 10).is_empty());
        // The same modules either way.
        let m = Modules::of(url, 2).unwrap_or_else(|| unreachable!());
        assert_eq!(m.full_blocks().len(), m.size);
    }
}
