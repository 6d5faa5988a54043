//! Vietnam on a map: its outline and its provinces' centres (longitude, latitude), for the
//! stats view. Shipped as data (`data/map/vietnam.json`, made by `data/map/derive.py` from
//! Natural Earth and vietnamadminunits; sources named in the file).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::facets::value_key;

const DATA: &str = include_str!("../../data/map/vietnam.json");

#[derive(Debug, Default, Deserialize)]
struct File {
    rings: Vec<Vec<[f64; 2]>>,
    provinces: HashMap<String, [f64; 2]>,
}

struct Map {
    rings: Vec<Vec<[f64; 2]>>,
    /// By the province name's key (folded: "Dak Lak" finds Đắk Lắk).
    centres: HashMap<String, [f64; 2]>,
}

static MAP: LazyLock<Map> = LazyLock::new(|| {
    let file: File = serde_json::from_str(DATA).unwrap_or_default();
    Map {
        rings: file.rings,
        centres: file
            .provinces
            .into_iter()
            .map(|(name, at)| (value_key(&name), at))
            .collect(),
    }
});

/// The country's outline: closed rings of (longitude, latitude).
pub fn outline() -> &'static [Vec<[f64; 2]>] {
    &MAP.rings
}

/// Where a province is (its centre: longitude, latitude), by any spelling of its name.
pub fn centre(province: &str) -> Option<[f64; 2]> {
    MAP.centres.get(&value_key(province)).copied()
}

/// The longitudes and latitudes the outline spans, with a margin.
pub fn bounds() -> ([f64; 2], [f64; 2]) {
    let points = MAP.rings.iter().flatten();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for [x, y] in points {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(*y);
        y1 = y1.max(*y);
    }
    if x0 > x1 {
        return ([102.0, 110.0], [8.0, 23.5]);
    }
    ([x0 - 0.3, x1 + 0.3], [y0 - 0.3, y1 + 0.3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_the_country_and_every_province() {
        assert!(outline().iter().map(Vec::len).sum::<usize>() > 100);
        for p in [
            "Đắk Lắk",
            "Dak Nong",
            "Gia Lai",
            "Kon Tum",
            "Hà Nội",
            "Cà Mau",
        ] {
            assert!(centre(p).is_some(), "{p}");
        }
        let [lon, lat] = centre("Đắk Lắk").unwrap();
        assert!((107.0..109.5).contains(&lon) && (12.0..13.5).contains(&lat));
        let ([x0, x1], [y0, y1]) = bounds();
        assert!(x0 < 103.0 && x1 > 109.0 && y0 < 9.0 && y1 > 23.0);
    }
}
